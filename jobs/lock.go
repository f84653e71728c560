package jobs

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Postgres advisory lock keys: the ASCII bytes of "letebotW" and
// "letebotJ" as big-endian int64s. Advisory locks belong to one database,
// so bots on different databases do not contend.
const (
	// WhatsAppLock: WhatsApp allows one connection per linked device.
	WhatsAppLock int64 = 0x6c657465626f7457
	// SchedulerLock: the cron jobs run on one replica at a time.
	SchedulerLock int64 = 0x6c657465626f744a
)

// Dialects a Lock works on (the database/sql driver names).
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// Errors of a Lock.
var (
	// ErrDialect is returned by NewLock for a database it cannot lock.
	ErrDialect = errors.New("unsupported database dialect")
	// ErrLockLost is returned by Lock.Hold when the database connection
	// that held the lock broke: another instance may hold it now.
	ErrLockLost = errors.New("lock lost")
)

// Lock lets one process of several on a database do something (hold the
// WhatsApp connection, run the cron jobs). On Postgres it is a session
// advisory lock on a connection of its own, held while the work runs;
// instances without it stand by and take over when it is released or its
// holder dies. It does not work behind a pooler in transaction mode
// (PgBouncer), which moves sessions between clients. On SQLite there is
// no lock: the database is a file of one process.
type Lock struct {
	// Retry is the wait between attempts while another instance holds the
	// lock; 5 s if zero.
	Retry time.Duration
	// Check is the wait between pings of the held lock's connection; 5 s
	// if zero.
	Check time.Duration

	db      *sql.DB
	dialect string
	log     *slog.Logger
	key     int64
	name    string
}

// NewLock returns the lock key in db, whose driver is dialect (Postgres or
// SQLite); name says what it guards in logs. log may be nil.
func NewLock(db *sql.DB, dialect string, key int64, name string, log *slog.Logger) (*Lock, error) {
	if dialect != Postgres && dialect != SQLite {
		return nil, fmt.Errorf("%s lock: %w %q", name, ErrDialect, dialect)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Lock{db: db, dialect: dialect, log: log.With("lock", name), key: key, name: name}, nil
}

// Hold waits until it has the lock, calls onAcquired, and releases the lock
// when onAcquired returns. While another instance has the lock it logs once
// that it stands by and tries again every Retry; database errors while it
// waits are logged and retried too. The context onAcquired gets ends with
// ctx or when the lock's connection breaks; onAcquired must then stop the
// work it guards and return, and Hold returns ErrLockLost. Hold
// returns ctx's error if ctx ends before the lock is taken, and nil after
// onAcquired returned with the lock intact. On SQLite onAcquired runs at
// once.
func (l *Lock) Hold(ctx context.Context, onAcquired func(ctx context.Context)) error {
	if l.dialect == SQLite {
		onAcquired(ctx)
		return nil
	}
	conn, err := l.acquire(ctx)
	if err != nil {
		return err
	}
	defer l.release(ctx, conn)

	held, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		l.watch(held, cancel, conn)
	}()
	onAcquired(held)
	lost := errors.Is(context.Cause(held), ErrLockLost)
	cancel(nil)
	<-watched
	if lost {
		return fmt.Errorf("hold %s lock: %w", l.name, ErrLockLost)
	}
	return nil
}

// acquire tries the lock until it gets it or ctx ends, and returns the
// connection that holds it.
func (l *Lock) acquire(ctx context.Context) (*sql.Conn, error) {
	retry := l.Retry
	if retry <= 0 {
		retry = 5 * time.Second
	}
	standingBy, failing := false, false
	for {
		conn, ok, err := l.try(ctx)
		switch {
		case ok:
			l.log.Info("Lock acquired")
			return conn, nil
		case ctx.Err() != nil:
			return nil, fmt.Errorf("take %s lock: %w", l.name, ctx.Err())
		case err != nil:
			if !failing {
				l.log.Warn("Take lock, retrying", "error", err)
			}
			failing = true
		case !standingBy:
			l.log.Info("Lock held by another instance, standing by")
			standingBy, failing = true, false
		default:
			failing = false
		}
		t := time.NewTimer(retry)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("take %s lock: %w", l.name, ctx.Err())
		case <-t.C:
		}
	}
}

// try takes a connection and the lock on it. Without the lock the
// connection goes back to the pool: it holds nothing.
func (l *Lock) try(ctx context.Context) (*sql.Conn, bool, error) {
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("get connection: %w", err)
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, l.key).Scan(&ok); err != nil {
		discard(conn)
		return nil, false, fmt.Errorf("pg_try_advisory_lock: %w", err)
	}
	if !ok {
		conn.Close()
		return nil, false, nil
	}
	return conn, true, nil
}

// watch pings conn every Check until ctx ends, and cancels ctx with
// ErrLockLost when a ping fails: the session, and the lock with it, is gone.
func (l *Lock) watch(ctx context.Context, cancel context.CancelCauseFunc, conn *sql.Conn) {
	every := l.Check
	if every <= 0 {
		every = 5 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		// Not ctx: lib/pq closes a connection whose query's context ends
		// mid-query, which would drop the lock when onAcquired returns.
		pctx, pcancel := context.WithTimeout(context.WithoutCancel(ctx), every)
		err := conn.PingContext(pctx)
		pcancel()
		if err != nil && ctx.Err() == nil {
			l.log.Error("Lock lost: its database connection broke", "error", err)
			cancel(ErrLockLost)
			return
		}
	}
}

// release unlocks and closes the lock's connection. The connection never
// returns to the pool, so a failed unlock cannot leave the lock held by an
// idle session.
func (l *Lock) release(ctx context.Context, conn *sql.Conn) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	var ok bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_advisory_unlock($1)`, l.key).Scan(&ok); err != nil {
		l.log.Warn("Release lock; closing its connection instead", "error", err)
	} else if !ok {
		l.log.Warn("Release lock: it was not held")
	} else {
		l.log.Info("Lock released")
	}
	discard(conn)
}

// discard closes conn's database session instead of returning it to the
// pool.
func discard(conn *sql.Conn) {
	// Returning driver.ErrBadConn from Raw makes database/sql close the
	// driver connection.
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = conn.Close()
}

// Lead runs work while this process holds l, standing by while another
// does, and taking over when that one stops or its connection dies: the
// cron jobs of several replicas run on one of them. It returns when ctx
// ends, or with work's error.
func Lead(ctx context.Context, l *Lock, work func(ctx context.Context) error) error {
	for ctx.Err() == nil {
		var werr error
		err := l.Hold(ctx, func(ctx context.Context) { werr = work(ctx) })
		switch {
		case werr != nil:
			return werr
		case errors.Is(err, ErrLockLost):
			continue // stand by again: another replica may have it now
		case err != nil && ctx.Err() == nil:
			return err
		}
	}
	return nil
}
