-- +goose Up

-- A payment link's life at the provider: its id (the CloudPayments order
-- Id), when orders/cancel closed it after the order was cancelled unpaid,
-- and the provider's refusal to close it, if it refused.
ALTER TABLE orders ADD COLUMN link_id          TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN link_closed_at   TEXT;
ALTER TABLE orders ADD COLUMN link_close_error TEXT NOT NULL DEFAULT '';
-- The payment service looks for cancelled orders whose link is still open.
CREATE INDEX orders_links_to_close ON orders (id)
	WHERE status = 'cancelled' AND link_id <> '' AND link_closed_at IS NULL AND link_close_error = '';

-- +goose Down
DROP INDEX orders_links_to_close;
ALTER TABLE orders DROP COLUMN link_close_error;
ALTER TABLE orders DROP COLUMN link_closed_at;
ALTER TABLE orders DROP COLUMN link_id;
