package main

// The crash test: 200 customers order at once against the built binary,
// Postgres and the fake Bot API while the bot is killed (SIGKILL) ten times
// at random moments and started again.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

const (
	crashCustomers = 200
	crashKills     = 10
	// crashAckWindow bounds how long before a kill a message may have
	// reached Telegram and still be sent again: the time from the send to
	// its acknowledgement's commit. The Bot API has no idempotency key, so
	// a kill inside that window sends the message twice; nothing can tell
	// the two apart after the crash.
	crashAckWindow = 5 * time.Second
)

// TestE2ECrashes: 200 customers walk the whole order (half pay on the test
// page, half leave the order unpaid) while the bot is killed with SIGKILL
// ten times, each at a random moment 0.5-2.5 s after it became ready,
// and restarted after up to a second; customers go on writing while it is
// down. At the end:
//   - every customer finished, and every update was confirmed;
//   - each chat got exactly its expected messages, in order; a message
//     comes twice only if its first copy reached the fake API within
//     crashAckWindow before a kill (sent, its acknowledgement not yet
//     committed), and such repeats are counted and logged;
//   - every order is in the database once, with its items, status and
//     payment state right, and stock taken once per ordered piece.
func TestE2ECrashes(t *testing.T) {
	// No staff chat: 300 alerts would take a group's 20 a minute a quarter
	// of an hour to drain; the alerts' own crash safety is the outbox's.
	e := newE2E(t, "TELEGRAM_STAFF_CHAT_IDS=", "LOG_LEVEL=info")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	// Enough stock for everyone: the test is about crashes, not sell-outs.
	if _, err := e.db.ExecContext(ctx, `UPDATE variants SET stock = 100000`); err != nil {
		t.Fatal(err)
	}
	var err error
	if e.stock, err = e.variantStock(ctx); err != nil {
		t.Fatal(err)
	}

	cs := make([]*customer, crashCustomers)
	for i := range cs {
		c := customerB()
		if i%2 == 0 {
			c = customerA()
		}
		c.label = fmt.Sprintf("customer %d", i)
		c.chat = 710_000_000 + int64(i)
		cs[i] = c
	}

	var kills killLog
	ctx, fail := context.WithCancelCause(ctx)
	defer fail(nil)
	var killer sync.WaitGroup
	killer.Go(func() {
		rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
		for n := range crashKills {
			bot.Sleep(ctx, 500*time.Millisecond+time.Duration(rng.Int64N(int64(2*time.Second))))
			if err := e.bot.kill(ctx); err != nil {
				fail(fmt.Errorf("kill %d: %w", n+1, err))
				return
			}
			kills.add(time.Now())
			bot.Sleep(ctx, time.Duration(rng.Int64N(int64(time.Second))))
			if err := e.bot.start(ctx); err != nil {
				fail(fmt.Errorf("restart %d: %w", n+1, err))
				return
			}
		}
	})

	errs := make([]error, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() {
			if errs[i] = walkThroughCrashes(ctx, e, c, &kills); errs[i] != nil {
				fail(fmt.Errorf("%s failed", c.label))
			}
		})
	}
	wg.Wait()
	walked := time.Now()
	killer.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if err := context.Cause(ctx); err != nil && !t.Failed() {
		t.Fatal(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	during := 0
	for _, k := range kills.all() {
		if k.Before(walked) {
			during++
		}
	}

	// Nothing left to receive or to send.
	last := 0
	for _, c := range cs {
		last = max(last, slices.Max(c.updates))
	}
	if err := e.fake.WaitConfirmed(ctx, last); err != nil {
		t.Fatal(err)
	}
	if err := until(ctx, "an empty outbox", func() (bool, error) {
		var n int
		err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&n)
		return err == nil && n == 0, err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.bot.stop(ctx); err != nil {
		t.Fatal(err)
	}

	numbers := map[string]*customer{}
	repeats, sent := 0, 0
	for _, c := range cs {
		got := e.fake.Sent(c.chat)
		sent += len(got)
		kept, again, err := dedupe(got, kills.all())
		if err != nil {
			t.Errorf("%s: %v\n%s", c.label, err, transcript(got, c.want))
			continue
		}
		repeats += again
		if err := checkTranscript(kept, c.want); err != nil {
			t.Errorf("%s: %v", c.label, err)
			continue
		}
		for _, msg := range kept {
			if m := orderNumber(textOf(msg)); m != "" {
				if other := numbers[m]; other != nil {
					t.Errorf("%s and %s both got order %s", other.label, c.label, m)
				}
				numbers[m] = c
				break
			}
		}
	}
	e.verifyOrders(ctx, numbers, cs)
	t.Logf("%d customers, %d kills (%d while they were ordering); %d messages sent, %d of them again after a kill (sent just before it, not yet acknowledged)",
		len(cs), len(kills.all()), during, sent, repeats)
}

// walkThroughCrashes plays c's steps as walk does, but the bot may be down
// or may send a message again after a restart: each step waits for its
// answer in the chat's messages with such repeats left out.
func walkThroughCrashes(ctx context.Context, e *e2e, c *customer, kills *killLog) error {
	for _, st := range c.steps {
		switch {
		case st.payWith != "":
			if err := payThroughCrashes(ctx, e, c, kills); err != nil {
				return fmt.Errorf("%s, %s: %w", c.label, st.name, err)
			}
		case st.press != "":
			kept, _, err := dedupe(e.fake.Sent(c.chat), kills.all())
			if err != nil {
				return fmt.Errorf("%s, %s: %w", c.label, st.name, err)
			}
			data, err := pressable(kept, st.press)
			if err != nil {
				return fmt.Errorf("%s, %s: %w", c.label, st.name, err)
			}
			id := e.fake.PushCallback(c.chat, data)
			c.updates, c.callbacks = append(c.updates, id), append(c.callbacks, id)
		default:
			c.updates = append(c.updates, e.fake.PushText(c.chat, st.text))
		}
		c.want = append(c.want, st.want...)
		var kept []telegramtest.Message
		err := until(ctx, fmt.Sprintf("%s's answer to %s", c.label, st.name), func() (bool, error) {
			var err error
			kept, _, err = dedupe(e.fake.Sent(c.chat), kills.all())
			return err == nil && len(kept) >= len(c.want), err
		})
		if err != nil {
			return fmt.Errorf("%w\n%s", err, transcript(kept, c.want))
		}
		if err := checkTranscript(kept, c.want); err != nil {
			return fmt.Errorf("%s, %s: %w", c.label, st.name, err)
		}
	}
	return nil
}

// payThroughCrashes pays on the test page. A payment cut off by a kill is
// made again only once the bot, started again and given time to act on
// stored notifications, shows the order still unpaid: paying twice is what
// a real customer would be warned against too.
func payThroughCrashes(ctx context.Context, e *e2e, c *customer, kills *killLog) error {
	for try := 1; ; try++ {
		kept, _, err := dedupe(e.fake.Sent(c.chat), kills.all())
		if err != nil {
			return err
		}
		err = payOnPage(ctx, kept, "success")
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || try == 5 {
			return fmt.Errorf("paying, try %d: %w", try, err)
		}
		// Wait for a running bot, then for its payment worker's next look.
		if err := until(ctx, "letebot running", func() (bool, error) {
			_, err := e.bot.current()
			return err == nil, err
		}); err != nil {
			return err
		}
		bot.Sleep(ctx, 6*time.Second)
		var status string
		if err := e.db.QueryRowContext(ctx, `SELECT status FROM orders WHERE chat_key = $1`,
			"telegram:"+strconv.FormatInt(c.chat, 10)).Scan(&status); err != nil {
			return err
		}
		if status != "awaiting_payment" {
			return nil // the cut-off payment went through
		}
	}
}

// dedupe leaves out of a chat's messages those sent again after a kill: a
// message equal to one of the chat's last few, whose first copy reached
// the API within crashAckWindow before a kill that came between the two.
// It returns the messages kept and how many were left out; a repeat with
// no such kill is an error (a reply sent twice).
func dedupe(msgs []telegramtest.Message, kills []time.Time) ([]telegramtest.Message, int, error) {
	const lookBack = 8 // replies of one chat in flight at a kill, at most
	var kept []telegramtest.Message
	again := 0
	for _, m := range msgs {
		first := -1
		for i := len(kept) - 1; i >= max(0, len(kept)-lookBack); i-- {
			if sameMessage(kept[i], m) {
				first = i
				break
			}
		}
		if first < 0 {
			kept = append(kept, m)
			continue
		}
		if !slices.ContainsFunc(kills, func(k time.Time) bool {
			return k.After(kept[first].At) && k.Before(m.At) && k.Sub(kept[first].At) <= crashAckWindow
		}) {
			return kept, again, fmt.Errorf("%q was sent twice, %v apart, with no kill just after the first", firstLine(textOf(m)), m.At.Sub(kept[first].At).Round(time.Millisecond))
		}
		again++
	}
	return kept, again, nil
}

func sameMessage(a, b telegramtest.Message) bool {
	return a.Method == b.Method && a.Text == b.Text && a.Caption == b.Caption && a.ReplyMarkup == b.ReplyMarkup &&
		a.Photo == b.Photo && a.Document == b.Document
}

// orderNumber is the number in a chat's "Заказ LT-00042 принят", or "".
func orderNumber(text string) string {
	if m := orderAcceptedRE.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// killLog records when the bot was killed.
type killLog struct {
	mu sync.Mutex
	at []time.Time
}

func (k *killLog) add(t time.Time) {
	k.mu.Lock()
	k.at = append(k.at, t)
	k.mu.Unlock()
}

func (k *killLog) all() []time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.at)
}
