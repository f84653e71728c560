package whatsapp

import (
	"context"
	"fmt"
	"strings"

	"go.mau.fi/whatsmeow/types"
)

// A chat id is the customer's phone number in digits ("77011234567") when
// it is known, and the full JID otherwise: a group ("1203…@g.us") or a
// customer WhatsApp names only by LID ("2151…@lid").

// ChatID returns the chat id of a JID.
func ChatID(j types.JID) string {
	j = j.ToNonAD()
	if j.Server == types.DefaultUserServer {
		return j.User
	}
	return j.String()
}

// JID returns the JID a chat id names.
func JID(chatID string) (types.JID, error) {
	if chatID == "" {
		return types.JID{}, fmt.Errorf("whatsapp: empty chat id")
	}
	if !strings.Contains(chatID, "@") {
		for _, r := range chatID {
			if r < '0' || r > '9' {
				return types.JID{}, fmt.Errorf("whatsapp: chat id %q is neither a number nor a JID", chatID)
			}
		}
		return types.NewJID(chatID, types.DefaultUserServer), nil
	}
	j, err := types.ParseJID(chatID)
	if err != nil {
		return types.JID{}, fmt.Errorf("whatsapp: chat id %q: %w", chatID, err)
	}
	switch j.Server {
	case types.DefaultUserServer, types.HiddenUserServer, types.GroupServer:
		return j.ToNonAD(), nil
	}
	return types.JID{}, fmt.Errorf("whatsapp: chat id %q: not a user or group", chatID)
}

// person resolves a customer's JID, and its alternative address if the
// message carried one, to the chat id (the phone number when it can be
// known) and the LID beside it.
func (a *Adapter) person(ctx context.Context, j, alt types.JID) (chatID, lid string) {
	j, alt = j.ToNonAD(), alt.ToNonAD()
	var pn types.JID
	for _, c := range []types.JID{j, alt} {
		switch c.Server {
		case types.DefaultUserServer:
			if pn.IsEmpty() {
				pn = c
			}
		case types.HiddenUserServer:
			if lid == "" {
				lid = c.String()
			}
		}
	}
	if pn.IsEmpty() && lid != "" && a.cfg.LIDs != nil {
		l, _ := types.ParseJID(lid)
		found, err := a.cfg.LIDs.GetPNForLID(ctx, l)
		if err != nil {
			a.log.Warn("LID lookup failed", "error", err)
		} else if !found.IsEmpty() {
			pn = found.ToNonAD()
		}
	}
	if !pn.IsEmpty() {
		return pn.User, lid
	}
	return ChatID(j), lid
}
