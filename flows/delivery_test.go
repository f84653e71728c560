package flows_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
)

// Delivery fixtures. The customer shares a location from base; the
// carrier's Astana points lie north of it, as far as north says (0.001° of
// latitude is about 111 m).
const (
	baseLat = 51.1200
	baseLon = 71.4300

	astanaName   = "Астана"
	almatyName   = "Алматы"
	doorAddress  = "ул. Кенесары 40, кв. 12"
	pointAddress = "ПВЗ СДЭК, ул. Абая 2"
	expressItem  = "LT-101-M:1" // in the Astana shop (2) and the Almaty one (1)
	almatyItem   = "LT-102-M:1" // in the Almaty shop only
	goodsM       = shop.Money(18900)
)

// The carrier's own prices, not the profile's fallback tariffs (1 500 and
// 2 500), so a test can tell them apart.
var (
	pickupQuote  = shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1200, MinDays: 1, MaxDays: 3, Tariff: 136}
	courierQuote = shop.DeliveryQuote{Method: shop.Courier, Price: 2200, MinDays: 1, MaxDays: 2, Tariff: 137}
	fallbackPick = shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1500, Approximate: true, MinDays: 2, MaxDays: 5}
	fallbackDoor = shop.DeliveryQuote{Method: shop.Courier, Price: 2500, Approximate: true, MinDays: 2, MaxDays: 5}
)

func astanaPoints() []shop.DeliveryPoint {
	p := func(code, addr string, north float64) shop.DeliveryPoint {
		return shop.DeliveryPoint{Code: code, Name: "СДЭК", Address: addr, WorkTime: "Пн–Пт 10:00–20:00",
			Lat: baseLat + north, Lon: baseLon}
	}
	points := []shop.DeliveryPoint{
		p("AST101", "ул. Бейбітшілік, 25", 0.030),
		p("AST102", "ул. Жубанова, 3", 0.002),
		p("AST103", "ул. Кенесары, 40", 0.050),
		p("AST104", "пр. Мәңгілік Ел, 20", 0.001),
		p("AST105", "пр. Республики, 7", 0.010),
		p("AST106", "ул. Сарыарка, 5", 0.005),
		p("AST107", "ул. Туран, 18", 0.100),
		p("AST108", "ул. Ханов Керея и Жанибека, 1", 0.200),
	}
	points[5].Locker, points[5].Name = true, "Постамат"
	return points
}

// fakeCarrier is CDEK as flows see it: per method a quote or an error (a
// method with neither has no delivery), and the points or an error. It
// records who asked.
type fakeCarrier struct {
	quotes    map[shop.DeliveryMethod]shop.DeliveryQuote
	errs      map[shop.DeliveryMethod]error
	points    []shop.DeliveryPoint
	pointsErr error
	asked     []shop.DeliveryRequest // every Quote call
	pointsFor []string               // every DeliveryPoints call, as "chat city"
}

var (
	_ shop.DeliveryQuoter = (*fakeCarrier)(nil)
	_ shop.DeliveryPoints = (*fakeCarrier)(nil)
)

func newCarrier() *fakeCarrier {
	return &fakeCarrier{
		quotes: map[shop.DeliveryMethod]shop.DeliveryQuote{shop.PickupPoint: pickupQuote, shop.Courier: courierQuote},
		errs:   map[shop.DeliveryMethod]error{},
		points: astanaPoints(),
	}
}

func (c *fakeCarrier) Quote(_ context.Context, r shop.DeliveryRequest) (shop.DeliveryQuote, error) {
	c.asked = append(c.asked, r)
	if err := c.errs[r.Method]; err != nil {
		return shop.DeliveryQuote{}, err
	}
	q, ok := c.quotes[r.Method]
	if !ok {
		return shop.DeliveryQuote{}, shop.ErrNoDelivery
	}
	return q, nil
}

func (c *fakeCarrier) DeliveryPoints(_ context.Context, chat, city string) ([]shop.DeliveryPoint, error) {
	c.pointsFor = append(c.pointsFor, chat+" "+city)
	if c.pointsErr != nil {
		return nil, c.pointsErr
	}
	return slices.Clone(c.points), nil
}

// deliveryStore is the fake store with Update saving what the database's
// UPDATE also saves for delivery (the price, the total, the courier claim,
// the release time, the carrier's status), and a record of the orders
// whose stock was released.
type deliveryStore struct {
	*fakeStore
	released []shop.Order
}

func (d *deliveryStore) Update(ctx context.Context, o shop.Order) error {
	if err := d.fakeStore.Update(ctx, o); err != nil {
		return err
	}
	stored := d.orders[o.ID]
	stored.Delivery.Quote.Price, stored.Delivery.Quote.Approximate = o.Delivery.Quote.Price, o.Delivery.Quote.Approximate
	stored.Total, stored.Courier, stored.ReleaseAt, stored.Carrier = o.Total, o.Courier, o.ReleaseAt, o.Carrier
	d.orders[o.ID] = stored
	return nil
}

func (d *deliveryStore) ReleaseStock(ctx context.Context, o shop.Order) error {
	d.released = append(d.released, cloneOrder(o))
	return d.fakeStore.ReleaseStock(ctx, o)
}

// deliveryWorld is a store, a carrier, a customer in customerChat writing
// Russian and a staff member, at a clock the test moves.
type deliveryWorld struct {
	t       *testing.T
	f       *flows.Flows
	st      *deliveryStore
	carrier *fakeCarrier
	clock   *shop.ManualClock
	cust    *dchat
	desk    *dchat
}

func newDeliveryWorld(t *testing.T, at time.Time, opts ...func(*flows.Config)) *deliveryWorld {
	t.Helper()
	cats, products := catalogfile.Sample()
	cat, err := shop.NewCatalog(cats, products)
	if err != nil {
		t.Fatal(err)
	}
	_, st := newFlows(t) // the sample's stock
	carrier := newCarrier()
	clock := shop.NewManualClock(at)
	cfg := flows.Config{
		Catalog:  func() *shop.Catalog { return cat },
		Profile:  shop.DefaultProfile(),
		Delivery: carrier,
		Points:   carrier,
		Clock:    clock,
	}
	for _, o := range opts {
		o(&cfg)
	}
	w := &deliveryWorld{t: t, f: flows.New(cfg), st: &deliveryStore{fakeStore: st}, carrier: carrier, clock: clock}
	w.cust = w.chat(customerChat)
	w.desk = &dchat{w: w, s: flows.NewSession("ru"), chat: staffChat, staff: true}
	return w
}

// noPoints configures flows without a pickup point service.
func noPoints(cfg *flows.Config) { cfg.Points = nil }

// chat returns a customer writing Russian in chat.
func (w *deliveryWorld) chat(chat string) *dchat {
	return &dchat{w: w, s: flows.NewSession("ru"), chat: chat}
}

// dchat is one chat of a deliveryWorld. Whatever it gets must render; a
// customer's input reaches no other chat, an event only its own.
type dchat struct {
	w     *deliveryWorld
	s     *flows.Session
	chat  string
	staff bool
}

func (c *dchat) do(in flows.Input) flows.Result {
	t := c.w.t
	t.Helper()
	in.Chat = c.chat
	if c.staff {
		in.Staff, in.User = true, deskUser
	}
	res, err := c.w.f.Handle(context.Background(), c.w.st, c.s, in)
	if err != nil {
		t.Fatalf("handle %+v: %v", in, err)
	}
	checkDeliveryResult(t, res)
	switch {
	case c.staff:
		if len(res.Staff) != 0 {
			t.Errorf("staff input alerted staff: %v", keysOf(res.Staff))
		}
	case in.Kind == flows.EventInput:
		for _, o := range res.Others {
			if o.Chat != c.chat {
				t.Errorf("event in %s sent %s to %s", c.chat, o.Reply.Text.Key, o.Chat)
			}
		}
	case len(res.Others) != 0:
		t.Errorf("customer input %+v sent to other chats: %+v", in, res.Others)
	}
	return res
}

func (c *dchat) text(s string) flows.Result {
	c.w.t.Helper()
	return c.do(flows.Input{Kind: flows.TextInput, Text: s})
}

func (c *dchat) press(data string) flows.Result {
	c.w.t.Helper()
	return c.do(flows.Input{Kind: flows.ButtonInput, Data: data})
}

func (c *dchat) locate(lat, lon float64) flows.Result {
	c.w.t.Helper()
	return c.do(flows.Input{Kind: flows.LocationInput, Lat: lat, Lon: lon})
}

func (c *dchat) event(ev flows.Event) flows.Result {
	c.w.t.Helper()
	return c.do(flows.Input{Kind: flows.EventInput, Event: &ev})
}

// checkDeliveryResult is checkResult for replies that may ask for a
// location or phone: such a button has no data, and Telegram cannot show it
// with inline buttons, so it must be alone in its reply with its kind.
func checkDeliveryResult(t *testing.T, res flows.Result) {
	t.Helper()
	strip := func(rs []flows.Reply) []flows.Reply {
		out := make([]flows.Reply, len(rs))
		for i, r := range rs {
			request, inline := false, false
			var rows [][]flows.Button
			for _, row := range r.Buttons {
				var kept []flows.Button
				for _, b := range row {
					if b.Location || b.Phone {
						request = true
						if b.Data != "" || b.URL != "" {
							t.Errorf("%s: a request button with data %q or URL %q", r.Text.Key, b.Data, b.URL)
						}
						b.Data = "request" // still rendered by checkResult
					} else {
						inline = true
					}
					kept = append(kept, b)
				}
				rows = append(rows, kept)
			}
			if request && inline {
				t.Errorf("%s mixes a request button with inline buttons", r.Text.Key)
			}
			r.Buttons = rows
			out[i] = r
		}
		return out
	}
	res.Replies, res.Staff = strip(res.Replies), strip(res.Staff)
	checkResult(t, res)
}

// buy fills the cart with items ("LT-101-M:1"), answers the contact
// questions and presses the city's button (or types a city not on one):
// the answer to that is the method question.
func (w *deliveryWorld) buy(city string, items ...string) flows.Result {
	w.t.Helper()
	c := w.cust
	c.text("/start")
	for _, it := range items {
		if res := c.press("a:" + it); !hasText(res, messages.Added) {
			w.t.Fatalf("add %s: %v", it, keysOf(res.Replies))
		}
	}
	if res := c.press("co"); !hasText(res, messages.AskName) {
		w.t.Fatalf("checkout: %v", keysOf(res.Replies))
	}
	c.text("Айгерим Садыкова")
	c.text("+77771234567")
	c.text("a@example.kz")
	if c2, ok := shop.DefaultProfile().City(city); ok && c2.ID == city {
		return c.press("city:" + city)
	}
	return c.text(city) // typed: "Костанай", "в Астану"
}

