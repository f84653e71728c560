package device

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"
)

// Dialects, equal to the database/sql driver names they use: lib/pq
// registers "postgres", modernc.org/sqlite registers "sqlite".
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// OpenStore opens whatsmeow's key store in db, whose driver is dialect
// (Postgres or SQLite), and creates or upgrades its tables, all named
// whatsmeow_*. whatsmeow logs to log through a Logger.
//
// An SQLite db must have foreign keys on (DSN _pragma=foreign_keys(1)), or
// OpenStore returns ErrForeignKeysOff. On SQLite the store shares the
// database's connections: do not call it inside a transaction that holds
// the only connection.
func OpenStore(ctx context.Context, db *sql.DB, dialect string, log *slog.Logger) (*sqlstore.Container, error) {
	switch dialect {
	case Postgres:
	case SQLite:
		var on bool
		if err := db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil {
			return nil, fmt.Errorf("open WhatsApp store: check foreign keys: %w", err)
		}
		if !on {
			return nil, fmt.Errorf("open WhatsApp store: %w: open the database with _pragma=foreign_keys(1)", ErrForeignKeysOff)
		}
	default:
		// sqlstore.NewWithDB panics on a dialect it does not know.
		return nil, fmt.Errorf("open WhatsApp store: %w %q: want %q or %q", ErrDialect, dialect, Postgres, SQLite)
	}
	c := sqlstore.NewWithDB(db, dialect, NewLogger(log).Sub("Database"))
	if err := c.Upgrade(ctx); err != nil {
		return nil, fmt.Errorf("open WhatsApp store: upgrade tables: %w", err)
	}
	return c, nil
}

// Device returns the store's linked device, or a new unlinked one (ID nil,
// not saved until it links) when there is none.
func Device(ctx context.Context, c *sqlstore.Container) (*store.Device, error) {
	d, err := c.GetFirstDevice(ctx)
	if err != nil {
		return nil, fmt.Errorf("load WhatsApp device: %w", err)
	}
	return d, nil
}
