package telegramtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSetWebhookValidates(t *testing.T) {
	for _, c := range []struct {
		name   string
		form   url.Values
		want   string // "" for success, else the description's start
		stored Webhook
	}{
		{"https with secret", url.Values{"url": {"https://a.example/h"}, "secret_token": {"Ab_9-z"}, "allowed_updates": {`["message"]`}},
			"", Webhook{URL: "https://a.example/h", Secret: "Ab_9-z", AllowedUpdates: `["message"]`, MaxConnections: 40}},
		{"http on loopback", url.Values{"url": {"http://127.0.0.1:9/h"}}, "", Webhook{URL: "http://127.0.0.1:9/h", MaxConnections: 40}},
		{"drop pending", url.Values{"url": {"https://a.example/h"}, "drop_pending_updates": {"true"}},
			"", Webhook{URL: "https://a.example/h", DropPending: true, MaxConnections: 40}},
		{"max connections", url.Values{"url": {"https://a.example/h"}, "max_connections": {"100"}},
			"", Webhook{URL: "https://a.example/h", MaxConnections: 100}},
		{"bad max connections", url.Values{"url": {"https://a.example/h"}, "max_connections": {"101"}}, "Bad Request: bad max_connections", Webhook{}},
		{"empty url removes", url.Values{"url": {""}}, "", Webhook{}},
		{"plain http", url.Values{"url": {"http://a.example/h"}}, "Bad Request: bad webhook", Webhook{}},
		{"no scheme", url.Values{"url": {"a.example/h"}}, "Bad Request: bad webhook", Webhook{}},
		{"bad secret", url.Values{"url": {"https://a.example/h"}, "secret_token": {"a b"}}, "Bad Request: secret token", Webhook{}},
		{"empty secret", url.Values{"url": {"https://a.example/h"}, "secret_token": {""}}, "Bad Request: secret token", Webhook{}},
		{"secret too long", url.Values{"url": {"https://a.example/h"}, "secret_token": {strings.Repeat("a", 257)}}, "Bad Request: secret token", Webhook{}},
		{"bad allowed_updates", url.Values{"url": {"https://a.example/h"}, "allowed_updates": {"message"}}, "Bad Request: can't parse", Webhook{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := NewServer()
			defer s.Close()
			r := call(t, s, "setWebhook", c.form)
			switch {
			case c.want == "" && !r.OK:
				t.Errorf("refused: %d %s", r.ErrorCode, r.Description)
			case c.want != "" && (r.OK || r.ErrorCode != 400 || !strings.HasPrefix(r.Description, c.want)):
				t.Errorf("got ok=%v %d %q, want 400 %q", r.OK, r.ErrorCode, r.Description, c.want)
			}
			if got := s.Webhook(); got != c.stored {
				t.Errorf("webhook = %+v, want %+v", got, c.stored)
			}
		})
	}
}

func TestWebhookBlocksPollingUntilDeleted(t *testing.T) {
	s := NewServer()
	defer s.Close()
	id := s.PushText(42, "one")
	if r := call(t, s, "setWebhook", url.Values{"url": {"https://a.example/h"}, "allowed_updates": {`["message","callback_query"]`}}); !r.OK {
		t.Fatalf("setWebhook: %s", r.Description)
	}
	r := call(t, s, "getUpdates", url.Values{"timeout": {"0"}})
	if r.OK || r.ErrorCode != http.StatusConflict || r.Description != ConflictWebhook {
		t.Errorf("getUpdates with a webhook = ok=%v %d %q, want 409 %q", r.OK, r.ErrorCode, r.Description, ConflictWebhook)
	}
	var info struct {
		URL            string   `json:"url"`
		Pending        int      `json:"pending_update_count"`
		AllowedUpdates []string `json:"allowed_updates"`
	}
	if err := json.Unmarshal(call(t, s, "getWebhookInfo", nil).Result, &info); err != nil {
		t.Fatal(err)
	}
	if info.URL != "https://a.example/h" || info.Pending != 1 || strings.Join(info.AllowedUpdates, ",") != "message,callback_query" {
		t.Errorf("getWebhookInfo = %+v", info)
	}

	if r := call(t, s, "deleteWebhook", url.Values{"drop_pending_updates": {"false"}}); !r.OK {
		t.Fatalf("deleteWebhook: %s", r.Description)
	}
	if got := updateIDs(t, call(t, s, "getUpdates", url.Values{"timeout": {"0"}})); len(got) != 1 || got[0] != id {
		t.Errorf("getUpdates after deleteWebhook = %v, want [%d]", got, id)
	}
	if err := json.Unmarshal(call(t, s, "getWebhookInfo", nil).Result, &info); err != nil || info.URL != "" {
		t.Errorf("getWebhookInfo after delete = %+v, %v", info, err)
	}
}

