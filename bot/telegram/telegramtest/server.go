// Package telegramtest is a fake Telegram Bot API server for tests. It speaks
// the Bot API wire format (POST form-urlencoded, multipart or JSON bodies;
// {"ok":true,"result":...} or {"ok":false,"error_code":...} replies) for the
// methods letebot uses: getMe, getUpdates (long polling with offset
// confirmation), setWebhook, deleteWebhook, getWebhookInfo, sendMessage,
// sendPhoto, sendDocument, answerCallbackQuery, getFile and file downloads.
//
// A test pushes incoming updates (PushText, PushCallback, PushUpdate), points
// the bot at APIEndpoint and FileEndpoint with Token, and reads what was sent
// to each chat (Sent, WaitSent), files uploaded with sendPhoto and
// sendDocument included (Message.Upload). In webhook mode (after the bot
// called setWebhook) getUpdates answers 409 Conflict, as Telegram does, and the
// test delivers pushed updates to the webhook with DeliverWebhook; the
// server never delivers on its own. The server listens on a loopback TCP port,
// so the bot may run in the test's process or in another one. All methods
// are safe for concurrent use.
package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// The fake bot's identity.
const (
	Token       = "123456:TEST-fake-bot-token"
	BotID       = 123456
	BotUsername = "lete_test_bot"
)

// GroupUserID is the sender PushText and PushCallback use in group chats
// (negative ids); in a private chat the sender is the chat itself.
const GroupUserID int64 = 1001

// maxPoll caps one long poll, whatever timeout the client asks for.
const maxPoll = 50 * time.Second

// SecretHeader carries a webhook's secret token on each delivery.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// ConflictWebhook is getUpdates' 409 description while a webhook is set.
const ConflictWebhook = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"

// Server is a running fake Bot API.
type Server struct {
	hs     *httptest.Server
	quit   chan struct{} // closed by Close: ends open long polls
	client *http.Client  // makes webhook deliveries

	mu          sync.Mutex
	changed     chan struct{} // closed and replaced on every change
	lastUpdate  int
	lastMessage int
	queue       []queued                // updates not yet confirmed, in id order
	confirmed   int                     // every update up to this id is confirmed
	raws        map[int]json.RawMessage // every pushed update, for redelivery
	webhook     Webhook
	sent        []Message
	byChat      map[int64][]int         // indexes into sent, per chat
	chatChanged map[int64]chan struct{} // closed and dropped on a send to the chat
	calls       []Call
	failures    map[string][]Failure
	files       map[string]storedFile // by file_id
	blocked     map[int64]bool
	callbacks   map[string]bool // callback query ids handed out
	answered    []string
	// waits are how long updates waited in the queue until getUpdates
	// first handed them out, in the order it did.
	waits     []time.Duration
	lang      string
	closeOnce sync.Once
}

type queued struct {
	id  int
	raw json.RawMessage
	at  time.Time // when it was pushed
	out bool      // handed out by getUpdates at least once
}

type storedFile struct {
	path string
	data []byte
}

// Webhook is the webhook the bot set; a zero URL means none (polling mode).
type Webhook struct {
	URL    string
	Secret string // secret_token, "" if none was given
	// AllowedUpdates is allowed_updates as sent, e.g.
	// `["message","callback_query"]`; "" if left out.
	AllowedUpdates string
	// DropPending is the drop_pending_updates of the last setWebhook or
	// deleteWebhook call.
	DropPending bool
	// MaxConnections is max_connections as set (1-100), 40 when left out:
	// how many deliveries Telegram would keep in flight at once.
	MaxConnections int
}

// Message is one message the bot sent successfully.
type Message struct {
	Method string // "sendMessage", "sendPhoto" or "sendDocument"
	// At is when the server recorded the message, before it answered.
	At        time.Time
	ChatID    int64
	MessageID int
	Text      string // sendMessage's text
	Caption   string // sendPhoto's or sendDocument's caption
	// Photo is the photo as sent: a URL, a file_id, or "upload:<name>".
	Photo string
	// Document is sendDocument's file as sent: a file_id, or
	// "upload:<name>".
	Document string
	// Upload is the photo or document uploaded (multipart/form-data) with
	// the message; nil when it was sent by file_id or URL.
	Upload    *Upload
	ParseMode string
	// ReplyMarkup is the reply_markup JSON exactly as sent, "" for none.
	ReplyMarkup string
	// Buttons is ReplyMarkup's inline keyboard, parsed.
	Buttons [][]Button
}

