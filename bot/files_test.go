package bot_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/email"
	"github.com/lete-store/letebot/bot/email/emailtest"
	"github.com/lete-store/letebot/storage"
)

// fileChannel is a fakeChannel that holds the files whose references start
// with prefix, and takes other channels' files when uploads is set.
type fileChannel struct {
	*fakeChannel
	prefix  string
	uploads bool
	// fetch, when set, answers Fetch; nil fetches fileOf(ref).
	fetch func(ref string) (*bot.Attachment, error)

	mu      sync.Mutex
	fetched []string // refs, in order
}

var (
	_ bot.FileHolder = (*fileChannel)(nil)
	_ bot.Uploader   = (*fileChannel)(nil)
)

func (c *fileChannel) Holds(ref string) bool { return strings.HasPrefix(ref, c.prefix) }

func (c *fileChannel) Fetch(_ context.Context, ref string) (*bot.Attachment, error) {
	c.mu.Lock()
	c.fetched = append(c.fetched, ref)
	fetch := c.fetch
	c.mu.Unlock()
	if fetch != nil {
		return fetch(ref)
	}
	return fileOf(ref), nil
}

func (c *fileChannel) Uploads() bool { return c.uploads }

func (c *fileChannel) fetches() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.fetched...)
}

// fileOf is the content a fileChannel fetches for ref.
func fileOf(ref string) *bot.Attachment {
	return &bot.Attachment{Name: ref + ".jpg", MIME: "image/jpeg", Data: []byte("bytes of " + ref)}
}

// replies returns the replies the channel sent, in order.
func (c *fakeChannel) replies() []bot.Reply {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []bot.Reply
	for _, s := range c.sent {
		out = append(out, s.reply)
	}
	return out
}

// TestSenderAttachesFiles: a file another channel holds is fetched for a
// target that uploads, and left out for one that cannot; references the
// target can use go as they are.
func TestSenderAttachesFiles(t *testing.T) {
	errGone := fmt.Errorf("media expired: %w", bot.ErrPermanent)
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		for _, tc := range []struct {
			name string
			// target: "uploader" (holds "tg-" files), "refuser" (holds
			// "tg-" files, Uploads false) or "plain" (no file interfaces).
			target    string
			fetchErr  error // of the WhatsApp channel's Fetch
			in        bot.Reply
			want      bot.Reply
			wantFetch []string // refs fetched from WhatsApp
		}{
			{name: "another channel's photo is uploaded", target: "uploader",
				in:        bot.Reply{Text: "Клиент фото жіберді", Photo: "wa:111", Buttons: [][]bot.Button{{{Label: "Жауап", Data: "r:1"}}}},
				want:      bot.Reply{Text: "Клиент фото жіберді", PhotoFile: fileOf("wa:111"), Buttons: [][]bot.Button{{{Label: "Жауап", Data: "r:1"}}}},
				wantFetch: []string{"wa:111"}},
			{name: "another channel's document is uploaded", target: "uploader",
				in:   bot.Reply{Text: "📎 чек.pdf", Document: "wa:222"},
				want: bot.Reply{Text: "📎 чек.pdf", DocumentFile: fileOf("wa:222")}, wantFetch: []string{"wa:222"}},
			{name: "photo and document both uploaded", target: "uploader",
				in:        bot.Reply{Text: "x", Photo: "wa:1", Document: "wa:2"},
				want:      bot.Reply{Text: "x", PhotoFile: fileOf("wa:1"), DocumentFile: fileOf("wa:2")},
				wantFetch: []string{"wa:1", "wa:2"}},
			{name: "the target's own file stays a reference", target: "uploader",
				in: bot.Reply{Text: "Көйлек", Photo: "tg-AgAC", Document: "tg-BQAC"}, want: bot.Reply{Text: "Көйлек", Photo: "tg-AgAC", Document: "tg-BQAC"}},
			{name: "a URL stays", target: "uploader",
				in: bot.Reply{Text: "Көйлек", Photo: "https://cdn.lete.kz/p/12.jpg"}, want: bot.Reply{Text: "Көйлек", Photo: "https://cdn.lete.kz/p/12.jpg"}},
			{name: "own file and another's in one reply", target: "uploader",
				in:        bot.Reply{Text: "x", Photo: "tg-AgAC", Document: "wa:3"},
				want:      bot.Reply{Text: "x", Photo: "tg-AgAC", DocumentFile: fileOf("wa:3")},
				wantFetch: []string{"wa:3"}},
			{name: "a channel without uploads gets the text alone", target: "plain",
				in: bot.Reply{Text: "Клиент фото жіберді", Photo: "wa:111"}, want: bot.Reply{Text: "Клиент фото жіберді"}},
			{name: "a channel refusing uploads gets the text alone", target: "refuser",
				in: bot.Reply{Text: "📎", Document: "wa:222"}, want: bot.Reply{Text: "📎"}},
			{name: "a URL stays for a channel without uploads", target: "plain",
				in: bot.Reply{Text: "x", Photo: "https://cdn.lete.kz/p/12.jpg"}, want: bot.Reply{Text: "x", Photo: "https://cdn.lete.kz/p/12.jpg"}},
			{name: "a file that cannot be fetched is left out", target: "uploader", fetchErr: errGone,
				in: bot.Reply{Text: "Клиент фото жіберді", Photo: "wa:111"}, want: bot.Reply{Text: "Клиент фото жіберді"},
				wantFetch: []string{"wa:111"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wa := &fileChannel{fakeChannel: &fakeChannel{name: "whatsapp"}, prefix: "wa:", uploads: true}
				if tc.fetchErr != nil {
					wa.fetch = func(string) (*bot.Attachment, error) { return nil, tc.fetchErr }
				}
				fake := &fakeChannel{name: "target"}
				var target bot.Channel = fake
				switch tc.target {
				case "uploader":
					target = &fileChannel{fakeChannel: fake, prefix: "tg-", uploads: true}
				case "refuser":
					target = &fileChannel{fakeChannel: fake, prefix: "tg-"}
				}
				after := bot.Reply{Text: "after"}
				enqueueReply(t, db, "target", "a", tc.in)
				enqueueReply(t, db, "target", "a", after)
				flush(t, newSender(t, db, bot.SenderConfig{}, wa, target))

				if got, want := fake.replies(), []bot.Reply{tc.want, after}; !reflect.DeepEqual(got, want) {
					t.Errorf("sent\n%s\nwant\n%s", showReplies(got), showReplies(want))
				}
				if got := wa.fetches(); !reflect.DeepEqual(got, tc.wantFetch) {
					t.Errorf("fetched %q from WhatsApp, want %q", got, tc.wantFetch)
				}
				if n := wa.count(); n != 0 {
					t.Errorf("%d messages sent to the holding channel", n)
				}
				if n := outboxRows(t, db); n != 0 {
					t.Errorf("%d messages left in the outbox", n)
				}
			})
		}
	})
}

