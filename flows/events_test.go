package flows_test

import (
	"context"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// testNow is the fixed clock of newFlows.
var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

const (
	customerChat = "tg:1"
	payURL       = "https://pay.example/LT-00001"
	orderTotal   = shop.Money(37800) // 2 x 18 900
	firstTx      = int64(1001)
	card         = "4242"
)

var textCatalog = sync.OnceValues(messages.New)

// renders fails the test if a reply, a staff alert or a button label does
// not render in both languages: a missing or misnamed argument.
func renders(t *testing.T, res flows.Result) {
	t.Helper()
	c, err := textCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range append(slices.Clone(res.Replies), res.Staff...) {
		texts := []messages.Text{r.Text}
		for _, row := range r.Buttons {
			for _, b := range row {
				texts = append(texts, b.Label)
			}
		}
		for _, lang := range []shop.Lang{shop.Russian, shop.Kazakh} {
			for _, x := range texts {
				if _, err := c.Render(lang, x); err != nil {
					t.Errorf("render: %v", err)
				}
			}
		}
	}
}

// keysOf lists the replies' text keys in order.
func keysOf(rs []flows.Reply) []messages.Key {
	var out []messages.Key
	for _, r := range rs {
		out = append(out, r.Text.Key)
	}
	return out
}

// replyOf returns the reply with this key, failing the test without one.
func replyOf(t *testing.T, rs []flows.Reply, key messages.Key) flows.Reply {
	t.Helper()
	for _, r := range rs {
		if r.Text.Key == key {
			return r
		}
	}
	t.Fatalf("no %s among %v", key, keysOf(rs))
	return flows.Reply{}
}

// urlButton returns the reply's button with this label key and a URL.
func urlButton(r flows.Reply, key messages.Key) (flows.Button, bool) {
	for _, row := range r.Buttons {
		for _, b := range row {
			if b.Label.Key == key && b.URL != "" {
				return b, true
			}
		}
	}
	return flows.Button{}, false
}

// sampleOrder is an order of two LT-101-S dresses, an hour old, awaiting
// payment by a link already sent.
func sampleOrder(chat string) shop.Order {
	return shop.Order{
		ChatKey: chat, Lang: shop.Russian, Status: shop.AwaitingPayment,
		Customer: shop.Customer{Name: "Айгерим Садыкова", Phone: "+77771234567", Email: "a@example.kz"},
		Delivery: shop.Delivery{Method: shop.PickupPoint, City: "Астана", Address: "ПВЗ СДЭК, ул. Абая 2",
			Quote: shop.DeliveryQuote{Free: true}},
		Items: []shop.OrderItem{{VariantID: "LT-101-S", SKU: "LT-101", Name: "Платье миди с поясом",
			Size: "S", Price: 18900, Qty: 2}},
		GoodsTotal: orderTotal, Total: orderTotal,
		CreatedAt: testNow.Add(-time.Hour),
		Payment:   shop.Payment{LinkURL: payURL, LinkSentAt: testNow.Add(-time.Hour)},
	}
}

// paidOrder makes o paid by firstTx.
func paidOrder(o *shop.Order) {
	o.Status = shop.Paid
	o.Payment.TransactionID, o.Payment.Amount, o.Payment.CardLastFour = firstTx, orderTotal, card
	o.Payment.PaidAt = testNow.Add(-30 * time.Minute)
}

// authorizedOrder makes o paid by firstTx in two stages: held on the card,
// not yet captured.
func authorizedOrder(o *shop.Order) {
	paidOrder(o)
	o.Payment.Authorized = true
}

// Event builders; order id 0 means the case's order.

// payStatusEv is payEv with the provider's payment status.
func payStatusEv(tx int64, amount shop.Money, status string) flows.Event {
	ev := payEv(tx, amount)
	ev.Payment.Status = status
	return ev
}

// confirmEv reports a two-stage payment captured.
func confirmEv(tx int64) flows.Event {
	return flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentConfirmed,
		TransactionID: tx, Amount: orderTotal, Currency: "KZT", Status: "Completed"}}
}

// voidEv reports a two-stage payment's hold released.
func voidEv(tx int64) flows.Event {
	return flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentVoided,
		TransactionID: tx, Amount: orderTotal, Currency: "KZT", Status: "Cancelled"}}
}

func payEv(tx int64, amount shop.Money) flows.Event {
	return flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentPaid,
		TransactionID: tx, Amount: amount, Currency: "KZT", CardLastFour: card}}
}

func declineEv(tx int64, group shop.DeclineGroup) flows.Event {
	return flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentDeclined,
		TransactionID: tx, Amount: orderTotal, Currency: "KZT", Decline: group, ReasonCode: 5051, CardLastFour: card}}
}

func refundEv(tx int64, amount shop.Money) flows.Event {
	return flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentRefunded,
		TransactionID: tx, PaymentTransactionID: firstTx, Amount: amount, Currency: "KZT"}}
}

// cabinetRefund fails the test unless refund i is refundEv(3001, 5000)
// made in the provider's cabinet, stored as done, and the order is left
// paid as it was.
func cabinetRefund(t *testing.T, st *fakeStore, o shop.Order, i int) {
	t.Helper()
	if len(st.refunds) != i+1 {
		t.Fatalf("refunds %+v, want %d", st.refunds, i+1)
	}
	r := st.refunds[i]
	if r.ID != int64(i+1) || r.OrderID != o.ID || r.TransactionID != firstTx || r.Amount != 5000 ||
		r.Status != shop.RefundDone || r.RequestedBy != "cabinet" || r.ProviderTransactionID != 3001 || r.Error != "" {
		t.Errorf("cabinet refund %+v", r)
	}
	if o.Status != shop.Paid || o.Payment.TransactionID != firstTx || o.Payment.Amount != orderTotal {
		t.Errorf("order %s %+v", o.Status, o.Payment)
	}
}

