package yandex

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Point is a place on the route. Lat and Lon are degrees; the wire order
// is [lon, lat], which this package takes care of.
type Point struct {
	Lat, Lon float64
	Address  string // full address as a person would write it
}

// Item is one kind of goods in the parcel.
type Item struct {
	Title                    string
	Quantity                 int
	WeightKg                 float64
	LengthM, WidthM, HeightM float64
	CostValue                string // declared value per unit, "12500.00"
	CostCurrency             string // "KZT" when empty
}

// PriceRequest is one price estimate (check-price).
type PriceRequest struct {
	From, To  Point
	Items     []Item
	TaxiClass string // courier, express or cargo; "" means courier
}

// Price is Yandex's estimate. DistanceMeters and ETAMinutes are 0 when
// the reply does not carry them.
type Price struct {
	Amount         float64
	Currency       string
	DistanceMeters float64
	ETAMinutes     int
}

const defaultTaxiClass = "courier"

type wireSize struct {
	Length float64 `json:"length"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// size is nil when no dimension is known, so Yandex applies its defaults
// instead of reading a zero-sized box.
func (it Item) size() *wireSize {
	if it.LengthM == 0 && it.WidthM == 0 && it.HeightM == 0 {
		return nil
	}
	return &wireSize{Length: it.LengthM, Width: it.WidthM, Height: it.HeightM}
}

type checkPriceItem struct {
	Quantity int       `json:"quantity"`
	Weight   float64   `json:"weight,omitempty"`
	Size     *wireSize `json:"size,omitempty"`
}

type checkPricePoint struct {
	Coordinates [2]float64 `json:"coordinates"`
	Fullname    string     `json:"fullname,omitempty"`
}

type checkPriceBody struct {
	Items        []checkPriceItem  `json:"items,omitempty"`
	RoutePoints  []checkPricePoint `json:"route_points"`
	Requirements struct {
		TaxiClass string `json:"taxi_class"`
	} `json:"requirements"`
}

type checkPriceReply struct {
	Price         *number `json:"price"`
	PriceRaw      *number `json:"price_raw"`
	CurrencyRules struct {
		Code string `json:"code"`
	} `json:"currency_rules"`
	DistanceMeters number `json:"distance_meters"`
	ETA            number `json:"eta"`
}

// CheckPrice asks what a delivery from r.From to r.To would cost without
// creating a claim (check-price). It is safe to repeat.
func (c *Client) CheckPrice(ctx context.Context, r PriceRequest) (Price, error) {
	if err := checkPoint("from", r.From); err != nil {
		return Price{}, fmt.Errorf("yandex check-price: %w", err)
	}
	if err := checkPoint("to", r.To); err != nil {
		return Price{}, fmt.Errorf("yandex check-price: %w", err)
	}
	var body checkPriceBody
	for _, it := range r.Items {
		body.Items = append(body.Items, checkPriceItem{Quantity: it.Quantity, Weight: it.WeightKg, Size: it.size()})
	}
	body.RoutePoints = []checkPricePoint{
		{Coordinates: coordinates(r.From), Fullname: r.From.Address},
		{Coordinates: coordinates(r.To), Fullname: r.To.Address},
	}
	body.Requirements.TaxiClass = r.TaxiClass
	if body.Requirements.TaxiClass == "" {
		body.Requirements.TaxiClass = defaultTaxiClass
	}
	var reply checkPriceReply
	if err := c.call(ctx, "check-price", nil, body, &reply); err != nil {
		return Price{}, err
	}
	// price is the documented field; price_raw has been seen in replies
	// too, so it stands in when price is missing.
	amount := reply.Price
	if amount == nil {
		amount = reply.PriceRaw
	}
	if amount == nil {
		return Price{}, errors.New("yandex check-price: reply has no price")
	}
	return Price{
		Amount:         float64(*amount),
		Currency:       reply.CurrencyRules.Code,
		DistanceMeters: float64(reply.DistanceMeters),
		ETAMinutes:     int(math.Round(float64(reply.ETA))),
	}, nil
}
