package delivery_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/delivery"
	"github.com/lete-store/letebot/delivery/cdek"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// Track against the fake CDEK API through the real client: a fake store of
// shipments, the fake engine, and the carrier's manual clock.

// tracking is the CDEK number of most cases' shipment.
const tracking = "1234567890"

// Codes the tests use; the first three are the ones Track keys on.
const (
	atPoint   = "ACCEPTED_AT_PICK_UP_POINT"
	inLocker  = "POSTOMAT_POSTED"
	byCourier = "TAKEN_BY_COURIER"
	created   = "CREATED"
	sent      = "SENT_TO_RECIPIENT_CITY"
	arrived   = "ACCEPTED_IN_RECIPIENT_CITY"
	warehouse = "ACCEPTED_AT_RECIPIENT_CITY_WAREHOUSE"
	delivered = "DELIVERED"
)

// shipments is the store Track reads: the orders it is given, above after,
// by id.
type shipments struct {
	mu     sync.Mutex
	orders []shop.Order
}

var _ delivery.Shipments = (*shipments)(nil)

func (s *shipments) Shipments(_ context.Context, after int64, limit int) ([]shop.Order, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []shop.Order
	for _, o := range s.orders {
		if o.ID > after {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b shop.Order) int { return cmp.Compare(a.ID, b.ID) })
	return out[:min(limit, len(out))], nil
}

// newTrackEnv is a carrier that tracks orders, its clock at now; opts
// adjust its configuration.
func newTrackEnv(t *testing.T, now time.Time, orders []shop.Order, opts ...func(*delivery.CarrierConfig)) *carrierEnv {
	t.Helper()
	store := &shipments{orders: orders}
	env := newCarrierEnv(t, append([]func(*delivery.CarrierConfig){func(cfg *delivery.CarrierConfig) { cfg.Shipments = store }}, opts...)...)
	env.setClock(now)
	return env
}

// setClock moves the carrier's clock to now.
func (e *carrierEnv) setClock(now time.Time) {
	e.clock.Add(now.Sub(e.clock.Now()))
}

// track runs one Track pass and returns the updates it submitted.
func (e *carrierEnv) track(t *testing.T) []bot.Update {
	t.Helper()
	before := len(e.eng.Updates())
	if err := e.c.Track(context.Background()); err != nil {
		t.Fatalf("Track: %v", err)
	}
	return e.eng.Updates()[before:]
}

// shipment is a shipped pickup-point order of the chat whose latest known
// CDEK status is carrier.
func shipment(id int64, number string, carrier shop.CarrierStatus) shop.Order {
	return shop.Order{
		ID: id, ChatKey: chat, Status: shop.Shipped, Tracking: number,
		Customer: shop.Customer{Name: "Айгерим", Phone: "+77011234567"},
		Delivery: shop.Delivery{Method: shop.PickupPoint}, Carrier: carrier,
	}
}

// inAlmaty is a time of 2026 in the store's zone.
func inAlmaty(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, shop.DefaultProfile().Location())
}

// status is a CDEK status as the fake reports it.
func status(code string, at time.Time) cdek.Status {
	return cdek.Status{Code: code, Name: "name of " + code, City: "Алматы", DateTime: at}
}

// stored is a status as the order keeps it.
func stored(code string, at time.Time) shop.CarrierStatus {
	return shop.CarrierStatus{Code: code, Name: "name of " + code, City: "Алматы", At: at}
}

// describe shows statuses in a comparable form: the fake's times come back
// in a fixed zone, not the profile's.
func describe(ss []shop.CarrierStatus) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, fmt.Sprintf("%s %q %q %s", s.Code, s.Name, s.City, s.At.UTC().Format(time.RFC3339)))
	}
	return out
}

func carrierKey(id int64, code string, at time.Time) string {
	return fmt.Sprintf("cdek:%d:%s:%d", id, code, at.Unix())
}

