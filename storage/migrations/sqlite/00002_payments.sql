-- +goose Up

-- An order's payment: the link, reminders, and the transaction that paid it.
ALTER TABLE orders ADD COLUMN payment_link_url TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN link_sent_at     TEXT;
ALTER TABLE orders ADD COLUMN reminders        INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN declines         INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN transaction_id   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN paid_amount      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN card_last_four   TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN paid_at          TEXT;
ALTER TABLE orders ADD COLUMN payment_test     INTEGER NOT NULL DEFAULT 0;
-- A two-stage payment held on the card, not yet captured: a refund voids it.
ALTER TABLE orders ADD COLUMN payment_authorized INTEGER NOT NULL DEFAULT 0;
-- The payment jobs look only at unpaid orders.
CREATE INDEX orders_unpaid ON orders (id) WHERE status = 'awaiting_payment';

-- Every payment notification, stored before it is acted on (the webhook
-- answers once it is here), and the payments reconciliation found.
-- order_id is the order the invoice names, which may not exist.
CREATE TABLE payments (
	id                     INTEGER PRIMARY KEY AUTOINCREMENT,
	kind                   TEXT NOT NULL,
	transaction_id         INTEGER NOT NULL,
	payment_transaction_id INTEGER NOT NULL DEFAULT 0,
	invoice_id             TEXT NOT NULL DEFAULT '',
	order_id               INTEGER NOT NULL DEFAULT 0,
	account_id             TEXT NOT NULL DEFAULT '',
	status                 TEXT NOT NULL DEFAULT '',
	amount                 INTEGER NOT NULL,
	tiyn                   INTEGER NOT NULL DEFAULT 0,
	currency               TEXT NOT NULL,
	reason_code            INTEGER NOT NULL DEFAULT 0,
	decline                TEXT NOT NULL DEFAULT '',
	card_last_four         TEXT NOT NULL DEFAULT '',
	test                   INTEGER NOT NULL DEFAULT 0,
	received_at            TEXT NOT NULL,
	handled_at             TEXT,
	UNIQUE (kind, transaction_id)
) STRICT;
CREATE INDEX payments_order ON payments (order_id, id);
CREATE INDEX payments_unhandled ON payments (id) WHERE handled_at IS NULL;

-- Money sent back to cards. request_id goes to the provider as X-Request-ID.
CREATE TABLE refunds (
	id                      INTEGER PRIMARY KEY AUTOINCREMENT,
	order_id                INTEGER NOT NULL REFERENCES orders (id),
	transaction_id          INTEGER NOT NULL,
	amount                  INTEGER NOT NULL CHECK (amount > 0),
	request_id              TEXT NOT NULL UNIQUE,
	status                  TEXT NOT NULL,
	requested_by            TEXT NOT NULL DEFAULT '',
	provider_transaction_id INTEGER NOT NULL DEFAULT 0,
	error                   TEXT NOT NULL DEFAULT '',
	created_at              TEXT NOT NULL,
	updated_at              TEXT NOT NULL
) STRICT;
CREATE INDEX refunds_order ON refunds (order_id, id);
CREATE INDEX refunds_requested ON refunds (id) WHERE status = 'requested';

-- +goose Down
DROP TABLE refunds;
DROP TABLE payments;
DROP INDEX orders_unpaid;
ALTER TABLE orders DROP COLUMN payment_authorized;
ALTER TABLE orders DROP COLUMN payment_test;
ALTER TABLE orders DROP COLUMN paid_at;
ALTER TABLE orders DROP COLUMN card_last_four;
ALTER TABLE orders DROP COLUMN paid_amount;
ALTER TABLE orders DROP COLUMN transaction_id;
ALTER TABLE orders DROP COLUMN declines;
ALTER TABLE orders DROP COLUMN reminders;
ALTER TABLE orders DROP COLUMN link_sent_at;
ALTER TABLE orders DROP COLUMN payment_link_url;
