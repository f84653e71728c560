// Package console is a channel for a local terminal: the customer types, the
// bot prints, and typing a button's number presses that button. It needs no
// token and no network, so a fresh checkout can talk to the bot at once.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lete-store/letebot/bot"
)

// Name is the console channel's name in chat keys and the outbox.
const Name = "console"

// Handler takes updates; the engine implements it.
type Handler interface {
	Submit(ctx context.Context, ups ...bot.Update) error
}

// Adapter is the console channel.
type Adapter struct {
	out      io.Writer
	others   io.Writer // replies to other chats; out unless set
	chatID   string
	langHint string
	session  string // makes dedupe keys unique across runs

	mu      sync.Mutex
	seq     int
	buttons []bot.Button // the numbered buttons on screen
	fresh   bool         // the next reply starts a new numbering
	// filesDir is where files sent to the console are saved; "" keeps none.
	filesDir string
}

var _ bot.Channel = (*Adapter)(nil)

// New returns a console chat that prints to out. langHint is the language
// the bot greets a new customer in ("kk" or "ru").
func New(out io.Writer, chatID, langHint string) *Adapter {
	return &Adapter{out: out, others: out, chatID: chatID, langHint: langHint, session: strconv.FormatInt(time.Now().UnixNano(), 36)}
}

// Name returns "console".
func (a *Adapter) Name() string { return Name }

// ChatID is the console customer's chat id.
func (a *Adapter) ChatID() string { return a.chatID }

// SetOthersOutput prints replies to other chats (staff alerts) to w instead.
func (a *Adapter) SetOthersOutput(w io.Writer) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.others = w
}

// SetChat switches who is typing, to play several customers in one terminal.
func (a *Adapter) SetChat(chatID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.chatID, a.buttons = chatID, nil
}

