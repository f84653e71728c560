package bot_test

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

// hostileSeed is the corpus's fixed seed; LETEBOT_HOSTILE_SEED replays another.
const hostileSeed uint64 = 0x1e7eb07

// Channels of the hostile test: customers on tg, the same chat ids on
// another channel, and the staff chat that receives order alerts.
const (
	hostileWA    = "wa"
	hostileStaff = "staff"
)

// TestEngineHostile feeds the engine a corpus of random and hostile updates
// from attacker chats, after two victims placed an order each: huge texts,
// control characters, invalid UTF-8, forged and stale button data, other
// customers' order numbers, junk contacts, locations and files, content the
// bot cannot read, redelivered updates, group chats and order scripts with
// random corruptions. Nothing may panic or fail, every fresh private update
// is answered in its own chat, group and duplicate updates are not, no
// reply leaks a victim's data, every button's data fits a channel, and the
// victims' orders and the stock end up as only legitimate orders left them.
//
// The corpus is drawn from one seeded generator, so a failure replays with
// the seed the test logs. Only the shoppers' Confirm data is read back from
// their replies (without drawing from the generator), so which attackers'
// orders go through may vary with the engine's interleaving.
func TestEngineHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile corpus takes a while: skipped with -short")
	}
	seed := hostileSeed
	if s := os.Getenv("LETEBOT_HOSTILE_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			t.Fatalf("LETEBOT_HOSTILE_SEED=%q: %v", s, err)
		}
		seed = n
	}
	t.Logf("hostile corpus seed %#x (LETEBOT_HOSTILE_SEED=%#x replays it)", seed, seed)
	forEachDialect(t, func(t *testing.T, e *env) {
		runHostile(t, e, seed, 10_000)
	})
}

// victim is a customer who ordered before the attack.
type victim struct {
	chat, name, email, phone, digits, address string
	order                                     shop.Order
}

// attacker is a chat sending hostile updates.
type attacker struct {
	channel, chat string
	group         bool
	n             int          // updates generated, for keys
	sent          []bot.Update // earlier updates, to redeliver
	pos           int          // the next step of its order script
	script        []string     // its order script, "@" marking data
	// A shopper mostly follows its script, and confirms with the data of
	// the last Confirm button it was shown: it may well place orders.
	shopper bool
	lastOK  string
}

func (a *attacker) key() string { return bot.ChatKey(a.channel, a.chat) }

// hostileRun is one dialect's run: the corpus generator and what it knows.
type hostileRun struct {
	t       *testing.T
	e       *env
	r       *rand.Rand
	victims []*victim
	stale   []string // button data the victims were given
	skus    []string
	vars    []string
	cats    []string
	cities  []string
	instock []string // variants with stock at the start
	kinds   map[string]int
	errs    int
}

func (h *hostileRun) errorf(format string, args ...any) {
	h.t.Helper()
	h.errs++
	if h.errs <= 40 {
		h.t.Errorf(format, args...)
	}
}

// warnLog records the engine's warnings and errors: under attack it has
// none to log (a flow error, a render error, data too long, a lost session).
type warnLog struct {
	mu   sync.Mutex
	recs []string
}

func (w *warnLog) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (w *warnLog) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", r.Level, r.Message)
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	w.mu.Lock()
	defer w.mu.Unlock()
	w.recs = append(w.recs, b.String())
	return nil
}
func (w *warnLog) WithAttrs([]slog.Attr) slog.Handler { return w }
func (w *warnLog) WithGroup(string) slog.Handler      { return w }

