package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

// fakeChannel is a bot.Channel that records what it sends. send, when set,
// decides first: an error refuses the message.
type fakeChannel struct {
	name string
	send func(ctx context.Context, chatID string, r bot.Reply) error

	mu   sync.Mutex
	sent []sentReply
}

type sentReply struct {
	chatID string
	reply  bot.Reply
}

var _ bot.Channel = (*fakeChannel)(nil)

func (c *fakeChannel) Name() string { return c.name }

func (c *fakeChannel) Send(ctx context.Context, chatID string, r bot.Reply) error {
	if c.send != nil {
		if err := c.send(ctx, chatID, r); err != nil {
			return err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, sentReply{chatID, r})
	return nil
}

// texts returns the texts sent to each chat, in the order sent.
func (c *fakeChannel) texts() map[string][]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string][]string)
	for _, s := range c.sent {
		out[s.chatID] = append(out[s.chatID], s.reply.Text)
	}
	return out
}

func (c *fakeChannel) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.sent)
}

// waitSent polls until the channel has sent n messages, or fails the test.
func (c *fakeChannel) waitSent(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for c.count() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d messages sent in %s, want %d: %v", c.count(), within, n, c.texts())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// limitedChannel is a fakeChannel with sending limits.
type limitedChannel struct {
	*fakeChannel
	limits bot.Limits
}

func (c limitedChannel) Limits() bot.Limits { return c.limits }

// phoneChannel is a fakeChannel that says whether it renders Phone buttons.
type phoneChannel struct {
	*fakeChannel
	phone bool
}

func (c phoneChannel) RequestsPhone() bool { return c.phone }

// locationChannel renders Location buttons but not Phone buttons.
type locationChannel struct{ *fakeChannel }

func (c locationChannel) RequestsLocation() bool { return true }

// outMsg is a reply text for a chat, to enqueue.
type outMsg struct{ chat, text string }

// enqueue commits replies to the outbox in the order given, in one
// transaction.
func enqueue(t *testing.T, db *storage.DB, channel string, msgs ...outMsg) {
	t.Helper()
	out := make([]bot.OutboxMessage, len(msgs))
	for i, m := range msgs {
		out[i] = outboxMessage(t, channel, m.chat, bot.Reply{Text: m.text})
	}
	if err := db.InTx(context.Background(), func(tx bot.Tx) error { return tx.Enqueue(context.Background(), out) }); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
}

func enqueueReply(t *testing.T, db *storage.DB, channel, chat string, r bot.Reply) {
	t.Helper()
	m := outboxMessage(t, channel, chat, r)
	if err := db.InTx(context.Background(), func(tx bot.Tx) error { return tx.Enqueue(context.Background(), []bot.OutboxMessage{m}) }); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
}

func outboxMessage(t *testing.T, channel, chat string, r bot.Reply) bot.OutboxMessage {
	t.Helper()
	body, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return bot.OutboxMessage{Channel: channel, ChatID: chat, Body: body}
}

// chatMsgs are n numbered messages of a chat: "a1", "a2"...
func chatMsgs(chat string, n int) []outMsg {
	out := make([]outMsg, n)
	for i := range out {
		out[i] = outMsg{chat, fmt.Sprintf("%s%d", chat, i+1)}
	}
	return out
}

func msgTexts(msgs []outMsg) map[string][]string {
	out := make(map[string][]string)
	for _, m := range msgs {
		out[m.chat] = append(out[m.chat], m.text)
	}
	return out
}

// interleave takes one message of each list in turn.
func interleave(lists ...[]outMsg) []outMsg {
	var out []outMsg
	for i := 0; ; i++ {
		n := len(out)
		for _, l := range lists {
			if i < len(l) {
				out = append(out, l[i])
			}
		}
		if len(out) == n {
			return out
		}
	}
}

// outboxRows counts the outbox's rows, due or not, claimed or not.
func outboxRows(t *testing.T, db *storage.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM outbox`).Scan(&n); err != nil {
		t.Fatalf("count outbox rows: %v", err)
	}
	return n
}

// leaseOf waits until a running sender offers a lease, and returns it.
func leaseOf(t *testing.T, s *bot.Sender) bot.Lease {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if l, ok := s.Lease(); ok {
			return l
		}
	}
	t.Fatal("no lease offered: Run has not started")
	return bot.Lease{}
}

// countingOutbox counts the messages its claims return, and the claims
// that returned fewer than asked for.
type countingOutbox struct {
	bot.Outbox
	claimed atomic.Int64
	short   atomic.Int64
}

func (o *countingOutbox) Claim(ctx context.Context, channels []string, owner string, limit int, lease time.Duration, skip []bot.ChatRef) ([]bot.OutboxMessage, error) {
	msgs, err := o.Outbox.Claim(ctx, channels, owner, limit, lease, skip)
	o.claimed.Add(int64(len(msgs)))
	if err == nil && len(msgs) < limit {
		o.short.Add(1)
	}
	return msgs, err
}

// newSender returns a sender logging to the test.
func newSender(t *testing.T, db *storage.DB, cfg bot.SenderConfig, channels ...bot.Channel) *bot.Sender {
	cfg.Outbox, cfg.Channels = db, channels
	if cfg.Log == nil {
		cfg.Log = storagetest.Logger(t)
	}
	return bot.NewSender(cfg)
}

func flush(t *testing.T, s *bot.Sender) {
	t.Helper()
	if err := s.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
}

// forEachOutbox runs fn on a fresh, migrated database of each dialect.
func forEachOutbox(t *testing.T, fn func(t *testing.T, db *storage.DB)) {
	t.Helper()
	for _, d := range storagetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, storagetest.Open(t, d.URL(t)))
		})
	}
}

func TestSenderOrder(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		var many [][]outMsg
		for i := range 30 {
			many = append(many, chatMsgs(fmt.Sprintf("c%02d-", i), 10))
		}
		for _, tc := range []struct {
			name  string
			msgs  []outMsg
			batch int
		}{
			{"one chat", chatMsgs("a", 20), 0},
			{"two chats interleaved", interleave(chatMsgs("a", 10), chatMsgs("b", 10)), 0},
			{"30 chats interleaved", interleave(many...), 0},
			{"30 chats, claimed 7 at a time", interleave(many...), 7},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ch := &fakeChannel{name: "tg", send: func(context.Context, string, bot.Reply) error {
					// Lanes race: a message takes a random little while.
					time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
					return nil
				}}
				enqueue(t, db, "tg", tc.msgs...)
				flush(t, newSender(t, db, bot.SenderConfig{Batch: tc.batch}, ch))
				if got, want := ch.texts(), msgTexts(tc.msgs); !reflect.DeepEqual(got, want) {
					t.Errorf("sent %v, want %v", got, want)
				}
				if n := outboxRows(t, db); n != 0 {
					t.Errorf("%d messages left in the outbox after Flush", n)
				}
			})
		}

		t.Run("chats in parallel", func(t *testing.T) {
			// a's message waits for b's to start: a sender that sent one
			// chat after the other would make it wait in vain.
			bStarted := make(chan struct{})
			var parallel atomic.Bool
			ch := &fakeChannel{name: "tg", send: func(ctx context.Context, chat string, _ bot.Reply) error {
				switch chat {
				case "a":
					select {
					case <-bStarted:
						parallel.Store(true)
					case <-time.After(10 * time.Second):
					}
				case "b":
					close(bStarted)
				}
				return nil
			}}
			enqueue(t, db, "tg", outMsg{"a", "a1"}, outMsg{"b", "b1"})
			flush(t, newSender(t, db, bot.SenderConfig{}, ch))
			if !parallel.Load() {
				t.Error("chat b's message did not start while chat a's was being sent")
			}
			if got, want := ch.texts(), map[string][]string{"a": {"a1"}, "b": {"b1"}}; !reflect.DeepEqual(got, want) {
				t.Errorf("sent %v, want %v", got, want)
			}
		})

		t.Run("other channels left alone", func(t *testing.T) {
			enqueue(t, db, "wa", outMsg{"a", "wa1"})
			enqueue(t, db, "tg", outMsg{"a", "tg1"})
			ch := &fakeChannel{name: "tg"}
			flush(t, newSender(t, db, bot.SenderConfig{}, ch))
			if got, want := ch.texts(), map[string][]string{"a": {"tg1"}}; !reflect.DeepEqual(got, want) {
				t.Errorf("sent %v, want %v", got, want)
			}
			wa := &fakeChannel{name: "wa"}
			flush(t, newSender(t, db, bot.SenderConfig{}, wa))
			if got, want := wa.texts(), map[string][]string{"a": {"wa1"}}; !reflect.DeepEqual(got, want) {
				t.Errorf("sent on wa %v, want %v", got, want)
			}
		})
	})
}

// failing returns a send function that refuses the message with this text
// with err for its first times tries (all of them when times < 0), and
// counts the tries.
func failing(text string, times int, err error, tries *atomic.Int64) func(context.Context, string, bot.Reply) error {
	return func(_ context.Context, _ string, r bot.Reply) error {
		if r.Text != text {
			return nil
		}
		n := tries.Add(1)
		if times < 0 || n <= int64(times) {
			return err
		}
		return nil
	}
}

func TestSenderFailures(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		errFlaky := errors.New("connection reset")
		for _, tc := range []struct {
			name      string
			times     int // how many tries of a2 fail; -1: all
			err       error
			want      []string // sent to a, in order
			wantTries int64    // of a2
			minTook   time.Duration
		}{
			{"retry after", 1, &bot.RetryAfterError{Wait: 50 * time.Millisecond}, []string{"a1", "a2", "a3"}, 2, 0},
			// Waits as long as told (a lower bound only).
			{"retry after a while", 1, &bot.RetryAfterError{Wait: 1500 * time.Millisecond}, []string{"a1", "a2", "a3"}, 2, 1200 * time.Millisecond},
			{"retry after, wrapped", 2, fmt.Errorf("telegram: %w", &bot.RetryAfterError{Wait: 20 * time.Millisecond}), []string{"a1", "a2", "a3"}, 3, 0},
			{"permanent drops the message", -1, bot.ErrPermanent, []string{"a1", "a3"}, 1, 0},
			{"permanent, wrapped", -1, fmt.Errorf("bot blocked by the user: %w", bot.ErrPermanent), []string{"a1", "a3"}, 1, 0},
			{"plain error is retried", 1, errFlaky, []string{"a1", "a2", "a3"}, 2, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Cleanup(func() { drainAll(t, db) })
				var tries atomic.Int64
				ch := &fakeChannel{name: "tg", send: failing("a2", tc.times, tc.err, &tries)}
				enqueue(t, db, "tg", interleave(chatMsgs("a", 3), chatMsgs("b", 3))...)
				start := time.Now()
				flush(t, newSender(t, db, bot.SenderConfig{}, ch))
				if took := time.Since(start); took < tc.minTook {
					t.Errorf("Flush took %s, want at least %s", took, tc.minTook)
				}

				want := map[string][]string{"a": tc.want, "b": {"b1", "b2", "b3"}}
				if got := ch.texts(); !reflect.DeepEqual(got, want) {
					t.Errorf("sent %v, want %v", got, want)
				}
				if n := tries.Load(); n != tc.wantTries {
					t.Errorf("a2 tried %d times, want %d", n, tc.wantTries)
				}
				// Done with: nothing is left to send again, now or later.
				if n := outboxRows(t, db); n != 0 {
					t.Errorf("%d messages left in the outbox", n)
				}
			})
		}
	})
}

// drainAll empties the outbox, due or not.
func drainAll(t *testing.T, db *storage.DB) {
	t.Helper()
	if _, err := db.SQL().ExecContext(context.Background(), `DELETE FROM outbox`); err != nil {
		t.Errorf("empty the outbox: %v", err)
	}
}

func TestSenderReleasesWhatKeepsFailing(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"plain error", errors.New("connection reset")},
		{"rate limited", &bot.RetryAfterError{Wait: 10 * time.Millisecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			forEachOutbox(t, func(t *testing.T, db *storage.DB) {
				ctx := context.Background()
				var down atomic.Bool
				down.Store(true)
				var tries atomic.Int64
				fail := failing("a2", -1, tc.err, &tries)
				ch := &fakeChannel{name: "tg", send: func(ctx context.Context, chat string, r bot.Reply) error {
					if down.Load() {
						return fail(ctx, chat, r)
					}
					return nil
				}}
				s := newSender(t, db, bot.SenderConfig{}, ch)
				enqueue(t, db, "tg", interleave(chatMsgs("a", 3), chatMsgs("b", 2))...)
				flush(t, s)

				// a2 failed, so a3 waits behind it; b went out.
				want := map[string][]string{"a": {"a1"}, "b": {"b1", "b2"}}
				if got := ch.texts(); !reflect.DeepEqual(got, want) {
					t.Fatalf("sent %v, want %v", got, want)
				}
				if n := tries.Load(); n < 1 {
					t.Errorf("a2 tried %d times", n)
				}
				if n := outboxRows(t, db); n != 2 {
					t.Errorf("%d messages in the outbox, want a2 and a3 back", n)
				}
				// Released, not held: yet not due at once, so a failing
				// message does not spin.
				if msgs, err := db.Claim(ctx, []string{"tg"}, "other", 10, time.Minute, nil); err != nil || len(msgs) != 0 {
					t.Errorf("Claim right after the failure = %d messages, %v; want none due yet", len(msgs), err)
				}

				// The channel recovers; the messages become due again and
				// go out, in order.
				down.Store(false)
				deadline := time.Now().Add(30 * time.Second)
				for ch.count() < 5 {
					if time.Now().After(deadline) {
						t.Fatalf("the released messages were not sent again: %v", ch.texts())
					}
					time.Sleep(50 * time.Millisecond)
					flush(t, s)
				}
				want = map[string][]string{"a": {"a1", "a2", "a3"}, "b": {"b1", "b2"}}
				if got := ch.texts(); !reflect.DeepEqual(got, want) {
					t.Errorf("sent %v, want %v", got, want)
				}
				if n := outboxRows(t, db); n != 0 {
					t.Errorf("%d messages left in the outbox", n)
				}
			})
		})
	}
}

func TestSenderOrderAfterFailure(t *testing.T) {
	// A chat's later messages must not overtake one released after a
	// failure, whether they were claimed with it or not.
	for _, tc := range []struct {
		name  string
		batch int
		later bool // a3 is committed after a2 failed
	}{
		{"later message committed after the failure", 0, true},
		{"later message claimed in another batch", 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			forEachOutbox(t, func(t *testing.T, db *storage.DB) {
				var down atomic.Bool
				down.Store(true)
				var tries atomic.Int64
				fail := failing("a2", -1, &bot.RetryAfterError{Wait: 10 * time.Millisecond}, &tries)
				ch := &fakeChannel{name: "tg", send: func(ctx context.Context, chat string, r bot.Reply) error {
					if down.Load() {
						return fail(ctx, chat, r)
					}
					return nil
				}}
				s := newSender(t, db, bot.SenderConfig{Batch: tc.batch}, ch)
				msgs := chatMsgs("a", 3)
				if tc.later {
					enqueue(t, db, "tg", msgs[:2]...)
					flush(t, s)
					enqueue(t, db, "tg", msgs[2])
				} else {
					enqueue(t, db, "tg", msgs...)
				}
				flush(t, s)
				if got := ch.texts()["a"]; !slices.Equal(got, []string{"a1"}) {
					t.Errorf("while a2 waits to be retried, sent %q, want only a1", got)
				}

				down.Store(false)
				deadline := time.Now().Add(30 * time.Second)
				for ch.count() < 3 {
					if time.Now().After(deadline) {
						t.Fatalf("not all sent: %v", ch.texts())
					}
					time.Sleep(50 * time.Millisecond)
					flush(t, s)
				}
				if got := ch.texts()["a"]; !slices.Equal(got, []string{"a1", "a2", "a3"}) {
					t.Errorf("sent %q, want a1, a2, a3", got)
				}
			})
		})
	}
}

func TestSenderMaxAttempts(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		enqueue(t, db, "tg", outMsg{"a", "a1"}, outMsg{"a", "a2"})
		// a1 was claimed by senders that crashed, until it had its attempts.
		for range 3 {
			msgs, err := db.Claim(ctx, []string{"tg"}, "crashed", 1, time.Nanosecond, nil)
			if err != nil || len(msgs) != 1 || msgs[0].ChatID != "a" {
				t.Fatalf("Claim = %v, %v", msgs, err)
			}
			time.Sleep(time.Millisecond) // the lease runs out
		}
		ch := &fakeChannel{name: "tg"}
		flush(t, newSender(t, db, bot.SenderConfig{MaxAttempts: 3}, ch))
		if got, want := ch.texts(), map[string][]string{"a": {"a2"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("sent %v, want %v: a1 undeliverable, dropped", got, want)
		}
		if n := outboxRows(t, db); n != 0 {
			t.Errorf("%d messages left in the outbox", n)
		}
	})
}

func TestSenderRun(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()

		// run starts s.Run and returns a function that cancels it and
		// waits for it to return.
		run := func(t *testing.T, s *bot.Sender, grace time.Duration) (stop func()) {
			runCtx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- s.Run(runCtx, grace) }()
			stopped := false
			stop = func() {
				if stopped {
					return
				}
				stopped = true
				cancel()
				select {
				case err := <-done:
					if err != nil {
						t.Errorf("Run: %v", err)
					}
				case <-time.After(grace + 30*time.Second):
					t.Fatal("Run did not return after its context was cancelled")
				}
			}
			t.Cleanup(stop)
			return stop
		}

		t.Run("notify", func(t *testing.T) {
			t.Cleanup(func() { drainAll(t, db) })
			ch := &fakeChannel{name: "tg"}
			// Neither polls nor lease renewals come in time: only Notify
			// can wake it.
			s := newSender(t, db, bot.SenderConfig{Poll: time.Hour, Lease: time.Hour}, ch)
			enqueue(t, db, "tg", outMsg{"a", "a1"})
			stop := run(t, s, time.Second)
			ch.waitSent(t, 1, 30*time.Second) // at start, Run sends what is due

			for i, m := range []outMsg{{"a", "a2"}, {"b", "b1"}, {"a", "a3"}} {
				enqueue(t, db, "tg", m)
				s.Notify()
				ch.waitSent(t, i+2, 30*time.Second)
			}
			stop()
			if got, want := ch.texts(), map[string][]string{"a": {"a1", "a2", "a3"}, "b": {"b1"}}; !reflect.DeepEqual(got, want) {
				t.Errorf("sent %v, want %v", got, want)
			}
			if n := outboxRows(t, db); n != 0 {
				t.Errorf("%d messages left in the outbox: acknowledgements lost at shutdown", n)
			}
		})

		t.Run("a chat's backlog waits in the outbox", func(t *testing.T) {
			t.Cleanup(func() { drainAll(t, db) })
			release := make(chan struct{})
			ch := &fakeChannel{name: "tg", send: func(ctx context.Context, _ string, _ bot.Reply) error {
				select {
				case <-release:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			}}
			claims := &countingOutbox{Outbox: db}
			// Only the lane itself can wake the sender for the rest.
			s := bot.NewSender(bot.SenderConfig{Outbox: claims, Channels: []bot.Channel{ch}, Poll: time.Hour, Lease: time.Hour,
				Batch: 3, LaneHold: 4, Log: storagetest.Logger(t)})
			msgs := chatMsgs("staff", 40)
			enqueue(t, db, "tg", msgs...)
			run(t, s, time.Second)
			// Claims go on while each fills its batch.
			for deadline := time.Now().Add(30 * time.Second); claims.short.Load() == 0; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the sender kept claiming")
				}
			}
			// Claims of 3 until the lane held 4 or more: at most 6.
			var held int
			if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE claimed_by IS NOT NULL`).Scan(&held); err != nil {
				t.Fatal(err)
			}
			if held < 4 || held > 6 {
				t.Errorf("%d of 40 messages claimed while the first send waits, want 4-6", held)
			}
			close(release)
			ch.waitSent(t, 40, 30*time.Second)
			if got, want := ch.texts(), msgTexts(msgs); !reflect.DeepEqual(got, want) {
				t.Errorf("sent %v, want %v", got, want)
			}
		})

		t.Run("engine commits wake it", func(t *testing.T) {
			t.Cleanup(func() { drainAll(t, db) })
			e := newEnvFrom(t, db)
			ch := &fakeChannel{name: tg}
			s := newSender(t, db, bot.SenderConfig{Poll: time.Hour, Lease: time.Hour}, ch)
			run(t, s, time.Second)
			var mu sync.Mutex
			var queued []bot.OutboxMessage
			eng := e.engine(t, bot.EngineConfig{Committed: s.Notify, Queuing: func(msgs []bot.OutboxMessage) {
				mu.Lock()
				queued = append(queued, msgs...)
				mu.Unlock()
				s.Keep(msgs)
			}})
			submit(t, eng, typed("/start").update("a", 0))
			ch.waitSent(t, 2, 30*time.Second) // the welcome and the menu
			submit(t, eng, pressed("info").update("a", 1))
			ch.waitSent(t, 3, 30*time.Second)
			// The sender sends what it was handed in place of the body: the
			// two must say the same.
			mu.Lock()
			defer mu.Unlock()
			if len(queued) != 3 {
				t.Fatalf("%d messages handed over before the commits, want 3", len(queued))
			}
			for _, m := range queued {
				var body bot.Reply
				if err := json.Unmarshal(m.Body, &body); err != nil {
					t.Fatal(err)
				}
				if m.Reply == nil || !reflect.DeepEqual(*m.Reply, body) {
					t.Errorf("handed over %+v, stored %+v", m.Reply, body)
				}
			}
		})

		t.Run("replies leased as queued go without a claim", func(t *testing.T) {
			t.Cleanup(func() { drainAll(t, db) })
			e := newEnvFrom(t, db)
			ch := &fakeChannel{name: tg}
			claims := &countingOutbox{Outbox: db}
			s := bot.NewSender(bot.SenderConfig{Outbox: claims, Channels: []bot.Channel{ch}, Poll: time.Hour, Lease: time.Hour, Log: storagetest.Logger(t)})
			run(t, s, time.Second)
			leaseOf(t, s)
			var wakes atomic.Int32
			eng := e.engine(t, bot.EngineConfig{
				Committed: func() { wakes.Add(1); s.Notify() },
				Queuing:   s.Keep, Lease: s.Lease, Leased: s.Take,
			})
			// Sent and acknowledged: a reply whose chat still has a row in
			// the outbox is left to a claim, by design.
			acked := func() {
				t.Helper()
				for deadline := time.Now().Add(30 * time.Second); outboxRows(t, db) > 0; time.Sleep(5 * time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatal("sent replies not acknowledged")
					}
				}
			}
			// A chat of its own: the updates of the test before are seen.
			submit(t, eng, typed("/start").update("leased", 0))
			ch.waitSent(t, 2, 30*time.Second) // the welcome and the menu
			acked()
			submit(t, eng, pressed("info").update("leased", 1))
			ch.waitSent(t, 3, 30*time.Second)
			acked()
			// On Postgres the sender is handed them after each commit and
			// neither woken nor claims; SQLite leases nothing.
			leased := db.Dialect() == "postgres"
			if n := claims.claimed.Load(); (n == 0) != leased {
				t.Errorf("%d messages claimed, leased: %v", n, leased)
			}
			if n := wakes.Load(); (n == 0) != leased {
				t.Errorf("sender woken %d times, leased: %v", n, leased)
			}
		})

		t.Run("taken after Run returned, given back", func(t *testing.T) {
			if db.Dialect() != "postgres" {
				t.Skip("SQLite leases nothing (the test above)")
			}
			t.Cleanup(func() { drainAll(t, db) })
			ch := &fakeChannel{name: "tg"}
			s := newSender(t, db, bot.SenderConfig{Poll: time.Hour}, ch)
			stop := run(t, s, time.Second)
			lease := leaseOf(t, s)
			if !lease.Covers("tg") {
				t.Fatalf("Lease() = %+v while running; want one covering tg", lease)
			}
			m := outboxMessage(t, "tg", "a", bot.Reply{Text: "a1"})
			m.Direct = true
			msgs := []bot.OutboxMessage{m}
			if err := db.InTx(ctx, func(tx bot.Tx) error { return tx.EnqueueLeased(ctx, msgs, lease) }); err != nil {
				t.Fatal(err)
			}
			if !msgs[0].Leased {
				t.Fatal("not leased")
			}
			stop()
			if _, ok := s.Lease(); ok {
				t.Error("a lease offered after Run returned")
			}
			s.Take(msgs)
			got, err := db.Claim(ctx, []string{"tg"}, "next-process", 10, time.Minute, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ID != msgs[0].ID {
				t.Errorf("claimable after the late Take: %+v, want message %d", got, msgs[0].ID)
			}
			if n := ch.count(); n != 0 {
				t.Errorf("%d sent after Run returned", n)
			}
		})

		t.Run("due at shutdown is sent within the grace", func(t *testing.T) {
			t.Cleanup(func() { drainAll(t, db) })
			ch := &fakeChannel{name: "tg"}
			s := newSender(t, db, bot.SenderConfig{Poll: time.Hour}, ch)
			enqueue(t, db, "tg", outMsg{"a", "a1"})
			stop := run(t, s, 30*time.Second)
			ch.waitSent(t, 1, 30*time.Second)
			// The last update's replies, committed as the process stops.
			enqueue(t, db, "tg", outMsg{"a", "a2"}, outMsg{"b", "b1"})
			stop()
			if got, want := ch.texts(), map[string][]string{"a": {"a1", "a2"}, "b": {"b1"}}; !reflect.DeepEqual(got, want) {
				t.Errorf("sent %v, want %v", got, want)
			}
		})

		t.Run("shutdown releases what is unsent", func(t *testing.T) {
			t.Cleanup(func() { drainAll(t, db) })
			sending := make(chan struct{}, 10)
			ch := &fakeChannel{name: "tg", send: func(ctx context.Context, chat string, _ bot.Reply) error {
				if chat != "slow" {
					return nil
				}
				// A network that never answers, until the sender gives up.
				sending <- struct{}{}
				<-ctx.Done()
				return ctx.Err()
			}}
			s := newSender(t, db, bot.SenderConfig{Poll: time.Hour}, ch)
			enqueue(t, db, "tg", interleave(chatMsgs("slow", 3), chatMsgs("fast", 2))...)
			stop := run(t, s, 100*time.Millisecond)
			select {
			case <-sending:
			case <-time.After(30 * time.Second):
				t.Fatal("nothing sent to the slow chat")
			}
			ch.waitSent(t, 2, 30*time.Second) // fast1, fast2
			stop()

			// Another process can take the slow chat's messages at once,
			// and only those: the fast chat's were acknowledged.
			msgs, err := db.Claim(ctx, []string{"tg"}, "next-process", 10, time.Minute, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range msgs {
				var r bot.Reply
				if err := json.Unmarshal(m.Body, &r); err != nil {
					t.Fatal(err)
				}
				got = append(got, r.Text)
			}
			if want := []string{"slow1", "slow2", "slow3"}; !slices.Equal(got, want) {
				t.Errorf("claimable after shutdown: %q, want %q", got, want)
			}
		})
	})
}

