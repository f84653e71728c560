package flows

import (
	"errors"
	"fmt"
	"time"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// EventKind is what happened to an order outside the chat.
type EventKind string

// Event kinds. The payment service turns each outside happening into one,
// delivered to the order's chat with a dedupe key, so a retried webhook or
// a rerun job changes nothing the second time.
const (
	EventLinkReady     EventKind = "link"           // the payment link was made
	EventLinkFailed    EventKind = "link_failed"    // making it keeps failing
	EventPayment       EventKind = "payment"        // the provider sent a notification
	EventPaidAlready   EventKind = "paid_already"   // a paid order's link was opened to pay again
	EventReminder      EventKind = "reminder"       // the order is still unpaid
	EventExpired       EventKind = "expired"        // unpaid for too long
	EventRefundDone    EventKind = "refund_done"    // the provider made a refund staff asked for
	EventRefundFailed  EventKind = "refund_failed"  // the provider refused it
	EventHandoffSilent EventKind = "handoff_silent" // nobody wrote in a handed-over chat for a while
	// Delivery events.
	EventDeliveryReady   EventKind = "delivery_ready"   // the carrier answered what the chat waits for
	EventExpressQuote    EventKind = "express_quote"    // the courier service priced an express request
	EventExpressReleased EventKind = "express_released" // a request taken out of hours, at opening
	EventCourier         EventKind = "courier"          // the Yandex claim of an express order changed
	EventCarrier         EventKind = "carrier"          // CDEK reported new statuses of a shipment
	EventPickupReminder  EventKind = "pickup_reminder"  // a parcel's last day at the pickup point is near
)

// Event is something that happened to one of the chat's orders.
type Event struct {
	Kind     EventKind
	OrderID  int64
	LinkURL  string            // EventLinkReady
	Test     bool              // EventLinkReady: the link is the local test page
	Payment  shop.PaymentEvent // EventPayment
	Reminder int               // EventReminder: which one, from 1
	RefundID int64             // EventRefundDone, EventRefundFailed
	// ProviderTransactionID is the refund's own transaction (EventRefundDone).
	ProviderTransactionID int64
	Error                 string            // EventLinkFailed, EventRefundFailed: the reason, for staff
	HandoffID             int64             // EventHandoffSilent
	Amount                shop.Money        // EventExpressQuote: the courier's price
	Claim                 shop.CourierClaim // EventCourier
	// Statuses are a shipment's new CDEK statuses, oldest first (EventCarrier).
	Statuses []shop.CarrierStatus
}

// Awaited reports whether the customer is waiting for this event's news as
// it comes: the payment link or delivery price they have just asked for,
// the outcome of a payment they have just made. Its replies are answers
// (bot.Reply.Answer); the rest (reminders, shipping news) is news nobody
// asked for at that moment.
func (ev Event) Awaited() bool {
	switch ev.Kind {
	case EventLinkReady, EventLinkFailed, EventPaidAlready, EventDeliveryReady:
		return true
	case EventPayment:
		return ev.Payment.Kind == shop.PaymentPaid || ev.Payment.Kind == shop.PaymentDeclined
	}
	return false
}

// event handles an outside event. The order must be this chat's: an event
// naming another chat's order changes nothing.
func (t *turn) event(ev Event) error {
	switch ev.Kind {
	case EventHandoffSilent:
		return t.handoffSilent(ev.HandoffID)
	case EventDeliveryReady:
		return t.deliveryReady()
	}
	o, err := t.st.Get(t.ctx, t.in.Chat, ev.OrderID)
	if errors.Is(err, shop.ErrNotFound) {
		t.f.cfg.Log.Warn("Event for an order not in its chat", "kind", ev.Kind, "order", ev.OrderID, "chat", t.in.Chat)
		return nil
	}
	if err != nil {
		return fmt.Errorf("event %s: %w", ev.Kind, err)
	}
	switch ev.Kind {
	case EventLinkReady:
		return t.linkReady(o, ev)
	case EventLinkFailed:
		if o.Status == shop.AwaitingPayment && o.Payment.LinkURL == "" {
			t.say(messages.T(messages.PaymentLinkDelayed, "Number", o.Number()))
			t.alertStaff(messages.T(messages.StaffLinkFailed, "Number", o.Number(), "Error", ev.Error))
		}
		return nil
	case EventPayment:
		return t.payment(o, ev.Payment)
	case EventPaidAlready:
		if o.Status != shop.AwaitingPayment && o.Payment.TransactionID != 0 {
			t.say(messages.T(messages.PaymentAlreadyPaid, "Number", o.Number()), t.orderButtons(o)...)
		}
		return nil
	case EventReminder:
		return t.remind(o, ev.Reminder)
	case EventExpired:
		return t.expire(o)
	case EventRefundDone, EventRefundFailed:
		return t.refundAnswered(o, ev)
	case EventExpressQuote:
		if o.Delivery.Quote.Price != 0 {
			return nil // staff priced it first; their price stands
		}
		_, err := t.offerExpress(o, ev.Amount, courierActor)
		return err
	case EventExpressReleased:
		return t.expressReleased(o)
	case EventCourier:
		return t.courierUpdate(o, ev.Claim)
	case EventCarrier:
		return t.carrierUpdate(o, ev.Statuses)
	case EventPickupReminder:
		return t.pickupReminder(o)
	}
	return fmt.Errorf("unknown event kind %q", ev.Kind)
}

// deadline is when an unpaid order is cancelled.
func (t *turn) deadline(o shop.Order) time.Time {
	return o.PayBy(t.f.cfg.PaymentExpiry).In(t.f.cfg.Profile.Location())
}

// payButton opens the order's payment page.
func payButton(o shop.Order) []Button {
	return row(Button{Label: messages.T(messages.BtnPay, "Total", o.Total), URL: o.Payment.LinkURL})
}

// orderButtons are the buttons under a message about an order: pay while it
// is unpaid, then My orders and the menu.
func (t *turn) orderButtons(o shop.Order) [][]Button {
	var rows [][]Button
	switch {
	case o.Status == shop.AwaitingPayment && o.Payment.LinkURL != "":
		rows = append(rows, payButton(o))
	case o.Status == shop.AwaitingQuote && o.Delivery.Method == shop.Express && o.Delivery.Quote.Price > 0:
		// An offer pushed out of sight, or stale after a new price: the
		// order answers it too.
		rows = append(rows, quoteButtons(o)...)
	}
	return append(rows, row(btn(messages.BtnMyOrders, dOrders), btn(messages.BtnMenu, dMenu)))
}

func (t *turn) linkReady(o shop.Order, ev Event) error {
	if o.Status != shop.AwaitingPayment || o.Payment.LinkURL != "" || ev.LinkURL == "" {
		return nil
	}
	o.Payment.LinkURL = ev.LinkURL
	o.Payment.LinkSentAt = t.now
	if err := t.st.Update(t.ctx, o); err != nil {
		return err
	}
	t.say(messages.T(messages.PaymentLink, "Number", o.Number(), "Total", o.Total,
		"Until", t.deadline(o), "Test", ev.Test), t.orderButtons(o)...)
	return nil
}

// payment acts on a provider notification, already stored.
func (t *turn) payment(o shop.Order, ev shop.PaymentEvent) error {
	switch ev.Kind {
	case shop.PaymentPaid:
		return t.paid(o, ev)
	case shop.PaymentDeclined:
		return t.declined(o, ev)
	case shop.PaymentRefunded:
		return t.refunded(o, ev)
	case shop.PaymentVoided:
		return t.voided(o, ev)
	case shop.PaymentConfirmed:
		// The held money was captured (perhaps less than held): from now
		// on it is refunded, not voided.
		if o.Payment.TransactionID == ev.TransactionID && o.Payment.Authorized {
			o.Payment.Authorized = false
			if ev.Amount > 0 && ev.Amount < o.Payment.Amount {
				o.Payment.Amount = ev.Amount
			}
			return t.st.Update(t.ctx, o)
		}
	}
	return nil
}

// voided handles a released hold: the void staff asked for from the bot,
// or one made elsewhere, which staff are told about.
func (t *turn) voided(o shop.Order, ev shop.PaymentEvent) error {
	if o.Payment.TransactionID != ev.TransactionID || !o.Payment.Authorized {
		t.alertStaff(messages.T(messages.StaffPaymentVoided, "Number", o.Number(), "Amount", ev.Amount,
			"Transaction", ev.TransactionID, "Status", string(o.Status)))
		return nil
	}
	held := o.Payment.Amount
	o.Payment.Authorized = false
	o.Payment.Amount = 0 // nothing is left to void or refund
	if err := t.st.Update(t.ctx, o); err != nil {
		return err
	}
	refunds, err := t.st.Refunds(t.ctx, o.ID)
	if err != nil {
		return err
	}
	for _, r := range refunds {
		if r.Status == shop.RefundRequested && r.TransactionID == ev.TransactionID && r.Amount == held {
			// Ours: done, whether or not the API call's answer came back.
			r.Status = shop.RefundDone
			return t.refundMade(o, r)
		}
	}
	t.alertStaff(messages.T(messages.StaffPaymentVoided, "Number", o.Number(), "Amount", ev.Amount,
		"Transaction", ev.TransactionID, "Status", string(o.Status)))
	return nil
}

func (t *turn) paid(o shop.Order, ev shop.PaymentEvent) error {
	mismatch := ev.Amount != o.Total || ev.Tiyn || ev.Currency != "KZT"
	staffArgs := []any{"Order", o, "Number", o.Number(), "Amount", ev.Amount, "Currency", ev.Currency,
		"Transaction", ev.TransactionID, "Card", ev.CardLastFour, "Test", ev.Test}
	switch {
	case o.Payment.TransactionID == ev.TransactionID:
		return nil // the payment that paid it, reported again
	case o.Payment.TransactionID != 0:
		// Paid already, by another transaction: the customer paid twice.
		t.say(messages.T(messages.PaymentTwice, "Number", o.Number(), "Amount", ev.Amount))
		t.alertStaff(messages.T(messages.StaffDoubleCharge, append(staffArgs, "First", o.Payment.TransactionID)...))
		return nil
	case mismatch:
		// Never mark an order paid for money it does not cost.
		t.say(messages.T(messages.PaymentMismatch, "Number", o.Number()))
		t.alertStaff(messages.T(messages.StaffPaymentMismatch, staffArgs...))
		return nil
	case o.Status == shop.Cancelled:
		return t.latePayment(o, ev, staffArgs)
	case o.Status != shop.AwaitingPayment:
		// Staff moved it on without a payment on record; tell them, not the customer.
		t.alertStaff(messages.T(messages.StaffPaid, staffArgs...))
		return t.markPaid(&o, ev)
	}
	return t.confirmPaid(o, ev, messages.PaymentReceived, messages.StaffPaid, staffArgs)
}

// latePayment handles money for an order already cancelled as unpaid: the
// order comes back if its goods are still there, else staff refund it.
func (t *turn) latePayment(o shop.Order, ev shop.PaymentEvent, staffArgs []any) error {
	events, err := t.st.Events(t.ctx, o.ID)
	if err != nil {
		return err
	}
	if !expiredUnpaid(events) {
		// Cancelled by staff, for a reason: the money goes back.
		setPayment(&o, ev, t.now)
		if err := t.st.Update(t.ctx, o); err != nil {
			return err
		}
		t.say(messages.T(messages.PaymentAfterCancel, "Number", o.Number(), "Amount", ev.Amount,
			"Days", t.f.cfg.Profile.Refund.RefundWorkingDays))
		t.alertStaff(messages.T(messages.StaffLatePaymentRefund, staffArgs...))
		return nil
	}
	err = t.st.TakeStock(t.ctx, o)
	if _, short := errors.AsType[*shop.OutOfStockError](err); short {
		setPayment(&o, ev, t.now) // kept for the refund; the order stays cancelled
		if err := t.st.Update(t.ctx, o); err != nil {
			return err
		}
		t.say(messages.T(messages.PaymentLateSoldOut, "Number", o.Number(), "Amount", ev.Amount,
			"Days", t.f.cfg.Profile.Refund.RefundWorkingDays))
		t.alertStaff(messages.T(messages.StaffLatePaymentRefund, staffArgs...))
		return nil
	}
	if err != nil {
		return err
	}
	return t.confirmPaid(o, ev, messages.PaymentLateRevived, messages.StaffLatePaymentRevived, staffArgs)
}

// Who and why, in the audit trail, for what the bot does by itself.
const (
	botActor      = "bot"
	expiredDetail = "unpaid"
)

// expiredUnpaid reports whether the order's last cancellation was the bot's,
// for want of payment: only such an order comes back with a late payment.
func expiredUnpaid(events []shop.OrderEvent) bool {
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Action == string(shop.Cancelled) {
			return events[i].Actor == botActor && events[i].Detail == expiredDetail
		}
	}
	return true // cancelled before the audit trail existed: by the expiry job
}

