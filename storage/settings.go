package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"github.com/jmoiron/sqlx"
)

// Secret returns the random secret stored under name, making and storing
// one the first time. Replicas and restarts share it.
func (d *DB) Secret(ctx context.Context, name string) (string, error) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	if _, err := d.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		name, hex.EncodeToString(b)); err != nil {
		return "", wrap("secret", err)
	}
	var v string
	if err := sqlx.GetContext(ctx, d.db, &v, `SELECT value FROM settings WHERE key = $1`, name); err != nil {
		return "", wrap("secret", err)
	}
	return v, nil
}