// placeExpress places order 1: LT-101-M by express in Astana, to
// doorAddress with a shared location.
func (w *deliveryWorld) placeExpress() shop.Order {
	w.t.Helper()
	w.buy("astana", expressItem)
	c := w.cust
	c.press("dm:express")
	c.locate(baseLat, baseLon)
	res := c.text(doorAddress)
	res = c.press(dataOf(w.t, replyOf(w.t, res.Replies, messages.Summary), messages.BtnConfirm))
	if !hasText(res, messages.ExpressRequested) {
		w.t.Fatalf("no express request: %v", keysOf(res.Replies))
	}
	return w.order(1)
}

// order returns stored order id.
func (w *deliveryWorld) order(id int64) shop.Order {
	w.t.Helper()
	o, ok := w.st.orders[id]
	if !ok {
		w.t.Fatalf("no order %d among %d", id, len(w.st.orders))
	}
	return o
}

// dataOf returns the data of r's first button with this label key.
func dataOf(t *testing.T, r flows.Reply, key messages.Key) string {
	t.Helper()
	for _, row := range r.Buttons {
		for _, b := range row {
			if b.Label.Key == key && b.Data != "" {
				return b.Data
			}
		}
	}
	t.Fatalf("%s has no %s button", r.Text.Key, key)
	return ""
}

// column reads one field of every element of a slice argument: the flows'
// line types are unexported.
func column[T any](t *testing.T, v any, field string) []T {
	t.Helper()
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		t.Fatalf("%T is not a slice", v)
	}
	out := make([]T, rv.Len())
	for i := range rv.Len() {
		f := rv.Index(i).FieldByName(field)
		if !f.IsValid() {
			t.Fatalf("%s has no field %s", rv.Index(i).Type(), field)
		}
		out[i] = f.Interface().(T)
	}
	return out
}

// toCustomer lists the texts chat gets: replies and replies to it as
// another chat, as an event's handler may send either.
func toCustomer(res flows.Result, chat string) []messages.Key {
	keys := keysOf(res.Replies)
	for _, o := range res.Others {
		if o.Chat == chat {
			keys = append(keys, o.Reply.Text.Key)
		}
	}
	return keys
}

// wantTime fails the test unless got is want, in the store's zone.
func wantTime(t *testing.T, what string, got any, want time.Time) {
	t.Helper()
	at, ok := got.(time.Time)
	if !ok || !at.Equal(want) || at.Location().String() != want.Location().String() {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// nothingHappened fails the test if res says or alerts anything.
func nothingHappened(t *testing.T, what string, res flows.Result) {
	t.Helper()
	if len(res.Replies)+len(res.Staff)+len(res.Others) != 0 || res.PaymentWork || res.DeliveryWork {
		t.Errorf("%s: replies %v, staff %v, others %d, work %v/%v", what, keysOf(res.Replies), keysOf(res.Staff),
			len(res.Others), res.PaymentWork, res.DeliveryWork)
	}
}

func TestDeliveryMethodQuestion(t *testing.T) {
	down := errors.New("cdek: 502 bad gateway")
	cases := []struct {
		name     string
		city     string // a city button's id, or a typed city
		errs     map[shop.DeliveryMethod]error
		keys     []messages.Key
		step     flows.Step
		waiting  bool
		cityName string
		// Of AskMethod: the buttons, the options listed and the flags.
		buttons []string
		quotes  []shop.DeliveryQuote
		express bool
		approx  bool
	}{
		{name: "astana has a shop", city: "astana", keys: []messages.Key{messages.AskMethod}, step: flows.StepMethod,
			cityName: astanaName, buttons: []string{"dm:pickup", "dm:courier", "dm:express", "x"},
			quotes: []shop.DeliveryQuote{pickupQuote, courierQuote}, express: true},
		{name: "almaty has none", city: "almaty", keys: []messages.Key{messages.AskMethod}, step: flows.StepMethod,
			cityName: almatyName, buttons: []string{"dm:pickup", "dm:courier", "x"},
			quotes: []shop.DeliveryQuote{pickupQuote, courierQuote}},
		{name: "a typed city has none", city: "Костанай", keys: []messages.Key{messages.AskMethod}, step: flows.StepMethod,
			cityName: "Костанай", buttons: []string{"dm:pickup", "dm:courier", "x"},
			quotes: []shop.DeliveryQuote{pickupQuote, courierQuote}},
		{name: "a city in a case of the sentence", city: "в Астану", keys: []messages.Key{messages.AskMethod}, step: flows.StepMethod,
			cityName: astanaName, buttons: []string{"dm:pickup", "dm:courier", "dm:express", "x"},
			quotes: []shop.DeliveryQuote{pickupQuote, courierQuote}, express: true},
		{name: "a typed city after a preposition", city: "В Костанай", keys: []messages.Key{messages.AskMethod}, step: flows.StepMethod,
			cityName: "Костанай", buttons: []string{"dm:pickup", "dm:courier", "x"},
			quotes: []shop.DeliveryQuote{pickupQuote, courierQuote}},
		{name: "a village with its district", city: "село Косшы Целиноградский район", keys: []messages.Key{messages.AskMethod}, step: flows.StepMethod,
			cityName: "село Косшы Целиноградский район", buttons: []string{"dm:pickup", "dm:courier", "x"},
			quotes: []shop.DeliveryQuote{pickupQuote, courierQuote}},
		{name: "carrier down: fallback tariffs", city: "astana",
			errs: map[shop.DeliveryMethod]error{shop.PickupPoint: down, shop.Courier: down},
			keys: []messages.Key{messages.AskMethod}, step: flows.StepMethod, cityName: astanaName,
			buttons: []string{"dm:pickup", "dm:courier", "dm:express", "x"},
			quotes:  []shop.DeliveryQuote{fallbackPick, fallbackDoor}, express: true, approx: true},
		{name: "carrier down for the courier only", city: "almaty",
			errs: map[shop.DeliveryMethod]error{shop.Courier: down},
			keys: []messages.Key{messages.AskMethod}, step: flows.StepMethod, cityName: almatyName,
			buttons: []string{"dm:pickup", "dm:courier", "x"},
			quotes:  []shop.DeliveryQuote{pickupQuote, fallbackDoor}, approx: true},
		{name: "no courier there", city: "almaty",
			errs: map[shop.DeliveryMethod]error{shop.Courier: shop.ErrNoDelivery},
			keys: []messages.Key{messages.AskMethod}, step: flows.StepMethod, cityName: almatyName,
			buttons: []string{"dm:pickup", "x"}, quotes: []shop.DeliveryQuote{pickupQuote}},
		{name: "no CDEK at all, express still", city: "astana",
			errs: map[shop.DeliveryMethod]error{shop.PickupPoint: shop.ErrNoDelivery, shop.Courier: shop.ErrNoDelivery},
			keys: []messages.Key{messages.AskMethod}, step: flows.StepMethod, cityName: astanaName,
			buttons: []string{"dm:express", "x"}, quotes: []shop.DeliveryQuote{}, express: true},
		{name: "no delivery at all", city: "almaty",
			errs: map[shop.DeliveryMethod]error{shop.PickupPoint: shop.ErrNoDelivery, shop.Courier: shop.ErrNoDelivery},
			keys: []messages.Key{messages.CityUnknown, messages.AskCity}, step: flows.StepCity, cityName: almatyName},
		{name: "city unknown to the carrier", city: "Костанай",
			errs: map[shop.DeliveryMethod]error{shop.PickupPoint: shop.ErrNotFound},
			keys: []messages.Key{messages.CityUnknown, messages.AskCity}, step: flows.StepCity, cityName: "Костанай"},
		{name: "courier unknown to the carrier", city: "astana",
			errs: map[shop.DeliveryMethod]error{shop.Courier: shop.ErrNotFound},
			keys: []messages.Key{messages.CityUnknown, messages.AskCity}, step: flows.StepCity, cityName: astanaName},
		{name: "pickup pending", city: "astana",
			errs: map[shop.DeliveryMethod]error{shop.PickupPoint: shop.ErrPending},
			keys: []messages.Key{messages.DeliveryWait}, step: flows.StepMethod, waiting: true, cityName: astanaName},
		{name: "courier pending", city: "almaty",
			errs: map[shop.DeliveryMethod]error{shop.Courier: shop.ErrPending},
			keys: []messages.Key{messages.DeliveryWait}, step: flows.StepMethod, waiting: true, cityName: almatyName},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			w.carrier.errs = tc.errs
			res := w.buy(tc.city, expressItem)
			wantKeys(t, "replies", res.Replies, tc.keys...)
			if s := w.cust.s; s.Step != tc.step || s.Waiting != tc.waiting || s.Checkout.Delivery.City != tc.cityName {
				t.Errorf("session: step %q waiting %v city %q", s.Step, s.Waiting, s.Checkout.Delivery.City)
			}
			if len(w.carrier.asked) == 0 {
				t.Fatal("the carrier was not asked")
			}
			for _, r := range w.carrier.asked {
				if r.Chat != customerChat || r.City != tc.cityName || r.WeightGrams != 400 {
					t.Errorf("carrier asked %+v", r)
				}
			}
			if tc.keys[0] == messages.CityUnknown {
				wantArgs(t, "city unknown", res.Replies[0].Text.Args, messages.Args{"City": tc.cityName})
			}
			if tc.keys[0] != messages.AskMethod {
				return
			}
			r := res.Replies[0]
			if got := buttonData(r); !slices.Equal(got, tc.buttons) {
				t.Errorf("buttons %v, want %v", got, tc.buttons)
			}
			wantArgs(t, "ask method", r.Text.Args, messages.Args{"City": tc.cityName, "Express": tc.express,
				"Approximate": tc.approx, "More": shop.Money(20000) - goodsM, "From": "10:00", "To": "22:00"})
			if got := column[shop.DeliveryQuote](t, r.Text.Args["Options"], "Quote"); !reflect.DeepEqual(got, tc.quotes) {
				t.Errorf("options %+v, want %+v", got, tc.quotes)
			}
			var methods []shop.DeliveryMethod
			for _, q := range tc.quotes {
				methods = append(methods, q.Method)
			}
			if got := column[shop.DeliveryMethod](t, r.Text.Args["Options"], "Method"); len(got) != len(methods) || !slices.Equal(got, methods) {
				t.Errorf("option methods %v, want %v", got, methods)
			}
		})
	}
}

