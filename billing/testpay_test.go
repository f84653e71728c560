package billing_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/shop"
)

// TestTestPage runs the local test payment page (billing.TestProvider and
// Service.TestPage) on one env per dialect.
func TestTestPage(t *testing.T) {
	suite(t, envOptions{testPage: true}, func(t *testing.T, e *env) {
		e.run(t, "decline then pay", testPageDeclineThenPay)
		e.run(t, "unknown order", testPageUnknown)
		e.run(t, "expired order", testPageExpired)
		e.run(t, "forged result", testPageForgedResult)
		e.run(t, "closed link", testPageClosed)
	})
}

// page is a test page answer.
type page struct {
	status   int
	location string
	body     string
}

// noRedirects is a client that shows redirects instead of following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

func (e *env) getPage(u string) page {
	e.t.Helper()
	resp, err := noRedirects.Get(u)
	if err != nil {
		e.t.Fatalf("GET %s: %v", u, err)
	}
	return readPage(e.t, resp)
}

// pay presses a button of the test page, then lets the Service act on the
// notifications it posted (Run would, woken by the webhook).
func (e *env) pay(u, outcome string) page {
	e.t.Helper()
	resp, err := noRedirects.PostForm(u, url.Values{"outcome": {outcome}})
	if err != nil {
		e.t.Fatalf("POST %s: %v", u, err)
	}
	p := readPage(e.t, resp)
	e.handlePayments()
	return p
}

// result is the page a redirect leads back to, as the browser shows it.
func (e *env) result(p page) string {
	e.t.Helper()
	if !strings.HasPrefix(p.location, "/testpay/") {
		e.t.Fatalf("redirect to %q, not the test page", p.location)
	}
	return e.getPage(e.srv.URL + p.location).body
}

func readPage(t *testing.T, resp *http.Response) page {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(b)}
}

// testLink places an order and gives it its link, which must be the test page.
func (e *env) testLink(chat string) (shop.Order, string) {
	e.t.Helper()
	o := e.place(chat, 1)
	e.sendLinks()
	got := e.order(o.ID)
	want := e.srv.URL + "/testpay/" + o.Number() + "?t="
	if !strings.HasPrefix(got.Payment.LinkURL, want) || len(got.Payment.LinkURL) < len(want)+16 {
		e.t.Fatalf("link %q, want the test page with its token %q...", got.Payment.LinkURL, want)
	}
	return got, got.Payment.LinkURL
}

func testPageDeclineThenPay(t *testing.T, e *env) {
	o, link := e.testLink("c1")
	said := e.said("c1")
	if len(said) != 1 || !strings.Contains(said[0].Text, txtTestLink) || linkButton(said[0]) != link {
		t.Fatalf("customer told %+v, want the test link, marked as a test", said)
	}

	p := e.getPage(link)
	total := strconv.FormatInt(int64(o.Total), 10) + " ₸"
	if p.status != http.StatusOK || !strings.Contains(p.body, "TEST") || !strings.Contains(p.body, total) ||
		!strings.Contains(p.body, o.Number()) || !strings.Contains(p.body, `value="success"`) || !strings.Contains(p.body, `value="5051"`) {
		t.Fatalf("GET: %d, body lacks TEST, %q, the order or the buttons:\n%s", p.status, total, p.body)
	}

	// Not enough money.
	p = e.pay(link, "5051")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/testpay/"+o.Number()+"?t=") {
		t.Fatalf("POST 5051: %d to %q, want 303 back to the page", p.status, p.location)
	}
	got := e.order(o.ID)
	if got.Status != shop.AwaitingPayment || got.Payment.Declines != 1 {
		t.Fatalf("after a decline: %s with %d declines, want awaiting payment with 1", got.Status, got.Payment.Declines)
	}
	said = e.said("c1")
	if len(said) != 2 || !strings.Contains(said[1].Text, txtDeclined) || !strings.Contains(said[1].Text, txtNoFunds) {
		t.Fatalf("customer told %+v, want a no-funds decline", said)
	}
	if body := e.result(p); !strings.Contains(body, "Отказ, код 5051") || !strings.Contains(body, `value="success"`) {
		t.Errorf("page after a decline shows no result or no buttons:\n%s", body)
	}

	// Success.
	p = e.pay(link, "success")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/testpay/"+o.Number()+"?t=") {
		t.Fatalf("POST success: %d to %q, want 303 back to the page", p.status, p.location)
	}
	if body := e.result(p); !strings.Contains(body, "Оплачено") || strings.Contains(body, "<button") {
		t.Errorf("page after paying shows no result, or pay buttons:\n%s", body)
	}
	got = e.order(o.ID)
	if got.Status != shop.Paid || got.Payment.TransactionID == 0 || got.Payment.Amount != o.Total ||
		!got.Payment.Test || got.Payment.Declines != 0 {
		t.Fatalf("after paying: %s %+v, want paid in test mode", got.Status, got.Payment)
	}
	if n := e.count("c1", txtReceived); n != 1 {
		t.Errorf("customer told paid %d times, want 1", n)
	}
	if n := e.count(staffChat, "(ТЕСТ"); n != 1 {
		t.Errorf("staff told of %d test payments, want 1 marked as a test", n)
	}

	// Paid: no buttons any more.
	p = e.getPage(link)
	if p.status != http.StatusOK || strings.Contains(p.body, "<button") || !strings.Contains(p.body, string(shop.Paid)) {
		t.Errorf("GET on a paid order: %d, want its status and no buttons:\n%s", p.status, p.body)
	}
	// A second payment from a stale page is refused by Check, and the
	// customer is told the order is paid.
	paidBy := got.Payment.TransactionID
	p = e.pay(link, "success")
	if p.status != http.StatusSeeOther || !strings.Contains(e.result(p), "код 13") {
		t.Fatalf("POST on a paid order: %d to %q, want 303 with Check's code 13", p.status, p.location)
	}
	if got := e.order(o.ID); got.Payment.TransactionID != paidBy || got.Status != shop.Paid {
		t.Errorf("paid order changed: %s, paid by %d, was %d", got.Status, got.Payment.TransactionID, paidBy)
	}
	if n := e.count("c1", txtReceived); n != 1 {
		t.Errorf("customer told paid %d times after a second try, want 1", n)
	}
	if n := e.count("c1", txtAlreadyPaid); n != 1 {
		t.Errorf("customer told already paid %d times, want 1", n)
	}
}

