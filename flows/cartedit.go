package flows

import (
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// asksToChangeCart reports whether text typed beside a cart asks to change
// it: to take something out ("удалите платье", "уберите из корзины",
// "алып тастаңыз") or to keep a number of pieces ("оставьте 2 штуки",
// "хочу 2 шт", "екі дана қалдырыңыз").
func asksToChangeCart(ws []string) bool {
	if anyPrefix(ws, "данн", "дерек") {
		return false // "удалите мои данные": the customer's data, not the cart
	}
	if anyPrefix(ws, "удал", "убер", "убра", "убир", "выкин", "таста", "өшір") {
		return true
	}
	_, ok := typedPieces(ws)
	return ok
}

// typedPieces is a number of pieces the words name: a number with its unit
// ("2 штуки", "2шт", "екі дана"), or after a verb of keeping or changing
// ("оставьте две", "сделайте 3", "поменяйте на 1"). "хочу 2 платья" is no
// such number: it may be two other dresses.
func typedPieces(ws []string) (int, bool) {
	// Asked of the shop ("сделайте"), not told of oneself ("хочу сделать
	// заказ на две блузки").
	verb := anyPrefix(ws, "остав", "сделай", "поменяй", "измените", "калдыр")
	for i, w := range ws {
		n, ok := typedQty(w) // "2", "две", "2шт"
		if !ok || n > shop.MaxLineQty {
			continue // "поменяйте на 42": a size
		}
		unit := i+1 < len(ws) && qtyUnits[ws[i+1]] || !isNumber(w) && qtyWords[w] == 0
		if unit || verb {
			return n, true
		}
	}
	return 0, false
}

// cartChange answers a typed change of the cart. A number of pieces for
// the only line, or for the one line the words name, is set within stock;
// anything else shows the cart with a word on its buttons. Typed text
// never takes a line out: a misreading would lose it.
func (t *turn) cartChange(ws []string) error {
	n, ok := typedPieces(ws)
	lines, _, _ := t.s.Cart.Lines(t.cat)
	var named []shop.CartLine
	for _, l := range lines {
		if len(lines) == 1 || matches(runesOf(ws), l.Product.Name) {
			named = append(named, l)
		}
	}
	if !ok || len(named) != 1 {
		t.say(messages.T(messages.CartEditHint))
		return t.cart()
	}
	if n < 1 || n > shop.MaxLineQty {
		t.say(messages.T(messages.BadQty, "Max", shop.MaxLineQty))
		return t.cart()
	}
	id := named[0].Variant.ID
	if delta := n - t.s.Cart.Qty(id); delta != 0 {
		return t.changeQty(id, delta)
	}
	return t.cart()
}

// runesOf is the words as runes, for matches.
func runesOf(ws []string) [][]rune {
	out := make([][]rune, len(ws))
	for i, w := range ws {
		out[i] = []rune(w)
	}
	return out
}
