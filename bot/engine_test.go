package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/bottest"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

// tg is the channel name the engine tests' updates come from.
const tg = "tg"

// now is the flows' clock: fixed, so replies never depend on the hour.
var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.FixedZone("Astana", 5*3600))

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// env is a migrated database of one dialect holding the sample catalog, with
// the flows and texts an engine needs.
type env struct {
	db      *storage.DB
	texts   *messages.Catalog
	profile *shop.Profile
	flows   *flows.Flows
	catalog *shop.Catalog
}

// forEachDialect runs fn on a fresh env of SQLite and, when TEST_DATABASE_URL
// is set, of Postgres; the dialects run in parallel.
func forEachDialect(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, d := range storagetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, d.URL(t)))
		})
	}
}

func newEnv(t *testing.T, url string) *env {
	t.Helper()
	return newEnvFrom(t, storagetest.Open(t, url))
}

// newEnvFrom is an env on an open, migrated database; it loads the sample
// catalog into it.
func newEnvFrom(t *testing.T, db *storage.DB) *env {
	t.Helper()
	bottest.Seed(t, db, nil)
	k := bottest.New(t, db, fixedClock{now})
	return &env{db: db, texts: k.Texts, profile: k.Profile, flows: k.Flows, catalog: k.Catalog}
}

// config fills in what cfg leaves out: this env's database, flows and texts.
func (e *env) config(t *testing.T, cfg bot.EngineConfig) bot.EngineConfig {
	if cfg.Store == nil {
		cfg.Store = e.db
	}
	cfg.Flows, cfg.Messages = e.flows, e.texts
	if cfg.Log == nil {
		cfg.Log = storagetest.Logger(t)
	}
	return cfg
}

// engine starts an engine on cfg; it is shut down when the test ends.
func (e *env) engine(t *testing.T, cfg bot.EngineConfig) *bot.Engine {
	t.Helper()
	eng := bot.NewEngine(e.config(t, cfg))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("Run did not return after its context was cancelled")
		}
	})
	return eng
}

// render is a text as the engine renders it.
func (e *env) render(t *testing.T, lang shop.Lang, key messages.Key, pairs ...any) string {
	t.Helper()
	s, err := e.texts.Render(lang, messages.T(key, pairs...))
	if err != nil {
		t.Fatalf("render %s: %v", key, err)
	}
	return s
}

// drain claims and acknowledges every due outbox message of the channels,
// and returns the replies by chat id, each chat's in outbox (id) order.
func drain(t *testing.T, db *storage.DB, channels ...string) map[string][]bot.Reply {
	t.Helper()
	if len(channels) == 0 {
		channels = []string{tg}
	}
	ctx := context.Background()
	msgs, err := db.Claim(ctx, channels, "test-drain", 1<<20, time.Hour, nil)
	if err != nil {
		t.Fatalf("Claim: %v", err)
	}
	out := make(map[string][]bot.Reply)
	ids := make([]int64, 0, len(msgs))
	for i, m := range msgs {
		if i > 0 && m.ID <= msgs[i-1].ID {
			t.Fatalf("Claim returned ids out of order: %d after %d", m.ID, msgs[i-1].ID)
		}
		var r bot.Reply
		if err := json.Unmarshal(m.Body, &r); err != nil {
			t.Fatalf("outbox body %s: %v", m.Body, err)
		}
		out[m.ChatID] = append(out[m.ChatID], r)
		ids = append(ids, m.ID)
	}
	if len(ids) > 0 {
		if err := db.Ack(ctx, ids); err != nil {
			t.Fatalf("Ack: %v", err)
		}
	}
	return out
}

// step is one thing a customer does: type text or press a button.
type step struct{ text, data string }

func typed(s string) step   { return step{text: s} }
func pressed(d string) step { return step{data: d} }

// update is step n of a chat's script as an update with its own key.
func (s step) update(chat string, n int) bot.Update {
	return bot.Update{
		Key:     fmt.Sprintf("%s:%s:%d", tg, chat, n),
		Channel: tg, ChatID: chat, UserID: chat,
		Text: s.text, Data: s.data,
	}
}

func updates(chat string, script []step) []bot.Update {
	ups := make([]bot.Update, len(script))
	for i, s := range script {
		ups[i] = s.update(chat, i)
	}
	return ups
}

// reference plays script in a fresh chat one update at a time, the order
// nobody can get wrong, and returns the replies.
func reference(t *testing.T, e *env, eng *bot.Engine, chat string, script []step) []bot.Reply {
	t.Helper()
	for _, up := range updates(chat, script) {
		if err := eng.Submit(testCtx(t), up); err != nil {
			t.Fatalf("submit %s: %v", up.Key, err)
		}
	}
	got := drain(t, e.db)
	if len(got) != 1 || len(got[chat]) == 0 {
		t.Fatalf("reference chat: replies to %d chats, %d to %s", len(got), len(got[chat]), chat)
	}
	return got[chat]
}

// texts are the replies' texts, for short failure messages.
func texts(rs []bot.Reply) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i], _, _ = strings.Cut(r.Text, "\n")
	}
	return out
}

// langScript's replies depend on their order: each info card is in the
// language the switch before it chose.
var langScript = []step{
	typed("/start"),
	pressed("info"),
	pressed("lang:kk"),
	pressed("info"),
	pressed("cont"),
	pressed("lang:ru"),
	pressed("cont"),
	typed("/menu"),
	pressed("lang:kk"),
	pressed("info"),
}

