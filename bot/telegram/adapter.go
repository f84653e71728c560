// Package telegram is letebot's Telegram channel: it receives updates by long
// polling the Bot API (Run) or through a webhook (SetWebhook and
// WebhookHandler) and hands them to the engine as bot.Update values, and it
// renders bot.Reply values as Telegram messages with inline keyboards.
//
// The adapter translates and nothing else: no flow logic, no texts. It logs
// ids (chat, update, message), never message texts, names or phones.
//
// It uses go-telegram-bot-api v5.5.1 for the Bot API wire format, with the
// gaps of that version filled here: requests honour a context (the library's
// methods take none), and getUpdates is our own loop so an update is
// confirmed to Telegram only after the engine has committed it. The webhook
// likewise answers 200 only after the commit, and sets and checks the
// secret token that v5.5.1 does not know.
package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/lete-store/letebot/bot"
)

// Name is the channel's stable id, used in chat keys and the outbox.
const Name = "telegram"

// keyPrefix starts every dedupe key this adapter produces ("tg:<update_id>").
const keyPrefix = "tg:"

// Defaults for Config fields left zero.
const (
	DefaultAPIEndpoint  = tgbotapi.APIEndpoint  // "https://api.telegram.org/bot%s/%s"
	DefaultFileEndpoint = tgbotapi.FileEndpoint // "https://api.telegram.org/file/bot%s/%s"
	DefaultPollTimeout  = 30 * time.Second
	// DefaultMaxDownload is the most bytes Download reads when given no cap;
	// it is also the Bot API's getFile limit.
	DefaultMaxDownload = 20 << 20
)

// Timeouts for single requests; the long poll gets PollTimeout plus pollSlack.
const (
	requestTimeout = 60 * time.Second
	pollSlack      = 15 * time.Second
)

// Config configures an Adapter.
type Config struct {
	// Token is the bot token from @BotFather. Required. It is never logged;
	// transport errors have it replaced by "<token>".
	Token string
	// APIEndpoint is a Sprintf format taking the token and the method name,
	// e.g. "http://127.0.0.1:8081/bot%s/%s" for a local Bot API server or a
	// test fake. Empty means DefaultAPIEndpoint.
	APIEndpoint string
	// FileEndpoint is a Sprintf format taking the token and a file path.
	// Empty means DefaultFileEndpoint.
	FileEndpoint string
	// HTTPClient makes every request. Nil means a new http.Client; a client
	// Timeout, if set, must exceed PollTimeout.
	HTTPClient *http.Client
	// Log receives the adapter's logs; nil discards them.
	Log *slog.Logger
	// PollTimeout is how long one getUpdates call waits for updates (whole
	// seconds, at least 1). Zero means DefaultPollTimeout.
	PollTimeout time.Duration
	// Pacing is how the bot paces its sends to Telegram's rates (429
	// retry_after is obeyed whatever it is). The zero value is PaceAll.
	Pacing Pacing
}

// Pacing says which of Telegram's rates the bot keeps to by itself.
type Pacing int

const (
	// PaceAll holds every message to about 30 a second overall, and to
	// each chat's own rate: Telegram's documented limits, taken strictly.
	PaceAll Pacing = iota
	// PaceBroadcasts holds only what nobody just asked for (alerts,
	// reminders, retries) to the 30 a second; an answer to someone who
	// just wrote is held only to the chat's rate. Telegram's FAQ puts the
	// 30 a second on bulk notifications; a shop with many customers
	// writing at once answers them without queueing behind each other.
	PaceBroadcasts
	// PaceOff paces nothing, for a Bot API that sets no limits (the load
	// tool's fake).
	PaceOff
)

// ParsePacing reads TELEGRAM_RATE_LIMITS: "on" (or ""), "answers", "off".
func ParsePacing(s string) (Pacing, error) {
	switch s {
	case "", "on":
		return PaceAll, nil
	case "answers":
		return PaceBroadcasts, nil
	case "off":
		return PaceOff, nil
	}
	return PaceAll, fmt.Errorf("telegram: pacing %q: want on, answers or off", s)
}

// maxConns bounds the connections open to the Bot API: the long poll and
// the sends of many chats at once.
const maxConns = 64

// Adapter is the Telegram channel. Send, FileURL and Download are safe for
// concurrent use; Run must be called once.
type Adapter struct {
	api          *tgbotapi.BotAPI // never used directly for requests: see bot()
	http         *http.Client
	token        string
	apiEndpoint  string
	fileEndpoint string
	username     string // the bot's own @username, for "/cmd@username"
	log          *slog.Logger
	pacing       Pacing
	pollTimeout  time.Duration
	// answers holds buffers for the Bot API's answers to call.
	answers sync.Pool

	// Retry pacing of Run; tests shorten them.
	backoffMin, backoffMax time.Duration

	// failingSince is when getUpdates began failing without a success
	// since; nil while it works (getMe answered at New).
	failingSince atomic.Pointer[time.Time]
	// notReadyAfter is how long getUpdates may fail before Ready says so:
	// brief network trouble is retried, not alarmed. Tests shorten it.
	notReadyAfter time.Duration
}

