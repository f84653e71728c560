package flows_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

const (
	staffChat = "tg:-100500"
	staffUser = "tg:42"
)

// staffer writes in a staff chat.
type staffer struct {
	t    *testing.T
	f    *flows.Flows
	st   *fakeStore
	s    *flows.Session
	last flows.Result
}

func newStaffer(t *testing.T) *staffer {
	f, st := newFlows(t)
	return &staffer{t: t, f: f, st: st, s: flows.NewSession("ru")}
}

func (w *staffer) do(in flows.Input) flows.Result {
	w.t.Helper()
	in.Chat, in.Staff, in.User = staffChat, true, staffUser
	res, err := w.f.Handle(context.Background(), w.st, w.s, in)
	if err != nil {
		w.t.Fatalf("handle %+v: %v", in, err)
	}
	if len(res.Staff) != 0 {
		w.t.Errorf("staff input alerted staff: %v", keysOf(res.Staff))
	}
	renders(w.t, res)
	w.last = res
	return res
}

func (w *staffer) text(s string) flows.Result {
	w.t.Helper()
	return w.do(flows.Input{Kind: flows.TextInput, Text: s})
}

func (w *staffer) press(data string) flows.Result {
	w.t.Helper()
	return w.do(flows.Input{Kind: flows.ButtonInput, Data: data})
}

// only fails the test unless res is one reply with key, and returns it.
func only(t *testing.T, res flows.Result, key messages.Key) flows.Reply {
	t.Helper()
	if len(res.Replies) != 1 || res.Replies[0].Text.Key != key {
		t.Fatalf("replies %v, want [%s]", keysOf(res.Replies), key)
	}
	return res.Replies[0]
}

// askButtons returns the confirm and abort buttons of a StaffRefundAsk.
func askButtons(t *testing.T, r flows.Reply) (confirm, abort flows.Button) {
	t.Helper()
	for _, row := range r.Buttons {
		for _, b := range row {
			switch b.Label.Key {
			case messages.BtnRefundConfirm:
				confirm = b
			case messages.BtnRefundAbort:
				abort = b
			}
		}
	}
	if !strings.HasPrefix(confirm.Data, "rf:") || abort.Data == "" || abort.Data == confirm.Data {
		t.Fatalf("buttons %+v", r.Buttons)
	}
	return confirm, abort
}

// addPaid stores a paid order of customerChat, order 1 in a fresh store.
func addPaid(st *fakeStore) shop.Order {
	o := sampleOrder(customerChat)
	paidOrder(&o)
	return st.add(o)
}

func TestStaffRefund(t *testing.T) {
	w := newStaffer(t)
	addPaid(w.st)
	r := only(t, w.text("/refund LT-00001"), messages.StaffRefundAsk)
	if a := r.Text.Args; a["Amount"] != orderTotal || a["Left"] != orderTotal || a["Number"] != "LT-00001" {
		t.Errorf("args %v", a)
	}
	confirm, _ := askButtons(t, r)
	if confirm.Label.Args["Amount"] != orderTotal {
		t.Errorf("confirm label %v", confirm.Label.Args)
	}
	if len(w.st.refunds) != 0 {
		t.Fatalf("asking refunded: %+v", w.st.refunds)
	}

	res := w.press(confirm.Data)
	if !res.PaymentWork {
		t.Error("a confirmed refund did not wake the payment service")
	}
	r = only(t, res, messages.StaffRefundRequested)
	if r.Text.Args["Amount"] != orderTotal {
		t.Errorf("args %v", r.Text.Args)
	}
	want := shop.Refund{ID: 1, OrderID: 1, TransactionID: firstTx, Amount: orderTotal, RequestID: "refund-1-1",
		Status: shop.RefundRequested, RequestedBy: staffUser}
	if len(w.st.refunds) != 1 || w.st.refunds[0] != want {
		t.Fatalf("refunds %+v, want %+v", w.st.refunds, want)
	}
	// The order itself is left to the refund's answer.
	if o := w.st.orders[1]; o.Status != shop.Paid || o.Payment.TransactionID != firstTx {
		t.Errorf("order %s %+v", o.Status, o.Payment)
	}

	// Nothing is left to refund now.
	only(t, w.text("/refund LT-00001"), messages.StaffNothingToRefund)
	if len(w.st.refunds) != 1 {
		t.Errorf("refunds %+v", w.st.refunds)
	}
}

