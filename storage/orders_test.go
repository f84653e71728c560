package storage_test

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

// place places o in its own transaction.
func place(t testing.TB, db *storage.DB, o shop.Order) (shop.Order, error) {
	t.Helper()
	var placed shop.Order
	err := db.InTx(context.Background(), func(tx bot.Tx) error {
		var err error
		placed, err = tx.Flows().Place(context.Background(), o)
		return err
	})
	return placed, err
}

func TestPlace(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db) // LT-300-S 2, LT-300-M 1, LT-300-L 0, LT-100-M 5
		ids := []string{"LT-300-S", "LT-300-M", "LT-300-L", "LT-100-M"}
		before := map[string]int{"LT-300-S": 2, "LT-300-M": 1, "LT-300-L": 0, "LT-100-M": 5}

		for _, tc := range []struct {
			name  string
			order shop.Order
			short []shop.Shortage
			err   error
		}{
			{
				name:  "every shortage, in the order's order",
				order: order("tg:1", "LT-100-M", 1, "LT-300-M", 2, "LT-300-S", 2, "LT-300-L", 1),
				short: []shop.Shortage{{VariantID: "LT-300-M", Wanted: 2, Left: 1}, {VariantID: "LT-300-L", Wanted: 1, Left: 0}},
			},
			{
				name:  "one variant on two lines",
				order: order("tg:1", "LT-300-S", 2, "LT-300-S", 1),
				short: []shop.Shortage{{VariantID: "LT-300-S", Wanted: 3, Left: 2}},
			},
			{
				name:  "a variant no longer in the catalog",
				order: order("tg:1", "LT-999-M", 1),
				short: []shop.Shortage{{VariantID: "LT-999-M", Wanted: 1, Left: 0}},
			},
			{name: "empty", order: order("tg:1"), err: shop.ErrEmptyCart},
		} {
			_, err := place(t, db, tc.order)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Errorf("%s: Place = %v, want %v", tc.name, err, tc.err)
				}
			} else {
				var oos *shop.OutOfStockError
				if !errors.As(err, &oos) {
					t.Fatalf("%s: Place = %v, want *OutOfStockError", tc.name, err)
				}
				if !reflect.DeepEqual(oos.Short, tc.short) {
					t.Errorf("%s: shortages = %+v, want %+v", tc.name, oos.Short, tc.short)
				}
			}
			if got := stock(t, db, ids...); !reflect.DeepEqual(got, before) {
				t.Errorf("%s: stock changed to %v, want %v", tc.name, got, before)
			}
		}
		withFlows(t, db, func(st flows.Store) error {
			if got, err := st.ForChat(ctx, "tg:1", 10); err != nil || len(got) != 0 {
				t.Errorf("orders after refusals: %v, %v; want none", got, err)
			}
			return nil
		})

		// Enough of everything: stock goes down by the lines, one variant twice.
		o := order("tg:1", "LT-300-S", 1, "LT-100-M", 3, "LT-300-S", 1)
		placed, err := place(t, db, o)
		if err != nil {
			t.Fatalf("Place: %v", err)
		}
		if placed.ID <= 0 {
			t.Errorf("placed ID = %d", placed.ID)
		}
		want := map[string]int{"LT-300-S": 0, "LT-300-M": 1, "LT-300-L": 0, "LT-100-M": 2}
		if got := stock(t, db, ids...); !reflect.DeepEqual(got, want) {
			t.Errorf("stock after Place = %v, want %v", got, want)
		}
		o.ID = placed.ID
		if !reflect.DeepEqual(placed, o) {
			t.Errorf("Place returned\n%+v\nwant\n%+v", placed, o)
		}
		withFlows(t, db, func(st flows.Store) error {
			got, err := st.Get(ctx, "tg:1", placed.ID)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !reflect.DeepEqual(got, o) {
				t.Errorf("Get =\n%+v\nwant\n%+v", got, o)
			}
			return nil
		})

		// The next order gets a new id.
		next, err := place(t, db, order("tg:2", "LT-300-M", 1))
		if err != nil || next.ID <= placed.ID {
			t.Errorf("second Place = %d, %v; want an id above %d", next.ID, err, placed.ID)
		}
	})
}

