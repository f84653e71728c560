package flows_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// TestCheckoutAside: what a customer types beside a checkout question
// (stop, the menu, a question back, another language, a person, another
// way of delivery, an address naming no house) is understood, never kept
// as the answer.
func TestCheckoutAside(t *testing.T) {
	reach := func(step flows.Step) func(w *deliveryWorld) {
		return func(w *deliveryWorld) {
			switch step {
			case flows.StepName:
				w.cust.text("/start")
				w.cust.press("a:" + expressItem)
				w.cust.press("co")
			case flows.StepMethod:
				w.buy("astana", expressItem)
			case flows.StepPoint:
				w.buy("astana", expressItem)
				w.cust.press("dm:pickup")
			case flows.StepAddress:
				w.buy("astana", expressItem)
				w.cust.press("dm:courier")
			}
		}
	}
	cases := []struct {
		name, text string
		at         flows.Step
		keys       []messages.Key
		step       flows.Step // after it
		lang       shop.Lang
	}{
		{"stop", "Отмена", flows.StepAddress, []messages.Key{messages.Cancelled, messages.MenuTitle}, flows.StepMenu, shop.Russian},
		{"the menu", "меню", flows.StepName, []messages.Key{messages.MenuTitle}, flows.StepMenu, shop.Russian},
		{"a question back", "назад", flows.StepAddress, []messages.Key{messages.AskMethod}, flows.StepMethod, shop.Russian},
		{"back from the first", "назад", flows.StepName, []messages.Key{messages.CartView}, flows.StepMenu, shop.Russian},
		{"Kazakh asked for", "можно на казахском?", flows.StepMethod, []messages.Key{messages.AskMethod}, flows.StepMethod, shop.Kazakh},
		{"Kazakh, in Kazakh", "Қазақша сөйлесейік", flows.StepName, []messages.Key{messages.AskName}, flows.StepName, shop.Kazakh},
		{"a person", "позовите менеджера пожалуйста", flows.StepAddress, []messages.Key{messages.HandoffStarted}, flows.StepMenu, shop.Russian},
		{"courier instead", "лучше курьером", flows.StepPoint, []messages.Key{messages.AskMethod}, flows.StepMethod, shop.Russian},
		{"no house", "не знаю какой", flows.StepAddress, []messages.Key{messages.AddressNoHouse, messages.AskAddressCourier}, flows.StepAddress, shop.Russian},
		{"emoji", "🏠🏠🏠🏠🏠", flows.StepAddress, []messages.Key{messages.AddressNoHouse, messages.AskAddressCourier}, flows.StepAddress, shop.Russian},
		// Answers stay answers.
		{"an address", "ул. Кенесары, 40, кв. 5", flows.StepAddress, []messages.Key{messages.Summary}, flows.StepConfirm, shop.Russian},
		{"an address with a note", "Кенесары 40, кв 5, позвоните за час", flows.StepAddress, []messages.Key{messages.Summary}, flows.StepConfirm, shop.Russian},
		{"a courier address naming the way", "доставка до двери, ЖК Хайвилл, дом 2", flows.StepAddress, []messages.Key{messages.Summary}, flows.StepConfirm, shop.Russian},
		{"courier named at the courier address", "курьером", flows.StepAddress, []messages.Key{messages.AddressNoHouse, messages.AskAddressCourier}, flows.StepAddress, shop.Russian},
		{"a pickup point typed", "ПВЗ на Кенесары", flows.StepPoint, nil, flows.StepPoint, shop.Russian},
		{"a private house", "Коттеджный городок Ак Булак, дом Садыковых", flows.StepAddress, []messages.Key{messages.Summary}, flows.StepConfirm, shop.Russian},
		{"a surname like a language", "Русских Анна", flows.StepName, []messages.Key{messages.AskPhone, messages.SharePhoneHint}, flows.StepPhone, shop.Russian},
		// Typed in Latin letters: read so, the answers kept as typed.
		{"stop in Latin", "otmena", flows.StepName, []messages.Key{messages.Cancelled, messages.MenuTitle}, flows.StepMenu, shop.Russian},
		{"back in Latin", "nazad", flows.StepAddress, []messages.Key{messages.AskMethod}, flows.StepMethod, shop.Russian},
		{"a person in Latin", "pozovite menedzhera", flows.StepName, []messages.Key{messages.HandoffStarted}, flows.StepMenu, shop.Russian},
		{"Kazakh asked in Latin", "mozhno na kazakhskom?", flows.StepName, []messages.Key{messages.AskName}, flows.StepName, shop.Kazakh},
		{"a name in Latin", "Aigerim Sadykova", flows.StepName, []messages.Key{messages.AskPhone, messages.SharePhoneHint}, flows.StepPhone, shop.Russian},
		{"an address in Latin", "ul. Kenesary 40, kv 5", flows.StepAddress, []messages.Key{messages.Summary}, flows.StepConfirm, shop.Russian},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			reach(tc.at)(w)
			if w.cust.s.Step != tc.at {
				t.Fatalf("reached %q, want %q", w.cust.s.Step, tc.at)
			}
			res := w.cust.text(tc.text)
			if tc.keys != nil {
				wantKeys(t, "replies", res.Replies, tc.keys...)
			}
			s := w.cust.s
			if s.Step != tc.step || s.Lang != tc.lang {
				t.Errorf("step %q lang %s, want %q %s", s.Step, s.Lang, tc.step, tc.lang)
			}
			c := s.Checkout
			for _, kept := range []string{c.Customer.Name, c.Delivery.Address} {
				if kept == tc.text && len(tc.keys) > 0 && tc.keys[0] != messages.Summary && tc.keys[0] != messages.AskPhone {
					t.Errorf("%q kept as an answer", tc.text)
				}
			}
			// An answer is kept as typed, Latin letters too.
			if len(tc.keys) > 0 && (tc.keys[0] == messages.AskPhone && c.Customer.Name != tc.text ||
				tc.keys[0] == messages.Summary && !strings.Contains(c.Delivery.Address, tc.text)) {
				t.Errorf("%q answered as name %q, address %q", tc.text, c.Customer.Name, c.Delivery.Address)
			}
		})
	}
}

