// Package storagetest gives tests fresh databases: an SQLite file always,
// and a new Postgres database on the server TEST_DATABASE_URL names.
//
// It imports storage, which imports bot and flows, so tests of those
// packages that use it must be external (package bot_test).
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/lete-store/letebot/storage"
)

// Environment variables the Postgres suite reads.
const (
	// EnvURL names a Postgres server on which tests may create databases.
	EnvURL = "TEST_DATABASE_URL"
	// EnvRequire, when non-empty, makes a missing EnvURL fail the test
	// instead of skipping it (CI sets both).
	EnvRequire = "LETEBOT_REQUIRE_POSTGRES"
)

// Dialect is a database flavour a contract test runs on.
type Dialect struct {
	Name string                  // "sqlite" or "postgres", a fine subtest name
	URL  func(testing.TB) string // a fresh, empty database of this dialect
}

// Dialects returns SQLite and Postgres, in that order, to run one suite on
// both: for _, d := range storagetest.Dialects() { t.Run(d.Name, ...) }.
func Dialects() []Dialect {
	return []Dialect{{"sqlite", SQLite}, {"postgres", Postgres}}
}

// SQLite returns the URL of a new SQLite file in the test's temporary
// directory.
func SQLite(t testing.TB) string {
	t.Helper()
	return "sqlite:" + filepath.Join(t.TempDir(), "letebot.db")
}

// Postgres creates an empty database on the TEST_DATABASE_URL server,
// drops it when the test ends, and returns its URL. Without
// TEST_DATABASE_URL it skips the test, or fails it when
// LETEBOT_REQUIRE_POSTGRES is set.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		if os.Getenv(EnvRequire) != "" {
			t.Fatalf("%s not set, and %s requires the Postgres suite", EnvURL, EnvRequire)
		}
		t.Skip("TEST_DATABASE_URL not set: skipping the Postgres suite")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: not a URL", EnvURL)
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatalf("open %s: %v", EnvURL, err)
	}
	defer admin.Close()

	var b [8]byte
	_, _ = rand.Read(b[:])
	name := "letebot_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("postgres", base)
		if err != nil {
			t.Errorf("open %s: %v", EnvURL, err)
			return
		}
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// Open opens and migrates the database at url, closing it when the test
// ends. Logs go to the test's log.
func Open(t testing.TB, url string) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, url, Logger(t))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// Logger returns a logger that writes to the test's log.
func Logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(string(p[:len(p)-min(len(p), 1)])) // without the newline
	return len(p), nil
}
