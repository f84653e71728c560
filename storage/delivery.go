package storage

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/shop"
)

// expressOrdersFrom picks the express orders the courier worker follows:
// requests to price or release, and paid orders until delivered. The
// condition matches the orders_express index.
const expressOrdersFrom = ` FROM orders
WHERE delivery_method = 'express' AND status IN ('awaiting_quote', 'paid', 'processing', 'shipped')
AND id > $1 ORDER BY id LIMIT $2`

// ExpressOrders returns up to limit open express orders with an id above
// after, oldest first, with their items (a courier claim lists them).
func (d *DB) ExpressOrders(ctx context.Context, after int64, limit int) ([]shop.Order, error) {
	if limit <= 0 {
		return nil, nil
	}
	orders, err := selectOrders(ctx, d.db, d.dialect, expressOrdersFrom, after, limit)
	return orders, wrap("express orders", err)
}

// shipmentsSQL lists the CDEK shipments the tracking job follows: shipped
// with a tracking number and not yet delivered.
const shipmentsSQL = `SELECT ` + orderColumns + ` FROM orders
WHERE status = 'shipped' AND tracking <> '' AND delivery_method IN ('pickup', 'courier')
AND id > $1 ORDER BY id LIMIT $2`

// Shipments returns up to limit CDEK shipments in transit with an id above
// after, oldest first, without their items.
func (d *DB) Shipments(ctx context.Context, after int64, limit int) ([]shop.Order, error) {
	if limit <= 0 {
		return nil, nil
	}
	var rows []orderRow
	if err := sqlx.SelectContext(ctx, d.db, &rows, shipmentsSQL, after, limit); err != nil {
		return nil, wrap("shipments", err)
	}
	out := make([]shop.Order, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(nil)
	}
	return out, nil
}
