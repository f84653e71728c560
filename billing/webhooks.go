package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/shop"
)

// WebhookPattern is where the provider posts notifications; {kind} is one
// of check, pay, fail, confirm, refund, cancel.
const WebhookPattern = "POST /webhooks/cloudpayments/{kind}"

// WebhookResult is how one notification ended, for metrics.
type WebhookResult string

// Webhook results.
const (
	WebhookOK        WebhookResult = "ok"        // stored, or answered
	WebhookRefused   WebhookResult = "refused"   // Check said no
	WebhookSignature WebhookResult = "signature" // bad or missing signature
	WebhookMalformed WebhookResult = "malformed"
	WebhookError     WebhookResult = "error" // not stored: the provider will retry
)

// Webhooks serves the provider's notifications. observe, when not nil, is
// told each notification's kind and result.
func (s *Service) Webhooks(observe func(kind string, r WebhookResult)) http.Handler {
	if observe == nil {
		observe = func(string, WebhookResult) {}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind, ok := cloudpayments.ParseKind(r.PathValue("kind"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		code, res := s.serveNotification(r, kind)
		observe(string(kind), res)
		switch res {
		case WebhookSignature:
			http.Error(w, "bad signature", http.StatusUnauthorized)
		case WebhookMalformed:
			http.Error(w, "malformed notification", http.StatusBadRequest)
		case WebhookError:
			// The provider retries a notification that did not get code 0.
			http.Error(w, "not stored, try again", http.StatusInternalServerError)
		default:
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(cloudpayments.Reply{Code: code})
		}
	})
}

func (s *Service) serveNotification(r *http.Request, kind cloudpayments.Kind) (int, WebhookResult) {
	body, err := io.ReadAll(io.LimitReader(r.Body, cloudpayments.MaxBody+1))
	if err != nil || len(body) > cloudpayments.MaxBody {
		s.log.Warn("Notification unreadable", "kind", kind, "bytes", len(body), "error", err)
		return 0, WebhookMalformed
	}
	// The signature is checked before a byte of the body is interpreted.
	if err := cloudpayments.Verify(s.cfg.Secret, body, r.Header); err != nil {
		s.log.Warn("Notification with a bad signature", "kind", kind, "remote", r.RemoteAddr)
		return 0, WebhookSignature
	}
	n, err := cloudpayments.Parse(kind, r.Header.Get("Content-Type"), body)
	if err != nil {
		s.log.Warn("Notification malformed", "kind", kind, "error", err)
		return 0, WebhookMalformed
	}
	code, err := s.handle(r.Context(), n)
	if err != nil {
		s.log.Error("Notification not stored", "kind", kind, "transaction", n.TransactionID, "error", err)
		return 0, WebhookError
	}
	if code != cloudpayments.CodeOK {
		return code, WebhookRefused
	}
	return code, WebhookOK
}

// handle acts on a verified notification and returns the reply code: Check
// is answered from the order; every other kind is stored, to be acted on
// right after, and answered once stored.
func (s *Service) handle(ctx context.Context, n cloudpayments.Notification) (int, error) {
	id, _ := shop.ParseOrderNumber(n.InvoiceID)
	if n.Kind == cloudpayments.Check {
		o, err := s.cfg.Store.FindOrder(ctx, id)
		if err != nil && !errors.Is(err, shop.ErrNotFound) {
			return 0, err
		}
		return s.check(ctx, n, o, err == nil && id > 0), nil
	}
	ev := shop.PaymentEvent{
		Kind: shop.PaymentEventKind(n.Kind), TransactionID: n.TransactionID, PaymentTransactionID: n.PaymentTransactionID,
		InvoiceID: n.InvoiceID, OrderID: id, AccountID: n.AccountID, Status: n.Status,
		Amount: n.Amount, Tiyn: !n.WholeAmount, Currency: n.Currency, ReasonCode: n.ReasonCode,
		CardLastFour: n.CardLastFour, Test: n.TestMode,
	}
	if n.Kind == cloudpayments.Fail {
		ev.Decline = cloudpayments.GroupOf(n.ReasonCode)
	}
	if err := s.inbox.add(ctx, ev); err != nil {
		return 0, err
	}
	s.Notify()
	return cloudpayments.CodeOK, nil
}

// check answers whether the order may be paid as the provider describes it.
func (s *Service) check(ctx context.Context, n cloudpayments.Notification, o shop.Order, found bool) int {
	switch {
	case !found:
		return cloudpayments.CodeUnknownOrder
	case n.AccountID != "" && n.AccountID != o.ChatKey:
		return cloudpayments.CodeWrongAccount
	case n.Amount != o.Total || !n.WholeAmount || n.Currency != "" && n.Currency != "KZT":
		return cloudpayments.CodeWrongAmount
	case o.Status == shop.AwaitingPayment && !s.cfg.Clock.Now().Before(o.PayBy(s.cfg.Expiry)):
		return cloudpayments.CodePaymentExpire
	case o.Status == shop.Cancelled:
		return cloudpayments.CodeCannotBePaid
	case o.Status != shop.AwaitingPayment:
		// Paid already: tell the customer in the chat too, once per attempt.
		err := s.submit(ctx, fmt.Sprintf("cp:check:%d", n.TransactionID), o, flows.Event{Kind: flows.EventPaidAlready})
		if err != nil {
			s.log.Warn("Already-paid notice not sent", "order", o.ID, "error", err)
		}
		return cloudpayments.CodeCannotBePaid
	}
	return cloudpayments.CodeOK
}

// unknownOrder handles an event for an invoice we do not have: money that
// moved is shown to staff; a decline or a capture is only logged.
func (s *Service) unknownOrder(ctx context.Context, ev shop.PaymentEvent) error {
	s.log.Warn("Payment event for an unknown order", "kind", ev.Kind, "transaction", ev.TransactionID)
	if ev.Kind != shop.PaymentPaid && ev.Kind != shop.PaymentRefunded {
		return nil
	}
	alert := flows.Reply{Text: messages.T(messages.StaffUnknownPayment, "Kind", string(ev.Kind),
		"Invoice", ev.InvoiceID, "Amount", ev.Amount, "Currency", ev.Currency, "Transaction", ev.TransactionID, "Test", ev.Test)}
	return s.cfg.Engine.AlertStaff(ctx, ev.Key(), alert)
}
