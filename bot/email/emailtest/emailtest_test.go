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
