package email_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/email"
	"github.com/lete-store/letebot/bot/email/emailtest"
)

const (
	ref     = "LT-00042"
	shop    = "Lete store <shop@example.kz>"
	subject = "Lete store: заказ LT-00042 отправлен"
	text    = "Сәлеметсіз бе, Айгерім!\nЗаказ LT-00042 отправлен.\n\nБақылау нөмірі: 1234567890\nРахмет!"
	// The recipient: no error may carry any of these.
	rcptName  = "Айгерім Серікова"
	rcptLocal = "aigerim.serikova"
	rcptAddr  = rcptLocal + "@example.kz"
)

var rcptSecrets = []string{rcptAddr, rcptLocal, rcptName}

func newChannel(t *testing.T, url string) *email.Channel {
	t.Helper()
	c, err := email.New(email.Config{URL: url, From: shop})
	if err != nil {
		t.Fatalf("New(%q): %v", url, err)
	}
	return c
}

func reply(to string) bot.Reply {
	return bot.Reply{Text: text, Mail: &bot.Mail{To: to, Subject: subject}}
}

// noLeak fails when err's text carries any of secrets.
func noLeak(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	msg := strings.ToLower(err.Error())
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, strings.ToLower(s)) {
			t.Errorf("error %q carries %q", err, s)
		}
	}
}

// transient checks err is a failure worth retrying that names the order
// and not the recipient.
func transient(t *testing.T, err error) {
	t.Helper()
	switch {
	case err == nil:
		t.Fatal("Send succeeded")
	case errors.Is(err, bot.ErrPermanent):
		t.Errorf("error %q is permanent, want a retry", err)
	}
	if !strings.Contains(err.Error(), ref) {
		t.Errorf("error %q does not name the order %s", err, ref)
	}
	noLeak(t, err, rcptSecrets...)
}

// part is one decoded MIME part.
type part struct {
	mediaType string
	charset   string
	cte       string
	body      string // decoded, CRLF line ends made LF
}

// parse reads a mail as the server got it and decodes its
// multipart/alternative body.
func parse(t *testing.T, data []byte) (*mail.Message, []part) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("net/mail cannot read the mail: %v\n%s", err, data)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" || params["boundary"] == "" {
		t.Fatalf("Content-Type %q (%v), want multipart/alternative with a boundary", msg.Header.Get("Content-Type"), err)
	}
	var parts []part
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart() // raw: decode per Content-Transfer-Encoding here
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("multipart: %v", err)
		}
		raw, err := io.ReadAll(p)
		if err != nil {
			t.Fatalf("multipart: %v", err)
		}
		pmt, pparams, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("part Content-Type %q: %v", p.Header.Get("Content-Type"), err)
		}
		cte := strings.ToLower(p.Header.Get("Content-Transfer-Encoding"))
		var body []byte
		switch cte {
		case "quoted-printable":
			body, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
		case "base64":
			body, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
		case "", "7bit", "8bit":
			body = raw
		default:
			t.Fatalf("part %s: unexpected Content-Transfer-Encoding %q", pmt, cte)
		}
		if err != nil {
			t.Fatalf("part %s: decoding %s: %v", pmt, cte, err)
		}
		parts = append(parts, part{mediaType: pmt, charset: pparams["charset"], cte: cte, body: strings.ReplaceAll(string(body), "\r\n", "\n")})
	}
	return msg, parts
}

