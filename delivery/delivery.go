// Package delivery connects the carriers to the conversation. Carrier
// prices CDEK delivery and lists pickup points for the checkout from a
// cache it fills in the background, so a flow never waits on the network
// inside its transaction; Express prices express requests with Yandex,
// books the courier once paid and follows the claim. Results reach the
// chat as engine events, like billing's.
package delivery

import (
	"context"
	"errors"
	"fmt"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/shop"
)

// Engine takes events into the conversation: *bot.Engine.
type Engine interface {
	Submit(ctx context.Context, ups ...bot.Update) error
	AlertStaff(ctx context.Context, key string, alerts ...flows.Reply) error
}

// batch bounds the orders one query reads.
const batch = 256

// errStop ends eachOrder early without an error.
var errStop = errors.New("stop")

// eachOrder calls do for every order list returns, a batch at a time by
// id, until ctx ends or do returns an error (errStop: quietly).
func eachOrder(ctx context.Context, list func(ctx context.Context, after int64, limit int) ([]shop.Order, error), do func(shop.Order) error) error {
	var after int64
	for {
		orders, err := list(ctx, after, batch)
		if err != nil {
			return err
		}
		for _, o := range orders {
			if ctx.Err() != nil {
				return nil
			}
			if err := do(o); errors.Is(err, errStop) {
				return nil
			} else if err != nil {
				return err
			}
			after = o.ID
		}
		if len(orders) < batch {
			return nil
		}
	}
}

// submit hands an event to a chat's conversation under a dedupe key.
func submit(ctx context.Context, e Engine, key, chat string, ev flows.Event) error {
	channel, chatID, ok := bot.SplitChatKey(chat)
	if !ok {
		return fmt.Errorf("chat key %q has no channel", chat)
	}
	return e.Submit(ctx, bot.Update{Key: key, Channel: channel, ChatID: chatID, Event: &ev})
}