// Upload is a file uploaded with a message.
type Upload struct {
	Name string // the file name of the multipart part
	Data []byte
}

// Button is one inline keyboard button as sent.
type Button struct {
	Text    string
	Data    string // callback_data
	URL     string
	Contact bool // a reply-keyboard button that shares the user's phone
}

// Call is one API request, in arrival order, failed ones included.
type Call struct {
	Method string
	Params url.Values
}

// Failure is an error the server answers instead of handling a request.
type Failure struct {
	// Code is the HTTP status and error_code, e.g. 429, 403, 400, 500.
	Code        int
	Description string // e.g. "Forbidden: bot was blocked by the user"
	RetryAfter  int    // parameters.retry_after, seconds
	// MigrateToChatID is parameters.migrate_to_chat_id.
	MigrateToChatID int64
	// Body, when set, is written as is instead of the JSON error (e.g. an
	// HTML page from a proxy).
	Body string
}

// NewServer starts a fake Bot API on a loopback port; Close stops it.
func NewServer() *Server {
	s := &Server{
		quit:        make(chan struct{}),
		changed:     make(chan struct{}),
		failures:    make(map[string][]Failure),
		files:       make(map[string]storedFile),
		blocked:     make(map[int64]bool),
		callbacks:   make(map[string]bool),
		raws:        make(map[int]json.RawMessage),
		byChat:      make(map[int64][]int),
		chatChanged: make(map[int64]chan struct{}),
		client:      &http.Client{},
	}
	s.hs = httptest.NewServer(s)
	return s
}

// Close ends open long polls and stops the server.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.quit)
		s.client.CloseIdleConnections()
		s.hs.CloseClientConnections()
		s.hs.Close()
	})
}

// URL is the server's base URL, e.g. "http://127.0.0.1:40123".
func (s *Server) URL() string { return s.hs.URL }

// APIEndpoint is the Sprintf format for the bot's API endpoint setting.
func (s *Server) APIEndpoint() string { return s.hs.URL + "/bot%s/%s" }

// FileEndpoint is the Sprintf format for the bot's file endpoint setting.
func (s *Server) FileEndpoint() string { return s.hs.URL + "/file/bot%s/%s" }

// Token is the only bot token the server accepts.
func (s *Server) Token() string { return Token }

// SetLanguage sets the language_code of the users in later pushed updates
// ("" leaves it out).
func (s *Server) SetLanguage(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lang = code
}

// Block makes sends to chatID fail with 403 "bot was blocked by the user".
func (s *Server) Block(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[chatID] = true
}

// Fail makes the next request of method fail with f; queued failures are
// used one per request, in order.
func (s *Server) Fail(method string, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], f)
}

// AddFile stores a file for getFile and download, returning its file_path.
func (s *Server) AddFile(fileID string, data []byte) string {
	path := "documents/" + url.PathEscape(fileID)
	s.AddFileAt(fileID, path, data)
	return path
}

// AddFileAt stores a file for getFile and download at file_path path, as
// Telegram names them: "photos/file_1.jpg", "documents/file_2.pdf".
func (s *Server) AddFileAt(fileID, path string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[fileID] = storedFile{path: path, data: bytes.Clone(data)}
}

// PushText queues a text message from the chat's user; it returns the
// update_id.
func (s *Server) PushText(chatID int64, text string) int {
	return s.PushTextFrom(chatID, senderOf(chatID), text)
}

// PushTextFrom queues a text message from userID in chatID.
func (s *Server) PushTextFrom(chatID, userID int64, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastMessage++
	msg := &message{MessageID: s.lastMessage, Date: time.Now().Unix(), Chat: chatOf(chatID), From: s.userOf(userID), Text: text}
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		msg.Entities = []entity{{Type: "bot_command", Length: len(utf16.Encode([]rune(cmd)))}}
	}
	return s.pushLocked(&update{Message: msg})
}

// PushContact queues the chat's user sharing their own phone number, as the
// contact button of a reply keyboard does; it returns the update_id.
func (s *Server) PushContact(chatID int64, phone string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastMessage++
	user := senderOf(chatID)
	return s.pushLocked(map[string]any{"message": map[string]any{
		"message_id": s.lastMessage,
		"date":       time.Now().Unix(),
		"chat":       chatOf(chatID),
		"from":       s.userOf(user),
		"contact":    map[string]any{"phone_number": phone, "first_name": "Customer", "user_id": user},
	}})
}

