package shop

import (
	"context"
	"strconv"
	"time"
)

// Payment is what the store knows about an order's payment: the link the
// customer pays by, the reminders sent, and the transaction that paid it.
type Payment struct {
	LinkURL       string
	LinkSentAt    time.Time // zero until the link reached the customer
	Reminders     int       // reminders sent for this link
	Declines      int       // declined attempts since the last success
	TransactionID int64     // the provider's transaction that paid the order
	Amount        Money     // what that transaction paid
	CardLastFour  string
	PaidAt        time.Time
	Test          bool // paid on the local test page: no money moved
	// Authorized is a two-stage payment held on the card and not yet
	// captured: it is given back by voiding it, whole, not by a refund.
	Authorized bool

	// The link's life at the provider, kept by the payment service alone
	// (an order's Update leaves these as they are).

	// LinkID is the provider's id of the link (the CloudPayments order
	// Id), recorded when the link is made, before it is handed over.
	LinkID string
	// LinkClosedAt is when the provider cancelled the link of an order
	// cancelled unpaid: its page no longer takes payment. Zero while open.
	LinkClosedAt time.Time
	// LinkCloseError is the provider's refusal to cancel the link, which
	// is not asked again; the Check notification still refuses payment.
	LinkCloseError string
}

// PaymentEventKind is what a payment provider reports.
type PaymentEventKind string

// Payment event kinds, one per CloudPayments notification that changes
// something (Check only asks).
const (
	PaymentPaid      PaymentEventKind = "pay"     // money taken, or held by a two-stage authorisation
	PaymentDeclined  PaymentEventKind = "fail"    // an attempt was refused
	PaymentConfirmed PaymentEventKind = "confirm" // a two-stage authorisation was captured
	PaymentRefunded  PaymentEventKind = "refund"  // money went back to the card
	PaymentVoided    PaymentEventKind = "cancel"  // an authorisation was released
)

// Provider statuses of a payment that matter to the store.
const (
	StatusAuthorized = "Authorized" // held on the card (two-stage), not yet captured
	StatusCompleted  = "Completed"  // captured
)

// DeclineGroup is why a payment was refused, as the customer is told it.
type DeclineGroup string

// Decline groups. The provider's precise reason (lost card, suspected
// fraud) is for staff: customers hear only one of these.
const (
	DeclineNotEnabled   DeclineGroup = "not_enabled"   // the card is not open for internet payments
	DeclineNoFunds      DeclineGroup = "no_funds"      // not enough money
	DeclineWrongDetails DeclineGroup = "wrong_details" // card details typed wrongly
	DeclineExpired      DeclineGroup = "expired"       // the card has expired
	DeclineOther        DeclineGroup = "other"
)

// PaymentEvent is one provider notification (or a payment the provider
// reported when asked), as stored before it is acted on.
type PaymentEvent struct {
	ID            int64 // the stored event's id
	Kind          PaymentEventKind
	InvoiceID     string // our order number, as the provider sent it
	OrderID       int64  // the order InvoiceID names; 0 if it names none
	ChatKey       string // that order's chat, when it is ours; set when read back
	AccountID     string
	Status        string
	TransactionID int64
	// PaymentTransactionID is, for a refund, the payment it refunds.
	PaymentTransactionID int64
	Amount               Money
	// Tiyn is set when the amount had fractions of a tenge: our prices are
	// whole, so such a payment matches no order.
	Tiyn         bool
	Currency     string
	ReasonCode   int
	Decline      DeclineGroup
	CardLastFour string
	Test         bool
}

// Key identifies the event: the provider may report it more than once.
func (ev PaymentEvent) Key() string {
	return "cp:" + string(ev.Kind) + ":" + strconv.FormatInt(ev.TransactionID, 10)
}

// Refund is money the store sends back to a customer's card.
type Refund struct {
	ID            int64
	OrderID       int64
	TransactionID int64 // the payment refunded
	Amount        Money
	// RequestID is sent with the refund request, so a retry after a crash
	// is recognised by the provider and never refunds twice.
	RequestID   string
	Status      RefundStatus
	RequestedBy string // the staff member's user id
	// ProviderTransactionID is the refund's own transaction, once made.
	ProviderTransactionID int64
	Error                 string
	CreatedAt             time.Time
}

// RefundStatus is where a refund is.
type RefundStatus string

// Refund statuses.
const (
	RefundRequested RefundStatus = "requested" // waiting to be sent to the provider
	RefundDone      RefundStatus = "done"
	RefundFailed    RefundStatus = "failed" // the provider refused it
)

// PaymentRecords stores refunds. Flows get an implementation bound to the
// update's transaction. (Payment events are stored when they arrive, before
// flows see them.)
type PaymentRecords interface {
	// RequestRefund stores a new refund with a fresh request id.
	RequestRefund(ctx context.Context, r Refund) (Refund, error)
	// Refunds returns an order's refunds, oldest first.
	Refunds(ctx context.Context, orderID int64) ([]Refund, error)
	// GetRefund returns one refund, or ErrNotFound.
	GetRefund(ctx context.Context, id int64) (Refund, error)
	// FinishRefund records the provider's answer to a refund.
	FinishRefund(ctx context.Context, r Refund) error
}

// Refundable is what may still be refunded of a paid order: the amount paid
// less the refunds requested or made.
func Refundable(o Order, refunds []Refund) Money {
	left := o.Payment.Amount
	for _, r := range refunds {
		if r.Status != RefundFailed {
			left -= r.Amount
		}
	}
	return max(left, 0)
}