// TestPlaceLastPiece races orders for the last piece: exactly one wins.
// On Postgres every buyer reads the stock (1) in an open transaction and
// only then, all together, places the order; SQLite's single writer runs
// them one after another.
func TestPlaceLastPiece(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db) // LT-200-M: 1 left
		const buyers = storage.DefaultPool
		var (
			wg       sync.WaitGroup
			ready    sync.WaitGroup // every buyer has seen the last piece
			mu       sync.Mutex
			won, oos int
		)
		barrier := db.Dialect() == "postgres"
		ready.Add(buyers)
		for i := range buyers {
			wg.Go(func() {
				err := retryTx(ctx, db, func(tx bot.Tx, attempt int) error {
					st := tx.Flows()
					left, err := st.Available(ctx, []string{"LT-200-M"})
					if barrier && attempt == 0 {
						ready.Done()
						ready.Wait()
					}
					if err != nil {
						return err
					}
					if barrier && attempt == 0 && left["LT-200-M"] != 1 {
						t.Errorf("buyer %d saw %d left, want 1", i, left["LT-200-M"])
					}
					_, err = st.Place(ctx, order("tg:"+strconv.Itoa(i), "LT-100-M", 1, "LT-200-M", 1))
					return err
				})
				var short *shop.OutOfStockError
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won++
				case errors.As(err, &short):
					oos++
				default:
					t.Errorf("Place: %v", err)
				}
			})
		}
		wg.Wait()
		if won != 1 || oos != buyers-1 {
			t.Errorf("won %d, out of stock %d; want 1 and %d", won, oos, buyers-1)
		}
		want := map[string]int{"LT-200-M": 0, "LT-100-M": 4}
		if got := stock(t, db, "LT-200-M", "LT-100-M"); !reflect.DeepEqual(got, want) {
			t.Errorf("stock = %v, want %v", got, want)
		}
	})
}

func TestGetOnlyOwnOrders(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db)
		mine, err := place(t, db, order("tg:1", "LT-100-M", 1))
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			chat string
			id   int64
			err  error
		}{
			{"own order", "tg:1", mine.ID, nil},
			{"another chat's order", "tg:2", mine.ID, shop.ErrNotFound},
			{"same chat id on another channel", "wa:1", mine.ID, shop.ErrNotFound},
			{"no such order", "tg:1", mine.ID + 1000, shop.ErrNotFound},
		} {
			withFlows(t, db, func(st flows.Store) error {
				got, err := st.Get(ctx, tc.chat, tc.id)
				if !errors.Is(err, tc.err) {
					t.Errorf("%s: Get = %v, want %v", tc.name, err, tc.err)
				}
				if tc.err == nil && got.ID != mine.ID {
					t.Errorf("%s: Get returned order %d", tc.name, got.ID)
				}
				if tc.err != nil && got.ID != 0 {
					t.Errorf("%s: Get leaked order %d", tc.name, got.ID)
				}
				return nil
			})
		}
	})
}

func TestForChat(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db)
		var mine []int64
		for i, o := range []shop.Order{
			order("tg:1", "LT-100-M", 1),
			order("tg:2", "LT-100-M", 1),
			order("tg:1", "LT-100-XS", 1, "LT-300-S", 1),
			order("tg:1", "LT-200-M", 1),
		} {
			p, err := place(t, db, o)
			if err != nil {
				t.Fatalf("order %d: %v", i, err)
			}
			if o.ChatKey == "tg:1" {
				mine = append(mine, p.ID)
			}
		}
		for _, tc := range []struct {
			name  string
			chat  string
			limit int
			want  []int64
			items []int
		}{
			{"newest first, limited", "tg:1", 2, []int64{mine[2], mine[1]}, []int{1, 2}},
			{"all", "tg:1", 10, []int64{mine[2], mine[1], mine[0]}, []int{1, 2, 1}},
			{"a chat without orders", "tg:3", 10, nil, nil},
		} {
			withFlows(t, db, func(st flows.Store) error {
				got, err := st.ForChat(ctx, tc.chat, tc.limit)
				if err != nil {
					t.Fatalf("%s: ForChat: %v", tc.name, err)
				}
				var gotIDs []int64
				var items []int
				for _, o := range got {
					gotIDs = append(gotIDs, o.ID)
					items = append(items, len(o.Items))
					if o.ChatKey != tc.chat {
						t.Errorf("%s: order %d of chat %s", tc.name, o.ID, o.ChatKey)
					}
				}
				if !reflect.DeepEqual(gotIDs, tc.want) || !reflect.DeepEqual(items, tc.items) {
					t.Errorf("%s: orders %v with %v items, want %v with %v", tc.name, gotIDs, items, tc.want, tc.items)
				}
				return nil
			})
		}
		// Lines keep their order.
		withFlows(t, db, func(st flows.Store) error {
			o, err := st.Get(ctx, "tg:1", mine[1])
			if err != nil {
				return err
			}
			if o.Items[0].VariantID != "LT-100-XS" || o.Items[1].VariantID != "LT-300-S" {
				t.Errorf("items out of order: %+v", o.Items)
			}
			return nil
		})
	})
}