func TestEngineDedupe(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		eng := e.engine(t, bot.EngineConfig{})
		start := reference(t, e, eng, "ref", []step{typed("/start")})
		welcome, _, _ := strings.Cut(e.render(t, shop.Russian, messages.Welcome, "Store", e.profile.Name), "\n")
		if got := texts(start); len(got) != 2 || got[0] != welcome {
			t.Fatalf("a first /start gives %q, want the welcome and the menu", got)
		}
		menu := e.render(t, shop.Russian, messages.MenuTitle)

		// Each case submits up, a first /start of its own chat, and returns
		// the replies every chat should have got.
		for _, tc := range []struct {
			name   string
			submit func(t *testing.T, up bot.Update) map[string][]bot.Reply
		}{
			{"twice in a row", func(t *testing.T, up bot.Update) map[string][]bot.Reply {
				submit(t, eng, up)
				submit(t, eng, up)
				return map[string][]bot.Reply{up.ChatID: start}
			}},
			{"twice in one call", func(t *testing.T, up bot.Update) map[string][]bot.Reply {
				submit(t, eng, up, up)
				return map[string][]bot.Reply{up.ChatID: start}
			}},
			{"twice in one call among other chats", func(t *testing.T, up bot.Update) map[string][]bot.Reply {
				other := typed("/start").update(up.ChatID+"-other", 0)
				submit(t, eng, up, other, up, other)
				return map[string][]bot.Reply{up.ChatID: start, other.ChatID: start}
			}},
			{"from two goroutines at once", func(t *testing.T, up bot.Update) map[string][]bot.Reply {
				var wg sync.WaitGroup
				ready := make(chan struct{})
				for range 2 {
					wg.Go(func() {
						<-ready
						submit(t, eng, up)
					})
				}
				close(ready)
				wg.Wait()
				return map[string][]bot.Reply{up.ChatID: start}
			}},
			{"again after a later update of the chat", func(t *testing.T, up bot.Update) map[string][]bot.Reply {
				submit(t, eng, up)
				submit(t, eng, pressed("m").update(up.ChatID, 1), up)
				submit(t, eng, up)
				got := slices.Clone(start)
				if len(got) == 0 || !strings.HasPrefix(got[len(got)-1].Text, menu) {
					t.Fatalf("a first /start does not end with the menu: %q", texts(got))
				}
				return map[string][]bot.Reply{up.ChatID: append(got, got[len(got)-1])}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				up := typed("/start").update(strings.ReplaceAll(tc.name, " ", "-"), 0)
				want := tc.submit(t, up)
				got := drain(t, e.db)
				for chat, w := range want {
					if !reflect.DeepEqual(got[chat], w) {
						t.Errorf("%s: replies %q, want %q", chat, texts(got[chat]), texts(w))
					}
					delete(got, chat)
				}
				if len(got) != 0 {
					t.Errorf("replies to other chats: %v", got)
				}
			})
		}
	})
}

// testCtx is a context for what a test waits on: a lost update fails the
// test instead of hanging it.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// submit submits ups and fails the test on error.
func submit(t *testing.T, eng *bot.Engine, ups ...bot.Update) {
	t.Helper()
	if err := eng.Submit(testCtx(t), ups...); err != nil {
		t.Errorf("Submit: %v", err)
	}
}

func TestEngineOrder(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		eng := e.engine(t, bot.EngineConfig{Workers: 4, MaxBatch: 64})
		want := reference(t, e, eng, "ref", langScript)
		// The script is worth running only if order shows in its replies.
		switched := func(lang shop.Lang) string {
			return texts([]bot.Reply{{Text: e.render(t, lang, messages.LanguageSet)}})[0]
		}
		if got := texts(want); !slices.Contains(got, switched(shop.Kazakh)) || !slices.Contains(got, switched(shop.Russian)) {
			t.Fatalf("reference replies %q lack the language switches", got)
		}

		t.Run("one chat, one call", func(t *testing.T) {
			submit(t, eng, updates("one", langScript)...)
			if got := drain(t, e.db)["one"]; !reflect.DeepEqual(got, want) {
				t.Errorf("replies\n%q\nwant\n%q", texts(got), texts(want))
			}
		})

		t.Run("200 chats at once", func(t *testing.T) {
			const chats = 200
			script := langScript[:5]
			want := reference(t, e, eng, "ref5", script)
			var wg sync.WaitGroup
			ready := make(chan struct{})
			for i := range chats {
				wg.Go(func() {
					<-ready
					ups := updates(fmt.Sprintf("c%03d", i), script)
					if i%2 == 0 {
						submit(t, eng, ups...) // all five at once
						return
					}
					for _, up := range ups {
						submit(t, eng, up) // one by one
					}
				})
			}
			close(ready)
			wg.Wait()
			got := drain(t, e.db)
			if len(got) != chats {
				t.Errorf("replies to %d chats, want %d", len(got), chats)
			}
			for i := range chats {
				chat := fmt.Sprintf("c%03d", i)
				if !reflect.DeepEqual(got[chat], want) {
					t.Errorf("%s: replies\n%q\nwant\n%q", chat, texts(got[chat]), texts(want))
				}
			}
		})
	})
}

// hookStore is a bot.Store whose transactions a test can watch, delay or
// break.
type hookStore struct {
	bot.Store
	// inTx, when set, runs instead of Store.InTx; fn is already wrapped
	// by tx.
	inTx func(ctx context.Context, fn func(bot.Tx) error) error
	// tx, when set, wraps each transaction handed to the engine.
	tx func(bot.Tx) bot.Tx
}

func (s *hookStore) InTx(ctx context.Context, fn func(bot.Tx) error) error {
	if s.tx != nil {
		inner := fn
		fn = func(tx bot.Tx) error { return inner(s.tx(tx)) }
	}
	if s.inTx != nil {
		return s.inTx(ctx, fn)
	}
	return s.Store.InTx(ctx, fn)
}

