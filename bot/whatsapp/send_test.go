package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/whatsapp/whatsapptest"
)

// Small files whose type http.DetectContentType knows.
var (
	rigJPEG = append([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{7}, 200)...)
	rigPNG  = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{9}, 100)...)
	rigPDF  = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
)

func TestSendText(t *testing.T) {
	menuReply := bot.Reply{Text: "Выберите категорию:", Lang: "ru", Buttons: [][]bot.Button{
		{{Label: "Платья", Data: "c:dress"}}, {{Label: "☰ Меню", Data: "menu"}}}}
	tests := []struct {
		name      string
		chatID    string
		contacted bool // the chat wrote first
		reply     bot.Reply
		wantTo    types.JID // zero: nothing sent
		wantText  string
		wantErr   string // rigKind
	}{
		{
			name: "customer who wrote", chatID: rigPhone, contacted: true, reply: menuReply,
			wantTo: rigPhoneJID, wantText: "Выберите категорию:\n\n1. Платья\n2. ☰ Меню", wantErr: "ok",
		},
		{
			name: "LID-keyed customer who wrote", chatID: rigLIDChat, contacted: true, reply: bot.Reply{Text: "Сәлем!"},
			wantTo: rigLIDJID, wantText: "Сәлем!", wantErr: "ok",
		},
		{
			name: "staff chat that never wrote", chatID: rigStaff, reply: bot.Reply{Text: "Новый заказ LT-00001"},
			wantTo: types.NewJID(rigStaff, types.DefaultUserServer), wantText: "Новый заказ LT-00001", wantErr: "ok",
		},
		{
			name: "group that never wrote", chatID: rigGroupKey, reply: bot.Reply{Text: "Новый заказ LT-00002"},
			wantTo: rigGroupJID, wantText: "Новый заказ LT-00002", wantErr: "ok",
		},
		{
			name: "customer who never wrote", chatID: rigOther, reply: bot.Reply{Text: "Скидки!"}, wantErr: "permanent",
		},
		{
			name: "LID chat that never wrote", chatID: rigLIDChat, reply: bot.Reply{Text: "Скидки!"}, wantErr: "permanent",
		},
		{
			name: "letters", chatID: "ivan", reply: bot.Reply{Text: "x"}, wantErr: "permanent",
		},
		{
			name: "unknown server", chatID: "status@broadcast", reply: bot.Reply{Text: "x"}, wantErr: "permanent",
		},
		{
			name: "empty chat id", chatID: "", reply: bot.Reply{Text: "x"}, wantErr: "permanent",
		},
		{
			name: "nothing to say", chatID: rigPhone, contacted: true, reply: bot.Reply{}, wantErr: "ok",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, nil)
			if tt.contacted {
				r.st.contact(tt.chatID)
			}
			err := r.a.Send(t.Context(), tt.chatID, tt.reply)
			if got := rigKind(err); got != tt.wantErr {
				t.Fatalf("Send = %v (%s), want %s", err, got, tt.wantErr)
			}
			sent := r.wa.Sent()
			if tt.wantTo.IsEmpty() {
				if len(sent) != 0 {
					t.Fatalf("sent %d messages, want none", len(sent))
				}
				return
			}
			if len(sent) != 1 {
				t.Fatalf("sent %d messages, want 1", len(sent))
			}
			if sent[0].To != tt.wantTo || sent[0].Message.GetConversation() != tt.wantText {
				t.Errorf("sent %q to %v, want %q to %v", sent[0].Message.GetConversation(), sent[0].To, tt.wantText, tt.wantTo)
			}
		})
	}
}

