package billing

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/shop"
)

// TestPagePattern is where the local test payment page is served.
const TestPagePattern = "/testpay/{invoice}"

// TestProvider stands in for CloudPayments when no credentials are set: its
// links open the bot's own test page, where one picks success or a decline.
// No money moves; every notification it causes is marked TestMode.
type TestProvider struct {
	baseURL string // the bot's public address
	secret  []byte // signs each link, so only the customer who got it can open it

	mu     sync.Mutex
	lastTx int64
}

// NewTestProvider returns a provider whose links point at baseURL and carry
// a token made with secret (keep it across restarts, or old links stop
// working).
func NewTestProvider(baseURL, secret string) *TestProvider {
	return &TestProvider{baseURL: strings.TrimRight(baseURL, "/"), secret: []byte(secret)}
}

// token is the link's proof for an order number.
func (p *TestProvider) token(invoice string) string {
	mac := hmac.New(sha256.New, p.secret)
	mac.Write([]byte("testpay:" + invoice))
	return hex.EncodeToString(mac.Sum(nil))[:24]
}

// valid reports whether a page request carries the order's token.
func (p *TestProvider) valid(invoice, token string) bool {
	return hmac.Equal([]byte(token), []byte(p.token(invoice)))
}

// CreateLink returns the test page of the order.
func (p *TestProvider) CreateLink(_ context.Context, req cloudpayments.LinkRequest, _ string) (cloudpayments.Link, error) {
	return cloudpayments.Link{ID: testLinkPrefix + req.InvoiceID,
		URL: p.baseURL + "/testpay/" + url.PathEscape(req.InvoiceID) + "?t=" + p.token(req.InvoiceID)}, nil
}

// FindPayment finds nothing: the test page's notifications are never lost.
func (p *TestProvider) FindPayment(context.Context, string) (cloudpayments.Transaction, bool, error) {
	return cloudpayments.Transaction{}, false, nil
}

// Refund "refunds" a test payment: no money moved, so there is none to return.
func (p *TestProvider) Refund(context.Context, int64, shop.Money, string) (int64, error) {
	return p.nextTransaction(), nil
}

// Void releases a test hold: there is none.
func (p *TestProvider) Void(context.Context, int64, string) error { return nil }

// CancelLink closes a test link. There is nothing to tell: the test page
// reads the order, and once the service records the link closed the page
// says the order is cancelled and takes no payment. A link the test page
// did not make (one made with CloudPayments before the credentials were
// removed) is refused, so it is not recorded closed.
func (p *TestProvider) CancelLink(_ context.Context, linkID string) error {
	if !strings.HasPrefix(linkID, testLinkPrefix) {
		return &cloudpayments.APIError{Method: "/orders/cancel", Message: "not a link of the test page"}
	}
	return nil
}

// testLinkPrefix begins the id of every test link.
const testLinkPrefix = "test-"

// nextTransaction returns a transaction id unique across restarts.
func (p *TestProvider) nextTransaction() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lastTx = max(p.lastTx+1, time.Now().UnixMicro())
	return p.lastTx
}

// testOutcome is one button of the test page.
type testOutcome struct {
	Value, Label string
	ReasonCode   int // 0: success
}

// testOutcomes are success and one decline per group the customer may hear.
var testOutcomes = []testOutcome{
	{"success", "Оплатить успешно / Сәтті төлеу", 0},
	{"5057", "Отказ: карта закрыта для интернет-платежей (5057)", 5057},
	{"5051", "Отказ: недостаточно средств (5051)", 5051},
	{"5082", "Отказ: неверный код CVV (5082)", 5082},
	{"5054", "Отказ: истёк срок действия карты (5054)", 5054},
	{"5004", "Отказ: другая причина (5004)", 5004},
}

var testPage = template.Must(template.New("testpay").Parse(`<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TEST · {{.Number}}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#222}
.test{background:#b00020;color:#fff;padding:.8rem 1rem;font-weight:700;border-radius:.4rem}
button{display:block;width:100%;margin:.5rem 0;padding:.8rem;font-size:1rem;border-radius:.4rem;border:1px solid #888;background:#f4f4f4;cursor:pointer}
button.ok{background:#1b7f3b;color:#fff;border:0}
.note{padding:.8rem 1rem;background:#eef;border-radius:.4rem}
</style></head><body>
<p class="test">TEST · ТЕСТОВЫЙ РЕЖИМ · СЫНАҚ РЕЖИМІ<br>This is not CloudPayments. No card is charged: the bot has no payment credentials configured.</p>
<h1>{{.Store}} · {{.Number}}</h1>
{{if .Message}}<p class="note">{{.Message}}</p>{{end}}
{{if .Closed}}<p class="note">Заказ отменён, ссылка на оплату закрыта / Тапсырыс жойылды, төлем сілтемесі жабылды.</p>
{{else if .Payable}}<p>К оплате / Төлеуге: <b>{{.Total}}</b></p>
<form method="post" action="?t={{.Token}}">
{{range .Outcomes}}<button name="outcome" value="{{.Value}}"{{if eq .Value "success"}} class="ok"{{end}}>{{.Label}}</button>
{{end}}</form>{{else}}<p>Статус заказа / Тапсырыс күйі: <b>{{.Status}}</b></p>{{end}}
<p>Вернитесь в чат с ботом / Ботпен чатқа оралыңыз.</p>
</body></html>`))