func TestSendDelivers(t *testing.T) {
	long := strings.Repeat("Бақылау нөмірі 1234567890, ", 30) // one 800-byte line
	tests := []struct {
		name             string
		from, to         string
		subject, text    string
		wantFrom, wantTo mail.Address
		htmlHas          []string
	}{{
		name: "Russian and Kazakh", from: "Lete store <Lete_store@mail.ru>", to: rcptAddr,
		subject: subject, text: text,
		wantFrom: mail.Address{Name: "Lete store", Address: "Lete_store@mail.ru"},
		wantTo:   mail.Address{Address: rcptAddr},
		htmlHas: []string{
			"<p>Сәлеметсіз бе, Айгерім!<br>\nЗаказ LT-00042 отправлен.</p>",
			"<p>Бақылау нөмірі: 1234567890<br>\nРахмет!</p>",
			"<title>Lete store: заказ LT-00042 отправлен</title>",
		},
	}, {
		name: "names, markup, a long line, dots", from: "Лете стор <shop@example.kz>", to: rcptName + " <" + rcptAddr + ">",
		subject:  `Заказ <LT-00042> & "подарок"`,
		text:     "Сәлем, <b>Айгерім</b> & \"сіз\"!\n" + long + "\n.\n.точка\nFrom the shop\n\n\tКеліңіз  ",
		wantFrom: mail.Address{Name: "Лете стор", Address: "shop@example.kz"},
		wantTo:   mail.Address{Name: rcptName, Address: rcptAddr},
		htmlHas: []string{
			"<p>Сәлем, &lt;b&gt;Айгерім&lt;/b&gt; &amp; &#34;сіз&#34;!<br>\n",
			"<br>\n.<br>\n.точка<br>\nFrom the shop</p>",
			"<title>Заказ &lt;LT-00042&gt; &amp; &#34;подарок&#34;</title>",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emailtest.Start(t)
			c, err := email.New(email.Config{URL: srv.URL("", ""), From: tt.from})
			if err != nil {
				t.Fatal(err)
			}
			if c.Name() != email.Name || email.Name != "email" {
				t.Errorf("Name() = %q", c.Name())
			}
			sent := time.Now()
			if err := c.Send(context.Background(), ref, bot.Reply{Text: tt.text, Mail: &bot.Mail{To: tt.to, Subject: tt.subject}}); err != nil {
				t.Fatalf("Send: %v", err)
			}
			msgs := srv.Messages()
			if len(msgs) != 1 {
				t.Fatalf("the server got %d mails, want 1", len(msgs))
			}
			m := msgs[0]
			if m.From != tt.wantFrom.Address || !slices.Equal(m.To, []string{tt.wantTo.Address}) {
				t.Errorf("envelope %q -> %q, want %q -> %q", m.From, m.To, tt.wantFrom.Address, tt.wantTo.Address)
			}
			for i, line := range strings.Split(string(m.Data), "\r\n") {
				if len(line) > 998 {
					t.Errorf("line %d is %d bytes long (RFC 5322: at most 998)", i, len(line))
				}
			}
			if i := bytes.IndexFunc(m.Data, func(r rune) bool { return r >= 0x80 }); i >= 0 {
				t.Errorf("8-bit data at byte %d; the server did not get the text encoded", i)
			}

			msg, parts := parse(t, m.Data)
			h := msg.Header
			if from, err := h.AddressList("From"); err != nil || len(from) != 1 || *from[0] != tt.wantFrom {
				t.Errorf("From %q = %v (%v), want %v", h.Get("From"), from, err, tt.wantFrom)
			}
			if to, err := h.AddressList("To"); err != nil || len(to) != 1 || *to[0] != tt.wantTo {
				t.Errorf("To %q = %v (%v), want %v", h.Get("To"), to, err, tt.wantTo)
			}
			var dec mime.WordDecoder
			if subj, err := dec.DecodeHeader(h.Get("Subject")); err != nil || subj != tt.subject {
				t.Errorf("Subject %q decodes to %q (%v), want %q", h.Get("Subject"), subj, err, tt.subject)
			}
			if date, err := h.Date(); err != nil || date.Before(sent.Add(-time.Minute)) || date.After(time.Now().Add(time.Minute)) {
				t.Errorf("Date %q = %v (%v), want about now", h.Get("Date"), date, err)
			}
			if id := h.Get("Message-Id"); !regexp.MustCompile(`^<[^<>@\s]+@[^<>@\s]+>$`).MatchString(id) {
				t.Errorf("Message-ID %q", id)
			}
			if v := h.Get("Mime-Version"); v != "1.0" {
				t.Errorf("MIME-Version %q", v)
			}
			for _, k := range []string{"Bcc", "Cc", "User-Agent", "X-Mailer"} {
				if v, ok := h[k]; ok {
					t.Errorf("header %s: %q", k, v)
				}
			}

			if len(parts) != 2 || parts[0].mediaType != "text/plain" || parts[1].mediaType != "text/html" {
				t.Fatalf("parts %+v, want text/plain then text/html", parts)
			}
			for _, p := range parts {
				if !strings.EqualFold(p.charset, "utf-8") {
					t.Errorf("%s charset %q, want UTF-8", p.mediaType, p.charset)
				}
			}
			if parts[0].body != tt.text {
				t.Errorf("text/plain (%s) decodes to\n%q\nwant\n%q", parts[0].cte, parts[0].body, tt.text)
			}
			if want := email.HTML(tt.subject, tt.text); parts[1].body != want {
				t.Errorf("text/html (%s) decodes to\n%q\nwant email.HTML:\n%q", parts[1].cte, parts[1].body, want)
			}
			for _, s := range tt.htmlHas {
				if !strings.Contains(parts[1].body, s) {
					t.Errorf("text/html lacks %q:\n%s", s, parts[1].body)
				}
			}
			if !srv.WaitIdle(2 * time.Second) {
				t.Error("the connection is still open after Send")
			}
		})
	}
}

