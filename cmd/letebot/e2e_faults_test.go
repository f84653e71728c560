package main

// End-to-end fault test (issue 8): the fake Bot API answers some sends with
// 429 retry_after, 500 and 502, answers others slowly, and is then down for
// a while; the bot backs off and delivers every reply once and in order,
// never faster than Telegram allows.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot/telegram/telegramtest"
	"github.com/lete-store/letebot/storage/storagetest"
)

const (
	faultCustomers   = 20
	faultFirstChat   = int64(710000001)
	faultStepTimeout = 45 * time.Second
	faultTimeout     = 3 * time.Minute
	faultOutage      = 5 * time.Second

	// Telegram's limits as the adapter declares them (adapter.go Limits).
	globalPerSecond = 30
	chatBurst       = 3 // private chats: 1 a second, bursts of 3

	// Slack for what the test sees versus what the bot's limiters allow:
	// sends are timestamped when they reach the fake, a few milliseconds
	// after the limiter let them go, so gaps may shrink a little.
	globalSlack   = 1 // one message more in a 1 s window (timer granularity)
	chatSlack     = 100 * time.Millisecond
	retryAfterLag = 100 * time.Millisecond
)

// faultMode is what faultAPI does to sends.
type faultMode int

const (
	faultsOff   faultMode = iota // pass everything through
	faultsMixed                  // 429, 500, 502 and slow answers, some of each
	faultsDown                   // every send 502; every other poll too
)

// Outcomes of a send request, as faultAPI answered it.
const (
	outOK   = "ok"
	out429  = "429"
	out500  = "500"
	out502  = "502"
	outDown = "down" // 502 while the API is down
)

// sendEvent is one sendMessage or sendPhoto request that reached faultAPI.
type sendEvent struct {
	chat    int64
	text    string
	at      time.Time // arrival
	outcome string    // outOK etc., or "fake <code>" when the fake refused it
	slow    time.Duration
}

// faultAPI stands in front of the fake Bot API: it answers sends with the
// failures of its mode, delays some, and records every send with its
// arrival time and outcome.
type faultAPI struct {
	fake http.Handler

	mu        sync.Mutex
	mode      faultMode
	rng       *rand.Rand
	index     map[int64]int // customer chats: their index
	calls     map[int64]int // send requests per chat so far
	polls     int           // getUpdates requests while down
	events    []sendEvent
	downPolls int // getUpdates answered 502
}

func newFaultAPI(fake http.Handler) *faultAPI {
	return &faultAPI{
		fake:  fake,
		rng:   rand.New(rand.NewPCG(8, 2024)),
		index: map[int64]int{},
		calls: map[int64]int{},
	}
}

func (f *faultAPI) register(chat int64, i int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.index[chat] = i
}

func (f *faultAPI) setMode(m faultMode) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mode = m
}

func (f *faultAPI) record(e sendEvent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, e)
}

// sends returns the recorded sends by arrival.
func (f *faultAPI) sends() []sendEvent {
	f.mu.Lock()
	evs := slices.Clone(f.events)
	f.mu.Unlock()
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
	return evs
}

// decide picks what happens to a send to chat: an outcome other than outOK
// is answered at once; outOK is passed on to the fake after slow.
func (f *faultAPI) decide(chat int64) (string, time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := f.calls[chat]
	f.calls[chat]++
	i, known := f.index[chat]
	switch {
	case f.mode == faultsDown:
		return outDown, 0
	case f.mode != faultsMixed || !known:
		return outOK, 0
	}
	slow := time.Duration(300+f.rng.IntN(501)) * time.Millisecond
	if n == 0 {
		// Every chat's first send meets one kind of fault for sure.
		switch i % 4 {
		case 0:
			return out429, 0
		case 1:
			return out500, 0
		case 2:
			return out502, 0
		default:
			return outOK, slow
		}
	}
	switch p := f.rng.IntN(100); {
	case p < 10:
		return out429, 0
	case p < 16:
		return out500, 0
	case p < 22:
		return out502, 0
	case p < 35:
		return outOK, slow
	}
	return outOK, 0
}

