// Package storage keeps letebot's state in Postgres (production, lib/pq) or
// in an SQLite file (pure Go modernc.org/sqlite, no cgo): chat sessions,
// dedupe keys, the outbox, the catalog with its live stock, and orders.
//
// DB implements bot.Store; the transaction it hands the engine implements
// bot.Tx, and that transaction's Flows() implements flows.Store. SQL is
// plain text at the top of each file, one file per aggregate, and the
// helpers behind every method take an sqlx.ExtContext so they run inside a
// transaction or outside one. Both dialects share the SQL except for the
// row-locking clauses; times travel and, in SQLite, rest as fixed-width
// UTC text, and come from one clock (the process's) in both dialects.
//
// An SQLite DB has exactly one connection, the single writer: nothing may
// use the DB itself (Claim, LoadCatalog...) inside a function passed to
// InTx, which would wait forever for a second connection.
package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the "postgres" driver

	"github.com/lete-store/letebot/sealed"
)

// DefaultPool is the number of Postgres connections Open keeps: about four
// per core beats more (performance.md).
const DefaultPool = 8

// sqlitePragmas are set on the SQLite connection when it opens: WAL lets
// readers of other processes run beside the writer, busy_timeout waits for
// another process's lock instead of failing, immediate transactions take the
// write lock at BEGIN so two processes never deadlock upgrading one.
const sqlitePragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"

// DB is an open letebot database.
type DB struct {
	db      *sqlx.DB
	dialect dialect
	log     *slog.Logger
	now     func() time.Time
	key     sealed.Key // seals claim files at rest; zero: none (SetDataKey)
}

// Open connects to the database named by url: postgres:// or postgresql://
// for Postgres, sqlite:PATH for an SQLite file (created if missing). It
// pings the database before it returns. Call Migrate before first use.
func Open(ctx context.Context, url string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var (
		d   = &DB{log: log, now: time.Now}
		err error
	)
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		d.dialect = dialectPostgres
		d.db, err = openPostgres("postgres", url)
	case strings.HasPrefix(url, "sqlite:"):
		d.dialect = dialectSQLite
		d.db, err = openSQLite(strings.TrimPrefix(url, "sqlite:"))
	default:
		return nil, fmt.Errorf("open database: %w: want postgres://... or sqlite:PATH", ErrUnsupportedURL)
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := d.Ping(ctx); err != nil {
		d.db.Close()
		return nil, err
	}
	return d, nil
}

func openPostgres(driverName, raw string) (*sqlx.DB, error) {
	dsn, capacity, err := postgresDSN(raw)
	if err != nil {
		return nil, err
	}
	// Only to find the registered driver: sql.Open connects to nothing.
	probe, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	_ = probe.Close()
	var conns driver.Connector = dsnConnector{dsn: dsn, drv: drv}
	if dc, ok := drv.(driver.DriverContext); ok {
		if conns, err = dc.OpenConnector(dsn); err != nil {
			return nil, err
		}
	}
	if capacity > 0 {
		conns = preparingConnector{Connector: conns, capacity: capacity}
	}
	db := sqlx.NewDb(sql.OpenDB(conns), driverName)
	db.SetMaxOpenConns(DefaultPool)
	db.SetMaxIdleConns(DefaultPool)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}

// OpenPostgres is Open for Postgres through another registered driver that
// wraps lib/pq, such as the round-trip counter of the benchmarks.
func OpenPostgres(ctx context.Context, driverName, url string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, err := openPostgres(driverName, url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	d := &DB{db: db, dialect: dialectPostgres, log: log, now: time.Now}
	if err := d.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// postgresDSN adds binary_parameters=yes to a Postgres URL that does not
// set it: one round trip per statement instead of two. Every []byte
// parameter then travels as binary, so JSON goes as a string. It takes out
// statement_cache_capacity, which is the bot's (prepared.go), not lib/pq's,
// and returns it (defaultStatementCache when absent).
func postgresDSN(raw string) (dsn string, capacity int, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", 0, errors.New("invalid postgres URL") // the parse error would print the password
	}
	q := u.Query()
	capacity = defaultStatementCache
	if q.Has(statementCacheParam) {
		capacity, err = strconv.Atoi(q.Get(statementCacheParam))
		if err != nil || capacity < 0 {
			return "", 0, fmt.Errorf("postgres URL: %s must be a whole number, 0 for none", statementCacheParam)
		}
		q.Del(statementCacheParam)
	}
	if !q.Has("binary_parameters") {
		q.Set("binary_parameters", "yes")
	}
	u.RawQuery = q.Encode()
	return u.String(), capacity, nil
}

// statementCacheParam is the DATABASE_URL parameter for how many
// statements each connection keeps prepared.
const statementCacheParam = "statement_cache_capacity"

// dsnConnector is a driver.Connector for a driver that has none of its own
// (the benchmarks' counting wrapper of lib/pq).
type dsnConnector struct {
	dsn string
	drv driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }

func (c dsnConnector) Driver() driver.Driver { return c.drv }

func openSQLite(path string) (*sqlx.DB, error) {
	path = strings.TrimPrefix(path, "//") // sqlite:///var/lib/letebot.db
	if path == "" {
		return nil, errors.New("sqlite: URL names no file")
	}
	if strings.ContainsRune(path, '?') {
		return nil, errors.New("sqlite: file name must not contain '?'")
	}
	db, err := sqlx.Open("sqlite", path+"?"+sqlitePragmas)
	if err != nil {
		return nil, err
	}
	// One connection: SQLite has one writer, and a second connection would
	// only wait for busy_timeout and fail. Keep it open for good.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

// Dialect returns "postgres" or "sqlite".
func (d *DB) Dialect() string { return string(d.dialect) }

// ConcurrentTx is how many transactions can run at once: one on SQLite,
// the pool's size on Postgres (bot.TxLimit).
func (d *DB) ConcurrentTx() int {
	if d.dialect != dialectPostgres {
		return 1
	}
	return d.db.Stats().MaxOpenConnections
}

// SetPool sets how many connections a Postgres DB keeps open (and idle).
// SQLite always has one; SetPool leaves it alone.
func (d *DB) SetPool(n int) {
	if d.dialect != dialectPostgres || n < 1 {
		return
	}
	d.db.SetMaxOpenConns(n)
	d.db.SetMaxIdleConns(n)
}

// SQL returns the underlying pool, for libraries that keep their own
// tables in the same database (whatsmeow's sqlstore). On SQLite it shares
// the one connection: never use it inside InTx.
func (d *DB) SQL() *sql.DB { return d.db.DB }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.db.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Close closes every connection.
func (d *DB) Close() error {
	return d.db.Close()
}

// inTx runs fn in a transaction of the pool, committing when fn returns nil
// and rolling back otherwise, also when fn panics (the panic goes on).
func (d *DB) inTx(ctx context.Context, opts *sql.TxOptions, fn func(*sqlx.Tx) error) (err error) {
	tx, err := d.db.BeginTxx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
				d.log.Warn("Roll back transaction", "error", rerr)
			}
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", mapErr(err))
	}
	return nil
}
