package shop_test

import (
	"testing"
	"time"

	"github.com/lete-store/letebot/shop"
)

func TestCanMove(t *testing.T) {
	all := []shop.OrderStatus{shop.AwaitingPayment, shop.Paid, shop.Processing, shop.Shipped, shop.Delivered, shop.Cancelled}
	allowed := map[[2]shop.OrderStatus]bool{
		{shop.Paid, shop.Processing}:           true,
		{shop.Paid, shop.Shipped}:              true,
		{shop.Processing, shop.Shipped}:        true,
		{shop.Shipped, shop.Delivered}:         true,
		{shop.AwaitingPayment, shop.Cancelled}: true,
		{shop.Paid, shop.Cancelled}:            true,
		{shop.Processing, shop.Cancelled}:      true,
		{shop.Shipped, shop.Cancelled}:         true,
	}
	for _, from := range all {
		for _, to := range all {
			if got, want := shop.CanMove(from, to), allowed[[2]shop.OrderStatus{from, to}]; got != want {
				t.Errorf("CanMove(%s, %s) = %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestStaffAnswer(t *testing.T) {
	p := shop.DefaultProfile() // staff hours 10:00-22:00, Asia/Almaty
	loc := p.Location()
	day := func(h, m int) time.Time { return time.Date(2026, 11, 25, h, m, 0, 0, loc) }
	tests := []struct {
		name    string
		now     time.Time
		working bool
		opens   time.Time
	}{
		{"before opening", day(9, 59), false, day(10, 0)},
		{"at opening", day(10, 0), true, time.Time{}},
		{"last minute", day(21, 59), true, time.Time{}},
		{"at closing", day(22, 0), false, day(10, 0).AddDate(0, 0, 1)},
		{"night, in UTC", day(23, 30).UTC(), false, day(10, 0).AddDate(0, 0, 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			working, opens, err := p.StaffAnswer(tc.now)
			if err != nil {
				t.Fatal(err)
			}
			if working != tc.working || !opens.Equal(tc.opens) {
				t.Errorf("StaffAnswer(%v) = %v, %v; want %v, %v", tc.now, working, opens, tc.working, tc.opens)
			}
		})
	}
}

func TestParseHandoffRef(t *testing.T) {
	for in, want := range map[string]int64{"H12": 12, "h7": 7, "#H3": 3, " H1 ": 1, "H": 0, "H0": 0, "12": 0, "LT-00012": 0, "Hx": 0, "H-1": 0} {
		got, ok := shop.ParseHandoffRef(in)
		if ok != (want != 0) || got != want {
			t.Errorf("ParseHandoffRef(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	if got := shop.HandoffRef(12); got != "H12" {
		t.Errorf("HandoffRef(12) = %q", got)
	}
}