func TestDeliveryReady(t *testing.T) {
	cases := []struct {
		name string
		// pend makes the carrier pending, and reach asks what waits for it.
		pend  func(c *fakeCarrier)
		reach func(w *deliveryWorld) flows.Result
		// meanwhile is what happens before the carrier answers.
		meanwhile func(w *deliveryWorld)
		keys      []messages.Key // the answer to the event
		step      flows.Step
		waiting   bool // after the event
	}{
		{name: "the method question",
			pend:  func(c *fakeCarrier) { c.errs[shop.PickupPoint] = shop.ErrPending },
			reach: func(w *deliveryWorld) flows.Result { return w.buy("astana", expressItem) },
			keys:  []messages.Key{messages.AskMethod}, step: flows.StepMethod},
		{name: "the points",
			pend: func(c *fakeCarrier) { c.pointsErr = shop.ErrPending },
			reach: func(w *deliveryWorld) flows.Result {
				w.buy("astana", expressItem)
				return w.cust.press("dm:pickup")
			},
			keys: []messages.Key{messages.AskPoint, messages.ShareLocationHint}, step: flows.StepPoint},
		{name: "the summary",
			pend: func(*fakeCarrier) {},
			reach: func(w *deliveryWorld) flows.Result {
				w.buy("astana", expressItem)
				w.cust.press("dm:courier")
				w.carrier.errs[shop.Courier] = shop.ErrPending
				return w.cust.text(doorAddress)
			},
			keys: []messages.Key{messages.Summary}, step: flows.StepConfirm},
		{name: "the customer moved on",
			pend:      func(c *fakeCarrier) { c.errs[shop.Courier] = shop.ErrPending },
			reach:     func(w *deliveryWorld) flows.Result { return w.buy("astana", expressItem) },
			meanwhile: func(w *deliveryWorld) { w.cust.press("m") },
			step:      flows.StepMenu},
		{name: "the customer talks to staff",
			pend:      func(c *fakeCarrier) { c.errs[shop.Courier] = shop.ErrPending },
			reach:     func(w *deliveryWorld) flows.Result { return w.buy("astana", expressItem) },
			meanwhile: func(w *deliveryWorld) { w.cust.s.Handoff = 1 },
			step:      flows.StepMethod, waiting: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			tc.pend(w.carrier)
			res := tc.reach(w)
			wantKeys(t, "while pending", res.Replies, messages.DeliveryWait)
			if !w.cust.s.Waiting {
				t.Fatal("the session does not wait")
			}
			if tc.meanwhile != nil {
				tc.meanwhile(w)
			}
			// The carrier answers.
			w.carrier.errs, w.carrier.pointsErr = map[shop.DeliveryMethod]error{}, nil
			res = w.cust.event(flows.Event{Kind: flows.EventDeliveryReady})
			wantKeys(t, "event", res.Replies, tc.keys...)
			if s := w.cust.s; s.Step != tc.step || s.Waiting != tc.waiting {
				t.Errorf("after the event: step %q waiting %v", s.Step, s.Waiting)
			}
			if !tc.waiting {
				nothingHappened(t, "a second event", w.cust.event(flows.Event{Kind: flows.EventDeliveryReady}))
			}
		})
	}
}

func TestPickupPoint(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	c := w.cust
	w.buy("astana", expressItem)
	// A point's button before the point question is stale.
	wantKeys(t, "early point", c.press("pp:AST104").Replies, messages.StaleButton, messages.AskMethod)
	wantKeys(t, "early list", c.press("ppl:0").Replies, messages.StaleButton, messages.AskMethod)

	res := c.press("dm:pickup")
	wantKeys(t, "pickup", res.Replies, messages.AskPoint, messages.ShareLocationHint)
	wantArgs(t, "ask point", res.Replies[0].Text.Args, messages.Args{"City": astanaName, "Count": 8})
	if got := buttonData(res.Replies[0]); !slices.Equal(got, []string{"ppl:0", "x"}) {
		t.Errorf("ask point buttons %v", got)
	}
	if b := res.Replies[1].Buttons; len(b) != 1 || len(b[0]) != 1 || !b[0][0].Location {
		t.Errorf("location hint buttons %+v", b)
	}
	if s := c.s; s.Step != flows.StepPoint || s.Checkout.Delivery.Method != shop.PickupPoint {
		t.Errorf("session step %q method %q", s.Step, s.Checkout.Delivery.Method)
	}
	if !slices.Contains(w.carrier.pointsFor, customerChat+" "+astanaName) {
		t.Errorf("points asked for %v", w.carrier.pointsFor)
	}

	res = c.locate(baseLat, baseLon)
	wantKeys(t, "location", res.Replies, messages.PointsNear)
	near := res.Replies[0]
	if got := column[string](t, near.Text.Args["Points"], "Code"); !slices.Equal(got, []string{"AST104", "AST102", "AST106"}) {
		t.Errorf("nearest %v", got)
	}
	if m := column[float64](t, near.Text.Args["Points"], "Meters"); len(m) != 3 || !slices.IsSorted(m) || m[0] < 100 || m[0] > 120 {
		t.Errorf("distances %v", m)
	}
	if got := buttonData(near); !slices.Equal(got, []string{"pp:AST104", "pp:AST102", "pp:AST106", "ppl:0", "x"}) {
		t.Errorf("nearest buttons %v", got)
	}
	// The location is only searched from: a pickup order carries no pin.
	if d := c.s.Checkout.Delivery; d.HasLocation() || c.s.Step != flows.StepPoint {
		t.Errorf("after the location: %+v, step %q", d, c.s.Step)
	}

	res = c.press("pp:AST102")
	wantKeys(t, "point", res.Replies, messages.Summary)
	d := c.s.Checkout.Delivery
	if d.Point != "AST102" || d.Address != "ул. Жубанова, 3" || d.Method != shop.PickupPoint || c.s.Step != flows.StepConfirm {
		t.Errorf("after the point: %+v, step %q", d, c.s.Step)
	}
	wantArgs(t, "summary", res.Replies[0].Text.Args, messages.Args{"Quote": pickupQuote, "Total": goodsM + pickupQuote.Price, "Express": false})

	res = c.press(dataOf(t, res.Replies[0], messages.BtnConfirm))
	wantKeys(t, "confirm", res.Replies, messages.OrderPlaced)
	o := w.order(1)
	if o.Delivery.Point != "AST102" || o.Delivery.Address != "ул. Жубанова, 3" || o.Status != shop.AwaitingPayment ||
		o.Total != goodsM+pickupQuote.Price || !res.PaymentWork || res.DeliveryWork {
		t.Errorf("order %s %+v total %d, work %v/%v", o.Status, o.Delivery, o.Total, res.PaymentWork, res.DeliveryWork)
	}
}

func TestPickupPointInputs(t *testing.T) {
	staleKeys := []messages.Key{messages.StaleButton, messages.AskPoint, messages.ShareLocationHint}
	all := []string{"AST101", "AST102", "AST103", "AST104", "AST105", "AST106", "AST107", "AST108"}
	pp := func(codes ...string) []string {
		var out []string
		for _, c := range codes {
			out = append(out, "pp:"+c)
		}
		return out
	}
	cases := []struct {
		name    string
		in      flows.Input
		keys    []messages.Key
		codes   []string // listed by the first reply
		buttons []string // of the first reply
		args    messages.Args
	}{
		{name: "forged point", in: flows.Input{Kind: flows.ButtonInput, Data: "pp:NOPE"}, keys: staleKeys},
		{name: "empty point", in: flows.Input{Kind: flows.ButtonInput, Data: "pp"}, keys: staleKeys},
		{name: "first page", in: flows.Input{Kind: flows.ButtonInput, Data: "ppl:0"},
			keys: []messages.Key{messages.PointsPage}, codes: all[:6],
			buttons: append(pp(all[:6]...), "ppl:1", "x"), args: messages.Args{"Page": 1, "Pages": 2}},
		{name: "last page", in: flows.Input{Kind: flows.ButtonInput, Data: "ppl:1"},
			keys: []messages.Key{messages.PointsPage}, codes: all[6:],
			buttons: append(pp(all[6:]...), "ppl:0", "x"), args: messages.Args{"Page": 2, "Pages": 2}},
		{name: "page past the end", in: flows.Input{Kind: flows.ButtonInput, Data: "ppl:99"}, keys: staleKeys},
		{name: "page before the start", in: flows.Input{Kind: flows.ButtonInput, Data: "ppl:-1"}, keys: staleKeys},
		{name: "page not a number", in: flows.Input{Kind: flows.ButtonInput, Data: "ppl:x"}, keys: staleKeys},
		{name: "typed street", in: flows.Input{Kind: flows.TextInput, Text: "Мәңгілік Ел 20"},
			keys: []messages.Key{messages.PointsFound}, codes: []string{"AST104"},
			buttons: []string{"pp:AST104", "ppl:0", "x"}, args: messages.Args{"More": 0}},
		{name: "typed in other case", in: flows.Input{Kind: flows.TextInput, Text: "САРЫАРКА"},
			keys: []messages.Key{messages.PointsFound}, codes: []string{"AST106"},
			buttons: []string{"pp:AST106", "ppl:0", "x"}, args: messages.Args{"More": 0}},
		{name: "typed code, more than a page", in: flows.Input{Kind: flows.TextInput, Text: "ast10"},
			keys: []messages.Key{messages.PointsFound}, codes: all[:6],
			buttons: append(pp(all[:6]...), "ppl:0", "x"), args: messages.Args{"More": 2}},
		{name: "typed, no match", in: flows.Input{Kind: flows.TextInput, Text: "Пушкина"},
			keys: []messages.Key{messages.PointsNone}, buttons: []string{"ppl:0", "x"},
			args: messages.Args{"Query": "Пушкина"}},
		{name: "location", in: flows.Input{Kind: flows.LocationInput, Lat: baseLat + 0.099, Lon: baseLon},
			keys: []messages.Key{messages.PointsNear}, codes: []string{"AST107", "AST103", "AST101"},
			buttons: []string{"pp:AST107", "pp:AST103", "pp:AST101", "ppl:0", "x"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			w.buy("astana", expressItem)
			w.cust.press("dm:pickup")
			res := w.cust.do(tc.in)
			wantKeys(t, "replies", res.Replies, tc.keys...)
			if d := w.cust.s.Checkout.Delivery; w.cust.s.Step != flows.StepPoint || d.Point != "" || d.Address != "" {
				t.Errorf("step %q, delivery %+v", w.cust.s.Step, d)
			}
			if len(res.Replies) == 0 {
				return
			}
			r := res.Replies[0]
			if tc.codes != nil {
				if got := column[string](t, r.Text.Args["Points"], "Code"); !slices.Equal(got, tc.codes) {
					t.Errorf("points %v, want %v", got, tc.codes)
				}
			}
			if tc.buttons != nil {
				if got := buttonData(r); !slices.Equal(got, tc.buttons) {
					t.Errorf("buttons %v, want %v", got, tc.buttons)
				}
			}
			wantArgs(t, string(r.Text.Key), r.Text.Args, tc.args)
		})
	}
}

