package flows_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
)

const (
	deskUser  = "@aigul (1)"
	otherUser = "@dana (2)"
	// goodTrack is a tracking number the desk accepts.
	goodTrack = "1234567890"
	// oldTrack is the tracking number of a fixture already shipped.
	oldTrack = "CDEK-0000001"
	stockLT  = 4 // LT-101-S in stock in newFlows; fixtures take none
)

// desk is a staff member writing in a staff chat.
type desk struct {
	t    *testing.T
	f    *flows.Flows
	st   *fakeStore
	s    *flows.Session
	user string
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	f, st := newFlows(t)
	return &desk{t: t, f: f, st: st, s: flows.NewSession("ru"), user: deskUser}
}

func (d *desk) do(in flows.Input) flows.Result {
	d.t.Helper()
	in.Chat, in.Staff, in.User = staffChat, true, d.user
	res, err := d.f.Handle(context.Background(), d.st, d.s, in)
	if err != nil {
		d.t.Fatalf("handle %+v: %v", in, err)
	}
	if len(res.Staff) != 0 {
		d.t.Errorf("staff input alerted staff: %v", keysOf(res.Staff))
	}
	checkResult(d.t, res)
	return res
}

func (d *desk) text(s string) flows.Result {
	d.t.Helper()
	return d.do(flows.Input{Kind: flows.TextInput, Text: s})
}

func (d *desk) press(data string) flows.Result {
	d.t.Helper()
	return d.do(flows.Input{Kind: flows.ButtonInput, Data: data})
}

// checkResult fails the test if anything in res, replies to other chats
// included, does not render in its language, or a button's data is not
// fit for Telegram.
func checkResult(t *testing.T, res flows.Result) {
	t.Helper()
	renders(t, res)
	c, err := textCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range res.Others {
		texts := []messages.Text{o.Reply.Text}
		if o.Reply.Subject.Key != "" {
			texts = append(texts, o.Reply.Subject)
		}
		for _, row := range o.Reply.Buttons {
			for _, b := range row {
				texts = append(texts, b.Label)
			}
		}
		for _, x := range texts {
			if _, err := c.Render(o.Lang, x); err != nil {
				t.Errorf("render to %s in %s: %v", o.Chat, o.Lang, err)
			}
		}
	}
	for _, r := range append(slices.Clone(res.Replies), res.Staff...) {
		for _, row := range r.Buttons {
			for _, b := range row {
				if len(b.Data) > 64 || b.Data == "" && b.URL == "" {
					t.Errorf("button %s data %q", b.Label.Key, b.Data)
				}
			}
		}
	}
}

// deskOrder stores order 1 (in a fresh store) of customerChat in a
// status, as it would be: paid unless awaiting payment or cancelled
// unpaid, with a tracking number once shipped. The customer speaks
// Kazakh; the staff session is Russian.
func deskOrder(st *fakeStore, status shop.OrderStatus) shop.Order {
	o := sampleOrder(customerChat)
	o.Lang = shop.Kazakh
	if status != shop.AwaitingPayment && status != shop.Cancelled {
		paidOrder(&o)
	}
	o.Status = status
	if status == shop.Shipped || status == shop.Delivered {
		o.Tracking = oldTrack
	}
	if status == shop.Delivered {
		o.DeliveredAt = testNow.Add(-24 * time.Hour)
	}
	return st.add(o)
}

// deskState is everything a desk action may change.
type deskState struct {
	orders  map[int64]shop.Order
	stock   map[string]int
	refunds []shop.Refund
	events  []shop.OrderEvent
}

func deskStateOf(st *fakeStore) deskState {
	s := deskState{orders: map[int64]shop.Order{}, stock: maps.Clone(st.stock),
		refunds: slices.Clone(st.refunds), events: slices.Clone(st.events)}
	for id, o := range st.orders {
		s.orders[id] = cloneOrder(o)
	}
	return s
}

// unchanged fails the test if the store is not as it was.
func unchanged(t *testing.T, before deskState, st *fakeStore) {
	t.Helper()
	if after := deskStateOf(st); !reflect.DeepEqual(before, after) {
		t.Errorf("the store changed:\n%+v\n%+v", before, after)
	}
}

// buttonData lists a reply's button data, row after row.
func buttonData(r flows.Reply) []string {
	var out []string
	for _, row := range r.Buttons {
		for _, b := range row {
			out = append(out, b.Data)
		}
	}
	return out
}

// wantArgs fails the test unless args has every pair of want.
func wantArgs(t *testing.T, what string, args, want messages.Args) {
	t.Helper()
	for k, v := range want {
		if got, ok := args[k]; !ok || !reflect.DeepEqual(got, v) {
			t.Errorf("%s: %s = %#v, want %#v", what, k, got, v)
		}
	}
}

// cardActions are the card buttons each status allows, for an order
// nobody took yet.
var cardActions = map[shop.OrderStatus][]string{
	shop.AwaitingPayment: {"tk:1", "sc:1"},
	shop.Paid:            {"sm:1:processing", "sh:1", "tk:1", "sc:1"},
	shop.Processing:      {"sh:1", "tk:1", "sc:1"},
	shop.Shipped:         {"sm:1:delivered", "tk:1", "sc:1"},
	shop.Delivered:       nil,
	shop.Cancelled:       nil,
}

var allStatuses = []shop.OrderStatus{shop.AwaitingPayment, shop.Paid, shop.Processing, shop.Shipped, shop.Delivered, shop.Cancelled}

func TestDeskCard(t *testing.T) {
	labels := map[string]messages.Key{"sm:1:processing": messages.BtnStaffProcessing, "sh:1": messages.BtnStaffShip,
		"sm:1:delivered": messages.BtnStaffDelivered, "tk:1": messages.BtnStaffTake, "sc:1": messages.BtnStaffCancel}
	for _, status := range allStatuses {
		for _, claimed := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s claimed %v", status, claimed), func(t *testing.T) {
				d := newDesk(t)
				o := sampleOrder(customerChat)
				o.Lang = shop.Kazakh
				if status != shop.AwaitingPayment && status != shop.Cancelled {
					paidOrder(&o)
				}
				o.Status = status
				if claimed {
					o.ClaimedBy = otherUser
				}
				o = d.st.add(o)
				before := deskStateOf(d.st)
				for _, cmd := range []string{"/order LT-00001", "/order 1", "/order lt1", "/order №1", "/order@letebot LT-00001"} {
					r := only(t, d.text(cmd), messages.StaffOrderCard)
					a := r.Text.Args
					loc := shop.DefaultProfile().Location()
					created, _ := a["Created"].(time.Time)
					if a["Number"] != "LT-00001" || !created.Equal(o.CreatedAt) || created.Location().String() != loc.String() {
						t.Errorf("%s: args %v", cmd, a)
					}
					if got, _ := a["Order"].(shop.Order); !reflect.DeepEqual(got, o) {
						t.Errorf("%s: order %+v, want %+v", cmd, got, o)
					}
					if ev, _ := a["Events"].([]shop.OrderEvent); len(ev) != 0 {
						t.Errorf("%s: events %+v", cmd, ev)
					}
					want := slices.Clone(cardActions[status])
					if claimed {
						want = slices.DeleteFunc(want, func(s string) bool { return s == "tk:1" })
					}
					if got := buttonData(r); !slices.Equal(got, want) {
						t.Errorf("%s: buttons %v, want %v", cmd, got, want)
					}
					for _, row := range r.Buttons {
						for _, b := range row {
							if b.Label.Key != labels[b.Data] {
								t.Errorf("button %q labelled %s", b.Data, b.Label.Key)
							}
						}
					}
					// The card's own button shows it too.
					r2 := only(t, d.press("so:1"), messages.StaffOrderCard)
					if !slices.Equal(buttonData(r2), buttonData(r)) {
						t.Errorf("so:1 buttons %v, /order buttons %v", buttonData(r2), buttonData(r))
					}
				}
				unchanged(t, before, d.st)
			})
		}
	}
}

