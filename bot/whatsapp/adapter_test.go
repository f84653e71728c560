package whatsapp

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/whatsapp/whatsapptest"
)

// The helpers of this package's tests are named rig* so they cannot clash
// with those of other test files in the package.

// Numbers the tests use.
const (
	rigSelf     = "77000000001"     // the store's linked number
	rigStaff    = "77000000002"     // a staff chat in Config.Staff
	rigPhone    = "77011234567"     // a customer
	rigOther    = "77017654321"     // another customer
	rigLIDUser  = "215134123456789" // the customer's LID
	rigGroupID  = "120363025246125486"
	rigGroupKey = rigGroupID + "@g.us"
	rigLIDChat  = rigLIDUser + "@lid"
)

var (
	rigPhoneJID = types.NewJID(rigPhone, types.DefaultUserServer)
	rigOtherJID = types.NewJID(rigOther, types.DefaultUserServer)
	rigSelfJID  = types.NewJID(rigSelf, types.DefaultUserServer)
	rigLIDJID   = types.NewJID(rigLIDUser, types.HiddenUserServer)
	rigGroupJID = types.NewJID(rigGroupID, types.GroupServer)
	rigNow      = time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
)

// rigStore is an in-memory Store.
type rigStore struct {
	mu       sync.Mutex
	contacts map[string]string            // chat id → LID
	notes    []rigNote                    // NoteContact calls, in order
	menus    map[string]map[string][]byte // chat id → message id → menu
	latest   map[string]string            // chat id → the message id saved last
	// loadErr, when set, is returned by LoadMenu.
	loadErr error
}

type rigNote struct{ chatID, lid string }

func newRigStore() *rigStore {
	return &rigStore{contacts: make(map[string]string), menus: make(map[string]map[string][]byte),
		latest: make(map[string]string)}
}

func (s *rigStore) NoteContact(_ context.Context, chatID, lid string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notes = append(s.notes, rigNote{chatID, lid})
	if old, ok := s.contacts[chatID]; !ok || lid != "" {
		s.contacts[chatID] = lid
	} else {
		s.contacts[chatID] = old
	}
	return nil
}

func (s *rigStore) Contacted(_ context.Context, chatID string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.contacts[chatID]
	return ok, nil
}

func (s *rigStore) SaveMenu(_ context.Context, chatID, messageID string, _ time.Time, m []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.menus[chatID] == nil {
		s.menus[chatID] = make(map[string][]byte)
	}
	s.menus[chatID][messageID] = append([]byte(nil), m...)
	s.latest[chatID] = messageID
	return nil
}

func (s *rigStore) LoadMenu(_ context.Context, chatID, messageID string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loadErr != nil {
		return nil, s.loadErr
	}
	if messageID == "" {
		messageID = s.latest[chatID]
	}
	return s.menus[chatID][messageID], nil
}

// contact marks a chat as one that wrote.
func (s *rigStore) contact(chatID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.contacts[chatID] = ""
}

func (s *rigStore) noted() []rigNote {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]rigNote(nil), s.notes...)
}

// menu returns the menu saved under a message, and whether there is one.
func (s *rigStore) menu(chatID, messageID string) (menu, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	raw, ok := s.menus[chatID][messageID]
	if !ok {
		return menu{}, false
	}
	return decodeMenu(raw)
}

// saved counts the menus saved in a chat.
func (s *rigStore) saved(chatID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.menus[chatID])
}

// rigHandler is a Handler that records every Submit; the first fail calls
// return err.
type rigHandler struct {
	mu    sync.Mutex
	calls [][]bot.Update
	fail  int
	err   error
}

func (h *rigHandler) Submit(_ context.Context, ups ...bot.Update) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, append([]bot.Update(nil), ups...))
	if h.fail > 0 {
		h.fail--
		return h.err
	}
	return nil
}

// submitted returns the updates of every Submit call, in order.
func (h *rigHandler) submitted() []bot.Update {
	h.mu.Lock()
	defer h.mu.Unlock()
	var ups []bot.Update
	for _, c := range h.calls {
		ups = append(ups, c...)
	}
	return ups
}

func (h *rigHandler) callCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.calls)
}

// rigLIDs is a LIDMap: LID user → phone digits.
type rigLIDs struct {
	pn  map[string]string
	err error
}

