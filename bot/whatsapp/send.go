package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/lete-store/letebot/bot"
)

// maxCaptionRunes is the longest text sent as a photo's or file's caption;
// a longer one follows the file as a message of its own.
const maxCaptionRunes = 1000

// errNotConnected is a send while the connection is down: retried later.
var errNotConnected = errors.New("whatsapp: not connected")

// Send implements bot.Channel: the text with its buttons as a numbered
// list, after the photo or file if the reply has one (as its caption when
// it fits). It writes only to chats that wrote first and to staff chats.
//
// Errors: one wrapping bot.ErrPermanent for a chat the bot may not or
// cannot write to; any other may succeed on retry.
func (a *Adapter) Send(ctx context.Context, chatID string, r bot.Reply) error {
	to, err := JID(chatID)
	if err != nil {
		return fmt.Errorf("%w: %w", err, bot.ErrPermanent)
	}
	if !a.staff[chatID] && to.Server != types.GroupServer {
		if err := a.mayWrite(ctx, chatID); err != nil {
			return err
		}
	}
	if !a.client.IsConnected() {
		return errNotConnected
	}
	m, links := menuOf(r)
	text := a.render(r.Text, m, links, 0)
	defer a.stopTyping(ctx, chatID, false)

	media, err := a.media(ctx, r)
	if err != nil {
		return err
	}
	if media != nil {
		fits := utf8.RuneCountInString(text) <= maxCaptionRunes
		caption := ""
		if fits {
			caption = text
		}
		id, err := a.sendMedia(ctx, to, media, caption)
		if err != nil {
			return err
		}
		if fits {
			if text == "" {
				return nil // a bare file: the latest list stays
			}
			return a.saveMenu(ctx, chatID, id, m)
		}
	}
	if text == "" {
		return nil
	}
	return a.sendText(ctx, chatID, text, m)
}

// mayWrite refuses a chat that never wrote to the store: WhatsApp bans
// numbers that write to people first.
func (a *Adapter) mayWrite(ctx context.Context, chatID string) error {
	if _, ok := a.contacted.Load(chatID); ok {
		return nil
	}
	ok, err := a.cfg.Store.Contacted(ctx, chatID)
	if err != nil {
		return fmt.Errorf("whatsapp: check contact: %w", err)
	}
	if !ok {
		return fmt.Errorf("whatsapp: chat never wrote to the store: %w", bot.ErrPermanent)
	}
	a.contacted.Store(chatID, true)
	return nil
}

// sendText sends a text and keeps its options, if it lists any.
func (a *Adapter) sendText(ctx context.Context, chatID, text string, m menu) error {
	to, err := JID(chatID)
	if err != nil {
		return fmt.Errorf("%w: %w", err, bot.ErrPermanent)
	}
	resp, err := a.client.SendMessage(ctx, to, &waE2E.Message{Conversation: proto.String(text)})
	if err != nil {
		return sendError(err)
	}
	return a.saveMenu(ctx, chatID, string(resp.ID), m)
}

// saveMenu keeps a sent message's options. A message without any is kept
// too, as the chat's latest: a number typed after it is text, not an
// answer to an older list (unless the customer quotes that list).
func (a *Adapter) saveMenu(ctx context.Context, chatID, messageID string, m menu) error {
	if messageID == "" {
		return nil
	}
	// The message is out: a failure here must not send it again, it only
	// leaves the customer's digits to be read as text.
	if err := a.cfg.Store.SaveMenu(ctx, chatID, messageID, a.cfg.Now(), m.encode()); err != nil {
		a.log.Warn("WhatsApp menu not saved", "error", err)
	}
	return nil
}

// outgoingFile is a photo or document to upload.
type outgoingFile struct {
	photo bool
	bot.Attachment
}

// media returns the reply's photo or document as bytes to upload: fetched
// by the sender from another channel, downloaded from WhatsApp (a file a
// customer sent here), or fetched by URL (a catalog photo). A photo that
// cannot be had is left out and the text goes alone.
func (a *Adapter) media(ctx context.Context, r bot.Reply) (*outgoingFile, error) {
	switch {
	case r.PhotoFile != nil:
		return &outgoingFile{photo: true, Attachment: *r.PhotoFile}, nil
	case r.DocumentFile != nil:
		return &outgoingFile{Attachment: *r.DocumentFile}, nil
	}
	for _, f := range []struct {
		ref   string
		photo bool
	}{{r.Photo, true}, {r.Document, false}} {
		if f.ref == "" {
			continue
		}
		var att *bot.Attachment
		var err error
		switch {
		case a.Holds(f.ref):
			att, err = a.Fetch(ctx, f.ref)
		case strings.HasPrefix(f.ref, "http://") || strings.HasPrefix(f.ref, "https://"):
			att, err = a.fetchURL(ctx, f.ref)
		default:
			a.log.Warn("WhatsApp reply names a file no channel holds; text sent alone")
			continue
		}
		if errors.Is(err, bot.ErrPermanent) {
			a.log.Warn("WhatsApp file left out", "error", err)
			continue
		}
		if err != nil {
			return nil, err
		}
		return &outgoingFile{photo: f.photo, Attachment: *att}, nil
	}
	return nil, nil
}

