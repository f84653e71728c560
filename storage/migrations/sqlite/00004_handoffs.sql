-- +goose Up

-- Conversations handed to staff. One open per chat at most.
CREATE TABLE handoffs (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	chat_key  TEXT NOT NULL,
	lang      TEXT NOT NULL,
	opened_at TEXT NOT NULL,
	last_at   TEXT NOT NULL,
	closed_at TEXT,
	closed_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX handoffs_open ON handoffs (chat_key) WHERE closed_at IS NULL;
CREATE INDEX handoffs_silent ON handoffs (last_at) WHERE closed_at IS NULL;

-- +goose Down
DROP TABLE handoffs;
