package storage_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

// almaty is a zone away from UTC, so a test notices a time stored or
// returned in the caller's zone.
var almaty = time.FixedZone("Asia/Almaty", 5*60*60)

// odd is t0 plus d, with nanoseconds below a microsecond and in almaty: what
// storage must bring to UTC microseconds.
func odd(d time.Duration) time.Time { return t0.Add(d + 321*time.Nanosecond).In(almaty) }

// stored is a time as storage keeps it: UTC, microseconds.
func stored(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func openHandoff(t testing.TB, db *storage.DB, chat string, lang shop.Lang, now time.Time) (shop.Handoff, bool) {
	t.Helper()
	var h shop.Handoff
	var opened bool
	withFlows(t, db, func(st flows.Store) error {
		var err error
		h, opened, err = st.OpenHandoff(context.Background(), chat, lang, now)
		return err
	})
	return h, opened
}

func getHandoff(t testing.TB, db *storage.DB, id int64) shop.Handoff {
	t.Helper()
	var h shop.Handoff
	withFlows(t, db, func(st flows.Store) error {
		var err error
		h, err = st.GetHandoff(context.Background(), id)
		return err
	})
	return h
}

func touchHandoff(t testing.TB, db *storage.DB, id int64, now time.Time) {
	t.Helper()
	withFlows(t, db, func(st flows.Store) error { return st.TouchHandoff(context.Background(), id, now) })
}

func closeHandoff(t testing.TB, db *storage.DB, id int64, by string, now time.Time) bool {
	t.Helper()
	var closed bool
	withFlows(t, db, func(st flows.Store) error {
		var err error
		closed, err = st.CloseHandoff(context.Background(), id, by, now)
		return err
	})
	return closed
}

// sameHandoff fails unless got is want, with times in UTC.
func sameHandoff(t testing.TB, what string, got, want shop.Handoff) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s =\n%+v\nwant\n%+v", what, got, want)
	}
	for name, tm := range map[string]time.Time{"OpenedAt": got.OpenedAt, "LastAt": got.LastAt, "ClosedAt": got.ClosedAt} {
		if !tm.IsZero() && tm.Location() != time.UTC {
			t.Errorf("%s: %s is in %v, want UTC", what, name, tm.Location())
		}
		if tm.Nanosecond()%1000 != 0 {
			t.Errorf("%s: %s has nanoseconds: %v", what, name, tm)
		}
	}
}

func handoffIDs(hs []shop.Handoff) []int64 {
	var out []int64
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

func TestOpenHandoff(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		at := odd(0)
		h, opened := openHandoff(t, db, "tg:1", shop.Russian, at)
		if !opened {
			t.Fatal("first open: opened = false, want true")
		}
		if h.ID <= 0 {
			t.Fatalf("first open: ID = %d", h.ID)
		}
		want := shop.Handoff{ID: h.ID, ChatKey: "tg:1", Lang: shop.Russian, OpenedAt: stored(at), LastAt: stored(at)}
		sameHandoff(t, "OpenHandoff", h, want)
		sameHandoff(t, "GetHandoff after open", getHandoff(t, db, h.ID), want)

		// Open again while open: the same handoff, untouched, even in
		// another language and later.
		again, opened := openHandoff(t, db, "tg:1", shop.Kazakh, odd(5*time.Minute))
		if opened {
			t.Error("open while open: opened = true, want false")
		}
		sameHandoff(t, "OpenHandoff while open", again, want)
		sameHandoff(t, "GetHandoff after second open", getHandoff(t, db, h.ID), want)

		// Another chat has its own.
		other, opened := openHandoff(t, db, "wa:77773366100", shop.Kazakh, odd(time.Minute))
		if !opened || other.ID == h.ID {
			t.Errorf("other chat: opened %v, ID %d (first %d); want a new handoff", opened, other.ID, h.ID)
		}
		sameHandoff(t, "other chat", other, shop.Handoff{ID: other.ID, ChatKey: "wa:77773366100", Lang: shop.Kazakh,
			OpenedAt: stored(odd(time.Minute)), LastAt: stored(odd(time.Minute))})

		// After closing, the next open is a new handoff; the old one stays.
		if !closeHandoff(t, db, h.ID, "customer", odd(10*time.Minute)) {
			t.Fatal("close: closed = false")
		}
		next, opened := openHandoff(t, db, "tg:1", shop.Kazakh, odd(20*time.Minute))
		if !opened {
			t.Error("open after close: opened = false, want true")
		}
		if next.ID == h.ID || next.ID == other.ID {
			t.Errorf("open after close: ID %d reuses an earlier one (%d, %d)", next.ID, h.ID, other.ID)
		}
		sameHandoff(t, "open after close", next, shop.Handoff{ID: next.ID, ChatKey: "tg:1", Lang: shop.Kazakh,
			OpenedAt: stored(odd(20 * time.Minute)), LastAt: stored(odd(20 * time.Minute))})
		sameHandoff(t, "GetHandoff of the new one", getHandoff(t, db, next.ID), next)
		old := want
		old.ClosedAt, old.ClosedBy = stored(odd(10*time.Minute)), "customer"
		sameHandoff(t, "GetHandoff of the closed one", getHandoff(t, db, h.ID), old)
		again, opened = openHandoff(t, db, "tg:1", shop.Russian, odd(30*time.Minute))
		if opened || again.ID != next.ID {
			t.Errorf("open again: opened %v, ID %d; want the open %d", opened, again.ID, next.ID)
		}
	})
}

