package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/shop"
)

const (
	handoffColumns = `id, chat_key, lang, opened_at, last_at, closed_at, closed_by`

	openHandoffOfChatSQL = `SELECT ` + handoffColumns + ` FROM handoffs WHERE chat_key = $1 AND closed_at IS NULL`
	insertHandoffSQL     = `INSERT INTO handoffs (chat_key, lang, opened_at, last_at) VALUES ($1, $2, $3, $3) RETURNING id`
	getHandoffSQL        = `SELECT ` + handoffColumns + ` FROM handoffs WHERE id = $1`
	touchHandoffSQL      = `UPDATE handoffs SET last_at = $2 WHERE id = $1 AND closed_at IS NULL`
	closeHandoffSQL      = `UPDATE handoffs SET closed_at = $2, closed_by = $3 WHERE id = $1 AND closed_at IS NULL`
	silentHandoffsSQL    = `SELECT ` + handoffColumns + ` FROM handoffs WHERE closed_at IS NULL AND last_at < $1 ORDER BY id LIMIT $2`
)

type handoffRow struct {
	ID       int64    `db:"id"`
	ChatKey  string   `db:"chat_key"`
	Lang     string   `db:"lang"`
	OpenedAt stamp    `db:"opened_at"`
	LastAt   stamp    `db:"last_at"`
	ClosedAt optStamp `db:"closed_at"`
	ClosedBy string   `db:"closed_by"`
}

func (r handoffRow) toDomain() shop.Handoff {
	return shop.Handoff{ID: r.ID, ChatKey: r.ChatKey, Lang: shop.Lang(r.Lang), OpenedAt: r.OpenedAt.Time(),
		LastAt: r.LastAt.Time(), ClosedAt: r.ClosedAt.Time(), ClosedBy: r.ClosedBy}
}

// OpenHandoff returns the chat's open handoff, or opens one. The chat's
// session row is locked by the engine, so two opens never race.
func (s domain) OpenHandoff(ctx context.Context, chatKey string, lang shop.Lang, now time.Time) (shop.Handoff, bool, error) {
	var r handoffRow
	err := sqlx.GetContext(ctx, s.ex, &r, openHandoffOfChatSQL, chatKey)
	if err == nil {
		return r.toDomain(), false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return shop.Handoff{}, false, wrap("open handoff", err)
	}
	h := shop.Handoff{ChatKey: chatKey, Lang: lang, OpenedAt: utc(now).Time(), LastAt: utc(now).Time()}
	if err := sqlx.GetContext(ctx, s.ex, &h.ID, insertHandoffSQL, chatKey, string(lang), utc(now)); err != nil {
		return shop.Handoff{}, false, wrap("open handoff", err)
	}
	return h, true, nil
}

// GetHandoff returns a handoff, open or closed, or shop.ErrNotFound.
func (s domain) GetHandoff(ctx context.Context, id int64) (shop.Handoff, error) {
	var r handoffRow
	if err := sqlx.GetContext(ctx, s.ex, &r, getHandoffSQL, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return shop.Handoff{}, shop.ErrNotFound
		}
		return shop.Handoff{}, wrap("get handoff", err)
	}
	return r.toDomain(), nil
}

// TouchHandoff records a message in an open handoff.
func (s domain) TouchHandoff(ctx context.Context, id int64, now time.Time) error {
	_, err := s.ex.ExecContext(ctx, touchHandoffSQL, id, utc(now))
	return wrap("touch handoff", err)
}

// CloseHandoff closes an open handoff; closed is false when it was already.
func (s domain) CloseHandoff(ctx context.Context, id int64, by string, now time.Time) (bool, error) {
	res, err := s.ex.ExecContext(ctx, closeHandoffSQL, id, utc(now), by)
	if err != nil {
		return false, wrap("close handoff", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("close handoff: %w", err)
	}
	return n == 1, nil
}

// SilentHandoffs returns up to limit open handoffs with no message since
// before, oldest first: the bot takes those conversations back.
func (d *DB) SilentHandoffs(ctx context.Context, before time.Time, limit int) ([]shop.Handoff, error) {
	var rows []handoffRow
	if err := sqlx.SelectContext(ctx, d.db, &rows, silentHandoffsSQL, utc(before), limit); err != nil {
		return nil, wrap("silent handoffs", err)
	}
	out := make([]shop.Handoff, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
