package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/delivery"
	"github.com/lete-store/letebot/delivery/cdek"
	"github.com/lete-store/letebot/delivery/cdek/cdektest"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// CDEK codes of the profile's cities in the fake.
const (
	astanaCode    = 5010
	almatyCode    = 4756
	shymkentCode  = 4769
	karagandaCode = 4757
)

// retryAfter and quoteTTL are the carrier's in these tests.
const (
	retryAfter = time.Minute
	quoteTTL   = time.Hour
)

// carrierEnv is a Carrier on the fake CDEK API.
type carrierEnv struct {
	cdek    *cdektest.Server
	eng     *fakeEngine
	clock   *shop.ManualClock
	profile *shop.Profile
	c       *delivery.Carrier
}

// newCarrierEnv builds a carrier, not yet running, with the built-in
// profile; opts adjust its configuration (and, through it, the profile).
// The fake knows no cities until the test adds them (addKZ).
func newCarrierEnv(t *testing.T, opts ...func(*delivery.CarrierConfig)) *carrierEnv {
	t.Helper()
	srv := cdektest.New(t)
	p := shop.DefaultProfile()
	e := &carrierEnv{
		cdek: srv, eng: newFakeEngine(), profile: p,
		clock: shop.NewManualClock(time.Date(2026, 3, 10, 12, 0, 0, 0, p.Location())),
	}
	cfg := delivery.CarrierConfig{
		API: cdek.New(srv.Config()), Profile: p, Engine: e.eng, Clock: e.clock,
		CallTimeout: 2 * time.Second, QuoteTTL: quoteTTL, PointsTTL: 12 * time.Hour, RetryAfter: retryAfter,
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	e.c = delivery.NewCarrier(cfg)
	return e
}

// addKZ adds the profile's four cities to the fake.
func (e *carrierEnv) addKZ() {
	for _, c := range []cdek.City{
		{Code: astanaCode, Name: "Астана", CountryCode: "KZ", Region: "Астана"},
		{Code: almatyCode, Name: "Алматы", CountryCode: "KZ", Region: "Алматы"},
		{Code: shymkentCode, Name: "Шымкент", CountryCode: "KZ", Region: "Шымкент"},
		{Code: karagandaCode, Name: "Караганда", CountryCode: "KZ", Region: "Карагандинская область"},
	} {
		e.cdek.AddCity(c)
	}
}

// run starts the carrier's workers until the test ends.
func (e *carrierEnv) run(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.c.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
}

// quote asks for a quote to a city for chat.
func (e *carrierEnv) quote(city string, m shop.DeliveryMethod) (shop.DeliveryQuote, error) {
	return e.c.Quote(context.Background(), shop.DeliveryRequest{Chat: chat, City: city, Method: m, WeightGrams: 500})
}

func tariff(code, mode int, sum float64, minDays, maxDays int) cdek.Tariff {
	return cdek.Tariff{Code: code, Name: "tariff " + strconv.Itoa(code), Mode: mode, Sum: sum, PeriodMin: minDays, PeriodMax: maxDays}
}

// checkReady checks that up tells chatKey that the carrier answered.
func checkReady(t *testing.T, up bot.Update, chatKey string) {
	t.Helper()
	channel, id, _ := strings.Cut(chatKey, ":")
	if up.Channel != channel || up.ChatID != id {
		t.Errorf("update for %s:%s, want %s", up.Channel, up.ChatID, chatKey)
	}
	if up.Key == "" {
		t.Error("update has no dedupe key")
	}
	if up.Event == nil || up.Event.Kind != flows.EventDeliveryReady {
		t.Errorf("update event %+v, want %s", up.Event, flows.EventDeliveryReady)
	}
}

func TestCarrierQuote(t *testing.T) {
	type want struct {
		quote shop.DeliveryQuote
		err   error
	}
	ok := func(m shop.DeliveryMethod, price shop.Money, minDays, maxDays, code int) want {
		return want{quote: shop.DeliveryQuote{Method: m, Price: price, MinDays: minDays, MaxDays: maxDays, Tariff: code}}
	}
	none := want{err: shop.ErrNoDelivery}
	tests := []struct {
		name    string
		profile func(*shop.Profile)
		tariffs []cdek.Tariff
		pickup  want
		courier want
	}{
		{
			name: "cheapest allowed tariff per method",
			tariffs: []cdek.Tariff{
				tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4),
				tariff(234, cdek.ModeOfficeOffice, 1500, 3, 5),
				tariff(62, cdek.ModeOfficeOffice, 900, 1, 2), // not in the profile
				tariff(137, cdek.ModeOfficeDoor, 2600, 2, 4),
				tariff(233, cdek.ModeOfficeDoor, 2400, 3, 6),
			},
			pickup:  ok(shop.PickupPoint, 1500, 3, 5, 234),
			courier: ok(shop.Courier, 2400, 3, 6, 233),
		},
		{
			name: "prices rounded up to the tenge",
			tariffs: []cdek.Tariff{
				tariff(136, cdek.ModeOfficeOffice, 1499.2, 2, 4),
				tariff(137, cdek.ModeOfficeDoor, 2000.01, 2, 4),
			},
			pickup:  ok(shop.PickupPoint, 1500, 2, 4, 136),
			courier: ok(shop.Courier, 2001, 2, 4, 137),
		},
		{
			name: "unknown tariff codes ignored",
			tariffs: []cdek.Tariff{
				tariff(9999, cdek.ModeOfficeOffice, 100, 1, 1),
				tariff(9998, cdek.ModeOfficeDoor, 100, 1, 1),
				tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4),
				tariff(137, cdek.ModeOfficeDoor, 2600, 2, 4),
			},
			pickup:  ok(shop.PickupPoint, 1800, 2, 4, 136),
			courier: ok(shop.Courier, 2600, 2, 4, 137),
		},
		{
			name: "a tariff without a price ignored",
			tariffs: []cdek.Tariff{
				tariff(234, cdek.ModeOfficeOffice, 0, 1, 1),
				tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4),
			},
			pickup:  ok(shop.PickupPoint, 1800, 2, 4, 136),
			courier: none,
		},
		{
			name:    "no allowed tariff",
			tariffs: []cdek.Tariff{tariff(62, cdek.ModeOfficeOffice, 900, 1, 2), tariff(1, cdek.ModeDoorDoor, 900, 1, 2)},
			pickup:  none,
			courier: none,
		},
		{
			name:    "no tariffs on the route",
			pickup:  none,
			courier: none,
		},
		{
			name:    "no tariff list: delivery modes decide",
			profile: func(p *shop.Profile) { p.CDEKTariffs = nil },
			tariffs: []cdek.Tariff{
				tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4),
				tariff(368, cdek.ModeOfficeLocker, 1200, 3, 5),
				tariff(1, cdek.ModeDoorDoor, 500, 1, 2),
				tariff(2, cdek.ModeDoorOffice, 400, 1, 2),
				tariff(11, cdek.ModeLockerDoor, 300, 1, 2),
				tariff(137, cdek.ModeOfficeDoor, 2600, 2, 4),
			},
			pickup:  ok(shop.PickupPoint, 1200, 3, 5, 368),
			courier: ok(shop.Courier, 2600, 2, 4, 137),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newCarrierEnv(t)
			env.addKZ()
			if tc.profile != nil {
				tc.profile(env.profile)
			}
			env.cdek.SetTariffs(astanaCode, almatyCode, tc.tariffs...)

			for _, m := range []shop.DeliveryMethod{shop.PickupPoint, shop.Courier} {
				if _, err := env.quote("almaty", m); !errors.Is(err, shop.ErrPending) {
					t.Fatalf("first %s quote: %v, want ErrPending", m, err)
				}
			}
			if n := env.cdek.Requests("/calculator/tarifflist"); n != 0 {
				t.Fatalf("Quote called CDEK itself (%d tarifflist calls)", n)
			}
			env.run(t)
			ups := env.eng.waitUpdates(t, 1)
			checkReady(t, ups[0], chat)

			for _, c := range []struct {
				m    shop.DeliveryMethod
				want want
			}{{shop.PickupPoint, tc.pickup}, {shop.Courier, tc.courier}} {
				got, err := env.quote("almaty", c.m)
				if c.want.err != nil {
					if !errors.Is(err, c.want.err) {
						t.Errorf("%s quote: %+v, %v; want %v", c.m, got, err, c.want.err)
					}
					continue
				}
				if err != nil || got != c.want.quote {
					t.Errorf("%s quote: %+v, %v; want %+v", c.m, got, err, c.want.quote)
				}
			}
			if n := env.cdek.Requests("/calculator/tarifflist"); n != 1 {
				t.Errorf("tarifflist called %d times, want 1 for both methods", n)
			}
			if ups := env.eng.Updates(); len(ups) != 1 {
				t.Errorf("%d updates (%v), want 1: the chat asked one lookup", len(ups), keys(ups))
			}
			req := env.cdek.LastTariffRequest()
			from, _ := req["from_location"].(map[string]any)
			to, _ := req["to_location"].(map[string]any)
			pkgs, _ := req["packages"].([]any)
			if from["code"] != float64(astanaCode) || to["code"] != float64(almatyCode) || len(pkgs) != 1 ||
				pkgs[0].(map[string]any)["weight"] != float64(500) || req["currency"] != float64(cdek.CurrencyKZT) {
				t.Errorf("tarifflist request %v: want Astana to Almaty, one 500 g package, in tenge", req)
			}
		})
	}
}

