// Package email is the e-mail channel: replies that carry a bot.Mail are
// sent through an SMTP server as a plain-text and an HTML part, with the
// reply's files attached. It goes through the outbox like every other
// channel, so a mail is never lost on a crash and a failed one is retried.
// It logs nothing, and its errors never carry an address or a file name.
package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"html"
	"mime"
	"net"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	mail "github.com/wneessen/go-mail"

	"github.com/lete-store/letebot/bot"
)

// Name is the channel's name; its chat ids are order numbers, so logs name
// the order, never the address.
const Name = "email"

// Config is an SMTP server and the sender's address.
type Config struct {
	// URL is smtp://[user:pass@]host[:port] (STARTTLS when the server
	// offers it; port 587 by default) or smtps://... (TLS from the start;
	// port 465 by default).
	URL  string
	From string // e.g. "Lete store <Lete_store@mail.ru>"
}

// Channel sends mail.
type Channel struct {
	from string
	opts []mail.Option
	host string
	tls  bool // smtps: TLS from the first byte
}

var (
	_ bot.Channel  = (*Channel)(nil)
	_ bot.Uploader = (*Channel)(nil)
)

// New checks cfg and returns the channel; it connects only to send.
func New(cfg Config) (*Channel, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Host == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return nil, fmt.Errorf("SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465")
	}
	if err := mail.NewMsg().From(cfg.From); err != nil {
		return nil, fmt.Errorf("SMTP_FROM %q is not an e-mail address", cfg.From)
	}
	opts := []mail.Option{mail.WithTimeout(20 * time.Second)}
	port := 587
	if u.Scheme == "smtps" {
		port = 465
	} else {
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("SMTP_URL: bad port %q", p)
		}
	}
	opts = append(opts, mail.WithPort(port))
	if user := u.User.Username(); user != "" {
		pass, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(user), mail.WithPassword(pass))
	}
	return &Channel{from: cfg.From, opts: opts, host: u.Hostname(), tls: u.Scheme == "smtps"}, nil
}

// Name implements bot.Channel.
func (c *Channel) Name() string { return Name }

// Uploads implements bot.Uploader: the sender fetches the files a reply
// names (from a messenger or the database) and the mail carries them.
func (c *Channel) Uploads() bool { return true }

// Send delivers one mail, with the reply's DocumentFile, PhotoFile and
// AttachmentFiles attached in that order (references the sender did not
// fetch, such as URLs, are not sent). A reply without an address was never
// meant for this channel, and a refused recipient will not be accepted
// later: both are permanent failures. Errors never carry the address.
func (c *Channel) Send(ctx context.Context, ref string, r bot.Reply) error {
	if r.Mail == nil || r.Mail.To == "" {
		return fmt.Errorf("%w: mail %s has no recipient", bot.ErrPermanent, ref)
	}
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := m.From(c.from); err != nil {
		return fmt.Errorf("%w: sender: %v", bot.ErrPermanent, err)
	}
	if err := m.To(r.Mail.To); err != nil {
		return fmt.Errorf("%w: mail %s: the recipient is not an address", bot.ErrPermanent, ref)
	}
	m.Subject(r.Mail.Subject)
	m.SetDate()
	m.SetMessageID()
	m.SetBodyString(mail.TypeTextPlain, r.Text)
	m.AddAlternativeString(mail.TypeTextHTML, HTML(r.Mail.Subject, r.Text))
	for _, a := range append([]*bot.Attachment{r.DocumentFile, r.PhotoFile}, r.AttachmentFiles...) {
		if a != nil {
			attach(m, a)
		}
	}

	// Our own dialer: the connection closes when ctx ends (go-mail only
	// honours ctx while dialing), and whatever happens it is closed when
	// the send returns (go-mail leaves it open after a failed handshake).
	var (
		mu    sync.Mutex
		conns []net.Conn
		stops []func() bool
	)
	sendCtx := ctx
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d interface {
			DialContext(context.Context, string, string) (net.Conn, error)
		} = &net.Dialer{}
		if c.tls {
			d = &tls.Dialer{Config: &tls.Config{ServerName: c.host, MinVersion: tls.VersionTLS12}}
		}
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		// The send's context, not the dial's: go-mail ends that one as
		// soon as the connection is up.
		stop := context.AfterFunc(sendCtx, func() { conn.Close() })
		mu.Lock()
		conns, stops = append(conns, conn), append(stops, stop)
		mu.Unlock()
		return conn, nil
	}
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, conn := range conns {
			conn.Close()
		}
		for _, stop := range stops {
			stop() // the sender's context lives on: do not pile up on it
		}
	}()
	opts := append(slices.Clone(c.opts), mail.WithDialContextFunc(dial))
	client, err := mail.NewClient(c.host, opts...)
	if err != nil {
		return fmt.Errorf("mail %s: %w", ref, err)
	}
	if err := client.DialAndSendWithContext(ctx, m); err != nil {
		if m.IsDelivered() {
			// The server took the mail; only the goodbye failed. Sending
			// it again would mail the customer twice.
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("mail %s: %w", ref, ctx.Err())
		}
		return sendError(ref, err)
	}
	return nil
}

