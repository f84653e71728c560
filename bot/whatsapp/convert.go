package whatsapp

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/lete-store/letebot/bot"
)

// inbound is what the adapter keeps of a message besides its update: how
// to acknowledge it and which message it quotes.
type inbound struct {
	id     types.MessageID
	chat   types.JID // where it was written, as WhatsApp names it
	sender types.JID
	quoted types.MessageID // the stanza it quotes, if any
	lid    string          // the customer's LID, stored beside the number
}

// convert turns a message into an update. ok is false for what the bot
// leaves alone: status posts, channels, edits, reactions and other protocol
// messages, and the store's own messages but staff writing to a customer
// from the phone (a takeover).
func (a *Adapter) convert(ctx context.Context, v *events.Message) (up bot.Update, in inbound, ok bool) {
	info := v.Info
	if v.Message == nil || info.Chat.Server == types.BroadcastServer || info.Chat.Server == types.NewsletterServer ||
		v.IsEdit || info.ID == "" {
		return bot.Update{}, inbound{}, false
	}
	in = inbound{id: info.ID, chat: info.Chat, sender: info.Sender}
	up = bot.Update{Channel: Name, Group: info.IsGroup, UserName: info.PushName}
	switch {
	case info.IsGroup:
		up.ChatID = ChatID(info.Chat)
		up.UserID, _ = a.person(ctx, info.Sender, info.SenderAlt)
	case info.IsFromMe:
		// Written from the store's phone into a customer's chat.
		up.ChatID, in.lid = a.person(ctx, info.Chat, info.RecipientAlt)
		if self := a.cfg.Self(); self != "" && up.ChatID == self {
			return bot.Update{}, inbound{}, false // the store's notes to itself
		}
		if !hasContent(v.Message) {
			return bot.Update{}, inbound{}, false // a reaction or a deletion, not a conversation
		}
		up.UserID = up.ChatID
		up.Key = keyPrefix + up.ChatID + "/" + string(info.ID)
		up.Takeover = true
		return up, in, true
	default:
		up.ChatID, in.lid = a.person(ctx, info.Sender, info.SenderAlt)
		up.UserID = up.ChatID
	}
	if info.IsFromMe {
		return bot.Update{}, inbound{}, false // the store's own phone in a group
	}
	up.Key = keyPrefix + up.ChatID + "/" + string(info.ID)

	m := v.Message
	var ctxInfo *waE2E.ContextInfo
	switch {
	case m.GetConversation() != "":
		up.Text = m.GetConversation()
	case m.GetExtendedTextMessage() != nil:
		t := m.GetExtendedTextMessage()
		up.Text, ctxInfo = t.GetText(), t.GetContextInfo()
	case m.GetImageMessage() != nil:
		img := m.GetImageMessage()
		up.File = &bot.File{ID: imageRef(img), MIME: img.GetMimetype(), Size: int64(img.GetFileLength()),
			Photo: true, Caption: img.GetCaption()}
		ctxInfo = img.GetContextInfo()
	case m.GetDocumentMessage() != nil:
		doc := m.GetDocumentMessage()
		up.File = &bot.File{ID: documentRef(doc), Name: doc.GetFileName(), MIME: doc.GetMimetype(),
			Size: int64(doc.GetFileLength()), Caption: doc.GetCaption()}
		ctxInfo = doc.GetContextInfo()
	case m.GetLocationMessage() != nil:
		l := m.GetLocationMessage()
		up.Location = &bot.Location{Lat: l.GetDegreesLatitude(), Lon: l.GetDegreesLongitude()}
	case m.GetLiveLocationMessage() != nil:
		l := m.GetLiveLocationMessage()
		up.Location = &bot.Location{Lat: l.GetDegreesLatitude(), Lon: l.GetDegreesLongitude()}
	case m.GetContactMessage() != nil:
		up.Contact = vcardContact(m.GetContactMessage().GetVcard())
	case m.GetContactsArrayMessage() != nil && len(m.GetContactsArrayMessage().GetContacts()) > 0:
		up.Contact = vcardContact(m.GetContactsArrayMessage().GetContacts()[0].GetVcard())
	case m.GetStickerMessage() != nil:
		up.Unsupported = "sticker"
	case m.GetAudioMessage() != nil:
		up.Unsupported = "voice"
	case m.GetVideoMessage() != nil || m.GetPtvMessage() != nil:
		up.Unsupported = "video"
	case m.GetPollCreationMessage() != nil || m.GetPollCreationMessageV3() != nil:
		up.Unsupported = "poll"
	default:
		// Reactions, receipts of keys, revokes, poll votes: nothing to answer.
		return bot.Update{}, inbound{}, false
	}
	if up.Contact == nil && (m.GetContactMessage() != nil || m.GetContactsArrayMessage() != nil) {
		up.Unsupported = "contact" // a card without a number
	}
	if ctxInfo != nil {
		in.quoted = types.MessageID(ctxInfo.GetStanzaID())
		up.ReplyTo = quotedText(ctxInfo.GetQuotedMessage())
	}
	return up, in, true
}

