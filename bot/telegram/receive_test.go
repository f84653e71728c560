package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

func TestRunSubmitsThenConfirms(t *testing.T) {
	s, a, _ := newFake(t)
	s.SetLanguage("ru")
	id1 := s.PushText(42, "/start")
	id2 := s.PushText(-100500, "/orders")
	id3 := s.PushUpdate(`{"edited_message":{"message_id":1,"date":1,"edit_date":2,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"A"},"text":"x"}}`)

	var confirmedAtSubmit []int
	rec := &recorder{fail: func(int, []bot.Update) error {
		confirmedAtSubmit = append(confirmedAtSubmit, s.Confirmed())
		return nil
	}}
	runAdapter(t, a, rec)
	if err := s.WaitConfirmed(waitCtx(t), id3); err != nil {
		t.Fatal(err)
	}

	got := rec.submitted()
	want := [][]bot.Update{{
		{Key: fmt.Sprint("tg:", id1), Channel: "telegram", ChatID: "42", UserID: "42", UserName: "Customer", Text: "/start", LangHint: "ru"},
		{Key: fmt.Sprint("tg:", id2), Channel: "telegram", ChatID: "-100500", UserID: fmt.Sprint(telegramtest.GroupUserID), UserName: "Customer", Text: "/orders", LangHint: "ru", Group: true},
	}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("submitted %+v, want %+v", got, want)
	}
	if !slices.Equal(confirmedAtSubmit, []int{0}) {
		t.Errorf("confirmed at Submit time = %v, want [0]: updates confirmed before they were committed", confirmedAtSubmit)
	}

	calls := s.Calls("getUpdates")
	first := calls[0].Params
	if first.Has("offset") || first.Get("limit") != "100" || first.Get("timeout") != "1" ||
		first.Get("allowed_updates") != `["message","callback_query"]` {
		t.Errorf("first getUpdates params = %v", first)
	}
	if off := calls[1].Params.Get("offset"); off != fmt.Sprint(id3+1) {
		t.Errorf("second getUpdates offset = %q, want %d", off, id3+1)
	}
}

func TestRunRefetchesAfterSubmitError(t *testing.T) {
	s, a, logs := newFake(t)
	a.backoffMin, a.backoffMax = 100*time.Millisecond, time.Second
	id := s.PushText(42, "hello")
	var confirmedAtSubmit []int
	var at []time.Time
	rec := &recorder{fail: func(n int, _ []bot.Update) error {
		confirmedAtSubmit = append(confirmedAtSubmit, s.Confirmed())
		at = append(at, time.Now())
		if n < 2 {
			return errors.New("database down")
		}
		return nil
	}}
	runAdapter(t, a, rec)
	if err := s.WaitConfirmed(waitCtx(t), id); err != nil {
		t.Fatal(err)
	}

	got := rec.submitted()
	if len(got) != 3 {
		t.Fatalf("Submit called %d times, want 3 (two failures, one success)", len(got))
	}
	for i, b := range got {
		if keys(b) != fmt.Sprint("tg:", id) {
			t.Errorf("submission %d = %s, want the same update again", i, keys(b))
		}
	}
	if !slices.Equal(confirmedAtSubmit, []int{0, 0, 0}) {
		t.Errorf("confirmed at Submit time = %v, want [0 0 0]", confirmedAtSubmit)
	}
	var offsets []string
	for _, c := range s.Calls("getUpdates")[:4] {
		offsets = append(offsets, c.Params.Get("offset"))
	}
	if want := []string{"", "", "", fmt.Sprint(id + 1)}; !slices.Equal(offsets, want) {
		t.Errorf("getUpdates offsets = %q, want %q (old offset until Submit succeeds)", offsets, want)
	}
	// Backoff doubles from backoffMin; sleeps are never shorter than asked.
	if d1, d2 := at[1].Sub(at[0]), at[2].Sub(at[1]); d1 < 100*time.Millisecond || d2 < 200*time.Millisecond {
		t.Errorf("resubmitted after %s then %s, want at least 100ms then 200ms", d1, d2)
	}
	if !strings.Contains(logs.String(), "not committed") {
		t.Errorf("Submit failure not logged:\n%s", logs)
	}
}

