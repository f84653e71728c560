package flows_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
)

// fakeStore is an in-memory flows.Store. fail, when set, fails every call;
// failOn, when set, is asked before each call by its method name and fails
// the call with what it returns.
type fakeStore struct {
	stock   map[string]int
	orders  map[int64]shop.Order // by id, with their Payment
	lastID  int64
	refunds []shop.Refund     // a refund's id is its index + 1
	events  []shop.OrderEvent // every order's audit trail, in the order added
	// handoffs are every handoff, open or closed; a handoff's id is its
	// index + 1. A chat has at most one open.
	handoffs []shop.Handoff
	fail     error
	failOn   func(method string) error
	gets     []string // chat keys Get was asked with
	// holidays is the calendar's table, by day; changedBy who set each.
	holidays  map[shop.Day]shop.NonWorkingDay
	changedBy map[shop.Day]string
	claims    claimStore
}

func (f *fakeStore) Holidays(_ context.Context) ([]shop.NonWorkingDay, error) {
	if err := f.err("Holidays"); err != nil {
		return nil, err
	}
	var out []shop.NonWorkingDay
	for _, h := range f.holidays {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b shop.NonWorkingDay) int { return strings.Compare(a.Day.String(), b.Day.String()) })
	return out, nil
}

func (f *fakeStore) SetHoliday(_ context.Context, e shop.NonWorkingDay, by string) error {
	if err := f.err("SetHoliday"); err != nil {
		return err
	}
	if f.holidays == nil {
		f.holidays, f.changedBy = make(map[shop.Day]shop.NonWorkingDay), make(map[shop.Day]string)
	}
	f.holidays[e.Day], f.changedBy[e.Day] = e, by
	return nil
}

func (f *fakeStore) DeleteHoliday(_ context.Context, day shop.Day) (bool, error) {
	if err := f.err("DeleteHoliday"); err != nil {
		return false, err
	}
	_, ok := f.holidays[day]
	delete(f.holidays, day)
	return ok, nil
}

func (f *fakeStore) err(method string) error {
	if f.fail != nil {
		return f.fail
	}
	if f.failOn != nil {
		return f.failOn(method)
	}
	return nil
}

// add stores o as it is, with the next id, taking no stock.
func (f *fakeStore) add(o shop.Order) shop.Order {
	if f.orders == nil {
		f.orders = map[int64]shop.Order{}
	}
	f.lastID++
	o.ID = f.lastID
	f.orders[o.ID] = cloneOrder(o)
	return o
}

// cloneOrder copies o's items, so a caller changing them changes no
// stored order.
func cloneOrder(o shop.Order) shop.Order {
	o.Items = slices.Clone(o.Items)
	return o
}

func (f *fakeStore) Available(_ context.Context, ids []string) (map[string]int, error) {
	if err := f.err("Available"); err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, id := range ids {
		if n, ok := f.stock[id]; ok {
			out[id] = n
		}
	}
	return out, nil
}

// shortages lists the items stock cannot cover.
func (f *fakeStore) shortages(items []shop.OrderItem) error {
	want := map[string]int{}
	for _, it := range items {
		want[it.VariantID] += it.Qty
	}
	var short []shop.Shortage
	for _, it := range items {
		if n := want[it.VariantID]; n > 0 && f.stock[it.VariantID] < n {
			short = append(short, shop.Shortage{VariantID: it.VariantID, Wanted: n, Left: f.stock[it.VariantID]})
			want[it.VariantID] = 0
		}
	}
	if short != nil {
		return &shop.OutOfStockError{Short: short}
	}
	return nil
}

func (f *fakeStore) Place(_ context.Context, o shop.Order) (shop.Order, error) {
	if err := f.err("Place"); err != nil {
		return shop.Order{}, err
	}
	if err := f.shortages(o.Items); err != nil {
		return shop.Order{}, err
	}
	for _, it := range o.Items {
		f.stock[it.VariantID] -= it.Qty
	}
	return f.add(o), nil
}

