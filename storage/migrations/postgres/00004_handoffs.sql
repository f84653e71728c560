-- +goose Up

-- Conversations handed to staff. One open per chat at most.
CREATE TABLE handoffs (
	id        bigserial PRIMARY KEY,
	chat_key  text NOT NULL,
	lang      text NOT NULL,
	opened_at timestamptz NOT NULL,
	last_at   timestamptz NOT NULL,
	closed_at timestamptz,
	closed_by text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX handoffs_open ON handoffs (chat_key) WHERE closed_at IS NULL;
CREATE INDEX handoffs_silent ON handoffs (last_at) WHERE closed_at IS NULL;

-- +goose Down
DROP TABLE handoffs;
