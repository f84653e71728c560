package bot

import (
	"context"
	"errors"
	"fmt"
)

// Attachment is a file's content, fetched for a channel that cannot send
// the file by reference: a WhatsApp customer's photo passed to a Telegram
// staff chat, or a Telegram staff member's file sent to a WhatsApp customer.
type Attachment struct {
	Name string
	MIME string
	Data []byte
}

// FileHolder is implemented by channels whose file references other
// channels cannot use: a Telegram file id means nothing to WhatsApp.
type FileHolder interface {
	// Holds reports whether ref names one of this channel's files.
	Holds(ref string) bool
	// Fetch downloads the file ref names.
	Fetch(ctx context.Context, ref string) (*Attachment, error)
}

// Uploader is implemented by channels that can send a file's content
// (Reply.PhotoFile, Reply.DocumentFile). A file held by another channel is
// fetched for them; for the others it is left out and the text goes alone.
type Uploader interface {
	Uploads() bool
}

// attachFiles resolves the reply's photo and document for ch: a reference
// ch holds itself, or one no channel claims (a URL), stays as it is; one
// another channel holds is fetched when ch can upload it, else dropped. An
// error is a fetch that may work when retried; a Fetch error wrapping
// ErrPermanent leaves the file out.
func (s *Sender) attachFiles(ctx context.Context, ch Channel, r *Reply) error {
	for _, f := range []struct {
		ref  *string
		file **Attachment
	}{{&r.Photo, &r.PhotoFile}, {&r.Document, &r.DocumentFile}} {
		ref := *f.ref
		if ref == "" {
			continue
		}
		if h, ok := ch.(FileHolder); ok && h.Holds(ref) {
			continue
		}
		holder := s.holderOf(ref, ch.Name())
		if holder == nil {
			continue
		}
		*f.ref = ""
		if u, ok := ch.(Uploader); !ok || !u.Uploads() {
			s.log.Warn("File left out: the channel cannot take another channel's file", "channel", ch.Name())
			continue
		}
		a, err := holder.Fetch(ctx, ref)
		if errors.Is(err, ErrPermanent) {
			// Gone from the holder's servers, or too large: the text still goes.
			s.log.Warn("File left out: it cannot be fetched", "channel", ch.Name(), "error", err)
			continue
		}
		if err != nil {
			return fmt.Errorf("fetch file for %s: %w", ch.Name(), err)
		}
		*f.file = a
	}
	return nil
}

// holderOf finds the channel, other than the target, that holds ref.
func (s *Sender) holderOf(ref, target string) FileHolder {
	for _, name := range s.names {
		if name == target {
			continue
		}
		if h, ok := s.channels[name].(FileHolder); ok && h.Holds(ref) {
			return h
		}
	}
	return nil
}
