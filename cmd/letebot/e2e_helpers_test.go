package main

// Helpers of the end-to-end tests (e2e_test.go): the binary built once per
// test process, the bot run as a child process, a gate in front of the fake
// Bot API that can hold the bot's sends, and customers who walk a scripted
// conversation by pressing the buttons they were sent.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

var (
	buildOnce sync.Once
	buildDir  string // removed by TestMain
	buildBin  string
	buildErr  error
)

// TestMain removes the binary buildBinary made.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// buildBinary builds letebot once per test process, as the Dockerfile does,
// and returns its path.
func buildBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "letebot-e2e-")
		if buildErr != nil {
			return
		}
		bin := filepath.Join(buildDir, "letebot")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=e2e", "-o", bin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build as in the Dockerfile: %v\n%s", err, out)
			return
		}
		buildBin = bin
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildBin
}

// freeAddr returns a loopback address with a port nobody listens on now.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// until polls cond until it holds, fails, or ctx ends; what names the wait
// in the error.
func until(ctx context.Context, what string, cond func() (bool, error)) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	last := ""
	for {
		ok, err := cond()
		if ok {
			return nil
		}
		if err != nil {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			if last != "" {
				return fmt.Errorf("waiting for %s: %w (last: %s)", what, context.Cause(ctx), last)
			}
			return fmt.Errorf("waiting for %s: %w", what, context.Cause(ctx))
		case <-tick.C:
		}
	}
}

// syncBuffer collects a child's output.
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

// botProc runs the built binary as `letebot run`, again and again with the
// same environment.
type botProc struct {
	t    testing.TB
	bin  string
	env  []string
	addr string // HTTP_ADDR

	mu   sync.Mutex
	runs []*botRun
}

// botRun is one start of the binary.
type botRun struct {
	n      int
	cmd    *exec.Cmd
	logs   *syncBuffer // stdout and stderr
	exited chan struct{}
	err    error // from Wait, once exited is closed
}

// botEnv is the binary's environment: Postgres at dbURL, the Bot API (the
// fake, or a wrapper in front of it) at apiURL, HTTP on addr, JSON logs;
// extra adds or overrides variables.
func botEnv(dbURL, apiURL, addr string, extra ...string) []string {
	return append([]string{
		"DATABASE_URL=" + dbURL,
		"TELEGRAM_BOT_TOKEN=" + telegramtest.Token,
		"TELEGRAM_API_ENDPOINT=" + apiURL + "/bot%s/%s",
		"TELEGRAM_FILE_ENDPOINT=" + apiURL + "/file/bot%s/%s",
		"HTTP_ADDR=" + addr,
		"LOG_FORMAT=json",
	}, extra...)
}

func newBotProc(t testing.TB, bin string, env []string, addr string) *botProc {
	p := &botProc{t: t, bin: bin, env: env, addr: addr}
	t.Cleanup(p.cleanup)
	return p
}