func TestSendNotConnected(t *testing.T) {
	r := newRig(t, nil)
	r.st.contact(rigPhone)
	r.wa.SetConnected(false)
	err := r.a.Send(t.Context(), rigPhone, bot.Reply{Text: "Ваш заказ собран"})
	if rigKind(err) != "retryable" {
		t.Fatalf("Send while disconnected = %v, want a retryable error", err)
	}
	if n := len(r.wa.Sent()); n != 0 {
		t.Errorf("sent %d messages while disconnected", n)
	}
	r.wa.SetConnected(true)
	if err := r.a.Send(t.Context(), rigPhone, bot.Reply{Text: "Ваш заказ собран"}); err != nil {
		t.Fatalf("Send after reconnecting = %v", err)
	}
}

func TestSendSavesMenu(t *testing.T) {
	tests := []struct {
		name  string
		reply bot.Reply
		want  *menu // nil: no menu saved
	}{
		{
			name:  "options",
			reply: bot.Reply{Text: "Корзина", Lang: "kk", Buttons: [][]bot.Button{{{Label: "Рәсімдеу", Data: "checkout"}, {Label: "Тазалау", Data: "clear"}}}},
			want:  &menu{Options: []option{{"Рәсімдеу", "checkout"}, {"Тазалау", "clear"}}, Lang: "kk"},
		},
		{
			name:  "more options than a page",
			reply: bot.Reply{Text: "Товары", Lang: "ru", Buttons: rigButtons(12)},
			want:  &menu{Options: rigOptions(12), Lang: "ru"},
		},
		{
			// Kept as the latest, so a digit typed next is not read
			// against an older list.
			name:  "links only",
			reply: bot.Reply{Text: "Оплата", Lang: "ru", Buttons: [][]bot.Button{{{Label: "Оплатить", URL: "https://pay.example/1"}}}},
			want:  &menu{Lang: "ru"},
		},
		{
			name:  "no buttons",
			reply: bot.Reply{Text: "Спасибо!", Lang: "kk"},
			want:  &menu{Lang: "kk"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, nil)
			r.st.contact(rigPhone)
			if err := r.a.Send(t.Context(), rigPhone, tt.reply); err != nil {
				t.Fatalf("Send: %v", err)
			}
			sent := r.wa.Sent()
			if len(sent) != 1 {
				t.Fatalf("sent %d messages, want 1", len(sent))
			}
			if tt.want == nil {
				if n := r.st.saved(rigPhone); n != 0 {
					t.Errorf("%d menus saved, want none", n)
				}
				return
			}
			got, ok := r.st.menu(rigPhone, string(sent[0].ID))
			if !ok || fmt.Sprint(got) != fmt.Sprint(*tt.want) {
				t.Errorf("menu under %s = %+v (%v), want %+v", sent[0].ID, got, ok, *tt.want)
			}
			if n := r.st.saved(rigPhone); n != 1 {
				t.Errorf("%d menus saved, want 1", n)
			}
		})
	}
}

