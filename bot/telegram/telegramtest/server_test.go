package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

type reply struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

func call(t *testing.T, s *Server, method string, form url.Values) reply {
	t.Helper()
	resp, err := http.PostForm(fmt.Sprintf(s.APIEndpoint(), Token, method), form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r reply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	if !r.OK && resp.StatusCode != r.ErrorCode {
		t.Errorf("HTTP %d with error_code %d", resp.StatusCode, r.ErrorCode)
	}
	return r
}

func updateIDs(t *testing.T, r reply) []int {
	t.Helper()
	var ups []struct {
		UpdateID int `json:"update_id"`
	}
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatalf("getUpdates result %s: %v", r.Result, err)
	}
	var ids []int
	for _, u := range ups {
		ids = append(ids, u.UpdateID)
	}
	return ids
}

func TestGetUpdatesOffsets(t *testing.T) {
	s := NewServer()
	defer s.Close()
	a, b := s.PushText(42, "one"), s.PushCallback(42, "p:1")
	if a != 1 || b != 2 {
		t.Fatalf("update ids %d, %d; want 1, 2", a, b)
	}
	if got := updateIDs(t, call(t, s, "getUpdates", nil)); fmt.Sprint(got) != "[1 2]" {
		t.Errorf("first poll = %v", got)
	}
	if got := updateIDs(t, call(t, s, "getUpdates", url.Values{"offset": {"2"}})); fmt.Sprint(got) != "[2]" {
		t.Errorf("poll at offset 2 = %v", got)
	}
	if s.Confirmed() != 1 || s.Pending() != 1 {
		t.Errorf("confirmed %d, pending %d; want 1, 1", s.Confirmed(), s.Pending())
	}
	if got := updateIDs(t, call(t, s, "getUpdates", url.Values{"offset": {"3"}, "timeout": {"0"}})); len(got) != 0 {
		t.Errorf("poll at offset 3 = %v, want none", got)
	}
	if s.Confirmed() != 2 || s.Pending() != 0 {
		t.Errorf("confirmed %d, pending %d; want 2, 0", s.Confirmed(), s.Pending())
	}
}

// An update's wait in the queue is recorded when getUpdates first hands it
// out, not again when it is handed out before it is confirmed.
func TestQueueWaits(t *testing.T) {
	s := NewServer()
	defer s.Close()
	s.PushText(42, "one")
	time.Sleep(20 * time.Millisecond)
	s.PushText(42, "two")
	call(t, s, "getUpdates", nil)
	call(t, s, "getUpdates", url.Values{"offset": {"2"}})
	w := s.QueueWaits()
	if len(w) != 2 || w[0] < 20*time.Millisecond || w[1] > w[0] {
		t.Errorf("queue waits %v, want two, the first at least 20ms and longer than the second", w)
	}
}

func TestLongPollWakesOnPush(t *testing.T) {
	s := NewServer()
	defer s.Close()
	go func() {
		time.Sleep(100 * time.Millisecond)
		s.PushText(42, "late")
	}()
	start := time.Now()
	got := updateIDs(t, call(t, s, "getUpdates", url.Values{"timeout": {"10"}}))
	if fmt.Sprint(got) != "[1]" || time.Since(start) > 5*time.Second {
		t.Errorf("long poll = %v after %s", got, time.Since(start))
	}
}

func TestCloseEndsLongPoll(t *testing.T) {
	s := NewServer()
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := http.PostForm(fmt.Sprintf(s.APIEndpoint(), Token, "getUpdates"), url.Values{"timeout": {"30"}})
		if err == nil {
			resp.Body.Close()
		}
	}()
	if _, err := s.WaitCalls(context.Background(), "getUpdates", 1); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		t.Fatal("Close waited for the long poll")
	}
	<-done
}