// PushCallback queues a press of a button carrying data, on the last message
// sent to the chat; it returns the update_id. The callback query id is
// CallbackID(update_id).
func (s *Server) PushCallback(chatID int64, data string) int {
	return s.PushCallbackFrom(chatID, senderOf(chatID), data)
}

// PushCallbackFrom queues a button press by userID in chatID.
func (s *Server) PushCallbackFrom(chatID, userID int64, data string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := &message{Date: time.Now().Unix(), Chat: chatOf(chatID), From: botUser()}
	if idx := s.byChat[chatID]; len(idx) > 0 {
		m := s.sent[idx[len(idx)-1]]
		msg.MessageID, msg.Text = m.MessageID, m.Text
		if m.ReplyMarkup != "" {
			msg.ReplyMarkup = json.RawMessage(m.ReplyMarkup)
		}
	}
	id := s.lastUpdate + 1
	qid := CallbackID(id)
	s.callbacks[qid] = true
	return s.pushLocked(&update{CallbackQuery: &callbackQuery{
		ID:           qid,
		From:         s.userOf(userID),
		Message:      msg,
		ChatInstance: "ci" + strconv.FormatInt(chatID, 10),
		Data:         data,
	}})
}

// CallbackID is the callback query id of the update PushCallback queued.
func CallbackID(updateID int) string { return "cq" + strconv.Itoa(updateID) }

// PushUpdate queues any update: v is a JSON object (json.RawMessage, []byte,
// string) or a value that marshals to one, such as a tgbotapi.Update. Its
// update_id is replaced by the next id, which is returned. A callback_query's
// id becomes answerable.
func (s *Server) PushUpdate(v any) int {
	var raw []byte
	switch v := v.(type) {
	case json.RawMessage:
		raw = v
	case []byte:
		raw = v
	case string:
		raw = []byte(v)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			panic(fmt.Sprintf("telegramtest: PushUpdate: %v", err))
		}
		raw = b
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep 64-bit ids exact
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		panic(fmt.Sprintf("telegramtest: PushUpdate: not a JSON object: %v", err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cq, ok := obj["callback_query"].(map[string]any); ok {
		if qid, ok := cq["id"].(string); ok {
			s.callbacks[qid] = true
		}
	}
	return s.pushLocked(obj)
}

// pushLocked queues an update: an object decoded by PushUpdate, or one the
// Push methods built.
func (s *Server) pushLocked(u any) int {
	s.lastUpdate++
	switch u := u.(type) {
	case map[string]any:
		u["update_id"] = s.lastUpdate
	case *update:
		u.UpdateID = s.lastUpdate
	default:
		panic(fmt.Sprintf("telegramtest: push: %T", u))
	}
	raw, err := json.Marshal(u)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: push: %v", err))
	}
	s.queue = append(s.queue, queued{id: s.lastUpdate, raw: raw, at: time.Now()})
	s.raws[s.lastUpdate] = raw
	s.notifyLocked()
	return s.lastUpdate
}

// QueueWaits returns how long each update handed out by getUpdates waited
// in the queue before it was first handed out, in the order it was: the
// part of an answer's latency spent before the bot had the update.
func (s *Server) QueueWaits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.waits)
}

// Sent returns the messages sent to chatID, oldest first.
func (s *Server) Sent(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentLocked(chatID)
}

// SentAll returns every message sent, oldest first.
func (s *Server) SentAll() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.sent...)
}

// WaitSent waits until at least n messages were sent to chatID and returns
// them all. Only sends to chatID wake it, so many chats can wait at once.
func (s *Server) WaitSent(ctx context.Context, chatID int64, n int) ([]Message, error) {
	for {
		s.mu.Lock()
		out := s.sentLocked(chatID)
		if len(out) >= n {
			s.mu.Unlock()
			return out, nil
		}
		ch := s.chatChanged[chatID]
		if ch == nil {
			ch = make(chan struct{})
			s.chatChanged[chatID] = ch
		}
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return out, fmt.Errorf("telegramtest: %d of %d messages to chat %d: %w", len(out), n, chatID, ctx.Err())
		}
	}
}

func (s *Server) sentLocked(chatID int64) []Message {
	idx := s.byChat[chatID]
	out := make([]Message, len(idx))
	for i, j := range idx {
		out[i] = s.sent[j]
	}
	return out
}

// Calls returns the requests of method ("" for all), oldest first.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