func TestSendFiles(t *testing.T) {
	buttons := [][]bot.Button{{{Label: "В корзину", Data: "a:SKU1"}}}
	long := strings.Repeat("ж", 1001)
	exact := strings.Repeat("ж", 1000)
	type wantMsg struct {
		kind     string // "image", "document" or "text"
		text     string // caption or text
		mime     string
		fileName string
		upload   []byte
	}
	tests := []struct {
		name  string
		reply bot.Reply
		want  []wantMsg
		// menuOn is the index of the sent message the menu is saved under;
		// -1 for none.
		menuOn int
	}{
		{
			name: "photo with the text as caption",
			reply: bot.Reply{Text: "Платье миди — 18 900 ₸", Buttons: buttons,
				PhotoFile: &bot.Attachment{Name: "dress.jpg", MIME: "image/jpeg", Data: rigJPEG}},
			want:   []wantMsg{{kind: "image", text: "Платье миди — 18 900 ₸\n\n1. В корзину", mime: "image/jpeg", upload: rigJPEG}},
			menuOn: 0,
		},
		{
			name:   "photo without a type",
			reply:  bot.Reply{PhotoFile: &bot.Attachment{Data: rigPNG}},
			want:   []wantMsg{{kind: "image", mime: "image/png", upload: rigPNG}},
			menuOn: -1,
		},
		{
			name:   "caption of exactly 1000 runes",
			reply:  bot.Reply{Text: exact, PhotoFile: &bot.Attachment{MIME: "image/jpeg", Data: rigJPEG}},
			want:   []wantMsg{{kind: "image", text: exact, mime: "image/jpeg", upload: rigJPEG}},
			menuOn: -1,
		},
		{
			name:  "caption over 1000 runes: photo bare, then the text",
			reply: bot.Reply{Text: long, Buttons: buttons, PhotoFile: &bot.Attachment{MIME: "image/jpeg", Data: rigJPEG}},
			want: []wantMsg{
				{kind: "image", mime: "image/jpeg", upload: rigJPEG},
				{kind: "text", text: long + "\n\n1. В корзину"},
			},
			menuOn: 1,
		},
		{
			name: "document with its name",
			reply: bot.Reply{Text: "Ваш чек", DocumentFile: &bot.Attachment{Name: "Чек LT-00001.pdf",
				MIME: "application/pdf", Data: rigPDF}},
			want: []wantMsg{{kind: "document", text: "Ваш чек", mime: "application/pdf", fileName: "Чек LT-00001.pdf",
				upload: rigPDF}},
			menuOn: -1,
		},
		{
			name:   "document without a name or type",
			reply:  bot.Reply{DocumentFile: &bot.Attachment{Data: rigPDF}},
			want:   []wantMsg{{kind: "document", mime: "application/pdf", fileName: "file.pdf", upload: rigPDF}},
			menuOn: -1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, nil)
			r.st.contact(rigPhone)
			if err := r.a.Send(t.Context(), rigPhone, tt.reply); err != nil {
				t.Fatalf("Send: %v", err)
			}
			sent := r.wa.Sent()
			if len(sent) != len(tt.want) {
				t.Fatalf("sent %d messages, want %d", len(sent), len(tt.want))
			}
			for i, w := range tt.want {
				s, m := sent[i], sent[i].Message
				if s.To != rigPhoneJID {
					t.Errorf("message %d went to %v", i, s.To)
				}
				switch w.kind {
				case "image":
					img := m.GetImageMessage()
					if img == nil {
						t.Fatalf("message %d = %v, want an image", i, m)
					}
					if img.GetCaption() != w.text || img.GetMimetype() != w.mime {
						t.Errorf("image %d: caption %q, type %q; want %q, %q", i, img.GetCaption(), img.GetMimetype(), w.text, w.mime)
					}
					if w.text == "" && img.Caption != nil {
						t.Errorf("image %d has an empty caption set", i)
					}
					if img.GetDirectPath() == "" || len(img.GetMediaKey()) == 0 || img.GetFileLength() != uint64(len(w.upload)) {
						t.Errorf("image %d lacks the upload's path, key or length: %v", i, img)
					}
				case "document":
					doc := m.GetDocumentMessage()
					if doc == nil {
						t.Fatalf("message %d = %v, want a document", i, m)
					}
					if doc.GetCaption() != w.text || doc.GetMimetype() != w.mime || doc.GetFileName() != w.fileName {
						t.Errorf("document %d: caption %q, type %q, name %q; want %q, %q, %q", i,
							doc.GetCaption(), doc.GetMimetype(), doc.GetFileName(), w.text, w.mime, w.fileName)
					}
				case "text":
					if m.GetConversation() != w.text {
						t.Errorf("message %d = %q, want %q", i, s.Text(), w.text)
					}
				}
				if !bytes.Equal(s.Upload, w.upload) {
					t.Errorf("message %d carries %d bytes, want %d", i, len(s.Upload), len(w.upload))
				}
			}
			for i, s := range sent {
				// Every message with the text is kept as the chat's latest
				// list, with or without options; a bare file before it is not.
				m, ok := r.st.menu(rigPhone, string(s.ID))
				withText := s.Text() != ""
				if ok != withText {
					t.Errorf("menu saved under message %d: %v, want %v", i, ok, withText)
				}
				if hasOptions := len(m.Options) > 0; ok && hasOptions != (i == tt.menuOn) {
					t.Errorf("message %d saved with options %v, want %v", i, hasOptions, i == tt.menuOn)
				}
			}
		})
	}
}

