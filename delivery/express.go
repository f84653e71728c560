package delivery

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/lete-store/letebot/delivery/yandex"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// Yandex is the courier service's API: *yandex.Client, or a test double.
type Yandex interface {
	CheckPrice(ctx context.Context, r yandex.PriceRequest) (yandex.Price, error)
	CreateClaim(ctx context.Context, requestID string, cl yandex.Claim) (yandex.ClaimInfo, error)
	ClaimInfo(ctx context.Context, claimID string) (yandex.ClaimInfo, error)
	AcceptClaim(ctx context.Context, claimID string, version int) (yandex.ClaimInfo, error)
}

// ExpressStore reads the express orders the worker follows.
type ExpressStore interface {
	// ExpressOrders returns open express orders with an id above after,
	// oldest first, with their items.
	ExpressOrders(ctx context.Context, after int64, limit int) ([]shop.Order, error)
}

// ExpressConfig wires an Express worker.
type ExpressConfig struct {
	// API prices requests and books couriers; nil when no token is set:
	// staff quote prices and mark the courier's steps themselves.
	API     Yandex
	Store   ExpressStore
	Engine  Engine
	Profile *shop.Profile
	Clock   shop.Clock
	Log     *slog.Logger
	// Expiry is how long a request may wait for its price to be accepted,
	// as an unpaid order waits for payment.
	Expiry      time.Duration
	CallTimeout time.Duration
	// RetryAfter is the pause before a failed call for an order is
	// retried, and between two readings of a claim.
	RetryAfter time.Duration
}

// Express follows express orders: it releases requests taken out of hours
// at opening, prices requests with Yandex, books the courier once an order
// is paid and the shop is open, and reports the claim's progress. Every
// result reaches the order's chat as an event with a dedupe key, so two
// replicas or a retry after a crash change nothing twice; the claim's
// request id is the order's, so Yandex never sends two couriers.
type Express struct {
	cfg  ExpressConfig
	log  *slog.Logger
	wake chan struct{}

	mu      sync.Mutex
	nextTry map[string]time.Time
	// passing lets one pass run at a time: the worker's loop and the
	// release job at opening would otherwise call Yandex for the same order.
	passing sync.Mutex
}