func TestSenderLimits(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		for _, tc := range []struct {
			name     string
			limits   bot.Limits
			msgs     []outMsg
			oneByOne bool // enqueue and flush each message alone
		}{
			{
				name:   "one chat at 5 a second",
				limits: bot.Limits{Chat: func(string) (float64, int) { return 5, 1 }},
				msgs:   chatMsgs("a", 6),
			},
			{
				name:     "one chat at 5 a second, messages arriving one by one",
				limits:   bot.Limits{Chat: func(string) (float64, int) { return 5, 1 }},
				msgs:     chatMsgs("b", 6),
				oneByOne: true,
			},
			{
				name:   "all chats at 5 a second",
				limits: bot.Limits{PerSecond: 5},
				msgs: func() []outMsg {
					var out []outMsg
					for i := range 10 {
						out = append(out, outMsg{fmt.Sprintf("c%d", i), "hi"})
					}
					return out
				}(),
			},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var mu sync.Mutex
				asked := make(map[string]bool)
				limits := tc.limits
				if limits.Chat != nil {
					chat := limits.Chat
					limits.Chat = func(id string) (float64, int) {
						mu.Lock()
						asked[id] = true
						mu.Unlock()
						return chat(id)
					}
				}
				ch := limitedChannel{&fakeChannel{name: "tg"}, limits}
				s := newSender(t, db, bot.SenderConfig{}, ch)
				start := time.Now()
				if tc.oneByOne {
					for _, m := range tc.msgs {
						enqueue(t, db, "tg", m)
						flush(t, s)
					}
				} else {
					enqueue(t, db, "tg", tc.msgs...)
					flush(t, s)
				}
				took := time.Since(start)
				if got, want := ch.texts(), msgTexts(tc.msgs); !reflect.DeepEqual(got, want) {
					t.Errorf("sent %v, want %v", got, want)
				}
				// 6 messages at 5/s with a burst of 1 (or 10 with a burst
				// of 5) take a second; only a lower bound is measured.
				if took < 800*time.Millisecond {
					t.Errorf("%d messages took %s, want at least about 1s", len(tc.msgs), took)
				}
				if tc.limits.Chat != nil && !asked[tc.msgs[0].chat] {
					t.Errorf("Limits.Chat not asked about chat %q", tc.msgs[0].chat)
				}
			})
		}
	})
}

