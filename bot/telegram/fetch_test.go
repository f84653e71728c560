package telegram

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

func TestHolds(t *testing.T) {
	a := &Adapter{}
	for _, tc := range []struct {
		name string
		ref  string
		want bool
	}{
		{"photo file_id", "AgACAgIAAxkBAAIBZ2Zk1pQ-example_id", true},
		{"document file_id", "BQACAgIAAxkBAAIC", true},
		{"empty", "", false},
		{"https URL", "https://cdn.lete.kz/p/12.jpg", false},
		{"http URL", "http://cdn.lete.kz/p/12.jpg", false},
		{"WhatsApp media", "wa:1234567890123456", false},
		{"other channel's scheme", "mail:att-1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := a.Holds(tc.ref); got != tc.want {
				t.Errorf("Holds(%q) = %v, want %v", tc.ref, got, tc.want)
			}
		})
	}
}

func TestFetch(t *testing.T) {
	jpeg := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte{7}, 500)...)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 100)...)
	for _, tc := range []struct {
		name  string
		setup func(*telegramtest.Server)
		ref   string
		want  *bot.Attachment
		kind  string // of the error, as the sender judges it
		is    error  // the error also wraps this
	}{
		{name: "photo", ref: "AgACphoto",
			setup: func(s *telegramtest.Server) { s.AddFileAt("AgACphoto", "photos/file_1.jpg", jpeg) },
			want:  &bot.Attachment{Name: "file_1.jpg", MIME: "image/jpeg", Data: jpeg}, kind: "ok"},
		{name: "document", ref: "BQACdoc",
			setup: func(s *telegramtest.Server) { s.AddFileAt("BQACdoc", "documents/file_2.pdf", []byte("%PDF-1.4")) },
			want:  &bot.Attachment{Name: "file_2.pdf", MIME: "application/pdf", Data: []byte("%PDF-1.4")}, kind: "ok"},
		{name: "voice note", ref: "AwACvoice",
			setup: func(s *telegramtest.Server) { s.AddFileAt("AwACvoice", "voice/file_3.oga", []byte("OggS")) },
			want:  &bot.Attachment{Name: "file_3.oga", MIME: "audio/ogg", Data: []byte("OggS")}, kind: "ok"},
		{name: "no extension: the type from the content", ref: "BQACpng",
			setup: func(s *telegramtest.Server) { s.AddFileAt("BQACpng", "documents/file_4", png) },
			want:  &bot.Attachment{Name: "file_4", MIME: "image/png", Data: png}, kind: "ok"},
		{name: "over the download cap", ref: "BQACbig",
			setup: func(s *telegramtest.Server) { s.AddFile("BQACbig", make([]byte, DefaultMaxDownload+1)) },
			kind:  "permanent", is: ErrFileTooLarge},
		{name: "too big for getFile", ref: "BQAChuge",
			setup: func(s *telegramtest.Server) {
				s.Fail("getFile", telegramtest.Failure{Code: 400, Description: "Bad Request: file is too big"})
			},
			kind: "permanent"},
		{name: "unknown file_id", ref: "BQACgone", kind: "permanent"},
		{name: "file temporarily unavailable, as Telegram words a dead id", ref: "BQACdead",
			setup: func(s *telegramtest.Server) {
				s.Fail("getFile", telegramtest.Failure{Code: 400, Description: "Bad Request: wrong file_id or the file is temporarily unavailable"})
			},
			kind: "permanent"},
		{name: "500 is retried", ref: "AgACphoto",
			setup: func(s *telegramtest.Server) {
				s.AddFileAt("AgACphoto", "photos/file_1.jpg", jpeg)
				s.Fail("getFile", telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
			},
			kind: "retryable"},
		{name: "HTML 502 from a proxy is retried", ref: "AgACphoto",
			setup: func(s *telegramtest.Server) {
				s.Fail("getFile", telegramtest.Failure{Code: 502, Body: "<html>502 Bad Gateway</html>"})
			},
			kind: "retryable"},
		{name: "429 is retried", ref: "AgACphoto",
			setup: func(s *telegramtest.Server) {
				s.Fail("getFile", telegramtest.Failure{Code: 429, Description: "Too Many Requests: retry after 2", RetryAfter: 2})
			},
			kind: "retryable"},
		{name: "a refused token is retried, not the file dropped", ref: "AgACphoto",
			setup: func(s *telegramtest.Server) {
				s.Fail("getFile", telegramtest.Failure{Code: 401, Description: "Unauthorized"})
			},
			kind: "retryable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, a, _ := newFake(t)
			if tc.setup != nil {
				tc.setup(s)
			}
			got, err := a.Fetch(t.Context(), tc.ref)
			if k := kind(err); k != tc.kind {
				t.Fatalf("Fetch error %v is %s, want %s", err, k, tc.kind)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("Fetch error %v does not wrap %v", err, tc.is)
			}
			if err != nil {
				if got != nil {
					t.Errorf("Fetch returned %+v with its error", got)
				}
				if strings.Contains(err.Error(), telegramtest.Token) {
					t.Errorf("error shows the token: %v", err)
				}
				return
			}
			if got.Name != tc.want.Name || got.MIME != tc.want.MIME || !bytes.Equal(got.Data, tc.want.Data) {
				t.Errorf("Fetch = {%s %s %d bytes}, want {%s %s %d bytes}",
					got.Name, got.MIME, len(got.Data), tc.want.Name, tc.want.MIME, len(tc.want.Data))
			}
		})
	}
}

func TestFetchNetworkErrorIsRetried(t *testing.T) {
	s, a, _ := newFake(t)
	s.Close()
	_, err := a.Fetch(t.Context(), "AgACphoto")
	if kind(err) != "retryable" {
		t.Fatalf("Fetch from a dead server = %v (%s), want retryable", err, kind(err))
	}
	if strings.Contains(err.Error(), telegramtest.Token) {
		t.Errorf("error shows the token: %v", err)
	}
}
