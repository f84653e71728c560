package storage_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

// normalize makes an absent and an empty retail map the same.
func normalize(prods []shop.Product) []shop.Product {
	out := make([]shop.Product, len(prods))
	for i, p := range prods {
		vs := make([]shop.Variant, len(p.Variants))
		for j, v := range p.Variants {
			if len(v.Retail) == 0 {
				v.Retail = nil
			}
			vs[j] = v
		}
		p.Variants = vs
		out[i] = p
	}
	return out
}

func checkCatalog(t *testing.T, db *storage.DB, cats []shop.Category, prods []shop.Product) {
	t.Helper()
	got, err := db.LoadCatalog(context.Background())
	if err != nil {
		t.Fatalf("LoadCatalog: %v", err)
	}
	if !same(got.Categories(), cats) {
		t.Errorf("categories =\n%+v\nwant\n%+v", got.Categories(), cats)
	}
	if g, w := normalize(got.Products()), normalize(prods); !same(g, w) {
		t.Errorf("products =\n%+v\nwant\n%+v", g, w)
	}
}

func TestCatalog(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		empty := func(want bool) {
			t.Helper()
			got, err := db.CatalogEmpty(ctx)
			if err != nil || got != want {
				t.Errorf("CatalogEmpty = %v, %v; want %v", got, err, want)
			}
		}

		empty(true)
		checkCatalog(t, db, nil, nil)

		cats, prods := testCatalog()
		if err := db.ReplaceCatalog(ctx, cats, prods); err != nil {
			t.Fatalf("ReplaceCatalog: %v", err)
		}
		empty(false)
		checkCatalog(t, db, cats, prods)

		// An order placed now keeps its lines when the variant goes.
		placed, err := place(t, db, order("tg:1", "LT-200-M", 1))
		if err != nil {
			t.Fatal(err)
		}

		// The next import: a category, a product and a variant gone, a
		// product moved, another new, stock and order changed.
		cats2 := []shop.Category{
			{ID: "coats", Name: loc("Сырт киім", "Верхняя одежда")},
			{ID: "tops", Name: loc("Жейделер", "Рубашки")},
		}
		prods2 := []shop.Product{
			{
				SKU: "LT-400", CategoryID: "coats", Name: loc("Тренч", "Тренч"), Price: 59000,
				Variants: []shop.Variant{{ID: "LT-400-S", Size: "S", Stock: 4, Retail: map[string]int{"astana": 3}}},
			},
			{
				SKU: "LT-300", CategoryID: "coats", Name: loc("Жейде", "Рубашка"), Description: loc("Зығыр", "Лён"),
				Price: 13900, Photo: "AgACAgIAAxkBAAIB", WeightGrams: 280,
				Variants: []shop.Variant{
					{ID: "LT-300-L", Size: "L", Colour: loc("қара", "чёрный"), Stock: 7},
					{ID: "LT-300-S", Size: "S", Colour: loc("ақ", "белый"), Stock: 0, Retail: map[string]int{"almaty": 0, "shymkent": 4}},
				},
			},
			{
				SKU: "LT-100", CategoryID: "tops", Name: loc("Көйлек", "Платье"), Price: 24500,
				Variants: []shop.Variant{{ID: "LT-100-M", Size: "M", Stock: 1}},
			},
		}
		if err := db.ReplaceCatalog(ctx, cats2, prods2); err != nil {
			t.Fatalf("second ReplaceCatalog: %v", err)
		}
		checkCatalog(t, db, cats2, prods2)
		want := map[string]int{"LT-300-L": 7, "LT-300-S": 0, "LT-100-M": 1, "LT-400-S": 4}
		if got := stock(t, db, "LT-300-L", "LT-300-S", "LT-300-M", "LT-100-M", "LT-100-XS", "LT-200-M", "LT-400-S"); !reflect.DeepEqual(got, want) {
			t.Errorf("Available = %v, want %v (removed variants absent)", got, want)
		}
		if got, err := withOrder(t, db, placed); err != nil || len(got.Items) != 1 || got.Items[0].VariantID != "LT-200-M" {
			t.Errorf("order after its variant left the catalog: %+v, %v", got, err)
		}

		// A catalog shop refuses changes nothing.
		bad := []shop.Product{{SKU: "LT-500", CategoryID: "nowhere", Name: loc("x", "x"), Price: 1,
			Variants: []shop.Variant{{ID: "LT-500-M", Size: "M"}}}}
		if err := db.ReplaceCatalog(ctx, cats2, bad); err == nil {
			t.Error("ReplaceCatalog accepted a product of an unknown category")
		}
		checkCatalog(t, db, cats2, prods2)

		// An empty import empties the catalog.
		if err := db.ReplaceCatalog(ctx, nil, nil); err != nil {
			t.Fatalf("empty ReplaceCatalog: %v", err)
		}
		empty(true)
		checkCatalog(t, db, nil, nil)
	})
}

func withOrder(t *testing.T, db *storage.DB, o shop.Order) (shop.Order, error) {
	t.Helper()
	var got shop.Order
	var err error
	withFlows(t, db, func(st flows.Store) error {
		got, err = st.Get(context.Background(), o.ChatKey, o.ID)
		return nil
	})
	return got, err
}

// same is reflect.DeepEqual with nil and empty slices alike.
func same[T any](a, b []T) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}