// TestPickupPointsUnavailable: without the carrier's list the customer
// types the point's address.
func TestPickupPointsUnavailable(t *testing.T) {
	cases := []struct {
		name string
		opts []func(*flows.Config)
		set  func(c *fakeCarrier)
	}{
		{name: "carrier error", set: func(c *fakeCarrier) { c.pointsErr = errors.New("cdek: timeout") }},
		{name: "city unknown to the carrier", set: func(c *fakeCarrier) { c.pointsErr = shop.ErrNotFound }},
		{name: "no points in the city", set: func(c *fakeCarrier) { c.points = nil }},
		{name: "no points service", opts: []func(*flows.Config){noPoints}, set: func(*fakeCarrier) {}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0), tc.opts...)
			tc.set(w.carrier)
			w.buy("astana", expressItem)
			c := w.cust
			res := c.press("dm:pickup")
			wantKeys(t, "pickup", res.Replies, messages.AskAddressPickup)
			wantArgs(t, "ask address", res.Replies[0].Text.Args, messages.Args{"City": astanaName})
			if c.s.Step != flows.StepAddress || c.s.Checkout.Delivery.Method != shop.PickupPoint {
				t.Errorf("step %q method %q", c.s.Step, c.s.Checkout.Delivery.Method)
			}
			res = c.text(pointAddress)
			wantKeys(t, "address", res.Replies, messages.Summary)
			if d := c.s.Checkout.Delivery; d.Address != pointAddress || d.Point != "" || c.s.Step != flows.StepConfirm {
				t.Errorf("delivery %+v step %q", d, c.s.Step)
			}
			res = c.press(dataOf(t, res.Replies[0], messages.BtnConfirm))
			wantKeys(t, "confirm", res.Replies, messages.OrderPlaced)
			if o := w.order(1); o.Delivery.Address != pointAddress || o.Delivery.Point != "" || o.Delivery.Method != shop.PickupPoint {
				t.Errorf("order delivery %+v", o.Delivery)
			}
		})
	}
}

func TestExpressRequest(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	c := w.cust
	w.buy("astana", expressItem)
	stock := w.st.stock["LT-101-M"]

	res := c.press("dm:express")
	wantKeys(t, "express", res.Replies, messages.AskAddressExpress, messages.ShareLocationHint)
	wantArgs(t, "ask address", res.Replies[0].Text.Args, messages.Args{"City": astanaName, "Pin": false})
	if b := res.Replies[1].Buttons; len(b) != 1 || len(b[0]) != 1 || !b[0][0].Location {
		t.Errorf("location hint buttons %+v", b)
	}
	d := c.s.Checkout.Delivery
	if c.s.Step != flows.StepAddress || d.Method != shop.Express || d.Shop != "astana" || c.s.Checkout.Queued {
		t.Errorf("after express: step %q delivery %+v queued %v", c.s.Step, d, c.s.Checkout.Queued)
	}

	res = c.locate(baseLat, baseLon)
	wantKeys(t, "location", res.Replies, messages.LocationThanks, messages.AskAddressExpress)
	wantArgs(t, "ask address", res.Replies[1].Text.Args, messages.Args{"Pin": true})
	if d := c.s.Checkout.Delivery; d.Lat != baseLat || d.Lon != baseLon || c.s.Step != flows.StepAddress {
		t.Errorf("after the location: %+v step %q", d, c.s.Step)
	}

	res = c.text(doorAddress)
	wantKeys(t, "address", res.Replies, messages.Summary)
	sum := res.Replies[0]
	wantArgs(t, "summary", sum.Text.Args, messages.Args{"Express": true, "Queued": false, "Goods": goodsM, "Total": goodsM})
	confirm := dataOf(t, sum, messages.BtnConfirm)
	wantArgs(t, "confirm button", sum.Buttons[0][0].Label.Args, messages.Args{"Express": true})

	res = c.press(confirm)
	wantKeys(t, "confirm", res.Replies, messages.ExpressRequested)
	wantArgs(t, "requested", res.Replies[0].Text.Args, messages.Args{"Number": "LT-00001", "Queued": false})
	wantKeys(t, "staff", res.Staff, messages.StaffExpressRequest)
	// The store's official chat sees the same card, without the staff's buttons.
	wantKeys(t, "store chat", res.Store, messages.StaffExpressRequest)
	if len(res.Store) == 1 && (len(res.Store[0].Buttons) != 0 || len(res.Staff) == 1 && !reflect.DeepEqual(res.Store[0].Text, res.Staff[0].Text)) {
		t.Errorf("store chat card %+v", res.Store[0])
	}
	if len(res.Staff) == 1 {
		r := res.Staff[0]
		wantArgs(t, "staff request", r.Text.Args, messages.Args{"Number": "LT-00001", "Released": false, "Queued": false,
			"Shop": shop.DefaultProfile().Cities[0].RetailShop.Address})
		if !hasButton(r, "sq:1") || !hasButton(r, "sc:1") {
			t.Errorf("staff card buttons %v", buttonData(r))
		}
	}
	if !res.DeliveryWork || res.PaymentWork {
		t.Errorf("work: delivery %v payment %v", res.DeliveryWork, res.PaymentWork)
	}
	o := w.order(1)
	want := shop.Delivery{Method: shop.Express, City: astanaName, Address: doorAddress, Lat: baseLat, Lon: baseLon,
		Shop: "astana", Quote: shop.DeliveryQuote{Method: shop.Express}}
	if o.Status != shop.AwaitingQuote || !reflect.DeepEqual(o.Delivery, want) || o.Total != goodsM ||
		!o.ReleaseAt.IsZero() || o.ChatKey != customerChat {
		t.Errorf("order %s %+v total %d release %v", o.Status, o.Delivery, o.Total, o.ReleaseAt)
	}
	if len(o.Items) != 1 || o.Items[0].VariantID != "LT-101-M" || o.Items[0].Qty != 1 {
		t.Errorf("items %+v", o.Items)
	}
	if got := w.st.stock["LT-101-M"]; got != stock-1 {
		t.Errorf("stock %d, want %d", got, stock-1)
	}
	if !c.s.Cart.Empty() || c.s.Step != flows.StepMenu {
		t.Errorf("after the request: cart %v step %q", c.s.Cart, c.s.Step)
	}
}

func TestExpressRefused(t *testing.T) {
	cases := []struct {
		name  string
		city  string
		items []string
		keys  []messages.Key
		// Of ExpressMissing.
		names []string
		sizes []string
		qtys  []int
		shop  []int // of each, in the city's shop
		all   bool  // nothing the shop has: only CDEK is offered
	}{
		{name: "not in the shop", city: "astana", items: []string{almatyItem},
			keys:  []messages.Key{messages.ExpressMissing, messages.AskMethod},
			names: []string{"Летнее платье в цветочек"}, sizes: []string{"M"}, qtys: []int{1}, shop: []int{0}, all: true},
		{name: "one of two not in the shop", city: "astana", items: []string{expressItem, almatyItem},
			keys:  []messages.Key{messages.ExpressMissing, messages.AskMethod},
			names: []string{"Летнее платье в цветочек"}, sizes: []string{"M"}, qtys: []int{1}, shop: []int{0}},
		// The shop has two: fewer would do.
		{name: "more than the shop has", city: "astana", items: []string{"LT-101-M:3"},
			keys:  []messages.Key{messages.ExpressMissing, messages.AskMethod},
			names: []string{"Платье миди с поясом"}, sizes: []string{"M"}, qtys: []int{3}, shop: []int{2}},
		{name: "no shop in the city", city: "almaty", items: []string{expressItem},
			keys: []messages.Key{messages.StaleButton, messages.AskMethod}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			w.buy(tc.city, tc.items...)
			res := w.cust.press("dm:express")
			wantKeys(t, "express", res.Replies, tc.keys...)
			if d := w.cust.s.Checkout.Delivery; w.cust.s.Step != flows.StepMethod || d.Method == shop.Express || d.Shop != "" {
				t.Errorf("step %q delivery %+v", w.cust.s.Step, d)
			}
			if len(w.st.orders) != 0 || res.DeliveryWork || len(res.Staff) != 0 {
				t.Errorf("%d orders, staff %v", len(w.st.orders), keysOf(res.Staff))
			}
			if tc.names == nil {
				return
			}
			args := res.Replies[0].Text.Args
			wantArgs(t, "missing", args, messages.Args{"City": astanaName, "All": tc.all})
			if got := column[string](t, args["Items"], "Name"); !slices.Equal(got, tc.names) {
				t.Errorf("missing %v, want %v", got, tc.names)
			}
			if got := column[string](t, args["Items"], "Size"); !slices.Equal(got, tc.sizes) {
				t.Errorf("sizes %v, want %v", got, tc.sizes)
			}
			if got := column[int](t, args["Items"], "Qty"); !slices.Equal(got, tc.qtys) {
				t.Errorf("quantities %v, want %v", got, tc.qtys)
			}
			if got := column[int](t, args["Items"], "InShop"); !slices.Equal(got, tc.shop) {
				t.Errorf("in the shop %v, want %v", got, tc.shop)
			}
		})
	}
}

func TestExpressHours(t *testing.T) {
	loc := shop.DefaultProfile().Location()
	cases := []struct {
		name  string
		at    time.Time
		open  bool
		opens time.Time
		today bool
	}{
		{name: "late evening", at: storeTime(23, 30), opens: time.Date(2026, 11, 26, 10, 0, 0, 0, loc)},
		{name: "at closing", at: storeTime(22, 0), opens: time.Date(2026, 11, 26, 10, 0, 0, 0, loc)},
		{name: "early morning", at: storeTime(9, 0), opens: time.Date(2026, 11, 25, 10, 0, 0, 0, loc), today: true},
		{name: "just after midnight", at: storeTime(0, 5), opens: time.Date(2026, 11, 25, 10, 0, 0, 0, loc), today: true},
		{name: "at opening", at: storeTime(10, 0), open: true},
		{name: "before closing", at: storeTime(21, 59), open: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, tc.at)
			w.buy("astana", expressItem)
			res := w.cust.press("dm:express")
			if tc.open {
				wantKeys(t, "open", res.Replies, messages.AskAddressExpress, messages.ShareLocationHint)
				return
			}
			wantKeys(t, "closed", res.Replies, messages.ExpressClosed)
			r := res.Replies[0]
			wantArgs(t, "closed", r.Text.Args, messages.Args{"Today": tc.today, "From": "10:00", "To": "22:00"})
			wantTime(t, "opens", r.Text.Args["Opens"], tc.opens)
			if got := buttonData(r); !slices.Equal(got, []string{"xw", "dm:pickup", "dm:courier", "x"}) {
				t.Errorf("buttons %v", got)
			}
			wantTime(t, "queue button", r.Buttons[0][0].Label.Args["Opens"], tc.opens)
			if d := w.cust.s.Checkout.Delivery; w.cust.s.Step != flows.StepMethod || d.Method == shop.Express || w.cust.s.Checkout.Queued {
				t.Errorf("step %q delivery %+v queued %v", w.cust.s.Step, d, w.cust.s.Checkout.Queued)
			}
		})
	}
}

