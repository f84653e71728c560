package telegram

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

// TestSendUploads: another channel's file (Reply.PhotoFile, DocumentFile)
// is uploaded under the caption and keyboard rules of a file_id or URL.
func TestSendUploads(t *testing.T) {
	photo := &bot.Attachment{Name: "wa-photo.jpg", MIME: "image/jpeg", Data: []byte("\xff\xd8\xff JPEG bytes")}
	doc := &bot.Attachment{Name: "чек.pdf", MIME: "application/pdf", Data: []byte("%PDF-1.4 receipt")}
	tooLongCaption := strings.Repeat("к", 1025)

	// upload is "" for a message without a file, else "name:bytes".
	type sent struct{ method, text, caption, photo, document, upload, markup string }
	up := func(a *bot.Attachment) string { return a.Name + ":" + string(a.Data) }
	tests := []struct {
		name  string
		reply bot.Reply
		setup func(*telegramtest.Server)
		want  []sent
		kind  string
	}{
		{name: "photo with caption and keyboard",
			reply: bot.Reply{Text: "Клиент фото жіберді", PhotoFile: photo, Buttons: menu},
			want:  []sent{{method: "sendPhoto", caption: "Клиент фото жіберді", photo: "upload:wa-photo.jpg", upload: up(photo), markup: menuJSON}},
			kind:  "ok"},
		{name: "document with caption and keyboard",
			reply: bot.Reply{Text: "📎 чек.pdf", DocumentFile: doc, Buttons: menu},
			want:  []sent{{method: "sendDocument", caption: "📎 чек.pdf", document: "upload:чек.pdf", upload: up(doc), markup: menuJSON}},
			kind:  "ok"},
		{name: "photo alone is not an empty reply",
			reply: bot.Reply{PhotoFile: photo},
			want:  []sent{{method: "sendPhoto", photo: "upload:wa-photo.jpg", upload: up(photo)}},
			kind:  "ok"},
		{name: "document alone is not an empty reply",
			reply: bot.Reply{DocumentFile: doc},
			want:  []sent{{method: "sendDocument", document: "upload:чек.pdf", upload: up(doc)}},
			kind:  "ok"},
		{name: "text too long for a caption follows the document",
			reply: bot.Reply{Text: tooLongCaption, DocumentFile: doc, Buttons: menu},
			want: []sent{
				{method: "sendDocument", document: "upload:чек.pdf", upload: up(doc)},
				{method: "sendMessage", text: tooLongCaption, markup: menuJSON},
			},
			kind: "ok"},
		{name: "a nameless file is named after its type",
			reply: bot.Reply{Text: "Фото", PhotoFile: &bot.Attachment{MIME: "image/png", Data: []byte("PNG")}},
			want:  []sent{{method: "sendPhoto", caption: "Фото", photo: "upload:photo.png", upload: "photo.png:PNG"}},
			kind:  "ok"},
		{name: "a nameless document of an unknown type",
			reply: bot.Reply{DocumentFile: &bot.Attachment{Data: []byte("?")}},
			want:  []sent{{method: "sendDocument", document: "upload:file", upload: "file:?"}},
			kind:  "ok"},
		{name: "rejected upload falls back to the text",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendPhoto", telegramtest.Failure{Code: 400, Description: "Bad Request: IMAGE_PROCESS_FAILED"})
			},
			reply: bot.Reply{Text: "Клиент фото жіберді", PhotoFile: photo, Buttons: menu},
			want:  []sent{{method: "sendMessage", text: "Клиент фото жіберді", markup: menuJSON}},
			kind:  "ok"},
		{name: "upload to a blocked chat is permanent",
			setup: func(s *telegramtest.Server) { s.Block(42) },
			reply: bot.Reply{Text: "x", DocumentFile: doc}, kind: "permanent"},
		{name: "upload rate limited asks to wait",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendDocument", telegramtest.Failure{Code: 429, Description: "Too Many Requests: retry after 4", RetryAfter: 4})
			},
			reply: bot.Reply{Text: "x", DocumentFile: doc}, kind: "retry-after 4s"},
		{name: "upload failing with 500 is retryable",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendPhoto", telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
			},
			reply: bot.Reply{Text: "x", PhotoFile: photo}, kind: "retryable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, a, _ := newFake(t)
			if tt.setup != nil {
				tt.setup(s)
			}
			err := a.Send(t.Context(), "42", tt.reply)
			if got := kind(err); got != tt.kind {
				t.Errorf("Send error %v is %s, want %s", err, got, tt.kind)
			}
			var got []sent
			for _, m := range s.SentAll() {
				var u string
				if m.Upload != nil {
					u = m.Upload.Name + ":" + string(m.Upload.Data)
				}
				got = append(got, sent{m.Method, m.Text, m.Caption, m.Photo, m.Document, u, m.ReplyMarkup})
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("sent:\n%s\nwant:\n%s", show(got), show(tt.want))
			}
		})
	}
}

// TestSendUploadLargeFile: a file of a few megabytes arrives whole.
func TestSendUploadLargeFile(t *testing.T) {
	s, a, _ := newFake(t)
	data := bytes.Repeat([]byte("0123456789abcdef"), 5<<16) // 5 MiB
	if err := a.Send(t.Context(), "42", bot.Reply{Text: "Прайс", DocumentFile: &bot.Attachment{Name: "price.xlsx", Data: data}}); err != nil {
		t.Fatal(err)
	}
	msgs := s.Sent(42)
	if len(msgs) != 1 || msgs[0].Upload == nil || !bytes.Equal(msgs[0].Upload.Data, data) {
		t.Fatalf("sent %d messages; want one carrying the %d bytes", len(msgs), len(data))
	}
}

func TestAdapterUploads(t *testing.T) {
	if !(&Adapter{}).Uploads() {
		t.Error("Uploads() = false")
	}
}
