package storage_test

import (
	"context"
	"errors"
	"maps"
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

// deliveryCatalog is a catalog whose variants sit in the warehouse, in
// retail shops, or both, so a test sees which stock an order takes from.
func deliveryCatalog() ([]shop.Category, []shop.Product) {
	cats := []shop.Category{{ID: "tops", Name: loc("Жейделер", "Рубашки")}}
	prods := []shop.Product{
		{
			SKU: "EX-1", CategoryID: "tops", Name: loc("Жейде", "Рубашка"), Price: 10000,
			Variants: []shop.Variant{
				{ID: "EX-1-S", Size: "S", Stock: 5, Retail: map[string]int{"astana": 2, "almaty": 7}},
				{ID: "EX-1-M", Size: "M", Stock: 4, Retail: map[string]int{"astana": 2}},
				{ID: "EX-1-L", Size: "L", Stock: 3},                                        // no retail row at all
				{ID: "EX-1-XL", Size: "XL", Stock: 1, Retail: map[string]int{"almaty": 1}}, // none in astana
			},
		},
		{
			SKU: "EX-2", CategoryID: "tops", Name: loc("Көйлек", "Платье"), Price: 20000,
			Variants: []shop.Variant{{ID: "EX-2-M", Size: "M", Stock: 10, Retail: map[string]int{"astana": 20}}},
		},
	}
	return cats, prods
}

func seedDeliveryCatalog(t testing.TB, db *storage.DB) *shop.Catalog {
	t.Helper()
	cats, prods := deliveryCatalog()
	if err := db.ReplaceCatalog(context.Background(), cats, prods); err != nil {
		t.Fatalf("ReplaceCatalog: %v", err)
	}
	cat, err := shop.NewCatalog(cats, prods)
	if err != nil {
		t.Fatalf("NewCatalog: %v", err)
	}
	return cat
}

// expressOrder is an express order for chat from the retail shop of city
// (variants and quantities in pairs), built as checkout builds it: with no
// courier price yet, so awaiting a quote.
func expressOrder(t testing.TB, cat *shop.Catalog, chat, city string, lines ...any) shop.Order {
	t.Helper()
	var cl []shop.CartLine
	for i := 0; i < len(lines); i += 2 {
		p, v, ok := cat.Variant(lines[i].(string))
		if !ok {
			t.Fatalf("no variant %s", lines[i])
		}
		qty := lines[i+1].(int)
		cl = append(cl, shop.CartLine{Product: p, Variant: v, Qty: qty, Sum: p.Price.Times(qty)})
	}
	d := shop.Delivery{
		Method: shop.Express, City: city, Address: "Кабанбай батыра 11, кв. 5",
		Lat: 51.128207, Lon: 71.430411, Shop: city,
		Quote: shop.DeliveryQuote{Method: shop.Express},
	}
	c := shop.Customer{Name: "Айгерим", Phone: "+77773366100"}
	o, err := shop.NewOrder(chat, shop.Russian, c, d, cl, t0)
	if err != nil {
		t.Fatalf("NewOrder: %v", err)
	}
	return o
}

// warehouseOrder is a CDEK order of the given method for chat.
func warehouseOrder(chat string, m shop.DeliveryMethod, lines ...any) shop.Order {
	o := order(chat, lines...)
	o.Delivery.Method = m
	o.Delivery.Quote.Method = m
	return o
}

// asStored is o as storage reads it back: times in UTC to the microsecond.
func asStored(o shop.Order) shop.Order {
	o.ReleaseAt = stored(o.ReleaseAt)
	o.DeliveredAt = stored(o.DeliveredAt)
	return o
}

// retailStock reads every retail shop's stock: variant → city → qty, a
// variant without rows left out.
func retailStock(t testing.TB, db *storage.DB) map[string]map[string]int {
	t.Helper()
	cat, err := db.LoadCatalog(context.Background())
	if err != nil {
		t.Fatalf("LoadCatalog: %v", err)
	}
	out := make(map[string]map[string]int)
	for _, p := range cat.Products() {
		for _, v := range p.Variants {
			if len(v.Retail) > 0 {
				out[v.ID] = maps.Clone(v.Retail)
			}
		}
	}
	return out
}

// releaseIsNull reports whether order id's release_at column is NULL.
func releaseIsNull(t testing.TB, db *storage.DB, id int64) bool {
	t.Helper()
	return countRows(t, db, `SELECT count(*) FROM orders WHERE id = $1 AND release_at IS NULL`, id) == 1
}

func TestDeliveryRoundTrip(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		cat := seedDeliveryCatalog(t, db)

		pickup := warehouseOrder("tg:1", shop.PickupPoint, "EX-1-L", 1)
		pickup.Delivery = shop.Delivery{
			Method: shop.PickupPoint, City: "astana", Address: "пр. Кенесары 40, ПВЗ AST12",
			Point: "AST12", Lat: 51.169392, Lon: 71.449074,
			Quote: shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1500, Approximate: true, MinDays: 2, MaxDays: 4, Tariff: 136},
		}
		pickup.Total = pickup.GoodsTotal + 1500

		door := warehouseOrder("wa:2", shop.Courier, "EX-1-S", 1, "EX-2-M", 2)
		door.Delivery = shop.Delivery{
			Method: shop.Courier, City: "almaty", Address: "ул. Абая 1",
			Lat: -43.238949, Lon: 76.889709, // a negative coordinate survives too
			Quote: shop.DeliveryQuote{Method: shop.Courier, Free: true, MinDays: 1, MaxDays: 2, Tariff: 137},
		}
		door.Total = door.GoodsTotal

		express := expressOrder(t, cat, "tg:3", "astana", "EX-1-M", 1, "EX-2-M", 1)
		if express.Status != shop.AwaitingQuote {
			t.Fatalf("NewOrder gave an express order %s, want %s", express.Status, shop.AwaitingQuote)
		}
		// Out of hours: released in another zone, below the microsecond.
		express.ReleaseAt = t0.Add(13*time.Hour + 7*time.Nanosecond).In(time.FixedZone("ALMT", 5*60*60))

		for _, tc := range []struct {
			name  string
			order shop.Order
		}{
			{"pickup point", pickup},
			{"CDEK courier", door},
			{"express", express},
		} {
			placed, err := place(t, db, tc.order)
			if err != nil {
				t.Fatalf("%s: Place: %v", tc.name, err)
			}
			if placed.ID <= 0 || !placed.ReleaseAt.Equal(asStored(tc.order).ReleaseAt) { // as it reads back
				t.Errorf("%s: Place returned id %d, release %v", tc.name, placed.ID, placed.ReleaseAt)
			}
			want := asStored(tc.order)
			want.ID = placed.ID
			sameOrderEverywhere(t, db, tc.name, want)

			withFlows(t, db, func(st flows.Store) error {
				got, err := st.ForChat(ctx, want.ChatKey, 10)
				if err != nil {
					t.Fatalf("%s: ForChat: %v", tc.name, err)
				}
				if !reflect.DeepEqual(got, []shop.Order{want}) {
					t.Errorf("%s: ForChat =\n%+v\nwant\n%+v", tc.name, got, want)
				}
				return nil
			})

			got, err := db.FindOrder(ctx, placed.ID)
			if err != nil {
				t.Fatalf("%s: FindOrder: %v", tc.name, err)
			}
			if !got.ReleaseAt.Equal(tc.order.ReleaseAt.Truncate(time.Microsecond)) ||
				!got.ReleaseAt.IsZero() && got.ReleaseAt.Location() != time.UTC {
				t.Errorf("%s: ReleaseAt = %v, want %v in UTC", tc.name, got.ReleaseAt, tc.order.ReleaseAt.UTC())
			}
			if null := releaseIsNull(t, db, placed.ID); null != tc.order.ReleaseAt.IsZero() {
				t.Errorf("%s: release_at IS NULL = %v, want %v", tc.name, null, tc.order.ReleaseAt.IsZero())
			}
		}
	})
}

