package storage_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

func day(y int, m time.Month, d int) shop.Day { return shop.Day{Year: y, Month: m, Day: d} }

func holidays(t testing.TB, db *storage.DB) []shop.NonWorkingDay {
	t.Helper()
	var got []shop.NonWorkingDay
	withFlows(t, db, func(st flows.Store) error {
		var err error
		got, err = st.Holidays(context.Background())
		return err
	})
	return got
}

func setHoliday(t testing.TB, db *storage.DB, e shop.NonWorkingDay, by string) {
	t.Helper()
	withFlows(t, db, func(st flows.Store) error { return st.SetHoliday(context.Background(), e, by) })
}

func deleteHoliday(t testing.TB, db *storage.DB, d shop.Day) bool {
	t.Helper()
	var removed bool
	withFlows(t, db, func(st flows.Store) error {
		var err error
		removed, err = st.DeleteHoliday(context.Background(), d)
		return err
	})
	return removed
}

func seedHolidays(t testing.TB, db *storage.DB, entries []shop.NonWorkingDay) {
	t.Helper()
	if err := db.SeedHolidays(context.Background(), entries); err != nil {
		t.Fatalf("SeedHolidays: %v", err)
	}
}

// sameHolidays fails unless got is want, entry for entry.
func sameHolidays(t testing.TB, what string, got, want []shop.NonWorkingDay) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: Holidays =\n%+v\nwant\n%+v", what, got, want)
	}
}

// changedRows counts the rows of day changed by by at at (NULL when at is
// zero).
func changedRows(t testing.TB, db *storage.DB, d shop.Day, by string, at time.Time) int {
	t.Helper()
	if at.IsZero() {
		return countRows(t, db, `SELECT count(*) FROM holidays WHERE day = $1 AND changed_by = $2 AND changed_at IS NULL`, d.String(), by)
	}
	return countRows(t, db, `SELECT count(*) FROM holidays WHERE day = $1 AND changed_by = $2 AND changed_at = $3`,
		d.String(), by, stored(at).Format("2006-01-02T15:04:05.000000Z"))
}

// TestSeedHolidays: the seed fills an empty table, read back oldest first
// however it was listed, and never touches a table that has rows.
func TestSeedHolidays(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		want := shop.KazakhstanHolidays()
		if len(want) != 28 {
			t.Fatalf("KazakhstanHolidays has %d entries, want 28", len(want))
		}
		for i := 1; i < len(want); i++ {
			if !want[i-1].Day.Before(want[i].Day) {
				t.Fatalf("KazakhstanHolidays: %s before %s", want[i-1].Day, want[i].Day)
			}
		}
		sameHolidays(t, "empty table", holidays(t, db), nil)

		// Listed newest first: the table still reads oldest first.
		reversed := slices.Clone(want)
		slices.Reverse(reversed)
		seedHolidays(t, db, reversed)
		sameHolidays(t, "after seed", holidays(t, db), want)
		if n := countRows(t, db, `SELECT count(*) FROM holidays WHERE changed_by = 'seed' AND changed_at IS NULL`); n != len(want) {
			t.Errorf("%d rows marked as seeded, want %d", n, len(want))
		}

		// Seeding again changes nothing.
		seedHolidays(t, db, want)
		sameHolidays(t, "seeded twice", holidays(t, db), want)

		// Staff remove one day and rename another; a restart seeds again,
		// and both changes stay.
		gone, renamed := day(2026, time.May, 27), day(2026, time.July, 6)
		if !deleteHoliday(t, db, gone) {
			t.Fatalf("DeleteHoliday(%s) = false, want true", gone)
		}
		staff := shop.NonWorkingDay{Day: renamed, Name: "День Столицы (Астана)", Source: "staff: @aigul (1)"}
		setHoliday(t, db, staff, "@aigul (1)")
		var edited []shop.NonWorkingDay
		for _, e := range want {
			switch e.Day {
			case gone:
			case renamed:
				edited = append(edited, staff)
			default:
				edited = append(edited, e)
			}
		}
		sameHolidays(t, "after staff edits", holidays(t, db), edited)

		seedHolidays(t, db, shop.KazakhstanHolidays())
		sameHolidays(t, "seeded after staff edits", holidays(t, db), edited)
		if n := changedRows(t, db, renamed, "@aigul (1)", t0); n != 1 {
			t.Errorf("renamed day: %d rows changed by staff at %v, want 1", n, t0)
		}
	})
}