func runHostile(t *testing.T, e *env, seed uint64, total int) {
	ctx := context.Background()
	begun := time.Now()
	logs := &warnLog{}
	obs := &outcomes{got: map[bot.Outcome]int{}}
	eng := e.engine(t, bot.EngineConfig{
		Workers: 4, Log: slog.New(logs), Observer: obs,
		Staff: []bot.ChatRef{{Channel: hostileStaff, ChatID: "ops"}},
	})
	h := &hostileRun{t: t, e: e, r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), kinds: map[string]int{}}
	for _, p := range e.catalog.Products() {
		h.skus = append(h.skus, p.SKU)
		h.vars = append(h.vars, p.VariantIDs()...)
	}
	for _, c := range e.catalog.Categories() {
		h.cats = append(h.cats, c.ID)
	}
	for _, c := range e.profile.Cities {
		h.cities = append(h.cities, c.ID)
	}
	stock0 := hostileStock(t, e.db)
	for _, v := range h.vars {
		if stock0[v] > 0 {
			h.instock = append(h.instock, v)
		}
	}

	// Two victims order through the real flow.
	h.victims = []*victim{
		{chat: "5550001", name: "Victim Alpha", email: "victim.alpha@example.kz", phone: "+7 701 555 11 22", digits: "7015551122", address: "ул. Victim-Alpha, дом 1"},
		{chat: "5550002", name: "Victim Beta", email: "victim.beta@example.kz", phone: "+7 702 555 33 44", digits: "7025553344", address: "ул. Victim-Beta, дом 2"},
	}
	for _, v := range h.victims {
		script := []step{
			typed("/start"), pressed("cat"), pressed("cat:dresses:0"), pressed("p:LT-101"), pressed("v:LT-101-S"),
			pressed("a:LT-101-S:1"), pressed("co"), typed(v.name), typed(v.phone), typed(v.email),
			pressed("city:astana"), pressed("dm:pickup"), typed(v.address), pressed("ok:1"), pressed("ord"),
		}
		submit(t, eng, updates(v.chat, script)...)
		got := drain(t, e.db)[v.chat]
		orders := hostileOrders(t, e.db, bot.ChatKey(tg, v.chat))
		if len(orders) != 1 {
			t.Fatalf("victim %s: %d orders after the order script, want 1; replies %q", v.name, len(orders), texts(got))
		}
		v.order = orders[0]
		// The leak check sees a victim's data where it is: in their own replies.
		all := hostileJoin(got)
		for _, s := range []string{v.name, v.email} {
			if !strings.Contains(all, s) {
				t.Fatalf("victim %s: no reply shows %q; the leak check would miss it", v.name, s)
			}
		}
		if !strings.Contains(hostileDigits(all), v.digits) || !strings.Contains(all, v.order.Number()) {
			t.Fatalf("victim %s: no reply shows the phone or order number; the leak check would miss them", v.name)
		}
		for _, r := range got {
			for _, row := range r.Buttons {
				for _, b := range row {
					if b.Data != "" && !slices.Contains(h.stale, b.Data) {
						h.stale = append(h.stale, b.Data)
					}
				}
			}
		}
	}
	if staff := drain(t, e.db, hostileStaff)["ops"]; len(staff) != len(h.victims) {
		t.Fatalf("staff got %d alerts for the victims' orders, want %d", len(staff), len(h.victims))
	}
	if len(h.stale) == 0 || !slices.Contains(h.stale, fmt.Sprint("ord:", h.victims[0].order.ID)) {
		t.Fatalf("the victims' replies hold no button data of their orders: %q", h.stale)
	}

	// The attackers: private chats, group chats, and chats on another
	// channel with the victims' own chat ids.
	var attackers []*attacker
	for i := range 44 {
		attackers = append(attackers, &attacker{channel: tg, chat: fmt.Sprint(900100 + i), shopper: i < 8})
	}
	for i := range 3 {
		attackers = append(attackers, &attacker{channel: tg, chat: fmt.Sprint(-100900200 - i), group: true})
	}
	for _, v := range h.victims {
		attackers = append(attackers, &attacker{channel: hostileWA, chat: v.chat})
	}
	attackers = append(attackers, &attacker{channel: hostileWA, chat: "900300"})

	seen := make(map[string]bool) // keys submitted so far
	counts := map[string]int{}    // what the corpus held, by outcome
	var rounds, replies, staffAlerts int
	for sent := 0; sent < total; rounds++ {
		// A third of the rounds give each chat one update, so that each
		// update's own reply is counted; the others up to six.
		maxPer := 6
		if rounds%3 == 0 {
			maxPer = 1
		}
		perChat := make(map[*attacker][]bot.Update)
		var order []*attacker
		for _, a := range attackers {
			if sent >= total || h.r.IntN(10) < 1 {
				continue
			}
			for range 1 + h.r.IntN(maxPer) {
				if sent >= total {
					break
				}
				perChat[a] = append(perChat[a], h.next(a, maxPer > 1))
				sent++
			}
			if len(perChat[a]) > 0 {
				order = append(order, a)
			}
		}
		// What each chat should get: a reply per fresh private update.
		want := make(map[string]int)
		for _, a := range order {
			want[a.key()] += 0
			for _, up := range perChat[a] {
				switch {
				case seen[up.Key]:
					counts["duplicate"]++
				case up.Group:
					counts["group"]++
				default:
					counts["fresh"]++
					want[a.key()]++
				}
				seen[up.Key] = true
			}
		}
		// Each round has a deadline of its own: a guard against a hang, not a
		// limit on how long a slow machine takes for the whole corpus.
		rctx, cancel := context.WithTimeout(ctx, time.Minute)
		h.submitRound(rctx, eng, order, perChat)
		cancel()

		// Staff alerts go to a chat id no customer has: one drain takes
		// them with the tg replies.
		got := map[string][]bot.Reply{}
		var staff []bot.Reply
		for chat, rs := range drain(t, e.db, tg, hostileStaff) {
			if chat == "ops" {
				staff = rs
				continue
			}
			got[bot.ChatKey(tg, chat)] = rs
		}
		for chat, rs := range drain(t, e.db, hostileWA) {
			got[bot.ChatKey(hostileWA, chat)] = rs
		}
		// A customer who asked for a person is answered by staff: what she
		// writes then goes to the staff chats ("💬 #H<n> ..."), not back.
		passedOn := 0
		for _, r := range staff {
			if strings.HasPrefix(r.Text, "💬 #H") {
				passedOn++
			}
		}
		short, shortChats := 0, []string{}
		for key, n := range want {
			switch rs := got[key]; {
			case n == 0 && len(rs) > 0:
				h.errorf("round %d: %s got %d replies to updates that were all duplicates or in a group: %q\n%s",
					rounds, key, len(rs), texts(rs), hostileDescribe(perChat, key))
			case len(rs) < n:
				short += n - len(rs)
				shortChats = append(shortChats, fmt.Sprintf("%s got %d replies to %d fresh updates: %q\n%s",
					key, len(rs), n, texts(rs), hostileDescribe(perChat, key)))
			}
		}
		if short > passedOn {
			h.errorf("round %d: %d fresh updates unanswered, %d passed on to staff:\n%s",
				rounds, short, passedOn, strings.Join(shortChats, "\n"))
		}
		for key, rs := range got {
			if _, ok := want[key]; !ok {
				h.errorf("round %d: %d replies to %s, which sent nothing: %q", rounds, len(rs), key, texts(rs))
			}
			for _, r := range rs {
				h.checkReply(rounds, key, r)
			}
			replies += len(rs)
		}
		for _, r := range staff {
			staffAlerts++
			if strings.HasPrefix(r.Text, "💬 #H") {
				// A customer's own words passed on to staff: whatever order
				// number she typed is hers to type, and staff read it.
				continue
			}
			h.checkReply(rounds, "staff alert", r)
		}
		for _, a := range order {
			for _, r := range got[a.key()] {
				for _, row := range r.Buttons {
					for _, b := range row {
						if strings.HasPrefix(b.Data, "ok:") {
							a.lastOK = b.Data
						}
					}
				}
			}
		}
		if h.errs > 40 {
			t.Fatalf("too many failures; stopping after round %d", rounds)
		}
	}

	// The victims' orders are as they were, and still theirs alone.
	for _, v := range h.victims {
		orders := hostileOrders(t, e.db, bot.ChatKey(tg, v.chat))
		if len(orders) != 1 || !reflect.DeepEqual(orders[0], v.order) {
			t.Errorf("victim %s: orders after the attack\n%+v\nwant\n%+v", v.name, orders, v.order)
		}
	}
	// Every other order is an attacker's own, and the stock went only to orders.
	var attackerOrders int
	rows, err := e.db.SQL().QueryContext(ctx, "SELECT id, chat_key, customer_name, customer_phone, customer_email, delivery_address FROM orders")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var chat, name, phone, email, addr string
		if err := rows.Scan(&id, &chat, &name, &phone, &email, &addr); err != nil {
			t.Fatal(err)
		}
		if id == h.victims[0].order.ID || id == h.victims[1].order.ID {
			continue
		}
		attackerOrders++
		if h.leaks(strings.Join([]string{name, phone, email, addr}, "\n")) != "" || strings.HasPrefix(chat, tg+":555000") {
			t.Errorf("order %d of %s holds a victim's data: %q %q %q %q", id, chat, name, phone, email, addr)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	sold := hostileSold(t, e.db)
	for id, n := range hostileStock(t, e.db) {
		if n < 0 {
			t.Errorf("variant %s: stock %d", id, n)
		}
		if n != stock0[id]-sold[id] {
			t.Errorf("variant %s: stock %d, want %d - %d ordered", id, n, stock0[id], sold[id])
		}
	}

	obs.mu.Lock()
	outc := maps.Clone(obs.got)
	obs.mu.Unlock()
	// The victims' updates were handled too.
	wantOutc := map[bot.Outcome]int{
		bot.Handled: counts["fresh"] + 15*len(h.victims), bot.Duplicate: counts["duplicate"], bot.Ignored: counts["group"],
		bot.Failed: 0, bot.NotSaved: 0,
	}
	for o := range outc {
		wantOutc[o] += 0
	}
	for o, n := range wantOutc {
		if outc[o] != n {
			t.Errorf("outcome %s: %d updates, want %d (all: %v)", o, outc[o], n, outc)
		}
	}
	logs.mu.Lock()
	if len(logs.recs) > 0 {
		t.Errorf("the engine logged %d warnings or errors, first: %q", len(logs.recs), logs.recs[:min(5, len(logs.recs))])
	}
	logs.mu.Unlock()
	t.Logf("%d updates (%d fresh, %d duplicates, %d group) from %d chats in %d rounds: %d replies, %d staff alerts, %d attacker orders, in %s",
		total, counts["fresh"], counts["duplicate"], counts["group"], len(attackers), rounds, replies, staffAlerts, attackerOrders,
		time.Since(begun).Round(time.Millisecond))
	t.Logf("kinds: %v", h.kinds)
}

