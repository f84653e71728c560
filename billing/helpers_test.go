package billing_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/billing"
	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/bottest"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/payments/cloudpayments/cloudpaymentstest"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

// The harness: every test runs on SQLite and on Postgres, against a real
// engine (one worker), an outbox sender with a recording "console" channel,
// the fake CloudPayments API, and the Service's webhooks on an httptest
// server.

const (
	secret    = "test-api-secret" // the Service's, and the fake API's, secret
	channel   = "console"
	staffChat = "staff"
	variantID = "LT-101-M" // in the sample catalog, 18 900 ₸
	// stockAtStart is the variant's stock when an env starts.
	stockAtStart = 1000
	delivery     = shop.Money(1500)
	email        = "aigerim@example.kz"
)

// t0 is when every test starts: orders are placed at t0 unless the clock moved.
var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.FixedZone("Astana", 5*3600))

// sent is one message the console channel delivered.
type sent struct {
	ChatID string
	Reply  bot.Reply
}

// recorder is a bot.Channel named "console" that keeps what it is given.
type recorder struct {
	mu  sync.Mutex
	out []sent
}

func (r *recorder) Name() string { return channel }

func (r *recorder) Send(_ context.Context, chatID string, rep bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.out = append(r.out, sent{ChatID: chatID, Reply: rep})
	return nil
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.out = nil
}

func (r *recorder) all() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sent(nil), r.out...)
}

// webhookResult is one call of the Webhooks observer.
type webhookResult struct {
	Kind   string
	Result billing.WebhookResult
}

// env is one running bot with its payment side.
type env struct {
	t      *testing.T
	ctx    context.Context
	db     *storage.DB
	clock  *shop.ManualClock
	engine *bot.Engine
	sender *bot.Sender
	rec    *recorder
	fake   *cloudpaymentstest.Server
	svc    *billing.Service
	srv    *httptest.Server
	// testProvider is set when the env runs on the local test page.
	testProvider *billing.TestProvider

	product shop.Product
	variant shop.Variant

	txBase  int64 // see tx
	reqBase int   // the fake's calls before the case

	obsMu    sync.Mutex
	observed []webhookResult
}

// envOptions adjusts an env before it starts.
type envOptions struct {
	testPage     bool // use billing.TestProvider and mount the test page
	linkRequests int  // billing.Config.LinkRequests
}

// Creating a Postgres database and migrating it takes most of a second,
// and the race detector slows the SQLite engine down as much, so a suite
// gets one env per dialect and runs its cases one after another on it:
// each case places orders of its own, uses transaction ids of its own (tx),
// begins with the outbox delivered and the recorder cleared, and ends with
// its unpaid orders cancelled and its refunds answered, so no batch job of
// a later case sees them. Suites run in parallel, on databases of their own.

// suite runs fn on a fresh env of every dialect.
func suite(t *testing.T, opts envOptions, fn func(t *testing.T, e *env)) {
	t.Helper()
	t.Parallel()
	for _, d := range storagetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, d.URL(t), opts))
		})
	}
}

// run runs one case on e as a subtest of t.
func (e *env) run(t *testing.T, name string, fn func(t *testing.T, e *env)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		e.begin(t)
		t.Cleanup(e.end)
		fn(t, e)
	})
}

// table runs a case per row of a table on e.
func table[C any](t *testing.T, e *env, rows []C, name func(C) string, fn func(t *testing.T, e *env, c C)) {
	t.Helper()
	for _, c := range rows {
		e.run(t, name(c), func(t *testing.T, e *env) { fn(t, e, c) })
	}
}

// begin starts a case on e: everything queued so far is delivered and
// forgotten, and the case gets transaction ids of its own.
func (e *env) begin(t *testing.T) {
	e.t = t
	e.flush()
	e.rec.reset()
	e.obsMu.Lock()
	e.observed = nil
	e.obsMu.Unlock()
	e.txBase += 1_000_000
	e.fake.Busy(0)
	e.reqBase = len(e.fake.Requests())
}

