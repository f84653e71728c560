package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/shop"
)

// orderWrites holds an engine transaction's order updates until its next
// statement. A batch of payment events or payment links changes one order
// per turn, one after another: written at once, each is a round trip
// while the batch holds its chats' rows (a batch of 64 link events held
// the workers for 150-290 ms). Held here, they go in one statement.
//
// Only an order whose row this transaction has locked is held: it exists
// and nobody else can change it until the commit, so writing it later
// gives the same row. Every other statement of the transaction goes
// through txExec, which writes what is held first, so no statement sees
// an order as it was before an update.
type orderWrites struct {
	// locked are the orders this transaction read FOR UPDATE.
	locked map[int64]bool
	// pending are the held updates' parameters (updateOrderSQL's, in its
	// order), by order, and ids the orders in the order first held.
	pending map[int64][]any
	ids     []int64
	// err is a write that failed where it could not be returned (before a
	// QueryRowx): the transaction must not commit.
	err error
}

// lock records that the transaction holds the order's row lock.
func (w *orderWrites) lock(id int64) {
	if w == nil {
		return
	}
	if w.locked == nil {
		w.locked = make(map[int64]bool)
	}
	w.locked[id] = true
}

// hold keeps the update for the next statement when the order is locked
// by the transaction, and reports whether it did. A later update of the
// same order replaces an earlier one: each writes every column it has.
func (w *orderWrites) hold(id int64, args []any) bool {
	if w == nil || !w.locked[id] {
		return false
	}
	if w.pending == nil {
		w.pending = make(map[int64][]any)
	}
	if _, ok := w.pending[id]; !ok {
		w.ids = append(w.ids, id)
	}
	w.pending[id] = args
	return true
}

// updateOrdersSQL is updateOrderSQL for many orders: %s is the rows of v,
// typed by casts (a parameter alone in VALUES would be text).
const updateOrdersSQL = `UPDATE orders SET status = v.status, payment_link_url = v.payment_link_url,
	link_sent_at = v.link_sent_at, reminders = v.reminders, declines = v.declines,
	transaction_id = v.transaction_id, paid_amount = v.paid_amount, card_last_four = v.card_last_four,
	paid_at = v.paid_at, payment_test = v.payment_test, payment_authorized = v.payment_authorized,
	tracking = v.tracking, claimed_by = v.claimed_by, delivered_at = v.delivered_at, updated_at = v.updated_at,
	delivery_price = v.delivery_price, delivery_approximate = v.delivery_approximate, total = v.total,
	courier_claim = v.courier_claim, courier_status = v.courier_status, release_at = v.release_at,
	carrier_status = v.carrier_status, carrier_status_name = v.carrier_status_name,
	carrier_status_city = v.carrier_status_city, carrier_status_at = v.carrier_status_at, payable_at = v.payable_at
FROM (VALUES %s) AS v (id, status, payment_link_url, link_sent_at, reminders, declines, transaction_id,
	paid_amount, card_last_four, paid_at, payment_test, payment_authorized, tracking, claimed_by, delivered_at,
	updated_at, delivery_price, delivery_approximate, total, courier_claim, courier_status, release_at,
	carrier_status, carrier_status_name, carrier_status_city, carrier_status_at, payable_at)
WHERE orders.id = v.id`

// updateOrderTypes are the column types of updateOrderSQL's parameters.
var updateOrderTypes = [...]string{"bigint", "text", "text", "timestamptz", "integer", "integer", "bigint",
	"bigint", "text", "timestamptz", "boolean", "boolean", "text", "text", "timestamptz",
	"timestamptz", "bigint", "boolean", "bigint", "text", "text", "timestamptz",
	"text", "text", "text", "timestamptz", "timestamptz"}

// flush writes the held updates in one statement (a chunk of the
// parameter limit), then holds nothing.
func (w *orderWrites) flush(ctx context.Context, ex sqlx.ExecerContext) error {
	if w == nil || w.err != nil || len(w.ids) == 0 {
		return w.failedWrite()
	}
	ids, pending := w.ids, w.pending
	w.ids, w.pending = nil, nil
	width := len(updateOrderTypes)
	err := chunks(len(ids), width, func(i, j int) error {
		var rows strings.Builder
		args := make([]any, 0, width*(j-i))
		for k, id := range ids[i:j] {
			if k > 0 {
				rows.WriteString(", ")
			}
			rows.WriteByte('(')
			for c, typ := range updateOrderTypes {
				if c > 0 {
					rows.WriteString(", ")
				}
				fmt.Fprintf(&rows, "CAST($%d AS %s)", len(args)+c+1, typ)
			}
			rows.WriteByte(')')
			args = append(args, pending[id]...)
		}
		res, err := ex.ExecContext(ctx, fmt.Sprintf(updateOrdersSQL, rows.String()), args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n != int64(j-i) {
			// Cannot happen to locked rows; said rather than lost.
			return fmt.Errorf("%d of %d orders: %w", n, j-i, shop.ErrNotFound)
		}
		return nil
	})
	if err != nil {
		w.err = wrap("update orders", err)
	}
	return w.err
}

// failedWrite is the error of a write that failed, if one did.
func (w *orderWrites) failedWrite() error {
	if w == nil {
		return nil
	}
	return w.err
}

// txExec runs an engine transaction's statements, each after the order
// updates held before it. It has only the statement methods of
// sqlx.ExtContext, so no statement can go round it.
type txExec struct {
	tx     *sqlx.Tx
	writes *orderWrites
}

var _ sqlx.ExtContext = txExec{}

func (e txExec) DriverName() string                               { return e.tx.DriverName() }
func (e txExec) Rebind(q string) string                           { return e.tx.Rebind(q) }
func (e txExec) BindNamed(q string, a any) (string, []any, error) { return e.tx.BindNamed(q, a) }

// flush writes the held order updates.
func (e txExec) flush(ctx context.Context) error { return e.writes.flush(ctx, e.tx) }

func (e txExec) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if err := e.flush(ctx); err != nil {
		return nil, err
	}
	return e.tx.ExecContext(ctx, q, args...)
}

func (e txExec) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := e.flush(ctx); err != nil {
		return nil, err
	}
	return e.tx.QueryContext(ctx, q, args...)
}

func (e txExec) QueryxContext(ctx context.Context, q string, args ...any) (*sqlx.Rows, error) {
	if err := e.flush(ctx); err != nil {
		return nil, err
	}
	return e.tx.QueryxContext(ctx, q, args...)
}

// QueryRowxContext cannot return a failed write (a sqlx.Row's error is its
// own): the write's error stays in writes and fails the commit, and
// Postgres refuses this statement anyway once one in the transaction failed.
func (e txExec) QueryRowxContext(ctx context.Context, q string, args ...any) *sqlx.Row {
	_ = e.flush(ctx)
	return e.tx.QueryRowxContext(ctx, q, args...)
}