func TestCarrierQuoteLeavesFreeDeliveryToFlows(t *testing.T) {
	env := newCarrierEnv(t)
	env.addKZ()
	env.cdek.SetTariffs(astanaCode, almatyCode, tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4))
	env.run(t)
	// The carrier is never told the goods total: whatever the cart, the
	// pickup price is the carrier's.
	if _, err := env.quote("almaty", shop.PickupPoint); !errors.Is(err, shop.ErrPending) {
		t.Fatalf("first quote: %v, want ErrPending", err)
	}
	env.eng.waitUpdates(t, 1)
	q, err := env.quote("almaty", shop.PickupPoint)
	if err != nil || q.Free || q.Approximate || q.Price != 1800 {
		t.Errorf("quote %+v, %v: want 1800, neither free nor approximate", q, err)
	}
}

func TestCarrierQuoteExpressIsNotCDEK(t *testing.T) {
	env := newCarrierEnv(t)
	env.addKZ()
	env.run(t)
	if _, err := env.quote("astana", shop.Express); !errors.Is(err, shop.ErrNoDelivery) {
		t.Errorf("express quote: %v, want ErrNoDelivery", err)
	}
	if _, err := env.quote("astana", shop.Express); !errors.Is(err, shop.ErrNoDelivery) {
		t.Errorf("second express quote: %v, want ErrNoDelivery", err)
	}
	if n := env.cdek.Requests("/location/cities"); n != 0 {
		t.Errorf("an express quote asked CDEK (%d city lookups)", n)
	}
}

