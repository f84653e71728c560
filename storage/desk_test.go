package storage_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

// orderIDs lists the orders' ids, for messages.
func orderIDs(orders []shop.Order) []int64 {
	var out []int64
	for _, o := range orders {
		out = append(out, o.ID)
	}
	return out
}

func TestDeskByPhoneByStatus(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db) // LT-100-M 5, LT-100-XS 3, LT-300-S 2, LT-300-M 1, LT-200-M 1
		const (
			phone  = "+77773366100"
			prefix = "+7777336610" // a prefix of phone: another customer
			other  = "+77010000000"
		)
		// Orders of one phone from two chats, interleaved with others; each
		// newer than the last.
		placeWith := func(i int, chat, ph string, lines ...any) shop.Order {
			o := order(chat, lines...)
			o.Customer.Phone = ph
			o.CreatedAt = t0.Add(time.Duration(i) * time.Minute)
			return mustPlace(t, db, o)
		}
		o1 := placeWith(1, "tg:1", phone, "LT-100-M", 1)
		o2 := placeWith(2, "tg:2", other, "LT-100-XS", 1, "LT-300-S", 1)
		o3 := placeWith(3, "wa:77773366100", phone, "LT-100-M", 1, "LT-300-M", 1)
		o4 := placeWith(4, "tg:1", phone, "LT-100-M", 2)
		o5 := placeWith(5, "tg:5", prefix, "LT-100-XS", 1)

		// Two move on; the lists must show what was saved, new fields too.
		o2.Status = shop.Paid
		o2.Payment = shop.Payment{TransactionID: 42, Amount: o2.Total, PaidAt: t0.Add(time.Hour), CardLastFour: "4242"}
		update(t, db, o2)
		o3.Status = shop.Shipped
		o3.Payment = shop.Payment{TransactionID: 43, Amount: o3.Total, PaidAt: t0.Add(2 * time.Hour)}
		o3.Tracking, o3.ClaimedBy = "KZ0123456789", "tg:9001"
		update(t, db, o3)

		type list func(st flows.Store, limit int) ([]shop.Order, error)
		byPhone := func(p string) list {
			return func(st flows.Store, limit int) ([]shop.Order, error) { return st.ByPhone(ctx, p, limit) }
		}
		byStatus := func(s shop.OrderStatus) list {
			return func(st flows.Store, limit int) ([]shop.Order, error) { return st.ByStatus(ctx, s, limit) }
		}
		for _, tc := range []struct {
			name  string
			list  list
			limit int
			want  []shop.Order
		}{
			{"phone: every chat, newest first", byPhone(phone), 10, []shop.Order{o4, o3, o1}},
			{"phone: exactly as many as there are", byPhone(phone), 3, []shop.Order{o4, o3, o1}},
			{"phone: limited to the newest", byPhone(phone), 2, []shop.Order{o4, o3}},
			{"phone: limit 1", byPhone(phone), 1, []shop.Order{o4}},
			{"phone: limit 0", byPhone(phone), 0, nil},
			{"phone: negative limit", byPhone(phone), -1, nil},
			{"phone: a prefix is another phone", byPhone(prefix), 10, []shop.Order{o5}},
			{"phone: the other phone", byPhone(other), 10, []shop.Order{o2}},
			{"phone: unknown", byPhone("+77009999999"), 10, nil},
			{"phone: empty", byPhone(""), 10, nil},
			{"status: awaiting payment, newest first", byStatus(shop.AwaitingPayment), 10, []shop.Order{o5, o4, o1}},
			{"status: limited to the newest", byStatus(shop.AwaitingPayment), 2, []shop.Order{o5, o4}},
			{"status: paid", byStatus(shop.Paid), 10, []shop.Order{o2}},
			{"status: shipped, with its tracking", byStatus(shop.Shipped), 10, []shop.Order{o3}},
			{"status: none delivered", byStatus(shop.Delivered), 10, nil},
			{"status: limit 0", byStatus(shop.AwaitingPayment), 0, nil},
			{"status: negative limit", byStatus(shop.AwaitingPayment), -5, nil},
		} {
			withFlows(t, db, func(st flows.Store) error {
				got, err := tc.list(st, tc.limit)
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				if !sameOrders(got, tc.want) {
					t.Errorf("%s: orders %v =\n%+v\nwant %v\n%+v", tc.name, orderIDs(got), got, orderIDs(tc.want), tc.want)
				}
				for _, o := range got {
					if len(o.Items) == 0 {
						t.Errorf("%s: order %d without its items", tc.name, o.ID)
					}
				}
				return nil
			})
		}

		// A status change moves an order between lists, in the same
		// transaction too.
		withFlows(t, db, func(st flows.Store) error {
			moved := o4
			moved.Status = shop.Cancelled
			if err := st.Update(ctx, moved); err != nil {
				return err
			}
			if got, err := st.ByStatus(ctx, shop.AwaitingPayment, 10); err != nil || !sameOrders(got, []shop.Order{o5, o1}) {
				t.Errorf("awaiting payment after a cancel = %v, %v; want [%d %d]", orderIDs(got), err, o5.ID, o1.ID)
			}
			if got, err := st.ByStatus(ctx, shop.Cancelled, 10); err != nil || !sameOrders(got, []shop.Order{moved}) {
				t.Errorf("cancelled = %+v, %v; want %+v", got, err, moved)
			}
			return nil
		})
	})
}