func TestTrackNewStatuses(t *testing.T) {
	var (
		t1 = inAlmaty(time.November, 28, 10, 0)
		t2 = inAlmaty(time.November, 29, 12, 0)
		t3 = inAlmaty(time.November, 30, 9, 30)
		t4 = inAlmaty(time.December, 1, 15, 0)
	)
	// history is the shipment's whole history as CDEK lists it, newest first.
	history := []cdek.Status{status(atPoint, t4), status(arrived, t3), status(sent, t2), status(created, t1)}
	reversed := slices.Clone(history)
	slices.Reverse(reversed)
	tests := []struct {
		name   string
		seen   shop.CarrierStatus // the order's latest status
		listed []cdek.Status      // as CDEK lists them
		want   []shop.CarrierStatus
	}{
		{
			name: "newest first, as CDEK lists them", seen: stored(created, t1), listed: history,
			want: []shop.CarrierStatus{stored(sent, t2), stored(arrived, t3), stored(atPoint, t4)},
		},
		{
			name: "oldest first", seen: stored(created, t1), listed: reversed,
			want: []shop.CarrierStatus{stored(sent, t2), stored(arrived, t3), stored(atPoint, t4)},
		},
		{
			name: "out of order", seen: stored(created, t1),
			listed: []cdek.Status{status(arrived, t3), status(created, t1), status(atPoint, t4), status(sent, t2)},
			want:   []shop.CarrierStatus{stored(sent, t2), stored(arrived, t3), stored(atPoint, t4)},
		},
		{
			name: "no status yet: all of them", listed: history,
			want: []shop.CarrierStatus{stored(created, t1), stored(sent, t2), stored(arrived, t3), stored(atPoint, t4)},
		},
		{
			name: "older and equal ones skipped", seen: stored(arrived, t3), listed: history,
			want: []shop.CarrierStatus{stored(atPoint, t4)},
		},
		{name: "nothing new", seen: stored(atPoint, t4), listed: history},
		{name: "CDEK lists nothing yet", seen: stored(atPoint, t4)},
		{
			// Not after the stored one, so the flow would drop it; sending
			// it anyway keeps the order from ever looking settled.
			name: "same time as the stored one, another code", seen: stored(atPoint, t4),
			listed: []cdek.Status{status(warehouse, t4), status(atPoint, t4), status(arrived, t3)},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The day after the arrival: no pickup reminder is due.
			env := newTrackEnv(t, inAlmaty(time.December, 2, 12, 0), []shop.Order{shipment(orderID, tracking, tc.seen)})
			env.cdek.AddOrder(cdek.Order{UUID: "uuid-1", CDEKNumber: tracking, Number: "LT-00007", Statuses: tc.listed})

			ups := env.track(t)
			if len(tc.want) == 0 {
				if len(ups) != 0 {
					t.Errorf("updates %v, want none", keys(ups))
				}
			} else {
				if len(ups) != 1 {
					t.Fatalf("updates %v, want one", keys(ups))
				}
				last := tc.want[len(tc.want)-1]
				checkEvent(t, ups[0], flows.EventCarrier, carrierKey(orderID, last.Code, last.At))
				if ups[0].Event != nil {
					if got, want := describe(ups[0].Event.Statuses), describe(tc.want); !slices.Equal(got, want) {
						t.Errorf("statuses\n got %q\nwant %q", got, want)
					}
				}
			}
			if a := env.eng.Alerts(); len(a) != 0 {
				t.Errorf("alerts %v, want none", a)
			}
			if n := env.cdek.Requests("/orders"); n != 1 {
				t.Errorf("CDEK asked %d times, want once", n)
			}
		})
	}
}

func TestTrackUnknownNumber(t *testing.T) {
	const other = "9876543210"
	since := inAlmaty(time.November, 30, 9, 30)
	env := newTrackEnv(t, inAlmaty(time.December, 2, 12, 0), []shop.Order{
		shipment(orderID, tracking, stored(created, inAlmaty(time.November, 28, 10, 0))),
		shipment(orderID+1, other, stored(created, inAlmaty(time.November, 28, 11, 0))),
	})
	env.cdek.AddOrder(cdek.Order{UUID: "uuid-2", CDEKNumber: other, Statuses: []cdek.Status{status(arrived, since)}})

	for pass := 1; pass <= 2; pass++ {
		// The unknown number does not hold up the next shipment.
		ups := env.track(t)
		if len(ups) != 1 {
			t.Fatalf("pass %d: updates %v, want the other shipment's", pass, keys(ups))
		}
		if want := carrierKey(orderID+1, arrived, since); ups[0].Key != want {
			t.Errorf("pass %d: update %q, want %q", pass, ups[0].Key, want)
		}
	}
	alerts := env.eng.Alerts()
	if len(alerts) != 1 {
		t.Fatalf("alerts %v, want one", alerts)
	}
	a := alerts[0]
	if want := "tracking_unknown:" + strconv.Itoa(orderID) + ":" + tracking; a.Key != want {
		t.Errorf("alert key %q, want %q", a.Key, want)
	}
	if a.Text.Key != messages.StaffTrackingUnknown || a.Text.Args["Number"] != "LT-00007" || a.Text.Args["Tracking"] != tracking {
		t.Errorf("alert %+v, want %s for LT-00007, %s", a.Text, messages.StaffTrackingUnknown, tracking)
	}
	if n := env.cdek.Requests("/orders"); n != 4 {
		t.Errorf("CDEK asked %d times over two passes, want 4", n)
	}
}

