package cloudpayments_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/payments/cloudpayments/cloudpaymentstest"
	"github.com/lete-store/letebot/shop"
)

// fixedReply is a provider that answers every call with one status and body.
func fixedReply(t *testing.T, status int, body string) *cloudpayments.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return cloudpayments.NewClient(srv.URL, "pk", "secret", srv.Client())
}

func TestCreateLinkSendsTheOrder(t *testing.T) {
	s := cloudpaymentstest.NewServer(t)
	link, err := s.Client().CreateLink(context.Background(), cloudpayments.LinkRequest{
		Amount: 24500, InvoiceID: "LT-00042", AccountID: "tg:77", Email: "aru@example.kz",
		Description: "Lete store, order LT-00042",
	}, "link-LT-00042-1")
	if err != nil {
		t.Fatal(err)
	}
	if link.ID == "" || link.URL != s.URL+"/pay/"+link.ID {
		t.Errorf("link = %+v", link)
	}
	req := s.Requests()[0]
	if req.Path != "/orders/create" || req.RequestID != "link-LT-00042-1" {
		t.Errorf("path %q, X-Request-ID %q", req.Path, req.RequestID)
	}
	want := map[string]string{
		"Amount": "24500", "Currency": "KZT", "InvoiceId": "LT-00042", "AccountId": "tg:77",
		"Email": "aru@example.kz", "Description": "Lete store, order LT-00042", "CultureName": "ru-RU",
	}
	for k, v := range want {
		if got := fieldString(req.Body[k]); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

func TestCreateLinkReadsTheProvidersReply(t *testing.T) {
	c := fixedReply(t, 200, `{"Success":true,"Message":null,"Model":{"Id":"f2K8LV6reGE9WBFn","Number":61,"Amount":24500.0,"Currency":"KZT","Url":"https://orders.tiptoppay.kz/d/f2K8LV6reGE9WBFn"}}`)
	link, err := c.CreateLink(context.Background(), cloudpayments.LinkRequest{Amount: 24500, InvoiceID: "LT-00042"}, "r")
	if err != nil {
		t.Fatal(err)
	}
	if link.URL != "https://orders.tiptoppay.kz/d/f2K8LV6reGE9WBFn" || link.ID != "f2K8LV6reGE9WBFn" {
		t.Errorf("link = %+v", link)
	}
}

func TestClientErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		env    string
		check  func(error) bool
	}{
		{"refused", 200, `{"Success":false,"Message":"Amount is required"}`, func(err error) bool {
			var api *cloudpayments.APIError
			return errors.As(err, &api) && api.Message == "Amount is required"
		}},
		{"busy", 429, ``, func(err error) bool { return errors.Is(err, cloudpayments.ErrBusy) }},
		{"server error", 502, `bad gateway`, func(err error) bool { return err != nil }},
		{"not json", 200, `<html>`, func(err error) bool { return err != nil }},
		{"no url", 200, `{"Success":true,"Model":{"Id":"x"}}`, func(err error) bool { return err != nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fixedReply(t, tt.status, tt.env)
			_, err := c.CreateLink(context.Background(), cloudpayments.LinkRequest{Amount: 1, InvoiceID: "LT-00001"}, "r")
			if !tt.check(err) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestWrongCredentialsSayWhatToCheck(t *testing.T) {
	s := cloudpaymentstest.NewServer(t)
	c := cloudpayments.NewClient(s.URL, cloudpaymentstest.PublicID, "wrong", nil)
	_, err := c.CreateLink(context.Background(), cloudpayments.LinkRequest{Amount: 1}, "")
	if err == nil || !strings.Contains(err.Error(), "Public ID") {
		t.Errorf("err = %v", err)
	}
}

func TestFindPayment(t *testing.T) {
	tests := []struct {
		name    string
		payment *cloudpaymentstest.Payment
		found   bool
		paid    bool
		amount  shop.Money
		reason  int
	}{
		{"completed", &cloudpaymentstest.Payment{TransactionID: 504, Amount: 24500, Status: "Completed"}, true, true, 24500, 0},
		{"declined", &cloudpaymentstest.Payment{TransactionID: 505, Amount: 24500, Status: "Declined", ReasonCode: 5051}, true, false, 24500, 5051},
		{"not found", nil, false, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cloudpaymentstest.NewServer(t)
			if tt.payment != nil {
				s.SetPayment("LT-00042", *tt.payment)
			}
			tx, found, err := s.Client().FindPayment(context.Background(), "LT-00042")
			if err != nil {
				t.Fatal(err)
			}
			if found != tt.found || tx.Paid() != tt.paid || tx.Amount != tt.amount || tx.ReasonCode != tt.reason {
				t.Errorf("got %+v found=%v", tx, found)
			}
			req := s.Requests()[0]
			if got := fieldString(req.Body["InvoiceId"]); got != "LT-00042" || req.Path != "/payments/find" {
				t.Errorf("request %+v", req)
			}
		})
	}
}

func TestRefundRetryDoesNotRefundTwice(t *testing.T) {
	s := cloudpaymentstest.NewServer(t)
	c := s.Client()
	ctx := context.Background()
	var first int64
	for range 2 {
		id, err := c.Refund(ctx, 504, 12000, "refund-LT-00042-1")
		if err != nil || id == 0 || (first != 0 && id != first) {
			t.Fatalf("refund = %d, %v (first %d)", id, err, first)
		}
		first = id
	}
	if s.Refunds() != 1 {
		t.Errorf("the provider refunded %d times, want 1", s.Refunds())
	}
	req := s.Requests()[0]
	if req.Path != "/payments/refund" || fieldString(req.Body["TransactionId"]) != "504" || fieldString(req.Body["Amount"]) != "12000" {
		t.Errorf("request %+v", req)
	}
	if _, err := c.Refund(ctx, 504, 1, ""); err == nil {
		t.Error("a refund without a request id was sent")
	}
	if err := c.Void(ctx, 504, "void-LT-00042"); err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests()
	if last := reqs[len(reqs)-1]; last.Path != "/payments/void" || last.RequestID != "void-LT-00042" {
		t.Errorf("void request %+v", last)
	}
}

// TestRefundRetryAfterTimeout: the provider made the refund but the answer
// came too late for the client; the retry, with the same request id, gets
// the stored answer and no second refund.
func TestRefundRetryAfterTimeout(t *testing.T) {
	s := cloudpaymentstest.NewServer(t)
	c := cloudpayments.NewClient(s.URL, cloudpaymentstest.PublicID, cloudpaymentstest.Secret,
		&http.Client{Timeout: 100 * time.Millisecond})
	ctx := context.Background()
	s.Slow(1, time.Second)
	if _, err := c.Refund(ctx, 504, 12000, "refund-42-1"); err == nil {
		t.Fatal("a refund whose answer never came reported success")
	}
	if s.Refunds() != 1 {
		t.Fatalf("the provider refunded %d times before the retry, want 1", s.Refunds())
	}
	id, err := c.Refund(ctx, 504, 12000, "refund-42-1")
	if err != nil || id == 0 {
		t.Fatalf("retry = %d, %v", id, err)
	}
	if s.Refunds() != 1 {
		t.Errorf("the provider refunded %d times, want 1", s.Refunds())
	}
}

func TestCancelLink(t *testing.T) {
	ctx := context.Background()
	s := cloudpaymentstest.NewServer(t)
	c := s.Client()
	link, err := c.CreateLink(ctx, cloudpayments.LinkRequest{Amount: 24500, InvoiceID: "LT-00042"}, "link-42")
	if err != nil {
		t.Fatal(err)
	}
	if status := pageStatus(t, link.URL); status != http.StatusOK {
		t.Fatalf("an open link's page: HTTP %d", status)
	}

	if err := c.CancelLink(ctx, link.ID); err != nil {
		t.Fatalf("CancelLink: %v", err)
	}
	reqs := s.Requests()
	req := reqs[len(reqs)-1]
	if req.Path != "/orders/cancel" || fieldString(req.Body["Id"]) != link.ID || len(req.Body) != 1 {
		t.Errorf("request %+v, want /orders/cancel with Id %q only", req, link.ID)
	}
	if req.RequestID != "cancel-link:"+link.ID {
		t.Errorf("X-Request-ID %q, want one stable per link", req.RequestID)
	}
	if got, _ := s.Link(link.ID); got.Status != cloudpaymentstest.LinkCancelled {
		t.Errorf("link %+v, want cancelled", got)
	}
	if status := pageStatus(t, link.URL); status != http.StatusGone {
		t.Errorf("a cancelled link's page: HTTP %d, want 410", status)
	}
	// Again (a retry after a lost reply): the same answer, nothing more done.
	if err := c.CancelLink(ctx, link.ID); err != nil {
		t.Errorf("CancelLink again: %v", err)
	}
	if n := s.Cancels(); n != 1 {
		t.Errorf("the provider cancelled %d times, want 1", n)
	}

	paid, err := c.CreateLink(ctx, cloudpayments.LinkRequest{Amount: 24500, InvoiceID: "LT-00043"}, "link-43")
	if err != nil {
		t.Fatal(err)
	}
	s.SetPayment("LT-00043", cloudpaymentstest.Payment{TransactionID: 504, Amount: 24500, Status: "Completed"})
	for name, id := range map[string]string{"paid": paid.ID, "unknown": "nope"} {
		var api *cloudpayments.APIError
		if err := c.CancelLink(ctx, id); !errors.As(err, &api) {
			t.Errorf("%s: err = %v, want *APIError", name, err)
		}
	}
	if got, _ := s.Link(paid.ID); got.Status != cloudpaymentstest.LinkCreated {
		t.Errorf("a paid link became %s", got.Status)
	}

	before := len(s.Requests())
	if err := c.CancelLink(ctx, ""); err == nil {
		t.Error("a link without an id was cancelled")
	}
	if len(s.Requests()) != before {
		t.Error("a link without an id was sent to the provider")
	}
	s.Busy(1)
	if err := c.CancelLink(ctx, paid.ID); !errors.Is(err, cloudpayments.ErrBusy) {
		t.Errorf("busy: err = %v", err)
	}
}

// TestCancelLinkReadsTheProvidersReply: the documented reply is Success
// and Message, no Model.
func TestCancelLinkReadsTheProvidersReply(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		refusal string // the *APIError's message; "" for success
		fails   bool
	}{
		{"cancelled", 200, `{"Success":true,"Message":null}`, "", false},
		{"refused", 200, `{"Success":false,"Message":"Invoice not found"}`, "Invoice not found", true},
		{"refused without a message", 200, `{"Success":false,"Message":null}`, "refused", true},
		{"server error", 500, ``, "", true},
		{"credentials", 401, ``, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fixedReply(t, tt.status, tt.body).CancelLink(context.Background(), "f2K8LV6reGE9WBFn")
			var api *cloudpayments.APIError
			switch {
			case (err != nil) != tt.fails:
				t.Errorf("err = %v, want failure %v", err, tt.fails)
			case tt.refusal != "" && (!errors.As(err, &api) || api.Message != tt.refusal):
				t.Errorf("err = %v, want a refusal %q", err, tt.refusal)
			case tt.refusal == "" && errors.As(err, &api):
				t.Errorf("err = %v is a refusal: billing would not ask again", err)
			}
		})
	}
}

// pageStatus opens a link's page as a browser does and returns the status.
func pageStatus(t *testing.T, link string) int {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func fieldString(v any) string {
	switch v := v.(type) {
	case json.Number:
		return v.String()
	case string:
		return v
	case nil:
		return ""
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}
