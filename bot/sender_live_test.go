package bot_test

import (
	"slices"
	"sync/atomic"
	"testing"

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