func (f *faultAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := strings.ToLower(path.Base(r.URL.Path))
	switch method {
	case "sendmessage", "sendphoto":
	case "getupdates":
		f.mu.Lock()
		fail := false
		if f.mode == faultsDown {
			f.polls++
			fail = f.polls%2 == 1
			if fail {
				f.downPolls++
			}
		}
		f.mu.Unlock()
		if fail {
			writeBadGateway(w)
			return
		}
		f.fake.ServeHTTP(w, r)
		return
	default:
		f.mu.Lock()
		down := f.mode == faultsDown
		f.mu.Unlock()
		if down && method != "getme" {
			writeBadGateway(w)
			return
		}
		f.fake.ServeHTTP(w, r)
		return
	}

	at := time.Now()
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	h := sendOf(r, body)
	ev := sendEvent{chat: h.chat, text: h.text, at: at}
	ev.outcome, ev.slow = f.decide(h.chat)
	switch ev.outcome {
	case out429:
		writeAPIError(w, http.StatusTooManyRequests, "Too Many Requests: retry after 1", 1)
	case out500:
		writeAPIError(w, http.StatusInternalServerError, "Internal Server Error", 0)
	case out502, outDown:
		writeBadGateway(w)
	default:
		if ev.slow > 0 {
			t := time.NewTimer(ev.slow)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				ev.outcome = "gave up while slow"
				f.record(ev)
				return
			}
		}
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		f.fake.ServeHTTP(sw, r)
		if sw.code != http.StatusOK {
			ev.outcome = "fake " + strconv.Itoa(sw.code)
		}
	}
	f.record(ev)
}

