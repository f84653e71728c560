package storage_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

// t0 is the suite's epoch; the clock starts here.
var t0 = time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)

// clock is a settable time source shared by a test and its DB.
type clock = shop.ManualClock

// forEachDialect runs fn on a fresh, migrated database of each dialect,
// with a clock starting at t0. It runs in parallel with other tests: most
// of a Postgres test's time is the server creating its database.
func forEachDialect(t *testing.T, fn func(t *testing.T, db *storage.DB, clk *clock)) {
	t.Helper()
	t.Parallel()
	for _, d := range storagetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			db := storagetest.Open(t, d.URL(t))
			clk := shop.NewManualClock(t0)
			storage.SetClock(db, clk.Now)
			fn(t, db, clk)
		})
	}
}

// onlyPostgres runs fn on a fresh Postgres database: for what only a
// server with row locks and many connections can show.
func onlyPostgres(t *testing.T, fn func(t *testing.T, db *storage.DB)) {
	t.Helper()
	t.Parallel()
	db := storagetest.Open(t, storagetest.Postgres(t))
	fn(t, db)
}

// retryTx runs fn in a transaction and runs it again, as the engine does,
// while the transaction lost a race (bot.ErrRetryTx); attempt counts from 0.
func retryTx(ctx context.Context, db *storage.DB, fn func(tx bot.Tx, attempt int) error) error {
	for attempt := 0; ; attempt++ {
		err := db.InTx(ctx, func(tx bot.Tx) error { return fn(tx, attempt) })
		if !errors.Is(err, bot.ErrRetryTx) || attempt == 10 {
			return err
		}
	}
}

// inTx runs fn in a transaction and fails the test on error.
func inTx(t testing.TB, db *storage.DB, fn func(tx bot.Tx) error) {
	t.Helper()
	if err := db.InTx(context.Background(), fn); err != nil {
		t.Fatalf("InTx: %v", err)
	}
}

// withFlows runs fn on the flows store of a committed transaction.
func withFlows(t testing.TB, db *storage.DB, fn func(st flows.Store) error) {
	t.Helper()
	inTx(t, db, func(tx bot.Tx) error { return fn(tx.Flows()) })
}

func sameJSON(t testing.TB, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("stored JSON %q: %v", got, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("want JSON %q: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON = %s, want %s", got, want)
	}
}

func loc(kk, ru string) shop.Localized { return shop.Localized{KK: kk, RU: ru} }

// testCatalog is a small catalog out of alphabetical order, so a test
// notices when stored order is lost.
func testCatalog() ([]shop.Category, []shop.Product) {
	cats := []shop.Category{
		{ID: "tops", Name: loc("Жейделер", "Рубашки")},
		{ID: "dresses", Name: loc("Көйлектер", "Платья")},
		{ID: "coats", Name: loc("Пальтолар", "Пальто")},
	}
	prods := []shop.Product{
		{
			SKU: "LT-300", CategoryID: "tops", Name: loc("Жейде", "Рубашка"), Description: loc("Мақта", "Хлопок"),
			Price: 12900, Photo: "https://lete.kz/p/300.jpg", WeightGrams: 300,
			Variants: []shop.Variant{
				{ID: "LT-300-S", Size: "S", Colour: loc("ақ", "белый"), Stock: 2, Retail: map[string]int{"almaty": 1}},
				{ID: "LT-300-M", Size: "M", Colour: loc("ақ", "белый"), Stock: 1},
				{ID: "LT-300-L", Size: "L", Colour: loc("ақ", "белый"), Stock: 0, Retail: map[string]int{"almaty": 2, "astana": 1}},
			},
		},
		{
			SKU: "LT-100", CategoryID: "dresses", Name: loc("Көйлек", "Платье"),
			Price: 24500, Personalised: true,
			Variants: []shop.Variant{
				{ID: "LT-100-M", Size: "M", Stock: 5},
				{ID: "LT-100-XS", Size: "XS", Stock: 3},
			},
		},
		{
			SKU: "LT-200", CategoryID: "coats", Name: loc("Пальто", "Пальто"),
			Price: 89000, WeightGrams: 1500,
			Variants: []shop.Variant{{ID: "LT-200-M", Size: "M", Stock: 1}},
		},
	}
	return cats, prods
}

func seedCatalog(t testing.TB, db *storage.DB) {
	t.Helper()
	cats, prods := testCatalog()
	if err := db.ReplaceCatalog(context.Background(), cats, prods); err != nil {
		t.Fatalf("ReplaceCatalog: %v", err)
	}
}

// order is an order for chat of the given variants and quantities (pairs).
func order(chat string, lines ...any) shop.Order {
	o := shop.Order{
		ChatKey: chat, Lang: shop.Russian, Status: shop.AwaitingPayment,
		Customer: shop.Customer{Name: "Айгерим", Phone: "+77773366100", Email: "a@lete.kz"},
		Delivery: shop.Delivery{
			Method: shop.PickupPoint, City: "almaty", Address: "PVZ 12",
			Quote: shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1500, Approximate: true, MinDays: 2, MaxDays: 4},
		},
		CreatedAt: t0,
	}
	for i := 0; i < len(lines); i += 2 {
		it := shop.OrderItem{VariantID: lines[i].(string), SKU: "LT", Name: "Платье", Size: "M", Price: 1000, Qty: lines[i+1].(int)}
		if i == 0 {
			it.Colour, it.Text = "чёрный", "Айгерим" // read back as written; the other lines have none
		}
		o.Items = append(o.Items, it)
		o.GoodsTotal += it.Sum()
	}
	o.Total = o.GoodsTotal + o.Delivery.Quote.Price
	return o
}

// stock reads the live stock of ids.
func stock(t testing.TB, db *storage.DB, ids ...string) map[string]int {
	t.Helper()
	var got map[string]int
	withFlows(t, db, func(st flows.Store) error {
		var err error
		got, err = st.Available(context.Background(), ids)
		return err
	})
	return got
}

// migrateDownTo rolls the schema back to version.
func migrateDownTo(t *testing.T, db *storage.DB, version int64) {
	t.Helper()
	gd := goose.DialectSQLite3
	if db.Dialect() == "postgres" {
		gd = goose.DialectPostgres
	}
	p, err := goose.NewProvider(gd, db.SQL(), os.DirFS("migrations/"+db.Dialect()), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(context.Background(), version); err != nil {
		t.Fatalf("down to %d: %v", version, err)
	}
}
