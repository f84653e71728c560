package shop

import "errors"

var (
	// ErrNotFound is returned by repositories when the asked-for row does not
	// exist (or does not belong to the asking customer).
	ErrNotFound = errors.New("not found")
	// ErrEmptyCart is returned by PlaceOrder for a cart with no items.
	ErrEmptyCart = errors.New("cart is empty")
	// ErrPending is returned by a carrier whose answer is not known yet:
	// it is being asked, and the chat gets an event when it answers.
	ErrPending = errors.New("the carrier's answer is on its way")
	// ErrNoDelivery is returned by a carrier that does not deliver this
	// way to this city.
	ErrNoDelivery = errors.New("no delivery this way")
)

// OutOfStockError is returned by Orders.Place when some variant no longer has
// the quantity asked for; nothing was reserved.
type OutOfStockError struct {
	// Short lists each variant that fell short with the quantity still there.
	Short []Shortage
}

// Shortage is one variant the customer asked more of than is left.
type Shortage struct {
	VariantID string
	Wanted    int
	Left      int
}

func (e *OutOfStockError) Error() string { return "out of stock" }