func TestDeskEvents(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		seedCatalog(t, db)
		o := mustPlace(t, db, order("tg:1", "LT-100-M", 1))
		other := mustPlace(t, db, order("tg:2", "LT-100-XS", 1))
		quiet := mustPlace(t, db, order("tg:3", "LT-300-S", 1))

		almaty := time.FixedZone("ALMT", 5*60*60)
		at := func(d time.Duration) time.Time { return t0.Add(d) }
		// The clock runs at nanoseconds: events keep microseconds.
		clk.Add(3*time.Hour + 987654321*time.Nanosecond)
		now := clk.Now().UTC().Truncate(time.Microsecond)

		evs := []shop.OrderEvent{
			// In another zone, with nanoseconds.
			{OrderID: o.ID, At: at(time.Minute + 123456789*time.Nanosecond).In(almaty), Actor: "1001", Action: shop.ActionTaken},
			{OrderID: other.ID, At: at(2 * time.Minute), Actor: "bot", Action: string(shop.Cancelled), Detail: "не оплачен / unpaid"},
			// No time: the clock's.
			{OrderID: o.ID, Actor: "1001", Action: string(shop.Shipped), Detail: "KZ0123456789"},
			// The same clock tick again: order of writing decides.
			{OrderID: o.ID, Actor: "bot", Action: string(shop.Delivered), Detail: "carrier: вручено 'O''Brien' \\ %_"},
			{OrderID: other.ID, At: at(4 * time.Minute), Actor: "2002", Action: string(shop.Processing)},
		}
		withFlows(t, db, func(st flows.Store) error {
			for i, ev := range evs[:3] {
				if err := st.AddEvent(ctx, ev); err != nil {
					t.Fatalf("AddEvent %d: %v", i, err)
				}
			}
			// Visible to the transaction that wrote them.
			got, err := st.Events(ctx, o.ID)
			if err != nil || len(got) != 2 {
				t.Errorf("Events in the writing transaction = %+v, %v; want 2 events", got, err)
			}
			return nil
		})
		withFlows(t, db, func(st flows.Store) error {
			for i, ev := range evs[3:] {
				if err := st.AddEvent(ctx, ev); err != nil {
					t.Fatalf("AddEvent %d: %v", 3+i, err)
				}
			}
			return nil
		})

		want := map[int64][]shop.OrderEvent{
			o.ID: {
				{OrderID: o.ID, At: at(time.Minute + 123456*time.Microsecond), Actor: "1001", Action: shop.ActionTaken},
				{OrderID: o.ID, At: now, Actor: "1001", Action: string(shop.Shipped), Detail: "KZ0123456789"},
				{OrderID: o.ID, At: now, Actor: "bot", Action: string(shop.Delivered), Detail: evs[3].Detail},
			},
			other.ID: {
				{OrderID: other.ID, At: at(2 * time.Minute), Actor: "bot", Action: string(shop.Cancelled), Detail: evs[1].Detail},
				{OrderID: other.ID, At: at(4 * time.Minute), Actor: "2002", Action: string(shop.Processing)},
			},
			quiet.ID:        nil,
			other.ID + 1000: nil, // no such order
		}
		withFlows(t, db, func(st flows.Store) error {
			for id, w := range want {
				got, err := st.Events(ctx, id)
				if err != nil {
					t.Fatalf("Events(%d): %v", id, err)
				}
				if len(got) != len(w) || len(w) > 0 && !reflect.DeepEqual(got, w) {
					t.Errorf("Events(%d) =\n%+v\nwant\n%+v", id, got, w)
				}
				for i, ev := range got {
					if ev.At.Location() != time.UTC {
						t.Errorf("Events(%d)[%d].At = %v, want UTC", id, i, ev.At)
					}
				}
			}
			return nil
		})

		// An event of no order is refused, and nothing is written.
		err := db.InTx(ctx, func(tx bot.Tx) error {
			return tx.Flows().AddEvent(ctx, shop.OrderEvent{OrderID: other.ID + 1000, Actor: "bot", Action: "x"})
		})
		if err == nil {
			t.Errorf("AddEvent of a missing order succeeded")
		}
		if n := countRows(t, db, `SELECT count(*) FROM order_events`); n != 5 {
			t.Errorf("order_events holds %d rows, want 5", n)
		}
	})
}

