-- +goose Up

-- The processes sending on each channel now, each until its lease ends
-- unless it beats again: they split the channel's overall sending rate.
-- (One process uses a SQLite file; the table keeps the dialects alike.)
CREATE TABLE senders (
	owner   TEXT NOT NULL,
	channel TEXT NOT NULL,
	until   TEXT NOT NULL,
	PRIMARY KEY (owner, channel)
) STRICT;

-- +goose Down
DROP TABLE senders;
