package telegram

import (
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/lete-store/letebot/bot"
)

// Convert translates one Telegram update. It reports false for updates the
// bot does not handle (edited messages, channel posts, membership changes,
// service messages such as "X joined the group"); the caller still confirms
// them to Telegram.
//
// Kinds: a text message (commands included; "/cmd@thisbot" loses the
// "@thisbot") gives Text; a button press gives Data; a shared contact gives
// Contact; a location or venue gives Location; a photo (its largest size) or
// a document gives File, with its caption; anything else a person
// sent (sticker, voice, video, ...) gives Unsupported with the kind's name.
func (a *Adapter) Convert(u tgbotapi.Update) (bot.Update, bool) {
	up := bot.Update{Key: keyPrefix + strconv.Itoa(u.UpdateID), Channel: Name}
	switch {
	case u.Message != nil:
		return a.convertMessage(up, u.Message)
	case u.CallbackQuery != nil:
		return convertCallback(up, u.CallbackQuery)
	}
	return bot.Update{}, false
}

// userName is how staff see each other in the audit trail: @username, or
// the first name.
func userName(u *tgbotapi.User) string {
	if u.UserName != "" {
		return "@" + u.UserName
	}
	return u.FirstName
}

func convertCallback(up bot.Update, q *tgbotapi.CallbackQuery) (bot.Update, bool) {
	if q.From == nil {
		return bot.Update{}, false
	}
	up.UserID = id(q.From.ID)
	up.UserName = userName(q.From)
	up.LangHint = q.From.LanguageCode
	// An inline-mode message, or one too old for Telegram to include, has no
	// chat; the press then answers in the private chat with the presser.
	up.ChatID = up.UserID
	if q.Message != nil && q.Message.Chat != nil && q.Message.Chat.ID != 0 {
		up.ChatID = id(q.Message.Chat.ID)
		up.Group = !q.Message.Chat.IsPrivate()
	}
	up.Data = q.Data
	if up.Data == "" { // a game button: nothing the bot offered
		up.Unsupported = "callback_game"
	}
	return up, true
}

func (a *Adapter) convertMessage(up bot.Update, m *tgbotapi.Message) (bot.Update, bool) {
	if m.Chat == nil || m.Chat.ID == 0 {
		return bot.Update{}, false
	}
	up.ChatID = id(m.Chat.ID)
	up.Group = !m.Chat.IsPrivate()
	switch {
	case m.From != nil:
		up.UserID = id(m.From.ID)
		up.UserName = userName(m.From)
		up.LangHint = m.From.LanguageCode
	case m.SenderChat != nil: // an anonymous group admin, a linked channel
		up.UserID = id(m.SenderChat.ID)
	default:
		up.UserID = up.ChatID
	}
	if r := m.ReplyToMessage; r != nil {
		up.ReplyTo = r.Text
		if up.ReplyTo == "" {
			up.ReplyTo = r.Caption
		}
	}

	switch {
	case m.Text != "":
		up.Text = a.stripMention(m.Text)
	case m.Contact != nil:
		up.Contact = &bot.Contact{Phone: m.Contact.PhoneNumber}
		if m.Contact.UserID != 0 {
			up.Contact.UserID = id(m.Contact.UserID)
		}
	case m.Venue != nil:
		up.Location = &bot.Location{Lat: m.Venue.Location.Latitude, Lon: m.Venue.Location.Longitude}
	case m.Location != nil:
		up.Location = &bot.Location{Lat: m.Location.Latitude, Lon: m.Location.Longitude}
	case len(m.Photo) > 0:
		p := m.Photo[len(m.Photo)-1] // sizes come smallest first
		// Telegram re-encodes every photo as JPEG.
		up.File = &bot.File{ID: p.FileID, MIME: "image/jpeg", Size: int64(p.FileSize), Photo: true, Caption: m.Caption}
	case m.Animation != nil: // before Document: an animation sets both
		up.Unsupported = "animation"
	case m.Document != nil:
		d := m.Document
		up.File = &bot.File{ID: d.FileID, Name: d.FileName, MIME: d.MimeType, Size: int64(d.FileSize), Caption: m.Caption}
	default:
		up.Unsupported = unsupportedKind(m)
		if up.Unsupported == "" {
			return bot.Update{}, false // a service message, or a kind v5.5.1 cannot see
		}
	}
	return up, true
}

// unsupportedKind names content a person sent that the bot cannot read, or
// returns "" for none.
func unsupportedKind(m *tgbotapi.Message) string {
	switch {
	case m.Sticker != nil:
		return "sticker"
	case m.Voice != nil:
		return "voice"
	case m.VideoNote != nil:
		return "video_note"
	case m.Video != nil:
		return "video"
	case m.Audio != nil:
		return "audio"
	case m.Poll != nil:
		return "poll"
	case m.Dice != nil:
		return "dice"
	case m.Game != nil:
		return "game"
	case m.Invoice != nil:
		return "invoice"
	case m.PassportData != nil:
		return "passport_data"
	}
	return ""
}

// stripMention turns "/start@thisbot args" into "/start args", as group
// clients send commands; other mentions are left alone.
func (a *Adapter) stripMention(text string) string {
	if a.username == "" || !strings.HasPrefix(text, "/") {
		return text
	}
	end := strings.IndexAny(text, " \n\t")
	if end < 0 {
		end = len(text)
	}
	cmd := text[:end]
	at := strings.IndexByte(cmd, '@')
	if at < 0 || !strings.EqualFold(cmd[at+1:], a.username) {
		return text
	}
	return cmd[:at] + text[end:]
}

func id(n int64) string { return strconv.FormatInt(n, 10) }