func TestOpenHandoffRolledBack(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		var id int64
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx bot.Tx) error {
			h, opened, err := tx.Flows().OpenHandoff(ctx, "tg:1", shop.Russian, odd(0))
			if err != nil || !opened {
				t.Errorf("OpenHandoff: opened %v, %v", opened, err)
			}
			id = h.ID
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v, want boom", err)
		}
		withFlows(t, db, func(st flows.Store) error {
			if _, err := st.GetHandoff(ctx, id); !errors.Is(err, shop.ErrNotFound) {
				t.Errorf("GetHandoff of a rolled-back handoff: %v, want ErrNotFound", err)
			}
			return nil
		})
		if _, opened := openHandoff(t, db, "tg:1", shop.Russian, odd(time.Minute)); !opened {
			t.Error("open after a rolled-back open: opened = false, want true")
		}
	})
}

func TestGetHandoffNotFound(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		h, _ := openHandoff(t, db, "tg:1", shop.Russian, odd(0))
		for _, id := range []int64{h.ID + 1, 0, -1, 1 << 40} {
			withFlows(t, db, func(st flows.Store) error {
				got, err := st.GetHandoff(ctx, id)
				if !errors.Is(err, shop.ErrNotFound) {
					t.Errorf("GetHandoff(%d) = %+v, %v; want ErrNotFound", id, got, err)
				}
				return nil
			})
		}
	})
}

func TestTouchHandoff(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		h, _ := openHandoff(t, db, "tg:1", shop.Russian, odd(0))
		other, _ := openHandoff(t, db, "tg:2", shop.Kazakh, odd(time.Minute))

		// A touch moves LastAt only, of that handoff only.
		touchHandoff(t, db, h.ID, odd(5*time.Minute))
		want := h
		want.LastAt = stored(odd(5 * time.Minute))
		sameHandoff(t, "after touch", getHandoff(t, db, h.ID), want)
		sameHandoff(t, "the other after touch", getHandoff(t, db, other.ID), other)

		// Touches follow the caller's clock, even backwards (the flows
		// decide; storage records).
		touchHandoff(t, db, h.ID, odd(7*time.Minute))
		want.LastAt = stored(odd(7 * time.Minute))
		sameHandoff(t, "after second touch", getHandoff(t, db, h.ID), want)

		// A closed handoff keeps its LastAt.
		if !closeHandoff(t, db, h.ID, "bot", odd(40*time.Minute)) {
			t.Fatal("close: closed = false")
		}
		want.ClosedAt, want.ClosedBy = stored(odd(40*time.Minute)), "bot"
		touchHandoff(t, db, h.ID, odd(50*time.Minute))
		sameHandoff(t, "touch after close", getHandoff(t, db, h.ID), want)

		// A missing one is no error.
		touchHandoff(t, db, other.ID+100, odd(50*time.Minute))
		sameHandoff(t, "the other at the end", getHandoff(t, db, other.ID), other)
	})
}