// TestSenderRetriesFailedFetch: a fetch that may work later keeps the
// message, and the chat's later ones, in the outbox until it does.
func TestSenderRetriesFailedFetch(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		var mu sync.Mutex
		down := true
		wa := &fileChannel{fakeChannel: &fakeChannel{name: "whatsapp"}, prefix: "wa:", uploads: true,
			fetch: func(ref string) (*bot.Attachment, error) {
				mu.Lock()
				defer mu.Unlock()
				if down {
					return nil, errors.New("graph.facebook.com: connection reset")
				}
				return fileOf(ref), nil
			}}
		tg := &fileChannel{fakeChannel: &fakeChannel{name: "telegram"}, prefix: "tg-", uploads: true}
		s := newSender(t, db, bot.SenderConfig{}, wa, tg)
		enqueueReply(t, db, "telegram", "staff", bot.Reply{Text: "Клиент фото жіберді", Photo: "wa:111"})
		enqueueReply(t, db, "telegram", "staff", bot.Reply{Text: "after"})
		flush(t, s)

		if got := tg.replies(); len(got) != 0 {
			t.Fatalf("sent while the file cannot be fetched:\n%s", showReplies(got))
		}
		if n := len(wa.fetches()); n < 1 {
			t.Errorf("fetched %d times", n)
		}
		if n := outboxRows(t, db); n != 2 {
			t.Errorf("%d messages in the outbox, want both back for a retry", n)
		}

		mu.Lock()
		down = false
		mu.Unlock()
		deadline := time.Now().Add(30 * time.Second)
		for tg.count() < 2 {
			if time.Now().After(deadline) {
				t.Fatalf("not sent after the fetch recovered:\n%s", showReplies(tg.replies()))
			}
			time.Sleep(50 * time.Millisecond)
			flush(t, s)
		}
		want := []bot.Reply{{Text: "Клиент фото жіберді", PhotoFile: fileOf("wa:111")}, {Text: "after"}}
		if got := tg.replies(); !reflect.DeepEqual(got, want) {
			t.Errorf("sent\n%s\nwant\n%s", showReplies(got), showReplies(want))
		}
		if n := outboxRows(t, db); n != 0 {
			t.Errorf("%d messages left in the outbox", n)
		}
	})
}