func TestCarrierSharedLookup(t *testing.T) {
	env := newCarrierEnv(t)
	env.addKZ()
	env.cdek.SetTariffs(astanaCode, almatyCode, tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4))
	chats := []string{"telegram:42", "whatsapp:77011234567"}
	for _, c := range chats {
		for _, m := range []shop.DeliveryMethod{shop.PickupPoint, shop.Courier, shop.PickupPoint} {
			_, err := env.c.Quote(context.Background(), shop.DeliveryRequest{Chat: c, City: "almaty", Method: m, WeightGrams: 500})
			if !errors.Is(err, shop.ErrPending) {
				t.Fatalf("%s: %s quote: %v, want ErrPending", c, m, err)
			}
		}
	}
	env.run(t)
	ups := env.eng.waitUpdates(t, 2)
	if len(ups) != 2 {
		t.Fatalf("%d updates (%v), want one per chat", len(ups), keys(ups))
	}
	slices.SortFunc(ups, func(a, b bot.Update) int { return strings.Compare(a.Channel, b.Channel) })
	for i, c := range chats {
		checkReady(t, ups[i], c)
	}
	if ups[0].Key == ups[1].Key {
		t.Errorf("both chats got key %q", ups[0].Key)
	}
	if n := env.cdek.Requests("/calculator/tarifflist"); n != 1 {
		t.Errorf("tarifflist called %d times, want 1", n)
	}
	if n := env.cdek.Requests("/location/cities"); n != 2 {
		t.Errorf("cities called %d times, want 2 (Almaty, then the shipping city Astana)", n)
	}
	for _, c := range chats {
		q, err := env.c.Quote(context.Background(), shop.DeliveryRequest{Chat: c, City: "almaty", Method: shop.PickupPoint, WeightGrams: 500})
		if err != nil || q.Price != 1800 {
			t.Errorf("%s: quote %+v, %v; want 1800", c, q, err)
		}
	}
}

