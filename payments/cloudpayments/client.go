// Package cloudpayments speaks the CloudPayments protocol, which TipTop Pay
// serves in Kazakhstan: payment links, lookups, refunds and voids through
// the API, and the signed notifications the provider posts back.
package cloudpayments

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lete-store/letebot/shop"
)

// DefaultBaseURL is the Kazakhstan API host (TipTop Pay).
const DefaultBaseURL = "https://api.tiptoppay.kz"

// Client calls the API with Basic auth: login the Public ID, password the
// API secret.
type Client struct {
	baseURL  string
	publicID string
	secret   string
	http     *http.Client
}

// NewClient returns a client for baseURL ("" means DefaultBaseURL). A nil
// httpClient gets one with a 30 s timeout.
func NewClient(baseURL, publicID, secret string, httpClient *http.Client) *Client {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{baseURL: strings.TrimRight(baseURL, "/"), publicID: publicID, secret: secret, http: httpClient}
}

// APIError is a reply with Success false: the provider refused the call.
type APIError struct {
	Method  string
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("cloudpayments %s: %s", e.Method, e.Message)
}

// ErrBusy is the provider's 429: too many requests at once. Retry later.
var ErrBusy = errors.New("cloudpayments: too many concurrent requests")

// LinkRequest is one payment link (orders/create).
type LinkRequest struct {
	Amount      shop.Money
	InvoiceID   string // our order number
	AccountID   string // our customer id
	Email       string
	Description string
}

// Link is the hosted payment page the customer opens.
type Link struct {
	ID  string
	URL string
}

// CreateLink creates a payment link. requestID makes a retry return the
// same link instead of a second one.
func (c *Client) CreateLink(ctx context.Context, req LinkRequest, requestID string) (Link, error) {
	body := map[string]any{
		"Amount":      int64(req.Amount),
		"Currency":    "KZT",
		"Description": req.Description,
		"InvoiceId":   req.InvoiceID,
		"AccountId":   req.AccountID,
		"CultureName": cultureName,
	}
	if req.Email != "" {
		body["Email"] = req.Email
	}
	var model struct {
		ID  string `json:"Id"`
		URL string `json:"Url"`
	}
	if err := c.call(ctx, "/orders/create", body, requestID, &model); err != nil {
		return Link{}, err
	}
	if model.URL == "" {
		return Link{}, fmt.Errorf("cloudpayments /orders/create: reply has no Url")
	}
	return Link{ID: model.ID, URL: model.URL}, nil
}

// CancelLink closes a payment link (orders/cancel): its page no longer
// takes payment. id is Link.ID. The request id is the link's, so a retry
// after a lost reply is the same request. A refusal (a link paid, or one
// the provider does not know) is *APIError; the documented reply is only
// Success and Message, so no refusal is told apart from another.
func (c *Client) CancelLink(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("cloudpayments cancel link: a link id is required")
	}
	return c.call(ctx, "/orders/cancel", map[string]any{"Id": id}, "cancel-link:"+id, nil)
}

// cultureName is the payment page's language. kk-KZ is not confirmed to
// be served, so every customer gets the Russian page.
const cultureName = "ru-RU"

// Transaction is a payment as the API reports it.
type Transaction struct {
	TransactionID int64
	InvoiceID     string
	AccountID     string
	Amount        shop.Money
	WholeAmount   bool
	Currency      string
	// Status: AwaitingAuthentication, Authorized, Completed, Cancelled, Declined.
	Status       string
	ReasonCode   int
	CardLastFour string
}

// Paid reports whether the money is taken or held for us.
func (t Transaction) Paid() bool { return t.Status == "Completed" || t.Status == "Authorized" }

