package flows_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
)

// TestCardTyped: what a customer types right under a product's card is
// read as about that product: a size, a colour, taking it, its price, a
// question about it, or back; other goods named, or a later message, are
// read as anywhere else.
func TestCardTyped(t *testing.T) {
	for _, tc := range []struct {
		lang, sku, text string
		soldOut         []string     // variants with no stock left
		want            messages.Key // the first reply
		variant         string       // the quantity asked for, with AskQty
		buttons         []string     // the variant buttons offered, else
	}{
		{"ru", "LT-101", "M", nil, messages.AskQty, "LT-101-M", nil},
		{"ru", "LT-101", "м", nil, messages.AskQty, "LT-101-M", nil},
		{"ru", "LT-101", "размер S пожалуйста", nil, messages.AskQty, "LT-101-S", nil},
		{"ru", "LT-101", "беру L", nil, messages.AskQty, "LT-101-L", nil},
		{"ru", "LT-101", "а M есть?", nil, messages.AskQty, "LT-101-M", nil},
		{"kk", "LT-101", "M өлшемі бар ма?", nil, messages.AskQty, "LT-101-M", nil},
		{"ru", "LT-101", "Razmer M", nil, messages.AskQty, "LT-101-M", nil},
		{"ru", "LT-101", "XS", nil, messages.CardNoSuch, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"ru", "LT-101", "XL есть?", nil, messages.CardNoSuch, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"ru", "LT-101", "M", []string{"LT-101-M"}, messages.CardNoSuch, "", []string{"LT-101-S", "LT-101-L"}},
		{"ru", "LT-101", "беру", nil, messages.CardPick, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"ru", "LT-101", "добавьте в корзину", nil, messages.CardPick, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"kk", "LT-101", "аламын", nil, messages.CardPick, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"ru", "LT-101", "беру", []string{"LT-101-S", "LT-101-L"}, messages.AskQty, "LT-101-M", nil},
		// Two colours of a size: the choice between them.
		{"ru", "LT-202", "M", nil, messages.CardPick, "", []string{"LT-202-MLK-M", "LT-202-BLK-M"}},
		{"ru", "LT-202", "в чёрном M", nil, messages.AskQty, "LT-202-BLK-M", nil},
		{"ru", "LT-202", "а в чёрном есть?", nil, messages.CardPick, "", []string{"LT-202-BLK-S", "LT-202-BLK-M"}},
		{"ru", "LT-101", "а в белом есть?", nil, messages.CardNoSuch, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"ru", "LT-101", "сколько стоит?", nil, messages.CardPrice, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"kk", "LT-101", "қанша тұрады?", nil, messages.CardPrice, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"ru", "LT-101", "маломерит?", nil, messages.CardQuestion, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"ru", "LT-101", "из чего оно?", nil, messages.CardQuestion, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"ru", "LT-101", "какая длина платья?", nil, messages.CardQuestion, "", []string{"LT-101-S", "LT-101-M", "LT-101-L"}},
		{"ru", "LT-101", "назад", nil, messages.CatalogPage, "", nil},
		{"ru", "LT-101", "беру платье M", nil, messages.AskQty, "LT-101-M", nil},
		{"ru", "LT-101", "это платье в M есть?", nil, messages.AskQty, "LT-101-M", nil},
		// Not about the card: the readers of anywhere else.
		{"ru", "LT-101", "платье M", nil, messages.CatalogFound, "", nil},
		{"ru", "LT-101", "а юбки есть?", nil, messages.CatalogFound, "", nil},
		{"ru", "LT-101", "сколько стоит доставка?", nil, messages.InfoPaymentDelivery, "", nil},
		{"ru", "LT-101", "корзина", nil, messages.CartEmpty, "", nil},
		{"ru", "LT-101", "где мой заказ?", nil, messages.OrdersNone, "", nil},
		{"ru", "LT-101", "позовите менеджера", nil, messages.HandoffStarted, "", nil},
		// The review's probes: refusals and other things done to it.
		{"ru", "LT-101", "не беру, дорого", nil, messages.NotUnderstood, "", nil},
		{"ru", "LT-101", "закажу позже, спасибо", nil, messages.YouAreWelcome, "", nil},
		{"ru", "LT-101", "хочу его вернуть", nil, messages.ClaimsNoOrders, "", nil},
		{"ru", "LT-101", "покажите корзину", nil, messages.CartEmpty, "", nil},
		{"kk", "LT-101", "Астанаға қанша күнде жетеді?", nil, messages.InfoPaymentDelivery, "", nil},
		{"kk", "LT-101", "үлкен рахмет", nil, messages.YouAreWelcome, "", nil},
		{"ru", "LT-101", "фывапр", nil, messages.NotUnderstood, "", nil},
	} {
		t.Run(tc.lang+" "+tc.sku+" "+tc.text, func(t *testing.T) {
			f, st := newFlows(t)
			for _, id := range tc.soldOut {
				st.stock[id] = 0
			}
			w := &walker{t: t, f: f, st: st, s: flows.NewSession(tc.lang), chat: customerChat}
			w.text("/start")
			if res := w.do(flows.Input{Kind: flows.ButtonInput, Data: "p:" + tc.sku}); res.Replies[0].Text.Key != messages.ProductCard {
				t.Fatalf("card: %v", keysOf(res.Replies))
			}
			res := w.text(tc.text)
			if len(res.Replies) == 0 || res.Replies[0].Text.Key != tc.want {
				t.Fatalf("replies %v, want %s first", keysOf(res.Replies), tc.want)
			}
			if tc.variant != "" && w.s.Variant != tc.variant {
				t.Errorf("quantity asked for %s, want %s", w.s.Variant, tc.variant)
			}
			if tc.buttons != nil {
				if got := variantButtons(res.Replies[0]); !slices.Equal(got, tc.buttons) {
					t.Errorf("variants offered %v, want %v", got, tc.buttons)
				}
			}
		})
	}
}

