package email_test

import (
	"bytes"
	"context"
	"errors"
	"mime"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/email"
	"github.com/lete-store/letebot/bot/email/emailtest"
)

var _ bot.Uploader = (*email.Channel)(nil)

// allBytes is every byte value, so an encoding that mangles one shows.
var allBytes = func() []byte {
	b := make([]byte, 0, 3*256)
	for range 3 {
		for i := range 256 {
			b = append(b, byte(i))
		}
	}
	return b
}()

func pdf(name string) *bot.Attachment {
	return &bot.Attachment{Name: name, MIME: "application/pdf", Data: append([]byte("%PDF-1.7\n"), allBytes...)}
}

// wantFile is an attachment as the receiving client reads it.
type wantFile struct {
	name, mediaType string
	data            []byte
}

func TestSendAttachments(t *testing.T) {
	idCopy := &bot.Attachment{Name: "куәлік.jpg", MIME: "image/jpeg", Data: append([]byte{0xff, 0xd8, 0xff, 0xe0}, allBytes...)}
	receipt := &bot.Attachment{Name: "receipt 12.png", Data: []byte("\x89PNG\r\n\x1a\n")} // no MIME: guessed
	longName := strings.Repeat("Қайтару туралы өтініш ", 10) + ".pdf"
	tests := []struct {
		name string
		r    func(bot.Reply) bot.Reply
		want []wantFile
	}{{
		name: "a PDF document and two attachments",
		r: func(r bot.Reply) bot.Reply {
			r.DocumentFile = pdf("Өтініш LT-00042.pdf")
			r.AttachmentFiles = []*bot.Attachment{idCopy, receipt}
			return r
		},
		want: []wantFile{
			{"Өтініш LT-00042.pdf", "application/pdf", pdf("").Data},
			{"куәлік.jpg", "image/jpeg", idCopy.Data},
			{"receipt 12.png", "image/png", receipt.Data},
		},
	}, {
		name: "document, photo, attachments: in that order",
		r: func(r bot.Reply) bot.Reply {
			r.AttachmentFiles = []*bot.Attachment{receipt, nil}
			r.PhotoFile = idCopy
			r.DocumentFile = pdf("application.pdf")
			return r
		},
		want: []wantFile{
			{"application.pdf", "application/pdf", pdf("").Data},
			{"куәлік.jpg", "image/jpeg", idCopy.Data},
			{"receipt 12.png", "image/png", receipt.Data},
		},
	}, {
		name: "names and types that would break the headers",
		r: func(r bot.Reply) bot.Reply {
			r.AttachmentFiles = []*bot.Attachment{
				{Name: "a\r\nBcc: evil@example.com\r\n\r\n\"x\".pdf", MIME: "application/pdf\r\nBcc: evil@example.com", Data: []byte("1")},
				{Name: "", MIME: "application/pdf", Data: []byte("2")},
				{Name: "../../etc/passwd", MIME: "text/plain; charset=utf-8", Data: []byte("3")},
				{Name: longName, MIME: "application/pdf", Data: []byte("4")},
				{Name: "bad\xff utf8.bin", MIME: "not a type", Data: nil},
			}
			return r
		},
		want: []wantFile{
			{"a__Bcc_ evil@example.com_____x_.pdf", "application/pdf", []byte("1")},
			{"attachment.pdf", "application/pdf", []byte("2")},
			{".._.._etc_passwd", "text/plain", []byte("3")},
			{string([]rune(longName)[:60]) + ".pdf", "application/pdf", []byte("4")},
			{"bad_ utf8.bin", "application/octet-stream", []byte{}},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emailtest.Start(t)
			c := newChannel(t, srv.URL("", ""))
			if err := c.Send(context.Background(), ref, tt.r(reply(rcptAddr))); err != nil {
				t.Fatalf("Send: %v", err)
			}
			msgs := srv.Messages()
			if len(msgs) != 1 {
				t.Fatalf("the server got %d mails, want 1", len(msgs))
			}
			data := msgs[0].Data
			for i, line := range strings.Split(string(data), "\r\n") {
				if len(line) > 998 {
					t.Errorf("line %d is %d bytes long (RFC 5322: at most 998)", i, len(line))
				}
			}
			if i := bytes.IndexFunc(data, func(r rune) bool { return r >= 0x80 }); i >= 0 {
				t.Errorf("8-bit data at byte %d", i)
			}
			if bytes.Contains(data, []byte("\r\nBcc:")) {
				t.Errorf("a header was injected:\n%s", data)
			}
			m, err := msgs[0].Parse()
			if err != nil {
				t.Fatalf("Parse: %v\n%s", err, data)
			}
			if m.Type != "multipart/mixed" {
				t.Errorf("mail type %q, want multipart/mixed", m.Type)
			}
			if m.Subject != subject || !slices.Equal(m.Text("text/plain"), []string{text}) ||
				!slices.Equal(m.Text("text/html"), []string{email.HTML(subject, text)}) {
				t.Errorf("subject %q, text %q, html %q: not the mail's", m.Subject, m.Text("text/plain"), m.Text("text/html"))
			}
			if n := len(m.Parts) - len(m.Attachments()); n != 2 {
				t.Errorf("%d parts besides the attachments, want text and HTML", n)
			}

			atts := m.Attachments()
			if len(atts) != len(tt.want) {
				t.Fatalf("%d attachments, want %d:\n%s", len(atts), len(tt.want), data)
			}
			for i, a := range atts {
				w := tt.want[i]
				if a.FileName != w.name || a.Type != w.mediaType || !bytes.Equal(a.Data, w.data) {
					t.Errorf("attachment %d: %q %s %d bytes, want %q %s %d bytes", i, a.FileName, a.Type, len(a.Data), w.name, w.mediaType, len(w.data))
				}
				if cte := a.Header.Get("Content-Transfer-Encoding"); cte != "base64" {
					t.Errorf("attachment %d: Content-Transfer-Encoding %q", i, cte)
				}
				checkNameForms(t, a, w.name)
			}
			if !srv.WaitIdle(2 * time.Second) {
				t.Error("the connection is still open after Send")
			}
		})
	}
}

