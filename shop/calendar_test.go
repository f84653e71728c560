package shop

import (
	"testing"
	"time"
)

// mustDay parses a "2026-03-20" date or fails the test.
func mustDay(t *testing.T, s string) Day {
	t.Helper()
	d, err := ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// kzCalendar is the calendar of the seed table, with extra entries.
func kzCalendar(t *testing.T, extra ...NonWorkingDay) *Calendar {
	t.Helper()
	return mustCalendar(t, append(KazakhstanHolidays(), extra...))
}

// mustCalendar builds a calendar or fails the test.
func mustCalendar(t *testing.T, entries []NonWorkingDay) *Calendar {
	t.Helper()
	c, err := NewCalendar(entries)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// daysOff returns entries for every day from first to last, both included.
func daysOff(t *testing.T, first, last string) []NonWorkingDay {
	t.Helper()
	var entries []NonWorkingDay
	for d, end := mustDay(t, first), mustDay(t, last); !d.After(end); d = d.AddDays(1) {
		entries = append(entries, NonWorkingDay{Day: d, Name: "test holiday"})
	}
	return entries
}

func TestRefundDue(t *testing.T) {
	kz := kzCalendar(t)
	tests := []struct {
		name     string
		cal      *Calendar
		received string
		working  int
		calendar int
		want     string
	}{
		// The refunds issue's cases.
		{"Fri before Nauryz: 23-25 Mar off", kz, "2026-03-20", 3, 10, "2026-03-30"},
		{"Wed before Defender's Day and the Victory Day transfer", kz, "2026-05-06", 3, 10, "2026-05-13"},

		// 2026 from the calendar.
		{"New Year and Christmas", kz, "2025-12-31", 3, 10, "2026-01-08"},
		{"Women's Day transfer on Mon 9 Mar", kz, "2026-03-06", 3, 10, "2026-03-12"},
		{"Kurban Ait on Wed 27 May", kz, "2026-05-26", 3, 10, "2026-06-01"},
		{"Capital Day on Mon 6 Jul", kz, "2026-07-03", 3, 10, "2026-07-09"},
		{"Mon 31 Aug is a working day", kz, "2026-08-28", 3, 10, "2026-09-02"},
		{"Republic Day transfer on Mon 26 Oct", kz, "2026-10-23", 3, 10, "2026-10-29"},
		{"Independence Day on Wed 16 Dec", kz, "2026-12-15", 3, 10, "2026-12-21"},
		{"Catholic Christmas is a working day", kz, "2026-12-23", 3, 10, "2026-12-28"},

		// 2027, provisional.
		{"New Year 2027 and the 4 Jan transfer", kz, "2026-12-31", 3, 10, "2027-01-08"},
		{"Constitution Day on Mon 15 Mar 2027", kz, "2027-03-12", 3, 10, "2027-03-18"},
		{"Nauryz 2027, working days end on the cap", kz, "2027-03-19", 3, 10, "2027-03-29"},

		// The application day itself is never counted.
		{"received on a Saturday", kz, "2026-06-13", 3, 10, "2026-06-17"},
		{"received on a Saturday before Capital Day", kz, "2026-07-04", 3, 10, "2026-07-09"},
		{"received on a holiday", kz, "2026-05-07", 3, 10, "2026-05-13"},
		{"received on Nauryz", kz, "2026-03-23", 3, 10, "2026-03-30"},

		// A working Saturday counts.
		{"working Saturday override", kzCalendar(t, NonWorkingDay{Day: mustDay(t, "2026-03-28"), Name: "рабочая суббота", Working: true}),
			"2026-03-20", 3, 10, "2026-03-28"},

		// The calendar-day cap.
		{"cap cuts a long holiday run, due on a day off",
			mustCalendar(t, daysOff(t, "2026-03-23", "2026-04-03")), "2026-03-20", 3, 10, "2026-03-30"},
		{"cap cuts many working days", &Calendar{}, "2026-03-20", 10, 10, "2026-03-30"},
		{"cap not reached", &Calendar{}, "2026-03-20", 3, 10, "2026-03-25"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.cal.RefundDue(mustDay(t, tc.received), tc.working, tc.calendar)
			if want := mustDay(t, tc.want); got != want {
				t.Errorf("RefundDue(%s, %d, %d) = %s %s, want %s %s",
					tc.received, tc.working, tc.calendar, got, got.Weekday(), want, want.Weekday())
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	kz := kzCalendar(t)
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"zero from a working day", "2026-03-20", 0, "2026-03-20"},
		{"zero from a Saturday", "2026-03-21", 0, "2026-03-21"},
		{"zero from a holiday", "2026-03-23", 0, "2026-03-23"},
		{"negative is zero", "2026-03-20", -2, "2026-03-20"},
		{"one from a Friday is Monday", "2026-06-12", 1, "2026-06-15"},
		{"one from a working day skips a holiday", "2026-05-06", 1, "2026-05-08"},
		{"one from a holiday", "2026-01-01", 1, "2026-01-05"},
		{"ten across Nauryz", "2026-03-20", 10, "2026-04-08"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := kz.AddWorkingDays(mustDay(t, tc.from), tc.n), mustDay(t, tc.want); got != want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tc.from, tc.n, got, want)
			}
		})
	}
}

