package main

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// pgbenchScript is one bot message as one transaction: lock the session
// row, update ~1 KB of jsonb, insert an outbox row, commit.
//
//go:embed pgbench-message.sql
var pgbenchScript []byte

const pgbenchDB = "letebot_pgbench"

// pgbench runs pgbenchScript with 8 clients for d on a fresh database of
// the server and returns the transactions a second.
func pgbench(ctx context.Context, server string, d time.Duration) (float64, error) {
	path, err := exec.LookPath("pgbench")
	if err != nil {
		return 0, fmt.Errorf("pgbench not found (Debian: postgresql-contrib or the server package); -pgbench 0 skips it: %w", err)
	}
	dbURL, err := freshDatabase(ctx, server, pgbenchDB)
	if err != nil {
		return 0, err
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE sessions (chat_key text PRIMARY KEY, data jsonb, updated_at timestamptz)`,
		`CREATE TABLE outbox (id bigserial PRIMARY KEY, chat_id text, body jsonb, created_at timestamptz DEFAULT now())`,
		`INSERT INTO sessions SELECT 'c' || g, jsonb_build_object('pad', repeat('x', 1000)), now() FROM generate_series(1, 1000) g`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("pgbench setup: %w", err)
		}
	}
	dir, err := os.MkdirTemp("", "letebot-pgbench-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "message.sql")
	if err := os.WriteFile(script, pgbenchScript, 0o600); err != nil {
		return 0, err
	}
	secs := strconv.Itoa(max(1, int(d.Seconds())))
	b, err := exec.CommandContext(ctx, path, "-n", "-c", "8", "-j", "2", "-T", secs, "-f", script, dbURL).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("pgbench: %v\n%s", err, b)
	}
	m := regexp.MustCompile(`tps = ([0-9.]+)`).FindSubmatch(b)
	if m == nil {
		return 0, fmt.Errorf("pgbench printed no tps:\n%s", b)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}
