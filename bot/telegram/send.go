package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/lete-store/letebot/bot"
)

// Telegram's length limits, counted here in runes.
const (
	maxTextRunes    = 4096
	maxCaptionRunes = 1024
)

// Send delivers one reply to a chat: plain text (no parse mode) with the
// buttons as an inline keyboard. Text over 4096 characters goes as several
// messages split at line breaks, the keyboard on the last. A photo (an
// http(s) URL or a Telegram file_id) carries the text as its caption when it
// fits 1024 characters, else it goes first, bare, and the text follows; if
// Telegram rejects the photo itself the text is sent alone. A document (a
// file_id) carries the caption the same way. PhotoFile and DocumentFile,
// another channel's files, are uploaded and follow the same rules.
//
// Errors: *bot.RetryAfterError when Telegram says 429; an error wrapping
// bot.ErrPermanent when the user blocked the bot, the chat is gone or the
// request is malformed (400); any other error may succeed on retry. A reply
// split over several messages is not atomic: a retry after a partial failure
// sends the first parts again.
func (a *Adapter) Send(ctx context.Context, chatID string, r bot.Reply) error {
	chat, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil || chat == 0 {
		return fmt.Errorf("telegram: chat id %q: %w", chatID, bot.ErrPermanent)
	}
	kb, err := keyboard(r.Buttons)
	if err != nil {
		a.log.Error("Telegram reply has invalid buttons", "chat_id", chatID, "error", err)
		return fmt.Errorf("telegram: %w: %w", bot.ErrPermanent, err)
	}
	if r.Photo == "" && r.Document == "" && r.PhotoFile == nil && r.DocumentFile == nil && strings.TrimSpace(r.Text) == "" {
		a.log.Error("Telegram reply is empty", "chat_id", chatID)
		return fmt.Errorf("telegram: empty reply: %w", bot.ErrPermanent)
	}

	if err := a.deliver(ctx, chat, r, kb); err != nil {
		a.logFailure(chatID, err)
		return err
	}
	return nil
}

func (a *Adapter) deliver(ctx context.Context, chat int64, r bot.Reply, kb any) error {
	if file := photoData(r); file != nil {
		sent, err := a.sendPhoto(ctx, chat, r, file, kb)
		if err != nil || sent {
			return err
		}
	}
	if file := documentData(r); file != nil {
		sent, err := a.sendDocument(ctx, chat, r, file, kb)
		if err != nil || sent {
			return err
		}
	}
	parts := splitText(r.Text, maxTextRunes)
	for i, part := range parts {
		msg := textMessage{ChatID: chat, Text: part}
		if i == len(parts)-1 && kb != nil {
			msg.ReplyMarkup = kb
		}
		if err := a.call(ctx, "sendMessage", msg, nil); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return mapError(err)
		}
	}
	return nil
}

// photoData is r's photo as the library sends it: an upload of PhotoFile,
// else a URL or a file_id; nil for none.
func photoData(r bot.Reply) tgbotapi.RequestFileData {
	switch lower := strings.ToLower(r.Photo); {
	case r.PhotoFile != nil:
		return upload(r.PhotoFile, "photo")
	case r.Photo == "":
		return nil
	case strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		return tgbotapi.FileURL(r.Photo)
	}
	return tgbotapi.FileID(r.Photo)
}

// documentData is r's document as the library sends it: an upload of
// DocumentFile, else a file_id; nil for none.
func documentData(r bot.Reply) tgbotapi.RequestFileData {
	switch {
	case r.DocumentFile != nil:
		return upload(r.DocumentFile, "file")
	case r.Document == "":
		return nil
	}
	return tgbotapi.FileID(r.Document)
}

// upload makes a multipart upload of f. A part without a file name would
// reach Telegram as a plain field, not a file, so a nameless file is called
// base, with the extension of its type when one is known.
func upload(f *bot.Attachment, base string) tgbotapi.FileBytes {
	name := f.Name
	if name == "" {
		name = base + fileExt(f.MIME)
	}
	return tgbotapi.FileBytes{Name: name, Bytes: f.Data}
}