// TestSetHoliday: SetHoliday adds a day or replaces its entry, and records
// who did it and when.
func TestSetHoliday(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		seedHolidays(t, db, shop.KazakhstanHolidays())
		kurban := day(2027, time.May, 17)
		first := shop.NonWorkingDay{Day: kurban, Name: "Курбан айт", Source: "staff: @aigul (1)"}
		at := clk.Add(time.Minute + 321*time.Nanosecond)
		setHoliday(t, db, first, "@aigul (1)")

		got := holidays(t, db)
		if len(got) != 29 {
			t.Fatalf("%d entries after adding one to 28", len(got))
		}
		i := slices.IndexFunc(got, func(e shop.NonWorkingDay) bool { return e.Day == kurban })
		if i < 0 || got[i] != first {
			t.Fatalf("added %+v, table %+v", first, got)
		}
		// Between 10 May (Victory Day) and 6 July (Capital Day).
		if got[i-1].Day != day(2027, time.May, 10) || got[i+1].Day != day(2027, time.July, 6) {
			t.Errorf("added day between %s and %s", got[i-1].Day, got[i+1].Day)
		}
		if n := changedRows(t, db, kurban, "@aigul (1)", at); n != 1 {
			t.Errorf("%d rows changed by @aigul (1) at %v, want 1", n, stored(at))
		}

		// Replaced: name, working and source, by someone else, later.
		second := shop.NonWorkingDay{Day: kurban, Name: "Курбан айт (перенос)", Working: true, Source: "staff: @dana (2)"}
		later := clk.Add(time.Hour)
		setHoliday(t, db, second, "@dana (2)")
		got = holidays(t, db)
		if len(got) != 29 || got[i] != second {
			t.Errorf("after replacing: %d entries, entry %+v; want 29, %+v", len(got), got[i], second)
		}
		if n := changedRows(t, db, kurban, "@dana (2)", later); n != 1 {
			t.Errorf("%d rows changed by @dana (2) at %v, want 1", n, stored(later))
		}

		// A seeded day staff overwrite stops being a seed row.
		newYear := day(2027, time.January, 1)
		setHoliday(t, db, shop.NonWorkingDay{Day: newYear, Name: "Жаңа жыл", Source: "staff: @dana (2)"}, "@dana (2)")
		if n := changedRows(t, db, newYear, "@dana (2)", later); n != 1 {
			t.Errorf("overwritten seed row: %d rows changed by @dana (2), want 1", n)
		}
	})
}

// TestHolidayWorkingWeekend: a Saturday declared working comes back
// working, beside days off.
func TestHolidayWorkingWeekend(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		off := shop.NonWorkingDay{Day: day(2026, time.November, 27), Name: "выходной за субботу", Source: "staff: @aigul (1)"}
		saturday := shop.NonWorkingDay{Day: day(2026, time.November, 28), Name: "перенос", Working: true, Source: "staff: @aigul (1)"}
		if saturday.Day.Weekday() != time.Saturday {
			t.Fatalf("%s is a %s", saturday.Day, saturday.Day.Weekday())
		}
		setHoliday(t, db, saturday, "@aigul (1)")
		setHoliday(t, db, off, "@aigul (1)")
		sameHolidays(t, "working Saturday", holidays(t, db), []shop.NonWorkingDay{off, saturday})
	})
}

// TestDeleteHoliday: true when the day was there, then false; other days
// stay.
func TestDeleteHoliday(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		if deleteHoliday(t, db, day(2027, time.May, 17)) {
			t.Error("DeleteHoliday on an empty table = true")
		}
		seedHolidays(t, db, shop.KazakhstanHolidays())
		victory := day(2027, time.May, 10)
		if !deleteHoliday(t, db, victory) {
			t.Errorf("DeleteHoliday(%s) = false, want true", victory)
		}
		if deleteHoliday(t, db, victory) {
			t.Errorf("DeleteHoliday(%s) again = true, want false", victory)
		}
		if deleteHoliday(t, db, day(2027, time.May, 17)) {
			t.Error("DeleteHoliday of a day never there = true")
		}
		want := slices.DeleteFunc(shop.KazakhstanHolidays(), func(e shop.NonWorkingDay) bool { return e.Day == victory })
		sameHolidays(t, "after delete", holidays(t, db), want)
	})
}

// TestSeedHolidaysOnce: a table staff emptied stays empty after a restart;
// seeding happens once per database.
func TestSeedHolidaysOnce(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		seed := shop.KazakhstanHolidays()
		seedHolidays(t, db, seed)
		for _, e := range seed {
			if !deleteHoliday(t, db, e.Day) {
				t.Fatalf("%s was not there", e.Day)
			}
		}
		seedHolidays(t, db, seed) // the next start
		if got := holidays(t, db); len(got) != 0 {
			t.Errorf("%d days back after staff removed them all", len(got))
		}
	})
}
