package storage_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/storage"
)

func ids(msgs []bot.OutboxMessage) []int64 {
	out := make([]int64, len(msgs))
	for i, m := range msgs {
		out[i] = m.ID
	}
	return out
}

// texts names each message as channel:chat:text, in the order given.
func texts(t testing.TB, msgs []bot.OutboxMessage) []string {
	t.Helper()
	var out []string
	for _, m := range msgs {
		var r bot.Reply
		if err := json.Unmarshal(m.Body, &r); err != nil {
			t.Fatalf("body %s: %v", m.Body, err)
		}
		out = append(out, m.Channel+":"+m.ChatID+":"+r.Text)
	}
	return out
}

func enqueue(t testing.TB, db *storage.DB, msgs ...bot.OutboxMessage) {
	t.Helper()
	inTx(t, db, func(tx bot.Tx) error { return tx.Enqueue(context.Background(), msgs) })
}

func TestOutbox(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		enqueue(t, db,
			bot.OutboxMessage{Channel: "tg", ChatID: "1", Body: []byte(`{"text":"Сәлем"}`)},
			bot.OutboxMessage{Channel: "wa", ChatID: "77011234567", Body: []byte(`{"text":"wa"}`)},
			bot.OutboxMessage{Channel: "tg", ChatID: "2", Body: []byte(`{"text":"two","buttons":[[{"label":"OK","data":"ok"}]]}`)},
		)
		enqueue(t, db, bot.OutboxMessage{Channel: "tg", ChatID: "3", Body: []byte(`{"text":"later"}`)})
		claim := func(owner string, limit int, lease time.Duration, channels ...string) []bot.OutboxMessage {
			t.Helper()
			msgs, err := db.Claim(ctx, channels, owner, limit, lease, nil)
			if err != nil {
				t.Fatalf("Claim: %v", err)
			}
			return msgs
		}

		// Oldest first, only the channels asked for, up to the limit.
		got := claim("a", 2, time.Minute, "tg")
		if len(got) != 2 || got[0].ChatID != "1" || got[1].ChatID != "2" || got[0].ID >= got[1].ID {
			t.Fatalf("Claim(tg, 2) = %+v, want chats 1 and 2 in order", got)
		}
		for _, m := range got {
			if m.Channel != "tg" || m.Attempts != 1 || !m.CreatedAt.Equal(t0.Truncate(time.Microsecond)) {
				t.Errorf("claimed %+v, want channel tg, 1 attempt, created at t0", m)
			}
		}
		// Byte for byte as queued (key order, no spaces): the sender finds
		// the replies it keeps decoded by these bytes.
		for i, want := range []string{`{"text":"Сәлем"}`, `{"text":"two","buttons":[[{"label":"OK","data":"ok"}]]}`} {
			if string(got[i].Body) != want {
				t.Errorf("claimed body %s, queued %s", got[i].Body, want)
			}
		}
		first := ids(got)

		// Leased rows are skipped by everyone, the owner included.
		rest := claim("b", 10, time.Minute, "tg", "wa")
		if len(rest) != 2 || rest[0].Channel != "wa" || rest[1].ChatID != "3" {
			t.Fatalf("second Claim = %+v, want the wa message and tg:3", rest)
		}
		if got := claim("b", 10, time.Minute, "tg", "wa"); len(got) != 0 {
			t.Fatalf("Claim with everything leased = %+v", got)
		}
		if got := claim("a", 10, time.Minute, "tg"); len(got) != 0 {
			t.Fatalf("owner claims its own leased rows again: %+v", got)
		}
		if got := claim("a", 10, time.Minute); got != nil {
			t.Fatalf("Claim of no channel = %+v", got)
		}

		// a renews its lease at 50s: at 90s b's lapsed, a's holds.
		clk.Add(50 * time.Second)
		if err := db.Renew(ctx, "a", first, time.Minute); err != nil {
			t.Fatal(err)
		}
		// Renewing what one does not hold changes nothing.
		if err := db.Renew(ctx, "x", ids(rest), time.Hour); err != nil {
			t.Fatal(err)
		}
		clk.Add(40 * time.Second)
		again := claim("c", 10, time.Minute, "tg", "wa")
		if !slices.Equal(ids(again), ids(rest)) {
			t.Fatalf("Claim after b's lease = %v, want b's %v", ids(again), ids(rest))
		}
		if again[0].Attempts != 2 {
			t.Errorf("attempts after a second claim = %d, want 2", again[0].Attempts)
		}
		clk.Add(21 * time.Second) // a's renewed lease ended at 110s
		if got := claim("c", 10, time.Minute, "tg"); !slices.Equal(ids(got), first) {
			t.Fatalf("Claim after a's renewed lease = %v, want %v", ids(got), first)
		}

		// Release by a no longer holding them changes nothing; c's release
		// delays them until at.
		if err := db.Release(ctx, "a", first, clk.Now()); err != nil {
			t.Fatal(err)
		}
		if got := claim("d", 10, time.Minute, "tg"); len(got) != 0 {
			t.Fatalf("rows released by a non-owner were claimable: %v", ids(got))
		}
		if err := db.Release(ctx, "c", first, clk.Now().Add(30*time.Second)); err != nil {
			t.Fatal(err)
		}
		if got := claim("d", 10, time.Minute, "tg"); len(got) != 0 {
			t.Fatalf("released rows claimable before their time: %v", ids(got))
		}
		clk.Add(30 * time.Second)
		if got := claim("d", 10, time.Minute, "tg"); !slices.Equal(ids(got), first) {
			t.Fatalf("released rows at their time: %v, want %v", ids(got), first)
		}

		// Ack deletes for good.
		all := append(first, ids(rest)...)
		if err := db.Ack(ctx, all); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Hour)
		if got := claim("e", 10, time.Minute, "tg", "wa"); len(got) != 0 {
			t.Fatalf("acked rows claimed: %v", ids(got))
		}
		for _, f := range []func() error{
			func() error { return db.Ack(ctx, nil) },
			func() error { return db.Renew(ctx, "a", nil, time.Minute) },
			func() error { return db.Release(ctx, "a", nil, clk.Now()) },
		} {
			if err := f(); err != nil {
				t.Errorf("with no ids: %v", err)
			}
		}
	})
}