func TestTrackOutage(t *testing.T) {
	tests := []struct {
		name  string
		fail  func(env *carrierEnv) // makes the next call fail
		mend  func(env *carrierEnv)
		cause string
	}{
		{
			name:  "500",
			fail:  func(env *carrierEnv) { env.cdek.FailNext(1, http.StatusInternalServerError) },
			mend:  func(*carrierEnv) {},
			cause: "HTTP 500",
		},
		{
			name:  "503",
			fail:  func(env *carrierEnv) { env.cdek.FailNext(1, http.StatusServiceUnavailable) },
			mend:  func(*carrierEnv) {},
			cause: "HTTP 503",
		},
		{
			name:  "timeout",
			fail:  func(env *carrierEnv) { env.cdek.SetDelay(5 * time.Second) },
			mend:  func(env *carrierEnv) { env.cdek.SetDelay(0) },
			cause: "deadline",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const other = "9876543210"
			t1 := inAlmaty(time.November, 30, 9, 30)
			t2 := inAlmaty(time.November, 30, 10, 30)
			env := newTrackEnv(t, inAlmaty(time.December, 2, 12, 0), []shop.Order{
				shipment(orderID, tracking, stored(created, inAlmaty(time.November, 28, 10, 0))),
				shipment(orderID+1, other, stored(created, inAlmaty(time.November, 28, 11, 0))),
			}, func(cfg *delivery.CarrierConfig) { cfg.CallTimeout = 200 * time.Millisecond })
			env.cdek.AddOrder(cdek.Order{UUID: "uuid-1", CDEKNumber: tracking, Statuses: []cdek.Status{status(arrived, t1)}})
			env.cdek.AddOrder(cdek.Order{UUID: "uuid-2", CDEKNumber: other, Statuses: []cdek.Status{status(arrived, t2)}})
			began := env.clock.Now()

			tc.fail(env)
			if ups := env.track(t); len(ups) != 0 {
				t.Errorf("updates during the outage %v, want none", keys(ups))
			}
			if n := env.cdek.Requests("/orders"); n != 1 {
				t.Errorf("CDEK asked %d times, want once: the pass stops at the outage", n)
			}
			outage := env.eng.AlertsWithPrefix("outage:cdek:")
			if len(outage) != 1 {
				t.Fatalf("alerts %v, want one outage alert", env.eng.Alerts())
			}
			if want := "outage:cdek:" + strconv.FormatInt(began.Unix(), 10); outage[0].Key != want || outage[0].Text.Key != messages.StaffOutage {
				t.Errorf("outage alert %+v, want key %q and %s", outage[0], want, messages.StaffOutage)
			}
			if msg, _ := outage[0].Text.Args["Error"].(string); !strings.Contains(msg, tc.cause) {
				t.Errorf("outage alert error %q, want it to mention %q", msg, tc.cause)
			}

			// Still down on the next pass: asked again, no second alert.
			env.clock.Add(retryAfter)
			tc.fail(env)
			if ups := env.track(t); len(ups) != 0 {
				t.Errorf("updates during the outage %v, want none", keys(ups))
			}
			if n := env.cdek.Requests("/orders"); n != 2 {
				t.Errorf("CDEK asked %d times in all, want 2", n)
			}
			if a := env.eng.Alerts(); len(a) != 1 {
				t.Errorf("alerts %v, want the first outage alert only", a)
			}

			env.clock.Add(retryAfter)
			tc.mend(env)
			ups := env.track(t)
			if got, want := keys(ups), []string{carrierKey(orderID, arrived, t1), carrierKey(orderID+1, arrived, t2)}; !slices.Equal(got, want) {
				t.Errorf("updates after the outage %q, want %q", got, want)
			}
			if n := env.cdek.Requests("/orders"); n != 4 {
				t.Errorf("CDEK asked %d times in all, want 4", n)
			}
			if r := env.eng.AlertsWithPrefix("recovered:cdek:"); len(r) != 1 {
				t.Errorf("alerts %v, want one recovery alert", env.eng.Alerts())
			}
		})
	}
}