// WaitCalls waits until at least n requests of method arrived.
func (s *Server) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	var out []Call
	err := s.wait(ctx, func() bool {
		out = s.callsLocked(method)
		return len(out) >= n
	})
	if err != nil {
		return out, fmt.Errorf("telegramtest: %d of %d %s calls: %w", len(out), n, method, err)
	}
	return out, nil
}

func (s *Server) callsLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || strings.EqualFold(c.Method, method) {
			out = append(out, c)
		}
	}
	return out
}

// Answered returns the callback query ids answered, in order, repeats
// included.
func (s *Server) Answered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.answered...)
}

// Confirmed is the highest update_id the bot has confirmed (by polling with a
// higher offset), or 0.
func (s *Server) Confirmed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed
}

// Pending is how many pushed updates are not yet confirmed.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// WaitConfirmed waits until the bot has confirmed updateID.
func (s *Server) WaitConfirmed(ctx context.Context, updateID int) error {
	err := s.wait(ctx, func() bool { return s.confirmed >= updateID })
	if err != nil {
		return fmt.Errorf("telegramtest: update %d not confirmed: %w", updateID, err)
	}
	return nil
}

// wait calls cond (with s.mu held) on every change until it holds.
func (s *Server) wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ServeHTTP serves the Bot API at /bot<token>/<method> and files at
// /file/bot<token>/<path>.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"); ok {
		s.serveFile(w, r, rest)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, _ := strings.Cut(rest, "/")
	if !ok || method == "" {
		writeError(w, Failure{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	if token != Token {
		writeError(w, Failure{Code: http.StatusUnauthorized, Description: "Unauthorized"})
		return
	}
	params, err := Params(r)
	if err != nil {
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: " + err.Error()})
		return
	}

	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Params: params})
	f, fail := s.takeFailureLocked(method)
	s.notifyLocked()
	s.mu.Unlock()
	if fail {
		writeError(w, f)
		return
	}

	switch strings.ToLower(method) {
	case "getme":
		writeResult(w, botJSON())
	case "getupdates":
		s.getUpdates(w, r, params)
	case "sendmessage":
		s.sendMessage(w, params)
	case "sendphoto":
		s.sendPhoto(w, r, params)
	case "senddocument":
		s.sendDocument(w, r, params)
	case "answercallbackquery":
		s.answerCallback(w, params)
	case "getfile":
		s.getFile(w, params)
	case "setwebhook":
		s.setWebhook(w, params)
	case "deletewebhook":
		s.installWebhook(w, Webhook{DropPending: params.Get("drop_pending_updates") == "true"})
	case "getwebhookinfo":
		s.getWebhookInfo(w)
	case "setmycommands", "deletemycommands", "sendchataction":
		writeResult(w, true)
	default:
		writeError(w, Failure{Code: http.StatusNotFound, Description: "Not Found"})
	}
}

func (s *Server) takeFailureLocked(method string) (Failure, bool) {
	for m, fs := range s.failures {
		if strings.EqualFold(m, method) && len(fs) > 0 {
			s.failures[m] = fs[1:]
			return fs[0], true
		}
	}
	return Failure{}, false
}

func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, p url.Values) {
	offset, _ := strconv.Atoi(p.Get("offset"))
	limit, _ := strconv.Atoi(p.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(p.Get("timeout"))
	poll := min(time.Duration(max(timeout, 0))*time.Second, maxPoll)
	timer := time.NewTimer(poll)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if s.webhook.URL != "" {
			s.mu.Unlock()
			writeError(w, Failure{Code: http.StatusConflict, Description: ConflictWebhook})
			return
		}
		if offset > 0 && offset-1 > s.confirmed {
			s.confirmed = offset - 1
			i := 0
			for i < len(s.queue) && s.queue[i].id < offset {
				i++
			}
			s.queue = s.queue[i:]
			s.notifyLocked()
		}
		out := []json.RawMessage{}
		for i, q := range s.queue {
			if q.id >= offset && len(out) < limit {
				out = append(out, q.raw)
				if !q.out {
					s.queue[i].out = true
					s.waits = append(s.waits, time.Since(q.at))
				}
			}
		}
		ch := s.changed
		s.mu.Unlock()
		if len(out) > 0 || poll == 0 {
			writeUpdates(w, out)
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			writeUpdates(w, out)
			return
		case <-r.Context().Done():
			return
		case <-s.quit:
			return
		}
	}
}

func (s *Server) sendMessage(w http.ResponseWriter, p url.Values) {
	m := Message{Method: "sendMessage", Text: p.Get("text"), ParseMode: p.Get("parse_mode")}
	switch n := utf8.RuneCountInString(m.Text); {
	case strings.TrimSpace(m.Text) == "":
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: message text is empty"})
		return
	case n > 4096:
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: message is too long"})
		return
	}
	s.deliver(w, p, m)
}

