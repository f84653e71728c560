package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

func TestStats(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		n, oldest, err := db.OutboxStats(ctx)
		if err != nil || n != 0 || !oldest.IsZero() {
			t.Fatalf("empty outbox: %d %v %v", n, oldest, err)
		}
		first := clk.Now()
		inTx(t, db, func(tx bot.Tx) error {
			return tx.Enqueue(ctx, []bot.OutboxMessage{{Channel: "c", ChatID: "1", Body: []byte(`{}`)}})
		})
		clk.Add(time.Minute)
		inTx(t, db, func(tx bot.Tx) error {
			return tx.Enqueue(ctx, []bot.OutboxMessage{{Channel: "c", ChatID: "2", Body: []byte(`{}`)}})
		})
		n, oldest, err = db.OutboxStats(ctx)
		if err != nil || n != 2 || !oldest.Equal(first.UTC().Truncate(time.Microsecond)) {
			t.Errorf("outbox stats: %d %v %v, want 2 and %v", n, oldest, err, first)
		}

		seedCatalog(t, db)
		if _, err := place(t, db, order("tg:1", "LT-300-S", 1)); err != nil {
			t.Fatal(err)
		}
		counts, err := db.OrdersByStatus(ctx)
		if err != nil || counts[shop.AwaitingPayment] != 1 || len(counts) != 1 {
			t.Errorf("orders by status: %v %v", counts, err)
		}
	})
}