var filenameStar = regexp.MustCompile(`;\s*filename\*=[^;]*`)

// checkNameForms checks each form a client may read the name from:
// RFC 2231 filename* (for a name that is not ASCII), the plain filename
// parameter (an encoded word, for clients that know no RFC 2231), and
// Content-Type's name.
func checkNameForms(t *testing.T, a emailtest.Part, want string) {
	t.Helper()
	var dec mime.WordDecoder
	disp := a.Header.Get("Content-Disposition")
	hasStar := strings.Contains(disp, "filename*=UTF-8''")
	if ascii := utf8.RuneCountInString(want) == len(want); hasStar == ascii {
		t.Errorf("Content-Disposition %q: RFC 2231 filename* present %v, want it for non-ASCII names only", disp, hasStar)
	}
	_, params, err := mime.ParseMediaType(filenameStar.ReplaceAllString(disp, ""))
	if err != nil {
		t.Fatalf("Content-Disposition %q without filename*: %v", disp, err)
	}
	if got, err := dec.DecodeHeader(params["filename"]); err != nil || got != want {
		t.Errorf("plain filename %q decodes to %q (%v), want %q", params["filename"], got, err, want)
	}
	if got, err := dec.DecodeHeader(a.Params["name"]); err != nil || got != want {
		t.Errorf("Content-Type name %q decodes to %q (%v), want %q", a.Params["name"], got, err, want)
	}
}

// A mail without files is what it always was: text and HTML alternatives,
// no multipart/mixed around them.
func TestSendWithoutAttachments(t *testing.T) {
	for name, r := range map[string]bot.Reply{
		"none":      reply(rcptAddr),
		"nil files": func() bot.Reply { r := reply(rcptAddr); r.AttachmentFiles = []*bot.Attachment{nil}; return r }(),
		"unfetched refs and URLs": func() bot.Reply {
			r := reply(rcptAddr)
			r.Photo, r.Attachments = "https://cdn.lete.kz/p/1.jpg", []string{"stored:7"}
			return r
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			srv := emailtest.Start(t)
			c := newChannel(t, srv.URL("", ""))
			if err := c.Send(context.Background(), ref, r); err != nil {
				t.Fatal(err)
			}
			m, err := srv.Messages()[0].Parse()
			if err != nil {
				t.Fatal(err)
			}
			if m.Type != "multipart/alternative" || len(m.Parts) != 2 || len(m.Attachments()) != 0 {
				t.Errorf("mail %s with %d parts, %d attachments; want multipart/alternative, 2, 0", m.Type, len(m.Parts), len(m.Attachments()))
			}
			if bytes.Contains(srv.Messages()[0].Data, []byte("Content-Disposition")) {
				t.Error("a Content-Disposition in a mail without files")
			}
			_, parts := parse(t, srv.Messages()[0].Data) // the old reader still reads it
			if len(parts) != 2 || parts[0].body != text {
				t.Errorf("parts %+v", parts)
			}
		})
	}
}

// A refused mail's error names neither the recipient nor a file.
func TestSendAttachmentsRefusedNoLeak(t *testing.T) {
	srv := emailtest.Start(t)
	srv.Refuse(emailtest.StageData, emailtest.Refusal{Code: 552, Enhanced: "5.3.4", Text: "message too big"})
	c := newChannel(t, srv.URL("", ""))
	r := reply(rcptAddr)
	r.DocumentFile = pdf("Өтініш Айгерім Серікова.pdf")
	r.AttachmentFiles = []*bot.Attachment{{Name: "куәлік Айгерім.jpg", MIME: "image/jpeg", Data: []byte("x")}}
	err := c.Send(context.Background(), ref, r)
	if !errors.Is(err, bot.ErrPermanent) {
		t.Errorf("Send: %v, want ErrPermanent", err)
	}
	noLeak(t, err, append(rcptSecrets, "Өтініш", "куәлік", "Айгерім", ".pdf", ".jpg")...)
}
