package storage

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/sealed"
)

var (
	_ bot.Store   = (*DB)(nil)
	_ bot.TxLimit = (*DB)(nil)
	_ bot.Tx      = (*tx)(nil)
	_ flows.Store = domain{}
)

// InTx runs fn in one transaction, committing when fn returns nil and
// rolling back when it returns an error or panics. fn must use only the
// Tx it is given, never the DB (see the package comment). The stock its
// orders take is written just before the commit (see stockLedger); when
// another transaction took it meanwhile, InTx returns bot.ErrRetryTx. The
// order updates it holds (see orderWrites) are written before then.
func (d *DB) InTx(ctx context.Context, fn func(bot.Tx) error) error {
	return d.inTx(ctx, nil, func(x *sqlx.Tx) error {
		var writes *orderWrites
		if d.dialect == dialectPostgres {
			// In process (SQLite) a statement costs no round trip.
			writes = &orderWrites{}
		}
		t := &tx{x: txExec{tx: x, writes: writes}, d: d.dialect, now: d.now, key: d.key,
			ledger: &stockLedger{}, ahead: readAhead{}}
		if err := fn(t); err != nil {
			return err
		}
		if err := t.x.flush(ctx); err != nil {
			return err
		}
		return t.ledger.apply(ctx, t.x, d.dialect)
	})
}

// tx is the engine's view of one open transaction.
type tx struct {
	// x runs the statements, after the flows' held order updates
	// (x.writes; nil: none are held).
	x   txExec
	d   dialect
	now func() time.Time
	key sealed.Key
	// ledger holds the stock changes of the transaction's flows.
	ledger *stockLedger
	// ahead holds the orders LockOrders read for the flows.
	ahead readAhead
}

// MarkSeen records dedupe keys and returns those not seen before.
func (t *tx) MarkSeen(ctx context.Context, keys []string) (map[string]bool, error) {
	return markSeen(ctx, t.x, keys, t.now())
}

// LockSessions locks the chats' session rows, creating empty ones, and
// returns the stored sessions; a chat without one is absent.
func (t *tx) LockSessions(ctx context.Context, chatKeys []string) (map[string]bot.SessionRow, error) {
	return lockSessions(ctx, t.x, t.d, chatKeys, t.now())
}

// LockOrders locks and reads the orders (in id order), keeping them for the
// flows' Get in this transaction.
func (t *tx) LockOrders(ctx context.Context, ids []int64) error {
	if err := t.ahead.lockOrders(ctx, t.x, t.d, ids); err != nil {
		return err
	}
	for id := range t.ahead {
		t.x.writes.lock(id)
	}
	return nil
}

// SaveSessions writes sessions back.
func (t *tx) SaveSessions(ctx context.Context, rows []bot.SessionRow) error {
	return saveSessions(ctx, t.x, rows, t.now())
}

// Enqueue adds replies to the outbox.
func (t *tx) Enqueue(ctx context.Context, msgs []bot.OutboxMessage) error {
	return enqueue(ctx, t.x, msgs, t.now())
}

// EnqueueLeased adds replies to the outbox, leasing the Direct ones whose
// chat has nothing else waiting to lease.Owner (see enqueueLeased).
func (t *tx) EnqueueLeased(ctx context.Context, msgs []bot.OutboxMessage, lease bot.Lease) error {
	return enqueueLeased(ctx, t.x, t.d, msgs, lease, t.now())
}

// Flows returns the domain storage bound to this transaction.
func (t *tx) Flows() flows.Store {
	return domain{ex: t.x, d: t.d, now: t.now, key: t.key, ledger: t.ledger, ahead: t.ahead, writes: t.x.writes}
}

// domain is flows.Store (stock and orders) over a transaction.
type domain struct {
	ex  sqlx.ExtContext
	d   dialect
	now func() time.Time
	key sealed.Key // the DB's data key: claim files are sealed with it
	// ledger collects the stock changes until the commit. Every domain
	// that changes stock has one: a domain outside a transaction
	// (Holidays) only reads.
	ledger *stockLedger
	// ahead holds orders read before the flows asked; nil: none.
	ahead readAhead
	// writes holds updates of orders the transaction locked; nil: none
	// are held.
	writes *orderWrites
}