// Two lookups of one chat answered at the same instant (the clock is a
// ManualClock; a coarse system clock does the same) are two events: each
// needs a key of its own, or the engine drops the second as a duplicate.
func TestCarrierEventKeysUnique(t *testing.T) {
	env := newCarrierEnv(t)
	env.addKZ()
	env.cdek.SetTariffs(astanaCode, almatyCode, tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4))
	env.cdek.SetPoints(almatyCode, cdek.Point{Code: "ALM1", Type: "PVZ", Address: "ул. Абая, 1", Lat: 43.2, Lon: 76.9})
	if _, err := env.quote("almaty", shop.PickupPoint); !errors.Is(err, shop.ErrPending) {
		t.Fatalf("quote: %v, want ErrPending", err)
	}
	if _, err := env.c.DeliveryPoints(context.Background(), chat, "almaty"); !errors.Is(err, shop.ErrPending) {
		t.Fatalf("points: %v, want ErrPending", err)
	}
	env.run(t)
	ups := env.eng.waitUpdates(t, 2)
	for _, up := range ups {
		checkReady(t, up, chat)
	}
	if ups[0].Key == ups[1].Key {
		t.Errorf("two answers for one chat share the key %q: the engine would drop the second", ups[0].Key)
	}
}

func TestCarrierCity(t *testing.T) {
	const tarazCode, taldykorganCode, villageCode = 7001, 7002, 7003
	tests := []struct {
		name      string
		setup     func(*carrierEnv)
		city      string
		to        int
		cityCalls int
	}{
		{
			name: "code from the profile",
			setup: func(e *carrierEnv) {
				for i := range e.profile.Cities {
					switch e.profile.Cities[i].ID {
					case "astana":
						e.profile.Cities[i].CDEKCode = astanaCode
					case "almaty":
						e.profile.Cities[i].CDEKCode = almatyCode
					}
				}
			},
			city: "almaty", to: almatyCode, cityCalls: 0,
		},
		{
			name: "exact name preferred",
			setup: func(e *carrierEnv) {
				e.cdek.AddCity(cdek.City{Code: villageCode, Name: "Алматы-1", CountryCode: "KZ", Region: "Алматинская область"})
				e.addKZ()
			},
			city: "almaty", to: almatyCode, cityCalls: 2,
		},
		{
			name:  "profile city by its Kazakh name: CDEK is asked the Russian one",
			setup: func(e *carrierEnv) { e.addKZ() },
			city:  "Қарағанды", to: karagandaCode, cityCalls: 2,
		},
		{
			name: "a typed city not in the profile",
			setup: func(e *carrierEnv) {
				e.addKZ()
				e.cdek.AddCity(cdek.City{Code: tarazCode, Name: "Тараз", CountryCode: "KZ"})
			},
			city: "Тараз", to: tarazCode, cityCalls: 2,
		},
		{
			name: "no exact name: the first found",
			setup: func(e *carrierEnv) {
				e.addKZ()
				e.cdek.AddCity(cdek.City{Code: taldykorganCode, Name: "Талдыкорган", CountryCode: "KZ"})
			},
			city: "Талдыкорг", to: taldykorganCode, cityCalls: 2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newCarrierEnv(t)
			tc.setup(env)
			env.cdek.SetTariffs(astanaCode, tc.to, tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4))
			if _, err := env.quote(tc.city, shop.PickupPoint); !errors.Is(err, shop.ErrPending) {
				t.Fatalf("first quote: %v, want ErrPending", err)
			}
			env.run(t)
			env.eng.waitUpdates(t, 1)
			q, err := env.quote(tc.city, shop.PickupPoint)
			if err != nil || q.Price != 1800 {
				t.Errorf("quote %+v, %v; want 1800 on the route to %d (tarifflist: %v)", q, err, tc.to, env.cdek.LastTariffRequest())
			}
			if n := env.cdek.Requests("/location/cities"); n != tc.cityCalls {
				t.Errorf("cities called %d times, want %d", n, tc.cityCalls)
			}
		})
	}
}