// hookTx is a bot.Tx with replaceable methods.
type hookTx struct {
	bot.Tx
	markSeen   func(ctx context.Context, keys []string) (map[string]bool, error)
	enqueue    func(ctx context.Context, msgs []bot.OutboxMessage) error
	lockOrders func(ctx context.Context, ids []int64) error
	flows      func(flows.Store) flows.Store
}

func (x hookTx) LockOrders(ctx context.Context, ids []int64) error {
	if x.lockOrders != nil {
		return x.lockOrders(ctx, ids)
	}
	return x.Tx.LockOrders(ctx, ids)
}

func (x hookTx) MarkSeen(ctx context.Context, keys []string) (map[string]bool, error) {
	if x.markSeen != nil {
		return x.markSeen(ctx, keys)
	}
	return x.Tx.MarkSeen(ctx, keys)
}

func (x hookTx) Enqueue(ctx context.Context, msgs []bot.OutboxMessage) error {
	if x.enqueue != nil {
		return x.enqueue(ctx, msgs)
	}
	return x.Tx.Enqueue(ctx, msgs)
}

func (x hookTx) Flows() flows.Store {
	if x.flows != nil {
		return x.flows(x.Tx.Flows())
	}
	return x.Tx.Flows()
}

// hookFlows is a flows.Store with replaceable reads.
type hookFlows struct {
	flows.Store
	available func(ctx context.Context, ids []string) (map[string]int, error)
	forChat   func(ctx context.Context, chatKey string, limit int) ([]shop.Order, error)
	get       func(ctx context.Context, chatKey string, id int64) (shop.Order, error)
}

func (f hookFlows) Get(ctx context.Context, chatKey string, id int64) (shop.Order, error) {
	if f.get != nil {
		return f.get(ctx, chatKey, id)
	}
	return f.Store.Get(ctx, chatKey, id)
}

func (f hookFlows) Available(ctx context.Context, ids []string) (map[string]int, error) {
	if f.available != nil {
		return f.available(ctx, ids)
	}
	return f.Store.Available(ctx, ids)
}

func (f hookFlows) ForChat(ctx context.Context, chatKey string, limit int) ([]shop.Order, error) {
	if f.forChat != nil {
		return f.forChat(ctx, chatKey, limit)
	}
	return f.Store.ForChat(ctx, chatKey, limit)
}

func TestEngineGroupCommit(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		var txs atomic.Int64
		var hold atomic.Pointer[func()] // set by a case to hold transactions back
		st := &hookStore{Store: e.db, inTx: func(ctx context.Context, fn func(bot.Tx) error) error {
			txs.Add(1)
			if h := hold.Load(); h != nil {
				(*h)()
			}
			return e.db.InTx(ctx, fn)
		}}
		eng := e.engine(t, bot.EngineConfig{Store: st, Workers: 4, MaxBatch: 64})
		want := reference(t, e, eng, "ref", []step{typed("/start"), pressed("info")})

		const chats = 100
		for _, tc := range []struct {
			name   string
			submit func(t *testing.T, ups [][]bot.Update)
		}{
			{"one call", func(t *testing.T, ups [][]bot.Update) {
				submit(t, eng, slices.Concat(ups...)...)
			}},
			{"a call per chat", func(t *testing.T, ups [][]bot.Update) {
				// The first transaction waits until every caller is
				// about to submit, as under load.
				var callers sync.WaitGroup
				callers.Add(len(ups))
				var once sync.Once
				wait := func() { once.Do(callers.Wait) }
				hold.Store(&wait)
				defer hold.Store(nil)
				var wg sync.WaitGroup
				for _, u := range ups {
					wg.Go(func() {
						callers.Done()
						submit(t, eng, u...)
					})
				}
				wg.Wait()
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ups := make([][]bot.Update, chats)
				for i := range ups {
					ups[i] = updates(fmt.Sprintf("%s-%d", strings.ReplaceAll(tc.name, " ", "-"), i), []step{typed("/start"), pressed("info")})
				}
				before := txs.Load()
				tc.submit(t, ups)
				n := txs.Load() - before
				got := drain(t, e.db)
				for _, u := range ups {
					if chat := u[0].ChatID; !reflect.DeepEqual(got[chat], want) {
						t.Errorf("%s: replies %q, want %q", chat, texts(got[chat]), texts(want))
					}
				}
				if n >= 50 {
					t.Errorf("%d updates took %d transactions, want fewer than 50", 2*chats, n)
				}
				t.Logf("%d updates of %d chats in %d transactions", 2*chats, chats, n)
			})
		}
	})
}