func (s *Server) sendPhoto(w http.ResponseWriter, r *http.Request, p url.Values) {
	m := Message{Method: "sendPhoto", Photo: p.Get("photo"), Caption: p.Get("caption"), ParseMode: p.Get("parse_mode")}
	up, ok := readUpload(w, r, "photo")
	if !ok {
		return
	}
	if up != nil {
		m.Photo, m.Upload = "upload:"+up.Name, up
	}
	switch {
	case m.Photo == "":
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: there is no photo in the request"})
		return
	case utf8.RuneCountInString(m.Caption) > 1024:
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: message caption is too long"})
		return
	}
	s.deliver(w, p, m)
}

func (s *Server) sendDocument(w http.ResponseWriter, r *http.Request, p url.Values) {
	m := Message{Method: "sendDocument", Document: p.Get("document"), Caption: p.Get("caption"), ParseMode: p.Get("parse_mode")}
	up, ok := readUpload(w, r, "document")
	if !ok {
		return
	}
	if up != nil {
		m.Document, m.Upload = "upload:"+up.Name, up
	}
	switch {
	case m.Document == "":
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: there is no document in the request"})
		return
	case utf8.RuneCountInString(m.Caption) > 1024:
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: message caption is too long"})
		return
	}
	s.deliver(w, p, m)
}

// readUpload reads the file uploaded as field of a multipart request, nil
// when there is none. When the file is empty or unreadable it answers the
// request with Telegram's error and reports false.
func readUpload(w http.ResponseWriter, r *http.Request, field string) (*Upload, bool) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return nil, true
	}
	fh := r.MultipartForm.File[field][0]
	f, err := fh.Open()
	if err != nil {
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: " + err.Error()})
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	switch {
	case err != nil:
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: " + err.Error()})
		return nil, false
	case len(data) == 0:
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: file must be non-empty"})
		return nil, false
	}
	return &Upload{Name: fh.Filename, Data: data}, true
}

