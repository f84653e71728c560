package storage

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/shop"
)

// stockLedger holds an engine transaction's stock changes until just
// before it commits. Every order placed in a busy minute takes from the
// same few variant rows, and those rows stay locked until the transaction
// that changed them commits: changed at once, they would make each batch
// of chats wait for the whole of the batch before it (its other chats'
// flows, its inserts, its commit). Kept here, they are checked against
// the committed stock when an order is placed, and applied in one short
// step at the end, so batches overlap all but their last statements.
type stockLedger struct {
	delta map[stockKey]int // the change to apply, per stock row
	// read is each row's committed stock as the transaction first read
	// it. A batch shows and places the same few variants many times;
	// reading each once is a round trip less every time, and apply checks
	// the rows again under the lock.
	read map[stockKey]readStock
}

// readStock is a stock row as read; has is false when there is no row
// (a variant the catalog no longer has).
type readStock struct {
	qty int
	has bool
}

// committed returns the committed stock of the ids, the warehouse's or a
// retail shop's, reading only the rows this transaction has not read yet;
// ids without a row are absent.
func (l *stockLedger) committed(ctx context.Context, ex sqlx.ExtContext, d dialect, retail string, ids []string) (map[string]int, error) {
	if l.read == nil {
		l.read = make(map[stockKey]readStock)
	}
	var unread []string
	for _, id := range ids {
		if _, ok := l.read[stockKey{retail, id}]; !ok {
			unread = append(unread, id)
		}
	}
	if len(unread) > 0 {
		rows, err := stockRows(ctx, ex, d, retail, unread, false)
		if err != nil {
			return nil, wrap("read stock", err)
		}
		for _, id := range unread {
			n, has := rows[id]
			l.read[stockKey{retail, id}] = readStock{qty: n, has: has}
		}
	}
	out := make(map[string]int, len(ids))
	for _, id := range ids {
		if r := l.read[stockKey{retail, id}]; r.has {
			out[id] = r.qty
		}
	}
	return out, nil
}

// stockKey names a stock row: a variant in the warehouse (shop "") or in a
// city's retail shop.
type stockKey struct{ shop, variant string }

// left is what a variant has for this transaction: the committed stock
// with the ledger's changes.
func (l *stockLedger) left(shop, variant string, committed int) int {
	return committed + l.delta[stockKey{shop, variant}]
}

func (l *stockLedger) add(shop string, qty map[string]int, sign int) {
	if l.delta == nil {
		l.delta = make(map[stockKey]int)
	}
	for id, n := range qty {
		l.delta[stockKey{shop, id}] += sign * n
	}
}

// apply writes the ledger's changes: the warehouse's rows first, then each
// shop's, every set in id order under the stock lock, so two transactions
// never wait on each other in a circle. A row that no longer covers what
// was taken from it (another transaction took it after this one read it)
// fails the transaction with bot.ErrRetryTx: run again, it sees the
// shortage when the order is placed.
func (l *stockLedger) apply(ctx context.Context, ex sqlx.ExtContext, d dialect) error {
	if len(l.delta) == 0 {
		return nil
	}
	byShop := make(map[string]map[string]int)
	for k, n := range l.delta {
		if n == 0 {
			continue
		}
		if byShop[k.shop] == nil {
			byShop[k.shop] = make(map[string]int)
		}
		byShop[k.shop][k.variant] = n
	}
	if len(byShop) == 0 {
		return nil
	}
	if err := d.lockStock(ctx, ex); err != nil {
		return wrap("apply stock", err)
	}
	for _, shop := range slices.Sorted(maps.Keys(byShop)) {
		delta := byShop[shop]
		ids := slices.Sorted(maps.Keys(delta))
		left, err := stockRows(ctx, ex, d, shop, ids, true)
		if err != nil {
			return wrap("apply stock", err)
		}
		for _, id := range ids {
			if delta[id] < 0 && left[id]+delta[id] < 0 {
				return fmt.Errorf("apply stock: %s has %d, %d taken: %w", id, left[id], -delta[id], bot.ErrRetryTx)
			}
		}
		if err := addStock(ctx, ex, shop, ids, delta); err != nil {
			return fmt.Errorf("apply stock: %w", err)
		}
	}
	return nil
}

// stockRows reads what the stock rows of the ids have, the warehouse's or
// a retail shop's, locking them when asked (the ids sorted, so that locks
// are taken in one order); ids without a row are absent.
func stockRows(ctx context.Context, ex sqlx.ExtContext, d dialect, retail string, ids []string, lock bool) (map[string]int, error) {
	suffix := ""
	if lock {
		suffix = d.forUpdate()
	}
	left := make(map[string]int, len(ids))
	err := chunks(len(ids), 1, func(i, j int) error {
		q, args := fmt.Sprintf(lockStockSQL, placeholders(j-i, 1), suffix), anys(ids[i:j])
		if retail != "" {
			q = fmt.Sprintf(lockRetailSQL, placeholders(j-i, 1), j-i+1, suffix)
			args = append(args, retail)
		}
		var rows []variantRow
		if err := sqlx.SelectContext(ctx, ex, &rows, q, args...); err != nil {
			return err
		}
		for _, r := range rows {
			left[r.ID] = r.Stock
		}
		return nil
	})
	return left, err
}

// takeStock reserves the items' quantities from the warehouse, or from the
// retail shop of a city when one is given, or returns *shop.OutOfStockError
// listing every shortage and taking nothing. The rows are read (once a
// transaction), not locked, and the change waits in the ledger for the
// commit.
func (s domain) takeStock(ctx context.Context, retail string, items []shop.OrderItem) error {
	want, ids, err := quantities(items)
	if err != nil {
		return err
	}
	left, err := s.ledger.committed(ctx, s.ex, s.d, retail, ids)
	if err != nil {
		return err
	}
	var short []shop.Shortage
	for _, id := range ids { // in the order's order, for the message
		has := s.ledger.left(retail, id, left[id])
		if want[id] > has {
			short = append(short, shop.Shortage{VariantID: id, Wanted: want[id], Left: max(has, 0)})
		}
	}
	if len(short) > 0 {
		return &shop.OutOfStockError{Short: short}
	}
	s.ledger.add(retail, want, -1)
	return nil
}

// releaseStock returns the quantities to where they were taken from, in
// the ledger.
func (s domain) releaseStock(_ context.Context, retail string, items []shop.OrderItem) error {
	want, _, err := quantities(items)
	if err != nil {
		return err
	}
	s.ledger.add(retail, want, +1)
	return nil
}