func TestSetWebhookEndsOpenLongPoll(t *testing.T) {
	s := NewServer()
	defer s.Close()
	done := make(chan reply, 1)
	go func() { done <- call(t, s, "getUpdates", url.Values{"timeout": {"30"}}) }()
	if _, err := s.WaitCalls(waitCtx(t), "getUpdates", 1); err != nil {
		t.Fatal(err)
	}
	call(t, s, "setWebhook", url.Values{"url": {"https://a.example/h"}})
	select {
	case r := <-done:
		if r.ErrorCode != http.StatusConflict {
			t.Errorf("open poll answered %+v, want 409", r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("open long poll not ended by setWebhook")
	}
}

func TestDeleteWebhookDropsPendingOnlyWhenAsked(t *testing.T) {
	for _, drop := range []string{"false", "true"} {
		t.Run("drop="+drop, func(t *testing.T) {
			s := NewServer()
			defer s.Close()
			id := s.PushText(42, "one")
			call(t, s, "setWebhook", url.Values{"url": {"https://a.example/h"}})
			call(t, s, "deleteWebhook", url.Values{"drop_pending_updates": {drop}})
			wantPending, wantConfirmed := 1, 0
			if drop == "true" {
				wantPending, wantConfirmed = 0, id
			}
			if s.Pending() != wantPending || s.Confirmed() != wantConfirmed {
				t.Errorf("pending %d, confirmed %d; want %d, %d", s.Pending(), s.Confirmed(), wantPending, wantConfirmed)
			}
		})
	}
}

// hook records webhook deliveries and answers with the next status.
type hook struct {
	mu       sync.Mutex
	statuses []int
	got      []delivery
}

type delivery struct {
	method, contentType, secret string
	present                     bool
	body                        map[string]any
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	_, present := r.Header[http.CanonicalHeaderKey(SecretHeader)]
	h.mu.Lock()
	h.got = append(h.got, delivery{r.Method, r.Header.Get("Content-Type"), r.Header.Get(SecretHeader), present, body})
	status := 200
	if len(h.statuses) > 0 {
		status, h.statuses = h.statuses[0], h.statuses[1:]
	}
	h.mu.Unlock()
	w.WriteHeader(status)
}

func TestDeliverWebhook(t *testing.T) {
	s := NewServer()
	defer s.Close()
	h := &hook{statuses: []int{500, 200, 403, 200, 200}}
	hs := httptest.NewServer(h)
	defer hs.Close()
	ctx := waitCtx(t)

	a := s.PushText(42, "one")
	if _, err := s.DeliverWebhook(ctx, a); err == nil {
		t.Error("DeliverWebhook without a webhook succeeded")
	}
	call(t, s, "setWebhook", url.Values{"url": {hs.URL + "/h"}, "secret_token": {"sec-1"}})
	if _, err := s.DeliverWebhook(ctx, 99); err == nil {
		t.Error("DeliverWebhook of an update never pushed succeeded")
	}
	b := s.PushCallback(42, "p:1")
	c := s.PushText(7, "three")

	for i, step := range []struct {
		id, want, confirmed, pending int
	}{
		{a, 500, 0, 3}, // failed: kept
		{b, 200, 0, 2}, // out of order: a still holds confirmation back
		{a, 403, 0, 2},
		{a, 200, b, 1},
		{c, 200, c, 0},
	} {
		got, err := s.DeliverWebhook(ctx, step.id)
		if err != nil || got != step.want || s.Confirmed() != step.confirmed || s.Pending() != step.pending {
			t.Errorf("step %d: deliver %d = %d, %v with confirmed %d, pending %d; want %d with %d, %d",
				i, step.id, got, err, s.Confirmed(), s.Pending(), step.want, step.confirmed, step.pending)
		}
	}
	if got, err := s.DeliverWebhook(ctx, a); err != nil || got != 200 {
		t.Errorf("redelivery after confirmation = %d, %v; want 200", got, err)
	}

	h.mu.Lock()
	got := append([]delivery(nil), h.got...)
	h.mu.Unlock()
	if len(got) != 6 {
		t.Fatalf("%d deliveries, want 6", len(got))
	}
	for i, d := range got {
		if d.method != http.MethodPost || d.contentType != "application/json" || d.secret != "sec-1" {
			t.Errorf("delivery %d: %s %s secret %q", i, d.method, d.contentType, d.secret)
		}
	}
	if d := got[1].body; d["update_id"] != float64(b) || d["callback_query"] == nil {
		t.Errorf("delivery of %d = %v, want the pushed callback", b, d)
	}

	// Without a secret_token no header is sent.
	call(t, s, "setWebhook", url.Values{"url": {hs.URL + "/h"}})
	if _, err := s.DeliverWebhook(ctx, c); err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.got[len(h.got)-1].present {
		t.Errorf("secret header sent for a webhook without secret_token")
	}
}

func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}