// TestStaffRefundPressedTwice: the same confirm button pressed again is
// stale and refunds nothing more, for the whole amount or a part.
func TestStaffRefundPressedTwice(t *testing.T) {
	for _, c := range []struct{ name, cmd string }{
		{"whole", "/refund LT-00001"},
		{"part", "/refund LT-00001 5000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newStaffer(t)
			addPaid(w.st)
			confirm, _ := askButtons(t, only(t, w.text(c.cmd), messages.StaffRefundAsk))
			only(t, w.press(confirm.Data), messages.StaffRefundRequested)
			res := w.press(confirm.Data)
			if len(w.st.refunds) != 1 {
				t.Fatalf("refunds %+v", w.st.refunds)
			}
			only(t, res, messages.StaffStaleButton)
		})
	}
}

func TestStaffPartialRefunds(t *testing.T) {
	w := newStaffer(t)
	addPaid(w.st)
	r := only(t, w.text("/refund LT-00001 5000"), messages.StaffRefundAsk)
	if a := r.Text.Args; a["Amount"] != shop.Money(5000) || a["Left"] != orderTotal {
		t.Errorf("args %v", a)
	}
	first, _ := askButtons(t, r)
	// A second ask before the first is confirmed: its button names the same
	// refunds so far, and both cannot pass.
	second, _ := askButtons(t, only(t, w.text("/refund №1 7000₸"), messages.StaffRefundAsk))
	only(t, w.press(first.Data), messages.StaffRefundRequested)
	only(t, w.press(second.Data), messages.StaffStaleButton)
	if len(w.st.refunds) != 1 || w.st.refunds[0].Amount != 5000 || w.st.refunds[0].RequestID != "refund-1-1" {
		t.Fatalf("refunds %+v", w.st.refunds)
	}

	// The rest by default.
	r = only(t, w.text("/refund lt1"), messages.StaffRefundAsk)
	if a := r.Text.Args; a["Amount"] != orderTotal-5000 || a["Left"] != orderTotal-5000 {
		t.Errorf("args %v", a)
	}
	only(t, w.text("/refund LT-00001 32801"), messages.StaffRefundTooMuch)
	rest, _ := askButtons(t, r)
	only(t, w.press(rest.Data), messages.StaffRefundRequested)
	if len(w.st.refunds) != 2 || w.st.refunds[1].Amount != orderTotal-5000 || w.st.refunds[1].RequestID != "refund-1-2" {
		t.Fatalf("refunds %+v", w.st.refunds)
	}

	// A failed refund gives its amount back.
	w.st.refunds[0].Status = shop.RefundFailed
	r = only(t, w.text("/refund LT-00001"), messages.StaffRefundAsk)
	if a := r.Text.Args; a["Amount"] != shop.Money(5000) {
		t.Errorf("args %v", a)
	}
}

// TestStaffVoid: a payment held on the card and not captured is given
// back whole, by voiding it: a button for a part of it is stale.
func TestStaffVoid(t *testing.T) {
	w := newStaffer(t)
	o := sampleOrder(customerChat)
	authorizedOrder(&o)
	w.st.add(o)
	r := only(t, w.text("/refund LT-00001"), messages.StaffRefundAsk)
	if a := r.Text.Args; a["Amount"] != orderTotal || a["Left"] != orderTotal || a["Void"] != true {
		t.Errorf("args %v", a)
	}
	confirm, _ := askButtons(t, r)
	if confirm.Label.Args["Amount"] != orderTotal {
		t.Errorf("confirm label %v", confirm.Label.Args)
	}
	r = only(t, w.text("/refund LT-00001 5000"), messages.StaffVoidWholeOnly)
	if a := r.Text.Args; a["Left"] != orderTotal || a["Number"] != "LT-00001" {
		t.Errorf("args %v", a)
	}
	if len(r.Buttons) != 0 {
		t.Errorf("buttons %+v", r.Buttons)
	}

	// Forged buttons for a part: well-formed, the right count, but a hold
	// cannot be released in part.
	for _, d := range []string{"rf:1:5000:0", "rf:1:37799:0", "rf:1:1:0"} {
		only(t, w.press(d), messages.StaffStaleButton)
	}
	if len(w.st.refunds) != 0 {
		t.Fatalf("refunds %+v", w.st.refunds)
	}

	r = only(t, w.press(confirm.Data), messages.StaffRefundRequested)
	if r.Text.Args["Amount"] != orderTotal {
		t.Errorf("args %v", r.Text.Args)
	}
	want := shop.Refund{ID: 1, OrderID: 1, TransactionID: firstTx, Amount: orderTotal, RequestID: "refund-1-1",
		Status: shop.RefundRequested, RequestedBy: staffUser}
	if len(w.st.refunds) != 1 || w.st.refunds[0] != want {
		t.Fatalf("refunds %+v, want %+v", w.st.refunds, want)
	}
	// The hold is left to the provider's answer.
	if o := w.st.orders[1]; o.Status != shop.Paid || !o.Payment.Authorized || o.Payment.Amount != orderTotal {
		t.Errorf("order %s %+v", o.Status, o.Payment)
	}
	only(t, w.press(confirm.Data), messages.StaffStaleButton)
	only(t, w.text("/refund LT-00001"), messages.StaffNothingToRefund)
	if len(w.st.refunds) != 1 {
		t.Errorf("refunds %+v", w.st.refunds)
	}
}

