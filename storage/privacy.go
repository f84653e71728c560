package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/shop"
)

var _ shop.Privacy = domain{}

// whatsappChannel is the WhatsApp adapter's channel name, the first part of
// its chat keys (storage does not import the adapter).
const whatsappChannel = "whatsapp"

const (
	// forgetOrdersSQL keeps what the accounts need: amounts, items,
	// statuses, dates, the city and the method of delivery.
	forgetOrdersSQL = `UPDATE orders SET customer_name = '', customer_phone = '', customer_email = '',
	delivery_address = '', delivery_point = '', delivery_lat = 0, delivery_lon = 0, updated_at = $2
WHERE chat_key = $1`

	// forgetItemsSQL drops the words personalised goods were made with:
	// mostly a person's name.
	forgetItemsSQL = `UPDATE order_items SET personal_text = ''
WHERE personal_text <> '' AND order_id IN (SELECT id FROM orders WHERE chat_key = $1)`

	forgetClaimsSQL = `UPDATE claims SET full_name = '', phone = '', email = '', return_by = '', reason = ''
WHERE chat_key = $1`

	forgetMenusSQL = `DELETE FROM wa_menus WHERE chat_id = $1`

	// forgetContactSQL keeps the row, which is the customer's permission to
	// be written to (see ForgetCustomer), and drops the LID beside it.
	forgetContactSQL = `UPDATE wa_contacts SET lid = '' WHERE chat_id = $1`
)

// ForgetCustomer erases a chat's personal data, in the caller's
// transaction:
//   - its orders lose the customer's name, phone, e-mail and the delivery
//     address, pickup point and map point, and their items the words
//     personalised goods were made with; amounts, items, statuses, dates
//     and the delivery city and method stay, for the accounts;
//   - its claims lose the full name, phone, e-mail, return method and the
//     customer's reason; their files lose content, messenger reference and
//     (the customer's files) name, the rows staying as DeleteClosedClaimFiles
//     leaves them;
//   - on WhatsApp, the chat's numbered menus go, and its contact row loses
//     its LID. The row itself stays: it is what lets the bot write to the
//     chat (WhatsApp bans numbers that write first), and deleting it would
//     drop the confirmation this request is answered with, and any news of
//     the orders still under way. It holds nothing the chat key does not.
//
// What it leaves, and why:
//   - the session row: the engine saves the session after the flow, in the
//     same transaction, so the flow itself clears whatever the session holds;
//   - the outbox: replies waiting there go out and are deleted within
//     seconds;
//   - handoffs and order events, which hold ids, times and staff names, not
//     the customer's;
//   - the chat key itself, on orders, claims and payments (as CloudPayments'
//     AccountId): it is how the chat finds its orders again, and for a
//     WhatsApp customer it is their phone number.
//
// It is idempotent; a chat with nothing stored is no error.
func (s domain) ForgetCustomer(ctx context.Context, chatKey string) error {
	if chatKey == "" {
		return errors.New("forget customer: no chat")
	}
	clear(s.ahead)
	if _, err := s.ex.ExecContext(ctx, forgetOrdersSQL, chatKey, utc(s.now())); err != nil {
		return wrap("forget customer: orders", err)
	}
	if _, err := s.ex.ExecContext(ctx, forgetItemsSQL, chatKey); err != nil {
		return wrap("forget customer: order items", err)
	}
	if _, err := s.ex.ExecContext(ctx, forgetClaimsSQL, chatKey); err != nil {
		return wrap("forget customer: claims", err)
	}
	if _, err := s.ex.ExecContext(ctx, fmt.Sprintf(eraseFilesSQL, `chat_key = $1`), chatKey); err != nil {
		return wrap("forget customer: claim files", err)
	}
	if channel, chatID, ok := bot.SplitChatKey(chatKey); ok && channel == whatsappChannel {
		if _, err := s.ex.ExecContext(ctx, forgetMenusSQL, chatID); err != nil {
			return wrap("forget customer: whatsapp menus", err)
		}
		if _, err := s.ex.ExecContext(ctx, forgetContactSQL, chatID); err != nil {
			return wrap("forget customer: whatsapp contact", err)
		}
	}
	return nil
}
