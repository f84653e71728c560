package storage

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/shop"
)

const (
	holidaysSQL = `SELECT day, name, working, source FROM holidays ORDER BY day`

	// upsertHolidaySQL is the same in both dialects.
	upsertHolidaySQL = `INSERT INTO holidays (day, name, working, source, changed_by, changed_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (day) DO UPDATE SET name = excluded.name, working = excluded.working,
	source = excluded.source, changed_by = excluded.changed_by, changed_at = excluded.changed_at`
)

type holidayRow struct {
	Day     string `db:"day"`
	Name    string `db:"name"`
	Working bool   `db:"working"`
	Source  string `db:"source"`
}

// SeedHolidays fills the holiday table with entries once: a table seeded
// before is left as staff made it, even emptied (a settings row records
// the seeding).
func (d *DB) SeedHolidays(ctx context.Context, entries []shop.NonWorkingDay) error {
	return d.inTx(ctx, nil, func(ex *sqlx.Tx) error {
		res, err := ex.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('holidays_seeded', 'yes') ON CONFLICT (key) DO NOTHING`)
		if err != nil {
			return wrap("seed holidays", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return wrap("seed holidays", err) // seeded before (or by another replica just now)
		}
		for _, e := range entries {
			if _, err := ex.ExecContext(ctx, upsertHolidaySQL, e.Day.String(), e.Name, e.Working, e.Source, "seed", optStamp{}); err != nil {
				return wrap("seed holidays", err)
			}
		}
		return nil
	})
}

// Holidays returns the table, oldest first.
func (s domain) Holidays(ctx context.Context) ([]shop.NonWorkingDay, error) {
	var rows []holidayRow
	if err := sqlx.SelectContext(ctx, s.ex, &rows, holidaysSQL); err != nil {
		return nil, wrap("holidays", err)
	}
	out := make([]shop.NonWorkingDay, 0, len(rows))
	for _, r := range rows {
		day, err := shop.ParseDay(r.Day)
		if err != nil {
			return nil, fmt.Errorf("holidays: stored day %q: %w", r.Day, err)
		}
		out = append(out, shop.NonWorkingDay{Day: day, Name: r.Name, Working: r.Working, Source: r.Source})
	}
	return out, nil
}

// SetHoliday adds a day to the table or replaces its entry.
func (s domain) SetHoliday(ctx context.Context, e shop.NonWorkingDay, by string) error {
	_, err := s.ex.ExecContext(ctx, upsertHolidaySQL, e.Day.String(), e.Name, e.Working, e.Source, by, utc(s.now()))
	return wrap("set holiday", err)
}

// DeleteHoliday removes a day from the table; false when it was not there.
func (s domain) DeleteHoliday(ctx context.Context, day shop.Day) (bool, error) {
	res, err := s.ex.ExecContext(ctx, `DELETE FROM holidays WHERE day = $1`, day.String())
	if err != nil {
		return false, wrap("delete holiday", err)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap("delete holiday", err)
}

// Holidays is the domain's Holidays outside a transaction, for jobs that
// count working days (refund deadlines).
func (d *DB) Holidays(ctx context.Context) ([]shop.NonWorkingDay, error) {
	return domain{ex: d.db, d: d.dialect}.Holidays(ctx)
}
