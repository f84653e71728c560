package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/lete-store/letebot/bot"
)

// FileURL asks Telegram for a file's download URL, built on the configured
// FileEndpoint (the library's File.Link always names api.telegram.org). The
// URL contains the bot token and stays valid for about an hour: never log it
// or show it to anyone.
func (a *Adapter) FileURL(ctx context.Context, fileID string) (string, error) {
	f, err := a.getFile(ctx, fileID)
	if err != nil {
		return "", err
	}
	return a.fileLink(f), nil
}

// Download fetches a file a customer sent, reading at most limit bytes
// (DefaultMaxDownload when limit <= 0); a larger file gives ErrFileTooLarge.
func (a *Adapter) Download(ctx context.Context, fileID string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultMaxDownload
	}
	f, err := a.getFile(ctx, fileID)
	if err != nil {
		return nil, err
	}
	return a.download(ctx, fileID, f, limit)
}

// download fetches a file getFile described, reading at most limit bytes.
func (a *Adapter) download(ctx context.Context, fileID string, f tgbotapi.File, limit int64) ([]byte, error) {
	if int64(f.FileSize) > limit {
		return nil, fmt.Errorf("telegram download %s: %d bytes: %w", fileID, f.FileSize, ErrFileTooLarge)
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.fileLink(f), nil)
	if err != nil {
		return nil, fmt.Errorf("telegram download %s: %w", fileID, redact(err, a.token))
	}
	resp, err := a.doer(ctx).Do(req)
	if err != nil {
		return nil, fmt.Errorf("telegram download %s: %w", fileID, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("telegram download %s: HTTP %d", fileID, resp.StatusCode)
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("telegram download %s: %d bytes: %w", fileID, resp.ContentLength, ErrFileTooLarge)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("telegram download %s: %w", fileID, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("telegram download %s: over %d bytes: %w", fileID, limit, ErrFileTooLarge)
	}
	return data, nil
}

func (a *Adapter) getFile(ctx context.Context, fileID string) (tgbotapi.File, error) {
	if err := ctx.Err(); err != nil {
		return tgbotapi.File{}, err
	}
	rctx, cancel := withTimeout(ctx)
	defer cancel()
	f, err := a.bot(rctx).GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		return tgbotapi.File{}, fmt.Errorf("telegram getFile %s: %w", fileID, err)
	}
	if f.FilePath == "" {
		return tgbotapi.File{}, fmt.Errorf("telegram getFile %s: %w", fileID, ErrNoFilePath)
	}
	return f, nil
}

func (a *Adapter) fileLink(f tgbotapi.File) string {
	return fmt.Sprintf(a.fileEndpoint, a.token, f.FilePath)
}

// Holds reports whether ref is a Telegram file id. File ids are base64url
// text; a URL ("https://...") or another channel's reference ("wa:...")
// always has a colon.
func (a *Adapter) Holds(ref string) bool {
	return ref != "" && !strings.Contains(ref, ":")
}

// Fetch downloads a file for another channel to upload: at most
// DefaultMaxDownload bytes, named and typed after its path on Telegram's
// servers (photos/file_1.jpg: "file_1.jpg", image/jpeg). A file too large
// or that Telegram no longer knows gives an error wrapping bot.ErrPermanent;
// any other error (network, 5xx, a rejected token) may pass on retry.
func (a *Adapter) Fetch(ctx context.Context, ref string) (*bot.Attachment, error) {
	f, err := a.getFile(ctx, ref)
	if err != nil {
		return nil, fetchError(err)
	}
	data, err := a.download(ctx, ref, f, DefaultMaxDownload)
	if err != nil {
		return nil, fetchError(err)
	}
	name := path.Base(f.FilePath)
	if name == "." || name == "/" {
		name = ref
	}
	return &bot.Attachment{Name: name, MIME: fileMIME(name, data), Data: data}, nil
}

// fetchError marks the failures of Fetch that no retry mends.
func fetchError(err error) error {
	if errors.Is(err, ErrFileTooLarge) || errors.Is(err, ErrNoFilePath) {
		return fmt.Errorf("%w: %w", bot.ErrPermanent, err)
	}
	// 400 from getFile: "invalid file_id", "wrong file_id or the file is
	// temporarily unavailable", "file is too big". The id came from an
	// update Telegram sent us, so it will not become valid later.
	if te, ok := asAPIError(err); ok && te.Code == http.StatusBadRequest {
		return fmt.Errorf("%w: %w", bot.ErrPermanent, err)
	}
	return err
}

// fileMIME names a file's media type by its extension, else by its first
// bytes. Telegram's own extensions come first so the result does not depend
// on the host's mime.types.
func fileMIME(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	for _, t := range fileTypes {
		if t.ext == ext {
			return t.mime
		}
	}
	if t := mime.TypeByExtension(ext); t != "" {
		if mt, _, err := mime.ParseMediaType(t); err == nil {
			return mt
		}
	}
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	return mt
}

// fileExt is the extension for a media type, "" when none is known.
func fileExt(mediaType string) string {
	for _, t := range fileTypes {
		if t.mime == mediaType {
			return t.ext
		}
	}
	if exts, _ := mime.ExtensionsByType(mediaType); len(exts) > 0 {
		return exts[0]
	}
	return ""
}

// fileTypes are the extensions of the paths getFile gives, and of the
// files customers send most; for a type, the first extension is preferred.
var fileTypes = []struct{ ext, mime string }{
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".png", "image/png"},
	{".webp", "image/webp"},
	{".gif", "image/gif"},
	{".pdf", "application/pdf"},
	{".mp4", "video/mp4"},
	{".oga", "audio/ogg"},
	{".ogg", "audio/ogg"},
	{".mp3", "audio/mpeg"},
	{".m4a", "audio/mp4"},
	{".txt", "text/plain"},
	{".doc", "application/msword"},
	{".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	{".xls", "application/vnd.ms-excel"},
	{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{".zip", "application/zip"},
}
