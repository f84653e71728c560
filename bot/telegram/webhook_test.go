package telegram

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

const testSecret = "w3bh00k_Secret-value"

func TestSetWebhookSendsURLSecretAndKinds(t *testing.T) {
	s, a, logs := newFake(t)
	hook := "https://bot.example.com/telegram/hook"
	if err := a.SetWebhook(t.Context(), hook, testSecret); err != nil {
		t.Fatalf("SetWebhook: %v", err)
	}
	want := telegramtest.Webhook{URL: hook, Secret: testSecret, AllowedUpdates: `["message","callback_query"]`, MaxConnections: 100}
	if got := s.Webhook(); got != want {
		t.Errorf("fake's webhook = %+v, want %+v", got, want)
	}
	calls := s.Calls("setWebhook")
	if len(calls) != 1 || calls[0].Params.Get("drop_pending_updates") != "false" {
		t.Errorf("setWebhook calls = %+v, want one with drop_pending_updates=false", calls)
	}
	if strings.Contains(logs.String(), testSecret) || strings.Contains(logs.String(), "/telegram/hook") {
		t.Errorf("secret or webhook path logged:\n%s", logs)
	}
}

func TestSetWebhookRefusesBadSecretsAndURLs(t *testing.T) {
	for _, c := range []struct {
		name, url, secret string
		want              error // nil: accepted
	}{
		{"https", "https://bot.example.com/hook", testSecret, nil},
		{"https with port 8443", "https://bot.example.com:8443/hook", "a", nil},
		{"longest secret", "https://bot.example.com/hook", strings.Repeat("x", 256), nil},
		{"http on 127.0.0.1", "http://127.0.0.1:8080/hook", testSecret, nil},
		{"http on localhost", "http://localhost/hook", testSecret, nil},
		{"http on ::1", "http://[::1]:9000/hook", testSecret, nil},
		{"empty secret", "https://bot.example.com/hook", "", ErrBadWebhookSecret},
		{"secret too long", "https://bot.example.com/hook", strings.Repeat("x", 257), ErrBadWebhookSecret},
		{"secret with a space", "https://bot.example.com/hook", "two words", ErrBadWebhookSecret},
		{"secret with a slash", "https://bot.example.com/hook", "a/b", ErrBadWebhookSecret},
		{"secret in Cyrillic", "https://bot.example.com/hook", "секрет", ErrBadWebhookSecret},
		{"plain http", "http://bot.example.com/hook", testSecret, ErrBadWebhookURL},
		{"http on a private address", "http://10.0.0.5/hook", testSecret, ErrBadWebhookURL},
		{"ftp", "ftp://bot.example.com/hook", testSecret, ErrBadWebhookURL},
		{"relative", "/hook", testSecret, ErrBadWebhookURL},
		{"no host", "https:///hook", testSecret, ErrBadWebhookURL},
		{"empty", "", testSecret, ErrBadWebhookURL},
		{"unparsable", "https://bot example.com/%zz", testSecret, ErrBadWebhookURL},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, a, _ := newFake(t)
			err := a.SetWebhook(t.Context(), c.url, c.secret)
			if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
				t.Fatalf("SetWebhook(%q, %q) = %v, want %v", c.url, c.secret, err, c.want)
			}
			if !errors.Is(ValidateWebhook(c.url, c.secret), c.want) {
				t.Errorf("ValidateWebhook disagrees with SetWebhook: %v", ValidateWebhook(c.url, c.secret))
			}
			if c.want == nil {
				if got := s.Webhook(); got.URL != c.url || got.Secret != c.secret {
					t.Errorf("fake's webhook = %+v", got)
				}
				return
			}
			if n := len(s.Calls("setWebhook")); n != 0 {
				t.Errorf("setWebhook called %d times for a refused setting", n)
			}
			if c.secret != "" && len(c.secret) > 1 && strings.Contains(err.Error(), c.secret) {
				t.Errorf("error %q shows the secret", err)
			}
		})
	}
}

func TestSetWebhookReportsTelegramError(t *testing.T) {
	s, a, _ := newFake(t)
	s.Fail("setWebhook", telegramtest.Failure{Code: 400, Description: "Bad Request: bad webhook: Failed to resolve host"})
	err := a.SetWebhook(t.Context(), "https://nowhere.invalid/hook", testSecret)
	if te, ok := asAPIError(err); !ok || te.Code != 400 || !strings.Contains(err.Error(), "setWebhook") {
		t.Errorf("SetWebhook = %v, want the API's 400 naming setWebhook", err)
	}
}

