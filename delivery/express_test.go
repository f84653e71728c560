package delivery_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/delivery"
	"github.com/lete-store/letebot/delivery/yandex"
	"github.com/lete-store/letebot/delivery/yandex/yandextest"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// orderID is the express order of most cases.
const orderID = 7

// expressRetry is the worker's RetryAfter in these tests.
const expressRetry = 30 * time.Second

// almaty is a time on the test day in the store's zone.
func almaty(hour, minute, sec int) time.Time {
	return time.Date(2026, 3, 10, hour, minute, sec, 0, shop.DefaultProfile().Location())
}

// spyYandex is the real client, noting the request ids of the claims it
// creates.
type spyYandex struct {
	*yandex.Client
	mu         sync.Mutex
	requestIDs []string
}

func (s *spyYandex) CreateClaim(ctx context.Context, requestID string, cl yandex.Claim) (yandex.ClaimInfo, error) {
	s.mu.Lock()
	s.requestIDs = append(s.requestIDs, requestID)
	s.mu.Unlock()
	return s.Client.CreateClaim(ctx, requestID, cl)
}

func (s *spyYandex) RequestIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requestIDs)
}

// expressEnv is an Express worker on the fake Yandex API.
type expressEnv struct {
	yandex *yandextest.Server
	spy    *spyYandex
	eng    *fakeEngine
	store  *fakeStore
	clock  *shop.ManualClock
	x      *delivery.Express
}

type expressOpts struct {
	noAPI       bool // ExpressConfig.API stays nil
	expiry      time.Duration
	callTimeout time.Duration
}

func newExpressEnv(t *testing.T, now time.Time, opts expressOpts, orders ...shop.Order) *expressEnv {
	t.Helper()
	srv := yandextest.New(t)
	e := &expressEnv{
		yandex: srv, spy: &spyYandex{Client: srv.Client()}, eng: newFakeEngine(),
		store: newFakeStore(orders...), clock: shop.NewManualClock(now),
	}
	cfg := delivery.ExpressConfig{
		Store: e.store, Engine: e.eng, Profile: shop.DefaultProfile(), Clock: e.clock,
		Expiry: cmp.Or(opts.expiry, 48*time.Hour), CallTimeout: cmp.Or(opts.callTimeout, 2*time.Second), RetryAfter: expressRetry,
	}
	if !opts.noAPI {
		cfg.API = e.spy
	}
	e.x = delivery.NewExpress(cfg)
	return e
}

// pass runs one Pass and returns the updates it submitted.
func (e *expressEnv) pass(t *testing.T) []bot.Update {
	t.Helper()
	before := len(e.eng.Updates())
	if err := e.x.Pass(context.Background()); err != nil {
		t.Fatalf("Pass: %v", err)
	}
	return e.eng.Updates()[before:]
}

// yandexCalls counts every call the fake received.
func (e *expressEnv) yandexCalls() int {
	n := 0
	for _, p := range []string{"check-price", "claims/create", "claims/info", "claims/accept"} {
		n += e.yandex.Requests(p)
	}
	return n
}

// expressOrder is an express order from the Astana shop to a shared map
// point, placed at created.
func expressOrder(status shop.OrderStatus, created time.Time) shop.Order {
	return shop.Order{
		ID: orderID, ChatKey: chat, Lang: shop.Russian, Status: status,
		Customer: shop.Customer{Name: "Айгерим", Phone: "+77011234567"},
		Delivery: shop.Delivery{
			Method: shop.Express, City: "astana", Address: "пр. Мангилик Ел, 20, кв. 5",
			Lat: 51.0906, Lon: 71.4183, Shop: "astana", Quote: shop.DeliveryQuote{Method: shop.Express},
		},
		Items:      []shop.OrderItem{{VariantID: "LT-101-M", SKU: "LT-101", Name: "Платье", Size: "M", Price: 18900, Qty: 1}},
		GoodsTotal: 18900, Total: 18900, CreatedAt: created,
	}
}

func noPin(o shop.Order) shop.Order {
	o.Delivery.Lat, o.Delivery.Lon = 0, 0
	return o
}

