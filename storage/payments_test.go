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
)

// mustPlace places o and fails the test when it cannot.
func mustPlace(t testing.TB, db *storage.DB, o shop.Order) shop.Order {
	t.Helper()
	placed, err := place(t, db, o)
	if err != nil {
		t.Fatalf("Place: %v", err)
	}
	return placed
}

// update saves o's status and payment in its own transaction.
func update(t testing.TB, db *storage.DB, o shop.Order) {
	t.Helper()
	withFlows(t, db, func(st flows.Store) error { return st.Update(context.Background(), o) })
}

// sameOrderEverywhere checks that Get, Find and FindOrder all read want.
func sameOrderEverywhere(t testing.TB, db *storage.DB, what string, want shop.Order) {
	t.Helper()
	ctx := context.Background()
	withFlows(t, db, func(st flows.Store) error {
		got, err := st.Get(ctx, want.ChatKey, want.ID)
		if err != nil {
			t.Fatalf("%s: Get: %v", what, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Get =\n%+v\nwant\n%+v", what, got, want)
		}
		got, err = st.Find(ctx, want.ID)
		if err != nil {
			t.Fatalf("%s: Find: %v", what, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Find =\n%+v\nwant\n%+v", what, got, want)
		}
		return nil
	})
	got, err := db.FindOrder(ctx, want.ID)
	if err != nil {
		t.Fatalf("%s: FindOrder: %v", what, err)
	}
	if want := withoutItems(want); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: FindOrder =\n%+v\nwant\n%+v", what, got, want)
	}
}

// withoutItems is o as the payment service's queries return it.
func withoutItems(o shop.Order) shop.Order {
	o.Items = nil
	return o
}

// countRows runs a count query on the pool (never inside InTx).
func countRows(t testing.TB, db *storage.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestUpdatePayment(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		seedCatalog(t, db)
		o := mustPlace(t, db, order("tg:1", "LT-100-M", 1, "LT-300-S", 2))
		other := mustPlace(t, db, order("tg:2", "LT-100-XS", 1))

		// A new order has no payment, and its times are NULL.
		sameOrderEverywhere(t, db, "new order", o)
		const nullTimes = `SELECT count(*) FROM orders WHERE id = $1 AND link_sent_at IS NULL AND paid_at IS NULL`
		if n := countRows(t, db, nullTimes, o.ID); n != 1 {
			t.Errorf("new order: link_sent_at and paid_at are not NULL")
		}

		// Every field, some at the edges of their columns.
		clk.Add(time.Hour)
		paid := o
		paid.Status = shop.Paid
		paid.Payment = shop.Payment{
			LinkURL:       "https://pay.lete.kz/l/abc?x=1",
			LinkSentAt:    t0.Add(time.Minute),
			Reminders:     2,
			Declines:      3,
			TransactionID: 3_000_000_123, // beyond int32
			Amount:        26_000,
			CardLastFour:  "4242",
			PaidAt:        t0.Add(2*time.Hour + 123456*time.Microsecond),
			Test:          true,
			Authorized:    true,
		}
		// A field added to Payment must be added here too, but for the
		// link's life at the provider: the payment service alone writes
		// it, and Update leaves it (TestPaymentLinks).
		for i, v := 0, reflect.ValueOf(paid.Payment); i < v.NumField(); i++ {
			switch v.Type().Field(i).Name {
			case "LinkID", "LinkClosedAt", "LinkCloseError":
				continue
			}
			if v.Field(i).IsZero() {
				t.Errorf("the test leaves Payment.%s zero", v.Type().Field(i).Name)
			}
		}
		update(t, db, paid)
		sameOrderEverywhere(t, db, "all fields", paid)

		// The other order is untouched.
		sameOrderEverywhere(t, db, "other order", other)

		// Times in another zone come back as the same instant, in UTC.
		almaty := time.FixedZone("ALMT", 5*60*60)
		zoned := paid
		zoned.Payment.LinkSentAt = t0.Add(3 * time.Minute).In(almaty)
		zoned.Payment.PaidAt = t0.Add(4 * time.Minute).In(almaty)
		update(t, db, zoned)
		got, err := db.FindOrder(ctx, o.ID)
		if err != nil {
			t.Fatalf("FindOrder: %v", err)
		}
		for _, tc := range []struct {
			name      string
			got, want time.Time
		}{
			{"LinkSentAt", got.Payment.LinkSentAt, zoned.Payment.LinkSentAt},
			{"PaidAt", got.Payment.PaidAt, zoned.Payment.PaidAt},
		} {
			if !tc.got.Equal(tc.want) || tc.got.Location() != time.UTC {
				t.Errorf("%s = %v, want %v in UTC", tc.name, tc.got, tc.want.UTC())
			}
		}

		// Back to nothing: zero times are stored as NULL and read as zero.
		cleared := o
		cleared.Status = shop.Cancelled
		update(t, db, cleared)
		sameOrderEverywhere(t, db, "cleared", cleared)
		if n := countRows(t, db, nullTimes, o.ID); n != 1 {
			t.Errorf("cleared order: link_sent_at and paid_at are not NULL")
		}

		// A missing order is ErrNotFound, and nothing changes.
		withFlows(t, db, func(st flows.Store) error {
			missing := paid
			missing.ID = other.ID + 1000
			if err := st.Update(ctx, missing); !errors.Is(err, shop.ErrNotFound) {
				t.Errorf("Update of a missing order = %v, want ErrNotFound", err)
			}
			return nil
		})
		sameOrderEverywhere(t, db, "after a missing update", cleared)
		sameOrderEverywhere(t, db, "other after a missing update", other)
	})
}

