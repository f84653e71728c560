package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/lete-store/letebot/billing"
	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/bottest"
	"github.com/lete-store/letebot/bot/console"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/")

// TestTranscripts replays every conversation in testdata/*.txtar through the
// console channel, the real engine and an SQLite database, with a fixed
// clock, and compares what the bot said with the golden text. Each archive
// holds the same conversation in Kazakh (file "kk") and Russian ("ru").
//
// Lines starting with "> " are what the customer types (a number presses a
// button); lines starting with "! " are directives:
//
//	! data DATA        press a button with this data (stale or forged)
//	! sticker          send a sticker
//	! contact PHONE    share a phone number
//	! long N           type a message of N characters
//	! advance DURATION move the clock
//	! restart          stop the bot and start it again on the same database
//	! chat ID          the next lines are typed in another chat
//	! corrupt          garble the chat's stored session
//	! pay ORDER [AMOUNT]   CloudPayments posts a signed Pay notification
//	! fail ORDER CODE      ... a Fail notification with this ReasonCode
//	! check ORDER          ... a Check notification; its reply code is shown
//	! cabinet-refund ORDER AMOUNT   ... a Refund made in the provider's cabinet
//	! jobs             run the payment reminder and expiry job once
//
// After every step the payment service makes the links of new orders, as
// it does right after each commit in the running bot.
// Every other line is the bot's answer, rewritten by -update.
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			changed := false
			for i, f := range ar.Files {
				t.Run(f.Name, func(t *testing.T) {
					got := replay(t, f.Name, string(f.Data))
					if got == string(f.Data) {
						return
					}
					if *update {
						ar.Files[i].Data = []byte(got)
						changed = true
						return
					}
					t.Errorf("transcript differs (run with -update and review the diff):\n%s", firstDiff(string(f.Data), got))
				})
			}
			if changed {
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant: %q\n got: %q", i+1, wl, gl)
		}
	}
	return ""
}

// bench is one running bot: engine, sender, payments and console on a database.
type bench struct {
	t       *testing.T
	db      *storage.DB
	con     *console.Adapter
	engine  *bot.Engine
	sender  *bot.Sender
	pay     *billing.Service
	hooks   http.Handler
	lastTx  int64
	stop    context.CancelFunc
	stopped chan struct{}
}

// notifySecret signs the transcripts' payment notifications.
const notifySecret = "transcript-secret"

func startBot(t *testing.T, dbURL string, clk *shop.ManualClock, out, others *bytes.Buffer, lang, chat string) *bench {
	ctx := context.Background()
	db, err := storage.Open(ctx, dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	k := bottest.New(t, db, clk)
	con := console.New(out, chat, lang)
	con.SetOthersOutput(others) // chats' lanes run in parallel: keep the order stable
	b := &bench{t: t, db: db, con: con, stopped: make(chan struct{})}
	b.sender = bot.NewSender(bot.SenderConfig{Outbox: db, Channels: []bot.Channel{con}})
	b.engine = bot.NewEngine(bot.EngineConfig{
		Store: db, Flows: k.Flows, Messages: k.Texts, Workers: 1,
		Staff: []bot.ChatRef{{Channel: console.Name, ChatID: "staff"}},
	})
	b.pay = billing.New(billing.Config{
		Provider: billing.NewTestProvider("https://pay.example", notifySecret), Secret: notifySecret,
		Store: db, Engine: b.engine, Clock: clk, StoreName: k.Profile.Name,
	})
	b.hooks = b.pay.Webhooks(nil)
	runCtx, stop := context.WithCancel(ctx)
	b.stop = stop
	go func() { _ = b.engine.Run(runCtx); close(b.stopped) }()
	return b
}

func (b *bench) close() {
	b.stop()
	<-b.stopped
	b.db.Close()
}

func (b *bench) submit(up bot.Update) {
	if err := b.engine.Submit(context.Background(), up); err != nil {
		b.t.Fatalf("submit: %v", err)
	}
	b.settle()
}

// settle acts on stored payment events, makes the links of new orders and
// delivers every reply, as the payment service and the sender do at once
// in the running bot.
func (b *bench) settle() {
	ctx := context.Background()
	if err := b.pay.HandlePayments(ctx); err != nil {
		b.t.Fatalf("handle payments: %v", err)
	}
	if err := b.pay.SendLinks(ctx); err != nil {
		b.t.Fatalf("send links: %v", err)
	}
	if err := b.sender.Flush(ctx); err != nil {
		b.t.Fatalf("flush: %v", err)
	}
}

// notify posts a notification signed as CloudPayments signs it to the
// payment webhook and returns the reply code.
func (b *bench) notify(kind, order string, fields url.Values) int {
	id, ok := shop.ParseOrderNumber(order)
	if !ok {
		b.t.Fatalf("%s: bad order number %q", kind, order)
	}
	o, err := b.db.FindOrder(context.Background(), id)
	if err != nil {
		b.t.Fatalf("%s %s: %v", kind, order, err)
	}
	b.lastTx++
	base := url.Values{
		"TransactionId": {strconv.FormatInt(1000+b.lastTx, 10)}, "Amount": {strconv.FormatInt(int64(o.Total), 10) + ".00"},
		"Currency": {"KZT"}, "InvoiceId": {o.Number()}, "AccountId": {o.ChatKey}, "CardLastFour": {"4242"},
		"OperationType": {"Payment"}, "Status": {"Completed"},
	}
	for k, v := range fields {
		base[k] = v
	}
	body := []byte(base.Encode())
	req := httptest.NewRequest(http.MethodPost, "/webhooks/cloudpayments/"+kind, bytes.NewReader(body))
	req.SetPathValue("kind", kind)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Content-HMAC", cloudpayments.Sign(notifySecret, body))
	rec := httptest.NewRecorder()
	b.hooks.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.t.Fatalf("%s %s: HTTP %d %s", kind, order, rec.Code, rec.Body)
	}
	var reply cloudpayments.Reply
	if err := json.Unmarshal(rec.Body.Bytes(), &reply); err != nil {
		b.t.Fatalf("%s %s: reply %q: %v", kind, order, rec.Body, err)
	}
	b.settle()
	return reply.Code
}