func TestCarrierCityNotFound(t *testing.T) {
	env := newCarrierEnv(t)
	env.addKZ()
	env.run(t)
	const nowhere = "Нигдебай"
	if _, err := env.quote(nowhere, shop.PickupPoint); !errors.Is(err, shop.ErrPending) {
		t.Fatalf("first quote: %v, want ErrPending", err)
	}
	checkReady(t, env.eng.waitUpdates(t, 1)[0], chat)

	for _, step := range []struct {
		name    string
		advance time.Duration
	}{
		{"at once", 0},
		{"past RetryAfter, within QuoteTTL", retryAfter + time.Second},
	} {
		env.clock.Add(step.advance)
		if _, err := env.quote(nowhere, shop.PickupPoint); !errors.Is(err, shop.ErrNotFound) {
			t.Errorf("%s: quote: %v, want ErrNotFound", step.name, err)
		}
		if _, err := env.c.DeliveryPoints(context.Background(), chat, nowhere); !errors.Is(err, shop.ErrNotFound) {
			t.Errorf("%s: points: %v, want ErrNotFound", step.name, err)
		}
	}
	if n := env.cdek.Requests("/location/cities"); n != 1 {
		t.Errorf("cities called %d times, want 1: not found is cached", n)
	}
	if n := env.cdek.Requests("/calculator/tarifflist"); n != 0 {
		t.Errorf("tarifflist called %d times for an unknown city", n)
	}
	if a := env.eng.Alerts(); len(a) != 0 {
		t.Errorf("alerts %v: an unknown city is not an outage", a)
	}

	env.clock.Add(quoteTTL)
	if _, err := env.quote(nowhere, shop.PickupPoint); !errors.Is(err, shop.ErrPending) {
		t.Errorf("after QuoteTTL: quote: %v, want ErrPending (asked again)", err)
	}
}

