package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/bottest"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

// TestMorningDigest: at opening time staff get what came in since last
// night's closing and what is still open, once a day however often the job
// runs.
func TestMorningDigest(t *testing.T) {
	ctx := context.Background()
	db := storagetest.Open(t, storagetest.SQLite(t))
	bottest.Seed(t, db, nil)
	kit := bottest.New(t, db, nil)
	p := kit.Profile
	loc := p.Location()
	morning := time.Date(2026, 11, 26, 10, 0, 0, 0, loc)

	p101, s, _ := kit.Catalog.Variant("LT-101-S")
	lines := []shop.CartLine{{Product: p101, Variant: s, Qty: 1, Sum: p101.Price}}
	place := func(at time.Time, name string, status shop.OrderStatus) {
		t.Helper()
		err := db.InTx(ctx, func(tx bot.Tx) error {
			o, err := shop.NewOrder("telegram:"+name, shop.Russian, shop.Customer{Name: name, Phone: "+77770000000", Email: "a@b.kz"},
				shop.Delivery{Method: shop.PickupPoint, City: "Астана", Address: "ПВЗ"}, lines, at)
			if err != nil {
				return err
			}
			if o, err = tx.Flows().Place(ctx, o); err != nil {
				return err
			}
			o.Status = status
			return tx.Flows().Update(ctx, o)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	place(morning.Add(-20*time.Hour), "Вчерашняя", shop.Processing)  // yesterday 14:00: not new, still open
	place(morning.Add(-11*time.Hour), "Ночная", shop.Paid)           // 23:00: new
	place(morning.Add(-3*time.Hour), "Ранняя", shop.AwaitingPayment) // 07:00: new

	engine := bot.NewEngine(bot.EngineConfig{Store: db, Flows: kit.Flows, Messages: kit.Texts,
		Staff: []bot.ChatRef{{Channel: "telegram", ChatID: "-100"}}})
	for range 2 {
		if err := morningDigest(ctx, db, engine, p, morning); err != nil {
			t.Fatal(err)
		}
	}
	bodies := outboxTexts(t, db)
	if len(bodies) != 1 {
		t.Fatalf("staff got %d digests, want 1: %q", len(bodies), bodies)
	}
	got := bodies[0]
	for _, want := range []string{"С 22:00 25.11.2026: 2 новых заказа", "LT-00002", "Ночная", "LT-00003", "Ранняя",
		"оплачено и ждёт сборки — 1, собирается — 1, в пути — 0, ждёт оплаты — 1"} {
		if !strings.Contains(got, want) {
			t.Errorf("digest lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Вчерашняя") {
		t.Errorf("digest lists yesterday's order as new:\n%s", got)
	}
}

func outboxTexts(t *testing.T, db *storage.DB) []string {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT body FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}
