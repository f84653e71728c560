package flows

import (
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// cartLine is one cart line as the cart text lists it.
type cartLine struct {
	N                  int
	Name, Size, Colour string
	Text               string // a personalised product's words
	Qty                int
	Price, Sum         shop.Money
}

func (t *turn) cart() error {
	t.s.Step = StepMenu
	lines, total, gone := t.s.Cart.Lines(t.cat)
	if len(gone) > 0 {
		t.say(messages.T(messages.CartItemsGone, "Count", len(gone)))
	}
	if len(lines) == 0 {
		t.say(messages.T(messages.CartEmpty), row(btn(messages.BtnCatalog, dCatalog), btn(messages.BtnMenu, dMenu)))
		return nil
	}
	var list []cartLine
	var rows [][]Button
	for i, l := range lines {
		list = append(list, cartLine{N: i + 1, Name: l.Product.Name.In(t.s.Lang), Size: l.Variant.Size, Colour: l.Variant.Colour.In(t.s.Lang), Text: l.Text, Qty: l.Qty, Price: l.Product.Price, Sum: l.Sum})
		rows = append(rows, row(
			btn(messages.BtnDec, data(dDec, l.Variant.ID), "N", i+1),
			btn(messages.BtnInc, data(dInc, l.Variant.ID), "N", i+1),
			btn(messages.BtnRemove, data(dRemove, l.Variant.ID), "N", i+1),
		))
	}
	rows = append(rows,
		row(btn(messages.BtnCheckout, dCheckout)),
		row(btn(messages.BtnClear, dClear), btn(messages.BtnCatalog, dCatalog), btn(messages.BtnMenu, dMenu)))
	t.say(messages.T(messages.CartView,
		"Lines", list, "Pieces", t.s.Cart.Pieces(), "Total", total,
		"More", t.f.cfg.Profile.MoreForFreeDelivery(total)), rows...)
	return nil
}

// changeQty adds delta pieces to a cart line (negative removes), within stock.
func (t *turn) changeQty(id string, delta int) error {
	have := t.s.Cart.Qty(id)
	if have == 0 {
		return t.stale()
	}
	if delta > 0 {
		left, err := t.left(id)
		if err != nil {
			return err
		}
		if left < delta {
			t.say(messages.T(messages.OnlyLeft, "Left", have+max(left, 0)))
			return t.cart()
		}
	}
	t.s.Cart.SetQty(id, have+delta)
	return t.cart()
}