func TestUpdateDeskFields(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		seedCatalog(t, db)
		o := mustPlace(t, db, order("tg:1", "LT-100-M", 1, "LT-300-S", 1))
		other := mustPlace(t, db, order("tg:2", "LT-100-XS", 1))
		const nullDelivered = `SELECT count(*) FROM orders WHERE id = $1 AND delivered_at IS NULL`

		// A new order has none: empty strings and a NULL time.
		if o.Tracking != "" || o.ClaimedBy != "" || !o.DeliveredAt.IsZero() {
			t.Fatalf("placed order has desk fields: %+v", o)
		}
		sameOrderEverywhere(t, db, "new order", o)
		if n := countRows(t, db, nullDelivered, o.ID); n != 1 {
			t.Errorf("new order: delivered_at is not NULL")
		}

		clk.Add(48 * time.Hour)
		delivered := o
		delivered.Status = shop.Delivered
		delivered.Payment = shop.Payment{TransactionID: 7, Amount: o.Total, PaidAt: t0.Add(time.Hour)}
		delivered.Tracking = "KZ0123456789 / СДЭК №1"
		delivered.ClaimedBy = "tg:9001"
		delivered.DeliveredAt = t0.Add(48*time.Hour + 654321*time.Microsecond)
		update(t, db, delivered)
		sameOrderEverywhere(t, db, "delivered", delivered)
		sameOrderEverywhere(t, db, "other order", other)

		// A time in another zone, with nanoseconds: the same instant, in UTC,
		// to the microsecond.
		almaty := time.FixedZone("ALMT", 5*60*60)
		zoned := delivered
		zoned.DeliveredAt = t0.Add(50*time.Hour + 111222333*time.Nanosecond).In(almaty)
		update(t, db, zoned)
		got, err := db.FindOrder(ctx, o.ID)
		if err != nil {
			t.Fatalf("FindOrder: %v", err)
		}
		if w := zoned.DeliveredAt.UTC().Truncate(time.Microsecond); !got.DeliveredAt.Equal(w) || got.DeliveredAt.Location() != time.UTC {
			t.Errorf("DeliveredAt = %v, want %v", got.DeliveredAt, w)
		}

		// Only the tracking changes: the rest stays.
		retracked := delivered
		retracked.Tracking = "KZ9999"
		update(t, db, retracked)
		sameOrderEverywhere(t, db, "retracked", retracked)

		// Back to nothing: zero stays zero, the time NULL.
		cleared := o
		cleared.Status = shop.Paid
		update(t, db, cleared)
		sameOrderEverywhere(t, db, "cleared", cleared)
		if n := countRows(t, db, nullDelivered, o.ID); n != 1 {
			t.Errorf("cleared order: delivered_at is not NULL")
		}
		sameOrderEverywhere(t, db, "other order at the end", other)
	})
}

