package bot

import (
	"slices"
	"sync"
)

// decodedGeneration is how many bodies one generation of decodedReplies
// holds. A body lives at most two generations: enough for the replies in
// flight between a commit and the claim that takes them back, a few
// megabytes at most for those another replica claims instead.
const decodedGeneration = 1024

// decodedReplies holds the replies this process has just queued, decoded,
// by their bodies, so that the sender need not decode again what it claims
// back: under load that decoding was a twentieth of the bot's CPU. The key
// is the body itself, so a claimed message only ever gets the reply its own
// bytes say; one not found (queued by another replica, or before a
// restart) is decoded as before.
type decodedReplies struct {
	mu       sync.Mutex
	cur, old map[string]*decodedReply
}

type decodedReply struct {
	r Reply
	n int // queued messages with this body not yet taken
}

func newDecodedReplies() *decodedReplies {
	return &decodedReplies{cur: make(map[string]*decodedReply), old: make(map[string]*decodedReply)}
}

// add keeps the replies of the messages that carry one.
func (d *decodedReplies) add(msgs []OutboxMessage) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, m := range msgs {
		if m.Reply == nil {
			continue
		}
		if e := d.cur[string(m.Body)]; e != nil {
			e.n++
			continue
		}
		if len(d.cur) >= decodedGeneration {
			d.old, d.cur = d.cur, make(map[string]*decodedReply, decodedGeneration)
		}
		d.cur[string(m.Body)] = &decodedReply{r: *m.Reply, n: 1}
	}
}

// take returns the reply of body, if kept, as a copy the caller may change.
func (d *decodedReplies) take(body []byte) (Reply, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, gen := range []map[string]*decodedReply{d.cur, d.old} {
		e := gen[string(body)]
		if e == nil {
			continue
		}
		if e.n--; e.n == 0 {
			delete(gen, string(body))
		}
		return e.r.clone(), true
	}
	return Reply{}, false
}

// clone copies r with slices and pointers of its own, as decoding gives.
func (r Reply) clone() Reply {
	c := r
	if r.Buttons != nil {
		c.Buttons = make([][]Button, len(r.Buttons))
		for i, row := range r.Buttons {
			c.Buttons[i] = slices.Clone(row)
		}
	}
	c.Attachments = slices.Clone(r.Attachments)
	if r.Mail != nil {
		m := *r.Mail
		c.Mail = &m
	}
	return c
}
