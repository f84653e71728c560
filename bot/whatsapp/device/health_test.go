package device

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types/events"
)

func newTestWatcher(t *testing.T) (*Watcher, *[]Trouble, *syncBuffer) {
	t.Helper()
	var logs syncBuffer
	w := NewWatcher(slog.New(slog.NewTextHandler(&logs, nil)))
	w.now = testNow
	var got []Trouble
	w.OnTrouble = func(tr Trouble) { got = append(got, tr) }
	return w, &got, &logs
}

func TestWatcherReady(t *testing.T) {
	for _, tc := range []struct {
		name   string
		events []any
		want   error // nil: ready
	}{
		{"new", nil, ErrNotConnected},
		{"connected", []any{&events.Connected{}}, nil},
		{"disconnected", []any{&events.Connected{}, &events.Disconnected{}}, ErrNotConnected},
		{"reconnected", []any{&events.Connected{}, &events.Disconnected{}, &events.Connected{}}, nil},
		{"keepalive_timeout", []any{&events.Connected{}, &events.KeepAliveTimeout{ErrorCount: 1, LastSuccess: testNow().Add(-40 * time.Second)}}, ErrKeepAlive},
		{"keepalive_restored", []any{&events.Connected{}, &events.KeepAliveTimeout{ErrorCount: 1}, &events.KeepAliveRestored{}}, nil},
		{"logged_out", []any{&events.Connected{}, &events.LoggedOut{Reason: events.ConnectFailureLoggedOut}}, ErrLoggedOut},
		{"logged_out_then_disconnected", []any{&events.Connected{}, &events.LoggedOut{}, &events.Disconnected{}}, ErrLoggedOut},
		{"stream_replaced", []any{&events.Connected{}, &events.StreamReplaced{}, &events.Disconnected{}}, ErrStreamReplaced},
		{"temporary_ban", []any{&events.TemporaryBan{Code: events.TempBanSentToTooManyPeople, Expire: time.Hour}}, ErrTemporaryBan},
		{"ban_over_and_connected", []any{&events.TemporaryBan{Code: 101, Expire: time.Hour}, &events.Connected{}}, nil},
		{"outdated", []any{&events.ClientOutdated{}}, ErrClientOutdated},
		{"connect_failure", []any{&events.ConnectFailure{Reason: events.ConnectFailureGeneric}}, ErrConnectFailure},
		{"other_events", []any{&events.Connected{}, &events.Message{}, &events.Receipt{}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, _, _ := newTestWatcher(t)
			for _, e := range tc.events {
				w.Handle(e)
			}
			err := w.Ready()
			if tc.want == nil && err != nil {
				t.Fatalf("Ready: %v, want nil", err)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Ready: %v, want %v", err, tc.want)
			}
		})
	}
}

func TestWatcherTrouble(t *testing.T) {
	for _, tc := range []struct {
		name   string
		events []any
		want   []Trouble
	}{
		{
			"logged_out",
			[]any{&events.Connected{}, &events.LoggedOut{OnConnect: true, Reason: events.ConnectFailureLoggedOut}, &events.Disconnected{}},
			[]Trouble{{Kind: LoggedOut, Code: 401}},
		},
		{
			"stream_replaced_once",
			[]any{&events.Connected{}, &events.StreamReplaced{}, &events.Disconnected{}, &events.StreamReplaced{}},
			[]Trouble{{Kind: StreamReplaced}},
		},
		{
			"temporary_ban",
			[]any{&events.TemporaryBan{Code: events.TempBanBlockedByUsers, Expire: 2 * time.Hour}},
			[]Trouble{{Kind: TemporaryBan, Code: 102, Expire: testNow().Add(2 * time.Hour)}},
		},
		{
			"ban_repeated_on_retry",
			[]any{&events.TemporaryBan{Code: 101, Expire: time.Hour}, &events.Disconnected{}, &events.TemporaryBan{Code: 101, Expire: time.Hour}},
			[]Trouble{{Kind: TemporaryBan, Code: 101, Expire: testNow().Add(time.Hour)}},
		},
		{
			"again_after_reconnect",
			[]any{&events.ConnectFailure{Reason: 400}, &events.Connected{}, &events.ConnectFailure{Reason: 400}},
			[]Trouble{{Kind: ConnectFailure, Code: 400}, {Kind: ConnectFailure, Code: 400}},
		},
		{
			"different_kinds",
			[]any{&events.ClientOutdated{}, &events.LoggedOut{Reason: events.ConnectFailureLoggedOut}},
			[]Trouble{{Kind: Outdated, Code: 405}, {Kind: LoggedOut, Code: 401}},
		},
		{
			"no_trouble_on_disconnects",
			[]any{&events.Connected{}, &events.Disconnected{}, &events.KeepAliveTimeout{}, &events.Connected{}},
			nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, got, _ := newTestWatcher(t)
			for _, e := range tc.events {
				w.Handle(e)
			}
			if len(*got) != len(tc.want) {
				t.Fatalf("OnTrouble calls = %+v, want %+v", *got, tc.want)
			}
			for i, g := range *got {
				w := tc.want[i]
				if g.Kind != w.Kind || g.Code != w.Code || !g.Expire.Equal(w.Expire) || g.Reason == "" {
					t.Errorf("trouble %d = %+v, want %+v with a reason", i, g, w)
				}
			}
		})
	}
}