func (f *fakeStore) Get(_ context.Context, chat string, id int64) (shop.Order, error) {
	f.gets = append(f.gets, chat)
	if err := f.err("Get"); err != nil {
		return shop.Order{}, err
	}
	o, ok := f.orders[id]
	if !ok || o.ChatKey != chat {
		return shop.Order{}, shop.ErrNotFound
	}
	return cloneOrder(o), nil
}

func (f *fakeStore) ForChat(_ context.Context, chat string, limit int) ([]shop.Order, error) {
	if err := f.err("ForChat"); err != nil {
		return nil, err
	}
	return f.latest(limit, func(o shop.Order) bool { return o.ChatKey == chat }), nil
}

func (f *fakeStore) Find(_ context.Context, id int64) (shop.Order, error) {
	if err := f.err("Find"); err != nil {
		return shop.Order{}, err
	}
	o, ok := f.orders[id]
	if !ok {
		return shop.Order{}, shop.ErrNotFound
	}
	return cloneOrder(o), nil
}

// Update saves only what the database does: the status, the payment, the
// tracking number, who took the order and when it was delivered.
func (f *fakeStore) Update(_ context.Context, o shop.Order) error {
	if err := f.err("Update"); err != nil {
		return err
	}
	stored, ok := f.orders[o.ID]
	if !ok {
		return fmt.Errorf("update order %d: %w", o.ID, shop.ErrNotFound)
	}
	// What storage's Update saves, no more.
	stored.Status, stored.Payment = o.Status, o.Payment
	stored.Tracking, stored.ClaimedBy, stored.DeliveredAt = o.Tracking, o.ClaimedBy, o.DeliveredAt
	stored.Delivery.Quote.Price, stored.Delivery.Quote.Approximate, stored.Total = o.Delivery.Quote.Price, o.Delivery.Quote.Approximate, o.Total
	stored.Courier, stored.ReleaseAt, stored.Carrier, stored.PayableAt = o.Courier, o.ReleaseAt, o.Carrier, o.PayableAt
	f.orders[o.ID] = stored
	return nil
}

// latest returns up to limit orders that match, newest first.
func (f *fakeStore) latest(limit int, match func(shop.Order) bool) []shop.Order {
	var out []shop.Order
	for id := f.lastID; id > 0 && len(out) < limit; id-- {
		if o, ok := f.orders[id]; ok && match(o) {
			out = append(out, cloneOrder(o))
		}
	}
	return out
}

func (f *fakeStore) ByPhone(_ context.Context, phone string, limit int) ([]shop.Order, error) {
	if err := f.err("ByPhone"); err != nil {
		return nil, err
	}
	return f.latest(limit, func(o shop.Order) bool { return o.Customer.Phone == phone }), nil
}

func (f *fakeStore) ByStatus(_ context.Context, status shop.OrderStatus, limit int) ([]shop.Order, error) {
	if err := f.err("ByStatus"); err != nil {
		return nil, err
	}
	return f.latest(limit, func(o shop.Order) bool { return o.Status == status }), nil
}

func (f *fakeStore) AddEvent(_ context.Context, ev shop.OrderEvent) error {
	if err := f.err("AddEvent"); err != nil {
		return err
	}
	if _, ok := f.orders[ev.OrderID]; !ok {
		// The database's foreign key.
		return fmt.Errorf("add order event %d: %w", ev.OrderID, shop.ErrNotFound)
	}
	f.events = append(f.events, ev)
	return nil
}

// Events returns an order's audit trail, oldest first.
func (f *fakeStore) Events(_ context.Context, orderID int64) ([]shop.OrderEvent, error) {
	if err := f.err("Events"); err != nil {
		return nil, err
	}
	var out []shop.OrderEvent
	for _, ev := range f.events {
		if ev.OrderID == orderID {
			out = append(out, ev)
		}
	}
	return out, nil
}

func (f *fakeStore) TakeStock(_ context.Context, o shop.Order) error {
	items := o.Items
	if err := f.err("TakeStock"); err != nil {
		return err
	}
	if err := f.shortages(items); err != nil {
		return err
	}
	for _, it := range items {
		f.stock[it.VariantID] -= it.Qty
	}
	return nil
}

func (f *fakeStore) ReleaseStock(_ context.Context, o shop.Order) error {
	items := o.Items
	if err := f.err("ReleaseStock"); err != nil {
		return err
	}
	for _, it := range items {
		f.stock[it.VariantID] += it.Qty
	}
	return nil
}