// submitRound submits a round's updates: in one call with the chats mixed,
// from four goroutines each with its share of the chats in one call, or
// from four goroutines each in small calls. A chat's updates keep their
// order in every mode.
func (h *hostileRun) submitRound(ctx context.Context, eng *bot.Engine, order []*attacker, perChat map[*attacker][]bot.Update) {
	mix := func(chats []*attacker) []bot.Update {
		left := make(map[*attacker][]bot.Update, len(chats))
		var out []bot.Update
		for _, a := range chats {
			left[a] = perChat[a]
		}
		for live := slices.Clone(chats); len(live) > 0; {
			i := h.r.IntN(len(live))
			a := live[i]
			out = append(out, left[a][0])
			if left[a] = left[a][1:]; len(left[a]) == 0 {
				live = slices.Delete(live, i, i+1)
			}
		}
		return out
	}
	check := func(err error) {
		if err != nil {
			h.t.Errorf("Submit: %v", err)
		}
	}
	mode := [...]int{0, 0, 0, 1, 2}[h.r.IntN(5)]
	if mode == 0 {
		check(eng.Submit(ctx, mix(order)...))
		return
	}
	shares := make([][]*attacker, 4)
	for i, a := range order {
		shares[i%4] = append(shares[i%4], a)
	}
	calls := make([][][]bot.Update, 4) // per goroutine, its calls in order
	for g, share := range shares {
		ups := mix(share)
		if mode == 1 {
			calls[g] = [][]bot.Update{ups}
			continue
		}
		for len(ups) > 0 {
			n := min(len(ups), 1+h.r.IntN(5))
			calls[g] = append(calls[g], ups[:n])
			ups = ups[n:]
		}
	}
	var wg sync.WaitGroup
	for _, cs := range calls {
		wg.Go(func() {
			for _, c := range cs {
				if len(c) > 0 {
					check(eng.Submit(ctx, c...))
				}
			}
		})
	}
	wg.Wait()
}

