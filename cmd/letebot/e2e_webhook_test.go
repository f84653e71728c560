package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot/telegram/telegramtest"
	"github.com/lete-store/letebot/storage/storagetest"
)

// TestE2EWebhook runs the binary in webhook mode: it registers its webhook
// with the secret, answers Telegram's deliveries only after the commit, and
// never polls. Started again without a webhook, it deletes the webhook and
// polls: switching modes loses nothing.
func TestE2EWebhook(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	bin := buildBinary(t)
	dbURL := storagetest.Postgres(t)
	fake := telegramtest.NewServer()
	fake.SetLanguage("ru")
	t.Cleanup(fake.Close)
	addr := freeAddr(t)
	const secret = "e2e_Webhook-Secret"
	base := botEnv(dbURL, fake.URL(), addr)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	hooked := newBotProc(t, bin, append(base,
		"TELEGRAM_WEBHOOK_URL=http://"+addr+"/webhooks/telegram",
		"TELEGRAM_WEBHOOK_SECRET="+secret), addr)
	if err := hooked.start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := until(ctx, "the webhook to be set", func() (bool, error) {
		return fake.Webhook().URL != "", nil
	}); err != nil {
		t.Fatal(err)
	}
	if w := fake.Webhook(); w.Secret != secret || !strings.HasSuffix(w.URL, "/webhooks/telegram") {
		t.Errorf("webhook set as %+v", w)
	}

	const chat = 4242
	id := fake.PushText(chat, "/start")
	code, err := fake.DeliverWebhook(ctx, id)
	if err != nil || code != http.StatusOK {
		t.Fatalf("delivery: %d %v", code, err)
	}
	// 200 means committed: the replies are in the outbox or already sent.
	if _, err := fake.WaitSent(ctx, chat, 2); err != nil {
		t.Fatalf("replies to /start: %v", err)
	}
	// A redelivery (Telegram did not get our 200) changes nothing.
	if code, err := fake.DeliverWebhook(ctx, id); err != nil || code != http.StatusOK {
		t.Fatalf("redelivery: %d %v", code, err)
	}
	if n := len(fake.Calls("getUpdates")); n != 0 {
		t.Errorf("webhook mode polled %d times", n)
	}
	if _, err := hooked.stop(ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(fake.Sent(chat)); got != 2 {
		t.Errorf("sent %d messages to the chat, want the welcome and the menu once", got)
	}

	// Back to long polling: the webhook goes, and the next message arrives.
	polling := newBotProc(t, bin, base, addr)
	if err := polling.start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := until(ctx, "the webhook to be deleted", func() (bool, error) {
		return fake.Webhook().URL == "", nil
	}); err != nil {
		t.Fatal(err)
	}
	fake.PushText(chat, "/menu")
	if _, err := fake.WaitSent(ctx, chat, 3); err != nil {
		t.Fatalf("reply to /menu by polling: %v", err)
	}
	if _, err := polling.stop(ctx); err != nil {
		t.Fatal(err)
	}
}
