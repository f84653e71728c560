package storage

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/bot"
)

const (
	enqueueSQL = `INSERT INTO outbox (channel, chat_id, body, attempts, created_at, not_before) VALUES %s`

	// enqueueLeasedSQL inserts like enqueueSQL, but leases each row whose
	// fourth value is true to %[2]s until %[3]s, when its chat has no row
	// waiting already (else a claim takes it, after those, in order). %[1]s
	// is the VALUES rows, %[4]s the time queued. RETURNING gives the rows in
	// the order of VALUES. (OFFSET 0 keeps the subquery whole: its check is
	// then one subplan a row, which plans in a third of the time a join
	// takes, and planning is most of this statement's cost.)
	enqueueLeasedSQL = `INSERT INTO outbox (channel, chat_id, body, attempts, created_at, not_before, claimed_by, claimed_until)
SELECT v.channel, v.chat_id, v.body, CASE WHEN v.leased THEN 1 ELSE 0 END, %[4]s::timestamptz, %[4]s::timestamptz,
	CASE WHEN v.leased THEN %[2]s END, CASE WHEN v.leased THEN %[3]s::timestamptz END
FROM (
	SELECT q.channel, q.chat_id, q.body, q.direct::boolean AND NOT EXISTS (
		SELECT 1 FROM outbox e WHERE e.channel = q.channel AND e.chat_id = q.chat_id
	) AS leased
	FROM (VALUES %[1]s) AS q (channel, chat_id, body, direct)
	OFFSET 0
) AS v
RETURNING id, claimed_by IS NOT NULL`

	// claimSQL leases the oldest due, unclaimed rows of the channels. A row
	// waits while an older row of its chat is not due (released after a
	// failure) or leased to another owner, so a chat's replies go out in
	// order across senders; the owner may take rows behind its own. The
	// rows that hold their chat back are found once per chat (b), not
	// looked for behind every candidate: a staff chat with hundreds of
	// cards waiting made that a scan of its rows per card, the claim's
	// time growing with the square of its depth. %[1]s is the channels'
	// placeholders, %[2]s the row-locking clause: on Postgres, rows
	// another claimer is taking are skipped, and rows it has just taken
	// fail the re-checked WHERE. %[3]s leaves out the chats to skip.
	claimSQL = `UPDATE outbox SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1
WHERE id IN (
	SELECT o.id FROM outbox o
	LEFT JOIN (
		SELECT e.channel, e.chat_id, min(e.id) AS id FROM outbox e
		WHERE e.channel IN (%[1]s) AND (e.not_before > $3 OR (e.claimed_until >= $3 AND e.claimed_by <> $1))
		GROUP BY e.channel, e.chat_id
	) b ON b.channel = o.channel AND b.chat_id = o.chat_id
	WHERE o.channel IN (%[1]s) AND o.not_before <= $3 AND (o.claimed_until IS NULL OR o.claimed_until < $3)
	AND (b.id IS NULL OR o.id < b.id)%[3]s
	ORDER BY o.id LIMIT $4%[2]s
)
RETURNING id, channel, chat_id, body, attempts, created_at`

	// claimLockSQL makes Postgres claimers take turns. Without it two
	// claims at the same instant could split one chat's due rows, since
	// neither sees the other's uncommitted leases; the claim statement
	// after it takes its snapshot once the other claim has committed.
	claimLockSQL = `SELECT pg_advisory_xact_lock(7316001)`

	renewSQL = `UPDATE outbox SET claimed_until = $1 WHERE claimed_by = $2 AND id IN (%s)`

	ackSQL = `DELETE FROM outbox WHERE id IN (%s)`

	releaseSQL = `UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, not_before = $1
WHERE claimed_by = $2 AND id IN (%s)`
)

type outboxRow struct {
	ID        int64  `db:"id"`
	Channel   string `db:"channel"`
	ChatID    string `db:"chat_id"`
	Body      []byte `db:"body"`
	Attempts  int    `db:"attempts"`
	CreatedAt stamp  `db:"created_at"`
}

// enqueue inserts outbox rows in one statement, due at once.
func enqueue(ctx context.Context, ex sqlx.ExtContext, msgs []bot.OutboxMessage, now time.Time) error {
	err := chunks(len(msgs), 3, func(i, j int) error {
		part := msgs[i:j]
		args := make([]any, 0, 3*len(part)+1)
		for _, m := range part {
			args = append(args, m.Channel, m.ChatID, string(m.Body)) // text, kept byte for byte
		}
		args = append(args, utc(now))
		ts := param(3*len(part) + 1)
		q := fmt.Sprintf(enqueueSQL, tuples(len(part), 3, ", 0, "+ts+", "+ts))
		_, err := ex.ExecContext(ctx, q, args...)
		return err
	})
	return wrap("enqueue", err)
}