// deliver checks the chat and keyboard shared by the send methods, records m
// and answers with the sent message.
func (s *Server) deliver(w http.ResponseWriter, p url.Values, m Message) {
	chatID, err := strconv.ParseInt(p.Get("chat_id"), 10, 64)
	if err != nil || chatID == 0 {
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: chat not found"})
		return
	}
	m.ChatID = chatID
	switch m.ParseMode {
	case "", "HTML", "Markdown", "MarkdownV2":
	default:
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: unsupported parse_mode"})
		return
	}
	if m.ReplyMarkup = p.Get("reply_markup"); m.ReplyMarkup != "" {
		if m.Buttons, err = parseKeyboard(m.ReplyMarkup); err != nil {
			writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: " + err.Error()})
			return
		}
	}

	s.mu.Lock()
	if s.blocked[chatID] {
		s.mu.Unlock()
		writeError(w, Failure{Code: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"})
		return
	}
	s.lastMessage++
	m.MessageID = s.lastMessage
	m.At = time.Now()
	s.byChat[chatID] = append(s.byChat[chatID], len(s.sent))
	s.sent = append(s.sent, m)
	if ch := s.chatChanged[chatID]; ch != nil {
		close(ch)
		delete(s.chatChanged, chatID)
	}
	s.notifyLocked()
	s.mu.Unlock()

	res := message{MessageID: m.MessageID, Date: time.Now().Unix(), Chat: chatOf(chatID), From: botUser(), Text: m.Text, Caption: m.Caption}
	switch m.Method {
	case "sendPhoto":
		res.Photo = []map[string]any{{"file_id": fmt.Sprintf("photo%d", m.MessageID), "file_unique_id": fmt.Sprintf("u%d", m.MessageID), "width": 800, "height": 800}}
	case "sendDocument":
		doc := map[string]any{"file_id": fmt.Sprintf("doc%d", m.MessageID), "file_unique_id": fmt.Sprintf("u%d", m.MessageID)}
		if m.Upload != nil {
			doc["file_name"], doc["file_size"] = m.Upload.Name, len(m.Upload.Data)
		}
		res.Document = doc
	}
	if m.ReplyMarkup != "" {
		res.ReplyMarkup = json.RawMessage(m.ReplyMarkup)
	}
	writeResult(w, res)
}

// parseKeyboard reads an inline keyboard as Telegram validates it.
func parseKeyboard(raw string) ([][]Button, error) {
	var mk struct {
		InlineKeyboard *[][]struct {
			Text         string  `json:"text"`
			CallbackData *string `json:"callback_data"`
			URL          *string `json:"url"`
		} `json:"inline_keyboard"`
		Keyboard *[][]struct {
			Text           string `json:"text"`
			RequestContact bool   `json:"request_contact"`
		} `json:"keyboard"`
	}
	if err := json.Unmarshal([]byte(raw), &mk); err != nil || (mk.InlineKeyboard == nil) == (mk.Keyboard == nil) {
		return nil, fmt.Errorf("can't parse reply keyboard markup JSON object")
	}
	if mk.Keyboard != nil {
		// A reply keyboard: the buttons send their text, or the contact.
		var rows [][]Button
		for _, row := range *mk.Keyboard {
			var out []Button
			for _, b := range row {
				if b.Text == "" {
					return nil, fmt.Errorf("can't parse keyboard button: Text must be non-empty")
				}
				out = append(out, Button{Text: b.Text, Contact: b.RequestContact})
			}
			rows = append(rows, out)
		}
		return rows, nil
	}
	var rows [][]Button
	for _, row := range *mk.InlineKeyboard {
		var out []Button
		for _, b := range row {
			switch {
			case b.Text == "":
				return nil, fmt.Errorf("can't parse inline keyboard button: Text must be non-empty")
			case b.CallbackData != nil:
				if n := len(*b.CallbackData); n == 0 || n > 64 {
					return nil, fmt.Errorf("BUTTON_DATA_INVALID")
				}
				out = append(out, Button{Text: b.Text, Data: *b.CallbackData})
			case b.URL != nil:
				if u, err := url.Parse(*b.URL); err != nil || u.Scheme == "" {
					return nil, fmt.Errorf("BUTTON_URL_INVALID")
				}
				out = append(out, Button{Text: b.Text, URL: *b.URL})
			default:
				return nil, fmt.Errorf("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
		}
		rows = append(rows, out)
	}
	return rows, nil
}

func (s *Server) answerCallback(w http.ResponseWriter, p url.Values) {
	qid := p.Get("callback_query_id")
	s.mu.Lock()
	known := s.callbacks[qid]
	if known {
		s.answered = append(s.answered, qid)
		s.notifyLocked()
	}
	s.mu.Unlock()
	if !known {
		writeError(w, Failure{Code: http.StatusBadRequest,
			Description: "Bad Request: query is too old and response timeout expired or query ID is invalid"})
		return
	}
	writeResult(w, true)
}

func (s *Server) getFile(w http.ResponseWriter, p url.Values) {
	fileID := p.Get("file_id")
	s.mu.Lock()
	f, ok := s.files[fileID]
	s.mu.Unlock()
	if !ok {
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: invalid file_id"})
		return
	}
	writeResult(w, map[string]any{"file_id": fileID, "file_unique_id": "u" + fileID, "file_size": len(f.data), "file_path": f.path})
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	token, path, _ := strings.Cut(rest, "/")
	if token != Token || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	var data []byte
	found := false
	for _, f := range s.files {
		if f.path == path {
			data, found = f.data, true
			break
		}
	}
	s.mu.Unlock()
	if !found {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(data)
}

// Params reads a Bot API request's parameters from the query string and a
// form-urlencoded, multipart or JSON body, as the Bot API accepts.
func Params(r *http.Request) (url.Values, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return nil, err
		}
		out := r.URL.Query()
		for k, vs := range r.MultipartForm.Value {
			out[k] = append(out[k], vs...)
		}
		return out, nil
	case "application/json":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		var obj map[string]json.RawMessage
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, &obj); err != nil {
				return nil, err
			}
		}
		out := r.URL.Query()
		for k, v := range obj {
			out.Set(k, jsonParam(v))
		}
		return out, nil
	default:
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		return r.Form, nil
	}
}

// jsonParam is a JSON parameter's value as a form would carry it: a
// string's text, anything else (numbers, objects such as reply_markup) as
// written.
func jsonParam(v json.RawMessage) string {
	// Most are strings with nothing escaped: their text is between the
	// quotes (Unmarshal has checked the document).
	if len(v) >= 2 && v[0] == '"' && bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v) {
		return string(v[1 : len(v)-1])
	}
	var str string
	if json.Unmarshal(v, &str) == nil {
		return str
	}
	return string(v)
}