// checkEvent checks that up is an event of kind for the order's chat
// under key.
func checkEvent(t *testing.T, up bot.Update, kind flows.EventKind, key string) {
	t.Helper()
	// A courier key ends in the claim's version, which the fake sets.
	if up.Key != key && !(strings.HasPrefix(key, "courier:") && strings.HasPrefix(up.Key, key+":")) {
		t.Errorf("update key %q, want %q", up.Key, key)
	}
	if up.Channel != "telegram" || up.ChatID != "42" {
		t.Errorf("update for %s:%s, want %s", up.Channel, up.ChatID, chat)
	}
	if up.Event == nil || up.Event.Kind != kind || up.Event.OrderID != orderID {
		t.Errorf("update %q event %+v, want %s for order %d", up.Key, up.Event, kind, orderID)
	}
}

func kinds(ups []bot.Update) []flows.EventKind {
	var out []flows.EventKind
	for _, up := range ups {
		if up.Event != nil {
			out = append(out, up.Event.Kind)
		}
	}
	return out
}

func TestExpressRelease(t *testing.T) {
	opening := almaty(10, 0, 0)
	tests := []struct {
		name     string
		now      time.Time
		released bool
	}{
		{"before ReleaseAt", opening.Add(-time.Second), false},
		{"at ReleaseAt", opening, true},
		{"after ReleaseAt", opening.Add(5 * time.Minute), true},
	}
	for _, api := range []bool{true, false} {
		for _, tc := range tests {
			t.Run(fmt.Sprintf("%s/api=%v", tc.name, api), func(t *testing.T) {
				o := expressOrder(shop.AwaitingQuote, almaty(23, 0, 0).AddDate(0, 0, -1))
				o.ReleaseAt = opening
				env := newExpressEnv(t, tc.now, expressOpts{noAPI: !api}, o)
				ups := env.pass(t)
				if n := env.yandex.Requests("check-price"); n != 0 {
					t.Errorf("a request not yet released was priced (%d check-price calls)", n)
				}
				if !tc.released {
					if len(ups) != 0 {
						t.Errorf("updates %v, want none before opening", keys(ups))
					}
					return
				}
				if len(ups) != 1 {
					t.Fatalf("updates %v, want the release", keys(ups))
				}
				checkEvent(t, ups[0], flows.EventExpressReleased, fmt.Sprintf("express_release:%d", orderID))

				// Released, the request is priced on the next pass, when
				// the worker can.
				env.store.apply(t, ups[0])
				ups = env.pass(t)
				switch {
				case api && (len(ups) != 1 || ups[0].Event.Kind != flows.EventExpressQuote):
					t.Errorf("after release: updates %v, want the price", keys(ups))
				case !api && len(ups) != 0:
					t.Errorf("after release, without API: updates %v, want none", keys(ups))
				}
			})
		}
	}
}

func TestExpressExpiry(t *testing.T) {
	const expiry = 2 * time.Hour
	now := almaty(12, 0, 0)
	tests := []struct {
		name    string
		order   shop.Order
		expired bool
	}{
		{"younger than Expiry", noPin(expressOrder(shop.AwaitingQuote, now.Add(-expiry+time.Second))), false},
		{"at Expiry", noPin(expressOrder(shop.AwaitingQuote, now.Add(-expiry))), true},
		{"older", noPin(expressOrder(shop.AwaitingQuote, now.Add(-3*expiry))), true},
		{"older, with a pin: expired, not priced", expressOrder(shop.AwaitingQuote, now.Add(-3*expiry)), true},
		{"older, paid: a paid order does not expire", noPin(expressOrder(shop.Paid, now.Add(-3*expiry))), false},
	}
	for _, api := range []bool{true, false} {
		for _, tc := range tests {
			t.Run(fmt.Sprintf("%s/api=%v", tc.name, api), func(t *testing.T) {
				env := newExpressEnv(t, now, expressOpts{noAPI: !api, expiry: expiry}, tc.order)
				ups := env.pass(t)
				if n := env.yandex.Requests("check-price"); n != 0 {
					t.Errorf("%d check-price calls, want none", n)
				}
				if !tc.expired {
					if slices.Contains(kinds(ups), flows.EventExpired) {
						t.Errorf("updates %v: the order expired", keys(ups))
					}
					return
				}
				if len(ups) != 1 {
					t.Fatalf("updates %v, want the expiry", keys(ups))
				}
				checkEvent(t, ups[0], flows.EventExpired, fmt.Sprintf("express_expired:%d", orderID))
			})
		}
	}
}