func TestCloseHandoff(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		h, _ := openHandoff(t, db, "tg:1", shop.Russian, odd(0))
		other, _ := openHandoff(t, db, "tg:2", shop.Kazakh, odd(time.Minute))
		touchHandoff(t, db, h.ID, odd(3*time.Minute))

		const staff = "@aigul (1)"
		if !closeHandoff(t, db, h.ID, staff, odd(10*time.Minute)) {
			t.Fatal("first close: closed = false, want true")
		}
		want := h
		want.LastAt = stored(odd(3 * time.Minute)) // closing is no message
		want.ClosedAt, want.ClosedBy = stored(odd(10*time.Minute)), staff
		sameHandoff(t, "after close", getHandoff(t, db, h.ID), want)
		sameHandoff(t, "the other after close", getHandoff(t, db, other.ID), other)

		// The second close, by anyone, changes nothing.
		for _, by := range []string{staff, "customer", "bot"} {
			if closeHandoff(t, db, h.ID, by, odd(20*time.Minute)) {
				t.Errorf("close again by %q: closed = true, want false", by)
			}
		}
		sameHandoff(t, "after closing twice", getHandoff(t, db, h.ID), want)

		// A missing one is not closed, and no error.
		if closeHandoff(t, db, other.ID+100, staff, odd(20*time.Minute)) {
			t.Error("close of a missing handoff: closed = true")
		}

		for _, by := range []string{"customer", "bot"} {
			x, _ := openHandoff(t, db, "tg:"+by, shop.Russian, odd(30*time.Minute))
			if !closeHandoff(t, db, x.ID, by, odd(31*time.Minute)) {
				t.Fatalf("close by %q: closed = false", by)
			}
			if got := getHandoff(t, db, x.ID); got.ClosedBy != by || !got.ClosedAt.Equal(stored(odd(31*time.Minute))) {
				t.Errorf("closed by %q: ClosedBy %q, ClosedAt %v", by, got.ClosedBy, got.ClosedAt)
			}
		}
	})
}

func TestSilentHandoffs(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		cutoff := odd(30 * time.Minute)
		silent := func(before time.Time, limit int) []shop.Handoff {
			t.Helper()
			hs, err := db.SilentHandoffs(ctx, before, limit)
			if err != nil {
				t.Fatalf("SilentHandoffs(%v, %d): %v", before, limit, err)
			}
			return hs
		}
		if got := silent(cutoff, 10); len(got) != 0 {
			t.Errorf("no handoffs: SilentHandoffs = %v", handoffIDs(got))
		}

		a, _ := openHandoff(t, db, "tg:a", shop.Russian, odd(0))              // silent since it opened
		b, _ := openHandoff(t, db, "tg:b", shop.Kazakh, odd(time.Minute))     // touched after the cutoff
		c, _ := openHandoff(t, db, "tg:c", shop.Russian, odd(2*time.Minute))  // touched before the cutoff
		d, _ := openHandoff(t, db, "tg:d", shop.Russian, odd(3*time.Minute))  // closed
		e, _ := openHandoff(t, db, "tg:e", shop.Russian, cutoff)              // last at the cutoff itself
		f, _ := openHandoff(t, db, "tg:f", shop.Russian, odd(40*time.Minute)) // opened after the cutoff
		touchHandoff(t, db, b.ID, odd(35*time.Minute))
		touchHandoff(t, db, c.ID, odd(20*time.Minute))
		closeHandoff(t, db, d.ID, "customer", odd(4*time.Minute))

		got := silent(cutoff, 10)
		if ids, want := handoffIDs(got), []int64{a.ID, c.ID}; !reflect.DeepEqual(ids, want) {
			t.Fatalf("SilentHandoffs = %v, want %v (b %d, d %d, e %d, f %d)", ids, want, b.ID, d.ID, e.ID, f.ID)
		}
		wantC := c
		wantC.LastAt = stored(odd(20 * time.Minute))
		sameHandoff(t, "silent a", got[0], a)
		sameHandoff(t, "silent c", got[1], wantC)

		// The same cutoff in UTC, and one a nanosecond later: e is
		// silent only once the cutoff is past its LastAt.
		if ids := handoffIDs(silent(cutoff.UTC(), 10)); !reflect.DeepEqual(ids, []int64{a.ID, c.ID}) {
			t.Errorf("cutoff in UTC: SilentHandoffs = %v", ids)
		}
		if ids := handoffIDs(silent(stored(cutoff).Add(time.Microsecond), 10)); !reflect.DeepEqual(ids, []int64{a.ID, c.ID, e.ID}) {
			t.Errorf("cutoff a microsecond later: SilentHandoffs = %v, want %v", ids, []int64{a.ID, c.ID, e.ID})
		}

		// Limited, oldest first.
		if ids := handoffIDs(silent(cutoff, 1)); !reflect.DeepEqual(ids, []int64{a.ID}) {
			t.Errorf("limit 1: SilentHandoffs = %v, want [%d]", ids, a.ID)
		}
		if ids := handoffIDs(silent(cutoff, 2)); !reflect.DeepEqual(ids, []int64{a.ID, c.ID}) {
			t.Errorf("limit 2: SilentHandoffs = %v", ids)
		}
		if got := silent(cutoff, 0); len(got) != 0 {
			t.Errorf("limit 0: SilentHandoffs = %v, want none", handoffIDs(got))
		}

		// Long after, every open one is silent, in the order opened (b
		// before c and e, though it spoke last); a closed one drops out.
		late := odd(2 * time.Hour)
		if ids := handoffIDs(silent(late, 10)); !reflect.DeepEqual(ids, []int64{a.ID, b.ID, c.ID, e.ID, f.ID}) {
			t.Errorf("later cutoff: SilentHandoffs = %v, want %v", ids, []int64{a.ID, b.ID, c.ID, e.ID, f.ID})
		}
		closeHandoff(t, db, a.ID, "bot", late)
		if ids := handoffIDs(silent(late, 2)); !reflect.DeepEqual(ids, []int64{b.ID, c.ID}) {
			t.Errorf("after closing a: SilentHandoffs = %v, want %v", ids, []int64{b.ID, c.ID})
		}
	})
}