func TestEngineFailingFlow(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		ctx := testCtx(t)
		errStore := errors.New("flows store broken")
		lt101, _ := e.catalog.Product("LT-101")
		broken := make(map[string]bool)
		for _, id := range lt101.VariantIDs() {
			broken[id] = true
		}

		for _, tc := range []struct {
			name     string
			press    string // what the failing chat presses
			others   string // what the other chats press
			failFlow func(flows.Store) flows.Store
		}{
			{
				name:  "stock read fails",
				press: "p:LT-101", others: "p:LT-102",
				failFlow: func(st flows.Store) flows.Store {
					return hookFlows{Store: st, available: func(ctx context.Context, ids []string) (map[string]int, error) {
						for _, id := range ids {
							if broken[id] {
								return nil, errStore
							}
						}
						return st.Available(ctx, ids)
					}}
				},
			},
			{
				name:  "panic in the flow",
				press: "p:LT-101", others: "p:LT-102",
				failFlow: func(st flows.Store) flows.Store {
					return hookFlows{Store: st, available: func(ctx context.Context, ids []string) (map[string]int, error) {
						for _, id := range ids {
							if broken[id] {
								panic("a bug in a flow")
							}
						}
						return st.Available(ctx, ids)
					}}
				},
			},
			{
				name:  "orders read fails for one chat",
				press: "ord", others: "ord",
				failFlow: func(st flows.Store) flows.Store {
					return hookFlows{Store: st, forChat: func(ctx context.Context, chatKey string, limit int) ([]shop.Order, error) {
						if chatKey == bot.ChatKey(tg, "orders-bad") {
							return nil, errStore
						}
						return st.ForChat(ctx, chatKey, limit)
					}}
				},
			},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var txs atomic.Int64
				st := &hookStore{
					Store: e.db,
					inTx: func(ctx context.Context, fn func(bot.Tx) error) error {
						txs.Add(1)
						return e.db.InTx(ctx, fn)
					},
					tx: func(tx bot.Tx) bot.Tx { return hookTx{Tx: tx, flows: tc.failFlow} },
				}
				eng := e.engine(t, bot.EngineConfig{Store: st, Workers: 1})

				// Every chat starts a conversation; the failing one speaks Kazakh.
				prefix, _, _ := strings.Cut(tc.name, " ")
				chats := []string{"good1", "good2", "bad", "good3", "good4", "ref"}
				for i, c := range chats {
					chats[i] = prefix + "-" + c
				}
				bad, ref := chats[2], chats[5]
				chats = chats[:5]
				var starts []bot.Update
				for _, c := range append([]string{ref}, chats...) {
					up := typed("/start").update(c, 0)
					if c == bad {
						up.LangHint = "kk"
					}
					starts = append(starts, up)
				}
				submit(t, eng, starts...)
				drain(t, e.db)
				// What the others should get, pressed alone.
				submit(t, eng, pressed(tc.others).update(ref, 1))
				want := drain(t, e.db)[ref]
				if len(want) == 0 {
					t.Fatalf("pressing %q gave no reply", tc.others)
				}

				// Then every chat presses a button in one call: one batch.
				var presses []bot.Update
				var failed bot.Update
				for _, c := range chats {
					up := pressed(tc.others).update(c, 1)
					if c == bad {
						up = pressed(tc.press).update(c, 1)
						failed = up
					}
					presses = append(presses, up)
				}
				before := txs.Load()
				if err := eng.Submit(ctx, presses...); err != nil {
					t.Errorf("Submit: %v; a flow's failure is the engine's to handle, the update is done", err)
				}
				t.Logf("the batch took %d transactions", txs.Load()-before)
				got := drain(t, e.db)
				for _, c := range chats {
					if c != bad && !reflect.DeepEqual(got[c], want) {
						t.Errorf("%s: replies %q, want %q", c, texts(got[c]), texts(want))
					}
				}
				apology := []bot.Reply{{Text: e.render(t, shop.Kazakh, messages.ErrInternal), Lang: string(shop.Kazakh), Answer: true}}
				if !reflect.DeepEqual(got[bad], apology) {
					t.Errorf("failing chat: replies %q, want the apology in Kazakh %q", texts(got[bad]), texts(apology))
				}

				// The failed update is done with: submitting it again does nothing.
				if err := eng.Submit(ctx, failed); err != nil {
					t.Errorf("Submit again: %v", err)
				}
				if got := drain(t, e.db); len(got) != 0 {
					t.Errorf("the failed update submitted again gave replies %v", got)
				}

				// The session was left as it was: in Kazakh, at the menu.
				if err := eng.Submit(ctx, pressed("m").update(bad, 2)); err != nil {
					t.Fatalf("Submit: %v", err)
				}
				got = drain(t, e.db)
				if menu := e.render(t, shop.Kazakh, messages.MenuTitle); len(got[bad]) != 1 || got[bad][0].Text != menu {
					t.Errorf("after the failure the menu button gave %q, want the Kazakh menu %q", texts(got[bad]), menu)
				}
			})
		}
	})
}

func TestEngineDatabaseFailure(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		ctx := testCtx(t)
		errDB := errors.New("database down")
		var failing atomic.Pointer[string] // the case now breaking the store
		st := &hookStore{
			Store: e.db,
			inTx: func(ctx context.Context, fn func(bot.Tx) error) error {
				switch p := failing.Load(); {
				case p == nil:
				case *p == "begin fails":
					return errDB
				case *p == "commit fails":
					// All the work is done, then the transaction is lost.
					return e.db.InTx(ctx, func(tx bot.Tx) error {
						if err := fn(tx); err != nil {
							return err
						}
						return errDB
					})
				}
				return e.db.InTx(ctx, fn)
			},
			tx: func(tx bot.Tx) bot.Tx {
				p := failing.Load()
				if p == nil {
					return tx
				}
				switch *p {
				case "marking seen fails":
					return hookTx{Tx: tx, markSeen: func(context.Context, []string) (map[string]bool, error) { return nil, errDB }}
				case "enqueue fails":
					return hookTx{Tx: tx, enqueue: func(context.Context, []bot.OutboxMessage) error { return errDB }}
				}
				return tx
			},
		}
		eng := e.engine(t, bot.EngineConfig{Store: st, Workers: 2})
		want := reference(t, e, eng, "ref", []step{typed("/start")})

		for _, name := range []string{"begin fails", "marking seen fails", "enqueue fails", "commit fails"} {
			t.Run(name, func(t *testing.T) {
				chat := strings.ReplaceAll(name, " ", "-")
				ups := []bot.Update{typed("/start").update(chat, 0), typed("/start").update(chat+"-too", 0)}

				failing.Store(&name)
				err := eng.Submit(ctx, ups...)
				failing.Store(nil)
				if !errors.Is(err, errDB) {
					t.Errorf("Submit with the database failing = %v, want %v", err, errDB)
				}
				if got := drain(t, e.db); len(got) != 0 {
					t.Errorf("replies queued by a failed transaction: %v", got)
				}

				// Nothing was marked seen: the same updates are handled now.
				if err := eng.Submit(ctx, ups...); err != nil {
					t.Fatalf("Submit after recovery: %v", err)
				}
				got := drain(t, e.db)
				for _, up := range ups {
					if !reflect.DeepEqual(got[up.ChatID], want) {
						t.Errorf("%s after recovery: replies %q, want %q", up.ChatID, texts(got[up.ChatID]), texts(want))
					}
				}
				// And now they are seen.
				if err := eng.Submit(ctx, ups...); err != nil {
					t.Fatalf("Submit a third time: %v", err)
				}
				if got := drain(t, e.db); len(got) != 0 {
					t.Errorf("handled twice: %v", got)
				}
			})
		}
	})
}