// TestExpressQueued: a request taken at night waits for the opening, and
// is priced only then.
func TestExpressQueued(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(23, 30))
	opens := time.Date(2026, 11, 26, 10, 0, 0, 0, shop.DefaultProfile().Location())
	c := w.cust
	w.buy("astana", expressItem)
	c.press("dm:express")

	res := c.press("xw")
	wantKeys(t, "queue", res.Replies, messages.AskAddressExpress, messages.ShareLocationHint)
	if d := c.s.Checkout.Delivery; !c.s.Checkout.Queued || d.Method != shop.Express || d.Shop != "astana" || c.s.Step != flows.StepAddress {
		t.Errorf("after queue: queued %v delivery %+v step %q", c.s.Checkout.Queued, d, c.s.Step)
	}

	res = c.text(doorAddress)
	wantKeys(t, "address", res.Replies, messages.Summary)
	wantArgs(t, "summary", res.Replies[0].Text.Args, messages.Args{"Express": true, "Queued": true})
	wantTime(t, "summary opens", res.Replies[0].Text.Args["Opens"], opens)

	res = c.press(dataOf(t, res.Replies[0], messages.BtnConfirm))
	wantKeys(t, "confirm", res.Replies, messages.ExpressRequested)
	wantArgs(t, "requested", res.Replies[0].Text.Args, messages.Args{"Number": "LT-00001", "Queued": true})
	wantTime(t, "requested opens", res.Replies[0].Text.Args["Opens"], opens)
	wantKeys(t, "staff", res.Staff, messages.StaffExpressRequest)
	if len(res.Staff) == 1 {
		wantArgs(t, "staff request", res.Staff[0].Text.Args, messages.Args{"Queued": true, "Released": false})
		if hasButton(res.Staff[0], "sq:1") {
			t.Errorf("a night request offers a quote button: %v", buttonData(res.Staff[0]))
		}
	}
	if !res.DeliveryWork || c.s.Checkout.Queued {
		t.Errorf("delivery work %v, session still queued %v", res.DeliveryWork, c.s.Checkout.Queued)
	}
	o := w.order(1)
	if o.Status != shop.AwaitingQuote || !o.ReleaseAt.Equal(opens) {
		t.Errorf("order %s release %v, want %v", o.Status, o.ReleaseAt, opens)
	}
	wantKeys(t, "queue after the request", c.press("xw").Replies, messages.StaleButton, messages.MenuTitle)

	// Before the opening nobody prices it.
	before := deskStateOf(w.st.fakeStore)
	res = w.desk.text("/quote LT-00001 2500")
	wantKeys(t, "early quote", res.Replies, messages.StaffCannotQuote)
	wantArgs(t, "early quote", res.Replies[0].Text.Args, messages.Args{"Number": "LT-00001", "Queued": true, "Express": true})
	if len(res.Others) != 0 {
		t.Errorf("the customer was told %v", toCustomer(res, customerChat))
	}
	nothingHappened(t, "early courier quote", c.event(flows.Event{Kind: flows.EventExpressQuote, OrderID: 1, Amount: 2500}))
	unchanged(t, before, w.st.fakeStore)

	w.clock.Add(10*time.Hour + 30*time.Minute) // 10:00 next day
	res = c.event(flows.Event{Kind: flows.EventExpressReleased, OrderID: 1})
	wantKeys(t, "released", res.Replies, messages.ExpressReleasedNotice)
	wantArgs(t, "released", res.Replies[0].Text.Args, messages.Args{"Number": "LT-00001"})
	wantKeys(t, "released staff", res.Staff, messages.StaffExpressRequest)
	wantKeys(t, "released store chat", res.Store, messages.StaffExpressRequest)
	if len(res.Staff) == 1 {
		wantArgs(t, "released staff", res.Staff[0].Text.Args, messages.Args{"Released": true, "Queued": false, "Number": "LT-00001"})
		if !hasButton(res.Staff[0], "sq:1") {
			t.Errorf("no quote button after release: %v", buttonData(res.Staff[0]))
		}
	}
	if !res.DeliveryWork {
		t.Error("no delivery work after release")
	}
	if o := w.order(1); !o.ReleaseAt.IsZero() || o.Status != shop.AwaitingQuote {
		t.Errorf("after release: %s release %v", o.Status, o.ReleaseAt)
	}
	nothingHappened(t, "second release", c.event(flows.Event{Kind: flows.EventExpressReleased, OrderID: 1}))

	res = w.desk.text("/quote LT-00001 2500")
	wantKeys(t, "quote after release", res.Replies, messages.StaffQuoted)
	if o := w.order(1); o.Delivery.Quote.Price != 2500 {
		t.Errorf("price %d after the quote", o.Delivery.Quote.Price)
	}
}

// TestExpressClosesBeforeConfirm: the window closes between the summary
// and Confirm; the customer may queue the request, the address kept.
func TestExpressClosesBeforeConfirm(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(21, 50))
	c := w.cust
	w.buy("astana", expressItem)
	c.press("dm:express")
	res := c.text(doorAddress)
	confirm := dataOf(t, res.Replies[0], messages.BtnConfirm)
	w.clock.Add(15 * time.Minute)

	res = c.press(confirm)
	wantKeys(t, "confirm after closing", res.Replies, messages.ExpressClosed)
	if len(w.st.orders) != 0 || c.s.Step != flows.StepMethod {
		t.Fatalf("%d orders, step %q", len(w.st.orders), c.s.Step)
	}
	res = c.press("xw")
	wantKeys(t, "queue", res.Replies, messages.AskAddressExpress, messages.ShareLocationHint)
	if !hasButton(res.Replies[0], "keep") {
		t.Errorf("the address is not offered to keep: %v", buttonData(res.Replies[0]))
	}
	res = c.press("keep")
	wantKeys(t, "keep", res.Replies, messages.Summary)
	res = c.press(dataOf(t, res.Replies[0], messages.BtnConfirm))
	wantKeys(t, "confirm queued", res.Replies, messages.ExpressRequested)
	if o := w.order(1); o.Delivery.Address != doorAddress || !o.ReleaseAt.Equal(time.Date(2026, 11, 26, 10, 0, 0, 0, shop.DefaultProfile().Location())) {
		t.Errorf("order address %q release %v", o.Delivery.Address, o.ReleaseAt)
	}
}

// wantQuoted fails the test unless res offers order 1 at price to the
// customer and the store has it, quoted by actor.
func wantQuoted(t *testing.T, w *deliveryWorld, res flows.Result, price shop.Money, actor string) {
	t.Helper()
	total := goodsM + price
	if len(res.Others) != 1 || res.Others[0].Chat != customerChat || res.Others[0].Lang != shop.Russian {
		t.Fatalf("to the customer: %+v", res.Others)
	}
	r := res.Others[0].Reply
	if r.Text.Key != messages.ExpressQuoted {
		t.Fatalf("the customer got %s", r.Text.Key)
	}
	wantArgs(t, "quoted", r.Text.Args, messages.Args{"Number": "LT-00001", "Price": price, "Goods": goodsM,
		"Total": total, "Address": doorAddress})
	p := strconv.FormatInt(int64(price), 10)
	if got := buttonData(r); !slices.Equal(got, []string{"xq:1:" + p, "xd:1"}) {
		t.Errorf("quote buttons %v", got)
	}
	o := w.order(1)
	if o.Status != shop.AwaitingQuote || o.Delivery.Quote.Price != price || o.Delivery.Quote.Approximate || o.Total != total {
		t.Errorf("order %s quote %+v total %d", o.Status, o.Delivery.Quote, o.Total)
	}
	last := w.st.events[len(w.st.events)-1]
	if last.OrderID != 1 || last.Action != "quoted" || last.Actor != actor || last.Detail != p || !last.At.Equal(w.clock.Now()) {
		t.Errorf("audit %+v", last)
	}
}

func TestExpressQuote(t *testing.T) {
	staff := func(s string) func(w *deliveryWorld) flows.Result {
		return func(w *deliveryWorld) flows.Result { return w.desk.text(s) }
	}
	courier := func(amount shop.Money) func(w *deliveryWorld) flows.Result {
		return func(w *deliveryWorld) flows.Result {
			return w.cust.event(flows.Event{Kind: flows.EventExpressQuote, OrderID: 1, Amount: amount})
		}
	}
	cases := []struct {
		name   string
		do     func(w *deliveryWorld) flows.Result
		keys   []messages.Key // to whoever acted
		args   messages.Args  // of the first of them
		quoted shop.Money     // 0: nothing offered, the store unchanged
		actor  string
	}{
		{name: "staff", do: staff("/quote LT-00001 2500"), keys: []messages.Key{messages.StaffQuoted},
			args: messages.Args{"Number": "LT-00001", "Price": shop.Money(2500), "By": deskUser}, quoted: 2500, actor: deskUser},
		{name: "staff, short number", do: staff("/quote 1 2500"), keys: []messages.Key{messages.StaffQuoted},
			quoted: 2500, actor: deskUser},
		{name: "courier service", do: courier(2500), quoted: 2500, actor: "yandex"},
		{name: "courier service, no price", do: courier(0)},
		{name: "from a customer chat", do: func(w *deliveryWorld) flows.Result { return w.cust.text("/quote LT-00001 2500") },
			keys: []messages.Key{messages.UnknownCommand, messages.MenuTitle}},
		{name: "price not a number", do: staff("/quote LT-00001 abc"), keys: []messages.Key{messages.StaffQuoteUsage},
			args: messages.Args{"Number": "LT-00001"}},
		{name: "price with tiyn", do: staff("/quote LT-00001 2500.50"), keys: []messages.Key{messages.StaffQuoteUsage},
			args: messages.Args{"Number": "LT-00001"}},
		{name: "price zero", do: staff("/quote LT-00001 0"), keys: []messages.Key{messages.StaffQuoteUsage},
			args: messages.Args{"Number": "LT-00001"}},
		{name: "price negative", do: staff("/quote LT-00001 -2500"), keys: []messages.Key{messages.StaffQuoteUsage},
			args: messages.Args{"Number": "LT-00001"}},
		{name: "price too high", do: staff("/quote LT-00001 1000001"), keys: []messages.Key{messages.StaffQuoteUsage},
			args: messages.Args{"Number": "LT-00001"}},
		{name: "no price", do: staff("/quote LT-00001"), keys: []messages.Key{messages.StaffQuoteUsage},
			args: messages.Args{"Number": "LT-00042"}},
		{name: "not an order number", do: staff("/quote abc 2500"), keys: []messages.Key{messages.StaffQuoteUsage}},
		{name: "unknown order", do: staff("/quote LT-00099 2500"), keys: []messages.Key{messages.StaffOrderNotFound},
			args: messages.Args{"Number": "LT-00099"}},
		{name: "not express", do: staff("/quote LT-00002 2500"), keys: []messages.Key{messages.StaffCannotQuote},
			args: messages.Args{"Number": "LT-00002", "Express": false}},
		{name: "quote button", do: func(w *deliveryWorld) flows.Result { return w.desk.press("sq:1") },
			keys: []messages.Key{messages.StaffQuoteUsage}, args: messages.Args{"Number": "LT-00001"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			w.placeExpress()
			w.st.add(sampleOrder("tg:9")) // order 2, by CDEK
			before := deskStateOf(w.st.fakeStore)
			res := tc.do(w)
			wantKeys(t, "replies", res.Replies, tc.keys...)
			if tc.args != nil && len(res.Replies) > 0 {
				wantArgs(t, "reply", res.Replies[0].Text.Args, tc.args)
			}
			if tc.quoted == 0 {
				if len(res.Others) != 0 {
					t.Errorf("the customer was told %v", toCustomer(res, customerChat))
				}
				unchanged(t, before, w.st.fakeStore)
				return
			}
			wantQuoted(t, w, res, tc.quoted, tc.actor)
		})
	}
}

