// Package whatsapp is letebot's WhatsApp channel, on the store's own number
// through whatsmeow (the WhatsApp Web multi-device protocol). It turns
// incoming messages into bot.Update values and renders bot.Reply values as
// WhatsApp messages.
//
// WhatsApp shows no buttons sent from an ordinary account, so a reply's
// buttons become a numbered list ("1. Каталог"); the customer answers with
// the digit, or with the option's words. The options of every list sent are
// kept (Store), so an answer presses the option of the message it quotes,
// or of the chat's latest list. Long lists are paged: "0" shows more.
//
// Customers are keyed on their phone number when it can be known, with the
// LID WhatsApp may address them by stored beside it. The adapter writes
// only to chats that wrote first, and to the configured staff chats.
//
// The adapter translates and nothing else: no flow logic, no texts of its
// own but the word for "more". It logs ids, never texts, names or numbers.
package whatsapp

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"github.com/lete-store/letebot/bot"
)

// Name is the channel's stable id, used in chat keys and the outbox.
const Name = "whatsapp"

// Prefixes of the dedupe keys and file references this adapter makes.
const (
	keyPrefix  = "wa:"
	filePrefix = "wa:"
)

// Defaults for Config fields left zero.
const (
	DefaultPerMinute   = 40
	DefaultMaxDownload = 20 << 20
	// maxPhotoURLBytes caps a catalog photo fetched by URL.
	maxPhotoURLBytes = 5 << 20
)

// Client is what the adapter needs of a WhatsApp connection;
// *whatsmeow.Client is one, and tests pass a fake.
type Client interface {
	SendMessage(ctx context.Context, to types.JID, message *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error)
	MarkRead(ctx context.Context, ids []types.MessageID, timestamp time.Time, chat, sender types.JID, receiptTypeExtra ...types.ReceiptType) error
	SendChatPresence(ctx context.Context, jid types.JID, state types.ChatPresence, media types.ChatPresenceMedia) error
	Download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error)
	Upload(ctx context.Context, plaintext []byte, appInfo whatsmeow.MediaType) (whatsmeow.UploadResponse, error)
	IsConnected() bool
	AddEventHandlerWithSuccessStatus(handler whatsmeow.EventHandlerWithSuccessStatus) uint32
	RemoveEventHandler(id uint32) bool
}

var _ Client = (*whatsmeow.Client)(nil)

// LIDMap finds the phone number behind a LID; the device store's LIDs
// (client.Store.LIDs) is one.
type LIDMap interface {
	GetPNForLID(ctx context.Context, lid types.JID) (types.JID, error)
}

// Store keeps what the adapter must remember across messages and restarts.
type Store interface {
	// NoteContact records that a customer wrote, with the LID they may
	// also be addressed by ("" when unknown: the stored one stays).
	NoteContact(ctx context.Context, chatID, lid string, at time.Time) error
	// Contacted reports whether the chat ever wrote to the store.
	Contacted(ctx context.Context, chatID string) (bool, error)
	// SaveMenu keeps the options of a message sent; LoadMenu returns those
	// of a message, or of the chat's latest when messageID is "" (nil when
	// there are none).
	SaveMenu(ctx context.Context, chatID, messageID string, at time.Time, menu []byte) error
	LoadMenu(ctx context.Context, chatID, messageID string) ([]byte, error)
}

// Handler takes converted updates; bot.Engine implements it.
type Handler interface {
	// Submit returns nil once every update is committed (or known as a
	// duplicate).
	Submit(ctx context.Context, ups ...bot.Update) error
}

// Config configures an Adapter.
type Config struct {
	Client Client // required
	Store  Store  // required
	// LIDs resolves LIDs to phone numbers; nil: a customer WhatsApp names
	// only by LID is keyed on the LID.
	LIDs LIDMap
	Log  *slog.Logger
	// PerMinute caps the messages sent per minute across all chats, to keep
	// the number clear of WhatsApp's spam limits. Zero means
	// DefaultPerMinute.
	PerMinute int
	// Staff are chat ids the bot writes to without their writing first:
	// the staff chats and the store's own number.
	Staff []string
	// Self returns the linked number's phone (digits); its own chat
	// ("Message yourself") is never taken for a customer's.
	Self func() string
	// More returns the word for "more options" in a language ("ru", "kk").
	More func(lang string) string
	// HTTP fetches catalog photos given by URL; nil means a client with a
	// 30 s timeout.
	HTTP *http.Client
	// MaxDownload caps a file fetched from WhatsApp; zero means
	// DefaultMaxDownload.
	MaxDownload int64
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Adapter is the WhatsApp channel. Send, Fetch and the event handler are
// safe for concurrent use.
type Adapter struct {
	cfg    Config
	client Client
	log    *slog.Logger
	staff  map[string]bool

	// Retry pacing of a Submit that fails; tests shorten it.
	backoffMin, backoffMax time.Duration

	// contacted caches the chats known to have written: a chat never
	// stops having written, so each is asked of the store once.
	contacted sync.Map

	mu     sync.Mutex
	typing map[string]*time.Timer // chats shown "typing…", with the timer that clears it
}

var (
	_ bot.Channel     = (*Adapter)(nil)
	_ bot.RateLimited = (*Adapter)(nil)
	_ bot.FileHolder  = (*Adapter)(nil)
	_ bot.Uploader    = (*Adapter)(nil)
	_ bot.Live        = (*Adapter)(nil)
)

// New returns an adapter for a connected (or connecting) client.
func New(cfg Config) (*Adapter, error) {
	if cfg.Client == nil || cfg.Store == nil {
		return nil, errors.New("whatsapp: a client and a store are required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.PerMinute <= 0 {
		cfg.PerMinute = DefaultPerMinute
	}
	if cfg.Self == nil {
		cfg.Self = func() string { return "" }
	}
	if cfg.More == nil {
		cfg.More = func(string) string { return "…" }
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.MaxDownload <= 0 {
		cfg.MaxDownload = DefaultMaxDownload
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	a := &Adapter{cfg: cfg, client: cfg.Client, log: cfg.Log, staff: make(map[string]bool),
		backoffMin: time.Second, backoffMax: 30 * time.Second, typing: make(map[string]*time.Timer)}
	for _, id := range cfg.Staff {
		a.staff[id] = true
	}
	return a, nil
}

// Name implements bot.Channel.
func (a *Adapter) Name() string { return Name }

// Limits implements bot.RateLimited: the configured pace across chats, and
// at most one message a second to one chat after a burst of three.
func (a *Adapter) Limits() bot.Limits {
	return bot.Limits{
		PerSecond: float64(a.cfg.PerMinute) / 60,
		Chat:      func(string) (float64, int) { return 1, 3 },
	}
}

// Uploads implements bot.Uploader: WhatsApp sends files by content.
func (a *Adapter) Uploads() bool { return true }

// Live implements bot.Live: messages wait in the outbox while the
// connection is down or held by another replica.
func (a *Adapter) Live() bool { return a.client.IsConnected() }