// TestStaffRefundAfterVoid: once the provider reports the hold released,
// nothing is left to refund or void.
func TestStaffRefundAfterVoid(t *testing.T) {
	w := newStaffer(t)
	o := sampleOrder(customerChat)
	authorizedOrder(&o)
	w.st.add(o)
	confirm, _ := askButtons(t, only(t, w.text("/refund LT-00001"), messages.StaffRefundAsk))

	ev := voidEv(firstTx)
	ev.OrderID, ev.Payment.OrderID = 1, 1
	res, err := w.f.Handle(context.Background(), w.st, flows.NewSession("ru"),
		flows.Input{Chat: customerChat, Kind: flows.EventInput, Event: &ev})
	if err != nil || len(res.Replies) != 0 || !slices.Equal(keysOf(res.Staff), []messages.Key{messages.StaffPaymentVoided}) {
		t.Fatalf("void: replies %v, staff %v, %v", keysOf(res.Replies), keysOf(res.Staff), err)
	}
	if o := w.st.orders[1]; o.Payment.Authorized || o.Payment.Amount != 0 {
		t.Fatalf("order %+v", o.Payment)
	}

	r := only(t, w.text("/refund LT-00001"), messages.StaffNothingToRefund)
	if a := r.Text.Args; a["Number"] != "LT-00001" || a["Status"] != string(shop.Paid) {
		t.Errorf("args %v", a)
	}
	only(t, w.text("/refund LT-00001 5000"), messages.StaffNothingToRefund)
	// The button asked before the release refunds nothing either.
	only(t, w.press(confirm.Data), messages.StaffNothingToRefund)
	if len(w.st.refunds) != 0 {
		t.Errorf("refunds %+v", w.st.refunds)
	}
}

// TestStaffRefundAfterCabinetRefund: a refund made in the provider's
// cabinet counts against what staff may still refund from the bot.
func TestStaffRefundAfterCabinetRefund(t *testing.T) {
	w := newStaffer(t)
	addPaid(w.st)
	ev := refundEv(3001, 5000)
	ev.OrderID, ev.Payment.OrderID = 1, 1
	res, err := w.f.Handle(context.Background(), w.st, flows.NewSession("ru"),
		flows.Input{Chat: customerChat, Kind: flows.EventInput, Event: &ev})
	if err != nil || !slices.Equal(keysOf(res.Staff), []messages.Key{messages.StaffCabinetRefund}) {
		t.Fatalf("cabinet refund: staff %v, %v", keysOf(res.Staff), err)
	}

	left := orderTotal - 5000
	r := only(t, w.text("/refund LT-00001"), messages.StaffRefundAsk)
	if a := r.Text.Args; a["Amount"] != left || a["Left"] != left {
		t.Errorf("args %v, want Amount and Left %d", a, left)
	}
	only(t, w.text("/refund LT-00001 32801"), messages.StaffRefundTooMuch)
	confirm, _ := askButtons(t, r)
	if confirm.Label.Args["Amount"] != left {
		t.Errorf("confirm label %v", confirm.Label.Args)
	}
	only(t, w.press(confirm.Data), messages.StaffRefundRequested)
	if len(w.st.refunds) != 2 || w.st.refunds[1].Amount != left || w.st.refunds[1].RequestedBy != staffUser ||
		w.st.refunds[1].RequestID != "refund-1-2" {
		t.Fatalf("refunds %+v", w.st.refunds)
	}
	only(t, w.text("/refund LT-00001"), messages.StaffNothingToRefund)
}

