// Package cloudpaymentstest is a fake CloudPayments (TipTop Pay) for tests:
// an API server that speaks the provider's JSON envelope with Basic auth
// and X-Request-ID replay, serves the payment links' pages (open, or gone
// once cancelled), and a notifier that posts notifications signed exactly
// as the provider signs them.
package cloudpaymentstest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/payments/cloudpayments"
)

// Credentials the fake accepts.
const (
	PublicID = "pk_test_lete"
	Secret   = "test-api-secret"
)

// Request is one API call as the fake received it.
type Request struct {
	Path      string
	RequestID string
	Body      map[string]any
}

// Payment is what the fake knows about an invoice.
type Payment struct {
	TransactionID int64
	Amount        int64
	Status        string // Completed, Declined, ...
	ReasonCode    int
}

// Link statuses of the fake (the provider's order statuses).
const (
	LinkCreated   = "Created"
	LinkCancelled = "Cancelled"
)

// Link is a payment link the fake made (orders/create).
type Link struct {
	ID        string
	InvoiceID string
	Amount    int64
	Status    string // LinkCreated or LinkCancelled
}

// Server is the fake API.
type Server struct {
	URL string
	srv *httptest.Server

	mu        sync.Mutex
	requests  []Request
	replayed  map[string][]byte
	payments  map[string]Payment // by InvoiceId
	links     map[string]*Link   // by Id
	nextID    int64
	refunds   int
	cancels   int
	busyCalls int
	// slowCalls are executed at once but answered after slowFor: the
	// answer a client gave up waiting for.
	slowCalls int
	slowFor   time.Duration
	// latency delays every answer, as a provider across the internet
	// answers.
	latency time.Duration
	// inFlight counts the calls being answered; maxInFlight is the most
	// at once so far.
	inFlight, maxInFlight int
}

// NewServer starts a fake API, closed when the test ends.
func NewServer(t testing.TB) *Server {
	s := Start()
	t.Cleanup(s.Close)
	return s
}

// Start starts a fake API outside a test (the load tool); Close stops it.
func Start() *Server {
	s := &Server{replayed: map[string][]byte{}, payments: map[string]Payment{}, links: map[string]*Link{}, nextID: 1000}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the fake.
func (s *Server) Close() { s.srv.Close() }

// Client returns a client of the fake with the right credentials.
func (s *Server) Client() *cloudpayments.Client {
	return cloudpayments.NewClient(s.URL, PublicID, Secret, nil)
}

// SetPayment records what payments/find answers for invoiceID.
func (s *Server) SetPayment(invoiceID string, p Payment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.payments[invoiceID] = p
}

// Busy makes the next n calls answer 429.
func (s *Server) Busy(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.busyCalls = n
}

// Slow makes the next n calls take effect at once but answer only after
// d, as when the provider did the work and the reply was lost to the
// client's timeout.
func (s *Server) Slow(n int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slowCalls, s.slowFor = n, d
}

// SetLatency delays every answer from now on by d (the calls take effect
// at once).
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// MaxInFlight is the most calls the fake was answering at once.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

// Requests returns the calls received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Refunds counts refunds executed (replays by X-Request-ID not counted).
func (s *Server) Refunds() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refunds
}

// Link returns what the fake knows of a link it made.
func (s *Server) Link(id string) (Link, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.links[id]
	if !ok {
		return Link{}, false
	}
	return *l, true
}

// Cancels counts the links cancelled (orders/cancel that closed an open
// link; replays and repeats not counted).
func (s *Server) Cancels() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cancels
}

// PagePath is where the fake serves a link's page: GET PagePath+id.
const PagePath = "/pay/"

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, PagePath) {
		s.page(w, strings.TrimPrefix(r.URL.Path, PagePath))
		return
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != PublicID || pass != Secret {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	reply, delay, ok := s.handle(r, body)
	if !ok {
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return // the client gave up; the work is done all the same
		}
	}
	w.Write(reply)
}

// handle records and executes a call; ok is false for a call refused as busy.
func (s *Server) handle(r *http.Request, body map[string]any) (reply []byte, delay time.Duration, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.Header.Get("X-Request-ID")
	s.requests = append(s.requests, Request{Path: r.URL.Path, RequestID: id, Body: body})
	if s.busyCalls > 0 {
		s.busyCalls--
		return nil, 0, false
	}
	delay = s.latency
	if s.slowCalls > 0 {
		s.slowCalls--
		delay = max(delay, s.slowFor)
	}
	if stored, ok := s.replayed[id]; ok && id != "" {
		return stored, delay, true
	}
	reply = s.answer(r.URL.Path, body)
	if id != "" {
		s.replayed[id] = reply
	}
	return reply, delay, true
}

