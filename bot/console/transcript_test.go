package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/lete-store/letebot/billing"
	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/bottest"
	"github.com/lete-store/letebot/bot/console"
	"github.com/lete-store/letebot/bot/email"
	"github.com/lete-store/letebot/bot/email/emailtest"
	"github.com/lete-store/letebot/delivery"
	"github.com/lete-store/letebot/delivery/cdek"
	"github.com/lete-store/letebot/delivery/cdek/cdektest"
	"github.com/lete-store/letebot/delivery/yandex/yandextest"
	"github.com/lete-store/letebot/flows"
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
//	! mail             show the mails the store's SMTP server (a local
//	                   fake the e-mail channel delivers to) accepted since
//	                   the last "! mail": recipient, subject, the plain-text
//	                   part and the attachments' names and types
//	! mail on|off      the flows' Mail setting (off as every replay begins):
//	                   customers get tracking mails and the store a copy of
//	                   each refund application; the bot restarts on the same
//	                   database, the screen's buttons stay
//	! cdek on|off      checkout prices with CDEK (the fake's tariffs and
//	                   pickup points) or, off as every replay begins, with
//	                   the profile's fallback tariffs and a typed pickup point
//	! cdek down|up     the fake CDEK answers every call with HTTP 500, or
//	                   answers again
//	! yandex on|off    the Yandex token is set (on as every replay begins:
//	                   Yandex prices express requests and books couriers) or
//	                   not (staff quote and call couriers); the bot restarts
//	                   on the same database, the screen's buttons stay
//	! yandex down|up   the fake Yandex answers every call with HTTP 500, or
//	                   answers again
//	! yandex price N   the fake Yandex prices express deliveries at N tenge
//	! yandex STATUS ORDER  the order's Yandex claim moves to STATUS
//	                   (performer_found, pickuped, delivered...); a minute
//	                   passes and the express worker reads it
//	! express          run a pass of the express worker, as its 15-second
//	                   tick does (after "! advance", say)
//	! release          run the express release job (the opening-time cron)
//	! cdek-status ORDER CODE [NAME...]  the fake CDEK adds a status to the
//	                   order's shipment (the tracking number staff gave
//	                   with /ship), dated by the clock, which must have
//	                   moved since the shipment's last status; NAME is
//	                   CDEK's text, by default its usual one for the code.
//	                   Statuses at the sender (received at the warehouse,
//	                   sent to the recipient city...) happen in Астана, the
//	                   others in the order's city
//	! track            run the CDEK tracking job once, as its cron does
//
// After every step, as right after each commit in the running bot, the
// carrier's lookups the step asked for are answered (one CDEK worker; the
// step waits until every chat told "pending" has had its answer handled),
// the payment service makes the links of new orders, sends the refunds
// staff approved (the test provider numbers its refund transactions on
// from the notifications') and closes the links of orders cancelled
// unpaid, and the express worker makes a pass (again while a pass leaves
// it work: a request released at opening is priced at once).
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

// bench is one running bot: engine, sender, payments, the CDEK carrier,
// the express worker and console on a database.
type bench struct {
	t       *testing.T
	db      *storage.DB
	con     *console.Adapter
	engine  *bot.Engine
	sender  *bot.Sender
	pay     *billing.Service
	hooks   http.Handler
	rig     *rig
	carrier *delivery.Carrier
	express *delivery.Express
	profile *shop.Profile
	owed    *owed
	// deliveryWork is set when a commit left the express worker work, as
	// its Notify would be called in the running bot.
	deliveryWork atomic.Bool
	stop         context.CancelFunc
	stopped      chan struct{}
}

// notifySecret signs the transcripts' payment notifications.
const notifySecret = "transcript-secret"