// TestDeskCardMoney: the card says what went back and what is on its way
// (failed refunds not), and the order's applications.
func TestDeskCardMoney(t *testing.T) {
	d := newDesk(t)
	deskOrder(d.st, shop.Delivered)
	d.st.refunds = []shop.Refund{
		{ID: 1, OrderID: 1, Amount: 9900, Status: shop.RefundDone},
		{ID: 2, OrderID: 1, Amount: 2500, Status: shop.RefundRequested},
		{ID: 3, OrderID: 1, Amount: 700, Status: shop.RefundFailed},
	}
	claim, err := d.st.AddClaim(context.Background(), shop.Claim{OrderID: 1, ChatKey: customerChat, Kind: shop.ClaimReturn, Status: shop.ClaimRefunded})
	if err != nil {
		t.Fatal(err)
	}
	r := only(t, d.text("/order LT-00001"), messages.StaffOrderCard)
	wantArgs(t, "card", r.Text.Args, messages.Args{"Refunded": shop.Money(9900), "Pending": shop.Money(2500)})
	if claims, _ := r.Text.Args["Claims"].([]shop.Claim); len(claims) != 1 || claims[0].ID != claim.ID {
		t.Errorf("claims %+v", r.Text.Args["Claims"])
	}
}

// TestDeskCardHistory: the card lists the audit trail, oldest first, in
// the store's zone, "taken" included.
func TestDeskCardHistory(t *testing.T) {
	d := newDesk(t)
	deskOrder(d.st, shop.Paid)
	only(t, d.text("/take LT-00001"), messages.StaffTaken)
	only(t, d.text("/processing LT-00001"), messages.StaffMoved)
	d.user = otherUser
	only(t, d.text("/ship LT-00001 "+goodTrack), messages.StaffMoved)
	r := only(t, d.text("/order LT-00001"), messages.StaffOrderCard)
	events, _ := r.Text.Args["Events"].([]shop.OrderEvent)
	want := []shop.OrderEvent{
		{OrderID: 1, At: testNow, Actor: deskUser, Action: shop.ActionTaken},
		{OrderID: 1, At: testNow, Actor: deskUser, Action: string(shop.Processing)},
		{OrderID: 1, At: testNow, Actor: otherUser, Action: string(shop.Shipped), Detail: goodTrack},
	}
	if len(events) != len(want) {
		t.Fatalf("events %+v", events)
	}
	loc := shop.DefaultProfile().Location()
	for i, ev := range events {
		if ev.At.Location().String() != loc.String() {
			t.Errorf("event %d at %v, not in %v", i, ev.At, loc)
		}
		if !ev.At.Equal(want[i].At) {
			t.Errorf("event %d at %v", i, ev.At)
		}
		ev.At = want[i].At
		if ev != want[i] {
			t.Errorf("event %d %+v, want %+v", i, ev, want[i])
		}
	}
	o, _ := r.Text.Args["Order"].(shop.Order)
	if o.ClaimedBy != deskUser || o.Tracking != goodTrack || o.Status != shop.Shipped {
		t.Errorf("order %+v", o)
	}
	if got, want := buttonData(r), []string{"sm:1:delivered", "sc:1"}; !slices.Equal(got, want) {
		t.Errorf("buttons %v, want %v", got, want)
	}
}

func TestDeskLookup(t *testing.T) {
	const phoneA, phoneB = "+77771234567", "+77012345678"
	setup := func(st *fakeStore) {
		for i, phone := range []string{phoneA, phoneB, phoneA} {
			o := sampleOrder(fmt.Sprintf("tg:%d", i+1))
			o.Customer.Phone = phone
			o.Customer.Name = []string{"Айгерим Садыкова", "Дана Серикова", "Айгерим"}[i]
			o.Total += shop.Money(i)
			st.add(o)
		}
		st.orders[3] = func(o shop.Order) shop.Order { o.Status = shop.Paid; return o }(st.orders[3])
	}
	for _, c := range []struct {
		text    string
		want    messages.Key
		args    messages.Args
		buttons []string
	}{
		{"/order LT-00002", messages.StaffOrderCard, messages.Args{"Number": "LT-00002"}, []string{"tk:2", "sc:2"}},
		{"/order +7 777 123 45 67", messages.StaffOrdersByPhone, messages.Args{"Phone": phoneA, "Count": 2}, []string{"so:3", "so:1"}},
		{"/order 8 777 123 45 67", messages.StaffOrdersByPhone, messages.Args{"Phone": phoneA, "Count": 2}, []string{"so:3", "so:1"}},
		{"/order 87771234567", messages.StaffOrdersByPhone, messages.Args{"Phone": phoneA, "Count": 2}, []string{"so:3", "so:1"}},
		{"/order +77771234567", messages.StaffOrdersByPhone, messages.Args{"Phone": phoneA, "Count": 2}, []string{"so:3", "so:1"}},
		{"/order 8 701 234 56 78", messages.StaffOrdersByPhone, messages.Args{"Phone": phoneB, "Count": 1}, []string{"so:2"}},
		{"/order +7 705 111 22 33", messages.StaffOrdersByPhone, messages.Args{"Phone": "+77051112233", "Count": 0}, nil},
		{"/order LT-00099", messages.StaffOrderNotFound, messages.Args{"Number": "LT-00099"}, nil},
		{"/order 99", messages.StaffOrderNotFound, messages.Args{"Number": "LT-00099"}, nil},
		{"/order", messages.StaffOrderUsage, nil, nil},
		{"/order abc", messages.StaffOrderUsage, nil, nil},
		{"/order LT-00001 LT-00002", messages.StaffOrderUsage, nil, nil},
		{"/order +7 777", messages.StaffOrderUsage, nil, nil},
		{"/order LT-0", messages.StaffOrderUsage, nil, nil},
	} {
		t.Run(c.text, func(t *testing.T) {
			d := newDesk(t)
			setup(d.st)
			before := deskStateOf(d.st)
			res := d.text(c.text)
			r := only(t, res, c.want)
			wantArgs(t, c.text, r.Text.Args, c.args)
			if got := buttonData(r); !slices.Equal(got, c.buttons) {
				t.Errorf("buttons %v, want %v", got, c.buttons)
			}
			if c.want == messages.StaffOrdersByPhone {
				for _, row := range r.Buttons {
					if len(row) != 1 {
						t.Errorf("row %+v: one order a row", row)
					}
					b := row[0]
					id, _ := shop.ParseOrderNumber(strings.TrimPrefix(b.Data, "so:"))
					o := d.st.orders[id]
					if b.Label.Key != messages.BtnStaffOrder {
						t.Errorf("label %s", b.Label.Key)
					}
					wantArgs(t, b.Data, b.Label.Args, messages.Args{"Number": o.Number(), "Status": string(o.Status), "Total": o.Total})
					// The name, maybe shortened to fit a button.
					if name, _ := b.Label.Args["Name"].(string); !strings.HasPrefix(name, strings.Fields(o.Customer.Name)[0]) {
						t.Errorf("%s: name %q for %q", b.Data, name, o.Customer.Name)
					}
				}
			}
			if len(res.Others) != 0 {
				t.Errorf("others %+v", res.Others)
			}
			unchanged(t, before, d.st)
		})
	}
}