// fakeState is what a step may change in the store.
type fakeState struct {
	orders  map[int64]shop.Order
	stock   map[string]int
	refunds []shop.Refund
}

func stateOf(st *fakeStore) fakeState {
	s := fakeState{orders: map[int64]shop.Order{}, stock: maps.Clone(st.stock), refunds: slices.Clone(st.refunds)}
	for id, o := range st.orders {
		s.orders[id] = cloneOrder(o)
	}
	return s
}

type eventStep struct {
	ev      flows.Event
	replies []messages.Key // to the customer, in order
	staff   []messages.Key // to staff, in order
	// same: orders, stock and refunds are left as they were.
	same  bool
	check func(t *testing.T, st *fakeStore, o shop.Order, res flows.Result)
}

type eventCase struct {
	name  string
	chat  string              // the order's chat; customerChat if empty
	order func(o *shop.Order) // changes the sample order
	setup func(st *fakeStore) // after the order is stored as order 1
	steps []eventStep
}

func TestEvents(t *testing.T) {
	profile := shop.DefaultProfile()
	status := func(want shop.OrderStatus) func(*testing.T, *fakeStore, shop.Order, flows.Result) {
		return func(t *testing.T, _ *fakeStore, o shop.Order, _ flows.Result) {
			if o.Status != want {
				t.Errorf("status %s, want %s", o.Status, want)
			}
		}
	}
	requested := func(amount shop.Money) func(st *fakeStore) {
		return func(st *fakeStore) {
			if _, err := st.RequestRefund(context.Background(), shop.Refund{OrderID: 1, TransactionID: firstTx,
				Amount: amount, RequestedBy: "tg:42"}); err != nil {
				panic(err)
			}
		}
	}
	cases := []eventCase{
		{
			name:  "link ready",
			order: func(o *shop.Order) { o.Payment = shop.Payment{} },
			steps: []eventStep{{
				ev:      flows.Event{Kind: flows.EventLinkReady, LinkURL: payURL},
				replies: []messages.Key{messages.PaymentLink},
				check: func(t *testing.T, _ *fakeStore, o shop.Order, res flows.Result) {
					if o.Payment.LinkURL != payURL || !o.Payment.LinkSentAt.Equal(testNow) || o.Status != shop.AwaitingPayment {
						t.Errorf("stored %+v, status %s", o.Payment, o.Status)
					}
					r := replyOf(t, res.Replies, messages.PaymentLink)
					a := r.Text.Args
					until, _ := a["Until"].(time.Time)
					if want := o.CreatedAt.Add(flows.DefaultPaymentExpiry); !until.Equal(want) {
						t.Errorf("Until %v, want %v", a["Until"], want)
					}
					if a["Number"] != "LT-00001" || a["Total"] != orderTotal || a["Test"] != false {
						t.Errorf("args %v", a)
					}
					if b, ok := urlButton(r, messages.BtnPay); !ok || b.URL != payURL || b.Label.Args["Total"] != orderTotal {
						t.Errorf("pay button %+v in %+v", b, r.Buttons)
					}
					if len(res.Staff) != 0 {
						t.Errorf("staff told %v", keysOf(res.Staff))
					}
				},
			}, {
				// The link again, or another one: the customer has one.
				ev: flows.Event{Kind: flows.EventLinkReady, LinkURL: "https://pay.example/other"}, same: true,
			}, {
				ev: flows.Event{Kind: flows.EventLinkReady, LinkURL: payURL}, same: true,
			}},
		},
		{
			name:  "test link",
			order: func(o *shop.Order) { o.Payment = shop.Payment{} },
			steps: []eventStep{{
				ev:      flows.Event{Kind: flows.EventLinkReady, LinkURL: payURL, Test: true},
				replies: []messages.Key{messages.PaymentLink},
				check: func(t *testing.T, _ *fakeStore, _ shop.Order, res flows.Result) {
					if res.Replies[0].Text.Args["Test"] != true {
						t.Errorf("args %v", res.Replies[0].Text.Args)
					}
				},
			}},
		},
		{
			name:  "empty link",
			order: func(o *shop.Order) { o.Payment = shop.Payment{} },
			steps: []eventStep{{ev: flows.Event{Kind: flows.EventLinkReady}, same: true}},
		},
		{
			name:  "link for a paid order",
			order: func(o *shop.Order) { paidOrder(o); o.Payment.LinkURL = "" },
			steps: []eventStep{{ev: flows.Event{Kind: flows.EventLinkReady, LinkURL: payURL}, same: true}},
		},
		{
			name:  "link for a cancelled order",
			order: func(o *shop.Order) { o.Status = shop.Cancelled; o.Payment = shop.Payment{} },
			steps: []eventStep{{ev: flows.Event{Kind: flows.EventLinkReady, LinkURL: payURL}, same: true}},
		},
		{
			name:  "link failed",
			order: func(o *shop.Order) { o.Payment = shop.Payment{} },
			steps: []eventStep{{
				ev:      flows.Event{Kind: flows.EventLinkFailed, Error: "timeout"},
				replies: []messages.Key{messages.PaymentLinkDelayed}, staff: []messages.Key{messages.StaffLinkFailed}, same: true,
				check: func(t *testing.T, _ *fakeStore, _ shop.Order, res flows.Result) {
					if res.Staff[0].Text.Args["Error"] != "timeout" {
						t.Errorf("staff args %v", res.Staff[0].Text.Args)
					}
				},
			}},
		},
		{
			name:  "link failed after the link was sent",
			steps: []eventStep{{ev: flows.Event{Kind: flows.EventLinkFailed, Error: "timeout"}, same: true}},
		},
		{
			name: "paid, reported again, then paid twice",
			order: func(o *shop.Order) {
				o.Payment.Declines = 1
				o.Payment.Reminders = 1
			},
			steps: []eventStep{{
				ev:      payEv(firstTx, orderTotal),
				replies: []messages.Key{messages.PaymentReceived}, staff: []messages.Key{messages.StaffPaid},
				check: func(t *testing.T, st *fakeStore, o shop.Order, res flows.Result) {
					p := o.Payment
					if o.Status != shop.Paid || p.TransactionID != firstTx || p.Amount != orderTotal ||
						p.CardLastFour != card || !p.PaidAt.Equal(testNow) || p.Declines != 0 || p.Test || p.Authorized {
						t.Errorf("stored %s %+v", o.Status, p)
					}
					if p.LinkURL != payURL || p.Reminders != 1 {
						t.Errorf("the link's record changed: %+v", p)
					}
					if st.stock["LT-101-S"] != 4 {
						t.Errorf("stock %d: a paid order takes no more", st.stock["LT-101-S"])
					}
					r := replyOf(t, res.Replies, messages.PaymentReceived)
					if _, ok := urlButton(r, messages.BtnPay); ok {
						t.Errorf("a pay button under a paid order: %+v", r.Buttons)
					}
					if r.Text.Args["Number"] != "LT-00001" || r.Text.Args["Email"] != "a@example.kz" {
						t.Errorf("args %v", r.Text.Args)
					}
					a := res.Staff[0].Text.Args
					if a["Transaction"] != firstTx || a["Amount"] != orderTotal || a["Card"] != card {
						t.Errorf("staff args %v", a)
					}
				},
			}, {
				ev: payEv(firstTx, orderTotal), same: true,
			}, {
				ev:      payEv(1002, orderTotal),
				replies: []messages.Key{messages.PaymentTwice}, staff: []messages.Key{messages.StaffDoubleCharge}, same: true,
				check: func(t *testing.T, _ *fakeStore, o shop.Order, res flows.Result) {
					if o.Payment.TransactionID != firstTx || o.Status != shop.Paid {
						t.Errorf("order %s %+v", o.Status, o.Payment)
					}
					if a := res.Replies[0].Text.Args; a["Amount"] != orderTotal || a["Number"] != "LT-00001" {
						t.Errorf("args %v", a)
					}
					if a := res.Staff[0].Text.Args; a["First"] != firstTx || a["Transaction"] != int64(1002) {
						t.Errorf("staff args %v", a)
					}
				},
			}},
		},
		{
			name: "amount mismatch",
			steps: []eventStep{{
				ev:      payEv(firstTx, orderTotal-100),
				replies: []messages.Key{messages.PaymentMismatch}, staff: []messages.Key{messages.StaffPaymentMismatch}, same: true,
				check: func(t *testing.T, _ *fakeStore, _ shop.Order, res flows.Result) {
					if a := res.Staff[0].Text.Args; a["Amount"] != orderTotal-100 {
						t.Errorf("staff args %v", a)
					}
				},
			}},
		},
		{
			name: "tiyn",
			steps: []eventStep{{
				ev: func() flows.Event {
					ev := payEv(firstTx, orderTotal)
					ev.Payment.Tiyn = true
					return ev
				}(),
				replies: []messages.Key{messages.PaymentMismatch}, staff: []messages.Key{messages.StaffPaymentMismatch}, same: true,
			}},
		},
		{
			name: "another currency",
			steps: []eventStep{{
				ev: func() flows.Event {
					ev := payEv(firstTx, orderTotal)
					ev.Payment.Currency = "USD"
					return ev
				}(),
				replies: []messages.Key{messages.PaymentMismatch}, staff: []messages.Key{messages.StaffPaymentMismatch}, same: true,
			}},
		},
		{
			name: "mismatch on a cancelled order",
			order: func(o *shop.Order) {
				o.Status = shop.Cancelled
			},
			steps: []eventStep{{
				ev:      payEv(firstTx, orderTotal+1),
				replies: []messages.Key{messages.PaymentMismatch}, staff: []messages.Key{messages.StaffPaymentMismatch}, same: true,
			}},
		},
		{
			name:  "late payment, goods still there",
			order: func(o *shop.Order) { o.Status = shop.Cancelled },
			steps: []eventStep{{
				ev:      payEv(firstTx, orderTotal),
				replies: []messages.Key{messages.PaymentLateRevived}, staff: []messages.Key{messages.StaffLatePaymentRevived},
				check: func(t *testing.T, st *fakeStore, o shop.Order, _ flows.Result) {
					if o.Status != shop.Paid || o.Payment.TransactionID != firstTx || o.Payment.Amount != orderTotal || !o.Payment.PaidAt.Equal(testNow) {
						t.Errorf("order %s %+v", o.Status, o.Payment)
					}
					if st.stock["LT-101-S"] != 2 {
						t.Errorf("stock %d, want 4-2", st.stock["LT-101-S"])
					}
				},
			}, {
				ev: payEv(firstTx, orderTotal), same: true,
			}},
		},
		{
			name:  "late payment, sold out",
			order: func(o *shop.Order) { o.Status = shop.Cancelled },
			setup: func(st *fakeStore) { st.stock["LT-101-S"] = 1 },
			steps: []eventStep{{
				ev:      payEv(firstTx, orderTotal),
				replies: []messages.Key{messages.PaymentLateSoldOut}, staff: []messages.Key{messages.StaffLatePaymentRefund},
				check: func(t *testing.T, st *fakeStore, o shop.Order, res flows.Result) {
					if o.Status != shop.Cancelled || o.Payment.TransactionID != firstTx || o.Payment.Amount != orderTotal || o.Payment.CardLastFour != card {
						t.Errorf("order %s %+v", o.Status, o.Payment)
					}
					if st.stock["LT-101-S"] != 1 {
						t.Errorf("stock %d, want 1", st.stock["LT-101-S"])
					}
					if a := res.Replies[0].Text.Args; a["Amount"] != orderTotal || a["Days"] != profile.Refund.RefundWorkingDays {
						t.Errorf("args %v", a)
					}
				},
			}, {
				// Reported again: the customer is not told twice.
				ev: payEv(firstTx, orderTotal), same: true,
			}},
		},
		{
			name:  "paid after staff moved the order on",
			order: func(o *shop.Order) { o.Status = shop.Processing },
			steps: []eventStep{{
				ev: payEv(firstTx, orderTotal), staff: []messages.Key{messages.StaffPaid},
				check: func(t *testing.T, _ *fakeStore, o shop.Order, _ flows.Result) {
					if o.Status != shop.Processing || o.Payment.TransactionID != firstTx {
						t.Errorf("order %s %+v", o.Status, o.Payment)
					}
				},
			}},
		},
		{
			name: "declines in a row, then paid",
			steps: []eventStep{{
				ev:      declineEv(2001, shop.DeclineNoFunds),
				replies: []messages.Key{messages.PaymentDeclined},
				check: func(t *testing.T, _ *fakeStore, o shop.Order, res flows.Result) {
					if o.Payment.Declines != 1 || o.Status != shop.AwaitingPayment {
						t.Errorf("order %s %+v", o.Status, o.Payment)
					}
					r := res.Replies[0]
					if r.Text.Args["Group"] != string(shop.DeclineNoFunds) || r.Text.Args["Number"] != "LT-00001" {
						t.Errorf("args %v", r.Text.Args)
					}
					if b, ok := urlButton(r, messages.BtnPay); !ok || b.URL != payURL {
						t.Errorf("no pay button: %+v", r.Buttons)
					}
				},
			}, {
				ev:      declineEv(2002, ""),
				replies: []messages.Key{messages.PaymentDeclined}, staff: []messages.Key{messages.StaffStruggling},
				check: func(t *testing.T, _ *fakeStore, o shop.Order, res flows.Result) {
					if o.Payment.Declines != 2 {
						t.Errorf("declines %d", o.Payment.Declines)
					}
					if g := res.Replies[0].Text.Args["Group"]; g != string(shop.DeclineOther) {
						t.Errorf("group %v", g)
					}
					if a := res.Staff[0].Text.Args; a["Declines"] != 2 || a["Code"] != 5051 {
						t.Errorf("staff args %v", a)
					}
				},
			}, {
				ev:      declineEv(2003, shop.DeclineWrongDetails),
				replies: []messages.Key{messages.PaymentDeclined},
				check: func(t *testing.T, _ *fakeStore, o shop.Order, _ flows.Result) {
					if o.Payment.Declines != 3 {
						t.Errorf("declines %d", o.Payment.Declines)
					}
				},
			}, {
				ev:      payEv(firstTx, orderTotal),
				replies: []messages.Key{messages.PaymentReceived}, staff: []messages.Key{messages.StaffPaid},
				check: func(t *testing.T, _ *fakeStore, o shop.Order, _ flows.Result) {
					if o.Payment.Declines != 0 || o.Status != shop.Paid {
						t.Errorf("order %s %+v", o.Status, o.Payment)
					}
				},
			}, {
				// A failed second attempt at a paid order.
				ev: declineEv(2004, shop.DeclineNoFunds), same: true,
			}},
		},
		{
			name:  "decline on a paid order",
			order: paidOrder,
			steps: []eventStep{{ev: declineEv(2001, shop.DeclineNoFunds), same: true}},
		},
		{
			name:  "decline on a cancelled order",
			order: func(o *shop.Order) { o.Status = shop.Cancelled },
			steps: []eventStep{{ev: declineEv(2001, shop.DeclineNoFunds), same: true}},
		},
		{
			name: "reminders",
			steps: []eventStep{{
				ev:      flows.Event{Kind: flows.EventReminder, Reminder: 1},
				replies: []messages.Key{messages.PaymentReminder},
				check: func(t *testing.T, _ *fakeStore, o shop.Order, res flows.Result) {
					if o.Payment.Reminders != 1 {
						t.Errorf("reminders %d", o.Payment.Reminders)
					}
					r := res.Replies[0]
					until, _ := r.Text.Args["Until"].(time.Time)
					if !until.Equal(o.CreatedAt.Add(flows.DefaultPaymentExpiry)) || r.Text.Args["Total"] != orderTotal {
						t.Errorf("args %v", r.Text.Args)
					}
					if b, ok := urlButton(r, messages.BtnPay); !ok || b.URL != payURL {
						t.Errorf("no pay button: %+v", r.Buttons)
					}
				},
			}, {
				ev: flows.Event{Kind: flows.EventReminder, Reminder: 1}, same: true,
			}, {
				ev:      flows.Event{Kind: flows.EventReminder, Reminder: 2},
				replies: []messages.Key{messages.PaymentReminder},
				check: func(t *testing.T, _ *fakeStore, o shop.Order, _ flows.Result) {
					if o.Payment.Reminders != 2 {
						t.Errorf("reminders %d", o.Payment.Reminders)
					}
				},
			}, {
				ev: flows.Event{Kind: flows.EventReminder, Reminder: 1}, same: true,
			}, {
				ev: flows.Event{Kind: flows.EventReminder, Reminder: 2}, same: true,
			}},
		},
		{
			name:  "reminder for a paid order",
			order: paidOrder,
			steps: []eventStep{{ev: flows.Event{Kind: flows.EventReminder, Reminder: 1}, same: true}},
		},
		{
			name:  "reminder before the link",
			order: func(o *shop.Order) { o.Payment = shop.Payment{} },
			steps: []eventStep{{ev: flows.Event{Kind: flows.EventReminder, Reminder: 1}, same: true}},
		},
		{
			name: "expiry",
			steps: []eventStep{{
				ev:      flows.Event{Kind: flows.EventExpired},
				replies: []messages.Key{messages.OrderExpired},
				check: func(t *testing.T, st *fakeStore, o shop.Order, res flows.Result) {
					if o.Status != shop.Cancelled {
						t.Errorf("status %s", o.Status)
					}
					if st.stock["LT-101-S"] != 6 {
						t.Errorf("stock %d, want 4+2", st.stock["LT-101-S"])
					}
					if _, ok := urlButton(res.Replies[0], messages.BtnPay); ok {
						t.Errorf("a pay button under a cancelled order")
					}
				},
			}, {
				ev: flows.Event{Kind: flows.EventExpired}, same: true,
			}, {
				ev: flows.Event{Kind: flows.EventReminder, Reminder: 1}, same: true,
			}},
		},
		{
			name:  "expiry of a paid order",
			order: paidOrder,
			steps: []eventStep{{ev: flows.Event{Kind: flows.EventExpired}, same: true, check: status(shop.Paid)}},
		},
		{
			name:  "paid already",
			order: paidOrder,
			steps: []eventStep{{
				ev: flows.Event{Kind: flows.EventPaidAlready}, replies: []messages.Key{messages.PaymentAlreadyPaid}, same: true,
			}},
		},
		{
			name:  "paid already, but unpaid",
			steps: []eventStep{{ev: flows.Event{Kind: flows.EventPaidAlready}, same: true}},
		},
		{
			name:  "voided",
			order: paidOrder,
			steps: []eventStep{{
				ev: flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentVoided,
					TransactionID: firstTx, Amount: orderTotal, Currency: "KZT"}},
				staff: []messages.Key{messages.StaffPaymentVoided}, same: true,
			}},
		},
		{
			name:  "capture",
			order: paidOrder,
			steps: []eventStep{{
				ev: flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentConfirmed,
					TransactionID: firstTx, Amount: orderTotal, Currency: "KZT"}},
				same: true,
			}},
		},
		{
			name: "two-stage payment held, then captured",
			steps: []eventStep{{
				ev:      payStatusEv(firstTx, orderTotal, "Authorized"),
				replies: []messages.Key{messages.PaymentReceived}, staff: []messages.Key{messages.StaffPaid},
				check: func(t *testing.T, st *fakeStore, o shop.Order, _ flows.Result) {
					p := o.Payment
					if o.Status != shop.Paid || !p.Authorized || p.TransactionID != firstTx || p.Amount != orderTotal ||
						p.CardLastFour != card || !p.PaidAt.Equal(testNow) {
						t.Errorf("stored %s %+v", o.Status, p)
					}
					if got := shop.Refundable(o, st.refunds); got != orderTotal {
						t.Errorf("refundable %d, want %d", got, orderTotal)
					}
				},
			}, {
				// The hold reported again, now as completed: the same transaction.
				ev: payStatusEv(firstTx, orderTotal, "Completed"), same: true,
			}, {
				// Another transaction's capture is not this order's.
				ev: confirmEv(1002), same: true,
			}, {
				ev: confirmEv(firstTx),
				check: func(t *testing.T, st *fakeStore, o shop.Order, _ flows.Result) {
					want := sampleOrder(customerChat)
					authorizedOrder(&want)
					want.ID = o.ID
					want.Payment.PaidAt = testNow
					want.Payment.Authorized = false
					if !reflect.DeepEqual(o, want) {
						t.Errorf("after the capture:\n%+v\nwant\n%+v", o, want)
					}
					if len(st.refunds) != 0 {
						t.Errorf("refunds %+v", st.refunds)
					}
				},
			}, {
				// Captured again, or a void too late: nothing left on hold.
				ev: confirmEv(firstTx), same: true,
			}, {
				ev: voidEv(firstTx), staff: []messages.Key{messages.StaffPaymentVoided}, same: true,
			}},
		},
		{
			name: "one-stage payment",
			steps: []eventStep{{
				ev:      payStatusEv(firstTx, orderTotal, "Completed"),
				replies: []messages.Key{messages.PaymentReceived}, staff: []messages.Key{messages.StaffPaid},
				check: func(t *testing.T, _ *fakeStore, o shop.Order, _ flows.Result) {
					if o.Status != shop.Paid || o.Payment.Authorized || o.Payment.TransactionID != firstTx || o.Payment.Amount != orderTotal {
						t.Errorf("stored %s %+v", o.Status, o.Payment)
					}
				},
			}, {
				ev: confirmEv(firstTx), same: true,
			}},
		},
		{
			name:  "late two-stage payment, sold out",
			order: func(o *shop.Order) { o.Status = shop.Cancelled },
			setup: func(st *fakeStore) { st.stock["LT-101-S"] = 1 },
			steps: []eventStep{{
				ev:      payStatusEv(firstTx, orderTotal, "Authorized"),
				replies: []messages.Key{messages.PaymentLateSoldOut}, staff: []messages.Key{messages.StaffLatePaymentRefund},
				check: func(t *testing.T, _ *fakeStore, o shop.Order, _ flows.Result) {
					if o.Status != shop.Cancelled || !o.Payment.Authorized || o.Payment.TransactionID != firstTx || o.Payment.Amount != orderTotal {
						t.Errorf("order %s %+v", o.Status, o.Payment)
					}
				},
			}},
		},
		{
			name:  "hold released",
			order: authorizedOrder,
			steps: []eventStep{{
				ev:    voidEv(firstTx),
				staff: []messages.Key{messages.StaffPaymentVoided},
				check: func(t *testing.T, st *fakeStore, o shop.Order, res flows.Result) {
					p := o.Payment
					if p.Authorized || p.Amount != 0 || p.TransactionID != firstTx || p.CardLastFour != card {
						t.Errorf("stored %+v", p)
					}
					if o.Status != shop.Paid {
						t.Errorf("status %s", o.Status)
					}
					if got := shop.Refundable(o, st.refunds); got != 0 {
						t.Errorf("refundable %d after the void", got)
					}
					if a := res.Staff[0].Text.Args; a["Number"] != "LT-00001" || a["Amount"] != orderTotal ||
						a["Transaction"] != firstTx || a["Status"] != string(shop.Paid) {
						t.Errorf("staff args %v", a)
					}
				},
			}, {
				// Reported again: staff are told, nothing changes.
				ev: voidEv(firstTx), staff: []messages.Key{messages.StaffPaymentVoided}, same: true,
			}, {
				// A capture after the release holds nothing.
				ev: confirmEv(firstTx), same: true,
			}},
		},
		{
			// Staff asked to give a held payment back; the provider's Cancel
			// notification may come before the API call's answer.
			name:  "hold released at staff's request",
			order: authorizedOrder,
			setup: requested(orderTotal),
			steps: []eventStep{{
				ev:      voidEv(firstTx),
				replies: []messages.Key{messages.RefundSent},
				staff:   []messages.Key{messages.StaffRefundDone},
				check: func(t *testing.T, st *fakeStore, o shop.Order, _ flows.Result) {
					if o.Payment.Authorized || o.Payment.Amount != 0 {
						t.Errorf("stored %+v", o.Payment)
					}
					if len(st.refunds) != 1 || st.refunds[0].Status != shop.RefundDone {
						t.Errorf("refunds %+v, want the requested one done", st.refunds)
					}
				},
			}, {
				// The API call's answer, late: already told.
				ev: flows.Event{Kind: flows.EventRefundDone, RefundID: 1}, same: true,
			}},
		},
		{
			name:  "another transaction on a held order",
			order: authorizedOrder,
			steps: []eventStep{{
				ev: confirmEv(1002), same: true,
			}, {
				ev: voidEv(1002), staff: []messages.Key{messages.StaffPaymentVoided}, same: true,
				check: func(t *testing.T, _ *fakeStore, o shop.Order, _ flows.Result) {
					if !o.Payment.Authorized || o.Payment.Amount != orderTotal {
						t.Errorf("stored %+v", o.Payment)
					}
				},
			}, {
				// A second payment held while the first is: paid twice.
				ev:      payStatusEv(1002, orderTotal, "Authorized"),
				replies: []messages.Key{messages.PaymentTwice}, staff: []messages.Key{messages.StaffDoubleCharge}, same: true,
			}},
		},
		{
			name:  "refund notification for a requested refund",
			order: paidOrder,
			setup: requested(orderTotal),
			steps: []eventStep{{
				ev:      refundEv(3001, orderTotal),
				replies: []messages.Key{messages.RefundSent}, staff: []messages.Key{messages.StaffRefundDone},
				check: func(t *testing.T, st *fakeStore, _ shop.Order, res flows.Result) {
					r := st.refunds[0]
					if r.Status != shop.RefundDone || r.ProviderTransactionID != 3001 || len(st.refunds) != 1 {
						t.Errorf("refunds %+v", st.refunds)
					}
					if a := res.Replies[0].Text.Args; a["Amount"] != orderTotal || a["Card"] != card {
						t.Errorf("args %v", a)
					}
					if a := res.Staff[0].Text.Args; a["By"] != "tg:42" || a["Transaction"] != int64(3001) {
						t.Errorf("staff args %v", a)
					}
				},
			}, {
				// The same notification again.
				ev: refundEv(3001, orderTotal), same: true,
			}, {
				// The API call's answer after the notification.
				ev: flows.Event{Kind: flows.EventRefundDone, RefundID: 1, ProviderTransactionID: 3001}, same: true,
			}},
		},
		{
			name:  "refund notification matching by its transaction",
			order: paidOrder,
			setup: func(st *fakeStore) {
				requested(5000)(st)
				st.refunds[0].Status, st.refunds[0].ProviderTransactionID = shop.RefundDone, 3001
			},
			steps: []eventStep{{ev: refundEv(3001, 5000), same: true}},
		},
		{
			name:  "refund from the cabinet",
			order: paidOrder,
			steps: []eventStep{{
				ev:      refundEv(3001, 5000),
				replies: []messages.Key{messages.RefundSent}, staff: []messages.Key{messages.StaffCabinetRefund},
				check: func(t *testing.T, st *fakeStore, o shop.Order, res flows.Result) {
					cabinetRefund(t, st, o, 0)
					if a := res.Replies[0].Text.Args; a["Amount"] != shop.Money(5000) || a["Card"] != card {
						t.Errorf("args %v", a)
					}
					if a := res.Staff[0].Text.Args; a["Transaction"] != int64(3001) {
						t.Errorf("staff args %v", a)
					}
				},
			}, {
				// The same notification again: kept once, told once.
				ev: refundEv(3001, 5000), same: true,
			}},
		},
		{
			name:  "refund from the cabinet while another amount is requested",
			order: paidOrder,
			setup: requested(orderTotal),
			steps: []eventStep{{
				ev:      refundEv(3001, 5000),
				replies: []messages.Key{messages.RefundSent}, staff: []messages.Key{messages.StaffCabinetRefund},
				check: func(t *testing.T, st *fakeStore, o shop.Order, _ flows.Result) {
					cabinetRefund(t, st, o, 1)
					// Ours is left waiting for its own answer.
					if r := st.refunds[0]; r.Status != shop.RefundRequested || r.ProviderTransactionID != 0 ||
						r.Amount != orderTotal || r.RequestedBy != "tg:42" {
						t.Errorf("the requested refund changed: %+v", r)
					}
				},
			}},
		},
		{
			name:  "refund done",
			order: paidOrder,
			setup: requested(5000),
			steps: []eventStep{{
				ev:      flows.Event{Kind: flows.EventRefundDone, RefundID: 1, ProviderTransactionID: 3001},
				replies: []messages.Key{messages.RefundSent}, staff: []messages.Key{messages.StaffRefundDone},
				check: func(t *testing.T, st *fakeStore, o shop.Order, res flows.Result) {
					if r := st.refunds[0]; r.Status != shop.RefundDone || r.ProviderTransactionID != 3001 {
						t.Errorf("refund %+v", r)
					}
					if o.Status != shop.Paid || o.Payment.TransactionID != firstTx {
						t.Errorf("order %s %+v", o.Status, o.Payment)
					}
					if a := res.Replies[0].Text.Args; a["Amount"] != shop.Money(5000) {
						t.Errorf("args %v", a)
					}
				},
			}, {
				ev: flows.Event{Kind: flows.EventRefundDone, RefundID: 1, ProviderTransactionID: 3001}, same: true,
			}, {
				ev: flows.Event{Kind: flows.EventRefundFailed, RefundID: 1, Error: "late"}, same: true,
			}, {
				// The provider's notification of it comes after.
				ev: refundEv(3001, 5000), same: true,
			}},
		},
		{
			name:  "refund failed",
			order: paidOrder,
			setup: requested(5000),
			steps: []eventStep{{
				ev:    flows.Event{Kind: flows.EventRefundFailed, RefundID: 1, Error: "insufficient balance"},
				staff: []messages.Key{messages.StaffRefundFailed},
				check: func(t *testing.T, st *fakeStore, _ shop.Order, res flows.Result) {
					if r := st.refunds[0]; r.Status != shop.RefundFailed || r.Error != "insufficient balance" {
						t.Errorf("refund %+v", r)
					}
					if a := res.Staff[0].Text.Args; a["Error"] != "insufficient balance" || a["Amount"] != shop.Money(5000) {
						t.Errorf("staff args %v", a)
					}
				},
			}, {
				ev: flows.Event{Kind: flows.EventRefundFailed, RefundID: 1, Error: "again"}, same: true,
			}, {
				ev: flows.Event{Kind: flows.EventRefundDone, RefundID: 1, ProviderTransactionID: 3001}, same: true,
			}},
		},
		{
			name:  "refund answer for an unknown refund",
			order: paidOrder,
			steps: []eventStep{
				{ev: flows.Event{Kind: flows.EventRefundDone, RefundID: 7, ProviderTransactionID: 3001}, same: true},
				{ev: flows.Event{Kind: flows.EventRefundFailed, RefundID: 7}, same: true},
			},
		},
		{
			name:  "refund answer naming another order's refund",
			order: paidOrder,
			setup: func(st *fakeStore) {
				o := sampleOrder(customerChat)
				paidOrder(&o)
				o.Payment.TransactionID = 1009
				o = st.add(o) // order 2, the same chat
				if _, err := st.RequestRefund(context.Background(), shop.Refund{OrderID: o.ID, TransactionID: 1009, Amount: 5000}); err != nil {
					panic(err)
				}
			},
			steps: []eventStep{
				{ev: flows.Event{Kind: flows.EventRefundDone, RefundID: 1, ProviderTransactionID: 3001}, same: true},
				{ev: flows.Event{Kind: flows.EventRefundFailed, RefundID: 1, Error: "x"}, same: true},
			},
		},
	}

	// Every event naming another chat's order changes nothing and says
	// nothing.
	foreign := eventCase{name: "another chat's order", chat: "tg:2", order: paidOrder,
		setup: requested(5000)}
	for _, ev := range []flows.Event{
		{Kind: flows.EventLinkReady, LinkURL: payURL},
		{Kind: flows.EventLinkFailed, Error: "x"},
		payEv(1002, orderTotal),
		declineEv(2001, shop.DeclineNoFunds),
		refundEv(3001, 5000),
		{Kind: flows.EventPaidAlready},
		{Kind: flows.EventReminder, Reminder: 5},
		{Kind: flows.EventExpired},
		{Kind: flows.EventRefundDone, RefundID: 1, ProviderTransactionID: 3001},
		{Kind: flows.EventRefundFailed, RefundID: 1, Error: "x"},
	} {
		foreign.steps = append(foreign.steps, eventStep{ev: ev, same: true})
	}
	unpaidForeign := eventCase{name: "another chat's unpaid order", chat: "tg:2",
		order: func(o *shop.Order) { o.Payment = shop.Payment{} }}
	for _, ev := range []flows.Event{
		{Kind: flows.EventLinkReady, LinkURL: payURL},
		payEv(firstTx, orderTotal),
		declineEv(2001, shop.DeclineNoFunds),
		{Kind: flows.EventExpired},
	} {
		unpaidForeign.steps = append(unpaidForeign.steps, eventStep{ev: ev, same: true})
	}
	cases = append(cases, foreign, unpaidForeign)

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, st := newFlows(t)
			o := sampleOrder(customerChat)
			if c.chat != "" {
				o.ChatKey = c.chat
			}
			if c.order != nil {
				c.order(&o)
			}
			o = st.add(o)
			if c.setup != nil {
				c.setup(st)
			}
			s := flows.NewSession("ru")
			s.Seen = testNow.Add(-3 * time.Hour)
			s.Step = flows.StepEmail
			s.Cart.Add("LT-102-S", 1)
			session, err := s.Encode()
			if err != nil {
				t.Fatal(err)
			}
			for i, step := range c.steps {
				ev := step.ev
				if ev.OrderID == 0 {
					ev.OrderID = o.ID
				}
				ev.Payment.OrderID = ev.OrderID
				before := stateOf(st)
				res, err := f.Handle(context.Background(), st, s, flows.Input{Chat: customerChat, Kind: flows.EventInput, Event: &ev})
				if err != nil {
					t.Fatalf("step %d (%s): %v", i, ev.Kind, err)
				}
				if got := keysOf(res.Replies); !slices.Equal(got, step.replies) {
					t.Errorf("step %d (%s): replies %v, want %v", i, ev.Kind, got, step.replies)
				}
				if got := keysOf(res.Staff); !slices.Equal(got, step.staff) {
					t.Errorf("step %d (%s): staff %v, want %v", i, ev.Kind, got, step.staff)
				}
				after := stateOf(st)
				if step.same && (!reflect.DeepEqual(before.orders, after.orders) ||
					!reflect.DeepEqual(before.stock, after.stock) || !reflect.DeepEqual(before.refunds, after.refunds)) {
					t.Errorf("step %d (%s) changed the store:\n%+v\n%+v", i, ev.Kind, before, after)
				}
				if step.check != nil {
					step.check(t, st, st.orders[o.ID], res)
				}
				renders(t, res)
				// Not the customer's doing: the conversation stays put.
				if now, err := s.Encode(); err != nil || string(now) != string(session) {
					t.Errorf("step %d (%s) changed the session: %s, was %s", i, ev.Kind, now, session)
				}
			}
		})
	}
}