// showReplies prints replies with their attachments' contents.
func showReplies(rs []bot.Reply) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "  %+v", r)
		for _, f := range append([]*bot.Attachment{r.PhotoFile, r.DocumentFile}, r.AttachmentFiles...) {
			if f != nil {
				fmt.Fprintf(&b, " file=%+v", *f)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// uploadChannel uploads files and holds none, as the e-mail channel.
type uploadChannel struct{ *fakeChannel }

func (uploadChannel) Uploads() bool { return true }

// storeHolder is a FileHolder that is no channel, as the database is for
// "stored:" references.
type storeHolder struct {
	// fetch, when set, answers Fetch; nil fetches storedOf(ref).
	fetch func(ref string) (*bot.Attachment, error)

	mu      sync.Mutex
	fetched []string
}

var _ bot.FileHolder = (*storeHolder)(nil)

func (h *storeHolder) Holds(ref string) bool { return strings.HasPrefix(ref, "stored:") }

func (h *storeHolder) Fetch(_ context.Context, ref string) (*bot.Attachment, error) {
	h.mu.Lock()
	h.fetched = append(h.fetched, ref)
	fetch := h.fetch
	h.mu.Unlock()
	if fetch != nil {
		return fetch(ref)
	}
	return storedOf(ref), nil
}

func (h *storeHolder) fetches() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.fetched...)
}

// storedOf is the content a storeHolder fetches for ref.
func storedOf(ref string) *bot.Attachment {
	return &bot.Attachment{Name: ref + ".pdf", MIME: "application/pdf", Data: []byte("%PDF " + ref)}
}

