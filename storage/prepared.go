package storage

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"hash/maphash"

	"github.com/lib/pq"
)

// Statements prepared once per connection.
//
// lib/pq sends a statement with parameters unnamed, so Postgres parses and
// plans it anew on every call: at a person's pace about 40% of its
// statement time went to planning (pg_stat_statements). A preparingConn
// keeps the statements its connection runs again prepared, by their text,
// and runs them by name: parsed and planned once (Postgres may keep a
// generic plan after five runs, when it costs no more than the custom
// ones). The parameters travel as before (binary_parameters), so only
// planning changes.
//
// A text is prepared the second time it runs on the connection, so that a
// one-off text (a claim skipping some chats, a batch of an odd size) is not
// kept; the capacity bounds what is kept, least recently used first out. Statements without parameters go unnamed as before (lib/pq's simple
// protocol: migrations, several statements in one text).
//
// DATABASE_URL's statement_cache_capacity sets the capacity per connection
// (defaultStatementCache); 0 turns it off, as a transaction-pooling
// pgbouncer before 1.21 needs (a named statement lives on one server
// connection). A connection that finds a statement it prepared gone, or
// its name taken, stops preparing by itself (forgetIfStale).

// defaultStatementCache is how many prepared statements a connection keeps
// unless DATABASE_URL says otherwise: the bot's own texts run again are far
// fewer; batches of every size could be more.
const defaultStatementCache = 128

// maxPreparedText is the longest text kept prepared: longer ones are large
// batches, which seldom come again at the same size.
const maxPreparedText = 8 << 10

// pqConn is what lib/pq's connection implements and database/sql uses.
type pqConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
	driver.NamedValueChecker
}

// preparingConnector opens connections that keep statements prepared.
type preparingConnector struct {
	driver.Connector
	capacity int
}

func (c preparingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := conn.(pqConn)
	if !ok {
		return conn, nil // not lib/pq: as it is
	}
	return &preparingConn{pqConn: pc, capacity: c.capacity, byText: map[string]*list.Element{},
		seen: map[uint64]bool{}, seed: maphash.MakeSeed()}, nil
}

// preparingConn is one connection with its prepared statements. database/sql
// uses a connection from one goroutine at a time, so it needs no lock.
type preparingConn struct {
	pqConn
	capacity int
	lru      list.List // of *preparedStmt, the most recently used first
	byText   map[string]*list.Element
	// seen holds the hashes of the texts run once, unnamed (not the texts:
	// most are one-off batches, kilobytes each); cleared when it outgrows
	// the cache four times over. A collision only prepares a text at its
	// first run.
	seen map[uint64]bool
	seed maphash.Seed
	// off is set when the server lost a statement the connection
	// prepared, or had one of its name: something between them (a
	// transaction-pooling pgbouncer) keeps no session, and the connection
	// goes on unnamed.
	off bool
}

type preparedStmt struct {
	text string
	stmt driver.Stmt
}

func (c *preparingConn) QueryContext(ctx context.Context, text string, args []driver.NamedValue) (driver.Rows, error) {
	st, err := c.prepared(ctx, text, len(args))
	switch {
	case err != nil:
		return nil, err
	case st == nil:
		return c.pqConn.QueryContext(ctx, text, args)
	}
	rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		c.forgetIfStale(text, err)
	}
	return rows, err
}

func (c *preparingConn) ExecContext(ctx context.Context, text string, args []driver.NamedValue) (driver.Result, error) {
	st, err := c.prepared(ctx, text, len(args))
	switch {
	case err != nil:
		return nil, err
	case st == nil:
		return c.pqConn.ExecContext(ctx, text, args)
	}
	res, err := st.(driver.StmtExecContext).ExecContext(ctx, args)
	if err != nil {
		c.forgetIfStale(text, err)
	}
	return res, err
}

// prepared returns the statement of text prepared on this connection, or
// nil when text is to run unnamed this time.
func (c *preparingConn) prepared(ctx context.Context, text string, params int) (driver.Stmt, error) {
	if c.off || params == 0 || len(text) > maxPreparedText {
		return nil, nil
	}
	if e, ok := c.byText[text]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*preparedStmt).stmt, nil
	}
	h := maphash.String(c.seed, text)
	if !c.seen[h] {
		if len(c.seen) >= 4*c.capacity {
			clear(c.seen)
		}
		c.seen[h] = true
		return nil, nil
	}
	st, err := c.pqConn.PrepareContext(ctx, text)
	if err != nil {
		c.forgetIfStale(text, err)
		return nil, err
	}
	delete(c.seen, h)
	c.byText[text] = c.lru.PushFront(&preparedStmt{text: text, stmt: st})
	if c.lru.Len() > c.capacity {
		oldest := c.lru.Back()
		ps := oldest.Value.(*preparedStmt)
		c.lru.Remove(oldest)
		delete(c.byText, ps.text)
		if err := ps.stmt.Close(); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// forgetIfStale handles the failures of a statement Postgres can no longer
// prepare or run as prepared; the call fails once (inside a transaction,
// the transaction with it), the next succeeds:
//   - the columns it returns changed under it (a migration, perhaps by a
//     newer replica): it is prepared afresh at the next run, and the old one
//     stays on the server until the connection closes;
//   - the server does not have it, or already has one of its name: the
//     connection does not have a server session of its own (a
//     transaction-pooling pgbouncer), so it stops preparing.
func (c *preparingConn) forgetIfStale(text string, err error) {
	var pe *pq.Error
	if !errors.As(err, &pe) {
		return
	}
	switch pe.Code {
	case "0A000": // feature_not_supported: cached plan must not change result type
		if e, ok := c.byText[text]; ok {
			c.lru.Remove(e)
			delete(c.byText, text)
			c.seen[maphash.String(c.seed, text)] = true
		}
	case "26000", // invalid_sql_statement_name: prepared statement does not exist
		"42P05": // duplicate_prepared_statement: prepared statement already exists
		c.off = true
		c.lru.Init()
		clear(c.byText)
		clear(c.seen)
	}
}