func TestFindAnyChat(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db)
		o := mustPlace(t, db, order("tg:1", "LT-100-M", 1, "LT-300-S", 1))
		missing := o.ID + 1000

		withFlows(t, db, func(st flows.Store) error {
			got, err := st.Find(ctx, o.ID)
			if err != nil || !reflect.DeepEqual(got, o) {
				t.Errorf("Find = %+v, %v; want %+v", got, err, o)
			}
			for _, chat := range []string{"tg:2", "wa:1"} {
				if got, err := st.Get(ctx, chat, o.ID); !errors.Is(err, shop.ErrNotFound) || got.ID != 0 {
					t.Errorf("Get from %s = order %d, %v; want ErrNotFound", chat, got.ID, err)
				}
			}
			if got, err := st.Find(ctx, missing); !errors.Is(err, shop.ErrNotFound) || got.ID != 0 {
				t.Errorf("Find of a missing order = %d, %v; want ErrNotFound", got.ID, err)
			}
			return nil
		})
		got, err := db.FindOrder(ctx, o.ID)
		if err != nil || !reflect.DeepEqual(got, withoutItems(o)) {
			t.Errorf("FindOrder = %+v, %v; want %+v without items", got, err, o)
		}
		if got, err := db.FindOrder(ctx, missing); !errors.Is(err, shop.ErrNotFound) || got.ID != 0 {
			t.Errorf("FindOrder of a missing order = %d, %v; want ErrNotFound", got.ID, err)
		}
	})
}