func TestDeskListByStatus(t *testing.T) {
	setup := func(st *fakeStore) {
		for i, status := range []shop.OrderStatus{shop.Paid, shop.AwaitingPayment, shop.Paid, shop.Cancelled, shop.Paid} {
			o := sampleOrder(customerChat)
			o.Status = status
			o.Customer.Name = fmt.Sprintf("Клиент %d", i+1)
			st.add(o)
		}
	}
	paid := []string{"so:5", "so:3", "so:1"}
	for _, c := range []struct {
		text    string
		want    messages.Key
		args    messages.Args
		buttons []string
	}{
		{"/orders paid", messages.StaffOrdersByStatus, messages.Args{"Status": "paid", "Count": 3}, paid},
		{"/orders оплаченные", messages.StaffOrdersByStatus, messages.Args{"Status": "paid", "Count": 3}, paid},
		{"/orders Оплаченные", messages.StaffOrdersByStatus, messages.Args{"Status": "paid", "Count": 3}, paid},
		{"/orders PAID", messages.StaffOrdersByStatus, messages.Args{"Status": "paid", "Count": 3}, paid},
		{"/orders@letebot paid", messages.StaffOrdersByStatus, messages.Args{"Status": "paid", "Count": 3}, paid},
		{"/orders unpaid", messages.StaffOrdersByStatus, messages.Args{"Status": "awaiting_payment", "Count": 1}, []string{"so:2"}},
		{"/orders awaiting_payment", messages.StaffOrdersByStatus, messages.Args{"Status": "awaiting_payment", "Count": 1}, []string{"so:2"}},
		{"/orders отменённые", messages.StaffOrdersByStatus, messages.Args{"Status": "cancelled", "Count": 1}, []string{"so:4"}},
		{"/orders cancelled", messages.StaffOrdersByStatus, messages.Args{"Status": "cancelled", "Count": 1}, []string{"so:4"}},
		{"/orders сборка", messages.StaffOrdersByStatus, messages.Args{"Status": "processing", "Count": 0}, nil},
		{"/orders shipped", messages.StaffOrdersByStatus, messages.Args{"Status": "shipped", "Count": 0}, nil},
		{"/orders доставленные", messages.StaffOrdersByStatus, messages.Args{"Status": "delivered", "Count": 0}, nil},
		{"/orders", messages.StaffOrdersUsage, nil, nil},
		{"/orders bogus", messages.StaffOrdersUsage, nil, nil},
		{"/orders paid shipped", messages.StaffOrdersUsage, nil, nil},
		{"/orders paid,", messages.StaffOrdersUsage, nil, nil},
	} {
		t.Run(c.text, func(t *testing.T) {
			d := newDesk(t)
			setup(d.st)
			before := deskStateOf(d.st)
			r := only(t, d.text(c.text), c.want)
			wantArgs(t, c.text, r.Text.Args, c.args)
			if got := buttonData(r); !slices.Equal(got, c.buttons) {
				t.Errorf("buttons %v, want %v", got, c.buttons)
			}
			for _, row := range r.Buttons {
				if len(row) != 1 || row[0].Label.Key != messages.BtnStaffOrder {
					t.Errorf("row %+v", row)
				}
			}
			unchanged(t, before, d.st)
		})
	}

	t.Run("the latest 20", func(t *testing.T) {
		d := newDesk(t)
		for range 25 {
			o := sampleOrder(customerChat)
			o.Status = shop.Paid
			d.st.add(o)
		}
		r := only(t, d.text("/orders paid"), messages.StaffOrdersByStatus)
		got := buttonData(r)
		if r.Text.Args["Count"] != 20 || len(got) != 20 || got[0] != "so:25" || got[19] != "so:6" {
			t.Errorf("count %v, buttons %v", r.Text.Args["Count"], got)
		}
	})
}

// move is a desk input that moves an order to a status.
type move struct {
	to     shop.OrderStatus
	in     flows.Input
	detail string
}

func deskText(s string) flows.Input { return flows.Input{Kind: flows.TextInput, Text: s} }
func deskBtn(s string) flows.Input  { return flows.Input{Kind: flows.ButtonInput, Data: s} }

var deskMoves = []move{
	{shop.Processing, deskText("/processing LT-00001"), ""},
	{shop.Processing, deskBtn("sm:1:processing"), ""},
	{shop.Shipped, deskText("/ship LT-00001 " + goodTrack), goodTrack},
	{shop.Shipped, deskText("/ship №1 CDEK-ab-12"), "CDEK-ab-12"},
	{shop.Delivered, deskText("/delivered LT-00001"), ""},
	{shop.Delivered, deskBtn("sm:1:delivered"), ""},
	{shop.Cancelled, deskText("/cancel LT-00001 товар с браком"), "товар с браком"},
	{shop.Cancelled, deskText("/cancel lt1   нет в наличии "), "нет в наличии"},
}

func inputName(in flows.Input) string {
	if in.Kind == flows.ButtonInput {
		return "button " + in.Data
	}
	return in.Text
}

