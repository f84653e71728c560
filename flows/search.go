package flows

import (
	"strings"
	"unicode"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// Free text outside a question is read for what a shop's customers type
// instead of pressing a button: a question about their order ("где мой
// заказ?"), what they want to buy ("платье", "джинсы есть?") and a
// question the payment and delivery or the contacts page answers.

// words are s's words, lower-cased, with ё as е (catalogs and customers
// write either).
func words(s string) []string {
	s = strings.ReplaceAll(strings.ToLower(s), "ё", "е")
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// asksAboutOrder reports whether ws ask where or how an order is: an order
// word with a where, my or status word; "how to order" is not one.
func asksAboutOrder(ws []string) bool {
	order, about := false, false
	for _, w := range ws {
		switch {
		case strings.HasPrefix(w, "заказ") && w != "заказать" && !strings.HasPrefix(w, "заказыва"),
			strings.HasPrefix(w, "тапсырыс"),
			strings.HasPrefix(w, "посылк"), strings.HasPrefix(w, "сәлемдеме"):
			order = true
		case orderQuestionWords[w]:
			about = true
		}
	}
	return order && about
}

// orderQuestionWords ask where, whose or in what state: with an order
// word, a question about the customer's order.
var orderQuestionWords = map[string]bool{
	"где": true, "когда": true, "статус": true, "трек": true,
	"мой": true, "моя": true, "мое": true, "мои": true, "моего": true, "моей": true, "моим": true, "моему": true, "мою": true, "моих": true,
	"қайда": true, "қашан": true, "күйі": true, "менің": true,
}

// topic returns the button whose page answers a question about paying,
// delivery or the shop's whereabouts ("сколько стоит доставка?", "ваш
// адрес"), "" for none.
func topic(ws []string) string {
	for _, w := range ws {
		for _, p := range []string{"доставк", "оплат", "оплачива", "жеткіз", "төле"} {
			if strings.HasPrefix(w, p) {
				return dInfo
			}
		}
		for _, p := range []string{"адрес", "контакт", "телефон", "мекенжай", "находитесь"} {
			if strings.HasPrefix(w, p) {
				return dContacts
			}
		}
	}
	return ""
}

// maxSearchWords bounds the words searched for, so a huge message costs
// no more than a short one against a big catalog.
const maxSearchWords = 8

// searchStopwords are name words too common to search by.
var searchStopwords = map[string]bool{"және": true, "для": true, "или": true, "есть": true}

// sameWord reports whether a typed word and a catalog name's word are one
// word in another form: they share all but the last two letters of the
// shorter (платье, платья; көйлек, көйлектер), four letters at least, or
// three of two words of about one length (юбка, юбку; not плащ, платье).
func sameWord(typed, name []rune) bool {
	n := 0
	for n < len(typed) && n < len(name) && typed[n] == name[n] {
		n++
	}
	if n < min(len(typed), len(name))-2 {
		return false
	}
	return n >= 4 || n == 3 && abs(len(typed)-len(name)) <= 1
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// matches reports whether any typed word is a word of name.
func matches(typed [][]rune, name shop.Localized) bool {
	for _, text := range []string{name.RU, name.KK} {
		for _, w := range words(text) {
			nw := []rune(w)
			if len(nw) < 4 || searchStopwords[w] {
				continue
			}
			for _, t := range typed {
				if sameWord(t, nw) {
					return true
				}
			}
		}
	}
	return false
}

// search lists the products a customer's words name (found); false when
// they name none.
func (t *turn) search(ws []string) bool {
	found := find(t.cat, ws)
	if len(found) == 0 {
		return false
	}
	t.s.Step = StepMenu
	shown := found[:min(len(found), pageSize)]
	var rows [][]Button
	for _, p := range shown {
		rows = append(rows, row(t.productButton(p)))
	}
	rows = append(rows, row(btn(messages.BtnCategories, dCatalog), btn(messages.BtnCart, dCart, "Pieces", t.s.Cart.Pieces())))
	t.say(messages.T(messages.CatalogFound, "Count", len(found), "Shown", len(shown)), rows...)
	return true
}

// find returns the products whose names hold a word of ws, in either
// language, or else those of the categories whose names do.
func find(cat *shop.Catalog, ws []string) []shop.Product {
	var typed [][]rune
	for _, w := range ws {
		if r := []rune(w); len(r) >= 4 && !searchStopwords[w] {
			typed = append(typed, r)
		}
		if len(typed) == maxSearchWords {
			break // a long message is not a search: its first words decide
		}
	}
	if len(typed) == 0 {
		return nil
	}
	var found []shop.Product
	for _, p := range cat.Products() {
		if matches(typed, p.Name) {
			found = append(found, p)
		}
	}
	if len(found) > 0 {
		return found
	}
	for _, c := range cat.Categories() {
		if matches(typed, c.Name) {
			found = append(found, cat.InCategory(c.ID)...)
		}
	}
	return found
}
