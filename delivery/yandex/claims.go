package yandex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"
)

// Contact is a person at a point of the route.
type Contact struct {
	Name  string
	Phone string // international, +7...
}

// Claim is one delivery from the shop (From) to the customer (To).
type Claim struct {
	From, To          Point
	Sender, Recipient Contact
	Items             []Item
	Comment           string
	TaxiClass         string  // "" means courier
	EmergencyContact  Contact // who Yandex calls when things go wrong; Sender when empty
}

// ClaimInfo is a claim as Yandex reports it. AcceptClaim's reply carries
// only ID, Status and Version.
type ClaimInfo struct {
	ID      string
	Status  string
	Version int // pass it to AcceptClaim
	// Price is the final price once there is one, otherwise the offer's;
	// 0 while Yandex is still estimating.
	Price        float64
	Currency     string
	CourierName  string
	CourierPhone string // only when the reply carries one; Yandex mostly hides it behind driver-voiceforwarding
	UpdatedAt    time.Time
}

type wireContact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

type claimItem struct {
	Title        string    `json:"title"`
	CostValue    string    `json:"cost_value"`
	CostCurrency string    `json:"cost_currency"`
	Quantity     int       `json:"quantity"`
	Weight       float64   `json:"weight,omitempty"`
	Size         *wireSize `json:"size,omitempty"`
	PickupPoint  int       `json:"pickup_point"`
	// Both spellings: older API versions read only the misspelt one,
	// newer docs name the other.
	DroppofPoint int `json:"droppof_point"`
	DropoffPoint int `json:"dropoff_point"`
}

type claimAddress struct {
	Fullname    string     `json:"fullname"`
	Coordinates [2]float64 `json:"coordinates"`
}

type claimPoint struct {
	PointID    int          `json:"point_id"`
	VisitOrder int          `json:"visit_order"`
	Type       string       `json:"type"`
	Contact    wireContact  `json:"contact"`
	Address    claimAddress `json:"address"`
}

type claimBody struct {
	Items              []claimItem  `json:"items"`
	RoutePoints        []claimPoint `json:"route_points"`
	EmergencyContact   wireContact  `json:"emergency_contact"`
	ClientRequirements struct {
		TaxiClass string `json:"taxi_class"`
	} `json:"client_requirements"`
	Comment string `json:"comment,omitempty"`
}

// The route always has two points with these ids.
const (
	sourcePoint      = 1
	destinationPoint = 2
)

// claimReply is the claim JSON of claims/create, claims/info and (cut
// down) claims/accept. Fields whose type Yandex varies are read loosely.
type claimReply struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Version number `json:"version"`
	Pricing struct {
		Offer struct {
			Price number `json:"price"`
		} `json:"offer"`
		FinalPrice    number `json:"final_price"`
		Currency      string `json:"currency"`
		CurrencyRules struct {
			Code string `json:"code"`
		} `json:"currency_rules"`
	} `json:"pricing"`
	PerformerInfo map[string]json.RawMessage `json:"performer_info"`
	UpdatedTS     string                     `json:"updated_ts"`
}

func (r claimReply) info() ClaimInfo {
	ci := ClaimInfo{
		ID:           r.ID,
		Status:       r.Status,
		Version:      int(r.Version),
		Price:        float64(r.Pricing.FinalPrice),
		Currency:     r.Pricing.Currency,
		CourierName:  text(r.PerformerInfo["courier_name"]),
		CourierPhone: text(r.PerformerInfo["phone"]),
	}
	if ci.Price == 0 {
		ci.Price = float64(r.Pricing.Offer.Price)
	}
	if ci.Currency == "" {
		ci.Currency = r.Pricing.CurrencyRules.Code
	}
	// A timestamp we cannot read is left zero: it orders replies, it is
	// not worth failing a status poll over.
	if t, err := time.Parse(time.RFC3339, r.UpdatedTS); err == nil {
		ci.UpdatedAt = t
	}
	return ci
}