// TestArticleTyped: a product's article, as shoppers copy it from
// Instagram or the site, opens its card; an order number does not.
func TestArticleTyped(t *testing.T) {
	for _, tc := range []struct {
		text string
		want messages.Key
	}{
		{"LT-101", messages.ProductCard},
		{"lt-202", messages.ProductCard},
		{"артикул LT-101, есть M?", messages.ProductCard},
		{"https://letestore.kz/product/lt-101", messages.ProductCard},
		{"LT-00101", messages.OrderNotFound},
		{"LT-999", messages.OrderNotFound},
	} {
		t.Run(tc.text, func(t *testing.T) {
			w := started(t, "ru")
			if res := w.text(tc.text); res.Replies[0].Text.Key != tc.want {
				t.Fatalf("replies %v, want %s first", keysOf(res.Replies), tc.want)
			}
		})
	}
}

// TestCardOnlyNextMessage: the card's context lasts one message; a size
// typed later is a search of the whole catalog.
func TestCardOnlyNextMessage(t *testing.T) {
	w := started(t, "ru")
	w.do(flows.Input{Kind: flows.ButtonInput, Data: "p:LT-101"})
	wantKeys(t, "a question", w.text("маломерит?").Replies, messages.CardQuestion)
	wantKeys(t, "a size under the answer", w.text("M").Replies, messages.AskQty)
	w.text("/menu")
	if res := w.text("размер M"); res.Replies[0].Text.Key != messages.CatalogFound {
		t.Fatalf("a size after the menu: %v, want the catalog's search", keysOf(res.Replies))
	}
}

// TestQtyQuestionTakesCardWords: at the quantity question, back returns to
// the card and another size asks for that one.
func TestQtyQuestionTakesCardWords(t *testing.T) {
	w := started(t, "ru")
	w.do(flows.Input{Kind: flows.ButtonInput, Data: "v:LT-101-M"})
	wantKeys(t, "another size", w.text("ой, лучше L").Replies, messages.AskQty)
	if w.s.Variant != "LT-101-L" {
		t.Fatalf("quantity asked for %s, want LT-101-L", w.s.Variant)
	}
	wantKeys(t, "back", w.text("назад").Replies, messages.ProductCard)
	wantKeys(t, "not a number", w.do(flows.Input{Kind: flows.ButtonInput, Data: "v:LT-101-M"}).Replies, messages.AskQty)
	wantKeys(t, "words", w.text("много").Replies, messages.BadQty, messages.AskQty)

	// Another colour asked for ends the quantity question: a number next
	// is not for the colour she moved away from.
	w.do(flows.Input{Kind: flows.ButtonInput, Data: "v:LT-202-MLK-S"})
	wantKeys(t, "another colour", w.text("а в чёрном есть?").Replies, messages.CardPick)
	if w.s.Step != flows.StepMenu || w.s.Variant != "" {
		t.Fatalf("step %q variant %q after the choice", w.s.Step, w.s.Variant)
	}
	if w.text("2"); w.s.Cart.Pieces() != 0 {
		t.Errorf("a number added %d pieces of the colour left behind", w.s.Cart.Pieces())
	}
}

// TestCardNotUnderstood: under a card, what is not about it and not a
// question counts as not understood, and the second offers the manager.
func TestCardNotUnderstood(t *testing.T) {
	w := started(t, "ru")
	w.do(flows.Input{Kind: flows.ButtonInput, Data: "p:LT-101"})
	wantKeys(t, "a question", w.text("а она не просвечивает?").Replies, messages.CardQuestion)
	wantKeys(t, "first", w.text("фывапр").Replies, messages.NotUnderstood, messages.MenuTitle)
	wantKeys(t, "second", w.text("вау").Replies, messages.NotUnderstoodAgain)
}

// started is a customer of a fresh store who sent /start.
func started(t *testing.T, lang string) *walker {
	t.Helper()
	f, st := newFlows(t)
	w := &walker{t: t, f: f, st: st, s: flows.NewSession(lang), chat: customerChat}
	w.text("/start")
	return w
}

// variantButtons are the variants a reply's buttons choose.
func variantButtons(r flows.Reply) []string {
	var ids []string
	for _, row := range r.Buttons {
		for _, b := range row {
			if id, ok := strings.CutPrefix(b.Data, "v:"); ok {
				ids = append(ids, id)
			}
		}
	}
	return ids
}