// confirmPaid marks the order paid and tells the customer (with the order
// summary and what comes next) and staff.
func (t *turn) confirmPaid(o shop.Order, ev shop.PaymentEvent, customer, staff messages.Key, staffArgs []any) error {
	if err := t.markPaid(&o, ev); err != nil {
		return err
	}
	p := t.f.cfg.Profile
	t.say(messages.T(customer, "Order", o, "Number", o.Number(), "Items", t.orderLines(o),
		"Email", o.Customer.Email, "ExpressFrom", p.Express.Opens, "ExpressTo", p.Express.Closes), t.orderButtons(o)...)
	t.alertStaff(messages.T(staff, staffArgs...), t.cardButtons(o)...)
	if o.Delivery.Method == shop.Express && !t.f.cfg.AutoQuote {
		// No courier service configured: staff call the courier.
		t.alertStaff(messages.T(messages.StaffExpressCallCourier, "Order", o, "Number", o.Number(),
			"Map", messages.MapLink(o.Delivery), "From", p.Express.Opens, "To", p.Express.Closes))
	}
	return nil
}

// markPaid records ev as the order's payment; an unpaid or cancelled order
// becomes paid.
func (t *turn) markPaid(o *shop.Order, ev shop.PaymentEvent) error {
	if o.Status == shop.AwaitingPayment || o.Status == shop.Cancelled {
		o.Status = shop.Paid
	}
	if o.Delivery.Method == shop.Express {
		t.res.DeliveryWork = true // the courier is to be called
	}
	setPayment(o, ev, t.now)
	return t.st.Update(t.ctx, *o)
}

