-- +goose Up

-- The processes sending on each channel now, each until its lease ends
-- unless it beats again: they split the channel's overall sending rate
-- (Telegram's 30 a second is the bot's, not a replica's).
CREATE TABLE senders (
	owner   text NOT NULL,
	channel text NOT NULL,
	until   timestamptz NOT NULL,
	PRIMARY KEY (owner, channel)
);

-- +goose Down
DROP TABLE senders;