// TestExpressRequote: staff may correct their price; the old one's button
// is then stale.
func TestExpressRequote(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	w.placeExpress()
	w.desk.text("/quote LT-00001 2500")
	res := w.desk.text("/quote LT-00001 3000")
	wantKeys(t, "requote", res.Replies, messages.StaffQuoted)
	wantQuoted(t, w, res, 3000, deskUser)
	wantKeys(t, "old price", w.cust.press("xq:1:2500").Replies, messages.StaleButton, messages.MenuTitle)
	// The offer out of sight, the order answers it: its status and buttons.
	view := w.cust.press("ord:1")
	wantKeys(t, "my order", view.Replies, messages.OrderView)
	if !hasButton(view.Replies[0], "xq:1:3000") || !hasButton(view.Replies[0], "xd:1") {
		t.Errorf("the quoted order offers %+v, want the price's accept and decline", view.Replies[0].Buttons)
	}
	res = w.cust.press("xq:1:3000")
	wantKeys(t, "new price", res.Replies, messages.ExpressAccepted)
	wantArgs(t, "accepted", res.Replies[0].Text.Args, messages.Args{"Total": goodsM + 3000})
}

// TestExpressQuoteFirstWins: the courier service's price arriving after
// staff named theirs is ignored (delivery/express.go: "whichever price
// comes first is offered (the flow ignores a second one)").
func TestExpressQuoteFirstWins(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	w.placeExpress()
	w.desk.text("/quote LT-00001 2500")
	before := deskStateOf(w.st.fakeStore)
	res := w.cust.event(flows.Event{Kind: flows.EventExpressQuote, OrderID: 1, Amount: 1800})
	nothingHappened(t, "second price", res)
	unchanged(t, before, w.st.fakeStore)
}

func TestExpressAnswer(t *testing.T) {
	stale := []messages.Key{messages.StaleButton, messages.MenuTitle}
	cases := []struct {
		name     string
		unquoted bool   // no price named yet
		before   string // the customer pressed first
		chat     string // who presses; customerChat if empty
		press    string
		keys     []messages.Key
		status   shop.OrderStatus // "": the store unchanged
	}{
		{name: "accept", press: "xq:1:2500", keys: []messages.Key{messages.ExpressAccepted}, status: shop.AwaitingPayment},
		{name: "decline", press: "xd:1", keys: []messages.Key{messages.ExpressDeclined, messages.AskMethod}, status: shop.Cancelled},
		{name: "an older price", press: "xq:1:1800", keys: stale},
		{name: "no price", press: "xq:1", keys: stale},
		{name: "not quoted yet", unquoted: true, press: "xq:1:0", keys: stale},
		{name: "decline before the price", unquoted: true, press: "xd:1", keys: stale},
		{name: "another chat accepts", chat: "tg:2", press: "xq:1:2500", keys: stale},
		{name: "another chat declines", chat: "tg:2", press: "xd:1", keys: stale},
		{name: "no such order", press: "xq:7:2500", keys: stale},
		{name: "not an order id", press: "xq:abc:2500", keys: stale},
		{name: "accepted twice", before: "xq:1:2500", press: "xq:1:2500", keys: stale},
		{name: "declined after accepting", before: "xq:1:2500", press: "xd:1", keys: stale},
		{name: "accepted after declining", before: "xd:1", press: "xq:1:2500",
			keys: []messages.Key{messages.StaleButton, messages.AskMethod}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			o := w.placeExpress()
			if !tc.unquoted {
				w.desk.text("/quote LT-00001 2500")
			}
			if tc.before != "" {
				w.cust.press(tc.before)
			}
			c := w.cust
			if tc.chat != "" {
				c = w.chat(tc.chat)
				c.text("/start")
			}
			before := deskStateOf(w.st.fakeStore)
			released := len(w.st.released)
			stock := w.st.stock["LT-101-M"]
			res := c.press(tc.press)
			wantKeys(t, "replies", res.Replies, tc.keys...)
			if tc.chat != "" && w.st.gets[len(w.st.gets)-1] != tc.chat {
				t.Errorf("the store was asked for chat %q", w.st.gets[len(w.st.gets)-1])
			}
			switch tc.status {
			case "":
				unchanged(t, before, w.st.fakeStore)
				if len(w.st.released) != released || len(res.Staff) != 0 || res.PaymentWork {
					t.Errorf("released %d, staff %v, payment work %v", len(w.st.released)-released, keysOf(res.Staff), res.PaymentWork)
				}
				return
			case shop.AwaitingPayment:
				wantArgs(t, "accepted", res.Replies[0].Text.Args, messages.Args{"Number": "LT-00001", "Total": goodsM + 2500})
				wantKeys(t, "staff", res.Staff, messages.StaffExpressAccepted)
				wantKeys(t, "store chat", res.Store, messages.StaffExpressAccepted)
				if !res.PaymentWork {
					t.Error("no payment work")
				}
				// The time to pay counts from now, not from the request.
				if got := w.order(1).PayableAt; !got.Equal(w.clock.Now()) {
					t.Errorf("payable at %v, want %v", got, w.clock.Now())
				}
			case shop.Cancelled:
				wantKeys(t, "staff", res.Staff, messages.StaffExpressDeclined)
				if len(w.st.released) != released+1 || w.st.released[released].ID != o.ID ||
					!reflect.DeepEqual(w.st.released[released].Items, o.Items) {
					t.Errorf("stock released for %+v", w.st.released)
				}
				if got := w.st.stock["LT-101-M"]; got != stock+1 {
					t.Errorf("stock %d, want %d", got, stock+1)
				}
				if c.s.Cart.Qty("LT-101-M") != 1 || c.s.Step != flows.StepMethod || c.s.Checkout.Delivery.Method != "" {
					t.Errorf("session: cart %v step %q delivery %+v", c.s.Cart, c.s.Step, c.s.Checkout.Delivery)
				}
				// CDEK is offered, not the express the customer just declined.
				if r := res.Replies[1]; hasButton(r, "dm:express") || !hasButton(r, "dm:pickup") {
					t.Errorf("method buttons %v", buttonData(r))
				}
				if res.PaymentWork {
					t.Error("payment work for a declined request")
				}
			}
			if got := w.order(1); got.Status != tc.status {
				t.Errorf("status %s, want %s", got.Status, tc.status)
			}
			last := w.st.events[len(w.st.events)-1]
			if last.Action != string(tc.status) || last.Actor != "customer" || last.OrderID != 1 {
				t.Errorf("audit %+v", last)
			}
		})
	}
}

// paidExpress stores order 1 of customerChat: express from the Astana
// shop, priced and paid.
func paidExpress(st *deliveryStore) shop.Order {
	o := sampleOrder(customerChat)
	o.Delivery = shop.Delivery{Method: shop.Express, City: astanaName, Address: doorAddress, Lat: baseLat, Lon: baseLon,
		Shop: "astana", Quote: shop.DeliveryQuote{Method: shop.Express, Price: 2500}}
	paidOrder(&o)
	o.Total = o.GoodsTotal + 2500
	o.Payment.Amount = o.Total
	return st.add(o)
}

func claim(status string) shop.CourierClaim { return shop.CourierClaim{ID: "claim-7", Status: status} }

// TestCourierJourney follows one paid express order through the claim's
// statuses; a status seen before changes nothing.
func TestCourierJourney(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	paidExpress(w.st)
	steps := []struct {
		status  string
		keys    []messages.Key // to the customer
		order   shop.OrderStatus
		audited bool // a status change in the audit trail
	}{
		{status: "accepted", order: shop.Paid},
		{status: "performer_found", keys: []messages.Key{messages.CourierFoundNotice}, order: shop.Paid},
		{status: "performer_found", order: shop.Paid},
		{status: "pickup_arrived", order: shop.Paid},
		{status: "pickuped", keys: []messages.Key{messages.CourierOnTheWayNotice}, order: shop.Shipped, audited: true},
		{status: "pickuped", order: shop.Shipped},
		{status: "delivery_arrived", order: shop.Shipped},
		{status: "delivered", keys: []messages.Key{messages.OrderDeliveredNotice}, order: shop.Delivered, audited: true},
		{status: "delivered", order: shop.Delivered},
		{status: "delivered_finish", order: shop.Delivered},
	}
	prev := shop.CourierClaim{}
	for i, s := range steps {
		events := len(w.st.events)
		before := w.order(1)
		res := w.cust.event(flows.Event{Kind: flows.EventCourier, OrderID: 1, Claim: claim(s.status)})
		what := strconv.Itoa(i) + " " + s.status
		if got := toCustomer(res, customerChat); !slices.Equal(got, s.keys) {
			t.Errorf("%s: the customer got %v, want %v", what, got, s.keys)
		}
		if len(res.Staff) != 0 {
			t.Errorf("%s: staff got %v", what, keysOf(res.Staff))
		}
		o := w.order(1)
		if o.Status != s.order || o.Courier != claim(s.status) {
			t.Errorf("%s: order %s claim %+v", what, o.Status, o.Courier)
		}
		if s.audited {
			if len(w.st.events) != events+1 {
				t.Fatalf("%s: no audit event", what)
			}
			ev := w.st.events[events]
			if ev.Action != string(s.order) || ev.Actor != "yandex" || ev.Detail != "" { // the claim is on the order, not in the history
				t.Errorf("%s: audit %+v", what, ev)
			}
		} else if len(w.st.events) != events {
			t.Errorf("%s: audit events %+v", what, w.st.events[events:])
		}
		if s.order == shop.Delivered && before.Status != shop.Delivered && !o.DeliveredAt.Equal(w.clock.Now()) {
			t.Errorf("%s: delivered at %v", what, o.DeliveredAt)
		}
		if prev == claim(s.status) && !reflect.DeepEqual(before, o) {
			t.Errorf("%s: the same claim status changed the order", what)
		}
		prev = claim(s.status)
	}
}

