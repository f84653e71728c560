package flows_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
)

func mustDay(t *testing.T, s string) shop.Day {
	t.Helper()
	d, err := shop.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// holidayTable fills st's holiday table with entries, set by otherUser.
func holidayTable(st *fakeStore, entries ...shop.NonWorkingDay) {
	st.holidays, st.changedBy = map[shop.Day]shop.NonWorkingDay{}, map[shop.Day]string{}
	for _, e := range entries {
		st.holidays[e.Day], st.changedBy[e.Day] = e, otherUser
	}
}

// listed is a StaffHolidays reply's days as "2027-05-17 1 Курбан айт",
// with " working" for a working day.
func listed(t *testing.T, r flows.Reply) []string {
	t.Helper()
	v := reflect.ValueOf(r.Text.Args["Days"])
	if !v.IsValid() {
		return nil
	}
	if v.Kind() != reflect.Slice {
		t.Fatalf("Days is a %s", v.Kind())
	}
	var out []string
	for i := range v.Len() {
		e := v.Index(i)
		s := fmt.Sprintf("%s %d %s", e.FieldByName("Day").String(), e.FieldByName("Weekday").Int(), e.FieldByName("Name").String())
		if e.FieldByName("Working").Bool() {
			s += " working"
		}
		out = append(out, s)
	}
	return out
}

// render renders a reply's text in lang.
func render(t *testing.T, lang shop.Lang, r flows.Reply) string {
	t.Helper()
	c, err := textCatalog()
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Render(lang, r.Text)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// calendarTable is a table with days before, in and after 2026-2027.
func calendarTable(t *testing.T) []shop.NonWorkingDay {
	return []shop.NonWorkingDay{
		{Day: mustDay(t, "2025-12-16"), Name: "День Независимости"},
		{Day: mustDay(t, "2026-03-23"), Name: "Наурыз мейрамы"},
		{Day: mustDay(t, "2026-11-28"), Name: "перенос", Working: true},
		{Day: mustDay(t, "2027-05-17"), Name: "Курбан айт"},
		{Day: mustDay(t, "2028-01-03"), Name: "Новый год"},
	}
}

// TestHolidaysList: /holidays lists this year and the next in the store's
// clock (2026 in newFlows), /holidays 2027 one year.
func TestHolidaysList(t *testing.T) {
	for _, c := range []struct {
		text     string
		from, to int
		days     []string
	}{
		{"/holidays", 2026, 2027, []string{"2026-03-23 1 Наурыз мейрамы", "2026-11-28 6 перенос working", "2027-05-17 1 Курбан айт"}},
		{"/holidays 2027", 2027, 2027, []string{"2027-05-17 1 Курбан айт"}},
		{"/holidays 2026", 2026, 2026, []string{"2026-03-23 1 Наурыз мейрамы", "2026-11-28 6 перенос working"}},
		{"/holidays 2030", 2030, 2030, nil},
	} {
		t.Run(c.text, func(t *testing.T) {
			d := newDesk(t)
			holidayTable(d.st, calendarTable(t)...)
			before := maps.Clone(d.st.holidays)
			res := d.text(c.text)
			r := only(t, res, messages.StaffHolidays)
			wantArgs(t, c.text, r.Text.Args, messages.Args{"From": c.from, "To": c.to})
			if got := listed(t, r); !slices.Equal(got, c.days) {
				t.Errorf("days %q, want %q", got, c.days)
			}
			if len(res.Others) != 0 {
				t.Errorf("others told %+v", res.Others)
			}
			if !maps.Equal(d.st.holidays, before) {
				t.Errorf("the table changed: %+v", d.st.holidays)
			}
		})
	}
}

// TestHolidaysListStoreYear: "this year" is the store's: 20:00 UTC on 31
// December is already the new year in Almaty.
func TestHolidaysListStoreYear(t *testing.T) {
	cats, products := catalogfile.Sample()
	cat, err := shop.NewCatalog(cats, products)
	if err != nil {
		t.Fatal(err)
	}
	profile := shop.DefaultProfile()
	f := flows.New(flows.Config{
		Catalog:  func() *shop.Catalog { return cat },
		Profile:  profile,
		Delivery: shop.FallbackQuoter{Profile: profile},
		Clock:    shop.FixedClock{T: time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC)},
	})
	st := &fakeStore{stock: map[string]int{}}
	holidayTable(st, calendarTable(t)...)
	res, err := f.Handle(context.Background(), st, flows.NewSession("ru"),
		flows.Input{Kind: flows.TextInput, Text: "/holidays", Chat: staffChat, Staff: true, User: deskUser})
	if err != nil {
		t.Fatal(err)
	}
	r := only(t, res, messages.StaffHolidays)
	wantArgs(t, "/holidays", r.Text.Args, messages.Args{"From": 2027, "To": 2028})
	if got, want := listed(t, r), []string{"2027-05-17 1 Курбан айт", "2028-01-03 1 Новый год"}; !slices.Equal(got, want) {
		t.Errorf("days %q, want %q", got, want)
	}
}

// TestHolidaySet: /holiday adds a weekday off or a working weekend day,
// with the name as typed, and records who did it.
func TestHolidaySet(t *testing.T) {
	long := strings.Repeat("я", 100)
	for _, c := range []struct {
		text    string
		day     string
		weekday int
		name    string
		working bool
	}{
		{"/holiday 2027-05-17 Курбан айт", "2027-05-17", 1, "Курбан айт", false},
		{"/holiday 2026-11-28 working перенос", "2026-11-28", 6, "перенос", true},
		{"/holiday 2026-11-29 WORKING перенос с 1 декабря", "2026-11-29", 0, "перенос с 1 декабря", true},
		{"/holiday   2027-05-17   Курбан   айт (ДУМК)  ", "2027-05-17", 1, "Курбан   айт (ДУМК)", false},
		{"/holiday 2027-05-17\nКурбан айт", "2027-05-17", 1, "Курбан айт", false},
		{"/holiday 2027-05-21 " + long, "2027-05-21", 5, long, false},
	} {
		t.Run(c.text, func(t *testing.T) {
			d := newDesk(t)
			res := d.text(c.text)
			r := only(t, res, messages.StaffHolidaySet)
			wantArgs(t, c.text, r.Text.Args, messages.Args{"Day": c.day, "Weekday": c.weekday, "Name": c.name, "Working": c.working})
			if len(res.Others) != 0 {
				t.Errorf("others told %+v", res.Others)
			}
			day := mustDay(t, c.day)
			want := map[shop.Day]shop.NonWorkingDay{day: {Day: day, Name: c.name, Working: c.working, Source: "staff: " + deskUser}}
			if !maps.Equal(d.st.holidays, want) {
				t.Errorf("table %+v, want %+v", d.st.holidays, want)
			}
			if by := d.st.changedBy[day]; by != deskUser {
				t.Errorf("changed by %q, want %q", by, deskUser)
			}
		})
	}

	t.Run("replaces the day's entry", func(t *testing.T) {
		d := newDesk(t)
		holidayTable(d.st, calendarTable(t)...)
		kurban := mustDay(t, "2027-05-17")
		only(t, d.text("/holiday 2027-05-17 Курбан айт (по ДУМК)"), messages.StaffHolidaySet)
		if got := d.st.holidays[kurban]; got.Name != "Курбан айт (по ДУМК)" || got.Working || d.st.changedBy[kurban] != deskUser {
			t.Errorf("entry %+v by %q", got, d.st.changedBy[kurban])
		}
		if len(d.st.holidays) != len(calendarTable(t)) {
			t.Errorf("%d entries, want %d", len(d.st.holidays), len(calendarTable(t)))
		}
	})
}

// TestHolidayUsage: a /holiday that would change nothing, or cannot be
// read, shows how to write it and leaves the table as it was.
func TestHolidayUsage(t *testing.T) {
	for _, text := range []string{
		"/holiday 2026-11-28 Выходной",                    // Saturday: already off
		"/holiday 2026-11-29 Выходной",                    // Sunday
		"/holiday 2026-11-27 working x",                   // Friday: already working
		"/holiday 2026-02-30 Праздник",                    // no such day
		"/holiday 2026-02-30 -",                           // no such day to remove
		"/holiday 17.05.2027 Курбан айт",                  // not ISO
		"/holiday Курбан айт 2027-05-17",                  // date last
		"/holiday 2027-05-17",                             // no name
		"/holiday 2026-11-28 working",                     // no name for a working day
		"/holiday",                                        // nothing
		"/holiday 2027-05-17 " + strings.Repeat("я", 101), // name over 100 characters
		"/holidays abc",
		"/holidays 2026 2027",
		"/holidays 1999",
	} {
		t.Run(text, func(t *testing.T) {
			d := newDesk(t)
			holidayTable(d.st, calendarTable(t)...)
			before, by := maps.Clone(d.st.holidays), maps.Clone(d.st.changedBy)
			res := d.text(text)
			r := only(t, res, messages.StaffHolidayUsage)
			if len(r.Buttons) != 0 || len(res.Others) != 0 {
				t.Errorf("buttons %v, others %+v", buttonData(r), res.Others)
			}
			if !maps.Equal(d.st.holidays, before) || !maps.Equal(d.st.changedBy, by) {
				t.Errorf("the table changed:\n%+v\nwant\n%+v", d.st.holidays, before)
			}
		})
	}
}

// TestHolidayRemove: "/holiday <day> -" removes the day, and says so when
// it was not there.
func TestHolidayRemove(t *testing.T) {
	d := newDesk(t)
	only(t, d.text("/holiday 2027-05-17 Курбан айт"), messages.StaffHolidaySet)
	r := only(t, d.text("/holiday 2027-05-17 -"), messages.StaffHolidayRemoved)
	wantArgs(t, "first remove", r.Text.Args, messages.Args{"Day": "2027-05-17", "Removed": true})
	if len(d.st.holidays) != 0 {
		t.Errorf("table %+v after removing its only day", d.st.holidays)
	}
	r = only(t, d.text("/holiday 2027-05-17 -"), messages.StaffHolidayRemoved)
	wantArgs(t, "second remove", r.Text.Args, messages.Args{"Day": "2027-05-17", "Removed": false})
	if !strings.Contains(render(t, shop.Russian, r), "не было") {
		t.Errorf("second remove reads %q", render(t, shop.Russian, r))
	}
}

// TestHolidaysFromCustomers: the calendar commands from a customer's
// chat, whatever User says, are unknown commands and change nothing.
func TestHolidaysFromCustomers(t *testing.T) {
	texts := []string{
		"/holidays",
		"/holidays 2027",
		"/holiday 2027-05-18 Курбан айт",
		"/holiday 2026-11-28 working перенос",
		"/holiday 2027-05-17 -",
	}
	for _, chat := range []string{customerChat, "tg:2"} {
		for _, user := range []string{"", deskUser} {
			t.Run(fmt.Sprintf("%s as %q", chat, user), func(t *testing.T) {
				f, st := newFlows(t)
				holidayTable(st, calendarTable(t)...)
				before, by := maps.Clone(st.holidays), maps.Clone(st.changedBy)
				c := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: chat}
				c.text("/start")
				for _, text := range texts {
					res := c.do(flows.Input{Kind: flows.TextInput, Text: text, User: user})
					if !hasText(res, messages.UnknownCommand) {
						t.Errorf("%s: replies %v, want %s", text, keysOf(res.Replies), messages.UnknownCommand)
					}
					for _, r := range res.Replies {
						if strings.HasPrefix(string(r.Text.Key), "staff.") {
							t.Errorf("%s was answered %s", text, r.Text.Key)
						}
					}
					if len(res.Staff) != 0 || len(res.Others) != 0 {
						t.Errorf("%s: staff %v, others %+v", text, keysOf(res.Staff), res.Others)
					}
				}
				if !maps.Equal(st.holidays, before) || !maps.Equal(st.changedBy, by) {
					t.Errorf("the table changed:\n%+v\nwant\n%+v", st.holidays, before)
				}
			})
		}
	}
}