// TestOrderLocks shows that Find and Get lock the order until commit: a
// second transaction reading the same order waits for the first to end,
// then reads what it saved.
func TestOrderLocks(t *testing.T) {
	onlyPostgres(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		seedCatalog(t, db)
		type read func(st flows.Store, o shop.Order) (shop.Order, error)
		find := func(st flows.Store, o shop.Order) (shop.Order, error) { return st.Find(ctx, o.ID) }
		get := func(st flows.Store, o shop.Order) (shop.Order, error) { return st.Get(ctx, o.ChatKey, o.ID) }

		for i, tc := range []struct {
			name        string
			first, then read
		}{
			{"Find waits for Find", find, find},
			{"Get waits for Get", get, get},
			{"Find waits for Get", get, find},
			{"Get waits for Find", find, get},
		} {
			t.Run(tc.name, func(t *testing.T) {
				o := mustPlace(t, db, order(fmt.Sprintf("tg:%d", i+1), "LT-100-M", 1))
				locked := make(chan error, 1)
				release := make(chan struct{})
				first := make(chan error, 1)
				go func() {
					first <- db.InTx(ctx, func(tx bot.Tx) error {
						st := tx.Flows()
						got, err := tc.first(st, o)
						locked <- err
						if err != nil {
							return err
						}
						<-release
						got.Status = shop.Shipped
						got.Tracking = "A"
						got.ClaimedBy = "tg:first"
						return st.Update(ctx, got)
					})
				}()
				if err := <-locked; err != nil {
					t.Fatalf("first read: %v", err)
				}

				type result struct {
					o   shop.Order
					err error
				}
				second := make(chan result, 1)
				go func() {
					var r result
					// Bounded, so that a lost wake-up fails instead of hanging.
					tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
					defer cancel()
					r.err = db.InTx(tctx, func(tx bot.Tx) error {
						r.o, r.err = tc.then(tx.Flows(), o)
						return r.err
					})
					second <- r
				}()

				var r result
				early := false
				select {
				case r = <-second:
					early = true
					t.Errorf("second read returned while the first held the order: %+v, %v", r.o, r.err)
				case <-time.After(300 * time.Millisecond):
				}
				close(release)
				if err := <-first; err != nil {
					t.Fatalf("first transaction: %v", err)
				}
				if !early {
					r = <-second
				}
				if r.err != nil {
					t.Fatalf("second transaction: %v", r.err)
				}
				if r.o.ID != o.ID || r.o.Status != shop.Shipped || r.o.Tracking != "A" || r.o.ClaimedBy != "tg:first" || len(r.o.Items) != 1 {
					t.Errorf("second read = %+v; want order %d shipped with tracking A by tg:first, with its item", r.o, o.ID)
				}
			})
		}

		// The lock is the order's alone: other orders, and the desk's lists,
		// are read without waiting (and see the held order as committed).
		t.Run("others do not wait", func(t *testing.T) {
			held := mustPlace(t, db, order("tg:held", "LT-100-XS", 1))
			free := mustPlace(t, db, order("tg:free", "LT-100-XS", 1))
			locked := make(chan error, 1)
			release := make(chan struct{})
			letGo := sync.OnceFunc(func() { close(release) })
			first := make(chan error, 1)
			go func() {
				first <- db.InTx(ctx, func(tx bot.Tx) error {
					st := tx.Flows()
					got, err := st.Find(ctx, held.ID)
					if err == nil {
						got.Status = shop.Cancelled
						err = st.Update(ctx, got)
					}
					locked <- err
					if err != nil {
						return err
					}
					<-release
					return nil
				})
			}()
			defer func() {
				letGo()
				if err := <-first; err != nil {
					t.Errorf("first transaction: %v", err)
				}
			}()
			if err := <-locked; err != nil {
				t.Fatalf("first transaction: %v", err)
			}
			done := make(chan error, 1)
			go func() {
				tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				defer cancel()
				done <- db.InTx(tctx, func(tx bot.Tx) error {
					st := tx.Flows()
					if got, err := st.Find(tctx, free.ID); err != nil || got.ID != free.ID {
						return fmt.Errorf("Find of another order = %d, %v", got.ID, err)
					}
					if got, err := st.Get(tctx, free.ChatKey, free.ID); err != nil || got.ID != free.ID {
						return fmt.Errorf("Get of another order = %d, %v", got.ID, err)
					}
					got, err := st.ByPhone(tctx, held.Customer.Phone, 100)
					if err != nil {
						return fmt.Errorf("ByPhone: %w", err)
					}
					seen := false
					for _, o := range got {
						if o.ID == held.ID {
							seen = true
							if o.Status != shop.AwaitingPayment {
								return fmt.Errorf("ByPhone sees the uncommitted status %s", o.Status)
							}
						}
					}
					if !seen {
						return fmt.Errorf("ByPhone misses the held order %d: %v", held.ID, orderIDs(got))
					}
					if _, err := st.ByStatus(tctx, shop.AwaitingPayment, 100); err != nil {
						return fmt.Errorf("ByStatus: %w", err)
					}
					return nil
				})
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("reading beside the held order: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Errorf("reading other orders and lists waited for the held order")
				letGo()
				if err := <-done; err != nil {
					t.Errorf("reading beside the held order: %v", err)
				}
			}
		})

		// A missing order is still ErrNotFound, not a wait.
		withFlows(t, db, func(st flows.Store) error {
			if _, err := st.Find(ctx, 1_000_000); !errors.Is(err, shop.ErrNotFound) {
				t.Errorf("Find of a missing order = %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}