// page is a link's payment page, as a customer's browser gets it: the
// form while the link is open; 410 once it is cancelled.
func (s *Server) page(w http.ResponseWriter, id string) {
	s.mu.Lock()
	l, ok := s.links[id]
	var status string
	if ok {
		status = l.Status
	}
	s.mu.Unlock()
	switch {
	case !ok:
		http.NotFound(w, nil)
	case status == LinkCancelled:
		http.Error(w, "Счёт отменён", http.StatusGone)
	default:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<form>Оплатить %d</form>", l.Amount)
	}
}

func (s *Server) answer(path string, body map[string]any) []byte {
	invoice, _ := body["InvoiceId"].(string)
	switch path {
	case "/orders/create":
		s.nextID++
		id := "inv" + strconv.FormatInt(s.nextID, 10)
		amount, _ := strconv.ParseInt(fmt.Sprint(body["Amount"]), 10, 64)
		s.links[id] = &Link{ID: id, InvoiceID: invoice, Amount: amount, Status: LinkCreated}
		return envelope(true, "", map[string]any{
			"Id": id, "Amount": body["Amount"], "Currency": body["Currency"],
			"Url": s.URL + PagePath + id, "Status": LinkCreated,
		})
	case "/orders/cancel":
		// The provider's wording of its refusals is not documented: these
		// are the fake's. Cancelling a cancelled link again succeeds.
		id, _ := body["Id"].(string)
		l, ok := s.links[id]
		if !ok {
			return envelope(false, "Order not found", nil)
		}
		if p, paid := s.payments[l.InvoiceID]; paid && (p.Status == "Completed" || p.Status == "Authorized") {
			return envelope(false, "Order is paid", nil)
		}
		if l.Status != LinkCancelled {
			l.Status = LinkCancelled
			s.cancels++
		}
		return envelope(true, "", nil)
	case "/payments/find":
		p, ok := s.payments[invoice]
		if !ok {
			return envelope(false, "Not found", nil)
		}
		model := map[string]any{"TransactionId": p.TransactionID, "InvoiceId": invoice,
			"Amount": p.Amount, "Currency": "KZT", "Status": p.Status, "CardFirstSix": "424242", "CardLastFour": "4242"}
		if p.ReasonCode != 0 {
			model["ReasonCode"] = p.ReasonCode
		}
		return envelope(p.Status == "Completed" || p.Status == "Authorized", p.Status, model)
	case "/payments/refund":
		s.refunds++
		s.nextID++
		return envelope(true, "", map[string]any{"TransactionId": s.nextID})
	case "/payments/void", "/test":
		return envelope(true, "", nil)
	default:
		return envelope(false, "unknown method "+path, nil)
	}
}

func envelope(ok bool, msg string, model any) []byte {
	out := map[string]any{"Success": ok, "Message": nil, "Model": model}
	if msg != "" {
		out["Message"] = msg
	}
	b, _ := json.Marshal(out)
	return b
}

// Paid returns the fields of the Pay notification of a successful card
// payment as the provider sends them (no e-mail: set it when the payer
// gave one).
func Paid(transactionID int64, invoiceID, accountID string, amount int64, at time.Time) url.Values {
	return url.Values{
		"TransactionId": {strconv.FormatInt(transactionID, 10)},
		"Amount":        {strconv.FormatInt(amount, 10) + ".00"},
		"Currency":      {"KZT"},
		"InvoiceId":     {invoiceID},
		"AccountId":     {accountID},
		"DateTime":      {at.UTC().Format(time.DateTime)},
		"CardFirstSix":  {"424242"},
		"CardLastFour":  {"4242"},
		"CardType":      {"Visa"},
		"OperationType": {"Payment"},
		"Status":        {"Completed"},
		"TestMode":      {"0"},
	}
}

// Notify posts a notification to endpoint as the provider does: the fields
// form-encoded (JSON when asJSON), signed with secret in Content-HMAC and
// X-Content-HMAC. It returns the status and the reply body.
func Notify(endpoint, secret string, fields url.Values, asJSON bool) (int, string, error) {
	return NotifyWith(context.Background(), http.DefaultClient, endpoint, secret, fields, asJSON)
}

// NotifyWith is Notify through client, until ctx ends.
func NotifyWith(ctx context.Context, client *http.Client, endpoint, secret string, fields url.Values, asJSON bool) (int, string, error) {
	var body []byte
	ct := "application/x-www-form-urlencoded"
	if asJSON {
		m := make(map[string]string, len(fields))
		for k := range fields {
			m[k] = fields.Get(k)
		}
		body, _ = json.Marshal(m)
		ct = "application/json"
	} else {
		body = []byte(fields.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", ct)
	sig := cloudpayments.Sign(secret, body)
	req.Header.Set("Content-HMAC", sig)
	req.Header.Set("X-Content-HMAC", sig)
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("notify %s: %w", endpoint, err)
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(reply), err
}
