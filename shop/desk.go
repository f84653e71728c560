package shop

import (
	"context"
	"time"
)

// CanMove reports whether staff may move an order from one status to
// another. An order goes forward one step at a time (paid, processing,
// shipped, delivered) and may be cancelled until it is delivered; a
// delivered order goes back only through a return (the refunds issue).
func CanMove(from, to OrderStatus) bool {
	switch to {
	case Processing:
		return from == Paid
	case Shipped:
		return from == Paid || from == Processing
	case Delivered:
		return from == Shipped
	case Cancelled:
		return from == AwaitingQuote || from == AwaitingPayment || from == Paid || from == Processing || from == Shipped
	}
	return false
}

// OrderEvent is one line of an order's audit trail: who did what, when.
type OrderEvent struct {
	OrderID int64
	At      time.Time
	// Actor is the staff member's user id, or "bot" for what the bot did
	// by itself.
	Actor  string
	Action string // an OrderStatus it was moved to, or ActionTaken
	Detail string // the tracking number, the reason for a cancellation
}

// ActionTaken records that a staff member took charge of an order.
const ActionTaken = "taken"

// Desk is what staff work with: orders looked up by anything, their audit
// trail. Flows get an implementation bound to the update's transaction.
type Desk interface {
	// ByPhone returns the latest orders placed with this phone (E.164).
	ByPhone(ctx context.Context, phone string, limit int) ([]Order, error)
	// ByStatus returns the latest orders in a status.
	ByStatus(ctx context.Context, status OrderStatus, limit int) ([]Order, error)
	// AddEvent appends to an order's audit trail.
	AddEvent(ctx context.Context, ev OrderEvent) error
	// Events returns an order's audit trail, oldest first.
	Events(ctx context.Context, orderID int64) ([]OrderEvent, error)
}

// Digest is the morning summary for staff: what came in since the evening
// and what is still open.
type Digest struct {
	Since    time.Time
	New      []Order             // placed since Since, oldest first, without items
	Open     map[OrderStatus]int // orders still to be worked on, by status
	Handoffs int                 // customers waiting for a person
}