func TestWatcherLogs(t *testing.T) {
	w, _, logs := newTestWatcher(t)
	for _, e := range []any{
		&events.Connected{},
		&events.KeepAliveTimeout{ErrorCount: 1}, &events.KeepAliveTimeout{ErrorCount: 2},
		&events.KeepAliveRestored{},
		&events.Disconnected{}, &events.Disconnected{},
		&events.Connected{},
		&events.TemporaryBan{Code: 101, Expire: time.Hour},
	} {
		w.Handle(e)
	}
	text := logs.String()
	for msg, n := range map[string]int{
		"WhatsApp connected":                  2,
		"WhatsApp keepalive timed out":        1,
		"WhatsApp keepalive restored":         1,
		"WhatsApp disconnected, reconnecting": 1,
		"WhatsApp connection stopped":         1,
	} {
		if got := strings.Count(text, msg); got != n {
			t.Errorf("%q logged %d times, want %d:\n%s", msg, got, n, text)
		}
	}
	if !strings.Contains(text, "kind=temporary_ban code=101") {
		t.Errorf("ban log lacks kind and code:\n%s", text)
	}
}

func TestWatcherConfigure(t *testing.T) {
	client := whatsmeow.NewClient(&store.Device{}, nil)
	client.EnableAutoReconnect = false
	w, _, _ := newTestWatcher(t)
	w.Configure(client)
	if !client.EnableAutoReconnect || !client.SynchronousAck || client.AutoReconnectHook == nil {
		t.Fatalf("Configure: EnableAutoReconnect %v, SynchronousAck %v, hook set %v", client.EnableAutoReconnect, client.SynchronousAck, client.AutoReconnectHook != nil)
	}

	client.AutoReconnectErrors = 3
	if !client.AutoReconnectHook(errors.New("dial tcp: no route to host")) {
		t.Error("hook stops reconnecting after a network error")
	}
	client.AutoReconnectErrors = 500
	client.AutoReconnectHook(errors.New("dial tcp: no route to host"))
	if client.AutoReconnectErrors != maxReconnectErrors {
		t.Errorf("AutoReconnectErrors = %d after the hook, want the cap %d", client.AutoReconnectErrors, maxReconnectErrors)
	}

	w.Handle(&events.StreamReplaced{})
	if client.AutoReconnectHook(errors.New("dial tcp: no route to host")) {
		t.Error("hook keeps reconnecting after StreamReplaced")
	}
	w.Handle(&events.Connected{})
	if !client.AutoReconnectHook(errors.New("dial tcp: no route to host")) {
		t.Error("hook stops reconnecting after a new connection cleared the trouble")
	}
}

func TestTroubleErr(t *testing.T) {
	tr := Trouble{Kind: TemporaryBan, Code: 101, Expire: testNow().Add(time.Hour), Reason: "101: too many"}
	err := tr.Err()
	if !errors.Is(err, ErrTemporaryBan) || !strings.Contains(err.Error(), "until 2026-03-02T15:00:00Z") {
		t.Fatalf("Err() = %v", err)
	}
}

func TestWatcherConcurrent(t *testing.T) {
	w, _, _ := newTestWatcher(t)
	evs := []any{&events.Connected{}, &events.Disconnected{}, &events.KeepAliveTimeout{}, &events.KeepAliveRestored{}, &events.StreamReplaced{}, &events.LoggedOut{}}
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for j := range 200 {
				w.Handle(evs[(i+j)%len(evs)])
				_ = w.Ready()
			}
		}()
	}
	for range 8 {
		<-done
	}
}

// syncBuffer is a log destination safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