// sendMedia uploads a file and sends it with a caption.
func (a *Adapter) sendMedia(ctx context.Context, to types.JID, f *outgoingFile, caption string) (string, error) {
	kind := whatsmeow.MediaDocument
	if f.photo {
		kind = whatsmeow.MediaImage
	}
	up, err := a.client.Upload(ctx, f.Data, kind)
	if err != nil {
		return "", sendError(fmt.Errorf("upload: %w", err))
	}
	mimeType := f.MIME
	if mimeType == "" {
		mimeType = http.DetectContentType(f.Data)
	}
	msg := &waE2E.Message{}
	if f.photo {
		msg.ImageMessage = &waE2E.ImageMessage{URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath),
			MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256,
			FileLength: proto.Uint64(up.FileLength), Mimetype: proto.String(mimeType)}
		if caption != "" {
			msg.ImageMessage.Caption = proto.String(caption)
		}
	} else {
		name := f.Name
		if name == "" {
			name = "file"
			if exts, _ := mime.ExtensionsByType(mimeType); len(exts) > 0 {
				name += exts[0]
			}
		}
		msg.DocumentMessage = &waE2E.DocumentMessage{URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath),
			MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256,
			FileLength: proto.Uint64(up.FileLength), Mimetype: proto.String(mimeType),
			FileName: proto.String(name), Title: proto.String(name)}
		if caption != "" {
			msg.DocumentMessage.Caption = proto.String(caption)
		}
	}
	resp, err := a.client.SendMessage(ctx, to, msg)
	if err != nil {
		return "", sendError(err)
	}
	return string(resp.ID), nil
}

// Holds implements bot.FileHolder: refs this adapter made of files
// customers sent.
func (a *Adapter) Holds(ref string) bool { return strings.HasPrefix(ref, filePrefix) }

// Fetch implements bot.FileHolder: it downloads the file again from
// WhatsApp's servers. A file they no longer keep, or one over
// MaxDownload, is a permanent failure.
func (a *Adapter) Fetch(ctx context.Context, ref string) (*bot.Attachment, error) {
	r, ok := decodeRef(ref)
	if !ok {
		return nil, fmt.Errorf("whatsapp: unreadable file reference: %w", bot.ErrPermanent)
	}
	if r.Length > uint64(a.cfg.MaxDownload) {
		return nil, fmt.Errorf("whatsapp: file of %d bytes is over the limit: %w", r.Length, bot.ErrPermanent)
	}
	var msg whatsmeow.DownloadableMessage
	name := r.Name
	if r.Kind == "image" {
		msg = &waE2E.ImageMessage{DirectPath: proto.String(r.DirectPath), MediaKey: r.MediaKey, FileSHA256: r.FileSHA256,
			FileEncSHA256: r.FileEncSHA256, FileLength: proto.Uint64(r.Length), Mimetype: proto.String(r.MIME)}
		if name == "" {
			name = "photo.jpg"
		}
	} else {
		msg = &waE2E.DocumentMessage{DirectPath: proto.String(r.DirectPath), MediaKey: r.MediaKey, FileSHA256: r.FileSHA256,
			FileEncSHA256: r.FileEncSHA256, FileLength: proto.Uint64(r.Length), Mimetype: proto.String(r.MIME),
			FileName: proto.String(r.Name)}
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	data, err := a.client.Download(ctx, msg)
	if err != nil {
		if gone(err) {
			return nil, fmt.Errorf("whatsapp download: %w: %w", err, bot.ErrPermanent)
		}
		return nil, fmt.Errorf("whatsapp download: %w", err)
	}
	return &bot.Attachment{Name: name, MIME: r.MIME, Data: data}, nil
}

// gone reports a download that cannot work again: the servers dropped the
// file, or it does not match its hashes.
func gone(err error) bool {
	for _, e := range []error{whatsmeow.ErrMediaDownloadFailedWith403, whatsmeow.ErrMediaDownloadFailedWith404,
		whatsmeow.ErrMediaDownloadFailedWith410, whatsmeow.ErrNoURLPresent, whatsmeow.ErrFileLengthMismatch,
		whatsmeow.ErrInvalidMediaSHA256, whatsmeow.ErrInvalidMediaHMAC, whatsmeow.ErrInvalidMediaEncSHA256,
		whatsmeow.ErrUnknownMediaType} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// fetchURL gets a catalog photo by its address.
func (a *Adapter) fetchURL(ctx context.Context, url string) (*bot.Attachment, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("photo url: %w: %w", err, bot.ErrPermanent)
	}
	resp, err := a.cfg.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("photo url: %w", err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return nil, fmt.Errorf("photo url: HTTP %d", resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("photo url: HTTP %d: %w", resp.StatusCode, bot.ErrPermanent)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxPhotoURLBytes+1))
	if err != nil {
		return nil, fmt.Errorf("photo url: %w", err)
	}
	if len(data) > maxPhotoURLBytes {
		return nil, fmt.Errorf("photo url: over %d bytes: %w", maxPhotoURLBytes, bot.ErrPermanent)
	}
	mimeType := resp.Header.Get("Content-Type")
	if !strings.HasPrefix(mimeType, "image/") {
		mimeType = http.DetectContentType(data)
	}
	if !strings.HasPrefix(mimeType, "image/") {
		// A login page or a soft 404 where the photo should be.
		return nil, fmt.Errorf("photo url: %s is not an image: %w", mimeType, bot.ErrPermanent)
	}
	return &bot.Attachment{Name: path.Base(req.URL.Path), MIME: mimeType, Data: data}, nil
}

// sendError maps a send failure: a recipient WhatsApp cannot address is
// permanent; the rest (timeouts, a dropped connection) may pass.
func sendError(err error) error {
	for _, e := range []error{whatsmeow.ErrRecipientADJID, whatsmeow.ErrUnknownServer, whatsmeow.ErrBroadcastListUnsupported} {
		if errors.Is(err, e) {
			return fmt.Errorf("whatsapp send: %w: %w", err, bot.ErrPermanent)
		}
	}
	return fmt.Errorf("whatsapp send: %w", err)
}