// TestClaimConcurrently has several senders drain one outbox: every message
// goes to exactly one of them.
func TestClaimConcurrently(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		const n = 300
		msgs := make([]bot.OutboxMessage, n)
		for i := range msgs {
			// A chat each: a chat's later rows wait for its earlier ones,
			// which would let one sender take everything.
			msgs[i] = bot.OutboxMessage{Channel: "tg", ChatID: strconv.Itoa(i), Body: []byte(`{"text":"x"}`)}
		}
		enqueue(t, db, msgs...)

		var (
			mu  sync.Mutex
			got = make(map[int64]string)
			wg  sync.WaitGroup
		)
		for _, owner := range []string{"a", "b", "c", "d", "e", "f"} {
			wg.Go(func() {
				for {
					msgs, err := db.Claim(ctx, []string{"tg"}, owner, 7, time.Hour, nil)
					if err != nil {
						t.Errorf("%s: Claim: %v", owner, err)
						return
					}
					if len(msgs) == 0 {
						return
					}
					mu.Lock()
					for _, m := range msgs {
						if prev, dup := got[m.ID]; dup {
							t.Errorf("message %d claimed by %s and %s", m.ID, prev, owner)
						}
						got[m.ID] = owner
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(got) != n {
			t.Errorf("claimed %d messages, want %d", len(got), n)
		}
	})
}

// TestClaimKeepsChatOrder: a chat's message waits while an earlier one of
// the same chat is to be retried later or is leased to another sender.
func TestClaimKeepsChatOrder(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		msg := func(channel, chat, text string) bot.OutboxMessage {
			return bot.OutboxMessage{Channel: channel, ChatID: chat, Body: []byte(`{"text":"` + text + `"}`)}
		}
		claim := func(owner string, limit int) []bot.OutboxMessage {
			t.Helper()
			msgs, err := db.Claim(ctx, []string{"tg", "wa"}, owner, limit, time.Minute, nil)
			if err != nil {
				t.Fatalf("Claim: %v", err)
			}
			return msgs
		}
		enqueue(t, db, msg("tg", "a", "a1"), msg("tg", "b", "b1"))

		// a1 fails and is released to be retried in 30s.
		a1 := claim("s1", 1)
		if err := db.Release(ctx, "s1", ids(a1), clk.Now().Add(30*time.Second)); err != nil {
			t.Fatal(err)
		}
		enqueue(t, db, msg("tg", "a", "a2"), msg("wa", "a", "wa-a"), msg("tg", "b", "b2"))
		for _, step := range []struct {
			name  string
			owner string
			limit int
			wait  time.Duration // before claiming
			want  []string
		}{
			{"a2 waits behind a1; another chat and channel go", "s2", 10, 0,
				[]string{"tg:b:b1", "wa:a:wa-a", "tg:b:b2"}},
			{"nothing else is due", "s1", 10, 0, nil},
			{"a1 due again: a1 and a2 in order", "s1", 1, 30 * time.Second, []string{"tg:a:a1"}},
			{"a2 waits while another sender holds a1", "s2", 10, 0, nil},
			{"the holder takes a2 behind its a1", "s1", 10, 0, []string{"tg:a:a2"}},
		} {
			clk.Add(step.wait)
			if got := texts(t, claim(step.owner, step.limit)); !slices.Equal(got, step.want) {
				t.Errorf("%s: claimed %q, want %q", step.name, got, step.want)
			}
		}
		enqueue(t, db, msg("tg", "b", "b3"))
		clk.Add(2 * time.Minute) // every lease ends: all come back, each chat in order
		if got, want := texts(t, claim("s3", 10)), []string{"tg:a:a1", "tg:b:b1", "tg:a:a2", "wa:a:wa-a", "tg:b:b2", "tg:b:b3"}; !slices.Equal(got, want) {
			t.Errorf("after the leases: claimed %q, want %q", got, want)
		}
	})
}

// TestClaimKeepsChatsWhole: claimers running at once never split a chat's
// replies between them, so a chat's replies cannot overtake each other
// across senders (replicas).
func TestClaimKeepsChatsWhole(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		const chats, perChat = 60, 4
		var msgs []bot.OutboxMessage
		for r := range perChat {
			for c := range chats {
				msgs = append(msgs, bot.OutboxMessage{Channel: "tg", ChatID: strconv.Itoa(c), Body: []byte(`{"text":"` + strconv.Itoa(r) + `"}`)})
			}
		}
		enqueue(t, db, msgs...)

		var (
			mu     sync.Mutex
			owners = make(map[string]map[string]bool) // chat -> owners
			total  int
			wg     sync.WaitGroup
		)
		for _, owner := range []string{"a", "b", "c", "d", "e", "f"} {
			wg.Go(func() {
				for {
					got, err := db.Claim(ctx, []string{"tg"}, owner, 5, time.Hour, nil)
					if err != nil {
						t.Errorf("%s: Claim: %v", owner, err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, m := range got {
						if owners[m.ChatID] == nil {
							owners[m.ChatID] = map[string]bool{}
						}
						owners[m.ChatID][owner] = true
						total++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if total != chats*perChat {
			t.Errorf("claimed %d messages, want %d", total, chats*perChat)
		}
		for chat, o := range owners {
			if len(o) != 1 {
				t.Errorf("chat %s was split between %v", chat, o)
			}
		}
	})
}

// TestEnqueueLeased: a Direct reply to a chat with nothing else waiting is
// leased as it is queued, so no claim takes it; one behind a waiting
// message, one that is not Direct, and one on a channel the lease does not
// cover are left to a claim, in order. SQLite leases nothing.
func TestEnqueueLeased(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		msg := func(channel, chat, text string, direct bool) bot.OutboxMessage {
			return bot.OutboxMessage{Channel: channel, ChatID: chat, Body: []byte(`{"text":"` + text + `"}`), Direct: direct}
		}
		// "held" has a message waiting already, leased to another sender.
		enqueue(t, db, msg("tg", "held", "held1", false))
		held, err := db.Claim(ctx, []string{"tg"}, "other", 10, time.Hour, nil)
		if err != nil || len(held) != 1 {
			t.Fatalf("Claim = %v, %v; want the held chat's message", held, err)
		}

		msgs := []bot.OutboxMessage{
			msg("tg", "free", "free1", true),
			msg("tg", "held", "held2", true),
			msg("tg", "staff", "alert", false),
			msg("wa", "gone", "wa1", true), // a channel the lease does not cover
			msg("tg", "free", "free2", true),
		}
		lease := bot.Lease{Owner: "me", Until: t0.Add(time.Minute), Channels: []string{"tg"}}
		inTx(t, db, func(tx bot.Tx) error { return tx.EnqueueLeased(ctx, msgs, lease) })

		postgres := db.Dialect() == "postgres"
		for i, m := range msgs {
			wantLeased := postgres && m.ChatID == "free"
			if m.Leased != wantLeased {
				t.Errorf("%s: leased %v, want %v", m.Body, m.Leased, wantLeased)
			}
			if !m.Leased {
				continue
			}
			if m.ID == 0 || m.Attempts != 1 || !m.CreatedAt.Equal(t0.Truncate(time.Microsecond)) {
				t.Errorf("leased %+v, want an id, 1 attempt, queued at t0", m)
			}
			// The id is the row's with this very body.
			var body, owner string
			if err := db.SQL().QueryRowContext(ctx, `SELECT body, claimed_by FROM outbox WHERE id = $1`, m.ID).Scan(&body, &owner); err != nil {
				t.Fatal(err)
			}
			if body != string(msgs[i].Body) || owner != "me" {
				t.Errorf("row %d holds %s for %s, want %s for me", m.ID, body, owner, msgs[i].Body)
			}
		}
		if postgres && msgs[0].ID >= msgs[4].ID {
			t.Errorf("free1 has id %d, free2 %d: a chat's leased replies out of order", msgs[0].ID, msgs[4].ID)
		}

		// A claim takes what was not leased, once the held chat's first
		// message is done; never the leased ones.
		claimed := func() []string {
			t.Helper()
			got, err := db.Claim(ctx, []string{"tg", "wa"}, "claimer", 10, time.Minute, nil)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range got {
				out = append(out, string(m.Body))
			}
			return out
		}
		want := []string{`{"text":"alert"}`, `{"text":"wa1"}`}
		if !postgres {
			want = []string{`{"text":"free1"}`, `{"text":"alert"}`, `{"text":"wa1"}`, `{"text":"free2"}`}
		}
		if got := claimed(); !slices.Equal(got, want) {
			t.Errorf("claimed %s, want %s", got, want)
		}
		if err := db.Ack(ctx, ids(held)); err != nil {
			t.Fatal(err)
		}
		if got, want := claimed(), []string{`{"text":"held2"}`}; !slices.Equal(got, want) {
			t.Errorf("claimed after held1 was sent: %s, want %s", got, want)
		}
	})
}

// TestOutboxTextMigrationDown rolls migration 00011 (the body as text)
// back and applies it again with a message queued: it is still claimed,
// whole.
func TestOutboxTextMigrationDown(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		body := []byte(`{"text":"Сәлем","buttons":[[{"label":"OK","data":"ok"}]]}`)
		enqueue(t, db, bot.OutboxMessage{Channel: "tg", ChatID: "1", Body: body})
		migrateDownTo(t, db, 10)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("migrate again: %v", err)
		}
		got, err := db.Claim(ctx, []string{"tg"}, "a", 10, time.Minute, nil)
		if err != nil || len(got) != 1 {
			t.Fatalf("Claim = %+v, %v; want the message", got, err)
		}
		sameJSON(t, got[0].Body, body)
	})
}

// TestClaimSkips: the chats a claimer says it holds enough of are left
// out, on both channels, and claimed again once it stops saying so.
func TestClaimSkips(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		enqueue(t, db,
			bot.OutboxMessage{Channel: "tg", ChatID: "staff", Body: []byte(`{"text":"s1"}`)},
			bot.OutboxMessage{Channel: "tg", ChatID: "1", Body: []byte(`{"text":"c1"}`)},
			bot.OutboxMessage{Channel: "wa", ChatID: "staff", Body: []byte(`{"text":"w1"}`)},
			bot.OutboxMessage{Channel: "tg", ChatID: "staff", Body: []byte(`{"text":"s2"}`)},
			bot.OutboxMessage{Channel: "tg", ChatID: "2", Body: []byte(`{"text":"c2"}`)},
		)
		claim := func(skip ...bot.ChatRef) []string {
			t.Helper()
			msgs, err := db.Claim(ctx, []string{"tg", "wa"}, "a", 10, time.Minute, skip)
			if err != nil {
				t.Fatalf("Claim: %v", err)
			}
			return texts(t, msgs)
		}
		// A chat is its channel and id: tg's staff chat is skipped, wa's is not.
		if got, want := claim(bot.ChatRef{Channel: "tg", ChatID: "staff"}, bot.ChatRef{Channel: "tg", ChatID: "2"}), []string{"tg:1:c1", "wa:staff:w1"}; !slices.Equal(got, want) {
			t.Errorf("claimed %q skipping tg:staff and tg:2, want %q", got, want)
		}
		if got, want := claim(), []string{"tg:staff:s1", "tg:staff:s2", "tg:2:c2"}; !slices.Equal(got, want) {
			t.Errorf("claimed %q skipping nothing, want %q", got, want)
		}
	})
}