func TestSendRecordsAndValidates(t *testing.T) {
	s := NewServer()
	defer s.Close()
	kb := `{"inline_keyboard":[[{"text":"Cart","callback_data":"m:cart"},{"text":"Site","url":"https://lete.kz"}]]}`
	if r := call(t, s, "sendMessage", url.Values{"chat_id": {"42"}, "text": {"hi"}, "reply_markup": {kb}}); !r.OK {
		t.Fatalf("sendMessage: %s", r.Description)
	}
	for _, tt := range []struct {
		method string
		form   url.Values
		code   int
	}{
		{"sendMessage", url.Values{"chat_id": {"42"}, "text": {" "}}, 400},
		{"sendMessage", url.Values{"chat_id": {"42"}, "text": {strings.Repeat("я", 4097)}}, 400},
		{"sendMessage", url.Values{"chat_id": {"x"}, "text": {"hi"}}, 400},
		{"sendMessage", url.Values{"chat_id": {"42"}, "text": {"hi"}, "reply_markup": {`{"inline_keyboard":[[{"text":"x"}]]}`}}, 400},
		{"sendMessage", url.Values{"chat_id": {"42"}, "text": {"hi"}, "reply_markup": {`{"inline_keyboard":[[{"text":"x","callback_data":"` + strings.Repeat("a", 65) + `"}]]}`}}, 400},
		{"sendPhoto", url.Values{"chat_id": {"42"}}, 400},
		{"sendPhoto", url.Values{"chat_id": {"42"}, "photo": {"id"}, "caption": {strings.Repeat("я", 1025)}}, 400},
		{"sendSticker", url.Values{"chat_id": {"42"}}, 404},
	} {
		if r := call(t, s, tt.method, tt.form); r.OK || r.ErrorCode != tt.code {
			t.Errorf("%s %v = ok %v code %d, want %d", tt.method, tt.form, r.OK, r.ErrorCode, tt.code)
		}
	}
	got := s.Sent(42)
	if len(got) != 1 || got[0].Text != "hi" || got[0].ReplyMarkup != kb ||
		fmt.Sprint(got[0].Buttons) != "[[{Cart m:cart  false} {Site  https://lete.kz false}]]" {
		t.Errorf("Sent(42) = %+v", got)
	}
}

func TestFailBlockAndToken(t *testing.T) {
	s := NewServer()
	defer s.Close()
	s.Fail("sendMessage", Failure{Code: 429, Description: "Too Many Requests: retry after 3", RetryAfter: 3})
	r := call(t, s, "sendMessage", url.Values{"chat_id": {"42"}, "text": {"hi"}})
	if r.OK || r.ErrorCode != 429 || r.Parameters.RetryAfter != 3 {
		t.Errorf("injected 429 = %+v", r)
	}
	if r := call(t, s, "sendMessage", url.Values{"chat_id": {"42"}, "text": {"hi"}}); !r.OK {
		t.Errorf("second send failed too: %+v", r)
	}
	s.Block(7)
	if r := call(t, s, "sendMessage", url.Values{"chat_id": {"7"}, "text": {"hi"}}); r.ErrorCode != 403 {
		t.Errorf("send to blocked chat = %+v", r)
	}
	resp, err := http.PostForm(s.URL()+"/bot1:bad/getMe", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("wrong token: HTTP %d, want 401", resp.StatusCode)
	}
}