func TestEngineShutdown(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		ctx := testCtx(t)
		// Reference replies, from an engine of its own.
		want := reference(t, e, e.engine(t, bot.EngineConfig{}), "ref", langScript[:3])

		gate := make(chan struct{})
		entered := make(chan struct{}, 100)
		st := &hookStore{Store: e.db, inTx: func(ctx context.Context, fn func(bot.Tx) error) error {
			entered <- struct{}{}
			<-gate
			return e.db.InTx(ctx, fn)
		}}
		eng := bot.NewEngine(e.config(t, bot.EngineConfig{Store: st, Workers: 2}))
		runCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		ran := make(chan error, 1)
		go func() { ran <- eng.Run(runCtx) }()

		// Three chats' scripts in one call: the first batch takes each
		// chat's first update and blocks; the rest wait in the queues.
		chats := []string{"a", "b", "c"}
		var ups []bot.Update
		for _, c := range chats {
			ups = append(ups, updates(c, langScript[:3])...)
		}
		submitted := make(chan error, 1)
		go func() { submitted <- eng.Submit(ctx, ups...) }()
		select {
		case <-entered:
		case <-time.After(30 * time.Second):
			t.Fatal("no transaction began")
		}

		cancel()
		select {
		case <-ran:
			t.Fatal("Run returned while updates were queued and a transaction was open")
		case err := <-submitted:
			t.Fatalf("Submit returned %v before its updates were committed", err)
		case <-time.After(50 * time.Millisecond):
		}
		close(gate)

		select {
		case err := <-ran:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not return after the transactions were let through")
		}
		// Everything queued is committed by the time Run returns.
		got := drain(t, e.db)
		for _, c := range chats {
			if !reflect.DeepEqual(got[c], want) {
				t.Errorf("%s: replies %q, want %q", c, texts(got[c]), texts(want))
			}
		}
		select {
		case err := <-submitted:
			if err != nil {
				t.Errorf("Submit across the shutdown: %v, want nil", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Submit did not return")
		}

		err := eng.Submit(ctx, typed("/start").update("late", 0))
		if !errors.Is(err, bot.ErrClosed) {
			t.Errorf("Submit after shutdown = %v, want ErrClosed", err)
		}
		if got := drain(t, e.db); len(got) != 0 {
			t.Errorf("an update submitted after shutdown was handled: %v", got)
		}
	})
}

func TestEngineSessionReset(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		ctx := testCtx(t)
		eng := e.engine(t, bot.EngineConfig{})
		for _, tc := range []struct {
			name string
			data string
		}{
			{"unknown version", `{"v":99,"step":"??"}`},
			{"wrong types", `{"v":"one","cart":7}`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				chat := strings.ReplaceAll(tc.name, " ", "-")
				if err := eng.Submit(ctx, typed("/start").update(chat, 0), pressed("lang:kk").update(chat, 1)); err != nil {
					t.Fatal(err)
				}
				drain(t, e.db)
				err := e.db.InTx(ctx, func(tx bot.Tx) error {
					key := bot.ChatKey(tg, chat)
					if _, err := tx.LockSessions(ctx, []string{key}); err != nil {
						return err
					}
					return tx.SaveSessions(ctx, []bot.SessionRow{{ChatKey: key, Data: []byte(tc.data), UpdatedAt: now}})
				})
				if err != nil {
					t.Fatal(err)
				}

				// The Kazakh session is lost: the customer hears in the
				// update's language hint (none: Russian) that it restarted.
				if err := eng.Submit(ctx, pressed("info").update(chat, 2)); err != nil {
					t.Fatal(err)
				}
				got := drain(t, e.db)[chat]
				wantTexts := []string{e.render(t, shop.Russian, messages.SessionReset), e.render(t, shop.Russian, messages.MenuTitle)}
				var gotTexts []string
				for _, r := range got {
					gotTexts = append(gotTexts, r.Text)
				}
				if !reflect.DeepEqual(gotTexts, wantTexts) {
					t.Errorf("replies %q, want %q", gotTexts, wantTexts)
				}

				// The new session was saved: the next update is ordinary.
				if err := eng.Submit(ctx, pressed("m").update(chat, 3)); err != nil {
					t.Fatal(err)
				}
				got = drain(t, e.db)[chat]
				if len(got) != 1 || got[0].Text != wantTexts[1] {
					t.Errorf("next update: replies %q, want the menu only", texts(got))
				}
			})
		}
	})
}