// TestSenderSharesOverallRate: a channel's overall rate is the bot's, so
// senders of several processes on one outbox split it: beside another
// sender, six messages at 10 a second take a second, not half. The sender
// counts itself in while it runs and leaves when it stops.
func TestSenderSharesOverallRate(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		senders := func() int {
			t.Helper()
			n, err := db.Beat(ctx, "probe", []string{"tg"}, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Leave(ctx, "probe"); err != nil {
				t.Fatal(err)
			}
			return n["tg"] - 1
		}
		if _, err := db.Beat(ctx, "other process", []string{"tg"}, time.Hour); err != nil {
			t.Fatal(err)
		}
		ch := limitedChannel{&fakeChannel{name: "tg"}, bot.Limits{PerSecond: 10}}
		s := newSender(t, db, bot.SenderConfig{Poll: 10 * time.Millisecond}, ch)
		var msgs []outMsg
		for i := range 6 {
			msgs = append(msgs, outMsg{fmt.Sprintf("c%d", i), "hi"})
		}
		enqueue(t, db, "tg", msgs...)

		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		start := time.Now()
		go func() { done <- s.Run(runCtx, time.Second) }()
		ch.waitSent(t, 1, 30*time.Second)
		if n := senders(); n != 2 {
			t.Errorf("%d senders while it runs, want 2 (it and the other process)", n)
		}
		ch.waitSent(t, len(msgs), 30*time.Second)
		// 5 gaps of 2/10 s; alone it would be 5 of 1/10 s.
		if took := time.Since(start); took < 900*time.Millisecond {
			t.Errorf("%d messages took %v beside another sender, want at least 1 s at 10 a second split in two", len(msgs), took)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if n := senders(); n != 1 {
			t.Errorf("%d senders after it stopped, want 1 (the other process)", n)
		}
	})
}