func TestParamsMultipartAndJSON(t *testing.T) {
	s := NewServer()
	defer s.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("chat_id", "42")
	_ = mw.WriteField("caption", "upload")
	fw, _ := mw.CreateFormFile("photo", "dress.jpg")
	_, _ = fw.Write([]byte("JPEG"))
	_ = mw.Close()
	resp, err := http.Post(fmt.Sprintf(s.APIEndpoint(), Token, "sendPhoto"), mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Post(fmt.Sprintf(s.APIEndpoint(), Token, "sendMessage"), "application/json",
		strings.NewReader(`{"chat_id":42,"text":"json"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := s.Sent(42)
	if len(got) != 2 || got[0].Photo != "upload:dress.jpg" || got[0].Caption != "upload" || got[1].Text != "json" {
		t.Errorf("Sent(42) = %+v", got)
	}
}

// postUpload sends method as multipart/form-data with fields and one file
// in field, as tgbotapi does for FileBytes.
func postUpload(t *testing.T, s *Server, method string, fields map[string]string, field, name string, data []byte) reply {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile(field, name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	resp, err := http.Post(fmt.Sprintf(s.APIEndpoint(), Token, method), mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r reply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestUploads(t *testing.T) {
	kb := `{"inline_keyboard":[[{"text":"Жауап беру","callback_data":"r:1"}]]}`
	for _, tc := range []struct {
		name, method, field, file string
		data                      []byte
		wantErr                   string // the description of a refusal
	}{
		{"photo", "sendPhoto", "photo", "file_7.jpg", []byte("\xff\xd8JPEG"), ""},
		{"document", "sendDocument", "document", "чек.pdf", []byte("%PDF-1.4"), ""},
		{"empty photo", "sendPhoto", "photo", "a.jpg", nil, "Bad Request: file must be non-empty"},
		{"empty document", "sendDocument", "document", "a.pdf", nil, "Bad Request: file must be non-empty"},
		{"document in the wrong field", "sendDocument", "photo", "a.pdf", []byte("%PDF"), "Bad Request: there is no document in the request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewServer()
			defer s.Close()
			r := postUpload(t, s, tc.method, map[string]string{"chat_id": "-100500", "caption": "Клиенттен", "reply_markup": kb}, tc.field, tc.file, tc.data)
			if tc.wantErr != "" {
				if r.OK || r.ErrorCode != 400 || r.Description != tc.wantErr {
					t.Errorf("%s = %+v, want 400 %q", tc.method, r, tc.wantErr)
				}
				if n := len(s.SentAll()); n != 0 {
					t.Errorf("%d messages recorded after a refusal", n)
				}
				return
			}
			if !r.OK {
				t.Fatalf("%s = %+v", tc.method, r)
			}
			got := s.Sent(-100500)
			if len(got) != 1 {
				t.Fatalf("Sent = %+v, want one message", got)
			}
			m := got[0]
			ref := m.Photo
			if tc.method == "sendDocument" {
				ref = m.Document
			}
			if m.Method != tc.method || ref != "upload:"+tc.file || m.Caption != "Клиенттен" || m.ReplyMarkup != kb {
				t.Errorf("recorded %+v", m)
			}
			if m.Upload == nil || m.Upload.Name != tc.file || !bytes.Equal(m.Upload.Data, tc.data) {
				t.Errorf("Upload = %+v, want %s with %q", m.Upload, tc.file, tc.data)
			}
		})
	}

	t.Run("by file_id, no upload", func(t *testing.T) {
		s := NewServer()
		defer s.Close()
		if r := call(t, s, "sendDocument", url.Values{"chat_id": {"42"}, "document": {"BQACAgI"}}); !r.OK {
			t.Fatalf("sendDocument = %+v", r)
		}
		if got := s.Sent(42); len(got) != 1 || got[0].Document != "BQACAgI" || got[0].Upload != nil {
			t.Errorf("Sent = %+v", got)
		}
	})
}

func TestFilesAndCallbacks(t *testing.T) {
	s := NewServer()
	defer s.Close()
	path := s.AddFile("f1", []byte("data"))
	r := call(t, s, "getFile", url.Values{"file_id": {"f1"}})
	var f struct {
		FilePath string `json:"file_path"`
		FileSize int    `json:"file_size"`
	}
	_ = json.Unmarshal(r.Result, &f)
	if f.FilePath != path || f.FileSize != 4 {
		t.Errorf("getFile = %s", r.Result)
	}
	s.AddFileAt("p1", "photos/file_1.jpg", []byte("JPEG"))
	if r := call(t, s, "getFile", url.Values{"file_id": {"p1"}}); !r.OK || !strings.Contains(string(r.Result), `"file_path":"photos/file_1.jpg"`) {
		t.Errorf("getFile of a file added at a path = %+v", r)
	}
	resp, err := http.Get(fmt.Sprintf(s.FileEndpoint(), Token, path))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "data" {
		t.Errorf("download = %q", b)
	}

	id := s.PushCallback(42, "p:1")
	if r := call(t, s, "answerCallbackQuery", url.Values{"callback_query_id": {CallbackID(id)}}); !r.OK {
		t.Errorf("answer: %+v", r)
	}
	if r := call(t, s, "answerCallbackQuery", url.Values{"callback_query_id": {"unknown"}}); r.OK {
		t.Error("unknown callback answered")
	}
	if got := s.Answered(); fmt.Sprint(got) != fmt.Sprint([]string{CallbackID(id)}) {
		t.Errorf("Answered = %v", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	s := NewServer()
	defer s.Close()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 10 {
				s.PushText(int64(i+1), "x")
				resp, err := http.PostForm(fmt.Sprintf(s.APIEndpoint(), Token, "sendMessage"),
					url.Values{"chat_id": {fmt.Sprint(i + 1)}, "text": {fmt.Sprint(j)}})
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i := range 8 {
		if _, err := s.WaitSent(ctx, int64(i+1), 10); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
	if s.Pending() != 80 {
		t.Errorf("pending = %d, want 80", s.Pending())
	}
}

// TestJSONParam: a JSON parameter reads as the same text the slow path
// (decoding it as a string, else keeping it as written) gives.
func TestJSONParam(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{`"hello"`, "hello"},
		{`""`, ""},
		{`"Привет, мир"`, "Привет, мир"},
		{`"two\nlines"`, "two\nlines"},
		{`"a \"quote\""`, `a "quote"`},
		{`"\u0041\u00e9"`, "Aé"},
		{`"<b>bold</b> & co"`, "<b>bold</b> & co"},
		{"\"bad \xff byte\"", "bad \uFFFD byte"},
		{`12345`, "12345"},
		{`-1001234567890`, "-1001234567890"},
		{`true`, "true"},
		{`{"inline_keyboard":[[{"text":"Да","callback_data":"y"}]]}`, `{"inline_keyboard":[[{"text":"Да","callback_data":"y"}]]}`},
	} {
		if got := jsonParam(json.RawMessage(tc.raw)); got != tc.want {
			t.Errorf("jsonParam(%s) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}