// next is attacker a's next update. same allows redelivering an update of
// this round.
func (h *hostileRun) next(a *attacker, same bool) bot.Update {
	r := h.r
	var up bot.Update
	kind := ""
	switch p := r.IntN(100); {
	case p < 6 && len(a.sent) > 0:
		kind = "redelivered"
		up = a.sent[r.IntN(len(a.sent))]
	case p < 8 && same && a.n > 0:
		// Redelivered at once, most likely in the same call.
		kind = "redelivered at once"
		up = a.sent[len(a.sent)-1]
	default:
		kind, up = h.content(a)
		a.n++
		up.Key = fmt.Sprintf("%s:h:%s:%d", a.channel, a.chat, a.n)
		up.Channel, up.ChatID, up.Group = a.channel, a.chat, a.group
		switch p := r.IntN(20); p {
		case 0:
			up.UserID = h.victims[r.IntN(len(h.victims))].chat // a forged sender
		case 1:
			up.UserID = h.junk(1 + r.IntN(100))
		default:
			up.UserID = a.chat
		}
		if r.IntN(5) == 0 {
			up.LangHint = h.pick("kk", "ru", "en", "KK", "kz", "kk-KZ", "ru-RU", "", "\x00", strings.Repeat("k", 500), h.junk(20))
		}
		if r.IntN(10) == 0 {
			up.ReplyTo = h.text(false)
		}
		if len(a.sent) == 50 {
			a.sent = slices.Delete(a.sent, 0, 1)
		}
		a.sent = append(a.sent, up)
	}
	h.kinds[kind]++
	return up
}