func TestCourierEvents(t *testing.T) {
	cases := []struct {
		name   string
		order  func(st *deliveryStore) // stores order 1
		before []shop.CourierClaim     // events handled first
		chat   string                  // the event's chat; customerChat if empty
		claim  shop.CourierClaim
		keys   []messages.Key // to the customer
		staff  []messages.Key
		status shop.OrderStatus // "": the store unchanged
	}{
		{name: "failed", claim: claim("failed"), staff: []messages.Key{messages.StaffCourierFailed}, status: shop.Paid},
		{name: "failed twice", before: []shop.CourierClaim{claim("failed")}, claim: claim("failed")},
		{name: "cancelled after the courier was found", before: []shop.CourierClaim{claim("performer_found")},
			claim: claim("cancelled"), staff: []messages.Key{messages.StaffCourierFailed}, status: shop.Paid},
		{name: "delivered straight from paid", claim: claim("delivered"),
			keys: []messages.Key{messages.OrderDeliveredNotice}, status: shop.Delivered},
		{name: "a new claim after a failed one", before: []shop.CourierClaim{claim("failed")},
			claim: shop.CourierClaim{ID: "claim-8", Status: "performer_found"},
			keys:  []messages.Key{messages.CourierFoundNotice}, status: shop.Paid},
		{name: "no claim id", claim: shop.CourierClaim{Status: "performer_found"}},
		{name: "not express", order: func(st *deliveryStore) {
			o := sampleOrder(customerChat)
			paidOrder(&o)
			st.add(o)
		}, claim: claim("pickuped")},
		{name: "another chat's order", chat: "tg:2", claim: claim("performer_found")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			if tc.order != nil {
				tc.order(w.st)
			} else {
				paidExpress(w.st)
			}
			c := w.cust
			if tc.chat != "" {
				c = w.chat(tc.chat)
			}
			for _, cl := range tc.before {
				c.event(flows.Event{Kind: flows.EventCourier, OrderID: 1, Claim: cl})
			}
			before := deskStateOf(w.st.fakeStore)
			res := c.event(flows.Event{Kind: flows.EventCourier, OrderID: 1, Claim: tc.claim})
			if tc.status == "" {
				nothingHappened(t, "event", res)
				unchanged(t, before, w.st.fakeStore)
				return
			}
			if got := toCustomer(res, customerChat); !slices.Equal(got, tc.keys) {
				t.Errorf("the customer got %v, want %v", got, tc.keys)
			}
			wantKeys(t, "staff", res.Staff, tc.staff...)
			if len(tc.staff) == 1 {
				wantArgs(t, "staff", res.Staff[0].Text.Args, messages.Args{"Number": "LT-00001", "Status": tc.claim.Status, "Claim": tc.claim.ID})
			}
			if o := w.order(1); o.Status != tc.status || o.Courier != tc.claim {
				t.Errorf("order %s claim %+v", o.Status, o.Courier)
			}
		})
	}
}

func TestShipExpress(t *testing.T) {
	express := func(status shop.OrderStatus) func(st *deliveryStore) {
		return func(st *deliveryStore) {
			o := paidExpress(st)
			o.Status = status
			st.orders[o.ID] = o
		}
	}
	cdek := func(st *deliveryStore) {
		o := sampleOrder(customerChat)
		paidOrder(&o)
		st.add(o)
	}
	cases := []struct {
		name     string
		order    func(st *deliveryStore)
		in       flows.Input
		keys     []messages.Key // to staff
		args     messages.Args
		customer messages.Key // "": not told, the store unchanged
		tracking string
	}{
		{name: "express paid", order: express(shop.Paid), in: deskText("/ship LT-00001"),
			keys: []messages.Key{messages.StaffMoved}, args: messages.Args{"Status": "shipped", "Detail": ""},
			customer: messages.CourierOnTheWayNotice},
		{name: "express processing, short number", order: express(shop.Processing), in: deskText("/ship 1"),
			keys: []messages.Key{messages.StaffMoved}, customer: messages.CourierOnTheWayNotice},
		// A tap only shows how: a stray one must not tell the customer a
		// courier has the goods.
		{name: "express by the ship button", order: express(shop.Paid), in: deskBtn("sh:1"),
			keys: []messages.Key{messages.StaffShipUsage}, args: messages.Args{"Number": "LT-00001"}},
		// A CDEK number would send the customer to cdek.kz for a Yandex
		// courier's order.
		{name: "express with a tracking number", order: express(shop.Paid), in: deskText("/ship LT-00001 " + goodTrack),
			keys: []messages.Key{messages.StaffShipNoTracking}, args: messages.Args{"Number": "LT-00001"}},
		{name: "express not yet paid", order: express(shop.AwaitingQuote), in: deskText("/ship LT-00001"),
			keys: []messages.Key{messages.StaffCannotMove}},
		{name: "CDEK without tracking", order: cdek, in: deskText("/ship LT-00001"),
			keys: []messages.Key{messages.StaffShipUsage}, args: messages.Args{"Number": "LT-00001"}},
		{name: "CDEK by the ship button", order: cdek, in: deskBtn("sh:1"),
			keys: []messages.Key{messages.StaffShipUsage}, args: messages.Args{"Number": "LT-00001"}},
		{name: "unknown order", order: cdek, in: deskText("/ship LT-00099"),
			keys: []messages.Key{messages.StaffShipUsage}, args: messages.Args{"Number": "LT-00042"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			tc.order(w.st)
			before := deskStateOf(w.st.fakeStore)
			res := w.desk.do(tc.in)
			wantKeys(t, "staff", res.Replies, tc.keys...)
			if tc.args != nil {
				wantArgs(t, "staff", res.Replies[0].Text.Args, tc.args)
			}
			if tc.customer == "" {
				if len(res.Others) != 0 {
					t.Errorf("the customer was told %v", toCustomer(res, customerChat))
				}
				unchanged(t, before, w.st.fakeStore)
				return
			}
			if len(res.Others) != 1 || res.Others[0].Chat != customerChat || res.Others[0].Reply.Text.Key != tc.customer {
				t.Errorf("the customer got %+v, want %s", res.Others, tc.customer)
			}
			if o := w.order(1); o.Status != shop.Shipped || o.Tracking != tc.tracking {
				t.Errorf("order %s tracking %q", o.Status, o.Tracking)
			}
		})
	}
}

func TestExpressExpired(t *testing.T) {
	cases := []struct {
		name   string
		order  func(w *deliveryWorld)
		keys   []messages.Key
		expire bool
	}{
		{name: "not yet priced", order: func(w *deliveryWorld) { w.placeExpress() },
			keys: []messages.Key{messages.ExpressExpired}, expire: true},
		{name: "priced, not accepted", order: func(w *deliveryWorld) {
			w.placeExpress()
			w.desk.text("/quote LT-00001 2500")
		}, keys: []messages.Key{messages.ExpressExpired}, expire: true},
		{name: "accepted, link sent", order: func(w *deliveryWorld) {
			w.placeExpress()
			w.desk.text("/quote LT-00001 2500")
			w.cust.press("xq:1:2500")
			w.cust.event(flows.Event{Kind: flows.EventLinkReady, OrderID: 1, LinkURL: payURL})
		}, keys: []messages.Key{messages.OrderExpired}, expire: true},
		{name: "paid", order: func(w *deliveryWorld) { paidExpress(w.st) }},
		{name: "declined", order: func(w *deliveryWorld) {
			w.placeExpress()
			w.desk.text("/quote LT-00001 2500")
			w.cust.press("xd:1")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			tc.order(w)
			before := deskStateOf(w.st.fakeStore)
			released := len(w.st.released)
			stock := w.st.stock["LT-101-M"]
			w.clock.Add(48 * time.Hour)
			res := w.cust.event(flows.Event{Kind: flows.EventExpired, OrderID: 1})
			if !tc.expire {
				nothingHappened(t, "expired", res)
				unchanged(t, before, w.st.fakeStore)
				return
			}
			wantKeys(t, "expired", res.Replies, tc.keys...)
			if tc.keys[0] == messages.ExpressExpired {
				wantArgs(t, "expired", res.Replies[0].Text.Args, messages.Args{"Number": "LT-00001", "Hours": 48})
			}
			o := w.order(1)
			if o.Status != shop.Cancelled {
				t.Errorf("status %s", o.Status)
			}
			if len(w.st.released) != released+1 || w.st.released[released].ID != 1 {
				t.Errorf("released %+v", w.st.released[released:])
			}
			if got := w.st.stock["LT-101-M"]; got != stock+1 {
				t.Errorf("stock %d, want %d", got, stock+1)
			}
			last := w.st.events[len(w.st.events)-1]
			if last.Action != "cancelled" || last.Actor != "bot" || last.Detail != "unpaid" {
				t.Errorf("audit %+v", last)
			}
		})
	}
}

