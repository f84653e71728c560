-- +goose Up

-- The Kazakhstan working-day calendar refund deadlines count in: weekdays
-- that are days off (holidays, their transfers) and weekend days declared
-- working. Seeded for 2026 and 2027 at start; staff edit it from their
-- chat (/holiday), since the government decides transfers every year.
CREATE TABLE holidays (
	day        text PRIMARY KEY, -- YYYY-MM-DD, a date in store time
	name       text NOT NULL,
	working    boolean NOT NULL DEFAULT false,
	source     text NOT NULL DEFAULT '',
	changed_by text NOT NULL DEFAULT '',
	changed_at timestamptz
);

-- +goose Down
DROP TABLE holidays;
