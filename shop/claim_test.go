package shop

import (
	"testing"
	"time"
)

func TestParseClaimRef(t *testing.T) {
	tests := []struct {
		name string
		in   string
		id   int64
		ok   bool
	}{
		{"as staff see it", "R12", 12, true},
		{"lower case", "r12", 12, true},
		{"with # as cards print it", "#R12", 12, true},
		{"lower case with #", "#r7", 7, true},
		{"spaces around", "  R12 ", 12, true},
		{"a long id", "R9000000001", 9000000001, true},
		{"zero is no claim", "R0", 0, false},
		{"negative", "R-1", 0, false},
		{"a handoff's ref", "H12", 0, false},
		{"an order number", "LT-00042", 0, false},
		{"empty", "", 0, false},
		{"the letter alone", "R", 0, false},
		{"# alone", "#", 0, false},
		{"the id alone", "12", 0, false},
		{"trailing letters", "R12x", 0, false},
		{"a space inside", "R 12", 0, false},
		{"two #", "##R12", 0, false},
		{"beyond int64", "R9223372036854775808", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, ok := ParseClaimRef(tc.in)
			if id != tc.id || ok != tc.ok {
				t.Errorf("ParseClaimRef(%q) = %d, %v; want %d, %v", tc.in, id, ok, tc.id, tc.ok)
			}
		})
	}
}

func TestClaimRef(t *testing.T) {
	for _, id := range []int64{1, 12, 9000000001} {
		ref := ClaimRef(id)
		if got, ok := ParseClaimRef(ref); !ok || got != id {
			t.Errorf("ParseClaimRef(ClaimRef(%d) = %q) = %d, %v; want %d, true", id, ref, got, ok, id)
		}
	}
	if got := ClaimRef(12); got != "R12" {
		t.Errorf("ClaimRef(12) = %q, want R12", got)
	}
	if got := (Claim{ID: 12}).Ref(); got != "R12" {
		t.Errorf("Claim.Ref = %q, want R12", got)
	}
}

func TestClaimAmount(t *testing.T) {
	hoodie := ClaimLine{SKU: "LT-101", Name: "Худи", Size: "M", Price: 12900, Qty: 2}
	jeans := ClaimLine{SKU: "LT-205", Name: "Джинсы", Size: "42", Price: 8900, Qty: 1}
	tests := []struct {
		name     string
		lines    []ClaimLine
		delivery Money
		want     Money
	}{
		{"an erroneous charge names no lines", nil, 0, 0},
		{"one line, two pieces", []ClaimLine{hoodie}, 0, 25800},
		{"two lines returned", []ClaimLine{hoodie, jeans}, 0, 34700},
		{"a cancellation refunds the delivery too", []ClaimLine{hoodie, jeans}, 1500, 36200},
		{"free delivery adds nothing", []ClaimLine{jeans}, 0, 8900},
		{"a line of no pieces", []ClaimLine{{Price: 12900, Qty: 0}, jeans}, 0, 8900},
		{"delivery alone", nil, 1500, 1500},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ClaimAmount(tc.lines, tc.delivery); got != tc.want {
				t.Errorf("ClaimAmount = %d, want %d", got, tc.want)
			}
		})
	}
	if got := hoodie.Sum(); got != 25800 {
		t.Errorf("ClaimLine.Sum = %d, want 25800", got)
	}
}

// claimProfile is the built-in profile, checked to have the refund numbers
// these tests count with.
func claimProfile(t *testing.T) *Profile {
	t.Helper()
	p := DefaultProfile()
	if r := p.Refund; r.WithdrawDays != 14 || r.RefundWorkingDays != 3 || r.RefundCalendarDays != 10 {
		t.Fatalf("profile refund = %+v; these tests expect 14 withdrawal days, 3 working days, 10 calendar days", r)
	}
	if p.TimeZone != "Asia/Almaty" {
		t.Fatalf("profile time zone = %s; these tests expect Asia/Almaty", p.TimeZone)
	}
	return p
}

