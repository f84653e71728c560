package shop

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"
)

// DeliveryQuote is the price and time of one delivery method.
type DeliveryQuote struct {
	Method      DeliveryMethod `json:"method"`
	Price       Money          `json:"price"`
	Free        bool           `json:"free,omitempty"`   // the free-delivery rule applied
	Approximate bool           `json:"approx,omitempty"` // a fallback tariff, not the carrier's answer
	MinDays     int            `json:"min_days,omitempty"`
	MaxDays     int            `json:"max_days,omitempty"`
	// Tariff is the carrier's tariff code the price is for (CDEK).
	Tariff int `json:"tariff,omitempty"`
}

// DeliveryRequest is what a carrier needs to price a parcel.
type DeliveryRequest struct {
	// Chat is who asks: a carrier that must look the answer up tells this
	// chat when it has it (ErrPending).
	Chat        string
	City        string // city id from the store profile, or the name the customer typed
	Method      DeliveryMethod
	WeightGrams int
}

// DeliveryPoint is a carrier's office or parcel locker where a customer
// collects the parcel (a pickup point, in the customer's words).
type DeliveryPoint struct {
	Code     string  `json:"code"`
	Name     string  `json:"name,omitempty"`
	Address  string  `json:"address"`
	WorkTime string  `json:"work_time,omitempty"`
	Locker   bool    `json:"locker,omitempty"` // a parcel locker, not an office
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
}

// DeliveryPoints lists a city's pickup points, as DeliveryQuoter prices:
// from a cache, or ErrPending and an event for the chat later.
type DeliveryPoints interface {
	// DeliveryPoints returns the points of a city (a profile city id or a
	// typed name), sorted by address; ErrNotFound when the carrier does
	// not know the city.
	DeliveryPoints(ctx context.Context, chat, city string) ([]DeliveryPoint, error)
}

// NearPoint is a pickup point and its distance from the customer.
type NearPoint struct {
	DeliveryPoint
	Meters float64
}

// Nearest returns the n points closest to lat, lon, nearest first.
// A linear scan: a city has at most a few thousand points, and a scan of
// 2 000 takes microseconds, so an index would only add code.
func Nearest(points []DeliveryPoint, lat, lon float64, n int) []NearPoint {
	if n <= 0 {
		return nil
	}
	best := make([]NearPoint, 0, min(n, len(points))+1)
	for _, p := range points {
		d := Distance(lat, lon, p.Lat, p.Lon)
		if len(best) == n && d >= best[n-1].Meters {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, d, func(np NearPoint, d float64) int {
			if np.Meters <= d {
				return -1 // equal distances keep the list's order
			}
			return 1
		})
		best = slices.Insert(best, i, NearPoint{DeliveryPoint: p, Meters: d})
		if len(best) > n {
			best = best[:n]
		}
	}
	return best
}

// Distance is the great-circle distance in metres between two points.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const earthRadius = 6371000.0
	rad := func(d float64) float64 { return d * math.Pi / 180 }
	dLat, dLon := rad(lat2-lat1), rad(lon2-lon1)
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(rad(lat1))*math.Cos(rad(lat2))*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(a)))
}

// SearchPoints returns the points whose address or name contains every
// word of the query, ignoring case (the code counts too): a typed "Мәңгілік Ел 20" finds the point.
func SearchPoints(points []DeliveryPoint, query string) []DeliveryPoint {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return nil
	}
	var found []DeliveryPoint
	for _, p := range points {
		text := strings.ToLower(p.Address + " " + p.Name + " " + p.Code)
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			found = append(found, p)
		}
	}
	return found
}

// DeliveryQuoter prices delivery without waiting on the network: the
// carrier's answer comes from a cache, or ErrPending says it is being
// fetched and the chat will get an event. ErrNotFound: the carrier does
// not know the city; ErrNoDelivery: not this way there; any other error:
// the carrier is unavailable and the store's fallback tariff applies.
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

// ExpressShortage lists the cart lines the retail shop of the city (a
// profile city id) cannot supply from its own stock: express delivery is
// possible only when this is empty.
func ExpressShortage(lines []CartLine, city string) []CartLine {
	var short []CartLine
	for _, l := range lines {
		if l.Variant.Retail[city] < l.Qty {
			short = append(short, l)
		}
	}
	return short
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

// CourierStage is what a Yandex claim status means for the customer.
type CourierStage int

// Courier stages; CourierSearching covers everything before a courier is
// found, and unknown statuses.
const (
	CourierSearching CourierStage = iota
	CourierFound                  // a courier is assigned and heading to the shop
	CourierOnTheWay               // the courier has the goods
	CourierDelivered
	CourierFailed // cancelled, failed or returned: staff must act
)

// CourierStageOf maps a Yandex claim status (integrations.md §3) to its stage.
func CourierStageOf(status string) CourierStage {
	switch status {
	case "performer_found", "pickup_arrived", "ready_for_pickup_confirmation":
		return CourierFound
	case "pickuped", "delivery_arrived", "ready_for_delivery_confirmation", "pay_waiting":
		return CourierOnTheWay
	case "delivered", "delivered_finish":
		return CourierDelivered
	case "performer_not_found", "estimating_failed", "failed", "cancelled", "cancelled_with_payment",
		"cancelled_by_taxi", "cancelled_with_items_on_hands", "returning", "return_arrived",
		"ready_for_return_confirmation", "returned", "returned_finish":
		return CourierFailed
	}
	return CourierSearching
}

// CarrierStatus is one status of a CDEK shipment.
type CarrierStatus struct {
	Code string    // CDEK's code, e.g. "ACCEPTED_AT_PICK_UP_POINT"
	Name string    // CDEK's own text for it, shown for codes we do not key on
	City string    // where it happened, when CDEK says
	At   time.Time // when it happened
}

// CarrierStage is what a CDEK status means for the customer.
type CarrierStage string

// Carrier stages. Behaviour keys only on these (integrations.md §2.6);
// every other code is CarrierInTransit and shown with CDEK's own text, so an
// unknown code is never an error.
const (
	CarrierInTransit      CarrierStage = "in_transit"
	CarrierCreated        CarrierStage = "created"
	CarrierAtPoint        CarrierStage = "at_point" // waiting at the pickup point or in a locker
	CarrierOutForDelivery CarrierStage = "out_for_delivery"
	CarrierDelivered      CarrierStage = "delivered"
	CarrierNotDelivered   CarrierStage = "not_delivered"
	CarrierRemoved        CarrierStage = "removed" // the shipment was deleted or rejected by CDEK
)

// CarrierStageOf maps a CDEK status code to its stage.
func CarrierStageOf(code string) CarrierStage {
	switch code {
	case "CREATED", "ACCEPTED":
		return CarrierCreated
	case "ACCEPTED_AT_PICK_UP_POINT", "POSTOMAT_POSTED":
		return CarrierAtPoint
	case "TAKEN_BY_COURIER":
		return CarrierOutForDelivery
	case "DELIVERED", "POSTOMAT_RECEIVED":
		return CarrierDelivered
	case "NOT_DELIVERED":
		return CarrierNotDelivered
	case "REMOVED", "INVALID":
		return CarrierRemoved
	}
	return CarrierInTransit
}

// CarrierStatusKey is how a carrier status is kept in an order's audit
// trail: its action.
func CarrierStatusKey(code string) string { return "cdek:" + code }