// hasContent reports a message someone wrote: text, media, a location, a
// contact, a poll; not a reaction or a protocol message.
func hasContent(m *waE2E.Message) bool {
	return m.GetConversation() != "" || m.GetExtendedTextMessage() != nil || m.GetImageMessage() != nil ||
		m.GetDocumentMessage() != nil || m.GetLocationMessage() != nil || m.GetLiveLocationMessage() != nil ||
		m.GetContactMessage() != nil || m.GetContactsArrayMessage() != nil || m.GetStickerMessage() != nil ||
		m.GetAudioMessage() != nil || m.GetVideoMessage() != nil || m.GetPtvMessage() != nil ||
		m.GetPollCreationMessage() != nil || m.GetPollCreationMessageV3() != nil
}

// quotedText is the text of a quoted message, for a staff reply to a card.
func quotedText(q *waE2E.Message) string {
	switch {
	case q == nil:
		return ""
	case q.GetConversation() != "":
		return q.GetConversation()
	case q.GetExtendedTextMessage() != nil:
		return q.GetExtendedTextMessage().GetText()
	case q.GetImageMessage() != nil:
		return q.GetImageMessage().GetCaption()
	case q.GetDocumentMessage() != nil:
		return q.GetDocumentMessage().GetCaption()
	}
	return ""
}

// vcardContact reads the first phone number of a shared contact's vCard:
// "TEL;type=CELL;waid=77011234567:+7 701 123 4567". The waid is the
// contact's WhatsApp number, their user id here.
func vcardContact(vcard string) *bot.Contact {
	for _, line := range strings.Split(vcard, "\n") {
		line = strings.TrimSpace(line)
		params, number, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(number) == "" {
			continue
		}
		// "TEL;waid=…", or grouped as "item1.TEL;waid=…".
		name, _, _ := strings.Cut(params, ";")
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		if !strings.EqualFold(name, "TEL") {
			continue
		}
		c := &bot.Contact{Phone: strings.TrimSpace(number)}
		for _, p := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(k, "waid") {
				c.UserID = v
			}
		}
		return c
	}
	return nil
}

// mediaRef is what a file reference carries: enough to download the file
// again from WhatsApp's servers while they keep it (weeks).
type mediaRef struct {
	Kind          string `json:"k"` // "image" or "document"
	DirectPath    string `json:"p"`
	MediaKey      []byte `json:"m"`
	FileSHA256    []byte `json:"s"`
	FileEncSHA256 []byte `json:"e"`
	Length        uint64 `json:"l"`
	MIME          string `json:"t,omitempty"`
	Name          string `json:"n,omitempty"`
}

func imageRef(img *waE2E.ImageMessage) string {
	return encodeRef(mediaRef{Kind: "image", DirectPath: img.GetDirectPath(), MediaKey: img.GetMediaKey(),
		FileSHA256: img.GetFileSHA256(), FileEncSHA256: img.GetFileEncSHA256(), Length: img.GetFileLength(),
		MIME: img.GetMimetype()})
}

func documentRef(doc *waE2E.DocumentMessage) string {
	name := []rune(doc.GetFileName())
	if len(name) > 100 {
		name = name[:100]
	}
	return encodeRef(mediaRef{Kind: "document", DirectPath: doc.GetDirectPath(), MediaKey: doc.GetMediaKey(),
		FileSHA256: doc.GetFileSHA256(), FileEncSHA256: doc.GetFileEncSHA256(), Length: doc.GetFileLength(),
		MIME: doc.GetMimetype(), Name: string(name)})
}

func encodeRef(r mediaRef) string {
	b, err := json.Marshal(r)
	if err != nil {
		panic(err) // strings and bytes always marshal
	}
	return filePrefix + base64.RawURLEncoding.EncodeToString(b)
}

func decodeRef(ref string) (mediaRef, bool) {
	s, ok := strings.CutPrefix(ref, filePrefix)
	if !ok {
		return mediaRef{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return mediaRef{}, false
	}
	var r mediaRef
	if json.Unmarshal(b, &r) != nil || r.DirectPath == "" || len(r.MediaKey) == 0 ||
		(r.Kind != "image" && r.Kind != "document") {
		return mediaRef{}, false
	}
	return r, true
}
