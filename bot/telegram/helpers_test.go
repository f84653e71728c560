package telegram

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

// syncBuffer is a log sink safe for the adapter's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newFake starts a fake Bot API and an adapter connected to it, with short
// backoffs. The returned buffer holds the adapter's logs.
func newFake(t *testing.T) (*telegramtest.Server, *Adapter, *syncBuffer) {
	t.Helper()
	s := telegramtest.NewServer()
	t.Cleanup(s.Close)
	logs := &syncBuffer{}
	a, err := New(t.Context(), Config{
		Token:        telegramtest.Token,
		APIEndpoint:  s.APIEndpoint(),
		FileEndpoint: s.FileEndpoint(),
		PollTimeout:  time.Second,
		Log:          slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	a.backoffMin, a.backoffMax = 5*time.Millisecond, 40*time.Millisecond
	return s, a, logs
}

// runAdapter runs a.Run until the test ends, failing the test if Run does not
// return promptly after cancellation.
func runAdapter(t *testing.T, a *Adapter, h Handler) context.CancelFunc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, h) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v, want nil", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("Run did not return after cancel")
		}
	})
	return cancel
}

// recorder is a Handler that records every Submit and fails as told.
type recorder struct {
	mu      sync.Mutex
	batches [][]bot.Update
	// fail, when set, decides the result of the n-th Submit (from 0).
	fail func(n int, ups []bot.Update) error
}

func (r *recorder) Submit(ctx context.Context, ups ...bot.Update) error {
	r.mu.Lock()
	n := len(r.batches)
	r.batches = append(r.batches, append([]bot.Update(nil), ups...))
	fail := r.fail
	r.mu.Unlock()
	if fail != nil {
		return fail(n, ups)
	}
	return nil
}

func (r *recorder) submitted() [][]bot.Update {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]bot.Update(nil), r.batches...)
}

func keys(ups []bot.Update) string {
	var ks []string
	for _, u := range ups {
		ks = append(ks, u.Key)
	}
	return strings.Join(ks, ",")
}

func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// kind classifies a Send error the way the outbox sender will.
func kind(err error) string {
	var ra *bot.RetryAfterError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &ra):
		return "retry-after " + ra.Wait.String()
	case errors.Is(err, bot.ErrPermanent):
		return "permanent"
	default:
		return "retryable"
	}
}
