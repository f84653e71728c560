package storage

import "testing"

func TestPostgresDSN(t *testing.T) {
	for _, tc := range []struct {
		name, url, want string
	}{
		{"added", "postgres://bot:secret@db:5432/letebot?sslmode=disable",
			"postgres://bot:secret@db:5432/letebot?binary_parameters=yes&sslmode=disable"},
		{"no query", "postgresql://db/letebot", "postgresql://db/letebot?binary_parameters=yes"},
		{"kept as set", "postgres://db/letebot?binary_parameters=no", "postgres://db/letebot?binary_parameters=no"},
	} {
		got, err := postgresDSN(tc.url)
		if err != nil || got != tc.want {
			t.Errorf("%s: postgresDSN(%q) = %q, %v; want %q", tc.name, tc.url, got, err, tc.want)
		}
	}
	if _, err := postgresDSN("postgres://bot:se cret@db:bad/"); err == nil {
		t.Error("postgresDSN accepted a broken URL")
	}
}
