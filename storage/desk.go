package storage

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/shop"
)

const (
	phoneOrdersFrom  = ` FROM orders WHERE customer_phone = $1 ORDER BY id DESC LIMIT $2`
	statusOrdersFrom = ` FROM orders WHERE status = $1 ORDER BY id DESC LIMIT $2`

	insertEventSQL = `INSERT INTO order_events (order_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)`
	orderEventsSQL = `SELECT order_id, at, actor, action, detail FROM order_events WHERE order_id = $1 ORDER BY at, id`
)

type eventRow struct {
	OrderID int64  `db:"order_id"`
	At      stamp  `db:"at"`
	Actor   string `db:"actor"`
	Action  string `db:"action"`
	Detail  string `db:"detail"`
}

// ByPhone returns the latest orders placed with this phone, with their items.
func (s domain) ByPhone(ctx context.Context, phone string, limit int) ([]shop.Order, error) {
	return s.orders(ctx, "orders by phone", phoneOrdersFrom, phone, limit)
}

// ByStatus returns the latest orders in a status, with their items.
func (s domain) ByStatus(ctx context.Context, status shop.OrderStatus, limit int) ([]shop.Order, error) {
	return s.orders(ctx, "orders by status", statusOrdersFrom, string(status), limit)
}

// orders lists the latest limit orders that from picks by arg, with their
// items.
func (s domain) orders(ctx context.Context, op, from string, arg any, limit int) ([]shop.Order, error) {
	if limit <= 0 {
		return nil, nil
	}
	orders, err := selectOrders(ctx, s.ex, s.d, from, arg, limit)
	return orders, wrap(op, err)
}

// AddEvent appends to an order's audit trail.
func (s domain) AddEvent(ctx context.Context, ev shop.OrderEvent) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	_, err := s.ex.ExecContext(ctx, insertEventSQL, ev.OrderID, utc(ev.At), ev.Actor, ev.Action, ev.Detail)
	return wrap("add order event", err)
}

// Events returns an order's audit trail, oldest first.
func (s domain) Events(ctx context.Context, orderID int64) ([]shop.OrderEvent, error) {
	var rows []eventRow
	if err := sqlx.SelectContext(ctx, s.ex, &rows, orderEventsSQL, orderID); err != nil {
		return nil, wrap("order events", err)
	}
	out := make([]shop.OrderEvent, len(rows))
	for i, r := range rows {
		out[i] = shop.OrderEvent{OrderID: r.OrderID, At: r.At.Time(), Actor: r.Actor, Action: r.Action, Detail: r.Detail}
	}
	return out, nil
}

// Digest gathers the morning summary: orders placed since since, the open
// orders by status, and the customers waiting for a person.
func (d *DB) Digest(ctx context.Context, since time.Time) (shop.Digest, error) {
	dg := shop.Digest{Since: since, Open: make(map[shop.OrderStatus]int)}
	var rows []orderRow
	if err := sqlx.SelectContext(ctx, d.db, &rows, `SELECT `+orderColumns+` FROM orders WHERE created_at >= $1 ORDER BY id LIMIT 200`, utc(since)); err != nil {
		return dg, wrap("digest", err)
	}
	for _, r := range rows {
		dg.New = append(dg.New, r.toDomain(nil))
	}
	var counts []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := sqlx.SelectContext(ctx, d.db, &counts, `SELECT status, count(*) AS n FROM orders
WHERE status IN ('awaiting_payment', 'paid', 'processing', 'shipped') GROUP BY status`); err != nil {
		return dg, wrap("digest", err)
	}
	for _, c := range counts {
		dg.Open[shop.OrderStatus(c.Status)] = c.N
	}
	if err := sqlx.GetContext(ctx, d.db, &dg.Handoffs, `SELECT count(*) FROM handoffs WHERE closed_at IS NULL`); err != nil {
		return dg, wrap("digest", err)
	}
	return dg, nil
}
