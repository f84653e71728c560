package whatsapp

import (
	"context"
	"errors"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/lete-store/letebot/bot"
)

// typingFor is how long "typing…" shows when no reply follows.
const typingFor = 8 * time.Second

// Run hands every incoming message to h until ctx is cancelled. Each is
// submitted from whatsmeow's event loop and acknowledged to WhatsApp only
// when the handler returns (the client is configured with SynchronousAck),
// so a message is committed before WhatsApp considers it delivered; while
// the database is down the loop waits and retries, and a message still
// uncommitted at shutdown is reported failed, so WhatsApp sends it again.
func (a *Adapter) Run(ctx context.Context, h Handler) error {
	stop := a.Listen(ctx, h)
	<-ctx.Done()
	stop()
	return nil
}

// Listen is Run without the wait: it registers the handler before it
// returns, so a client connected after it misses no message, and stop
// removes it.
func (a *Adapter) Listen(ctx context.Context, h Handler) (stop func()) {
	id := a.client.AddEventHandlerWithSuccessStatus(func(evt any) bool {
		if v, ok := evt.(*events.Message); ok {
			return a.handleMessage(ctx, h, v)
		}
		return true
	})
	return func() { a.client.RemoveEventHandler(id) }
}

// handleMessage converts, submits and acknowledges one message. It
// reports false when the message was not committed (the adapter is
// stopping): whatsmeow then does not acknowledge it, and WhatsApp delivers
// it again at the next connection.
func (a *Adapter) handleMessage(ctx context.Context, h Handler, v *events.Message) bool {
	up, in, ok := a.convert(ctx, v)
	if !ok {
		return true
	}
	if up.Text != "" && !up.Takeover {
		if done := a.answerMenu(ctx, &up, in); done {
			a.markRead(ctx, in)
			return true
		}
	}
	private := !up.Group && !up.Takeover
	if private {
		if err := a.cfg.Store.NoteContact(ctx, up.ChatID, in.lid, a.cfg.Now()); err != nil {
			a.log.Warn("WhatsApp contact not noted", "error", err)
		} else {
			a.contacted.Store(up.ChatID, true)
		}
		a.showTyping(ctx, up.ChatID)
	}
	if !a.submit(ctx, h, up) {
		return false
	}
	if !up.Takeover {
		a.markRead(ctx, in)
	}
	return true
}

// submit hands the update to the engine, retrying until it is committed or
// the adapter stops: an update dropped here would be lost, since WhatsApp
// does not send it again once acknowledged.
func (a *Adapter) submit(ctx context.Context, h Handler, up bot.Update) bool {
	wait := a.backoffMin
	for {
		err := h.Submit(ctx, up)
		if err == nil {
			return true
		}
		if ctx.Err() != nil || errors.Is(err, bot.ErrClosed) {
			a.log.Warn("WhatsApp message not handled: shutting down", "key", up.Key)
			return false
		}
		a.log.Warn("WhatsApp message not handled yet, retrying", "key", up.Key, "wait", wait, "error", err)
		if !bot.Sleep(ctx, wait) {
			return false
		}
		wait = min(2*wait, a.backoffMax)
	}
}

// answerMenu turns a typed answer to a numbered list into the button it
// names. It reports true when the answer was handled here: "0" asked for
// the next page, which the adapter sends itself.
func (a *Adapter) answerMenu(ctx context.Context, up *bot.Update, in inbound) bool {
	raw, err := a.cfg.Store.LoadMenu(ctx, up.ChatID, string(in.quoted))
	if err == nil && raw == nil && in.quoted != "" {
		// A quoted message without options: the latest list is meant.
		raw, err = a.cfg.Store.LoadMenu(ctx, up.ChatID, "")
	}
	if err != nil {
		a.log.Warn("WhatsApp menu not loaded; the answer goes as text", "error", err)
		return false
	}
	m, ok := decodeMenu(raw)
	if !ok {
		return false
	}
	kind, data := m.interpret(up.Text)
	switch kind {
	case pressed:
		up.Data, up.Text = data, ""
	case morePlease:
		next := m
		next.First = m.First + pageSize
		if err := a.sendText(ctx, up.ChatID, a.render("", next, nil, next.First), next); err != nil {
			a.log.Warn("WhatsApp next page not sent", "error", err)
		}
		return true
	}
	return false
}

// markRead sends the read receipt ("blue ticks") of a handled message.
func (a *Adapter) markRead(ctx context.Context, in inbound) {
	sender := types.EmptyJID
	if in.chat.Server == types.GroupServer {
		sender = in.sender
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := a.client.MarkRead(ctx, []types.MessageID{in.id}, a.cfg.Now(), in.chat, sender); err != nil {
		a.log.Debug("WhatsApp read receipt not sent", "error", err)
	}
}

// showTyping shows "typing…" in a chat until a reply goes or typingFor
// passes.
func (a *Adapter) showTyping(ctx context.Context, chatID string) {
	j, err := JID(chatID)
	if err != nil {
		return
	}
	if err := a.client.SendChatPresence(ctx, j, types.ChatPresenceComposing, types.ChatPresenceMediaText); err != nil {
		a.log.Debug("WhatsApp typing not shown", "error", err)
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if t := a.typing[chatID]; t != nil {
		t.Stop()
	}
	a.typing[chatID] = time.AfterFunc(typingFor, func() { a.stopTyping(context.WithoutCancel(ctx), chatID, true) })
}

// stopTyping clears "typing…": after the timer, or when a message went
// (which clears it on the customer's screen by itself).
func (a *Adapter) stopTyping(ctx context.Context, chatID string, tell bool) {
	a.mu.Lock()
	t := a.typing[chatID]
	delete(a.typing, chatID)
	a.mu.Unlock()
	if t == nil {
		return
	}
	t.Stop()
	if !tell {
		return
	}
	if j, err := JID(chatID); err == nil {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_ = a.client.SendChatPresence(ctx, j, types.ChatPresencePaused, types.ChatPresenceMediaText)
	}
}
