package whatsapp_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"golang.org/x/tools/txtar"
	"google.golang.org/protobuf/proto"

	"github.com/lete-store/letebot/billing"
	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/bottest"
	"github.com/lete-store/letebot/bot/whatsapp"
	"github.com/lete-store/letebot/bot/whatsapp/whatsapptest"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

// The -update flag may be defined by another test file of this package as
// well: it is defined here only when it is not yet (init runs after every
// package-level variable is set).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata/")
	}
}

func transcriptUpdate() bool {
	g, ok := flag.Lookup("update").Value.(flag.Getter)
	if !ok {
		return false
	}
	on, _ := g.Get().(bool)
	return on
}

// Chats of the transcripts.
const (
	trCustomerPhone = "77011234567"
	trStaffGroup    = "120363000000000001@g.us"
	trStaffPhone    = "77019876543"
	// trNotifySecret signs the payment notifications.
	trNotifySecret = "transcript-secret"
)

// TestTranscripts replays every conversation in testdata/*.txtar through
// the WhatsApp adapter on a fake connection, the real engine and flows, an
// SQLite database and the payment service with the CloudPayments test
// page, on a fixed clock, and compares what WhatsApp was asked to send
// with the golden text. Each archive holds the same conversation in Kazakh
// (file "kk") and Russian ("ru"); a WhatsApp customer starts in Russian,
// so the conversation picks its language first.
//
// Lines starting with "> " are what the customer types (a digit answers a
// numbered list, as on WhatsApp); lines starting with "! " are directives:
//
//	! sticker          the customer sends a sticker
//	! location LAT LON the customer shares a map point
//	! quote WORDS > TEXT  the customer replies TEXT to the latest message
//	                   they got that contains WORDS
//	! staff TEXT       a staff member writes TEXT in the staff group
//	! pay ORDER        CloudPayments posts a signed Pay notification
//
// After every step the payment service makes the links of new orders and
// acts on stored notifications, and the sender delivers every reply.
// Every other line is what WhatsApp was asked to send, rewritten by
// -update: "< " lines in the customer's chat, each message after a blank
// line when one step sent several, and under "=== to CHAT" what other
// chats (the staff group) got. A photo shows as "[photo]" before its
// caption, a document as "[document NAME]".
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
					got := replayTranscript(t, string(f.Data))
					if got == string(f.Data) {
						return
					}
					if transcriptUpdate() {
						ar.Files[i].Data = []byte(got)
						changed = true
						return
					}
					t.Errorf("transcript differs (run with -update and review the diff):\n%s", transcriptDiff(string(f.Data), got))
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

// transcriptDiff shows the first line that differs, with a few lines of
// context before it.
func transcriptDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl == gl {
			continue
		}
		var b strings.Builder
		for j := max(0, i-4); j < i; j++ {
			fmt.Fprintf(&b, "  %4d  %s\n", j+1, w[j])
		}
		fmt.Fprintf(&b, "- %4d  %s\n+ %4d  %s", i+1, wl, i+1, gl)
		return b.String()
	}
	return ""
}

// trBot is one running bot: the adapter on a fake connection, the engine,
// the sender and the payment service, on one database.
type trBot struct {
	t       *testing.T
	db      *storage.DB
	client  *whatsapptest.Client
	engine  *bot.Engine
	sender  *bot.Sender
	pay     *billing.Service
	hooks   http.Handler
	lastTx  int64 // the provider's last transaction number
	staffN  int   // staff messages written
	handled int   // messages dispatched
	// seen are the messages the customer got, oldest first, to quote.
	seen []whatsapptest.Sent
}

// unthrottled is the adapter without its rate limits: a transcript sends
// dozens of messages to one chat in a second, which the real pace (one a
// second after a burst of three) would stretch to minutes.
type unthrottled struct{ *whatsapp.Adapter }

func (unthrottled) Limits() bot.Limits { return bot.Limits{} }

// trCarrier is a carrier that answers at once: CDEK's tariffs from Astana
// and three pickup points in Astana, none elsewhere.
type trCarrier struct{}

func (trCarrier) Quote(_ context.Context, r shop.DeliveryRequest) (shop.DeliveryQuote, error) {
	switch r.Method {
	case shop.PickupPoint:
		return shop.DeliveryQuote{Method: r.Method, Price: 1190, MinDays: 1, MaxDays: 2, Tariff: 136}, nil
	case shop.Courier:
		return shop.DeliveryQuote{Method: r.Method, Price: 1690, MinDays: 1, MaxDays: 2, Tariff: 137}, nil
	}
	return shop.DeliveryQuote{}, shop.ErrNotFound
}