// A webhook stops polling with 409 until DeleteWebhook; Run does not delete
// it by itself, then polls normally once it is gone.
func TestDeleteWebhookLetsPollingResume(t *testing.T) {
	s, a, logs := newFake(t)
	if err := a.SetWebhook(t.Context(), "https://bot.example.com/hook", testSecret); err != nil {
		t.Fatal(err)
	}
	id := s.PushText(42, "hello")
	rec := &recorder{}
	runAdapter(t, a, rec)
	if _, err := s.WaitCalls(waitCtx(t), "getUpdates", 3); err != nil {
		t.Fatal(err)
	}
	if got := rec.submitted(); len(got) != 0 {
		t.Errorf("submitted %v while a webhook was set", got)
	}
	if n := len(s.Calls("deleteWebhook")); n != 0 {
		t.Errorf("Run called deleteWebhook %d times; the caller decides the mode", n)
	}
	if !strings.Contains(logs.String(), "conflict") {
		t.Errorf("409 not logged as a conflict:\n%s", logs)
	}

	if err := a.DeleteWebhook(t.Context()); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	if got := s.Webhook(); got.URL != "" {
		t.Errorf("webhook after DeleteWebhook = %+v, want none", got)
	}
	if c := s.Calls("deleteWebhook"); len(c) != 1 || c[0].Params.Get("drop_pending_updates") != "false" {
		t.Errorf("deleteWebhook calls = %+v, want one keeping pending updates", c)
	}
	if err := s.WaitConfirmed(waitCtx(t), id); err != nil {
		t.Fatal(err)
	}
	if got := rec.submitted(); len(got) != 1 || keys(got[0]) != fmt.Sprint("tg:", id) {
		t.Errorf("submitted %v after DeleteWebhook, want the update kept while the webhook was set", got)
	}
}

// countingReader records whether the handler read the body.
type countingReader struct {
	r     io.Reader
	reads int
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads++
	return c.r.Read(p)
}