func (f *fakeStore) RequestRefund(_ context.Context, r shop.Refund) (shop.Refund, error) {
	if err := f.err("RequestRefund"); err != nil {
		return shop.Refund{}, err
	}
	n := 0
	for _, old := range f.refunds {
		if old.OrderID == r.OrderID {
			n++
		}
	}
	r.ID = int64(len(f.refunds) + 1)
	r.RequestID = fmt.Sprintf("refund-%d-%d", r.OrderID, n+1)
	r.Status = shop.RefundRequested
	f.refunds = append(f.refunds, r)
	return r, nil
}

func (f *fakeStore) Refunds(_ context.Context, orderID int64) ([]shop.Refund, error) {
	if err := f.err("Refunds"); err != nil {
		return nil, err
	}
	var out []shop.Refund
	for _, r := range f.refunds {
		if r.OrderID == orderID {
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *fakeStore) GetRefund(_ context.Context, id int64) (shop.Refund, error) {
	if err := f.err("GetRefund"); err != nil {
		return shop.Refund{}, err
	}
	if id < 1 || id > int64(len(f.refunds)) {
		return shop.Refund{}, shop.ErrNotFound
	}
	return f.refunds[id-1], nil
}

// FinishRefund saves the answer: status, the refund's transaction, error.
func (f *fakeStore) FinishRefund(_ context.Context, r shop.Refund) error {
	if err := f.err("FinishRefund"); err != nil {
		return err
	}
	if r.ID < 1 || r.ID > int64(len(f.refunds)) {
		return fmt.Errorf("finish refund %d: %w", r.ID, shop.ErrNotFound)
	}
	stored := &f.refunds[r.ID-1]
	stored.Status, stored.ProviderTransactionID, stored.Error = r.Status, r.ProviderTransactionID, r.Error
	return nil
}

// OpenHandoff returns the chat's open handoff, or opens one.
func (f *fakeStore) OpenHandoff(_ context.Context, chat string, lang shop.Lang, now time.Time) (shop.Handoff, bool, error) {
	if err := f.err("OpenHandoff"); err != nil {
		return shop.Handoff{}, false, err
	}
	for _, h := range f.handoffs {
		if h.ChatKey == chat && h.ClosedAt.IsZero() {
			return h, false, nil
		}
	}
	h := shop.Handoff{ID: int64(len(f.handoffs) + 1), ChatKey: chat, Lang: lang, OpenedAt: now, LastAt: now}
	f.handoffs = append(f.handoffs, h)
	return h, true, nil
}

func (f *fakeStore) GetHandoff(_ context.Context, id int64) (shop.Handoff, error) {
	if err := f.err("GetHandoff"); err != nil {
		return shop.Handoff{}, err
	}
	if id < 1 || id > int64(len(f.handoffs)) {
		return shop.Handoff{}, shop.ErrNotFound
	}
	return f.handoffs[id-1], nil
}

// TouchHandoff moves an open handoff's LastAt; a closed or unknown one is
// left alone, as the database's UPDATE ... WHERE closed_at IS NULL does.
func (f *fakeStore) TouchHandoff(_ context.Context, id int64, now time.Time) error {
	if err := f.err("TouchHandoff"); err != nil {
		return err
	}
	if id >= 1 && id <= int64(len(f.handoffs)) && f.handoffs[id-1].ClosedAt.IsZero() {
		f.handoffs[id-1].LastAt = now
	}
	return nil
}

// CloseHandoff closes an open handoff; closed is false for one closed
// already or unknown.
func (f *fakeStore) CloseHandoff(_ context.Context, id int64, by string, now time.Time) (bool, error) {
	if err := f.err("CloseHandoff"); err != nil {
		return false, err
	}
	if id < 1 || id > int64(len(f.handoffs)) || !f.handoffs[id-1].ClosedAt.IsZero() {
		return false, nil
	}
	f.handoffs[id-1].ClosedAt, f.handoffs[id-1].ClosedBy = now, by
	return true, nil
}

func newFlows(t testing.TB) (*flows.Flows, *fakeStore) {
	t.Helper()
	cats, products := catalogfile.Sample()
	cat, err := shop.NewCatalog(cats, products)
	if err != nil {
		t.Fatal(err)
	}
	st := &fakeStore{stock: map[string]int{}}
	for _, p := range products {
		for _, v := range p.Variants {
			st.stock[v.ID] = v.Stock
		}
	}
	profile := shop.DefaultProfile()
	f := flows.New(flows.Config{
		Catalog:  func() *shop.Catalog { return cat },
		Profile:  profile,
		Delivery: shop.FallbackQuoter{Profile: profile},
		Clock:    shop.FixedClock{T: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)},
	})
	return f, st
}

// walk presses the first button whose label key matches, or types text.
type walker struct {
	t    testing.TB
	f    *flows.Flows
	st   flows.Store
	s    *flows.Session
	chat string
	last flows.Result
}

func (w *walker) do(in flows.Input) flows.Result {
	w.t.Helper()
	in.Chat = w.chat
	res, err := w.f.Handle(context.Background(), w.st, w.s, in)
	if err != nil {
		w.t.Fatalf("handle %+v: %v", in, err)
	}
	for _, r := range append(res.Replies, res.Staff...) {
		for _, row := range r.Buttons {
			for _, b := range row {
				if len(b.Data) > 64 {
					w.t.Errorf("button data over 64 bytes: %q", b.Data)
				}
				if b.Data == "" && b.URL == "" && !b.Phone {
					w.t.Errorf("button %s does nothing", b.Label.Key)
				}
			}
		}
	}
	w.last = res
	return res
}

func (w *walker) text(s string) flows.Result {
	return w.do(flows.Input{Kind: flows.TextInput, Text: s})
}

// press presses the first button of the last replies with this label key.
func (w *walker) press(key messages.Key) flows.Result {
	w.t.Helper()
	for _, r := range w.last.Replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.Label.Key == key && b.Data != "" {
					return w.do(flows.Input{Kind: flows.ButtonInput, Data: b.Data})
				}
			}
		}
	}
	w.t.Fatalf("no %s button in the last replies", key)
	return flows.Result{}
}