// setPayment records ev as the order's payment.
func setPayment(o *shop.Order, ev shop.PaymentEvent, now time.Time) {
	p := &o.Payment
	p.TransactionID, p.Amount, p.CardLastFour, p.Test = ev.TransactionID, ev.Amount, ev.CardLastFour, ev.Test
	p.PaidAt = now
	p.Declines = 0
	p.Authorized = ev.Status == shop.StatusAuthorized
}

// orderLines lists an order's items as the summary texts do.
func (t *turn) orderLines(o shop.Order) []summaryLine {
	lines := make([]summaryLine, 0, len(o.Items))
	for _, it := range o.Items {
		lines = append(lines, summaryLine{Name: it.Name, Size: it.Size, Colour: it.Colour, Text: it.Text, Qty: it.Qty, Sum: it.Sum()})
	}
	return lines
}

// strugglingAfter is how many declines in a row bring staff in.
const strugglingAfter = 2

func (t *turn) declined(o shop.Order, ev shop.PaymentEvent) error {
	if o.Status != shop.AwaitingPayment {
		return nil // a failed second attempt at a paid or cancelled order
	}
	o.Payment.Declines++
	if err := t.st.Update(t.ctx, o); err != nil {
		return err
	}
	group := ev.Decline
	if group == "" {
		group = shop.DeclineOther
	}
	t.say(messages.T(messages.PaymentDeclined, "Number", o.Number(), "Group", string(group),
		"Phone", t.f.cfg.Profile.WhatsApp), t.orderButtons(o)...)
	if o.Payment.Declines == strugglingAfter {
		t.alertStaff(messages.T(messages.StaffStruggling, "Order", o, "Number", o.Number(),
			"Declines", o.Payment.Declines, "Group", string(group), "Code", ev.ReasonCode))
	}
	return nil
}

