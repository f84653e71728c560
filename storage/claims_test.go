package storage_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

// withClaims runs fn on the claims store of a committed transaction.
func withClaims(t testing.TB, db *storage.DB, fn func(cs shop.Claims) error) {
	t.Helper()
	inTx(t, db, func(tx bot.Tx) error { return fn(tx.Flows().(shop.Claims)) })
}

// placed stores an order of one dress for chat, on a catalog seeded the
// first time.
func placed(t testing.TB, db *storage.DB, chat string) shop.Order {
	t.Helper()
	ctx := context.Background()
	if got := stock(t, db, "LT-100-M"); len(got) == 0 {
		seedCatalog(t, db)
	}
	var o shop.Order
	withFlows(t, db, func(st flows.Store) error {
		var err error
		o, err = st.Place(ctx, order(chat, "LT-100-M", 1))
		return err
	})
	return o
}

func mustDay(t testing.TB, s string) shop.Day {
	t.Helper()
	d, err := shop.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// sampleClaim is a return of two lines of o, submitted at odd(0).
func sampleClaim(t testing.TB, o shop.Order) shop.Claim {
	t.Helper()
	lines := []shop.ClaimLine{
		{SKU: "LT-100", Name: "Көйлек «Дала»", Size: "M", Colour: "қара", Price: 24500, Qty: 1},
		{SKU: "LT-300", Name: "Рубашка \"Oxford\"", Size: "S", Price: 12900, Qty: 2},
	}
	return shop.Claim{
		OrderID: o.ID, ChatKey: o.ChatKey, Lang: shop.Kazakh, Kind: shop.ClaimReturn,
		Lines: lines, Amount: shop.ClaimAmount(lines, 0), Reason: "өлшемі келмеді",
		FullName: "Айгерим Сапарова", Phone: "+77773366100", Email: "a@lete.kz", CardLastFour: "4242",
		ReturnBy: "CDEK ALM12", OrderedAt: odd(-72 * time.Hour), PaidAmount: 50300,
		SubmittedAt: odd(0), Due: mustDay(t, "2025-03-24"), Status: shop.ClaimReceived,
	}
}

func addClaim(t testing.TB, db *storage.DB, c shop.Claim) shop.Claim {
	t.Helper()
	withClaims(t, db, func(cs shop.Claims) error {
		var err error
		c, err = cs.AddClaim(context.Background(), c)
		return err
	})
	return c
}

func getClaim(t testing.TB, db *storage.DB, id int64) shop.Claim {
	t.Helper()
	var c shop.Claim
	withClaims(t, db, func(cs shop.Claims) error {
		var err error
		c, err = cs.GetClaim(context.Background(), id)
		return err
	})
	return c
}

func updateClaim(t testing.TB, db *storage.DB, c shop.Claim) {
	t.Helper()
	withClaims(t, db, func(cs shop.Claims) error { return cs.UpdateClaim(context.Background(), c) })
}

// sameClaim fails unless got is want, with times in UTC microseconds.
func sameClaim(t testing.TB, what string, got, want shop.Claim) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s =\n%+v\nwant\n%+v", what, got, want)
	}
	for name, tm := range map[string]time.Time{"OrderedAt": got.OrderedAt, "SubmittedAt": got.SubmittedAt,
		"DecidedAt": got.DecidedAt, "ClosedAt": got.ClosedAt, "RemindedAt": got.RemindedAt, "OverdueAt": got.OverdueAt} {
		if !tm.IsZero() && (tm.Location() != time.UTC || tm.Nanosecond()%1000 != 0) {
			t.Errorf("%s: %s = %v, want UTC microseconds", what, name, tm)
		}
	}
}