// TestHandoffOneOpenPerChat shows the partial unique index at work: rows
// written past OpenHandoff still cannot give a chat two open handoffs.
func TestHandoffOneOpenPerChat(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		const insert = `INSERT INTO handoffs (chat_key, lang, opened_at, last_at, closed_at, closed_by) VALUES ($1, 'ru', $2, $2, $3, $4)`
		stamp := func(d time.Duration) string { return stored(odd(d)).Format("2006-01-02T15:04:05.000000Z") }
		exec := func(chat string, closedAt any, by string) error {
			_, err := db.SQL().Exec(insert, chat, stamp(time.Minute), closedAt, by)
			return err
		}

		h, _ := openHandoff(t, db, "tg:1", shop.Russian, odd(0))
		err := exec("tg:1", nil, "")
		if err == nil {
			t.Fatal("a second open handoff for tg:1 was inserted")
		}
		if !strings.Contains(strings.ToLower(err.Error()), "unique") {
			t.Errorf("second open row: %v, want a unique violation", err)
		}
		if n := countRows(t, db, `SELECT count(*) FROM handoffs WHERE chat_key = $1`, "tg:1"); n != 1 {
			t.Errorf("tg:1 has %d handoffs, want 1", n)
		}

		// Closed rows for the chat, and open rows of other chats, are fine.
		if err := exec("tg:1", stamp(2*time.Minute), "customer"); err != nil {
			t.Errorf("a closed row beside the open one: %v", err)
		}
		if err := exec("tg:1", stamp(3*time.Minute), "bot"); err != nil {
			t.Errorf("a second closed row: %v", err)
		}
		if err := exec("tg:2", nil, ""); err != nil {
			t.Errorf("an open row of another chat: %v", err)
		}

		// Once closed, the chat may have a new open row, which OpenHandoff
		// then returns.
		closeHandoff(t, db, h.ID, "customer", odd(5*time.Minute))
		if err := exec("tg:1", nil, ""); err != nil {
			t.Fatalf("an open row after closing: %v", err)
		}
		got, opened := openHandoff(t, db, "tg:1", shop.Kazakh, odd(10*time.Minute))
		if opened || got.ID == h.ID || !got.ClosedAt.IsZero() {
			t.Errorf("OpenHandoff beside the inserted row: %+v, opened %v; want that row", got, opened)
		}
		sameHandoff(t, "the inserted row", got, shop.Handoff{ID: got.ID, ChatKey: "tg:1", Lang: shop.Russian,
			OpenedAt: stored(odd(time.Minute)), LastAt: stored(odd(time.Minute))})
		if err := exec("tg:1", nil, ""); err == nil {
			t.Error("a second open row after the new one was inserted")
		}
	})
}