// start runs the binary and waits until /readyz answers 200.
func (p *botProc) start(ctx context.Context) error {
	p.mu.Lock()
	if r := p.last(); r != nil && !r.done() {
		p.mu.Unlock()
		return fmt.Errorf("letebot run %d is still running", r.n)
	}
	r := &botRun{n: len(p.runs) + 1, logs: &syncBuffer{}, exited: make(chan struct{})}
	r.cmd = exec.Command(p.bin, "run")
	r.cmd.Env = p.env
	r.cmd.Stdout, r.cmd.Stderr = r.logs, r.logs
	if err := r.cmd.Start(); err != nil {
		p.mu.Unlock()
		return fmt.Errorf("start letebot: %w", err)
	}
	p.runs = append(p.runs, r)
	p.mu.Unlock()
	go func() {
		r.err = r.cmd.Wait()
		close(r.exited)
	}()

	client := &http.Client{Timeout: 2 * time.Second}
	url := "http://" + p.addr + "/readyz"
	return until(ctx, fmt.Sprintf("letebot run %d to be ready", r.n), func() (bool, error) {
		if r.done() {
			return false, fmt.Errorf("letebot run %d exited before it was ready: %v", r.n, r.err)
		}
		resp, err := client.Get(url)
		if err != nil {
			return false, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, fmt.Errorf("GET /readyz: %s", resp.Status)
	})
}

func (p *botProc) last() *botRun {
	if len(p.runs) == 0 {
		return nil
	}
	return p.runs[len(p.runs)-1]
}

func (p *botProc) current() (*botRun, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.last()
	if r == nil || r.done() {
		return nil, errors.New("letebot is not running")
	}
	return r, nil
}

func (r *botRun) done() bool {
	select {
	case <-r.exited:
		return true
	default:
		return false
	}
}

// wait waits for the run to exit.
func (r *botRun) wait(ctx context.Context) error {
	select {
	case <-r.exited:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("letebot run %d did not exit: %w", r.n, context.Cause(ctx))
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *botProc) kill(ctx context.Context) error {
	r, err := p.current()
	if err != nil {
		return err
	}
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return fmt.Errorf("SIGKILL: %w", err)
	}
	return r.wait(ctx)
}

// stop sends SIGTERM and waits for the exit; it fails unless the exit
// status is 0. It returns how long the exit took.
func (p *botProc) stop(ctx context.Context) (time.Duration, error) {
	r, err := p.current()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return 0, fmt.Errorf("SIGTERM: %w", err)
	}
	if err := r.wait(ctx); err != nil {
		return 0, err
	}
	took := time.Since(start)
	if r.err != nil {
		return took, fmt.Errorf("letebot run %d after SIGTERM: %v (want exit status 0)", r.n, r.err)
	}
	return took, nil
}

// logLines returns every run's log lines that contain substr.
func (p *botProc) logLines(substr string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, r := range p.runs {
		for _, line := range strings.Split(r.logs.String(), "\n") {
			if strings.Contains(line, substr) {
				out = append(out, fmt.Sprintf("run %d: %s", r.n, line))
			}
		}
	}
	return out
}

// cleanup kills a run still going and, when the test failed, prints every
// run's output.
func (p *botProc) cleanup() {
	p.mu.Lock()
	runs := slices.Clone(p.runs)
	p.mu.Unlock()
	for _, r := range runs {
		if !r.done() {
			_ = r.cmd.Process.Kill()
			<-r.exited
		}
	}
	if p.t.Failed() {
		for _, r := range runs {
			p.t.Logf("letebot run %d (%v) output:\n%s", r.n, r.err, r.logs.String())
		}
	}
}

// gate stands in front of the fake Bot API. Frozen, it holds every
// sendMessage and sendPhoto request without passing it on, until the bot
// gives up the request (its process dies, or it cancels the request at
// shutdown): a held message never reaches the fake. It can also hold
// getUpdates polls, all or those whose offset would confirm an update, and
// pass them on when told. Other methods always pass.
//
// It lets a test stop the bot while replies are on their way and an update
// is committed but not confirmed, without the one window no bot can close:
// a message Telegram accepted whose acknowledgement was not yet recorded is
// sent again after a crash.
type gate struct {
	fake  http.Handler
	abort chan struct{} // closed at the end of the test

	mu        sync.Mutex
	frozen    bool
	held      []*heldSend
	holdPolls bool
	pollsUpTo int           // with holdPolls: polls with an offset above this wait; 0: all wait
	changed   chan struct{} // closed and replaced when the polls' rule changes
}

type heldSend struct {
	chat int64
	text string // text, or caption
}

func newGate(fake http.Handler) *gate {
	return &gate{fake: fake, abort: make(chan struct{}), changed: make(chan struct{})}
}

// holdPollsAbove holds getUpdates polls that would confirm update id (an
// offset above it); id 0 holds every poll. Polls let through fetch the
// update but cannot confirm it.
func (g *gate) holdPollsAbove(id int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.holdPolls, g.pollsUpTo = true, id
	close(g.changed)
	g.changed = make(chan struct{})
}

// releasePolls passes held polls on and holds no more.
func (g *gate) releasePolls() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.holdPolls = false
	close(g.changed)
	g.changed = make(chan struct{})
}

// pollHeld reports whether a poll with this offset waits, and a channel
// closed when that may change.
func (g *gate) pollHeld(offset int) (bool, <-chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.holdPolls && (g.pollsUpTo == 0 || offset > g.pollsUpTo), g.changed
}

