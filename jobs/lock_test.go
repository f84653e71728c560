package jobs

import (
	"bytes"
	"context"
	"errors"
	"github.com/lete-store/letebot/storage/storagetest"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log destination safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newTestLock(t *testing.T, url string, logs *syncBuffer) *Lock {
	t.Helper()
	l, err := NewLock(storagetest.Open(t, url).SQL(), Postgres, WhatsAppLock, "test", slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	l.Retry, l.Check = 50*time.Millisecond, 50*time.Millisecond
	return l
}

func TestLockOneHolder(t *testing.T) {
	url := storagetest.Postgres(t)
	var logs1, logs2 syncBuffer
	first, second := newTestLock(t, url, &logs1), newTestLock(t, url, &logs2) // two processes
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	acquired1, release1, done1 := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done1 <- first.Hold(ctx, func(ctx context.Context) {
			close(acquired1)
			select {
			case <-release1:
			case <-ctx.Done():
			}
		})
	}()
	waitFor(t, acquired1, "first instance takes the lock")

	acquired2, release2, done2 := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done2 <- second.Hold(ctx, func(ctx context.Context) {
			close(acquired2)
			select {
			case <-release2:
			case <-ctx.Done():
			}
		})
	}()
	select {
	case <-acquired2:
		t.Fatal("second instance took the lock while the first held it")
	case <-time.After(500 * time.Millisecond): // about ten attempts
	}
	if n := strings.Count(logs2.String(), "standing by"); n != 1 {
		t.Errorf("second instance logged %q %d times, want once:\n%s", "standing by", n, logs2.String())
	}

	close(release1)
	if err := <-done1; err != nil {
		t.Fatalf("first Hold: %v", err)
	}
	waitFor(t, acquired2, "second instance takes the lock after the first released it")
	close(release2)
	if err := <-done2; err != nil {
		t.Fatalf("second Hold: %v", err)
	}
	if !strings.Contains(logs1.String(), "Lock released") {
		t.Errorf("first instance's log:\n%s", logs1.String())
	}
	// Released for good: a third attempt gets it at once.
	if err := first.Hold(ctx, func(context.Context) {}); err != nil {
		t.Fatalf("Hold after both released: %v", err)
	}
}

func TestLockLost(t *testing.T) {
	url := storagetest.Postgres(t)
	var logs syncBuffer
	l := newTestLock(t, url, &logs)
	admin := storagetest.Open(t, url).SQL()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	err := l.Hold(ctx, func(held context.Context) {
		// Kill the session that holds the lock, as a database restart or
		// a network cut would.
		var killed bool
		err := admin.QueryRowContext(ctx, `
			SELECT pg_terminate_backend(pid) FROM pg_locks
			WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
			  AND classid = ($1::bigint >> 32)::oid AND objid = ($1::bigint & 4294967295)::oid AND objsubid = 1`,
			WhatsAppLock).Scan(&killed)
		if err != nil || !killed {
			t.Errorf("terminate the lock's session: %v, %v", killed, err)
			return
		}
		select {
		case <-held.Done():
		case <-time.After(10 * time.Second):
			t.Error("onAcquired's context still live 10 s after the lock's session died")
		}
	})
	if !errors.Is(err, ErrLockLost) {
		t.Fatalf("Hold: %v, want ErrLockLost", err)
	}
	// The lock is free again for another instance.
	if err := newTestLock(t, url, &logs).Hold(ctx, func(context.Context) {}); err != nil {
		t.Fatalf("Hold after loss: %v", err)
	}
}

func TestLockContextEndsWhileStandingBy(t *testing.T) {
	url := storagetest.Postgres(t)
	var logs syncBuffer
	first, second := newTestLock(t, url, &logs), newTestLock(t, url, &logs)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := first.Hold(ctx, func(context.Context) {
		ctx2, cancel2 := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel2()
		err := second.Hold(ctx2, func(context.Context) { t.Error("second instance got the lock") })
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("second Hold: %v, want context.DeadlineExceeded", err)
		}
	})
	if err != nil {
		t.Fatalf("first Hold: %v", err)
	}
}

func TestLockSQLite(t *testing.T) {
	l, err := NewLock(storagetest.Open(t, storagetest.SQLite(t)).SQL(), SQLite, SchedulerLock, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	ran := false
	if err := l.Hold(context.Background(), func(context.Context) { ran = true }); err != nil || !ran {
		t.Fatalf("Hold: ran %v, %v; want ran, nil", ran, err)
	}
	if _, err := NewLock(nil, "mysql", SchedulerLock, "test", nil); !errors.Is(err, ErrDialect) {
		t.Fatalf("NewLock(mysql): %v, want ErrDialect", err)
	}
}

func waitFor(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out: %s", what)
	}
}

// TestLeadTakesOver: of two replicas' schedulers one runs; when it stops,
// the other takes over.
func TestLeadTakesOver(t *testing.T) {
	url := storagetest.Postgres(t)
	var logs syncBuffer
	first, second := newTestLock(t, url, &logs), newTestLock(t, url, &logs)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	firstCtx, stopFirst := context.WithCancel(ctx)
	running := make(chan string, 2)
	work := func(name string) func(context.Context) error {
		return func(ctx context.Context) error {
			running <- name
			<-ctx.Done()
			return nil
		}
	}
	done1 := make(chan error, 1)
	go func() { done1 <- Lead(firstCtx, first, work("first")) }()
	if got := <-running; got != "first" {
		t.Fatalf("%s runs, want first", got)
	}
	done2 := make(chan error, 1)
	go func() { done2 <- Lead(ctx, second, work("second")) }()
	select {
	case got := <-running:
		t.Fatalf("%s runs beside first", got)
	case <-time.After(300 * time.Millisecond):
	}
	stopFirst()
	if err := <-done1; err != nil {
		t.Fatalf("first Lead: %v", err)
	}
	select {
	case got := <-running:
		if got != "second" {
			t.Fatalf("%s runs, want second", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("second never took over")
	}
	cancel()
	if err := <-done2; err != nil {
		t.Fatalf("second Lead: %v", err)
	}
}