func (trCarrier) DeliveryPoints(_ context.Context, _, city string) ([]shop.DeliveryPoint, error) {
	if city != "astana" && city != "Астана" { // a profile city id, or its name as the session keeps it
		return nil, shop.ErrNotFound
	}
	const hours = "Пн-Пт 10:00-20:00, Сб 10:00-16:00"
	return []shop.DeliveryPoint{
		{Code: "AST05", Address: "пр. Қабанбай батыр, 11", WorkTime: hours, Lat: 51.128350, Lon: 71.429820},
		{Code: "AST18", Address: "ул. Сығанақ, 29", WorkTime: hours, Lat: 51.127260, Lon: 71.419790},
		{Code: "AST12", Address: "ул. Кенесары, 40", WorkTime: hours, Lat: 51.169120, Lon: 71.427380},
	}, nil
}

// trLog passes the bot's warnings to the test log while the test runs.
type trLog struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func (l *trLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}

func (l *trLog) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done = true
}

func startTranscriptBot(t *testing.T, clk *shop.ManualClock) *trBot {
	ctx := context.Background()
	db, err := storage.Open(ctx, storagetest.SQLite(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	bottest.Seed(t, db, nil)
	k := bottest.New(t, db, clk, bottest.WithDelivery(trCarrier{}, trCarrier{}, false))
	logw := &trLog{t: t}
	log := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelWarn}))

	client := whatsapptest.New()
	ad, err := whatsapp.New(whatsapp.Config{
		Client: client, Store: db, Log: log, Staff: []string{trStaffGroup}, Now: clk.Now,
		More: func(lang string) string {
			s, err := k.Texts.Render(shop.ParseLang(lang), messages.T(messages.WhatsAppMore))
			if err != nil {
				t.Errorf("render %s: %v", messages.WhatsAppMore, err)
			}
			return s
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	b := &trBot{t: t, db: db, client: client}
	b.sender = bot.NewSender(bot.SenderConfig{Outbox: db, Channels: []bot.Channel{unthrottled{ad}}, Log: log})
	b.engine = bot.NewEngine(bot.EngineConfig{
		Store: db, Flows: k.Flows, Messages: k.Texts, Workers: 1, Log: log,
		Staff: []bot.ChatRef{{Channel: whatsapp.Name, ChatID: trStaffGroup}},
	})
	b.pay = billing.New(billing.Config{
		Provider: billing.NewTestProvider("https://pay.example", trNotifySecret), Secret: trNotifySecret,
		Store: db, Engine: b.engine, Clock: clk, StoreName: k.Profile.Name, Log: log,
	})
	b.hooks = b.pay.Webhooks(nil)

	runCtx, stop := context.WithCancel(ctx)
	var running sync.WaitGroup
	running.Go(func() { _ = b.engine.Run(runCtx) })
	running.Go(func() { _ = ad.Run(runCtx, b.engine) })
	for client.Handlers() == 0 {
		time.Sleep(time.Millisecond)
	}
	t.Cleanup(func() {
		stop()
		running.Wait()
		logw.close()
		db.Close()
	})
	return b
}

// dispatch delivers a message event as whatsmeow's event loop does, and
// returns once the adapter's handler has, that is once the engine
// committed the message.
func (b *trBot) dispatch(evt *events.Message) {
	done := make(chan struct{})
	go func() { b.client.Dispatch(evt); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		b.t.Fatalf("the adapter never handled message %s", evt.Info.ID)
	}
	b.handled++
	b.settle()
}

// settle does what the services of the running bot do after a commit: the
// payment service acts on stored notifications and makes the links of new
// orders, and the sender delivers every reply.
func (b *trBot) settle() {
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

// staffSays builds the event of a staff member writing in the staff group.
func (b *trBot) staffSays(text string) *events.Message {
	b.staffN++
	group, err := types.ParseJID(trStaffGroup)
	if err != nil {
		b.t.Fatal(err)
	}
	return &events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: group, Sender: types.NewJID(trStaffPhone, types.DefaultUserServer), IsGroup: true},
			ID:            types.MessageID(fmt.Sprintf("STAFF%04d", b.staffN)), PushName: "Данияр",
		},
		Message: &waE2E.Message{Conversation: proto.String(text)},
	}
}

// quote builds the event of the customer replying with text to the latest
// message they got that contains words.
func (b *trBot) quote(customer *whatsapptest.Customer, words, text string) *events.Message {
	for i := len(b.seen) - 1; i >= 0; i-- {
		s := b.seen[i]
		if !strings.Contains(s.Text(), words) {
			continue
		}
		return customer.Message(&waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
			Text: proto.String(text),
			ContextInfo: &waE2E.ContextInfo{StanzaID: proto.String(string(s.ID)),
				QuotedMessage: &waE2E.Message{Conversation: proto.String(s.Text())}},
		}})
	}
	b.t.Fatalf("quote: the customer got no message with %q", words)
	return nil
}