func TestWorkingDayBefore(t *testing.T) {
	kz := kzCalendar(t)
	for _, tc := range []struct{ name, day, want string }{
		{"Tuesday: Monday", "2026-06-16", "2026-06-15"},
		{"Monday: Friday", "2026-06-15", "2026-06-12"},
		{"after Nauryz: the Friday before it", "2026-03-26", "2026-03-20"},
		{"a Sunday due day: Friday", "2026-06-14", "2026-06-12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := kz.WorkingDayBefore(mustDay(t, tc.day)), mustDay(t, tc.want); got != want {
				t.Errorf("WorkingDayBefore(%s) = %s, want %s", tc.day, got, want)
			}
		})
	}
}

func TestWorking(t *testing.T) {
	kz := kzCalendar(t,
		NonWorkingDay{Day: mustDay(t, "2026-11-07"), Name: "рабочая суббота", Working: true},
		NonWorkingDay{Day: mustDay(t, "2026-11-08"), Name: "выходное воскресенье"}, // a day off that was one anyway
	)
	tests := []struct {
		day     string
		working bool
	}{
		{"2026-03-20", true},  // Friday
		{"2026-03-21", false}, // Saturday
		{"2026-03-22", false}, // Sunday
		{"2026-03-23", false}, // Nauryz
		{"2026-03-26", true},  // Thursday after Nauryz
		{"2026-03-15", false}, // the referendum: a Sunday, not a holiday
		{"2026-08-30", false}, // Sunday, no longer Constitution Day
		{"2026-08-31", true},  // the cancelled transfer
		{"2026-12-17", true},  // 17 December is no longer a holiday
		{"2026-12-25", true},  // Catholic Christmas is not a holiday in Kazakhstan
		{"2026-12-01", true},  // 1 December is no longer a holiday
		{"2027-03-15", false}, // Constitution Day, new date
		{"2027-08-30", true},  // the old Constitution Day
		{"2026-11-07", true},  // working Saturday override
		{"2026-11-08", false}, // a Sunday in the table stays off
		{"2028-01-03", true},  // beyond the seed: a plain Monday
	}
	for _, tc := range tests {
		t.Run(tc.day, func(t *testing.T) {
			if got := kz.Working(mustDay(t, tc.day)); got != tc.working {
				t.Errorf("Working(%s) = %v, want %v", tc.day, got, tc.working)
			}
		})
	}
	var zero Calendar
	if !zero.Working(mustDay(t, "2026-03-23")) || zero.Working(mustDay(t, "2026-03-21")) {
		t.Error("the zero Calendar should know weekends only")
	}
}

func TestNewCalendar(t *testing.T) {
	off := func(s string) NonWorkingDay { return NonWorkingDay{Day: mustDay(t, s), Name: "x"} }
	tests := []struct {
		name    string
		entries []NonWorkingDay
		ok      bool
	}{
		{"empty", nil, true},
		{"the seed table", KazakhstanHolidays(), true},
		{"duplicate day", []NonWorkingDay{off("2026-03-23"), off("2026-03-24"), off("2026-03-23")}, false},
		{"duplicate day that disagrees", []NonWorkingDay{off("2026-11-07"), {Day: mustDay(t, "2026-11-07"), Working: true}}, false},
		{"30 February", []NonWorkingDay{{Day: Day{2026, time.February, 30}}}, false},
		{"zero day", []NonWorkingDay{{Name: "blank row"}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewCalendar(tc.entries)
			if tc.ok && (err != nil || c == nil) {
				t.Fatalf("NewCalendar: %v", err)
			}
			if !tc.ok && err == nil {
				t.Fatal("NewCalendar accepted a bad table")
			}
		})
	}
}

func TestDayOf(t *testing.T) {
	almaty, err := time.LoadLocation("Asia/Almaty")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"UTC evening is the next Almaty day", time.Date(2026, 3, 20, 19, 30, 0, 0, time.UTC), almaty, "2026-03-21"},
		{"last second of the Almaty day", time.Date(2026, 3, 20, 18, 59, 59, 0, time.UTC), almaty, "2026-03-20"},
		{"Almaty midnight", time.Date(2026, 3, 20, 19, 0, 0, 0, time.UTC), almaty, "2026-03-21"},
		{"Almaty New Year's Eve", time.Date(2026, 12, 31, 19, 0, 0, 0, time.UTC), almaty, "2027-01-01"},
		{"UTC+6 before March 2024", time.Date(2024, 2, 28, 18, 30, 0, 0, time.UTC), almaty, "2024-02-29"},
		{"a time given in Almaty", time.Date(2026, 3, 20, 23, 59, 0, 0, almaty), almaty, "2026-03-20"},
		{"nil location is UTC", time.Date(2026, 3, 20, 19, 30, 0, 0, time.UTC), nil, "2026-03-20"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := DayOf(tc.t, tc.loc); got.String() != tc.want {
				t.Errorf("DayOf(%s) = %s, want %s", tc.t.Format(time.RFC3339), got, tc.want)
			}
		})
	}
}

