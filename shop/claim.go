package shop

import (
	"context"
	"strconv"
	"time"
)

// ClaimKind is what a customer's refund application asks for.
type ClaimKind string

// Claim kinds.
const (
	// ClaimCancel refuses a paid order before it is received: the whole
	// order, delivery included, is refunded.
	ClaimCancel ClaimKind = "cancel"
	// ClaimReturn returns goods within the withdrawal days after delivery.
	ClaimReturn ClaimKind = "return"
	// ClaimWrongCharge disputes a charge the customer did not expect; it
	// comes with the receipts that show it.
	ClaimWrongCharge ClaimKind = "charge"
)

// ClaimStatus is where an application is.
type ClaimStatus string

// Claim statuses.
const (
	ClaimReceived ClaimStatus = "received" // submitted: the refund deadline runs
	ClaimApproved ClaimStatus = "approved" // staff approved it; the refund is being sent
	ClaimRefunded ClaimStatus = "refunded" // the money went back to the card
	ClaimRejected ClaimStatus = "rejected" // refused, with a reason
)

// ClaimLine is one item returned, at the price it was bought for.
type ClaimLine struct {
	SKU    string
	Name   string
	Size   string
	Colour string
	Price  Money
	Qty    int
}

// Sum is the line's refund.
func (l ClaimLine) Sum() Money { return l.Price.Times(l.Qty) }

// Claim is a customer's application for a refund of money: the store's
// form, filled from the order and the answers the customer gave.
type Claim struct {
	ID      int64
	OrderID int64
	// Order is the order's number as the customer knows it (LT-00042).
	Order   string
	ChatKey string // the customer's chat: the only one that may see it
	Lang    Lang
	Kind    ClaimKind
	Lines   []ClaimLine
	// Delivery is the delivery price refunded: when the whole order is
	// refused before it is received.
	Delivery Money
	Amount   Money // the refund: the lines plus Delivery
	Reason   string
	FullName string
	Phone    string
	Email    string
	// CardLastFour is the card the order was paid with, where the money
	// goes back.
	CardLastFour string
	// ReturnBy is how the goods come back (the CDEK drop-off), for returns.
	ReturnBy string
	// OrderedAt and PaidAmount describe the purchase on the form.
	OrderedAt  time.Time
	PaidAmount Money

	SubmittedAt time.Time
	// Due is the last day the refund may reach the card: working days
	// after receipt, and never later than the calendar days of the law.
	Due    Day
	Status ClaimStatus
	// DecidedBy, DecidedAt and Note record the staff decision (Note is
	// the reason of a rejection).
	DecidedBy string
	DecidedAt time.Time
	Note      string
	// RefundID is the refund sent for an approved claim.
	RefundID int64
	// Attachments counts the ID copy and receipts the customer sent.
	Attachments int
	// ClosedAt is when it was refunded or rejected: the retention of its
	// personal data counts from here.
	ClosedAt time.Time
	// RemindedAt records the reminder to staff the working day before Due.
	RemindedAt time.Time
	// OverdueAt records the alert when Due passed unpaid.
	OverdueAt time.Time
}

// Ref is how staff and customers name an application: "R12".
func (c Claim) Ref() string { return ClaimRef(c.ID) }

// ClaimRef formats a claim id.
func ClaimRef(id int64) string { return "R" + strconv.FormatInt(id, 10) }

// ParseClaimRef reads "R12", "r12" or "#R12".
func ParseClaimRef(s string) (int64, bool) { return parseRef(s, 'R') }

// Open reports whether staff still have to act on it.
func (c Claim) Open() bool { return c.Status == ClaimReceived || c.Status == ClaimApproved }

// ClaimAmount is what a claim refunds: the lines at their purchase prices,
// plus delivery when the whole order is refused before receipt.
func ClaimAmount(lines []ClaimLine, delivery Money) Money {
	var sum Money
	for _, l := range lines {
		sum += l.Sum()
	}
	return sum + delivery
}

// ReturnRefusal says why goods cannot be returned; "" when they can.
type ReturnRefusal string

// Return refusals.
const (
	ReturnAllowed      ReturnRefusal = ""
	ReturnNotDelivered ReturnRefusal = "not_delivered" // not received yet: a cancellation, not a return
	ReturnTooLate      ReturnRefusal = "too_late"      // the withdrawal days are over
	ReturnPersonalised ReturnRefusal = "personalised"  // made for this buyer
	ReturnNotPaid      ReturnRefusal = "not_paid"      // nothing was paid
)