// TestLocationInput: a shared location is taken only where a step uses it.
func TestLocationInput(t *testing.T) {
	to := func(method string, more ...string) func(w *deliveryWorld) {
		return func(w *deliveryWorld) {
			w.buy("astana", expressItem)
			w.cust.press("dm:" + method)
			for _, s := range more {
				w.cust.text(s)
			}
		}
	}
	cases := []struct {
		name     string
		opts     []func(*flows.Config)
		reach    func(w *deliveryWorld)
		lat, lon float64
		keys     []messages.Key
		step     flows.Step // after it
		taken    bool       // the session keeps the location
	}{
		{name: "menu", reach: func(w *deliveryWorld) { w.cust.text("/start") }, lat: baseLat, lon: baseLon,
			keys: []messages.Key{messages.NotNeededHere, messages.MenuTitle}, step: flows.StepMenu},
		{name: "menu, out of range", reach: func(w *deliveryWorld) { w.cust.text("/start") }, lat: 91, lon: baseLon,
			keys: []messages.Key{messages.NotNeededHere, messages.MenuTitle}, step: flows.StepMenu},
		{name: "name question", reach: func(w *deliveryWorld) {
			w.cust.text("/start")
			w.cust.press("a:" + expressItem)
			w.cust.press("co")
		}, lat: baseLat, lon: baseLon, keys: []messages.Key{messages.NotNeededHere, messages.AskName}, step: flows.StepName},
		{name: "method question", reach: func(w *deliveryWorld) { w.buy("astana", expressItem) }, lat: baseLat, lon: baseLon,
			keys: []messages.Key{messages.NotNeededHere, messages.AskMethod}, step: flows.StepMethod},
		{name: "point, latitude out of range", reach: to("pickup"), lat: -90.5, lon: baseLon,
			keys: []messages.Key{messages.NotNeededHere, messages.AskPoint, messages.ShareLocationHint}, step: flows.StepPoint},
		{name: "point, longitude out of range", reach: to("pickup"), lat: baseLat, lon: 181,
			keys: []messages.Key{messages.NotNeededHere, messages.AskPoint, messages.ShareLocationHint}, step: flows.StepPoint},
		{name: "point, zero", reach: to("pickup"),
			keys: []messages.Key{messages.NotNeededHere, messages.AskPoint, messages.ShareLocationHint}, step: flows.StepPoint},
		{name: "typed pickup address", opts: []func(*flows.Config){noPoints}, reach: to("pickup"), lat: baseLat, lon: baseLon,
			keys: []messages.Key{messages.NotNeededHere, messages.AskAddressPickup}, step: flows.StepAddress},
		{name: "pickup summary", reach: func(w *deliveryWorld) { to("pickup")(w); w.cust.press("pp:AST101") },
			lat: baseLat, lon: baseLon, keys: []messages.Key{messages.NotNeededHere, messages.Summary}, step: flows.StepConfirm},
		{name: "courier address", reach: to("courier"), lat: baseLat, lon: baseLon,
			keys: []messages.Key{messages.LocationThanks, messages.AskAddressCourier}, step: flows.StepAddress, taken: true},
		{name: "express address, out of range", reach: to("express"), lat: baseLat, lon: -200,
			keys: []messages.Key{messages.NotNeededHere, messages.AskAddressExpress, messages.ShareLocationHint}, step: flows.StepAddress},
		{name: "express address kept from an earlier order", reach: func(w *deliveryWorld) {
			to("express")(w)
			w.cust.s.Checkout.Delivery.Address = "ул. Кенесары, 40, кв. 5" // offered to keep
		}, lat: baseLat, lon: baseLon,
			keys: []messages.Key{messages.LocationThanks, messages.AskAddressExpress}, step: flows.StepAddress, taken: true},
		{name: "express summary", reach: to("express", doorAddress), lat: baseLat, lon: baseLon,
			keys: []messages.Key{messages.Summary}, step: flows.StepConfirm, taken: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0), tc.opts...)
			tc.reach(w)
			rev := w.cust.s.Rev
			res := w.cust.locate(tc.lat, tc.lon)
			wantKeys(t, "replies", res.Replies, tc.keys...)
			s := w.cust.s
			if s.Step != tc.step {
				t.Errorf("step %q, want %q", s.Step, tc.step)
			}
			d := s.Checkout.Delivery
			if taken := d.Lat == tc.lat && d.Lon == tc.lon && d.HasLocation(); taken != tc.taken {
				t.Errorf("location %v,%v in the session: %v, want %v", d.Lat, d.Lon, taken, tc.taken)
			}
			if tc.keys[len(tc.keys)-1] == messages.Summary && s.Rev != rev+1 {
				t.Errorf("summary revision %d after %d", s.Rev, rev)
			}
			if len(w.st.orders) != 0 {
				t.Errorf("%d orders", len(w.st.orders))
			}
		})
	}
}

// TestDeliveryButtonsElsewhere: delivery buttons pressed outside their
// step, or forged, are stale and change nothing.
func TestDeliveryButtonsElsewhere(t *testing.T) {
	for _, data := range []string{"pp:AST101", "ppl:0", "xw", "xq:1:2500", "xd:1", "xq", "xd", "dm:express"} {
		t.Run(data, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			w.cust.text("/start")
			before := deskStateOf(w.st.fakeStore)
			res := w.cust.press(data)
			wantKeys(t, "replies", res.Replies, messages.StaleButton, messages.MenuTitle)
			unchanged(t, before, w.st.fakeStore)
			if strings.HasPrefix(data, "pp") && len(w.carrier.pointsFor) != 0 {
				t.Errorf("the carrier was asked for points: %v", w.carrier.pointsFor)
			}
		})
	}
}

// TestPointSearchWhilePending: a street typed while the carrier's list is
// on its way waits for the list like a location or a list button does; it
// is not taken as the pickup address.
func TestPointSearchWhilePending(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	w.carrier.pointsErr = shop.ErrPending
	w.buy("astana", expressItem)
	wantKeys(t, "pickup", w.cust.press("dm:pickup").Replies, messages.DeliveryWait)
	res := w.cust.text("Кенесары")
	wantKeys(t, "typed", res.Replies, messages.DeliveryWait)
	if s := w.cust.s; s.Step != flows.StepPoint || s.Checkout.Delivery.Address != "" || !s.Waiting {
		t.Errorf("step %q address %q waiting %v", s.Step, s.Checkout.Delivery.Address, s.Waiting)
	}
	w.carrier.pointsErr = nil
	res = w.cust.event(flows.Event{Kind: flows.EventDeliveryReady})
	wantKeys(t, "ready", res.Replies, messages.AskPoint, messages.ShareLocationHint)
}

// TestExpressSoldOut: the shop's stock ran out between the summary and
// Confirm: nothing is placed and the customer chooses again.
func TestExpressSoldOut(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	w.buy("astana", expressItem)
	w.cust.press("dm:express")
	res := w.cust.text(doorAddress)
	w.st.stock["LT-101-M"] = 0
	res = w.cust.press(dataOf(t, res.Replies[0], messages.BtnConfirm))
	wantKeys(t, "confirm", res.Replies, messages.ExpressSoldOut, messages.AskMethod)
	if len(w.st.orders) != 0 || len(res.Staff) != 0 || res.DeliveryWork {
		t.Errorf("%d orders, staff %v", len(w.st.orders), keysOf(res.Staff))
	}
	if s := w.cust.s; s.Step != flows.StepMethod || s.Cart.Qty("LT-101-M") != 1 {
		t.Errorf("step %q cart %v", s.Step, s.Cart)
	}
}

// TestStaffCourier: without a courier service, staff tell the customer a
// courier is on the way to the shop; only for a paid express order, and
// only from a staff chat.
func TestStaffCourier(t *testing.T) {
	cases := []struct {
		name    string
		status  shop.OrderStatus
		express bool
		courier string       // a courier already found, by staff or Yandex
		refused messages.Key // "": the customer is told
	}{
		{"paid express", shop.Paid, true, "", ""},
		{"processing express", shop.Processing, true, "", ""},
		{"a Yandex claim still searching", shop.Paid, true, "performer_lookup", ""},
		{"express still to price", shop.AwaitingQuote, true, "", messages.StaffCannotMove},
		{"shipped express", shop.Shipped, true, "", messages.StaffCannotMove},
		{"paid CDEK order", shop.Paid, false, "", messages.StaffNotExpress},
		// Told once: a second /courier, or one after Yandex found a
		// courier, tells the customer nothing more.
		{"courier noted by staff", shop.Paid, true, "performer_found", messages.StaffCourierAlready},
		{"courier found by Yandex", shop.Processing, true, "pickup_arrived", messages.StaffCourierAlready},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			o := w.placeExpress()
			o.Status = c.status
			if !c.express {
				o.Delivery.Method = shop.Courier
			}
			switch c.courier {
			case "performer_found":
				o.Courier = shop.CourierClaim{ID: shop.ManualCourier, Status: c.courier}
			case "":
			default:
				o.Courier = shop.CourierClaim{ID: "claim-1", Status: c.courier}
			}
			w.st.orders[1] = o
			events := len(w.st.events)
			res := w.desk.text("/courier LT-00001")
			if c.refused != "" {
				wantKeys(t, "staff", res.Replies, c.refused)
				if len(res.Others) != 0 || len(w.st.events) != events {
					t.Errorf("refused, yet told %v, audit %v", res.Others, w.st.events[events:])
				}
				return
			}
			wantKeys(t, "staff", res.Replies, messages.StaffCourierNoted)
			if len(res.Others) != 1 || res.Others[0].Chat != w.cust.chat || res.Others[0].Reply.Text.Key != messages.CourierFoundNotice {
				t.Errorf("customer told %+v", res.Others)
			}
			if len(w.st.events) != events+1 || w.st.events[events].Action != "courier_found" || w.st.events[events].Actor != deskUser {
				t.Errorf("audit %+v", w.st.events[events:])
			}
			if got := w.order(1).Status; got != c.status {
				t.Errorf("status %s, want it unchanged", got)
			}
		})
	}
	t.Run("from a customer chat", func(t *testing.T) {
		w := newDeliveryWorld(t, storeTime(12, 0))
		o := w.placeExpress()
		o.Status = shop.Paid
		w.st.orders[1] = o
		res := w.cust.text("/courier LT-00001")
		wantKeys(t, "customer", res.Replies, messages.UnknownCommand, messages.MenuTitle)
		if len(res.Others) != 0 {
			t.Errorf("told %+v", res.Others)
		}
	})
}

// TestExpressAnswerDuringHandoff: a customer talking to staff can still
// accept the price staff sent; the conversation stays with staff.
func TestExpressAnswerDuringHandoff(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	w.placeExpress()
	wantKeys(t, "quote", w.desk.text("/quote LT-00001 2500").Replies, messages.StaffQuoted)
	if res := w.cust.press("talk"); !hasText(res, messages.HandoffStarted) {
		t.Fatalf("talk: %v", keysOf(res.Replies))
	}
	res := w.cust.press("xq:1:2500")
	if !hasText(res, messages.ExpressAccepted) || !res.PaymentWork {
		t.Errorf("accept during a handoff: replies %v, payment work %v", keysOf(res.Replies), res.PaymentWork)
	}
	if o := w.order(1); o.Status != shop.AwaitingPayment {
		t.Errorf("status %s, want awaiting payment", o.Status)
	}
	if w.cust.s.Handoff == 0 {
		t.Error("the handoff ended")
	}
	// Other buttons still wait for the staff conversation.
	if res := w.cust.press("cat"); !hasText(res, messages.HandoffActive) {
		t.Errorf("catalog during a handoff: %v", keysOf(res.Replies))
	}
}

// TestCityTypedBadly: a sentence at the city question is asked again, not
// taken as the city.
func TestCityTypedBadly(t *testing.T) {
	for _, text := range []string{"хочу ещё юбку добавить", "а можно побыстрее", "когда будет доставка"} {
		t.Run(text, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			res := w.buy(text, expressItem)
			wantKeys(t, "replies", res.Replies, messages.BadCity, messages.AskCity)
			if s := w.cust.s; s.Step != flows.StepCity || s.Checkout.Delivery.City != "" {
				t.Errorf("step %q, city %q", s.Step, s.Checkout.Delivery.City)
			}
		})
	}
}
