package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

// openPinned opens the Postgres database at dbURL with the statement cache
// set to capacity ("" leaves the default) and returns one connection of its
// pool, so that what it prepares can be read back from
// pg_prepared_statements (the session's own).
func openPinned(t *testing.T, dbURL, capacity string) *sql.Conn {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if capacity != "" {
		q := u.Query()
		q.Set("statement_cache_capacity", capacity)
		u.RawQuery = q.Encode()
	}
	db, err := storage.Open(t.Context(), u.String(), storagetest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.SQL().Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// prepared lists the statements prepared on conn, oldest first. The query
// has no parameters, so it is never prepared itself.
func prepared(t *testing.T, conn *sql.Conn) []string {
	t.Helper()
	rows, err := conn.QueryContext(t.Context(), `SELECT statement FROM pg_prepared_statements ORDER BY prepare_time`)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStatementCache(t *testing.T) {
	dbURL := storagetest.Postgres(t)
	const (
		plus1 = `SELECT $1::int + 1`
		plus2 = `SELECT $1::int + 2`
		plus3 = `SELECT $1::int + 3`
	)
	addends := map[string]int{plus1: 1, plus2: 2, plus3: 3}
	// add runs text with n and checks the sum, whichever way it went.
	add := func(t *testing.T, conn *sql.Conn, text string, n int) {
		t.Helper()
		var got int
		if err := conn.QueryRowContext(t.Context(), text, n).Scan(&got); err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if want := n + addends[text]; got != want {
			t.Fatalf("%s with %d = %d, want %d", text, n, got, want)
		}
	}
	steps := []struct {
		text string
		want []string // prepared after the step
	}{
		{plus1, nil},             // a text run once goes unnamed
		{plus1, []string{plus1}}, // the second run prepares it
		{plus1, []string{plus1}}, // and the third reuses it
		{plus2, []string{plus1}},
		{plus2, []string{plus1, plus2}},
		{plus1, []string{plus1, plus2}}, // plus1 the most recently used
		{plus3, []string{plus1, plus2}},
		{plus3, []string{plus1, plus3}}, // at capacity 2 the least recently used goes
	}
	t.Run("kept and reused", func(t *testing.T) {
		conn := openPinned(t, dbURL, "2")
		for i, st := range steps {
			add(t, conn, st.text, i)
			got := prepared(t, conn)
			slices.Sort(got)
			want := slices.Sorted(slices.Values(st.want))
			if !slices.Equal(got, want) {
				t.Fatalf("after step %d (%s): prepared %q, want %q", i, st.text, got, want)
			}
		}
	})
	t.Run("off", func(t *testing.T) {
		conn := openPinned(t, dbURL, "0")
		for i, st := range steps {
			add(t, conn, st.text, i)
		}
		if got := prepared(t, conn); len(got) > 0 {
			t.Fatalf("statement_cache_capacity=0 prepared %q", got)
		}
	})
	t.Run("exec", func(t *testing.T) {
		conn := openPinned(t, dbURL, "")
		ctx := t.Context()
		if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE noted (n int)`); err != nil {
			t.Fatal(err)
		}
		const insert = `INSERT INTO noted (n) VALUES ($1)`
		for n := range 3 {
			if _, err := conn.ExecContext(ctx, insert, n); err != nil {
				t.Fatal(err)
			}
		}
		var sum int
		if err := conn.QueryRowContext(ctx, `SELECT sum(n) FROM noted`).Scan(&sum); err != nil || sum != 3 {
			t.Fatalf("sum %d, %v; want 3", sum, err)
		}
		if got := prepared(t, conn); !slices.Equal(got, []string{insert}) {
			t.Fatalf("prepared %q, want the insert", got)
		}
	})
}

// A statement whose result changes under it (a newer replica's migration
// adds a column) fails once, and is prepared afresh at the next run.
func TestStatementCacheAfterTableChange(t *testing.T) {
	dbURL := storagetest.Postgres(t)
	conn := openPinned(t, dbURL, "")
	ctx := t.Context()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE shelf (a int); INSERT INTO shelf VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	const read = `SELECT * FROM shelf WHERE a = $1`
	columns := func() (int, error) {
		rows, err := conn.QueryContext(ctx, read, 1)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		return len(cols), err
	}
	for range 2 {
		if n, err := columns(); err != nil || n != 1 {
			t.Fatalf("before: %d columns, %v", n, err)
		}
	}
	other, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.ExecContext(context.Background(), `ALTER TABLE shelf ADD COLUMN b int`); err != nil {
		t.Fatal(err)
	}
	if _, err := columns(); err == nil || !strings.Contains(err.Error(), "cached plan must not change result type") {
		t.Fatalf("the first run after the change: %v, want Postgres's refusal", err)
	}
	if n, err := columns(); err != nil || n != 2 {
		t.Fatalf("the next run: %d columns, %v; want 2", n, err)
	}
}

// answer42 runs text with arg on conn and fails the test unless it
// answers 42; the query's own error is returned.
func answer42(t *testing.T, conn *sql.Conn, text string, arg int) error {
	t.Helper()
	var got int
	if err := conn.QueryRowContext(t.Context(), text, arg).Scan(&got); err != nil {
		return err
	}
	if got != 42 {
		t.Fatalf("%s with %d = %d, want 42", text, arg, got)
	}
	return nil
}

// A connection whose prepared statements are gone from the server (a
// transaction-pooling pgbouncer hands its statements to other server
// connections; here DEALLOCATE ALL) fails once and stops preparing.
func TestStatementCacheLostStatements(t *testing.T) {
	conn := openPinned(t, storagetest.Postgres(t), "")
	ctx := t.Context()
	run := func() error { return answer42(t, conn, `SELECT $1::int * 2`, 21) }
	for range 2 {
		if err := run(); err != nil {
			t.Fatal(err)
		}
	}
	if got := prepared(t, conn); len(got) != 1 {
		t.Fatalf("prepared %q, want the statement", got)
	}
	if _, err := conn.ExecContext(ctx, `DEALLOCATE ALL`); err != nil {
		t.Fatal(err)
	}
	if err := run(); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("the run after: %v, want the lost statement's error", err)
	}
	for range 3 {
		if err := run(); err != nil {
			t.Fatal(err)
		}
	}
	if got := prepared(t, conn); len(got) > 0 {
		t.Fatalf("prepared %q after the loss, want none", got)
	}
}

// Behind a transaction-pooling pgbouncer a connection's statement names
// meet other clients' on the same server session. Here the session
// already holds statements named as lib/pq names its own ("1", "2"...):
// the prepare that collides fails once, and the connection stops
// preparing.
func TestStatementCacheTakenNames(t *testing.T) {
	conn := openPinned(t, storagetest.Postgres(t), "")
	ctx := t.Context()
	for i := 1; i <= 8; i++ {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PREPARE "%d" AS SELECT 1`, i)); err != nil {
			t.Fatal(err)
		}
	}
	run := func() error { return answer42(t, conn, `SELECT $1::int * 3`, 14) }
	if err := run(); err != nil { // the first run goes unnamed
		t.Fatal(err)
	}
	if err := run(); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("the run that prepares: %v, want the taken name's error", err)
	}
	for range 10 {
		if err := run(); err != nil {
			t.Fatal(err)
		}
	}
	if got := prepared(t, conn); len(got) != 8 {
		t.Fatalf("prepared %q, want only the session's own 8", got)
	}
}