// A request taken at night waits for opening before anyone can price
// it; the time it waited must not count against the customer.
func TestExpressReleasedRequestIsNotExpiredAtOnce(t *testing.T) {
	opening := almaty(10, 0, 0)
	o := expressOrder(shop.AwaitingQuote, almaty(22, 30, 0).AddDate(0, 0, -1))
	o.ReleaseAt = opening
	env := newExpressEnv(t, opening, expressOpts{expiry: 2 * time.Hour}, o)
	ups := env.pass(t)
	if len(ups) != 1 {
		t.Fatalf("updates %v, want the release", keys(ups))
	}
	env.store.apply(t, ups[0])
	env.clock.Add(time.Minute)
	ups = env.pass(t)
	if got := kinds(ups); !slices.Equal(got, []flows.EventKind{flows.EventExpressQuote}) {
		t.Errorf("a minute after release: events %v (%v), want the price, not an expiry", got, keys(ups))
	}
}

func TestExpressQuote(t *testing.T) {
	tests := []struct {
		price float64
		want  shop.Money
	}{
		{1500, 1500},
		{1499.2, 1500},
		{1234.01, 1235},
		{0.5, 1},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.price), func(t *testing.T) {
			now := almaty(12, 0, 0)
			env := newExpressEnv(t, now, expressOpts{}, expressOrder(shop.AwaitingQuote, now.Add(-time.Minute)))
			env.yandex.SetPrice(tc.price)
			ups := env.pass(t)
			if len(ups) != 1 {
				t.Fatalf("updates %v, want the price", keys(ups))
			}
			checkEvent(t, ups[0], flows.EventExpressQuote, fmt.Sprintf("express_quote:%d", orderID))
			if got := ups[0].Event.Amount; got != tc.want {
				t.Errorf("amount %v, want %v", got, tc.want)
			}
			body := env.yandex.LastCheckPrice()
			points, _ := body["route_points"].([]any)
			if len(points) != 2 || fmt.Sprint(points[0].(map[string]any)["coordinates"]) != "[71.411627 51.122683]" ||
				fmt.Sprint(points[1].(map[string]any)["coordinates"]) != "[71.4183 51.0906]" {
				t.Errorf("check-price route %v, want the Astana shop to the customer's pin", points)
			}

			env.store.apply(t, ups[0])
			if ups := env.pass(t); len(ups) != 0 {
				t.Errorf("updates %v once priced, want none", keys(ups))
			}
			if n := env.yandex.Requests("check-price"); n != 1 {
				t.Errorf("%d check-price calls, want 1", n)
			}
			if a := env.eng.Alerts(); len(a) != 0 {
				t.Errorf("alerts %v, want none", a)
			}
		})
	}
}

