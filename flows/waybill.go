package flows

import (
	"fmt"
	"strconv"
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
func waybillOf(ws []string) string {
	named := anyPrefix(ws, "накладн", "жүкқұжат", "трек", "сдэк", "cdek", "отправил", "жібердім", "жөнелттім")
	for _, w := range ws {
		if len(w) < 8 || len(w) > 14 || strings.Trim(w, "0123456789") != "" {
			continue
		}
		phone := len(w) == 10 && w[0] == '7' || len(w) == 11 && (strings.HasPrefix(w, "87") || strings.HasPrefix(w, "77"))
		switch {
		case phone:
		case named:
			return w
		case len(ws) == 1 && len(w) != 12:
			return w
		}
	}
	return ""
}

// returnWaybill takes the waybill number a customer with a return under
// way types, as the return instructions ask her to: it is kept in the
// order's audit trail and staff are told, so the parcel is matched to the
// application. Named as a waybill ("накладная 5566778899") with no open
// return (goods sent for an exchange), it goes to staff with the chat's
// latest order. It reports false, doing nothing, otherwise.
func (t *turn) returnWaybill(number string, named bool) (bool, error) {
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
			row(btn(messages.BtnStaffOrder, data(dStaffOrder, strconv.FormatInt(o.ID, 10)),
				"Number", o.Number(), "Status", string(o.Status), "Name", shortName(o.Customer.Name), "Total", o.Total)))
		t.say(messages.T(messages.ReturnWaybillTaken, "Ref", c.Ref(), "Waybill", number),
			row(btn(messages.BtnClaimStatus, dClaimStatus), btn(messages.BtnMenu, dMenu)))
		return true, nil
	}
	if !named {
		return false, nil
	}
	orders, err := t.st.ForChat(t.ctx, t.in.Chat, 1)
	if err != nil || len(orders) == 0 {
		return false, err
	}
	o := orders[0]
	if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: "customer",
		Action: actionReturnWaybill, Detail: number}); err != nil {
		return false, fmt.Errorf("waybill: %w", err)
	}
	t.alertStaff(messages.T(messages.StaffWaybillNoClaim, "Number", o.Number(), "Waybill", number),
		row(btn(messages.BtnStaffOrder, data(dStaffOrder, strconv.FormatInt(o.ID, 10)),
			"Number", o.Number(), "Status", string(o.Status), "Name", shortName(o.Customer.Name), "Total", o.Total)))
	t.say(messages.T(messages.WaybillPassed, "Waybill", number), row(btn(messages.BtnTalk, dTalk), btn(messages.BtnMenu, dMenu)))
	return true, nil
}
