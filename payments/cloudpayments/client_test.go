package cloudpayments

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/lete-store/letebot/shop"
)

// fakeAPI answers like the provider: Basic auth, a JSON envelope, and the
// stored result for a repeated X-Request-ID.
type fakeAPI struct {
	mu       sync.Mutex
	requests []fakeRequest
	byID     map[string][]byte
	reply    func(path string, body map[string]any) (status int, envelope string)
	executed int
}

type fakeRequest struct {
	Path      string
	User      string
	Pass      string
	RequestID string
	Body      map[string]any
}

func newFakeAPI(t *testing.T, reply func(path string, body map[string]any) (int, string)) (*fakeAPI, *Client) {
	t.Helper()
	f := &fakeAPI{byID: map[string][]byte{}, reply: reply}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, NewClient(srv.URL, "pk_test", "secret", srv.Client())
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || user != "pk_test" || pass != "secret" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	id := r.Header.Get("X-Request-ID")
	f.requests = append(f.requests, fakeRequest{Path: r.URL.Path, User: user, Pass: pass, RequestID: id, Body: body})
	if stored, ok := f.byID[id]; ok && id != "" {
		w.Write(stored)
		return
	}
	f.executed++
	status, env := f.reply(r.URL.Path, body)
	w.WriteHeader(status)
	w.Write([]byte(env))
	if id != "" && status == http.StatusOK {
		f.byID[id] = []byte(env)
	}
}

func TestCreateLinkSendsTheOrder(t *testing.T) {
	f, c := newFakeAPI(t, func(path string, _ map[string]any) (int, string) {
		return 200, `{"Success":true,"Message":null,"Model":{"Id":"f2K8LV6reGE9WBFn","Number":61,"Amount":24500.0,"Currency":"KZT","Url":"https://orders.tiptoppay.kz/d/f2K8LV6reGE9WBFn"}}`
	})
	link, err := c.CreateLink(context.Background(), LinkRequest{
		Amount: 24500, InvoiceID: "LT-00042", AccountID: "tg:77", Email: "aru@example.kz",
		Description: "Lete store, order LT-00042",
	}, "link-LT-00042-1")
	if err != nil {
		t.Fatal(err)
	}
	if link.URL != "https://orders.tiptoppay.kz/d/f2K8LV6reGE9WBFn" || link.ID != "f2K8LV6reGE9WBFn" {
		t.Errorf("link = %+v", link)
	}
	req := f.requests[0]
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

func TestClientErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		env    string
		check  func(error) bool
	}{
		{"refused", 200, `{"Success":false,"Message":"Amount is required"}`, func(err error) bool {
			var api *APIError
			return errors.As(err, &api) && api.Message == "Amount is required"
		}},
		{"busy", 429, ``, func(err error) bool { return errors.Is(err, ErrBusy) }},
		{"server error", 502, `bad gateway`, func(err error) bool { return err != nil }},
		{"not json", 200, `<html>`, func(err error) bool { return err != nil }},
		{"no url", 200, `{"Success":true,"Model":{"Id":"x"}}`, func(err error) bool { return err != nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := newFakeAPI(t, func(string, map[string]any) (int, string) { return tt.status, tt.env })
			_, err := c.CreateLink(context.Background(), LinkRequest{Amount: 1, InvoiceID: "LT-00001"}, "r")
			if !tt.check(err) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestWrongCredentialsSayWhatToCheck(t *testing.T) {
	srv := httptest.NewServer(&fakeAPI{byID: map[string][]byte{}})
	defer srv.Close()
	c := NewClient(srv.URL, "pk_test", "wrong", srv.Client())
	_, err := c.CreateLink(context.Background(), LinkRequest{Amount: 1}, "")
	if err == nil || !strings.Contains(err.Error(), "Public ID") {
		t.Errorf("err = %v", err)
	}
}

func TestFindPayment(t *testing.T) {
	tests := []struct {
		name   string
		env    string
		found  bool
		paid   bool
		amount shop.Money
		reason int
	}{
		{"completed", `{"Success":true,"Model":{"TransactionId":504,"InvoiceId":"LT-00042","AccountId":"tg:77","Amount":24500.00,"Currency":"KZT","Status":"Completed"}}`, true, true, 24500, 0},
		{"declined", `{"Success":false,"Message":"Insufficient funds","Model":{"TransactionId":505,"InvoiceId":"LT-00042","Amount":24500,"Currency":"KZT","Status":"Declined","ReasonCode":5051}}`, true, false, 24500, 5051},
		{"not found", `{"Success":false,"Message":"Not found","Model":null}`, false, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c := newFakeAPI(t, func(string, map[string]any) (int, string) { return 200, tt.env })
			tx, found, err := c.FindPayment(context.Background(), "LT-00042")
			if err != nil {
				t.Fatal(err)
			}
			if found != tt.found || tx.Paid() != tt.paid || tx.Amount != tt.amount || tx.ReasonCode != tt.reason {
				t.Errorf("got %+v found=%v", tx, found)
			}
			if got := fieldString(f.requests[0].Body["InvoiceId"]); got != "LT-00042" || f.requests[0].Path != "/payments/find" {
				t.Errorf("request %+v", f.requests[0])
			}
		})
	}
}

func TestRefundRetryDoesNotRefundTwice(t *testing.T) {
	f, c := newFakeAPI(t, func(path string, body map[string]any) (int, string) {
		return 200, `{"Success":true,"Message":null,"Model":{"TransactionId":900}}`
	})
	ctx := context.Background()
	for range 2 {
		id, err := c.Refund(ctx, 504, 12000, "refund-LT-00042-1")
		if err != nil || id != 900 {
			t.Fatalf("refund = %d, %v", id, err)
		}
	}
	if f.executed != 1 {
		t.Errorf("the provider refunded %d times, want 1", f.executed)
	}
	req := f.requests[0]
	if req.Path != "/payments/refund" || fieldString(req.Body["TransactionId"]) != "504" || fieldString(req.Body["Amount"]) != "12000" {
		t.Errorf("request %+v", req)
	}
	if _, err := c.Refund(ctx, 504, 1, ""); err == nil {
		t.Error("a refund without a request id was sent")
	}
	if err := c.Void(ctx, 504, "void-LT-00042"); err != nil {
		t.Fatal(err)
	}
	if last := f.requests[len(f.requests)-1]; last.Path != "/payments/void" || last.RequestID != "void-LT-00042" {
		t.Errorf("void request %+v", last)
	}
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
