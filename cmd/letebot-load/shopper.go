package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
	"github.com/lete-store/letebot/payments/cloudpayments/cloudpaymentstest"
)

// step is one thing a shopper does: type text, press a button by its label,
// or pay on the payment page. want holds a fragment of each message the
// bot answers with, in order: the step is answered when all have come.
type step struct {
	text, press string
	pay         bool
	want        []string
}

// orderSteps is one customer's whole order, as a person walks it: browse
// the catalog, pick a size and a quantity, give name, phone and e-mail,
// choose delivery, confirm, and pay (the provider then tells the bot, or
// the bot's test page does).
var orderSteps = []step{
	{text: "/start", want: []string{"Здравствуйте!", "Главное меню"}},
	{press: "Каталог", want: []string{"Выберите категорию"}},
	{press: "Платья", want: []string{"Платья:"}},
	{press: pickProduct, want: []string{"Размеры:"}},
	{press: pickSize, want: []string{"Сколько штук добавить?"}},
	{press: "2", want: []string{"Добавлено в корзину"}},
	{press: "Оформить заказ", want: []string{"Как Вас зовут?"}},
	{text: "Айгерим Садыкова", want: []string{"Ваш номер телефона", "кнопкой ниже"}},
	{text: "8 777 123 45 67", want: []string{"Ваш e-mail"}},
	{text: "aigerim@example.kz", want: []string{"В какой город доставить?"}},
	{text: "Астана", want: []string{"Как доставить заказ?"}},
	{press: "пункт выдачи", want: []string{"Напишите адрес или код пункта выдачи"}},
	{text: "ул. Кенесары 40, ПВЗ СДЭК", want: []string{"Проверьте, пожалуйста, заказ:"}},
	{press: "Подтвердить заказ", want: []string{"Спасибо! Заказ LT-", "Оплатите, пожалуйста, заказ"}},
	{pay: true, want: []string{"Оплата получена"}},
}

// A shopper picks one of the sample catalog's dresses and one of its sizes,
// so orders spread over the variants' stock rows as a shop's do; pickProduct
// and pickSize stand for the choice in orderSteps.
const (
	pickProduct = "<product>"
	pickSize    = "<size>"
)

// dresses are the sample catalog's dresses with their sizes' buttons.
var dresses = []struct {
	name  string
	sizes []string
}{
	{"Платье миди с поясом", []string{"XS · Чёрный", "S · Чёрный", "M · Чёрный", "L · Чёрный"}},
	{"Летнее платье в цветочек", []string{"S · Голубой", "M · Голубой", "L · Голубой"}},
	{"Вечернее атласное платье", []string{"XS · Изумрудный", "S · Изумрудный", "M · Изумрудный"}},
	{"Платье-рубашка", []string{"S · Песочный", "M · Песочный", "L · Песочный", "XL · Песочный"}},
}

// messagesPerOrder is how many Telegram updates one order takes (the
// payment is made on the web page, not in the chat).
func messagesPerOrder() int {
	n := 0
	for _, st := range orderSteps {
		if !st.pay {
			n++
		}
	}
	return n
}

// shopper walks orderSteps in one chat.
type shopper struct {
	chat  int64
	fake  *telegramtest.Server
	push  func(ctx context.Context, updateID int) error // hands an update to the bot
	think time.Duration                                 // mean pause before each step
	rng   *rand.Rand
	wait  time.Duration // the longest wait for one answer
	// product and size are the dress and size button the shopper picks.
	product, size string
	// pay pays by the payment link: the provider's notification, or the
	// bot's test page.
	pay func(ctx context.Context, link string) error
}

// result is one answered step: how long the answer took, from the update
// (or the payment) to the last of its messages.
type result struct {
	step    int
	latency time.Duration // to the answer's last message
	first   time.Duration // to its first
	payment bool
}

