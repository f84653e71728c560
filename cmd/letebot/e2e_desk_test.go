package main

// End-to-end test of the staff desk: a customer orders and pays on the TEST
// page; staff, in the staff group, mark the order shipped with a tracking
// number and then delivered. The customer is told each step in her chat and
// gets the tracking number by e-mail too, through the outbox, from an SMTP
// server (emailtest); the same desk command typed by the customer does
// nothing.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot/email/emailtest"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
	"github.com/lete-store/letebot/shop"
)

const (
	e2eMailFrom = "Lete store <Lete_store@mail.ru>"
	e2eTracking = "1234567890"
)

// TestE2EOrderPayShipDeliver: customer A orders and pays on the TEST page.
// Her own "/ship" is an unknown command and changes nothing. Staff type
// "/ship <order> 1234567890" in the staff group: A is told the tracking
// number in her chat and, once, by e-mail; the group gets the confirmation.
// Then "/delivered <order>": A is told. The order ends delivered, with the
// tracking number, the delivery time and an audit trail naming the staff
// member, and the outbox ends empty.
func TestE2EOrderPayShipDeliver(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: builds and runs the binary")
	}
	smtp := emailtest.Start(t)
	e := newE2E(t, "SMTP_URL="+smtp.URL("", ""), "SMTP_FROM="+e2eMailFrom)
	a := customerA()
	e.run(a)

	ctx, cancel := context.WithTimeoutCause(context.Background(), e2eTimeout, fmt.Errorf("the test ran over %v", e2eTimeout))
	defer cancel()

	num := ""
	for _, m := range e.fake.Sent(a.chat) {
		if n := regexp.MustCompile(`Заказ (LT-\d+) принят`).FindStringSubmatch(textOf(m)); n != nil {
			num = n[1]
			break
		}
	}
	if num == "" {
		t.Fatalf("no order number in A's chat:\n%s", transcript(e.fake.Sent(a.chat), a.want))
	}
	id, ok := shop.ParseOrderNumber(num)
	if !ok {
		t.Fatalf("A was told order %q, not an order number", num)
	}

	// The staff group has the new-order and the payment alerts.
	staff := &customer{label: "the staff group", chat: e2eStaffChat,
		want: []string{"Новый заказ " + num, "Оплачен заказ " + num + " (ТЕСТ"}}
	if err := e.waitTranscript(ctx, staff); err != nil {
		t.Fatal(err)
	}
	if err := e.outboxDrained(ctx); err != nil {
		t.Fatal(err)
	}

	// A types the desk command in her private chat: it is not hers.
	if err := e.say(ctx, a, "/ship "+num+" "+e2eTracking, "Такой команды нет. Доступны /start", "Главное меню"); err != nil {
		t.Fatal(err)
	}
	if err := e.outboxDrained(ctx); err != nil {
		t.Fatal(err)
	}
	if o, err := e.deskOrder(ctx, id); err != nil {
		t.Fatal(err)
	} else if o.status != string(shop.Paid) || o.tracking != "" || o.deliveredAt.Valid || len(o.events) != 0 {
		t.Errorf("after A's own /ship, order %s = %s; want paid, no tracking, no delivery, no events", num, o)
	}
	if n := len(e.fake.Sent(e2eStaffChat)); n != len(staff.want) {
		t.Errorf("after A's own /ship the staff group has %d messages, want %d:\n%s", n, len(staff.want), transcript(e.fake.Sent(e2eStaffChat), staff.want))
	}
	if n := len(smtp.Messages()); n != 0 {
		t.Errorf("after A's own /ship the mail server got %d mails, want none", n)
	}

	// Staff ship it: A is told the tracking number, by chat and by mail.
	if err := e.say(ctx, staff, "/ship "+num+" "+e2eTracking,
		fmt.Sprintf("Заказ %s → отправлен (%s). Отметил(а) ", num, e2eTracking)); err != nil {
		t.Fatal(err)
	}
	a.want = append(a.want, fmt.Sprintf("Заказ %s отправлен! Трек-номер СДЭК: %s", num, e2eTracking))
	if err := e.waitTranscript(ctx, a); err != nil {
		t.Fatal(err)
	}
	got := e.fake.Sent(a.chat)
	if shipped := textOf(got[len(got)-1]); !strings.Contains(shipped, "также отправили на "+a.email) {
		t.Errorf("A's shipped notice does not say the number went to %s:\n%s", a.email, shipped)
	}
	mctx, mcancel := context.WithTimeout(ctx, e2eStepTimeout)
	defer mcancel()
	if err := until(mctx, "a mail at the SMTP server", func() (bool, error) {
		return len(smtp.Messages()) > 0, nil
	}); err != nil {
		t.Fatal(err)
	}

	// Staff mark it delivered: A is told.
	if err := e.say(ctx, staff, "/delivered "+num, fmt.Sprintf("Заказ %s → доставлен. Отметил(а) ", num)); err != nil {
		t.Fatal(err)
	}
	a.want = append(a.want, fmt.Sprintf("Заказ %s доставлен. Спасибо за покупку!", num))
	if err := e.waitTranscript(ctx, a); err != nil {
		t.Fatal(err)
	}

	// Nothing left to receive or to send; then the bot stops cleanly.
	if err := e.fake.WaitConfirmed(ctx, max(slices.Max(a.updates), slices.Max(staff.updates))); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Pending(); n != 0 {
		t.Errorf("%d updates not confirmed", n)
	}
	if err := e.outboxDrained(ctx); err != nil {
		t.Fatal(err)
	}
	took, err := e.bot.stop(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("letebot stopped (SIGTERM) in %v at the end", took.Round(time.Millisecond))

	// Every message once, in order; every press answered.
	for _, c := range []*customer{a, staff} {
		if err := checkTranscript(e.fake.Sent(c.chat), c.want); err != nil {
			t.Errorf("%s: %v", c.label, err)
		}
	}
	answered := e.fake.Answered()
	for _, cb := range a.callbacks {
		if !slices.Contains(answered, telegramtest.CallbackID(cb)) {
			t.Errorf("A's button press %d never answered", cb)
		}
	}
	staffMsgs := e.fake.Sent(e2eStaffChat)
	for _, m := range staffMsgs[max(0, len(staffMsgs)-2):] {
		if !strings.Contains(textOf(m), strconv.FormatInt(telegramtest.GroupUserID, 10)) {
			t.Errorf("the staff confirmation does not name who did it (user %d): %q", telegramtest.GroupUserID, textOf(m))
		}
	}

	e.checkTrackingMail(smtp.Messages(), a, num)
	var mails []string
	for _, ev := range smtp.Events() {
		if strings.HasPrefix(ev, "MAIL ") || strings.HasPrefix(ev, "REFUSED ") {
			mails = append(mails, ev)
		}
	}
	if len(mails) != 1 {
		t.Errorf("the mail server saw %q, want one MAIL and no refusal", mails)
	}
	e.checkDelivered(ctx, id, num, a)

	// The order's pieces were taken from stock once, at the order; shipping
	// and delivery leave the stock alone.
	now, err := e.variantStock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	taken := 0
	for v, before := range e.stock {
		if d := before - now[v]; d < 0 {
			t.Errorf("stock of %s went up from %d to %d", v, before, now[v])
		} else {
			taken += d
		}
	}
	if taken != a.qty {
		t.Errorf("%d pieces taken from stock, want %d", taken, a.qty)
	}

	if lines := e.bot.logLines(`"level":"ERROR"`); len(lines) > 0 {
		t.Errorf("letebot logged %d errors:\n%s", len(lines), strings.Join(lines, "\n"))
	}
}

