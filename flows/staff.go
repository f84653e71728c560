package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// Staff button data. Only staff chats dispatch them: the same data pressed
// or forged in a customer's chat is a stale button there.
const (
	dRefund      = "rf"  // rf:<order>:<amount>:<refunds so far>
	dRefundAbort = "rfx" // rfx:<order>
)

// staff handles input from a staff chat. Staff groups talk among
// themselves too, so plain text gets no answer; commands and buttons do.
func (t *turn) staff() error {
	switch t.in.Kind {
	case TextInput:
		cmd, ok := command(t.in.Text)
		if !ok {
			// A reply to a handoff card goes to that customer; other talk
			// among staff is theirs.
			if ref, ok := replyRef(t.in.ReplyTo); ok {
				return t.staffReply(ref, t.in.Text)
			}
			return nil
		}
		args := strings.Fields(t.in.Text)[1:]
		// What follows the command, as typed (a reason keeps its spaces).
		rest := ""
		if i := strings.IndexFunc(t.in.Text, unicode.IsSpace); i >= 0 {
			rest = t.in.Text[i:]
		}
		if ok, err := t.deskCommand(cmd, args, rest); ok {
			return err
		}
		switch cmd {
		case "reply":
			if len(args) < 2 {
				t.say(messages.T(messages.StaffReplyUsage))
				return nil
			}
			_, text, _ := strings.Cut(strings.TrimSpace(rest), args[0])
			return t.staffReply(args[0], text)
		case "done":
			if id, ok := shop.ParseHandoffRef(strings.Join(args, "")); ok {
				return t.staffDone(id)
			}
			t.say(messages.T(messages.StaffReplyUsage))
			return nil
		}
		switch cmd {
		case "refund":
			return t.refundAsk(args)
		case "claims":
			return t.staffClaims()
		case "approve":
			if len(args) == 0 {
				t.say(messages.T(messages.StaffClaimUsage, "Command", "approve", "Ref", "R1"))
				return nil
			}
			amount := ""
			if len(args) > 1 {
				amount = strings.Join(args[1:], " ")
			}
			return t.approveClaim(args[0], amount)
		case "reject":
			if len(args) == 0 {
				t.say(messages.T(messages.StaffClaimUsage, "Command", "reject", "Ref", "R1"))
				return nil
			}
			_, reason, _ := strings.Cut(strings.TrimSpace(rest), args[0])
			return t.rejectClaim(args[0], reason)
		case "start", "help":
			t.say(messages.T(messages.StaffHelp))
			return nil
		}
		t.say(messages.T(messages.StaffUnknownCommand))
		return nil
	case FileInput:
		// A photo or file sent in reply to a handoff card goes to that
		// customer; other files in a staff group are staff's own.
		if ref, ok := replyRef(t.in.ReplyTo); ok {
			return t.staffFile(ref)
		}
		return nil
	case ButtonInput:
		parts := strings.Split(t.in.Data, ":")
		if ok, err := t.deskButton(parts); ok {
			return err
		}
		if parts[0] == dHandoffDone && len(parts) == 2 {
			if id, err := strconv.ParseInt(parts[1], 10, 64); err == nil && id > 0 {
				return t.staffDone(id)
			}
		}
		switch {
		case parts[0] == dRefund && len(parts) == 4:
			id, err1 := strconv.ParseInt(parts[1], 10, 64)
			amount, err2 := strconv.ParseInt(parts[2], 10, 64)
			seen, err3 := strconv.Atoi(parts[3])
			if err1 == nil && err2 == nil && err3 == nil {
				return t.refundConfirm(id, shop.Money(amount), seen)
			}
		case parts[0] == dRefundAbort:
			t.say(messages.T(messages.StaffRefundAborted))
			return nil
		case parts[0] == dStaffApprove && len(parts) == 2:
			if id, err := strconv.ParseInt(parts[1], 10, 64); err == nil && id > 0 {
				return t.approveClaim(shop.ClaimRef(id), "")
			}
		case parts[0] == dStaffReject && len(parts) == 2:
			if id, err := strconv.ParseInt(parts[1], 10, 64); err == nil && id > 0 {
				t.say(messages.T(messages.StaffClaimUsage, "Command", "reject", "Ref", shop.ClaimRef(id)))
				return nil
			}
		}
		t.say(messages.T(messages.StaffStaleButton))
	}
	return nil
}

