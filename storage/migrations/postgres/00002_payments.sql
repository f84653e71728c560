-- +goose Up

-- An order's payment: the link, reminders, and the transaction that paid it.
ALTER TABLE orders ADD COLUMN payment_link_url text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN link_sent_at     timestamptz;
ALTER TABLE orders ADD COLUMN reminders        integer NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN declines         integer NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN transaction_id   bigint NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN paid_amount      bigint NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN card_last_four   text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN paid_at          timestamptz;
ALTER TABLE orders ADD COLUMN payment_test     boolean NOT NULL DEFAULT false;
-- A two-stage payment held on the card, not yet captured: a refund voids it.
ALTER TABLE orders ADD COLUMN payment_authorized boolean NOT NULL DEFAULT false;
-- The payment jobs look only at unpaid orders.
CREATE INDEX orders_unpaid ON orders (id) WHERE status = 'awaiting_payment';

-- Every payment notification, stored before it is acted on (the webhook
-- answers once it is here), and the payments reconciliation found.
-- order_id is the order the invoice names, which may not exist.
CREATE TABLE payments (
	id                     bigserial PRIMARY KEY,
	kind                   text NOT NULL,
	transaction_id         bigint NOT NULL,
	payment_transaction_id bigint NOT NULL DEFAULT 0,
	invoice_id             text NOT NULL DEFAULT '',
	order_id               bigint NOT NULL DEFAULT 0,
	account_id             text NOT NULL DEFAULT '',
	status                 text NOT NULL DEFAULT '',
	amount                 bigint NOT NULL,
	tiyn                   boolean NOT NULL DEFAULT false,
	currency               text NOT NULL,
	reason_code            integer NOT NULL DEFAULT 0,
	decline                text NOT NULL DEFAULT '',
	card_last_four         text NOT NULL DEFAULT '',
	test                   boolean NOT NULL DEFAULT false,
	received_at            timestamptz NOT NULL,
	handled_at             timestamptz,
	UNIQUE (kind, transaction_id)
);
CREATE INDEX payments_order ON payments (order_id, id);
CREATE INDEX payments_unhandled ON payments (id) WHERE handled_at IS NULL;

-- Money sent back to cards. request_id goes to the provider as X-Request-ID.
CREATE TABLE refunds (
	id                      bigserial PRIMARY KEY,
	order_id                bigint NOT NULL REFERENCES orders (id),
	transaction_id          bigint NOT NULL,
	amount                  bigint NOT NULL CHECK (amount > 0),
	request_id              text NOT NULL UNIQUE,
	status                  text NOT NULL,
	requested_by            text NOT NULL DEFAULT '',
	provider_transaction_id bigint NOT NULL DEFAULT 0,
	error                   text NOT NULL DEFAULT '',
	created_at              timestamptz NOT NULL,
	updated_at              timestamptz NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id, id);
CREATE INDEX refunds_requested ON refunds (id) WHERE status = 'requested';

-- +goose Down
DROP TABLE refunds;
DROP TABLE payments;
DROP INDEX orders_unpaid;
ALTER TABLE orders DROP COLUMN payment_link_url, DROP COLUMN link_sent_at, DROP COLUMN reminders,
	DROP COLUMN declines, DROP COLUMN transaction_id, DROP COLUMN paid_amount,
	DROP COLUMN card_last_four, DROP COLUMN paid_at, DROP COLUMN payment_test, DROP COLUMN payment_authorized;