func TestCarrierOutage(t *testing.T) {
	tests := []struct {
		name   string
		status int
		codes  bool // the profile has the CDEK codes: no city lookups
		points bool // the lookup is a points list, not a quote
	}{
		{"cities 500", http.StatusInternalServerError, false, false},
		{"cities 429", http.StatusTooManyRequests, false, false},
		{"tarifflist 503", http.StatusServiceUnavailable, true, false},
		{"deliverypoints 500", http.StatusInternalServerError, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newCarrierEnv(t)
			env.addKZ()
			if tc.codes {
				for i, code := range []int{astanaCode, almatyCode, shymkentCode, karagandaCode} {
					env.profile.Cities[i].CDEKCode = code
				}
			}
			env.cdek.SetTariffs(astanaCode, almatyCode, tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4))
			env.cdek.SetPoints(almatyCode, cdek.Point{Code: "ALM1", Type: "PVZ", Address: "ул. Абая, 1", Lat: 43.2, Lon: 76.9})
			env.run(t)
			began := env.clock.Now()

			// get reads the cache: a quote, or the points; a wrong
			// answer is an error too.
			get := func(points bool) error {
				if points {
					ps, err := env.c.DeliveryPoints(context.Background(), chat, "almaty")
					if err == nil && len(ps) != 1 {
						return fmt.Errorf("points %+v, want ALM1", ps)
					}
					return err
				}
				q, err := env.quote("almaty", shop.PickupPoint)
				if err == nil && q.Price != 1800 {
					return fmt.Errorf("quote %+v, want 1800", q)
				}
				return err
			}
			// ask looks up and returns the answer after the event.
			updates := 0
			ask := func(what string, points bool) error {
				t.Helper()
				if err := get(points); !errors.Is(err, shop.ErrPending) {
					t.Fatalf("%s: %v, want ErrPending", what, err)
				}
				updates++
				checkReady(t, env.eng.waitUpdates(t, updates)[updates-1], chat)
				return get(points)
			}
			calls := func() int {
				return env.cdek.Requests("/location/cities") + env.cdek.Requests("/calculator/tarifflist") + env.cdek.Requests("/deliverypoints")
			}
			isFailure := func(err error) bool {
				return err != nil && !errors.Is(err, shop.ErrPending) && !errors.Is(err, shop.ErrNotFound) && !errors.Is(err, shop.ErrNoDelivery)
			}

			env.cdek.FailNext(1, tc.status)
			if err := ask("first failure", tc.points); !isFailure(err) {
				t.Fatalf("answer during the outage: %v, want the carrier's failure", err)
			}
			outage := env.eng.AlertsWithPrefix("outage:cdek:")
			if len(outage) != 1 {
				t.Fatalf("outage alerts %v, want 1", env.eng.Alerts())
			}
			if want := "outage:cdek:" + strconv.FormatInt(began.Unix(), 10); outage[0].Key != want || outage[0].Text.Key != messages.StaffOutage {
				t.Errorf("outage alert %+v, want key %q and %s", outage[0], want, messages.StaffOutage)
			}

			// The failure stands for RetryAfter: no call, no new lookup,
			// and other lookups do not wait on the carrier either.
			env.clock.Add(retryAfter - time.Second)
			before := calls()
			if err := get(tc.points); !isFailure(err) {
				t.Errorf("within RetryAfter: %v, want the cached failure", err)
			}
			if err := get(!tc.points); !isFailure(err) {
				t.Errorf("another lookup within RetryAfter: %v, want a failure at once", err)
			}
			if n := calls(); n != before {
				t.Errorf("CDEK asked %d times within RetryAfter", n-before)
			}

			env.clock.Add(time.Second)
			env.cdek.FailNext(1, tc.status)
			if err := ask("second failure", tc.points); !isFailure(err) {
				t.Fatalf("answer after the second failure: %v, want the carrier's failure", err)
			}
			if a := env.eng.Alerts(); len(a) != 1 {
				t.Errorf("alerts after the second failure %v, want the first only", a)
			}

			env.clock.Add(retryAfter)
			if err := ask("recovery", tc.points); err != nil {
				t.Errorf("answer after recovery: %v", err)
			}
			recovered := env.eng.AlertsWithPrefix("recovered:cdek:")
			if len(recovered) != 1 {
				t.Fatalf("recovery alerts %v, want 1", env.eng.Alerts())
			}
			if want := "recovered:cdek:" + strconv.FormatInt(began.Unix(), 10); recovered[0].Key != want || recovered[0].Text.Key != messages.StaffRecovered {
				t.Errorf("recovery alert %+v, want key %q and %s", recovered[0], want, messages.StaffRecovered)
			}

			// A later answer is no news.
			if err := ask("the other lookup", !tc.points); err != nil {
				t.Errorf("the other lookup after recovery: %v", err)
			}
			if a := env.eng.Alerts(); len(a) != 2 {
				t.Errorf("alerts %v, want one outage and one recovery", a)
			}
		})
	}
}

func TestCarrierRefusalIsNotOutage(t *testing.T) {
	env := newCarrierEnv(t)
	env.addKZ()
	env.run(t)
	env.cdek.FailNext(1, http.StatusBadRequest)
	if _, err := env.quote("almaty", shop.PickupPoint); !errors.Is(err, shop.ErrPending) {
		t.Fatalf("first quote: %v, want ErrPending", err)
	}
	env.eng.waitUpdates(t, 1)
	// CDEK said no: the method is not offered, rather than a guessed price.
	var api *cdek.APIError
	if _, err := env.quote("almaty", shop.PickupPoint); !errors.Is(err, shop.ErrNoDelivery) || !errors.As(err, &api) || api.HTTPStatus != http.StatusBadRequest {
		t.Errorf("quote: %v, want no delivery, with CDEK's 400", err)
	}
	if a := env.eng.Alerts(); len(a) != 0 {
		t.Errorf("alerts %v: a refusal is CDEK's answer, not an outage", a)
	}
}

