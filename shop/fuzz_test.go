package shop

import "testing"

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+7 (777) 336-61-00", "8 777 336 61 00", "12", "", "+44 20 7946 0958", "８７７７"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizePhone(s)
		if err != nil {
			return
		}
		again, err := NormalizePhone(got)
		if err != nil || again != got {
			t.Errorf("NormalizePhone(%q) = %q, which normalizes to %q, %v", s, got, again, err)
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"a@b.kz", "A@MAIL.RU", "not", "a@b", "\"a b\"@c.kz", "a@ b.kz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeEmail(s)
		if err != nil {
			return
		}
		again, err := NormalizeEmail(got)
		if err != nil || again != got {
			t.Errorf("NormalizeEmail(%q) = %q, which normalizes to %q, %v", s, got, again, err)
		}
	})
}

func FuzzParseOrderNumber(f *testing.F) {
	for _, s := range []string{"LT-00042", "42", "lt-", "№7", "-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := ParseOrderNumber(s)
		if !ok {
			return
		}
		if id <= 0 {
			t.Fatalf("ParseOrderNumber(%q) = %d", s, id)
		}
		if back, ok := ParseOrderNumber(OrderNumber(id)); !ok || back != id {
			t.Errorf("round trip of %d: %d %v", id, back, ok)
		}
	})
}

func FuzzContainsCardNumber(f *testing.F) {
	for _, s := range []string{"4111 1111 1111 1111", "x", "4111-1111-1111-1111 12/27"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = ContainsCardNumber(s) // must not panic on any input
	})
}
