package flows

import "testing"

func TestTypedQty(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int // 0: no quantity
	}{
		{"2", 2},
		{" 3 ", 3},
		{"2 шт", 2},
		{"2шт.", 2},
		{"2 штуки", 2},
		{"две", 2},
		{"Одну", 1},
		{"екі дана", 2},
		{"10", 10},
		{"12345", 12345}, // a number: the caller bounds it
		{"-1", 0},
		{"+2", 0},
		{"1.5", 0},
		{"2 платья", 0},
		{"два три", 0},
		{"2 3", 0},
		{"шт", 0},
		{"", 0},
		{"99999999999999999999", 0},
	} {
		n, ok := typedQty(tc.text)
		if !ok {
			n = 0
		}
		if n != tc.want {
			t.Errorf("typedQty(%q) = %d, %v; want %d", tc.text, n, ok, tc.want)
		}
	}
}

func TestCapitalized(t *testing.T) {
	for _, tc := range []struct{ typed, want string }{
		{"костанай", "Костанай"},
		{"усть-каменогорск", "Усть-Каменогорск"},
		{"нижний новгород", "Нижний Новгород"},
		{"ҚОСТАНАЙ", "ҚОСТАНАЙ"}, // a capital: kept as typed
		{"Усть-каменогорск", "Усть-каменогорск"},
	} {
		if got := capitalized(tc.typed); got != tc.want {
			t.Errorf("capitalized(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
}