func claimIDs(cs []shop.Claim) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestClaimRoundTrip(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		o := placed(t, db, "tg:1")
		in := sampleClaim(t, o)
		got := addClaim(t, db, in)
		if got.ID <= 0 {
			t.Fatalf("AddClaim: ID = %d", got.ID)
		}
		want := in
		want.ID, want.Order = got.ID, shop.OrderNumber(o.ID)
		want.OrderedAt, want.SubmittedAt = stored(in.OrderedAt), stored(in.SubmittedAt)
		sameClaim(t, "AddClaim", got, want)
		sameClaim(t, "GetClaim", getClaim(t, db, got.ID), want)
		if got.Ref() != shop.ClaimRef(got.ID) || !got.Open() {
			t.Errorf("Ref %q, Open %v", got.Ref(), got.Open())
		}

		// A cancellation: no lines but the delivery, no submission time
		// (now), no due day yet, no purchase time.
		bare := shop.Claim{OrderID: o.ID, ChatKey: "tg:1", Lang: shop.Russian, Kind: shop.ClaimCancel,
			Delivery: 1500, Amount: 1500, Status: shop.ClaimReceived}
		gotBare := addClaim(t, db, bare)
		wantBare := bare
		wantBare.ID, wantBare.Order, wantBare.SubmittedAt = gotBare.ID, shop.OrderNumber(o.ID), stored(clk.Now())
		sameClaim(t, "AddClaim without lines", gotBare, wantBare)
		sameClaim(t, "GetClaim without lines", getClaim(t, db, gotBare.ID), wantBare)

		// An empty, non-nil slice reads back as nil, as AddClaim says.
		empty := bare
		empty.Lines = []shop.ClaimLine{}
		if got := addClaim(t, db, empty); got.Lines != nil || getClaim(t, db, got.ID).Lines != nil {
			t.Errorf("empty lines: AddClaim %#v, GetClaim %#v; want nil", got.Lines, getClaim(t, db, got.ID).Lines)
		}

		// A missing claim, and one of a missing order.
		ctx := context.Background()
		for _, id := range []int64{gotBare.ID + 100, 0, -1} {
			withClaims(t, db, func(cs shop.Claims) error {
				if c, err := cs.GetClaim(ctx, id); !errors.Is(err, shop.ErrNotFound) {
					t.Errorf("GetClaim(%d) = %+v, %v; want ErrNotFound", id, c, err)
				}
				return nil
			})
		}
		err := db.InTx(ctx, func(tx bot.Tx) error {
			orphan := in
			orphan.OrderID = o.ID + 100
			_, err := tx.Flows().(shop.Claims).AddClaim(ctx, orphan)
			return err
		})
		if !errors.Is(err, storage.ErrConflict) {
			t.Errorf("AddClaim of a missing order: %v, want ErrConflict", err)
		}
	})
}