// NewExpress returns an Express worker; run it with Run.
func NewExpress(cfg ExpressConfig) *Express {
	if cfg.Clock == nil {
		cfg.Clock = shop.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.Expiry = cmp.Or(cfg.Expiry, flows.DefaultPaymentExpiry)
	cfg.CallTimeout = cmp.Or(cfg.CallTimeout, DefaultCallTimeout)
	cfg.RetryAfter = cmp.Or(cfg.RetryAfter, 30*time.Second)
	return &Express{cfg: cfg, log: cfg.Log, wake: make(chan struct{}, 1), nextTry: make(map[string]time.Time)}
}

// Notify wakes the worker: an express order may have been placed or paid.
func (x *Express) Notify() {
	select {
	case x.wake <- struct{}{}:
	default:
	}
}

// Run passes over the open express orders after every wake and every
// 15 seconds, until ctx ends.
func (x *Express) Run(ctx context.Context) error {
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	for {
		if err := x.Pass(ctx); err != nil && ctx.Err() == nil {
			x.log.Error("Express orders", "error", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-x.wake:
		case <-tick.C:
		}
	}
}

// Release hands the requests taken out of hours to staff: the cron job at
// opening time. Pass does it too, so a missed run loses nothing.
func (x *Express) Release(ctx context.Context) error { return x.Pass(ctx) }

// Pass does what each open express order needs now.
func (x *Express) Pass(ctx context.Context) error {
	x.passing.Lock()
	defer x.passing.Unlock()
	x.prune(x.cfg.Clock.Now())
	return eachOrder(ctx, x.cfg.Store.ExpressOrders, func(o shop.Order) error {
		if err := x.step(ctx, o); err != nil {
			x.log.Error("Express order", "order", o.ID, "error", err)
		}
		return nil
	})
}

func (x *Express) step(ctx context.Context, o shop.Order) error {
	now := x.cfg.Clock.Now()
	switch o.Status {
	case shop.AwaitingQuote:
		switch {
		case !o.ReleaseAt.IsZero():
			if now.Before(o.ReleaseAt) {
				return nil
			}
			return x.event(ctx, fmt.Sprintf("express_release:%d", o.ID), o, flows.Event{Kind: flows.EventExpressReleased})
		case !now.Before(x.waitingSince(o).Add(x.cfg.Expiry)):
			return x.event(ctx, fmt.Sprintf("express_expired:%d", o.ID), o, flows.Event{Kind: flows.EventExpired})
		case o.Delivery.Quote.Price == 0 && x.cfg.API != nil && o.Delivery.HasLocation():
			return x.price(ctx, o, now)
		}
	case shop.Paid, shop.Processing, shop.Shipped:
		switch {
		case x.cfg.API == nil, o.Courier.ID == shop.ManualCourier:
			return nil // staff call the courier and mark the steps
		case o.Courier.ID == "" && o.Status != shop.Shipped:
			// Shipped without a claim: staff handed it over themselves.
			return x.book(ctx, o, now)
		case o.Courier.ID != "" && !yandex.Final(o.Courier.Status):
			return x.follow(ctx, o, now)
		}
	}
	return nil
}

// waitingSince is when an express request began to wait for its price: its
// placing, or for one taken out of hours, the opening it waited for (the
// night does not count against the customer).
func (x *Express) waitingSince(o shop.Order) time.Time {
	if open, opens, err := x.cfg.Profile.ExpressOpen(o.CreatedAt); err == nil && !open {
		return opens
	}
	return o.CreatedAt
}

// price asks Yandex what the courier costs from the shop to the customer.
func (x *Express) price(ctx context.Context, o shop.Order, now time.Time) error {
	key := fmt.Sprintf("express_quote:%d", o.ID)
	if !x.take(key, now) {
		return nil
	}
	from, ok := x.shop(o)
	if !ok {
		return x.alertOnce(ctx, key+":failed", messages.T(messages.StaffExpressQuoteFailed, "Number", o.Number(), "Error", "no retail shop in the profile"))
	}
	cctx, cancel := context.WithTimeout(ctx, x.cfg.CallTimeout)
	p, err := x.cfg.API.CheckPrice(cctx, yandex.PriceRequest{From: from, To: x.destination(o), Items: x.items(o)})
	cancel()
	if err == nil && (p.Currency != "" && p.Currency != "KZT" || p.Amount <= 0) {
		err = fmt.Errorf("price %.2f %s is not in tenge", p.Amount, p.Currency)
	}
	if err != nil {
		x.log.Warn("Express price failed", "order", o.ID, "error", safeErr(err))
		// Staff quote it; the worker still retries, and whichever price
		// comes first is offered (the flow ignores a second one).
		return x.alertOnce(ctx, key+":failed", messages.T(messages.StaffExpressQuoteFailed, "Number", o.Number(), "Error", err.Error()))
	}
	amount := shop.Money(math.Ceil(p.Amount))
	return x.event(ctx, key, o, flows.Event{Kind: flows.EventExpressQuote, Amount: amount})
}

// book creates the courier claim of a paid order and accepts its offer.
// The request id is the order's: a retry after a timeout or a crash gets
// the same claim back, never a second courier.
func (x *Express) book(ctx context.Context, o shop.Order, now time.Time) error {
	if open, _, err := x.cfg.Profile.ExpressOpen(now); err != nil || !open {
		return err // paid at night: the courier is called at opening
	}
	key := fmt.Sprintf("express_book:%d", o.ID)
	if !x.take(key, now) {
		return nil
	}
	if !o.Delivery.HasLocation() {
		return x.alertOnce(ctx, key+":nopin", messages.T(messages.StaffExpressNoPin, "Number", o.Number()))
	}
	from, ok := x.shop(o)
	if !ok {
		return x.alertOnce(ctx, key+":failed", messages.T(messages.StaffExpressBookFailed, "Number", o.Number(), "Error", "no retail shop in the profile"))
	}
	city, _ := x.cfg.Profile.City(o.Delivery.Shop)
	cctx, cancel := context.WithTimeout(ctx, x.cfg.CallTimeout)
	info, err := x.cfg.API.CreateClaim(cctx, "letebot-express-"+strconv.FormatInt(o.ID, 10), yandex.Claim{
		From: from, To: x.destination(o), Items: x.items(o),
		Sender:           yandex.Contact{Name: x.cfg.Profile.Name, Phone: city.RetailShop.Phone},
		Recipient:        yandex.Contact{Name: o.Customer.Name, Phone: o.Customer.Phone},
		EmergencyContact: yandex.Contact{Name: x.cfg.Profile.Name, Phone: x.cfg.Profile.WhatsApp},
		Comment:          "Lete " + o.Number(),
	})
	cancel()
	if err != nil {
		x.log.Warn("Express claim failed", "order", o.ID, "error", safeErr(err))
		return x.alertOnce(ctx, key+":failed", messages.T(messages.StaffExpressBookFailed, "Number", o.Number(), "Error", err.Error()))
	}
	return x.claimChanged(ctx, o, info)
}

// follow reads the claim: accepts the offer once Yandex has priced it, and
// reports every new status.
func (x *Express) follow(ctx context.Context, o shop.Order, now time.Time) error {
	key := fmt.Sprintf("express_follow:%d", o.ID)
	if !x.take(key, now) {
		return nil // read at most once a RetryAfter
	}
	cctx, cancel := context.WithTimeout(ctx, x.cfg.CallTimeout)
	defer cancel()
	info, err := x.cfg.API.ClaimInfo(cctx, o.Courier.ID)
	if err == nil && info.Status == "ready_for_approval" {
		if limit := priceLimit(o.Delivery.Quote.Price); o.Delivery.Quote.Price > 0 && info.Price > limit {
			// Yandex now asks much more than the customer paid: staff
			// decide in the cabinet; once accepted there it is followed.
			return x.alertOnce(ctx, fmt.Sprintf("express_price_rose:%d:%s", o.ID, o.Courier.ID),
				messages.T(messages.StaffExpressPriceRose, "Number", o.Number(), "Paid", o.Delivery.Quote.Price,
					"Offer", shop.Money(math.Ceil(info.Price)), "Claim", o.Courier.ID))
		}
		info, err = x.cfg.API.AcceptClaim(cctx, o.Courier.ID, info.Version)
	}
	if err != nil {
		x.log.Warn("Express claim not read", "order", o.ID, "claim", o.Courier.ID, "error", safeErr(err))
		return nil
	}
	return x.claimChanged(ctx, o, info)
}

// claimChanged tells the order's chat about a claim status it has not seen.
func (x *Express) claimChanged(ctx context.Context, o shop.Order, info yandex.ClaimInfo) error {
	if info.ID == o.Courier.ID && info.Status == o.Courier.Status {
		return nil
	}
	// The version tells a status seen again (a courier who dropped out)
	// from a repeat of the same report.
	key := fmt.Sprintf("courier:%d:%s:%s:%d", o.ID, info.ID, info.Status, info.Version)
	return x.event(ctx, key, o, flows.Event{Kind: flows.EventCourier, Claim: shop.CourierClaim{ID: info.ID, Status: info.Status}})
}

// shop is the retail shop an order leaves from.
func (x *Express) shop(o shop.Order) (yandex.Point, bool) {
	city, ok := x.cfg.Profile.City(o.Delivery.Shop)
	if !ok || city.RetailShop == nil {
		return yandex.Point{}, false
	}
	s := city.RetailShop
	return yandex.Point{Lat: s.Lat, Lon: s.Lon, Address: s.Address.RU}, true
}

func (x *Express) destination(o shop.Order) yandex.Point {
	return yandex.Point{Lat: o.Delivery.Lat, Lon: o.Delivery.Lon, Address: o.Delivery.City + ", " + o.Delivery.Address}
}

// items lists the order for the courier: weights from the profile's
// default (order lines do not keep the catalog's), values as paid.
func (x *Express) items(o shop.Order) []yandex.Item {
	kg := float64(x.cfg.Profile.DefaultWeightGrams) / 1000
	p := x.cfg.Profile.Parcel
	items := make([]yandex.Item, 0, len(o.Items))
	for _, it := range o.Items {
		items = append(items, yandex.Item{
			Title: it.Name + ", " + it.Size, Quantity: it.Qty, WeightKg: kg,
			LengthM: float64(p.LengthCM) / 100, WidthM: float64(p.WidthCM) / 100, HeightM: float64(p.HeightCM) / 100,
			CostValue: strconv.FormatInt(int64(it.Price), 10) + ".00", CostCurrency: "KZT",
		})
	}
	return items
}

func (x *Express) event(ctx context.Context, key string, o shop.Order, ev flows.Event) error {
	ev.OrderID = o.ID
	if err := submit(ctx, x.cfg.Engine, key, o.ChatKey, ev); err != nil {
		return fmt.Errorf("order %d: %w", o.ID, err)
	}
	return nil
}

// alertOnce alerts staff; the key makes it once, across retries and replicas.
func (x *Express) alertOnce(ctx context.Context, key string, text messages.Text) error {
	if err := x.cfg.Engine.AlertStaff(ctx, key, flows.Reply{Text: text}); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// take reports whether a call under key may run now and, if so, holds
// the key for RetryAfter in one step, so the worker's loop and the release
// job never make the same call at once.
func (x *Express) take(key string, now time.Time) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	if now.Before(x.nextTry[key]) {
		return false
	}
	x.nextTry[key] = now.Add(x.cfg.RetryAfter)
	return true
}

// priceLimit is the most an accepted courier offer may cost against the
// price the customer paid for delivery: a fifth more, for the ride that
// costs a little more at booking than at quoting.
func priceLimit(paid shop.Money) float64 {
	return float64(paid) * 1.2
}

// safeErr keeps what a log may carry of a Yandex error: its status and
// code, not its message, which can repeat a phone or an address.
func safeErr(err error) string {
	var api *yandex.APIError
	if errors.As(err, &api) {
		return fmt.Sprintf("yandex: HTTP %d %s", api.HTTPStatus, api.Code)
	}
	return err.Error()
}

// prune forgets retry times already past, so the map holds only waits.
func (x *Express) prune(now time.Time) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for k, t := range x.nextTry {
		if !now.Before(t) {
			delete(x.nextTry, k)
		}
	}
}
