package billing_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lete-store/letebot/billing"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/payments/cloudpayments/cloudpaymentstest"
	"github.com/lete-store/letebot/shop"
)

// post sends a raw body to path with the given headers (no signature
// unless one is among them) and returns the status and reply.
func (e *env) post(path, contentType string, body []byte, header http.Header) (int, string) {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.ctx, http.MethodPost, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("post %s: %v", path, err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

// unchanged checks that nothing happened to o: still awaiting payment, no
// payment on record, no message queued or sent to anyone.
func (e *env) unchanged(o shop.Order) {
	e.t.Helper()
	got := e.order(o.ID)
	if got.Status != shop.AwaitingPayment || got.Payment.TransactionID != 0 || got.Payment.Declines != 0 {
		e.t.Errorf("order changed: status %s, payment %+v", got.Status, got.Payment)
	}
	if n := e.waiting(); n != 0 {
		e.t.Errorf("%d outbox rows queued, want none", n)
	}
	if n := e.stored(o); n != 0 {
		e.t.Errorf("%d payment events stored for the order, want none", n)
	}
	e.flush()
	if all := e.rec.all(); len(all) != 0 {
		e.t.Errorf("messages sent: %+v", all)
	}
}

// TestWebhooks runs the notification cases on one env per dialect.
func TestWebhooks(t *testing.T) {
	suite(t, envOptions{}, func(t *testing.T, e *env) {
		t.Run("paid", func(t *testing.T) { table(t, e, formats, format.String, webhookPaid) })
		t.Run("signature", func(t *testing.T) { webhookSignature(t, e) })
		t.Run("signature accepted", func(t *testing.T) { webhookSignatureAccepted(t, e) })
		t.Run("replayed pay", func(t *testing.T) { table(t, e, formats, format.String, webhookReplayedPay) })
		e.run(t, "stored, then handled", webhookStoredThenHandled)
		e.run(t, "concurrent notifications", webhookConcurrent)
		e.run(t, "pay before check", webhookPayBeforeCheck)
		t.Run("check", func(t *testing.T) { webhookCheckCodes(t, e) })
		t.Run("fail then pay", func(t *testing.T) { table(t, e, formats, format.String, webhookFailThenPay) })
		e.run(t, "declines alert staff once", webhookDeclinesAlertStaffOnce)
		e.run(t, "paid twice", webhookPaidTwice)
		e.run(t, "confirm and cancel", webhookConfirmCancel)
		t.Run("amount mismatch", func(t *testing.T) { webhookAmountMismatch(t, e) })
		t.Run("unknown order", func(t *testing.T) { webhookUnknownOrder(t, e) })
		t.Run("cabinet refund", func(t *testing.T) { table(t, e, formats, format.String, webhookCabinetRefund) })
		t.Run("rejects", func(t *testing.T) { webhookRejects(t, e) })
	})
}

func webhookPaid(t *testing.T, e *env, f format) {
	o := e.place("c1", 1)
	status, body := e.notify(cloudpayments.Check, fields(o, e.tx(5001)), f.asJSON)
	if status != http.StatusOK || strings.TrimSpace(body) != `{"code":0}` {
		t.Fatalf("check: HTTP %d %q, want 200 {\"code\":0}", status, body)
	}
	status, body = e.notify(cloudpayments.Pay, fields(o, e.tx(5001)), f.asJSON)
	if status != http.StatusOK || strings.TrimSpace(body) != `{"code":0}` {
		t.Fatalf("pay: HTTP %d %q, want 200 {\"code\":0}", status, body)
	}
	got := e.order(o.ID)
	if got.Status != shop.Paid {
		t.Fatalf("status %s, want paid", got.Status)
	}
	p := got.Payment
	if p.TransactionID != e.tx(5001) || p.Amount != o.Total || p.CardLastFour != "4242" || p.PaidAt.IsZero() || p.Test {
		t.Errorf("payment %+v, want transaction 5001, amount %d, card 4242, paid, not test", p, o.Total)
	}
	if n := e.count("c1", txtReceived); n != 1 {
		t.Errorf("customer told paid %d times, want 1", n)
	}
	if n := e.count(staffChat, staffPaid); n != 1 {
		t.Errorf("staff told paid %d times, want 1", n)
	}
	if n := e.payments("pay", e.tx(5001)); n != 1 {
		t.Errorf("%d payments rows, want 1", n)
	}
	if id := e.paymentOrder("pay", e.tx(5001)); id != o.ID {
		t.Errorf("payments row names order %d, want %d", id, o.ID)
	}
	want := []webhookResult{{"check", billing.WebhookOK}, {"pay", billing.WebhookOK}}
	if got := e.results(); !slices.Equal(got, want) {
		t.Errorf("observed %v, want %v", got, want)
	}
}

func webhookSignature(t *testing.T, e *env) {
	type tc struct {
		name string
		// send posts a Pay notification about o that must be refused.
		send func(e *env, o shop.Order) (int, string)
	}
	var cases []tc
	for _, f := range formats {
		cases = append(cases,
			tc{"wrong secret/" + f.name, func(e *env, o shop.Order) (int, string) {
				return e.notifySigned(cloudpayments.Pay, "not-the-secret", fields(o, e.tx(6001)), f.asJSON)
			}},
			tc{"empty secret/" + f.name, func(e *env, o shop.Order) (int, string) {
				return e.notifySigned(cloudpayments.Pay, "", fields(o, e.tx(6001)), f.asJSON)
			}},
		)
	}
	cases = append(cases,
		tc{"missing header", func(e *env, o shop.Order) (int, string) {
			return e.post("/webhooks/cloudpayments/pay", "application/x-www-form-urlencoded",
				[]byte(fields(o, e.tx(6001)).Encode()), nil)
		}},
		tc{"signature of another body", func(e *env, o shop.Order) (int, string) {
			other := []byte(fields(o, e.tx(6002)).Encode())
			sig := cloudpayments.Sign(secret, other)
			return e.post("/webhooks/cloudpayments/pay", "application/x-www-form-urlencoded",
				[]byte(fields(o, e.tx(6001)).Encode()), http.Header{"Content-Hmac": {sig}, "X-Content-Hmac": {sig}})
		}},
		tc{"garbage header", func(e *env, o shop.Order) (int, string) {
			return e.post("/webhooks/cloudpayments/pay", "application/x-www-form-urlencoded",
				[]byte(fields(o, e.tx(6001)).Encode()), http.Header{"Content-Hmac": {"not base64 !!"}})
		}},
	)
	table(t, e, cases, func(c tc) string { return c.name }, func(t *testing.T, e *env, c tc) {
		o := e.place("c1", 1)
		status, body := c.send(e, o)
		if status != http.StatusUnauthorized {
			t.Fatalf("HTTP %d %q, want 401", status, body)
		}
		e.unchanged(o)
		if n := e.payments("pay", e.tx(6001)); n != 0 {
			t.Errorf("%d payments rows, want none", n)
		}
		if got := e.results(); !slices.Equal(got, []webhookResult{{"pay", billing.WebhookSignature}}) {
			t.Errorf("observed %v, want one signature failure", got)
		}
	})
}

// webhookSignatureAccepted: the other ways the provider signs and encodes
// a notification are taken too.
func webhookSignatureAccepted(t *testing.T, e *env) {
	type tc struct {
		name string
		send func(e *env, o shop.Order) (int, string)
	}
	const form = "application/x-www-form-urlencoded"
	path := "/webhooks/cloudpayments/pay"
	cases := []tc{
		{"X-Content-HMAC only", func(e *env, o shop.Order) (int, string) {
			body := []byte(fields(o, e.tx(1)).Encode())
			return e.post(path, form, body, http.Header{"X-Content-Hmac": {cloudpayments.Sign(secret, body)}})
		}},
		{"X-Content-HMAC over the decoded body", func(e *env, o shop.Order) (int, string) {
			v := with(fields(o, e.tx(1)), "Data", `{"note":"a b&c"}`, "Name", "Айгерим Н.")
			body := []byte(v.Encode())
			decoded, err := url.QueryUnescape(string(body))
			if err != nil {
				e.t.Fatal(err)
			}
			return e.post(path, form, body, http.Header{"X-Content-Hmac": {cloudpayments.Sign(secret, []byte(decoded))}})
		}},
		{"wrong Content-HMAC, right X-Content-HMAC", func(e *env, o shop.Order) (int, string) {
			body := []byte(fields(o, e.tx(1)).Encode())
			return e.post(path, form, body, http.Header{
				"Content-Hmac":   {cloudpayments.Sign("not-the-secret", body)},
				"X-Content-Hmac": {cloudpayments.Sign(secret, body)},
			})
		}},
		{"JSON with numbers and booleans", func(e *env, o shop.Order) (int, string) {
			body := []byte(fmt.Sprintf(`{"TransactionId": %d, "Amount": %d.00, "Currency": "KZT", "InvoiceId": %q,
				"AccountId": %q, "CardLastFour": "4242", "TestMode": false, "Status": "Completed",
				"Data": {"nested": true}}`, e.tx(1), o.Total, o.Number(), o.ChatKey))
			return e.post(path, "application/json; charset=utf-8", body,
				http.Header{"Content-Hmac": {cloudpayments.Sign(secret, body)}})
		}},
		{"body of exactly MaxBody", func(e *env, o shop.Order) (int, string) {
			body := fields(o, e.tx(1)).Encode() + "&Data="
			body += strings.Repeat("a", cloudpayments.MaxBody-len(body))
			return e.post(path, form, []byte(body), http.Header{"Content-Hmac": {cloudpayments.Sign(secret, []byte(body))}})
		}},
	}
	table(t, e, cases, func(c tc) string { return c.name }, func(t *testing.T, e *env, c tc) {
		o := e.place("c1", 1)
		status, body := c.send(e, o)
		e.handlePayments()
		if status != http.StatusOK || strings.TrimSpace(body) != `{"code":0}` {
			t.Fatalf("HTTP %d %q, want 200 {\"code\":0}", status, body)
		}
		got := e.order(o.ID)
		if got.Status != shop.Paid || got.Payment.TransactionID != e.tx(1) || got.Payment.CardLastFour != "4242" || got.Payment.Test {
			t.Errorf("order %s %+v, want paid by %d with card 4242, not test", got.Status, got.Payment, e.tx(1))
		}
	})
}

func webhookReplayedPay(t *testing.T, e *env, f format) {
	o := e.place("c1", 1)
	for range 3 {
		e.mustCode(cloudpayments.Pay, fields(o, e.tx(7001)), f.asJSON, cloudpayments.CodeOK)
	}
	// The other encoding of the same notification is the same event too.
	e.mustCode(cloudpayments.Pay, fields(o, e.tx(7001)), !f.asJSON, cloudpayments.CodeOK)
	if got := e.order(o.ID); got.Status != shop.Paid || got.Payment.TransactionID != e.tx(7001) {
		t.Fatalf("order %s, transaction %d; want paid by 7001", got.Status, got.Payment.TransactionID)
	}
	if n := e.count("c1", txtReceived); n != 1 {
		t.Errorf("customer told paid %d times, want 1", n)
	}
	if n := len(e.said("c1")); n != 1 {
		t.Errorf("customer got %d messages, want 1", n)
	}
	if n := e.count(staffChat, staffPaid); n != 1 {
		t.Errorf("staff told paid %d times, want 1", n)
	}
	if n := e.payments("pay", e.tx(7001)); n != 1 {
		t.Errorf("%d payments rows, want 1", n)
	}
}

// webhookStoredThenHandled: the webhook answers once the event is stored;
// HandlePayments acts on it, once.
func webhookStoredThenHandled(t *testing.T, e *env) {
	o := e.place("c1", 1)
	status, body := e.notifyOnly(cloudpayments.Pay, secret, fields(o, e.tx(1)), false)
	if status != http.StatusOK || strings.TrimSpace(body) != `{"code":0}` {
		t.Fatalf("pay: HTTP %d %q", status, body)
	}
	if n := e.unhandled(); n != 1 {
		t.Fatalf("%d stored events, want 1", n)
	}
	if got := e.order(o.ID); got.Status != shop.AwaitingPayment {
		t.Fatalf("status %s before the event is handled", got.Status)
	}
	e.handlePayments()
	e.handlePayments()
	if n := e.unhandled(); n != 0 {
		t.Errorf("%d events left unhandled", n)
	}
	if got := e.order(o.ID); got.Status != shop.Paid {
		t.Errorf("status %s after HandlePayments, want paid", got.Status)
	}
	if n := e.count("c1", txtReceived); n != 1 {
		t.Errorf("customer told paid %d times, want 1", n)
	}
}

// webhookConcurrent: many notifications at once, each delivered twice,
// are stored together and each acted on once.
func webhookConcurrent(t *testing.T, e *env) {
	const n = 12
	orders := make([]shop.Order, n)
	for i := range orders {
		orders[i] = e.place("p"+strconv.Itoa(i), 1)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 2*n)
	for i, o := range orders {
		for j := range 2 {
			wg.Go(func() {
				status, body, err := cloudpaymentstest.Notify(e.endpoint("pay"), secret, fields(o, e.tx(int64(i))), j == 1)
				if err != nil || status != http.StatusOK || strings.TrimSpace(body) != `{"code":0}` {
					errs <- fmt.Sprintf("order %d: HTTP %d %q %v", o.ID, status, body, err)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
	if got := e.unhandled(); got != n {
		t.Errorf("%d events stored, want %d", got, n)
	}
	e.handlePayments()
	for i, o := range orders {
		if got := e.order(o.ID); got.Status != shop.Paid || got.Payment.TransactionID != e.tx(int64(i)) {
			t.Errorf("order %d: %s by %d", o.ID, got.Status, got.Payment.TransactionID)
		}
		if c := e.count("p"+strconv.Itoa(i), txtReceived); c != 1 {
			t.Errorf("chat p%d told paid %d times, want 1", i, c)
		}
	}
	if c := e.count(staffChat, staffPaid); c != n {
		t.Errorf("staff told of %d payments, want %d", c, n)
	}
}

// webhookPayBeforeCheck: the provider may deliver Pay before Check (or
// Check late): Pay alone pays, and the late Check is told the order is paid.
func webhookPayBeforeCheck(t *testing.T, e *env) {
	o := e.place("c1", 1)
	e.mustCode(cloudpayments.Pay, fields(o, e.tx(8001)), false, cloudpayments.CodeOK)
	if got := e.order(o.ID); got.Status != shop.Paid {
		t.Fatalf("status %s, want paid", got.Status)
	}
	e.mustCode(cloudpayments.Check, fields(o, e.tx(8001)), true, cloudpayments.CodeCannotBePaid)
	if got := e.order(o.ID); got.Status != shop.Paid || got.Payment.TransactionID != e.tx(8001) {
		t.Errorf("order %s by %d after the late Check, want paid by 8001", got.Status, got.Payment.TransactionID)
	}
	if n := e.count("c1", txtReceived); n != 1 {
		t.Errorf("customer told paid %d times, want 1", n)
	}
}

func webhookCheckCodes(t *testing.T, e *env) {
	type tc struct {
		name string
		// setup changes the order or the clock first.
		setup func(e *env, o shop.Order)
		// change is set in the Check's fields (an empty value deletes).
		change func(o shop.Order) []string
		want   int
		// alreadyPaid: the customer is told once per attempt that the
		// order is paid.
		alreadyPaid bool
	}
	amount := func(delta shop.Money, suffix string) func(o shop.Order) []string {
		return func(o shop.Order) []string {
			return []string{"Amount", strconv.FormatInt(int64(o.Total+delta), 10) + suffix}
		}
	}
	set := func(kv ...string) func(shop.Order) []string { return func(shop.Order) []string { return kv } }
	advance := func(d time.Duration) func(e *env, o shop.Order) {
		return func(e *env, o shop.Order) { e.clock.Add(d) }
	}
	cases := []tc{
		{name: "payable", want: cloudpayments.CodeOK},
		{name: "payable without AccountId and Currency", change: set("AccountId", "", "Currency", ""), want: cloudpayments.CodeOK},
		{name: "payable, amount without decimals", change: amount(0, ""), want: cloudpayments.CodeOK},
		{name: "payable, amount with comma", change: amount(0, ",00"), want: cloudpayments.CodeOK},
		{name: "payable just before expiry", setup: advance(48*time.Hour - time.Second), want: cloudpayments.CodeOK},
		{name: "unknown InvoiceId", change: func(o shop.Order) []string {
			return []string{"InvoiceId", shop.OrderNumber(o.ID + 9_000_000)}
		}, want: cloudpayments.CodeUnknownOrder},
		{name: "unreadable InvoiceId", change: set("InvoiceId", "order-abc"), want: cloudpayments.CodeUnknownOrder},
		{name: "no InvoiceId", change: set("InvoiceId", ""), want: cloudpayments.CodeUnknownOrder},
		{name: "wrong AccountId", change: set("AccountId", "console:someone-else"), want: cloudpayments.CodeWrongAccount},
		{name: "amount too small", change: amount(-1, ""), want: cloudpayments.CodeWrongAmount},
		{name: "amount too large", change: amount(1000, ".00"), want: cloudpayments.CodeWrongAmount},
		{name: "amount with tiyn", change: amount(0, ".50"), want: cloudpayments.CodeWrongAmount},
		{name: "amount one tiyn short", change: amount(-1, ".99"), want: cloudpayments.CodeWrongAmount},
		{name: "amount in dollars", change: set("Currency", "USD"), want: cloudpayments.CodeWrongAmount},
		{name: "cancelled", setup: func(e *env, o shop.Order) { e.setStatus(o.ID, shop.Cancelled) }, want: cloudpayments.CodeCannotBePaid},
		{name: "already paid", setup: func(e *env, o shop.Order) {
			e.mustCode(cloudpayments.Pay, fields(o, e.tx(99)), false, cloudpayments.CodeOK)
		}, want: cloudpayments.CodeCannotBePaid, alreadyPaid: true},
		{name: "shipped", setup: func(e *env, o shop.Order) {
			e.mustCode(cloudpayments.Pay, fields(o, e.tx(99)), false, cloudpayments.CodeOK)
			e.setStatus(o.ID, shop.Shipped)
		}, want: cloudpayments.CodeCannotBePaid, alreadyPaid: true},
		{name: "expired", setup: advance(48 * time.Hour), want: cloudpayments.CodePaymentExpire},
		{name: "expired long ago", setup: advance(30 * 24 * time.Hour), want: cloudpayments.CodePaymentExpire},
		{name: "expired and cancelled", setup: func(e *env, o shop.Order) {
			e.clock.Add(48 * time.Hour)
			e.setStatus(o.ID, shop.Cancelled)
		}, want: cloudpayments.CodeCannotBePaid},
	}
	table(t, e, cases, func(c tc) string { return c.name }, func(t *testing.T, e *env, c tc) {
		o := e.place("c1", 1)
		if c.setup != nil {
			c.setup(e, o)
		}
		e.flush()
		before := e.order(o.ID)
		customerBefore, staffBefore := len(e.said("c1")), len(e.said(staffChat))
		// Both encodings, each attempt (transaction) delivered twice:
		// 9001 as a form, 9002 as JSON.
		for i, f := range formats {
			v := fields(o, e.tx(int64(9001+i)))
			if c.change != nil {
				v = with(v, c.change(o)...)
			}
			e.mustCode(cloudpayments.Check, v, f.asJSON, c.want)
			e.mustCode(cloudpayments.Check, v, f.asJSON, c.want)
		}
		wantTold := 0
		if c.alreadyPaid {
			wantTold = 2 // once per attempt, not per delivery
		}
		if n := e.count("c1", txtAlreadyPaid); n != wantTold {
			t.Errorf("customer told already paid %d times, want %d", n, wantTold)
		}
		if n := len(e.said("c1")) - customerBefore; n != wantTold {
			t.Errorf("customer got %d messages about the Checks, want %d", n, wantTold)
		}
		if n := len(e.said(staffChat)) - staffBefore; n != 0 {
			t.Errorf("staff got %d messages about the Checks", n)
		}
		// Check only asks: the order and its payment stay as they were.
		after := e.order(o.ID)
		if after.Status != before.Status || after.Payment.TransactionID != before.Payment.TransactionID ||
			after.Payment.Declines != before.Payment.Declines || after.Payment.Reminders != before.Payment.Reminders {
			t.Errorf("Check changed the order: %s %+v, was %s %+v", after.Status, after.Payment, before.Status, before.Payment)
		}
		if n := e.payments("check", e.tx(9001)) + e.payments("check", e.tx(9002)); n != 0 {
			t.Errorf("Check left %d payments rows", n)
		}
		wantRes := billing.WebhookOK
		if c.want != cloudpayments.CodeOK {
			wantRes = billing.WebhookRefused
		}
		for _, r := range e.results() {
			if r.Kind == "check" && r.Result != wantRes {
				t.Errorf("observed check %s, want %s", r.Result, wantRes)
			}
		}
	})
}

func webhookFailThenPay(t *testing.T, e *env, f format) {
	o := e.place("c1", 1)
	e.mustCode(cloudpayments.Check, fields(o, e.tx(10001)), f.asJSON, cloudpayments.CodeOK)
	e.mustCode(cloudpayments.Fail, decline(o, e.tx(10001), 5051), f.asJSON, cloudpayments.CodeOK)
	got := e.order(o.ID)
	if got.Status != shop.AwaitingPayment || got.Payment.Declines != 1 || got.Payment.TransactionID != 0 {
		t.Fatalf("after a decline: %s %+v, want awaiting payment with 1 decline", got.Status, got.Payment)
	}
	said := e.said("c1")
	if len(said) != 1 || !strings.Contains(said[0].Text, txtDeclined) || !strings.Contains(said[0].Text, txtNoFunds) {
		t.Fatalf("customer told %+v, want one no-funds decline", said)
	}
	if n := e.payments("fail", e.tx(10001)); n != 1 {
		t.Errorf("%d fail rows, want 1", n)
	}

	e.mustCode(cloudpayments.Check, fields(o, e.tx(10002)), f.asJSON, cloudpayments.CodeOK)
	e.mustCode(cloudpayments.Pay, fields(o, e.tx(10002)), f.asJSON, cloudpayments.CodeOK)
	got = e.order(o.ID)
	if got.Status != shop.Paid || got.Payment.TransactionID != e.tx(10002) || got.Payment.Declines != 0 {
		t.Fatalf("after paying: %s %+v, want paid by 10002, declines reset", got.Status, got.Payment)
	}
	said = e.said("c1")
	if len(said) != 2 || !strings.Contains(said[1].Text, txtReceived) {
		t.Errorf("customer told %+v, want the decline then the confirmation", said)
	}
	if n := e.count(staffChat, staffStruggle); n != 0 {
		t.Errorf("staff alerted %d times after one decline", n)
	}
}

func webhookDeclinesAlertStaffOnce(t *testing.T, e *env) {
	o := e.place("c1", 1)
	e.mustCode(cloudpayments.Fail, decline(o, e.tx(11001), 5051), false, cloudpayments.CodeOK)
	if n := e.count(staffChat, staffStruggle); n != 0 {
		t.Fatalf("staff alerted after one decline")
	}
	e.mustCode(cloudpayments.Fail, decline(o, e.tx(11002), 5082), true, cloudpayments.CodeOK)
	e.mustCode(cloudpayments.Fail, decline(o, e.tx(11002), 5082), false, cloudpayments.CodeOK) // replayed
	e.mustCode(cloudpayments.Fail, decline(o, e.tx(11003), 5054), false, cloudpayments.CodeOK)
	if n := e.count(staffChat, staffStruggle); n != 1 {
		t.Errorf("staff alerted %d times about three declines, want 1", n)
	}
	if n := e.count("c1", txtDeclined); n != 3 {
		t.Errorf("customer told of %d declines, want 3", n)
	}
	if got := e.order(o.ID); got.Payment.Declines != 3 || got.Status != shop.AwaitingPayment {
		t.Errorf("order %s with %d declines, want awaiting payment with 3", got.Status, got.Payment.Declines)
	}
}

// webhookPaidTwice: a second payment of a paid order is not taken as its
// payment; the customer hears it will be returned, staff are told to.
func webhookPaidTwice(t *testing.T, e *env) {
	o := e.place("c1", 1)
	e.mustCode(cloudpayments.Pay, fields(o, e.tx(1)), false, cloudpayments.CodeOK)
	e.mustCode(cloudpayments.Pay, fields(o, e.tx(2)), true, cloudpayments.CodeOK)
	e.mustCode(cloudpayments.Pay, fields(o, e.tx(2)), false, cloudpayments.CodeOK)
	if got := e.order(o.ID); got.Status != shop.Paid || got.Payment.TransactionID != e.tx(1) {
		t.Errorf("order %s by %d, want paid by the first, %d", got.Status, got.Payment.TransactionID, e.tx(1))
	}
	if n := e.count("c1", txtReceived); n != 1 {
		t.Errorf("customer told paid %d times, want 1", n)
	}
	if n := e.count("c1", "ещё одну оплату"); n != 1 {
		t.Errorf("customer told of the second payment %d times, want 1", n)
	}
	if n := e.count(staffChat, "Двойная оплата"); n != 1 {
		t.Errorf("staff told of the double charge %d times, want 1", n)
	}
	if n := e.stored(o); n != 2 {
		t.Errorf("%d events stored, want both payments", n)
	}
}

// webhookConfirmCancel: a capture changes nothing; a void is shown to staff.
func webhookConfirmCancel(t *testing.T, e *env) {
	o := e.place("c1", 1)
	e.mustCode(cloudpayments.Pay, fields(o, e.tx(1)), false, cloudpayments.CodeOK)
	e.flush()
	customer, staff := len(e.said("c1")), len(e.said(staffChat))
	e.mustCode(cloudpayments.Confirm, fields(o, e.tx(1)), false, cloudpayments.CodeOK)
	if n := len(e.said("c1")) + len(e.said(staffChat)) - customer - staff; n != 0 {
		t.Errorf("%d messages about a capture, want none", n)
	}
	e.mustCode(cloudpayments.Cancel, fields(o, e.tx(1)), true, cloudpayments.CodeOK)
	e.mustCode(cloudpayments.Cancel, fields(o, e.tx(1)), false, cloudpayments.CodeOK)
	if n := e.count(staffChat, "Авторизация по заказу"); n != 1 {
		t.Errorf("staff told of the void %d times, want 1", n)
	}
	if n := len(e.said("c1")) - customer; n != 0 {
		t.Errorf("customer got %d messages about a capture and a void", n)
	}
	if n := e.payments("confirm", e.tx(1)) + e.payments("cancel", e.tx(1)); n != 2 {
		t.Errorf("%d confirm and cancel rows, want 2", n)
	}
}

func webhookAmountMismatch(t *testing.T, e *env) {
	type tc struct {
		name   string
		change []string
	}
	cases := []tc{
		{"less", []string{"Amount", "100.00"}},
		{"more", []string{"Amount", "999999"}},
		{"tiyn", nil}, // set per order below
		{"currency", []string{"Currency", "RUB"}},
	}
	table(t, e, cases, func(c tc) string { return c.name }, func(t *testing.T, e *env, c tc) {
		o := e.place("c1", 1)
		change := c.change
		if c.name == "tiyn" {
			change = []string{"Amount", strconv.FormatInt(int64(o.Total), 10) + ".01"}
		}
		for i, f := range formats {
			e.mustCode(cloudpayments.Pay, with(fields(o, e.tx(int64(12001+i))), change...), f.asJSON, cloudpayments.CodeOK)
		}
		got := e.order(o.ID)
		if got.Status != shop.AwaitingPayment || got.Payment.TransactionID != 0 {
			t.Fatalf("order %s paid by %d, want still awaiting payment", got.Status, got.Payment.TransactionID)
		}
		if n := e.count("c1", txtMismatch); n != 2 {
			t.Errorf("customer told of a mismatch %d times, want 2 (one per payment)", n)
		}
		if n := e.count("c1", txtReceived); n != 0 {
			t.Errorf("customer told the order is paid")
		}
		if n := e.count(staffChat, staffMismatch); n != 2 {
			t.Errorf("staff alerted %d times, want 2 (one per payment)", n)
		}
		if n := e.payments("pay", e.tx(12001)) + e.payments("pay", e.tx(12002)); n != 2 {
			t.Errorf("%d payments rows, want both kept for the accounts", n)
		}
	})
}

func webhookUnknownOrder(t *testing.T, e *env) {
	type tc struct {
		name  string
		kind  cloudpayments.Kind
		alert bool
	}
	cases := []tc{
		{"pay", cloudpayments.Pay, true},
		{"refund", cloudpayments.Refund, true},
		{"fail", cloudpayments.Fail, false},
		{"confirm", cloudpayments.Confirm, false},
		{"cancel", cloudpayments.Cancel, false},
	}
	table(t, e, cases, func(c tc) string { return c.name }, func(t *testing.T, e *env, c tc) {
		o := e.place("c1", 1)
		v := with(fields(o, e.tx(13001)), "InvoiceId", "LT-99999", "PaymentTransactionId", "12999")
		for _, f := range formats {
			e.mustCode(c.kind, v, f.asJSON, cloudpayments.CodeOK)
			e.mustCode(c.kind, v, f.asJSON, cloudpayments.CodeOK)
		}
		want := 0
		if c.alert {
			want = 1
		}
		if n := e.count(staffChat, staffUnknown); n != want {
			t.Errorf("staff alerted %d times, want %d", n, want)
		}
		if c.alert {
			if said := e.said(staffChat); len(said) == 1 && !strings.Contains(said[0].Text, "LT-99999") {
				t.Errorf("alert %q does not name the invoice", said[0].Text)
			}
		}
		if n := len(e.said("c1")); n != 0 {
			t.Errorf("a customer got %d messages about someone else's payment", n)
		}
		if got := e.order(o.ID); got.Status != shop.AwaitingPayment {
			t.Errorf("an unrelated order became %s", got.Status)
		}
		for _, r := range e.results() {
			if r.Result != billing.WebhookOK {
				t.Errorf("observed %v, want ok", r)
			}
		}
	})
}

func webhookCabinetRefund(t *testing.T, e *env, f format) {
	o := e.place("c1", 1)
	e.mustCode(cloudpayments.Pay, fields(o, e.tx(14001)), f.asJSON, cloudpayments.CodeOK)
	refund := with(fields(o, e.tx(14002)), "PaymentTransactionId", strconv.FormatInt(e.tx(14001), 10), "OperationType", "Refund", "Amount", "5000.00")
	e.mustCode(cloudpayments.Refund, refund, f.asJSON, cloudpayments.CodeOK)
	e.mustCode(cloudpayments.Refund, refund, f.asJSON, cloudpayments.CodeOK) // delivered again
	if n := e.payments("refund", e.tx(14002)); n != 1 {
		t.Fatalf("%d refund rows, want 1", n)
	}
	if id := e.paymentOrder("refund", e.tx(14002)); id != o.ID {
		t.Errorf("refund row names order %d, want %d", id, o.ID)
	}
	var refundMsgs []string
	for _, r := range e.said("c1") {
		if strings.Contains(r.Text, txtRefundSent) {
			refundMsgs = append(refundMsgs, r.Text)
		}
	}
	if len(refundMsgs) != 1 {
		t.Fatalf("customer told of the refund %d times, want 1", len(refundMsgs))
	}
	if !strings.Contains(refundMsgs[0], "4242") || !strings.Contains(refundMsgs[0], o.Number()) {
		t.Errorf("refund message %q lacks the card or the order", refundMsgs[0])
	}
	if n := e.count(staffChat, staffCabinet); n != 1 {
		t.Errorf("staff told of the cabinet refund %d times, want 1", n)
	}
	if got := e.order(o.ID); got.Status != shop.Paid || got.Payment.TransactionID != e.tx(14001) {
		t.Errorf("order %s by %d after a refund, want still paid by 14001", got.Status, got.Payment.TransactionID)
	}
}

func webhookRejects(t *testing.T, e *env) {
	type tc struct {
		name   string
		send   func(e *env, o shop.Order) (int, string)
		status int
	}
	signed := func(e *env, path, ct string, body []byte) (int, string) {
		sig := cloudpayments.Sign(secret, body)
		return e.post(path, ct, body, http.Header{"Content-Hmac": {sig}})
	}
	const form = "application/x-www-form-urlencoded"
	cases := []tc{
		{"unknown kind", func(e *env, o shop.Order) (int, string) {
			return e.notify("bogus", fields(o, e.tx(15001)), false)
		}, http.StatusNotFound},
		{"kind in capitals", func(e *env, o shop.Order) (int, string) {
			return e.notify("PAY", fields(o, e.tx(15001)), false)
		}, http.StatusNotFound},
		{"GET", func(e *env, o shop.Order) (int, string) {
			resp, err := http.Get(e.endpoint("pay") + "?" + fields(o, e.tx(15001)).Encode())
			if err != nil {
				e.t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode, ""
		}, http.StatusMethodNotAllowed},
		{"body over MaxBody", func(e *env, o shop.Order) (int, string) {
			body := []byte(fields(o, e.tx(15001)).Encode() + "&Data=" + strings.Repeat("a", cloudpayments.MaxBody))
			return signed(e, "/webhooks/cloudpayments/pay", form, body)
		}, http.StatusBadRequest},
		{"unsigned body over MaxBody", func(e *env, o shop.Order) (int, string) {
			body := []byte(fields(o, e.tx(15001)).Encode() + "&Data=" + strings.Repeat("a", cloudpayments.MaxBody))
			return e.post("/webhooks/cloudpayments/pay", form, body, nil)
		}, http.StatusBadRequest},
		{"no TransactionId", func(e *env, o shop.Order) (int, string) {
			return e.notify(cloudpayments.Pay, with(fields(o, e.tx(15001)), "TransactionId", ""), false)
		}, http.StatusBadRequest},
		{"no TransactionId, JSON", func(e *env, o shop.Order) (int, string) {
			return e.notify(cloudpayments.Pay, with(fields(o, e.tx(15001)), "TransactionId", ""), true)
		}, http.StatusBadRequest},
		{"TransactionId not a number", func(e *env, o shop.Order) (int, string) {
			return e.notify(cloudpayments.Pay, with(fields(o, e.tx(15001)), "TransactionId", "12a"), false)
		}, http.StatusBadRequest},
		{"amount not a number", func(e *env, o shop.Order) (int, string) {
			return e.notify(cloudpayments.Pay, with(fields(o, e.tx(15001)), "Amount", "много"), false)
		}, http.StatusBadRequest},
		{"refund without PaymentTransactionId", func(e *env, o shop.Order) (int, string) {
			return e.notify(cloudpayments.Refund, fields(o, e.tx(15001)), false)
		}, http.StatusBadRequest},
		{"signed JSON that is not JSON", func(e *env, o shop.Order) (int, string) {
			return signed(e, "/webhooks/cloudpayments/pay", "application/json", []byte(`{"TransactionId": 15001,`))
		}, http.StatusBadRequest},
		{"signed empty body", func(e *env, o shop.Order) (int, string) {
			return signed(e, "/webhooks/cloudpayments/check", form, nil)
		}, http.StatusBadRequest},
	}
	table(t, e, cases, func(c tc) string { return c.name }, func(t *testing.T, e *env, c tc) {
		o := e.place("c1", 1)
		status, body := c.send(e, o)
		if status != c.status {
			t.Fatalf("HTTP %d %q, want %d", status, body, c.status)
		}
		e.unchanged(o)
		for _, r := range e.results() {
			if r.Result == billing.WebhookOK {
				t.Errorf("observed %v", r)
			}
		}
	})
}

// gatedInbox is a Store whose inbox is always empty. It counts the reads
// of it (one per payment pass); the first waits until open is closed.
type gatedInbox struct {
	billing.Store
	reads atomic.Int32
	first chan struct{} // closed when the first read begins
	open  chan struct{}
}

func (g *gatedInbox) UnhandledPayments(context.Context, int) ([]shop.PaymentEvent, error) {
	if g.reads.Add(1) == 1 {
		close(g.first)
		<-g.open
	}
	return nil, nil
}

// Calls of HandlePayments made while a pass runs share the pass after it
// (the test page's requests of a thousand customers paying at once, each
// waiting for its payment to be handled): a few passes, not one per call.
func TestHandlePaymentsSharesPasses(t *testing.T) {
	ctx := context.Background()
	inbox := &gatedInbox{first: make(chan struct{}), open: make(chan struct{})}
	svc := billing.New(billing.Config{Store: inbox})
	handle := func() {
		if err := svc.HandlePayments(ctx); err != nil {
			t.Errorf("HandlePayments: %v", err)
		}
	}
	var wg sync.WaitGroup
	wg.Go(handle)
	<-inbox.first
	const callers = 50
	calling := make(chan struct{}, callers)
	for range callers {
		wg.Go(func() {
			calling <- struct{}{}
			handle()
		})
	}
	for range callers {
		<-calling
	}
	// Give the callers time to reach the lock. One held up past that
	// (a loaded machine) only makes a pass more, so the bound is loose:
	// without sharing there is a pass for every call.
	time.Sleep(20 * time.Millisecond)
	close(inbox.open)
	wg.Wait()
	if n := inbox.reads.Load(); n > callers/2 {
		t.Errorf("%d payment passes for %d calls made during one, want them shared", n, callers+1)
	}
}