func TestStaffRefundAnswers(t *testing.T) {
	for _, c := range []struct {
		name string
		text string
		want messages.Key
		args messages.Args
	}{
		{"too much", "/refund LT-00001 37801", messages.StaffRefundTooMuch, messages.Args{"Left": orderTotal}},
		{"unpaid", "/refund LT-00002", messages.StaffNothingToRefund, messages.Args{"Number": "LT-00002", "Status": "awaiting_payment"}},
		{"late payment on a cancelled order", "/refund LT-00003", messages.StaffRefundAsk, messages.Args{"Amount": orderTotal}},
		{"unknown order", "/refund LT-00099", messages.StaffOrderNotFound, messages.Args{"Number": "LT-00099"}},
		{"no order", "/refund", messages.StaffRefundUsage, nil},
		{"not a number", "/refund abc", messages.StaffRefundUsage, nil},
		{"bad amount", "/refund LT-00001 много", messages.StaffRefundUsage, nil},
		{"zero", "/refund LT-00001 0", messages.StaffRefundUsage, nil},
		{"negative", "/refund LT-00001 -5", messages.StaffRefundUsage, nil},
		{"too many words", "/refund LT-00001 5 000", messages.StaffRefundUsage, nil},
		{"bot name", "/refund@letebot LT-00001", messages.StaffRefundAsk, nil},
		{"captured payment", "/refund LT-00001", messages.StaffRefundAsk, messages.Args{"Amount": orderTotal, "Void": false}},
		{"part of a captured payment", "/refund LT-00001 5000", messages.StaffRefundAsk, messages.Args{"Amount": shop.Money(5000), "Void": false}},
		{"held payment", "/refund LT-00004", messages.StaffRefundAsk, messages.Args{"Number": "LT-00004", "Amount": orderTotal, "Left": orderTotal, "Void": true}},
		{"held payment, the whole amount named", "/refund LT-00004 37800₸", messages.StaffRefundAsk, messages.Args{"Amount": orderTotal, "Void": true}},
		{"part of a held payment", "/refund LT-00004 5000", messages.StaffVoidWholeOnly, messages.Args{"Number": "LT-00004", "Left": orderTotal}},
		{"all but one tenge of a held payment", "/refund LT-00004 37799", messages.StaffVoidWholeOnly, messages.Args{"Left": orderTotal}},
		{"too much of a held payment", "/refund LT-00004 37801", messages.StaffRefundTooMuch, messages.Args{"Left": orderTotal}},
		{"unknown command", "/delete LT-00001", messages.StaffUnknownCommand, nil},
		{"help", "/help", messages.StaffHelp, nil},
		{"start", "/start", messages.StaffHelp, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newStaffer(t)
			addPaid(w.st)
			w.st.add(sampleOrder("tg:2")) // 2: unpaid
			late := sampleOrder("tg:3")   // 3: paid too late, sold out
			paidOrder(&late)
			late.Status = shop.Cancelled
			w.st.add(late)
			held := sampleOrder("tg:4") // 4: held on the card, not captured
			authorizedOrder(&held)
			w.st.add(held)
			r := only(t, w.text(c.text), c.want)
			for k, v := range c.args {
				if r.Text.Args[k] != v {
					t.Errorf("%s = %v, want %v", k, r.Text.Args[k], v)
				}
			}
			// Only a refund to confirm has buttons.
			if c.want == messages.StaffRefundAsk {
				askButtons(t, r)
			} else if len(r.Buttons) != 0 {
				t.Errorf("buttons %+v", r.Buttons)
			}
			if len(w.st.refunds) != 0 {
				t.Errorf("refunds %+v", w.st.refunds)
			}
		})
	}
}

