package flows

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// maxCardWords bounds the messages read as about the card shown: a longer
// one tells more than a size or "беру", and the other readers take it.
const maxCardWords = 8

// onCard answers a message about product p, whose card the turn before
// showed: a size or colour typed ("M", "а в чёрном есть?"), taking it
// ("беру", "в корзину"), its price, a question about it ("маломерит?"),
// or back. ok is false for anything else, and for a message naming other
// goods: the other readers take those.
func (t *turn) onCard(p shop.Product, read string) (bool, error) {
	ws := words(firstRunes(read, maxFreeText))
	if len(ws) == 0 || len(ws) > maxCardWords || anyWord(ws, strongThanks...) {
		return false, nil // "үлкен рахмет": thanks, not a question about it
	}
	if len(ws) <= 2 && anyWord(ws, backWords...) {
		return true, t.button(t.backTo(p))
	}
	q := readQuery(t.cat, ws)
	if size := lookalikeSizes[ws[0]]; len(ws) == 1 && size != "" {
		q.sizes = []string{size} // "м" alone, under a card, is the size
	}
	// The goods the words name, whatever the size: "а юбки есть?" names
	// others; "платье M" this dress's kind, so it searches the dresses.
	named := find(t.cat, query{names: q.names, either: q.either})
	if len(named) > 0 && !slices.ContainsFunc(named, func(f shop.Product) bool { return f.SKU == p.SKU }) {
		return false, nil
	}
	kind := len(named) > 1 && !anyWord(ws, "это", "этот", "эта", "эту", "этого", "этой", "бұл", "осы")
	switch {
	case takesIt(ws) || q.narrows() && !kind:
		var fits func(shop.Variant) bool
		if q.narrows() {
			fits = q.fits
		}
		return true, t.cardVariants(p, fits, strings.Join(q.sizes, "/"), len(q.colours) > 0)
	case anyPrefix(ws, "доставк", "жеткіз", "курьер", "оплат", "төле", "күн", "уақыт", "жет", "кел", "дней", "дня", "срок"):
		return false, nil // "сколько стоит доставка?", "қанша күнде жетеді?": not its price
	case anyPrefix(ws, "цен", "стоит", "стоимост", "почем", "баға", "тұрады") || len(ws) == 1 && ws[0] == "канша":
		stock, err := t.stockOf(p)
		if err != nil {
			return true, err
		}
		t.s.Card = p.SKU // another question about it may follow
		t.say(messages.T(messages.CardPrice, "Name", p.Name.In(t.s.Lang), "Price", p.Price), t.cardRows(p, stock, nil)...)
		return true, nil
	case asksAboutGoods(ws):
		t.s.Card = p.SKU
		return true, t.cardQuestion(p)
	}
	return false, nil
}

// backWords go back a step.
var backWords = []string{"назад", "артқа", "back"}

// takesIt reports whether ws take the goods shown ("беру", "хочу это",
// "добавьте в корзину", "аламын"); not "не беру", "закажу позже", nor
// other things done to it ("хочу его вернуть") or to the cart ("покажите
// корзину").
func takesIt(ws []string) bool {
	if anyWord(ws, "не", "пока", "потом", "позже", "подумаю", "емес") ||
		anyPrefix(ws, "вернут", "верни", "отмен", "удал", "убер", "очист", "покаж", "перейт", "открой") {
		return false
	}
	for i := 1; i < len(ws); i++ {
		if ws[i-1] == "в" && ws[i] == "корзину" {
			return true
		}
	}
	return anyPrefix(ws, "беру", "возьму", "добав", "полож", "закажу", "аламын", "алам", "алайын", "себетке", "қосыңыз") ||
		anyWord(ws, "хочу", "хотела", "хотел", "давайте") && anyWord(ws, "это", "его", "ее", "её", "эту", "этот", "такое", "такую")
}

// asksAboutGoods reports whether a message asks how the goods are made or
// fit ("маломерит?", "из чего?", "какая длина?"): the card's description is
// all the bot knows, a person the rest.
func asksAboutGoods(ws []string) bool {
	return anyPrefix(ws, "маломер", "большемер", "длин", "состав", "ткан", "материал", "сидит", "посадк", "фото",
		"стир", "уход", "замер", "мерк", "хлопок", "шерст", "синтет", "колет", "тепл", "просвеч", "мнет", "размерн",
		"ұзын", "мата", "құрам", "сурет") ||
		anyWord(ws, "чего", "подойдет", "соответствует", "соответствуют")
}

// cardVariants goes on with the variants of p that fit (all when fits is
// nil): the quantity question when one is in stock, else the choice among
// those that are, or what is. A quantity question asked before is over:
// a number typed next is not for the variant she moved away from.
func (t *turn) cardVariants(p shop.Product, fits func(shop.Variant) bool, size string, colour bool) error {
	stock, err := t.stockOf(p)
	if err != nil {
		return err
	}
	var in []shop.Variant
	for _, v := range p.Variants {
		if stock[v.ID] > 0 && (fits == nil || fits(v)) {
			in = append(in, v)
		}
	}
	if len(in) == 1 {
		return t.askQty(in[0].ID)
	}
	t.s.Step, t.s.Variant = StepMenu, ""
	t.s.Card = p.SKU // another size or colour may follow
	if len(in) > 1 {
		t.say(messages.T(messages.CardPick, "Name", p.Name.In(t.s.Lang)), t.cardRows(p, stock, fits)...)
		return nil
	}
	var have []string
	for _, v := range p.Variants {
		if stock[v.ID] > 0 {
			have = append(have, t.variantLabel(v))
		}
	}
	t.say(messages.T(messages.CardNoSuch, "Name", p.Name.In(t.s.Lang), "Size", size, "Colour", colour,
		"Have", strings.Join(have, ", ")), t.cardRows(p, stock, nil)...)
	return nil
}

// cardQuestion answers a question about p the card does not: its
// description is all the bot knows; the manager knows the rest.
func (t *turn) cardQuestion(p shop.Product) error {
	stock, err := t.stockOf(p)
	if err != nil {
		return err
	}
	rows := append([][]Button{row(btn(messages.BtnTalk, dTalk))}, t.cardRows(p, stock, nil)...)
	t.say(messages.T(messages.CardQuestion, "Name", p.Name.In(t.s.Lang)), rows...)
	return nil
}

// cardRows are the buttons under an answer about p: its variants in stock
// that fit, and back to its catalog page.
func (t *turn) cardRows(p shop.Product, stock map[string]int, fits func(shop.Variant) bool) [][]Button {
	return append(t.variantRows(p, stock, fits), row(btn(messages.BtnBack, t.backTo(p))))
}

// stockOf is what p's variants have for sale now.
func (t *turn) stockOf(p shop.Product) (map[string]int, error) {
	stock, err := t.st.Available(t.ctx, p.VariantIDs())
	if err != nil {
		return nil, fmt.Errorf("stock of %s: %w", p.SKU, err)
	}
	return stock, nil
}
