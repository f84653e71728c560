// Package bottest wires the parts the engine runs on, for tests and
// benchmarks: the sample catalog in a real database, the texts, the Lete
// store profile and flows on a given clock.
package bottest

import (
	"context"
	"testing"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
	"github.com/lete-store/letebot/storage"
)

// Kit is what an engine needs besides its store.
type Kit struct {
	Texts   *messages.Catalog
	Profile *shop.Profile
	Catalog *shop.Catalog
	Flows   *flows.Flows
}

// Seed imports the sample catalog into a migrated database; adjust, when
// not nil, may change each product first (a benchmark raises the stock).
func Seed(t testing.TB, db *storage.DB, adjust func(*shop.Product)) {
	t.Helper()
	cats, products := catalogfile.Sample()
	if adjust != nil {
		for i := range products {
			adjust(&products[i])
		}
	}
	if err := db.ReplaceCatalog(context.Background(), cats, products); err != nil {
		t.Fatalf("seed the sample catalog: %v", err)
	}
}

// New loads the database's catalog and builds the texts and flows on clock
// (nil: the system clock).
func New(t testing.TB, db *storage.DB, clock shop.Clock) *Kit {
	t.Helper()
	cat, err := db.LoadCatalog(context.Background())
	if err != nil {
		t.Fatalf("load the catalog: %v", err)
	}
	texts, err := messages.New()
	if err != nil {
		t.Fatalf("texts: %v", err)
	}
	profile := shop.DefaultProfile()
	return &Kit{
		Texts:   texts,
		Profile: profile,
		Catalog: cat,
		Flows: flows.New(flows.Config{
			Catalog:  func() *shop.Catalog { return cat },
			Profile:  profile,
			Delivery: shop.FallbackQuoter{Profile: profile},
			Clock:    clock,
		}),
	}
}