func TestReturnWindowEnds(t *testing.T) {
	p := claimProfile(t)
	loc := p.Location()
	store := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	tests := []struct {
		name      string
		delivered time.Time
		want      time.Time
	}{
		{"midday: day 14 is 16 April, the window ends as 17 April starts", store(2026, time.April, 2, 12, 20), store(2026, time.April, 17, 0, 0)},
		{"at midnight store time: that day is day 0", store(2026, time.April, 2, 0, 0), store(2026, time.April, 17, 0, 0)},
		{"23:30 store time is still day 0", store(2026, time.April, 1, 23, 30), store(2026, time.April, 16, 0, 0)},
		{"given in UTC on 1 April, already 2 April in store time",
			time.Date(2026, time.April, 1, 21, 0, 0, 0, time.UTC), store(2026, time.April, 17, 0, 0)},
		{"given in UTC at 18:59 on 1 April, still 1 April in store time (23:59)",
			time.Date(2026, time.April, 1, 18, 59, 0, 0, time.UTC), store(2026, time.April, 16, 0, 0)},
		{"across the new year", store(2026, time.December, 25, 15, 0), store(2027, time.January, 9, 0, 0)},
		{"across February", store(2027, time.February, 20, 10, 0), store(2027, time.March, 7, 0, 0)},
		{"before the 2024 zone change (+06), ending after it (+05)", store(2024, time.February, 20, 10, 0), store(2024, time.March, 6, 0, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := p.ReturnWindowEnds(tc.delivered)
			if !got.Equal(tc.want) {
				t.Errorf("ReturnWindowEnds(%s) = %s, want %s", tc.delivered, got.In(loc), tc.want)
			}
			if h, m, s := got.In(loc).Clock(); h != 0 || m != 0 || s != 0 {
				t.Errorf("ReturnWindowEnds(%s) = %s, not a midnight in store time", tc.delivered, got.In(loc))
			}
		})
	}
}

func TestCanReturn(t *testing.T) {
	p := claimProfile(t)
	loc := p.Location()
	store := func(m time.Month, d, h, min, sec int) time.Time { return time.Date(2026, m, d, h, min, sec, 0, loc) }
	paid := Payment{TransactionID: 2981534712, Amount: 36200, CardLastFour: "4242"}
	order := func(status OrderStatus, pay Payment, delivered time.Time) Order {
		return Order{ID: 42, Status: status, Payment: pay, DeliveredAt: delivered, GoodsTotal: 34700, Total: 36200}
	}
	noon := store(time.April, 2, 12, 20, 0)                      // delivered on Thu 2 April: day 14 is Thu 16 April
	late := store(time.April, 1, 23, 30, 0)                      // delivered at 23:30 on 1 April: day 14 is 15 April
	utc := time.Date(2026, time.April, 1, 21, 0, 0, 0, time.UTC) // 1 April in UTC, 02:00 on 2 April in store time
	tests := []struct {
		name  string
		order Order
		now   time.Time
		want  ReturnRefusal
	}{
		{"not paid: awaiting payment", order(AwaitingPayment, Payment{}, time.Time{}), store(time.April, 3, 10, 0, 0), ReturnNotPaid},
		{"not paid, though marked delivered", order(Delivered, Payment{}, noon), store(time.April, 3, 10, 0, 0), ReturnNotPaid},
		{"paid on the test page: an amount, no transaction", order(Delivered, Payment{Amount: 36200, Test: true}, noon), store(time.April, 3, 10, 0, 0), ReturnAllowed},
		{"paid, not delivered yet", order(Paid, paid, time.Time{}), store(time.April, 3, 10, 0, 0), ReturnNotDelivered},
		{"processing, not delivered yet", order(Processing, paid, time.Time{}), store(time.April, 3, 10, 0, 0), ReturnNotDelivered},
		{"shipped, not delivered yet", order(Shipped, paid, time.Time{}), store(time.April, 3, 10, 0, 0), ReturnNotDelivered},
		{"delivered with no delivery time", order(Delivered, paid, time.Time{}), store(time.April, 3, 10, 0, 0), ReturnNotDelivered},
		{"delivered today", order(Delivered, paid, noon), store(time.April, 2, 12, 21, 0), ReturnAllowed},
		{"day 1", order(Delivered, paid, noon), store(time.April, 3, 9, 0, 0), ReturnAllowed},
		{"day 14: allowed", order(Delivered, paid, noon), store(time.April, 16, 12, 0, 0), ReturnAllowed},
		{"day 14, its last second", order(Delivered, paid, noon), store(time.April, 16, 23, 59, 59), ReturnAllowed},
		{"day 15 starts: too late", order(Delivered, paid, noon), store(time.April, 17, 0, 0, 0), ReturnTooLate},
		{"day 15: too late", order(Delivered, paid, noon), store(time.April, 17, 12, 0, 0), ReturnTooLate},
		{"a month later", order(Delivered, paid, noon), store(time.May, 2, 12, 0, 0), ReturnTooLate},
		{"delivered 23:30 store time, day 14 at 23:59:59", order(Delivered, paid, late), store(time.April, 15, 23, 59, 59), ReturnAllowed},
		{"delivered 23:30 store time, window ends at store midnight", order(Delivered, paid, late), store(time.April, 16, 0, 0, 0), ReturnTooLate},
		{"delivered 23:30 store time, now given in UTC a second before the end",
			order(Delivered, paid, late), time.Date(2026, time.April, 15, 18, 59, 59, 0, time.UTC), ReturnAllowed},
		{"delivered 23:30 store time, now given in UTC at the end",
			order(Delivered, paid, late), time.Date(2026, time.April, 15, 19, 0, 0, 0, time.UTC), ReturnTooLate},
		{"delivered on 1 April UTC but 2 April store time: day 14 is 16 April",
			order(Delivered, paid, utc), store(time.April, 16, 12, 0, 0), ReturnAllowed},
		{"delivered on 1 April UTC but 2 April store time: 17 April is too late",
			order(Delivered, paid, utc), store(time.April, 17, 0, 0, 0), ReturnTooLate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.CanReturn(tc.order, tc.now); got != tc.want {
				t.Errorf("CanReturn(%s delivered %s, now %s) = %q, want %q",
					tc.order.Status, tc.order.DeliveredAt.In(loc), tc.now.In(loc), got, tc.want)
			}
		})
	}
}

