package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/lete-store/letebot/bot/telegram/telegramtest"
	"github.com/lete-store/letebot/storage/storagetest"
)

// TestE2EReplicas runs two bot processes on one Postgres in webhook mode
// behind a round-robin "load balancer": every update goes to one replica
// or the other, some twice (Telegram redelivering), many chats at once.
// Every update is handled once and every reply sent once, in each chat's
// order; the cron jobs run on one replica while the other stands by.
func TestE2EReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	bin := buildBinary(t)
	dbURL := storagetest.Postgres(t)
	fake := telegramtest.NewServer()
	fake.SetLanguage("ru")
	t.Cleanup(fake.Close)
	const secret = "e2e_Replicas-Secret"
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()

	var replicas []*botProc
	var urls []string
	for range 2 {
		addr := freeAddr(t)
		p := newBotProc(t, bin, append(botEnv(dbURL, fake.URL(), addr),
			"TELEGRAM_WEBHOOK_URL=http://"+addr+"/webhooks/telegram",
			"TELEGRAM_WEBHOOK_SECRET="+secret), addr)
		if err := p.start(ctx); err != nil {
			t.Fatal(err)
		}
		replicas = append(replicas, p)
		urls = append(urls, "http://"+addr+"/webhooks/telegram")
	}

	// Each chat says hello, then asks for the menu and the cart, in turn:
	// the answers must come in that order, each once.
	const chats = 12
	turns := []string{"/start", "/menu", "/cart", "/menu"}
	var mu sync.Mutex
	delivered := 0
	g, gctx := errgroup.WithContext(ctx)
	for c := range chats {
		chat := int64(9000 + c)
		g.Go(func() error {
			for i, text := range turns {
				id := fake.PushText(chat, text)
				// Round robin over the replicas; every third update is
				// delivered again to the other one, as after a lost 200.
				targets := []string{urls[(c+i)%2]}
				if (c+i)%3 == 0 {
					targets = append(targets, urls[(c+i+1)%2])
				}
				for _, u := range targets {
					code, err := fake.DeliverWebhookTo(gctx, u, id)
					if err != nil || code != http.StatusOK {
						return fmt.Errorf("chat %d %q to %s: %d %v", chat, text, u, code, err)
					}
					mu.Lock()
					delivered++
					mu.Unlock()
				}
				// 200 means committed; the next turn may follow at once.
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}

	// /start: welcome and menu; /menu: menu; /cart: the empty cart.
	want := []string{"Здравствуйте", "Главное меню", "Главное меню", "Корзина пуста", "Главное меню"}
	for c := range chats {
		if _, err := fake.WaitSent(ctx, int64(9000+c), len(want)); err != nil {
			t.Fatalf("chat %d: %v", 9000+c, err)
		}
	}
	// Let anything sent twice show up before counting.
	time.Sleep(500 * time.Millisecond)
	for c := range chats {
		chat := int64(9000 + c)
		msgs := fake.Sent(chat)
		if len(msgs) != len(want) {
			t.Errorf("chat %d got %d messages, want %d once each", chat, len(msgs), len(want))
		}
		for i := range min(len(msgs), len(want)) {
			if !strings.Contains(msgs[i].Text, want[i]) {
				t.Errorf("chat %d message %d = %q, want it to contain %q", chat, i, msgs[i].Text, want[i])
			}
		}
	}
	if delivered <= chats*len(turns) {
		t.Fatalf("only %d deliveries: no update was delivered twice", delivered)
	}

	// The jobs run on one replica; the other stands by.
	leaders, standing := 0, 0
	for _, p := range replicas {
		for _, line := range p.logLines(`"lock":"scheduled jobs"`) {
			switch {
			case strings.Contains(line, "Lock acquired"):
				leaders++
			case strings.Contains(line, "standing by"):
				standing++
			}
		}
	}
	if leaders != 1 || standing != 1 {
		t.Errorf("scheduled jobs: %d replicas took the lock and %d stood by, want 1 and 1", leaders, standing)
	}
	for _, p := range replicas {
		if _, err := p.stop(ctx); err != nil {
			t.Fatal(err)
		}
	}
}