// TestAbortAfterOrder: a Cancel button of a checkout that ended in an
// order is stale, and does not claim to stop what is already placed.
func TestAbortAfterOrder(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	w.buy("astana", expressItem)
	w.cust.press("dm:pickup")
	w.cust.press("pp:AST101")
	w.cust.press("ok:" + itoa(int64(w.cust.s.Rev)))
	if len(w.st.orders) != 1 {
		t.Fatalf("%d orders", len(w.st.orders))
	}
	res := w.cust.press("x")
	if got := keysOf(res.Replies); len(got) == 0 || got[0] != messages.StaleButton {
		t.Errorf("replies %v, want %s first", got, messages.StaleButton)
	}
}

// TestEmailTypo: an address one slip from a popular mail service is asked
// about, with the fix and the address as typed to choose from.
func TestEmailTypo(t *testing.T) {
	start := func(t *testing.T) *deliveryWorld {
		w := newDeliveryWorld(t, storeTime(12, 0))
		w.cust.text("/start")
		w.cust.press("a:" + expressItem)
		w.cust.press("co")
		w.cust.text("Айгерим Садыкова")
		w.cust.text("+77771234567")
		res := w.cust.text("aliya@gmal.com")
		wantKeys(t, "typo", res.Replies, messages.EmailTypo)
		if !hasButton(res.Replies[0], "emfix") || !hasButton(res.Replies[0], "keep") {
			t.Fatalf("buttons %+v", res.Replies[0].Buttons)
		}
		return w
	}
	t.Run("fixed", func(t *testing.T) {
		w := start(t)
		wantKeys(t, "fix", w.cust.press("emfix").Replies, messages.AskCity)
		if got := w.cust.s.Checkout.Customer.Email; got != "aliya@gmail.com" {
			t.Errorf("email %q", got)
		}
		wantKeys(t, "fix again", w.cust.press("emfix").Replies, messages.StaleButton, messages.AskCity)
	})
	t.Run("kept as typed", func(t *testing.T) {
		w := start(t)
		wantKeys(t, "keep", w.cust.press("keep").Replies, messages.AskCity)
		if got := w.cust.s.Checkout.Customer.Email; got != "aliya@gmal.com" {
			t.Errorf("email %q", got)
		}
	})
	t.Run("typed again", func(t *testing.T) {
		w := start(t)
		wantKeys(t, "retyped", w.cust.text("aliya@gmail.com").Replies, messages.AskCity)
	})
}