// text is a JSON string's value, "" for anything else.
func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// CreateClaim creates a claim (claims/create); Yandex then estimates it,
// so the reply's status is usually "new" and the price comes later
// through ClaimInfo. requestID is the idempotency key (1 to 128
// characters): reuse it only to retry this same claim after a 5xx or a
// timeout, and use a new one for every other claim, or two couriers come.
func (c *Client) CreateClaim(ctx context.Context, requestID string, cl Claim) (ClaimInfo, error) {
	if requestID == "" || len(requestID) > 128 {
		return ClaimInfo{}, errors.New("yandex claims/create: the request id must be 1 to 128 characters")
	}
	if err := checkPoint("from", cl.From); err != nil {
		return ClaimInfo{}, fmt.Errorf("yandex claims/create: %w", err)
	}
	if err := checkPoint("to", cl.To); err != nil {
		return ClaimInfo{}, fmt.Errorf("yandex claims/create: %w", err)
	}
	if len(cl.Items) == 0 {
		return ClaimInfo{}, errors.New("yandex claims/create: a claim needs at least one item")
	}
	var body claimBody
	for _, it := range cl.Items {
		currency := it.CostCurrency
		if currency == "" {
			currency = "KZT"
		}
		body.Items = append(body.Items, claimItem{
			Title: it.Title, CostValue: it.CostValue, CostCurrency: currency, Quantity: it.Quantity,
			Weight: it.WeightKg, Size: it.size(),
			PickupPoint: sourcePoint, DroppofPoint: destinationPoint, DropoffPoint: destinationPoint,
		})
	}
	body.RoutePoints = []claimPoint{
		{
			PointID: sourcePoint, VisitOrder: 1, Type: "source",
			Contact: wireContact(cl.Sender),
			Address: claimAddress{Fullname: cl.From.Address, Coordinates: coordinates(cl.From)},
		},
		{
			PointID: destinationPoint, VisitOrder: 2, Type: "destination",
			Contact: wireContact(cl.Recipient),
			Address: claimAddress{Fullname: cl.To.Address, Coordinates: coordinates(cl.To)},
		},
	}
	body.EmergencyContact = wireContact(cl.EmergencyContact)
	if body.EmergencyContact == (wireContact{}) {
		body.EmergencyContact = wireContact(cl.Sender)
	}
	body.ClientRequirements.TaxiClass = cl.TaxiClass
	if body.ClientRequirements.TaxiClass == "" {
		body.ClientRequirements.TaxiClass = defaultTaxiClass
	}
	body.Comment = cl.Comment
	return c.claimCall(ctx, "claims/create", url.Values{"request_id": {requestID}}, body)
}

// ClaimInfo reads a claim's status, price and courier (claims/info).
// Poll it: Yandex's status callbacks are not established for express.
func (c *Client) ClaimInfo(ctx context.Context, claimID string) (ClaimInfo, error) {
	if claimID == "" {
		return ClaimInfo{}, errors.New("yandex claims/info: no claim id")
	}
	return c.claimCall(ctx, "claims/info", url.Values{"claim_id": {claimID}}, struct{}{})
}

// AcceptClaim confirms a claim in ready_for_approval at its current
// version (claims/accept); only then does Yandex look for a courier. The
// offer lasts about ten minutes: a late accept fails the claim. The reply
// carries only ID, Status and Version.
func (c *Client) AcceptClaim(ctx context.Context, claimID string, version int) (ClaimInfo, error) {
	if claimID == "" {
		return ClaimInfo{}, errors.New("yandex claims/accept: no claim id")
	}
	body := struct {
		Version int `json:"version"`
	}{version}
	return c.claimCall(ctx, "claims/accept", url.Values{"claim_id": {claimID}}, body)
}

func (c *Client) claimCall(ctx context.Context, method string, query url.Values, body any) (ClaimInfo, error) {
	var reply claimReply
	if err := c.call(ctx, method, query, body, &reply); err != nil {
		return ClaimInfo{}, err
	}
	if reply.ID == "" {
		return ClaimInfo{}, fmt.Errorf("yandex %s: reply has no claim id", method)
	}
	return reply.info(), nil
}