// Send prints a reply; its buttons get numbers the customer can type. A reply
// to another chat (a staff alert, another customer) is printed under a
// header, without numbers.
func (a *Adapter) Send(_ context.Context, chatID string, r bot.Reply) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	var b strings.Builder
	own := chatID == a.chatID
	if !own {
		fmt.Fprintf(&b, "=== to %s\n", chatID)
	} else if a.fresh {
		a.buttons, a.fresh = nil, false
	}
	if r.Photo != "" {
		fmt.Fprintf(&b, "< [photo] %s\n", r.Photo)
	}
	if r.Document != "" {
		fmt.Fprintf(&b, "< [document] %s\n", r.Document)
	}
	for _, f := range append([]*bot.Attachment{r.PhotoFile, r.DocumentFile}, r.AttachmentFiles...) {
		if f != nil {
			b.WriteString("< [file] " + a.keep(f) + "\n")
		}
	}
	for _, line := range strings.Split(r.Text, "\n") {
		b.WriteString(strings.TrimRight("< "+line, " ") + "\n")
	}
	for _, row := range r.Buttons {
		var cells []string
		for _, btn := range row {
			switch {
			case btn.URL != "":
				cells = append(cells, fmt.Sprintf("%s: %s", btn.Label, btn.URL))
			case btn.Location:
				// A terminal has no map: the customer types the point.
				cells = append(cells, fmt.Sprintf("[%s: type geo:LAT,LON]", btn.Label))
			case !own:
				cells = append(cells, "["+btn.Label+"]")
			default:
				a.buttons = append(a.buttons, btn)
				cells = append(cells, fmt.Sprintf("[%d] %s", len(a.buttons), btn.Label))
			}
		}
		if len(cells) > 0 {
			b.WriteString("  " + strings.Join(cells, "   ") + "\n")
		}
	}
	w := a.out
	if !own {
		w = a.others
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// StaffChat is the console's staff chat: the person at the terminal sees
// its alerts and types in it with a "staff> " line.
const StaffChat = "staff"

// staffPrompt starts a line typed in the staff chat.
const staffPrompt = "staff>"

// Update turns a typed line into an update: a number of a button on screen
// presses it, "geo:51.128,71.430" (a geo URI) shares that location,
// "file:PATH" sends that file (a photo when it is an image: an ID copy, a
// receipt), a line starting with "staff>" is typed in the staff chat (for
// /quote, /ship and the rest of the desk), anything else is text.
func (a *Adapter) Update(line string) bot.Update {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seq++
	up := bot.Update{
		Key:      fmt.Sprintf("console:%s:%d", a.session, a.seq),
		Channel:  Name,
		ChatID:   a.chatID,
		UserID:   a.chatID,
		LangHint: a.langHint,
	}
	line = strings.TrimSpace(line)
	if rest, ok := strings.CutPrefix(line, staffPrompt); ok {
		up.ChatID, up.UserID, up.Text = StaffChat, StaffChat, strings.TrimSpace(rest)
		return up // the customer's buttons stay on screen
	}
	if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(a.buttons) {
		up.Data = a.buttons[n-1].Data
	} else if loc, ok := geoURI(line); ok {
		up.Location = loc
	} else if path, ok := strings.CutPrefix(line, "file:"); ok && strings.TrimSpace(path) != "" {
		up.File = localFile(strings.TrimSpace(path))
	} else {
		up.Text = line
	}
	a.fresh = true
	return up
}

// Uploads implements bot.Uploader: a file the bot made or keeps (a refund
// application) is shown by name, and saved when SetFilesDir was called.
func (a *Adapter) Uploads() bool { return true }

// SetFilesDir makes the console save the files it is sent in dir, so the
// person at the terminal can open them.
func (a *Adapter) SetFilesDir(dir string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.filesDir = dir
}

// keep saves a file sent to the console and says what and where.
func (a *Adapter) keep(f *bot.Attachment) string {
	name := filepath.Base(f.Name)
	if name == "." || name == "/" || name == "" {
		name = "file"
	}
	if a.filesDir == "" {
		return name
	}
	path := filepath.Join(a.filesDir, name)
	if err := os.MkdirAll(a.filesDir, 0o700); err != nil {
		return name + " (not saved: " + err.Error() + ")"
	}
	if err := os.WriteFile(path, f.Data, 0o600); err != nil {
		return name + " (not saved: " + err.Error() + ")"
	}
	return name + ", saved as " + path
}

// filePrefix starts the reference of a file typed as "file:PATH".
const filePrefix = "console-file:"

// localFile describes a file on this machine sent from the terminal.
func localFile(path string) *bot.File {
	mimeType := mime.TypeByExtension(strings.ToLower(filepath.Ext(path)))
	return &bot.File{ID: filePrefix + path, Name: filepath.Base(path), MIME: mimeType,
		Photo: strings.HasPrefix(mimeType, "image/")}
}

// Holds implements bot.FileHolder: files typed as "file:PATH".
func (a *Adapter) Holds(ref string) bool { return strings.HasPrefix(ref, filePrefix) }

// Fetch implements bot.FileHolder: it reads the file (at most 20 MB).
func (a *Adapter) Fetch(_ context.Context, ref string) (*bot.Attachment, error) {
	path := strings.TrimPrefix(ref, filePrefix)
	f := localFile(path)
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("console file: %w: %w", err, bot.ErrPermanent)
	}
	if st.Size() > 20<<20 {
		return nil, fmt.Errorf("console file: %d bytes: %w", st.Size(), bot.ErrPermanent)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("console file: %w: %w", err, bot.ErrPermanent)
	}
	return &bot.Attachment{Name: f.Name, MIME: f.MIME, Data: data}, nil
}

// geoURI reads "geo:LAT,LON" (RFC 5870; parameters after ";" ignored).
func geoURI(s string) (*bot.Location, bool) {
	rest, ok := strings.CutPrefix(strings.ToLower(s), "geo:")
	if !ok {
		return nil, false
	}
	rest, _, _ = strings.Cut(rest, ";")
	latS, lonS, ok := strings.Cut(rest, ",")
	if !ok {
		return nil, false
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(latS), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(lonS), 64)
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, false
	}
	return &bot.Location{Lat: lat, Lon: lon}, true
}

// RequestsLocation reports that the console shows Location buttons (as a
// hint to type a geo: line).
func (a *Adapter) RequestsLocation() bool { return true }

// Run reads lines from in until it ends or ctx is cancelled, handing each to
// h. It returns nil at the end of input.
func (a *Adapter) Run(ctx context.Context, in io.Reader, h Handler) error {
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			return err
		case line := <-lines:
			if strings.TrimSpace(line) == "" {
				continue
			}
			if err := h.Submit(ctx, a.Update(line)); err != nil && ctx.Err() == nil {
				fmt.Fprintf(a.out, "! the bot could not take that message (%v); please type it again\n", err)
			}
		}
	}
}