func TestTakeReleaseStock(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db) // LT-300-S 2, LT-300-M 1, LT-300-L 0, LT-100-M 5, LT-100-XS 3, LT-200-M 1
		ids := []string{"LT-300-S", "LT-300-M", "LT-300-L", "LT-100-M", "LT-100-XS", "LT-200-M"}
		want := map[string]int{"LT-300-S": 2, "LT-300-M": 1, "LT-300-L": 0, "LT-100-M": 5, "LT-100-XS": 3, "LT-200-M": 1}
		items := func(lines ...any) []shop.OrderItem { return order("tg:1", lines...).Items }
		check := func(what string) {
			t.Helper()
			if got := stock(t, db, ids...); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: stock = %v, want %v", what, got, want)
			}
		}

		// Release adds back exactly, a variant on two lines twice.
		withFlows(t, db, func(st flows.Store) error {
			return st.ReleaseStock(ctx, shop.Order{Items: items("LT-300-S", 1, "LT-100-M", 2, "LT-300-S", 2, "LT-300-L", 1)})
		})
		want["LT-300-S"] += 3
		want["LT-100-M"] += 2
		want["LT-300-L"]++
		check("release")

		// Take removes exactly, a variant on two lines twice.
		withFlows(t, db, func(st flows.Store) error {
			return st.TakeStock(ctx, shop.Order{Items: items("LT-300-S", 2, "LT-100-XS", 3, "LT-300-S", 3)})
		})
		want["LT-300-S"] -= 5
		want["LT-100-XS"] -= 3
		check("take")

		// Short: *OutOfStockError itself, every shortage, nothing taken even
		// though the transaction commits.
		for _, tc := range []struct {
			name  string
			items []shop.OrderItem
			short []shop.Shortage
		}{
			{
				name:  "one short among enough",
				items: items("LT-100-M", 1, "LT-300-M", 2, "LT-200-M", 1, "LT-100-XS", 1),
				short: []shop.Shortage{{VariantID: "LT-300-M", Wanted: 2, Left: 1}, {VariantID: "LT-100-XS", Wanted: 1, Left: 0}},
			},
			{
				name:  "a variant on two lines, each enough alone",
				items: items("LT-300-M", 1, "LT-100-M", 1, "LT-300-M", 1),
				short: []shop.Shortage{{VariantID: "LT-300-M", Wanted: 2, Left: 1}},
			},
			{
				name:  "a variant not in the catalog",
				items: items("LT-100-M", 1, "LT-999-M", 1),
				short: []shop.Shortage{{VariantID: "LT-999-M", Wanted: 1, Left: 0}},
			},
		} {
			withFlows(t, db, func(st flows.Store) error {
				err := st.TakeStock(ctx, shop.Order{Items: tc.items})
				var oos *shop.OutOfStockError
				if !errors.As(err, &oos) {
					t.Fatalf("%s: TakeStock = %v, want *OutOfStockError", tc.name, err)
				}
				if _, bare := err.(*shop.OutOfStockError); !bare {
					t.Errorf("%s: TakeStock wrapped the shortage: %v", tc.name, err)
				}
				if !reflect.DeepEqual(oos.Short, tc.short) {
					t.Errorf("%s: shortages = %+v, want %+v", tc.name, oos.Short, tc.short)
				}
				return nil
			})
			check(tc.name)
		}

		// A line without a quantity is an error, not a shortage, and
		// changes nothing.
		withFlows(t, db, func(st flows.Store) error {
			bad := items("LT-100-M", 1, "LT-300-S", 1)
			bad[1].Qty = 0
			var oos *shop.OutOfStockError
			if err := st.ReleaseStock(ctx, shop.Order{Items: bad}); err == nil || errors.As(err, &oos) {
				t.Errorf("ReleaseStock of a zero quantity = %v, want an error", err)
			}
			if err := st.TakeStock(ctx, shop.Order{Items: bad}); err == nil || errors.As(err, &oos) {
				t.Errorf("TakeStock of a zero quantity = %v, want an error", err)
			}
			return nil
		})
		check("zero quantity")

		// Nothing to do is no error.
		withFlows(t, db, func(st flows.Store) error {
			if err := st.TakeStock(ctx, shop.Order{Items: nil}); err != nil {
				t.Errorf("TakeStock(nil) = %v", err)
			}
			if err := st.ReleaseStock(ctx, shop.Order{Items: nil}); err != nil {
				t.Errorf("ReleaseStock(nil) = %v", err)
			}
			return nil
		})
		check("nothing")

		// A variant the catalog dropped is skipped; the others come back.
		cats, prods := testCatalog()
		prods = prods[:2] // without LT-200 and its LT-200-M
		if err := db.ReplaceCatalog(ctx, cats, prods); err != nil {
			t.Fatalf("ReplaceCatalog: %v", err)
		}
		// ReplaceCatalog resets stock to the catalog's.
		want = map[string]int{"LT-300-S": 2, "LT-300-M": 1, "LT-300-L": 0, "LT-100-M": 5, "LT-100-XS": 3}
		check("new catalog")
		withFlows(t, db, func(st flows.Store) error {
			if err := st.ReleaseStock(ctx, shop.Order{Items: items("LT-200-M", 1, "LT-100-M", 1)}); err != nil {
				t.Errorf("ReleaseStock with a dropped variant = %v", err)
			}
			return nil
		})
		want["LT-100-M"]++
		check("release with a dropped variant")
		withFlows(t, db, func(st flows.Store) error {
			if err := st.ReleaseStock(ctx, shop.Order{Items: items("LT-200-M", 2)}); err != nil {
				t.Errorf("ReleaseStock of only a dropped variant = %v", err)
			}
			return nil
		})
		check("release of only a dropped variant")
	})
}

