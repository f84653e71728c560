package emailtest_test

import (
	"errors"
	"net/smtp"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot/email/emailtest"
)

const body = "Subject: hi\r\n\r\nСәлем!\r\n.dot line\r\n"

func TestDelivery(t *testing.T) {
	srv := emailtest.Start(t)
	to := []string{"a@example.kz", "b@example.kz"}
	if err := smtp.SendMail(srv.Addr, nil, "shop@example.kz", to, []byte(body)); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("messages = %d, want 1", len(msgs))
	}
	m := msgs[0]
	if m.From != "shop@example.kz" || !slices.Equal(m.To, to) || m.User != "" {
		t.Errorf("envelope = %q -> %q (user %q)", m.From, m.To, m.User)
	}
	if string(m.Data) != body {
		t.Errorf("data = %q, want %q (dot-unstuffed)", m.Data, body)
	}
	if !srv.WaitIdle(2 * time.Second) {
		t.Error("connection still open after QUIT")
	}
	want := []string{"CONNECT", "MAIL shop@example.kz", "RCPT a@example.kz", "RCPT b@example.kz", "DATA", "LOGOUT"}
	if got := srv.Events(); !slices.Equal(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
	if total, open := srv.Conns(); total != 1 || open != 0 {
		t.Errorf("conns = %d total, %d open", total, open)
	}
}

func code(err error) int {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}

func TestRefuse(t *testing.T) {
	srv := emailtest.Start(t)

	srv.Refuse(emailtest.StageRcpt, emailtest.Refusal{Code: 550, Enhanced: "5.1.1", Text: "<b@example.kz>: no such user", Only: "B@example.kz"})
	if err := smtp.SendMail(srv.Addr, nil, "shop@example.kz", []string{"a@example.kz"}, []byte(body)); err != nil {
		t.Fatalf("a recipient Only does not name: %v", err)
	}
	err := smtp.SendMail(srv.Addr, nil, "shop@example.kz", []string{"b@example.kz"}, []byte(body))
	if code(err) != 550 || !strings.Contains(err.Error(), "5.1.1 <b@example.kz>: no such user") {
		t.Errorf("refused RCPT: %v", err)
	}
	srv.Accept(emailtest.StageRcpt)

	srv.Refuse(emailtest.StageData, emailtest.Refusal{Code: 451, Text: "try later"})
	err = smtp.SendMail(srv.Addr, nil, "shop@example.kz", []string{"b@example.kz"}, []byte(body))
	if code(err) != 451 || !strings.Contains(err.Error(), "4.0.0 try later") {
		t.Errorf("refused DATA: %v", err)
	}
	srv.Accept(emailtest.StageData)

	srv.Refuse(emailtest.StageMail, emailtest.Refusal{Code: 421})
	err = smtp.SendMail(srv.Addr, nil, "shop@example.kz", []string{"b@example.kz"}, []byte(body))
	if code(err) != 421 {
		t.Errorf("refused MAIL: %v", err)
	}
	srv.Accept(emailtest.StageMail)

	if err := smtp.SendMail(srv.Addr, nil, "shop@example.kz", []string{"b@example.kz"}, []byte(body)); err != nil {
		t.Fatalf("after Accept: %v", err)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("messages = %d, want the 2 accepted", n)
	}
	if ev := srv.Events(); !slices.Contains(ev, "REFUSED RCPT 550") || !slices.Contains(ev, "REFUSED DATA 451") || !slices.Contains(ev, "REFUSED MAIL 421") {
		t.Errorf("events = %q", ev)
	}
}

// loginAuth is AUTH LOGIN for net/smtp, which has none.
type loginAuth struct{ user, password string }

func (a loginAuth) Start(*smtp.ServerInfo) (string, []byte, error) { return "LOGIN", nil, nil }
func (a loginAuth) Next(challenge []byte, more bool) ([]byte, error) {
	switch {
	case !more:
		return nil, nil
	case string(challenge) == "Username:":
		return []byte(a.user), nil
	case string(challenge) == "Password:":
		return []byte(a.password), nil
	}
	return nil, errors.New("unexpected challenge " + string(challenge))
}

func TestAuth(t *testing.T) {
	const user, pass = "shop@example.kz", "p@ss:wörd/1"
	auths := map[string]func(user, pass string) smtp.Auth{
		"PLAIN":    func(u, p string) smtp.Auth { return smtp.PlainAuth("", u, p, "127.0.0.1") },
		"LOGIN":    func(u, p string) smtp.Auth { return loginAuth{u, p} },
		"CRAM-MD5": func(u, p string) smtp.Auth { return smtp.CRAMMD5Auth(u, p) },
	}
	for mech, auth := range auths {
		t.Run(mech, func(t *testing.T) {
			srv := emailtest.Start(t, emailtest.WithAuth(user, pass, mech))

			err := smtp.SendMail(srv.Addr, nil, "shop@example.kz", []string{"a@example.kz"}, []byte(body))
			if code(err) != 530 {
				t.Errorf("MAIL without AUTH: %v, want 530", err)
			}
			err = smtp.SendMail(srv.Addr, auth(user, "wrong"), "shop@example.kz", []string{"a@example.kz"}, []byte(body))
			if code(err) != 535 {
				t.Errorf("wrong password: %v, want 535", err)
			}
			if err := smtp.SendMail(srv.Addr, auth(user, pass), "shop@example.kz", []string{"a@example.kz"}, []byte(body)); err != nil {
				t.Fatalf("right password: %v", err)
			}
			want := []emailtest.Auth{{Mechanism: mech, User: user, OK: false}, {Mechanism: mech, User: user, OK: true}}
			if got := srv.Auths(); !slices.Equal(got, want) {
				t.Errorf("auths = %+v, want %+v", got, want)
			}
			if msgs := srv.Messages(); len(msgs) != 1 || msgs[0].User != user {
				t.Errorf("messages = %+v, want one from %s", msgs, user)
			}
		})
	}

	t.Run("unknown mechanism", func(t *testing.T) {
		srv := emailtest.Start(t, emailtest.WithAuth(user, pass, "CRAM-MD5"))
		err := smtp.SendMail(srv.Addr, auths["PLAIN"](user, pass), "shop@example.kz", []string{"a@example.kz"}, []byte(body))
		if code(err) != 504 {
			t.Errorf("PLAIN when only CRAM-MD5 is offered: %v, want 504", err)
		}
	})
}