// content is a new update's content, and the name of its kind.
func (h *hostileRun) content(a *attacker) (string, bot.Update) {
	r := h.r
	if a.shopper && r.IntN(10) < 9 {
		return "order script", h.scripted(a)
	}
	switch p := r.IntN(100); {
	case p < 10:
		return "huge text", bot.Update{Text: h.text(true)}
	case p < 22:
		return "short text", bot.Update{Text: h.text(false)}
	case p < 50:
		return "forged data", bot.Update{Data: h.data()}
	case p < 55:
		return "stale data", bot.Update{Data: h.pick(h.stale...)}
	case p < 60:
		c := &bot.Contact{Phone: h.phone()}
		switch r.IntN(4) {
		case 0:
			c.UserID = a.chat
		case 1:
			c.UserID = h.victims[r.IntN(len(h.victims))].chat
		case 2:
			c.UserID = h.junk(10)
		}
		return "contact", bot.Update{Contact: c}
	case p < 63:
		f := func() float64 {
			return [...]float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, -0.0, 1e308, -1e-308, r.Float64()*180 - 90, 51.1694, 71.4491}[r.IntN(10)]
		}
		return "location", bot.Update{Location: &bot.Location{Lat: f(), Lon: f()}}
	case p < 67:
		return "file", bot.Update{File: &bot.File{
			ID:   h.pick("", "AgACAgIAAxkBAAI", h.junk(1+r.IntN(300)), "' OR 1=1 --"),
			Name: h.pick("", "../../etc/passwd", "invoice.pdf.exe", "\u202efdp.exe", h.junk(1+r.IntN(300))),
			MIME: h.pick("", "image/jpeg", "application/x-msdownload", "text/html; charset=\x00", h.junk(30)),
			Size: [...]int64{-1, 0, 1, math.MaxInt64, math.MinInt64, 20 << 20}[r.IntN(6)],
		}}
	case p < 71:
		return "unsupported", bot.Update{Unsupported: h.pick("sticker", "voice", "video_note", "video", "audio", "poll", "dice", "game", "callback_game", "story", h.junk(1+r.IntN(200)))}
	case p < 73:
		return "empty", bot.Update{} // an update of a kind nobody knows: no content at all
	case p < 75:
		// Several contents at once: the engine reads one.
		return "several contents", bot.Update{
			Text: h.text(false), Data: h.data(), Contact: &bot.Contact{Phone: h.phone()},
			Location: &bot.Location{Lat: math.NaN()}, File: &bot.File{ID: "x"}, Unsupported: "sticker",
		}
	}
	return "order script", h.scripted(a)
}

// scripted is the next step of a's order script, now and then corrupted.
func (h *hostileRun) scripted(a *attacker) bot.Update {
	r := h.r
	if a.script == nil || a.pos >= len(a.script) {
		var p shop.Product
		var v string
		if a.shopper {
			v = h.pick(h.instock...)
			p, _, _ = h.e.catalog.Variant(v)
		} else {
			p, _ = h.e.catalog.Product(h.pick(h.skus...))
			ids := p.VariantIDs()
			v = ids[r.IntN(len(ids))]
		}
		sku, n := p.SKU, a.n+len(a.chat)
		a.script = []string{
			"/start", "@cat", "@cat:" + p.CategoryID + ":0", "@p:" + sku, "@v:" + v, fmt.Sprintf("@a:%s:%d", v, 1+r.IntN(2)), "@co",
			h.pick("Mallory Attacker", "Ева Злоумышленникова", "Зұлым Шабуылшы"),
			fmt.Sprintf("+7 705 000 %02d %02d", n%100, r.IntN(100)),
			fmt.Sprintf("mallory%d@example.com", r.IntN(1000)),
			"@city:" + h.pick(h.cities...), "@dm:" + h.pick("pickup", "courier"),
			"ПВЗ СДЭК, ул. Атакующая 13", fmt.Sprintf("@ok:%d", 1+r.IntN(3)), "@ord",
		}
		if a.shopper {
			// It presses the last Confirm it saw, thrice: the summary may
			// come in the same round as the press.
			a.script = slices.Insert(a.script, len(a.script)-2, "@ok", "@ok")
		}
		a.pos = 0
	}
	s := a.script[a.pos]
	if s == "@ok" || a.shopper && strings.HasPrefix(s, "@ok:") {
		s = "@" + cmp.Or(a.lastOK, "ok:1")
	}
	c := r.IntN(100)
	if a.shopper && r.IntN(4) > 0 {
		c = 99 // a shopper's steps go wrong a quarter as often
	}
	switch {
	case c < 8: // skipped
		a.pos++
		return h.scripted(a)
	case c < 14: // corrupted
		a.pos++
		if r.IntN(2) == 0 {
			return bot.Update{Text: h.text(r.IntN(4) == 0)}
		}
		return bot.Update{Data: h.data()}
	case c < 18: // repeated
	case c < 20: // started over
		a.pos = len(a.script)
	default:
		a.pos++
	}
	if d, ok := strings.CutPrefix(s, "@"); ok {
		return bot.Update{Data: d}
	}
	return bot.Update{Text: s}
}

func (h *hostileRun) pick(s ...string) string { return s[h.r.IntN(len(s))] }

// junk is n random bytes, valid UTF-8 or not.
func (h *hostileRun) junk(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(h.r.UintN(256))
	}
	return string(b)
}

