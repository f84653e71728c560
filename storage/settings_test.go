package storage_test

import (
	"context"
	"testing"

	"github.com/lete-store/letebot/storage"
)

// TestSecret: a secret is made once and then kept, per name.
func TestSecret(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		a, err := db.Secret(ctx, "testpay")
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != 64 {
			t.Errorf("secret %q, want 64 hex characters", a)
		}
		again, err := db.Secret(ctx, "testpay")
		if err != nil || again != a {
			t.Errorf("second call = %q, %v; want the first %q", again, err, a)
		}
		other, err := db.Secret(ctx, "other")
		if err != nil || other == a {
			t.Errorf("another name = %q, %v; want a different secret", other, err)
		}
	})
}
