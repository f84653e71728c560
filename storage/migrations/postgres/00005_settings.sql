-- +goose Up

-- Values the bot makes once and keeps across restarts (the TEST payment
-- page's signing secret).
CREATE TABLE settings (
	key   text PRIMARY KEY,
	value text NOT NULL
);

-- +goose Down
DROP TABLE settings;