// TestDeskMoves tries every move on an order in every status: allowed
// ones (shop.CanMove) change it, record who did it and tell the customer
// in their language; the rest change nothing and tell nobody.
func TestDeskMoves(t *testing.T) {
	profile := shop.DefaultProfile()
	for _, from := range allStatuses {
		for _, m := range deskMoves {
			if from == shop.Shipped && m.to == shop.Shipped && m.detail != oldTrack {
				continue // a correction of the number: TestDeskFixTracking
			}
			t.Run(fmt.Sprintf("%s to %s by %s", from, m.to, inputName(m.in)), func(t *testing.T) {
				d := newDesk(t)
				o := deskOrder(d.st, from)
				before := deskStateOf(d.st)
				res := d.do(m.in)
				if !shop.CanMove(from, m.to) {
					r := only(t, res, messages.StaffCannotMove)
					wantArgs(t, "cannot move", r.Text.Args, messages.Args{"Number": "LT-00001", "From": string(from), "To": string(m.to)})
					if len(res.Others) != 0 {
						t.Errorf("customer told %+v", res.Others)
					}
					unchanged(t, before, d.st)
					return
				}

				paid := o.Payment.TransactionID != 0
				keys := []messages.Key{messages.StaffMoved}
				if m.to == shop.Cancelled && paid {
					keys = append(keys, messages.StaffRefundAsk) // the refund one press away
				}
				wantKeys(t, "moved", res.Replies, keys...)
				r := res.Replies[0]
				wantArgs(t, "moved", r.Text.Args, messages.Args{"Number": "LT-00001", "Status": string(m.to),
					"Detail": m.detail, "By": deskUser, "Refund": m.to == shop.Cancelled && paid})
				if len(r.Buttons) != 0 {
					t.Errorf("buttons %+v", r.Buttons)
				}

				want := o
				want.Status = m.to
				switch m.to {
				case shop.Shipped:
					want.Tracking = m.detail
				case shop.Delivered:
					want.DeliveredAt = testNow
				}
				if got := d.st.orders[1]; !reflect.DeepEqual(got, want) {
					t.Errorf("stored\n%+v\nwant\n%+v", got, want)
				}
				stock := stockLT
				if m.to == shop.Cancelled && from != shop.Shipped {
					stock += 2 // back on sale
				}
				if d.st.stock["LT-101-S"] != stock {
					t.Errorf("stock %d, want %d", d.st.stock["LT-101-S"], stock)
				}
				wantEv := shop.OrderEvent{OrderID: 1, At: testNow, Actor: deskUser, Action: string(m.to), Detail: m.detail}
				if len(d.st.events) != 1 || d.st.events[0] != wantEv {
					t.Errorf("events %+v, want [%+v]", d.st.events, wantEv)
				}
				if !reflect.DeepEqual(d.st.refunds, before.refunds) {
					t.Errorf("refunds %+v", d.st.refunds)
				}

				// Exactly one message, to the order's chat, in its language.
				if len(res.Others) != 1 {
					t.Fatalf("others %+v", res.Others)
				}
				out := res.Others[0]
				if out.Chat != customerChat || out.Lang != shop.Kazakh || out.Reply.MailTo != "" {
					t.Errorf("to %s in %s (%q)", out.Chat, out.Lang, out.Reply.MailTo)
				}
				var key messages.Key
				var args messages.Args
				switch m.to {
				case shop.Processing:
					key, args = messages.OrderProcessingNotice, messages.Args{"Number": "LT-00001"}
				case shop.Shipped:
					key, args = messages.OrderShippedNotice, messages.Args{"Number": "LT-00001", "Tracking": m.detail}
				case shop.Delivered:
					key, args = messages.OrderDeliveredNotice, messages.Args{"Number": "LT-00001", "Days": profile.Refund.WithdrawDays}
				case shop.Cancelled:
					key, args = messages.OrderCancelledNotice, messages.Args{"Number": "LT-00001", "Reason": m.detail, "Paid": paid,
						"Days": profile.Refund.RefundWorkingDays, "Phone": profile.WhatsApp}
				}
				if out.Reply.Text.Key != key {
					t.Errorf("told %s, want %s", out.Reply.Text.Key, key)
				}
				wantArgs(t, string(key), out.Reply.Text.Args, args)
				// Customer buttons, which work in the customer's chat.
				if got := buttonData(out.Reply); !slices.Equal(got, []string{"ord", "m"}) {
					t.Errorf("customer buttons %v", got)
				}
			})
		}
	}
}

// TestDeskWalk: an order's whole life at the desk, paid to delivered,
// every step told to the customer, then nothing more is allowed.
func TestDeskWalk(t *testing.T) {
	d := newDesk(t)
	deskOrder(d.st, shop.Paid)
	steps := []struct {
		in     string
		status shop.OrderStatus
		notice messages.Key
	}{
		{"/take LT-00001", shop.Paid, ""},
		{"/processing LT-00001", shop.Processing, messages.OrderProcessingNotice},
		{"/ship LT-00001 " + goodTrack, shop.Shipped, messages.OrderShippedNotice},
		{"/delivered LT-00001", shop.Delivered, messages.OrderDeliveredNotice},
	}
	for _, s := range steps {
		res := d.text(s.in)
		if got := d.st.orders[1].Status; got != s.status {
			t.Fatalf("%s: status %s, want %s", s.in, got, s.status)
		}
		if s.notice == "" {
			if len(res.Others) != 0 {
				t.Errorf("%s told %+v", s.in, res.Others)
			}
		} else if len(res.Others) != 1 || res.Others[0].Reply.Text.Key != s.notice {
			t.Errorf("%s told %+v", s.in, res.Others)
		}
	}
	o := d.st.orders[1]
	if o.ClaimedBy != deskUser || o.Tracking != goodTrack || !o.DeliveredAt.Equal(testNow) {
		t.Errorf("order %+v", o)
	}
	if len(d.st.events) != 4 {
		t.Errorf("events %+v", d.st.events)
	}
	before := deskStateOf(d.st)
	for _, in := range []string{"/processing LT-00001", "/ship LT-00001 9999999999", "/delivered LT-00001", "/cancel LT-00001 передумали"} {
		res := d.text(in)
		only(t, res, messages.StaffCannotMove)
		if len(res.Others) != 0 {
			t.Errorf("%s told %+v", in, res.Others)
		}
	}
	unchanged(t, before, d.st)
	if r := only(t, d.text("/order LT-00001"), messages.StaffOrderCard); len(r.Buttons) != 0 {
		t.Errorf("a delivered order's card has buttons %v", buttonData(r))
	}
}

// TestDeskRefundFlag: StaffMoved asks for a refund only when a paid
// order is cancelled.
func TestDeskRefundFlag(t *testing.T) {
	for _, c := range []struct {
		from   shop.OrderStatus
		order  func(o *shop.Order)
		refund bool
	}{
		{shop.AwaitingPayment, nil, false},
		{shop.Paid, nil, true},
		{shop.Processing, nil, true},
		{shop.Shipped, nil, true},
		{shop.Paid, func(o *shop.Order) { o.Payment.Authorized = true }, true},
		// The TEST page's payments are refunded as others, by the test
		// provider, so a shop trying the bot sees the whole way.
		{shop.Paid, func(o *shop.Order) { o.Payment.Test = true }, true},
	} {
		t.Run(string(c.from), func(t *testing.T) {
			d := newDesk(t)
			deskOrder(d.st, c.from)
			if c.order != nil {
				o := d.st.orders[1]
				c.order(&o)
				d.st.orders[1] = o
			}
			res := d.text("/cancel LT-00001 нет в наличии")
			want := []messages.Key{messages.StaffMoved}
			if c.refund {
				want = append(want, messages.StaffRefundAsk)
			}
			wantKeys(t, "cancelled", res.Replies, want...)
			r := res.Replies[0]
			if r.Text.Args["Refund"] != c.refund {
				t.Errorf("Refund %v, want %v", r.Text.Args["Refund"], c.refund)
			}
			if len(res.Others) != 1 || res.Others[0].Reply.Text.Args["Paid"] != c.refund {
				t.Errorf("customer told %+v", res.Others)
			}
			if len(d.st.refunds) != 0 {
				t.Errorf("a cancel refunded by itself: %+v", d.st.refunds)
			}
		})
	}

	// Money already given back, or on its way, is not asked for again.
	for _, c := range []struct {
		name    string
		amount  shop.Money
		status  shop.RefundStatus
		refund  bool
		refunds int
	}{
		{"refunded whole", orderTotal, shop.RefundDone, false, 1},
		{"whole refund requested", orderTotal, shop.RefundRequested, false, 1},
		{"refunded in part", 5000, shop.RefundDone, true, 1},
		{"refund failed", orderTotal, shop.RefundFailed, true, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newDesk(t)
			deskOrder(d.st, shop.Paid)
			d.st.refunds = []shop.Refund{{ID: 1, OrderID: 1, TransactionID: firstTx, Amount: c.amount, Status: c.status}}
			res := d.text("/cancel LT-00001 нет в наличии")
			want := []messages.Key{messages.StaffMoved}
			if c.refund {
				want = append(want, messages.StaffRefundAsk)
			}
			wantKeys(t, "cancelled", res.Replies, want...)
			r := res.Replies[0]
			if r.Text.Args["Refund"] != c.refund {
				t.Errorf("Refund %v, want %v", r.Text.Args["Refund"], c.refund)
			}
			if len(res.Others) != 1 || res.Others[0].Reply.Text.Args["Paid"] != c.refund {
				t.Errorf("customer told %+v", res.Others)
			}
			if len(d.st.refunds) != c.refunds {
				t.Errorf("refunds %+v", d.st.refunds)
			}
		})
	}
}