// TestPaymentLinks covers the link's life at the provider, which only the
// payment service writes: its id, then closed or refused once the order
// is cancelled unpaid.
func TestPaymentLinks(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		seedCatalog(t, db) // LT-300-S 2, LT-300-M 1, LT-300-L 0, LT-100-M 5
		var orders []shop.Order
		for i, v := range []string{"LT-100-M", "LT-100-M", "LT-100-M", "LT-100-M", "LT-100-M", "LT-300-S"} {
			o, err := place(t, db, order("tg:"+strconv.Itoa(i), v, 1))
			if err != nil {
				t.Fatal(err)
			}
			orders = append(orders, o)
		}
		open, first, second, noLink, paid, handedOver := orders[0], orders[1], orders[2], orders[3], orders[4], orders[5]
		find := func(o shop.Order) shop.Order {
			t.Helper()
			got, err := db.FindOrder(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		setID := func(o shop.Order, id string) {
			t.Helper()
			if err := db.SetLinkID(ctx, o.ID, id); err != nil {
				t.Fatalf("SetLinkID(%d, %q): %v", o.ID, id, err)
			}
		}
		toClose := func(limit int) []int64 {
			t.Helper()
			got, err := db.LinksToClose(ctx, limit)
			if err != nil {
				t.Fatalf("LinksToClose: %v", err)
			}
			var ids []int64
			for _, o := range got {
				if o.Payment.LinkID == "" || o.Items != nil {
					t.Errorf("LinksToClose gave order %d with link id %q and %d items", o.ID, o.Payment.LinkID, len(o.Items))
				}
				ids = append(ids, o.ID)
			}
			return ids
		}

		// Recorded when made; made again before the hand-over, replaced.
		setID(first, "made-once")
		setID(first, "inv-1")
		// Several in one call, the ids in any order.
		many := map[int64]string{}
		for _, o := range []shop.Order{handedOver, open, paid, second} {
			many[o.ID] = "inv-" + strconv.FormatInt(o.ID, 10)
		}
		if err := db.SetLinkIDs(ctx, many); err != nil {
			t.Fatalf("SetLinkIDs(%v): %v", many, err)
		}
		for _, o := range []shop.Order{open, second, paid} {
			if got, want := find(o).Payment.LinkID, many[o.ID]; got != want {
				t.Errorf("order %d: link id %q, want %q", o.ID, got, want)
			}
		}
		if got := find(first).Payment.LinkID; got != "inv-1" {
			t.Errorf("link id %q, want the last made before the hand-over", got)
		}
		// Handed over: the id stays, whatever a later call says.
		handedOver.Payment.LinkURL, handedOver.Payment.LinkSentAt = "https://pay/h", clk.Now()
		update(t, db, handedOver)
		setID(handedOver, "another")
		want := "inv-" + strconv.FormatInt(handedOver.ID, 10)
		if got := find(handedOver); got.Payment.LinkID != want || got.Payment.LinkURL != "https://pay/h" {
			t.Errorf("after the hand-over: link %q id %q, want id %q", got.Payment.LinkURL, got.Payment.LinkID, want)
		}
		if err := db.SetLinkID(ctx, 99999, "inv-x"); err != nil {
			t.Errorf("SetLinkID of a missing order: %v", err)
		}

		// An order's Update (the flows hold a copy read before the id was
		// set) leaves the link's columns alone.
		for _, o := range []shop.Order{first, second, noLink, handedOver} {
			o.Status = shop.Cancelled
			update(t, db, o)
		}
		paid.Status, paid.Payment.TransactionID, paid.Payment.Amount = shop.Cancelled, 504, paid.Total
		update(t, db, paid)
		if got := find(first).Payment.LinkID; got != "inv-1" {
			t.Errorf("link id %q after Update, want inv-1", got)
		}

		// Cancelled, unpaid, with a link: oldest first.
		if got, want := toClose(10), []int64{first.ID, second.ID, handedOver.ID}; !reflect.DeepEqual(got, want) {
			t.Fatalf("LinksToClose = %v, want %v (not open %d, not unlinked %d, not paid %d)", got, want, open.ID, noLink.ID, paid.ID)
		}
		if got := toClose(1); !reflect.DeepEqual(got, []int64{first.ID}) {
			t.Errorf("LinksToClose(1) = %v", got)
		}
		if got := toClose(0); len(got) != 0 {
			t.Errorf("LinksToClose(0) = %v", got)
		}

		closedAt := clk.Now()
		if err := db.MarkLinkClosed(ctx, first.ID, closedAt); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkLinkRefused(ctx, second.ID, "Order is paid"); err != nil {
			t.Fatal(err)
		}
		if got := toClose(10); !reflect.DeepEqual(got, []int64{handedOver.ID}) {
			t.Errorf("LinksToClose after closing and a refusal = %v, want [%d]", got, handedOver.ID)
		}
		// Marking again changes nothing: a closed link keeps its time and
		// is not refused.
		clk.Add(time.Hour)
		if err := db.MarkLinkClosed(ctx, first.ID, clk.Now()); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkLinkRefused(ctx, first.ID, "Not found"); err != nil {
			t.Fatal(err)
		}
		got := find(first).Payment
		if !got.LinkClosedAt.Equal(closedAt) || got.LinkClosedAt.Location() != time.UTC || got.LinkCloseError != "" {
			t.Errorf("closed link: at %v, refusal %q; want at %v, none", got.LinkClosedAt, got.LinkCloseError, closedAt)
		}
		if got := find(second).Payment; got.LinkCloseError != "Order is paid" || !got.LinkClosedAt.IsZero() {
			t.Errorf("refused link: at %v, refusal %q", got.LinkClosedAt, got.LinkCloseError)
		}
		// Read the same by the flows (Get, Find) as by the payment service.
		read := find(first)
		read.Items = first.Items
		sameOrderEverywhere(t, db, "closed link", read)
	})
}

