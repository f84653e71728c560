-- +goose Up

-- Customers' applications for a refund: the store's form, filled from the
-- order and the customer's answers. Money is whole tenge; lines are the
-- items returned, as JSON; due is the last day (YYYY-MM-DD, store time)
-- the refund may reach the card. The personal fields (full_name, phone,
-- email, return_by, reason) are blanked when the customer asks to be
-- forgotten; the claim stays, for the accounts.
CREATE TABLE claims (
	id             bigserial PRIMARY KEY,
	order_id       bigint NOT NULL REFERENCES orders (id),
	chat_key       text NOT NULL,
	lang           text NOT NULL,
	kind           text NOT NULL,
	lines          jsonb NOT NULL,
	delivery       bigint NOT NULL DEFAULT 0,
	amount         bigint NOT NULL CHECK (amount >= 0),
	reason         text NOT NULL DEFAULT '',
	full_name      text NOT NULL DEFAULT '',
	phone          text NOT NULL DEFAULT '',
	email          text NOT NULL DEFAULT '',
	card_last_four text NOT NULL DEFAULT '',
	return_by      text NOT NULL DEFAULT '',
	ordered_at     timestamptz,
	paid_amount    bigint NOT NULL DEFAULT 0,
	submitted_at   timestamptz NOT NULL,
	due            text NOT NULL DEFAULT '',
	status         text NOT NULL,
	decided_by     text NOT NULL DEFAULT '',
	decided_at     timestamptz,
	note           text NOT NULL DEFAULT '',
	refund_id      bigint REFERENCES refunds (id),
	attachments    integer NOT NULL DEFAULT 0,
	closed_at      timestamptz,
	reminded_at    timestamptz,
	overdue_at     timestamptz
);
CREATE INDEX claims_chat ON claims (chat_key, id);
CREATE INDEX claims_order ON claims (order_id, id);
-- A refund is sent for one claim at most.
CREATE UNIQUE INDEX claims_refund ON claims (refund_id) WHERE refund_id IS NOT NULL;
-- The reminder job reads open claims, the nearest deadline first.
CREATE INDEX claims_open ON claims (due, id) WHERE status IN ('received', 'approved');
-- The retention job finds claims closed long enough ago.
CREATE INDEX claims_closed ON claims (closed_at) WHERE closed_at IS NOT NULL;

-- A claim's files: the application PDF the bot made, the customer's ID
-- copy and receipts. data holds the content (NULL when not stored: only the
-- messenger's ref, or nothing once deleted), encrypted when sealed.
CREATE TABLE claim_files (
	id         bigserial PRIMARY KEY,
	claim_id   bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	kind       text NOT NULL,
	name       text NOT NULL DEFAULT '',
	mime       text NOT NULL DEFAULT '',
	photo      boolean NOT NULL DEFAULT false,
	ref        text NOT NULL DEFAULT '',
	data       bytea,
	sealed     boolean NOT NULL DEFAULT false,
	created_at timestamptz NOT NULL
);
CREATE INDEX claim_files_claim ON claim_files (claim_id, id);
-- Customers' files the store job still has to download.
CREATE INDEX claim_files_to_store ON claim_files (id) WHERE ref <> '' AND data IS NULL;

-- +goose Down
DROP TABLE claim_files;
DROP TABLE claims;
