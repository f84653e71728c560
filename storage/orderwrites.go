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
// each the order's id and its orderChanges, typed by casts (a parameter
// alone in VALUES would be text).
var updateOrdersSQL = func() string {
	sets := make([]string, len(orderChanges))
	names := make([]string, len(orderChanges))
	for i, c := range orderChanges {
		sets[i] = c.column + " = v." + c.column
		names[i] = c.column
	}
	return "UPDATE orders SET " + strings.Join(sets, ", ") +
		" FROM (VALUES %s) AS v (id, " + strings.Join(names, ", ") + ") WHERE orders.id = v.id"
}()

// updateOrdersRow is one row of updateOrdersSQL's VALUES, its parameters
// numbered from first.
func updateOrdersRow(first int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "(CAST(%s AS bigint)", param(first))
	for i, c := range orderChanges {
		fmt.Fprintf(&b, ", CAST(%s AS %s)", param(first+1+i), c.pgType)
	}
	b.WriteByte(')')
	return b.String()
}

// flush writes the held updates in one statement (a chunk of the
// parameter limit), then holds nothing.
func (w *orderWrites) flush(ctx context.Context, ex sqlx.ExecerContext) error {
	if w == nil {
		return nil
	}
	if w.err != nil || len(w.ids) == 0 {
		return w.err
	}
	ids, pending := w.ids, w.pending
	w.ids, w.pending = nil, nil
	width := 1 + len(orderChanges)
	err := chunks(len(ids), width, func(i, j int) error {
		var rows strings.Builder
		args := make([]any, 0, width*(j-i))
		for k, id := range ids[i:j] {
			if k > 0 {
				rows.WriteString(", ")
			}
			rows.WriteString(updateOrdersRow(len(args) + 1))
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