func (g *gate) freeze() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.frozen = true
}

// thaw lets later sends through; those held stay held until the bot drops
// them.
func (g *gate) thaw() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.frozen = false
}

func (g *gate) close() {
	select {
	case <-g.abort:
	default:
		close(g.abort)
	}
}

// isHeld reports whether a send to chat with this text is being held;
// text "" matches any.
func (g *gate) isHeld(chat int64, text string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, h := range g.held {
		if h.chat == chat && (text == "" || h.text == text) {
			return true
		}
	}
	return false
}

// heldContaining reports whether a send to chat whose text contains substr
// is being held.
func (g *gate) heldContaining(chat int64, substr string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, h := range g.held {
		if h.chat == chat && strings.Contains(h.text, substr) {
			return true
		}
	}
	return false
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := strings.ToLower(path.Base(r.URL.Path))
	switch method {
	case "sendmessage", "sendphoto", "getupdates":
	default:
		g.fake.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	if method == "getupdates" {
		offset, _ := strconv.Atoi(formOf(r, body).Get("offset"))
		for {
			held, changed := g.pollHeld(offset)
			if !held {
				break
			}
			select {
			case <-changed:
			case <-r.Context().Done():
				return
			case <-g.abort:
				http.Error(w, "held by the test", http.StatusBadGateway)
				return
			}
		}
		g.fake.ServeHTTP(w, r)
		return
	}

	g.mu.Lock()
	if !g.frozen {
		g.mu.Unlock()
		g.fake.ServeHTTP(w, r)
		return
	}
	h := sendOf(r, body)
	g.held = append(g.held, h)
	g.mu.Unlock()

	select {
	case <-r.Context().Done():
	case <-g.abort:
	}
	g.mu.Lock()
	g.held = slices.DeleteFunc(g.held, func(x *heldSend) bool { return x == h })
	g.mu.Unlock()
	http.Error(w, "held by the test", http.StatusBadGateway)
}

// sendOf reads the chat and text of a send request.
func sendOf(r *http.Request, body []byte) *heldSend {
	form := formOf(r, body)
	chat, _ := strconv.ParseInt(form.Get("chat_id"), 10, 64)
	text := form.Get("text")
	if text == "" {
		text = form.Get("caption")
	}
	return &heldSend{chat: chat, text: text}
}

// formOf reads a request's parameters (query, and a form, multipart or
// JSON body, as the Bot API takes them) without consuming r's body.
func formOf(r *http.Request, body []byte) url.Values {
	r2 := r.Clone(context.Background())
	r2.Body = io.NopCloser(bytes.NewReader(body))
	params, _ := telegramtest.Params(r2)
	return params
}

// step is one customer turn: type text, or press the button whose label is
// (or else contains) press on the latest keyboard; then the bot answers
// with one message per entry of want, each containing that entry.
type step struct {
	name  string
	text  string
	press string
	// payWith pays on the page the latest payment button opens, choosing
	// this outcome, as the customer's browser would; it sends no update.
	payWith string
	want    []string
}

// hook runs around a customer's step: before it is pushed, after it is
// pushed; noWait skips waiting for its answer (a later step waits for it).
type hook struct {
	before, after func(ctx context.Context) error
	noWait        bool
}

// customer is a private chat walking a scripted conversation.
type customer struct {
	label string
	chat  int64
	steps []step
	hooks map[string]hook

	// What the order must hold.
	name, email, city, method string
	sku, size                 string
	qty                       int
	pays                      bool // pays on the test page at the end

	// Filled by walk.
	want      []string     // every message expected so far, in order
	updates   []int        // update ids pushed
	callbacks []int        // those that were button presses
	last      atomic.Int64 // the last update id pushed, for other goroutines
	done      chan struct{}
}

// walk plays c's steps against the bot; each step waits for its answer (up
// to stepTimeout) and checks the chat's whole transcript so far.
func walk(ctx context.Context, fake *telegramtest.Server, c *customer, stepTimeout time.Duration) error {
	defer close(c.done)
	for _, st := range c.steps {
		h := c.hooks[st.name]
		if h.before != nil {
			if err := h.before(ctx); err != nil {
				return fmt.Errorf("%s, before %s: %w", c.label, st.name, err)
			}
		}
		var id int
		if st.payWith != "" {
			if err := payOnPage(ctx, fake.Sent(c.chat), st.payWith); err != nil {
				return fmt.Errorf("%s, %s: %w", c.label, st.name, err)
			}
			c.want = append(c.want, st.want...)
			sctx, cancel := context.WithTimeout(ctx, stepTimeout)
			got, err := fake.WaitSent(sctx, c.chat, len(c.want))
			cancel()
			if err != nil {
				return fmt.Errorf("%s, %s: %w\n%s", c.label, st.name, err, transcript(got, c.want))
			}
			if err := checkTranscript(got, c.want); err != nil {
				return fmt.Errorf("%s, %s: %w", c.label, st.name, err)
			}
			continue
		}
		if st.press != "" {
			data, err := pressable(fake.Sent(c.chat), st.press)
			if err != nil {
				return fmt.Errorf("%s, %s: %w", c.label, st.name, err)
			}
			id = fake.PushCallback(c.chat, data)
			c.callbacks = append(c.callbacks, id)
		} else {
			id = fake.PushText(c.chat, st.text)
		}
		c.updates = append(c.updates, id)
		c.last.Store(int64(id))
		c.want = append(c.want, st.want...)
		if h.after != nil {
			if err := h.after(ctx); err != nil {
				return fmt.Errorf("%s, after %s: %w", c.label, st.name, err)
			}
		}
		if h.noWait {
			continue
		}
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		got, err := fake.WaitSent(sctx, c.chat, len(c.want))
		cancel()
		if err != nil {
			return fmt.Errorf("%s, %s (update %d): %w\n%s", c.label, st.name, id, err, transcript(got, c.want))
		}
		if err := checkTranscript(got, c.want); err != nil {
			return fmt.Errorf("%s, %s (update %d): %w", c.label, st.name, id, err)
		}
	}
	return nil
}

// payOnPage opens the latest URL button's page and submits outcome there.
func payOnPage(ctx context.Context, msgs []telegramtest.Message, outcome string) error {
	link := telegramtest.LatestURL(msgs)
	if link == "" {
		return errors.New("no payment button in the chat")
	}
	page, err := httpGet(ctx, link)
	if err != nil {
		return err
	}
	if !strings.Contains(page, "TEST") {
		return fmt.Errorf("the payment page %s is not marked TEST:\n%s", link, page)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, link, strings.NewReader(url.Values{"outcome": {outcome}}.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req) // follows the redirect to the result page
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("paying on %s: %s %s", link, resp.Status, body)
	}
	return nil
}

func httpGet(ctx context.Context, u string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return string(body), err
}

// pressable finds the callback data of a button on the latest message that
// has an inline keyboard (telegramtest.ButtonData).
func pressable(msgs []telegramtest.Message, label string) (string, error) {
	return telegramtest.ButtonData(msgs, label)
}

func textOf(m telegramtest.Message) string { return m.Content() }

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if r := []rune(s); len(r) > 90 {
		s = string(r[:90]) + "…"
	}
	return s
}

// checkTranscript compares the messages a chat got with those expected,
// one for one and in order.
func checkTranscript(got []telegramtest.Message, want []string) error {
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.Contains(textOf(got[i]), want[i])
	}
	if ok {
		return nil
	}
	return fmt.Errorf("the chat's messages are not the expected ones, once each and in order:\n%s", transcript(got, want))
}

// transcript lists what a chat got beside what was expected.
func transcript(got []telegramtest.Message, want []string) string {
	var b strings.Builder
	for i := range max(len(got), len(want)) {
		g, w, mark := "-", "-", " "
		if i < len(got) {
			g = firstLine(textOf(got[i]))
		}
		if i < len(want) {
			w = want[i]
		}
		if i >= len(got) || i >= len(want) || !strings.Contains(textOf(got[i]), want[i]) {
			mark = "✗"
		}
		fmt.Fprintf(&b, "  %s #%d got %q\n       want %q\n", mark, i+1, g, w)
	}
	return b.String()
}
