package shop

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Handoff is a customer's conversation handed to staff: while it is open
// the bot passes the customer's messages to the staff chats and the staff's
// replies back, and answers nothing itself.
type Handoff struct {
	ID       int64
	ChatKey  string
	Lang     Lang // the customer's, for the staff replies passed on
	OpenedAt time.Time
	LastAt   time.Time // the last message either way: silence is counted from here
	ClosedAt time.Time // zero while open
	ClosedBy string    // a staff member, "customer", or "bot" after the silence
}

// Ref is how staff name the conversation: "H12".
func (h Handoff) Ref() string { return HandoffRef(h.ID) }

// HandoffRef formats a handoff id as staff quote it.
func HandoffRef(id int64) string { return "H" + strconv.FormatInt(id, 10) }

// ParseHandoffRef reads "H12", "h12" or "#H12".
func ParseHandoffRef(s string) (int64, bool) { return parseRef(s, 'H') }

// parseRef reads a reference staff type: a letter (either case), the id,
// and an optional "#" before them.
func parseRef(s string, letter byte) (int64, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) < 2 || (s[0] != letter && s[0] != letter+'a'-'A') {
		return 0, false
	}
	id, err := strconv.ParseInt(s[1:], 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// HandoffQuiet reports whether a handoff has been silent long enough for
// the bot to take it back: only in staff hours, and counting from the
// opening of the day at the earliest, so a customer who wrote at night is
// not handed back before staff had their chance.
func (p *Profile) HandoffQuiet(h Handoff, now time.Time, silence time.Duration) bool {
	working, _, err := p.StaffAnswer(now)
	if err != nil || !working {
		return false
	}
	quiet := h.LastAt
	if open := p.StaffOpening(now); open.After(quiet) {
		quiet = open
	}
	return now.Sub(quiet) > silence
}

// Handoffs stores handed-over conversations. Flows get an implementation
// bound to the update's transaction.
type Handoffs interface {
	// OpenHandoff returns the chat's open handoff, or opens one.
	OpenHandoff(ctx context.Context, chatKey string, lang Lang, now time.Time) (h Handoff, opened bool, err error)
	// GetHandoff returns a handoff, open or closed, or ErrNotFound.
	GetHandoff(ctx context.Context, id int64) (Handoff, error)
	// TouchHandoff records a message in an open handoff.
	TouchHandoff(ctx context.Context, id int64, now time.Time) error
	// CloseHandoff closes an open handoff; closed is false when it was
	// closed already.
	CloseHandoff(ctx context.Context, id int64, by string, now time.Time) (closed bool, err error)
}