func (l rigLIDs) GetPNForLID(_ context.Context, lid types.JID) (types.JID, error) {
	if l.err != nil {
		return types.JID{}, l.err
	}
	if pn, ok := l.pn[lid.User]; ok {
		return types.NewJID(pn, types.DefaultUserServer), nil
	}
	return types.JID{}, nil // whatsmeow's store answers an unknown LID with an empty JID
}

// rigMore is the word for "more options".
func rigMore(lang string) string {
	switch lang {
	case "kk":
		return "Тағы"
	case "ru":
		return "Ещё"
	}
	return "More"
}

// rig is an adapter on a fake client and an in-memory store.
type rig struct {
	a  *Adapter
	wa *whatsapptest.Client
	st *rigStore
	h  *rigHandler
}

// newRig builds an adapter with the store's number, one staff chat, a fixed
// clock and short retry pacing; tweak edits the config first.
func newRig(t *testing.T, tweak func(*Config)) *rig {
	t.Helper()
	r := &rig{wa: whatsapptest.New(), st: newRigStore(), h: &rigHandler{}}
	cfg := Config{
		Client: r.wa,
		Store:  r.st,
		Staff:  []string{rigStaff},
		Self:   func() string { return rigSelf },
		More:   rigMore,
		Now:    func() time.Time { return rigNow },
	}
	if tweak != nil {
		tweak(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	a.backoffMin, a.backoffMax = time.Millisecond, 4*time.Millisecond
	r.a = a
	return r
}

// run runs the adapter until the test ends, and checks that Run returns
// and removes its event handler once cancelled.
func (r *rig) run(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.a.Run(ctx, r.h) }()
	deadline := time.Now().Add(5 * time.Second)
	for r.wa.Handlers() == 0 {
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("Run registered no event handler")
		}
		time.Sleep(time.Millisecond)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run = %v, want nil", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
		if n := r.wa.Handlers(); n != 0 {
			t.Errorf("event handlers after Run = %d, want 0", n)
		}
	})
}

// rigKind classifies a Send error the way the outbox sender does.
func rigKind(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, bot.ErrPermanent):
		return "permanent"
	default:
		return "retryable"
	}
}

func TestNewNeedsClientAndStore(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no client", Config{Store: newRigStore()}},
		{"no store", Config{Client: whatsapptest.New()}},
		{"nothing", Config{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, err := New(tt.cfg); err == nil || a != nil {
				t.Errorf("New = %v, %v; want an error", a, err)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	a, err := New(Config{Client: whatsapptest.New(), Store: newRigStore()})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if a.cfg.PerMinute != DefaultPerMinute || a.cfg.MaxDownload != DefaultMaxDownload {
		t.Errorf("PerMinute, MaxDownload = %d, %d; want %d, %d", a.cfg.PerMinute, a.cfg.MaxDownload,
			DefaultPerMinute, DefaultMaxDownload)
	}
	if a.cfg.Self() != "" || a.cfg.More("ru") == "" || a.cfg.HTTP == nil || a.cfg.Now == nil || a.log == nil {
		t.Errorf("defaults not filled: %+v", a.cfg)
	}
	if a.Name() != Name || Name != "whatsapp" {
		t.Errorf("Name = %q", a.Name())
	}
	if !a.Uploads() {
		t.Error("Uploads = false, want true: WhatsApp sends files by content")
	}
}

func TestLimits(t *testing.T) {
	tests := []struct {
		name      string
		perMinute int
		want      float64
	}{
		{"default", 0, float64(DefaultPerMinute) / 60},
		{"configured", 12, 0.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, func(c *Config) { c.PerMinute = tt.perMinute })
			l := r.a.Limits()
			if l.PerSecond != tt.want {
				t.Errorf("PerSecond = %v, want %v", l.PerSecond, tt.want)
			}
			for _, chat := range []string{rigPhone, rigGroupKey} {
				if rate, burst := l.Chat(chat); rate != 1 || burst != 3 {
					t.Errorf("Chat(%q) = %v, %d; want 1, 3", chat, rate, burst)
				}
			}
		})
	}
}

func TestLive(t *testing.T) {
	r := newRig(t, nil)
	if !r.a.Live() {
		t.Error("Live = false with the client connected")
	}
	r.wa.SetConnected(false)
	if r.a.Live() {
		t.Error("Live = true with the client disconnected")
	}
}
