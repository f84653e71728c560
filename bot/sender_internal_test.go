package bot

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// releaseOutbox hands out fixed claims and holds Release until unblocked.
type releaseOutbox struct {
	mu        sync.Mutex
	claims    [][]OutboxMessage
	inRelease chan struct{}
	unblock   chan struct{}
}

func (f *releaseOutbox) Claim(ctx context.Context, ch []string, owner string, limit int, lease time.Duration, skip []ChatRef) ([]OutboxMessage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.claims) == 0 {
		return nil, nil
	}
	m := f.claims[0]
	f.claims = f.claims[1:]
	return m, nil
}
func (f *releaseOutbox) Renew(context.Context, string, []int64, time.Duration) error { return nil }
func (f *releaseOutbox) Ack(context.Context, []int64) error                          { return nil }
func (f *releaseOutbox) Release(ctx context.Context, owner string, ids []int64, at time.Time) error {
	f.inRelease <- struct{}{}
	<-f.unblock
	return nil
}

// failFirst cannot send the text "first".
type failFirst struct {
	mu   sync.Mutex
	sent []string
}

func (c *failFirst) Name() string { return "t" }
func (c *failFirst) Send(ctx context.Context, chat string, r Reply) error {
	if r.Text == "first" {
		return errors.New("network down")
	}
	c.mu.Lock()
	c.sent = append(c.sent, r.Text)
	c.mu.Unlock()
	return nil
}

// TestSenderReleaseKeepsOrder: a message of a chat claimed while the
// chat's failed message is being given back must not overtake it.
func TestSenderReleaseKeepsOrder(t *testing.T) {
	ob := &releaseOutbox{inRelease: make(chan struct{}, 10), unblock: make(chan struct{})}
	ob.claims = [][]OutboxMessage{
		{{ID: 1, Channel: "t", ChatID: "A", Body: []byte(`{"text":"first"}`)}},
		{{ID: 3, Channel: "t", ChatID: "A", Body: []byte(`{"text":"third"}`)}},
	}
	ch := &failFirst{}
	s := NewSender(SenderConfig{Outbox: ob, Channels: []Channel{ch}})
	go func() {
		for range s.acks {
		}
	}()
	ctx := context.Background()
	s.claim(ctx)   // row 1 into a lane; it fails 3 times (~3 s) and is released
	<-ob.inRelease // the lane unlocked s.mu and is in Release
	s.claim(ctx)   // row 3 of the same chat: appended to the still-registered lane
	close(ob.unblock)
	s.waitIdle()
	if len(ch.sent) != 0 {
		t.Errorf("sent while row 1 waits for its retry: %v", ch.sent)
	}
}
