-- +goose Up

-- Values the bot makes once and keeps across restarts (the TEST payment
-- page's signing secret).
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE settings;