// Ready reports whether the adapter can receive updates: it fails once
// getUpdates has failed for a while (30 s) without a success in between.
func (a *Adapter) Ready() error {
	if t := a.failingSince.Load(); t != nil && time.Since(*t) > a.notReadyAfter {
		return fmt.Errorf("telegram: getUpdates failing since %s", t.UTC().Format(time.RFC3339))
	}
	return nil
}

// pollFailed and pollSucceeded keep failingSince.
func (a *Adapter) pollFailed() {
	now := time.Now()
	a.failingSince.CompareAndSwap(nil, &now)
}

func (a *Adapter) pollSucceeded() { a.failingSince.Store(nil) }

var (
	_ bot.Channel        = (*Adapter)(nil)
	_ bot.RateLimited    = (*Adapter)(nil)
	_ bot.PhoneRequester = (*Adapter)(nil)
	_ bot.FileHolder     = (*Adapter)(nil)
	_ bot.Uploader       = (*Adapter)(nil)
)

var setLoggerOnce sync.Once

// New checks the token with getMe and returns a ready adapter.
func New(ctx context.Context, cfg Config) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: no bot token")
	}
	if cfg.APIEndpoint == "" {
		cfg.APIEndpoint = DefaultAPIEndpoint
	}
	if cfg.FileEndpoint == "" {
		cfg.FileEndpoint = DefaultFileEndpoint
	}
	for _, ep := range []string{cfg.APIEndpoint, cfg.FileEndpoint} {
		if strings.Count(ep, "%s") != 2 {
			return nil, fmt.Errorf("telegram: endpoint %q needs two %%s (token, then method or path)", ep)
		}
	}
	if cfg.HTTPClient == nil {
		// Many chats' replies go out at once: keep their connections open
		// for the next ones (the default keeps 2), within a bound on how
		// many are open to the API at all.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxConnsPerHost = maxConns
		t.MaxIdleConnsPerHost = maxConns
		cfg.HTTPClient = &http.Client{Transport: t}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = DefaultPollTimeout
	}
	cfg.PollTimeout = max(cfg.PollTimeout.Truncate(time.Second), time.Second)

	// The library logs only in debug mode and in GetUpdatesChan, neither of
	// which we use; its logger is a package global, so set it once.
	setLoggerOnce.Do(func() { _ = tgbotapi.SetLogger(discardLogger{}) })

	a := &Adapter{
		http:          cfg.HTTPClient,
		token:         cfg.Token,
		apiEndpoint:   cfg.APIEndpoint,
		fileEndpoint:  cfg.FileEndpoint,
		log:           cfg.Log.With("channel", Name),
		pollTimeout:   cfg.PollTimeout,
		answers:       sync.Pool{New: func() any { return new(bytes.Buffer) }},
		backoffMin:    time.Second,
		notReadyAfter: 30 * time.Second,
		backoffMax:    30 * time.Second,
		pacing:        cfg.Pacing,
	}
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, cfg.APIEndpoint, a.doer(ctx))
	if err != nil {
		return nil, fmt.Errorf("telegram: getMe: %w", err)
	}
	api.Client = nil // each request gets its own context-bound client
	a.api = api
	a.username = api.Self.UserName
	a.log.Info("Telegram bot ready", "bot_id", api.Self.ID)
	return a, nil
}

// Name returns "telegram".
func (a *Adapter) Name() string { return Name }

// Username returns the bot's @username without the "@".
func (a *Adapter) Username() string { return a.username }

// Limits are Telegram's documented sending rates: about 30 messages a second
// overall (with PaceBroadcasts, answers are not held to it), 1 a second to
// a private chat and 20 a minute to a group (negative chat ids), with short
// bursts.
func (a *Adapter) Limits() bot.Limits {
	if a.pacing == PaceOff {
		return bot.Limits{}
	}
	return bot.Limits{
		PerSecond:     30,
		AnswersExempt: a.pacing == PaceBroadcasts,
		Chat: func(chatID string) (float64, int) {
			if id, err := strconv.ParseInt(chatID, 10, 64); err == nil && id < 0 {
				return 20.0 / 60, 3
			}
			return 1, 3
		},
	}
}

// bot returns a library client whose requests are bound to ctx. The library
// takes no contexts, so a shallow copy gets a context-carrying HTTP client.
func (a *Adapter) bot(ctx context.Context) *tgbotapi.BotAPI {
	b := *a.api
	b.Client = a.doer(ctx)
	return &b
}

func (a *Adapter) doer(ctx context.Context) ctxDoer {
	return ctxDoer{ctx: ctx, c: a.http, token: a.token}
}

// ctxDoer is a tgbotapi.HTTPClient that sends every request with ctx and
// scrubs the token from the URL of transport errors (*url.Error prints it).
type ctxDoer struct {
	ctx   context.Context
	c     *http.Client
	token string
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(req.WithContext(d.ctx))
	return resp, redact(err, d.token)
}

// redact replaces the token in a transport error's URL.
func redact(err error, token string) error {
	var ue *url.Error
	if err == nil || token == "" || !errors.As(err, &ue) || !strings.Contains(ue.URL, token) {
		return err
	}
	return &url.Error{Op: ue.Op, URL: strings.ReplaceAll(ue.URL, token, "<token>"), Err: ue.Err}
}

// withTimeout bounds one request when the caller's ctx has no deadline.
func withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, requestTimeout)
}

type discardLogger struct{}

func (discardLogger) Println(...any)        {}
func (discardLogger) Printf(string, ...any) {}