func TestExpressQuoteFailure(t *testing.T) {
	tests := []struct {
		name        string
		callTimeout time.Duration
		fail, heal  func(*yandextest.Server)
	}{
		{
			name: "server error",
			fail: func(s *yandextest.Server) { s.FailNext(1, http.StatusInternalServerError) },
			heal: func(*yandextest.Server) {},
		},
		{
			name:        "timeout",
			callTimeout: 50 * time.Millisecond,
			fail:        func(s *yandextest.Server) { s.SetDelay(time.Second) },
			heal:        func(s *yandextest.Server) { s.SetDelay(0) },
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			now := almaty(12, 0, 0)
			env := newExpressEnv(t, now, expressOpts{callTimeout: tc.callTimeout}, expressOrder(shop.AwaitingQuote, now))
			failedKey := fmt.Sprintf("express_quote:%d:failed", orderID)

			tc.fail(env.yandex)
			if ups := env.pass(t); len(ups) != 0 {
				t.Fatalf("updates %v after a failed price, want none", keys(ups))
			}
			alerts := env.eng.Alerts()
			if len(alerts) != 1 || alerts[0].Key != failedKey || alerts[0].Text.Key != messages.StaffExpressQuoteFailed ||
				alerts[0].Text.Args["Number"] != "LT-00007" {
				t.Fatalf("alerts %+v, want one %s for LT-00007 under %q", alerts, messages.StaffExpressQuoteFailed, failedKey)
			}

			// Within RetryAfter the worker does not ask again.
			env.clock.Add(expressRetry - time.Second)
			env.pass(t)
			if n := env.yandex.Requests("check-price"); n != 1 {
				t.Errorf("%d check-price calls within RetryAfter, want 1", n)
			}

			// A second failure is not a second alert.
			env.clock.Add(time.Second)
			tc.fail(env.yandex)
			if ups := env.pass(t); len(ups) != 0 {
				t.Fatalf("updates %v after the second failure, want none", keys(ups))
			}
			if n := env.yandex.Requests("check-price"); n != 2 {
				t.Errorf("%d check-price calls after RetryAfter, want 2", n)
			}

			tc.heal(env.yandex)
			env.clock.Add(expressRetry)
			ups := env.pass(t)
			if len(ups) != 1 {
				t.Fatalf("updates %v once Yandex answers, want the price", keys(ups))
			}
			checkEvent(t, ups[0], flows.EventExpressQuote, fmt.Sprintf("express_quote:%d", orderID))
			if ups[0].Event.Amount != shop.Money(yandextest.DefaultPrice) {
				t.Errorf("amount %v, want %v", ups[0].Event.Amount, yandextest.DefaultPrice)
			}
			if a := env.eng.Alerts(); len(a) != 1 {
				t.Errorf("alerts %+v, want the first only", a)
			}
		})
	}
}

func TestExpressNoLocationNoPrice(t *testing.T) {
	now := almaty(12, 0, 0)
	env := newExpressEnv(t, now, expressOpts{}, noPin(expressOrder(shop.AwaitingQuote, now)))
	for range 2 {
		if ups := env.pass(t); len(ups) != 0 {
			t.Errorf("updates %v, want none: staff quote a request without a pin", keys(ups))
		}
	}
	if n := env.yandexCalls(); n != 0 {
		t.Errorf("%d Yandex calls, want none", n)
	}
	if a := env.eng.Alerts(); len(a) != 0 {
		t.Errorf("alerts %+v, want none: the staff card asks for the price", a)
	}
}

func TestExpressBookWithinHours(t *testing.T) {
	tests := []struct {
		name   string
		now    time.Time
		booked bool
	}{
		{"before opening", almaty(9, 59, 59), false},
		{"at opening", almaty(10, 0, 0), true},
		{"midday", almaty(12, 0, 0), true},
		{"last minute", almaty(21, 59, 59), true},
		{"at closing", almaty(22, 0, 0), false},
		{"night", almaty(23, 0, 0), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newExpressEnv(t, tc.now, expressOpts{}, expressOrder(shop.Paid, tc.now.Add(-time.Hour)))
			ups := env.pass(t)
			if !tc.booked {
				if n := env.yandexCalls(); n != 0 || len(ups) != 0 {
					t.Errorf("%d Yandex calls, updates %v; want none out of hours", n, keys(ups))
				}
				return
			}
			claims := env.yandex.Claims()
			if len(claims) != 1 {
				t.Fatalf("claims %+v, want 1", claims)
			}
			if ids := env.spy.RequestIDs(); !slices.Equal(ids, []string{"letebot-express-7"}) {
				t.Errorf("request ids %q, want letebot-express-7", ids)
			}
			if len(ups) != 1 {
				t.Fatalf("updates %v, want the claim", keys(ups))
			}
			id := claims[0].ID
			checkEvent(t, ups[0], flows.EventCourier, fmt.Sprintf("courier:%d:%s:new", orderID, id))
			if got := ups[0].Event.Claim; got != (shop.CourierClaim{ID: id, Status: "new"}) {
				t.Errorf("claim %+v, want %s new", got, id)
			}
		})
	}
}