// TestRunAnswersCallbacksBesideSubmit: the answer that stops a button's
// spinner is a round trip to Telegram, far from the shop; it goes while the
// press is handled, never before it, and once even when the batch is
// submitted again.
func TestRunAnswersCallbacksBesideSubmit(t *testing.T) {
	s := telegramtest.NewServer()
	t.Cleanup(s.Close)
	submitted := make(chan struct{})
	a := farAdapter(t, s, submitted)

	id := s.PushCallback(42, "p:12")
	qid := telegramtest.CallbackID(id)
	rec := &recorder{fail: func(n int, _ []bot.Update) error {
		if n == 0 {
			close(submitted)
			return errors.New("try again")
		}
		return nil
	}}
	runAdapter(t, a, rec)
	if err := s.WaitConfirmed(waitCtx(t), id); err != nil {
		t.Fatal(err)
	}

	got := rec.submitted()
	if len(got) != 2 || len(got[1]) != 1 || got[1][0].Data != "p:12" || got[1][0].ChatID != "42" {
		t.Errorf("submitted %+v, want the button press twice", got)
	}
	calls := s.Calls("answerCallbackQuery")
	if len(calls) != 1 || calls[0].Params.Get("callback_query_id") != qid || calls[0].Params.Has("text") {
		t.Errorf("answerCallbackQuery calls = %+v, want one for %s without text", calls, qid)
	}
}

// farAdapter is an adapter whose Telegram holds every answerCallbackQuery
// until answer is closed: a loop that waited for the answer before it
// submitted the press would never submit it.
func farAdapter(t *testing.T, s *telegramtest.Server, answer <-chan struct{}) *Adapter {
	t.Helper()
	api, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(api)
	far := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/answerCallbackQuery") {
			select {
			case <-answer:
			case <-r.Context().Done():
				return
			}
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(far.Close)
	a, err := New(t.Context(), Config{
		Token: telegramtest.Token, APIEndpoint: far.URL + "/bot%s/%s", FileEndpoint: s.FileEndpoint(),
		PollTimeout: time.Second, Log: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	a.backoffMin, a.backoffMax = 5*time.Millisecond, 40*time.Millisecond
	return a
}

func TestRunCallbackAnswerFailureIsNotFatal(t *testing.T) {
	s, a, _ := newFake(t)
	s.Fail("answerCallbackQuery", telegramtest.Failure{Code: 400, Description: "Bad Request: query is too old"})
	id := s.PushCallback(42, "p:1")
	rec := &recorder{}
	runAdapter(t, a, rec)
	if err := s.WaitConfirmed(waitCtx(t), id); err != nil {
		t.Fatal(err)
	}
	if got := rec.submitted(); len(got) != 1 || got[0][0].Data != "p:1" {
		t.Errorf("submitted %+v, want the press despite the failed answer", got)
	}
}

func TestRunSkipsButConfirmsOtherUpdates(t *testing.T) {
	s, a, _ := newFake(t)
	skipped := []int{
		s.PushUpdate(`{"my_chat_member":{"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"A"},"date":1,"old_chat_member":{"status":"member","user":{"id":1,"first_name":"B"}},"new_chat_member":{"status":"kicked","user":{"id":1,"first_name":"B"}}}}`),
		// message_id of the wrong type: the library cannot decode it at all.
		s.PushUpdate(`{"message":{"message_id":"seven","date":1,"chat":{"id":42,"type":"private"},"text":"x"}}`),
	}
	rec := &recorder{}
	runAdapter(t, a, rec)
	if err := s.WaitConfirmed(waitCtx(t), skipped[1]); err != nil {
		t.Fatal(err)
	}
	id := s.PushText(42, "after")
	if err := s.WaitConfirmed(waitCtx(t), id); err != nil {
		t.Fatal(err)
	}
	got := rec.submitted()
	if len(got) != 1 || keys(got[0]) != fmt.Sprint("tg:", id) {
		t.Errorf("submitted %v, want only the text update", got)
	}
}

func TestRunBacksOffOnPollErrors(t *testing.T) {
	s, a, logs := newFake(t)
	a.backoffMin, a.backoffMax = 50*time.Millisecond, time.Second
	s.Fail("getUpdates", telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
	s.Fail("getUpdates", telegramtest.Failure{Code: 502, Body: "<html>Bad Gateway</html>"})
	s.Fail("getUpdates", telegramtest.Failure{Code: 409, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})
	id := s.PushText(42, "hi")
	rec := &recorder{}
	start := time.Now()
	runAdapter(t, a, rec)
	if err := s.WaitConfirmed(waitCtx(t), id); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 350*time.Millisecond {
		t.Errorf("three failed polls took %s, want backoff of at least 50+100+200ms", d)
	}
	if got := rec.submitted(); len(got) != 1 {
		t.Errorf("submitted %d batches, want 1", len(got))
	}
	out := logs.String()
	if !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "webhook is set") {
		t.Errorf("409 not logged as an error naming the webhook:\n%s", out)
	}
	if strings.Count(out, "Telegram getUpdates failed") != 2 {
		t.Errorf("want two logged poll failures:\n%s", out)
	}
	if strings.Contains(out, telegramtest.Token) {
		t.Errorf("logs contain the token:\n%s", out)
	}
}

func TestRunHonoursRetryAfterOnPoll(t *testing.T) {
	s, a, _ := newFake(t)
	s.Fail("getUpdates", telegramtest.Failure{Code: 429, Description: "Too Many Requests: retry after 1", RetryAfter: 1})
	id := s.PushText(42, "hi")
	start := time.Now()
	runAdapter(t, a, &recorder{})
	if err := s.WaitConfirmed(waitCtx(t), id); err != nil {
		t.Fatal(err)
	}
	// The configured backoff is 5 ms; only retry_after explains a 1 s wait.
	if d := time.Since(start); d < time.Second {
		t.Errorf("polled again after %s, want at least retry_after (1s)", d)
	}
}

func TestNextBackoff(t *testing.T) {
	d := time.Second
	var got []time.Duration
	for range 7 {
		got = append(got, d)
		d = nextBackoff(d, 30*time.Second)
	}
	want := []time.Duration{1, 2, 4, 8, 16, 30, 30}
	for i := range want {
		want[i] *= time.Second
	}
	if !slices.Equal(got, want) {
		t.Errorf("backoff sequence %v, want %v", got, want)
	}
}

func TestRunReturnsPromptlyDuringLongPoll(t *testing.T) {
	s, a, _ := newFake(t)
	a.pollTimeout = 30 * time.Second
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, &recorder{}) }()
	if _, err := s.WaitCalls(waitCtx(t), "getUpdates", 1); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // let the poll settle on the server
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run still waiting on the 30 s long poll after cancel")
	}
}