func TestHangUpAfterData(t *testing.T) {
	srv := emailtest.Start(t, emailtest.HangUpAfterData())
	c, err := smtp.Dial(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail("shop@example.kz"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("a@example.kz"); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("the message is accepted before the hang-up: %v", err)
	}
	if err := c.Reset(); err == nil {
		t.Error("RSET after the hang-up succeeded")
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("messages = %d, want 1", n)
	}
	if !srv.WaitIdle(2 * time.Second) {
		t.Error("the server did not hang up")
	}
}

func TestURL(t *testing.T) {
	srv := emailtest.Start(t)
	if got, want := srv.URL("", ""), "smtp://"+srv.Addr; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	u, err := url.Parse(srv.URL("shop@example.kz", "p@ss:wörd/1"))
	if err != nil {
		t.Fatal(err)
	}
	if pass, _ := u.User.Password(); u.User.Username() != "shop@example.kz" || pass != "p@ss:wörd/1" || u.Host != srv.Addr {
		t.Errorf("URL with a user = %s", u)
	}
}

// rawMail is a mail as clients send it: text and HTML alternatives, then
// attachments named in the three ways names travel.
const rawMail = "From: shop@example.kz\r\n" +
	"To: a@example.kz\r\n" +
	"Subject: =?UTF-8?q?=D0=97=D0=B0=D1=8F=D0=B2=D0=BB=D0=B5=D0=BD=D0=B8=D0=B5?=\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=outer\r\n" +
	"\r\n" +
	"--outer\r\n" +
	"Content-Type: multipart/alternative; boundary=inner\r\n" +
	"\r\n" +
	"--inner\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"=D0=A1=D3=99=D0=BB=D0=B5=D0=BC!\r\n" +
	"--inner\r\n" +
	"Content-Type: text/html; charset=UTF-8\r\n" +
	"\r\n" +
	"<p>hi</p>\r\n" +
	"--inner--\r\n" +
	"--outer\r\n" +
	"Content-Type: application/pdf; name=\"form.pdf\"\r\n" +
	"Content-Disposition: attachment; filename=\"form.pdf\"\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"JVBERi0x\r\n" +
	"LjQK\r\n" +
	"--outer\r\n" +
	"Content-Type: image/jpeg\r\n" +
	"Content-Disposition: attachment;\r\n" +
	" filename*=UTF-8''%D0%BA%D1%83%D3%99%D0%BB%D1%96%D0%BA.jpg;\r\n" +
	" filename=\"=?UTF-8?b?0LrRg9OZ0LvRltC6LmpwZw==?=\"\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"/9j/\r\n" +
	"--outer\r\n" +
	"Content-Type: text/plain; name=\"=?UTF-8?q?=D1=87=D0=B5=D0=BA.txt?=\"\r\n" +
	"Content-Disposition: attachment\r\n" +
	"\r\n" +
	"check\r\n" +
	"--outer--\r\n"

func TestParse(t *testing.T) {
	srv := emailtest.Start(t)
	if err := smtp.SendMail(srv.Addr, nil, "shop@example.kz", []string{"a@example.kz"}, []byte(rawMail)); err != nil {
		t.Fatal(err)
	}
	m, err := srv.Messages()[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Заявление" || m.Type != "multipart/mixed" || m.Header.Get("To") != "a@example.kz" {
		t.Errorf("subject %q, type %q, To %q", m.Subject, m.Type, m.Header.Get("To"))
	}
	if got := m.Text("text/plain"); !slices.Equal(got, []string{"Сәлем!"}) {
		t.Errorf("text/plain %q", got)
	}
	if got := m.Text("text/html"); !slices.Equal(got, []string{"<p>hi</p>"}) {
		t.Errorf("text/html %q", got)
	}
	type file struct{ name, typ, data string }
	var got []file
	for _, a := range m.Attachments() {
		got = append(got, file{a.FileName, a.Type, string(a.Data)})
	}
	want := []file{
		{"form.pdf", "application/pdf", "%PDF-1.4\n"},
		{"куәлік.jpg", "image/jpeg", "\xff\xd8\xff"},
		{"чек.txt", "text/plain", "check"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("attachments\n%q\nwant\n%q", got, want)
	}
	if n := len(m.Parts); n != 5 {
		t.Errorf("%d parts, want 5", n)
	}
}

func TestParseRejects(t *testing.T) {
	for name, data := range map[string]string{
		"no boundary":   "Content-Type: multipart/mixed\r\n\r\nx\r\n",
		"unknown CTE":   "Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nx\r\n",
		"bad base64":    "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n",
		"bad type":      "Content-Type: text/\r\n\r\nx\r\n",
		"no header end": "Subject",
	} {
		if _, err := (emailtest.Message{Data: []byte(data)}).Parse(); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
	m, err := (emailtest.Message{Data: []byte("Subject: plain\r\n\r\nhello\r\n")}).Parse()
	if err != nil || m.Type != "text/plain" || !slices.Equal(m.Text("text/plain"), []string{"hello\n"}) || len(m.Attachments()) != 0 {
		t.Errorf("a plain mail: %+v, %v", m, err)
	}
}
