package flows

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// pageSize is how many products one catalog page lists.
const pageSize = 6

func (t *turn) categories() error {
	t.s.Step = StepMenu
	cats := t.cat.Categories()
	if len(cats) == 0 {
		t.say(messages.T(messages.CatalogEmpty), row(btn(messages.BtnMenu, dMenu)))
		return nil
	}
	var rows [][]Button
	for _, c := range cats {
		rows = append(rows, row(btn(messages.BtnLabel, data(dCatalog, c.ID, "0"), "Label", c.Name.In(t.s.Lang))))
	}
	rows = append(rows, row(btn(messages.BtnCart, dCart, "Pieces", t.s.Cart.Pieces()), btn(messages.BtnMenu, dMenu)))
	t.say(messages.T(messages.CatalogCategories), rows...)
	return nil
}

func (t *turn) categoryPage(id string, page int) error {
	c, ok := t.cat.Category(id)
	if !ok {
		return t.stale()
	}
	t.s.Step = StepMenu
	products := t.cat.InCategory(id)
	pages := max(1, (len(products)+pageSize-1)/pageSize)
	page = min(max(page, 0), pages-1)
	var rows [][]Button
	for _, p := range products[page*pageSize : min(len(products), (page+1)*pageSize)] {
		rows = append(rows, row(t.productButton(p)))
	}
	var nav []Button
	if page > 0 {
		nav = append(nav, btn(messages.BtnPrev, data(dCatalog, id, strconv.Itoa(page-1))))
	}
	if page < pages-1 {
		nav = append(nav, btn(messages.BtnNext, data(dCatalog, id, strconv.Itoa(page+1))))
	}
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, row(btn(messages.BtnCategories, dCatalog), btn(messages.BtnCart, dCart, "Pieces", t.s.Cart.Pieces())))
	t.say(messages.T(messages.CatalogPage, "Category", c.Name.In(t.s.Lang), "Page", page+1, "Pages", pages, "Count", len(products)), rows...)
	return nil
}

// productButton opens p's card, as lists of products show it.
func (t *turn) productButton(p shop.Product) Button {
	return btn(messages.BtnProduct, data(dProduct, p.SKU), "Name", p.Name.In(t.s.Lang), "Price", p.Price)
}

// expressLine is a city whose retail shop has sizes of a product in stock:
// express delivery is possible there.
type expressLine struct {
	City, Sizes string
	Count       int // sizes named
}

// sizeLine is one variant as the product card lists it.
type sizeLine struct {
	Size, Colour string
	Stock        int
}

func (t *turn) product(sku string) error {
	p, ok := t.cat.Product(sku)
	if !ok {
		return t.stale()
	}
	t.s.Step = StepMenu
	stock, err := t.stockOf(p)
	if err != nil {
		return err
	}
	t.s.Card = p.SKU
	var sizes []sizeLine
	for _, v := range p.Variants {
		sizes = append(sizes, sizeLine{Size: v.Size, Colour: v.Colour.In(t.s.Lang), Stock: stock[v.ID]})
	}
	rows := t.variantRows(p, stock, nil)
	// Sizes that can come today by express, by city with a retail shop.
	var express []expressLine
	for _, c := range t.f.cfg.Profile.Cities {
		if c.RetailShop == nil {
			continue
		}
		var in []string
		for _, v := range p.Variants {
			label := t.variantLabel(v) // the colour too: the shop may have one colour of a size only
			if v.Retail[c.ID] > 0 && stock[v.ID] > 0 && !slices.Contains(in, label) {
				in = append(in, label)
			}
		}
		if len(in) > 0 {
			express = append(express, expressLine{City: c.Name.In(t.s.Lang), Sizes: strings.Join(in, ", "), Count: len(in)})
		}
	}
	soldOut := len(rows) == 0
	rows = append(rows,
		row(btn(messages.BtnBack, t.backTo(p)), btn(messages.BtnCart, dCart, "Pieces", t.s.Cart.Pieces())))
	t.res.Replies = append(t.res.Replies, Reply{
		Photo: p.Photo,
		Text: messages.T(messages.ProductCard,
			"Name", p.Name.In(t.s.Lang), "Price", p.Price, "Description", p.Description.In(t.s.Lang),
			"Sizes", sizes, "SoldOut", soldOut, "Personalised", p.Personalised, "Express", express),
		Buttons: rows,
	})
	return nil
}

