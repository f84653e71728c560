package shop

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestFreeDelivery(t *testing.T) {
	p := DefaultProfile()
	tests := []struct {
		name   string
		method DeliveryMethod
		goods  Money
		price  Money
		free   bool
		more   Money
	}{
		{"pickup below the threshold pays", PickupPoint, 19999, 1500, false, 1},
		{"pickup at exactly the threshold is free", PickupPoint, 20000, 0, true, 0},
		{"pickup above the threshold is free", PickupPoint, 45000, 0, true, 0},
		{"courier is never free", Courier, 45000, 2500, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := FallbackQuoter{Profile: p}.Quote(context.Background(), DeliveryRequest{Method: tt.method})
			if err != nil {
				t.Fatal(err)
			}
			q = p.ApplyFreeDelivery(q, tt.goods)
			if q.Price != tt.price || q.Free != tt.free {
				t.Errorf("got price %d free %v, want %d %v", q.Price, q.Free, tt.price, tt.free)
			}
			if q.Free && q.Approximate {
				t.Error("a free delivery is not approximate")
			}
			if got := p.MoreForFreeDelivery(tt.goods); got != tt.more {
				t.Errorf("more for free delivery = %d, want %d", got, tt.more)
			}
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+7 (777) 336-61-00", "+77773366100"},
		{"8 777 336 61 00", "+77773366100"},
		{"87013366100", "+77013366100"},
		{"7773366100", "+77773366100"},
		{"+7 701 555 44 33", "+77015554433"},
		{"+44 20 7946 0958", "+442079460958"},
		{"12", ""},
		{"", ""},
		{"hello", ""},
		{"+7 777 336 61 00 00 00 00", ""},
		{strings.Repeat("7", 40), ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizePhone(tt.in)
			if tt.want == "" {
				if !errors.Is(err, ErrInvalidPhone) {
					t.Errorf("want ErrInvalidPhone, got %q, %v", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"aigerim@example.kz", "aigerim@example.kz"},
		{"  Aigerim.S@Mail.RU ", "Aigerim.S@mail.ru"},
		{"not-an-email", ""},
		{"a@b", ""},
		{"a@.kz", ""},
		{"Айгерім <a@b.kz>", ""},
		{"a@b.kz, c@d.kz", ""},
		{"@mail.ru", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeEmail(tt.in)
			if tt.want == "" {
				if !errors.Is(err, ErrInvalidEmail) {
					t.Errorf("want ErrInvalidEmail, got %q, %v", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestContainsCardNumber(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"4111 1111 1111 1111", true},
		{"моя карта 4111-1111-1111-1111 срок 12/27", true},
		{"5555555555554444", true},
		{"4111 1111 1111 1112", false}, // fails Luhn
		{"+7 777 336 61 00", false},
		{"заказ LT-00042", false},
		{"123456789012", false}, // too short
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ContainsCardNumber(tt.in); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOrderNumber(t *testing.T) {
	if got := OrderNumber(42); got != "LT-00042" {
		t.Errorf("OrderNumber(42) = %q", got)
	}
	for _, in := range []string{"LT-00042", "lt42", "№42", "42", " LT-42 "} {
		if id, ok := ParseOrderNumber(in); !ok || id != 42 {
			t.Errorf("ParseOrderNumber(%q) = %d, %v", in, id, ok)
		}
	}
	for _, in := range []string{"", "LT-", "abc", "-5", "0", "LT-1x"} {
		if _, ok := ParseOrderNumber(in); ok {
			t.Errorf("ParseOrderNumber(%q) accepted", in)
		}
	}
}

func testCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := NewCatalog(
		[]Category{{ID: "dresses", Name: Localized{KK: "Көйлектер", RU: "Платья"}}},
		[]Product{{SKU: "D1", CategoryID: "dresses", Name: Localized{KK: "Көйлек", RU: "Платье"}, Price: 12900,
			Variants: []Variant{{ID: "D1-S", Size: "S", Stock: 2}, {ID: "D1-M", Size: "M", Stock: 0}}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCart(t *testing.T) {
	cat := testCatalog(t)
	var c Cart
	if got := c.Add("D1-S", 3); got != 3 {
		t.Errorf("add: %d", got)
	}
	if got := c.Add("D1-S", 20); got != MaxLineQty {
		t.Errorf("add caps at %d, got %d", MaxLineQty, got)
	}
	c.Add("GONE", 1)
	lines, total, gone := c.Lines(cat)
	if len(lines) != 1 || total != 12900*MaxLineQty || len(gone) != 1 || gone[0] != "GONE" {
		t.Errorf("lines %v total %d gone %v", lines, total, gone)
	}
	if c.Qty("GONE") != 0 {
		t.Error("a variant gone from the catalog stays in the cart")
	}
	if !c.SetQty("D1-S", 0) || !c.Empty() {
		t.Error("SetQty 0 does not remove")
	}
	if c.SetQty("D1-S", 1) {
		t.Error("SetQty on a missing line reports true")
	}
}

func TestNewOrder(t *testing.T) {
	cat := testCatalog(t)
	c := Cart{}
	c.Add("D1-S", 2)
	lines, _, _ := c.Lines(cat)
	d := Delivery{Method: Courier, Quote: DeliveryQuote{Method: Courier, Price: 2500}}
	o, err := NewOrder("tg:1", Russian, Customer{Name: "А Б"}, d, lines, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if o.GoodsTotal != 25800 || o.Total != 28300 || o.Status != AwaitingPayment || o.Items[0].Name != "Платье" {
		t.Errorf("order %+v", o)
	}
	if _, err := NewOrder("tg:1", Russian, Customer{}, d, nil, time.Now()); !errors.Is(err, ErrEmptyCart) {
		t.Errorf("empty cart: %v", err)
	}
}

func TestCatalogValidation(t *testing.T) {
	_, err := NewCatalog(
		[]Category{{ID: "x", Name: Localized{RU: "only ru"}}},
		[]Product{
			{SKU: "A", CategoryID: "nope", Name: Localized{KK: "a", RU: "a"}, Price: 0},
			{SKU: "A", CategoryID: "x", Name: Localized{KK: "a", RU: "a"}, Price: 1, Variants: []Variant{{ID: "V", Stock: -1}, {ID: "V"}}},
		})
	if err == nil {
		t.Fatal("invalid catalog accepted")
	}
	for _, want := range []string{"both kk and ru", "unknown category", "price must be positive", "at least one variant", "duplicate sku", "stock must not be negative", "duplicate id"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no %q in:\n%v", want, err)
		}
	}
}

func TestProfile(t *testing.T) {
	p := DefaultProfile()
	if p.FreeDeliveryFrom != 20000 || p.Location().String() != "Asia/Almaty" {
		t.Errorf("profile: %d %s", p.FreeDeliveryFrom, p.Location())
	}
	w, err := p.ExpressHours()
	if err != nil || w.Opens != 10*time.Hour || w.Closes != 22*time.Hour {
		t.Errorf("express hours %+v %v", w, err)
	}
	for _, tc := range []struct{ typed, want string }{
		{"алматы", "almaty"},
		{"  Алматы ", "almaty"},
		{"г. Алматы", "almaty"},
		{"г.Алматы", "almaty"},
		{"город Алматы", "almaty"},
		{"Алматы қаласы", "almaty"},
		{"алма-ата", "almaty"},
		{"Нур-Султан", "astana"},
		{"нурсултан", "astana"},
		{"Қарағанды", "karaganda"},
		{"Караганды", "karaganda"},
		{"karaganda", "karaganda"},
		{"Алматы каласы", "almaty"}, // Kazakh typed on a Russian keyboard
		// Latin letters, read as Cyrillic.
		{"Almaty", "almaty"},
		{"Karagandy", "karaganda"},
		{"Nur-Sultan", "astana"},
		{"g. Shymkent", "shymkent"},
		{"Shimkent", "shymkent"},
		{"Karagandi", "karaganda"},
		{"Astana city", "astana"},
		// In a case of the sentence the customer typed it in.
		{"в Астану", "astana"},
		{"Астанаға", "astana"},
		{"Астанага", "astana"},
		{"в Алматы", "almaty"},
		{"Алматыға", "almaty"},
		{"в Караганду", "karaganda"},
		{"до Шымкента", "shymkent"},
		{"Шымкентке", "shymkent"},
		{"в Шымкенте", "shymkent"},
		{"В Шымкент", "shymkent"},
		{"в Нур-Султан", "astana"},
		{"Астанайка", ""},
		{"в Астрахань", ""},
		{"Karagandy city", "karaganda"},
		{"гор. Астана", "astana"},
		{"Алматы қ", "almaty"},
		{"Нұрсұлтан", "astana"},
		{"Усть-Каменогорск", ""},
		{"г.", ""},
		{"", ""},
	} {
		c, ok := p.City(tc.typed)
		if got := map[bool]string{true: c.ID}[ok]; got != tc.want {
			t.Errorf("City(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
	if _, err := ParseProfile([]byte("name: x\nunknown_field: 1\n")); err == nil {
		t.Error("unknown field accepted")
	}
	_, err = ParseProfile([]byte("name: x\ntime_zone: Mars/Base\nexpress: {opens: '23:00', closes: '10:00'}\n"))
	if err == nil {
		t.Fatal("bad profile accepted")
	}
	for _, want := range []string{"email", "time_zone", "free_delivery_from", "express hours", "fallback_tariffs.pickup", "cities"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no %q in:\n%v", want, err)
		}
	}
	if _, err := ParseProfile([]byte("name: x\ncities: [{id: a, aliases: ['г.']}]\n")); err == nil || !strings.Contains(err.Error(), `alias "г." names no city`) {
		t.Errorf("an alias that names no city: %v", err)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"kk": Kazakh, "kk-KZ": Kazakh, "ru": Russian, "en": Russian, "": Russian} {
		if got := ParseLang(in); got != want {
			t.Errorf("ParseLang(%q) = %s", in, got)
		}
	}
}

func TestCatalogColours(t *testing.T) {
	black, white := Localized{KK: "Қара", RU: "Чёрный"}, Localized{KK: "Ақ", RU: "Белый"}
	c, err := NewCatalog(
		[]Category{{ID: "x", Name: Localized{KK: "x", RU: "x"}}},
		[]Product{
			{SKU: "A", CategoryID: "x", Name: Localized{KK: "a", RU: "a"}, Price: 1, Variants: []Variant{
				{ID: "A-S", Size: "S", Colour: black}, {ID: "A-M", Size: "M", Colour: black}, {ID: "A-L", Size: "L"}}},
			{SKU: "B", CategoryID: "x", Name: Localized{KK: "b", RU: "b"}, Price: 1, Variants: []Variant{
				{ID: "B-S", Size: "S", Colour: white}, {ID: "B-M", Size: "M", Colour: black}}},
		})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Colours(), []Localized{black, white}; !slices.Equal(got, want) {
		t.Errorf("Colours() = %v, want %v (each once, in catalog order, none for a variant without one)", got, want)
	}
	if got, want := c.Sizes(), []string{"S", "M", "L"}; !slices.Equal(got, want) {
		t.Errorf("Sizes() = %v, want %v (each once, in catalog order)", got, want)
	}
}

func TestSuggestEmail(t *testing.T) {
	for _, tc := range []struct{ typed, want string }{
		{"aigerim@mail,ru", "aigerim@mail.ru"},
		{"aigerim @mail.ru", "aigerim@mail.ru"},
		{"aigerim@ mail .ru", "aigerim@mail.ru"},
		{"aigerim@mail.ru.", "aigerim@mail.ru"},
		{"Aigerim@Mail,Ru", "Aigerim@mail.ru"},
		{"aigerim@mail.ru", ""}, // right as typed: nothing to suggest
		{" aigerim@mail.ru ", ""},
		{"aigerim@mailru", ""}, // no one reading
		{"нет почты", ""},
		{"a,b@c", ""},
		{"почта aigerim@mail.ru", "aigerim@mail.ru"},
		{"Email aigerim@mail,ru", "aigerim@mail.ru"},
		{"aigerim@mail.ru спасибо", "aigerim@mail.ru"},
		{"aigerim@mail.ru, спасибо", "aigerim@mail.ru"},
		{"a@b.kz c@d.kz", ""},
	} {
		got, ok := SuggestEmail(tc.typed)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("SuggestEmail(%q) = %q, %v; want %q", tc.typed, got, ok, tc.want)
		}
	}
}

// TestEmailDomainTypo: a domain one slip from a popular one is offered
// back; a popular one, a company's own or one two slips away is not.
func TestEmailDomainTypo(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"aliya@gmal.com", "aliya@gmail.com"},
		{"aliya@gmial.com", "aliya@gmail.com"},
		{"aliya@gmail.con", "aliya@gmail.com"},
		{"aliya@gmaill.com", "aliya@gmail.com"},
		{"aliya@mial.ru", "aliya@mail.ru"},
		{"aliya@mail.ry", "aliya@mail.ru"},
		{"aliya@yandex.kx", "aliya@yandex.kz"},
		{"aliya@gmail.com", ""},
		{"aliya@mail.ru", ""},
		{"aliya@lete.kz", ""},
		{"aliya@gmail.ru", "aliya@gmail.com"}, // the service's name, another ending
		{"aliya@yandex.com", ""},
		{"aliya@mail.kz", ""},
		{"aliya@mail.gov.kz", ""},
		{"aliya@hotmail.co.uk", ""},
		{"aliya@ok.ru", ""},
		{"aliya@inbox.kz", ""},
		{"aliya@ya.ru", ""},
		{"aliya@bk.kz", "aliya@bk.ru"},
	} {
		got, ok := EmailDomainTypo(tc.in)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("EmailDomainTypo(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}
