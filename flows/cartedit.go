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

// notAsked are words of messages that name a number of pieces without
// asking for it: a question of price or stock ("сколько стоит 2 шт?",
// "осталось 2 шт?", "3 дана бар ма"), or what came ("пришло 2 шт вместо
// одной").
var notAsked = []string{"сколько", "скольк", "стоит", "стоимост", "цена", "есть", "остал", "налич", "бар", "канша",
	"пришл", "пришел", "вместо", "келд"}

// unitless are words after a number that make it no number of pieces:
// "оставьте на 3 дня", "сделайте на 2 размера больше", "2-3 фото".
var unitless = []string{"дн", "ден", "час", "недел", "минут", "размер", "фото", "раз", "процент", "күн", "сағат"}

// typedPieces is the number of pieces the words ask for: a number with
// its unit ("2 штуки", "2шт", "екі дана"), or one right after a verb of
// keeping or changing, "на" and "количество" between allowed ("оставьте
// две", "измените количество на 1"); of several, the last ("не 2, а 1
// штуку"), never one negated ("2 дана емес"). Not a number told of
// something else ("Оставила заявку 2 дня назад", "Поменяйте, он мне мал":
// он is 10 in Kazakh only beside a unit).
func typedPieces(ws []string) (int, bool) {
	n, found := 0, false
	for i, w := range ws {
		k, ok := typedQty(w) // "2", "две", "2шт"
		if !ok || k > shop.MaxLineQty {
			continue // "поменяйте на 42": a size
		}
		var next string
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		glued := !isNumber(w) && qtyWords[w] == 0 // "2шт"
		unit := glued || qtyUnits[next]
		if !unit && (isNumber(next) || anyPrefix([]string{next}, unitless...)) {
			continue // "2-3 фото", "на 3 дня"
		}
		asked := false // a verb of keeping before, only "на", "количество" between
		for j := i - 1; j >= max(0, i-3); j-- {
			if keepWords[ws[j]] {
				asked = true
				break
			}
			if !anyWord(ws[j:j+1], "на", "количество") {
				break
			}
		}
		negated := i > 0 && ws[i-1] == "не" || unit && i+2 < len(ws) && ws[i+2] == fold("емес")
		word := qtyWords[w] > 0 && w != fold("он") && w != fold("бір")
		if !negated && (unit || asked && (isNumber(w) || word)) {
			n, found = k, true
		}
	}
	return n, found
}

// cartChange answers a typed change of the cart's lines, and reports
// false when the words are not one: no verb of taking out and no number
// of pieces asked for; a question or a story with a number ("сколько стоит
// 2 шт?", "пришло 2 шт вместо одной"); a number with an empty cart
// ("Можно 2 штуки платья?" is for the search); a size or colour no line
// is ("2 шт в размере L" beside an S), or goods of the catalog named that
// no line holds ("джинсы 2 шт" beside a blouse, "платье 2 шт и юбку").
// A number of pieces for the only line, or the one line the words name,
// is set within stock; a request to take something out shows the cart
// with a word on its buttons, as does a number for several lines. Typed
// text never takes a line out: a misreading would lose it.
func (t *turn) cartChange(ws []string, q query, question bool) (bool, error) {
	lines, _, _ := t.s.Cart.Lines(t.cat)
	// The lines the words name (all when they name none), and whether they
	// name goods no line is: a word no line's name has that another
	// product's has ("блузку" names the blouse in the cart, not the other
	// blouses; "юбку плиссе" beside a dress names a skirt).
	var named []shop.CartLine
	others := false
	for _, w := range q.names {
		word := [][]rune{w}
		inCart := false
		for _, l := range lines {
			if matches(word, l.Product.Name) {
				inCart = true
				if !slices.ContainsFunc(named, func(n shop.CartLine) bool { return n.Variant.ID == l.Variant.ID }) {
					named = append(named, l)
				}
			}
		}
		others = others || !inCart && slices.ContainsFunc(t.cat.Products(), func(p shop.Product) bool { return matches(word, p.Name) })
	}
	if len(named) == 0 && !others {
		named = lines
	}
	cart := anyPrefix(ws, "корзин", "себет") || anyWord(ws, "все", "всё", "барлығын")
	if anyWord(ws, removeWords...) && !anyPrefix(ws, "заказ", "тапсырыс") && (len(named) > 0 || others || cart) {
		if len(lines) > 0 {
			t.say(messages.T(messages.CartEditHint))
		}
		return true, t.cart() // "удалите платье": the cart and its buttons, or that it is empty
	}
	n, ok := typedPieces(ws)
	if !ok || question || anyPrefix(ws, notAsked...) || len(lines) == 0 || others {
		return false, nil
	}
	named = slices.DeleteFunc(named, func(l shop.CartLine) bool { return !q.fits(l.Variant) })
	if len(named) == 0 && q.narrows() {
		return false, nil // "2 шт в размере L", "в белом": another variant
	}
	if len(named) != 1 {
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
