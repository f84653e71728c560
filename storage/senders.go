package storage

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/bot"
)

var _ bot.Peers = (*DB)(nil)

// Beat records that owner sends on channels until now+lease (and on no
// other channel), forgets senders whose lease has ended, and returns how
// many senders each of channels has now, owner included.
func (d *DB) Beat(ctx context.Context, owner string, channels []string, lease time.Duration) (map[string]int, error) {
	now := d.now()
	counts := make(map[string]int, len(channels))
	err := d.inTx(ctx, nil, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM senders WHERE owner = $1 OR until < $2`, owner, utc(now)); err != nil {
			return err
		}
		for _, ch := range channels {
			if _, err := tx.ExecContext(ctx, `INSERT INTO senders (owner, channel, until) VALUES ($1, $2, $3)`, owner, ch, utc(now.Add(lease))); err != nil {
				return err
			}
			counts[ch] = 0
		}
		var rows []struct {
			Channel string `db:"channel"`
			N       int    `db:"n"`
		}
		if err := sqlx.SelectContext(ctx, tx, &rows, `SELECT channel, count(*) AS n FROM senders GROUP BY channel`); err != nil {
			return err
		}
		for _, r := range rows {
			if _, ours := counts[r.Channel]; ours {
				counts[r.Channel] = r.N
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap("beat", err)
	}
	return counts, nil
}

// Leave forgets owner as a sender: the others take its share at once.
func (d *DB) Leave(ctx context.Context, owner string) error {
	_, err := d.db.ExecContext(ctx, `DELETE FROM senders WHERE owner = $1`, owner)
	return wrap("leave", err)
}