// startBot starts a bot on the database; con is the console to keep (a
// bot rebuilt for a new setting), or nil for a fresh one.
func startBot(t *testing.T, dbURL string, clk *shop.ManualClock, r *rig, con *console.Adapter, out, others *bytes.Buffer, lang, chat string) *bench {
	ctx := context.Background()
	db, err := storage.Open(ctx, dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// The flows price through a switch the directives turn; the carrier
	// behind it needs the engine, which needs the flows: it is set below.
	sw := &carrierSwitch{rig: r, owed: newOwed()}
	k := bottest.New(t, db, clk, bottest.WithDelivery(sw, sw, r.yandexOn), func(c *flows.Config) { c.Mail = r.mailOn })
	sw.fallback = shop.FallbackQuoter{Profile: k.Profile}
	if con == nil {
		con = console.New(out, chat, lang)
		con.SetOthersOutput(others) // chats' lanes run in parallel: keep the order stable
	}
	b := &bench{t: t, db: db, con: con, rig: r, profile: k.Profile, owed: sw.owed, stopped: make(chan struct{})}
	// The database holds the files the bot makes (a refund application
	// in PDF): the sender fetches them for the console and the mail.
	b.sender = bot.NewSender(bot.SenderConfig{Outbox: db, Channels: []bot.Channel{con, r.mail}, Files: []bot.FileHolder{db}})
	b.engine = bot.NewEngine(bot.EngineConfig{
		Store: db, Flows: k.Flows, Messages: k.Texts, Workers: 1,
		Staff:        []bot.ChatRef{{Channel: console.Name, ChatID: "staff"}},
		DeliveryWork: func() { b.deliveryWork.Store(true) },
	})
	b.pay = billing.New(billing.Config{
		Provider: testProvider{billing.NewTestProvider("https://pay.example", notifySecret), r}, Secret: notifySecret,
		Store: db, Engine: b.engine, Clock: clk, StoreName: k.Profile.Name,
	})
	b.hooks = b.pay.Webhooks(nil)
	// One worker answers lookups in the order they were asked; tracking
	// follows the shipments in this database.
	b.carrier = delivery.NewCarrier(delivery.CarrierConfig{
		API: cdek.New(r.cdek.Config()), Profile: k.Profile, Engine: owingEngine{b.engine, sw.owed},
		Clock: clk, Workers: 1, Shipments: db,
	})
	sw.carrier = b.carrier
	xc := delivery.ExpressConfig{Store: db, Engine: b.engine, Profile: k.Profile, Clock: clk}
	if r.yandexOn {
		xc.API = r.yandex.Client()
	}
	b.express = delivery.NewExpress(xc)
	runCtx, stop := context.WithCancel(ctx)
	b.stop = stop
	carrierDone := make(chan struct{})
	go func() { _ = b.carrier.Run(runCtx); close(carrierDone) }()
	go func() { _ = b.engine.Run(runCtx); <-carrierDone; close(b.stopped) }()
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

// settle does what the services of the running bot do right after a
// commit: the carrier answers the lookups the step asked for, the payment
// service acts on stored payment events, makes the links of new orders,
// sends the refunds staff approved and closes the links of orders
// cancelled unpaid, the express worker makes its pass, and the sender
// delivers every reply.
func (b *bench) settle() {
	ctx := context.Background()
	b.drainCarrier()
	if err := b.pay.HandlePayments(ctx); err != nil {
		b.t.Fatalf("handle payments: %v", err)
	}
	if err := b.pay.SendLinks(ctx); err != nil {
		b.t.Fatalf("send links: %v", err)
	}
	if err := b.pay.SendRefunds(ctx); err != nil {
		b.t.Fatalf("send refunds: %v", err)
	}
	if err := b.pay.CloseLinks(ctx); err != nil {
		b.t.Fatalf("close links: %v", err)
	}
	b.expressPass(b.express.Pass)
	b.drainCarrier()
	if err := b.sender.Flush(ctx); err != nil {
		b.t.Fatalf("flush: %v", err)
	}
}

// drainCarrier waits until every chat the carrier told "pending" has had
// its answer handled. The carrier has no synchronous API: its worker
// answers in the background, and a flow only learns that a lookup is
// queued from shop.ErrPending. The bench counts those (carrierSwitch) and
// the answers the worker hands the engine (owingEngine), so the wait ends
// exactly when the last answer is committed, whatever the timing, and
// what the answers say (prices, or a failure and the fallback) depends on
// the fake alone.
func (b *bench) drainCarrier() {
	deadline := time.Now().Add(10 * time.Second)
	for !b.owed.settled() {
		if time.Now().After(deadline) {
			b.t.Fatalf("the carrier never answered %v", b.owed.chats())
		}
		time.Sleep(time.Millisecond)
	}
}

// expressPass runs a pass of the express worker, and again while a pass
// left it work (a released request to price), as its wake-ups would.
func (b *bench) expressPass(pass func(context.Context) error) {
	for range 10 {
		b.deliveryWork.Store(false)
		if err := pass(context.Background()); err != nil {
			b.t.Fatalf("express pass: %v", err)
		}
		b.drainCarrier()
		if !b.deliveryWork.Load() {
			return
		}
		pass = b.express.Pass
	}
	b.t.Fatal("the express worker keeps finding work")
}

// rig is a replay's delivery services: the fake CDEK and Yandex APIs, and
// the settings the directives change.
type rig struct {
	cdek     *cdektest.Server
	yandex   *yandextest.Server
	cdekOn   atomic.Bool // checkout asks the carrier; off: the fallback tariffs
	yandexOn bool        // read when a bot starts: the express worker's API and the flows' AutoQuote
	mailOn   bool        // read when a bot starts: the flows' Mail (tracking mails, the store's copies)
	// lastTx numbers the provider's transactions across restarts: a
	// repeated TransactionId would be taken for a notification seen before.
	lastTx int64
	// shipments are the fake CDEK's orders by tracking number: its AddOrder
	// replaces an order, so a new status re-adds it with all of them.
	shipments map[string]cdek.Order
	// smtp is the store's mail server; mail the e-mail channel sending to
	// it; mailShown counts the mails "! mail" has shown.
	smtp      *emailtest.Server
	mail      *email.Channel
	mailShown int
}

// testProvider is the test payment page with refund transactions numbered
// as the notifications' are (the page's own come from the wall clock).
type testProvider struct {
	*billing.TestProvider
	rig *rig
}

func (p testProvider) Refund(context.Context, int64, shop.Money, string) (int64, error) {
	p.rig.lastTx++
	return 1000 + p.rig.lastTx, nil
}

// CDEK city codes of the fake.
const (
	cdekAstana    = 4961
	cdekAlmaty    = 4756
	cdekShymkent  = 11562
	cdekKaraganda = 4851
)

// newRig starts the fakes: CDEK knows the profile's four cities (by their
// Russian names, as CDEK does), prices parcels from Astana to each, and
// has pickup points in them, eight in Astana; Yandex prices express
// deliveries at its default until told otherwise.
func newRig(t *testing.T) *rig {
	r := &rig{cdek: cdektest.New(t), yandex: yandextest.New(t), yandexOn: true, shipments: map[string]cdek.Order{}}
	r.smtp = emailtest.Start(t)
	var err error
	if r.mail, err = email.New(email.Config{URL: r.smtp.URL("", ""), From: "Lete store <Lete_store@mail.ru>"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []cdek.City{
		{Code: cdekAstana, Name: "Астана", CountryCode: "KZ", Region: "Астана", Lat: 51.128207, Lon: 71.430411},
		{Code: cdekAlmaty, Name: "Алматы", CountryCode: "KZ", Region: "Алматы", Lat: 43.238293, Lon: 76.945465},
		{Code: cdekShymkent, Name: "Шымкент", CountryCode: "KZ", Region: "Шымкент", Lat: 42.315514, Lon: 69.586907},
		{Code: cdekKaraganda, Name: "Караганда", CountryCode: "KZ", Region: "Карагандинская область", Lat: 49.806406, Lon: 73.085485},
	} {
		r.cdek.AddCity(c)
	}
	tariffs := func(to int, pickup, economy, door float64, days ...int) {
		r.cdek.SetTariffs(cdekAstana, to,
			cdek.Tariff{Code: 136, Name: "Посылка склад-склад", Mode: cdek.ModeOfficeOffice, Sum: pickup, PeriodMin: days[0], PeriodMax: days[1]},
			cdek.Tariff{Code: 234, Name: "Экономичная посылка склад-склад", Mode: cdek.ModeOfficeOffice, Sum: economy, PeriodMin: days[2], PeriodMax: days[3]},
			cdek.Tariff{Code: 137, Name: "Посылка склад-дверь", Mode: cdek.ModeOfficeDoor, Sum: door, PeriodMin: days[0], PeriodMax: days[1]},
		)
	}
	tariffs(cdekAstana, 1190, 990, 1690, 1, 2, 2, 3)
	tariffs(cdekAlmaty, 2340, 1960, 2890, 2, 3, 3, 5)
	tariffs(cdekShymkent, 2560, 2170, 3120, 3, 4, 4, 6)
	tariffs(cdekKaraganda, 1450, 1229.4, 1980, 1, 2, 2, 3)

	const weekdays = "Пн-Пт 10:00-20:00, Сб 10:00-16:00"
	pvz := func(code, name, addr, hours string, lat, lon float64) cdek.Point {
		return cdek.Point{Code: code, Name: name, Type: "PVZ", Address: addr, FullAddress: "Казахстан, Астана, " + addr,
			WorkTime: hours, City: "Астана", Lat: lat, Lon: lon}
	}
	locker := pvz("AST41", "Постамат Хан Шатыр", "пр. Тұран, 37, ТРЦ «Хан Шатыр»", "Пн-Вс 10:00-22:00", 51.132410, 71.403650)
	locker.Type = "POSTAMAT"
	r.cdek.SetPoints(cdekAstana,
		pvz("AST12", "На Кенесары", "ул. Кенесары, 40", weekdays, 51.169120, 71.427380),
		pvz("AST05", "На Қабанбай батыр", "пр. Қабанбай батыр, 11", weekdays, 51.128350, 71.429820),
		pvz("AST18", "На Сығанақ", "ул. Сығанақ, 29", weekdays, 51.127260, 71.419790),
		pvz("AST27", "На Мәңгілік Ел", "пр. Мәңгілік Ел, 20", "Пн-Сб 09:00-21:00", 51.113400, 71.431600),
		pvz("AST44", "Мәңгілік Ел, Экспо", "пр. Мәңгілік Ел, 55/1", weekdays, 51.089900, 71.415200),
		pvz("AST33", "На Достық", "ул. Достық, 5", weekdays, 51.125870, 71.433710),
		pvz("AST21", "Мега Силк Уэй", "пр. Қабанбай батыр, 62", "Пн-Вс 10:00-22:00", 51.089300, 71.406900),
		locker,
	)
	r.cdek.SetPoints(cdekAlmaty,
		cdek.Point{Code: "ALM3", Type: "PVZ", Address: "пр. Абая, 52", WorkTime: weekdays, Lat: 43.240210, Lon: 76.905660},
		cdek.Point{Code: "ALM8", Type: "PVZ", Address: "ул. Жандосова, 58", WorkTime: weekdays, Lat: 43.225940, Lon: 76.883020},
	)
	r.cdek.SetPoints(cdekKaraganda,
		cdek.Point{Code: "KRG2", Type: "PVZ", Address: "пр. Бухар-Жырау, 49", WorkTime: weekdays, Lat: 49.803710, Lon: 73.098710},
	)
	return r
}

// carrierSwitch is the flows' quoter and pickup point list: the carrier
// while CDEK is on, else the fallback tariffs and no list (the customer
// types the point). It notes every chat the carrier told "pending", under
// owed's lock held across the question: the worker may answer the lookup
// before the carrier's reply is back here, and owingEngine takes the same
// lock before it settles the chat, so the note always comes first.
type carrierSwitch struct {
	rig      *rig
	carrier  *delivery.Carrier
	fallback shop.FallbackQuoter
	owed     *owed
}

func (s *carrierSwitch) Quote(ctx context.Context, r shop.DeliveryRequest) (shop.DeliveryQuote, error) {
	if !s.rig.cdekOn.Load() {
		return s.fallback.Quote(ctx, r)
	}
	s.owed.mu.Lock()
	defer s.owed.mu.Unlock()
	q, err := s.carrier.Quote(ctx, r)
	if errors.Is(err, shop.ErrPending) {
		s.owed.waiting[r.Chat] = true
	}
	return q, err
}

func (s *carrierSwitch) DeliveryPoints(ctx context.Context, chat, city string) ([]shop.DeliveryPoint, error) {
	if !s.rig.cdekOn.Load() {
		return nil, shop.ErrNotFound
	}
	s.owed.mu.Lock()
	defer s.owed.mu.Unlock()
	ps, err := s.carrier.DeliveryPoints(ctx, chat, city)
	if errors.Is(err, shop.ErrPending) {
		s.owed.waiting[chat] = true
	}
	return ps, err
}

// owed is what the carrier owes: the chats told "pending" that have not
// had their answer yet, and the answers being handled. A flow waits on one
// lookup at a time (its session has one Waiting flag), and the carrier
// tells each waiting chat once per lookup.
type owed struct {
	mu      sync.Mutex
	waiting map[string]bool
	busy    int
}

func newOwed() *owed { return &owed{waiting: map[string]bool{}} }

func (o *owed) settled() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.waiting) == 0 && o.busy == 0
}

func (o *owed) chats() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []string
	for c := range o.waiting {
		out = append(out, c)
	}
	return out
}

// owingEngine is the engine as the carrier sees it: an answer handed over
// settles what was owed to its chat, and counts as busy until the engine
// has committed it (the turn it starts may ask the carrier again, and be
// told "pending" anew).
type owingEngine struct {
	*bot.Engine
	owed *owed
}

func (e owingEngine) Submit(ctx context.Context, ups ...bot.Update) error {
	e.owed.mu.Lock()
	for _, up := range ups {
		if up.Event != nil && up.Event.Kind == flows.EventDeliveryReady {
			delete(e.owed.waiting, bot.ChatKey(up.Channel, up.ChatID))
		}
	}
	e.owed.busy++
	e.owed.mu.Unlock()
	defer func() {
		e.owed.mu.Lock()
		e.owed.busy--
		e.owed.mu.Unlock()
	}()
	return e.Engine.Submit(ctx, ups...)
}

// notify posts a notification signed as CloudPayments signs it to the
// payment webhook and returns the reply code.
func (b *bench) notify(kind, order string, fields url.Values) int {
	o := findOrder(b.t, b.db, kind, order)
	b.rig.lastTx++
	base := url.Values{
		"TransactionId": {strconv.FormatInt(1000+b.rig.lastTx, 10)}, "Amount": {strconv.FormatInt(int64(o.Total), 10) + ".00"},
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
	var got strings.Builder
	dbURL := storagetest.SQLite(t)
	seed(t, dbURL)
	clk := shop.NewManualClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.FixedZone("Astana", 5*3600)))
	var out, others bytes.Buffer
	chat := "customer"
	r := newRig(t)
	b := startBot(t, dbURL, clk, r, nil, &out, &others, lang, chat)
	defer func() { b.close() }()
	// show writes what the bot said since the directive.
	show := func() {
		got.Write(out.Bytes())
		got.Write(others.Bytes())
	}

	for _, line := range strings.Split(strings.TrimRight(script, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "> "):
			got.WriteString(line + "\n")
			out.Reset()
			others.Reset()
			b.submit(b.con.Update(strings.TrimPrefix(line, "> ")))
			show()
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
				b = startBot(t, dbURL, clk, r, nil, &out, &others, lang, chat)
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
				show()
				continue
			case "mail":
				switch arg {
				case "":
					showMail(t, &got, r)
				case "on", "off":
					// The flows' Mail setting: rebuild the bot, keeping the screen.
					r.mailOn = arg == "on"
					b.close()
					b = startBot(t, dbURL, clk, r, b.con, &out, &others, lang, chat)
				default:
					t.Fatalf("%s: want on, off or nothing", line)
				}
				continue
			case "jobs":
				if err := b.pay.Remind(context.Background()); err != nil {
					t.Fatalf("%s: %v", line, err)
				}
				b.settle()
				show()
				continue
			case "cdek":
				switch arg {
				case "on", "off":
					r.cdekOn.Store(arg == "on")
				case "down":
					r.cdek.FailNext(math.MaxInt32, http.StatusInternalServerError)
				case "up":
					r.cdek.FailNext(0, 0)
				default:
					t.Fatalf("%s: want on, off, down or up", line)
				}
				continue
			case "yandex":
				f := strings.Fields(arg)
				switch {
				case len(f) == 1 && (f[0] == "on" || f[0] == "off"):
					// The token decides the flows and the worker: rebuild
					// the bot, keeping the screen.
					r.yandexOn = f[0] == "on"
					b.close()
					b = startBot(t, dbURL, clk, r, b.con, &out, &others, lang, chat)
				case len(f) == 1 && f[0] == "down":
					r.yandex.FailNext(math.MaxInt32, http.StatusInternalServerError)
				case len(f) == 1 && f[0] == "up":
					r.yandex.FailNext(0, 0)
				case len(f) == 2 && f[0] == "price":
					n, err := strconv.Atoi(f[1])
					if err != nil {
						t.Fatalf("%s: %v", line, err)
					}
					r.yandex.SetPrice(float64(n))
				case len(f) == 2:
					o := findOrder(t, b.db, line, f[1])
					if o.Courier.ID == "" {
						t.Fatalf("%s: the order has no Yandex claim", line)
					}
					r.yandex.Advance(o.Courier.ID, f[0])
					clk.Add(time.Minute) // the worker reads a claim at most every 30 seconds
					b.settle()
					show()
				default:
					t.Fatalf("%s: wrong arguments", line)
				}
				continue
			case "express":
				b.settle() // a pass runs after every step
				show()
				continue
			case "release":
				b.expressPass(b.express.Release)
				b.settle()
				show()
				continue
			case "cdek-status":
				f := strings.Fields(arg)
				if len(f) < 2 {
					t.Fatalf("%s: want ORDER CODE [NAME...]", line)
				}
				b.cdekStatus(line, f[0], f[1], strings.Join(f[2:], " "), clk.Now())
				continue
			case "track":
				if err := b.carrier.Track(context.Background()); err != nil {
					t.Fatalf("%s: %v", line, err)
				}
				b.settle()
				show()
				continue
			default:
				t.Fatalf("unknown directive %q", line)
			}
			b.submit(up)
			show()
		}
	}
	return got.String()
}