// A line break in the subject or the address must not add a header.
func TestSendNoHeaderInjection(t *testing.T) {
	srv := emailtest.Start(t)
	c := newChannel(t, srv.URL("", ""))
	subj := "Заказ LT-00042\r\nBcc: evil@example.com\r\n\r\nbody"
	if err := c.Send(context.Background(), ref, bot.Reply{Text: text, Mail: &bot.Mail{To: rcptAddr, Subject: subj}}); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || !slices.Equal(msgs[0].To, []string{rcptAddr}) {
		t.Fatalf("mails %+v, want one to %s", msgs, rcptAddr)
	}
	msg, parts := parse(t, msgs[0].Data)
	if _, ok := msg.Header["Bcc"]; ok {
		t.Errorf("the subject injected a Bcc header")
	}
	if len(parts) != 2 || parts[0].body != text {
		t.Errorf("the subject changed the body: %+v", parts)
	}

	err := c.Send(context.Background(), ref, bot.Reply{Text: text, Mail: &bot.Mail{To: rcptAddr + "\r\nBcc: evil@example.com", Subject: subject}})
	if !errors.Is(err, bot.ErrPermanent) {
		t.Errorf("an address with a line break: %v, want ErrPermanent", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d mails, want the one", n)
	}
}

func TestSendAuth(t *testing.T) {
	const user, pass = "Lete_store@mail.ru", "p@ss:wörd/1%"

	t.Run("CRAM-MD5 over the plain connection", func(t *testing.T) {
		srv := emailtest.Start(t, emailtest.WithAuth(user, pass, "CRAM-MD5"))
		c := newChannel(t, srv.URL(user, pass)) // the password is URL-escaped
		if err := c.Send(context.Background(), ref, reply(rcptAddr)); err != nil {
			t.Fatalf("Send: %v", err)
		}
		if got, want := srv.Auths(), []emailtest.Auth{{Mechanism: "CRAM-MD5", User: user, OK: true}}; !slices.Equal(got, want) {
			t.Errorf("auths %+v, want %+v", got, want)
		}
		if msgs := srv.Messages(); len(msgs) != 1 || msgs[0].User != user {
			t.Errorf("mails %+v, want one sent as %s", msgs, user)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		srv := emailtest.Start(t, emailtest.WithAuth(user, pass, "CRAM-MD5"))
		c := newChannel(t, srv.URL(user, "wrong-secret"))
		err := c.Send(context.Background(), ref, reply(rcptAddr))
		transient(t, err) // a configuration error: retried until fixed
		noLeak(t, err, "wrong-secret", pass)
		if !strings.Contains(err.Error(), "535") || !strings.Contains(err.Error(), "AUTH") {
			t.Errorf("error %q does not say the login was refused", err)
		}
		if len(srv.Messages()) != 0 || !slices.Contains(srv.Events(), "AUTH CRAM-MD5 "+user+" failed") {
			t.Errorf("events %q", srv.Events())
		}
		if !srv.WaitIdle(2 * time.Second) {
			t.Error("the connection is still open after Send")
		}
	})

	// go-mail's auto-discovery never picks PLAIN or LOGIN on a connection
	// without TLS, so a server (or local relay) that offers only those
	// without STARTTLS cannot be logged in to. The password is not sent.
	for _, mechs := range [][]string{{"PLAIN"}, {"LOGIN"}, {"PLAIN", "LOGIN"}} {
		t.Run(strings.Join(mechs, "+")+" without TLS", func(t *testing.T) {
			srv := emailtest.Start(t, emailtest.WithAuth(user, pass, mechs...))
			c := newChannel(t, srv.URL(user, pass))
			err := c.Send(context.Background(), ref, reply(rcptAddr))
			transient(t, err)
			noLeak(t, err, pass)
			if !strings.Contains(err.Error(), "authentication mechanism") {
				t.Errorf("error %q does not say why it cannot log in", err)
			}
			if a := srv.Auths(); len(a) != 0 {
				t.Errorf("the password went out unencrypted: %+v", a)
			}
			if len(srv.Messages()) != 0 {
				t.Error("a mail went through")
			}
			if !srv.WaitIdle(2 * time.Second) {
				t.Error("the connection is left open after Send gave up (go-mail's DialToSMTPClientWithContext does not close it when AUTH discovery fails)")
			}
		})
	}

	t.Run("credentials but no AUTH offered", func(t *testing.T) {
		srv := emailtest.Start(t)
		c := newChannel(t, srv.URL(user, pass))
		err := c.Send(context.Background(), ref, reply(rcptAddr))
		transient(t, err)
		noLeak(t, err, pass)
		if !strings.Contains(err.Error(), "AUTH") {
			t.Errorf("error %q does not mention AUTH", err)
		}
		if len(srv.Messages()) != 0 {
			t.Error("a mail went through without the login asked for")
		}
	})

	// A server that wants a login the URL lacks refuses MAIL with 530: a
	// 5xx, hence permanent, so each mail is dropped (and staff alerted)
	// until the configuration is fixed.
	t.Run("AUTH required, no credentials", func(t *testing.T) {
		srv := emailtest.Start(t, emailtest.WithAuth(user, pass, "CRAM-MD5"))
		c := newChannel(t, srv.URL("", ""))
		err := c.Send(context.Background(), ref, reply(rcptAddr))
		if !errors.Is(err, bot.ErrPermanent) || !strings.Contains(err.Error(), "530") {
			t.Errorf("error %v, want ErrPermanent naming the 530", err)
		}
		noLeak(t, err, rcptSecrets...)
	})
}

func TestSendRefused(t *testing.T) {
	echo := "<" + rcptAddr + ">: Recipient address rejected: " + rcptName // servers echo the address
	tests := []struct {
		stage     emailtest.Stage
		refusal   emailtest.Refusal
		permanent bool
		want      string // in the error
	}{
		{emailtest.StageRcpt, emailtest.Refusal{Code: 550, Enhanced: "5.1.1", Text: echo}, true, "SMTP 550 5.1.1"},
		{emailtest.StageRcpt, emailtest.Refusal{Code: 553, Enhanced: "5.1.3", Text: echo}, true, "SMTP 553 5.1.3"},
		{emailtest.StageRcpt, emailtest.Refusal{Code: 451, Enhanced: "4.7.1", Text: echo + " greylisted"}, false, "SMTP 451 4.7.1"},
		{emailtest.StageRcpt, emailtest.Refusal{Code: 452, Enhanced: "4.2.2", Text: echo + " mailbox full"}, false, "SMTP 452 4.2.2"},
		{emailtest.StageRcpt, emailtest.Refusal{Code: 421, Text: "shutting down"}, false, "SMTP 421"},
		{emailtest.StageMail, emailtest.Refusal{Code: 550, Enhanced: "5.7.1", Text: "sender rejected"}, true, "SMTP 550 5.7.1"},
		{emailtest.StageMail, emailtest.Refusal{Code: 451, Text: "try later"}, false, "SMTP 451"},
		{emailtest.StageData, emailtest.Refusal{Code: 554, Enhanced: "5.7.1", Text: "spam for " + rcptAddr}, true, "SMTP 554 5.7.1"},
		{emailtest.StageData, emailtest.Refusal{Code: 451, Enhanced: "4.3.0", Text: "queue full for " + rcptAddr}, false, "SMTP 451 4.3.0"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %d", tt.stage, tt.refusal.Code), func(t *testing.T) {
			srv := emailtest.Start(t)
			srv.Refuse(tt.stage, tt.refusal)
			c := newChannel(t, srv.URL("", ""))
			err := c.Send(context.Background(), ref, reply(rcptName+" <"+rcptAddr+">"))
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if errors.Is(err, bot.ErrPermanent) != tt.permanent {
				t.Errorf("error %q: permanent = %v, want %v", err, !tt.permanent, tt.permanent)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), ref) {
				t.Errorf("error %q, want it to name %q and the order %s", err, tt.want, ref)
			}
			noLeak(t, err, append(rcptSecrets, tt.refusal.Text)...)
			if ev := srv.Events(); !slices.Contains(ev, fmt.Sprintf("REFUSED %s %d", tt.stage, tt.refusal.Code)) {
				t.Errorf("the server did not refuse: %q", ev)
			}
			if len(srv.Messages()) != 0 {
				t.Error("the server kept the mail")
			}
			if !srv.WaitIdle(2 * time.Second) {
				t.Error("the connection is still open after Send")
			}

			srv.Accept(tt.stage) // the channel keeps working
			if err := c.Send(context.Background(), ref, reply(rcptAddr)); err != nil || len(srv.Messages()) != 1 {
				t.Errorf("Send after the refusal: %v, %d mails", err, len(srv.Messages()))
			}
		})
	}
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestSendServerDown(t *testing.T) {
	addr := closedAddr(t)
	for _, url := range []string{"smtp://" + addr, "smtps://" + addr, "smtp://user:secret@" + addr} {
		t.Run(url, func(t *testing.T) {
			c := newChannel(t, url)
			start := time.Now()
			err := c.Send(context.Background(), ref, reply(rcptName+" <"+rcptAddr+">"))
			transient(t, err)
			noLeak(t, err, "secret")
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("a refused connection took %v", d)
			}
		})
	}
}