// Until the order records its claim, every pass asks for it again with
// the same request id, and Yandex gives the same claim back.
func TestExpressBookRetryGetsSameClaim(t *testing.T) {
	now := almaty(12, 0, 0)
	env := newExpressEnv(t, now, expressOpts{}, expressOrder(shop.Paid, now))
	first := env.pass(t)
	env.clock.Add(time.Minute) // past the worker's hold on the call
	second := env.pass(t)
	if len(env.yandex.Claims()) != 1 {
		t.Errorf("claims %+v, want one courier", env.yandex.Claims())
	}
	if len(first) != 1 || len(second) != 1 || first[0].Key != second[0].Key {
		t.Errorf("updates %v then %v, want one event under one key", keys(first), keys(second))
	}
}

func TestExpressFollowClaim(t *testing.T) {
	now := almaty(12, 0, 0)
	env := newExpressEnv(t, now, expressOpts{}, expressOrder(shop.Paid, now))
	courierKey := func(id, status string) string { return fmt.Sprintf("courier:%d:%s:%s", orderID, id, status) }

	ups := env.pass(t)
	if len(ups) != 1 || ups[0].Event.Claim.Status != "new" {
		t.Fatalf("booking: updates %v, want the new claim", keys(ups))
	}
	id := ups[0].Event.Claim.ID
	env.store.apply(t, ups[0])

	// The fake has estimated the claim by the next look: the worker
	// accepts the offer.
	ups = env.pass(t)
	if n, m := env.yandex.Requests("claims/info"), env.yandex.Requests("claims/accept"); n != 1 || m != 1 {
		t.Fatalf("claims/info %d, claims/accept %d; want 1 and 1", n, m)
	}
	if len(ups) != 1 {
		t.Fatalf("after accepting: updates %v, want one", keys(ups))
	}
	checkEvent(t, ups[0], flows.EventCourier, courierKey(id, "accepted"))
	if got := ups[0].Event.Claim; got != (shop.CourierClaim{ID: id, Status: "accepted"}) {
		t.Errorf("claim %+v, want accepted", got)
	}
	env.store.apply(t, ups[0])
	if n := env.yandex.Requests("claims/create"); n != 1 {
		t.Errorf("claims/create %d, want 1: the order has its claim", n)
	}

	// A claim is read at most once a RetryAfter.
	env.clock.Add(expressRetry - time.Second)
	if ups := env.pass(t); len(ups) != 0 || env.yandex.Requests("claims/info") != 1 {
		t.Errorf("within RetryAfter: updates %v, %d claims/info; want none, 1", keys(ups), env.yandex.Requests("claims/info"))
	}

	steps := []struct {
		advance string // the status Yandex moves the claim to; "" leaves it
		want    string // the status reported; "" for no event
	}{
		{"", "performer_lookup"}, // the fake's step after accepted
		{"performer_found", "performer_found"},
		{"", ""}, // the same status: no news
		{"pickuped", "pickuped"},
		{"delivered_finish", "delivered_finish"},
	}
	for i, s := range steps {
		env.clock.Add(expressRetry)
		if s.advance != "" {
			env.yandex.Advance(id, s.advance)
		}
		infoBefore := env.yandex.Requests("claims/info")
		ups := env.pass(t)
		if n := env.yandex.Requests("claims/info"); n != infoBefore+1 {
			t.Errorf("step %d: claims/info called %d times, want once", i, n-infoBefore)
		}
		if s.want == "" {
			if len(ups) != 0 {
				t.Errorf("step %d: updates %v, want none for an unchanged status", i, keys(ups))
			}
			continue
		}
		if len(ups) != 1 {
			t.Fatalf("step %d: updates %v, want %s", i, keys(ups), s.want)
		}
		checkEvent(t, ups[0], flows.EventCourier, courierKey(id, s.want))
		if got := ups[0].Event.Claim; got != (shop.CourierClaim{ID: id, Status: s.want}) {
			t.Errorf("step %d: claim %+v, want %s", i, got, s.want)
		}
		env.store.apply(t, ups[0])
	}

	// A final status is not read again.
	env.clock.Add(expressRetry)
	calls := env.yandexCalls()
	if ups := env.pass(t); len(ups) != 0 || env.yandexCalls() != calls {
		t.Errorf("after delivered_finish: updates %v, %d more calls; want none", keys(ups), env.yandexCalls()-calls)
	}
	if n := env.yandex.Requests("claims/accept"); n != 1 {
		t.Errorf("claims/accept %d, want 1", n)
	}
}