// writeUpdates answers getUpdates with updates as they were pushed
// (writeResult would check and compact every one again).
func writeUpdates(w http.ResponseWriter, updates []json.RawMessage) {
	w.Header().Set("Content-Type", "application/json")
	b := append(make([]byte, 0, 512), `{"ok":true,"result":[`...)
	for i, u := range updates {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, u...)
	}
	_, _ = w.Write(append(b, "]}\n"...))
}

func writeResult(w http.ResponseWriter, result any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(struct {
		OK     bool `json:"ok"`
		Result any  `json:"result"`
	}{true, result})
}

func writeError(w http.ResponseWriter, f Failure) {
	if f.Body != "" {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.Code)
		_, _ = w.Write([]byte(f.Body))
		return
	}
	body := map[string]any{"ok": false, "error_code": f.Code, "description": f.Description}
	params := map[string]any{}
	if f.RetryAfter > 0 {
		params["retry_after"] = f.RetryAfter
	}
	if f.MigrateToChatID != 0 {
		params["migrate_to_chat_id"] = f.MigrateToChatID
	}
	if len(params) > 0 {
		body["parameters"] = params
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.Code)
	_ = json.NewEncoder(w).Encode(body)
}

func senderOf(chatID int64) int64 {
	if chatID > 0 {
		return chatID
	}
	return GroupUserID
}

// The objects of updates and sent messages, typed: the load tool's fake
// answers thousands of calls a second on the bot's cores, and maps cost
// several times the encoding.
type (
	update struct {
		UpdateID      int            `json:"update_id"`
		Message       *message       `json:"message,omitempty"`
		CallbackQuery *callbackQuery `json:"callback_query,omitempty"`
	}
	message struct {
		MessageID   int             `json:"message_id"`
		Date        int64           `json:"date"`
		Chat        chat            `json:"chat"`
		From        user            `json:"from"`
		Text        string          `json:"text,omitempty"`
		Entities    []entity        `json:"entities,omitempty"`
		Photo       any             `json:"photo,omitempty"`
		Document    any             `json:"document,omitempty"`
		Caption     string          `json:"caption,omitempty"`
		ReplyMarkup json.RawMessage `json:"reply_markup,omitempty"`
	}
	callbackQuery struct {
		ID           string   `json:"id"`
		From         user     `json:"from"`
		Message      *message `json:"message"`
		ChatInstance string   `json:"chat_instance"`
		Data         string   `json:"data"`
	}
	chat struct {
		ID        int64  `json:"id"`
		Type      string `json:"type"`
		FirstName string `json:"first_name,omitempty"`
		Title     string `json:"title,omitempty"`
	}
	user struct {
		ID           int64  `json:"id"`
		IsBot        bool   `json:"is_bot"`
		FirstName    string `json:"first_name"`
		Username     string `json:"username,omitempty"`
		LanguageCode string `json:"language_code,omitempty"`
	}
	entity struct {
		Type   string `json:"type"`
		Offset int    `json:"offset"`
		Length int    `json:"length"`
	}
)

// botUser is the bot as the author of a message (getMe tells more).
func botUser() user {
	return user{ID: BotID, IsBot: true, FirstName: "Lete Test", Username: BotUsername}
}

// chatOf is a customer's private chat (a positive id) or the staff group.
func chatOf(chatID int64) chat {
	if chatID > 0 {
		return chat{ID: chatID, Type: "private", FirstName: "Customer"}
	}
	return chat{ID: chatID, Type: "supergroup", Title: "Staff"}
}

// userOf is a customer, in the language SetLanguage set.
func (s *Server) userOf(userID int64) user {
	return user{ID: userID, FirstName: "Customer", LanguageCode: s.lang}
}

func botJSON() map[string]any {
	return map[string]any{"id": BotID, "is_bot": true, "first_name": "Lete Test", "username": BotUsername,
		"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false}
}

// setWebhook checks url and secret_token as Telegram does, except that plain
// http is allowed for loopback hosts so a test can serve the webhook. An
// empty url deletes the webhook.
func (s *Server) setWebhook(w http.ResponseWriter, p url.Values) {
	wh := Webhook{
		URL:            p.Get("url"),
		Secret:         p.Get("secret_token"),
		AllowedUpdates: p.Get("allowed_updates"),
		DropPending:    p.Get("drop_pending_updates") == "true",
	}
	if wh.URL != "" {
		wh.MaxConnections = 40
	}
	if v := p.Get("max_connections"); v != "" && wh.URL != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: bad max_connections"})
			return
		}
		wh.MaxConnections = n
	}
	if wh.URL != "" {
		u, err := url.Parse(wh.URL)
		if err != nil || u.Hostname() == "" ||
			(u.Scheme != "https" && (u.Scheme != "http" || !isLoopback(u.Hostname()))) {
			writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"})
			return
		}
	}
	if p.Has("secret_token") && !validSecret(wh.Secret) {
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: secret token contains unallowed characters"})
		return
	}
	if wh.AllowedUpdates != "" {
		var kinds []string
		if json.Unmarshal([]byte(wh.AllowedUpdates), &kinds) != nil {
			writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: can't parse allowed updates"})
			return
		}
	}
	s.installWebhook(w, wh)
}