// hostileTexts are short texts meant to trip something.
var hostileTexts = []string{
	"' OR 1=1 --", "'; DROP TABLE orders; --", `" OR ""="`, "1; SELECT * FROM orders", "' UNION SELECT customer_name, customer_phone FROM orders --",
	"{{.}}", "{{.Customer.Name}}", `{{template "x"}}`, "{{printf \"%v\" .}}", "%s%s%s%n", "%!v(PANIC)", "${jndi:ldap://x/a}",
	"<script>alert(1)</script>", "<b>bold</b>", "*_[`", "](javascript:alert(1))", "../../etc/passwd", "\x00", "\u202e", "\ufeff", "", " ", "\n\n\n",
	"\r", "\t", "/", "//", "/start", "/start@evilbot payload", "/START", "/orders 1", "/orders LT-00001", "/ord", "/cancel", "/catalog",
	"/cart", "/lang", "/language", "/menu", "/help", "/unknown", "/" + strings.Repeat("a", 70), "/ start", "/\u202estart",
	"LT-00001", "LT-00002", "lt1", "№1", "#2", "1", "2", "0", "-1", "11", "10", "99999999999999999999", "1e3", "0x10", "٣", "３",
	"мои заказы", "заказы", "корзина", "каталог", "меню", "русский", "қазақша", "тіл", "astana", "Алматы",
	"4111 1111 1111 1111", "5500-0000-0000-0004", "+7 705 000 00 00", "a@b", "x@example.com", "Ab", "A", "ab cd",
	"👩\u200d💻", "\U0001F600\U0001F3FD", "אבג", "مرحبا", "\u0301\u0301\u0301", strings.Repeat("\u200b", 5000),
}

// hostileRunes are the runes huge texts are made of, besides random ones.
var hostileRunes = []rune{
	0, 1, 7, 8, 0x1b, 0x7f, 0x85, 0x9b, '\n', '\r', '\t', ' ', '/', '@', ':', '{', '}', '%', '\'', '"', '\\', '<', '>',
	0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
	0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0xfffd, 0xfe0f, 0x1f3fd, 0x1f468, 0x1f469, 0x1f4bb, 0x2764,
	0x0301, 0x0483, 0x05d0, 0x0627, 0x0644, 'ж', 'Ә', 'ұ', 'A', 'z', '0', '9',
}

