package device

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types/events"
)

// TroubleKind names a reason the WhatsApp connection stopped for good:
// whatsmeow does not reconnect after any of them.
type TroubleKind string

// Kinds of Trouble, and what the caller must do.
const (
	// LoggedOut: the phone unlinked the device, or WhatsApp did, and
	// whatsmeow deleted its keys from the store. Stop the client
	// (Disconnect) and tell the operator to run `letebot whatsapp login`;
	// nothing works until the device is linked again.
	LoggedOut TroubleKind = "logged_out"
	// StreamReplaced: another process connected with this device's keys
	// and took the connection. Do not reconnect: the two would take it
	// from each other for ever. Stop the client and find the other process
	// (an old deployment, a copied database).
	StreamReplaced TroubleKind = "stream_replaced"
	// TemporaryBan: WhatsApp banned the account until Trouble.Expire, Code
	// saying why (101: messages to people who do not have the number,
	// 102: blocked by many, 104: the same message to many). Stop sending,
	// and Connect again no earlier than Expire.
	TemporaryBan TroubleKind = "temporary_ban"
	// Outdated: WhatsApp rejects this whatsmeow version. Update
	// go.mau.fi/whatsmeow and redeploy.
	Outdated TroubleKind = "client_outdated"
	// ConnectFailure: WhatsApp refused the connection for a reason
	// whatsmeow does not know (Code, Reason). Stop, alert, retry later at
	// the earliest.
	ConnectFailure TroubleKind = "connect_failure"
)

// Trouble is a permanent stop of the WhatsApp connection.
type Trouble struct {
	Kind TroubleKind
	// Code is WhatsApp's number for it: the ban reason (101...) or the
	// connect failure reason (401...); 0 when there is none.
	Code int
	// Expire is when a TemporaryBan ends; zero when unknown or not a ban.
	Expire time.Time
	// Reason describes it for logs and the operator, in English.
	Reason string
}

// Err returns the Trouble as an error wrapping its sentinel (ErrLoggedOut,
// ErrStreamReplaced, ErrTemporaryBan, ErrClientOutdated, ErrConnectFailure).
func (t Trouble) Err() error {
	var sentinel error
	switch t.Kind {
	case LoggedOut:
		sentinel = ErrLoggedOut
	case StreamReplaced:
		sentinel = ErrStreamReplaced
	case TemporaryBan:
		sentinel = ErrTemporaryBan
		if !t.Expire.IsZero() {
			return fmt.Errorf("%w until %s: %s", sentinel, t.Expire.UTC().Format(time.RFC3339), t.Reason)
		}
	case Outdated:
		sentinel = ErrClientOutdated
	default:
		sentinel = ErrConnectFailure
	}
	return fmt.Errorf("%w: %s", sentinel, t.Reason)
}

// maxReconnectErrors caps whatsmeow's reconnect delay, which grows by 2 s
// per failed attempt: at 60 it waits 2 minutes between attempts instead of
// ever longer during a long outage.
const maxReconnectErrors = 60

type connState int

const (
	stateStarting connState = iota
	stateConnected
	stateDisconnected
)

// Watcher turns whatsmeow's connection events into a state (Ready) and a
// callback on trouble (OnTrouble). Its methods are safe for concurrent use;
// whatsmeow calls Handle from several goroutines.
type Watcher struct {
	// OnTrouble, if set, is called once per Trouble: when the connection
	// stops for good, not on whatsmeow's reconnect attempts, and not again
	// for the same kind and code until the next successful connection.
	// Calls come one at a time from whatsmeow's goroutines: keep it short
	// (signal a channel) and do not call the client from it. Set it before
	// Configure.
	OnTrouble func(Trouble)

	log *slog.Logger
	now func() time.Time

	mu            sync.Mutex
	state         connState
	keepAliveLost bool
	lastKeepAlive time.Time // last successful keepalive, while it fails
	trouble       *Trouble  // since the last Connected
	cbMu          sync.Mutex
}

// NewWatcher returns a Watcher that logs connection changes to log (nowhere
// if log is nil).
func NewWatcher(log *slog.Logger) *Watcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{log: log, now: time.Now}
}

// Configure sets client up for a long-running bot and registers w.Handle
// with it (do not add it again): automatic reconnection on, with a delay
// that grows by 2 s per failed attempt up to 2 minutes and stops after a
// Trouble; message acks only after every event handler returned
// (SynchronousAck), so a message whose handler did not finish is
// delivered again.
func (w *Watcher) Configure(client *whatsmeow.Client) {
	client.EnableAutoReconnect = true
	client.SynchronousAck = true
	client.AutoReconnectHook = func(err error) bool {
		// Runs on whatsmeow's reconnect goroutine, the only writer of
		// AutoReconnectErrors while it retries.
		if t, ok := w.stopped(); ok {
			w.log.Warn("WhatsApp reconnect stopped", "kind", t.Kind, "code", t.Code)
			return false
		}
		w.log.Warn("WhatsApp reconnect failed", "attempt", client.AutoReconnectErrors, "error", err)
		client.AutoReconnectErrors = min(client.AutoReconnectErrors, maxReconnectErrors)
		return true
	}
	client.AddEventHandler(w.Handle)
}