func TestSavePayments(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		seedCatalog(t, db)
		o := mustPlace(t, db, order("tg:1", "LT-100-M", 1))
		o2 := mustPlace(t, db, order("tg:2", "LT-100-XS", 1))
		save := func(evs ...shop.PaymentEvent) {
			t.Helper()
			if err := db.SavePayments(ctx, evs, clk.Now()); err != nil {
				t.Fatalf("SavePayments: %v", err)
			}
		}
		payments := func() int {
			t.Helper()
			return countRows(t, db, "SELECT count(*) FROM payments")
		}
		unhandled := func(limit int) []shop.PaymentEvent {
			t.Helper()
			evs, err := db.UnhandledPayments(ctx, limit)
			if err != nil {
				t.Fatalf("UnhandledPayments: %v", err)
			}
			return evs
		}
		// withIDs is evs as UnhandledPayments returns them: with the ids it
		// read, and the chat of the order when it is ours.
		withIDs := func(got []shop.PaymentEvent, evs ...shop.PaymentEvent) []shop.PaymentEvent {
			out := make([]shop.PaymentEvent, len(evs))
			for i, ev := range evs {
				if i < len(got) {
					ev.ID = got[i].ID
				}
				switch ev.OrderID {
				case o.ID:
					ev.ChatKey = o.ChatKey
				case o2.ID:
					ev.ChatKey = o2.ChatKey
				}
				out[i] = ev
			}
			return out
		}

		// Every field, some at the edges of their columns.
		pay := shop.PaymentEvent{
			Kind: shop.PaymentPaid, InvoiceID: o.Number(), OrderID: o.ID, AccountID: "a@lete.kz",
			Status: "Completed", TransactionID: 3_000_000_001, Amount: 2500, Currency: "KZT",
			CardLastFour: "4242", Test: true,
		}
		save(pay)
		if n := payments(); n != 1 {
			t.Fatalf("after one event: %d rows, want 1", n)
		}

		// The same event again, alone and twice in one batch, is kept once,
		// as first stored.
		again := pay
		again.Amount = 9999
		again.Status = "Authorized"
		clk.Add(time.Minute)
		save(again)
		save(again, again)
		if n := payments(); n != 1 {
			t.Errorf("after repeats: %d rows, want 1", n)
		}
		if got := unhandled(10); !reflect.DeepEqual(got, withIDs(got, pay)) {
			t.Errorf("after repeats: UnhandledPayments =\n%+v\nwant the first\n%+v", got, pay)
		}

		// Another kind of event about the same transaction is another event;
		// so is every event of a batch, the same one twice kept once.
		refund := shop.PaymentEvent{
			Kind: shop.PaymentRefunded, InvoiceID: o.Number(), OrderID: o.ID, TransactionID: pay.TransactionID,
			PaymentTransactionID: pay.TransactionID, Amount: 1000, Currency: "KZT",
		}
		decline := shop.PaymentEvent{
			Kind: shop.PaymentDeclined, InvoiceID: o2.Number(), OrderID: o2.ID, TransactionID: 78,
			Amount: 2500, Tiyn: true, Currency: "USD", ReasonCode: 5051, Decline: shop.DeclineNoFunds,
		}
		stray := shop.PaymentEvent{ // names no order
			Kind: shop.PaymentPaid, InvoiceID: "hello", TransactionID: 79, Amount: 1, Currency: "KZT",
		}
		ghost := shop.PaymentEvent{ // names an order we do not have
			Kind: shop.PaymentPaid, InvoiceID: "LT-09999", OrderID: 9999, TransactionID: 80, Amount: 1, Currency: "KZT",
		}
		save(refund, decline, pay, stray, ghost, decline)
		if n := payments(); n != 5 {
			t.Errorf("after a batch: %d rows, want 5", n)
		}
		save() // nothing to store is no error

		// Unhandled events come back whole, oldest first, limited.
		want := []shop.PaymentEvent{pay, refund, decline, stray, ghost}
		got := unhandled(10)
		if !reflect.DeepEqual(got, withIDs(got, want...)) {
			t.Errorf("UnhandledPayments =\n%+v\nwant\n%+v", got, want)
		}
		for i := 1; i < len(got); i++ {
			if got[i].ID <= got[i-1].ID || got[0].ID <= 0 {
				t.Errorf("UnhandledPayments ids %d, %d: want increasing, positive", got[i-1].ID, got[i].ID)
			}
		}
		if got := unhandled(2); !reflect.DeepEqual(got, withIDs(got, pay, refund)) {
			t.Errorf("UnhandledPayments(2) =\n%+v\nwant the first two", got)
		}
		const stored = `SELECT count(*) FROM payments WHERE order_id = $1 AND amount = 2500 AND status = 'Completed'`
		if n := countRows(t, db, stored, o.ID); n != 1 {
			t.Errorf("the first payment is not stored as first seen")
		}

		// Handled events are no longer listed; the others stay, in order.
		all := unhandled(10)
		if err := db.MarkPaymentsHandled(ctx, []int64{all[0].ID, all[2].ID}, clk.Now()); err != nil {
			t.Fatalf("MarkPaymentsHandled: %v", err)
		}
		if err := db.MarkPaymentsHandled(ctx, nil, clk.Now()); err != nil {
			t.Errorf("MarkPaymentsHandled(nil) = %v", err)
		}
		if got, want := unhandled(10), []shop.PaymentEvent{all[1], all[3], all[4]}; !reflect.DeepEqual(got, want) {
			t.Errorf("after marking: UnhandledPayments =\n%+v\nwant\n%+v", got, want)
		}
		// A handled event told again stays handled.
		save(pay)
		if got := unhandled(10); len(got) != 3 {
			t.Errorf("a handled event saved again is unhandled: %+v", got)
		}
		if err := db.MarkPaymentsHandled(ctx, []int64{all[1].ID, all[3].ID, all[4].ID, all[4].ID + 1000}, clk.Now()); err != nil {
			t.Fatalf("MarkPaymentsHandled: %v", err)
		}
		if got := unhandled(10); len(got) != 0 {
			t.Errorf("after marking all: %+v", got)
		}
		if n := payments(); n != 5 {
			t.Errorf("after handling: %d rows, want 5 (handled events are kept)", n)
		}
	})
}