// TestPaymentLinksMigrationDown rolls migration 00010 back and applies it
// again, on a database holding an order with a closed link.
func TestPaymentLinksMigrationDown(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		o := placed(t, db, "tg:1")
		if err := db.SetLinkID(ctx, o.ID, "inv-1"); err != nil {
			t.Fatal(err)
		}
		o.Status = shop.Cancelled
		update(t, db, o)
		if err := db.MarkLinkClosed(ctx, o.ID, clk.Now()); err != nil {
			t.Fatal(err)
		}

		migrateDownTo(t, db, 9)
		if _, err := db.SQL().ExecContext(ctx, "SELECT link_id FROM orders"); err == nil {
			t.Error("link_id still there after the rollback")
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("migrate again: %v", err)
		}
		got, err := db.FindOrder(ctx, o.ID)
		if err != nil || got.Payment.LinkID != "" || !got.Payment.LinkClosedAt.IsZero() || got.Status != shop.Cancelled {
			t.Errorf("order after migrating again: %+v, %v", got, err)
		}
	})
}

// Orders locked for a batch's events are what the flows' Get returns
// (another chat's still not found), as they are in the database: changed
// in the transaction after they were locked, Get reads them as written.
func TestLockOrders(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db) // LT-100-M 5, LT-100-XS 3
		var placed []shop.Order
		for _, chat := range []string{"tg:a", "tg:b", "tg:c"} {
			o, err := place(t, db, order(chat, "LT-100-M", 1, "LT-100-XS", 1))
			if err != nil {
				t.Fatal(err)
			}
			placed = append(placed, o)
		}
		a, b, c := placed[0], placed[1], placed[2]
		inTx(t, db, func(tx bot.Tx) error {
			if err := tx.LockOrders(ctx, []int64{c.ID, b.ID, a.ID, 99999, a.ID}); err != nil {
				t.Fatalf("LockOrders: %v", err)
			}
			st := tx.Flows()
			if _, err := st.Get(ctx, "tg:b", a.ID); !errors.Is(err, shop.ErrNotFound) {
				t.Errorf("Get of another chat's locked order = %v, want ErrNotFound", err)
			}
			got, err := st.Get(ctx, "tg:a", a.ID)
			if err != nil || got.ID != a.ID || got.Status != a.Status || !reflect.DeepEqual(got.Items, a.Items) || !got.CreatedAt.Equal(a.CreatedAt) {
				t.Errorf("Get of a locked order = %+v, %v; want %+v", got, err, a)
			}
			b.Status = shop.Cancelled
			if err := st.Update(ctx, b); err != nil {
				t.Fatal(err)
			}
			if got, err := st.Get(ctx, "tg:b", b.ID); err != nil || got.Status != shop.Cancelled {
				t.Errorf("Get after an Update = %s, %v; want it cancelled", got.Status, err)
			}
			if err := st.ForgetCustomer(ctx, "tg:c"); err != nil {
				t.Fatal(err)
			}
			if got, err := st.Get(ctx, "tg:c", c.ID); err != nil || got.Customer.Name != "" {
				t.Errorf("Get after ForgetCustomer = name %q, %v; want it forgotten", got.Customer.Name, err)
			}
			return nil
		})
	})
}