// say pushes text into c's chat and waits for the answer: one message per
// entry of want, each containing that entry.
func (e *e2e) say(ctx context.Context, c *customer, text string, want ...string) error {
	id := e.fake.PushText(c.chat, text)
	c.updates = append(c.updates, id)
	c.want = append(c.want, want...)
	if err := e.waitTranscript(ctx, c); err != nil {
		return fmt.Errorf("%q (update %d): %w", text, id, err)
	}
	return nil
}

// waitTranscript waits until c's chat has as many messages as c.want and
// checks them.
func (e *e2e) waitTranscript(ctx context.Context, c *customer) error {
	sctx, cancel := context.WithTimeout(ctx, e2eStepTimeout)
	defer cancel()
	got, err := e.fake.WaitSent(sctx, c.chat, len(c.want))
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", c.label, err, transcript(got, c.want))
	}
	if err := checkTranscript(got, c.want); err != nil {
		return fmt.Errorf("%s: %w", c.label, err)
	}
	return nil
}

// outboxDrained waits until every committed message was sent.
func (e *e2e) outboxDrained(ctx context.Context) error {
	sctx, cancel := context.WithTimeout(ctx, e2eStepTimeout)
	defer cancel()
	return until(sctx, "an empty outbox", func() (bool, error) {
		var n int
		err := e.db.QueryRowContext(sctx, `SELECT count(*) FROM outbox`).Scan(&n)
		return err == nil && n == 0, err
	})
}