func TestAddClaimRolledBack(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		o := placed(t, db, "tg:1")
		boom := errors.New("boom")
		var id int64
		err := db.InTx(ctx, func(tx bot.Tx) error {
			c, err := tx.Flows().(shop.Claims).AddClaim(ctx, sampleClaim(t, o))
			id = c.ID
			if err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v, want boom", err)
		}
		withClaims(t, db, func(cs shop.Claims) error {
			if _, err := cs.GetClaim(ctx, id); !errors.Is(err, shop.ErrNotFound) {
				t.Errorf("GetClaim of a rolled-back claim: %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}

func TestChatAndOrderClaims(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		o1, o2 := placed(t, db, "tg:1"), placed(t, db, "tg:1")
		other := placed(t, db, "whatsapp:77011234567")
		a := addClaim(t, db, sampleClaim(t, o1))
		x := addClaim(t, db, sampleClaim(t, other))
		b := addClaim(t, db, sampleClaim(t, o2))
		c := addClaim(t, db, sampleClaim(t, o1))

		chat := func(key string, limit int) []shop.Claim {
			t.Helper()
			var got []shop.Claim
			withClaims(t, db, func(cs shop.Claims) error {
				var err error
				got, err = cs.ChatClaims(ctx, key, limit)
				return err
			})
			return got
		}
		ofOrder := func(id int64) []shop.Claim {
			t.Helper()
			var got []shop.Claim
			withClaims(t, db, func(cs shop.Claims) error {
				var err error
				got, err = cs.OrderClaims(ctx, id)
				return err
			})
			return got
		}
		for _, tc := range []struct {
			name string
			got  []shop.Claim
			want []int64
		}{
			{"chat, all, newest first", chat("tg:1", 10), []int64{c.ID, b.ID, a.ID}},
			{"chat, limit 2", chat("tg:1", 2), []int64{c.ID, b.ID}},
			{"chat, limit 0", chat("tg:1", 0), nil},
			{"the other chat", chat("whatsapp:77011234567", 10), []int64{x.ID}},
			{"a chat with none", chat("tg:2", 10), nil},
			{"order 1, oldest first", ofOrder(o1.ID), []int64{a.ID, c.ID}},
			{"order 2", ofOrder(o2.ID), []int64{b.ID}},
			{"an order with none", ofOrder(o2.ID + 100), nil},
		} {
			if got := claimIDs(tc.got); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
		// Whole claims, not just ids.
		sameClaim(t, "ChatClaims[0]", chat("tg:1", 1)[0], c)
		sameClaim(t, "OrderClaims[0]", ofOrder(o1.ID)[0], a)
	})
}

func TestUpdateClaim(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		o := placed(t, db, "tg:1")
		c := addClaim(t, db, sampleClaim(t, o))
		other := addClaim(t, db, sampleClaim(t, o))

		// Approval, reminders, attachments.
		upd := c
		upd.Status, upd.DecidedBy, upd.DecidedAt, upd.Note = shop.ClaimApproved, "@aigul (1)", odd(time.Hour), "ok"
		upd.Attachments, upd.RemindedAt, upd.OverdueAt = 2, odd(2*time.Hour), odd(3*time.Hour)
		// What the customer submitted is not UpdateClaim's to change.
		upd.FullName, upd.Phone, upd.Amount, upd.Lines, upd.Due = "X", "Y", 1, nil, mustDay(t, "2030-01-01")
		updateClaim(t, db, upd)
		want := c
		want.Status, want.DecidedBy, want.DecidedAt, want.Note = shop.ClaimApproved, "@aigul (1)", stored(odd(time.Hour)), "ok"
		want.Attachments, want.RemindedAt, want.OverdueAt = 2, stored(odd(2*time.Hour)), stored(odd(3*time.Hour))
		sameClaim(t, "after approval", getClaim(t, db, c.ID), want)
		sameClaim(t, "the other claim", getClaim(t, db, other.ID), other)

		// Refunded with a ClosedAt: kept. Rejected without one: now.
		var refund shop.Refund
		withFlows(t, db, func(st flows.Store) error {
			var err error
			refund, err = st.RequestRefund(ctx, shop.Refund{OrderID: o.ID, TransactionID: 7, Amount: 100})
			return err
		})
		want.Status, want.RefundID, want.ClosedAt = shop.ClaimRefunded, refund.ID, stored(odd(4*time.Hour))
		updateClaim(t, db, want)
		sameClaim(t, "refunded", getClaim(t, db, c.ID), want)

		clk.Add(5 * time.Hour)
		rej := other
		rej.Status, rej.Note = shop.ClaimRejected, "not ours"
		updateClaim(t, db, rej)
		rej.ClosedAt = stored(clk.Now())
		sameClaim(t, "rejected without ClosedAt", getClaim(t, db, other.ID), rej)

		// Clearing the refund stores NULL again.
		want.RefundID = 0
		updateClaim(t, db, want)
		sameClaim(t, "refund cleared", getClaim(t, db, c.ID), want)

		withClaims(t, db, func(cs shop.Claims) error {
			missing := c
			missing.ID += 100
			if err := cs.UpdateClaim(ctx, missing); !errors.Is(err, shop.ErrNotFound) {
				t.Errorf("UpdateClaim of a missing claim: %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}

func TestClaimOfRefund(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		o := placed(t, db, "tg:1")
		var r1, r2 shop.Refund
		withFlows(t, db, func(st flows.Store) error {
			var err error
			if r1, err = st.RequestRefund(ctx, shop.Refund{OrderID: o.ID, TransactionID: 7, Amount: 100}); err != nil {
				return err
			}
			r2, err = st.RequestRefund(ctx, shop.Refund{OrderID: o.ID, TransactionID: 7, Amount: 200})
			return err
		})
		c := addClaim(t, db, sampleClaim(t, o))
		withRefund := sampleClaim(t, o)
		withRefund.Status, withRefund.RefundID = shop.ClaimApproved, r2.ID
		d := addClaim(t, db, withRefund)
		c.Status, c.RefundID = shop.ClaimApproved, r1.ID
		updateClaim(t, db, c)

		for _, tc := range []struct {
			name   string
			refund int64
			want   int64 // 0: ErrNotFound
		}{
			{"set by UpdateClaim", r1.ID, c.ID},
			{"set by AddClaim", r2.ID, d.ID},
			{"a refund of no claim", r2.ID + 100, 0},
			{"no refund", 0, 0},
		} {
			withClaims(t, db, func(cs shop.Claims) error {
				got, err := cs.ClaimOfRefund(ctx, tc.refund)
				switch {
				case tc.want == 0 && !errors.Is(err, shop.ErrNotFound):
					t.Errorf("%s: %+v, %v; want ErrNotFound", tc.name, got, err)
				case tc.want != 0 && (err != nil || got.ID != tc.want):
					t.Errorf("%s: claim %d, %v; want %d", tc.name, got.ID, err, tc.want)
				}
				return nil
			})
		}
		sameClaim(t, "ClaimOfRefund", func() shop.Claim {
			var got shop.Claim
			withClaims(t, db, func(cs shop.Claims) error {
				var err error
				got, err = cs.ClaimOfRefund(ctx, r1.ID)
				return err
			})
			return got
		}(), getClaim(t, db, c.ID))

		// A refund is sent for one claim: a second is a conflict, as is a
		// refund that does not exist.
		for name, refund := range map[string]int64{"taken": r1.ID, "missing": r2.ID + 100} {
			err := db.InTx(ctx, func(tx bot.Tx) error {
				x := d
				x.RefundID = refund
				return tx.Flows().(shop.Claims).UpdateClaim(ctx, x)
			})
			if !errors.Is(err, storage.ErrConflict) {
				t.Errorf("refund %s: UpdateClaim = %v, want ErrConflict", name, err)
			}
		}
	})
}

func TestOpenClaims(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		o := placed(t, db, "tg:1")
		add := func(status shop.ClaimStatus, due string) shop.Claim {
			c := sampleClaim(t, o)
			c.Status, c.Due = status, mustDay(t, due)
			return addClaim(t, db, c)
		}
		late := add(shop.ClaimReceived, "2025-03-24")
		add(shop.ClaimRefunded, "2025-03-10")
		soon := add(shop.ClaimApproved, "2025-03-18")
		add(shop.ClaimRejected, "2025-03-11")
		alsoLate := add(shop.ClaimReceived, "2025-03-24")
		first := add(shop.ClaimReceived, "2025-03-17")

		for _, tc := range []struct {
			limit int
			want  []int64
		}{
			{10, []int64{first.ID, soon.ID, late.ID, alsoLate.ID}},
			{2, []int64{first.ID, soon.ID}},
			{0, nil},
		} {
			got, err := db.OpenClaims(ctx, tc.limit)
			if err != nil {
				t.Fatalf("OpenClaims(%d): %v", tc.limit, err)
			}
			if ids := claimIDs(got); !reflect.DeepEqual(ids, tc.want) {
				t.Errorf("DB.OpenClaims(%d) = %v, want %v", tc.limit, ids, tc.want)
			}
			withClaims(t, db, func(cs shop.Claims) error {
				got, err := cs.OpenClaims(ctx, tc.limit)
				if ids := claimIDs(got); err != nil || !reflect.DeepEqual(ids, tc.want) {
					t.Errorf("Claims.OpenClaims(%d) = %v, %v; want %v", tc.limit, ids, err, tc.want)
				}
				return nil
			})
		}
		got, _ := db.OpenClaims(ctx, 1)
		sameClaim(t, "OpenClaims[0]", got[0], first)
	})
}

// TestClaimsMigrationDown rolls migration 00009 back and applies it again,
// on a database holding claims and files.
func TestClaimsMigrationDown(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		o := placed(t, db, "tg:1")
		c := addClaim(t, db, sampleClaim(t, o))
		addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileApplication, Name: "R1.pdf"}, []byte("%PDF"))

		migrateDownTo(t, db, 8)
		for _, table := range []string{"claims", "claim_files"} {
			if _, err := db.SQL().ExecContext(ctx, "SELECT count(*) FROM "+table); err == nil {
				t.Errorf("%s still there after the rollback", table)
			}
		}
		if _, err := db.SQL().ExecContext(ctx, "SELECT count(*) FROM refunds"); err != nil {
			t.Errorf("the rollback went too far: %v", err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("migrate again: %v", err)
		}
		if got := addClaim(t, db, sampleClaim(t, o)); got.ID <= 0 {
			t.Errorf("AddClaim after migrating again: ID %d", got.ID)
		}
	})
}

func TestCountByStatus(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		addClaim(t, db, sampleClaim(t, placed(t, db, "tg:1")))
		rejected := sampleClaim(t, placed(t, db, "tg:2"))
		rejected.Status = shop.ClaimRejected
		addClaim(t, db, rejected)
		addClaim(t, db, sampleClaim(t, placed(t, db, "tg:3")))
		got, err := db.CountByStatus(ctx, "claims")
		if err != nil || got["received"] != 2 || got["rejected"] != 1 || len(got) != 2 {
			t.Errorf("claims by status = %v, %v", got, err)
		}
		if got, err := db.CountByStatus(ctx, "refunds"); err != nil || len(got) != 0 {
			t.Errorf("refunds by status = %v, %v; want none", got, err)
		}
		if _, err := db.CountByStatus(ctx, "orders; DROP TABLE orders"); err == nil {
			t.Error("an unknown table was counted")
		}
	})
}
