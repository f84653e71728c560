package billing

import (
	"context"
	"sync"

	"github.com/lete-store/letebot/shop"
)

// inboxBatch bounds the events one statement stores.
const inboxBatch = 256

// inbox stores payment events as the webhook receives them, many in one
// transaction: while one batch commits, the next gathers. The provider may
// post hundreds at once; each waits only for the commit that holds it.
type inbox struct {
	save func(ctx context.Context, evs []shop.PaymentEvent) error

	mu       sync.Mutex
	pending  []inboxItem
	flushing bool
}

type inboxItem struct {
	ev   shop.PaymentEvent
	done chan error
}

// add stores ev and returns once it is committed.
func (b *inbox) add(ctx context.Context, ev shop.PaymentEvent) error {
	it := inboxItem{ev: ev, done: make(chan error, 1)}
	b.mu.Lock()
	b.pending = append(b.pending, it)
	if !b.flushing {
		b.flushing = true
		// The flush outlives a caller that gives up: others wait on it.
		go b.flush(context.WithoutCancel(ctx))
	}
	b.mu.Unlock()
	select {
	case err := <-it.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// flush stores what is pending, batch after batch, until nothing is.
func (b *inbox) flush(ctx context.Context) {
	for {
		b.mu.Lock()
		n := min(len(b.pending), inboxBatch)
		batch := b.pending[:n:n]
		b.pending = b.pending[n:]
		if n == 0 {
			b.pending = nil
			b.flushing = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		evs := make([]shop.PaymentEvent, n)
		for i, it := range batch {
			evs[i] = it.ev
		}
		err := b.save(ctx, evs)
		for _, it := range batch {
			it.done <- err
		}
	}
}
