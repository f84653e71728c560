package billing_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lete-store/letebot/billing"
	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/bottest"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

const benchSecret = "bench-api-secret"

// BenchmarkWebhookPay posts b.N signed Pay notifications, one per unpaid
// order, from many clients at once to the webhook over HTTP, against
// Postgres. The webhook verifies each, parses it, stores it (group
// committed) and answers {"code":0}; the payment service meanwhile hands
// the stored events to the engine, which marks the orders paid and queues
// the customers' and staff's messages. It reports the notifications
// answered per second (the provider's view), round trips per notification,
// and orders paid per second from the first post until the last order is
// paid (the whole way).
//
//	go test -run '^$' -bench WebhookPay -benchtime 20000x ./billing
func BenchmarkWebhookPay(b *testing.B) {
	ctx := context.Background()
	driver, trips := storagetest.CountingDriver()
	db, err := storage.OpenPostgres(ctx, driver, storagetest.Postgres(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	bottest.Seed(b, db, func(p *shop.Product) {
		for i := range p.Variants {
			p.Variants[i].Stock = 1 << 30
		}
	})
	kit := bottest.New(b, db, nil)
	orders := benchOrders(b, db, kit, b.N)

	engine := bot.NewEngine(bot.EngineConfig{
		Store: db, Flows: kit.Flows, Messages: kit.Texts,
		Staff: []bot.ChatRef{{Channel: "bench", ChatID: "staff"}},
	})
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { _ = engine.Run(runCtx); close(done) }()
	defer func() { stop(); <-done }()

	pay := billing.New(billing.Config{
		Provider: billing.NewTestProvider("https://pay.example", benchSecret), Secret: benchSecret,
		Store: db, Engine: engine, StoreName: kit.Profile.Name,
	})
	payDone := make(chan struct{})
	go func() { _ = pay.Run(runCtx); close(payDone) }()
	defer func() { stop(); <-payDone }()
	mux := http.NewServeMux()
	mux.Handle(billing.WebhookPattern, pay.Webhooks(nil))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 512
	endpoint := srv.URL + "/webhooks/cloudpayments/pay"

	var next, failed atomic.Int64
	b.SetParallelism(64) // the provider posts many notifications at once
	trips0 := trips.Load()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			o := orders[next.Add(1)-1]
			if err := benchPost(client, endpoint, o); err != nil {
				failed.Add(1)
				b.Error(err)
			}
		}
	})
	answered := time.Since(start)
	answerTrips := trips.Load() - trips0
	if failed.Load() > 0 {
		b.Fatalf("%d notifications failed", failed.Load())
	}
	deadline := time.Now().Add(5 * time.Minute)
	for {
		var paid int
		if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE status = 'paid'`).Scan(&paid); err != nil {
			b.Fatal(err)
		}
		if paid == b.N {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d orders paid, want %d", paid, b.N)
		}
		time.Sleep(5 * time.Millisecond)
	}
	whole := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/answered.Seconds(), "notifications/s")
	b.ReportMetric(float64(answerTrips)/float64(b.N), "roundtrips/notification")
	b.ReportMetric(float64(b.N)/whole.Seconds(), "paid/s")
}

// benchPost posts one signed, form-encoded Pay notification for o.
func benchPost(client *http.Client, endpoint string, o shop.Order) error {
	body := []byte(url.Values{
		"TransactionId": {strconv.FormatInt(500000+o.ID, 10)},
		"Amount":        {strconv.FormatInt(int64(o.Total), 10) + ".00"},
		"Currency":      {"KZT"}, "InvoiceId": {o.Number()}, "AccountId": {o.ChatKey},
		"CardLastFour": {"4242"}, "OperationType": {"Payment"}, "Status": {"Completed"},
		"DateTime": {"2026-11-25 09:00:00"},
	}.Encode())
	req, err := http.NewRequest(http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Content-HMAC", cloudpayments.Sign(benchSecret, body))
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusOK || buf.String() != "{\"code\":0}\n" {
		return fmt.Errorf("order %s: %s %s", o.Number(), resp.Status, buf.String())
	}
	return nil
}

// benchOrders places n unpaid orders, each in a chat of its own, in
// transactions of a few hundred.
func benchOrders(b *testing.B, db *storage.DB, kit *bottest.Kit, n int) []shop.Order {
	b.Helper()
	ctx := context.Background()
	p, v, ok := kit.Catalog.Variant("LT-101-S")
	if !ok {
		b.Fatal("sample variant LT-101-S missing")
	}
	lines := []shop.CartLine{{Product: p, Variant: v, Qty: 1, Sum: p.Price}}
	out := make([]shop.Order, 0, n)
	for len(out) < n {
		err := db.InTx(ctx, func(tx bot.Tx) error {
			for i := 0; i < 500 && len(out) < n; i++ {
				chat := "bench:" + strconv.Itoa(len(out))
				o, err := shop.NewOrder(chat, shop.Russian, shop.Customer{Name: "Bench", Phone: "+77770000000", Email: "b@example.kz"},
					shop.Delivery{Method: shop.PickupPoint, City: "Астана", Address: "ПВЗ"}, lines, time.Now())
				if err != nil {
					return err
				}
				if o, err = tx.Flows().Place(ctx, o); err != nil {
					return err
				}
				out = append(out, o)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return out
}