// TestSenderAnswersOverallRate: where the service holds only broadcasts to
// its overall rate (Telegram), answers to many chats go out at once, but
// not once they failed and became backlog; where it holds everything
// (WhatsApp's pace), answers wait their turn too. Twelve at two a second
// take 5.5 s; the bounds leave slack.
func TestSenderAnswersOverallRate(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		for _, tc := range []struct {
			name            string
			exempt, retried bool
			held            bool
		}{
			{name: "exempt", exempt: true},
			{name: "exempt, tried before", exempt: true, retried: true, held: true},
			{name: "not exempt", held: true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ch := limitedChannel{&fakeChannel{name: "tg"}, bot.Limits{PerSecond: 2, AnswersExempt: tc.exempt}}
				s := newSender(t, db, bot.SenderConfig{}, ch)
				want := map[string][]string{}
				for i := range 12 {
					chat, text := fmt.Sprintf("%s-c%d", tc.name, i), fmt.Sprintf("answer %d", i)
					enqueueReply(t, db, "tg", chat, bot.Reply{Text: text, Answer: true})
					want[chat] = []string{text}
				}
				if tc.retried {
					ctx := context.Background()
					msgs, err := db.Claim(ctx, []string{"tg"}, "crashed", 100, time.Minute, nil)
					if err != nil || len(msgs) != 12 {
						t.Fatalf("Claim: %d messages, %v", len(msgs), err)
					}
					ids := make([]int64, len(msgs))
					for i, m := range msgs {
						ids[i] = m.ID
					}
					if err := db.Release(ctx, "crashed", ids, time.Now()); err != nil {
						t.Fatal(err)
					}
				}
				start := time.Now()
				flush(t, s)
				took := time.Since(start)
				if !tc.held && took > 3*time.Second {
					t.Errorf("12 answers to 12 chats took %s: held to the overall rate of 2 a second", took)
				}
				if tc.held && took < 4*time.Second {
					t.Errorf("12 answers to 12 chats took %s: not held to the overall rate of 2 a second", took)
				}
				if got := ch.texts(); !reflect.DeepEqual(got, want) {
					t.Errorf("sent %q, want %q", got, want)
				}
			})
		}
	})
}