// sendError describes a failed send without the recipient's address (the
// library's errors list it), permanent when the server said so.
func sendError(ref string, err error) error {
	var se *mail.SendError
	if !errors.As(err, &se) {
		return fmt.Errorf("mail %s: %s", ref, strings.ReplaceAll(err.Error(), "\n", " "))
	}
	desc := fmt.Sprintf("mail %s: %s (SMTP %d %s)", ref, se.Reason, se.ErrorCode(), se.EnhancedStatusCode())
	if !se.IsTemp() && se.ErrorCode() >= 500 {
		return fmt.Errorf("%w: %s", bot.ErrPermanent, desc)
	}
	return errors.New(desc)
}

// HTML renders a plain-text mail as a small HTML page: escaped, with line
// breaks kept.
func HTML(subject, text string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>`)
	b.WriteString(html.EscapeString(subject))
	b.WriteString(`</title></head><body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#222">`)
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>\n"))
		b.WriteString("</p>")
	}
	b.WriteString("</body></html>")
	return b.String()
}

// maxNameRunes caps an attachment's file name, so that its encoded
// header lines stay short of the 998 bytes a mail line may have.
const maxNameRunes = 64

// attach adds a to m as an attachment, base64-encoded. It writes the
// part's Content-Type and Content-Disposition itself: go-mail puts the
// name only as an encoded word inside a quoted string, which RFC 2047
// forbids and strict readers (Go's mime package among them) do not
// decode. A name that is not ASCII goes as an RFC 2231 filename* and, for
// clients that know only the plain parameter, as encoded words too, as
// Gmail and Thunderbird send it.
func attach(m *mail.Msg, a *bot.Attachment) {
	name := fileName(a.Name, a.MIME)
	ctype, disp := attachmentHeaders(name, a.MIME)
	m.AttachReadSeeker(name, bytes.NewReader(a.Data), func(f *mail.File) {
		f.Header.Set(string(mail.HeaderContentType), ctype)
		f.Header.Set(string(mail.HeaderContentDisposition), disp)
	})
}

// attachmentHeaders returns the Content-Type and Content-Disposition of
// an attachment named name (already made safe by fileName).
func attachmentHeaders(name, mimeType string) (ctype, disp string) {
	ctype = mediaType(mimeType, name)
	if isASCII(name) {
		return ctype + `; name="` + name + `"`, `attachment; filename="` + name + `"`
	}
	// Folded between parameters and between encoded words: a line break
	// followed by a space is white space to the reader.
	words := strings.ReplaceAll(mime.BEncoding.Encode("UTF-8", name), " ", "\r\n ")
	ctype += ";\r\n name=\"" + words + `"`
	disp = "attachment;\r\n filename*=" + rfc2231(name) + ";\r\n filename=\"" + words + `"`
	return ctype, disp
}

// mediaType is the attachment's media type with its parameters: the one
// the holder gave when it is well-formed, else one guessed from the name's
// extension, else application/octet-stream.
func mediaType(mimeType, name string) string {
	for _, v := range []string{mimeType, mime.TypeByExtension(path.Ext(name))} {
		mt, params, err := mime.ParseMediaType(v)
		if err != nil || !strings.Contains(mt, "/") {
			continue
		}
		delete(params, "name")
		if s := mime.FormatMediaType(mt, params); s != "" {
			return s
		}
	}
	return "application/octet-stream"
}

// fileName makes a file name safe to send: no control characters, none of
// the characters file systems or MIME headers choke on, at most
// maxNameRunes long with its extension kept; "attachment" plus an
// extension for its type when it has none.
func fileName(name, mimeType string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError || strings.ContainsRune(`"\/:*?<>|`, r) || r >= 0x80 && r < 0xa0 {
			return '_'
		}
		return r
	}, strings.ToValidUTF8(name, "_"))
	name = strings.TrimSpace(name)
	ext := path.Ext(name)
	if utf8.RuneCountInString(ext) > 10 {
		ext = ""
	}
	base := strings.TrimSuffix(name, ext)
	if n := maxNameRunes - utf8.RuneCountInString(ext); utf8.RuneCountInString(base) > n {
		base = strings.TrimSpace(string([]rune(base)[:n]))
	}
	if base == "" {
		base = "attachment"
		if ext == "" {
			ext = extension(mimeType)
		}
	}
	return base + ext
}

// extension is the usual file extension for a media type, "" when unknown.
func extension(mimeType string) string {
	mt, _, _ := mime.ParseMediaType(mimeType)
	switch mt {
	case "application/pdf":
		return ".pdf"
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	}
	if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
		return exts[0]
	}
	return ""
}

// rfc2231 encodes s as an RFC 2231 extended parameter value in UTF-8.
func rfc2231(s string) string {
	var b strings.Builder
	b.WriteString("UTF-8''")
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
