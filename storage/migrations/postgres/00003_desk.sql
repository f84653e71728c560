-- +goose Up

-- What staff do with an order: the carrier's tracking number, who took
-- charge of it, when it was delivered (the return window starts there).
ALTER TABLE orders ADD COLUMN tracking     text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN claimed_by   text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN delivered_at timestamptz;
CREATE INDEX orders_status ON orders (status, id);
CREATE INDEX orders_phone ON orders (customer_phone, id);

-- The audit trail: who moved an order, when, and why.
CREATE TABLE order_events (
	id       bigserial PRIMARY KEY,
	order_id bigint NOT NULL REFERENCES orders (id),
	at       timestamptz NOT NULL,
	actor    text NOT NULL,
	action   text NOT NULL,
	detail   text NOT NULL DEFAULT ''
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- +goose Down
DROP TABLE order_events;
DROP INDEX orders_phone;
DROP INDEX orders_status;
ALTER TABLE orders DROP COLUMN tracking, DROP COLUMN claimed_by, DROP COLUMN delivered_at;
