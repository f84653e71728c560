package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

const photoURL = "https://cdn.lete.kz/p/12.jpg"

var menu = [][]bot.Button{
	{{Label: "Каталог", Data: "m:cat"}, {Label: "Сайт", URL: "https://lete.kz"}},
	{{Label: "Себет", Data: "m:cart"}},
}

const menuJSON = `{"inline_keyboard":[[{"text":"Каталог","callback_data":"m:cat"},{"text":"Сайт","url":"https://lete.kz"}],[{"text":"Себет","callback_data":"m:cart"}]]}`

// lines returns n lines of width runes each.
func lines(n, width int) []string {
	var ls []string
	for i := range n {
		ls = append(ls, strings.Repeat(string(rune('а'+i%32)), width))
	}
	return ls
}

func TestSend(t *testing.T) {
	ls := lines(90, 99) // 100 runes a line with its break: 40 lines fit in 4096
	long := strings.Join(ls, "\n")
	caption := strings.Repeat("к", 1024)
	tooLongCaption := strings.Repeat("к", 1025)

	type sent struct{ method, text, caption, photo, document, markup string }
	tests := []struct {
		name  string
		chat  string
		reply bot.Reply
		setup func(*telegramtest.Server)
		want  []sent
		kind  string
		log   string // a line the adapter must log
		quiet bool   // the adapter must log no error (the sender reports it)
	}{
		{name: "plain text, no parse mode", reply: bot.Reply{Text: "Сәлеметсіз бе! <b>not html</b>"},
			want: []sent{{method: "sendMessage", text: "Сәлеметсіз бе! <b>not html</b>"}}, kind: "ok"},
		{name: "keyboard", reply: bot.Reply{Text: "Мәзір", Buttons: menu},
			want: []sent{{method: "sendMessage", text: "Мәзір", markup: menuJSON}}, kind: "ok"},
		{name: "long text split at line breaks, keyboard last", reply: bot.Reply{Text: long, Buttons: menu},
			want: []sent{
				{method: "sendMessage", text: strings.Join(ls[:40], "\n")},
				{method: "sendMessage", text: strings.Join(ls[40:80], "\n")},
				{method: "sendMessage", text: strings.Join(ls[80:], "\n"), markup: menuJSON},
			}, kind: "ok"},
		{name: "photo URL with caption and keyboard", reply: bot.Reply{Text: caption, Photo: photoURL, Buttons: menu},
			want: []sent{{method: "sendPhoto", photo: photoURL, caption: caption, markup: menuJSON}}, kind: "ok"},
		{name: "phone button becomes a one-time contact keyboard",
			reply: bot.Reply{Text: "Нөміріңізді жіберіңіз", Buttons: [][]bot.Button{{{Label: "📱 Нөмірді жіберу", Phone: true}}}},
			want: []sent{{method: "sendMessage", text: "Нөміріңізді жіберіңіз",
				markup: `{"keyboard":[[{"text":"📱 Нөмірді жіберу","request_contact":true}]],"resize_keyboard":true,"one_time_keyboard":true}`}}, kind: "ok"},
		{name: "phone button mixed with inline buttons is refused",
			reply: bot.Reply{Text: "x", Buttons: [][]bot.Button{{{Label: "p", Phone: true}}, {{Label: "m", Data: "m"}}}},
			kind:  "permanent", log: "invalid buttons"},
		{name: "location button becomes a one-time location keyboard",
			reply: bot.Reply{Text: "Геолокацияны жіберіңіз", Buttons: [][]bot.Button{{{Label: "📍 Геолокация", Location: true}}}},
			want: []sent{{method: "sendMessage", text: "Геолокацияны жіберіңіз",
				markup: `{"keyboard":[[{"text":"📍 Геолокация","request_location":true}]],"resize_keyboard":true,"one_time_keyboard":true}`}}, kind: "ok"},
		{name: "document by file_id with caption", reply: bot.Reply{Text: "📎 чек.pdf", Document: "BQACAgIAAxkBAAIC"},
			want: []sent{{method: "sendDocument", document: "BQACAgIAAxkBAAIC", caption: "📎 чек.pdf"}}, kind: "ok"},
		{name: "text too long for a caption follows the document", reply: bot.Reply{Text: tooLongCaption, Document: "BQACAgIAAxkBAAIC"},
			want: []sent{
				{method: "sendDocument", document: "BQACAgIAAxkBAAIC"},
				{method: "sendMessage", text: tooLongCaption},
			}, kind: "ok"},
		{name: "photo by file_id", reply: bot.Reply{Text: "Көйлек", Photo: "AgACAgIAAxkBAAIB"},
			want: []sent{{method: "sendPhoto", photo: "AgACAgIAAxkBAAIB", caption: "Көйлек"}}, kind: "ok"},
		{name: "photo without text", reply: bot.Reply{Photo: photoURL, Buttons: menu},
			want: []sent{{method: "sendPhoto", photo: photoURL, markup: menuJSON}}, kind: "ok"},
		{name: "text too long for a caption follows the photo", reply: bot.Reply{Text: tooLongCaption, Photo: photoURL, Buttons: menu},
			want: []sent{
				{method: "sendPhoto", photo: photoURL},
				{method: "sendMessage", text: tooLongCaption, markup: menuJSON},
			}, kind: "ok"},
		{name: "rejected photo falls back to the text",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendPhoto", telegramtest.Failure{Code: 400, Description: "Bad Request: wrong file identifier/HTTP URL specified"})
			},
			reply: bot.Reply{Text: "Көйлек", Photo: photoURL, Buttons: menu},
			want:  []sent{{method: "sendMessage", text: "Көйлек", markup: menuJSON}}, kind: "ok",
			log: "rejected the photo", quiet: true},
		{name: "caption Telegram finds too long goes as a separate message",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendPhoto", telegramtest.Failure{Code: 400, Description: "Bad Request: message caption is too long"})
			},
			reply: bot.Reply{Text: "Көйлек 🙂", Photo: photoURL, Buttons: menu},
			want: []sent{
				{method: "sendPhoto", photo: photoURL},
				{method: "sendMessage", text: "Көйлек 🙂", markup: menuJSON},
			}, kind: "ok"},
		{name: "rejected bare photo before long text still sends the text",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendPhoto", telegramtest.Failure{Code: 400, Description: "Bad Request: failed to get HTTP URL content"})
			},
			reply: bot.Reply{Text: tooLongCaption, Photo: photoURL},
			want:  []sent{{method: "sendMessage", text: tooLongCaption}}, kind: "ok"},
		{name: "photo to a blocked chat is not retried as text",
			setup: func(s *telegramtest.Server) { s.Block(42) },
			reply: bot.Reply{Text: "Көйлек", Photo: photoURL}, kind: "permanent"},
		{name: "photo failing with 500 is retryable, no text sent",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendPhoto", telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
			},
			reply: bot.Reply{Text: "Көйлек", Photo: photoURL}, kind: "retryable"},
		{name: "429 asks to wait",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendMessage", telegramtest.Failure{Code: 429, Description: "Too Many Requests: retry after 3", RetryAfter: 3})
			},
			reply: bot.Reply{Text: "hi"}, kind: "retry-after 3s", quiet: true},
		{name: "blocked by the user", setup: func(s *telegramtest.Server) { s.Block(42) },
			reply: bot.Reply{Text: "hi"}, kind: "permanent", quiet: true},
		{name: "chat not found",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendMessage", telegramtest.Failure{Code: 400, Description: "Bad Request: chat not found"})
			},
			reply: bot.Reply{Text: "hi"}, kind: "permanent", quiet: true},
		{name: "user deactivated",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendMessage", telegramtest.Failure{Code: 400, Description: "Bad Request: user is deactivated"})
			},
			reply: bot.Reply{Text: "hi"}, kind: "permanent", quiet: true},
		{name: "group upgraded to supergroup",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendMessage", telegramtest.Failure{Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat", MigrateToChatID: -1009876})
			},
			reply: bot.Reply{Text: "hi"}, kind: "permanent", log: "new_chat_id=-1009876"},
		{name: "other 400 is permanent and logged as an error",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendMessage", telegramtest.Failure{Code: 400, Description: "Bad Request: can't parse entities"})
			},
			reply: bot.Reply{Text: "hi"}, kind: "permanent", log: `level=ERROR msg="Telegram refused a malformed request"`},
		{name: "500 is retryable",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendMessage", telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
			},
			reply: bot.Reply{Text: "hi"}, kind: "retryable", quiet: true},
		{name: "HTML 502 from a proxy is retryable",
			setup: func(s *telegramtest.Server) {
				s.Fail("sendMessage", telegramtest.Failure{Code: 502, Body: "<html>502 Bad Gateway</html>"})
			},
			reply: bot.Reply{Text: "hi"}, kind: "retryable"},
		{name: "unparsable chat id", chat: "@lete", reply: bot.Reply{Text: "hi"}, kind: "permanent"},
		{name: "empty reply", reply: bot.Reply{Text: " \n", Buttons: menu}, kind: "permanent"},
		{name: "button data over 64 bytes",
			reply: bot.Reply{Text: "hi", Buttons: [][]bot.Button{{{Label: "x", Data: strings.Repeat("ы", 33)}}}},
			kind:  "permanent", log: "invalid buttons"},
		{name: "button with neither data nor URL",
			reply: bot.Reply{Text: "hi", Buttons: [][]bot.Button{{{Label: "x"}}}}, kind: "permanent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, a, logs := newFake(t)
			if tt.setup != nil {
				tt.setup(s)
			}
			chat := tt.chat
			if chat == "" {
				chat = "42"
			}
			err := a.Send(t.Context(), chat, tt.reply)
			if got := kind(err); got != tt.kind {
				t.Errorf("Send error %v is %s, want %s", err, got, tt.kind)
			}
			var got []sent
			for _, m := range s.SentAll() {
				if m.ChatID != 42 || m.ParseMode != "" {
					t.Errorf("sent to chat %d with parse mode %q", m.ChatID, m.ParseMode)
				}
				got = append(got, sent{m.Method, m.Text, m.Caption, m.Photo, m.Document, m.ReplyMarkup})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("sent:\n%s\nwant:\n%s", show(got), show(tt.want))
			}
			if tt.quiet && strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("logged an error:\n%s", logs)
			}
			if tt.log != "" && !strings.Contains(logs.String(), tt.log) {
				t.Errorf("log lacks %q:\n%s", tt.log, logs)
			}
		})
	}
}