func TestExpressNoPinAlertsOnce(t *testing.T) {
	now := almaty(12, 0, 0)
	env := newExpressEnv(t, now, expressOpts{}, noPin(expressOrder(shop.Paid, now)))
	for range 2 {
		if ups := env.pass(t); len(ups) != 0 {
			t.Errorf("updates %v, want none", keys(ups))
		}
		env.clock.Add(expressRetry)
	}
	alerts := env.eng.Alerts()
	want := fmt.Sprintf("express_book:%d:nopin", orderID)
	if len(alerts) != 1 || alerts[0].Key != want || alerts[0].Text.Key != messages.StaffExpressNoPin || alerts[0].Text.Args["Number"] != "LT-00007" {
		t.Errorf("alerts %+v, want one %s for LT-00007 under %q", alerts, messages.StaffExpressNoPin, want)
	}
	if n := env.yandexCalls(); n != 0 {
		t.Errorf("%d Yandex calls, want none without a pin", n)
	}
}

func TestExpressWithoutAPI(t *testing.T) {
	now := almaty(12, 0, 0)
	tests := []struct {
		name  string
		order shop.Order
	}{
		{"a request with a pin is left to staff", expressOrder(shop.AwaitingQuote, now)},
		{"paid: staff call the courier", expressOrder(shop.Paid, now)},
		{"paid without a pin", noPin(expressOrder(shop.Paid, now))},
		{"paid with a claim", func() shop.Order {
			o := expressOrder(shop.Processing, now)
			o.Courier = shop.CourierClaim{ID: "c1", Status: "performer_found"}
			return o
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newExpressEnv(t, now, expressOpts{noAPI: true}, tc.order)
			for range 2 {
				if ups := env.pass(t); len(ups) != 0 {
					t.Errorf("updates %v, want none", keys(ups))
				}
				env.clock.Add(expressRetry)
			}
			if n := env.yandexCalls(); n != 0 {
				t.Errorf("%d Yandex calls without an API", n)
			}
			if a := env.eng.Alerts(); len(a) != 0 {
				t.Errorf("alerts %+v, want none", a)
			}
		})
	}
}

// TestExpressLeavesStaffCouriers: an order staff handed to a courier
// themselves (shipped without a claim, or marked /courier) is never booked
// with Yandex; a second courier would come and be paid.
func TestExpressLeavesStaffCouriers(t *testing.T) {
	now := almaty(12, 0, 0)
	shipped := expressOrder(shop.Shipped, now)
	manual := expressOrder(shop.Paid, now)
	manual.Courier = shop.CourierClaim{ID: shop.ManualCourier, Status: "performer_found"}
	for name, o := range map[string]shop.Order{"shipped without a claim": shipped, "courier marked by staff": manual} {
		t.Run(name, func(t *testing.T) {
			env := newExpressEnv(t, now, expressOpts{}, o)
			if ups := env.pass(t); len(ups) != 0 {
				t.Errorf("updates %v", keys(ups))
			}
			if n := env.yandex.Requests("claims/create") + env.yandex.Requests("claims/info"); n != 0 {
				t.Errorf("%d calls to Yandex", n)
			}
		})
	}
}

// TestExpressPriceRose: an offer far above what the customer paid for
// delivery is not accepted; staff are alerted once.
func TestExpressPriceRose(t *testing.T) {
	now := almaty(12, 0, 0)
	o := expressOrder(shop.Paid, now)
	o.Delivery.Quote.Price = 1000 // the fake offers DefaultPrice, 1500: half again
	env := newExpressEnv(t, now, expressOpts{}, o)
	ups := env.pass(t)
	if len(ups) != 1 {
		t.Fatalf("booking: %v", keys(ups))
	}
	env.store.apply(t, ups[0])
	for range 2 {
		env.clock.Add(time.Minute)
		env.pass(t)
	}
	if n := env.yandex.Requests("claims/accept"); n != 0 {
		t.Errorf("claims/accept %d: an offer above the paid price was accepted", n)
	}
	if a := env.eng.AlertsWithPrefix("express_price_rose:"); len(a) != 1 {
		t.Errorf("price alerts %v, want one", a)
	}
}
