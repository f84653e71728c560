package flows

import (
	"slices"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// removeWords ask the shop to take something out: whole forms, not
// "удалось" (managed) or "убрала" (told of oneself).
var removeWords = []string{"удалите", "удали", "уберите", "убери", "выкиньте", "тастаңыз", "өшіріңіз"}

// keepWords ask the shop for a number of pieces when the number follows
// them ("оставьте 2", "сделайте одну", "поменяйте на 1").
var keepWords = set("оставьте", "оставь", "сделайте", "сделай", "поменяйте", "измените", "қалдырыңыз")

// typedPieces is a number of pieces the words ask for: a number with its
// unit ("2 штуки", "2шт", "екі дана"), or right after a verb of keeping
// or changing, "на" between allowed ("оставьте две", "поменяйте на 1").
// Not a number told of something else ("Оставила заявку 2 дня назад",
// "Поменяйте, он мне мал": он is 10 in Kazakh only beside a unit).
func typedPieces(ws []string) (int, bool) {
	for i, w := range ws {
		n, ok := typedQty(w) // "2", "две", "2шт"
		if !ok || n > shop.MaxLineQty {
			continue // "поменяйте на 42": a size
		}
		glued := !isNumber(w) && qtyWords[w] == 0 // "2шт"
		unit := glued || i+1 < len(ws) && qtyUnits[ws[i+1]]
		asked := i > 0 && keepWords[ws[i-1]] || i > 1 && ws[i-1] == "на" && keepWords[ws[i-2]]
		if unit || asked && isNumber(w) || asked && qtyWords[w] > 0 && w != fold("он") && w != fold("бір") {
			return n, true
		}
	}
	return 0, false
}

// cartChange answers a typed change of the cart's lines, and reports
// false when the words are not one: no verb of taking out and no number
// of pieces, a number with an empty cart ("Можно 2 штуки платья?" is
// for the search), or goods of the catalog named that no line has
// ("джинсы 2 шт" beside a blouse). A number of pieces for the only line, or the one line the
// words name, is set within stock; anything else shows the cart with a
// word on its buttons. Typed text never takes a line out: a misreading
// would lose it.
func (t *turn) cartChange(ws []string, q query) (bool, error) {
	remove := anyWord(ws, removeWords...) && !anyPrefix(ws, "заказ", "тапсырыс")
	n, pieces := typedPieces(ws)
	switch {
	case !remove && !pieces:
		return false, nil
	case t.s.Cart.Empty():
		if remove {
			return true, t.cart() // "удалите платье": there is nothing to take out
		}
		return false, nil
	}
	lines, _, _ := t.s.Cart.Lines(t.cat)
	named := lines
	if slices.ContainsFunc(t.cat.Products(), func(p shop.Product) bool { return matches(q.names, p.Name) }) {
		named = nil
		for _, l := range lines {
			if matches(q.names, l.Product.Name) {
				named = append(named, l)
			}
		}
		if len(named) == 0 && !remove {
			return false, nil
		}
	}
	if remove || len(named) != 1 {
		t.say(messages.T(messages.CartEditHint))
		return true, t.cart()
	}
	id := named[0].Variant.ID
	have := t.s.Cart.Qty(id)
	if n < 1 {
		most := shop.MaxLineQty
		if left, err := t.left(id); err == nil {
			most = max(left+have, 1)
		}
		t.say(messages.T(messages.BadQty, "Max", most))
		return true, t.cart()
	}
	if n != have {
		return true, t.changeQty(id, n-have)
	}
	return true, t.cart()
}