func TestWebhookHandler(t *testing.T) {
	const (
		text = `{"update_id":10,"message":{"message_id":5,"date":1,"chat":{"id":42,"type":"private","first_name":"C"},` +
			`"from":{"id":42,"is_bot":false,"first_name":"C","language_code":"kk"},"text":"/start@lete_test_bot private-words"}}`
		callback = `{"update_id":11,"callback_query":{"id":"cq-w1","from":{"id":42,"is_bot":false,"first_name":"C"},` +
			`"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"}},"chat_instance":"ci","data":"p:12"}}`
		edited = `{"update_id":12,"edited_message":{"message_id":1,"date":1,"edit_date":2,"chat":{"id":42,"type":"private"},` +
			`"from":{"id":42,"first_name":"A"},"text":"private-words"}}`
		undecodable = `{"update_id":13,"message":{"message_id":"seven","date":1,"chat":{"id":42,"type":"private"},"text":"private-words"}}`
	)
	textUp := bot.Update{Key: "tg:10", Channel: "telegram", ChatID: "42", UserID: "42", UserName: "C", Text: "/start private-words", LangHint: "kk"}
	callbackUp := bot.Update{Key: "tg:11", Channel: "telegram", ChatID: "42", UserID: "42", UserName: "C", Data: "p:12"}

	for _, c := range []struct {
		name     string
		method   string // "" is POST
		secret   string // the header; "" is the right secret, "-" leaves it out, "<empty>" sends it empty
		body     string
		length   bool  // send Content-Length (otherwise the length is unknown, as when chunked)
		push     bool  // push the body to the fake first, so its callback id is answerable
		fail     error // what Submit returns
		want     int
		submit   []bot.Update
		answered []string
		noRead   bool // the body must not be read at all
	}{
		{name: "text update", body: text, want: 200, submit: []bot.Update{textUp}},
		{name: "text update with Content-Length", body: text, length: true, want: 200, submit: []bot.Update{textUp}},
		{name: "submit error asks for redelivery", body: text, fail: errors.New("database down"), want: 500, submit: []bot.Update{textUp}},
		{name: "callback answered and submitted", body: callback, push: true, want: 200, submit: []bot.Update{callbackUp}, answered: []string{"cq-w1"}},
		{name: "callback answered even if submit fails", body: callback, push: true, fail: errors.New("busy"), want: 500, submit: []bot.Update{callbackUp}, answered: []string{"cq-w1"}},
		{name: "edited message skipped", body: edited, want: 200},
		{name: "undecodable update skipped", body: undecodable, want: 200},
		{name: "wrong secret", secret: "guess", body: text, want: 403, noRead: true},
		{name: "secret with a different case", secret: strings.ToUpper(testSecret), body: text, want: 403, noRead: true},
		{name: "secret with a suffix", secret: testSecret + "x", body: text, want: 403, noRead: true},
		{name: "missing secret", secret: "-", body: text, want: 403, noRead: true},
		{name: "empty secret", secret: "<empty>", body: text, want: 403, noRead: true},
		{name: "wrong secret and a huge body", secret: "guess", body: strings.Repeat("x", 2<<20), length: true, want: 403, noRead: true},
		{name: "GET", method: http.MethodGet, want: 405, noRead: true},
		{name: "PUT", method: http.MethodPut, body: text, want: 405, noRead: true},
		{name: "huge body with Content-Length", body: `{"update_id":1,"message":{"text":"` + strings.Repeat("x", 2<<20) + `"}}`, length: true, want: 413, noRead: true},
		{name: "huge body of unknown length", body: `{"update_id":1,"message":{"text":"` + strings.Repeat("x", 2<<20) + `"}}`, want: 413},
		{name: "truncated JSON", body: `{"update_id":1,"message":`, want: 400},
		{name: "not JSON", body: `update_id=1`, want: 400},
		{name: "JSON array", body: `[1,2]`, want: 400},
		{name: "no update_id", body: `{"message":{"message_id":1}}`, want: 400},
		{name: "trailing garbage", body: text + `x`, want: 400},
		{name: "empty body", body: ``, want: 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, a, logs := newFake(t)
			if c.push {
				s.PushUpdate(c.body)
			}
			rec := &recorder{fail: func(int, []bot.Update) error { return c.fail }}
			h := a.WebhookHandler(rec, testSecret)

			body := &countingReader{r: strings.NewReader(c.body)}
			req := httptest.NewRequestWithContext(t.Context(), cmp.Or(c.method, http.MethodPost), "/telegram/hook", body)
			req.ContentLength = -1
			if c.length {
				req.ContentLength = int64(len(c.body))
			}
			req.Header.Set("Content-Type", "application/json")
			switch c.secret {
			case "":
				req.Header.Set(SecretHeader, testSecret)
			case "-":
			case "<empty>":
				req.Header.Set(SecretHeader, "")
			default:
				req.Header.Set(SecretHeader, c.secret)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)

			if w.Code != c.want {
				t.Errorf("status %d, want %d", w.Code, c.want)
			}
			if got := rec.submitted(); !slices.EqualFunc(got, batchesOf(c.submit), slices.Equal) {
				t.Errorf("submitted %+v, want %+v", got, batchesOf(c.submit))
			}
			if got := s.Answered(); !slices.Equal(got, c.answered) {
				t.Errorf("answered %v, want %v", got, c.answered)
			}
			if c.noRead && body.reads != 0 {
				t.Errorf("body read %d times before refusing", body.reads)
			}
			if l := logs.String(); strings.Contains(l, "private-words") || strings.Contains(l, testSecret) {
				t.Errorf("text or secret logged:\n%s", l)
			}
		})
	}
}

func batchesOf(ups []bot.Update) [][]bot.Update {
	var out [][]bot.Update
	for _, u := range ups {
		out = append(out, []bot.Update{u})
	}
	return out
}

func TestWebhookHandlerPanicsOnMisuse(t *testing.T) {
	_, a, _ := newFake(t)
	for _, c := range []struct {
		name   string
		h      Handler
		secret string
	}{
		{"nil handler", nil, testSecret},
		{"empty secret", &recorder{}, ""},
		{"invalid secret", &recorder{}, "not valid!"},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("WebhookHandler did not panic")
				}
			}()
			a.WebhookHandler(c.h, c.secret)
		})
	}
}

