package delivery_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/delivery"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// The harness: the real CDEK and Yandex clients against their fakes
// (cdektest, yandextest), a fake engine that records what it is handed,
// a fake store of express orders, and a shop.ManualClock.

// chat is the customer's chat key in most cases.
const chat = "telegram:42"

// waitFor bounds every wait on the carrier's workers; a pass is a few
// milliseconds, so only a broken carrier waits this long.
const waitFor = 5 * time.Second

var _ delivery.Engine = (*fakeEngine)(nil)

// alert is one staff alert the engine took.
type alert struct {
	Key  string
	Text messages.Text
}

// fakeEngine records the updates handed to Submit, every one of them (a
// repeated key shows up twice, so a test sees a needless resubmission),
// and the staff alerts, deduplicated by key as *bot.Engine does.
type fakeEngine struct {
	mu      sync.Mutex
	updates []bot.Update
	alerts  []alert
	seen    map[string]bool
	changed chan struct{}
}

func newFakeEngine() *fakeEngine {
	return &fakeEngine{seen: map[string]bool{}, changed: make(chan struct{}, 1)}
}

func (e *fakeEngine) Submit(_ context.Context, ups ...bot.Update) error {
	e.mu.Lock()
	for _, up := range ups {
		if up.Event != nil {
			ev := *up.Event // the caller's copy may change
			up.Event = &ev
		}
		e.updates = append(e.updates, up)
	}
	e.mu.Unlock()
	e.signal()
	return nil
}

func (e *fakeEngine) AlertStaff(_ context.Context, key string, replies ...flows.Reply) error {
	e.mu.Lock()
	if !e.seen[key] {
		e.seen[key] = true
		for _, r := range replies {
			e.alerts = append(e.alerts, alert{Key: key, Text: r.Text})
		}
	}
	e.mu.Unlock()
	e.signal()
	return nil
}

func (e *fakeEngine) signal() {
	select {
	case e.changed <- struct{}{}:
	default:
	}
}

// Updates returns the updates submitted so far.
func (e *fakeEngine) Updates() []bot.Update {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.updates)
}

// Alerts returns the staff alerts taken so far.
func (e *fakeEngine) Alerts() []alert {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.alerts)
}

// AlertsWithPrefix returns the alerts whose key starts with prefix.
func (e *fakeEngine) AlertsWithPrefix(prefix string) []alert {
	var out []alert
	for _, a := range e.Alerts() {
		if strings.HasPrefix(a.Key, prefix) {
			out = append(out, a)
		}
	}
	return out
}

// waitUpdates waits until at least n updates have been submitted and
// returns them.
func (e *fakeEngine) waitUpdates(t *testing.T, n int) []bot.Update {
	t.Helper()
	deadline := time.NewTimer(waitFor)
	defer deadline.Stop()
	for {
		if ups := e.Updates(); len(ups) >= n {
			return ups
		}
		select {
		case <-e.changed:
		case <-deadline.C:
			t.Fatalf("waited %v for %d updates, have %d: %v", waitFor, n, len(e.Updates()), keys(e.Updates()))
		}
	}
}

func keys(ups []bot.Update) []string {
	out := make([]string, 0, len(ups))
	for _, up := range ups {
		out = append(out, up.Key)
	}
	return out
}

// fakeStore is the express orders the worker reads: the test sets them
// and, standing in for the flows, applies the events it gets.
type fakeStore struct {
	mu     sync.Mutex
	orders map[int64]shop.Order
}

var _ delivery.ExpressStore = (*fakeStore)(nil)

func newFakeStore(orders ...shop.Order) *fakeStore {
	s := &fakeStore{orders: map[int64]shop.Order{}}
	for _, o := range orders {
		s.orders[o.ID] = o
	}
	return s
}

// ExpressOrders returns the open express orders above after, oldest
// first, with the statuses storage.DB.ExpressOrders selects.
func (s *fakeStore) ExpressOrders(_ context.Context, after int64, limit int) ([]shop.Order, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []shop.Order
	for _, o := range s.orders {
		open := slices.Contains([]shop.OrderStatus{shop.AwaitingQuote, shop.Paid, shop.Processing, shop.Shipped}, o.Status)
		if o.ID > after && o.Delivery.Method == shop.Express && open {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b shop.Order) int { return cmp.Compare(a.ID, b.ID) })
	return out[:min(limit, len(out))], nil
}

func (s *fakeStore) order(id int64) shop.Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.orders[id]
}

// apply does what the flows do with an express event, in short.
func (s *fakeStore) apply(t *testing.T, up bot.Update) {
	t.Helper()
	if up.Event == nil {
		t.Fatalf("update %q has no event", up.Key)
	}
	ev := up.Event
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[ev.OrderID]
	if !ok {
		t.Fatalf("event %q names order %d, not in the store", up.Key, ev.OrderID)
	}
	switch ev.Kind {
	case flows.EventExpressReleased:
		o.ReleaseAt = time.Time{}
	case flows.EventExpressQuote:
		o.Delivery.Quote.Price = ev.Amount
	case flows.EventExpired:
		o.Status = shop.Cancelled
	case flows.EventCourier:
		o.Courier = ev.Claim
	default:
		t.Fatalf("event %q: kind %q is not an express event", up.Key, ev.Kind)
	}
	s.orders[o.ID] = o
}
