package device

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	_ "github.com/lib/pq"
	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	_ "modernc.org/sqlite"
)

// repoSQLitePragmas is storage's sqlitePragmas (storage/db.go), copied:
// this package may not import storage.
const repoSQLitePragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"

// openSQLite opens an SQLite file the way storage does: the repo's
// pragmas, one connection.
func openSQLite(t *testing.T, dsnQuery string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "letebot.db")+"?"+dsnQuery)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenStore(t *testing.T) {
	for _, tc := range []struct {
		name    string
		dialect string
		open    func(t *testing.T) *sql.DB
	}{
		{"sqlite", SQLite, func(t *testing.T) *sql.DB { return openSQLite(t, repoSQLitePragmas) }},
		{"sqlite_pragma_only", SQLite, func(t *testing.T) *sql.DB { return openSQLite(t, "_pragma=foreign_keys(1)") }},
		{"postgres", Postgres, func(t *testing.T) *sql.DB { return openPostgres(t, freshPostgres(t)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := tc.open(t)
			c, err := OpenStore(ctx, db, tc.dialect, nil)
			if err != nil {
				t.Fatalf("OpenStore: %v", err)
			}
			// A second start finds the tables and upgrades nothing.
			if _, err := OpenStore(ctx, db, tc.dialect, nil); err != nil {
				t.Fatalf("OpenStore again: %v", err)
			}
			dev, err := Device(ctx, c)
			if err != nil {
				t.Fatalf("Device: %v", err)
			}
			if dev.ID != nil {
				t.Fatalf("Device: ID = %v, want nil (unlinked)", dev.ID)
			}
			roundTrip(t, c)
		})
	}
}

// roundTrip saves a device as linking does, loads it back and deletes it:
// keys and identity go through the driver both ways.
func roundTrip(t *testing.T, c *sqlstore.Container) {
	t.Helper()
	ctx := context.Background()
	dev := c.NewDevice()
	dev.ID = &types.JID{User: "10000000001", Device: 7, Server: types.DefaultUserServer}
	dev.Account = &waAdv.ADVSignedDeviceIdentity{
		Details:             []byte{1, 2, 3},
		AccountSignature:    make([]byte, 64),
		AccountSignatureKey: make([]byte, 32),
		DeviceSignature:     make([]byte, 64),
	}
	if err := dev.Save(ctx); err != nil {
		t.Fatalf("save device: %v", err)
	}
	got, err := Device(ctx, c)
	if err != nil {
		t.Fatalf("Device after save: %v", err)
	}
	if got.ID == nil || *got.ID != *dev.ID {
		t.Fatalf("Device after save: ID = %v, want %v", got.ID, dev.ID)
	}
	if *got.IdentityKey.Pub != *dev.IdentityKey.Pub || *got.NoiseKey.Priv != *dev.NoiseKey.Priv || got.RegistrationID != dev.RegistrationID {
		t.Fatal("Device after save: keys differ from the saved ones")
	}
	if err := got.Delete(ctx); err != nil {
		t.Fatalf("delete device: %v", err)
	}
	again, err := Device(ctx, c)
	if err != nil {
		t.Fatalf("Device after delete: %v", err)
	}
	if again.ID != nil {
		t.Fatalf("Device after delete: ID = %v, want nil", again.ID)
	}
}

func TestOpenStoreRefuses(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite_without_foreign_keys", func(t *testing.T) {
		db := openSQLite(t, "_pragma=busy_timeout(5000)")
		_, err := OpenStore(ctx, db, SQLite, nil)
		if !errors.Is(err, ErrForeignKeysOff) {
			t.Fatalf("OpenStore: %v, want ErrForeignKeysOff", err)
		}
	})
	t.Run("unknown_dialect", func(t *testing.T) {
		db := openSQLite(t, repoSQLitePragmas)
		_, err := OpenStore(ctx, db, "sqlite3", nil)
		if !errors.Is(err, ErrDialect) {
			t.Fatalf("OpenStore: %v, want ErrDialect", err)
		}
	})
}