// enqueueLeased inserts outbox rows like enqueue and leases to lease.Owner
// the Direct ones on the lease's channels whose chat has nothing else
// waiting, setting their ID, Attempts and Leased: they are the owner's to
// send once the transaction commits, with no claim. A row whose chat has
// an older one waiting is left to a claim, which keeps the chat's order.
// Postgres only: SQLite queues them all unleased.
func enqueueLeased(ctx context.Context, ex sqlx.ExtContext, d dialect, msgs []bot.OutboxMessage, lease bot.Lease, now time.Time) error {
	if d != dialectPostgres {
		return enqueue(ctx, ex, msgs, now)
	}
	err := chunks(len(msgs), 4, func(i, j int) error {
		part := msgs[i:j]
		n := 4 * len(part)
		args := make([]any, 0, n+3)
		for _, m := range part {
			args = append(args, m.Channel, m.ChatID, string(m.Body), m.Direct && lease.Covers(m.Channel))
		}
		args = append(args, lease.Owner, utc(lease.Until), utc(now))
		q := fmt.Sprintf(enqueueLeasedSQL, tuples(len(part), 4, ""), param(n+1), param(n+2), param(n+3))
		rows, err := ex.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		k := 0
		for ; rows.Next(); k++ {
			if k == len(part) {
				return fmt.Errorf("%d rows returned for %d queued", k+1, len(part))
			}
			m := &part[k]
			if err := rows.Scan(&m.ID, &m.Leased); err != nil {
				return err
			}
			if m.Leased {
				m.Attempts, m.CreatedAt = 1, utc(now).Time()
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if k != len(part) {
			return fmt.Errorf("%d rows returned for %d queued", k, len(part))
		}
		return nil
	})
	return wrap("enqueue", err)
}

// Claim leases up to limit due messages of the channels to owner until the
// lease ends, oldest first, in one statement; the attempt count of each
// grows by one. Rows another owner holds are skipped until its lease ends,
// and so are the later rows of their chat, and of a chat whose earlier row
// was released to be retried later: a chat's messages never overtake each
// other, also between claimers running at once (on Postgres they take
// turns through an advisory lock; SQLite has one writer anyway). The chats
// of skip are not claimed for.
func (d *DB) Claim(ctx context.Context, channels []string, owner string, limit int, lease time.Duration, skip []bot.ChatRef) ([]bot.OutboxMessage, error) {
	if len(channels) == 0 || limit <= 0 {
		return nil, nil
	}
	now := d.now()
	args := []any{owner, utc(now.Add(lease)), utc(now), limit}
	for _, c := range channels {
		args = append(args, c)
	}
	skipped := ""
	if len(skip) > 0 {
		pairs := make([]string, len(skip))
		for i, c := range skip {
			pairs[i] = fmt.Sprintf("($%d, $%d)", len(args)+1, len(args)+2)
			args = append(args, c.Channel, c.ChatID)
		}
		skipped = " AND (o.channel, o.chat_id) NOT IN (" + strings.Join(pairs, ", ") + ")"
	}
	q := fmt.Sprintf(claimSQL, placeholders(len(channels), 5), d.dialect.skipLocked("o"), skipped)
	var rows []outboxRow
	var err error
	if d.dialect == dialectPostgres {
		err = d.inTx(ctx, nil, func(tx *sqlx.Tx) error {
			if _, err := tx.ExecContext(ctx, claimLockSQL); err != nil {
				return err
			}
			return sqlx.SelectContext(ctx, tx, &rows, q, args...)
		})
	} else {
		err = sqlx.SelectContext(ctx, d.db, &rows, q, args...)
	}
	if err != nil {
		return nil, wrap("claim outbox", err)
	}
	slices.SortFunc(rows, func(a, b outboxRow) int { return cmp.Compare(a.ID, b.ID) })
	out := make([]bot.OutboxMessage, len(rows))
	for i, r := range rows {
		out[i] = bot.OutboxMessage{
			ID: r.ID, Channel: r.Channel, ChatID: r.ChatID, Body: r.Body,
			Attempts: r.Attempts, CreatedAt: r.CreatedAt.Time(),
		}
	}
	return out, nil
}

// Renew extends to now+lease the lease of those ids owner still holds.
func (d *DB) Renew(ctx context.Context, owner string, ids []int64, lease time.Duration) error {
	err := chunks(len(ids), 1, func(i, j int) error {
		args := append([]any{utc(d.now().Add(lease)), owner}, anys(ids[i:j])...)
		_, err := d.db.ExecContext(ctx, fmt.Sprintf(renewSQL, placeholders(j-i, 3)), args...)
		return err
	})
	return wrap("renew outbox lease", err)
}

// Ack deletes messages that were sent or given up, in one statement.
func (d *DB) Ack(ctx context.Context, ids []int64) error {
	err := chunks(len(ids), 1, func(i, j int) error {
		_, err := d.db.ExecContext(ctx, fmt.Sprintf(ackSQL, placeholders(j-i, 1)), anys(ids[i:j])...)
		return err
	})
	return wrap("ack outbox", err)
}

// Release gives back those ids owner holds, to be claimed again no earlier
// than at; rows another owner has claimed since stay with it.
func (d *DB) Release(ctx context.Context, owner string, ids []int64, at time.Time) error {
	err := chunks(len(ids), 1, func(i, j int) error {
		args := append([]any{utc(at), owner}, anys(ids[i:j])...)
		_, err := d.db.ExecContext(ctx, fmt.Sprintf(releaseSQL, placeholders(j-i, 3)), args...)
		return err
	})
	return wrap("release outbox", err)
}