func TestCleanText(t *testing.T) {
	long := strings.Repeat("ж", bot.MaxTextRunes)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "Здравствуйте, мне нужно платье", "Здравствуйте, мне нужно платье"},
		{"kazakh letters", "Сәлем! Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі", "Сәлем! Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі"},
		{"trimmed", " \t привет \n ", "привет"},
		{"newlines kept", "улица Абая 1\nкв. 5", "улица Абая 1\nкв. 5"},
		{"crlf", "улица Абая 1\r\nкв. 5\r\n", "улица Абая 1\nкв. 5"},
		{"tab to space", "a\tb", "a b"},
		{"C0 controls", "a\x00b\x07c\x1bd\x08e", "abcde"},
		{"DEL and C1 controls", "a\x7fb\u0085c\u009bd", "abcd"},
		{"bidi overrides and isolates", "\u202eабв\u202c \u2066x\u2069 \u200fy\u200e", "абв x y"},
		{"zero width and BOM", "\ufeffa\u200bb\u00adc", "abc"},
		{"zero width joiner kept", "👩\u200d💻", "👩\u200d💻"},
		{"combining marks kept", "и\u0306 ❤\ufe0f", "и\u0306 ❤\ufe0f"},
		{"invalid UTF-8", "a\xffb\xc3", "ab"},
		{"cut multibyte", "ж\xd0", "ж"},
		{"only controls", "\x00\u202e\x01", ""},
		{"at the cap", long, long},
		{"over the cap", long + "лишнее", long},
		{"cap counts kept runes", strings.Repeat("ж\x00\u202e", bot.MaxTextRunes+10), long},
		{"cap on 4-byte runes", strings.Repeat("😀", bot.MaxTextRunes+1), strings.Repeat("😀", bot.MaxTextRunes)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := bot.CleanText(tc.in)
			if got != tc.want {
				if len(got) > 80 || len(tc.want) > 80 {
					t.Errorf("CleanText: %d runes, want %d", utf8.RuneCountInString(got), utf8.RuneCountInString(tc.want))
				} else {
					t.Errorf("CleanText(%q) = %q, want %q", tc.in, got, tc.want)
				}
			}
			checkClean(t, tc.in, got)
		})
	}
}

// checkClean checks what CleanText promises of any input.
func checkClean(t *testing.T, in, got string) {
	t.Helper()
	if !utf8.ValidString(got) {
		t.Errorf("CleanText(%q) = %q: invalid UTF-8", in, got)
	}
	if n := utf8.RuneCountInString(got); n > bot.MaxTextRunes {
		t.Errorf("CleanText(%q): %d runes, over %d", in, n, bot.MaxTextRunes)
	}
	if got != strings.TrimSpace(got) {
		t.Errorf("CleanText(%q) = %q: not trimmed", in, got)
	}
	for _, r := range got {
		if r != '\n' && unicode.IsControl(r) || r != '\u200d' && unicode.Is(unicode.Cf, r) {
			t.Errorf("CleanText(%q) = %q: keeps %U", in, got, r)
		}
	}
	if again := bot.CleanText(got); again != got {
		t.Errorf("CleanText is not idempotent on %q: %q", got, again)
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "a\r\nb", "\u202eabc", "a\xffb", strings.Repeat("ж\x00", 3000), " \u200d ", "\t\n\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkClean(t, s, bot.CleanText(s))
	})
}

// TestEngineGroupChats: a message in a group chat (where staff work) starts
// no customer conversation: nothing is answered, and it counts as handled.
func TestEngineGroupChats(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		eng := e.engine(t, bot.EngineConfig{})
		group := typed("/start").update("-100500", 0)
		group.Group = true
		private := typed("/start").update("42", 0)
		submit(t, eng, group, private)
		got := drain(t, e.db)
		if len(got["-100500"]) != 0 {
			t.Errorf("the group got %q", texts(got["-100500"]))
		}
		if len(got["42"]) == 0 {
			t.Error("the private chat got no answer")
		}
	})
}

// outcomes records what the engine tells its Observer.
type outcomes struct {
	mu      sync.Mutex
	got     map[bot.Outcome]int
	batches []int // updates per committed transaction
}

func (o *outcomes) UpdateDone(_ string, oc bot.Outcome, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.got[oc]++
}
func (o *outcomes) BatchCommitted(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.batches = append(o.batches, n)
}
func (o *outcomes) ReplySent(string, bot.SendResult) {}

// TestEngineSpreadsBurst: a hundred updates handed over at once (one poll)
// are shared by the four workers, not carried by one full batch and the
// rest: a batch's flows run one after another, so the burst would take as
// long as its biggest batch. SQLite runs one transaction at a time: there
// one worker carries them, in the fewest batches.
func TestEngineSpreadsBurst(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		obs := &outcomes{got: map[bot.Outcome]int{}}
		eng := e.engine(t, bot.EngineConfig{Workers: 4, MaxBatch: 64, Observer: obs})
		var ups []bot.Update
		for i := range 100 {
			ups = append(ups, typed("/start").update(fmt.Sprintf("burst-%d", i), 0))
		}
		submit(t, eng, ups...)
		obs.mu.Lock()
		defer obs.mu.Unlock()
		if sum := sumOf(obs.batches); sum != 100 {
			t.Errorf("batches carried %d updates, want 100", sum)
		}
		if e.db.Dialect() == "sqlite" {
			if !reflect.DeepEqual(obs.batches, []int{64, 36}) {
				t.Errorf("100 updates on SQLite in batches of %v, want [64 36]", obs.batches)
			}
			return
		}
		if len(obs.batches) < 4 || slices.Max(obs.batches) > 25 {
			t.Errorf("100 updates in batches of %v, want at least 4 of at most 25", obs.batches)
		}
	})
}

