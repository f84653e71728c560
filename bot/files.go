package bot

import (
	"context"
	"errors"
	"fmt"
)

// Attachment is a file's content, fetched for a channel that cannot send
// the file by reference: a WhatsApp customer's photo passed to a Telegram
// staff chat, a Telegram staff member's file sent to a WhatsApp customer,
// or a file kept in the database attached to a mail.
type Attachment struct {
	Name string
	MIME string
	Data []byte
}

// FileHolder is implemented by channels whose file references other
// channels cannot use (a Telegram file id means nothing to WhatsApp), and
// by stores that keep files themselves (SenderConfig.Files).
type FileHolder interface {
	// Holds reports whether ref names one of this holder's files.
	Holds(ref string) bool
	// Fetch downloads the file ref names. An error wrapping ErrPermanent
	// means retrying cannot help (the file is gone, or too large).
	Fetch(ctx context.Context, ref string) (*Attachment, error)
}

// Uploader is implemented by channels that can send a file's content
// (Reply.PhotoFile, Reply.DocumentFile, Reply.AttachmentFiles). A file held
// elsewhere is fetched for them; for the others it is left out and the
// text goes alone.
type Uploader interface {
	Uploads() bool
}

// attachFiles resolves the reply's photo, document and attachments for ch:
// a reference ch holds itself, or one nobody holds (a URL), stays as it
// is; one another channel or an extra holder holds is fetched into
// PhotoFile, DocumentFile or AttachmentFiles when ch can upload it, else
// dropped. An error is a fetch that may work when retried; a Fetch error
// wrapping ErrPermanent leaves that file out.
func (s *Sender) attachFiles(ctx context.Context, ch Channel, r *Reply) error {
	for _, f := range []struct {
		ref  *string
		file **Attachment
	}{{&r.Photo, &r.PhotoFile}, {&r.Document, &r.DocumentFile}} {
		if *f.ref == "" {
			continue
		}
		a, keep, err := s.resolve(ctx, ch, *f.ref)
		if err != nil {
			return err
		}
		if !keep {
			*f.ref = ""
		}
		if a != nil {
			*f.file = a
		}
	}
	refs := r.Attachments
	r.Attachments = nil
	for _, ref := range refs {
		if ref == "" {
			continue
		}
		a, keep, err := s.resolve(ctx, ch, ref)
		if err != nil {
			return err
		}
		if keep {
			r.Attachments = append(r.Attachments, ref)
		}
		if a != nil {
			r.AttachmentFiles = append(r.AttachmentFiles, a)
		}
	}
	return nil
}

// resolve decides what becomes of one file reference sent on ch: keep is
// true when ch gets the reference itself; otherwise the file is the
// content to upload, or nil when it is left out. Logs never name the
// reference: a WhatsApp one carries the file's name and media key.
func (s *Sender) resolve(ctx context.Context, ch Channel, ref string) (file *Attachment, keep bool, err error) {
	if h, ok := ch.(FileHolder); ok && h.Holds(ref) {
		return nil, true, nil
	}
	holder := s.holderOf(ref, ch.Name())
	if holder == nil {
		return nil, true, nil
	}
	if u, ok := ch.(Uploader); !ok || !u.Uploads() {
		s.log.Warn("File left out: the channel cannot upload a file held elsewhere", "channel", ch.Name())
		return nil, false, nil
	}
	a, err := holder.Fetch(ctx, ref)
	switch {
	case errors.Is(err, ErrPermanent):
		// Gone from the holder, or too large: the rest still goes.
		s.log.Warn("File left out: it cannot be fetched", "channel", ch.Name(), "error", err)
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("fetch file for %s: %w", ch.Name(), err)
	case a == nil:
		s.log.Warn("File left out: its holder fetched nothing", "channel", ch.Name())
	}
	return a, false, nil
}

// Fetch downloads the file ref names from whichever channel or extra
// holder (SenderConfig.Files) holds it, for work outside a reply (keeping a
// copy of a customer's document). The error wraps ErrPermanent when nobody
// holds ref, or when its holder says retrying cannot help.
func (s *Sender) Fetch(ctx context.Context, ref string) (*Attachment, error) {
	h := s.holderOf(ref, "")
	if h == nil {
		return nil, fmt.Errorf("fetch file: %w: no channel or store holds the reference", ErrPermanent)
	}
	a, err := h.Fetch(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("fetch file: %w", err)
	}
	if a == nil {
		return nil, fmt.Errorf("fetch file: %w: the holder fetched nothing", ErrPermanent)
	}
	return a, nil
}

// holderOf finds the holder of ref: a channel other than target, else one
// of the extra holders; nil when nobody holds it.
func (s *Sender) holderOf(ref, target string) FileHolder {
	if ref == "" {
		return nil
	}
	for _, name := range s.names {
		if name == target {
			continue
		}
		if h, ok := s.channels[name].(FileHolder); ok && h.Holds(ref) {
			return h
		}
	}
	for _, h := range s.cfg.Files {
		if h != nil && h.Holds(ref) {
			return h
		}
	}
	return nil
}