func TestTrackPickupDeadline(t *testing.T) {
	arrival := inAlmaty(time.December, 1, 15, 0) // the last day is 8 December
	lastDay := inAlmaty(time.December, 8, 0, 0)
	// Stored in UTC on the evening before its Almaty date: 2 December in
	// Almaty, so the last day is 9 December.
	lateArrival := inAlmaty(time.December, 2, 2, 0).UTC()

	type want int
	const (
		nothing want = iota
		reminder
		overdue
	)
	tests := []struct {
		name      string
		code      string // the status the parcel has been at since arrival
		arrival   time.Time
		method    shop.DeliveryMethod // PickupPoint unless set
		noStorage bool                // PickupStorageDays 0
		now       time.Time
		want      want
		until     time.Time // the overdue alert's last day
	}{
		{name: "two days before the last day", code: atPoint, arrival: arrival, now: inAlmaty(time.December, 6, 23, 59)},
		{name: "from the day before the last day", code: atPoint, arrival: arrival, now: inAlmaty(time.December, 7, 0, 0), want: reminder},
		{name: "late on the last day", code: atPoint, arrival: arrival, now: inAlmaty(time.December, 8, 23, 59), want: reminder},
		{name: "the day after the last day", code: atPoint, arrival: arrival, now: inAlmaty(time.December, 9, 0, 0), want: overdue, until: lastDay},
		{name: "weeks later", code: atPoint, arrival: arrival, now: inAlmaty(time.December, 30, 12, 0), want: overdue, until: lastDay},
		{name: "locker", code: inLocker, arrival: arrival, now: inAlmaty(time.December, 7, 0, 0), want: reminder},
		{name: "locker overdue", code: inLocker, arrival: arrival, now: inAlmaty(time.December, 9, 0, 0), want: overdue, until: lastDay},
		{name: "dated in Almaty: not yet", code: atPoint, arrival: lateArrival, now: inAlmaty(time.December, 7, 23, 59)},
		{name: "dated in Almaty: reminder", code: atPoint, arrival: lateArrival, now: inAlmaty(time.December, 8, 0, 0), want: reminder},
		{name: "dated in Almaty: overdue", code: atPoint, arrival: lateArrival, now: inAlmaty(time.December, 10, 0, 0), want: overdue, until: inAlmaty(time.December, 9, 0, 0)},
		{name: "no storage days: no reminder", code: atPoint, arrival: arrival, noStorage: true, now: inAlmaty(time.December, 7, 12, 0)},
		{name: "no storage days: no alert", code: atPoint, arrival: arrival, noStorage: true, now: inAlmaty(time.December, 20, 12, 0)},
		{name: "courier: no reminder", code: byCourier, arrival: arrival, method: shop.Courier, now: inAlmaty(time.December, 7, 12, 0)},
		{name: "courier: no alert", code: byCourier, arrival: arrival, method: shop.Courier, now: inAlmaty(time.December, 20, 12, 0)},
		{name: "delivered", code: delivered, arrival: arrival, now: inAlmaty(time.December, 20, 12, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := shipment(orderID, tracking, stored(tc.code, tc.arrival))
			o.Delivery.Method = cmp.Or(tc.method, shop.PickupPoint)
			env := newTrackEnv(t, tc.now, []shop.Order{o})
			if tc.noStorage {
				env.profile.PickupStorageDays = 0
			} else if env.profile.PickupStorageDays != 7 {
				t.Fatalf("profile keeps parcels %d days, the cases assume 7", env.profile.PickupStorageDays)
			}
			env.cdek.AddOrder(cdek.Order{UUID: "uuid-1", CDEKNumber: tracking, Statuses: []cdek.Status{
				status(tc.code, tc.arrival), status(arrived, tc.arrival.Add(-6*time.Hour)),
			}})

			ups := env.track(t)
			alerts := env.eng.Alerts()
			suffix := fmt.Sprintf("%d:%d", orderID, tc.arrival.Unix())
			switch tc.want {
			case nothing:
				if len(ups) != 0 || len(alerts) != 0 {
					t.Errorf("updates %v, alerts %v, want neither", keys(ups), alerts)
				}
			case reminder:
				if len(alerts) != 0 {
					t.Errorf("alerts %v, want none", alerts)
				}
				if len(ups) != 1 {
					t.Fatalf("updates %v, want a pickup reminder", keys(ups))
				}
				checkEvent(t, ups[0], flows.EventPickupReminder, "pickup_reminder:"+suffix)
			case overdue:
				if len(ups) != 0 {
					t.Errorf("updates %v, want none", keys(ups))
				}
				if len(alerts) != 1 {
					t.Fatalf("alerts %v, want one overdue alert", alerts)
				}
				a := alerts[0]
				if want := "pickup_overdue:" + suffix; a.Key != want {
					t.Errorf("alert key %q, want %q", a.Key, want)
				}
				if a.Text.Key != messages.StaffPickupOverdue || a.Text.Args["Number"] != "LT-00007" || a.Text.Args["Tracking"] != tracking ||
					a.Text.Args["Phone"] != o.Customer.Phone {
					t.Errorf("alert %+v, want %s for LT-00007, %s, the customer's phone", a.Text, messages.StaffPickupOverdue, tracking)
				}
				if until, _ := a.Text.Args["Until"].(time.Time); !until.Equal(tc.until) {
					t.Errorf("alert's last day %v, want %v", a.Text.Args["Until"], tc.until)
				}
			}
		})
	}
}

