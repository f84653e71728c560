package main

// End-to-end tests: the built binary (as the Dockerfile builds it), the fake
// Bot API (telegramtest) and Postgres. Two customers order at the same time
// while the bot is killed, or stopped, in the middle of one checkout and
// started again: both orders complete, and no reply is lost or sent twice.

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/lib/pq" // the "postgres" driver

	"github.com/lete-store/letebot/bot/telegram/telegramtest"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage/storagetest"
)

const (
	// Deadlines only keep a broken run from hanging; nothing asserts speed.
	// A step may wait out the outbox lease (30 s) of a killed process.
	e2eStepTimeout = 90 * time.Second
	e2eTimeout     = 5 * time.Minute

	e2eStaffChat int64 = -1009876543210
	e2eChatA     int64 = 700000001
	e2eChatB     int64 = 700000002
)

// orderAcceptedRE finds the number in the customer's "Заказ LT-00042 принят".
var orderAcceptedRE = regexp.MustCompile(`Заказ (LT-\d+) принят`)

// e2e is one test's world: the fake Bot API behind a gate, a fresh Postgres
// database and the bot process.
type e2e struct {
	t     *testing.T
	fake  *telegramtest.Server
	gate  *gate
	db    *sql.DB
	bot   *botProc
	stock map[string]int // variant stock at the first start
}