// End to end through the fake: Telegram's delivery, a failed commit and its
// redelivery, and a redelivery after a 200 whose answer was lost. Submit sees
// the same update (same Key) each time: dropping duplicates is the engine's
// job (it deduplicates by Update.Key), not the adapter's, since with several
// replicas behind the webhook any of them may get the copy.
func TestWebhookDeliveryEndToEnd(t *testing.T) {
	s, a, _ := newFake(t)
	rec := &recorder{fail: func(n int, _ []bot.Update) error {
		if n == 0 {
			return errors.New("database down")
		}
		return nil
	}}
	srv := httptest.NewServer(a.WebhookHandler(rec, testSecret))
	t.Cleanup(srv.Close)
	if err := a.SetWebhook(t.Context(), srv.URL+"/telegram/hook", testSecret); err != nil {
		t.Fatal(err)
	}
	id := s.PushText(42, "hello")
	cb := s.PushCallback(42, "p:1")

	for i, step := range []struct {
		id, want      int
		wantConfirmed int
	}{
		{id, 500, 0},  // Submit fails: Telegram keeps it
		{cb, 200, 0},  // out of order: the text is still pending
		{id, 200, cb}, // the retry commits: everything confirmed
		{id, 200, cb}, // a redelivery after a lost answer reaches Submit again
	} {
		got, err := s.DeliverWebhook(waitCtx(t), step.id)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got != step.want || s.Confirmed() != step.wantConfirmed {
			t.Errorf("step %d: delivering %d = %d with %d confirmed, want %d with %d",
				i, step.id, got, s.Confirmed(), step.want, step.wantConfirmed)
		}
	}
	var got []string
	for _, b := range rec.submitted() {
		got = append(got, keys(b))
	}
	want := []string{fmt.Sprint("tg:", id), fmt.Sprint("tg:", cb), fmt.Sprint("tg:", id), fmt.Sprint("tg:", id)}
	if !slices.Equal(got, want) {
		t.Errorf("submitted %v, want %v (every delivery reaches Submit)", got, want)
	}
	if ans := s.Answered(); !slices.Equal(ans, []string{telegramtest.CallbackID(cb)}) {
		t.Errorf("answered %v, want the press once", ans)
	}
	if s.Pending() != 0 {
		t.Errorf("%d updates pending, want 0", s.Pending())
	}
}

// A webhook served with another secret than the one set refuses Telegram's
// deliveries, which stay pending.
func TestWebhookDeliveryWithStaleSecret(t *testing.T) {
	s, a, _ := newFake(t)
	rec := &recorder{}
	srv := httptest.NewServer(a.WebhookHandler(rec, "rotated-secret"))
	t.Cleanup(srv.Close)
	if err := a.SetWebhook(t.Context(), srv.URL+"/hook", testSecret); err != nil {
		t.Fatal(err)
	}
	id := s.PushText(42, "hello")
	ctx := waitCtx(t)
	got, err := s.DeliverWebhook(ctx, id)
	if err != nil || got != http.StatusForbidden {
		t.Errorf("DeliverWebhook = %d, %v; want 403", got, err)
	}
	if len(rec.submitted()) != 0 || s.Pending() != 1 {
		t.Errorf("submitted %v, %d pending; want nothing submitted, 1 pending", rec.submitted(), s.Pending())
	}
}

// TestWebhookAnswersCallbackBesideSubmit: in webhook mode too the press is
// submitted while its answer is on its way, and the delivery ends after
// both.
func TestWebhookAnswersCallbackBesideSubmit(t *testing.T) {
	s := telegramtest.NewServer()
	t.Cleanup(s.Close)
	submitted := make(chan struct{})
	a := farAdapter(t, s, submitted)
	rec := &recorder{fail: func(int, []bot.Update) error {
		close(submitted)
		return nil
	}}
	srv := httptest.NewServer(a.WebhookHandler(rec, testSecret))
	t.Cleanup(srv.Close)
	if err := a.SetWebhook(t.Context(), srv.URL+"/telegram/hook", testSecret); err != nil {
		t.Fatal(err)
	}
	cb := s.PushCallback(42, "p:1")
	got, err := s.DeliverWebhook(waitCtx(t), cb)
	if err != nil || got != http.StatusOK {
		t.Fatalf("delivering the press = %d, %v; want 200", got, err)
	}
	if ans := s.Answered(); !slices.Equal(ans, []string{telegramtest.CallbackID(cb)}) {
		t.Errorf("answered %v by the end of the delivery, want the press", ans)
	}
}
