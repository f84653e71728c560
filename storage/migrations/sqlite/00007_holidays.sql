-- +goose Up

-- The Kazakhstan working-day calendar refund deadlines count in: weekdays
-- that are days off (holidays, their transfers) and weekend days declared
-- working. Seeded for 2026 and 2027 at start; staff edit it from their
-- chat (/holiday), since the government decides transfers every year.
CREATE TABLE holidays (
	day        TEXT PRIMARY KEY, -- YYYY-MM-DD, a date in store time
	name       TEXT NOT NULL,
	working    INTEGER NOT NULL DEFAULT 0,
	source     TEXT NOT NULL DEFAULT '',
	changed_by TEXT NOT NULL DEFAULT '',
	changed_at TEXT
) STRICT;

-- +goose Down
DROP TABLE holidays;