// installWebhook installs wh (a zero URL removes the webhook) and answers.
func (s *Server) installWebhook(w http.ResponseWriter, wh Webhook) {
	s.mu.Lock()
	s.webhook = wh
	if wh.DropPending && len(s.queue) > 0 {
		s.queue = nil
		s.confirmed = s.lastUpdate
	}
	s.notifyLocked()
	s.mu.Unlock()
	writeResult(w, true)
}

func (s *Server) getWebhookInfo(w http.ResponseWriter) {
	s.mu.Lock()
	wh, pending := s.webhook, len(s.queue)
	s.mu.Unlock()
	info := map[string]any{"url": wh.URL, "has_custom_certificate": false, "pending_update_count": pending}
	if wh.URL != "" {
		info["max_connections"] = wh.MaxConnections
		if wh.AllowedUpdates != "" {
			info["allowed_updates"] = json.RawMessage(wh.AllowedUpdates)
		}
	}
	writeResult(w, info)
}

// Webhook returns the webhook the bot set; its URL is "" in polling mode.
func (s *Server) Webhook() Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

// DeliverWebhook POSTs the pushed update updateID to the webhook as Telegram
// does (a JSON body, the secret in SecretHeader) and returns the HTTP status
// the bot answered. A 2xx confirms the update (see Confirmed, Pending);
// anything else leaves it pending, and a test plays Telegram's retry by
// delivering it again. An update may be delivered again after a 2xx too, as
// Telegram does when an answer is lost. It fails when no webhook is set or
// updateID was never pushed.
func (s *Server) DeliverWebhook(ctx context.Context, updateID int) (int, error) {
	s.mu.Lock()
	wh := s.webhook
	s.mu.Unlock()
	if wh.URL == "" {
		return 0, errors.New("telegramtest: DeliverWebhook: no webhook is set")
	}
	return s.DeliverWebhookTo(ctx, wh.URL, updateID)
}

// DeliverWebhookTo posts a pushed update to url with the webhook's secret,
// as a load balancer in front of several replicas would pass it on.
func (s *Server) DeliverWebhookTo(ctx context.Context, url string, updateID int) (int, error) {
	s.mu.Lock()
	wh, raw, ok := s.webhook, s.raws[updateID], s.raws[updateID] != nil
	s.mu.Unlock()
	if !ok {
		return 0, fmt.Errorf("telegramtest: DeliverWebhook: update %d was never pushed", updateID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(raw))
	if err != nil {
		return 0, fmt.Errorf("telegramtest: DeliverWebhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if wh.Secret != "" {
		req.Header.Set(SecretHeader, wh.Secret)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("telegramtest: DeliverWebhook %d: %w", updateID, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		s.mu.Lock()
		s.confirmLocked(updateID)
		s.mu.Unlock()
	}
	return resp.StatusCode, nil
}

// confirmLocked drops one update from the queue. Webhook deliveries confirm
// out of order, so confirmed only moves up to just below the oldest update
// still pending.
func (s *Server) confirmLocked(updateID int) {
	for i, q := range s.queue {
		if q.id == updateID {
			s.queue = append(s.queue[:i:i], s.queue[i+1:]...)
			break
		}
	}
	if len(s.queue) == 0 {
		s.confirmed = s.lastUpdate
	} else {
		s.confirmed = max(s.confirmed, s.queue[0].id-1)
	}
	s.notifyLocked()
}

func isLoopback(host string) bool {
	return host == "127.0.0.1" || host == "::1" || host == "localhost"
}

// validSecret applies Telegram's rule: 1-256 characters of A-Z a-z 0-9 _ -.
func validSecret(secret string) bool {
	if len(secret) < 1 || len(secret) > 256 {
		return false
	}
	for _, c := range []byte(secret) {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