// TestSenderResolvesAttachments: each of a reply's Attachments held by
// another channel or by an extra holder is fetched into AttachmentFiles
// for a target that uploads; references the target can use stay; a
// target that cannot upload gets only those.
func TestSenderResolvesAttachments(t *testing.T) {
	errGone := fmt.Errorf("stored file deleted: %w", bot.ErrPermanent)
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		for _, tc := range []struct {
			name   string
			target string // as in TestSenderAttachesFiles
			// gone are refs whose fetch fails for good, of either holder.
			gone      []string
			in, want  bot.Reply
			wantWA    []string // refs fetched from WhatsApp
			wantStore []string // refs fetched from the store
		}{
			{name: "from a channel and from the store", target: "uploader",
				in:     bot.Reply{Text: "Өтініш", Mail: &bot.Mail{To: "x@example.kz"}, Attachments: []string{"wa:1", "stored:2"}},
				want:   bot.Reply{Text: "Өтініш", Mail: &bot.Mail{To: "x@example.kz"}, AttachmentFiles: []*bot.Attachment{fileOf("wa:1"), storedOf("stored:2")}},
				wantWA: []string{"wa:1"}, wantStore: []string{"stored:2"}},
			{name: "the target's own files and URLs stay references", target: "uploader",
				in:        bot.Reply{Text: "x", Attachments: []string{"tg-BQAC", "https://cdn.lete.kz/f.pdf", "stored:3", ""}},
				want:      bot.Reply{Text: "x", Attachments: []string{"tg-BQAC", "https://cdn.lete.kz/f.pdf"}, AttachmentFiles: []*bot.Attachment{storedOf("stored:3")}},
				wantStore: []string{"stored:3"}},
			{name: "a stored document and photo", target: "uploader",
				in:        bot.Reply{Text: "x", Document: "stored:form", Photo: "stored:id", Attachments: []string{"wa:9"}},
				want:      bot.Reply{Text: "x", DocumentFile: storedOf("stored:form"), PhotoFile: storedOf("stored:id"), AttachmentFiles: []*bot.Attachment{fileOf("wa:9")}},
				wantWA:    []string{"wa:9"},
				wantStore: []string{"stored:id", "stored:form"}},
			{name: "a channel without uploads gets none", target: "plain",
				in:   bot.Reply{Text: "x", Document: "stored:form", Attachments: []string{"wa:1", "stored:2", "https://cdn.lete.kz/f.pdf"}},
				want: bot.Reply{Text: "x", Attachments: []string{"https://cdn.lete.kz/f.pdf"}}},
			{name: "a channel refusing uploads gets its own files only", target: "refuser",
				in:   bot.Reply{Text: "x", Attachments: []string{"stored:2", "tg-BQAC", "wa:1"}},
				want: bot.Reply{Text: "x", Attachments: []string{"tg-BQAC"}}},
			{name: "a file that cannot be fetched is left out, the others go", target: "uploader",
				gone:   []string{"stored:gone", "wa:gone"},
				in:     bot.Reply{Text: "x", Document: "stored:form", Attachments: []string{"stored:gone", "wa:1", "wa:gone", "stored:2"}},
				want:   bot.Reply{Text: "x", DocumentFile: storedOf("stored:form"), AttachmentFiles: []*bot.Attachment{fileOf("wa:1"), storedOf("stored:2")}},
				wantWA: []string{"wa:1", "wa:gone"}, wantStore: []string{"stored:form", "stored:gone", "stored:2"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				fetchGone := func(def func(string) *bot.Attachment) func(string) (*bot.Attachment, error) {
					return func(ref string) (*bot.Attachment, error) {
						if slices.Contains(tc.gone, ref) {
							return nil, errGone
						}
						return def(ref), nil
					}
				}
				wa := &fileChannel{fakeChannel: &fakeChannel{name: "whatsapp"}, prefix: "wa:", uploads: true, fetch: fetchGone(fileOf)}
				store := &storeHolder{fetch: fetchGone(storedOf)}
				fake := &fakeChannel{name: "target"}
				var target bot.Channel = fake
				switch tc.target {
				case "uploader":
					target = &fileChannel{fakeChannel: fake, prefix: "tg-", uploads: true}
				case "refuser":
					target = &fileChannel{fakeChannel: fake, prefix: "tg-"}
				}
				after := bot.Reply{Text: "after"}
				enqueueReply(t, db, "target", "a", tc.in)
				enqueueReply(t, db, "target", "a", after)
				flush(t, newSender(t, db, bot.SenderConfig{Files: []bot.FileHolder{nil, store}}, wa, target))

				if got, want := fake.replies(), []bot.Reply{tc.want, after}; !reflect.DeepEqual(got, want) {
					t.Errorf("sent\n%s\nwant\n%s", showReplies(got), showReplies(want))
				}
				if got := wa.fetches(); !reflect.DeepEqual(got, tc.wantWA) {
					t.Errorf("fetched %q from WhatsApp, want %q", got, tc.wantWA)
				}
				if got := store.fetches(); !reflect.DeepEqual(got, tc.wantStore) {
					t.Errorf("fetched %q from the store, want %q", got, tc.wantStore)
				}
				if n := outboxRows(t, db); n != 0 {
					t.Errorf("%d messages left in the outbox", n)
				}
			})
		}
	})
}

// TestSenderRetriesFailedAttachmentFetch: an attachment whose fetch may
// work later holds the reply, and the chat's later ones, until it does.
func TestSenderRetriesFailedAttachmentFetch(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		var mu sync.Mutex
		down := true
		store := &storeHolder{fetch: func(ref string) (*bot.Attachment, error) {
			mu.Lock()
			defer mu.Unlock()
			if down {
				return nil, errors.New("database: connection refused")
			}
			return storedOf(ref), nil
		}}
		mail := uploadChannel{&fakeChannel{name: "email"}}
		s := newSender(t, db, bot.SenderConfig{Files: []bot.FileHolder{store}}, mail)
		enqueueReply(t, db, "email", "LT-1", bot.Reply{Text: "Өтініш", Attachments: []string{"stored:id-copy"}})
		enqueueReply(t, db, "email", "LT-1", bot.Reply{Text: "after"})
		flush(t, s)

		if got := mail.replies(); len(got) != 0 {
			t.Fatalf("sent while the attachment cannot be fetched:\n%s", showReplies(got))
		}
		if n := outboxRows(t, db); n != 2 {
			t.Errorf("%d messages in the outbox, want both back for a retry", n)
		}

		mu.Lock()
		down = false
		mu.Unlock()
		deadline := time.Now().Add(30 * time.Second)
		for mail.count() < 2 {
			if time.Now().After(deadline) {
				t.Fatalf("not sent after the fetch recovered:\n%s", showReplies(mail.replies()))
			}
			time.Sleep(50 * time.Millisecond)
			flush(t, s)
		}
		want := []bot.Reply{{Text: "Өтініш", AttachmentFiles: []*bot.Attachment{storedOf("stored:id-copy")}}, {Text: "after"}}
		if got := mail.replies(); !reflect.DeepEqual(got, want) {
			t.Errorf("sent\n%s\nwant\n%s", showReplies(got), showReplies(want))
		}
	})
}