func TestSendPhotoURL(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		hits.Add(1)
		switch req.URL.Path {
		case "/img/dress.jpg":
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write(rigJPEG)
		case "/img/untyped":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write(rigPNG)
		case "/img/busy.jpg":
			w.Header().Set("Retry-After", "5")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case "/img/broken.jpg":
			http.Error(w, "oops", http.StatusInternalServerError)
		case "/img/forbidden.jpg":
			http.Error(w, "no", http.StatusForbidden)
		default:
			http.NotFound(w, req)
		}
	}))
	defer srv.Close()

	tests := []struct {
		name     string
		path     string
		wantErr  string // rigKind
		wantMIME string // "" : the text goes alone
		want     []byte
	}{
		{"photo", "/img/dress.jpg", "ok", "image/jpeg", rigJPEG},
		{"photo served without an image type", "/img/untyped", "ok", "image/png", rigPNG},
		{"404: text alone", "/img/gone.jpg", "ok", "", nil},
		{"403: text alone", "/img/forbidden.jpg", "ok", "", nil},
		{"500: retry", "/img/broken.jpg", "retryable", "", nil},
		{"429: retry", "/img/busy.jpg", "retryable", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, func(c *Config) { c.HTTP = srv.Client() })
			r.st.contact(rigPhone)
			hits.Store(0)
			err := r.a.Send(t.Context(), rigPhone, bot.Reply{Text: "Платье миди", Photo: srv.URL + tt.path})
			if got := rigKind(err); got != tt.wantErr {
				t.Fatalf("Send = %v (%s), want %s", err, got, tt.wantErr)
			}
			if hits.Load() != 1 {
				t.Errorf("photo fetched %d times, want once", hits.Load())
			}
			sent := r.wa.Sent()
			switch {
			case tt.wantErr != "ok":
				if len(sent) != 0 {
					t.Errorf("sent %d messages on a retryable failure, want none", len(sent))
				}
			case tt.wantMIME == "":
				if len(sent) != 1 || sent[0].Message.GetConversation() != "Платье миди" {
					t.Errorf("sent %v, want the text alone", sent)
				}
			default:
				if len(sent) != 1 || sent[0].Message.GetImageMessage() == nil {
					t.Fatalf("sent %v, want one image", sent)
				}
				img := sent[0].Message.GetImageMessage()
				if img.GetCaption() != "Платье миди" || img.GetMimetype() != tt.wantMIME || !bytes.Equal(sent[0].Upload, tt.want) {
					t.Errorf("image: caption %q, type %q, %d bytes; want %q, %q, %d bytes", img.GetCaption(),
						img.GetMimetype(), len(sent[0].Upload), "Платье миди", tt.wantMIME, len(tt.want))
				}
			}
		})
	}
}

// rigCustomerFile converts a customer's image or document message, built on
// media the fake holds, and returns the file reference the update carries.
func rigCustomerFile(t *testing.T, r *rig, data []byte, mime string, document bool, name string) string {
	t.Helper()
	img := r.wa.PutMedia(data, mime)
	m := &waE2E.Message{ImageMessage: img}
	if document {
		m = &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{URL: img.URL, DirectPath: img.DirectPath,
			MediaKey: img.MediaKey, FileSHA256: img.FileSHA256, FileEncSHA256: img.FileEncSHA256,
			FileLength: img.FileLength, Mimetype: img.Mimetype, FileName: proto.String(name)}}
	}
	up, _, ok := r.a.convert(t.Context(), rigEvent(rigFromPhone, "3AFILE", m))
	if !ok || up.File == nil {
		t.Fatalf("convert = %+v, %v; want a file", up, ok)
	}
	return up.File.ID
}

