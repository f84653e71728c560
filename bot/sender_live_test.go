package bot_test

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/storage"
)

// liveChannel is a channel that is sometimes down (a WhatsApp connection
// lost, or held by another replica).
type liveChannel struct {
	*fakeChannel
	up atomic.Bool
}

func (c *liveChannel) Live() bool { return c.up.Load() }

// TestSenderWaitsForLiveChannel: a channel that is down has its messages
// left in the outbox, unclaimed and with no attempt spent, while other
// channels deliver; once it is up they go, in order.
func TestSenderWaitsForLiveChannel(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		wa := &liveChannel{fakeChannel: &fakeChannel{name: "wa"}}
		tg := &fakeChannel{name: "tg"}
		s := newSender(t, db, bot.SenderConfig{MaxAttempts: 1}, wa, tg)
		enqueue(t, db, "wa", chatMsgs("7701", 3)...)
		enqueue(t, db, "tg", chatMsgs("42", 2)...)

		// Down for longer than MaxAttempts claims would allow.
		for range 3 {
			flush(t, s)
		}
		if wa.count() != 0 || tg.count() != 2 {
			t.Fatalf("while down: wa sent %d, tg sent %d", wa.count(), tg.count())
		}
		if n := outboxRows(t, db); n != 3 {
			t.Fatalf("outbox holds %d rows, want the 3 waiting", n)
		}

		wa.up.Store(true)
		flush(t, s)
		if got, want := wa.texts()["7701"], msgTexts(chatMsgs("7701", 3))["7701"]; !slices.Equal(got, want) {
			t.Errorf("once up, wa sent %q, want %q", got, want)
		}
		if n := outboxRows(t, db); n != 0 {
			t.Errorf("outbox holds %d rows after delivery", n)
		}
	})
}

// failingAcks is an outbox whose acknowledgements fail a number of times,
// as while the database is away.
type failingAcks struct {
	bot.Outbox
	fails atomic.Int64
}

func (o *failingAcks) Ack(ctx context.Context, ids []int64) error {
	if o.fails.Add(-1) >= 0 {
		return errors.New("database away")
	}
	return o.Outbox.Ack(ctx, ids)
}

// TestSenderAckFails: a message sent whose acknowledgement failed is not
// sent again by the sender, and is acknowledged once the database answers.
func TestSenderAckFails(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		ch := &fakeChannel{name: "tg"}
		out := &failingAcks{Outbox: db}
		out.fails.Store(2)
		s := bot.NewSender(bot.SenderConfig{Outbox: out, Channels: []bot.Channel{ch}, Lease: 300 * time.Millisecond,
			Poll: 20 * time.Millisecond})
		enqueue(t, db, "tg", chatMsgs("42", 3)...)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx, time.Second) }()
		deadline := time.Now().Add(10 * time.Second)
		for outboxRows(t, db) != 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		// Past a lease or two: nothing may go out again.
		time.Sleep(700 * time.Millisecond)
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if n := outboxRows(t, db); n != 0 {
			t.Errorf("outbox holds %d rows: the acknowledgements were not tried again", n)
		}
		if got, want := ch.texts()["42"], msgTexts(chatMsgs("42", 3))["42"]; !slices.Equal(got, want) {
			t.Errorf("sent %q, want %q once each", got, want)
		}
	})
}
