-- +goose Up

-- Customers' applications for a refund: the store's form, filled from the
-- order and the customer's answers. Money is whole tenge; lines are the
-- items returned, as JSON; due is the last day (YYYY-MM-DD, store time)
-- the refund may reach the card. The personal fields (full_name, phone,
-- email, return_by, reason) are blanked when the customer asks to be
-- forgotten; the claim stays, for the accounts.
CREATE TABLE claims (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	order_id       INTEGER NOT NULL REFERENCES orders (id),
	chat_key       TEXT NOT NULL,
	lang           TEXT NOT NULL,
	kind           TEXT NOT NULL,
	lines          TEXT NOT NULL,
	delivery       INTEGER NOT NULL DEFAULT 0,
	amount         INTEGER NOT NULL CHECK (amount >= 0),
	reason         TEXT NOT NULL DEFAULT '',
	full_name      TEXT NOT NULL DEFAULT '',
	phone          TEXT NOT NULL DEFAULT '',
	email          TEXT NOT NULL DEFAULT '',
	card_last_four TEXT NOT NULL DEFAULT '',
	return_by      TEXT NOT NULL DEFAULT '',
	ordered_at     TEXT,
	paid_amount    INTEGER NOT NULL DEFAULT 0,
	submitted_at   TEXT NOT NULL,
	due            TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL,
	decided_by     TEXT NOT NULL DEFAULT '',
	decided_at     TEXT,
	note           TEXT NOT NULL DEFAULT '',
	refund_id      INTEGER REFERENCES refunds (id),
	attachments    INTEGER NOT NULL DEFAULT 0,
	closed_at      TEXT,
	reminded_at    TEXT,
	overdue_at     TEXT
) STRICT;
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
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	claim_id   INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	name       TEXT NOT NULL DEFAULT '',
	mime       TEXT NOT NULL DEFAULT '',
	photo      INTEGER NOT NULL DEFAULT 0,
	ref        TEXT NOT NULL DEFAULT '',
	data       BLOB,
	sealed     INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX claim_files_claim ON claim_files (claim_id, id);
-- Customers' files the store job still has to download.
CREATE INDEX claim_files_to_store ON claim_files (id) WHERE ref <> '' AND data IS NULL;

-- +goose Down
DROP TABLE claim_files;
DROP TABLE claims;