// variantLabel is a variant as a text names it: "M (чёрный)".
func (t *turn) variantLabel(v shop.Variant) string {
	if colour := v.Colour.In(t.s.Lang); colour != "" {
		return v.Size + " (" + strings.ToLower(colour) + ")"
	}
	return v.Size
}

// variantRows are the buttons of p's variants in stock that fit (all when
// fits is nil), three a row.
func (t *turn) variantRows(p shop.Product, stock map[string]int, fits func(shop.Variant) bool) [][]Button {
	var buttons []Button
	for _, v := range p.Variants {
		if stock[v.ID] > 0 && (fits == nil || fits(v)) {
			buttons = append(buttons, btn(messages.BtnSize, data(dVariant, v.ID), "Size", v.Size, "Colour", v.Colour.In(t.s.Lang)))
		}
	}
	var rows [][]Button
	for i := 0; i < len(buttons); i += 3 {
		rows = append(rows, buttons[i:min(i+3, len(buttons))])
	}
	return rows
}

// backTo is the Back button's data under p: the catalog page listing it.
func (t *turn) backTo(p shop.Product) string {
	return data(dCatalog, p.CategoryID, strconv.Itoa(t.pageOf(p)))
}

// pageOf is the catalog page that lists p, for the Back button.
func (t *turn) pageOf(p shop.Product) int {
	for i, q := range t.cat.InCategory(p.CategoryID) {
		if q.SKU == p.SKU {
			return i / pageSize
		}
	}
	return 0
}

func (t *turn) chooseVariant(id string) error {
	if _, _, ok := t.cat.Variant(id); !ok {
		return t.stale()
	}
	return t.askQty(id)
}

// askQty asks how many pieces of a variant to add.
func (t *turn) askQty(id string) error {
	p, v, ok := t.cat.Variant(id)
	if !ok {
		return t.menu()
	}
	left, err := t.left(id)
	if err != nil {
		return err
	}
	if left <= 0 {
		t.say(messages.T(messages.SoldOut, "Name", p.Name.In(t.s.Lang), "Size", v.Size, "Colour", v.Colour.In(t.s.Lang)))
		return t.product(p.SKU)
	}
	t.s.Step, t.s.Variant = StepQty, id
	qty := numberRows(min(left, 5), func(n string) string { return data(dAdd, id, n) })
	t.say(messages.T(messages.AskQty, "Name", p.Name.In(t.s.Lang), "Size", v.Size, "Colour", v.Colour.In(t.s.Lang), "Left", left, "InCart", t.s.Cart.Qty(id)),
		append(qty, row(btn(messages.BtnBack, data(dProduct, p.SKU))))...)
	return nil
}

// numberRows are buttons 1 to n, five a row, each pressing dataOf its
// number.
func numberRows(n int, dataOf func(n string) string) [][]Button {
	var rows [][]Button
	for k := 1; k <= n; k++ {
		if k%5 == 1 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], btn(messages.BtnNumber, dataOf(strconv.Itoa(k)), "N", k))
	}
	return rows
}

// left is how many more pieces of a variant the cart may take.
func (t *turn) left(id string) (int, error) {
	stock, err := t.st.Available(t.ctx, []string{id})
	if err != nil {
		return 0, fmt.Errorf("variant stock: %w", err)
	}
	return min(stock[id], shop.MaxLineQty) - t.s.Cart.Qty(id), nil
}

