package jobs

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

func TestSchedulerRunsAndStops(t *testing.T) {
	var runs, fails atomic.Int32
	ran := make(chan struct{}, 10)
	s := New(time.UTC, slog.New(slog.DiscardHandler),
		Job{Name: "count", Spec: "@every 1s", Run: func(ctx context.Context) error {
			runs.Add(1)
			ran <- struct{}{}
			return nil
		}},
		Job{Name: "fail", Spec: "@every 1s", Run: func(ctx context.Context) error {
			fails.Add(1)
			return errors.New("boom")
		}},
	)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	select {
	case <-ran:
	case <-time.After(10 * time.Second):
		t.Fatal("job never ran")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if runs.Load() == 0 {
		t.Error("no runs counted")
	}
}

func TestBadSpec(t *testing.T) {
	s := New(time.UTC, slog.New(slog.DiscardHandler), Job{Name: "bad", Spec: "every now and then", Run: func(context.Context) error { return nil }})
	if err := s.Run(context.Background()); err == nil {
		t.Fatal("bad spec accepted")
	}
}