func TestSenderPhoneButtons(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		phoneOnly := bot.Reply{Text: "Поделитесь номером", Buttons: [][]bot.Button{{{Label: "📱 Отправить номер", Phone: true}}}}
		mixed := bot.Reply{Text: "Ваш телефон?", Buttons: [][]bot.Button{
			{{Label: "📱 Отправить номер", Phone: true}},
			{{Label: "Оставить прежний", Data: "keep"}, {Label: "Сайт", URL: "https://lete.kz"}},
		}}
		mixedRow := bot.Reply{Text: "Ваш телефон?", Buttons: [][]bot.Button{{{Label: "📱", Phone: true}, {Label: "Назад", Data: "m"}}}}
		plain := bot.Reply{Text: "Привет", Buttons: [][]bot.Button{{{Label: "Меню", Data: "m"}}}}
		after := bot.Reply{Text: "after"}

		for _, tc := range []struct {
			name  string
			phone *bool // nil: the channel lacks RequestsPhone
			in    bot.Reply
			want  []bot.Reply // sent, "after" included
		}{
			{"phone only, channel without phones", nil, phoneOnly, []bot.Reply{after}},
			{"phone only, channel saying no", ptr(false), phoneOnly, []bot.Reply{after}},
			{"phone only, channel with phones", ptr(true), phoneOnly, []bot.Reply{phoneOnly, after}},
			{"phone and data rows, channel without phones", nil, mixed, []bot.Reply{{Text: mixed.Text, Buttons: mixed.Buttons[1:]}, after}},
			{"phone and data rows, channel with phones", ptr(true), mixed, []bot.Reply{mixed, after}},
			{"phone and data in a row, channel without phones", nil, mixedRow, []bot.Reply{{Text: mixedRow.Text, Buttons: [][]bot.Button{{{Label: "Назад", Data: "m"}}}}, after}},
			{"no phone buttons, channel without phones", nil, plain, []bot.Reply{plain, after}},
			{"no phone buttons, channel with phones", ptr(true), plain, []bot.Reply{plain, after}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				fake := &fakeChannel{name: "tg"}
				var ch bot.Channel = fake
				if tc.phone != nil {
					ch = phoneChannel{fake, *tc.phone}
				}
				enqueueReply(t, db, "tg", "a", tc.in)
				enqueueReply(t, db, "tg", "a", after)
				flush(t, newSender(t, db, bot.SenderConfig{}, ch))
				var got []bot.Reply
				for _, s := range fake.sent {
					got = append(got, s.reply)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("sent\n%+v\nwant\n%+v", got, tc.want)
				}
				if n := outboxRows(t, db); n != 0 {
					t.Errorf("%d messages left in the outbox: a skipped reply must be acknowledged", n)
				}
			})
		}
	})
}

