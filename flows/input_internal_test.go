package flows

import (
	"strings"
	"testing"
)

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

// TestFullName: the full name for a signed application is a name, with an
// emoji dropped; a question or a number is not one.
func TestFullName(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"Садыкова Айгерим Ермековна", "Садыкова Айгерим Ермековна", true},
		{"  Иванова-Петрова   Анна ", "Иванова-Петрова Анна", true},
		{"Айгерим 🌸 Садыкова", "Айгерим Садыкова", true},
		{"Нұрлан Әбілқайыр ұлы", "Нұрлан Әбілқайыр ұлы", true},
		{"Айгерим", "", false},
		{"нет у меня скана, можно без него?", "", false},
		{"Садыкова Айгерим 1990", "", false},
		{"а зачем вам мой паспорт и моя фамилия", "", false},
	} {
		got, ok := fullName(tc.in)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("fullName(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if name, ok := cleanName("Айгерим 🌸"); !ok || name != "Айгерим" {
		t.Errorf("cleanName with an emoji = %q, %v", name, ok)
	}
}

// TestPersonalText: the words for a personalised product are a name or a
// short line, never an emoji, a card or an order number.
func TestPersonalText(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"  Айгерим  ", "Айгерим", true},
		{"Әлия & Нұрлан 2026", "Әлия & Нұрлан 2026", true},
		{"Айгерим 🌸", "", false},
		{"LT-00002", "", false},
		{"для LT-00002", "", false},
		{"4111 1111 1111 1111", "", false},
		{strings.Repeat("а", 31), "", false},
		{"", "", false},
	} {
		got, ok := personalText(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("personalText(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