// smtps:// to a server that speaks plain SMTP fails the TLS handshake.
func TestSendSMTPSToPlainServer(t *testing.T) {
	srv := emailtest.Start(t)
	c := newChannel(t, "smtps://"+srv.Addr)
	err := c.Send(context.Background(), ref, reply(rcptAddr))
	transient(t, err)
	if slices.ContainsFunc(srv.Events(), func(e string) bool { return strings.HasPrefix(e, "MAIL") }) {
		t.Errorf("the mail went out in the clear: %q", srv.Events())
	}
}

func TestSendNotAMail(t *testing.T) {
	tests := []struct {
		name string
		r    bot.Reply
	}{
		{"no Mail", bot.Reply{Text: text}},
		{"no address", bot.Reply{Text: text, Mail: &bot.Mail{Subject: subject}}},
		{"not an address", reply(rcptLocal)},
		{"unterminated", reply(rcptName + " <" + rcptAddr)},
		{"two addresses", reply(rcptAddr + ", other@example.kz")},
		{"a line break", reply(rcptAddr + "\r\nBcc: evil@example.com")},
		{"only spaces", reply("   ")},
	}
	srv := emailtest.Start(t)
	c := newChannel(t, srv.URL("", ""))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.Send(context.Background(), ref, tt.r)
			if !errors.Is(err, bot.ErrPermanent) {
				t.Fatalf("Send: %v, want ErrPermanent", err)
			}
			if !strings.Contains(err.Error(), ref) {
				t.Errorf("error %q does not name the order", err)
			}
			noLeak(t, err, rcptSecrets...)
		})
	}
	if total, _ := srv.Conns(); total != 0 {
		t.Errorf("%d connections to the server for mails that cannot go", total)
	}
}

