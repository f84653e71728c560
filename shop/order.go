package shop

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// OrderStatus is where an order is in its life.
type OrderStatus string

// Order statuses, in the order an order usually passes them.
const (
	// AwaitingQuote is an express request: the courier's price is not yet
	// known or not yet accepted by the customer, so there is no payment link.
	AwaitingQuote   OrderStatus = "awaiting_quote"
	AwaitingPayment OrderStatus = "awaiting_payment"
	Paid            OrderStatus = "paid"
	Processing      OrderStatus = "processing"
	Shipped         OrderStatus = "shipped"
	Delivered       OrderStatus = "delivered"
	Cancelled       OrderStatus = "cancelled"
)

// DeliveryMethod is how the parcel reaches the customer.
type DeliveryMethod string

// Delivery methods.
const (
	PickupPoint DeliveryMethod = "pickup"  // a CDEK pickup point (PVZ) or parcel locker
	Courier     DeliveryMethod = "courier" // a CDEK courier to the door
	Express     DeliveryMethod = "express" // a Yandex courier from the city's retail shop
)

// Valid reports whether m is a known method.
func (m DeliveryMethod) Valid() bool { return m == PickupPoint || m == Courier || m == Express }

// Customer is who receives the order.
type Customer struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"` // E.164
	Email string `json:"email,omitempty"`
}

// Delivery is the chosen way and price of delivery.
type Delivery struct {
	Method  DeliveryMethod `json:"method,omitempty"`
	City    string         `json:"city,omitempty"`
	Address string         `json:"address,omitempty"` // door address, or the pickup point's
	// Point is the chosen CDEK pickup point's code.
	Point string `json:"point,omitempty"`
	// Lat and Lon are the customer's shared location: the express
	// courier's destination, or where pickup points were searched from.
	Lat float64 `json:"lat,omitempty"`
	Lon float64 `json:"lon,omitempty"`
	// Shop is the retail shop's city id an express order is sent from;
	// its stock is taken from that shop instead of the warehouse.
	Shop  string        `json:"shop,omitempty"`
	Quote DeliveryQuote `json:"quote"`
}

// HasLocation reports whether the customer shared a map point.
func (d Delivery) HasLocation() bool { return d.Lat != 0 || d.Lon != 0 }

// OrderItem is a line of an order, frozen at the price the customer saw.
type OrderItem struct {
	VariantID string
	SKU       string
	Name      string // in the customer's language at the time of ordering
	Size      string
	Colour    string // in the customer's language at the time of ordering; "" when the product has one
	Text      string // the name or words a personalised product is made with
	Price     Money
	Qty       int
}

// Sum is the line's price.
func (it OrderItem) Sum() Money { return it.Price.Times(it.Qty) }

// Order is a placed order.
type Order struct {
	ID         int64
	ChatKey    string // the customer's chat: the only one that may see it
	Lang       Lang
	Status     OrderStatus
	Customer   Customer
	Delivery   Delivery
	Items      []OrderItem
	GoodsTotal Money
	Total      Money
	CreatedAt  time.Time
	Payment    Payment
	// Tracking is the carrier's tracking number, once shipped.
	Tracking string
	// ClaimedBy is the staff member who took charge of the order.
	ClaimedBy   string
	DeliveredAt time.Time
	// Courier is the Yandex claim of an express order, once created.
	Courier CourierClaim
	// ReleaseAt is when an express request taken out of hours is handed
	// to staff and priced; zero once released.
	ReleaseAt time.Time
	// Carrier is the latest CDEK status of the shipment, once tracked.
	Carrier CarrierStatus
	// PayableAt is when an express request became payable (its price
	// accepted); zero for an order payable from the start.
	PayableAt time.Time
}

// PayBy is when an unpaid order expires: expiry after it became payable.
func (o Order) PayBy(expiry time.Duration) time.Time {
	if o.PayableAt.After(o.CreatedAt) {
		return o.PayableAt.Add(expiry)
	}
	return o.CreatedAt.Add(expiry)
}

// ManualCourier marks an express order whose courier staff called
// themselves: the courier worker leaves it alone.
const ManualCourier = "manual"

// CourierClaim is an express order's Yandex Delivery claim.
type CourierClaim struct {
	ID     string
	Status string // Yandex's claim status, e.g. "performer_found"
}

// Number is the order number customers and staff quote, e.g. LT-00042.
func (o Order) Number() string { return OrderNumber(o.ID) }

// OrderNumber formats an order id as its public number.
func OrderNumber(id int64) string { return fmt.Sprintf("LT-%05d", id) }

// ParseOrderNumber reads "LT-00042", "lt42", "№42" or "42" as an order id.
func ParseOrderNumber(s string) (int64, bool) {
	s = strings.TrimSpace(strings.ToUpper(s))
	s = strings.TrimPrefix(s, "№")
	if rest, ok := strings.CutPrefix(s, "LT"); ok {
		s = strings.TrimPrefix(rest, "-")
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// NewOrder builds an order from resolved cart lines and the checkout answers.
// The caller places it with Orders.Place, which reserves the stock.
func NewOrder(chatKey string, lang Lang, c Customer, d Delivery, lines []CartLine, now time.Time) (Order, error) {
	if len(lines) == 0 {
		return Order{}, ErrEmptyCart
	}
	o := Order{ChatKey: chatKey, Lang: lang, Status: AwaitingPayment, Customer: c, Delivery: d, CreatedAt: now}
	if d.Method == Express && d.Quote.Price == 0 {
		o.Status = AwaitingQuote // priced by the courier service or staff first
	}
	for _, l := range lines {
		o.Items = append(o.Items, OrderItem{
			VariantID: l.Variant.ID, SKU: l.Product.SKU, Name: l.Product.Name.In(lang),
			Size: l.Variant.Size, Colour: l.Variant.Colour.In(lang), Text: l.Text, Price: l.Product.Price, Qty: l.Qty,
		})
		o.GoodsTotal += l.Sum
	}
	o.Total = o.GoodsTotal + d.Quote.Price
	return o, nil
}

// Orders stores orders. Flows get an implementation bound to the update's
// transaction.
type Orders interface {
	// Place reserves stock for every item and stores the order with a new id.
	// It returns *OutOfStockError, reserving nothing, when stock falls short.
	Place(ctx context.Context, o Order) (Order, error)
	// Get returns the order with this id if it belongs to chatKey, else ErrNotFound.
	Get(ctx context.Context, chatKey string, id int64) (Order, error)
	// ForChat returns a chat's most recent orders, newest first.
	ForChat(ctx context.Context, chatKey string, limit int) ([]Order, error)
	// Find returns any chat's order, or ErrNotFound: for staff and for
	// events that name the order themselves, never for a customer's input.
	Find(ctx context.Context, id int64) (Order, error)
	// Update saves what happens to an order after it is placed: status,
	// payment, tracking, the staff member in charge, the delivery price
	// and total (an express quote), the courier claim, the release time
	// and the carrier status.
	Update(ctx context.Context, o Order) error
	// TakeStock reserves the order's items again (a cancelled order
	// revived), from the warehouse or, for express, the retail shop; it
	// returns *OutOfStockError, taking nothing, when stock falls short.
	TakeStock(ctx context.Context, o Order) error
	// ReleaseStock returns the order's items to where they were taken from
	// (an order cancelled).
	ReleaseStock(ctx context.Context, o Order) error
}

// Stock reads live stock, which orders change after the catalog was loaded.
type Stock interface {
	// Available returns the stock of each variant id; unknown ids are absent.
	Available(ctx context.Context, variantIDs []string) (map[string]int, error)
}