func TestSendCustomerFile(t *testing.T) {
	t.Run("photo a customer sent goes to staff", func(t *testing.T) {
		r := newRig(t, nil)
		ref := rigCustomerFile(t, r, rigJPEG, "image/jpeg", false, "")
		if err := r.a.Send(t.Context(), rigStaff, bot.Reply{Text: "Фото от клиента", Photo: ref}); err != nil {
			t.Fatalf("Send: %v", err)
		}
		sent := r.wa.Sent()
		if len(sent) != 1 || sent[0].Message.GetImageMessage() == nil {
			t.Fatalf("sent %v, want one image", sent)
		}
		img := sent[0].Message.GetImageMessage()
		if img.GetCaption() != "Фото от клиента" || img.GetMimetype() != "image/jpeg" || !bytes.Equal(sent[0].Upload, rigJPEG) {
			t.Errorf("image: caption %q, type %q, %d bytes", img.GetCaption(), img.GetMimetype(), len(sent[0].Upload))
		}
	})
	t.Run("document a customer sent goes as a document", func(t *testing.T) {
		r := newRig(t, nil)
		ref := rigCustomerFile(t, r, rigPDF, "application/pdf", true, "Kaspi чек.pdf")
		if err := r.a.Send(t.Context(), rigStaff, bot.Reply{Text: "Чек", Document: ref}); err != nil {
			t.Fatalf("Send: %v", err)
		}
		sent := r.wa.Sent()
		if len(sent) != 1 || sent[0].Message.GetDocumentMessage() == nil {
			t.Fatalf("sent %v, want one document", sent)
		}
		doc := sent[0].Message.GetDocumentMessage()
		if doc.GetFileName() != "Kaspi чек.pdf" || doc.GetMimetype() != "application/pdf" || !bytes.Equal(sent[0].Upload, rigPDF) {
			t.Errorf("document: name %q, type %q, %d bytes", doc.GetFileName(), doc.GetMimetype(), len(sent[0].Upload))
		}
	})
	t.Run("file gone from the servers: text alone", func(t *testing.T) {
		r := newRig(t, nil)
		ref := encodeRef(mediaRef{Kind: "image", DirectPath: "/v/t62/expired", MediaKey: []byte{1}, Length: 10})
		if err := r.a.Send(t.Context(), rigStaff, bot.Reply{Text: "Фото от клиента", Photo: ref}); err != nil {
			t.Fatalf("Send: %v", err)
		}
		if sent := r.wa.Sent(); len(sent) != 1 || sent[0].Message.GetConversation() != "Фото от клиента" {
			t.Errorf("sent %v, want the text alone", sent)
		}
	})
	t.Run("download failing for now: retry", func(t *testing.T) {
		r := newRig(t, nil)
		ref := rigCustomerFile(t, r, rigJPEG, "image/jpeg", false, "")
		r.wa.DownloadErr = errors.New("read tcp: connection reset by peer")
		err := r.a.Send(t.Context(), rigStaff, bot.Reply{Text: "Фото от клиента", Photo: ref})
		if rigKind(err) != "retryable" {
			t.Fatalf("Send = %v, want a retryable error", err)
		}
		if sent := r.wa.Sent(); len(sent) != 0 {
			t.Errorf("sent %d messages, want none", len(sent))
		}
	})
	t.Run("reference no channel holds: text alone", func(t *testing.T) {
		r := newRig(t, nil)
		err := r.a.Send(t.Context(), rigStaff, bot.Reply{Text: "Фото", Photo: "AgACAgIAAxkBAAIBY2ZfQ"})
		if err != nil {
			t.Fatalf("Send: %v", err)
		}
		if sent := r.wa.Sent(); len(sent) != 1 || sent[0].Message.GetConversation() != "Фото" {
			t.Errorf("sent %v, want the text alone", sent)
		}
	})
}

