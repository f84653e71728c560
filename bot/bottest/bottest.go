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

// Option adjusts the flows' configuration before New builds them.
type Option func(*flows.Config)

// WithDelivery prices delivery with quoter and lists pickup points with
// points (nil: the customer types the point's address), instead of the
// profile's fallback tariffs; autoQuote says express prices come from the
// courier service rather than from staff.
func WithDelivery(quoter shop.DeliveryQuoter, points shop.DeliveryPoints, autoQuote bool) Option {
	return func(c *flows.Config) {
		c.Delivery, c.Points, c.AutoQuote = quoter, points, autoQuote
	}
}

// New loads the database's catalog and builds the texts and flows on clock
// (nil: the system clock), with the fallback tariffs unless an option says
// otherwise.
func New(t testing.TB, db *storage.DB, clock shop.Clock, opts ...Option) *Kit {
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
	cfg := flows.Config{
		Catalog:  func() *shop.Catalog { return cat },
		Profile:  profile,
		Delivery: shop.FallbackQuoter{Profile: profile},
		Clock:    clock,
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	return &Kit{Texts: texts, Profile: profile, Catalog: cat, Flows: flows.New(cfg)}
}