// showMail writes the mails the SMTP server accepted since the last call,
// as their reader sees them.
func showMail(t *testing.T, w *strings.Builder, r *rig) {
	msgs := r.smtp.Messages()
	for _, m := range msgs[r.mailShown:] {
		ml, err := m.Parse()
		if err != nil {
			t.Fatalf("! mail: %v", err)
		}
		fmt.Fprintf(w, "=== mail to %s\n", strings.Join(m.To, ", "))
		fmt.Fprintf(w, "< Subject: %s\n", ml.Subject)
		for _, text := range ml.Text("text/plain") {
			for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
				w.WriteString(strings.TrimRight("< "+line, " ") + "\n")
			}
		}
		for _, a := range ml.Attachments() {
			fmt.Fprintf(w, "< [attachment] %s (%s)\n", a.FileName, a.Type)
		}
	}
	r.mailShown = len(msgs)
}

// cdekNames are CDEK's usual texts for its status codes.
var cdekNames = map[string]string{
	"CREATED":                               "Создан",
	"ACCEPTED":                              "Принят",
	"RECEIVED_AT_SHIPMENT_WAREHOUSE":        "Принят на склад отправителя",
	"READY_TO_SHIP_AT_SENDING_OFFICE":       "Выдан на отправку в г. отправителе",
	"TAKEN_BY_TRANSPORTER_FROM_SENDER_CITY": "Сдан перевозчику в г. отправителе",
	"SENT_TO_RECIPIENT_CITY":                "Отправлен в г. получателя",
	"ACCEPTED_IN_RECIPIENT_CITY":            "Встречен в г. получателе",
	"ACCEPTED_AT_RECIPIENT_CITY_WAREHOUSE":  "Принят на склад доставки",
	"ACCEPTED_AT_PICK_UP_POINT":             "Принят в пункт выдачи",
	"POSTOMAT_POSTED":                       "Заложен в постамат",
	"TAKEN_BY_COURIER":                      "Выдан на доставку",
	"DELIVERED":                             "Вручен",
	"POSTOMAT_RECEIVED":                     "Изъят из постамата клиентом",
	"NOT_DELIVERED":                         "Не вручен",
	"REMOVED":                               "Удален",
}

