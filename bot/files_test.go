package bot_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
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
		for _, f := range []*bot.Attachment{r.PhotoFile, r.DocumentFile} {
			if f != nil {
				fmt.Fprintf(&b, " file=%+v", *f)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
