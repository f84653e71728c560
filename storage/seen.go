package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
)

const (
	markSeenSQL = `INSERT INTO processed_updates (key, seen_at) VALUES %s
ON CONFLICT (key) DO NOTHING RETURNING key`

	deleteSeenSQL = `DELETE FROM processed_updates WHERE seen_at < $1`
)

// markSeen records dedupe keys in one statement and returns those that
// were new. A key twice in keys is fresh at most once.
func markSeen(ctx context.Context, ex sqlx.ExtContext, keys []string, now time.Time) (map[string]bool, error) {
	fresh := make(map[string]bool, len(keys))
	keys = slices.Clone(keys)
	slices.Sort(keys) // one order for every transaction: no deadlocks between two batches
	keys = slices.Compact(keys)
	err := chunks(len(keys), 1, func(i, j int) error {
		part := keys[i:j]
		args := make([]any, 0, len(part)+1)
		for _, k := range part {
			args = append(args, k)
		}
		args = append(args, utc(now))
		q := fmt.Sprintf(markSeenSQL, tuples(len(part), 1, ", "+param(len(part)+1)))
		var got []string
		if err := sqlx.SelectContext(ctx, ex, &got, q, args...); err != nil {
			return err
		}
		for _, k := range got {
			fresh[k] = true
		}
		return nil
	})
	if err != nil {
		return nil, wrap("mark seen", err)
	}
	return fresh, nil
}

// DeleteSeenBefore forgets dedupe keys recorded before t, for data
// retention, and returns how many it deleted. An update redelivered after
// that is handled again, so t must lie well beyond any channel's retries.
func (d *DB) DeleteSeenBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := d.db.ExecContext(ctx, deleteSeenSQL, utc(t))
	if err != nil {
		return 0, wrap("delete seen updates", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, wrap("delete seen updates", err)
	}
	return n, nil
}
