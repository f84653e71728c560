// Package bot is letebot's channel-neutral core: the Update a channel hands
// in, the Reply it sends out, the Channel interface every adapter implements,
// and the Engine that turns updates into committed sessions and replies.
package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lete-store/letebot/flows"
)

// Update is one inbound event from a customer or staff member, whatever the
// channel, or an outside event for a customer's chat (Event). Exactly one of
// Text, Data, Contact, Location, File, Unsupported or Event carries the
// content.
type Update struct {
	// Key identifies the event for deduplication, unique across channels
	// (e.g. "tg:815273"): seeing it twice changes nothing.
	Key      string
	Channel  string // the adapter's Name()
	ChatID   string // where replies go
	UserID   string // who wrote; equals ChatID in private chats
	UserName string // how the writer is shown to staff (@username or a first name), if known
	Text     string
	Data     string // button data pressed
	Contact  *Contact
	Location *Location
	File     *File
	// Unsupported names content the bot cannot read (sticker, voice, video...).
	Unsupported string
	// Event is something that happened to the chat's order outside the
	// chat (a payment, a reminder due), handed in by the payment service
	// rather than a channel.
	Event    *flows.Event
	LangHint string // the client's language code, if it tells one
	// ReplyTo is the text of the message this one replies to, if any.
	ReplyTo string
	// Takeover is set when staff wrote to this customer from the store's
	// own phone: the bot stays quiet in the chat for a while. It carries
	// no content.
	Takeover bool
	// Group is set for a group chat. Customers talk to the bot privately;
	// groups are where staff work, and the engine gives their messages no
	// customer conversation.
	Group bool
}

// Contact is a phone number shared with the channel's contact button, or a
// contact card forwarded from the address book.
type Contact struct {
	Phone  string
	UserID string // the contact's own user id; equal to Update.UserID when it is the sender's
}

// Location is a shared map point.
type Location struct{ Lat, Lon float64 }

// File is a photo or document the customer sent, still on the channel's servers.
type File struct {
	ID   string
	Name string
	MIME string
	Size int64
	// Photo is set for a messenger's photo, which must be sent on as a
	// photo; an image sent as a file is a document, whatever its MIME.
	Photo bool
	// Caption is the text sent with it.
	Caption string
}

// ChatKey names a chat across channels; sessions and orders are keyed on it.
func (u Update) ChatKey() string { return ChatKey(u.Channel, u.ChatID) }

// ChatKey joins a channel name and a chat id.
func ChatKey(channel, chatID string) string { return channel + ":" + chatID }

// SplitChatKey is ChatKey's inverse; ok is false for a key without a channel.
func SplitChatKey(key string) (channel, chatID string, ok bool) {
	channel, chatID, ok = strings.Cut(key, ":")
	return channel, chatID, ok && channel != "" && chatID != ""
}

// Reply is one rendered outgoing message, as stored in the outbox.
type Reply struct {
	Text string `json:"text"`
	// Photo and Document are file references: a channel's file id, a file
	// another channel or the database holds (see FileHolder), or a URL.
	// The e-mail channel attaches the document (and photo) to the mail.
	Photo    string     `json:"photo,omitempty"`
	Document string     `json:"document,omitempty"`
	Buttons  [][]Button `json:"buttons,omitempty"`
	Mail     *Mail      `json:"mail,omitempty"` // the e-mail channel's envelope
	// Lang is the language the reply was rendered in, for the words a
	// channel adds itself (WhatsApp's "0. More").
	Lang string `json:"lang,omitempty"`
	// Attachments are references of further files sent with the reply.
	// Only the e-mail channel sends them (attached to the mail); the
	// messenger channels ignore them, so flows send a messenger each
	// file as a reply of its own with a Document.
	Attachments []string `json:"attachments,omitempty"`
	// Answer marks a reply to a message the chat has just sent, or news it
	// waits for. A channel whose Limits say AnswersExempt holds only the
	// messages nobody asked for (alerts, reminders, retries) to its overall
	// rate, and an answer only to its chat's own.
	Answer bool `json:"answer,omitempty"`

	// PhotoFile, DocumentFile and AttachmentFiles carry the content of
	// the photo, document and attachments held elsewhere, fetched by the
	// sender just before sending (see Uploader); they are never stored.
	PhotoFile       *Attachment   `json:"-"`
	DocumentFile    *Attachment   `json:"-"`
	AttachmentFiles []*Attachment `json:"-"`
}

// Mail addresses a reply sent by e-mail. The address travels in the reply,
// not in the chat id, so it never reaches a log.
type Mail struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
}

// Button is a reply button: pressing it sends Data back, or opens URL. A
// Phone button asks the messenger to share the customer's own number (a
// contact update comes back), a Location button the customer's location;
// channels that cannot do that leave them out. Flows put such a request
// button in a reply of its own, since Telegram cannot mix it with data
// buttons in one message.
type Button struct {
	Label    string `json:"label"`
	Data     string `json:"data,omitempty"`
	URL      string `json:"url,omitempty"`
	Phone    bool   `json:"phone,omitempty"`
	Location bool   `json:"location,omitempty"`
}

// MaxButtonData is the most bytes of button data any channel carries
// (Telegram's callback_data limit).
const MaxButtonData = 64

// Channel is a messenger adapter's sending side. Implementations translate a
// Reply into their own format and nothing else.
type Channel interface {
	// Name is the channel's stable id, used in chat keys and the outbox.
	Name() string
	// Send delivers one reply. It returns a *RetryAfterError when the
	// service asks to slow down, and an error wrapping ErrPermanent when
	// retrying cannot help (the user blocked the bot, the chat is gone).
	Send(ctx context.Context, chatID string, r Reply) error
}

// Limits are a channel's sending rates.
type Limits struct {
	// PerSecond is the most messages per second across all chats.
	PerSecond float64
	// AnswersExempt leaves answers (Reply.Answer) on their first try out
	// of PerSecond: the service holds messages nobody asked for to it
	// (Telegram's broadcast rate), not answers to people who just wrote.
	AnswersExempt bool
	// Chat returns the rate and burst allowed to one chat (groups are often
	// held to less than private chats); a rate of 0 or less sets none.
	Chat func(chatID string) (perSecond float64, burst int)
}

// RateLimited is implemented by channels whose service limits sending.
type RateLimited interface {
	Limits() Limits
}

// PhoneRequester is implemented by channels that can render a Phone button.
// For the others the sender drops Phone buttons, and a reply that had only
// Phone buttons is not sent at all (it was the hint to press one).
type PhoneRequester interface {
	RequestsPhone() bool
}

// LocationRequester is implemented by channels that can render a Location
// button; for the others the sender drops it, as Phone buttons.
type LocationRequester interface {
	RequestsLocation() bool
}

// Live is implemented by channels that are sometimes unable to send at
// all: a WhatsApp connection that is down, or held by another replica.
// The sender claims no messages for them meanwhile.
type Live interface {
	Live() bool
}

// ErrPermanent marks a send failure that retrying cannot fix.
var ErrPermanent = errors.New("permanent send failure")

// RetryAfterError is a send refused for now: try again after Wait.
type RetryAfterError struct{ Wait time.Duration }

func (e *RetryAfterError) Error() string { return fmt.Sprintf("rate limited: retry after %s", e.Wait) }
