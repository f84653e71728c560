package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// SecretHeader is the header in which Telegram sends a webhook's secret
// token on every delivery.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// MaxWebhookBody caps the body of one webhook delivery. One update is a few
// kilobytes; a bigger body is not from Telegram.
const MaxWebhookBody = 1 << 20

// ValidateWebhook checks a webhook URL and secret token before they are
// sent to Telegram, so that a configuration error shows at start-up.
// It returns an error wrapping ErrBadWebhookURL or ErrBadWebhookSecret.
func ValidateWebhook(webhookURL, secret string) error {
	if err := CheckWebhookSecret(secret); err != nil {
		return err
	}
	return CheckWebhookURL(webhookURL)
}

// CheckWebhookURL accepts an https address, or http on the loopback (tests).
func CheckWebhookURL(webhookURL string) error {
	u, err := url.Parse(webhookURL)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadWebhookURL, err)
	}
	switch {
	case u.Host == "" || u.Hostname() == "":
		return fmt.Errorf("%w: %q has no host", ErrBadWebhookURL, webhookURL)
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return fmt.Errorf("%w: %q must start with https:// (http only for 127.0.0.1, ::1 or localhost)",
		ErrBadWebhookURL, webhookURL)
}

func isLoopback(host string) bool {
	return host == "127.0.0.1" || host == "::1" || host == "localhost"
}

// CheckWebhookSecret applies Telegram's rule for secret_token. The secret
// itself never appears in the error.
func CheckWebhookSecret(secret string) error {
	if n := len(secret); n < 1 || n > 256 {
		return fmt.Errorf("%w: %d characters, want 1 to 256", ErrBadWebhookSecret, n)
	}
	for i := 0; i < len(secret); i++ {
		switch c := secret[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '-':
		default:
			return fmt.Errorf("%w: only A-Z a-z 0-9 _ - are allowed (byte %d is not)", ErrBadWebhookSecret, i)
		}
	}
	return nil
}

// WebhookConnections is the max_connections the webhook is set with: how
// many deliveries Telegram keeps in flight at once.
const WebhookConnections = 100

// SetWebhook makes Telegram push updates (messages and button presses) to
// webhookURL, sending secret in SecretHeader with each; serve them with
// WebhookHandler and the same secret. Updates not yet delivered are kept.
// While a webhook is set, Run's getUpdates calls fail with 409 Conflict.
func (a *Adapter) SetWebhook(ctx context.Context, webhookURL, secret string) error {
	if err := ValidateWebhook(webhookURL, secret); err != nil {
		return err
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := a.bot(ctx).MakeRequest("setWebhook", tgbotapi.Params{
		"url":                  webhookURL,
		"secret_token":         secret,
		"allowed_updates":      allowedUpdates,
		"drop_pending_updates": "false",
		// Telegram's most (the default is 40): more deliveries in flight
		// let the engine commit more chats together under load.
		"max_connections": strconv.Itoa(WebhookConnections),
	})
	if err != nil {
		return fmt.Errorf("telegram setWebhook: %w", err)
	}
	a.log.Info("Telegram webhook set", "host", hostOf(webhookURL))
	return nil
}

// DeleteWebhook removes the webhook, keeping undelivered updates, so that
// Run can poll for them. Run does not call it: a caller switching from
// webhook to polling calls DeleteWebhook before Run. Deleting when no
// webhook is set succeeds.
func (a *Adapter) DeleteWebhook(ctx context.Context) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := a.bot(ctx).MakeRequest("deleteWebhook", tgbotapi.Params{"drop_pending_updates": "false"})
	if err != nil {
		return fmt.Errorf("telegram deleteWebhook: %w", err)
	}
	a.log.Info("Telegram webhook deleted")
	return nil
}

// hostOf is the part of a webhook URL that is safe to log: the path may
// hold a secret.
func hostOf(webhookURL string) string {
	if u, err := url.Parse(webhookURL); err == nil {
		return u.Host
	}
	return ""
}

// WebhookHandler serves the webhook set with SetWebhook: each POST carries
// one update, which is converted and submitted to h like a batch of one in
// Run. It answers
//
//   - 405 to anything but POST;
//   - 403 when SecretHeader is absent or differs from secret (compared in
//     constant time, before the body is read);
//   - 413 to a body over MaxWebhookBody, 400 to one that is not an update;
//   - 200 once h.Submit returned nil, so the update is committed when
//     Telegram counts it delivered;
//   - 500 when Submit failed, so Telegram delivers the update again.
//
// Telegram redelivers on any non-2xx answer and when an answer is late, so
// h may see one update more than once, and several at a time (up to the
// webhook's max_connections): the engine deduplicates by Update.Key and
// orders per chat. A button press is answered (its spinner stopped) before
// Submit, as in Run, and again on a redelivery, which is harmless.
// Updates the bot does not handle, and updates the library cannot decode
// but which carry an update_id, get 200 without Submit, as Run confirms them.
//
// Submit gets the request's context, which ends if Telegram gives up
// waiting. Logs carry ids only, never bodies. WebhookHandler panics if h is
// nil or secret is not a valid secret token: an empty secret would let
// anyone post updates.
func (a *Adapter) WebhookHandler(h Handler, secret string) http.Handler {
	if h == nil {
		panic("telegram: WebhookHandler without a handler")
	}
	if err := CheckWebhookSecret(secret); err != nil {
		panic(err.Error())
	}
	return &webhook{a: a, h: h, secret: []byte(secret)}
}

type webhook struct {
	a      *Adapter
	h      Handler
	secret []byte
}

func (wh *webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := wh.a.log
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := r.Header.Get(SecretHeader)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), wh.secret) != 1 {
		log.Warn("Telegram webhook request with a wrong or missing secret refused", "present", got != "")
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	if r.ContentLength > MaxWebhookBody {
		log.Warn("Telegram webhook body too large", "bytes", r.ContentLength)
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxWebhookBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			log.Warn("Telegram webhook body too large", "limit", tooBig.Limit)
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		log.Warn("Telegram webhook body unreadable", "error", err)
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}

	var u tgbotapi.Update
	if err := json.Unmarshal(body, &u); err != nil || u.UpdateID == 0 {
		// Read again for its update_id alone, which tells a body that is
		// no update from one the library cannot decode (the common case,
		// an update, is read once).
		var head struct {
			UpdateID *int `json:"update_id"`
		}
		if json.Unmarshal(body, &head) != nil || head.UpdateID == nil {
			log.Warn("Telegram webhook body is not an update", "bytes", len(body))
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		}
		if err != nil {
			// As in Run: an update the library cannot decode will never
			// decode, and Telegram would retry it for nothing.
			log.Warn("Telegram update undecodable, skipped", "update_id", *head.UpdateID, "error", err)
			w.WriteHeader(http.StatusOK)
			return
		}
	}

	if q := u.CallbackQuery; q != nil && q.ID != "" {
		// Answered while the press is handled; the request (and with it
		// the answer's context) ends only after both.
		defer wh.a.answerCallbacks(r.Context(), []string{q.ID}, map[string]bool{})()
	}
	up, ok := wh.a.Convert(u)
	if !ok {
		log.Debug("Telegram update skipped", "update_id", u.UpdateID)
		w.WriteHeader(http.StatusOK)
		return
	}
	start := time.Now()
	if err := wh.h.Submit(r.Context(), up); err != nil {
		log.Warn("Telegram update not committed; Telegram will deliver it again",
			"error", err, "update_id", u.UpdateID, "chat_id", up.ChatID, "took", time.Since(start))
		http.Error(w, "not committed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}