func TestUpdateDelivery(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		cat := seedDeliveryCatalog(t, db)
		o := expressOrder(t, cat, "tg:1", "astana", "EX-2-M", 2)
		o.ReleaseAt = t0.Add(12 * time.Hour)
		o = mustPlace(t, db, o)
		other := expressOrder(t, cat, "tg:2", "astana", "EX-2-M", 1)
		other.ReleaseAt = t0.Add(12 * time.Hour)
		other = mustPlace(t, db, other)

		for _, tc := range []struct {
			name   string
			change func(o *shop.Order)
		}{
			{"released to staff", func(o *shop.Order) {
				o.ReleaseAt = time.Time{}
			}},
			{"priced, approximately, and accepted", func(o *shop.Order) {
				o.Status = shop.AwaitingPayment
				o.PayableAt = t0.Add(13 * time.Hour)
				o.Delivery.Quote.Price = 2350
				o.Delivery.Quote.Approximate = true
				o.Total = o.GoodsTotal + 2350
			}},
			{"paid, claim created at the exact price", func(o *shop.Order) {
				o.Status = shop.Paid
				o.Delivery.Quote.Price = 2100
				o.Delivery.Quote.Approximate = false
				o.Total = o.GoodsTotal + 2100
				o.Courier = shop.CourierClaim{ID: "b1c2d3e4f5a64b7c8d9e0f1a2b3c4d5e", Status: "new"}
			}},
			{"courier found", func(o *shop.Order) {
				o.Status = shop.Processing
				o.Courier.Status = "performer_found"
			}},
			{"claim failed, held again until morning", func(o *shop.Order) {
				o.Status = shop.Paid
				o.Courier = shop.CourierClaim{}
				o.ReleaseAt = t0.Add(24*time.Hour + 999*time.Nanosecond).In(time.FixedZone("ALMT", 5*60*60))
			}},
			{"delivered", func(o *shop.Order) {
				o.Status = shop.Delivered
				o.Courier = shop.CourierClaim{ID: "c2", Status: "delivered_finish"}
				o.ReleaseAt = time.Time{}
				o.DeliveredAt = t0.Add(30 * time.Hour)
			}},
		} {
			clk.Add(time.Minute)
			tc.change(&o)
			update(t, db, o)
			sameOrderEverywhere(t, db, tc.name, asStored(o))
			if null := releaseIsNull(t, db, o.ID); null != o.ReleaseAt.IsZero() {
				t.Errorf("%s: release_at IS NULL = %v, want %v", tc.name, null, o.ReleaseAt.IsZero())
			}
			sameOrderEverywhere(t, db, tc.name+": the other order", other)
		}
	})
}