// end retires what a case left: unpaid orders are cancelled and requested
// refunds marked failed, behind the flows' back, and the outbox delivered.
func (e *env) end() {
	e.t.Helper()
	orders, err := e.db.UnpaidOrders(e.ctx, 0, 1000)
	if err != nil {
		e.t.Fatalf("unpaid orders: %v", err)
	}
	for _, o := range orders {
		e.setStatus(o.ID, shop.Cancelled)
	}
	// Their links, and those of orders the case cancelled, count as closed.
	links, err := e.db.LinksToClose(e.ctx, 1000)
	if err != nil {
		e.t.Fatalf("links to close: %v", err)
	}
	for _, o := range links {
		if err := e.db.MarkLinkClosed(e.ctx, o.ID, e.clock.Now()); err != nil {
			e.t.Fatalf("retire link: %v", err)
		}
	}
	refunds, err := e.db.RequestedRefunds(e.ctx, 1000)
	if err != nil {
		e.t.Fatalf("requested refunds: %v", err)
	}
	for _, r := range refunds {
		r.Status, r.Error = shop.RefundFailed, "retired by the test"
		if err := e.db.InTx(e.ctx, func(tx bot.Tx) error { return tx.Flows().FinishRefund(e.ctx, r) }); err != nil {
			e.t.Fatalf("retire refund: %v", err)
		}
	}
	e.flush()
}

// requests returns the API calls the fake received during the case.
func (e *env) requests() []cloudpaymentstest.Request {
	return e.fake.Requests()[e.reqBase:]
}

// tx is the case's transaction id n.
func (e *env) tx(n int64) int64 { return e.txBase + n }

func newEnv(t *testing.T, dbURL string, opts envOptions) *env {
	t.Helper()
	ctx := context.Background()
	db := storagetest.Open(t, dbURL)
	// The cases of a table share the database: stock for all of them.
	bottest.Seed(t, db, func(p *shop.Product) {
		for i := range p.Variants {
			if p.Variants[i].ID == variantID {
				p.Variants[i].Stock = stockAtStart
			}
		}
	})
	clock := shop.NewManualClock(t0)
	kit := bottest.New(t, db, clock)
	p, v, ok := kit.Catalog.Variant(variantID)
	if !ok {
		t.Fatalf("sample catalog has no variant %s", variantID)
	}
	e := &env{
		t: t, ctx: ctx, db: db, clock: clock, rec: &recorder{},
		fake: cloudpaymentstest.NewServer(t), product: p, variant: v,
	}
	e.sender = bot.NewSender(bot.SenderConfig{Outbox: db, Channels: []bot.Channel{e.rec}})
	e.engine = bot.NewEngine(bot.EngineConfig{
		Store: db, Flows: kit.Flows, Messages: kit.Texts, Workers: 1, Log: storagetest.Logger(t),
		Staff: []bot.ChatRef{{Channel: channel, ChatID: staffChat}},
	})
	runCtx, stop := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() { _ = e.engine.Run(runCtx); close(stopped) }()
	t.Cleanup(func() { stop(); <-stopped })

	mux := http.NewServeMux()
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)

	cfg := billing.Config{
		Provider: e.fake.Client(), Secret: secret, Store: db, Engine: e.engine, Clock: clock,
		Log: storagetest.Logger(t), StoreName: "Lete",
		// The flows tell the customer the same 48 h: bottest's flows use
		// flows.DefaultPaymentExpiry.
		Reminders: []time.Duration{30 * time.Minute, 20 * time.Hour}, Expiry: 48 * time.Hour,
		LinkRequests: opts.linkRequests,
	}
	if opts.testPage {
		e.testProvider = billing.NewTestProvider(e.srv.URL, "test-page-secret")
		cfg.Provider, cfg.Test = e.testProvider, true
	}
	e.svc = billing.New(cfg)
	webhooks := e.svc.Webhooks(func(kind string, r billing.WebhookResult) {
		e.obsMu.Lock()
		e.observed = append(e.observed, webhookResult{kind, r})
		e.obsMu.Unlock()
	})
	mux.Handle(billing.WebhookPattern, webhooks)
	if opts.testPage {
		mux.Handle(billing.TestPagePattern, e.svc.TestPage(e.testProvider, webhooks))
	}
	return e
}