func TestRefunds(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		seedCatalog(t, db)
		a := mustPlace(t, db, order("tg:1", "LT-100-M", 1))
		b := mustPlace(t, db, order("tg:2", "LT-100-XS", 1))
		request := func(orderID int64, amount shop.Money) shop.Refund {
			t.Helper()
			clk.Add(time.Minute)
			in := shop.Refund{OrderID: orderID, TransactionID: 1000 + orderID, Amount: amount, RequestedBy: "staff:7"}
			var r shop.Refund
			withFlows(t, db, func(st flows.Store) error {
				var err error
				r, err = st.RequestRefund(ctx, in)
				return err
			})
			if r.ID <= 0 {
				t.Errorf("RequestRefund gave id %d", r.ID)
			}
			want := in
			want.ID = r.ID
			want.RequestID = r.RequestID
			want.Status = shop.RefundRequested
			want.CreatedAt = clk.Now()
			if !reflect.DeepEqual(r, want) {
				t.Errorf("RequestRefund =\n%+v\nwant\n%+v", r, want)
			}
			return r
		}
		refunds := func(orderID int64) []shop.Refund {
			t.Helper()
			var got []shop.Refund
			withFlows(t, db, func(st flows.Store) error {
				var err error
				got, err = st.Refunds(ctx, orderID)
				return err
			})
			return got
		}
		getRefund := func(id int64) (shop.Refund, error) {
			t.Helper()
			var (
				got shop.Refund
				err error
			)
			withFlows(t, db, func(st flows.Store) error {
				got, err = st.GetRefund(ctx, id)
				return nil
			})
			return got, err
		}
		requested := func(limit int) []shop.Refund {
			t.Helper()
			got, err := db.RequestedRefunds(ctx, limit)
			if err != nil {
				t.Fatalf("RequestedRefunds: %v", err)
			}
			return got
		}
		requestIDs := func(rs []shop.Refund) []string {
			var out []string
			for _, r := range rs {
				out = append(out, r.RequestID)
			}
			return out
		}

		a1 := request(a.ID, 500)
		b1 := request(b.ID, 700)
		a2 := request(a.ID, 300)
		for _, tc := range []struct {
			got shop.Refund
			id  string
		}{
			{a1, "refund-" + itoa(a.ID) + "-1"},
			{b1, "refund-" + itoa(b.ID) + "-1"},
			{a2, "refund-" + itoa(a.ID) + "-2"},
		} {
			if tc.got.RequestID != tc.id {
				t.Errorf("request id %q, want %q", tc.got.RequestID, tc.id)
			}
		}

		if got := refunds(a.ID); !reflect.DeepEqual(got, []shop.Refund{a1, a2}) {
			t.Errorf("Refunds(a) =\n%+v\nwant\n%+v", got, []shop.Refund{a1, a2})
		}
		if got := refunds(b.ID); !reflect.DeepEqual(got, []shop.Refund{b1}) {
			t.Errorf("Refunds(b) =\n%+v\nwant %+v", got, b1)
		}
		if got := refunds(b.ID + 1000); len(got) != 0 {
			t.Errorf("Refunds of a missing order = %+v", got)
		}
		if got, err := getRefund(b1.ID); err != nil || !reflect.DeepEqual(got, b1) {
			t.Errorf("GetRefund = %+v, %v; want %+v", got, err, b1)
		}
		if got, err := getRefund(a2.ID + 1000); !errors.Is(err, shop.ErrNotFound) || got.ID != 0 {
			t.Errorf("GetRefund of a missing refund = %+v, %v; want ErrNotFound", got, err)
		}
		if got := requested(10); !reflect.DeepEqual(got, []shop.Refund{a1, b1, a2}) {
			t.Errorf("RequestedRefunds = %v, want all three", requestIDs(got))
		}

		// Finishing records the answer and nothing else.
		clk.Add(time.Minute)
		done := a1
		done.Status = shop.RefundDone
		done.ProviderTransactionID = 3_000_000_777
		failed := b1
		failed.Status = shop.RefundFailed
		failed.Error = "Insufficient funds on the merchant account"
		withFlows(t, db, func(st flows.Store) error {
			for _, r := range []shop.Refund{done, failed} {
				// What FinishRefund must not change differs from the stored row.
				r.Amount, r.RequestID, r.RequestedBy, r.OrderID = 1, "x", "y", 0
				if err := st.FinishRefund(ctx, r); err != nil {
					return err
				}
			}
			return nil
		})
		for _, want := range []shop.Refund{done, failed, a2} {
			if got, err := getRefund(want.ID); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("after FinishRefund: GetRefund = %+v, %v; want %+v", got, err, want)
			}
		}
		if got := refunds(a.ID); !reflect.DeepEqual(got, []shop.Refund{done, a2}) {
			t.Errorf("Refunds(a) after finishing = %+v", got)
		}

		// Numbering goes on past finished refunds; only requested ones are
		// listed, oldest first, limited.
		a3 := request(a.ID, 100)
		b2 := request(b.ID, 200)
		if want := "refund-" + itoa(a.ID) + "-3"; a3.RequestID != want {
			t.Errorf("third refund of a: %q, want %q", a3.RequestID, want)
		}
		if want := "refund-" + itoa(b.ID) + "-2"; b2.RequestID != want {
			t.Errorf("second refund of b: %q, want %q", b2.RequestID, want)
		}
		for _, tc := range []struct {
			limit int
			want  []shop.Refund
		}{
			{10, []shop.Refund{a2, a3, b2}},
			{2, []shop.Refund{a2, a3}},
			{1, []shop.Refund{a2}},
		} {
			if got := requested(tc.limit); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("RequestedRefunds(%d) = %v, want %v", tc.limit, requestIDs(got), requestIDs(tc.want))
			}
		}

		// Two in one transaction get two numbers.
		var c1, c2 shop.Refund
		withFlows(t, db, func(st flows.Store) error {
			var err error
			if c1, err = st.RequestRefund(ctx, shop.Refund{OrderID: b.ID, TransactionID: 1, Amount: 1}); err != nil {
				return err
			}
			c2, err = st.RequestRefund(ctx, shop.Refund{OrderID: b.ID, TransactionID: 1, Amount: 1})
			return err
		})
		if c1.RequestID != "refund-"+itoa(b.ID)+"-3" || c2.RequestID != "refund-"+itoa(b.ID)+"-4" {
			t.Errorf("two in one transaction: %q and %q", c1.RequestID, c2.RequestID)
		}
	})
}