// sendPhoto sends file as r's photo, with the text as caption when it fits.
// It reports whether the text went too; when it did not, the caller sends it.
func (a *Adapter) sendPhoto(ctx context.Context, chat int64, r bot.Reply, file tgbotapi.RequestFileData, kb any) (bool, error) {
	chatID := id(chat)
	p := tgbotapi.NewPhoto(chat, file)
	withText := utf8.RuneCountInString(r.Text) <= maxCaptionRunes
	if withText {
		p.Caption = r.Text
		if kb != nil {
			p.ReplyMarkup = kb
		}
	}
	err := a.send(ctx, p)
	if withText && err != nil && isCaptionTooLong(err) {
		// Telegram may count the caption differently (emoji as two); the
		// photo goes bare and the text after it.
		p.Caption, p.ReplyMarkup, withText = "", nil, false
		err = a.send(ctx, p)
	}
	switch {
	case err == nil:
		return withText, nil
	case strings.TrimSpace(r.Text) == "" || !isPhotoProblem(err):
		return false, err
	}
	a.log.Warn("Telegram rejected the photo; sending the text alone", "chat_id", chatID, "error", err)
	return false, nil
}

// sendDocument sends file as r's document, with the text as caption when
// it fits; it reports whether the text went too.
func (a *Adapter) sendDocument(ctx context.Context, chat int64, r bot.Reply, file tgbotapi.RequestFileData, kb any) (bool, error) {
	d := tgbotapi.NewDocument(chat, file)
	withText := utf8.RuneCountInString(r.Text) <= maxCaptionRunes
	if withText {
		d.Caption = r.Text
		if kb != nil {
			d.ReplyMarkup = kb
		}
	}
	if err := a.send(ctx, d); err != nil {
		return false, err
	}
	return withText, nil
}

// send makes one request and maps its error.
// send makes a photo or document request through the library, which
// uploads files as multipart forms.
func (a *Adapter) send(ctx context.Context, c tgbotapi.Chattable) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	rctx, cancel := withTimeout(ctx)
	defer cancel()
	// Request, not Send: the sent message is not needed, and decoding it
	// again was a tenth of the bot's CPU under load.
	_, err := a.bot(rctx).Request(c)
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return mapError(err)
}

// textMessage is sendMessage's parameters for plain text (no parse mode),
// as the library's NewMessage would send them.
type textMessage struct {
	ChatID      int64  `json:"chat_id"`
	Text        string `json:"text"`
	ReplyMarkup any    `json:"reply_markup,omitempty"`
}

// callbackAnswer is answerCallbackQuery's parameters: stop the spinner,
// show nothing.
type callbackAnswer struct {
	ID string `json:"callback_query_id"`
}

// call makes one Bot API request with a JSON body and decodes the answer's
// result into result, or skips it when result is nil: the requests made
// for nearly every message (getUpdates, sendMessage, answerCallbackQuery),
// done by hand. The library's Request URL-encodes every parameter,
// keyboards included, and keeps a copy of the whole answer; under load that
// was about a fourteenth of the bot's CPU and a fifth of its allocations. A
// failure Telegram reports comes back as *tgbotapi.Error, as from the
// library; the caller says what failed.
func (a *Adapter) call(ctx context.Context, method string, params, result any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	body, err := json.Marshal(params)
	if err != nil {
		return err
	}
	rctx, cancel := withTimeout(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, fmt.Sprintf(a.apiEndpoint, a.token, method), bytes.NewReader(body))
	if err != nil {
		return redact(err, a.token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return redact(err, a.token)
	}
	defer resp.Body.Close()
	buf := a.answers.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		a.answers.Put(buf)
	}()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("HTTP %d: %w", resp.StatusCode, err)
	}
	if result == nil && resp.StatusCode == http.StatusOK && okFirst(buf.Bytes()) {
		return nil
	}
	ar := struct {
		apiAnswer
		Result any `json:"result"`
	}{Result: result}
	into := any(&ar.apiAnswer) // no result wanted: skip it, rather than build it
	if result != nil {
		into = &ar
	}
	if err := json.Unmarshal(buf.Bytes(), into); err != nil {
		return fmt.Errorf("HTTP %d: %w", resp.StatusCode, err)
	}
	return ar.err()
}