// payOrder posts a Pay notification for the order's full amount, signed as
// CloudPayments signs it, to the payment webhook.
func (b *trBot) payOrder(number string) {
	id, ok := shop.ParseOrderNumber(number)
	if !ok {
		b.t.Fatalf("pay: bad order number %q", number)
	}
	o, err := b.db.FindOrder(context.Background(), id)
	if err != nil {
		b.t.Fatalf("pay %s: %v", number, err)
	}
	b.lastTx++
	body := []byte(url.Values{
		"TransactionId": {strconv.FormatInt(1000+b.lastTx, 10)}, "Amount": {strconv.FormatInt(int64(o.Total), 10) + ".00"},
		"Currency": {"KZT"}, "InvoiceId": {o.Number()}, "AccountId": {o.ChatKey}, "CardLastFour": {"4242"},
		"OperationType": {"Payment"}, "Status": {"Completed"},
	}.Encode())
	req := httptest.NewRequest(http.MethodPost, "/webhooks/cloudpayments/pay", bytes.NewReader(body))
	req.SetPathValue("kind", "pay")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Content-HMAC", cloudpayments.Sign(trNotifySecret, body))
	rec := httptest.NewRecorder()
	b.hooks.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.t.Fatalf("pay %s: HTTP %d %s", number, rec.Code, rec.Body)
	}
	b.settle()
}

// show writes what the fake connection was asked to send since the last
// step: the customer's chat first, then each other chat under a header.
// The sender serves chats in parallel, so only the order within a chat is
// meaningful.
func (b *trBot) show(w io.Writer) {
	byChat := map[string][]whatsapptest.Sent{}
	var others []string
	for _, s := range b.client.Sent() {
		chat := whatsapp.ChatID(s.To)
		if _, seen := byChat[chat]; !seen && chat != trCustomerPhone {
			others = append(others, chat)
		}
		byChat[chat] = append(byChat[chat], s)
	}
	b.seen = append(b.seen, byChat[trCustomerPhone]...)
	writeSent(w, byChat[trCustomerPhone])
	for _, chat := range others {
		fmt.Fprintf(w, "=== to %s\n", chat)
		writeSent(w, byChat[chat])
	}
}

func writeSent(w io.Writer, sent []whatsapptest.Sent) {
	for i, s := range sent {
		if i > 0 {
			fmt.Fprintln(w)
		}
		text := s.Text()
		switch m := s.Message; {
		case m.GetImageMessage() != nil:
			text = strings.TrimSuffix("[photo] "+text, " ")
		case m.GetDocumentMessage() != nil:
			text = strings.TrimSuffix(fmt.Sprintf("[document %s] %s", m.GetDocumentMessage().GetFileName(), text), " ")
		case m.GetConversation() == "" && m.GetExtendedTextMessage() == nil:
			text = fmt.Sprintf("[unexpected message %v]", m)
		}
		for _, line := range strings.Split(text, "\n") {
			fmt.Fprintln(w, strings.TrimRight("< "+line, " "))
		}
	}
}

func replayTranscript(t *testing.T, script string) string {
	clk := shop.NewManualClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.FixedZone("Astana", 5*3600)))
	b := startTranscriptBot(t, clk)
	customer := &whatsapptest.Customer{Phone: trCustomerPhone, Name: "Айгерим"}
	var got strings.Builder
	defer func() {
		if t.Failed() {
			t.Logf("the transcript so far:\n%s", got.String())
		}
	}()
	for _, line := range strings.Split(strings.TrimRight(script, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "> "):
			got.WriteString(line + "\n")
			b.dispatch(customer.Text(strings.TrimPrefix(line, "> ")))
		case strings.HasPrefix(line, "! "):
			got.WriteString(line + "\n")
			verb, arg, _ := strings.Cut(strings.TrimPrefix(line, "! "), " ")
			switch verb {
			case "sticker":
				b.dispatch(customer.Message(&waE2E.Message{StickerMessage: &waE2E.StickerMessage{
					Mimetype: proto.String("image/webp"), DirectPath: proto.String("/v/t62/sticker")}}))
			case "location":
				var lat, lon float64
				if n, err := fmt.Sscan(arg, &lat, &lon); n != 2 || err != nil {
					t.Fatalf("%s: want LAT LON", line)
				}
				b.dispatch(customer.Message(&waE2E.Message{LocationMessage: &waE2E.LocationMessage{
					DegreesLatitude: proto.Float64(lat), DegreesLongitude: proto.Float64(lon)}}))
			case "quote":
				words, text, ok := strings.Cut(arg, " > ")
				if !ok {
					t.Fatalf("%s: want WORDS > TEXT", line)
				}
				b.dispatch(b.quote(customer, words, text))
			case "staff":
				b.dispatch(b.staffSays(arg))
			case "pay":
				b.payOrder(arg)
			default:
				t.Fatalf("unknown directive %q", line)
			}
		default:
			continue
		}
		b.show(&got)
	}
	// The blue ticks went for every message handled.
	if n := len(b.client.Receipts()); n != b.handled {
		t.Errorf("%d read receipts for %d messages", n, b.handled)
	}
	return got.String()
}