// TestDeskShippedMail: with an e-mail channel, the tracking number also
// goes to the customer's e-mail, when there is one.
func TestDeskShippedMail(t *testing.T) {
	for _, email := range []string{"a@example.kz", ""} {
		t.Run(fmt.Sprintf("e-mail %q", email), func(t *testing.T) {
			_, st := newFlows(t)
			cats, products := catalogfile.Sample()
			cat, err := shop.NewCatalog(cats, products)
			if err != nil {
				t.Fatal(err)
			}
			profile := shop.DefaultProfile()
			f := flows.New(flows.Config{
				Catalog: func() *shop.Catalog { return cat }, Profile: profile,
				Delivery: shop.FallbackQuoter{Profile: profile}, Clock: shop.FixedClock{T: testNow}, Mail: true,
			})
			o := sampleOrder(customerChat)
			o.Lang = shop.Kazakh
			paidOrder(&o)
			o.Customer.Email = email
			st.add(o)
			d := &desk{t: t, f: f, st: st, s: flows.NewSession("ru"), user: deskUser}
			res := d.text("/ship LT-00001 " + goodTrack)
			only(t, res, messages.StaffMoved)
			if len(res.Others) == 0 || res.Others[0].Chat != customerChat || res.Others[0].Reply.Text.Key != messages.OrderShippedNotice {
				t.Fatalf("others %+v", res.Others)
			}
			notice := res.Others[0].Reply.Text.Args
			if email == "" {
				if len(res.Others) != 1 || notice["Mail"] != false {
					t.Errorf("no e-mail, yet others %+v", res.Others)
				}
				return
			}
			if notice["Mail"] != true || len(res.Others) != 2 {
				t.Fatalf("others %+v", res.Others)
			}
			m := res.Others[1]
			if m.Reply.MailTo != email || m.Lang != shop.Kazakh || m.Reply.Subject.Key == "" || m.Chat == customerChat {
				t.Errorf("e-mail %+v", m)
			}
			if m.Reply.Text.Args["Tracking"] != goodTrack {
				t.Errorf("e-mail args %v", m.Reply.Text.Args)
			}

			// A number corrected goes where the wrong one went.
			res = d.text("/ship LT-00001 9876543210")
			only(t, res, messages.StaffTrackingFixed)
			if len(res.Others) != 2 || res.Others[1].Reply.MailTo != email || res.Others[1].Reply.Text.Args["Tracking"] != "9876543210" {
				t.Errorf("corrected: others %+v", res.Others)
			}
		})
	}
}

// TestDeskUsage: a command missing what it needs, or a bad tracking
// number, shows how to write it and changes nothing.
func TestDeskUsage(t *testing.T) {
	for _, c := range []struct {
		from shop.OrderStatus
		text string
		want messages.Key
		args messages.Args
	}{
		{shop.Paid, "/ship LT-00001 12", messages.StaffShipUsage, nil},
		{shop.Paid, "/ship LT-00001 трек 123", messages.StaffShipUsage, nil},
		{shop.Paid, "/ship LT-00001 " + strings.Repeat("1", 41), messages.StaffShipUsage, nil},
		{shop.Processing, "/ship LT-00001 12345", messages.StaffShipUsage, nil},
		{shop.Processing, "/ship LT-00001 трек123456", messages.StaffShipUsage, nil},
		{shop.Processing, "/ship LT-00001 1234_56789", messages.StaffShipUsage, nil},
		{shop.Processing, "/ship LT-00001 №1234567", messages.StaffShipUsage, nil},
		{shop.Processing, "/ship LT-00001", messages.StaffShipUsage, nil},
		{shop.Processing, "/ship", messages.StaffShipUsage, nil},
		{shop.Processing, "/ship 1234567890", messages.StaffShipUsage, nil},
		{shop.Processing, "/ship abc 1234567890", messages.StaffShipUsage, nil},
		{shop.Processing, "/ship LT-00001 12345678 90", messages.StaffShipUsage, nil},
		{shop.Processing, "/ship LT-00001 " + strings.TrimPrefix(sampleOrder(customerChat).Customer.Phone, "+"), messages.StaffTrackingIsPhone, nil},
		{shop.Shipped, "/ship LT-00001 12345678 90", messages.StaffShipUsage, nil},
		{shop.Shipped, "/ship LT-00001 трек", messages.StaffShipUsage, nil},
		{shop.Paid, "/processing", messages.StaffMoveUsage, nil},
		{shop.Paid, "/processing abc", messages.StaffMoveUsage, nil},
		{shop.Shipped, "/delivered", messages.StaffMoveUsage, nil},
		{shop.Paid, "/cancel LT-00001", messages.StaffCancelUsage, nil},
		{shop.Paid, "/cancel", messages.StaffCancelUsage, nil},
		{shop.Paid, "/cancel брак", messages.StaffCancelUsage, nil},
		{shop.Paid, "/take", messages.StaffMoveUsage, nil},
		{shop.Paid, "/processing LT-00099", messages.StaffOrderNotFound, messages.Args{"Number": "LT-00099"}},
		{shop.Paid, "/ship LT-00099 " + goodTrack, messages.StaffOrderNotFound, messages.Args{"Number": "LT-00099"}},
		{shop.Shipped, "/delivered LT-00099", messages.StaffOrderNotFound, messages.Args{"Number": "LT-00099"}},
		{shop.Paid, "/cancel LT-00099 брак", messages.StaffOrderNotFound, messages.Args{"Number": "LT-00099"}},
		{shop.Paid, "/take LT-00099", messages.StaffOrderNotFound, messages.Args{"Number": "LT-00099"}},
		{shop.Paid, "/unknown LT-00001", messages.StaffUnknownCommand, nil},
		{shop.Paid, "processing LT-00001", "", nil}, // not a command: staff talk
	} {
		t.Run(c.text, func(t *testing.T) {
			d := newDesk(t)
			deskOrder(d.st, c.from)
			before := deskStateOf(d.st)
			res := d.text(c.text)
			if c.want == "" {
				if len(res.Replies) != 0 {
					t.Errorf("answered %v", keysOf(res.Replies))
				}
			} else {
				r := only(t, res, c.want)
				wantArgs(t, c.text, r.Text.Args, c.args)
				if len(r.Buttons) != 0 {
					t.Errorf("buttons %v", buttonData(r))
				}
			}
			if len(res.Others) != 0 {
				t.Errorf("customer told %+v", res.Others)
			}
			unchanged(t, before, d.st)
		})
	}
}

