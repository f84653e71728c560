package telegram

import (
	"context"
	"fmt"
	"io"
	"net/http"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
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