func show[T any](v []T) string {
	var b strings.Builder
	for _, x := range v {
		line := strings.ReplaceAll(fmt.Sprintf("%+v", x), "\n", `\n`)
		if r := []rune(line); len(r) > 160 {
			line = string(r[:160]) + "..."
		}
		b.WriteString("  " + line + "\n")
	}
	return b.String()
}

func TestSendLongTextPartsFitAndKeepAllText(t *testing.T) {
	s, a, _ := newFake(t)
	text := "Тапсырыс:\n" + strings.Repeat("ұзын сөз ", 1200) + "\n\nСоңы 🙂"
	if err := a.Send(t.Context(), "42", bot.Reply{Text: text, Buttons: menu}); err != nil {
		t.Fatal(err)
	}
	msgs := s.Sent(42)
	if len(msgs) < 3 {
		t.Fatalf("%d messages, want at least 3 for %d runes", len(msgs), utf8.RuneCountInString(text))
	}
	var joined []string
	for i, m := range msgs {
		if n := utf8.RuneCountInString(m.Text); n > 4096 {
			t.Errorf("part %d has %d runes", i, n)
		}
		if hasKB := m.ReplyMarkup != ""; hasKB != (i == len(msgs)-1) {
			t.Errorf("part %d keyboard = %v", i, hasKB)
		}
		joined = append(joined, m.Text)
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if squash(strings.Join(joined, " ")) != squash(text) {
		t.Errorf("parts do not add up to the text")
	}
}

func TestSplitText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []string
	}{
		{"fits", "abc", 5, []string{"abc"}},
		{"exactly the limit", "abcde", 5, []string{"abcde"}},
		{"line break right after the limit", "abcde\nfg", 5, []string{"abcde", "fg"}},
		{"last line break wins", "ab\ncd\nefgh", 7, []string{"ab\ncd", "efgh"}},
		{"space when no line break", "ab cd efgh", 7, []string{"ab cd", "efgh"}},
		{"hard cut in a long word", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"runes, not bytes", "әәәәәә", 4, []string{"әәәә", "әә"}},
		{"blank lines dropped", "abc\n\n\n\ndef", 4, []string{"abc", "def"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitText(tt.in, tt.max); !slices.Equal(got, tt.want) {
				t.Errorf("splitText(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}

func TestSendHonoursContext(t *testing.T) {
	s, a, _ := newFake(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := a.Send(ctx, "42", bot.Reply{Text: "hi"})
	if !errors.Is(err, context.Canceled) || errors.Is(err, bot.ErrPermanent) {
		t.Errorf("Send with a cancelled ctx = %v, want context.Canceled, not permanent", err)
	}
	if n := len(s.Calls("sendMessage")); n != 0 {
		t.Errorf("%d sendMessage calls with a cancelled ctx", n)
	}
}

func TestSendNetworkErrorHidesToken(t *testing.T) {
	s, a, _ := newFake(t)
	s.Close()
	err := a.Send(t.Context(), "42", bot.Reply{Text: "hi"})
	if kind(err) != "retryable" {
		t.Fatalf("Send to a dead server = %v (%s), want retryable", err, kind(err))
	}
	if strings.Contains(err.Error(), telegramtest.Token) || !strings.Contains(err.Error(), "<token>") {
		t.Errorf("error does not hide the token: %v", err)
	}
}

func TestLimits(t *testing.T) {
	a := &Adapter{}
	l := a.Limits()
	if l.PerSecond != 30 || l.AnswersExempt {
		t.Errorf("PerSecond = %v, AnswersExempt = %v; want 30 for every message", l.PerSecond, l.AnswersExempt)
	}
	if l := (&Adapter{pacing: PaceBroadcasts}).Limits(); l.PerSecond != 30 || !l.AnswersExempt || l.Chat == nil {
		t.Errorf("PaceBroadcasts Limits = %+v, want 30 a second for broadcasts only, and the chats' rates", l)
	}
	for _, tt := range []struct {
		chat  string
		rate  float64
		burst int
	}{{"42", 1, 3}, {"-1001234567890", 20.0 / 60, 3}, {"-500", 20.0 / 60, 3}} {
		if r, b := l.Chat(tt.chat); r != tt.rate || b != tt.burst {
			t.Errorf("Chat(%s) = %v, %d; want %v, %d", tt.chat, r, b, tt.rate, tt.burst)
		}
	}
	if l := (&Adapter{pacing: PaceOff}).Limits(); l.PerSecond != 0 || l.Chat != nil {
		t.Errorf("PaceOff Limits = %+v, want none", l)
	}
	for in, want := range map[string]Pacing{"": PaceAll, "on": PaceAll, "answers": PaceBroadcasts, "off": PaceOff} {
		if got, err := ParsePacing(in); got != want || err != nil {
			t.Errorf("ParsePacing(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParsePacing("none"); err == nil {
		t.Error(`ParsePacing("none") did not fail`)
	}
}

func TestOKFirst(t *testing.T) {
	for _, tc := range []struct {
		answer string
		want   bool
	}{
		{`{"ok":true,"result":{"message_id":7}}`, true},
		{`{"ok":true}`, true},
		{" {\n\t\"ok\" : true ,\"result\":true}\n", true},
		{`{"ok":false,"error_code":400,"description":"Bad Request"}`, false},
		{`{"result":true,"ok":true}`, false}, // ok not first: read whole
		{`{"ok":truer}`, false},
		{`{"ok":true`, false},
		{`{"okay":true}`, false},
		{`{"ok":"true"}`, false},
		{`<html>Bad Gateway</html>`, false},
		{``, false},
	} {
		if got := okFirst([]byte(tc.answer)); got != tc.want {
			t.Errorf("okFirst(%q) = %v, want %v", tc.answer, got, tc.want)
		}
	}
}

// TestSendReadsWholeAnswersThatDoNotOpenOK: a send that skips reading a
// successful answer still reads every other answer, whatever its HTTP
// status: a failure reported with 200, or ok written after the result.
func TestSendReadsWholeAnswersThatDoNotOpenOK(t *testing.T) {
	for _, tc := range []struct {
		name, answer string
		wantErr      bool
	}{
		{"failure with 200", `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`, true},
		{"ok after the result", `{"result":{"message_id":7},"ok":true}`, false},
		{"not JSON", `Bad Gateway`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if strings.HasSuffix(r.URL.Path, "/getMe") {
					_, _ = io.WriteString(w, `{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"Lete","username":"lete_bot"}}`)
					return
				}
				_, _ = io.WriteString(w, tc.answer)
			}))
			t.Cleanup(srv.Close)
			a, err := New(t.Context(), Config{Token: telegramtest.Token, APIEndpoint: srv.URL + "/bot%s/%s"})
			if err != nil {
				t.Fatal(err)
			}
			err = a.Send(t.Context(), "42", bot.Reply{Text: "hi"})
			if (err != nil) != tc.wantErr {
				t.Errorf("Send = %v, want an error: %v", err, tc.wantErr)
			}
		})
	}
}
