// Package emailtest runs an in-process SMTP server for tests. It records the
// envelope, the authentication and the data of every message it accepts,
// can require AUTH (PLAIN, LOGIN or CRAM-MD5, over the plain local
// connection), and can be told to refuse MAIL, RCPT or DATA with any reply
// code, as a real server refuses an unknown mailbox (550) or greylists (451).
// Message.Parse reads an accepted mail as a mail client would: its decoded
// subject, its text parts and its attachments with their names, types and
// bytes.
package emailtest

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one accepted mail.
type Message struct {
	From string   // MAIL FROM
	To   []string // RCPT TO, in order
	Data []byte   // what came after DATA, dot-unstuffed, CRLF line ends
	User string   // the authenticated user; "" without AUTH
}

// Auth is one AUTH exchange.
type Auth struct {
	Mechanism string
	User      string
	OK        bool
}

// Stage is the command a Refusal answers.
type Stage string

// The stages a server can refuse.
const (
	StageMail Stage = "MAIL"
	StageRcpt Stage = "RCPT"
	StageData Stage = "DATA" // the reply after the message's final dot
)

// Refusal is a negative reply the server gives.
type Refusal struct {
	Code     int    // e.g. 550, 451
	Enhanced string // e.g. "5.1.1"; "" means <class>.0.0
	Text     string // the reply text; real servers often echo the address
	// Only, when set, refuses just this address (the argument of MAIL or
	// RCPT); the others are accepted.
	Only string
}

func (r Refusal) err() *smtp.SMTPError {
	enh := smtp.EnhancedCode{r.Code / 100, 0, 0}
	if r.Enhanced != "" {
		parts := strings.Split(r.Enhanced, ".")
		for i := 0; i < len(parts) && i < 3; i++ {
			enh[i], _ = strconv.Atoi(parts[i])
		}
	}
	text := r.Text
	if text == "" {
		text = "Refused by emailtest"
	}
	return &smtp.SMTPError{Code: r.Code, EnhancedCode: enh, Message: text}
}

// Option configures a Server.
type Option func(*Server)

// WithAuth makes the server offer AUTH with the given mechanisms (PLAIN,
// LOGIN and CRAM-MD5 are known; PLAIN when none is given) over the
// unencrypted connection, accept only user and password, and refuse MAIL
// before a successful AUTH with 530.
func WithAuth(user, password string, mechanisms ...string) Option {
	return func(s *Server) {
		if len(mechanisms) == 0 {
			mechanisms = []string{sasl.Plain}
		}
		s.user, s.password, s.mechs = user, password, mechanisms
	}
}

// HangUpAfterData makes the server accept each message (250 after the
// final dot) and then drop the connection before the client's next
// command, as a server that crashes or times out after queueing a mail.
func HangUpAfterData() Option {
	return func(s *Server) { s.hangUp = true }
}

// Server is a running test server.
type Server struct {
	// Addr is the server's host:port on the loopback interface.
	Addr string

	user, password string
	mechs          []string
	hangUp         bool

	srv  *smtp.Server
	l    net.Listener
	done chan struct{}

	mu       sync.Mutex
	refusals map[Stage]Refusal
	messages []Message
	auths    []Auth
	events   []string
	conns    int // sessions started
	open     int // sessions not yet logged out
}

// Start runs a server on 127.0.0.1 until the test ends.
func Start(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("emailtest: listen: %v", err)
	}
	s := &Server{Addr: l.Addr().String(), l: l, refusals: map[Stage]Refusal{}, done: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(l)
	}()
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server and drops its connections; Start arranges it.
func (s *Server) Close() {
	_ = s.srv.Close()
	_ = s.l.Close() // Close may come before Serve has taken the listener
	<-s.done
}

// URL is the smtp:// URL of the server; with a user, it carries user and
// password (escaped as a URL needs).
func (s *Server) URL(user, password string) string {
	u := url.URL{Scheme: "smtp", Host: s.Addr}
	if user != "" {
		u.User = url.UserPassword(user, password)
	}
	return u.String()
}

// Refuse makes the server answer every later command of the stage with r
// (or only the one naming r.Only).
func (s *Server) Refuse(stage Stage, r Refusal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refusals[stage] = r
}

// Accept undoes Refuse for the stage.
func (s *Server) Accept(stage Stage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.refusals, stage)
}

// Messages returns the accepted mails, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.messages)
}

// Auths returns the AUTH exchanges, oldest first.
func (s *Server) Auths() []Auth {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.auths)
}

// Events returns what the clients did, in order, one line each: "CONNECT",
// "AUTH <mech> <user> ok|failed", "MAIL <from>", "RCPT <to>", "DATA",
// "REFUSED <stage> <code>", "LOGOUT".
func (s *Server) Events() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.events)
}

// Conns returns how many connections reached EHLO, and how many of them
// are still open.
func (s *Server) Conns() (total, open int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns, s.open
}

