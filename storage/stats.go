package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lete-store/letebot/shop"
)

const (
	outboxStatsSQL    = `SELECT count(*), min(created_at) FROM outbox`
	ordersByStatusSQL = `SELECT status, count(*) FROM orders GROUP BY status`
)

// OutboxStats reports how many replies wait in the outbox and when the
// oldest of them was queued (zero when none wait).
func (d *DB) OutboxStats(ctx context.Context) (waiting int, oldest time.Time, err error) {
	var min sql.Null[stamp]
	if err := d.db.QueryRowContext(ctx, outboxStatsSQL).Scan(&waiting, &min); err != nil {
		return 0, time.Time{}, wrap("outbox stats", err)
	}
	if min.Valid {
		oldest = min.V.Time()
	}
	return waiting, oldest, nil
}

// CountByStatus counts the rows of a table with a status column (claims,
// refunds) in each status. The table is one of a fixed few, never input.
func (d *DB) CountByStatus(ctx context.Context, table string) (map[string]int, error) {
	switch table {
	case "claims", "refunds":
	default:
		return nil, fmt.Errorf("count by status: table %q is not counted", table)
	}
	rows, err := d.db.QueryContext(ctx, `SELECT status, count(*) FROM `+table+` GROUP BY status`)
	if err != nil {
		return nil, wrap(table+" by status", err)
	}
	defer rows.Close()
	out := make(map[string]int)
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, wrap(table+" by status", err)
		}
		out[s] = n
	}
	return out, wrap(table+" by status", rows.Err())
}

// OrdersByStatus counts the orders in each status.
func (d *DB) OrdersByStatus(ctx context.Context) (map[shop.OrderStatus]int, error) {
	rows, err := d.db.QueryContext(ctx, ordersByStatusSQL)
	if err != nil {
		return nil, wrap("orders by status", err)
	}
	defer rows.Close()
	out := make(map[shop.OrderStatus]int)
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, wrap("orders by status", err)
		}
		out[shop.OrderStatus(s)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orders by status: %w", err)
	}
	return out, nil
}