func sumOf(ns []int) int {
	sum := 0
	for _, n := range ns {
		sum += n
	}
	return sum
}

func TestEngineObserver(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		obs := &outcomes{got: map[bot.Outcome]int{}}
		eng := e.engine(t, bot.EngineConfig{Observer: obs})
		up := typed("/start").update("7", 0)
		group := typed("/start").update("-7", 0)
		group.Group = true
		submit(t, eng, up)
		submit(t, eng, up, group)
		obs.mu.Lock()
		defer obs.mu.Unlock()
		want := map[bot.Outcome]int{bot.Handled: 1, bot.Duplicate: 1, bot.Ignored: 1}
		for k, n := range want {
			if obs.got[k] != n {
				t.Errorf("%s: %d, want %d (all: %v)", k, obs.got[k], n, obs.got)
			}
		}
	})
}

// TestEngineSameKeyTwiceInOneCall: a key is handled once even when two
// chats carry it in one call (a channel should never do it, but the engine
// does not depend on that). Which of the two is handled is not fixed: two
// idle workers may take one each.
func TestEngineSameKeyTwiceInOneCall(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		eng := e.engine(t, bot.EngineConfig{})
		a := typed("/start").update("81", 0)
		b := typed("/start").update("82", 0)
		b.Key = a.Key
		submit(t, eng, a, b)
		got := drain(t, e.db)
		if answered := min(len(got["81"]), 1) + min(len(got["82"]), 1); answered != 1 {
			t.Errorf("replies: chat 81 %d, chat 82 %d; want one of them handled", len(got["81"]), len(got["82"]))
		}
	})
}

// TestEngineEventFailureIsNotLost: when the flow fails on an outside event
// (a payment, a link), the event is not marked seen and nobody is
// apologised to; Submit fails, so the payment service offers it again, and
// then it is handled.
func TestEngineEventFailureIsNotLost(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		var failing atomic.Bool
		failing.Store(true)
		var gets atomic.Int64
		st := &hookStore{Store: e.db, tx: func(tx bot.Tx) bot.Tx {
			return hookTx{Tx: tx, flows: func(fs flows.Store) flows.Store {
				return hookFlows{Store: fs, get: func(ctx context.Context, chat string, id int64) (shop.Order, error) {
					gets.Add(1)
					if failing.Load() {
						return shop.Order{}, errors.New("disk on fire")
					}
					return fs.Get(ctx, chat, id)
				}}
			}}
		}}
		eng := e.engine(t, bot.EngineConfig{Store: st})
		up := bot.Update{Key: "link:1", Channel: "tg", ChatID: "c1",
			Event: &flows.Event{Kind: flows.EventLinkReady, OrderID: 1, LinkURL: "https://pay.example/1"}}
		if err := eng.Submit(testCtx(t), up); err == nil {
			t.Fatal("Submit of an event whose flow failed returned nil: the event would be lost")
		}
		if got := drain(t, e.db, "tg"); len(got) != 0 {
			t.Errorf("replies to an event that failed: %v", got)
		}
		failing.Store(false)
		if err := eng.Submit(testCtx(t), up); err != nil {
			t.Fatalf("the event offered again: %v", err)
		}
		if n := gets.Load(); n != 2 {
			t.Errorf("the event's flow ran %d times, want 2 (it was taken for a duplicate)", n)
		}
	})
}

// TestEngineLocksEventOrders: the orders a batch's outside events name are
// locked and read in one call before the flows run, in which the flows'
// Get finds them; updates that are not events lock none.
func TestEngineLocksEventOrders(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		var mu sync.Mutex
		var locked [][]int64
		st := &hookStore{Store: e.db, tx: func(tx bot.Tx) bot.Tx {
			return hookTx{Tx: tx, lockOrders: func(ctx context.Context, ids []int64) error {
				mu.Lock()
				locked = append(locked, slices.Clone(ids))
				mu.Unlock()
				return tx.LockOrders(ctx, ids)
			}}
		}}
		eng := e.engine(t, bot.EngineConfig{Store: st, Workers: 1})
		link := func(chat string, order int64) bot.Update {
			return bot.Update{Key: fmt.Sprintf("link:%d", order), Channel: "tg", ChatID: chat,
				Event: &flows.Event{Kind: flows.EventLinkReady, OrderID: order, LinkURL: "https://pay.example/"}}
		}
		submit(t, eng, typed("/start").update("c0", 0), link("c2", 12), link("c1", 11))
		mu.Lock()
		defer mu.Unlock()
		if len(locked) != 1 || !reflect.DeepEqual(slices.Sorted(slices.Values(locked[0])), []int64{11, 12}) {
			t.Errorf("LockOrders calls %v, want one with orders 11 and 12", locked)
		}
	})
}

// TestEngineStaffUsers: a staff member's private chat takes staff commands;
// a customer's does not, nor does a group that is not a staff chat, even
// when a staff member writes there.
func TestEngineStaffUsers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		eng := e.engine(t, bot.EngineConfig{StaffUsers: []bot.ChatRef{{Channel: "tg", ChatID: "777"}}})
		submit(t, eng,
			bot.Update{Key: "su:1", Channel: "tg", ChatID: "777", UserID: "777", Text: "/help"},
			bot.Update{Key: "su:2", Channel: "tg", ChatID: "555", UserID: "555", Text: "/help"},
			bot.Update{Key: "su:3", Channel: "tg", ChatID: "-100", UserID: "777", Text: "/help", Group: true},
		)
		got := drain(t, e.db, "tg")
		help := e.render(t, shop.Russian, messages.StaffHelp)
		if rs := got["777"]; len(rs) != 1 || rs[0].Text != help {
			t.Errorf("staff member's private chat got %q, want the staff help", texts(rs))
		}
		for _, r := range got["555"] {
			if r.Text == help {
				t.Errorf("a customer got the staff help")
			}
		}
		if rs := got["555"]; len(rs) == 0 {
			t.Errorf("the customer got no answer")
		}
		if rs := got["-100"]; len(rs) != 0 {
			t.Errorf("a group that is not a staff chat got %q", texts(rs))
		}
	})
}