// okFirst reports whether a Bot API answer opens with "ok": true, as the
// Bot API writes every success. A call that wants no result is then done
// without reading the rest: for a send, the copy of the sent message, most
// of the answer (scanning it was about a twentieth of the bot's CPU under
// load, in a profile). Any other opening is read whole.
func okFirst(b []byte) bool {
	for _, want := range []string{"{", `"ok"`, ":", "true"} {
		b = bytes.TrimLeft(b, " \t\r\n")
		var ok bool
		if b, ok = bytes.CutPrefix(b, []byte(want)); !ok {
			return false
		}
	}
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && (b[0] == ',' || b[0] == '}')
}

// apiAnswer is a Bot API answer but for its result.
type apiAnswer struct {
	Ok          bool                         `json:"ok"`
	ErrorCode   int                          `json:"error_code"`
	Description string                       `json:"description"`
	Parameters  *tgbotapi.ResponseParameters `json:"parameters"`
}

// err is the failure the answer reports, as the library's error, or nil.
func (r apiAnswer) err() error {
	if r.Ok {
		return nil
	}
	e := &tgbotapi.Error{Code: r.ErrorCode, Message: r.Description}
	if r.Parameters != nil {
		e.ResponseParameters = *r.Parameters
	}
	return e
}

// mapError turns a Bot API failure into the bot package's error kinds.
func mapError(err error) error {
	te, ok := asAPIError(err)
	if !ok {
		return fmt.Errorf("telegram send: %w", err) // network, timeout, undecodable reply
	}
	switch te.Code {
	case http.StatusTooManyRequests:
		return &bot.RetryAfterError{Wait: time.Duration(max(te.RetryAfter, 1)) * time.Second}
	case http.StatusForbidden, http.StatusBadRequest:
		// 403: blocked by the user, kicked from the group. 400: the chat is
		// gone, or the request is malformed and will stay so.
		return fmt.Errorf("telegram send: %w: %w", bot.ErrPermanent, err)
	}
	return fmt.Errorf("telegram send: %w", err) // 5xx and the like
}

// logFailure logs what the outbox sender cannot judge: a malformed request
// (our bug), a group that moved, a token Telegram refuses. Blocked users,
// gone chats, rate limits and outages are left to the sender.
func (a *Adapter) logFailure(chatID string, err error) {
	te, ok := asAPIError(err)
	if !ok {
		return
	}
	switch {
	case te.MigrateToChatID != 0:
		a.log.Warn("Telegram group became a supergroup", "chat_id", chatID, "new_chat_id", te.MigrateToChatID, "error", err)
	case te.Code == http.StatusBadRequest && !isChatGone(te.Message):
		a.log.Error("Telegram refused a malformed request", "chat_id", chatID, "error", err)
	case te.Code == http.StatusUnauthorized || te.Code == http.StatusNotFound:
		// The token is wrong for every chat; the error stays retryable so
		// messages wait for the fix instead of being dropped.
		a.log.Error("Telegram rejected the bot token", "chat_id", chatID, "error", err)
	}
}

// asAPIError finds the library's API error and fills in its code when the
// library left it out (its multipart upload path does).
func asAPIError(err error) (*tgbotapi.Error, bool) {
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		var tv tgbotapi.Error
		if !errors.As(err, &tv) {
			return nil, false
		}
		te = &tv
	}
	if te.Code == 0 {
		c := *te
		switch {
		case c.RetryAfter > 0 || strings.HasPrefix(c.Message, "Too Many Requests"):
			c.Code = http.StatusTooManyRequests
		case strings.HasPrefix(c.Message, "Forbidden"):
			c.Code = http.StatusForbidden
		case strings.HasPrefix(c.Message, "Bad Request"):
			c.Code = http.StatusBadRequest
		}
		te = &c
	}
	return te, true
}

