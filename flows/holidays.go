package flows

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// holidayLine is a table entry as staff see it.
type holidayLine struct {
	Day     string
	Weekday int // time.Weekday, for the text's own day names
	Name    string
	Working bool
}

// listHolidays answers "/holidays" (this year and the next) or
// "/holidays 2027".
func (t *turn) listHolidays(args []string) error {
	from := t.now.In(t.f.cfg.Profile.Location()).Year()
	to := from + 1
	if len(args) == 1 {
		y, err := strconv.Atoi(args[0])
		if err != nil || y < 2000 || y > 2100 {
			t.say(messages.T(messages.StaffHolidayUsage))
			return nil
		}
		from, to = y, y
	} else if len(args) > 1 {
		t.say(messages.T(messages.StaffHolidayUsage))
		return nil
	}
	all, err := t.st.Holidays(t.ctx)
	if err != nil {
		return fmt.Errorf("holidays: %w", err)
	}
	var lines []holidayLine
	for _, h := range all {
		if h.Day.Year >= from && h.Day.Year <= to {
			lines = append(lines, holidayLine{Day: h.Day.String(), Weekday: int(h.Day.Weekday()), Name: h.Name, Working: h.Working})
		}
	}
	t.say(messages.T(messages.StaffHolidays, "From", from, "To", to, "Days", lines))
	return nil
}

// setHoliday answers "/holiday 2027-05-17 Курбан айт" (a day off),
// "/holiday 2026-11-28 working перенос" (a working Saturday) and
// "/holiday 2027-05-17 -" (remove the entry).
func (t *turn) setHoliday(args []string, rest string) error {
	if len(args) < 2 {
		t.say(messages.T(messages.StaffHolidayUsage))
		return nil
	}
	day, err := shop.ParseDay(args[0])
	if err != nil || day.Year < 2000 || day.Year > 2100 {
		t.say(messages.T(messages.StaffHolidayUsage))
		return nil
	}
	if args[1] == "-" && len(args) == 2 {
		removed, err := t.st.DeleteHoliday(t.ctx, day)
		if err != nil {
			return fmt.Errorf("holiday: %w", err)
		}
		t.say(messages.T(messages.StaffHolidayRemoved, "Day", day.String(), "Removed", removed))
		return nil
	}
	// The name is the rest of the line, as typed.
	_, name, _ := strings.Cut(strings.TrimSpace(rest), args[0])
	name = strings.TrimSpace(name)
	working := false
	if f := strings.Fields(name); len(f) > 0 && strings.EqualFold(f[0], "working") {
		// The rest after the word, whatever space follows it.
		working, name = true, strings.TrimSpace(name[strings.Index(name, f[0])+len(f[0]):])
	}
	weekend := day.Weekday() == 0 || day.Weekday() == 6
	if name == "" || len([]rune(name)) > 100 || working != weekend {
		// A day off is a weekday (weekends are off anyway); a working day
		// is a weekend day: anything else changes nothing.
		t.say(messages.T(messages.StaffHolidayUsage))
		return nil
	}
	e := shop.NonWorkingDay{Day: day, Name: name, Working: working, Source: "staff: " + t.in.User}
	if err := t.st.SetHoliday(t.ctx, e, t.in.User); err != nil {
		return fmt.Errorf("holiday: %w", err)
	}
	t.say(messages.T(messages.StaffHolidaySet, "Day", day.String(), "Weekday", int(day.Weekday()), "Name", name, "Working", working))
	return nil
}
