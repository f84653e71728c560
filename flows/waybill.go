package flows

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// actionReturnWaybill records in an order's audit trail the waybill
// number the customer sent her return under.
const actionReturnWaybill = "return_waybill"

// waybillOf is the word of ws that reads as a CDEK waybill number, "" when
// none does: 8 to 14 digits, beside a word for it ("накладная", "трек",
// "отправила") or alone. A phone number typed whole (7771234567,
// 87771234567) is never one, nor an IIN (12 digits) without such a word.
// noun reports the word for a waybill itself ("накладная", "жүкқұжат").
func waybillOf(ws []string) (number string, noun bool) {
	noun = anyPrefix(ws, "накладн", "жүкқұжат")
	named := noun || anyPrefix(ws, "трек", "сдэк", "cdek", "отправил", "жібердім", "жөнелттім")
	for _, w := range ws {
		if len(w) < 8 || len(w) > 14 || strings.Trim(w, "0123456789") != "" {
			continue
		}
		phone := len(w) == 10 && w[0] == '7' || len(w) == 11 && (strings.HasPrefix(w, "87") || strings.HasPrefix(w, "77"))
		switch {
		case phone:
		case named:
			return w, noun
		case len(ws) == 1 && len(w) != 12:
			return w, noun
		}
	}
	return "", false
}

// returnWaybill takes the waybill number a customer with a return under
// way types, as the return instructions ask her to: it is kept in the
// order's audit trail and staff are told, so the parcel is matched to the
// application. It reports false, doing nothing, when the chat has no
// open return.
func (t *turn) returnWaybill(number string) (bool, error) {
	claims, err := t.st.ChatClaims(t.ctx, t.in.Chat, claimsShown)
	if err != nil {
		return false, fmt.Errorf("return waybill: %w", err)
	}
	for _, c := range claims {
		if c.Kind != shop.ClaimReturn || !c.Open() {
			continue
		}
		o, err := t.st.Get(t.ctx, t.in.Chat, c.OrderID)
		if err != nil {
			return false, fmt.Errorf("return waybill: %w", err)
		}
		if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: "customer",
			Action: actionReturnWaybill, Detail: number}); err != nil {
			return false, fmt.Errorf("return waybill: %w", err)
		}
		t.alertStaff(messages.T(messages.StaffReturnWaybill, "Ref", c.Ref(), "Number", o.Number(), "Waybill", number),
			row(staffOrderButton(o)))
		t.say(messages.T(messages.ReturnWaybillTaken, "Ref", c.Ref(), "Waybill", number),
			row(btn(messages.BtnClaimStatus, dClaimStatus), btn(messages.BtnMenu, dMenu)))
		return true, nil
	}
	return false, nil
}

// actionExchangeWaybill records in an order's trail the waybill of goods
// the customer sent back with no application: for an exchange.
const actionExchangeWaybill = "exchange_waybill"

// exchangeWaybill takes a waybill number a customer with no open return
// names ("отправила на обмен, накладная 5566778899"): staff get it with
// her latest order still within its return days, once. It reports false
// when there is no such order, or the number is one of her orders' own
// tracking numbers.
func (t *turn) exchangeWaybill(number string) (bool, error) {
	orders, err := t.st.ForChat(t.ctx, t.in.Chat, ordersShown)
	if err != nil {
		return false, fmt.Errorf("exchange waybill: %w", err)
	}
	var o shop.Order
	for _, c := range orders {
		if c.Tracking == number {
			return false, nil // "накладная 1234567890 не находится": ours, shipped to her
		}
		if o.ID == 0 && c.Status == shop.Delivered && t.f.cfg.Profile.CanReturn(c, t.now) == shop.ReturnAllowed {
			o = c
		}
	}
	if o.ID == 0 {
		return false, nil
	}
	events, err := t.st.Events(t.ctx, o.ID)
	if err != nil {
		return false, fmt.Errorf("exchange waybill: %w", err)
	}
	told := slices.ContainsFunc(events, func(e shop.OrderEvent) bool { return e.Action == actionExchangeWaybill && e.Detail == number })
	if !told {
		if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: "customer",
			Action: actionExchangeWaybill, Detail: number}); err != nil {
			return false, fmt.Errorf("exchange waybill: %w", err)
		}
		t.alertStaff(messages.T(messages.StaffWaybillNoClaim, "Number", o.Number(), "Waybill", number),
			row(staffOrderButton(o)))
	}
	t.say(messages.T(messages.WaybillPassed, "Waybill", number), row(btn(messages.BtnTalk, dTalk), btn(messages.BtnMenu, dMenu)))
	return true, nil
}