// Send is called from many lanes at once.
func TestSendConcurrent(t *testing.T) {
	srv := emailtest.Start(t)
	c := newChannel(t, srv.URL("", ""))
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = c.Send(context.Background(), fmt.Sprintf("LT-%05d", i), reply(fmt.Sprintf("c%d@example.kz", i)))
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range srv.Messages() {
		got = append(got, m.To...)
	}
	slices.Sort(got)
	var want []string
	for i := range n {
		want = append(want, fmt.Sprintf("c%d@example.kz", i))
	}
	if !slices.Equal(got, want) {
		t.Errorf("recipients %q, want %q", got, want)
	}
}

// A server that accepted the mail and then dropped the connection (before
// RSET/QUIT) has the mail: Send must not report a failure, or the sender
// sends it again and the customer gets it twice.
func TestSendDeliveredThenHangUp(t *testing.T) {
	srv := emailtest.Start(t, emailtest.HangUpAfterData())
	c := newChannel(t, srv.URL("", ""))
	err := c.Send(context.Background(), ref, reply(rcptAddr))
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("the server got %d mails, want 1", n)
	}
	if err != nil {
		t.Errorf("Send = %v after the server accepted the mail (250 after DATA); the outbox will send it again", err)
	}
	noLeak(t, err, rcptSecrets...)
}

// stallServer accepts connections and never answers, like a server that
// hangs; closing it drops them.
func stallServer(t *testing.T) (addr string, drop func()) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
	}()
	drop = func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}
	t.Cleanup(drop)
	return l.Addr().String(), drop
}