// TestEventSessionSeen: an event to a chat leaves its conversation's clock,
// and so its expiry, alone.
func TestEventSessionSeen(t *testing.T) {
	f, st := newFlows(t)
	o := st.add(sampleOrder(customerChat))
	s := flows.NewSession("kk")
	seen := testNow.Add(-8 * 24 * time.Hour)
	s.Seen = seen
	ev := flows.Event{Kind: flows.EventReminder, OrderID: o.ID, Reminder: 1}
	res, err := f.Handle(context.Background(), st, s, flows.Input{Chat: customerChat, Kind: flows.EventInput, Event: &ev})
	if err != nil || !hasText(res, messages.PaymentReminder) {
		t.Fatalf("reminder: %v %v", keysOf(res.Replies), err)
	}
	if !s.Seen.Equal(seen) {
		t.Errorf("Seen %v, want %v", s.Seen, seen)
	}
	// A nil event does nothing.
	res, err = f.Handle(context.Background(), st, s, flows.Input{Chat: customerChat, Kind: flows.EventInput})
	if err != nil || len(res.Replies) != 0 || len(res.Staff) != 0 || !s.Seen.Equal(seen) {
		t.Errorf("nil event: %+v %v, seen %v", res, err, s.Seen)
	}
	// The customer's next message finds the conversation expired.
	w := &walker{t: t, f: f, st: st, s: s, chat: customerChat}
	if res := w.text("hi"); !hasText(res, messages.SessionExpired) {
		t.Errorf("after the event: %v", keysOf(res.Replies))
	}
}