func TestDayArithmetic(t *testing.T) {
	tests := []struct {
		from    string
		n       int
		want    string
		weekday time.Weekday // of want
	}{
		{"2026-03-20", 0, "2026-03-20", time.Friday},
		{"2026-03-20", 10, "2026-03-30", time.Monday},
		{"2026-03-31", 1, "2026-04-01", time.Wednesday},
		{"2026-12-31", 1, "2027-01-01", time.Friday},
		{"2027-01-01", -1, "2026-12-31", time.Thursday},
		{"2026-03-01", -1, "2026-02-28", time.Saturday},
		{"2028-02-28", 1, "2028-02-29", time.Tuesday},
		{"2026-01-01", 365, "2027-01-01", time.Friday},
	}
	for _, tc := range tests {
		t.Run(tc.from, func(t *testing.T) {
			got := mustDay(t, tc.from).AddDays(tc.n)
			if got.String() != tc.want || got.Weekday() != tc.weekday {
				t.Errorf("%s + %d = %s %s, want %s %s", tc.from, tc.n, got, got.Weekday(), tc.want, tc.weekday)
			}
		})
	}
	a, b := mustDay(t, "2026-12-31"), mustDay(t, "2027-01-01")
	if !a.Before(b) || a.After(b) || !b.After(a) || b.Before(a) || a.Before(a) || a.After(a) {
		t.Errorf("Before/After wrong for %s and %s", a, b)
	}
}

func TestParseDay(t *testing.T) {
	good := []struct {
		in   string
		want Day
	}{
		{"2026-03-20", Day{2026, time.March, 20}},
		{"2028-02-29", Day{2028, time.February, 29}},
		{"2027-12-31", Day{2027, time.December, 31}},
		{"0999-01-01", Day{999, time.January, 1}},
	}
	for _, tc := range good {
		t.Run(tc.in, func(t *testing.T) {
			d, err := ParseDay(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if d != tc.want || d.String() != tc.in {
				t.Errorf("ParseDay(%q) = %#v (%s), want %#v", tc.in, d, d, tc.want)
			}
		})
	}
	for _, in := range []string{"2026-02-30", "2027-02-29", "2026-13-01", "2026-00-10", "2026-3-20", "20-03-2026", "2026-03-20T00:00:00Z", " 2026-03-20", ""} {
		t.Run("reject "+in, func(t *testing.T) {
			if d, err := ParseDay(in); err == nil {
				t.Errorf("ParseDay(%q) = %s, want an error", in, d)
			}
		})
	}
}

func TestKazakhstanHolidays(t *testing.T) {
	table := KazakhstanHolidays()
	seen := map[Day]bool{}
	for _, e := range table {
		if !e.Day.valid() {
			t.Errorf("%v is not a date", e.Day)
		}
		if wd := e.Day.Weekday(); !e.Working && (wd == time.Saturday || wd == time.Sunday) {
			t.Errorf("%s %s is a %s: weekends are off anyway", e.Day, e.Name, wd)
		}
		if seen[e.Day] {
			t.Errorf("%s is listed twice", e.Day)
		}
		seen[e.Day] = true
		if e.Name == "" {
			t.Errorf("%s has no name", e.Day)
		}
		switch e.Day.Year {
		case 2026:
			if e.Source != "egov 2026 calendar via inform.kz" {
				t.Errorf("%s source = %q", e.Day, e.Source)
			}
		case 2027:
			if e.Source != "computed from the law, unverified" {
				t.Errorf("%s source = %q", e.Day, e.Source)
			}
		default:
			t.Errorf("%s is outside 2026-2027", e.Day)
		}
	}

	for _, s := range []string{
		"2026-01-01", "2026-01-02", "2026-01-07", "2026-03-09", "2026-03-23", "2026-03-24", "2026-03-25",
		"2026-05-01", "2026-05-07", "2026-05-11", "2026-05-27", "2026-07-06", "2026-10-26", "2026-12-16",
		"2027-01-01", "2027-01-04", "2027-01-07", "2027-03-08", "2027-03-15", "2027-03-22", "2027-03-23",
		"2027-03-24", "2027-05-03", "2027-05-07", "2027-05-10", "2027-07-06", "2027-10-25", "2027-12-16",
	} {
		if !seen[mustDay(t, s)] {
			t.Errorf("%s is missing", s)
		}
	}
	if len(table) != 28 {
		t.Errorf("the table has %d entries, want 28", len(table))
	}
	for _, s := range []string{
		"2026-08-31", // the cancelled Constitution Day transfer
		"2026-03-16", // the referendum was on a Sunday, with no transfer
		"2027-05-17", // Kurban Ait 2027 is only an estimate
		"2027-08-30", // the old Constitution Day
	} {
		if seen[mustDay(t, s)] {
			t.Errorf("%s should not be in the table", s)
		}
	}

	table[0].Day = Day{2030, time.January, 1}
	if KazakhstanHolidays()[0].Day.Year != 2026 {
		t.Error("KazakhstanHolidays shares its slice between calls")
	}
}