// ReturnWindowEnds is the last moment goods delivered at deliveredAt may
// be returned: the end of the withdrawal day in store time.
func (p *Profile) ReturnWindowEnds(deliveredAt time.Time) time.Time {
	d := deliveredAt.In(p.Location())
	return time.Date(d.Year(), d.Month(), d.Day()+p.Refund.WithdrawDays+1, 0, 0, 0, 0, p.Location())
}

// CanReturn says whether an order's goods may be sent back now.
func (p *Profile) CanReturn(o Order, now time.Time) ReturnRefusal {
	switch {
	case o.Payment.TransactionID == 0 && o.Payment.Amount == 0:
		return ReturnNotPaid
	case o.Status != Delivered || o.DeliveredAt.IsZero():
		return ReturnNotDelivered
	case !now.Before(p.ReturnWindowEnds(o.DeliveredAt)):
		return ReturnTooLate
	}
	return ReturnAllowed
}

// ClaimDue is when a claim submitted at submitted must be refunded by.
func (p *Profile) ClaimDue(cal *Calendar, submitted time.Time) Day {
	return cal.RefundDue(DayOf(submitted, p.Location()), p.Refund.RefundWorkingDays, p.Refund.RefundCalendarDays)
}

// ClaimFileKind says what a claim's file is.
type ClaimFileKind string

// Claim file kinds.
const (
	FileApplication ClaimFileKind = "application" // the filled form, a PDF the bot made
	FileIDCopy      ClaimFileKind = "id"          // a copy of the customer's identity document
	FileReceipt     ClaimFileKind = "receipt"     // a receipt of an erroneous charge
)

// ClaimFile is a file of a claim. The bot holds its content (Stored: the
// application it made, or a customer's file it downloaded, encrypted at rest
// when a key is configured) or only the messenger's reference to it (Ref),
// or, after the retention time, nothing.
type ClaimFile struct {
	ID      int64
	ClaimID int64
	Kind    ClaimFileKind
	Name    string
	MIME    string
	Photo   bool // a messenger photo, sent on as a photo
	// Ref is the channel's reference to a customer's file; "" once the
	// file is stored or deleted.
	Ref       string
	Stored    bool
	CreatedAt time.Time
}

// StoredFileRef is how a reply names a file the bot stores: the outbox
// sender fetches it from the database.
func StoredFileRef(id int64) string { return "stored:" + strconv.FormatInt(id, 10) }

// Reference returns what a reply carries to send the file: the stored
// copy, else the messenger's reference; "" when the file is gone.
func (f ClaimFile) Reference() string {
	if f.Stored {
		return StoredFileRef(f.ID)
	}
	return f.Ref
}

// Claims stores refund applications. Flows get an implementation bound to
// the update's transaction.
type Claims interface {
	// AddClaim stores a submitted claim and returns it with its id.
	AddClaim(ctx context.Context, c Claim) (Claim, error)
	// GetClaim returns a claim, or ErrNotFound.
	GetClaim(ctx context.Context, id int64) (Claim, error)
	// UpdateClaim saves a claim's status, decision, refund and reminders.
	UpdateClaim(ctx context.Context, c Claim) error
	// OrderClaims returns an order's claims, oldest first.
	OrderClaims(ctx context.Context, orderID int64) ([]Claim, error)
	// ChatClaims returns a chat's claims, newest first, at most limit.
	ChatClaims(ctx context.Context, chatKey string, limit int) ([]Claim, error)
	// OpenClaims returns the claims staff still have to act on (received
	// or approved), the earliest due first, at most limit.
	OpenClaims(ctx context.Context, limit int) ([]Claim, error)
	// ClaimOfRefund returns the claim a refund was made for, or ErrNotFound.
	ClaimOfRefund(ctx context.Context, refundID int64) (Claim, error)
	// AddClaimFile stores a file of a claim: with data, its content (kept
	// encrypted when the store has a key); without, the reference in f.Ref.
	AddClaimFile(ctx context.Context, f ClaimFile, data []byte) (ClaimFile, error)
	// ClaimFiles returns a claim's files, in the order added.
	ClaimFiles(ctx context.Context, claimID int64) ([]ClaimFile, error)
}

// Privacy erases a customer's personal data on request ("forget me").
type Privacy interface {
	// ForgetCustomer erases the chat's personal data: the names, phones,
	// e-mails and addresses on its orders and claims, its claims' files
	// and what the channels keep of it; the orders themselves stay, for the
	// accounts, without the person.
	ForgetCustomer(ctx context.Context, chatKey string) error
}