// deskState is what the desk changes on an order.
type deskState struct {
	status, tracking string
	deliveredAt      sql.NullTime
	events           []orderEvent
}

type orderEvent struct {
	at                    time.Time
	actor, action, detail string
}

func (s deskState) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "status %q, tracking %q, delivered_at %v, events:", s.status, s.tracking, s.deliveredAt)
	for _, ev := range s.events {
		fmt.Fprintf(&b, " [%s by %q: %q]", ev.action, ev.actor, ev.detail)
	}
	if len(s.events) == 0 {
		b.WriteString(" none")
	}
	return b.String()
}

func (e *e2e) deskOrder(ctx context.Context, id int64) (deskState, error) {
	var s deskState
	err := e.db.QueryRowContext(ctx, `SELECT status, tracking, delivered_at FROM orders WHERE id = $1`, id).
		Scan(&s.status, &s.tracking, &s.deliveredAt)
	if err != nil {
		return s, fmt.Errorf("order %d: %w", id, err)
	}
	rows, err := e.db.QueryContext(ctx, `SELECT at, actor, action, detail FROM order_events WHERE order_id = $1 ORDER BY id`, id)
	if err != nil {
		return s, fmt.Errorf("order %d events: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var ev orderEvent
		if err := rows.Scan(&ev.at, &ev.actor, &ev.action, &ev.detail); err != nil {
			return s, err
		}
		s.events = append(s.events, ev)
	}
	return s, rows.Err()
}

// checkDelivered checks the order's end state in Postgres.
func (e *e2e) checkDelivered(ctx context.Context, id int64, num string, c *customer) {
	t := e.t
	t.Helper()
	o, err := e.deskOrder(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if o.status != string(shop.Delivered) || o.tracking != e2eTracking || !o.deliveredAt.Valid {
		t.Errorf("order %s = %s; want delivered, tracking %s, delivered_at set", num, o, e2eTracking)
	}
	var actions []string
	for _, ev := range o.events {
		actions = append(actions, ev.action)
		if strings.TrimSpace(ev.actor) == "" {
			t.Errorf("order %s: event %q has no actor", num, ev.action)
		}
		if !strings.Contains(ev.actor, strconv.FormatInt(telegramtest.GroupUserID, 10)) {
			t.Errorf("order %s: event %q by %q, want the staff member (user %d)", num, ev.action, ev.actor, telegramtest.GroupUserID)
		}
		if strings.Contains(ev.actor, strconv.FormatInt(c.chat, 10)) {
			t.Errorf("order %s: event %q recorded as done by %s", num, ev.action, c.label)
		}
		if ev.at.IsZero() {
			t.Errorf("order %s: event %q has no time", num, ev.action)
		}
	}
	if want := []string{string(shop.Shipped), string(shop.Delivered)}; !slices.Equal(actions, want) {
		t.Errorf("order %s audit trail %q, want %q: %s", num, actions, want, o)
	} else {
		if o.events[0].detail != e2eTracking {
			t.Errorf("order %s: shipped event detail %q, want the tracking number %s", num, o.events[0].detail, e2eTracking)
		}
		if o.events[1].at.Before(o.events[0].at) {
			t.Errorf("order %s: delivered (%v) before shipped (%v)", num, o.events[1].at, o.events[0].at)
		}
		if d := o.deliveredAt.Time.Sub(o.events[1].at); d < -time.Second || d > time.Second {
			t.Errorf("order %s: delivered_at %v, but the delivered event is at %v", num, o.deliveredAt.Time, o.events[1].at)
		}
	}
}

// checkTrackingMail checks that exactly one mail went out: from SMTP_FROM
// to c's e-mail, its subject naming the order, its text part the tracking
// number.
func (e *e2e) checkTrackingMail(msgs []emailtest.Message, c *customer, num string) {
	t := e.t
	t.Helper()
	if len(msgs) != 1 {
		t.Errorf("the mail server got %d mails, want 1", len(msgs))
		if len(msgs) == 0 {
			return
		}
	}
	m := msgs[0]
	if want := "Lete_store@mail.ru"; m.From != want || !slices.Equal(m.To, []string{c.email}) {
		t.Errorf("mail envelope %q → %q, want %q → [%q]", m.From, m.To, want, c.email)
	}
	pm, err := parseMail(m.Data)
	if err != nil {
		t.Fatalf("the mail does not parse: %v\n%s", err, m.Data)
	}
	if pm.from == nil || pm.from.Address != "Lete_store@mail.ru" || pm.from.Name != "Lete store" {
		t.Errorf("mail From: %v, want %s", pm.from, e2eMailFrom)
	}
	if len(pm.to) != 1 || pm.to[0].Address != c.email {
		t.Errorf("mail To: %v, want %s", pm.to, c.email)
	}
	if !strings.Contains(pm.subject, num) || !strings.Contains(pm.subject, "отправлен") {
		t.Errorf("mail subject %q does not say order %s was shipped", pm.subject, num)
	}
	if len(pm.plain) != 1 {
		t.Errorf("the mail has %d text/plain parts, want 1:\n%s", len(pm.plain), m.Data)
		if len(pm.plain) == 0 {
			return
		}
	}
	text := pm.plain[0]
	for _, want := range []string{e2eTracking, num, c.name} {
		if !strings.Contains(text, want) {
			t.Errorf("the mail's text does not contain %q:\n%s", want, text)
		}
	}
	for _, h := range pm.html {
		if !strings.Contains(h, e2eTracking) {
			t.Errorf("the mail's HTML part does not contain %q:\n%s", e2eTracking, h)
		}
	}
	t.Logf("tracking mail: %q; text/plain %d bytes, text/html parts %d", pm.subject, len(text), len(pm.html))
}

// parsedMail is a mail's headers decoded and its text parts, each decoded
// from its transfer encoding.
type parsedMail struct {
	subject     string
	from        *mail.Address
	to          []*mail.Address
	plain, html []string
}

// parseMail reads an RFC 5322 message: encoded words in the headers, a
// single part or a (nested) multipart body, quoted-printable or base64
// parts in UTF-8.
func parseMail(data []byte) (*parsedMail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	pm := &parsedMail{}
	dec := new(mime.WordDecoder)
	if pm.subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("Subject: %w", err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil {
		return nil, fmt.Errorf("From: %w", err)
	}
	if len(from) != 1 {
		return nil, fmt.Errorf("From: %d addresses", len(from))
	}
	pm.from = from[0]
	if pm.to, err = msg.Header.AddressList("To"); err != nil {
		return nil, fmt.Errorf("To: %w", err)
	}
	err = pm.part(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, 0)
	return pm, err
}

func (pm *parsedMail) part(contentType, cte string, body io.Reader, depth int) error {
	if contentType == "" {
		contentType = "text/plain; charset=us-ascii"
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("Content-Type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		if depth > 5 {
			return fmt.Errorf("multipart nested too deep")
		}
		if params["boundary"] == "" {
			return fmt.Errorf("%s without a boundary", mt)
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart() // decoded below, whatever the encoding
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", mt, err)
			}
			if err := pm.part(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1); err != nil {
				return err
			}
		}
	}
	switch enc := strings.ToLower(strings.TrimSpace(cte)); enc {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // skips line breaks
	case "", "7bit", "8bit", "binary":
	default:
		return fmt.Errorf("%s part in unknown encoding %q", mt, cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("%s part (%s): %w", mt, cte, err)
	}
	if cs := strings.ToLower(params["charset"]); mt == "text/plain" || mt == "text/html" {
		if cs != "utf-8" && cs != "us-ascii" {
			return fmt.Errorf("%s part in charset %q, want utf-8", mt, cs)
		}
	}
	switch mt {
	case "text/plain":
		pm.plain = append(pm.plain, string(b))
	case "text/html":
		pm.html = append(pm.html, string(b))
	}
	return nil
}