// TestSenderLocationButtons: Location buttons are kept only by channels
// that render them, independently of Phone buttons.
func TestSenderLocationButtons(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		locOnly := bot.Reply{Text: "Геолокация?", Buttons: [][]bot.Button{{{Label: "📍", Location: true}}}}
		both := bot.Reply{Text: "?", Buttons: [][]bot.Button{{{Label: "📍", Location: true}}, {{Label: "📱", Phone: true}}, {{Label: "Меню", Data: "m"}}}}
		after := bot.Reply{Text: "after"}
		for _, tc := range []struct {
			name     string
			location bool
			in       bot.Reply
			want     []bot.Reply
		}{
			{"location only, channel without locations", false, locOnly, []bot.Reply{after}},
			{"location only, channel with locations", true, locOnly, []bot.Reply{locOnly, after}},
			{"both kinds, channel with locations only", true, both,
				[]bot.Reply{{Text: "?", Buttons: [][]bot.Button{{{Label: "📍", Location: true}}, {{Label: "Меню", Data: "m"}}}}, after}},
			{"both kinds, channel with neither", false, both, []bot.Reply{{Text: "?", Buttons: [][]bot.Button{{{Label: "Меню", Data: "m"}}}}, after}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				fake := &fakeChannel{name: "tg"}
				var ch bot.Channel = fake
				if tc.location {
					ch = locationChannel{fake}
				}
				enqueueReply(t, db, "tg", "a", tc.in)
				enqueueReply(t, db, "tg", "a", after)
				flush(t, newSender(t, db, bot.SenderConfig{}, ch))
				var got []bot.Reply
				for _, s := range fake.sent {
					got = append(got, s.reply)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("sent\n%+v\nwant\n%+v", got, tc.want)
				}
			})
		}
	})
}

func ptr[T any](v T) *T { return &v }
