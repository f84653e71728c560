package shop

import "context"

// DeliveryQuote is the price and time of one delivery method.
type DeliveryQuote struct {
	Method      DeliveryMethod `json:"method"`
	Price       Money          `json:"price"`
	Free        bool           `json:"free,omitempty"`   // the free-delivery rule applied
	Approximate bool           `json:"approx,omitempty"` // a fallback tariff, not the carrier's answer
	MinDays     int            `json:"min_days,omitempty"`
	MaxDays     int            `json:"max_days,omitempty"`
}

// DeliveryRequest is what a carrier needs to price a parcel.
type DeliveryRequest struct {
	City        string // city id from the store profile, or the name the customer typed
	Method      DeliveryMethod
	WeightGrams int
}

// DeliveryQuoter prices delivery. The foundation backs it with the store
// profile's fallback tariffs; the CDEK client implements it too.
type DeliveryQuoter interface {
	Quote(ctx context.Context, r DeliveryRequest) (DeliveryQuote, error)
}

// FallbackQuoter prices delivery from the store profile's tariffs, marked
// approximate.
type FallbackQuoter struct{ Profile *Profile }

// Quote returns the profile's tariff for the method.
func (q FallbackQuoter) Quote(_ context.Context, r DeliveryRequest) (DeliveryQuote, error) {
	t, ok := q.Profile.FallbackTariffs[r.Method]
	if !ok {
		return DeliveryQuote{}, ErrNotFound
	}
	return DeliveryQuote{Method: r.Method, Price: t.Price, Approximate: true, MinDays: t.MinDays, MaxDays: t.MaxDays}, nil
}

// ApplyFreeDelivery applies the store's rule: delivery to a pickup point is
// free when the goods total reaches the threshold (>=, not >).
func (p *Profile) ApplyFreeDelivery(q DeliveryQuote, goods Money) DeliveryQuote {
	if q.Method == PickupPoint && goods >= p.FreeDeliveryFrom {
		q.Price, q.Free, q.Approximate = 0, true, false // free is exact whatever the tariff
	}
	return q
}

// MoreForFreeDelivery is how much more the goods must cost for free delivery
// to a pickup point; zero once reached.
func (p *Profile) MoreForFreeDelivery(goods Money) Money {
	return max(p.FreeDeliveryFrom-goods, 0)
}
