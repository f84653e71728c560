package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"
)

// menusKept is how many numbered menus a WhatsApp chat keeps: enough for a
// customer quoting a message from a while ago, few enough to stay small.
const menusKept = 20

const (
	noteContactSQL = `INSERT INTO wa_contacts (chat_id, lid, first_at, last_at) VALUES ($1, $2, $3, $3)
ON CONFLICT (chat_id) DO UPDATE SET last_at = excluded.last_at,
	lid = CASE WHEN excluded.lid <> '' THEN excluded.lid ELSE wa_contacts.lid END`
	contactedSQL = `SELECT 1 FROM wa_contacts WHERE chat_id = $1`
	saveMenuSQL  = `INSERT INTO wa_menus (chat_id, message_id, sent_at, menu) VALUES ($1, $2, $3, $4)
ON CONFLICT (chat_id, message_id) DO UPDATE SET sent_at = excluded.sent_at, menu = excluded.menu`
	pruneMenusSQL = `DELETE FROM wa_menus WHERE chat_id = $1 AND message_id NOT IN (
	SELECT message_id FROM wa_menus WHERE chat_id = $1 ORDER BY sent_at DESC, message_id DESC LIMIT $2)`
	menuSQL       = `SELECT menu FROM wa_menus WHERE chat_id = $1 AND message_id = $2`
	latestMenuSQL = `SELECT menu FROM wa_menus WHERE chat_id = $1 ORDER BY sent_at DESC, message_id DESC LIMIT 1`
)

// NoteContact records that a WhatsApp customer wrote, with the LID they
// may also be addressed by (kept when lid is empty).
func (d *DB) NoteContact(ctx context.Context, chatID, lid string, at time.Time) error {
	_, err := d.db.ExecContext(ctx, noteContactSQL, chatID, lid, utc(at))
	return wrap("note whatsapp contact", err)
}

// Contacted reports whether a WhatsApp chat ever wrote to the store.
func (d *DB) Contacted(ctx context.Context, chatID string) (bool, error) {
	var one int
	err := d.db.GetContext(ctx, &one, contactedSQL, chatID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, wrap("whatsapp contacted", err)
}

// SaveMenu keeps the numbered options of a message sent to a WhatsApp
// chat, and forgets the chat's oldest beyond menusKept.
func (d *DB) SaveMenu(ctx context.Context, chatID, messageID string, at time.Time, menu []byte) error {
	return d.inTx(ctx, nil, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, saveMenuSQL, chatID, messageID, utc(at), string(menu)); err != nil {
			return wrap("save whatsapp menu", err)
		}
		_, err := tx.ExecContext(ctx, pruneMenusSQL, chatID, menusKept)
		return wrap("prune whatsapp menus", err)
	})
}

// LoadMenu returns the options of a message sent to the chat, or of the
// chat's latest when messageID is empty; nil when there are none.
func (d *DB) LoadMenu(ctx context.Context, chatID, messageID string) ([]byte, error) {
	var menu string
	var err error
	if messageID == "" {
		err = d.db.GetContext(ctx, &menu, latestMenuSQL, chatID)
	} else {
		err = d.db.GetContext(ctx, &menu, menuSQL, chatID, messageID)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap("load whatsapp menu", err)
	}
	return []byte(menu), nil
}