// place stores an unpaid order of qty pieces of the test variant for chat
// (a chat id on the console channel), placed now by the env's clock.
func (e *env) place(chat string, qty int) shop.Order {
	e.t.Helper()
	o := shop.Order{
		ChatKey: bot.ChatKey(channel, chat), Lang: shop.Russian, Status: shop.AwaitingPayment,
		Customer: shop.Customer{Name: "Айгерим", Phone: "+77773366100", Email: email},
		Delivery: shop.Delivery{
			Method: shop.PickupPoint, City: "almaty", Address: "PVZ 12",
			Quote: shop.DeliveryQuote{Method: shop.PickupPoint, Price: delivery, MinDays: 2, MaxDays: 4},
		},
		Items: []shop.OrderItem{{
			VariantID: e.variant.ID, SKU: e.product.SKU, Name: e.product.Name.RU, Size: e.variant.Size,
			Price: e.product.Price, Qty: qty,
		}},
		CreatedAt: e.clock.Now(),
	}
	o.GoodsTotal = e.product.Price.Times(qty)
	o.Total = o.GoodsTotal + delivery
	err := e.db.InTx(e.ctx, func(tx bot.Tx) error {
		var err error
		o, err = tx.Flows().Place(e.ctx, o)
		return err
	})
	if err != nil {
		e.t.Fatalf("place order: %v", err)
	}
	return o
}

// order reads an order back.
func (e *env) order(id int64) shop.Order {
	e.t.Helper()
	o, err := e.db.FindOrder(e.ctx, id)
	if err != nil {
		e.t.Fatalf("find order %d: %v", id, err)
	}
	return o
}

// setStatus changes an order's status behind the flows' back.
func (e *env) setStatus(id int64, s shop.OrderStatus) {
	e.t.Helper()
	o := e.order(id)
	o.Status = s
	err := e.db.InTx(e.ctx, func(tx bot.Tx) error { return tx.Flows().Update(e.ctx, o) })
	if err != nil {
		e.t.Fatalf("update order %d: %v", id, err)
	}
}

// stock reads the live stock of the test variant.
func (e *env) stock() int {
	e.t.Helper()
	var n int
	err := e.db.InTx(e.ctx, func(tx bot.Tx) error {
		got, err := tx.Flows().Available(e.ctx, []string{e.variant.ID})
		n = got[e.variant.ID]
		return err
	})
	if err != nil {
		e.t.Fatalf("available: %v", err)
	}
	return n
}

// sendLinks runs SendLinks and fails the test on an error.
func (e *env) sendLinks() {
	e.t.Helper()
	if err := e.svc.SendLinks(e.ctx); err != nil {
		e.t.Fatalf("SendLinks: %v", err)
	}
}

func (e *env) remind() {
	e.t.Helper()
	if err := e.svc.Remind(e.ctx); err != nil {
		e.t.Fatalf("Remind: %v", err)
	}
}

// reconcile runs Reconcile, then acts on the payments it stored, as Run
// does when Reconcile wakes it.
func (e *env) reconcile() {
	e.t.Helper()
	if err := e.svc.Reconcile(e.ctx); err != nil {
		e.t.Fatalf("Reconcile: %v", err)
	}
	e.handlePayments()
}

// closeLinks runs CloseLinks and fails the test on an error.
func (e *env) closeLinks() {
	e.t.Helper()
	if err := e.svc.CloseLinks(e.ctx); err != nil {
		e.t.Fatalf("CloseLinks: %v", err)
	}
}

