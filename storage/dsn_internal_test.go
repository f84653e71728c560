package storage

import "testing"

func TestPostgresDSN(t *testing.T) {
	for _, tc := range []struct {
		name, url, want string
		capacity        int
	}{
		{"added", "postgres://bot:secret@db:5432/letebot?sslmode=disable",
			"postgres://bot:secret@db:5432/letebot?binary_parameters=yes&sslmode=disable", defaultStatementCache},
		{"no query", "postgresql://db/letebot", "postgresql://db/letebot?binary_parameters=yes", defaultStatementCache},
		{"kept as set", "postgres://db/letebot?binary_parameters=no", "postgres://db/letebot?binary_parameters=no", defaultStatementCache},
		{"cache off, taken out", "postgres://db/letebot?statement_cache_capacity=0&sslmode=disable",
			"postgres://db/letebot?binary_parameters=yes&sslmode=disable", 0},
		{"cache sized", "postgres://db/letebot?statement_cache_capacity=16",
			"postgres://db/letebot?binary_parameters=yes", 16},
	} {
		got, capacity, err := postgresDSN(tc.url)
		if err != nil || got != tc.want || capacity != tc.capacity {
			t.Errorf("%s: postgresDSN(%q) = %q, %d, %v; want %q, %d", tc.name, tc.url, got, capacity, err, tc.want, tc.capacity)
		}
	}
	for _, bad := range []string{
		"postgres://bot:se cret@db:bad/",
		"postgres://db/letebot?statement_cache_capacity=-1",
		"postgres://db/letebot?statement_cache_capacity=many",
	} {
		if _, _, err := postgresDSN(bad); err == nil {
			t.Errorf("postgresDSN accepted %q", bad)
		}
	}
}
