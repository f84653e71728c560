package flows_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
)

// fakeStore is an in-memory flows.Store with function fields for failures.
type fakeStore struct {
	stock  map[string]int
	orders []shop.Order
	fail   error
	gets   []string // chat keys Get was asked with
}

func (f *fakeStore) Available(_ context.Context, ids []string) (map[string]int, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	out := map[string]int{}
	for _, id := range ids {
		if n, ok := f.stock[id]; ok {
			out[id] = n
		}
	}
	return out, nil
}

func (f *fakeStore) Place(_ context.Context, o shop.Order) (shop.Order, error) {
	var short []shop.Shortage
	for _, it := range o.Items {
		if f.stock[it.VariantID] < it.Qty {
			short = append(short, shop.Shortage{VariantID: it.VariantID, Wanted: it.Qty, Left: f.stock[it.VariantID]})
		}
	}
	if short != nil {
		return shop.Order{}, &shop.OutOfStockError{Short: short}
	}
	for _, it := range o.Items {
		f.stock[it.VariantID] -= it.Qty
	}
	o.ID = int64(len(f.orders) + 1)
	f.orders = append(f.orders, o)
	return o, nil
}

func (f *fakeStore) Get(_ context.Context, chat string, id int64) (shop.Order, error) {
	f.gets = append(f.gets, chat)
	for _, o := range f.orders {
		if o.ID == id && o.ChatKey == chat {
			return o, nil
		}
	}
	return shop.Order{}, shop.ErrNotFound
}

func (f *fakeStore) ForChat(_ context.Context, chat string, limit int) ([]shop.Order, error) {
	var out []shop.Order
	for i := len(f.orders) - 1; i >= 0 && len(out) < limit; i-- {
		if f.orders[i].ChatKey == chat {
			out = append(out, f.orders[i])
		}
	}
	return out, nil
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
	if len(st.orders) != 1 || st.orders[0].ChatKey != "tg:1" || st.orders[0].Customer.Phone != "+77771234567" {
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
	o := st.orders[0]
	if o.GoodsTotal != 18000 || o.Delivery.Quote.Free || o.Total != 18000+1500 {
		t.Errorf("order at goods %d, delivery %+v, total %d", o.GoodsTotal, o.Delivery.Quote, o.Total)
	}
}