// refunded handles a refund notification: ours (asked for by staff from the
// bot) or one made in the provider's cabinet.
func (t *turn) refunded(o shop.Order, ev shop.PaymentEvent) error {
	refunds, err := t.st.Refunds(t.ctx, o.ID)
	if err != nil {
		return err
	}
	for _, r := range refunds {
		switch {
		case r.ProviderTransactionID == ev.TransactionID:
			return nil // ours, already told
		case r.Status == shop.RefundRequested && r.ProviderTransactionID == 0 && r.Amount == ev.Amount:
			// Ours, reported before the API call that made it returned.
			r.Status, r.ProviderTransactionID = shop.RefundDone, ev.TransactionID
			return t.refundMade(o, r)
		}
	}
	// Made in the provider's cabinet: kept as a refund, so what staff may
	// still refund from the bot is right.
	r, err := t.st.RequestRefund(t.ctx, shop.Refund{
		OrderID: o.ID, TransactionID: ev.PaymentTransactionID, Amount: ev.Amount, RequestedBy: cabinet,
	})
	if err != nil {
		return err
	}
	r.Status, r.ProviderTransactionID = shop.RefundDone, ev.TransactionID
	if err := t.st.FinishRefund(t.ctx, r); err != nil {
		return err
	}
	t.say(messages.T(messages.RefundSent, "Number", o.Number(), "Amount", ev.Amount, "Card", o.Payment.CardLastFour))
	t.alertStaff(messages.T(messages.StaffCabinetRefund, "Number", o.Number(), "Amount", ev.Amount,
		"Transaction", ev.TransactionID, "Test", ev.Test))
	return nil
}