// TestPersonalisedCheckout: a personalised product's words are asked
// before the checkout's questions, checked, shown in the summary and kept
// on the order.
func TestPersonalisedCheckout(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	c := w.cust
	c.text("/start")
	c.press("a:LT-404-M:1")
	c.press("a:" + expressItem)
	wantKeys(t, "checkout", c.press("co").Replies, messages.AskPersonal)
	wantKeys(t, "emoji", c.text("Айгерим 🌸").Replies, messages.BadPersonal, messages.AskPersonal)
	wantKeys(t, "too long", c.text(strings.Repeat("а", 31)).Replies, messages.BadPersonal, messages.AskPersonal)
	wantKeys(t, "words", c.text("  Айгерим  ").Replies, messages.AskName)
	c.text("Айгерим Садыкова")
	c.text("+77771234567")
	c.text("a@example.kz")
	c.press("city:astana")
	c.press("dm:pickup")
	res := c.press("pp:AST101")
	wantKeys(t, "summary", res.Replies, messages.Summary)
	if got := column[string](t, res.Replies[0].Text.Args["Items"], "Text"); !slices.Equal(got, []string{"Айгерим", ""}) {
		t.Errorf("summary words %q", got)
	}
	// "Change the details" asks for the words again, the old ones to keep
	// or correct.
	res = c.press("edit")
	wantKeys(t, "edit", res.Replies, messages.AskPersonal)
	if !hasButton(res.Replies[0], "keep") {
		t.Errorf("the words asked again without the old ones to keep: %+v", res.Replies[0].Buttons)
	}
	wantKeys(t, "corrected", c.text("Әйгерім").Replies, messages.AskName)
	for _, press := range []string{"keep", "keep", "keep", "city:astana", "dm:pickup", "pp:AST101"} {
		res = c.press(press) // the other answers kept
	}
	wantKeys(t, "summary again", res.Replies, messages.Summary)
	c.press("ok:" + itoa(int64(c.s.Rev)))
	if len(w.st.orders) != 1 {
		t.Fatalf("%d orders", len(w.st.orders))
	}
	for _, o := range w.st.orders {
		if o.Items[0].VariantID != "LT-404-M" || o.Items[0].Text != "Әйгерім" || o.Items[1].Text != "" {
			t.Errorf("order items %+v", o.Items)
		}
	}
}

// TestPersonalWordsNamePerson: words to embroider that name a person
// are words, not a request for one.
func TestPersonalWordsNamePerson(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	c := w.cust
	c.text("/start")
	c.press("a:LT-404-M:1")
	wantKeys(t, "checkout", c.press("co").Replies, messages.AskPersonal)
	wantKeys(t, "words", c.text("Лучшему менеджеру").Replies, messages.AskName)
	if got := c.s.Cart.Text("LT-404-M"); got != "Лучшему менеджеру" {
		t.Errorf("words %q", got)
	}
}

// TestDoubleTap: a quantity button tapped twice at once adds once, the
// second tap told so; pressed again later, it adds again. Forged data is
// never kept in the session.
func TestDoubleTap(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	c := w.cust
	c.text("/start")
	c.press("v:LT-101-M")
	wantKeys(t, "first tap", c.press("a:LT-101-M:1").Replies, messages.Added)
	wantKeys(t, "second tap", c.press("a:LT-101-M:1").Replies, messages.AlreadyAdded)
	if got := c.s.Cart.Qty("LT-101-M"); got != 1 {
		t.Fatalf("double tap: %d in the cart, want 1", got)
	}
	w.clock.Add(5 * time.Second)
	wantKeys(t, "later", c.press("a:LT-101-M:1").Replies, messages.Added)
	if got := c.s.Cart.Qty("LT-101-M"); got != 2 {
		t.Errorf("pressed again later: %d in the cart, want 2", got)
	}
	wantKeys(t, "forged", c.press("a:LT-\x00:1").Replies, messages.StaleButton, messages.MenuTitle)
	if c.s.LastAdd != "a:LT-101-M:1" {
		t.Errorf("last add %q: forged data kept", c.s.LastAdd)
	}
}

// TestConfirmTyped: a plain yes typed under the summary confirms it; any
// other words, or a question, ask for the button and place nothing.
func TestConfirmTyped(t *testing.T) {
	for _, tc := range []struct {
		text   string
		placed bool
	}{
		{"да", true},
		{"Ок", true},
		{"всё верно", true},
		{"иә", true},
		{"да, но можно оплатить при получении?", false},
		{"подождите, посоветуюсь с мужем", false},
		{"нет", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			w.buy("astana", expressItem)
			w.cust.press("dm:pickup")
			w.cust.press("pp:AST101")
			if w.cust.s.Step != flows.StepConfirm {
				t.Fatalf("reached %q", w.cust.s.Step)
			}
			res := w.cust.text(tc.text)
			if placed := len(w.st.orders) == 1; placed != tc.placed {
				t.Fatalf("placed %v, want %v: %v", placed, tc.placed, keysOf(res.Replies))
			}
			if !tc.placed && res.Replies[0].Text.Key != messages.PressAButton {
				t.Errorf("replies %v", keysOf(res.Replies))
			}
		})
	}
}