// Handle takes a whatsmeow event; register it with client.AddEventHandler
// (Configure does). It ignores events other than the connection's.
func (w *Watcher) Handle(evt any) {
	switch e := evt.(type) {
	case *events.Connected:
		w.mu.Lock()
		was, hadTrouble := w.state, w.trouble != nil
		w.state, w.keepAliveLost, w.trouble = stateConnected, false, nil
		w.mu.Unlock()
		if was != stateConnected || hadTrouble {
			w.log.Info("WhatsApp connected")
		}
	case *events.Disconnected:
		w.mu.Lock()
		was, troubled := w.state, w.trouble != nil
		w.state, w.keepAliveLost = stateDisconnected, false
		w.mu.Unlock()
		if was == stateConnected && !troubled {
			w.log.Warn("WhatsApp disconnected, reconnecting")
		}
	case *events.KeepAliveTimeout:
		w.mu.Lock()
		was := w.keepAliveLost
		w.keepAliveLost, w.lastKeepAlive = true, e.LastSuccess
		w.mu.Unlock()
		if !was {
			w.log.Warn("WhatsApp keepalive timed out", "error_count", e.ErrorCount)
		}
	case *events.KeepAliveRestored:
		w.mu.Lock()
		was := w.keepAliveLost
		w.keepAliveLost = false
		w.mu.Unlock()
		if was {
			w.log.Info("WhatsApp keepalive restored")
		}
	case *events.LoggedOut:
		w.report(Trouble{Kind: LoggedOut, Code: int(e.Reason), Reason: "the device was unlinked (" + e.PermanentDisconnectDescription() + "); run letebot whatsapp login"})
	case *events.StreamReplaced:
		w.report(Trouble{Kind: StreamReplaced, Reason: "another process connected with this device"})
	case *events.TemporaryBan:
		t := Trouble{Kind: TemporaryBan, Code: int(e.Code), Reason: e.Code.String()}
		if e.Expire > 0 {
			t.Expire = w.now().Add(e.Expire)
		}
		w.report(t)
	case *events.ConnectFailure:
		reason := e.Reason.String()
		if e.Message != "" {
			reason += " (" + e.Message + ")"
		}
		w.report(Trouble{Kind: ConnectFailure, Code: int(e.Reason), Reason: reason})
	case *events.ClientOutdated:
		w.report(Trouble{Kind: Outdated, Code: int(events.ConnectFailureClientOutdated), Reason: "WhatsApp rejects this whatsmeow version; update it"})
	}
}

// report records t and calls OnTrouble unless the same trouble was
// reported since the last connection.
func (w *Watcher) report(t Trouble) {
	w.mu.Lock()
	repeat := w.trouble != nil && w.trouble.Kind == t.Kind && w.trouble.Code == t.Code
	w.trouble = &t // the latest, for Ready: a later ban expiry
	w.state, w.keepAliveLost = stateDisconnected, false
	cb := w.OnTrouble
	w.mu.Unlock()
	if repeat {
		return
	}
	attrs := []any{"kind", t.Kind, "code", t.Code, "reason", t.Reason}
	if !t.Expire.IsZero() {
		attrs = append(attrs, "expire", t.Expire)
	}
	w.log.Error("WhatsApp connection stopped", attrs...)
	if cb != nil {
		w.cbMu.Lock()
		defer w.cbMu.Unlock()
		cb(t)
	}
}

func (w *Watcher) stopped() (Trouble, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.trouble == nil {
		return Trouble{}, false
	}
	return *w.trouble, true
}

// Ready returns nil while WhatsApp is connected and answers keepalives, and
// otherwise an error saying why not: ErrNotConnected (not yet, or
// reconnecting), ErrKeepAlive, or the Trouble's error (see Trouble.Err).
func (w *Watcher) Ready() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.trouble != nil:
		return w.trouble.Err()
	case w.state == stateStarting:
		return fmt.Errorf("%w: not connected yet", ErrNotConnected)
	case w.state == stateDisconnected:
		return fmt.Errorf("%w: connection lost, reconnecting", ErrNotConnected)
	case w.keepAliveLost:
		if w.lastKeepAlive.IsZero() {
			return ErrKeepAlive
		}
		return fmt.Errorf("%w: no answer for %s", ErrKeepAlive, w.now().Sub(w.lastKeepAlive).Round(time.Second))
	}
	return nil
}
