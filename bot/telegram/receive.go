package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/lete-store/letebot/bot"
)

// Handler takes converted updates; bot.Engine implements it.
type Handler interface {
	// Submit returns nil only once every update is committed (or known as a
	// duplicate). On an error the updates are fetched and submitted again.
	Submit(ctx context.Context, ups ...bot.Update) error
}

// allowedUpdates are the update kinds Run asks for.
const allowedUpdates = `["message","callback_query"]`

// callbackAnswerers bounds concurrent answerCallbackQuery calls per batch.
const callbackAnswerers = 8

// batch is one getUpdates result, converted.
type batch struct {
	ups       []bot.Update
	callbacks []string // callback query ids to answer
	next      int      // the offset that confirms the whole batch
}

// Run long-polls getUpdates and submits each batch to h. An update is
// confirmed to Telegram (by the next call's offset) only after h.Submit
// returned nil for it; if Submit fails, the batch is fetched again with the
// old offset after a backoff and resubmitted, so the engine sees it at least
// once and deduplicates. Errors back off from 1 s doubling to 30 s.
//
// Run returns nil once ctx is cancelled: an open long poll is abandoned, an
// in-flight Submit (which gets ctx) is waited for, and nothing new starts.
//
// Polling and a webhook exclude each other: while a webhook is set, every
// getUpdates call fails with 409 Conflict, which Run logs and retries. Run
// does not delete a webhook itself, since the caller decides the mode: call
// DeleteWebhook before Run when switching from webhook mode.
func (a *Adapter) Run(ctx context.Context, h Handler) error {
	if h == nil {
		return errors.New("telegram: Run without a handler")
	}
	a.log.Info("Telegram polling started", "poll_timeout", a.pollTimeout)
	defer a.log.Info("Telegram polling stopped")

	offset := 0
	backoff := a.backoffMin
	answered := map[string]bool{} // callbacks of the batch being retried
	for ctx.Err() == nil {
		b, err := a.fetch(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			a.pollFailed()
			wait := backoff
			if ra := retryAfter(err); ra > wait {
				wait = ra
			}
			a.logPollError(err, wait)
			if !bot.Sleep(ctx, wait) {
				return nil
			}
			backoff = nextBackoff(backoff, a.backoffMax)
			continue
		}
		a.pollSucceeded()
		// The spinners stop while the batch is handled, not before: the
		// answers would otherwise hold every update of the batch back.
		answering := a.answerCallbacks(ctx, b.callbacks, answered)
		var serr error
		if len(b.ups) > 0 {
			serr = h.Submit(ctx, b.ups...)
		}
		answering()
		if ctx.Err() != nil {
			return nil // not confirmed: Telegram sends them again next start
		}
		if serr != nil {
			a.log.Warn("Telegram updates not committed; fetching them again",
				"error", serr, "first_key", b.ups[0].Key, "count", len(b.ups), "retry_in", backoff)
			if !bot.Sleep(ctx, backoff) {
				return nil
			}
			backoff = nextBackoff(backoff, a.backoffMax)
			continue
		}
		if b.next > offset {
			offset = b.next
			clear(answered)
		}
		backoff = a.backoffMin
	}
	return nil
}

// fetch calls getUpdates and converts the result.
func (a *Adapter) fetch(ctx context.Context, offset int) (batch, error) {
	raws, err := a.getUpdates(ctx, offset)
	if err != nil {
		return batch{}, err
	}
	var b batch
	for _, raw := range raws {
		var u tgbotapi.Update
		if err := json.Unmarshal(raw, &u); err != nil {
			// One update the library cannot decode must not stall the
			// queue forever: skip it (it is confirmed with the rest).
			var head struct {
				UpdateID *int `json:"update_id"`
			}
			if json.Unmarshal(raw, &head) != nil || head.UpdateID == nil {
				return batch{}, fmt.Errorf("telegram getUpdates: update without update_id: %w", err)
			}
			a.log.Warn("Telegram update undecodable, skipped", "update_id", *head.UpdateID, "error", err)
			u = tgbotapi.Update{UpdateID: *head.UpdateID}
		}
		b.next = max(b.next, u.UpdateID+1)
		if u.CallbackQuery != nil && u.CallbackQuery.ID != "" {
			b.callbacks = append(b.callbacks, u.CallbackQuery.ID)
		}
		up, ok := a.Convert(u)
		if !ok {
			a.log.Debug("Telegram update skipped", "update_id", u.UpdateID)
			continue
		}
		b.ups = append(b.ups, up)
	}
	return b, nil
}

// getUpdates is one long poll, done by hand because the library's request
// methods take no context and a shutdown must not wait out the poll.
func (a *Adapter) getUpdates(ctx context.Context, offset int) ([]json.RawMessage, error) {
	ctx, cancel := context.WithTimeout(ctx, a.pollTimeout+pollSlack)
	defer cancel()
	var updates []json.RawMessage
	err := a.call(ctx, "getUpdates", updatesRequest{
		Offset:         offset,
		Limit:          100,
		Timeout:        int(a.pollTimeout / time.Second),
		AllowedUpdates: json.RawMessage(allowedUpdates),
	}, &updates)
	if err != nil {
		return nil, fmt.Errorf("telegram getUpdates: %w", err)
	}
	return updates, nil
}

// updatesRequest is getUpdates' parameters.
type updatesRequest struct {
	Offset         int             `json:"offset,omitempty"`
	Limit          int             `json:"limit"`
	Timeout        int             `json:"timeout"`
	AllowedUpdates json.RawMessage `json:"allowed_updates"`
}

func (a *Adapter) logPollError(err error, wait time.Duration) {
	code := 0
	if te, ok := asAPIError(err); ok {
		code = te.Code
	}
	switch code {
	case http.StatusConflict:
		a.log.Error("Telegram getUpdates conflict: a webhook is set or another instance is polling with this token",
			"error", err, "retry_in", wait)
	case http.StatusUnauthorized, http.StatusNotFound:
		a.log.Error("Telegram rejected the bot token", "error", err, "retry_in", wait)
	default:
		a.log.Warn("Telegram getUpdates failed", "error", err, "retry_in", wait)
	}
}

// answerCallbacks starts stopping the buttons' spinners in the customers'
// clients and returns a func that waits until that is done. Best effort: a
// failure only leaves the spinner until it times out.
func (a *Adapter) answerCallbacks(ctx context.Context, ids []string, answered map[string]bool) (wait func()) {
	var wg sync.WaitGroup
	todo := make(chan string, len(ids))
	for _, qid := range ids {
		if !answered[qid] {
			answered[qid] = true
			todo <- qid
		}
	}
	close(todo)
	for range min(len(todo), callbackAnswerers) {
		wg.Go(func() {
			for qid := range todo {
				if ctx.Err() != nil {
					return
				}
				if err := a.call(ctx, "answerCallbackQuery", callbackAnswer{ID: qid}, nil); err != nil {
					a.log.Debug("Telegram answerCallbackQuery failed", "callback_id", qid, "error", err)
				}
			}
		})
	}
	return wg.Wait
}

// retryAfter is the wait Telegram asked for in a 429, or 0.
func retryAfter(err error) time.Duration {
	if te, ok := asAPIError(err); ok && te.RetryAfter > 0 {
		return time.Duration(te.RetryAfter) * time.Second
	}
	return 0
}

func nextBackoff(d, limit time.Duration) time.Duration {
	return min(2*d, limit)
}
