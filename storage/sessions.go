package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/bot"
)

const (
	// Empty rows (data NULL) give LockSessions a row to lock for a chat
	// never seen; they read as absent.
	createSessionsSQL = `INSERT INTO sessions (chat_key, data, updated_at) VALUES %s
ON CONFLICT (chat_key) DO NOTHING`

	lockSessionsSQL = `SELECT chat_key, data, updated_at FROM sessions
WHERE chat_key IN (%s) ORDER BY chat_key%s`

	saveSessionsSQL = `INSERT INTO sessions (chat_key, data, updated_at) VALUES %s
ON CONFLICT (chat_key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`
)

type sessionRow struct {
	ChatKey   string `db:"chat_key"`
	Data      []byte `db:"data"`
	UpdatedAt stamp  `db:"updated_at"`
}

// lockSessions creates the missing session rows and locks them all, in key
// order so that two transactions never wait on each other in a circle: two
// statements for any number of chats.
func lockSessions(ctx context.Context, ex sqlx.ExtContext, d dialect, chatKeys []string, now time.Time) (map[string]bot.SessionRow, error) {
	keys := slices.Clone(chatKeys)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	out := make(map[string]bot.SessionRow, len(keys))
	err := chunks(len(keys), 1, func(i, j int) error {
		part := keys[i:j]
		args := make([]any, 0, len(part)+1)
		for _, k := range part {
			args = append(args, k)
		}
		args = append(args, utc(now))
		q := fmt.Sprintf(createSessionsSQL, tuples(len(part), 1, ", NULL, "+param(len(part)+1)))
		if _, err := ex.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		var rows []sessionRow
		q = fmt.Sprintf(lockSessionsSQL, placeholders(len(part), 1), d.forUpdate())
		if err := sqlx.SelectContext(ctx, ex, &rows, q, args[:len(part)]...); err != nil {
			return err
		}
		for _, r := range rows {
			if r.Data == nil {
				continue // created empty: a chat never seen
			}
			out[r.ChatKey] = bot.SessionRow{ChatKey: r.ChatKey, Data: r.Data, UpdatedAt: r.UpdatedAt.Time()}
		}
		return nil
	})
	if err != nil {
		return nil, wrap("lock sessions", err)
	}
	return out, nil
}

// saveSessions upserts sessions in one statement; a row without data (or
// without UpdatedAt) is saved as of now. When a chat appears twice, the
// last row wins.
func saveSessions(ctx context.Context, ex sqlx.ExtContext, rows []bot.SessionRow, now time.Time) error {
	rows = lastPerChat(rows)
	err := chunks(len(rows), 3, func(i, j int) error {
		part := rows[i:j]
		args := make([]any, 0, 3*len(part))
		for _, r := range part {
			var data any // NULL: the session reads as absent
			if len(r.Data) > 0 {
				data = string(r.Data) // text, which jsonb accepts; []byte would go binary
			}
			t := r.UpdatedAt
			if t.IsZero() {
				t = now
			}
			args = append(args, r.ChatKey, data, utc(t))
		}
		_, err := ex.ExecContext(ctx, fmt.Sprintf(saveSessionsSQL, tuples(len(part), 3, "")), args...)
		return err
	})
	return wrap("save sessions", err)
}

// lastPerChat drops all but the last row of each chat: one upsert statement
// may not touch a row twice.
func lastPerChat(rows []bot.SessionRow) []bot.SessionRow {
	seen := make(map[string]int, len(rows))
	dup := false
	for i, r := range rows {
		if _, ok := seen[r.ChatKey]; ok {
			dup = true
		}
		seen[r.ChatKey] = i
	}
	if !dup {
		return rows
	}
	out := make([]bot.SessionRow, 0, len(seen))
	for i, r := range rows {
		if seen[r.ChatKey] == i {
			out = append(out, r)
		}
	}
	return out
}