func replay(t *testing.T, lang, script string) string {
	dbURL := storagetest.SQLite(t)
	seed(t, dbURL)
	clk := shop.NewManualClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.FixedZone("Astana", 5*3600)))
	var out, others bytes.Buffer
	chat := "customer"
	b := startBot(t, dbURL, clk, &out, &others, lang, chat)
	defer func() { b.close() }()

	var got strings.Builder
	for _, line := range strings.Split(strings.TrimRight(script, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "> "):
			got.WriteString(line + "\n")
			out.Reset()
			others.Reset()
			b.submit(b.con.Update(strings.TrimPrefix(line, "> ")))
			got.Write(out.Bytes())
			got.Write(others.Bytes())
		case strings.HasPrefix(line, "! "):
			got.WriteString(line + "\n")
			out.Reset()
			others.Reset()
			up := b.con.Update("") // a fresh update of this chat: the buttons on screen renumber
			verb, arg, _ := strings.Cut(strings.TrimPrefix(line, "! "), " ")
			switch verb {
			case "data":
				up.Data = arg
			case "sticker":
				up.Unsupported = "sticker"
			case "contact":
				up.Contact = &bot.Contact{Phone: arg, UserID: chat}
			case "long":
				var n int
				fmt.Sscan(arg, &n)
				up.Text = strings.Repeat("ж\u0000\u202e", n/3)
			case "advance":
				d, err := time.ParseDuration(arg)
				if err != nil {
					t.Fatalf("%s: %v", line, err)
				}
				clk.Add(d)
				continue
			case "restart":
				b.close()
				b = startBot(t, dbURL, clk, &out, &others, lang, chat)
				continue
			case "chat":
				chat = arg
				b.con.SetChat(chat)
				continue
			case "corrupt":
				corrupt(t, b.db, chat)
				continue
			case "pay", "fail", "check", "cabinet-refund":
				f := strings.Fields(arg)
				fields := url.Values{}
				switch {
				case verb == "pay" && len(f) == 2:
					fields.Set("Amount", f[1])
				case verb == "fail" && len(f) == 2:
					fields.Set("ReasonCode", f[1])
					fields.Set("Status", "Declined")
				case verb == "cabinet-refund" && len(f) == 2:
					fields.Set("Amount", f[1])
					fields.Set("PaymentTransactionId", "1")
					fields.Set("OperationType", "Refund")
				case len(f) != 1:
					t.Fatalf("%s: wrong arguments", line)
				}
				kind := map[string]string{"cabinet-refund": "refund"}[verb]
				if kind == "" {
					kind = verb
				}
				code := b.notify(kind, f[0], fields)
				if verb == "check" {
					fmt.Fprintf(&got, "= code %d\n", code)
				}
				got.Write(out.Bytes())
				got.Write(others.Bytes())
				continue
			case "jobs":
				if err := b.pay.Remind(context.Background()); err != nil {
					t.Fatalf("%s: %v", line, err)
				}
				b.settle()
				got.Write(out.Bytes())
				got.Write(others.Bytes())
				continue
			default:
				t.Fatalf("unknown directive %q", line)
			}
			b.submit(up)
			got.Write(out.Bytes())
			got.Write(others.Bytes())
		}
	}
	return got.String()
}

func seed(t *testing.T, dbURL string) {
	ctx := context.Background()
	db, err := storage.Open(ctx, dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	bottest.Seed(t, db, nil)
}

// corrupt overwrites a chat's session with data no flow can read.
func corrupt(t *testing.T, db *storage.DB, chat string) {
	err := db.InTx(context.Background(), func(tx bot.Tx) error {
		key := bot.ChatKey(console.Name, chat)
		if _, err := tx.LockSessions(context.Background(), []string{key}); err != nil {
			return err
		}
		return tx.SaveSessions(context.Background(), []bot.SessionRow{{ChatKey: key, Data: []byte(`{"v":99,"step":"??"}`), UpdatedAt: time.Now()}})
	})
	if err != nil {
		t.Fatal(err)
	}
}
