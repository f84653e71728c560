// Package flows holds every conversation: menu, catalog, cart, checkout, my
// orders, store info and language. A flow is a state machine over named,
// serialisable steps; Handle takes the session and one input and returns
// replies as messages keys, never strings, and never touches a channel.
package flows

import (
	"context"
	"log/slog"
	"time"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// Store is the database a flow may touch, bound by the engine to the
// transaction that also saves the session and the replies.
type Store interface {
	shop.Stock
	shop.Orders
	shop.PaymentRecords
	shop.Desk
	shop.Handoffs
	shop.HolidayTable
	shop.Claims
	shop.Privacy
}

// InputKind says what an Input carries.
type InputKind int

// Input kinds.
const (
	TextInput        InputKind = iota // typed text, commands included
	ButtonInput                       // a pressed button's data
	ContactInput                      // a shared phone number
	LocationInput                     // a shared map point
	FileInput                         // a photo or document
	UnsupportedInput                  // a sticker, voice note or anything unreadable
	EventInput                        // something that happened to the chat's order outside the chat
	// TakeoverInput: staff wrote to the customer from the store's own
	// phone (WhatsApp). It carries no content.
	TakeoverInput
)

// Input is one thing the customer did.
type Input struct {
	Chat     string // the chat key: the customer's identity for orders
	Kind     InputKind
	Text     string  // TextInput
	Data     string  // ButtonInput
	Phone    string  // ContactInput: a shared contact's number; it may be the recipient's, not the sender's
	Lat, Lon float64 // LocationInput
	FileID   string  // FileInput: the channel's id of the file
	FileName string  // FileInput: a document's name
	FileMIME string  // FileInput: "image/jpeg" for a photo
	// FilePhoto is set for a messenger photo (sent on as a photo); an
	// image sent as a file is a document. A file's caption is in Text.
	FilePhoto bool
	LangHint  string // the client's language code, used for a new session
	Event     *Event // EventInput
	// Staff is set for input from a configured staff chat: staff commands
	// are taken only there.
	Staff bool
	User  string // who wrote, for the record of staff actions: a name, or an id
	// ReplyTo is the text of the message this one answers: a staff reply
	// to a handoff card reaches that customer.
	ReplyTo string
}

// Reply is one message to send, as keys for messages to render.
type Reply struct {
	Text  messages.Text
	Photo string
	// Document is a channel's file id sent as a file (a customer's
	// document passed on to staff, and back).
	Document string
	Buttons  [][]Button
	// MailTo and Subject make it an e-mail (to a chat "email:<order>").
	MailTo  string
	Subject messages.Text
	// Attachments are more files an e-mail carries (references, as
	// Document); messenger channels send documents as replies of their own.
	Attachments []string
}

// Button is a reply button with a label text and data, a URL, or a request
// for the customer's phone number or location (alone in its reply).
type Button struct {
	Label    messages.Text
	Data     string
	URL      string
	Phone    bool
	Location bool
}

// Result is what handling an input produced.
type Result struct {
	Replies []Reply    // to the chat that wrote, in the session's language
	Staff   []Reply    // to every staff chat, in the staff language
	Others  []Outgoing // to other chats: a customer staff acted for
	// Store goes to the store's official chats besides the staff chats:
	// express requests, which its managers answer from the shop's phone.
	Store []Reply
	// PaymentWork is set when the input left work for the payment service:
	// an order placed (it needs a payment link) or a refund confirmed.
	PaymentWork bool
	// DeliveryWork is set when the input left work for the express
	// worker: a request to price, an express order paid.
	DeliveryWork bool
}

// Outgoing is a reply to a chat other than the one that wrote.
type Outgoing struct {
	Chat  string    // the chat key, e.g. "telegram:42"
	Lang  shop.Lang // the language to render it in
	Reply Reply
}

// Config is what flows need besides the per-update Store.
type Config struct {
	Catalog  func() *shop.Catalog // the current catalog snapshot
	Profile  *shop.Profile
	Delivery shop.DeliveryQuoter
	// Points lists pickup points; nil: the customer types the point's
	// address.
	Points shop.DeliveryPoints
	// AutoQuote is set when express prices come from the courier service;
	// otherwise staff quote them.
	AutoQuote  bool
	Clock      shop.Clock
	Log        *slog.Logger
	SessionTTL time.Duration // inactivity after which a conversation starts afresh
	// PaymentExpiry is how long after ordering an unpaid order is
	// cancelled; the customer is told the time with the payment link.
	PaymentExpiry time.Duration
	// Mail is set when an e-mail channel is configured: the tracking
	// number then goes to the customer's e-mail too.
	Mail bool
	// HandoffSilence is how long a conversation handed to staff may be
	// silent before the bot takes it back.
	HandoffSilence time.Duration
	// ClaimFileRetention is how long after an application closes the
	// customer's copies of documents are kept; the customer is told.
	ClaimFileRetention time.Duration
}

// Flows runs conversations.
type Flows struct {
	cfg Config
}

// Defaults of Config's durations.
const (
	DefaultPaymentExpiry  = 48 * time.Hour   // an unpaid order waits this long
	DefaultHandoffSilence = 30 * time.Minute // then the bot takes a silent conversation back
	// DefaultClaimFileRetention keeps ID copies 30 days after an application closes.
	DefaultClaimFileRetention = 30 * 24 * time.Hour
)

// New returns Flows with cfg; zero SessionTTL means a week, zero
// PaymentExpiry DefaultPaymentExpiry.
func New(cfg Config) *Flows {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 7 * 24 * time.Hour
	}
	if cfg.PaymentExpiry == 0 {
		cfg.PaymentExpiry = DefaultPaymentExpiry
	}
	if cfg.HandoffSilence == 0 {
		cfg.HandoffSilence = DefaultHandoffSilence
	}
	if cfg.ClaimFileRetention == 0 {
		cfg.ClaimFileRetention = DefaultClaimFileRetention
	}
	if cfg.Clock == nil {
		cfg.Clock = shop.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Flows{cfg: cfg}
}

// Handle runs one input through the session's conversation. It changes s in
// place; the caller saves it with the replies in one transaction. An error
// means the store failed: the caller rolls back and nothing of s is kept.
func (f *Flows) Handle(ctx context.Context, st Store, s *Session, in Input) (Result, error) {
	t := &turn{f: f, ctx: ctx, st: st, s: s, in: in, now: f.cfg.Clock.Now(), cat: f.cfg.Catalog()}
	var err error
	switch {
	case in.Kind == EventInput:
		// Not the customer's doing: the conversation's clock stays put.
		if in.Event != nil {
			err = t.event(*in.Event)
		}
	case in.Kind == TakeoverInput:
		// Staff, not the customer: the conversation's clock stays put.
		err = t.takeover()
	case in.Staff:
		err = t.staff()
	default:
		err = t.run()
		s.Seen = t.now
	}
	if err != nil {
		return Result{}, err
	}
	return t.res, nil
}