// FindPayment looks a payment up by our order number (payments/find).
// found is false when the provider has none.
func (c *Client) FindPayment(ctx context.Context, invoiceID string) (t Transaction, found bool, err error) {
	var model struct {
		TransactionID int64           `json:"TransactionId"`
		InvoiceID     string          `json:"InvoiceId"`
		AccountID     string          `json:"AccountId"`
		Amount        json.Number     `json:"Amount"`
		Currency      string          `json:"Currency"`
		Status        string          `json:"Status"`
		ReasonCode    json.RawMessage `json:"ReasonCode"`
		CardLastFour  string          `json:"CardLastFour"`
	}
	// A declined payment comes back as a refusal with its transaction, so
	// only a refusal without one means "not found".
	err = c.call(ctx, "/payments/find", map[string]any{"InvoiceId": invoiceID}, "", &model)
	if err != nil && model.TransactionID == 0 {
		var refused *APIError
		if errors.As(err, &refused) {
			return Transaction{}, false, nil
		}
		return Transaction{}, false, err
	}
	t = Transaction{
		TransactionID: model.TransactionID, InvoiceID: model.InvoiceID, AccountID: model.AccountID,
		Currency: model.Currency, Status: model.Status,
	}
	if len(model.CardLastFour) == 4 && isDigits(model.CardLastFour) {
		t.CardLastFour = model.CardLastFour
	}
	if t.Amount, t.WholeAmount, err = ParseAmount(model.Amount.String()); err != nil {
		return Transaction{}, false, fmt.Errorf("cloudpayments /payments/find: %w", err)
	}
	if code, err := strconv.Atoi(strings.Trim(string(model.ReasonCode), `"`)); err == nil {
		t.ReasonCode = code
	}
	return t, true, nil
}

// Refund returns amount of a payment to the card (payments/refund); it may
// be less than the payment. requestID must be stable per refund, so a
// retry never refunds twice. It returns the refund's transaction id.
func (c *Client) Refund(ctx context.Context, transactionID int64, amount shop.Money, requestID string) (int64, error) {
	if requestID == "" {
		return 0, errors.New("cloudpayments refund: a request id is required")
	}
	var model struct {
		TransactionID int64 `json:"TransactionId"`
	}
	body := map[string]any{"TransactionId": transactionID, "Amount": int64(amount)}
	if err := c.call(ctx, "/payments/refund", body, requestID, &model); err != nil {
		return 0, err
	}
	return model.TransactionID, nil
}

// Void releases a two-stage payment that is only authorised
// (payments/void): no money moves.
func (c *Client) Void(ctx context.Context, transactionID int64, requestID string) error {
	if requestID == "" {
		return errors.New("cloudpayments void: a request id is required")
	}
	return c.call(ctx, "/payments/void", map[string]any{"TransactionId": transactionID}, requestID, nil)
}

// envelope is every API reply.
type envelope struct {
	Success bool            `json:"Success"`
	Message *string         `json:"Message"`
	Model   json.RawMessage `json:"Model"`
}

func (c *Client) call(ctx context.Context, path string, body any, requestID string, model any) error {
	payload, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("cloudpayments %s: %w", path, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+path, bytes.NewReader(payload))
	if err != nil {
		return fmt.Errorf("cloudpayments %s: %w", path, err)
	}
	req.SetBasicAuth(c.publicID, c.secret)
	req.Header.Set("Content-Type", "application/json")
	if requestID != "" {
		req.Header.Set("X-Request-ID", requestID)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("cloudpayments %s: %w", path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("cloudpayments %s: reading reply: %w", path, err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return fmt.Errorf("cloudpayments %s: %w", path, ErrBusy)
	case resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("cloudpayments %s: credentials refused (HTTP 401): check the Public ID and API secret", path)
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("cloudpayments %s: HTTP %d", path, resp.StatusCode)
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("cloudpayments %s: reply is not JSON: %w", path, err)
	}
	if model != nil && len(env.Model) > 0 && string(env.Model) != "null" {
		dec := json.NewDecoder(bytes.NewReader(env.Model))
		dec.UseNumber()
		if err := dec.Decode(model); err != nil {
			return fmt.Errorf("cloudpayments %s: reading Model: %w", path, err)
		}
	}
	if !env.Success {
		msg := "refused"
		if env.Message != nil && *env.Message != "" {
			msg = *env.Message
		}
		return &APIError{Method: path, Message: msg}
	}
	return nil
}
