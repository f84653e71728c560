-- +goose Up

-- What staff do with an order: the carrier's tracking number, who took
-- charge of it, when it was delivered (the return window starts there).
ALTER TABLE orders ADD COLUMN tracking     TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN claimed_by   TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN delivered_at TEXT;
CREATE INDEX orders_status ON orders (status, id);
CREATE INDEX orders_phone ON orders (customer_phone, id);

-- The audit trail: who moved an order, when, and why.
CREATE TABLE order_events (
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	order_id INTEGER NOT NULL REFERENCES orders (id),
	at       TEXT NOT NULL,
	actor    TEXT NOT NULL,
	action   TEXT NOT NULL,
	detail   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX order_events_order ON order_events (order_id, id);

-- +goose Down
DROP TABLE order_events;
DROP INDEX orders_phone;
DROP INDEX orders_status;
ALTER TABLE orders DROP COLUMN delivered_at;
ALTER TABLE orders DROP COLUMN claimed_by;
ALTER TABLE orders DROP COLUMN tracking;