func TestUnpaidOrders(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db)
		var all []shop.Order
		for i, chat := range []string{"tg:1", "tg:2", "wa:3", "tg:1", "tg:4", "tg:5"} {
			o := order(chat, []string{"LT-100-M", "LT-100-XS"}[i%2], 1) // 5 and 3 in stock
			o.CreatedAt = t0.Add(time.Duration(i) * time.Minute)
			all = append(all, mustPlace(t, db, o))
		}
		// 0 unpaid, no link; 1 paid; 2 unpaid with a link; 3 cancelled
		// without a link; 4 unpaid, no link; 5 shipped.
		all[1].Status = shop.Paid
		all[1].Payment = shop.Payment{LinkURL: "https://pay/1", TransactionID: 11, Amount: 2500, PaidAt: t0}
		all[2].Payment = shop.Payment{LinkURL: "https://pay/2", LinkSentAt: t0.Add(time.Hour), Reminders: 1, Declines: 2}
		all[3].Status = shop.Cancelled
		all[5].Status = shop.Shipped
		for _, i := range []int{1, 2, 3, 5} {
			update(t, db, all[i])
		}
		bare := func(idx ...int) []shop.Order { // listed without their items
			var out []shop.Order
			for _, i := range idx {
				out = append(out, withoutItems(all[i]))
			}
			return out
		}

		for _, tc := range []struct {
			name  string
			after int64
			limit int
			want  []shop.Order
		}{
			{"first page", 0, 2, bare(0, 2)},
			{"next page", all[2].ID, 2, bare(4)},
			{"after the last", all[4].ID, 2, nil},
			{"from inside a gap", all[0].ID, 10, bare(2, 4)},
			{"all", 0, 10, bare(0, 2, 4)},
			{"limit zero", 0, 0, nil},
		} {
			got, err := db.UnpaidOrders(ctx, tc.after, tc.limit)
			if err != nil {
				t.Fatalf("%s: UnpaidOrders: %v", tc.name, err)
			}
			if !sameOrders(got, tc.want) {
				t.Errorf("%s: UnpaidOrders(%d, %d) =\n%+v\nwant\n%+v", tc.name, tc.after, tc.limit, got, tc.want)
			}
		}

		for _, tc := range []struct {
			limit int
			want  []shop.Order
		}{
			{10, bare(0, 4)},
			{1, bare(0)},
			{0, nil},
		} {
			got, err := db.OrdersWithoutLink(ctx, tc.limit)
			if err != nil {
				t.Fatalf("OrdersWithoutLink: %v", err)
			}
			if !sameOrders(got, tc.want) {
				t.Errorf("OrdersWithoutLink(%d) =\n%+v\nwant\n%+v", tc.limit, got, tc.want)
			}
		}

		// Sending the link takes an order off the list; paying takes it off both.
		all[0].Payment.LinkURL = "https://pay/0"
		update(t, db, all[0])
		all[4].Status = shop.Paid
		update(t, db, all[4])
		if got, err := db.OrdersWithoutLink(ctx, 10); err != nil || len(got) != 0 {
			t.Errorf("OrdersWithoutLink after links = %+v, %v; want none", got, err)
		}
		if got, err := db.UnpaidOrders(ctx, 0, 10); err != nil || !reflect.DeepEqual(got, bare(0, 2)) {
			t.Errorf("UnpaidOrders after a payment =\n%+v, %v\nwant\n%+v", got, err, bare(0, 2))
		}
	})
}