func TestEventErrors(t *testing.T) {
	dbDown := errors.New("db down")
	for _, c := range []struct {
		name   string
		method string
		order  func(o *shop.Order)
		ev     flows.Event
	}{
		{"get", "Get", nil, flows.Event{Kind: flows.EventExpired}},
		{"link", "Update", func(o *shop.Order) { o.Payment = shop.Payment{} }, flows.Event{Kind: flows.EventLinkReady, LinkURL: payURL}},
		{"paid", "Update", nil, payEv(firstTx, orderTotal)},
		{"late", "TakeStock", func(o *shop.Order) { o.Status = shop.Cancelled }, payEv(firstTx, orderTotal)},
		{"declined", "Update", nil, declineEv(2001, "")},
		{"reminder", "Update", nil, flows.Event{Kind: flows.EventReminder, Reminder: 1}},
		{"expire release", "ReleaseStock", nil, flows.Event{Kind: flows.EventExpired}},
		{"expire update", "Update", nil, flows.Event{Kind: flows.EventExpired}},
		{"refunds", "Refunds", paidOrder, refundEv(3001, 5000)},
		{"cabinet refund", "RequestRefund", paidOrder, refundEv(3001, 5000)},
		{"cabinet refund answer", "FinishRefund", paidOrder, refundEv(3001, 5000)},
		{"get refund", "GetRefund", paidOrder, flows.Event{Kind: flows.EventRefundDone, RefundID: 1}},
		{"capture", "Update", authorizedOrder, confirmEv(firstTx)},
		{"hold released", "Update", authorizedOrder, voidEv(firstTx)},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, st := newFlows(t)
			o := sampleOrder(customerChat)
			if c.order != nil {
				c.order(&o)
			}
			o = st.add(o)
			st.failOn = func(m string) error {
				if m == c.method {
					return dbDown
				}
				return nil
			}
			ev := c.ev
			ev.OrderID, ev.Payment.OrderID = o.ID, o.ID
			_, err := f.Handle(context.Background(), st, flows.NewSession("ru"), flows.Input{Chat: customerChat, Kind: flows.EventInput, Event: &ev})
			if !errors.Is(err, dbDown) {
				t.Errorf("want the store's error, got %v", err)
			}
		})
	}
	t.Run("unknown kind", func(t *testing.T) {
		f, st := newFlows(t)
		o := st.add(sampleOrder(customerChat))
		ev := flows.Event{Kind: "bogus", OrderID: o.ID}
		_, err := f.Handle(context.Background(), st, flows.NewSession("ru"), flows.Input{Chat: customerChat, Kind: flows.EventInput, Event: &ev})
		if err == nil || !strings.Contains(err.Error(), "bogus") {
			t.Errorf("unknown event kind: %v", err)
		}
	})
}

func TestEventAwaited(t *testing.T) {
	for _, tc := range []struct {
		ev   flows.Event
		want bool
	}{
		{flows.Event{Kind: flows.EventLinkReady}, true},
		{flows.Event{Kind: flows.EventLinkFailed}, true},
		{flows.Event{Kind: flows.EventPaidAlready}, true},
		{flows.Event{Kind: flows.EventDeliveryReady}, true},
		{flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentPaid}}, true},
		{flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentDeclined}}, true},
		{flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentRefunded}}, false},
		{flows.Event{Kind: flows.EventPayment, Payment: shop.PaymentEvent{Kind: shop.PaymentConfirmed}}, false},
		{flows.Event{Kind: flows.EventReminder}, false},
		{flows.Event{Kind: flows.EventExpired}, false},
		{flows.Event{Kind: flows.EventCarrier}, false},
		{flows.Event{Kind: flows.EventRefundDone}, false},
		{flows.Event{Kind: flows.EventHandoffSilent}, false},
	} {
		if got := tc.ev.Awaited(); got != tc.want {
			t.Errorf("%s %s: Awaited() = %v, want %v", tc.ev.Kind, tc.ev.Payment.Kind, got, tc.want)
		}
	}
}