// walk plays the order, sending each answer's latency to out.
func (s *shopper) walk(ctx context.Context, out chan<- result) error {
	got := 0
	for i, st := range orderSteps {
		if i > 0 && s.think > 0 {
			// A person reads the answer, then taps: 0.5 to 1.5 times the mean.
			pause := s.think/2 + time.Duration(s.rng.Int64N(int64(s.think)+1))
			if !bot.Sleep(ctx, pause) {
				return ctx.Err()
			}
		}
		sent := time.Now()
		switch {
		case st.pay:
			link := telegramtest.LatestURL(s.fake.Sent(s.chat))
			if link == "" {
				return fmt.Errorf("step %d (pay): no payment button in the chat", i)
			}
			if err := s.pay(ctx, link); err != nil {
				return fmt.Errorf("step %d (pay): %w", i, err)
			}
		case st.press != "":
			label := st.press
			switch label {
			case pickProduct:
				label = s.product
			case pickSize:
				label = s.size
			}
			data, err := telegramtest.ButtonData(s.fake.Sent(s.chat), label)
			if err != nil {
				return fmt.Errorf("step %d (%s): %w", i, st.press, err)
			}
			if err := s.push(ctx, s.fake.PushCallback(s.chat, data)); err != nil {
				return fmt.Errorf("step %d (%s): %w", i, st.press, err)
			}
		default:
			if err := s.push(ctx, s.fake.PushText(s.chat, st.text)); err != nil {
				return fmt.Errorf("step %d (%q): %w", i, st.text, err)
			}
		}
		got += len(st.want)
		wctx, cancel := context.WithTimeout(ctx, s.wait)
		msgs, err := s.fake.WaitSent(wctx, s.chat, got)
		cancel()
		if err != nil {
			last := ""
			if len(msgs) > 0 {
				last = firstLine(msgs[len(msgs)-1].Content())
			}
			return fmt.Errorf("step %d: %w; the last message: %q", i, err, last)
		}
		if len(msgs) > got {
			return fmt.Errorf("step %d: %d messages, want %d: the last is %q", i, len(msgs), got, firstLine(msgs[len(msgs)-1].Content()))
		}
		for j, w := range st.want {
			if m := msgs[got-len(st.want)+j]; !strings.Contains(m.Content(), w) {
				return fmt.Errorf("step %d: message %q, want one containing %q", i, firstLine(m.Content()), w)
			}
		}
		out <- result{step: i, latency: msgs[got-1].At.Sub(sent), first: msgs[got-len(st.want)].At.Sub(sent), payment: st.pay}
	}
	return nil
}

// payOnPage pays on the bot's test payment page at link (no provider
// configured).
func payOnPage(ctx context.Context, web *http.Client, link string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, link, strings.NewReader(url.Values{"outcome": {"success"}}.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := web.Do(req) // follows the redirect to the result page
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("paying on %s: %s", link, resp.Status)
	}
	return nil
}

// provider pays as a customer does on CloudPayments' page: the (fake)
// provider charges the card and posts its signed Pay notification to the
// bot's webhook, a few at a time, as a provider's notifier does.
type provider struct {
	fake    *cloudpaymentstest.Server
	webhook string // the bot's Pay notification address
	web     *http.Client
	slots   chan struct{}
	nextTx  atomic.Int64
}

// providerConns is how many notifications the provider posts at once. Its
// notifier's concurrency is not published; a few dozen keeps a thousand
// customers paying in the same second from being a thousand connections.
const providerConns = 32

func newProvider(fake *cloudpaymentstest.Server, botAddr string, web *http.Client) *provider {
	p := &provider{fake: fake, webhook: "http://" + botAddr + "/webhooks/cloudpayments/pay", web: web,
		slots: make(chan struct{}, providerConns)}
	p.nextTx.Store(880_000_000)
	return p
}

// pay charges the link's amount and notifies the bot of chat's payment.
func (p *provider) pay(ctx context.Context, chat int64, link string) error {
	_, id, ok := strings.Cut(link, cloudpaymentstest.PagePath)
	l, found := p.fake.Link(id)
	if !ok || !found {
		return fmt.Errorf("the payment button opens %q, not a link of the provider", link)
	}
	tx := p.nextTx.Add(1)
	p.fake.SetPayment(l.InvoiceID, cloudpaymentstest.Payment{TransactionID: tx, Amount: l.Amount, Status: "Completed"})
	fields := cloudpaymentstest.Paid(tx, l.InvoiceID, "telegram:"+strconv.FormatInt(chat, 10), l.Amount, time.Now())
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	status, body, err := cloudpaymentstest.NotifyWith(ctx, p.web, p.webhook, cloudpaymentstest.Secret, fields, false)
	<-p.slots
	if err != nil {
		return err
	}
	if status != http.StatusOK || !strings.Contains(body, `"code":0`) {
		return fmt.Errorf("Pay notification: HTTP %d %q, want 200 and code 0", status, body)
	}
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return s
}