// TestPage serves the local test payment page. Paying there posts signed
// Check and Pay (or Fail) notifications, built as the provider builds them,
// through webhooks: the same signature check and handling as real ones.
func (s *Service) TestPage(p *TestProvider, webhooks http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := shop.ParseOrderNumber(r.PathValue("invoice"))
		// Without the link's token the page does not exist: nobody pays
		// (or learns the total of) an order by guessing its number.
		if !ok || !p.valid(shop.OrderNumber(id), r.URL.Query().Get("t")) {
			http.NotFound(w, r)
			return
		}
		o, err := s.cfg.Store.FindOrder(r.Context(), id)
		if errors.Is(err, shop.ErrNotFound) {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		// Closed: the order was cancelled unpaid and its link closed (a late
		// payment that revived it would show the order's status instead).
		closed := !o.Payment.LinkClosedAt.IsZero() && o.Status == shop.Cancelled
		msg := ""
		switch {
		case r.Method == http.MethodPost && closed:
			http.Error(w, "the order is cancelled and its payment link closed", http.StatusGone)
			return
		case r.Method == http.MethodGet:
			msg = testResult(r.URL.Query().Get("result"))
		case r.Method == http.MethodPost:
			var result string
			result, err = s.testPay(r, p, webhooks, o)
			if errors.Is(err, errUnknownOutcome) {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			if err != nil {
				s.log.Error("Test payment failed", "order", o.ID, "error", err)
				http.Error(w, "the bot could not take the notification: "+err.Error(), http.StatusInternalServerError)
				return
			}
			// Post/redirect/get: a reload does not pay again.
			http.Redirect(w, r, r.URL.Path+"?t="+url.QueryEscape(r.URL.Query().Get("t"))+"&result="+url.QueryEscape(result), http.StatusSeeOther)
			return
		default:
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if closed {
			w.WriteHeader(http.StatusGone) // as the provider's page of a cancelled link
		}
		_ = testPage.Execute(w, map[string]any{
			"Store": s.cfg.StoreName, "Number": o.Number(), "Total": strconv.FormatInt(int64(o.Total), 10) + " ₸",
			"Payable": o.Status == shop.AwaitingPayment, "Status": string(o.Status), "Closed": closed,
			"Outcomes": testOutcomes, "Message": msg, "Token": r.URL.Query().Get("t"),
		})
	})
}

var errUnknownOutcome = errors.New("unknown outcome")

// testResult is the page's text for a result code testPay returned; the
// page shows nothing else from its address.
func testResult(code string) string {
	kind, n, _ := strings.Cut(code, "-")
	if _, err := strconv.Atoi(n); n != "" && err != nil {
		return ""
	}
	switch kind {
	case "paid":
		return "Оплачено / Төленді"
	case "declined":
		return "Отказ, код " + n + " / Бас тартылды"
	case "refused":
		return "Check: код " + n + ", оплата не принята / төлем қабылданбады"
	}
	return ""
}

// testPay runs one attempt as the provider would: Check, then Pay or Fail.
// It returns a result code for testResult.
func (s *Service) testPay(r *http.Request, p *TestProvider, webhooks http.Handler, o shop.Order) (string, error) {
	reason := -1
	for _, oc := range testOutcomes {
		if oc.Value == r.FormValue("outcome") {
			reason = oc.ReasonCode
		}
	}
	if reason < 0 {
		return "", errUnknownOutcome
	}
	fields := url.Values{
		"TransactionId": {strconv.FormatInt(p.nextTransaction(), 10)},
		"Amount":        {strconv.FormatInt(int64(o.Total), 10) + ".00"},
		"Currency":      {"KZT"},
		"InvoiceId":     {o.Number()},
		"AccountId":     {o.ChatKey},
		"DateTime":      {time.Now().UTC().Format(time.DateTime)},
		"CardFirstSix":  {"424242"},
		"CardLastFour":  {"4242"},
		"CardType":      {"Visa"},
		"OperationType": {"Payment"},
		"TestMode":      {"1"},
		"Status":        {"Completed"},
	}
	code, err := s.postSigned(r.Context(), webhooks, cloudpayments.Check, fields)
	if err != nil {
		return "", err
	}
	if code != cloudpayments.CodeOK {
		return "refused-" + strconv.Itoa(code), nil
	}
	kind := cloudpayments.Pay
	if reason > 0 {
		kind = cloudpayments.Fail
		fields.Set("Status", "Declined")
		fields.Set("ReasonCode", strconv.Itoa(reason))
		fields.Set("Reason", "Test decline")
	}
	if _, err := s.postSigned(r.Context(), webhooks, kind, fields); err != nil {
		return "", err
	}
	// Act on it now, so the page the browser is sent to shows the result.
	if err := s.HandlePayments(r.Context()); err != nil {
		return "", err
	}
	if kind == cloudpayments.Fail {
		return "declined-" + strconv.Itoa(reason), nil
	}
	return "paid", nil
}

// postSigned hands a form-encoded notification, signed with the service's
// secret, to the webhook handler in this process and returns its code.
func (s *Service) postSigned(ctx context.Context, webhooks http.Handler, kind cloudpayments.Kind, fields url.Values) (int, error) {
	body := []byte(fields.Encode())
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/webhooks/cloudpayments/"+string(kind), bytes.NewReader(body))
	req.SetPathValue("kind", string(kind))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Content-HMAC", cloudpayments.Sign(s.cfg.Secret, body))
	rec := httptest.NewRecorder()
	webhooks.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return 0, errors.New(string(kind) + ": HTTP " + strconv.Itoa(rec.Code) + ": " + strings.TrimSpace(rec.Body.String()))
	}
	var reply cloudpayments.Reply
	if err := json.Unmarshal(rec.Body.Bytes(), &reply); err != nil {
		return 0, err
	}
	return reply.Code, nil
}