func TestSplitChatKey(t *testing.T) {
	for _, tc := range []struct {
		key, channel, chat string
		ok                 bool
	}{
		{"telegram:42", "telegram", "42", true},
		{"telegram:-100:1", "telegram", "-100:1", true},
		{"email:LT-00001", "email", "LT-00001", true},
		{"telegram", "", "", false},
		{":42", "", "", false},
		{"telegram:", "", "", false},
	} {
		channel, chat, ok := bot.SplitChatKey(tc.key)
		if ok != tc.ok || ok && (channel != tc.channel || chat != tc.chat) {
			t.Errorf("SplitChatKey(%q) = %q, %q, %v", tc.key, channel, chat, ok)
		}
		if ok && bot.ChatKey(channel, chat) != tc.key {
			t.Errorf("ChatKey(SplitChatKey(%q)) = %q", tc.key, bot.ChatKey(channel, chat))
		}
	}
}

// TestEnginePaymentWork: the payment service is woken after a commit that
// placed an order, not after every message.
func TestEnginePaymentWork(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		var woken atomic.Int64
		eng := e.engine(t, bot.EngineConfig{PaymentWork: func() { woken.Add(1) }})
		for i, step := range orderScript {
			up := bot.Update{Key: fmt.Sprintf("pw:%d", i), Channel: "tg", ChatID: "c1", UserID: "c1", LangHint: "ru", Text: step}
			if step[0] == '@' {
				up.Text, up.Data = "", strings.Replace(step[1:], "%d", "1", 1)
			}
			submit(t, eng, up)
			want := int64(0)
			if i >= slices.Index(orderScript, "@ok:%d") {
				want = 1 // the confirmation placed the order
			}
			if got := woken.Load(); got != want {
				t.Fatalf("after %q the payment service was woken %d times, want %d", step, got, want)
			}
		}
	})
}

// TestEngineTakeover: staff writing from the store's phone (WhatsApp) make
// no reply in the customer's chat, and the staff chats hear of it once.
func TestEngineTakeover(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		eng := e.engine(t, bot.EngineConfig{Staff: []bot.ChatRef{{Channel: "tg", ChatID: "-100"}}})
		submit(t, eng,
			bot.Update{Key: "to:1", Channel: "tg", ChatID: "7701", UserID: "7701", Takeover: true},
			bot.Update{Key: "to:2", Channel: "tg", ChatID: "7701", UserID: "7701", Takeover: true},
		)
		got := drain(t, e.db, "tg")
		if rs := got["7701"]; len(rs) != 0 {
			t.Errorf("the customer got %q", texts(rs))
		}
		if rs := got["-100"]; len(rs) != 1 || !strings.Contains(rs[0].Text, "#H1") {
			t.Errorf("staff got %q, want one takeover card", texts(rs))
		}
	})
}

// TestEngineAnswers: what the customer's own messages get back is marked
// an answer (held only to the chat's rate), and so is news she waits for;
// staff alerts and reminders are not.
func TestEngineAnswers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		eng := e.engine(t, bot.EngineConfig{Staff: []bot.ChatRef{{Channel: tg, ChatID: "staff"}}})
		for i, step := range orderScript {
			up := bot.Update{Key: fmt.Sprintf("ans:%d", i), Channel: tg, ChatID: "c1", UserID: "c1", LangHint: "ru", Text: step}
			if step[0] == '@' {
				up.Text, up.Data = "", strings.Replace(step[1:], "%d", "1", 1)
			}
			submit(t, eng, up)
		}
		got := drain(t, e.db)
		if len(got["c1"]) == 0 || len(got["staff"]) == 0 {
			t.Fatalf("after the order: %d replies to the customer, %d to staff; want some of each", len(got["c1"]), len(got["staff"]))
		}
		for _, r := range got["c1"] {
			if !r.Answer {
				t.Errorf("reply to the customer's message not marked an answer: %q", texts([]bot.Reply{r}))
			}
		}
		for _, r := range got["staff"] {
			if r.Answer {
				t.Errorf("staff alert marked an answer: %q", texts([]bot.Reply{r}))
			}
		}

		// The link she has just asked for is awaited; a reminder is not.
		for _, ev := range []struct {
			ev     flows.Event
			answer bool
		}{
			{flows.Event{Kind: flows.EventLinkReady, OrderID: 1, LinkURL: "https://pay.example/1"}, true},
			{flows.Event{Kind: flows.EventReminder, OrderID: 1, Reminder: 1}, false},
		} {
			submit(t, eng, bot.Update{Key: "ans:" + string(ev.ev.Kind), Channel: tg, ChatID: "c1", Event: &ev.ev})
			got = drain(t, e.db)
			if len(got["c1"]) == 0 {
				t.Fatalf("the %s event brought the customer nothing", ev.ev.Kind)
			}
			for _, r := range got["c1"] {
				if r.Answer != ev.answer {
					t.Errorf("after the %s event: %q marked an answer: %v, want %v", ev.ev.Kind, texts([]bot.Reply{r}), r.Answer, ev.answer)
				}
			}
		}
	})
}