// TestHolidaysRender: the list and the confirmation read with short day
// names in the reader's language.
func TestHolidaysRender(t *testing.T) {
	d := newDesk(t)
	set := only(t, d.text("/holiday 2027-05-17 Курбан айт"), messages.StaffHolidaySet)
	only(t, d.text("/holiday 2026-11-28 working перенос"), messages.StaffHolidaySet)
	list := only(t, d.text("/holidays"), messages.StaffHolidays)
	for _, c := range []struct {
		lang shop.Lang
		r    flows.Reply
		want []string
	}{
		{shop.Russian, list, []string{"2026–2027", "2026-11-28 сб — рабочий: перенос", "2027-05-17 пн — Курбан айт"}},
		{shop.Kazakh, list, []string{"2026–2027", "2026-11-28 сн — жұмыс күні: перенос", "2027-05-17 дс — Курбан айт"}},
		{shop.Russian, set, []string{"2027-05-17 (пн)", "выходной: Курбан айт"}},
		{shop.Kazakh, set, []string{"2027-05-17 (дс)", "демалыс: Курбан айт"}},
	} {
		got := render(t, c.lang, c.r)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %s lacks %q:\n%s", c.lang, c.r.Text.Key, w, got)
			}
		}
	}
}

// TestHolidayStoreErrors: a store failure is the turn's error.
func TestHolidayStoreErrors(t *testing.T) {
	dbDown := errors.New("db down")
	for _, c := range []struct{ method, text string }{
		{"Holidays", "/holidays"},
		{"Holidays", "/holidays 2027"},
		{"SetHoliday", "/holiday 2027-05-17 Курбан айт"},
		{"DeleteHoliday", "/holiday 2027-05-17 -"},
	} {
		t.Run(c.text, func(t *testing.T) {
			f, st := newFlows(t)
			st.failOn = func(m string) error {
				if m == c.method {
					return dbDown
				}
				return nil
			}
			in := flows.Input{Kind: flows.TextInput, Text: c.text, Chat: staffChat, Staff: true, User: deskUser}
			if _, err := f.Handle(context.Background(), st, flows.NewSession("ru"), in); !errors.Is(err, dbDown) {
				t.Errorf("want the store's error, got %v", err)
			}
		})
	}
}