func TestExpressStock(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		cat := seedDeliveryCatalog(t, db)
		ids := []string{"EX-1-S", "EX-1-M", "EX-1-L", "EX-1-XL", "EX-2-M"}
		warehouse := stock(t, db, ids...)
		if want := map[string]int{"EX-1-S": 5, "EX-1-M": 4, "EX-1-L": 3, "EX-1-XL": 1, "EX-2-M": 10}; !reflect.DeepEqual(warehouse, want) {
			t.Fatalf("seeded stock %v, want %v", warehouse, want)
		}
		shops := retailStock(t, db)
		if want := map[string]map[string]int{
			"EX-1-S": {"astana": 2, "almaty": 7}, "EX-1-M": {"astana": 2}, "EX-1-XL": {"almaty": 1}, "EX-2-M": {"astana": 20},
		}; !reflect.DeepEqual(shops, want) {
			t.Fatalf("seeded retail stock %v, want %v", shops, want)
		}

		var exp, wh shop.Order // placed along the way
		placeAs := func(dst *shop.Order, o shop.Order) func(st flows.Store) error {
			return func(st flows.Store) error {
				p, err := st.Place(ctx, o)
				if err == nil {
					*dst = p
				}
				return err
			}
		}
		var ignored shop.Order
		for _, tc := range []struct {
			name   string
			run    func(st flows.Store) error
			short  []shop.Shortage           // a *shop.OutOfStockError with these, or success
			stock  map[string]int            // change of the warehouse's stock
			retail map[string]map[string]int // change of the shops': variant → city → qty
		}{
			{
				name:  "express more than the shop has, though the warehouse has it",
				run:   placeAs(&ignored, expressOrder(t, cat, "tg:1", "astana", "EX-1-S", 3)),
				short: []shop.Shortage{{VariantID: "EX-1-S", Wanted: 3, Left: 2}},
			},
			{
				name: "express: every shortage in the order's order, no retail row counts as none",
				run:  placeAs(&ignored, expressOrder(t, cat, "tg:1", "astana", "EX-1-L", 1, "EX-1-S", 1, "EX-1-XL", 1, "EX-1-M", 3)),
				short: []shop.Shortage{
					{VariantID: "EX-1-L", Wanted: 1, Left: 0},
					{VariantID: "EX-1-XL", Wanted: 1, Left: 0},
					{VariantID: "EX-1-M", Wanted: 3, Left: 2},
				},
			},
			{
				name:   "express from almaty takes only almaty's",
				run:    placeAs(&ignored, expressOrder(t, cat, "tg:2", "almaty", "EX-1-S", 3, "EX-1-XL", 1)),
				retail: map[string]map[string]int{"EX-1-S": {"almaty": -3}, "EX-1-XL": {"almaty": -1}},
			},
			{
				name:   "express from astana takes astana's, the warehouse's untouched",
				run:    placeAs(&exp, expressOrder(t, cat, "tg:1", "astana", "EX-1-S", 1, "EX-2-M", 4, "EX-1-S", 1)),
				retail: map[string]map[string]int{"EX-1-S": {"astana": -2}, "EX-2-M": {"astana": -4}},
			},
			{
				name:  "the shop is empty now, the warehouse is not",
				run:   placeAs(&ignored, expressOrder(t, cat, "tg:3", "astana", "EX-1-S", 1)),
				short: []shop.Shortage{{VariantID: "EX-1-S", Wanted: 1, Left: 0}},
			},
			{
				name:  "a warehouse order takes from the warehouse",
				run:   placeAs(&wh, warehouseOrder("tg:4", shop.PickupPoint, "EX-1-M", 3, "EX-1-S", 5)),
				stock: map[string]int{"EX-1-M": -3, "EX-1-S": -5},
			},
			{
				name:   "releasing the express order returns to its shop only",
				run:    func(st flows.Store) error { return st.ReleaseStock(ctx, exp) },
				retail: map[string]map[string]int{"EX-1-S": {"astana": 2}, "EX-2-M": {"astana": 4}},
			},
			{
				name:   "taking it again takes from its shop",
				run:    func(st flows.Store) error { return st.TakeStock(ctx, exp) },
				retail: map[string]map[string]int{"EX-1-S": {"astana": -2}, "EX-2-M": {"astana": -4}},
			},
			{
				name:  "taking it once more: the shop is short, the warehouse is not asked",
				run:   func(st flows.Store) error { return st.TakeStock(ctx, exp) },
				short: []shop.Shortage{{VariantID: "EX-1-S", Wanted: 2, Left: 0}},
			},
			{
				name: "releasing the order as stored returns to its shop",
				run: func(st flows.Store) error {
					o, err := st.Find(ctx, exp.ID)
					if err != nil {
						return err
					}
					return st.ReleaseStock(ctx, o)
				},
				retail: map[string]map[string]int{"EX-1-S": {"astana": 2}, "EX-2-M": {"astana": 4}},
			},
			{
				name:  "releasing the warehouse order returns to the warehouse only",
				run:   func(st flows.Store) error { return st.ReleaseStock(ctx, wh) },
				stock: map[string]int{"EX-1-M": 3, "EX-1-S": 5},
			},
		} {
			// The transaction commits even on a shortage, as a flow's does
			// when it tells the customer: nothing may have been taken.
			var err error
			inTx(t, db, func(tx bot.Tx) error {
				err = tc.run(tx.Flows())
				return nil
			})
			if tc.short == nil && err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if tc.short != nil {
				var oos *shop.OutOfStockError
				if !errors.As(err, &oos) {
					t.Fatalf("%s: %v, want *OutOfStockError", tc.name, err)
				}
				if !reflect.DeepEqual(oos.Short, tc.short) {
					t.Errorf("%s: shortages = %+v, want %+v", tc.name, oos.Short, tc.short)
				}
			}
			for id, n := range tc.stock {
				warehouse[id] += n
			}
			for id, cities := range tc.retail {
				for city, n := range cities {
					shops[id][city] += n
				}
			}
			if got := stock(t, db, ids...); !reflect.DeepEqual(got, warehouse) {
				t.Errorf("%s: warehouse stock = %v, want %v", tc.name, got, warehouse)
			}
			if got := retailStock(t, db); !reflect.DeepEqual(got, shops) {
				t.Errorf("%s: retail stock = %v, want %v", tc.name, got, shops)
			}
		}
		if n := countRows(t, db, `SELECT count(*) FROM orders`); n != 3 {
			t.Errorf("%d orders stored, want the 3 placed", n)
		}
	})
}