// TestDeskFixTracking: /ship again with another number corrects a shipped
// order's tracking number, recorded in its trail, and the customer gets
// the right one; the same number again changes nothing.
func TestDeskFixTracking(t *testing.T) {
	d := newDesk(t)
	deskOrder(d.st, shop.Shipped)
	res := d.text("/ship LT-00001 " + goodTrack)
	r := only(t, res, messages.StaffTrackingFixed)
	wantArgs(t, "fixed", r.Text.Args, messages.Args{"Number": "LT-00001", "Old": oldTrack, "Tracking": goodTrack})
	if o := d.st.orders[1]; o.Status != shop.Shipped || o.Tracking != goodTrack {
		t.Errorf("order %s %q", o.Status, o.Tracking)
	}
	if len(d.st.events) != 1 || d.st.events[0].Detail != goodTrack || d.st.events[0].Action != "tracking_fixed" {
		t.Errorf("events %+v", d.st.events)
	}
	if len(res.Others) != 1 || res.Others[0].Chat != customerChat || res.Others[0].Reply.Text.Key != messages.OrderTrackingFixedNotice {
		t.Fatalf("customer told %+v", res.Others)
	}
	wantArgs(t, "told", res.Others[0].Reply.Text.Args, messages.Args{"Number": "LT-00001", "Tracking": goodTrack})
	before := deskStateOf(d.st)
	only(t, d.text("/ship LT-00001 "+goodTrack), messages.StaffCannotMove)
	unchanged(t, before, d.st)
}

// TestDeskTrackingBounds: 6 and 40 characters are tracking numbers.
func TestDeskTrackingBounds(t *testing.T) {
	for _, tr := range []string{"123456", strings.Repeat("A", 40), "cdek-1"} {
		d := newDesk(t)
		deskOrder(d.st, shop.Processing)
		only(t, d.text("/ship LT-00001 "+tr), messages.StaffMoved)
		if o := d.st.orders[1]; o.Status != shop.Shipped || o.Tracking != tr {
			t.Errorf("%s: order %s %q", tr, o.Status, o.Tracking)
		}
	}
}

// TestDeskCancelReasonAsTyped: the customer is told the reason as staff
// typed it, however long and on however many lines.
func TestDeskCancelReasonAsTyped(t *testing.T) {
	for _, c := range []struct{ name, text, reason string }{
		{"two lines", "/cancel LT-00001 товар с браком\nзамены нет", "товар с браком\nзамены нет"},
		{"number in the reason", "/cancel 1 1 штука с браком", "1 штука с браком"},
		// A reason a customer deserves: the command is over 64 bytes.
		{"long reason", "/cancel LT-00001 к сожалению, платье этого размера оказалось с браком, замены нет",
			"к сожалению, платье этого размера оказалось с браком, замены нет"},
		{"order number on the next line", "/cancel\nLT-00001 товар с браком", "товар с браком"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newDesk(t)
			deskOrder(d.st, shop.Paid)
			res := d.text(c.text)
			if len(res.Replies) == 0 || res.Replies[0].Text.Key != messages.StaffMoved {
				t.Fatalf("replies %v, want %s first; order %s", keysOf(res.Replies), messages.StaffMoved, d.st.orders[1].Status)
			}
			if got := res.Replies[0].Text.Args["Detail"]; got != c.reason {
				t.Errorf("detail %q, want %q", got, c.reason)
			}
			if len(res.Others) != 1 || res.Others[0].Reply.Text.Args["Reason"] != c.reason {
				t.Errorf("customer told %+v", res.Others)
			}
			if len(d.st.events) != 1 || d.st.events[0].Detail != c.reason {
				t.Errorf("events %+v", d.st.events)
			}
		})
	}
}

func TestDeskButtons(t *testing.T) {
	t.Run("ship and cancel ask for what to type", func(t *testing.T) {
		for _, c := range []struct {
			data string
			want messages.Key
		}{
			{"sh:1", messages.StaffShipUsage},
			{"sc:1", messages.StaffCancelUsage},
		} {
			d := newDesk(t)
			deskOrder(d.st, shop.Paid)
			before := deskStateOf(d.st)
			res := d.press(c.data)
			r := only(t, res, c.want)
			wantArgs(t, c.data, r.Text.Args, messages.Args{"Number": "LT-00001"})
			if len(res.Others) != 0 {
				t.Errorf("customer told %+v", res.Others)
			}
			unchanged(t, before, d.st)
		}
	})

	t.Run("forged or stale", func(t *testing.T) {
		for _, data := range []string{
			"sm:1:paid", "sm:1:shipped", "sm:1:cancelled", "sm:1:awaiting_payment", "sm:1:PROCESSING", "sm:1:",
			"sm:x:processing", "sm:0:processing", "sm:-1:processing", "sm::processing", "sm:1", "sm", "sm:1:processing:x",
			"so", "so:x", "so:1:x", "tk", "tk:x", "tk:1:x", "sh:x", "sh:1:x", "sc:0", "sc:1:x", "so:99999999999999999999",
		} {
			d := newDesk(t)
			deskOrder(d.st, shop.Paid)
			before := deskStateOf(d.st)
			res := d.press(data)
			if len(res.Replies) != 1 || res.Replies[0].Text.Key != messages.StaffStaleButton {
				t.Errorf("%q: replies %v", data, keysOf(res.Replies))
			}
			if len(res.Others) != 0 {
				t.Errorf("%q: customer told %+v", data, res.Others)
			}
			unchanged(t, before, d.st)
		}
	})

	t.Run("a button for another order", func(t *testing.T) {
		d := newDesk(t)
		deskOrder(d.st, shop.Paid)
		for _, data := range []string{"sm:99:processing", "sm:99:delivered", "tk:99", "so:99"} {
			before := deskStateOf(d.st)
			r := only(t, d.press(data), messages.StaffOrderNotFound)
			wantArgs(t, data, r.Text.Args, messages.Args{"Number": "LT-00099"})
			unchanged(t, before, d.st)
		}
	})

	t.Run("pressed twice", func(t *testing.T) {
		d := newDesk(t)
		deskOrder(d.st, shop.Paid)
		only(t, d.press("sm:1:processing"), messages.StaffMoved)
		before := deskStateOf(d.st)
		res := d.press("sm:1:processing")
		only(t, res, messages.StaffCannotMove)
		if len(res.Others) != 0 {
			t.Errorf("customer told twice: %+v", res.Others)
		}
		unchanged(t, before, d.st)
	})
}