// refundable loads an order staff named, locked until commit, and what may
// still be refunded of it. seen is the number of refunds a confirm button
// was made with (-1 when staff only ask): a button pressed before, or after
// another refund, no longer says what would happen. ok is false when it
// said why nothing can be refunded.
func (t *turn) refundable(id int64, seen int) (o shop.Order, refunds []shop.Refund, left shop.Money, ok bool, err error) {
	// Locking the order first makes two staff confirming at once take
	// turns: the second sees the first's refund.
	o, err = t.st.Find(t.ctx, id)
	found := err == nil
	if err != nil && !errors.Is(err, shop.ErrNotFound) {
		return o, nil, 0, false, fmt.Errorf("refund: %w", err)
	}
	if seen >= 0 || found && o.Payment.TransactionID != 0 {
		if refunds, err = t.st.Refunds(t.ctx, id); err != nil {
			return o, nil, 0, false, fmt.Errorf("refund: %w", err)
		}
	}
	switch {
	case seen >= 0 && len(refunds) != seen:
		t.say(messages.T(messages.StaffStaleButton))
		return o, nil, 0, false, nil
	case !found:
		t.say(messages.T(messages.StaffOrderNotFound, "Number", shop.OrderNumber(id)))
		return o, nil, 0, false, nil
	}
	if left = shop.Refundable(o, refunds); o.Payment.TransactionID == 0 || left == 0 {
		t.say(messages.T(messages.StaffNothingToRefund, "Number", o.Number(), "Status", string(o.Status)))
		return o, nil, 0, false, nil
	}
	return o, refunds, left, true, nil
}

// refundAsk answers "/refund LT-00042 [amount]" with the refund to confirm.
func (t *turn) refundAsk(args []string) error {
	if len(args) == 0 || len(args) > 2 {
		t.say(messages.T(messages.StaffRefundUsage))
		return nil
	}
	id, ok := shop.ParseOrderNumber(args[0])
	if !ok {
		t.say(messages.T(messages.StaffRefundUsage))
		return nil
	}
	o, refunds, left, ok, err := t.refundable(id, -1)
	if !ok || err != nil {
		return err
	}
	amount := left
	if len(args) == 2 {
		n, err := strconv.ParseInt(strings.TrimSuffix(args[1], "₸"), 10, 64)
		if err != nil || n <= 0 {
			t.say(messages.T(messages.StaffRefundUsage))
			return nil
		}
		amount = shop.Money(n)
	}
	if amount > left {
		t.say(messages.T(messages.StaffRefundTooMuch, "Number", o.Number(), "Left", left))
		return nil
	}
	if o.Payment.Authorized && amount != left {
		// A hold is released whole; a part can be refunded once captured.
		t.say(messages.T(messages.StaffVoidWholeOnly, "Number", o.Number(), "Left", left))
		return nil
	}
	t.say(messages.T(messages.StaffRefundAsk, "Order", o, "Number", o.Number(), "Amount", amount, "Left", left,
		"Void", o.Payment.Authorized),
		row(btn(messages.BtnRefundConfirm, data(dRefund, strconv.FormatInt(o.ID, 10), strconv.FormatInt(int64(amount), 10), strconv.Itoa(len(refunds))), "Amount", amount)),
		row(btn(messages.BtnRefundAbort, data(dRefundAbort, strconv.FormatInt(o.ID, 10)))))
	return nil
}

// refundConfirm stores the refund; the payment service sends it to the
// provider once this transaction commits. seen is how many refunds the
// order had when staff were asked: a second press of the same button, or
// a press after another refund, asks again instead of refunding twice.
func (t *turn) refundConfirm(id int64, amount shop.Money, seen int) error {
	o, _, left, ok, err := t.refundable(id, seen)
	if !ok || err != nil {
		return err
	}
	if amount <= 0 || amount > left || o.Payment.Authorized && amount != left {
		t.say(messages.T(messages.StaffStaleButton))
		return nil
	}
	r, err := t.st.RequestRefund(t.ctx, shop.Refund{
		OrderID: o.ID, TransactionID: o.Payment.TransactionID, Amount: amount, RequestedBy: t.in.User,
	})
	if err != nil {
		return err
	}
	t.res.PaymentWork = true // the refund is to be sent
	t.say(messages.T(messages.StaffRefundRequested, "Number", o.Number(), "Amount", r.Amount))
	return nil
}