func TestRunCancelledDuringSubmitDoesNotConfirm(t *testing.T) {
	s, a, _ := newFake(t)
	id := s.PushText(42, "hi")
	entered := make(chan struct{})
	h := handlerFunc(func(ctx context.Context, _ ...bot.Update) error {
		close(entered)
		<-ctx.Done()
		return ctx.Err()
	})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, h) }()
	select {
	case <-entered:
	case <-time.After(5 * time.Second):
		t.Fatal("Submit not called")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return")
	}
	if c := s.Confirmed(); c >= id {
		t.Errorf("update %d confirmed though Submit never succeeded", id)
	}
	if n := len(s.Calls("getUpdates")); n != 1 {
		t.Errorf("getUpdates called %d times, want 1 (no fetch after cancel)", n)
	}
}

type handlerFunc func(ctx context.Context, ups ...bot.Update) error

func (f handlerFunc) Submit(ctx context.Context, ups ...bot.Update) error { return f(ctx, ups...) }

// TestReady: the adapter is ready from New on, turns not ready once
// getUpdates keeps failing, and ready again with the next answer.
func TestReady(t *testing.T) {
	s, a, _ := newFake(t)
	a.notReadyAfter = 50 * time.Millisecond
	if err := a.Ready(); err != nil {
		t.Fatalf("a new adapter: %v", err)
	}
	for range 20 {
		s.Fail("getUpdates", telegramtest.Failure{Code: 502, Body: "<html>Bad Gateway</html>"})
	}
	runAdapter(t, a, &recorder{})
	ctx := waitCtx(t)
	for a.Ready() == nil {
		if ctx.Err() != nil {
			t.Fatal("still ready while getUpdates fails")
		}
		time.Sleep(5 * time.Millisecond)
	}
	id := s.PushText(42, "hi")
	if err := s.WaitConfirmed(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := a.Ready(); err != nil {
		t.Errorf("after getUpdates answered again: %v", err)
	}
}
