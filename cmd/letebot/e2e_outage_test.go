package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot/telegram/telegramtest"
	"github.com/lete-store/letebot/storage/storagetest"
)

// dbProxy stands between the bot and Postgres; cut drops every connection
// and refuses new ones, as a database that went away would.
type dbProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]bool
}

func newDBProxy(t *testing.T, target string) *dbProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.cut(true) })
	go p.serve()
	return p
}

func (p *dbProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		if !down {
			p.conns[c] = true
		}
		p.mu.Unlock()
		if down {
			c.Close()
			continue
		}
		go p.pipe(c)
	}
}

func (p *dbProxy) pipe(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[up] = true
	p.mu.Unlock()
	go func() { io.Copy(up, c); up.Close() }()
	io.Copy(c, up)
	c.Close()
}

// cut drops the connections and refuses new ones (down), or lets them in.
func (p *dbProxy) cut(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for c := range p.conns {
			c.Close()
		}
		p.conns = map[net.Conn]bool{}
	}
}

// TestE2EDatabaseOutage: customers keep writing while Postgres is gone for
// 10 s. The bot says it is not ready, confirms to Telegram nothing it has
// not committed, and by itself, once Postgres is back, answers everything
// once and in order, and says it is ready again.
func TestE2EDatabaseOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	bin := buildBinary(t)
	dbURL := storagetest.Postgres(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newDBProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()

	fake := telegramtest.NewServer()
	fake.SetLanguage("ru")
	t.Cleanup(fake.Close)
	addr := freeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	bot := newBotProc(t, bin, botEnv(u.String(), fake.URL(), addr), addr)
	if err := bot.start(ctx); err != nil {
		t.Fatal(err)
	}
	ready := func() int {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	const chats = 5
	chat := func(c int) int64 { return int64(7000 + c) }
	for c := range chats {
		fake.PushText(chat(c), "/start")
	}
	for c := range chats {
		if _, err := fake.WaitSent(ctx, chat(c), 2); err != nil {
			t.Fatalf("before the outage, chat %d: %v", chat(c), err)
		}
	}

	// Postgres goes away; the customers go on writing.
	proxy.cut(true)
	for c := range chats {
		fake.PushText(chat(c), "/cart")
		fake.PushText(chat(c), "/menu")
	}
	if err := until(ctx, "the bot to report not ready", func() (bool, error) {
		return ready() == http.StatusServiceUnavailable, nil
	}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Second)
	for c := range chats {
		if n := len(fake.Sent(chat(c))); n != 2 {
			t.Errorf("chat %d got %d messages while the database was down, want the 2 from before", chat(c), n)
		}
	}
	proxy.cut(false)

	// Back: every message answered once, in order, and ready again.
	want := []string{"Здравствуйте", "Главное меню", "Корзина пуста", "Главное меню"}
	for c := range chats {
		if _, err := fake.WaitSent(ctx, chat(c), len(want)); err != nil {
			t.Fatalf("after the outage, chat %d: %v", chat(c), err)
		}
	}
	if err := until(ctx, "the bot to report ready", func() (bool, error) {
		return ready() == http.StatusOK, nil
	}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // anything sent twice would show by now
	for c := range chats {
		msgs := fake.Sent(chat(c))
		var got []string
		for _, m := range msgs {
			got = append(got, firstLine(m.Text))
		}
		if len(msgs) != len(want) {
			t.Errorf("chat %d got %d messages, want %d once each: %q", chat(c), len(msgs), len(want), got)
			continue
		}
		for i, w := range want {
			if !strings.Contains(msgs[i].Text, w) {
				t.Errorf("chat %d message %d = %q, want %q", chat(c), i, got[i], w)
			}
		}
	}
	if _, err := bot.stop(ctx); err != nil {
		t.Fatal(err)
	}
}