// answerQty takes a typed quantity, s as typed and read in Cyrillic; words
// about the product instead go to its card's answers.
func (t *turn) answerQty(s, read string) error {
	n, ok := typedQty(s)
	if !ok {
		n, ok = typedQty(read) // "dva"
	}
	if p, _, found := t.cat.Variant(t.s.Variant); !ok && found {
		// "назад", "а M есть?", "маломерит?": the card's answers.
		if ws := words(read); len(ws) <= 2 && anyWord(ws, backWords...) {
			return t.product(p.SKU)
		}
		if done, err := t.onCard(p, read); done || err != nil {
			return err
		}
	}
	if !ok || n < 1 || n > shop.MaxLineQty {
		most := shop.MaxLineQty
		if left, err := t.left(t.s.Variant); err == nil && left >= 1 {
			most = min(most, left) // as the question said
		}
		t.say(messages.T(messages.BadQty, "Max", most))
		return t.askQty(t.s.Variant)
	}
	return t.add(t.s.Variant, n)
}

// typedQty reads a quantity as customers type it: "2", "2 шт", "2шт.",
// "две", "екі дана". A sign, a fraction or other words make it no
// quantity.
func typedQty(s string) (int, bool) {
	ws := words(s)
	if len(ws) == 0 || len(ws) > 2 || strings.ContainsAny(s, "-−+") {
		return 0, false
	}
	w, unit := ws[0], ""
	if len(ws) == 2 {
		unit = ws[1]
	}
	digits := 0
	for digits < len(w) && '0' <= w[digits] && w[digits] <= '9' {
		digits++
	}
	var n int
	switch {
	case digits > 0:
		if digits < len(w) { // "2шт"
			if unit != "" {
				return 0, false
			}
			unit = w[digits:]
		}
		var err error
		if n, err = strconv.Atoi(w[:digits]); err != nil {
			return 0, false
		}
	case qtyWords[w] > 0:
		n = qtyWords[w]
	default:
		return 0, false
	}
	if unit != "" && !qtyUnits[unit] {
		return 0, false
	}
	return n, true
}

// qtyWords are the numbers up to the most one cart line takes, in words,
// folded as words folds them (үш: уш).
var qtyWords = foldKeys(map[string]int{
	"один": 1, "одна": 1, "одну": 1, "одно": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
	"шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
	"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9, "он": 10,
})

func foldKeys(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[fold(k)] = v
	}
	return out
}

var qtyUnits = set("шт", "штук", "штуки", "штука", "штуку", "штучки", "штучку", "дана", "pcs")

func (t *turn) add(id string, n int) error {
	p, v, ok := t.cat.Variant(id)
	if !ok || n < 1 || n > shop.MaxLineQty {
		return t.stale()
	}
	left, err := t.left(id)
	if err != nil {
		return err
	}
	t.s.Step, t.s.Variant = StepMenu, ""
	if left <= 0 {
		t.say(messages.T(messages.NoMoreStock, "Name", p.Name.In(t.s.Lang), "Size", v.Size, "Colour", v.Colour.In(t.s.Lang), "InCart", t.s.Cart.Qty(id)))
		return t.cart()
	}
	if n > left {
		t.say(messages.T(messages.OnlyLeft, "Left", left))
		n = left
	}
	t.s.Cart.Add(id, n)
	_, total, _ := t.s.Cart.Lines(t.cat)
	t.say(messages.T(messages.Added,
		"Name", p.Name.In(t.s.Lang), "Size", v.Size, "Colour", v.Colour.In(t.s.Lang), "Qty", n,
		"Pieces", t.s.Cart.Pieces(), "Total", total, "More", t.f.cfg.Profile.MoreForFreeDelivery(total)),
		row(btn(messages.BtnCheckout, dCheckout)),
		row(btn(messages.BtnContinue, data(dCatalog, p.CategoryID, strconv.Itoa(t.pageOf(p)))), btn(messages.BtnCart, dCart, "Pieces", t.s.Cart.Pieces())))
	return nil
}
