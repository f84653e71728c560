package flows

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// ordersShown is how many recent orders My orders lists.
const ordersShown = 10

func (t *turn) orders() error {
	list, err := t.st.ForChat(t.ctx, t.in.Chat, ordersShown)
	if err != nil {
		return fmt.Errorf("my orders: %w", err)
	}
	return t.listOrders(list)
}

// myOrder answers a question typed after "my order" ("где мой заказ?"):
// the order itself when the chat has one, else the list to choose from.
func (t *turn) myOrder() error {
	list, err := t.st.ForChat(t.ctx, t.in.Chat, ordersShown)
	if err != nil {
		return fmt.Errorf("my orders: %w", err)
	}
	// "Где мой заказ?" asks after the order on its way: the only one, or
	// the only one not yet delivered or cancelled.
	var open []shop.Order
	for _, o := range list {
		if o.Status != shop.Delivered && o.Status != shop.Cancelled {
			open = append(open, o)
		}
	}
	switch {
	case len(list) == 1:
		return t.order(strconv.FormatInt(list[0].ID, 10))
	case len(open) == 1:
		return t.order(strconv.FormatInt(open[0].ID, 10))
	}
	return t.listOrders(list)
}

func (t *turn) listOrders(list []shop.Order) error {
	t.s.Step = StepMenu
	if len(list) == 0 {
		t.say(messages.T(messages.OrdersNone), row(btn(messages.BtnCatalog, dCatalog), btn(messages.BtnTalk, dTalk)), row(btn(messages.BtnMenu, dMenu)))
		return nil
	}
	loc := t.f.cfg.Profile.Location()
	var rows [][]Button
	for _, o := range list {
		rows = append(rows, row(btn(messages.BtnOrder, data(dOrders, fmt.Sprint(o.ID)),
			"Number", o.Number(), "Status", string(o.Status), "Created", o.CreatedAt.In(loc))))
	}
	rows = append(rows, row(btn(messages.BtnMenu, dMenu)))
	t.say(messages.T(messages.OrdersList, "Count", len(list)), rows...)
	return nil
}

// order shows one of the customer's own orders. The store checks ownership:
// an id from forged button data that is not this chat's is "not found".
func (t *turn) order(arg string) error {
	t.s.Step = StepMenu
	id, ok := shop.ParseOrderNumber(arg)
	if !ok {
		return t.stale()
	}
	o, err := t.st.Get(t.ctx, t.in.Chat, id)
	if errors.Is(err, shop.ErrNotFound) {
		t.say(messages.T(messages.OrderNotFound))
		return t.orders()
	}
	if err != nil {
		return fmt.Errorf("order %d: %w", id, err)
	}
	loc := t.f.cfg.Profile.Location()
	o.Payment.PaidAt = o.Payment.PaidAt.In(loc)
	events, err := t.st.Events(t.ctx, o.ID)
	if err != nil {
		return fmt.Errorf("order %d: %w", id, err)
	}
	// The customer sees what happened to the order, not who on staff did it.
	var history []historyLine
	for _, ev := range events {
		if status, text, ok := trackingLine(ev); ok {
			history = append(history, historyLine{At: ev.At.In(loc), Status: status, Carrier: text})
			continue
		}
		if ev.Action != shop.ActionTaken && ev.Action != actionQuoted && ev.Action != actionCourierFound && ev.Action != actionReturnWaybill &&
			ev.Action != actionTrackingFixed && ev.Action != actionExchangeWaybill {
			history = append(history, historyLine{At: ev.At.In(loc), Status: ev.Action})
		}
	}
	// An unpaid order's view carries its payment link: "pay again".
	t.say(messages.T(messages.OrderView, "Order", o, "Number", o.Number(), "Created", o.CreatedAt.In(loc),
		"History", history), t.orderButtons(o)...)
	return nil
}