// writeAPIError answers as the Bot API does when it refuses a request.
func writeAPIError(w http.ResponseWriter, code int, desc string, retryAfter int) {
	body := map[string]any{"ok": false, "error_code": code, "description": desc}
	if retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": retryAfter}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}

// writeBadGateway answers as a proxy in front of a dead Bot API: HTML.
func writeBadGateway(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = io.WriteString(w, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n")
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

// faultCustomer browses the catalog: /start, Catalog, a category, a product.
func faultCustomer(i int) *customer {
	c := &customer{label: fmt.Sprintf("customer %02d", i), chat: faultFirstChat + int64(i)}
	category, categoryWant, product := "Платья", "Платья: 4 товара", "Платье миди с поясом"
	if i%2 == 1 {
		category, categoryWant, product = "Блузки", "Блузки и рубашки:", "Шёлковая блузка"
	}
	c.steps = []step{
		{name: "start", text: "/start", want: []string{"Здравствуйте! Это бот магазина", "Главное меню"}},
		{name: "catalog", press: "Каталог", want: []string{"Выберите категорию"}},
		{name: "category", press: category, want: []string{categoryWant}},
		{name: "product", press: product, want: []string{product + "\n"}},
	}
	return c
}

// outageSteps are typed while the API is down, without waiting for answers.
func outageSteps() ([]step, map[string]hook) {
	steps := []step{
		{name: "cart", text: "/cart", want: []string{"Корзина пуста"}},
		{name: "catalog again", text: "/catalog", want: []string{"Выберите категорию"}},
		{name: "menu", text: "/menu", want: []string{"Главное меню"}},
	}
	hooks := map[string]hook{}
	for _, st := range steps {
		hooks[st.name] = hook{noWait: true}
	}
	return steps, hooks
}

// TestE2EFaults: twenty customers browse at once while the fake Bot API
// answers some sends with 429 retry_after=1, 500 or a proxy's 502, and
// others after 300-800 ms; then the API is down (every send 502, every
// other poll too) for 5 s while they write again. Every reply reaches its
// chat once and in order, and the successful sends keep Telegram's limits:
// at most 30 in any second overall, at most 3 + ⌊w⌋ to a chat in any w
// seconds (1/s, bursts of 3), and none to a chat within 1 s of its 429.
func TestE2EFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: builds and runs the binary")
	}
	began := time.Now()
	bin := buildBinary(t)
	dbURL := storagetest.Postgres(t)

	fake := telegramtest.NewServer()
	fake.SetLanguage("ru")
	api := newFaultAPI(fake)
	front := httptest.NewServer(api)
	t.Cleanup(func() {
		front.CloseClientConnections()
		front.Close()
		fake.Close()
	})
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	addr := freeAddr(t)
	proc := newBotProc(t, bin, botEnv(dbURL, front.URL, addr), addr)

	ctx, cancel := context.WithTimeoutCause(context.Background(), faultTimeout, fmt.Errorf("the test ran over %v", faultTimeout))
	defer cancel()
	if err := proc.start(ctx); err != nil {
		t.Fatal(err)
	}
	started := time.Now()

	cs := make([]*customer, faultCustomers)
	for i := range cs {
		cs[i] = faultCustomer(i)
		api.register(cs[i].chat, i)
	}

	// Phase 1: faults mixed into normal answers.
	api.setMode(faultsMixed)
	if err := walkAll(ctx, fake, cs); err != nil {
		t.Fatal(err)
	}
	if err := settle(ctx, fake, db, cs); err != nil {
		t.Fatal(err)
	}
	phase1 := time.Since(started)
	checkChats(t, fake, api, cs)
	if t.Failed() {
		t.FailNow()
	}
	p1 := countOutcomes(api.sends())
	for _, o := range []string{out429, out500, out502} {
		if p1[o] == 0 {
			t.Errorf("phase 1 answered no send with %s: the faults were not exercised (%v)", o, p1)
		}
	}
	if p1["slow"] == 0 {
		t.Errorf("phase 1 answered no send slowly (%v)", p1)
	}
	var ok1 []time.Time
	for _, e := range api.sends() {
		if e.outcome == outOK {
			ok1 = append(ok1, e.at)
		}
	}
	most1, _ := maxPerSecond(ok1)
	t.Logf("phase 1 (%d customers, faults mixed in) took %v: sends %v; at most %d successful in any 1 s",
		len(cs), phase1.Round(time.Millisecond), p1, most1)

	// Phase 2: the API is down while everyone writes, then recovers.
	api.setMode(faultsDown)
	downAt := time.Now()
	steps, hooks := outageSteps()
	for _, c := range cs {
		c.steps, c.hooks, c.done = steps, hooks, make(chan struct{})
		if err := walk(ctx, fake, c, faultStepTimeout); err != nil {
			t.Fatal(err)
		}
	}
	// Down for at least faultOutage, and until the bot has tried, and
	// failed, to answer every customer.
	if err := until(ctx, "every chat to meet the outage", func() (bool, error) {
		failed := map[int64]bool{}
		for _, e := range api.sends() {
			if e.outcome == outDown {
				failed[e.chat] = true
			}
		}
		var missing []string
		for _, c := range cs {
			if !failed[c.chat] {
				missing = append(missing, c.label)
			}
		}
		if len(missing) > 0 {
			return false, fmt.Errorf("no failed send yet to %s", strings.Join(missing, ", "))
		}
		return time.Since(downAt) >= faultOutage, nil
	}); err != nil {
		t.Fatal(err)
	}
	api.setMode(faultsOff)
	upAt := time.Now()
	for _, c := range cs {
		if _, err := fake.WaitSent(ctx, c.chat, len(c.want)); err != nil {
			t.Fatalf("%s after the outage: %v\n%s", c.label, err, transcript(fake.Sent(c.chat), c.want))
		}
	}
	recovered := time.Since(upAt)
	if err := settle(ctx, fake, db, cs); err != nil {
		t.Fatal(err)
	}
	checkChats(t, fake, api, cs)

	all := api.sends()
	outage := 0
	for _, e := range all {
		if e.outcome == outDown {
			outage++
		}
	}
	api.mu.Lock()
	downPolls := api.downPolls
	api.mu.Unlock()
	t.Logf("phase 2: API down %v (%d sends and %d polls answered 502); every reply delivered %v after it came back",
		upAt.Sub(downAt).Round(time.Millisecond), outage, downPolls, recovered.Round(time.Millisecond))

	checkRates(t, all, cs)

	took, err := proc.stop(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("letebot stopped (SIGTERM) in %v; the test ran %v (%v since the bot was ready)",
		took.Round(time.Millisecond), time.Since(began).Round(time.Millisecond), time.Since(started).Round(time.Millisecond))
	if lines := proc.logLines(`"level":"ERROR"`); len(lines) > 0 {
		t.Errorf("letebot logged %d errors:\n%s", len(lines), strings.Join(lines, "\n"))
	}
}

// walkAll walks the customers at the same time; the first failure stops
// the others.
func walkAll(ctx context.Context, fake *telegramtest.Server, cs []*customer) error {
	ctx, fail := context.WithCancelCause(ctx)
	defer fail(nil)
	errs := make([]error, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		c.done = make(chan struct{})
		wg.Go(func() {
			if errs[i] = walk(ctx, fake, c, faultStepTimeout); errs[i] != nil {
				fail(fmt.Errorf("%s failed", c.label))
			}
		})
	}
	wg.Wait()
	var msgs []string
	for _, err := range errs {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s", strings.Join(msgs, "\n"))
	}
	return nil
}

// settle waits until every update the customers pushed is confirmed and the
// outbox is empty: every reply was acknowledged, and none can be sent again.
func settle(ctx context.Context, fake *telegramtest.Server, db *sql.DB, cs []*customer) error {
	last := 0
	for _, c := range cs {
		last = max(last, slices.Max(c.updates))
	}
	if err := fake.WaitConfirmed(ctx, last); err != nil {
		return err
	}
	return until(ctx, "an empty outbox", func() (bool, error) {
		var n int
		err := db.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&n)
		if err == nil && n != 0 {
			err = fmt.Errorf("%d messages in the outbox", n)
		}
		return err == nil && n == 0, err
	})
}

// checkChats compares each chat's messages with the expected ones, one for
// one and in order, and the sends faultAPI passed on with what the fake
// recorded: no send went anywhere else, or failed at the fake.
func checkChats(t *testing.T, fake *telegramtest.Server, api *faultAPI, cs []*customer) {
	t.Helper()
	ok := map[int64]int{}
	for _, e := range api.sends() {
		switch e.outcome {
		case outOK:
			ok[e.chat]++
		case out429, out500, out502, outDown:
		default:
			t.Errorf("send to %d (%q): %s", e.chat, firstLine(e.text), e.outcome)
		}
	}
	total := 0
	for _, c := range cs {
		got := fake.Sent(c.chat)
		if err := checkTranscript(got, c.want); err != nil {
			t.Errorf("%s: %v", c.label, err)
		}
		if ok[c.chat] != len(got) {
			t.Errorf("%s: %d sends passed on, the fake has %d messages", c.label, ok[c.chat], len(got))
		}
		total += len(got)
	}
	if n := len(fake.SentAll()); n != total {
		t.Errorf("the fake has %d messages, %d of them to the customers", n, total)
	}
}

func countOutcomes(evs []sendEvent) map[string]int {
	n := map[string]int{}
	for _, e := range evs {
		n[e.outcome]++
		if e.slow > 0 {
			n["slow"]++
		}
	}
	return n
}

// checkRates checks the successful sends against Telegram's limits and
// logs the highest rates seen.
func checkRates(t *testing.T, evs []sendEvent, cs []*customer) {
	t.Helper()
	var ok []time.Time
	byChat := map[int64][]sendEvent{}
	for _, e := range evs {
		if e.outcome == outOK {
			ok = append(ok, e.at)
		}
		byChat[e.chat] = append(byChat[e.chat], e)
	}

	// Overall: at most 30 (+1) in any window of one second.
	maxGlobal, at := maxPerSecond(ok)
	if maxGlobal > globalPerSecond+globalSlack {
		t.Errorf("%d messages sent within 1 s from %v after the first send on (%d sent before); want at most %d (+%d slack)",
			maxGlobal, ok[at].Sub(ok[0]).Round(time.Millisecond), at, globalPerSecond, globalSlack)
	}

	// Per chat: at most 3 + ⌊w⌋ in any w seconds; after a 429, nothing
	// for a second.
	maxChat1s, minAfter429, n429 := 0, time.Duration(-1), 0
	minSpan4 := time.Duration(-1) // the shortest time a chat got burst+1 messages in
	for _, c := range cs {
		var sent []time.Time
		for _, e := range byChat[c.chat] {
			if e.outcome == outOK {
				sent = append(sent, e.at)
			}
		}
		for i := range sent {
			for j := i; j < len(sent); j++ {
				w := sent[j].Sub(sent[i])
				n := j - i + 1
				if w < time.Second {
					maxChat1s = max(maxChat1s, n)
				}
				if n == chatBurst+1 && (minSpan4 < 0 || w < minSpan4) {
					minSpan4 = w
				}
				if allowed := chatBurst + int((w+chatSlack)/time.Second); n > allowed {
					t.Errorf("%s: %d messages within %v (sends %d-%d); the chat allows %d (1/s, bursts of %d; %v slack)",
						c.label, n, w.Round(time.Millisecond), i+1, j+1, allowed, chatBurst, chatSlack)
				}
			}
		}
		chat := byChat[c.chat]
		for i, e := range chat {
			if e.outcome != out429 {
				continue
			}
			n429++
			for _, next := range chat[i+1:] {
				if next.outcome != outOK {
					continue
				}
				gap := next.at.Sub(e.at)
				if minAfter429 < 0 || gap < minAfter429 {
					minAfter429 = gap
				}
				if gap < time.Second-retryAfterLag {
					t.Errorf("%s: sent %q %v after a 429 with retry_after=1", c.label, firstLine(next.text), gap.Round(time.Millisecond))
				}
				break
			}
		}
	}
	t.Logf("rates of %d successful sends: at most %d in any 1 s overall (limit %d+%d); at most %d to one chat in any 1 s (burst %d), %d within %v at the least; %d 429s, the soonest success to the chat after one %v later",
		len(ok), maxGlobal, globalPerSecond, globalSlack, maxChat1s, chatBurst, chatBurst+1, minSpan4.Round(time.Millisecond), n429, minAfter429.Round(time.Millisecond))
}

// maxPerSecond returns the most times in any window [t, t+1s) of the
// sorted ts, and the index where that window starts.
func maxPerSecond(ts []time.Time) (most, at int) {
	for i := range ts {
		j := sort.Search(len(ts), func(j int) bool { return !ts[j].Before(ts[i].Add(time.Second)) })
		if n := j - i; n > most {
			most, at = n, i
		}
	}
	return most, at
}