func (e *env) sendRefunds() {
	e.t.Helper()
	if err := e.svc.SendRefunds(e.ctx); err != nil {
		e.t.Fatalf("SendRefunds: %v", err)
	}
}

// flush delivers the outbox through the recording channel.
func (e *env) flush() {
	e.t.Helper()
	if err := e.sender.Flush(e.ctx); err != nil {
		e.t.Fatalf("flush: %v", err)
	}
}

// said flushes the outbox and returns every message a chat id got so far.
func (e *env) said(chatID string) []bot.Reply {
	e.t.Helper()
	e.flush()
	var out []bot.Reply
	for _, s := range e.rec.all() {
		if s.ChatID == chatID {
			out = append(out, s.Reply)
		}
	}
	return out
}

// count is how many messages chatID got whose text contains fragment.
func (e *env) count(chatID, fragment string) int {
	e.t.Helper()
	n := 0
	for _, r := range e.said(chatID) {
		if strings.Contains(r.Text, fragment) {
			n++
		}
	}
	return n
}

// waiting is how many messages wait in the outbox, not yet sent.
func (e *env) waiting() int {
	e.t.Helper()
	n, _, err := e.db.OutboxStats(e.ctx)
	if err != nil {
		e.t.Fatalf("outbox stats: %v", err)
	}
	return n
}

// payments counts rows of the payments table of a kind and transaction.
func (e *env) payments(kind string, transactionID int64) int {
	e.t.Helper()
	var n int
	err := e.db.SQL().QueryRowContext(e.ctx,
		`SELECT count(*) FROM payments WHERE kind = $1 AND transaction_id = $2`, kind, transactionID).Scan(&n)
	if err != nil {
		e.t.Fatalf("count payments: %v", err)
	}
	return n
}

// stored counts the payment events stored for an order's invoice.
func (e *env) stored(o shop.Order) int {
	e.t.Helper()
	var n int
	err := e.db.SQL().QueryRowContext(e.ctx,
		`SELECT count(*) FROM payments WHERE invoice_id = $1 OR order_id = $2`, o.Number(), o.ID).Scan(&n)
	if err != nil {
		e.t.Fatalf("count payments: %v", err)
	}
	return n
}

// paymentOrder returns the order_id column of a payments row (0 for none).
func (e *env) paymentOrder(kind string, transactionID int64) int64 {
	e.t.Helper()
	var id *int64
	err := e.db.SQL().QueryRowContext(e.ctx,
		`SELECT order_id FROM payments WHERE kind = $1 AND transaction_id = $2`, kind, transactionID).Scan(&id)
	if err != nil {
		e.t.Fatalf("payments row %s %d: %v", kind, transactionID, err)
	}
	if id == nil {
		return 0
	}
	return *id
}

// endpoint is the webhook URL of a notification kind.
func (e *env) endpoint(kind string) string {
	return e.srv.URL + "/webhooks/cloudpayments/" + kind
}

// notify posts a notification signed with the Service's secret, then
// lets the Service act on what the webhook stored, as Run does when the
// webhook wakes it.
func (e *env) notify(kind cloudpayments.Kind, fields url.Values, asJSON bool) (int, string) {
	e.t.Helper()
	return e.notifySigned(kind, secret, fields, asJSON)
}

func (e *env) notifySigned(kind cloudpayments.Kind, key string, fields url.Values, asJSON bool) (int, string) {
	e.t.Helper()
	status, body := e.notifyOnly(kind, key, fields, asJSON)
	e.handlePayments()
	return status, body
}

// notifyOnly posts a signed notification and nothing more.
func (e *env) notifyOnly(kind cloudpayments.Kind, key string, fields url.Values, asJSON bool) (int, string) {
	e.t.Helper()
	status, body, err := cloudpaymentstest.Notify(e.endpoint(string(kind)), key, fields, asJSON)
	if err != nil {
		e.t.Fatalf("notify %s: %v", kind, err)
	}
	return status, body
}