// isChatGone reports a 400 meaning the chat cannot receive messages.
func isChatGone(msg string) bool {
	msg = strings.ToLower(msg)
	for _, s := range []string{
		"chat not found", "user is deactivated", "group chat was deactivated",
		"peer_id_invalid", "bot was kicked", "not enough rights", "have no rights",
		"chat_write_forbidden", "bot is not a member",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func isCaptionTooLong(err error) bool {
	te, ok := asAPIError(err)
	return ok && te.Code == http.StatusBadRequest && strings.Contains(strings.ToLower(te.Message), "caption is too long")
}

// isPhotoProblem reports a 400 about the photo itself (a dead URL, a bad
// file_id, an image Telegram cannot process), after which the text alone
// can still go.
func isPhotoProblem(err error) bool {
	te, ok := asAPIError(err)
	if !ok || te.Code != http.StatusBadRequest || isChatGone(te.Message) {
		return false
	}
	msg := strings.ToLower(te.Message)
	if strings.Contains(msg, "button") || strings.Contains(msg, "keyboard") {
		return false
	}
	for _, s := range []string{
		"photo", "file", "image", "url", "web page", "webpage", "wrong remote", "padding",
		"dimensions", "media", "curl",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// keyboard renders buttons as an inline keyboard, or nil for none. Phone
// and Location buttons become a one-time reply keyboard that shares the
// user's contact or location; Telegram cannot show both kinds on one
// message, so such a reply carries only those.
func keyboard(rows [][]bot.Button) (any, error) {
	var kb [][]tgbotapi.InlineKeyboardButton
	var phone []tgbotapi.KeyboardButton
	for _, row := range rows {
		var out []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			switch {
			case b.Phone:
				phone = append(phone, tgbotapi.NewKeyboardButtonContact(b.Label))
			case b.Location:
				phone = append(phone, tgbotapi.NewKeyboardButtonLocation(b.Label))
			case b.Data != "":
				if len(b.Data) > bot.MaxButtonData {
					return nil, fmt.Errorf("button data %q is over %d bytes", b.Data, bot.MaxButtonData)
				}
				out = append(out, tgbotapi.NewInlineKeyboardButtonData(b.Label, b.Data))
			case b.URL != "":
				out = append(out, tgbotapi.NewInlineKeyboardButtonURL(b.Label, b.URL))
			default:
				return nil, fmt.Errorf("button %q has neither data nor URL", b.Label)
			}
		}
		if len(out) > 0 {
			kb = append(kb, out)
		}
	}
	switch {
	case phone != nil && kb != nil:
		return nil, fmt.Errorf("phone or location buttons mixed with %d rows of inline buttons", len(kb))
	case phone != nil:
		m := tgbotapi.NewOneTimeReplyKeyboard(phone)
		m.ResizeKeyboard = true
		return m, nil
	case kb == nil:
		return nil, nil
	}
	return &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: kb}, nil
}

// RequestsPhone reports that Telegram can ask for the user's phone number.
func (a *Adapter) RequestsPhone() bool { return true }

// RequestsLocation reports that Telegram can ask for the user's location.
func (a *Adapter) RequestsLocation() bool { return true }

// Uploads reports that Telegram can send a file's content (Reply.PhotoFile,
// Reply.DocumentFile), so other channels' files reach Telegram chats.
func (a *Adapter) Uploads() bool { return true }

// splitText cuts s into parts of at most limit runes, at the last line break
// that fits, else the last space, else mid-word. Line breaks around a cut
// and blank parts are dropped.
func splitText(s string, limit int) []string {
	var parts []string
	add := func(p string) {
		p = strings.TrimRight(p, "\n")
		if strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
	}
	for utf8.RuneCountInString(s) > limit {
		cut := 0 // byte offset just past the limit-th rune
		for n := 0; n < limit; n++ {
			_, size := utf8.DecodeRuneInString(s[cut:])
			cut += size
		}
		// A break right at the limit still counts: s[:cut+1] may end in it.
		window := s[:cut+1]
		if i := strings.LastIndexByte(window, '\n'); i > 0 {
			add(s[:i])
			s = s[i+1:]
		} else if i := strings.LastIndexAny(window, " \t"); i > 0 {
			add(s[:i])
			s = s[i+1:]
		} else {
			add(s[:cut])
			s = s[cut:]
		}
		s = strings.TrimLeft(s, "\n")
	}
	add(s)
	return parts
}