func TestCarrierTimeout(t *testing.T) {
	env := newCarrierEnv(t, func(c *delivery.CarrierConfig) { c.CallTimeout = 50 * time.Millisecond })
	env.addKZ()
	env.cdek.SetTariffs(astanaCode, almatyCode, tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4))
	env.cdek.SetDelay(2 * time.Second)
	env.run(t)

	start := time.Now()
	if _, err := env.quote("almaty", shop.PickupPoint); !errors.Is(err, shop.ErrPending) {
		t.Fatalf("first quote: %v, want ErrPending", err)
	}
	env.eng.waitUpdates(t, 1)
	if d := time.Since(start); d > time.Second {
		t.Errorf("the lookup took %v: CallTimeout is 50ms", d)
	}
	if _, err := env.quote("almaty", shop.PickupPoint); err == nil || errors.Is(err, shop.ErrPending) {
		t.Errorf("quote after a timeout: %v, want the carrier's failure", err)
	}
	if a := env.eng.AlertsWithPrefix("outage:cdek:"); len(a) != 1 {
		t.Errorf("outage alerts %v, want 1", env.eng.Alerts())
	}

	env.cdek.SetDelay(0)
	env.clock.Add(retryAfter)
	if _, err := env.quote("almaty", shop.PickupPoint); !errors.Is(err, shop.ErrPending) {
		t.Fatalf("quote after RetryAfter: %v, want ErrPending", err)
	}
	env.eng.waitUpdates(t, 2)
	if q, err := env.quote("almaty", shop.PickupPoint); err != nil || q.Price != 1800 {
		t.Errorf("quote after recovery: %+v, %v; want 1800", q, err)
	}
	if a := env.eng.AlertsWithPrefix("recovered:cdek:"); len(a) != 1 {
		t.Errorf("recovery alerts %v, want 1", env.eng.Alerts())
	}
}

func TestCarrierExpiredToken(t *testing.T) {
	env := newCarrierEnv(t)
	env.addKZ()
	env.cdek.SetTariffs(astanaCode, almatyCode, tariff(136, cdek.ModeOfficeOffice, 1800, 2, 4))
	env.cdek.SetPoints(almatyCode, cdek.Point{Code: "ALM1", Type: "PVZ", Address: "ул. Абая, 1", Lat: 43.2, Lon: 76.9})
	env.run(t)
	if _, err := env.quote("almaty", shop.PickupPoint); !errors.Is(err, shop.ErrPending) {
		t.Fatalf("first quote: %v, want ErrPending", err)
	}
	env.eng.waitUpdates(t, 1)

	env.cdek.ExpireTokens()
	if _, err := env.c.DeliveryPoints(context.Background(), chat, "almaty"); !errors.Is(err, shop.ErrPending) {
		t.Fatalf("points: %v, want ErrPending", err)
	}
	env.eng.waitUpdates(t, 2)
	ps, err := env.c.DeliveryPoints(context.Background(), chat, "almaty")
	if err != nil || len(ps) != 1 {
		t.Errorf("points after a 401: %v, %v; want the one point", ps, err)
	}
	if n := env.cdek.TokenRequests(); n != 2 {
		t.Errorf("%d token requests, want 2 (the first, and one after the 401)", n)
	}
	if a := env.eng.Alerts(); len(a) != 0 {
		t.Errorf("alerts %v: an expired token is not an outage", a)
	}
}

