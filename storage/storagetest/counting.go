package storagetest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"
	"sync/atomic"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// RoundTrips counts the requests a process sends to Postgres through the
// counting driver: statements (and their preparing), BEGIN, COMMIT and
// ROLLBACK. With lib/pq's binary_parameters each is one round trip.
type RoundTrips struct{ n atomic.Int64 }

// Load returns the count so far.
func (c *RoundTrips) Load() int64 { return c.n.Load() }

var (
	registerOnce sync.Once
	counter      = &RoundTrips{}
)

// CountingDriver registers, once per process, a driver named
// "postgres-counting" that wraps lib/pq and counts round trips, and returns
// its name and counter. Open it with storage.OpenPostgres.
func CountingDriver() (string, *RoundTrips) {
	const name = "postgres-counting"
	registerOnce.Do(func() {
		sql.Register(name, countingDriver{})
		sqlx.BindDriver(name, sqlx.DOLLAR)
	})
	return name, counter
}

type countingDriver struct{}

func (countingDriver) Open(dsn string) (driver.Conn, error) {
	c, err := pq.Driver{}.Open(dsn)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c}, nil
}

// countingConn forwards every optional interface lib/pq's conn has, so
// database/sql takes the same paths as without the wrapper.
type countingConn struct{ driver.Conn }

func (c *countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	counter.n.Add(1)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c *countingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	counter.n.Add(1)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	counter.n.Add(1)
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return countingTx{tx}, nil
}

func (c *countingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	counter.n.Add(1)
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return countingStmt{st}, nil
}

func (c *countingConn) Ping(ctx context.Context) error {
	return c.Conn.(driver.Pinger).Ping(ctx)
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *countingConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

func (c *countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	return c.Conn.(driver.NamedValueChecker).CheckNamedValue(nv)
}

// countingStmt counts each run of a prepared statement (storage keeps the
// statements a connection runs again prepared).
type countingStmt struct{ driver.Stmt }

func (s countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	counter.n.Add(1)
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	counter.n.Add(1)
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (s countingStmt) Close() error {
	counter.n.Add(1)
	return s.Stmt.Close()
}

type countingTx struct{ driver.Tx }

func (t countingTx) Commit() error {
	counter.n.Add(1)
	return t.Tx.Commit()
}

func (t countingTx) Rollback() error {
	counter.n.Add(1)
	return t.Tx.Rollback()
}