// TestClaimDue counts refund due days with the seed holiday table and the
// profile's 3 working days, capped at 10 calendar days. The day of the
// application is never counted; its date is the store's, not UTC's.
func TestClaimDue(t *testing.T) {
	p := claimProfile(t)
	loc := p.Location()
	kz := kzCalendar(t)
	store := func(s string, h, min int) time.Time {
		d := mustDay(t, s)
		return time.Date(d.Year, d.Month, d.Day, h, min, 0, 0, loc)
	}
	// Every weekday from Mon 23 March to Fri 3 April 2026 off: three
	// working days would end on Wed 8 April, the law's ten days on
	// Mon 30 March, itself a day off.
	longBreak := mustCalendar(t, daysOff(t, "2026-03-23", "2026-04-03"))
	// The seed table plus a bridge week after the May holidays.
	mayBreak := kzCalendar(t, daysOff(t, "2026-05-12", "2026-05-15")...)
	tests := []struct {
		name      string
		cal       *Calendar
		submitted time.Time
		want      string
	}{
		// The refunds issue's cases.
		{"Fri 20 Mar, Nauryz 23-25 Mar off: Thu 26, Fri 27, Mon 30 (the 10-day cap falls the same day)",
			kz, store("2026-03-20", 15, 0), "2026-03-30"},
		{"Wed 6 May, 7 May and the 11 May Victory Day transfer off: Fri 8, Tue 12, Wed 13",
			kz, store("2026-05-06", 11, 0), "2026-05-13"},

		// Around the 2026 holidays of the seed table.
		{"Wed 31 Dec 2025, New Year 1-2 Jan and Christmas 7 Jan off: Mon 5, Tue 6, Thu 8",
			kz, store("2025-12-31", 12, 0), "2026-01-08"},
		{"Fri 2 Jan 2026, itself a holiday: Mon 5, Tue 6, Thu 8",
			kz, store("2026-01-02", 12, 0), "2026-01-08"},
		{"Fri 6 Mar, the 8 March transfer to Mon 9 off: Tue 10, Wed 11, Thu 12",
			kz, store("2026-03-06", 12, 0), "2026-03-12"},
		{"Sun 22 Mar, in the Nauryz weekend: Thu 26, Fri 27, Mon 30",
			kz, store("2026-03-22", 12, 0), "2026-03-30"},
		{"Thu 30 Apr, Unity Day Fri 1 May off: Mon 4, Tue 5, Wed 6",
			kz, store("2026-04-30", 12, 0), "2026-05-06"},
		{"Thu 7 May, Defender's Day itself: Fri 8, Tue 12, Wed 13",
			kz, store("2026-05-07", 12, 0), "2026-05-13"},
		{"Fri 8 May, the 11 May transfer off: Tue 12, Wed 13, Thu 14",
			kz, store("2026-05-08", 12, 0), "2026-05-14"},
		{"Sat 9 May, Victory Day on a Saturday, moved to Mon 11: Tue 12, Wed 13, Thu 14",
			kz, store("2026-05-09", 12, 0), "2026-05-14"},
		{"Mon 25 May, Kurban Ait Wed 27 off: Tue 26, Thu 28, Fri 29",
			kz, store("2026-05-25", 12, 0), "2026-05-29"},
		{"Tue 26 May, Kurban Ait Wed 27 off: Thu 28, Fri 29, Mon 1 Jun",
			kz, store("2026-05-26", 12, 0), "2026-06-01"},
		{"Fri 3 Jul, Capital Day Mon 6 off: Tue 7, Wed 8, Thu 9",
			kz, store("2026-07-03", 12, 0), "2026-07-09"},
		{"Fri 28 Aug, Constitution Day cancelled, Mon 31 Aug works: Mon 31, Tue 1, Wed 2 Sep",
			kz, store("2026-08-28", 12, 0), "2026-09-02"},
		{"Fri 23 Oct, Republic Day moved to Mon 26 off: Tue 27, Wed 28, Thu 29",
			kz, store("2026-10-23", 12, 0), "2026-10-29"},
		{"Tue 15 Dec, Independence Day Wed 16 off: Thu 17, Fri 18, Mon 21",
			kz, store("2026-12-15", 12, 0), "2026-12-21"},
		{"Wed 23 Dec, 25 December works in Kazakhstan: Thu 24, Fri 25, Mon 28",
			kz, store("2026-12-23", 12, 0), "2026-12-28"},
		{"Fri 12 Mar 2027, provisional Constitution Day Mon 15 off: Tue 16, Wed 17, Thu 18",
			kz, store("2027-03-12", 12, 0), "2027-03-18"},

		// Weekends: the application day is not counted, whatever it is.
		{"Sat 13 Jun: Mon 15, Tue 16, Wed 17", kz, store("2026-06-13", 12, 0), "2026-06-17"},
		{"Sun 14 Jun: Mon 15, Tue 16, Wed 17", kz, store("2026-06-14", 23, 59), "2026-06-17"},
		{"Fri 12 Jun: Mon 15, Tue 16, Wed 17", kz, store("2026-06-12", 9, 0), "2026-06-17"},

		// The store's date, not UTC's.
		{"Tue 9 Jun 23:59 store time is still Tuesday: Wed 10, Thu 11, Fri 12",
			kz, store("2026-06-09", 23, 59), "2026-06-12"},
		{"Tue 9 Jun 19:30 UTC is Wed 10 00:30 store time: Thu 11, Fri 12, Mon 15",
			kz, time.Date(2026, time.June, 9, 19, 30, 0, 0, time.UTC), "2026-06-15"},
		{"Tue 9 Jun 18:59 UTC is Tue 23:59 store time: Wed 10, Thu 11, Fri 12",
			kz, time.Date(2026, time.June, 9, 18, 59, 0, 0, time.UTC), "2026-06-12"},

		// The law's 10 calendar days come first.
		{"Fri 20 Mar, 23 Mar-3 Apr off: 3 working days end Wed 8 Apr, the cap is Mon 30 Mar, a day off",
			longBreak, store("2026-03-20", 12, 0), "2026-03-30"},
		{"Wed 6 May, seed plus 12-15 May off: 3 working days end Tue 19 May, the cap is Sat 16 May",
			mayBreak, store("2026-05-06", 12, 0), "2026-05-16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := p.ClaimDue(tc.cal, tc.submitted)
			if want := mustDay(t, tc.want); got != want {
				t.Errorf("ClaimDue(%s) = %s %s, want %s %s",
					tc.submitted.In(loc), got, got.Weekday(), want, want.Weekday())
			}
		})
	}
}

func TestClaimFileReference(t *testing.T) {
	if got := StoredFileRef(7); got != "stored:7" {
		t.Errorf("StoredFileRef(7) = %q, want stored:7", got)
	}
	const telegramRef = "BQACAgIAAxkBAAIBZ2YxYz"
	tests := []struct {
		name string
		file ClaimFile
		want string
	}{
		{"the application the bot made", ClaimFile{ID: 7, Kind: FileApplication, Stored: true}, "stored:7"},
		{"a customer's file, stored: the copy wins", ClaimFile{ID: 8, Kind: FileIDCopy, Stored: true, Ref: telegramRef}, "stored:8"},
		{"a customer's file, not stored: the messenger's reference", ClaimFile{ID: 9, Kind: FileReceipt, Photo: true, Ref: telegramRef}, telegramRef},
		{"deleted after retention: nothing to send", ClaimFile{ID: 10, Kind: FileIDCopy}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.file.Reference(); got != tc.want {
				t.Errorf("Reference() = %q, want %q", got, tc.want)
			}
		})
	}
}