func TestDeskTake(t *testing.T) {
	d := newDesk(t)
	deskOrder(d.st, shop.Paid)
	res := d.text("/take LT-00001")
	r := only(t, res, messages.StaffTaken)
	wantArgs(t, "taken", r.Text.Args, messages.Args{"Number": "LT-00001", "By": deskUser})
	if len(res.Others) != 0 {
		t.Errorf("customer told %+v", res.Others)
	}
	o := d.st.orders[1]
	if o.ClaimedBy != deskUser || o.Status != shop.Paid {
		t.Errorf("order %s claimed by %q", o.Status, o.ClaimedBy)
	}
	want := []shop.OrderEvent{{OrderID: 1, At: testNow, Actor: deskUser, Action: shop.ActionTaken}}
	if !slices.Equal(d.st.events, want) {
		t.Errorf("events %+v, want %+v", d.st.events, want)
	}

	// The first one wins, by command or by button, the same member too.
	before := deskStateOf(d.st)
	for _, user := range []string{otherUser, deskUser} {
		d.user = user
		for _, in := range []flows.Input{deskText("/take LT-00001"), deskBtn("tk:1")} {
			res := d.do(in)
			r := only(t, res, messages.StaffAlreadyTaken)
			wantArgs(t, "already", r.Text.Args, messages.Args{"Number": "LT-00001", "By": deskUser})
			if len(res.Others) != 0 {
				t.Errorf("customer told %+v", res.Others)
			}
		}
	}
	unchanged(t, before, d.st)

	// Whoever took it, anyone may move it, and the claim stays.
	d.user = otherUser
	only(t, d.press("sm:1:processing"), messages.StaffMoved)
	if o := d.st.orders[1]; o.ClaimedBy != deskUser || o.Status != shop.Processing {
		t.Errorf("order %s claimed by %q", o.Status, o.ClaimedBy)
	}

	// By button, on another order.
	d2 := newDesk(t)
	deskOrder(d2.st, shop.AwaitingPayment)
	d2.user = otherUser
	only(t, d2.press("tk:1"), messages.StaffTaken)
	if o := d2.st.orders[1]; o.ClaimedBy != otherUser || o.Status != shop.AwaitingPayment {
		t.Errorf("order %s claimed by %q", o.Status, o.ClaimedBy)
	}
}

// TestDeskFromCustomers: desk commands and buttons from a customer's chat,
// the order's owner included and whatever User says, change nothing, say
// nothing of staff, and message nobody else.
func TestDeskFromCustomers(t *testing.T) {
	texts := []struct {
		text string
		want messages.Key // what a customer is answered
	}{
		{"/order LT-00001", messages.UnknownCommand},
		{"/order +7 777 123 45 67", messages.UnknownCommand},
		{"/processing LT-00001", messages.UnknownCommand},
		{"/ship LT-00001 " + goodTrack, messages.UnknownCommand},
		{"/delivered LT-00002", messages.UnknownCommand},
		{"/take LT-00001", messages.UnknownCommand},
		// Customer commands of the same name keep their customer meaning.
		{"/orders paid", messages.OrdersList},
		{"/cancel LT-00001 товар с браком", messages.MenuTitle},
	}
	buttons := []string{"sm:1:processing", "sm:2:delivered", "tk:1", "sh:1", "sc:1", "so:1", "sc:2", "so:2"}
	for _, chat := range []string{customerChat, "tg:2"} {
		for _, user := range []string{"", deskUser} {
			t.Run(fmt.Sprintf("%s as %q", chat, user), func(t *testing.T) {
				f, st := newFlows(t)
				deskOrder(st, shop.Paid) // 1
				o := sampleOrder(customerChat)
				paidOrder(&o)
				o.Status, o.Tracking = shop.Shipped, oldTrack
				st.add(o) // 2
				c := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: chat}
				c.text("/start")
				check := func(what string, res flows.Result, want messages.Key) {
					t.Helper()
					if !hasText(res, want) {
						t.Errorf("%s: replies %v, want %s", what, keysOf(res.Replies), want)
					}
					for _, r := range append(slices.Clone(res.Replies), res.Staff...) {
						if strings.HasPrefix(string(r.Text.Key), "staff.") {
							t.Errorf("%s was answered %s", what, r.Text.Key)
						}
						for _, row := range r.Buttons {
							for _, b := range row {
								if strings.HasPrefix(string(b.Label.Key), "btn.staff_") {
									t.Errorf("%s: staff button %s", what, b.Data)
								}
							}
						}
					}
					if len(res.Staff) != 0 || len(res.Others) != 0 {
						t.Errorf("%s: staff %v, others %+v", what, keysOf(res.Staff), res.Others)
					}
				}
				before := deskStateOf(st)
				for _, x := range texts {
					want := x.want
					if want == messages.OrdersList && chat != customerChat {
						want = messages.OrdersNone
					}
					check(x.text, c.do(flows.Input{Kind: flows.TextInput, Text: x.text, User: user}), want)
				}
				for _, data := range buttons {
					check(data, c.do(flows.Input{Kind: flows.ButtonInput, Data: data, User: user}), messages.StaleButton)
				}
				unchanged(t, before, st)
			})
		}
	}
}

// TestDeskCustomerView: the customer's order view shows what happened to
// the order, and the tracking number, but not who on staff did it.
func TestDeskCustomerView(t *testing.T) {
	d := newDesk(t)
	deskOrder(d.st, shop.Paid)
	d.user = otherUser
	only(t, d.text("/take LT-00001"), messages.StaffTaken)
	d.user = deskUser
	only(t, d.press("sm:1:processing"), messages.StaffMoved)
	only(t, d.text("/ship LT-00001 "+goodTrack), messages.StaffMoved)

	c := &walker{t: t, f: d.f, st: d.st, s: flows.NewSession("kk"), chat: customerChat}
	c.text("/start")
	res := c.do(flows.Input{Kind: flows.ButtonInput, Data: "ord:1"})
	checkResult(t, res)
	r := replyOf(t, res.Replies, messages.OrderView)
	if o, _ := r.Text.Args["Order"].(shop.Order); o.Tracking != goodTrack || o.Status != shop.Shipped {
		t.Errorf("order %s %q", o.Status, o.Tracking)
	}
	h := reflect.ValueOf(r.Text.Args["History"])
	if h.Kind() != reflect.Slice || h.Len() != 2 {
		t.Fatalf("history %#v", r.Text.Args["History"])
	}
	loc := shop.DefaultProfile().Location()
	for i, want := range []shop.OrderStatus{shop.Processing, shop.Shipped} {
		line := h.Index(i)
		if s := line.FieldByName("Status"); !s.IsValid() || s.String() != string(want) {
			t.Errorf("line %d: %+v, want %s", i, line.Interface(), want)
		}
		at, _ := line.FieldByName("At").Interface().(time.Time)
		if !at.Equal(testNow) || at.Location().String() != loc.String() {
			t.Errorf("line %d at %v", i, at)
		}
		// Nothing names the staff member.
		for j := range line.NumField() {
			if f := line.Field(j); f.Kind() == reflect.String && strings.Contains(f.String(), "@") {
				t.Errorf("line %d names %q", i, f.String())
			}
		}
	}
	// Another customer still cannot see it.
	o := &walker{t: t, f: d.f, st: d.st, s: flows.NewSession("ru"), chat: "tg:2"}
	o.text("/start")
	if res := o.do(flows.Input{Kind: flows.ButtonInput, Data: "ord:1"}); !hasText(res, messages.OrderNotFound) {
		t.Errorf("another chat: %v", keysOf(res.Replies))
	}

	// An order nobody touched has no history.
	deskOrder(d.st, shop.AwaitingPayment)
	res = c.do(flows.Input{Kind: flows.ButtonInput, Data: "ord:2"})
	r = replyOf(t, res.Replies, messages.OrderView)
	if h := reflect.ValueOf(r.Text.Args["History"]); h.Len() != 0 {
		t.Errorf("history %#v", r.Text.Args["History"])
	}
}