// The sender cancels ctx to stop (after its shutdown grace): Send must give
// up then, not after its own 20-second timeout.
func TestSendHonoursContext(t *testing.T) {
	addr, drop := stallServer(t)
	c := newChannel(t, "smtp://"+addr)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- c.Send(ctx, ref, reply(rcptAddr)) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(3 * time.Second):
		t.Errorf("Send still blocked 3s after its context ended (it waits for the 20s SMTP timeout)")
		drop()
		err = <-done
	}
	transient(t, err)

	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	start := time.Now()
	err = c.Send(cancelled, ref, reply(rcptAddr))
	if err == nil || time.Since(start) > time.Second {
		t.Errorf("Send with a cancelled context: %v after %v", err, time.Since(start))
	}
}

func TestNew(t *testing.T) {
	good := []string{
		"smtp://127.0.0.1",
		"smtp://smtp.mail.ru:25",
		"smtp://user@smtp.mail.ru:587",
		"smtps://Lete_store%40mail.ru:p%40ss@smtp.mail.ru:465",
		"smtps://smtp.mail.ru",
		"SMTP://SMTP.MAIL.RU:587",
		"smtp://[::1]:2525",
	}
	for _, url := range good {
		if c, err := email.New(email.Config{URL: url, From: shop}); err != nil || c.Name() != "email" {
			t.Errorf("New(%q) = %v", url, err)
		}
	}

	bad := []string{
		"",
		"http://x",
		"smtp://",
		"smtps://",
		"smtp://host:notaport",
		"smtp://user:secret@host:notaport",
		"smtp://user:secret@",
		"smtp:host",
		"smtp.mail.ru:465",
		"ftp://user:secret@host:21",
		"smtp://host:99999", // out of range: only Send would find out
		"smtp://host:0",
		"smtp://host:99999999999999999999",
	}
	for _, url := range bad {
		c, err := email.New(email.Config{URL: url, From: shop})
		if err == nil {
			t.Errorf("New(%q) accepted it", url)
			if err := c.Send(context.Background(), ref, reply(rcptAddr)); err != nil {
				t.Logf("  Send then fails, for ever: %v", err)
			}
			continue
		}
		noLeak(t, err, "secret")
	}

	for _, from := range []string{"Lete store <Lete_store@mail.ru>", "shop@example.kz", "Лете стор <shop@example.kz>", "<shop@example.kz>"} {
		if _, err := email.New(email.Config{URL: "smtp://localhost:25", From: from}); err != nil {
			t.Errorf("From %q: %v", from, err)
		}
	}
	for _, from := range []string{"", "shop", "Lete store", "Lete store <shop@>", "shop@example.kz, other@example.kz", "<>", "shop@example.kz\r\nBcc: x@example.kz"} {
		if _, err := email.New(email.Config{URL: "smtp://localhost:25", From: from}); err == nil {
			t.Errorf("From %q accepted", from)
		}
	}
}

func TestHTML(t *testing.T) {
	const body = `<body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#222">`
	tests := []struct {
		name, subject, text string
		wantTitle, wantBody string
	}{
		{"one line", "Hi", "Hello", "Hi", "<p>Hello</p>"},
		{"line breaks", "s", "a\nb\nc", "s", "<p>a<br>\nb<br>\nc</p>"},
		{"paragraphs", "s", "a\n\nb\nc\n\nd", "s", "<p>a</p>\n<p>b<br>\nc</p>\n<p>d</p>"},
		{"trimmed", "s", "\n\n  x  \n\n", "s", "<p>x</p>"},
		{"script", "<script>alert(1)</script>", "<script>alert('x')</script>\n<img src=x onerror=alert(1)>",
			"&lt;script&gt;alert(1)&lt;/script&gt;",
			"<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;<br>\n&lt;img src=x onerror=alert(1)&gt;</p>"},
		{"entities", `Tom & "Jerry"`, `Tom & "Jerry" &amp;`, "Tom &amp; &#34;Jerry&#34;", "<p>Tom &amp; &#34;Jerry&#34; &amp;amp;</p>"},
		{"Kazakh", subject, text, subject,
			"<p>Сәлеметсіз бе, Айгерім!<br>\nЗаказ LT-00042 отправлен.</p>\n<p>Бақылау нөмірі: 1234567890<br>\nРахмет!</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := email.HTML(tt.subject, tt.text)
			want := `<!doctype html><html><head><meta charset="utf-8"><title>` + tt.wantTitle + `</title></head>` + body + tt.wantBody + "</body></html>"
			if got != want {
				t.Errorf("HTML(%q, %q) =\n%s\nwant\n%s", tt.subject, tt.text, got, want)
			}
			if strings.Contains(strings.ToLower(got), "<script") || strings.Contains(got, "<img") {
				t.Errorf("markup from the text survived: %s", got)
			}
		})
	}
}
