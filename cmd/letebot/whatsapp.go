package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/whatsapp"
	"github.com/lete-store/letebot/bot/whatsapp/device"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/jobs"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

// Waits of the WhatsApp connection after a stop it may recover from.
const (
	waitAfterConnectFailure = 5 * time.Minute
	waitAfterBanUnknown     = time.Hour
)

// whatsAppLogin links the store's WhatsApp number: `letebot whatsapp login
// [--phone NUMBER] [--png FILE]`.
func whatsAppLogin(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("whatsapp login", flag.ContinueOnError)
	fs.SetOutput(stdout)
	phone := fs.String("phone", "", "link with an 8-character pairing code for this number (international, e.g. +77773366100) instead of a QR code")
	png := fs.String("png", "whatsapp-login.png", "also write each QR code to this PNG file")
	if len(args) == 0 || args[0] != "login" {
		return errors.New("usage: letebot whatsapp login [--phone NUMBER] [--png FILE]")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	container, err := device.OpenStore(ctx, db.SQL(), db.Dialect(), log)
	if err != nil {
		return err
	}
	lock, err := jobs.NewLock(db.SQL(), db.Dialect(), jobs.WhatsAppLock, "WhatsApp connection", log)
	if err != nil {
		return err
	}
	// A running bot holds the connection: linking beside it would knock it off.
	lockCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	var loginErr error
	held := false
	err = lock.Hold(lockCtx, func(context.Context) {
		held = true
		dev, err := device.Device(ctx, container)
		if err != nil {
			loginErr = err
			return
		}
		client := whatsmeow.NewClient(dev, device.NewLogger(log).Sub("Client"))
		loginErr = device.Login(ctx, client, stdout, device.LoginOptions{Phone: *phone, PNGPath: *png})
	})
	if !held {
		return fmt.Errorf("another letebot holds the WhatsApp connection; stop it, then run login again (%w)", err)
	}
	return loginErr
}

// waRuntime is the WhatsApp side of a running bot: the linked device's
// client, the adapter the outbox sends through, and the connection's
// health, behind the lock that lets one replica connect.
type waRuntime struct {
	client  *whatsmeow.Client
	adapter *whatsapp.Adapter
	watcher *device.Watcher
	lock    *jobs.Lock
	engine  lateEngine
	profile *shop.Profile
	log     *slog.Logger

	troubles chan device.Trouble
	troubled atomic.Bool // a trouble was told to staff: tell them when it is over
}

// newWhatsApp loads the linked device and builds the adapter; it does not
// connect (run does, once it holds the lock).
func newWhatsApp(ctx context.Context, cfg config, db *storage.DB, engine lateEngine, profile *shop.Profile,
	texts *messages.Catalog, log *slog.Logger) (*waRuntime, []string, error) {
	container, err := device.OpenStore(ctx, db.SQL(), db.Dialect(), log)
	if err != nil {
		return nil, nil, err
	}
	dev, err := device.Device(ctx, container)
	if err != nil {
		return nil, nil, err
	}
	if dev.ID == nil {
		return nil, nil, errors.New("WHATSAPP_ENABLED is set but no WhatsApp number is linked: run letebot whatsapp login")
	}
	client := whatsmeow.NewClient(dev, device.NewLogger(log).Sub("Client"))
	lock, err := jobs.NewLock(db.SQL(), db.Dialect(), jobs.WhatsAppLock, "WhatsApp connection", log)
	if err != nil {
		return nil, nil, err
	}
	w := &waRuntime{client: client, watcher: device.NewWatcher(log), lock: lock, engine: engine, profile: profile, log: log,
		troubles: make(chan device.Trouble, 4)}
	w.watcher.OnTrouble = func(t device.Trouble) {
		select {
		case w.troubles <- t:
		default: // one waiting is enough to act on
		}
	}
	w.watcher.Configure(client)
	client.AddEventHandler(w.connected)

	storeChats := storeChat(cfg, profile)
	allowed := append(append([]string(nil), cfg.WhatsAppStaff...), storeChats...)
	w.adapter, err = whatsapp.New(whatsapp.Config{
		Client: client, Store: db, LIDs: dev.LIDs, Log: log, PerMinute: cfg.WhatsAppPerMinute, Staff: allowed,
		Self: func() string {
			if id := client.Store.ID; id != nil {
				return id.User
			}
			return ""
		},
		More: func(lang string) string {
			s, _ := texts.Render(shop.Lang(lang), messages.T(messages.WhatsAppMore))
			return s
		},
	})
	if err != nil {
		return nil, nil, err
	}
	return w, storeChats, nil
}

// storeChat is the store's official WhatsApp chat: configured, or the
// profile's WhatsApp number.
func storeChat(cfg config, p *shop.Profile) []string {
	switch cfg.WhatsAppStoreChat {
	case "off":
		return nil
	case "":
		id, err := whatsAppChat(p.WhatsApp)
		if err != nil {
			return nil
		}
		return []string{id}
	}
	return []string{cfg.WhatsAppStoreChat}
}

// Ready reports the connection's health for /readyz.
func (w *waRuntime) Ready() error { return w.watcher.Ready() }

// connected shows the store as online once connected (without a presence
// customers see no name), and tells staff when a stop is over.
func (w *waRuntime) connected(evt any) {
	if _, ok := evt.(*events.Connected); !ok {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := w.client.SendPresence(ctx, types.PresenceAvailable); err != nil {
			w.log.Warn("WhatsApp presence not sent", "error", err)
		}
		if w.troubled.Swap(false) {
			w.alert(ctx, "wa-back:"+strconv.FormatInt(time.Now().Unix(), 10), messages.T(messages.StaffWhatsAppBack))
		}
	}()
}

// run connects while this replica holds the lock, and hands incoming
// messages to the engine. It stands down for good when WhatsApp unlinked
// the device, another process took the session, or the library is too old:
// a person must act, and retrying would make it worse.
func (w *waRuntime) run(ctx context.Context) error {
	for ctx.Err() == nil {
		var final bool
		err := w.lock.Hold(ctx, func(ctx context.Context) { final = w.connect(ctx) })
		if final {
			return nil
		}
		if errors.Is(err, jobs.ErrLockLost) {
			w.log.Warn("WhatsApp lock lost; standing by again")
			continue
		}
		if err != nil && ctx.Err() == nil {
			return fmt.Errorf("whatsapp: %w", err)
		}
	}
	return nil
}

// connect holds the connection until ctx ends or a stop it cannot recover
// from (final).
func (w *waRuntime) connect(ctx context.Context) (final bool) {
	stop := w.adapter.Listen(ctx, w.engine)
	defer stop()
	defer w.client.Disconnect()
	for {
		if err := w.client.Connect(); err != nil && !errors.Is(err, whatsmeow.ErrAlreadyConnected) {
			// Auto-reconnect covers drops, not a first connect that failed.
			w.log.Warn("WhatsApp connect failed", "error", err)
			if !bot.Sleep(ctx, 30*time.Second) {
				return false
			}
			continue
		}
		w.log.Info("WhatsApp connecting")
		select {
		case <-ctx.Done():
			return false
		case t := <-w.troubles:
			w.client.Disconnect()
			w.tellStaff(ctx, t)
			wait, ok := recoverable(t)
			if !ok {
				w.log.Error("WhatsApp stopped; a person must act", "kind", t.Kind, "code", t.Code)
				return true
			}
			w.log.Warn("WhatsApp stopped; connecting again later", "kind", t.Kind, "wait", wait)
			if !bot.Sleep(ctx, wait) {
				return false
			}
		}
	}
}

// recoverable says whether a stop passes by itself, and when to try again.
func recoverable(t device.Trouble) (time.Duration, bool) {
	switch t.Kind {
	case device.TemporaryBan:
		if t.Expire.IsZero() {
			return waitAfterBanUnknown, true
		}
		return max(time.Until(t.Expire), time.Minute), true
	case device.ConnectFailure:
		return waitAfterConnectFailure, true
	}
	return 0, false
}

// tellStaff alerts the staff chats once per stop.
func (w *waRuntime) tellStaff(ctx context.Context, t device.Trouble) {
	var text messages.Text
	switch t.Kind {
	case device.LoggedOut:
		text = messages.T(messages.StaffWhatsAppLoggedOut)
	case device.StreamReplaced:
		text = messages.T(messages.StaffWhatsAppReplaced)
	case device.TemporaryBan:
		until := t.Expire
		if !until.IsZero() {
			until = until.In(w.profile.Location())
		}
		text = messages.T(messages.StaffWhatsAppBanned, "Code", strconv.Itoa(t.Code), "Until", until)
	case device.Outdated:
		text = messages.T(messages.StaffWhatsAppOutdated)
	default:
		text = messages.T(messages.StaffWhatsAppFailed, "Reason", t.Reason)
	}
	w.troubled.Store(true)
	w.alert(ctx, fmt.Sprintf("wa-trouble:%s:%d:%d", t.Kind, t.Code, time.Now().Unix()), text)
}

func (w *waRuntime) alert(ctx context.Context, key string, text messages.Text) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := w.engine.AlertStaff(ctx, key, flows.Reply{Text: text}); err != nil {
		w.log.Error("WhatsApp trouble not told to staff", "error", err)
	}
}