func hasText(res flows.Result, key messages.Key) bool {
	for _, r := range res.Replies {
		if r.Text.Key == key {
			return true
		}
	}
	return false
}

func order(t testing.TB, w *walker) {
	t.Helper()
	w.text("/start")
	w.press(messages.BtnCatalog)
	w.press(messages.BtnLabel)
	w.press(messages.BtnProduct)
	w.press(messages.BtnSize)
	w.press(messages.BtnNumber)
	w.press(messages.BtnCheckout)
	w.text("Айгерим Садыкова")
	w.do(flows.Input{Kind: flows.ContactInput, Phone: "+7 777 123 45 67"})
	w.text("a@example.kz")
	w.press(messages.BtnLabel) // the first city
	w.press(messages.BtnMethod)
	w.text("ПВЗ СДЭК, ул. Абая 2")
	res := w.press(messages.BtnConfirm)
	if !hasText(res, messages.OrderPlaced) || len(res.Staff) != 1 {
		t.Fatalf("no order placed: %+v", res)
	}
}

func TestOrderAndOwnership(t *testing.T) {
	f, st := newFlows(t)
	a := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: "tg:1"}
	order(t, a)
	if len(st.orders) != 1 || st.orders[1].ChatKey != "tg:1" || st.orders[1].Customer.Phone != "+77771234567" {
		t.Fatalf("orders: %+v", st.orders)
	}
	if !a.s.Cart.Empty() || a.s.Step != flows.StepMenu {
		t.Errorf("after the order: cart %v step %q", a.s.Cart, a.s.Step)
	}

	// Another customer forges the button of order 1: not found, and the
	// store was asked with the forger's own chat.
	b := &walker{t: t, f: f, st: st, s: flows.NewSession("kk"), chat: "tg:2"}
	b.text("/start")
	res := b.do(flows.Input{Kind: flows.ButtonInput, Data: "ord:1"})
	if !hasText(res, messages.OrderNotFound) {
		t.Errorf("forged order button: %+v", res.Replies)
	}
	if st.gets[len(st.gets)-1] != "tg:2" {
		t.Errorf("Get asked for chat %q", st.gets[len(st.gets)-1])
	}
	// The owner sees it.
	res = a.do(flows.Input{Kind: flows.ButtonInput, Data: "ord:1"})
	if !hasText(res, messages.OrderView) {
		t.Errorf("owner cannot see the order: %+v", res.Replies)
	}
}