func TestStaffQuietAndButtons(t *testing.T) {
	w := newStaffer(t)
	addPaid(w.st)
	for _, s := range []string{"Кто сегодня на смене?", "/", "refund LT-00001"} {
		if res := w.text(s); len(res.Replies) != 0 {
			t.Errorf("%q answered %v", s, keysOf(res.Replies))
		}
	}
	for _, in := range []flows.Input{
		{Kind: flows.ContactInput, Phone: "+77771234567"},
		{Kind: flows.FileInput, FileID: "x"},
		{Kind: flows.UnsupportedInput},
	} {
		if res := w.do(in); len(res.Replies) != 0 {
			t.Errorf("%+v answered %v", in, keysOf(res.Replies))
		}
	}

	_, abort := askButtons(t, only(t, w.text("/refund LT-00001"), messages.StaffRefundAsk))
	only(t, w.press(abort.Data), messages.StaffRefundAborted)

	// Customer buttons and broken staff ones are stale here.
	for _, d := range []string{"m", "ord:1", "rf", "rf:1", "rf:x:100:0", "rf:1:100", "rf:1:100:0:9", ""} {
		only(t, w.press(d), messages.StaffStaleButton)
	}
	// Well-formed but not what was asked: too much, nothing, another count.
	for _, d := range []string{"rf:1:37801:0", "rf:1:0:0", "rf:1:-5:0", "rf:1:100:1"} {
		only(t, w.press(d), messages.StaffStaleButton)
	}
	only(t, w.press("rf:99:100:0"), messages.StaffOrderNotFound)
	if len(w.st.refunds) != 0 {
		t.Errorf("refunds %+v", w.st.refunds)
	}
	// Staff input is not a customer's conversation.
	if !w.s.Seen.IsZero() || w.s.Step != flows.StepMenu {
		t.Errorf("session %+v", w.s)
	}
}

// TestStaffCommandsFromCustomers: a customer, the order's owner included,
// cannot ask for a refund by the command or by forged or copied button
// data.
func TestStaffCommandsFromCustomers(t *testing.T) {
	w := newStaffer(t)
	addPaid(w.st)
	confirm, _ := askButtons(t, only(t, w.text("/refund LT-00001"), messages.StaffRefundAsk))

	for _, chat := range []string{customerChat, "tg:2"} {
		c := &walker{t: t, f: w.f, st: w.st, s: flows.NewSession("ru"), chat: chat}
		noStaffTexts := func(res flows.Result) {
			t.Helper()
			for _, r := range append(slices.Clone(res.Replies), res.Staff...) {
				if strings.HasPrefix(string(r.Text.Key), "staff.") {
					t.Errorf("%s was answered %s", chat, r.Text.Key)
				}
			}
		}
		c.text("/start")
		res := c.text("/refund LT-00001")
		if !hasText(res, messages.UnknownCommand) {
			t.Errorf("%s /refund: %v", chat, keysOf(res.Replies))
		}
		noStaffTexts(res)
		for _, d := range []string{"rf:1:100:0", confirm.Data, "rfx:1"} {
			res := c.do(flows.Input{Kind: flows.ButtonInput, Data: d, User: staffUser})
			if !hasText(res, messages.StaleButton) {
				t.Errorf("%s pressed %q: %v", chat, d, keysOf(res.Replies))
			}
			noStaffTexts(res)
		}
		noStaffTexts(c.text("/help"))
	}
	if len(w.st.refunds) != 0 {
		t.Fatalf("a customer made a refund: %+v", w.st.refunds)
	}
	// The staff button still works in the staff chat.
	only(t, w.press(confirm.Data), messages.StaffRefundRequested)
}

func TestStaffStoreErrors(t *testing.T) {
	dbDown := errors.New("db down")
	for _, c := range []struct {
		method string
		in     flows.Input
	}{
		{"Find", flows.Input{Kind: flows.TextInput, Text: "/refund LT-00001"}},
		{"Refunds", flows.Input{Kind: flows.TextInput, Text: "/refund LT-00001"}},
		{"Find", flows.Input{Kind: flows.ButtonInput, Data: "rf:1:100:0"}},
		{"Refunds", flows.Input{Kind: flows.ButtonInput, Data: "rf:1:100:0"}},
		{"RequestRefund", flows.Input{Kind: flows.ButtonInput, Data: "rf:1:100:0"}},
	} {
		t.Run(c.method, func(t *testing.T) {
			f, st := newFlows(t)
			addPaid(st)
			st.failOn = func(m string) error {
				if m == c.method {
					return dbDown
				}
				return nil
			}
			in := c.in
			in.Chat, in.Staff, in.User = staffChat, true, staffUser
			if _, err := f.Handle(context.Background(), st, flows.NewSession("ru"), in); !errors.Is(err, dbDown) {
				t.Errorf("want the store's error, got %v", err)
			}
			if len(st.refunds) != 0 {
				t.Errorf("refunds %+v", st.refunds)
			}
		})
	}
}