// TestTrackNewsBeforeReminder: a parcel with news gets the news, not a
// reminder about where it was.
func TestTrackNewsBeforeReminder(t *testing.T) {
	arrival := inAlmaty(time.December, 1, 15, 0)
	handed := inAlmaty(time.December, 7, 11, 0)
	env := newTrackEnv(t, inAlmaty(time.December, 7, 12, 0), []shop.Order{shipment(orderID, tracking, stored(atPoint, arrival))})
	env.cdek.AddOrder(cdek.Order{UUID: "uuid-1", CDEKNumber: tracking, Statuses: []cdek.Status{status(delivered, handed), status(atPoint, arrival)}})

	ups := env.track(t)
	if len(ups) != 1 {
		t.Fatalf("updates %v, want the carrier's news only", keys(ups))
	}
	checkEvent(t, ups[0], flows.EventCarrier, carrierKey(orderID, delivered, handed))
}

func TestTrackWithoutShipments(t *testing.T) {
	env := newCarrierEnv(t)
	if err := env.c.Track(context.Background()); err == nil {
		t.Error("Track without a shipments store: no error")
	}
	if n := env.cdek.Requests("/orders"); n != 0 {
		t.Errorf("CDEK asked %d times", n)
	}
}

// TestTrackSameSecondStatus: CDEK may date two statuses to the same second.
// Once the order has one of them, the other is no news (the flow keeps
// only statuses after its own), and the parcel still gets its reminder.
func TestTrackSameSecondStatus(t *testing.T) {
	arrival := inAlmaty(time.December, 1, 15, 0)
	env := newTrackEnv(t, inAlmaty(time.December, 7, 12, 0), []shop.Order{shipment(orderID, tracking, stored(atPoint, arrival))})
	env.cdek.AddOrder(cdek.Order{UUID: "uuid-1", CDEKNumber: tracking, Statuses: []cdek.Status{
		status(warehouse, arrival), status(atPoint, arrival), status(arrived, arrival.Add(-6*time.Hour)),
	}})

	ups := env.track(t)
	if len(ups) != 1 {
		t.Fatalf("updates %v, want a pickup reminder", keys(ups))
	}
	checkEvent(t, ups[0], flows.EventPickupReminder, fmt.Sprintf("pickup_reminder:%d:%d", orderID, arrival.Unix()))
}
