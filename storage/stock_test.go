package storage_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

// Orders placed in one transaction see each other's stock, and the
// transaction's Available does too, before anything is written.
func TestStockWithinTransaction(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		seedCatalog(t, db) // LT-300-M 1, LT-100-M 5, LT-100-XS 3
		inTx(t, db, func(tx bot.Tx) error {
			st := tx.Flows()
			if _, err := st.Place(ctx, order("tg:1", "LT-300-M", 1, "LT-100-M", 2)); err != nil {
				t.Fatalf("first Place: %v", err)
			}
			_, err := st.Place(ctx, order("tg:2", "LT-300-M", 1))
			var oos *shop.OutOfStockError
			if !errors.As(err, &oos) || !reflect.DeepEqual(oos.Short, []shop.Shortage{{VariantID: "LT-300-M", Wanted: 1, Left: 0}}) {
				t.Errorf("second Place of the last piece = %v, want it short", err)
			}
			if err := st.ReleaseStock(ctx, shop.Order{Items: order("tg:3", "LT-100-XS", 1).Items}); err != nil {
				t.Fatalf("ReleaseStock: %v", err)
			}
			got, err := st.Available(ctx, []string{"LT-300-M", "LT-100-M", "LT-100-XS"})
			if err != nil {
				t.Fatalf("Available: %v", err)
			}
			if want := map[string]int{"LT-300-M": 0, "LT-100-M": 3, "LT-100-XS": 4}; !reflect.DeepEqual(got, want) {
				t.Errorf("Available in the transaction = %v, want %v", got, want)
			}
			return nil
		})
		if got, want := stock(t, db, "LT-300-M", "LT-100-M", "LT-100-XS"), map[string]int{"LT-300-M": 0, "LT-100-M": 3, "LT-100-XS": 4}; !reflect.DeepEqual(got, want) {
			t.Errorf("stock after the commit = %v, want %v", got, want)
		}
	})
}

// An open transaction that placed an order does not hold the variant's row:
// a second order of it commits meanwhile. Then the first, whose piece the
// second took, fails to be retried and writes nothing; run again, it sees
// the shortage.
func TestStockTakenAtCommit(t *testing.T) {
	onlyPostgres(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		seedCatalog(t, db) // LT-300-M 1, LT-100-M 5
		placed := make(chan struct{})
		other := make(chan error, 1)
		go func() {
			<-placed
			wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			other <- db.InTx(wctx, func(tx bot.Tx) error {
				_, err := tx.Flows().Place(wctx, order("tg:2", "LT-300-M", 1, "LT-100-M", 1))
				return err
			})
		}()
		first := db.InTx(ctx, func(tx bot.Tx) error {
			if _, err := tx.Flows().Place(ctx, order("tg:1", "LT-300-M", 1, "LT-100-M", 1)); err != nil {
				t.Fatalf("first Place: %v", err)
			}
			close(placed)
			// Without the ledger the second would wait for this commit:
			// its deadline turns that wait into its error.
			return <-other
		})
		if !errors.Is(first, bot.ErrRetryTx) {
			t.Fatalf("first transaction = %v, want ErrRetryTx", first)
		}
		if got, want := stock(t, db, "LT-300-M", "LT-100-M"), map[string]int{"LT-300-M": 0, "LT-100-M": 4}; !reflect.DeepEqual(got, want) {
			t.Errorf("stock = %v, want %v (the second order only)", got, want)
		}
		_, err := place(t, db, order("tg:1", "LT-300-M", 1, "LT-100-M", 1))
		if _, ok := errors.AsType[*shop.OutOfStockError](err); !ok {
			t.Errorf("first order run again = %v, want *OutOfStockError", err)
		}
	})
}

// A transaction reads a variant's stock once, however many of its orders
// show or take from it; what another transaction took meanwhile is caught when
// the first commits, which then fails to be retried and writes nothing.
func TestStockReadOncePerTransaction(t *testing.T) {
	onlyPostgres(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		seedCatalog(t, db) // LT-100-M 5
		err := db.InTx(ctx, func(tx bot.Tx) error {
			st := tx.Flows()
			if _, err := st.Place(ctx, order("tg:1", "LT-100-M", 1)); err != nil {
				t.Fatalf("first Place: %v", err)
			}
			if _, err := place(t, db, order("tg:2", "LT-100-M", 4)); err != nil {
				t.Fatalf("Place in another transaction: %v", err)
			}
			// 5 as first read, 1 taken: a second read would see 1 and refuse.
			if got, err := st.Available(ctx, []string{"LT-100-M"}); err != nil || got["LT-100-M"] != 4 {
				t.Errorf("Available = %v, %v; want 4 (5 as first read, 1 taken)", got, err)
			}
			if _, err := st.Place(ctx, order("tg:3", "LT-100-M", 2)); err != nil {
				t.Fatalf("second Place = %v, want it checked against the stock first read", err)
			}
			return nil
		})
		if !errors.Is(err, bot.ErrRetryTx) {
			t.Fatalf("transaction = %v, want ErrRetryTx", err)
		}
		if got, want := stock(t, db, "LT-100-M"), map[string]int{"LT-100-M": 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("stock = %v, want %v (the other transaction's order only)", got, want)
		}
	})
}