func TestSendErrors(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		want   string
		target error // errors.Is must still find it
	}{
		{"device JID", whatsmeow.ErrRecipientADJID, "permanent", whatsmeow.ErrRecipientADJID},
		{"unknown server", whatsmeow.ErrUnknownServer, "permanent", whatsmeow.ErrUnknownServer},
		{"broadcast list", whatsmeow.ErrBroadcastListUnsupported, "permanent", whatsmeow.ErrBroadcastListUnsupported},
		{"connection dropped", whatsmeow.ErrNotConnected, "retryable", whatsmeow.ErrNotConnected},
		{"wrapped drop", fmt.Errorf("send: %w", whatsmeow.ErrNotConnected), "retryable", whatsmeow.ErrNotConnected},
		{"timeout", context.DeadlineExceeded, "retryable", context.DeadlineExceeded},
	}
	for _, tt := range tests {
		for _, photo := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/photo=%v", tt.name, photo), func(t *testing.T) {
				r := newRig(t, nil)
				r.st.contact(rigPhone)
				reply := bot.Reply{Text: "Ваш заказ", Buttons: rigButtons(2)}
				if photo {
					reply.PhotoFile = &bot.Attachment{MIME: "image/jpeg", Data: rigJPEG}
				}
				r.wa.SendErr = tt.err
				err := r.a.Send(t.Context(), rigPhone, reply)
				if got := rigKind(err); got != tt.want || !errors.Is(err, tt.target) {
					t.Errorf("Send = %v (%s), want %s wrapping %v", err, got, tt.want, tt.target)
				}
				if n := r.st.saved(rigPhone); n != 0 {
					t.Errorf("%d menus saved for a message that did not go", n)
				}
			})
		}
	}
}

