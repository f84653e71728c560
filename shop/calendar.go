package shop

import (
	"context"
	"fmt"
	"time"
)

// A Day is a calendar date in store time, with no clock and no zone: the
// unit refund terms are counted in. Days compare with == and are map keys;
// use DayOf or ParseDay to make one, since a literal is not checked.
type Day struct {
	Year  int
	Month time.Month
	Day   int
}

// DayOf returns the date that t falls on in loc (UTC when loc is nil). An
// application mailed at 19:30 UTC is already the next day in Astana.
func DayOf(t time.Time, loc *time.Location) Day {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Day{Year: y, Month: m, Day: d}
}

// ParseDay reads a date written as "2026-03-20" and rejects dates that do
// not exist, such as "2026-02-30".
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Day{}, fmt.Errorf("parse day %q: %w", s, err)
	}
	return DayOf(t, time.UTC), nil
}

// String writes d as "2026-03-20", the form ParseDay reads.
func (d Day) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// AddDays returns the day n calendar days after d (before it for negative n).
func (d Day) AddDays(n int) Day {
	return DayOf(d.midnight().AddDate(0, 0, n), time.UTC)
}

// Weekday returns the day of the week d falls on.
func (d Day) Weekday() time.Weekday { return d.midnight().Weekday() }

// Before reports whether d comes earlier than e.
func (d Day) Before(e Day) bool { return d.midnight().Before(e.midnight()) }

// After reports whether d comes later than e.
func (d Day) After(e Day) bool { return d.midnight().After(e.midnight()) }

// midnight is the start of d in UTC, where every day lasts 24 hours, so date
// arithmetic cannot trip over a zone change.
func (d Day) midnight() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// valid reports whether d is a real date (not 30 February, not the zero Day).
func (d Day) valid() bool { return d.AddDays(0) == d }

// NonWorkingDay is one entry of the holiday table: a day off that would
// otherwise be a working day (a holiday on a weekday, a transfer) or, with
// Working set, a Saturday or Sunday the government declared a working day.
type NonWorkingDay struct {
	Day  Day
	Name string // as the calendar names it, in Russian
	// Working marks a working weekend day instead of a day off.
	Working bool
	// Source says where the entry comes from, so staff can tell a
	// published calendar from our own reckoning.
	Source string
}

// Calendar tells working days from days off: Saturday and Sunday are off,
// weekdays work, and the holiday table overrides both. It is built once from
// the table and never changes, so it is safe for concurrent use; when staff
// edit the table, build a new one. The zero Calendar knows only weekends.
type Calendar struct {
	// exceptions maps each day of the table to whether it is a working day.
	exceptions map[Day]bool
}

// NewCalendar builds a calendar from the holiday table. It rejects a day that
// does not exist and a day listed twice, since two entries for one day may
// disagree and nothing says which one wins.
func NewCalendar(entries []NonWorkingDay) (*Calendar, error) {
	c := &Calendar{exceptions: make(map[Day]bool, len(entries))}
	for _, e := range entries {
		if !e.Day.valid() {
			return nil, fmt.Errorf("holiday table: %s (%s) is not a date", e.Day, e.Name)
		}
		if _, dup := c.exceptions[e.Day]; dup {
			return nil, fmt.Errorf("holiday table: %s is listed twice", e.Day)
		}
		c.exceptions[e.Day] = e.Working
	}
	return c, nil
}