// TestDeskAlerts: the staff alerts for a new order and for a payment carry
// the order card's buttons, and they work in a staff chat.
func TestDeskAlerts(t *testing.T) {
	t.Run("new order", func(t *testing.T) {
		f, st := newFlows(t)
		w := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: customerChat}
		order(t, w)
		r := replyOf(t, w.last.Staff, messages.StaffNewOrder)
		if got, want := buttonData(r), []string{"tk:1", "sc:1"}; !slices.Equal(got, want) {
			t.Errorf("buttons %v, want %v", got, want)
		}
		d := &desk{t: t, f: f, st: st, s: flows.NewSession("ru"), user: deskUser}
		only(t, d.press("tk:1"), messages.StaffTaken)
	})

	for _, c := range []struct {
		name   string
		status shop.OrderStatus
		staff  messages.Key
	}{
		{"paid", shop.AwaitingPayment, messages.StaffPaid},
		{"late payment revives", shop.Cancelled, messages.StaffLatePaymentRevived},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, st := newFlows(t)
			deskOrder(st, c.status)
			ev := payEv(firstTx, orderTotal)
			ev.OrderID, ev.Payment.OrderID = 1, 1
			res, err := f.Handle(context.Background(), st, flows.NewSession("kk"),
				flows.Input{Chat: customerChat, Kind: flows.EventInput, Event: &ev})
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, res)
			r := replyOf(t, res.Staff, c.staff)
			if got, want := buttonData(r), cardActions[shop.Paid]; !slices.Equal(got, want) {
				t.Errorf("buttons %v, want %v", got, want)
			}
			if len(res.Others) != 0 {
				t.Errorf("others %+v", res.Others)
			}
			d := &desk{t: t, f: f, st: st, s: flows.NewSession("ru"), user: deskUser}
			only(t, d.press("sm:1:processing"), messages.StaffMoved)
			if st.orders[1].Status != shop.Processing {
				t.Errorf("status %s", st.orders[1].Status)
			}
		})
	}
}

func TestDeskStoreErrors(t *testing.T) {
	dbDown := errors.New("db down")
	for _, c := range []struct {
		method string
		from   shop.OrderStatus
		in     flows.Input
	}{
		{"ByPhone", shop.Paid, deskText("/order +7 777 123 45 67")},
		{"ByStatus", shop.Paid, deskText("/orders paid")},
		{"Find", shop.Paid, deskText("/order LT-00001")},
		{"Events", shop.Paid, deskText("/order LT-00001")},
		{"Events", shop.Paid, deskBtn("so:1")},
		{"Find", shop.Paid, deskText("/processing LT-00001")},
		{"Update", shop.Paid, deskText("/processing LT-00001")},
		{"AddEvent", shop.Paid, deskText("/processing LT-00001")},
		{"Update", shop.Processing, deskText("/ship LT-00001 " + goodTrack)},
		{"AddEvent", shop.Shipped, deskBtn("sm:1:delivered")},
		{"ReleaseStock", shop.Paid, deskText("/cancel LT-00001 брак")},
		{"Update", shop.Paid, deskText("/cancel LT-00001 брак")},
		{"Refunds", shop.Paid, deskText("/cancel LT-00001 брак")},
		{"Find", shop.Paid, deskBtn("tk:1")},
		{"Update", shop.Paid, deskText("/take LT-00001")},
		{"AddEvent", shop.Paid, deskText("/take LT-00001")},
	} {
		t.Run(c.method+" "+inputName(c.in), func(t *testing.T) {
			f, st := newFlows(t)
			deskOrder(st, c.from)
			st.failOn = func(m string) error {
				if m == c.method {
					return dbDown
				}
				return nil
			}
			in := c.in
			in.Chat, in.Staff, in.User = staffChat, true, deskUser
			if _, err := f.Handle(context.Background(), st, flows.NewSession("ru"), in); !errors.Is(err, dbDown) {
				t.Errorf("want the store's error, got %v", err)
			}
		})
	}
	t.Run("customer view", func(t *testing.T) {
		f, st := newFlows(t)
		deskOrder(st, shop.Shipped)
		st.failOn = func(m string) error {
			if m == "Events" {
				return dbDown
			}
			return nil
		}
		s := flows.NewSession("ru")
		s.Seen = testNow
		_, err := f.Handle(context.Background(), st, s, flows.Input{Chat: customerChat, Kind: flows.ButtonInput, Data: "ord:1"})
		if !errors.Is(err, dbDown) {
			t.Errorf("want the store's error, got %v", err)
		}
	})
}

// TestDeskCancelThenLatePayment: an unpaid order staff cancelled for a
// reason stays cancelled when money comes after all; staff are asked to
// refund it. One the bot cancelled for want of payment comes back.
func TestDeskCancelThenLatePayment(t *testing.T) {
	for _, c := range []struct {
		name     string
		cancel   func(d *desk, st *fakeStore) // how the order came to be cancelled
		customer messages.Key
		staff    messages.Key
		status   shop.OrderStatus
	}{
		{"by staff", func(d *desk, _ *fakeStore) { d.text("/cancel LT-00001 товар с браком") },
			messages.PaymentAfterCancel, messages.StaffLatePaymentRefund, shop.Cancelled},
		{"expired", func(d *desk, st *fakeStore) {
			in := flows.Input{Chat: customerChat, Kind: flows.EventInput, Event: &flows.Event{Kind: flows.EventExpired, OrderID: 1}}
			if _, err := d.f.Handle(context.Background(), st, flows.NewSession("kk"), in); err != nil {
				t.Fatal(err)
			}
		}, messages.PaymentLateRevived, messages.StaffLatePaymentRevived, shop.Paid},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newDesk(t)
			deskOrder(d.st, shop.AwaitingPayment)
			c.cancel(d, d.st)
			if o, _ := d.st.Find(context.Background(), 1); o.Status != shop.Cancelled {
				t.Fatalf("status %s after the cancellation", o.Status)
			}
			in := flows.Input{Chat: customerChat, Kind: flows.EventInput, Event: &flows.Event{Kind: flows.EventPayment, OrderID: 1,
				Payment: shop.PaymentEvent{Kind: shop.PaymentPaid, TransactionID: 7001, Amount: orderTotal, Currency: "KZT", CardLastFour: card}}}
			res, err := d.f.Handle(context.Background(), d.st, flows.NewSession("kk"), in)
			if err != nil {
				t.Fatal(err)
			}
			if got := keysOf(res.Replies); !slices.Equal(got, []messages.Key{c.customer}) {
				t.Errorf("customer told %v, want %v", got, c.customer)
			}
			if got := keysOf(res.Staff); !slices.Equal(got, []messages.Key{c.staff}) {
				t.Errorf("staff told %v, want %v", got, c.staff)
			}
			o, _ := d.st.Find(context.Background(), 1)
			if o.Status != c.status || o.Payment.TransactionID != 7001 {
				t.Errorf("order %s, payment %+v; want %s, paid by 7001", o.Status, o.Payment, c.status)
			}
		})
	}
}