func TestCarrierDeliveryPoints(t *testing.T) {
	tests := []struct {
		name   string
		points []cdek.Point
		want   []shop.DeliveryPoint
	}{
		{
			name: "lockers marked, sorted by address, no coordinates dropped",
			points: []cdek.Point{
				{Code: "ALM2", Name: "На Абая", Type: "PVZ", Address: "ул. Абая, 2", WorkTime: "Пн-Пт 09:00-20:00", Lat: 43.24, Lon: 76.91},
				{Code: "ALM9", Name: "Без координат", Type: "PVZ", Address: "ул. Ауэзова, 9"},
				{Code: "ALM1", Name: "Постамат", Type: "POSTAMAT", Address: "пр. Аль-Фараби, 77", Lat: 43.21, Lon: 76.93},
				{Code: "ALM3", Name: "Без улицы", Type: "PVZ", FullAddress: "Казахстан, Алматы, мкр. Орбита-1, 3", Lat: 43.19, Lon: 76.88},
			},
			want: []shop.DeliveryPoint{
				{Code: "ALM3", Name: "Без улицы", Address: "Казахстан, Алматы, мкр. Орбита-1, 3", Lat: 43.19, Lon: 76.88},
				{Code: "ALM1", Name: "Постамат", Address: "пр. Аль-Фараби, 77", Locker: true, Lat: 43.21, Lon: 76.93},
				{Code: "ALM2", Name: "На Абая", Address: "ул. Абая, 2", WorkTime: "Пн-Пт 09:00-20:00", Lat: 43.24, Lon: 76.91},
			},
		},
		{
			name: "no points",
			want: []shop.DeliveryPoint{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newCarrierEnv(t)
			env.addKZ()
			env.cdek.SetPoints(almatyCode, tc.points...)
			if _, err := env.c.DeliveryPoints(context.Background(), chat, "almaty"); !errors.Is(err, shop.ErrPending) {
				t.Fatalf("first call: %v, want ErrPending", err)
			}
			env.run(t)
			checkReady(t, env.eng.waitUpdates(t, 1)[0], chat)
			for range 2 {
				got, err := env.c.DeliveryPoints(context.Background(), chat, "almaty")
				if err != nil || !slices.Equal(got, tc.want) {
					t.Errorf("points %+v, %v;\nwant %+v", got, err, tc.want)
				}
			}
			if n := env.cdek.Requests("/deliverypoints"); n != 1 {
				t.Errorf("deliverypoints called %d times, want 1", n)
			}
		})
	}
}

func TestCarrierWarm(t *testing.T) {
	env := newCarrierEnv(t)
	env.addKZ()
	env.cdek.SetPoints(astanaCode,
		cdek.Point{Code: "AST2", Type: "PVZ", Address: "ул. Сыганак, 2", Lat: 51.13, Lon: 71.43},
		cdek.Point{Code: "AST1", Type: "POSTAMAT", Address: "пр. Мангилик Ел, 1", Lat: 51.09, Lon: 71.41},
	)
	if err := env.c.Warm(context.Background()); err != nil {
		t.Fatalf("Warm: %v", err)
	}
	// Not running: only the cache can answer.
	ps, err := env.c.DeliveryPoints(context.Background(), chat, "astana")
	if err != nil || len(ps) != 2 || ps[0].Code != "AST1" || !ps[0].Locker {
		t.Errorf("Astana points %+v, %v; want AST1 (a locker), AST2", ps, err)
	}
	for _, city := range []string{"almaty", "Шымкент", "Қарағанды"} {
		if ps, err := env.c.DeliveryPoints(context.Background(), chat, city); err != nil || len(ps) != 0 {
			t.Errorf("%s points %+v, %v; want none, at once", city, ps, err)
		}
	}
	if n := env.cdek.Requests("/deliverypoints"); n != 4 {
		t.Errorf("deliverypoints called %d times, want 4 (one per profile city)", n)
	}
	if ups := env.eng.Updates(); len(ups) != 0 {
		t.Errorf("updates %v: nobody waited", keys(ups))
	}
}

func TestCarrierWarmReportsFailures(t *testing.T) {
	env := newCarrierEnv(t)
	env.cdek.AddCity(cdek.City{Code: astanaCode, Name: "Астана", CountryCode: "KZ"})
	env.cdek.SetPoints(astanaCode, cdek.Point{Code: "AST1", Type: "PVZ", Address: "ул. Сыганак, 2", Lat: 51.13, Lon: 71.43})
	err := env.c.Warm(context.Background())
	if !errors.Is(err, shop.ErrNotFound) || !strings.Contains(err.Error(), "karaganda") {
		t.Errorf("Warm: %v, want the three cities CDEK does not know", err)
	}
	if ps, err := env.c.DeliveryPoints(context.Background(), chat, "astana"); err != nil || len(ps) != 1 {
		t.Errorf("Astana points %+v, %v: the cities that answered are warm", ps, err)
	}
}