// atSender are the status codes that happen in the city parcels leave
// from.
var atSender = map[string]bool{
	"CREATED": true, "ACCEPTED": true, "RECEIVED_AT_SHIPMENT_WAREHOUSE": true,
	"READY_TO_SHIP_AT_SENDING_OFFICE": true, "TAKEN_BY_TRANSPORTER_FROM_SENDER_CITY": true,
	"SENT_TO_RECIPIENT_CITY": true,
}

// cdekStatus adds a status to the fake CDEK's order for an order's
// tracking number, creating the CDEK order on first use. CDEK lists
// statuses newest first.
func (b *bench) cdekStatus(line, number, code, name string, at time.Time) {
	t := b.t
	o := findOrder(t, b.db, line, number)
	if o.Tracking == "" {
		t.Fatalf("%s: the order has no tracking number (staff /ship it first)", line)
	}
	if name == "" {
		name = cdekNames[code]
		if name == "" {
			t.Fatalf("%s: no usual text for %s: give one", line, code)
		}
	}
	city, ok := b.profile.City(b.profile.ShippingCity)
	if !atSender[code] {
		city, ok = b.profile.City(o.Delivery.City)
	}
	if !ok {
		t.Fatalf("%s: the profile has no city for the status", line)
	}
	co, ok := b.rig.shipments[o.Tracking]
	if !ok {
		co = cdek.Order{UUID: fmt.Sprintf("00000000-0000-4000-8000-%012d", o.ID), CDEKNumber: o.Tracking, Number: o.Number()}
	}
	if len(co.Statuses) > 0 && !at.After(co.Statuses[0].DateTime) {
		t.Fatalf("%s: the clock has not moved since the shipment's last status (! advance first)", line)
	}
	co.Statuses = append([]cdek.Status{{Code: code, Name: name, City: city.Name.RU, DateTime: at}}, co.Statuses...)
	b.rig.shipments[o.Tracking] = co
	b.rig.cdek.AddOrder(co)
}

// findOrder reads an order by its number for a directive.
func findOrder(t *testing.T, db *storage.DB, directive, number string) shop.Order {
	id, ok := shop.ParseOrderNumber(number)
	if !ok {
		t.Fatalf("%s: bad order number %q", directive, number)
	}
	o, err := db.FindOrder(context.Background(), id)
	if err != nil {
		t.Fatalf("%s %s: %v", directive, number, err)
	}
	return o
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