// Working reports whether d is a working day: a weekday not in the holiday
// table, or a weekend day the table marks Working.
func (c *Calendar) Working(d Day) bool {
	if working, ok := c.exceptions[d]; ok {
		return working
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// WorkingDayBefore returns the last working day before d: when staff are
// reminded of a refund due on d (a due day off, set by the calendar-day
// limit, is reminded the working day before it too).
func (c *Calendar) WorkingDayBefore(d Day) Day {
	d = d.AddDays(-1)
	for i := 0; i < 366 && !c.Working(d); i++ {
		d = d.AddDays(-1)
	}
	return d
}

// AddWorkingDays returns the n-th working day after d. Day d itself is never
// counted, whatever it is: "within 3 working days after the application"
// starts on the next working day. For n <= 0 it returns d.
func (c *Calendar) AddWorkingDays(d Day, n int) Day {
	for n > 0 {
		d = d.AddDays(1)
		if c.Working(d) {
			n--
		}
	}
	return d
}

// RefundDue returns the last day to refund an application received on the
// given day: workingDays working days after it, but never later than
// calendarDays calendar days after it (the store's 3 working days and the
// law's 10 days; both come from the store profile). When the calendar limit
// is the earlier one, the due day may be a day off.
func (c *Calendar) RefundDue(received Day, workingDays, calendarDays int) Day {
	due := c.AddWorkingDays(received, workingDays)
	if limit := received.AddDays(calendarDays); limit.Before(due) {
		return limit
	}
	return due
}

// The sources of KazakhstanHolidays.
const (
	sourceKZ2026 = "egov 2026 calendar via inform.kz"
	sourceKZ2027 = "computed from the law, unverified"
)

// KazakhstanHolidays returns the seed holiday table for 2026 and 2027, from
// docs/integrations.md §4.2 and §4.3. It lists weekdays only: a holiday on a
// weekend is already a day off, and the weekday it moves to is an entry of its
// own. Each call returns a fresh slice.
func KazakhstanHolidays() []NonWorkingDay {
	d := func(y int, m time.Month, day int) Day { return Day{Year: y, Month: m, Day: day} }
	in2026 := func(m time.Month, day int, name string) NonWorkingDay {
		return NonWorkingDay{Day: d(2026, m, day), Name: name, Source: sourceKZ2026}
	}
	in2027 := func(m time.Month, day int, name string) NonWorkingDay {
		return NonWorkingDay{Day: d(2027, m, day), Name: name, Source: sourceKZ2027}
	}
	return []NonWorkingDay{
		in2026(time.January, 1, "Новый год"),
		in2026(time.January, 2, "Новый год"),
		in2026(time.January, 7, "Православное Рождество"),
		in2026(time.March, 9, "Международный женский день (перенос с 8 марта)"),
		in2026(time.March, 23, "Наурыз мейрамы"),
		in2026(time.March, 24, "Наурыз мейрамы (перенос с 21 марта)"),
		in2026(time.March, 25, "Наурыз мейрамы (перенос с 22 марта)"),
		in2026(time.May, 1, "Праздник единства народа Казахстана"),
		in2026(time.May, 7, "День защитника Отечества"),
		in2026(time.May, 11, "День Победы (перенос с 9 мая)"),
		// The date ДУМК announced; the day may still shift by one.
		in2026(time.May, 27, "Курбан айт"),
		in2026(time.July, 6, "День Столицы"),
		// Constitution Day on Sun 30 August was cancelled in 2026, so the
		// Mon 31 August transfer the egov calendar planned is left out:
		// most likely a working day, not yet confirmed on egov.kz.
		in2026(time.October, 26, "День Республики (перенос с 25 октября)"),
		in2026(time.December, 16, "День Независимости"),

		// No 2027 calendar has been published: these follow the law as it
		// stands, plus Constitution Day on its new date, 15 March, whose
		// amendment to the law has not been seen.
		in2027(time.January, 1, "Новый год"),
		in2027(time.January, 4, "Новый год (перенос со 2 января)"),
		in2027(time.January, 7, "Православное Рождество"),
		in2027(time.March, 8, "Международный женский день"),
		in2027(time.March, 15, "День Конституции"),
		in2027(time.March, 22, "Наурыз мейрамы"),
		in2027(time.March, 23, "Наурыз мейрамы"),
		in2027(time.March, 24, "Наурыз мейрамы (перенос с 21 марта)"),
		in2027(time.May, 3, "Праздник единства народа Казахстана (перенос с 1 мая)"),
		in2027(time.May, 7, "День защитника Отечества"),
		in2027(time.May, 10, "День Победы (перенос с 9 мая)"),
		// Kurban Ait 2027 is left out: its date is only an estimate (about
		// Sun 16 May, give or take a day). Staff add it when ДУМК publishes
		// it, usually in November; a religious holiday is not transferred,
		// so it is an entry only if it falls on a weekday.
		in2027(time.July, 6, "День Столицы"),
		in2027(time.October, 25, "День Республики"),
		in2027(time.December, 16, "День Независимости"),
	}
}

// HolidayTable is the calendar's table as staff edit it.
type HolidayTable interface {
	// Holidays returns the table, oldest first.
	Holidays(ctx context.Context) ([]NonWorkingDay, error)
	// SetHoliday adds a day or replaces its entry; by is who did it.
	SetHoliday(ctx context.Context, e NonWorkingDay, by string) error
	// DeleteHoliday removes a day; false when it was not in the table.
	DeleteHoliday(ctx context.Context, day Day) (bool, error)
}
