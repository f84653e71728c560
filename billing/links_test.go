package billing_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/billing"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/payments/cloudpayments/cloudpaymentstest"
	"github.com/lete-store/letebot/shop"
)

// TestCloseLinks runs the closing of cancelled orders' payment links
// against the fake API, on one env per dialect.
func TestCloseLinks(t *testing.T) {
	suite(t, envOptions{}, func(t *testing.T, e *env) {
		e.run(t, "link id stored", linkIDStored)
		e.run(t, "closed once", linkClosedOnce)
		e.run(t, "provider error", linkCloseRetried)
		e.run(t, "provider refusal", linkCloseRefused)
		e.run(t, "only cancelled unpaid orders", linkCloseOnlyCancelled)
		e.run(t, "run wakes on notify", linkCloseRunWakes)
	})
}

// linkOf returns the fake's record of an order's link.
func (e *env) linkOf(o shop.Order) cloudpaymentstest.Link {
	e.t.Helper()
	got := e.order(o.ID)
	l, ok := e.fake.Link(got.Payment.LinkID)
	if !ok {
		e.t.Fatalf("order %s: link id %q unknown to the provider", o.Number(), got.Payment.LinkID)
	}
	return l
}

// pageStatus opens a link's page as the customer's browser does.
func (e *env) pageStatus(link string) int {
	e.t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		e.t.Fatalf("GET %s: %v", link, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func linkIDStored(t *testing.T, e *env) {
	o := e.place("c1", 1)
	e.sendLinks()
	got := e.order(o.ID)
	if got.Payment.LinkID == "" || got.Payment.LinkURL != e.fake.URL+cloudpaymentstest.PagePath+got.Payment.LinkID {
		t.Fatalf("link %q with id %q, want the id of the link sent", got.Payment.LinkURL, got.Payment.LinkID)
	}
	if l := e.linkOf(o); l.InvoiceID != o.Number() || l.Status != cloudpaymentstest.LinkCreated {
		t.Errorf("the provider's link %+v, want an open link for %s", l, o.Number())
	}
	if !got.Payment.LinkClosedAt.IsZero() || got.Payment.LinkCloseError != "" {
		t.Errorf("a new link is closed: %+v", got.Payment)
	}
	// The customer's later steps (Update) leave the id as it is.
	e.clock.Add(time.Hour)
	e.remind()
	if n := e.count("c1", txtReminder); n != 1 {
		t.Fatalf("%d reminders, want 1", n)
	}
	if again := e.order(o.ID); again.Payment.LinkID != got.Payment.LinkID {
		t.Errorf("link id %q after a reminder, was %q", again.Payment.LinkID, got.Payment.LinkID)
	}
}

// linkClosedOnce: the expiry (through the flows) and a cancellation by
// hand each close their order's link, once.
func linkClosedOnce(t *testing.T, e *env) {
	expired := e.expired("c1", 1)
	byHand := e.place("c2", 1)
	e.sendLinks()
	e.setStatus(byHand.ID, shop.Cancelled)
	for _, o := range []shop.Order{expired, byHand} {
		if s := e.pageStatus(e.order(o.ID).Payment.LinkURL); s != http.StatusOK {
			t.Fatalf("order %s: the page answers %d before closing, want 200", o.Number(), s)
		}
	}
	before := e.fake.Cancels()
	told := len(e.said("c1")) + len(e.said("c2"))
	closedAt := e.clock.Now()

	e.closeLinks()
	calls := e.calls("/orders/cancel")
	if len(calls) != 2 {
		t.Fatalf("%d orders/cancel calls, want 2: %+v", len(calls), calls)
	}
	for i, o := range []shop.Order{expired, byHand} { // oldest first
		got := e.order(o.ID)
		if id := calls[i].Body["Id"]; id != got.Payment.LinkID {
			t.Errorf("call %d: Id %v, want %q", i, id, got.Payment.LinkID)
		}
		if !got.Payment.LinkClosedAt.Equal(closedAt) || got.Payment.LinkCloseError != "" {
			t.Errorf("order %s: closed at %v (refusal %q), want %v", o.Number(), got.Payment.LinkClosedAt,
				got.Payment.LinkCloseError, closedAt)
		}
		if l := e.linkOf(o); l.Status != cloudpaymentstest.LinkCancelled {
			t.Errorf("order %s: the provider's link is %s", o.Number(), l.Status)
		}
		if s := e.pageStatus(got.Payment.LinkURL); s != http.StatusGone {
			t.Errorf("order %s: the page answers %d after closing, want 410", o.Number(), s)
		}
		if got.Status != shop.Cancelled {
			t.Errorf("order %s became %s", o.Number(), got.Status)
		}
	}
	if n := e.fake.Cancels() - before; n != 2 {
		t.Errorf("the provider cancelled %d links, want 2", n)
	}

	// Later passes have nothing to do.
	e.clock.Add(time.Hour)
	e.closeLinks()
	e.closeLinks()
	if n := len(e.calls("/orders/cancel")); n != 2 {
		t.Errorf("%d orders/cancel calls after more passes, want still 2", n)
	}
	if n := len(e.said("c1")) + len(e.said("c2")); n != told {
		t.Errorf("customers got %d messages, had %d: closing a link is silent", n, told)
	}
}

// linkCloseRetried: a failed call is the same request again after the
// pause, and ends the pass; other links are closed on the next.
func linkCloseRetried(t *testing.T, e *env) {
	a := e.place("c1", 1)
	b := e.place("c2", 1)
	e.sendLinks()
	e.setStatus(a.ID, shop.Cancelled)
	e.setStatus(b.ID, shop.Cancelled)

	e.fake.Busy(1)
	e.closeLinks()
	if n := len(e.calls("/orders/cancel")); n != 1 {
		t.Fatalf("%d calls, want 1: a failure ends the pass", n)
	}
	if got := e.order(a.ID); !got.Payment.LinkClosedAt.IsZero() || got.Payment.LinkCloseError != "" {
		t.Fatalf("a link recorded closed after a 429: %+v", got.Payment)
	}

	e.clock.Add(10 * time.Second)
	e.closeLinks()
	calls := e.calls("/orders/cancel")
	if len(calls) != 2 || calls[1].Body["Id"] != e.order(b.ID).Payment.LinkID {
		t.Fatalf("calls %+v, want the second order's link next, the first held back", calls)
	}
	if e.order(b.ID).Payment.LinkClosedAt.IsZero() {
		t.Error("the second link not recorded closed")
	}
	if !e.order(a.ID).Payment.LinkClosedAt.IsZero() {
		t.Error("the first link recorded closed before it was retried")
	}

	e.clock.Add(21 * time.Second)
	e.closeLinks()
	calls = e.calls("/orders/cancel")
	if len(calls) != 3 {
		t.Fatalf("%d calls 31 s after the 429, want 3", len(calls))
	}
	if calls[2].RequestID != calls[0].RequestID || calls[2].Body["Id"] != calls[0].Body["Id"] {
		t.Errorf("the retry %+v is not the first request %+v", calls[2], calls[0])
	}
	if got := e.order(a.ID); !got.Payment.LinkClosedAt.Equal(e.clock.Now()) {
		t.Errorf("closed at %v after the retry, want %v", got.Payment.LinkClosedAt, e.clock.Now())
	}
	if l := e.linkOf(a); l.Status != cloudpaymentstest.LinkCancelled {
		t.Errorf("the provider's link is %s", l.Status)
	}
}

// linkCloseRefused: a refusal is recorded and not asked again.
func linkCloseRefused(t *testing.T, e *env) {
	o := e.place("c1", 1)
	e.sendLinks()
	// Paid at the provider, the notification not here yet: it refuses.
	e.fake.SetPayment(o.Number(), cloudpaymentstest.Payment{TransactionID: e.tx(1), Amount: int64(o.Total), Status: "Completed"})
	e.setStatus(o.ID, shop.Cancelled)

	e.closeLinks()
	got := e.order(o.ID)
	if got.Payment.LinkCloseError != "Order is paid" || !got.Payment.LinkClosedAt.IsZero() {
		t.Errorf("after a refusal: %+v, want the refusal recorded and the link not closed", got.Payment)
	}
	e.clock.Add(time.Hour)
	e.closeLinks()
	if n := len(e.calls("/orders/cancel")); n != 1 {
		t.Errorf("%d calls, want 1: a refusal is not asked again", n)
	}
}

// linkCloseOnlyCancelled: orders awaiting payment, paid ones (cancelled
// afterwards too) and cancelled ones without a link are left alone.
func linkCloseOnlyCancelled(t *testing.T, e *env) {
	open := e.place("c1", 1)
	paid := e.place("c2", 1)
	refunded := e.place("c3", 1)
	noLink := e.place("c4", 1)
	e.setStatus(noLink.ID, shop.Cancelled)
	e.sendLinks()
	e.mustCode(cloudpayments.Pay, fields(paid, e.tx(1)), false, cloudpayments.CodeOK)
	e.mustCode(cloudpayments.Pay, fields(refunded, e.tx(2)), false, cloudpayments.CodeOK)
	e.setStatus(refunded.ID, shop.Cancelled) // as staff do once the money is back

	e.clock.Add(49 * time.Hour)
	e.closeLinks()
	if calls := e.calls("/orders/cancel"); len(calls) != 0 {
		t.Fatalf("orders/cancel called: %+v", calls)
	}
	for _, o := range []shop.Order{open, paid, refunded, noLink} {
		if got := e.order(o.ID); !got.Payment.LinkClosedAt.IsZero() || got.Payment.LinkCloseError != "" {
			t.Errorf("order %s (%s): link closed %v, refusal %q", o.Number(), got.Status,
				got.Payment.LinkClosedAt, got.Payment.LinkCloseError)
		}
	}
	if s := e.pageStatus(e.order(open.ID).Payment.LinkURL); s != http.StatusOK {
		t.Errorf("an unpaid order's page answers %d, want 200", s)
	}
}

// linkCloseRunWakes: Run closes a link when woken, as after the commit
// that cancelled the order.
func linkCloseRunWakes(t *testing.T, e *env) {
	o := e.place("c1", 1)
	e.sendLinks()
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- e.svc.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	time.Sleep(50 * time.Millisecond) // Run's first pass finds nothing
	e.setStatus(o.ID, shop.Cancelled)
	e.svc.Notify()
	deadline := time.Now().Add(4 * time.Second) // under Run's tick
	for e.order(o.ID).Payment.LinkClosedAt.IsZero() {
		if time.Now().After(deadline) {
			t.Fatal("link not closed within 4 s of Notify")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if l := e.linkOf(o); l.Status != cloudpaymentstest.LinkCancelled {
		t.Errorf("the provider's link is %s", l.Status)
	}
}

// testPageClosed: once the link of a cancelled order is closed, its test
// page says so and takes no payment.
func testPageClosed(t *testing.T, e *env) {
	o, link := e.testLink("c1")
	if id := e.order(o.ID).Payment.LinkID; id != "test-"+o.Number() {
		t.Errorf("test link id %q", id)
	}
	e.clock.Add(48 * time.Hour)
	e.remind() // the expiry cancels it
	if got := e.order(o.ID); got.Status != shop.Cancelled {
		t.Fatalf("order %s after the expiry, want cancelled", got.Status)
	}
	// Cancelled, link not yet closed: the status, no buttons.
	if p := e.getPage(link); p.status != http.StatusOK || strings.Contains(p.body, "<button") {
		t.Fatalf("GET before closing: %d\n%s", p.status, p.body)
	}

	e.closeLinks()
	got := e.order(o.ID)
	if got.Payment.LinkClosedAt.IsZero() || got.Payment.LinkCloseError != "" {
		t.Fatalf("test link not closed: %+v", got.Payment)
	}
	p := e.getPage(link)
	if p.status != http.StatusGone || strings.Contains(p.body, "<button") || !strings.Contains(p.body, "Заказ отменён") {
		t.Errorf("GET a closed link: %d, want 410 saying the order is cancelled, no buttons:\n%s", p.status, p.body)
	}
	p = e.pay(link, "success")
	if p.status != http.StatusGone || p.location != "" {
		t.Errorf("POST a closed link: %d to %q, want 410", p.status, p.location)
	}
	if n := e.stored(o); n != 0 {
		t.Errorf("%d payment events stored from a closed link", n)
	}
	if got := e.order(o.ID); got.Status != shop.Cancelled || got.Payment.TransactionID != 0 {
		t.Errorf("order %s paid by %d through a closed link", got.Status, got.Payment.TransactionID)
	}
	if n := e.count("c1", txtReceived); n != 0 {
		t.Error("customer told paid")
	}
}

func TestTestProviderClosesOnlyItsLinks(t *testing.T) {
	p := billing.NewTestProvider("https://pay.example", "test-page-secret")
	link, err := p.CreateLink(context.Background(), cloudpayments.LinkRequest{InvoiceID: "LT-00042"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.CancelLink(context.Background(), link.ID); err != nil {
		t.Errorf("CancelLink(%q) = %v", link.ID, err)
	}
	var api *cloudpayments.APIError
	if err := p.CancelLink(context.Background(), "inv1001"); !errors.As(err, &api) {
		t.Errorf("CancelLink of a CloudPayments link = %v, want a refusal", err)
	}
}
