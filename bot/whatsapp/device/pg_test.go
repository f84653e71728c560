package device

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/lib/pq"
)

// freshPostgres creates an empty database on the TEST_DATABASE_URL server,
// drops it when the test ends, and returns its URL with the parameters
// storage.Open adds (binary_parameters=yes). Without TEST_DATABASE_URL it
// skips the test, or fails it when LETEBOT_REQUIRE_POSTGRES is set. The
// same rules as storage/storagetest, which this package must not import.
func freshPostgres(t *testing.T) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("LETEBOT_REQUIRE_POSTGRES") != "" {
			t.Fatal("TEST_DATABASE_URL not set, and LETEBOT_REQUIRE_POSTGRES requires the Postgres suite")
		}
		t.Skip("TEST_DATABASE_URL not set: skipping the Postgres suite")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal("TEST_DATABASE_URL: not a URL")
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	name := "letebot_wa_" + hex.EncodeToString(b[:])
	admin := func(query string) error {
		db, err := sql.Open("postgres", base)
		if err != nil {
			return err
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err = db.ExecContext(ctx, query)
		return err
	}
	if err := admin("CREATE DATABASE " + pq.QuoteIdentifier(name)); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := admin("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(name) + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	q := u.Query()
	q.Set("binary_parameters", "yes")
	u.RawQuery = q.Encode()
	return u.String()
}

// openPostgres opens a pool on url, closed when the test ends.
func openPostgres(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