func testPageUnknown(t *testing.T, e *env) {
	// A real order without its link's token: the page does not exist, so
	// nobody pays or looks at an order by guessing its number.
	o, link := e.testLink("c-token")
	bare, _, _ := strings.Cut(link, "?")
	for _, u := range []string{bare, bare + "?t=", bare + "?t=0123456789abcdef01234567", e.srv.URL + "/testpay/" + o.Number() + "?t=" + strings.Repeat("a", 24)} {
		if p := e.getPage(u); p.status != http.StatusNotFound || strings.Contains(p.body, o.Number()) {
			t.Errorf("GET %s: %d, want 404 without the order", u, p.status)
		}
		resp, err := noRedirects.PostForm(u, url.Values{"outcome": {"success"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", u, resp.StatusCode)
		}
	}
	if got := e.order(o.ID); got.Status != shop.AwaitingPayment {
		t.Errorf("order %s paid without its token: %s", o.Number(), got.Status)
	}

	for _, path := range []string{"/testpay/LT-99999", "/testpay/nonsense"} {
		if p := e.getPage(e.srv.URL + path); p.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, p.status)
		}
		resp, err := noRedirects.PostForm(e.srv.URL+path, url.Values{"outcome": {"success"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", path, resp.StatusCode)
		}
	}
}

// testPageExpired: paying an order past its expiry is refused by Check.
func testPageExpired(t *testing.T, e *env) {
	o, link := e.testLink("c1")
	e.clock.Add(48 * time.Hour)
	p := e.pay(link, "success")
	if p.status != http.StatusSeeOther || !strings.Contains(e.result(p), "код 20") {
		t.Fatalf("POST on an expired order: %d to %q, want 303 with Check's code 20", p.status, p.location)
	}
	if got := e.order(o.ID); got.Status != shop.AwaitingPayment || got.Payment.TransactionID != 0 {
		t.Errorf("expired order became %s, paid by %d", got.Status, got.Payment.TransactionID)
	}
	if n := e.count("c1", txtReceived); n != 0 {
		t.Errorf("customer told paid")
	}
}

// testPageForgedResult: the page shows only the results it made itself,
// never text from its address.
func testPageForgedResult(t *testing.T, e *env) {
	_, link := e.testLink("c1")
	for _, forged := range []string{"<b>phish</b>", "Оплачено, phish", "declined-phish", "refused-<i>phish</i>", "paid-phish"} {
		p := e.getPage(link + "&result=" + url.QueryEscape(forged))
		if p.status != http.StatusOK || strings.Contains(p.body, "phish") {
			t.Errorf("?result=%q: %d, page shows it:\n%s", forged, p.status, p.body)
		}
	}
}