// newE2E starts the world; extra are more KEY=value settings for the bot.
func newE2E(t *testing.T, extra ...string) *e2e {
	if testing.Short() {
		t.Skip("end-to-end test: builds and runs the binary")
	}
	bin := buildBinary(t)
	dbURL := storagetest.Postgres(t)

	fake := telegramtest.NewServer()
	fake.SetLanguage("ru")
	g := newGate(fake)
	front := httptest.NewServer(g)
	t.Cleanup(func() {
		g.close()
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
	env := botEnv(dbURL, front.URL, addr, append([]string{
		"TELEGRAM_STAFF_CHAT_IDS=" + strconv.FormatInt(e2eStaffChat, 10), "LOG_LEVEL=debug"}, extra...)...)
	e := &e2e{t: t, fake: fake, gate: g, db: db}
	// Registered last, so its cleanup (kill, print the logs) runs first.
	e.bot = newBotProc(t, bin, env, addr)

	ctx, cancel := context.WithTimeout(context.Background(), e2eStepTimeout)
	defer cancel()
	if err := e.bot.start(ctx); err != nil {
		t.Fatal(err)
	}
	if e.stock, err = e.variantStock(ctx); err != nil {
		t.Fatal(err)
	}
	return e
}

// customerA orders two black midi dresses, size S, to a pickup point in
// Astana; she types the city, and pays on the test payment page.
func customerA() *customer {
	c := &customer{
		label: "customer A", chat: e2eChatA,
		name: "Айгерим Садыкова", email: "aigerim@example.kz", city: "Астана", method: string(shop.PickupPoint),
		sku: "LT-101", size: "S", qty: 2,
	}
	c.steps = []step{
		{name: "start", text: "/start", want: []string{"Здравствуйте! Это бот магазина", "Главное меню"}},
		{name: "catalog", press: "Каталог", want: []string{"Выберите категорию"}},
		{name: "category", press: "Платья", want: []string{"Платья: 4 товара"}},
		{name: "product", press: "Платье миди с поясом", want: []string{"Платье миди с поясом\n"}},
		{name: "size", press: "S · Чёрный", want: []string{"Платье миди с поясом, размер S, чёрный. Сколько штук добавить?"}},
		{name: "qty", press: "2", want: []string{"Добавлено в корзину: Платье миди с поясом, размер S, чёрный — 2 шт."}},
		{name: "checkout", press: "Оформить заказ", want: []string{"Как Вас зовут?"}},
		{name: "name", text: c.name, want: []string{"Ваш номер телефона", "отправить его кнопкой ниже"}},
		{name: "phone", text: "8 777 123 45 67", want: []string{"Ваш e-mail"}},
		{name: "email", text: c.email, want: []string{"В какой город доставить?"}},
		{name: "city", text: "Астана", want: []string{"Как доставить заказ? Город: Астана."}},
		{name: "method", press: "пункт выдачи", want: []string{"Напишите адрес или код пункта выдачи СДЭК в городе Астана"}},
		{name: "address", text: "ул. Кенесары 40, ПВЗ СДЭК", want: []string{"Проверьте, пожалуйста, заказ:"}},
		{name: "confirm", press: "Подтвердить заказ", want: []string{"Спасибо! Заказ LT-", "ТЕСТОВЫЙ РЕЖИМ"}},
		{name: "pay", payWith: "success", want: []string{"Оплата получена, спасибо!"}},
	}
	c.pays = true
	return c
}

// customerB orders three black silk blouses, size M, by courier in Almaty;
// she types the quantity, and leaves the order unpaid.
func customerB() *customer {
	c := &customer{
		label: "customer B", chat: e2eChatB,
		name: "Дана Ахметова", email: "dana@example.kz", city: "Алматы", method: string(shop.Courier),
		sku: "LT-202", size: "M", qty: 3,
	}
	c.steps = []step{
		{name: "start", text: "/start", want: []string{"Здравствуйте! Это бот магазина", "Главное меню"}},
		{name: "catalog", press: "Каталог", want: []string{"Выберите категорию"}},
		{name: "category", press: "Блузки", want: []string{"Блузки и рубашки:"}},
		{name: "product", press: "Шёлковая блузка", want: []string{"Шёлковая блузка\n"}},
		{name: "size", press: "M · Чёрный", want: []string{"Шёлковая блузка, размер M, чёрный. Сколько штук добавить?"}},
		{name: "qty", text: "3", want: []string{"Добавлено в корзину: Шёлковая блузка, размер M, чёрный — 3 шт."}},
		{name: "checkout", press: "Оформить заказ", want: []string{"Как Вас зовут?"}},
		{name: "name", text: c.name, want: []string{"Ваш номер телефона", "отправить его кнопкой ниже"}},
		{name: "phone", text: "+7 701 765 43 21", want: []string{"Ваш e-mail"}},
		{name: "email", text: c.email, want: []string{"В какой город доставить?"}},
		{name: "city", press: "Алматы", want: []string{"Как доставить заказ? Город: Алматы."}},
		{name: "method", press: "курьер", want: []string{"Напишите адрес доставки в городе Алматы"}},
		{name: "address", text: "пр. Абая 10, кв. 5", want: []string{"Проверьте, пожалуйста, заказ:"}},
		{name: "confirm", press: "Подтвердить заказ", want: []string{"Спасибо! Заказ LT-", "ТЕСТОВЫЙ РЕЖИМ"}},
	}
	return c
}

// TestE2EKillMidCheckout: two customers order at the same time; the bot is
// killed (SIGKILL) right after customer A typed her e-mail: the update is
// committed but not yet confirmed to Telegram, and its answer (with B's
// latest, if B is still going) is on its way. A types the city while the bot
// is down. After a restart the e-mail is fetched again and recognised as
// seen, both orders complete, and every reply arrives exactly once, in order.
func TestE2EKillMidCheckout(t *testing.T) {
	e := newE2E(t)
	a, b := customerA(), customerB()
	a.hooks = map[string]hook{
		"email": {
			before: e.freeze,
			after: func(ctx context.Context) error {
				email := a.updates[len(a.updates)-1]
				if err := e.inFlight(ctx, a, email, "В какой город", b); err != nil {
					return err
				}
				// Kill only when every message the bot holds is one the gate
				// holds: none was sent without its acknowledgement recorded.
				if err := until(ctx, "no sent message unacknowledged", e.onlyHeldInFlight); err != nil {
					return err
				}
				if err := e.bot.kill(ctx); err != nil {
					return err
				}
				t.Logf("letebot killed (SIGKILL) after A's e-mail (update %d); B had received %d messages", email, len(e.fake.Sent(b.chat)))
				if c := e.fake.Confirmed(); c >= email {
					return fmt.Errorf("update %d was confirmed (up to %d) before the kill", email, c)
				}
				e.thaw()
				return nil
			},
			noWait: true, // the answer comes after the restart
		},
		"city": {
			// Typed while the bot is down; then the bot comes back.
			after: func(ctx context.Context) error {
				if sent := len(e.fake.Sent(a.chat)); sent != len(a.want)-2 {
					return fmt.Errorf("while letebot was down A had %d messages, want %d", sent, len(a.want)-2)
				}
				return e.bot.start(ctx)
			},
		},
	}
	e.run(a, b)
	e.verify(a, b)
}

// TestE2EStopMidConversation: SIGTERM while both customers are in the middle
// of their conversations, an update is committed but not confirmed and
// replies are waiting to be sent. The process exits 0 within the shutdown
// grace and gives the unsent replies back; after a restart they are
// delivered, each once, before the answers to what A wrote meanwhile.
func TestE2EStopMidConversation(t *testing.T) {
	e := newE2E(t)
	a, b := customerA(), customerB()
	a.hooks = map[string]hook{
		"name": {
			before: e.freeze,
			after: func(ctx context.Context) error {
				name := a.updates[len(a.updates)-1]
				if err := e.inFlight(ctx, a, name, "Ваш номер телефона", b); err != nil {
					return err
				}
				sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				defer cancel()
				took, err := e.bot.stop(sctx)
				if err != nil {
					return err
				}
				t.Logf("letebot stopped (SIGTERM) in %v, exit status 0, after A's name (update %d); B had received %d messages",
					took.Round(time.Millisecond), name, len(e.fake.Sent(b.chat)))
				if c := e.fake.Confirmed(); c >= name {
					return fmt.Errorf("update %d was confirmed (up to %d) before the stop", name, c)
				}
				e.thaw()
				if sent := len(e.fake.Sent(a.chat)); sent != len(a.want)-2 {
					return fmt.Errorf("after the stop A had %d messages, want %d: the answer to her name was held", sent, len(a.want)-2)
				}
				// A graceful stop gives back what it could not send: nothing
				// stays leased to the stopped process.
				var claimed, pending int
				if err := e.db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE claimed_by IS NOT NULL), count(*) FROM outbox`).Scan(&claimed, &pending); err != nil {
					return err
				}
				if claimed != 0 || pending == 0 {
					return fmt.Errorf("after the stop the outbox has %d messages, %d still claimed; want the unsent ones, none claimed", pending, claimed)
				}
				return nil
			},
			noWait: true,
		},
		"phone": {
			// Typed while the bot is down.
			after: func(ctx context.Context) error { return e.bot.start(ctx) },
		},
	}
	e.run(a, b)
	e.verify(a, b)
}

// freeze holds every reply and every poll at the gate, before a customer
// pushes the update the bot is to be stopped after.
func (e *e2e) freeze(context.Context) error {
	e.gate.freeze()
	e.gate.holdPollsAbove(0)
	return nil
}

func (e *e2e) thaw() {
	e.gate.thaw()
	e.gate.releasePolls()
}

// inFlight lets the bot fetch c's update id but not confirm it, and waits
// until it is committed, which shows as its answer (containing answer)
// being held at the gate; and until other is held up too: its latest answer
// held, or its latest update pushed after id (the bot can fetch it but not
// confirm it), or its walk over.
func (e *e2e) inFlight(ctx context.Context, c *customer, id int, answer string, other *customer) error {
	e.gate.holdPollsAbove(id)
	return until(ctx, fmt.Sprintf("%s's update %d to be committed, and %s held up", c.label, id, other.label), func() (bool, error) {
		return e.gate.heldContaining(c.chat, answer) &&
			(e.gate.isHeld(other.chat, "") || other.last.Load() > int64(id) || isClosed(other.done)), nil
	})
}

// run walks the customers at the same time and stops the test at the first
// failure.
func (e *e2e) run(cs ...*customer) {
	e.t.Helper()
	ctx, cancel := context.WithTimeoutCause(context.Background(), e2eTimeout, fmt.Errorf("the test ran over %v", e2eTimeout))
	defer cancel()
	ctx, fail := context.WithCancelCause(ctx)
	defer fail(nil)
	errs := make([]error, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		c.done = make(chan struct{})
		wg.Go(func() {
			if errs[i] = walk(ctx, e.fake, c, e2eStepTimeout); errs[i] != nil {
				fail(fmt.Errorf("%s failed", c.label))
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			e.t.Error(err)
		}
	}
	if e.t.Failed() {
		e.t.FailNow()
	}
}

// verify checks the end state: every update confirmed and every press
// answered; the outbox empty and each chat's messages exactly the expected
// ones; two staff alerts; two orders awaiting payment with the right items;
// the stock taken once. It stops the bot with SIGTERM first.
func (e *e2e) verify(cs ...*customer) {
	t := e.t
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), e2eStepTimeout)
	defer cancel()

	// Nothing left to receive or to send.
	last := 0
	for _, c := range cs {
		last = max(last, slices.Max(c.updates))
	}
	if err := e.fake.WaitConfirmed(ctx, last); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Pending(); n != 0 {
		t.Errorf("%d updates not confirmed", n)
	}
	if err := until(ctx, "an empty outbox", func() (bool, error) {
		var n int
		err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&n)
		return err == nil && n == 0, err
	}); err != nil {
		t.Fatal(err)
	}
	took, err := e.bot.stop(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("letebot stopped (SIGTERM) in %v at the end", took.Round(time.Millisecond))

	answered := e.fake.Answered()
	numbers := map[string]*customer{}
	for _, c := range cs {
		got := e.fake.Sent(c.chat)
		if err := checkTranscript(got, c.want); err != nil {
			t.Errorf("%s: %v", c.label, err)
			continue
		}
		for _, id := range c.callbacks {
			if !slices.Contains(answered, telegramtest.CallbackID(id)) {
				t.Errorf("%s: button press %d never answered", c.label, id)
			}
		}
		var m []string
		for _, msg := range got {
			if m == nil {
				m = orderAcceptedRE.FindStringSubmatch(textOf(msg))
			}
		}
		if m == nil {
			t.Errorf("%s: no order number in her chat", c.label)
			continue
		}
		if other := numbers[m[1]]; other != nil {
			t.Errorf("%s and %s both got order %s", other.label, c.label, m[1])
		}
		numbers[m[1]] = c
	}

	// Exactly one new-order alert per order in the staff group, and one
	// payment alert per paid order.
	staff := e.fake.Sent(e2eStaffChat)
	paid := 0
	for _, c := range cs {
		if c.pays {
			paid++
		}
	}
	if len(staff) != len(cs)+paid {
		t.Errorf("the staff group got %d messages, want %d new-order and %d payment alerts:\n%s", len(staff), len(cs), paid, transcript(staff, nil))
	}
	alerted, paidAlerts := map[string]int{}, map[string]int{}
	for _, m := range staff {
		if num := regexp.MustCompile(`Оплачен заказ (LT-\d+) \(ТЕСТ`).FindStringSubmatch(textOf(m)); num != nil {
			paidAlerts[num[1]]++
			continue
		}
		num := regexp.MustCompile(`Новый заказ (LT-\d+)`).FindStringSubmatch(textOf(m))
		if num == nil {
			t.Errorf("staff message is neither a new-order nor a payment alert: %q", firstLine(textOf(m)))
			continue
		}
		alerted[num[1]]++
		if c := numbers[num[1]]; c == nil {
			t.Errorf("staff alert for %s, which no customer was told", num[1])
		} else if !strings.Contains(textOf(m), "Получатель: "+c.name) {
			t.Errorf("staff alert for %s does not name %s:\n%s", num[1], c.name, textOf(m))
		}
	}
	for num, c := range numbers {
		if alerted[num] != 1 {
			t.Errorf("order %s of %s: %d staff alerts, want 1", num, c.label, alerted[num])
		}
		if want := map[bool]int{true: 1}[c.pays]; paidAlerts[num] != want {
			t.Errorf("order %s of %s: %d payment alerts, want %d", num, c.label, paidAlerts[num], want)
		}
	}

	e.verifyOrders(ctx, numbers, cs)

	if lines := e.bot.logLines(`"level":"ERROR"`); len(lines) > 0 {
		t.Logf("letebot logged %d errors:\n%s", len(lines), strings.Join(lines, "\n"))
	}
}

// verifyOrders checks the orders table against what each customer chose
// and was told, and the stock against the first start.
func (e *e2e) verifyOrders(ctx context.Context, numbers map[string]*customer, cs []*customer) {
	t := e.t
	t.Helper()
	type item struct {
		variant, sku, size string
		qty                int
	}
	type order struct {
		id                                             int64
		chat, status, name, email, city, method, items string
		lines                                          []item
	}
	rows, err := e.db.QueryContext(ctx, `SELECT id, chat_key, status, customer_name, customer_email, delivery_city, delivery_method FROM orders ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var orders []*order
	byChat := map[string]*order{}
	for rows.Next() {
		o := &order{}
		if err := rows.Scan(&o.id, &o.chat, &o.status, &o.name, &o.email, &o.city, &o.method); err != nil {
			t.Fatal(err)
		}
		orders = append(orders, o)
		byChat[o.chat] = o
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	taken := map[string]int{}
	for _, o := range orders {
		rows, err := e.db.QueryContext(ctx, `SELECT variant_id, sku, size, qty FROM order_items WHERE order_id = $1 ORDER BY line`, o.id)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var it item
			if err := rows.Scan(&it.variant, &it.sku, &it.size, &it.qty); err != nil {
				t.Fatal(err)
			}
			o.lines = append(o.lines, it)
			taken[it.variant] += it.qty
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}

	if len(orders) != len(cs) {
		t.Errorf("%d orders in the database, want %d", len(orders), len(cs))
	}
	for _, c := range cs {
		key := "telegram:" + strconv.FormatInt(c.chat, 10)
		o := byChat[key]
		if o == nil {
			t.Errorf("%s: no order for %s", c.label, key)
			continue
		}
		if numbers[shop.OrderNumber(o.id)] != c {
			t.Errorf("%s: order %s in the database was not the number she was told", c.label, shop.OrderNumber(o.id))
		}
		status := shop.AwaitingPayment
		if c.pays {
			status = shop.Paid
		}
		if o.status != string(status) || o.name != c.name || o.email != c.email || o.city != c.city || o.method != c.method {
			t.Errorf("%s: order %s = status %q, %q, %q, %q, %q; want %q, %q, %q, %q, %q", c.label, shop.OrderNumber(o.id),
				o.status, o.name, o.email, o.city, o.method, status, c.name, c.email, c.city, c.method)
		}
		if len(o.lines) != 1 || o.lines[0].sku != c.sku || o.lines[0].size != c.size || o.lines[0].qty != c.qty {
			t.Errorf("%s: order %s items %+v, want %d × %s size %s", c.label, shop.OrderNumber(o.id), o.lines, c.qty, c.sku, c.size)
		}
	}

	// Each ordered piece is taken from stock once; nothing else changes.
	now, err := e.variantStock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for id, before := range e.stock {
		if want := before - taken[id]; now[id] != want {
			t.Errorf("stock of %s: %d, want %d (%d before, %d ordered)", id, now[id], want, before, taken[id])
		}
	}
	if len(taken) == 0 {
		t.Error("no stock taken")
	}
}

func (e *e2e) variantStock(ctx context.Context) (map[string]int, error) {
	rows, err := e.db.QueryContext(ctx, `SELECT id, stock FROM variants`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no variants: the catalog was not seeded")
	}
	return out, rows.Err()
}

// onlyHeldInFlight reports whether every outbox message the bot has claimed
// is one the gate holds: the oldest claimed message of each chat must be
// held (a later one of the chat waits behind it, unsent). A claimed message
// that is not held was sent, or is being sent, and its acknowledgement is
// still to come.
func (e *e2e) onlyHeldInFlight() (bool, error) {
	rows, err := e.db.Query(`SELECT chat_id, COALESCE(body::jsonb->>'text', ''), claimed_by IS NOT NULL FROM outbox ORDER BY id`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var chat, text string
		var claimed bool
		if err := rows.Scan(&chat, &text, &claimed); err != nil {
			return false, err
		}
		if seen[chat] {
			continue
		}
		seen[chat] = true
		id, _ := strconv.ParseInt(chat, 10, 64)
		if claimed && !e.gate.isHeld(id, text) {
			return false, fmt.Errorf("chat %s: %q is claimed and not held", chat, firstLine(text))
		}
	}
	return true, rows.Err()
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// TestE2EStopWithUnusedConnection: a client opened a connection to the HTTP
// server and has sent nothing on it yet (an HTTP client's pool does that
// when a dial loses a race). net/http's Shutdown waits 5 s for such a
// connection, longer than the grace: the stop still exits 0, promptly.
func TestE2EStopWithUnusedConnection(t *testing.T) {
	e := newE2E(t)
	conn, err := net.Dial("tcp", e.bot.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	took, err := e.bot.stop(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped in %v", took.Round(time.Millisecond))
}