// sameOrders is reflect.DeepEqual, but an empty list is an empty list,
// nil or not.
func sameOrders(got, want []shop.Order) bool {
	return len(got) == 0 && len(want) == 0 || reflect.DeepEqual(got, want)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestStockCrossingOrders: two transactions each take stock for two
// orders, the same two variants in crossing order, as two engine batches
// placing several chats' orders do. Without the stock lock each would hold
// one row and wait for the other's (Postgres breaks the deadlock by failing
// one); with it they take turns and both commit.
func TestStockCrossingOrders(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db) // LT-100-M 5, LT-100-XS 3
		first := make(chan struct{})
		var once sync.Once
		take := func(a, b string) error {
			return db.InTx(ctx, func(tx bot.Tx) error {
				st := tx.Flows()
				if err := st.TakeStock(ctx, shop.Order{Items: order("tg:1", a, 1).Items}); err != nil {
					return err
				}
				// Both hold their first row (or wait for the lock) before
				// either goes for its second.
				once.Do(func() { close(first) })
				time.Sleep(100 * time.Millisecond)
				return st.TakeStock(ctx, shop.Order{Items: order("tg:2", b, 1).Items})
			})
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		wg.Go(func() { errs[0] = take("LT-100-M", "LT-100-XS") })
		<-first
		wg.Go(func() { errs[1] = take("LT-100-XS", "LT-100-M") })
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("transaction %d: %v", i+1, err)
			}
		}
		if got, want := stock(t, db, "LT-100-M", "LT-100-XS"), map[string]int{"LT-100-M": 3, "LT-100-XS": 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("stock = %v, want %v", got, want)
		}
	})
}
