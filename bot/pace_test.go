package bot

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/time/rate"
)

// TestPace runs chats' lanes through pace on a fake clock, so the times
// are exact: every send counted at the moment pace let it go must keep
// both rates with no slack, and pace must not wait longer than the rates
// need.
func TestPace(t *testing.T) {
	for _, tc := range []struct {
		name        string
		perSecond   float64 // overall; 0: none
		chatRate    float64 // per chat; 0: none
		chatBurst   int
		chats, each int
		within      time.Duration // the last send by then
	}{
		// Bursts to spend and more chats than the overall rate: a lane
		// that booked the channel's turn and then waited for its chat
		// sent beside the next lane's booked turn (31 and 32 in a second
		// at 30/s).
		{name: "both rates bind, as after an outage", perSecond: 30, chatRate: 1, chatBurst: 3, chats: 20, each: 8, within: 6 * time.Second},
		{name: "both rates bind, big bursts", perSecond: 10, chatRate: 1, chatBurst: 4, chats: 6, each: 8, within: 5 * time.Second},
		{name: "the overall rate alone", perSecond: 10, chats: 5, each: 6, within: 3 * time.Second},
		{name: "the chats' rate alone", chatRate: 2, chatBurst: 2, chats: 4, each: 6, within: 2 * time.Second},
		{name: "no rates", chats: 3, each: 50, within: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var overall *spacer
				if tc.perSecond > 0 {
					overall = newSpacer(tc.perSecond)
				}
				start := time.Now()
				var (
					mu  sync.Mutex
					all []time.Time
					per = make([][]time.Time, tc.chats)
				)
				var wg sync.WaitGroup
				for c := range tc.chats {
					var chat *rate.Limiter
					if tc.chatRate > 0 {
						chat = rate.NewLimiter(rate.Limit(tc.chatRate), tc.chatBurst)
					}
					wg.Go(func() {
						for range tc.each {
							if err := pace(t.Context(), overall, chat); err != nil {
								t.Error(err)
								return
							}
							mu.Lock()
							all = append(all, time.Now())
							per[c] = append(per[c], time.Now())
							mu.Unlock()
						}
					})
				}
				wg.Wait()

				if took := time.Since(start); took > tc.within {
					t.Errorf("%d sends took %v, want at most %v", len(all), took, tc.within)
				}
				slices.SortFunc(all, time.Time.Compare)
				if tc.perSecond > 0 {
					if n, at := mostWithin(all, time.Second); n > int(tc.perSecond) {
						t.Errorf("%d sends within 1 s from %v on; the channel allows %v a second", n, at.Sub(start), tc.perSecond)
					}
				}
				if tc.chatRate > 0 {
					for c, ts := range per {
						for i := range ts {
							for j := i + 1; j < len(ts); j++ {
								w := ts[j].Sub(ts[i])
								if n, allowed := j-i+1, tc.chatBurst+int(w.Seconds()*tc.chatRate); n > allowed {
									t.Errorf("chat %d: %d sends within %v; it allows %d", c, n, w, allowed)
								}
							}
						}
					}
				}
			})
		})
	}
}

// TestPaceStops: a lane waiting for either turn stops when its context
// ends, and a waiter that stopped neither keeps the channel's turn nor
// counts as a send: the next one goes a second after the last sent.
func TestPaceStops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		overall := newSpacer(1)
		if err := pace(t.Context(), overall, nil); err != nil {
			t.Fatal(err)
		}
		sent := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		if err := pace(ctx, overall, nil); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("waiting for the channel's turn: %v, want the context's end", err)
		}
		chat := rate.NewLimiter(1, 1)
		chat.Allow()
		if err := pace(ctx, nil, chat); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("waiting for the chat's turn: %v, want the context's end", err)
		}
		if err := pace(t.Context(), overall, nil); err != nil {
			t.Fatal(err)
		}
		if gap := time.Since(sent); gap != time.Second {
			t.Errorf("the next send went %v after the last; want 1s", gap)
		}
	})
}

// mostWithin returns the most of the sorted times in any window [t, t+w),
// and the t of the first such window.
func mostWithin(ts []time.Time, w time.Duration) (most int, at time.Time) {
	for i := range ts {
		j, _ := slices.BinarySearchFunc(ts, ts[i].Add(w), time.Time.Compare)
		if j-i > most {
			most, at = j-i, ts[i]
		}
	}
	return most, at
}

// TestSpacerShare: while n processes share the rate, one lets a send out
// every n/rate.
func TestSpacerShare(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSpacer(10)
		var at []time.Duration
		start := time.Now()
		send := func() {
			if err := s.wait(t.Context()); err != nil {
				t.Fatal(err)
			}
			at = append(at, time.Since(start))
		}
		send()
		send()
		s.share(3)
		send()
		s.share(1)
		send()
		want := []time.Duration{0, 100 * time.Millisecond, 400 * time.Millisecond, 500 * time.Millisecond}
		if !slices.Equal(at, want) {
			t.Errorf("sends at %v, want %v", at, want)
		}
	})
}