// TestPlaceLastRetailPiece races express orders for what a shop has left:
// exactly one wins, as in TestPlaceLastPiece for the warehouse.
func TestPlaceLastRetailPiece(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		cat := seedDeliveryCatalog(t, db) // EX-1-M: 2 in astana, 4 in the warehouse
		const buyers = storage.DefaultPool
		var (
			wg       sync.WaitGroup
			ready    sync.WaitGroup
			mu       sync.Mutex
			won, oos int
		)
		barrier := db.Dialect() == "postgres"
		ready.Add(buyers)
		for i := range buyers {
			o := expressOrder(t, cat, "tg:"+strconv.Itoa(i), "astana", "EX-2-M", 1, "EX-1-M", 2)
			wg.Go(func() {
				err := retryTx(ctx, db, func(tx bot.Tx, attempt int) error {
					st := tx.Flows()
					_, err := st.Available(ctx, []string{"EX-1-M"})
					if barrier && attempt == 0 {
						ready.Done()
						ready.Wait()
					}
					if err != nil {
						return err
					}
					_, err = st.Place(ctx, o)
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
		want := map[string]map[string]int{
			"EX-1-S": {"astana": 2, "almaty": 7}, "EX-1-M": {"astana": 0}, "EX-1-XL": {"almaty": 1}, "EX-2-M": {"astana": 19},
		}
		if got := retailStock(t, db); !reflect.DeepEqual(got, want) {
			t.Errorf("retail stock = %v, want %v", got, want)
		}
		if got, want := stock(t, db, "EX-1-M", "EX-2-M"), map[string]int{"EX-1-M": 4, "EX-2-M": 10}; !reflect.DeepEqual(got, want) {
			t.Errorf("warehouse stock = %v, want %v", got, want)
		}
	})
}

func TestExpressOrders(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		cat := seedDeliveryCatalog(t, db)
		var all []shop.Order
		for i, tc := range []struct {
			method shop.DeliveryMethod
			status shop.OrderStatus
		}{
			{shop.Express, shop.AwaitingQuote},     // 0 listed
			{shop.PickupPoint, shop.Paid},          // 1 CDEK
			{shop.Express, shop.Paid},              // 2 listed
			{shop.Express, shop.Delivered},         // 3 done
			{shop.Courier, shop.Processing},        // 4 CDEK
			{shop.Express, shop.Processing},        // 5 listed
			{shop.Express, shop.Cancelled},         // 6 done
			{shop.Express, shop.Shipped},           // 7 listed
			{shop.Express, shop.AwaitingPayment},   // 8 the customer has the link: nothing to follow
			{shop.PickupPoint, shop.Shipped},       // 9 CDEK
			{shop.Courier, shop.AwaitingQuote},     // 10 CDEK, whatever its status
			{shop.PickupPoint, shop.AwaitingQuote}, // 11 CDEK
		} {
			chat := "tg:" + strconv.Itoa(i)
			var o shop.Order
			switch {
			case i == 0: // two lines, kept in order; out of hours
				o = expressOrder(t, cat, chat, "astana", "EX-2-M", 2, "EX-1-S", 1)
				o.ReleaseAt = t0.Add(10 * time.Hour)
			case tc.method == shop.Express:
				o = expressOrder(t, cat, chat, "astana", "EX-2-M", 1)
			default:
				o = warehouseOrder(chat, tc.method, "EX-2-M", 1)
			}
			if i == 7 { // a claim on its way
				o.Courier = shop.CourierClaim{ID: "claim-7", Status: "pickuped"}
			}
			o.Status = tc.status
			o.CreatedAt = t0.Add(time.Duration(i) * time.Minute)
			p := mustPlace(t, db, o)
			if o.Courier != (shop.CourierClaim{}) {
				update(t, db, p) // Place stores no claim
			}
			all = append(all, p)
		}
		listed := func(idx ...int) []shop.Order {
			var out []shop.Order
			for _, i := range idx {
				out = append(out, asStored(all[i]))
			}
			return out
		}
		check := func(name string, after int64, limit int, want []shop.Order) {
			t.Helper()
			got, err := db.ExpressOrders(ctx, after, limit)
			if err != nil {
				t.Fatalf("%s: ExpressOrders: %v", name, err)
			}
			if !sameOrders(got, want) {
				t.Errorf("%s: ExpressOrders(%d, %d) =\n%+v\nwant\n%+v", name, after, limit, got, want)
			}
		}

		for _, tc := range []struct {
			name  string
			after int64
			limit int
			want  []shop.Order
		}{
			{"all, oldest first, with items", 0, 100, listed(0, 2, 5, 7)},
			{"first page", 0, 2, listed(0, 2)},
			{"next page", all[2].ID, 2, listed(5, 7)},
			{"from inside a gap", all[3].ID, 100, listed(5, 7)},
			{"one", all[0].ID, 1, listed(2)},
			{"after the last", all[7].ID, 100, nil},
			{"limit zero", 0, 0, nil},
		} {
			check(tc.name, tc.after, tc.limit, tc.want)
		}

		// Delivery takes an order off the list, a cancelled one coming back
		// puts it on; a CDEK order never is.
		all[2].Status = shop.Delivered
		all[6].Status = shop.Paid
		all[1].Status = shop.Processing
		for _, i := range []int{2, 6, 1} {
			update(t, db, all[i])
		}
		check("after updates", 0, 100, listed(0, 5, 6, 7))
	})
}