func TestHolds(t *testing.T) {
	r := newRig(t, nil)
	ref := rigCustomerFile(t, r, rigJPEG, "image/jpeg", false, "")
	tests := []struct {
		ref  string
		want bool
	}{
		{ref, true},
		{"wa:anything", true},
		{"AgACAgIAAxkBAAIBY2ZfQ", false}, // a Telegram file id
		{"https://lete.kz/img/dress.jpg", false},
		{"tg:123", false},
		{"WA:abc", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := r.a.Holds(tt.ref); got != tt.want {
			t.Errorf("Holds(%.20q) = %v, want %v", tt.ref, got, tt.want)
		}
	}
}

func TestFetch(t *testing.T) {
	// errDownloaded is what the fake answers any Download with, in the
	// cases where Fetch must refuse before downloading.
	errDownloaded := errors.New("downloaded")
	big := make([]byte, 2048)
	tests := []struct {
		name string
		// ref builds the reference on the rig (the fake holds its media).
		ref         func(t *testing.T, r *rig) string
		maxDownload int64
		downloadErr error
		want        *bot.Attachment
		wantErr     string // rigKind
	}{
		{
			name:    "customer's photo",
			ref:     func(t *testing.T, r *rig) string { return rigCustomerFile(t, r, rigJPEG, "image/jpeg", false, "") },
			want:    &bot.Attachment{Name: "photo.jpg", MIME: "image/jpeg", Data: rigJPEG},
			wantErr: "ok",
		},
		{
			name: "customer's document",
			ref: func(t *testing.T, r *rig) string {
				return rigCustomerFile(t, r, rigPDF, "application/pdf", true, "Чек.pdf")
			},
			want:    &bot.Attachment{Name: "Чек.pdf", MIME: "application/pdf", Data: rigPDF},
			wantErr: "ok",
		},
		{
			name:        "file of exactly MaxDownload",
			ref:         func(t *testing.T, r *rig) string { return rigCustomerFile(t, r, big, "image/jpeg", false, "") },
			maxDownload: int64(len(big)),
			want:        &bot.Attachment{Name: "photo.jpg", MIME: "image/jpeg", Data: big},
			wantErr:     "ok",
		},
		{
			name: "unknown direct path (404)",
			ref: func(*testing.T, *rig) string {
				return encodeRef(mediaRef{Kind: "image", DirectPath: "/v/t62.7118-24/expired.enc", MediaKey: []byte{1, 2},
					Length: 100, MIME: "image/jpeg"})
			},
			wantErr: "permanent",
		},
		{
			name:        "over MaxDownload: not downloaded",
			ref:         func(t *testing.T, r *rig) string { return rigCustomerFile(t, r, big, "image/jpeg", false, "") },
			maxDownload: int64(len(big)) - 1,
			downloadErr: errDownloaded,
			wantErr:     "permanent",
		},
		{
			name:        "download failing for now",
			ref:         func(t *testing.T, r *rig) string { return rigCustomerFile(t, r, rigJPEG, "image/jpeg", false, "") },
			downloadErr: errors.New("dial tcp: i/o timeout"),
			wantErr:     "retryable",
		},
		{
			name:        "hash mismatch",
			ref:         func(t *testing.T, r *rig) string { return rigCustomerFile(t, r, rigJPEG, "image/jpeg", false, "") },
			downloadErr: fmt.Errorf("download: %w", whatsmeow.ErrInvalidMediaSHA256),
			wantErr:     "permanent",
		},
		{
			name:        "garbage after the prefix",
			ref:         func(*testing.T, *rig) string { return "wa:%%%not-base64%%%" },
			downloadErr: errDownloaded,
			wantErr:     "permanent",
		},
		{
			name:        "JSON without a path",
			ref:         func(*testing.T, *rig) string { return encodeRef(mediaRef{Kind: "image", MediaKey: []byte{1}}) },
			downloadErr: errDownloaded,
			wantErr:     "permanent",
		},
		{
			name: "unknown kind",
			ref: func(*testing.T, *rig) string {
				return encodeRef(mediaRef{Kind: "sticker", DirectPath: "/v/x", MediaKey: []byte{1}})
			},
			downloadErr: errDownloaded,
			wantErr:     "permanent",
		},
		{
			name:        "another channel's reference",
			ref:         func(*testing.T, *rig) string { return "AgACAgIAAxkBAAIBY2ZfQ" },
			downloadErr: errDownloaded,
			wantErr:     "permanent",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, func(c *Config) { c.MaxDownload = tt.maxDownload })
			ref := tt.ref(t, r)
			r.wa.DownloadErr = tt.downloadErr
			got, err := r.a.Fetch(t.Context(), ref)
			if kind := rigKind(err); kind != tt.wantErr {
				t.Fatalf("Fetch = %v (%s), want %s", err, kind, tt.wantErr)
			}
			if errors.Is(err, errDownloaded) {
				t.Errorf("Fetch downloaded: %v", err)
			}
			if tt.want == nil {
				if got != nil {
					t.Errorf("Fetch = %+v with an error", got)
				}
				return
			}
			if got == nil || got.Name != tt.want.Name || got.MIME != tt.want.MIME || !bytes.Equal(got.Data, tt.want.Data) {
				t.Errorf("Fetch = %+v, want %s %s with %d bytes", got, tt.want.Name, tt.want.MIME, len(tt.want.Data))
			}
		})
	}
}

// The fake client must stay a whatsapp.Client.
var _ Client = (*whatsapptest.Client)(nil)

// TestSendPhotoURLNotAnImage: a photo address that answers 200 with a web
// page (a login wall, a CDN's soft 404) is no photo; the text should go
// alone rather than as the caption of an image WhatsApp cannot show.
func TestSendPhotoURLNotAnImage(t *testing.T) {

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><html><body>Войдите</body></html>"))
	}))
	defer srv.Close()
	r := newRig(t, func(c *Config) { c.HTTP = srv.Client() })
	r.st.contact(rigPhone)
	if err := r.a.Send(t.Context(), rigPhone, bot.Reply{Text: "Платье миди", Photo: srv.URL + "/img/dress.jpg"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if sent := r.wa.Sent(); len(sent) != 1 || sent[0].Message.GetConversation() != "Платье миди" {
		t.Errorf("sent %v, want the text alone", sent)
	}
}
