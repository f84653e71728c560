package bot

import (
	"context"
	"math"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// A service counts a sender's messages as they reach it. A token bucket's
// Wait books each waiter a moment in advance; a waiter that then waits for
// its chat, or wakes late on a busy machine, sends beside the one booked
// after it, and the service sees more than the rate within a second. So a
// channel's overall rate is kept by a spacer, timed when each send is let
// out, and a chat's turn is taken at that same moment (pace).

// spacer lets sends out one at a time, each at least a gap after the one
// before it was let out: 1/rate, or n/rate while n processes share the
// rate.
type spacer struct {
	turn      chan struct{} // held by the waiter whose turn is next
	perSecond float64
	gap       atomic.Int64 // a time.Duration
	last      time.Time    // when the last send was let out; guarded by turn
}

func newSpacer(perSecond float64) *spacer {
	s := &spacer{turn: make(chan struct{}, 1), perSecond: perSecond}
	s.share(1)
	return s
}

// share leaves this process 1/n of the rate: n processes send on the
// channel.
func (s *spacer) share(n int) {
	// Rounded up: 30 gaps of 1/30 s rounded down span less than a second
	// and would let 31 sends into one.
	s.gap.Store(int64(math.Ceil(float64(max(n, 1)) * float64(time.Second) / s.perSecond)))
}

// wait returns when a send may go now, counting it as gone. Waiters go in
// the order they came (a channel's blocked senders queue in order).
func (s *spacer) wait(ctx context.Context) error {
	select {
	case s.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.turn }()
	for {
		now := time.Now()
		d := s.last.Add(time.Duration(s.gap.Load())).Sub(now)
		if d <= 0 {
			s.last = now
			return nil
		}
		if !Sleep(ctx, d) {
			return ctx.Err()
		}
	}
}

// pace returns when one more message may go now to a chat whose own rate
// is chat (nil: none) on a channel whose overall rate is overall (nil:
// none), and takes both turns. Only the chat's lane takes the chat's
// turns, so its turn is waited for first without taking it: a channel's
// turn is then never spent on a send still waiting for its chat.
func pace(ctx context.Context, overall *spacer, chat *rate.Limiter) error {
	for {
		if chat != nil {
			if d := untilToken(chat, time.Now()); d > 0 {
				if !Sleep(ctx, d) {
					return ctx.Err()
				}
				continue
			}
		}
		if overall != nil {
			if err := overall.wait(ctx); err != nil {
				return err
			}
		}
		// The chat's tokens only grew since it was ready, so this holds;
		// were it not to, the channel's turn goes unused, never doubled.
		if chat == nil || chat.AllowN(time.Now(), 1) {
			return nil
		}
	}
}

// untilToken is how long from now until l has a whole token.
func untilToken(l *rate.Limiter, now time.Time) time.Duration {
	missing := 1 - l.TokensAt(now)
	if missing <= 0 {
		return 0
	}
	return time.Duration(math.Ceil(missing / float64(l.Limit()) * float64(time.Second)))
}
