package cloudpaymentstest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/lete-store/letebot/payments/cloudpayments"
)

// The client's own tests cover lookups and refunds against this fake; here,
// what only the fake promises: request-id replay and 429s.
func TestClientAgainstTheFake(t *testing.T) {
	s := NewServer(t)
	c := s.Client()
	ctx := context.Background()

	link, err := c.CreateLink(ctx, cloudpayments.LinkRequest{Amount: 24500, InvoiceID: "LT-00042", Description: "Lete"}, "link-LT-00042-1")
	if err != nil || link.URL == "" {
		t.Fatalf("link = %+v, %v", link, err)
	}
	again, err := c.CreateLink(ctx, cloudpayments.LinkRequest{Amount: 24500, InvoiceID: "LT-00042", Description: "Lete"}, "link-LT-00042-1")
	if err != nil || again != link {
		t.Errorf("a retried link request gave %+v, want the same %+v", again, link)
	}

	s.Busy(1)
	if _, _, err := c.FindPayment(ctx, "LT-00042"); !errors.Is(err, cloudpayments.ErrBusy) {
		t.Errorf("busy: err = %v", err)
	}

	// Pages open without credentials, as the customer's browser opens
	// them; a link the fake never made has none.
	for u, want := range map[string]int{link.URL: http.StatusOK, s.URL + PagePath + "inv9": http.StatusNotFound} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", u, resp.StatusCode, want)
		}
	}
}

func TestNotifySignsAsTheProvider(t *testing.T) {
	var got cloudpayments.Notification
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := cloudpayments.Verify(Secret, body, r.Header); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		n, err := cloudpayments.Parse(cloudpayments.Pay, r.Header.Get("Content-Type"), body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		got = n
		w.Write([]byte(`{"code":0}`))
	}))
	defer hook.Close()
	fields := url.Values{"TransactionId": {"504"}, "Amount": {"24500.00"}, "Currency": {"KZT"}, "InvoiceId": {"LT-00042"}}
	for _, asJSON := range []bool{false, true} {
		got = cloudpayments.Notification{}
		status, reply, err := Notify(hook.URL, Secret, fields, asJSON)
		if err != nil || status != 200 || reply != `{"code":0}` || got.TransactionID != 504 || got.Amount != 24500 {
			t.Errorf("json=%v: %d %q %v, parsed %+v", asJSON, status, reply, err, got)
		}
	}
	if status, _, _ := Notify(hook.URL, "wrong", fields, false); status != http.StatusUnauthorized {
		t.Errorf("a wrongly signed notification got %d, want 401", status)
	}
}