func TestStoreFailureIsAnError(t *testing.T) {
	f, st := newFlows(t)
	w := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: "tg:1"}
	w.text("/start")
	w.press(messages.BtnCatalog)
	w.press(messages.BtnLabel)
	st.fail = errors.New("db down")
	_, err := f.Handle(context.Background(), st, w.s, flows.Input{Chat: "tg:1", Kind: flows.ButtonInput, Data: w.last.Replies[0].Buttons[0][0].Data})
	if err == nil || !strings.Contains(err.Error(), "db down") {
		t.Errorf("want the store's error, got %v", err)
	}
}

func TestSessionRoundTrip(t *testing.T) {
	s := flows.NewSession("kk")
	s.Cart.Add("LT-101-S", 2)
	s.Step = flows.StepEmail
	data, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := flows.DecodeSession(data)
	if err != nil || got.Lang != shop.Kazakh || got.Step != flows.StepEmail || got.Cart.Qty("LT-101-S") != 2 {
		t.Errorf("round trip: %+v %v", got, err)
	}
	for _, bad := range []string{`{`, `{"v":99}`, `null`, `[]`} {
		if _, err := flows.DecodeSession([]byte(bad)); !errors.Is(err, flows.ErrSessionUnreadable) {
			t.Errorf("DecodeSession(%s): %v", bad, err)
		}
	}
}

// TestPriceChangeBeforeConfirm: a catalog import between the summary and
// Confirm shows a new summary; the order is placed only at a price shown.
func TestPriceChangeBeforeConfirm(t *testing.T) {
	cats, products := catalogfile.Sample()
	cat, err := shop.NewCatalog(cats, products)
	if err != nil {
		t.Fatal(err)
	}
	current := cat
	st := &fakeStore{stock: map[string]int{}}
	for _, p := range products {
		for _, v := range p.Variants {
			st.stock[v.ID] = 100
		}
	}
	profile := shop.DefaultProfile()
	f := flows.New(flows.Config{
		Catalog: func() *shop.Catalog { return current }, Profile: profile,
		Delivery: shop.FallbackQuoter{Profile: profile},
		Clock:    shop.FixedClock{T: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)},
	})
	w := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: "tg:1"}
	w.text("/start")
	w.do(flows.Input{Kind: flows.ButtonInput, Data: "a:LT-101-S:2"}) // 2 x 18 900: free delivery
	w.do(flows.Input{Kind: flows.ButtonInput, Data: "co"})
	w.text("Айгерим Садыкова")
	w.text("+77771234567")
	w.text("a@example.kz")
	w.do(flows.Input{Kind: flows.ButtonInput, Data: "city:astana"})
	w.do(flows.Input{Kind: flows.ButtonInput, Data: "dm:pickup"})
	w.text("ПВЗ СДЭК, ул. Абая 2")

	// The price drops under the free-delivery threshold.
	for i := range products {
		if products[i].SKU == "LT-101" {
			products[i].Price = 9000
		}
	}
	if current, err = shop.NewCatalog(cats, products); err != nil {
		t.Fatal(err)
	}
	res := w.press(messages.BtnConfirm)
	if !hasText(res, messages.PricesChanged) || !hasText(res, messages.Summary) || len(st.orders) != 0 {
		t.Fatalf("want a new summary and no order, got %+v, %d orders", res.Replies, len(st.orders))
	}
	w.press(messages.BtnConfirm)
	if len(st.orders) != 1 {
		t.Fatalf("orders: %d", len(st.orders))
	}
	o := st.orders[1]
	if o.GoodsTotal != 18000 || o.Delivery.Quote.Free || o.Total != 18000+1500 {
		t.Errorf("order at goods %d, delivery %+v, total %d", o.GoodsTotal, o.Delivery.Quote, o.Total)
	}
}