// handlePayments hands the stored payment events to the engine.
func (e *env) handlePayments() {
	e.t.Helper()
	if err := e.svc.HandlePayments(e.ctx); err != nil {
		e.t.Fatalf("HandlePayments: %v", err)
	}
}

// unhandled counts the stored payment events not yet acted on.
func (e *env) unhandled() int {
	e.t.Helper()
	evs, err := e.db.UnhandledPayments(e.ctx, 1000)
	if err != nil {
		e.t.Fatalf("unhandled payments: %v", err)
	}
	return len(evs)
}

// mustCode posts a notification and wants HTTP 200 with the reply code.
func (e *env) mustCode(kind cloudpayments.Kind, fields url.Values, asJSON bool, want int) {
	e.t.Helper()
	status, body := e.notify(kind, fields, asJSON)
	if status != http.StatusOK {
		e.t.Fatalf("%s: HTTP %d %q, want 200", kind, status, body)
	}
	var reply cloudpayments.Reply
	if err := json.Unmarshal([]byte(body), &reply); err != nil {
		e.t.Fatalf("%s: reply %q: %v", kind, body, err)
	}
	if reply.Code != want {
		e.t.Fatalf("%s: code %d, want %d (reply %q)", kind, reply.Code, want, body)
	}
}

// results returns what the Webhooks observer was told.
func (e *env) results() []webhookResult {
	e.obsMu.Lock()
	defer e.obsMu.Unlock()
	return append([]webhookResult(nil), e.observed...)
}

// chatOf is the chat id of an order's chat key.
func chatOf(o shop.Order) string {
	_, id, _ := strings.Cut(o.ChatKey, ":")
	return id
}

// fields builds a notification about o as the provider sends it: a
// successful card payment of the order's total.
func fields(o shop.Order, transactionID int64) url.Values {
	f := cloudpaymentstest.Paid(transactionID, o.Number(), o.ChatKey, int64(o.Total), time.Date(2026, 11, 25, 7, 1, 2, 0, time.UTC))
	f.Set("Email", o.Customer.Email)
	return f
}

// with returns a copy of v with the pairs set (an empty value deletes).
func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			out.Del(kv[i])
			continue
		}
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// decline is a Fail notification with a reason code.
func decline(o shop.Order, transactionID int64, reason int) url.Values {
	return with(fields(o, transactionID), "Status", "Declined", "ReasonCode", strconv.Itoa(reason),
		"Reason", "Insufficient funds")
}

// Texts the tests look for (Russian, the default language of a new chat).
const (
	txtLink        = "Оплатите, пожалуйста, заказ"  // PaymentLink
	txtTestLink    = "ТЕСТОВЫЙ РЕЖИМ"               // PaymentLink of the test page
	txtNoFunds     = "не хватило денег"             // decline.no_funds
	txtReceived    = "Оплата получена"              // PaymentReceived
	txtDeclined    = "не прошла"                    // PaymentDeclined
	txtAlreadyPaid = "уже оплачен, платить ещё раз" // PaymentAlreadyPaid
	txtReminder    = "Напоминаем"                   // PaymentReminder
	txtExpired     = "оплата не поступила вовремя"  // OrderExpired
	txtMismatch    = "не совпадает с суммой заказа" // PaymentMismatch
	txtRefundSent  = "Мы вернули"                   // RefundSent
	staffPaid      = "Оплачен заказ"                // StaffPaid
	staffStruggle  = "Клиент не может оплатить"     // StaffStruggling
	staffMismatch  = "не совпадает с суммой заказа" // StaffPaymentMismatch
	staffUnknown   = "по неизвестному заказу"       // StaffUnknownPayment
	staffCabinet   = "Возврат из кабинета"          // StaffCabinetRefund
	staffRefunded  = "выполнен"                     // StaffRefundDone
)

// format is a notification encoding: form (the cabinet's default) or JSON.
type format struct {
	name   string
	asJSON bool
}

func (f format) String() string { return f.name }

// formats are both encodings.
var formats = []format{{"form", false}, {"json", true}}