// invalidUTF8 are byte sequences that are not UTF-8.
var invalidUTF8 = []string{"\xff", "\xfe", "\xc0\x80", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80", "\xe2\x82", "\xf0\x9f\x98"}

// text is a hostile text: 4 096 to 20 000 runes when huge, else short.
func (h *hostileRun) text(huge bool) string {
	r := h.r
	if !huge {
		if r.IntN(4) > 0 {
			return h.pick(hostileTexts...)
		}
		return h.runes(1 + r.IntN(64))
	}
	prefix := h.pick("", "", "", "/start ", "/orders ", "3", "+7 705 ", "LT-00001 ", "Mallory ", "4111 1111 1111 1111 ")
	return prefix + h.runes(4096+r.IntN(20_000-4096+1))
}

// runes is n runes of random Unicode: scripts both ways, marks, emoji,
// controls, joiners, and now and then bytes that are not UTF-8.
func (h *hostileRun) runes(n int) string {
	r := h.r
	b := make([]byte, 0, 3*n)
	for range n {
		switch c := r.IntN(20); {
		case c < 6:
			b = utf8.AppendRune(b, hostileRunes[r.IntN(len(hostileRunes))])
		case c < 8:
			b = append(b, invalidUTF8[r.IntN(len(invalidUTF8))]...)
		case c < 10:
			b = append(b, byte(0x20+r.IntN(0x5f)))
		case c < 12:
			b = utf8.AppendRune(b, rune(0x400+r.IntN(0x100))) // Cyrillic
		case c < 14:
			b = utf8.AppendRune(b, rune(0x590+r.IntN(0x200))) // Hebrew, Arabic
		case c < 15:
			b = utf8.AppendRune(b, rune(0x1f300+r.IntN(0x700))) // emoji
		case c < 16:
			b = utf8.AppendRune(b, rune(r.IntN(0x20))) // C0 controls
		default:
			// Any code point, surrogates and beyond U+10FFFF included: they
			// encode as U+FFFD, or as raw bytes below.
			if cp := r.IntN(0x110000); cp >= 0xd800 && cp < 0xe000 {
				b = append(b, 0xed, byte(0xa0+cp>>6&0x1f), byte(0x80|cp&0x3f))
			} else {
				b = utf8.AppendRune(b, rune(cp))
			}
		}
	}
	return string(b)
}

// num is a hostile number for button data.
func (h *hostileRun) num() string {
	return h.pick("0", "1", "2", "-1", "-0", "10", "11", "2147483648", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "99999999999999999999", "+3", " 1", "1 ", "01", "0x1", "1e2", "", "NaN", "٣", "1.5",
		fmt.Sprint(h.r.Int64()), fmt.Sprint(-h.r.IntN(1000)), fmt.Sprint(h.r.IntN(100)))
}

// id is a hostile id for button data: real ones, wrong ones and junk.
func (h *hostileRun) id() string {
	r := h.r
	v := h.victims[r.IntN(len(h.victims))]
	switch r.IntN(12) {
	case 0:
		return h.pick(h.skus...)
	case 1, 2:
		return h.pick(h.vars...)
	case 3:
		return h.pick(h.cats...)
	case 4:
		return h.pick(h.cities...)
	case 5:
		return h.pick("LT-999", "LT-101-XXL", "LT-101-s", "lt-101", "LT-101 ", "LT-101\x00", "dresses ", "DRESSES", "*", "%", "_")
	case 6:
		return h.pick("' OR 1=1 --", "'; DROP TABLE variants; --", `") OR ("1"="1`, "1 UNION SELECT 1", "\\", "NULL", "null")
	case 7:
		return strings.Repeat(h.pick("A", "ж", "9", ":"), 1+r.IntN(3000))
	case 8:
		return h.junk(1 + r.IntN(80))
	case 9:
		return h.pick(fmt.Sprint(v.order.ID), v.order.Number(), "№"+fmt.Sprint(v.order.ID), "lt"+fmt.Sprint(v.order.ID), v.chat)
	case 10:
		return ""
	}
	return h.num()
}

// data is forged button data: the grammar with wrong parts, and junk.
func (h *hostileRun) data() string {
	r := h.r
	v := h.victims[r.IntN(len(h.victims))]
	switch r.IntN(30) {
	case 0:
		return h.pick("m", "cat", "cart", "clr", "co", "keep", "edit", "x", "ord", "info", "cont", "lang")
	case 1:
		return "cat:" + h.id() + ":" + h.num()
	case 2:
		return "cat:" + h.id()
	case 3:
		return "p:" + h.id()
	case 4:
		return "v:" + h.id()
	case 5, 6:
		return "a:" + h.id() + ":" + h.num()
	case 7:
		return h.pick("inc:", "dec:", "rm:") + h.id()
	case 8:
		return "city:" + h.id()
	case 9:
		return "dm:" + h.pick("pickup", "courier", "express", "PICKUP", "", "pickup\x00", h.junk(10))
	case 10, 11:
		return "ok:" + h.num()
	case 12, 13, 14:
		return "ord:" + h.pick(fmt.Sprint(v.order.ID), v.order.Number(), "№"+fmt.Sprint(v.order.ID), h.id(), h.num())
	case 15:
		return "lang:" + h.pick("kk", "ru", "en", "KK", "", "kk\x00", h.junk(5))
	case 16:
		return h.junk(1 + r.IntN(200))
	case 17:
		return strings.Repeat(h.pick("a", "ok:1:", "ж", "\x00"), 65+r.IntN(10_000))
	case 18:
		return h.pick(":", "::", ":::", "cat::", "cat:::", "a::", "a:::1", "p:", "v:", "ord:", "ok:", "city:", "dm:", "lang:", "m:", "x:y",
			"ord:1:2", "cat:dresses:0:extra", " m", "m ", "M", "CAT", "ok: 1", "\u202em", "\x00", " ", "\n", "m\nord")
	case 19:
		return h.pick(h.stale...)
	case 20:
		return h.text(false)
	case 21:
		// Cancelling, returning or charging back another customer's order.
		return h.pick("cr:", "cw:", "cu:", "cv:") + h.pick(fmt.Sprint(v.order.ID), h.id(), h.num())
	case 22:
		// Staff's buttons on refund applications, from a customer.
		return h.pick("sca:", "scj:") + h.num()
	case 23:
		return h.pick("cr", "cw", "cs", "cx", "cst", "cn", "cne", "ce", "cd", "cnm", "fg", "fgy",
			"ci:"+h.num(), "ci:all", "crs:"+h.pick("size", "defect", h.junk(5)), "cc:"+h.num()+":"+h.pick("y", "n", "x"))
	}
	// Real grammar, random valid-looking parts.
	return h.pick("m", "cat", "cat:"+h.pick(h.cats...)+":0", "p:"+h.pick(h.skus...), "v:"+h.pick(h.vars...),
		"a:"+h.pick(h.vars...)+":1", "cart", "inc:"+h.pick(h.vars...), "dec:"+h.pick(h.vars...), "rm:"+h.pick(h.vars...),
		"clr", "co", "keep", "city:"+h.pick(h.cities...), "dm:pickup", "dm:courier", fmt.Sprintf("ok:%d", r.IntN(5)),
		"edit", "x", "ord", "info", "cont", "lang", "lang:kk", "lang:ru")
}

// phone is a junk, or now and then valid, phone number.
func (h *hostileRun) phone() string {
	r := h.r
	return h.pick("", " ", "abc", "+", "+7", "8", strings.Repeat("9", 1000), fmt.Sprintf("+7 705 000 %02d %02d", r.IntN(100), r.IntN(100)),
		"8 (705) 000-00-12", "' OR 1=1 --", "+1 202 555 0143", "\x00", "+7\u202e7050000000", "+7 ７０５ ０００ ００ ００", h.junk(1+r.IntN(40)),
		fmt.Sprint(r.Int64()), "-7 705 000 00 00")
}

// checkReply checks one reply to an attacker chat, or a staff alert.
func (h *hostileRun) checkReply(round int, to string, r bot.Reply) {
	h.t.Helper()
	if strings.TrimSpace(r.Text) == "" {
		h.errorf("round %d: an empty reply to %s: %+v", round, to, r)
	}
	if !utf8.ValidString(r.Text) {
		h.errorf("round %d: a reply to %s is not UTF-8: %q", round, to, r.Text)
	}
	if leak := h.leaks(r.Text); leak != "" {
		h.errorf("round %d: a reply to %s shows %s: %q", round, to, leak, r.Text)
	}
	for _, row := range r.Buttons {
		if len(row) == 0 {
			h.errorf("round %d: a reply to %s has an empty button row", round, to)
		}
		for _, b := range row {
			if len(b.Data) > bot.MaxButtonData {
				h.errorf("round %d: a button to %s has %d bytes of data: %q", round, to, len(b.Data), b.Data)
			}
			if strings.TrimSpace(b.Label) == "" || b.Data == "" && b.URL == "" && !b.Phone {
				h.errorf("round %d: a button to %s without a label or an action: %+v", round, to, b)
			}
			if leak := h.leaks(b.Label); leak != "" {
				h.errorf("round %d: a button to %s shows %s: %q", round, to, leak, b.Label)
			}
			for _, v := range h.victims {
				if b.Data == fmt.Sprint("ord:", v.order.ID) {
					h.errorf("round %d: a button to %s opens %s's order: %+v", round, to, v.name, b)
				}
			}
		}
	}
}

// leaks names the victims' data s shows, or is "".
func (h *hostileRun) leaks(s string) string {
	lower := strings.ToLower(s)
	if strings.Contains(lower, "victim") {
		return "a victim's name, e-mail or address"
	}
	digits := hostileDigits(s)
	for _, v := range h.victims {
		switch {
		case strings.Contains(digits, v.digits):
			return v.name + "'s phone"
		case strings.Contains(s, v.order.Number()):
			return v.name + "'s order number"
		}
	}
	return ""
}

// hostileDescribe lists the updates a chat sent in a round, shortened.
func hostileDescribe(perChat map[*attacker][]bot.Update, key string) string {
	var b strings.Builder
	for a, ups := range perChat {
		if a.key() != key {
			continue
		}
		for _, up := range ups {
			short := func(s string) string {
				if len(s) > 80 {
					return fmt.Sprintf("%q... (%d bytes)", s[:80], len(s))
				}
				return fmt.Sprintf("%q", s)
			}
			fmt.Fprintf(&b, "  %s: text %s data %s contact %v location %v file %v unsupported %q group %v\n",
				up.Key, short(up.Text), short(up.Data), up.Contact, up.Location, up.File, up.Unsupported, up.Group)
		}
	}
	return b.String()
}

func hostileJoin(rs []bot.Reply) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func hostileDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// hostileOrders are a chat's orders, read as the flows read them.
func hostileOrders(t *testing.T, db *storage.DB, chatKey string) []shop.Order {
	t.Helper()
	var out []shop.Order
	err := db.InTx(context.Background(), func(tx bot.Tx) error {
		var err error
		out, err = tx.Flows().ForChat(context.Background(), chatKey, 100)
		return err
	})
	if err != nil {
		t.Fatalf("orders of %s: %v", chatKey, err)
	}
	return out
}

// hostileStock is every variant's stock.
func hostileStock(t *testing.T, db *storage.DB) map[string]int {
	t.Helper()
	return hostileCounts(t, db, "SELECT id, stock FROM variants")
}

// hostileSold is how many pieces of each variant all orders hold.
func hostileSold(t *testing.T, db *storage.DB) map[string]int {
	t.Helper()
	return hostileCounts(t, db, "SELECT variant_id, SUM(qty) FROM order_items GROUP BY variant_id")
}

func hostileCounts(t *testing.T, db *storage.DB, query string) map[string]int {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	out := make(map[string]int)
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}