// cabinet is who requested a refund made in the provider's cabinet.
const cabinet = "cabinet"

// refundAnswered records the provider's answer to a refund staff asked for.
func (t *turn) refundAnswered(o shop.Order, ev Event) error {
	r, err := t.st.GetRefund(t.ctx, ev.RefundID)
	if errors.Is(err, shop.ErrNotFound) || err == nil && r.OrderID != o.ID {
		return nil
	}
	if err != nil {
		return err
	}
	if r.Status != shop.RefundRequested {
		return nil // the provider's notification came first and told everyone
	}
	if ev.Kind == EventRefundFailed {
		r.Status, r.Error = shop.RefundFailed, ev.Error
		if err := t.st.FinishRefund(t.ctx, r); err != nil {
			return err
		}
		t.alertStaff(messages.T(messages.StaffRefundFailed, "Number", o.Number(), "Amount", r.Amount, "Error", ev.Error))
		return nil
	}
	r.Status, r.ProviderTransactionID = shop.RefundDone, ev.ProviderTransactionID
	if o.Payment.Authorized && o.Payment.TransactionID == r.TransactionID {
		// A hold was released: nothing is left to give back.
		o.Payment.Authorized, o.Payment.Amount = false, 0
		if err := t.st.Update(t.ctx, o); err != nil {
			return err
		}
	}
	return t.refundMade(o, r)
}

func (t *turn) refundMade(o shop.Order, r shop.Refund) error {
	if err := t.st.FinishRefund(t.ctx, r); err != nil {
		return err
	}
	// A refund an application asked for closes it, and says so.
	if closed, err := t.claimRefunded(r); err != nil {
		return err
	} else if !closed {
		t.say(messages.T(messages.RefundSent, "Number", o.Number(), "Amount", r.Amount, "Card", o.Payment.CardLastFour))
	}
	t.alertStaff(messages.T(messages.StaffRefundDone, "Number", o.Number(), "Amount", r.Amount,
		"Transaction", r.ProviderTransactionID, "By", r.RequestedBy))
	return nil
}

func (t *turn) remind(o shop.Order, n int) error {
	if o.Status != shop.AwaitingPayment || o.Payment.LinkURL == "" || o.Payment.Reminders >= n {
		return nil
	}
	o.Payment.Reminders = n
	if err := t.st.Update(t.ctx, o); err != nil {
		return err
	}
	t.say(messages.T(messages.PaymentReminder, "Number", o.Number(), "Total", o.Total, "Until", t.deadline(o)),
		t.orderButtons(o)...)
	return nil
}

// expire cancels an order left unpaid and gives its goods back to stock.
func (t *turn) expire(o shop.Order) error {
	if o.Status != shop.AwaitingPayment && o.Status != shop.AwaitingQuote {
		return nil
	}
	if err := t.cancelOrder(&o, botActor, expiredDetail); err != nil {
		return err
	}
	text := messages.T(messages.OrderExpired, "Number", o.Number())
	if o.Delivery.Method == shop.Express && o.Payment.LinkURL == "" {
		text = messages.T(messages.ExpressExpired, "Number", o.Number(), "Hours", int(t.f.cfg.PaymentExpiry.Hours()))
	}
	t.say(text, row(btn(messages.BtnCatalog, dCatalog), btn(messages.BtnMenu, dMenu)))
	return nil
}