// A transaction's updates of orders it has locked wait for its next
// statement and go in one: a batch of payment events or links is one
// round trip, not one an event. Any other statement, and the commit,
// write them first.
func TestOrderUpdatesHeld(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	driver, trips := storagetest.CountingDriver()
	db, err := storage.OpenPostgres(ctx, driver, storagetest.Postgres(t), storagetest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	seedCatalog(t, db)
	var placed []shop.Order
	for _, chat := range []string{"tg:a", "tg:b", "tg:c"} {
		o, err := place(t, db, order(chat, "LT-100-M", 1))
		if err != nil {
			t.Fatal(err)
		}
		placed = append(placed, o)
	}
	a, b, c := placed[0], placed[1], placed[2]
	inTx(t, db, func(tx bot.Tx) error {
		if err := tx.LockOrders(ctx, []int64{a.ID, b.ID}); err != nil {
			t.Fatalf("LockOrders: %v", err)
		}
		st := tx.Flows()
		before := trips.Load()
		a.Status = shop.Paid
		b.Status = shop.Cancelled
		for _, o := range []shop.Order{a, b} {
			if err := st.Update(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		a.Tracking = "TRACK-1" // the later update of an order stands
		if err := st.Update(ctx, a); err != nil {
			t.Fatal(err)
		}
		if n := trips.Load() - before; n != 0 {
			t.Errorf("updates of locked orders made %d round trips, want none before the next statement", n)
		}
		c.Status = shop.Cancelled // not locked: written at once, after the held ones
		if err := st.Update(ctx, c); err != nil {
			t.Fatal(err)
		}
		if n := trips.Load() - before; n != 2 {
			t.Errorf("%d round trips after an update of an unlocked order, want 2: the held ones, then it", n)
		}
		got, err := st.Find(ctx, a.ID)
		if err != nil || got.Status != shop.Paid || got.Tracking != "TRACK-1" {
			t.Errorf("Find in the transaction = %s %q, %v; want paid, TRACK-1", got.Status, got.Tracking, err)
		}
		return nil
	})
	// Held at the end: written at the commit.
	inTx(t, db, func(tx bot.Tx) error {
		if err := tx.LockOrders(ctx, []int64{b.ID}); err != nil {
			t.Fatalf("LockOrders: %v", err)
		}
		b.Tracking = "TRACK-2"
		return tx.Flows().Update(ctx, b)
	})
	want := map[int64]string{a.ID: "paid TRACK-1", b.ID: "cancelled TRACK-2", c.ID: "cancelled "}
	withFlows(t, db, func(st flows.Store) error {
		for id, w := range want {
			o, err := st.Find(ctx, id)
			if got := string(o.Status) + " " + o.Tracking; err != nil || got != w {
				t.Errorf("order %d committed as %q, %v; want %q", id, got, err, w)
			}
		}
		return nil
	})
}

// LockOrders holds the rows until the commit: another transaction's Get
// of one of them waits.
func TestLockOrdersLocks(t *testing.T) {
	onlyPostgres(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		seedCatalog(t, db)
		a, err := place(t, db, order("tg:a", "LT-100-M", 1))
		if err != nil {
			t.Fatal(err)
		}
		inTx(t, db, func(tx bot.Tx) error {
			if err := tx.LockOrders(ctx, []int64{a.ID}); err != nil {
				t.Fatalf("LockOrders: %v", err)
			}
			wctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			defer cancel()
			err := db.InTx(wctx, func(other bot.Tx) error {
				_, err := other.Flows().Get(wctx, "tg:a", a.ID)
				return err
			})
			if err == nil {
				t.Error("another transaction read the locked order at once, want it to wait")
			}
			return nil
		})
	})
}