// WaitIdle waits up to d for every connection to be closed, and reports
// whether they were.
func (s *Server) WaitIdle(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if _, open := s.Conns(); open == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *Server) event(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, fmt.Sprintf(format, args...))
}

// refusal returns the error to answer the stage with, if any.
func (s *Server) refusal(stage Stage, arg string) error {
	s.mu.Lock()
	r, ok := s.refusals[stage]
	s.mu.Unlock()
	if !ok || (r.Only != "" && !strings.EqualFold(r.Only, arg)) {
		return nil
	}
	s.event("REFUSED %s %d", stage, r.Code)
	return r.err()
}

type backend struct{ s *Server }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	b.s.mu.Lock()
	b.s.conns++
	b.s.open++
	b.s.events = append(b.s.events, "CONNECT")
	b.s.mu.Unlock()
	return &session{s: b.s, conn: c}, nil
}

type session struct {
	s    *Server
	conn *smtp.Conn

	user      string // after a successful AUTH
	from      string
	to        []string
	delivered bool // a message was accepted; HangUpAfterData hangs up
}

var _ smtp.AuthSession = (*session)(nil)

func (ss *session) AuthMechanisms() []string { return ss.s.mechs }

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if !slices.Contains(ss.s.mechs, mech) {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	check := func(user string, ok bool) error {
		ss.s.mu.Lock()
		ss.s.auths = append(ss.s.auths, Auth{Mechanism: mech, User: user, OK: ok})
		ss.s.events = append(ss.s.events, fmt.Sprintf("AUTH %s %s %s", mech, user, map[bool]string{true: "ok", false: "failed"}[ok]))
		ss.s.mu.Unlock()
		if !ok {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		ss.user = user
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(identity, user, password string) error {
			return check(user, user == ss.s.user && password == ss.s.password && (identity == "" || identity == user))
		}), nil
	case sasl.Login:
		return &loginServer{check: func(user, password string) error {
			return check(user, user == ss.s.user && password == ss.s.password)
		}}, nil
	case "CRAM-MD5":
		c := &cramMD5Server{challenge: fmt.Sprintf("<%d@localhost>", time.Now().UnixNano())}
		c.check = func(user string, digest []byte) error {
			mac := hmac.New(md5.New, []byte(ss.s.password))
			mac.Write([]byte(c.challenge))
			return check(user, user == ss.s.user && subtle.ConstantTimeCompare(digest, mac.Sum(nil)) == 1)
		}
		return c, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.s.event("MAIL %s", from)
	if ss.s.mechs != nil && ss.user == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	if err := ss.s.refusal(StageMail, from); err != nil {
		return err
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.event("RCPT %s", to)
	if err := ss.s.refusal(StageRcpt, to); err != nil {
		return err
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	ss.s.event("DATA")
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := ss.s.refusal(StageData, ""); err != nil {
		return err
	}
	ss.s.mu.Lock()
	ss.s.messages = append(ss.s.messages, Message{From: ss.from, To: slices.Clone(ss.to), Data: data, User: ss.user})
	ss.s.mu.Unlock()
	ss.delivered = true
	return nil
}

// Reset is called on RSET and right after the reply to DATA has been
// written.
func (ss *session) Reset() {
	ss.from, ss.to = "", nil
	if ss.delivered && ss.s.hangUp {
		_ = ss.conn.Conn().Close() // the raw connection: the smtp.Conn is locked here
	}
}

func (ss *session) Logout() error {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	ss.s.open--
	ss.s.events = append(ss.s.events, "LOGOUT")
	return nil
}

// loginServer is the server side of AUTH LOGIN.
type loginServer struct {
	step  int
	user  string
	check func(user, password string) error
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	switch l.step {
	case 0:
		l.step++
		if len(response) == 0 {
			return []byte("Username:"), false, nil
		}
		l.user = string(response) // sent as the initial response
		l.step++
		return []byte("Password:"), false, nil
	case 1:
		l.step++
		l.user = string(response)
		return []byte("Password:"), false, nil
	case 2:
		l.step++
		return nil, true, l.check(l.user, string(response))
	}
	return nil, false, errors.New("unexpected response")
}

// cramMD5Server is the server side of AUTH CRAM-MD5 (RFC 2195).
type cramMD5Server struct {
	step      int
	challenge string
	check     func(user string, digest []byte) error
}

func (c *cramMD5Server) Next(response []byte) ([]byte, bool, error) {
	switch c.step {
	case 0:
		c.step++
		return []byte(c.challenge), false, nil
	case 1:
		c.step++
		user, hexDigest, ok := strings.Cut(string(response), " ")
		digest, err := hex.DecodeString(hexDigest)
		if !ok || err != nil {
			return nil, false, &smtp.SMTPError{Code: 501, EnhancedCode: smtp.EnhancedCode{5, 5, 2}, Message: "Malformed CRAM-MD5 response"}
		}
		return nil, true, c.check(user, digest)
	}
	return nil, false, errors.New("unexpected response")
}