// TestSenderFetch: Sender.Fetch finds a ref's holder among the channels
// and the extra holders.
func TestSenderFetch(t *testing.T) {
	errGone := fmt.Errorf("media expired: %w", bot.ErrPermanent)
	errDown := errors.New("connection reset")
	wa := &fileChannel{fakeChannel: &fakeChannel{name: "whatsapp"}, prefix: "wa:", fetch: func(ref string) (*bot.Attachment, error) {
		switch ref {
		case "wa:gone":
			return nil, errGone
		case "wa:down":
			return nil, errDown
		}
		return fileOf(ref), nil
	}}
	tg := &fileChannel{fakeChannel: &fakeChannel{name: "telegram"}, prefix: "tg-", uploads: true}
	store := &storeHolder{}
	s := bot.NewSender(bot.SenderConfig{Channels: []bot.Channel{wa, tg, &fakeChannel{name: "console"}}, Files: []bot.FileHolder{nil, store}})
	for _, tc := range []struct {
		ref       string
		want      *bot.Attachment
		wantErr   error
		permanent bool
	}{
		{ref: "wa:1", want: fileOf("wa:1")},
		{ref: "tg-AgAC", want: fileOf("tg-AgAC")},
		{ref: "stored:7", want: storedOf("stored:7")},
		{ref: "https://cdn.lete.kz/p/1.jpg", permanent: true},
		{ref: "", permanent: true},
		{ref: "wa:gone", wantErr: errGone, permanent: true},
		{ref: "wa:down", wantErr: errDown},
	} {
		t.Run(tc.ref, func(t *testing.T) {
			got, err := s.Fetch(context.Background(), tc.ref)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Fetch = %+v, want %+v", got, tc.want)
			}
			if (err != nil) != (tc.want == nil) {
				t.Errorf("error %v", err)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v, want it to wrap %v", err, tc.wantErr)
			}
			if errors.Is(err, bot.ErrPermanent) != tc.permanent {
				t.Errorf("error %v: permanent %v, want %v", err, !tc.permanent, tc.permanent)
			}
		})
	}
}

// TestSenderMailsAttachments: a refund application reply goes through the
// outbox to the e-mail channel with the stored PDF and the customer's ID
// copy, held by WhatsApp, attached.
func TestSenderMailsAttachments(t *testing.T) {
	forEachOutbox(t, func(t *testing.T, db *storage.DB) {
		srv := emailtest.Start(t)
		mail, err := email.New(email.Config{URL: srv.URL("", ""), From: "Lete store <shop@example.kz>"})
		if err != nil {
			t.Fatal(err)
		}
		form := &bot.Attachment{Name: "Өтініш LT-00042.pdf", MIME: "application/pdf", Data: []byte("%PDF-1.7 form")}
		idCopy := &bot.Attachment{Name: "куәлік.jpg", MIME: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff, 0x00, 0x0d, 0x0a}}
		store := &storeHolder{fetch: func(string) (*bot.Attachment, error) { return form, nil }}
		wa := &fileChannel{fakeChannel: &fakeChannel{name: "whatsapp"}, prefix: "wa:", uploads: true,
			fetch: func(string) (*bot.Attachment, error) { return idCopy, nil }}
		enqueueReply(t, db, email.Name, "LT-00042", bot.Reply{
			Text:        "Қайтаруға өтініш",
			Mail:        &bot.Mail{To: "shop@example.kz", Subject: "Өтініш LT-00042"},
			Document:    "stored:41",
			Attachments: []string{"wa:id-copy"},
		})
		flush(t, newSender(t, db, bot.SenderConfig{Files: []bot.FileHolder{store}}, wa, mail))

		msgs := srv.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d mails, want 1", len(msgs))
		}
		m, err := msgs[0].Parse()
		if err != nil {
			t.Fatal(err)
		}
		var got []bot.Attachment
		for _, a := range m.Attachments() {
			got = append(got, bot.Attachment{Name: a.FileName, MIME: a.Type, Data: a.Data})
		}
		if want := []bot.Attachment{*form, *idCopy}; !reflect.DeepEqual(got, want) {
			t.Errorf("attachments %+v, want %+v", got, want)
		}
		if n := outboxRows(t, db); n != 0 {
			t.Errorf("%d messages left in the outbox", n)
		}
	})
}
