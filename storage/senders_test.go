package storage_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/lete-store/letebot/storage"
)

// TestBeat: senders count per channel while their leases run; one that
// stops beating drops out when its lease ends, one that leaves at once,
// and a beat names all the channels its sender has now.
func TestBeat(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		lease := 15 * time.Second
		beat := func(owner string, channels ...string) map[string]int {
			t.Helper()
			got, err := db.Beat(ctx, owner, channels, lease)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		steps := []struct {
			name string
			do   func() map[string]int
			want map[string]int
		}{
			{"a alone", func() map[string]int { return beat("a", "telegram", "whatsapp") }, map[string]int{"telegram": 1, "whatsapp": 1}},
			{"b beside a", func() map[string]int { return beat("b", "telegram") }, map[string]int{"telegram": 2}},
			{"a again", func() map[string]int { return beat("a", "telegram", "whatsapp") }, map[string]int{"telegram": 2, "whatsapp": 1}},
			{"a without whatsapp now", func() map[string]int { return beat("a", "telegram") }, map[string]int{"telegram": 2}},
			{"b after a's lease ended", func() map[string]int {
				clk.Add(10 * time.Second)
				beat("b", "telegram")
				clk.Add(10 * time.Second) // a's ended 5 s ago, b's runs 5 s more
				return beat("b", "telegram", "whatsapp")
			}, map[string]int{"telegram": 1, "whatsapp": 1}},
			{"c after b left", func() map[string]int {
				if err := db.Leave(ctx, "b"); err != nil {
					t.Fatal(err)
				}
				return beat("c", "telegram")
			}, map[string]int{"telegram": 1}},
		}
		for _, st := range steps {
			if got := st.do(); !maps.Equal(got, st.want) {
				t.Errorf("%s: %v, want %v", st.name, got, st.want)
			}
		}
	})
}
