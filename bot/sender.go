package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// SenderConfig wires a Sender.
type SenderConfig struct {
	Outbox   Outbox
	Channels []Channel
	// Files are holders of files that are not channels (the database's
	// "stored:" references). The sender fetches from them, as from the
	// channels that are FileHolders, for channels that upload.
	Files []FileHolder
	Log   *slog.Logger
	// Lease is how long a claimed message is reserved for this process;
	// held messages are renewed, so only a crashed process's lease runs out.
	Lease time.Duration // default 15s
	// Poll is how often the outbox is read when nothing wakes the sender.
	Poll  time.Duration // default 1s
	Batch int           // messages claimed at once, default 256
	// LaneHold is how many messages of one chat the sender holds before it
	// stops claiming for that chat; it claims again once half are sent. A
	// chat's backlog (a staff group takes 20 messages a minute) so waits
	// in the outbox, not in memory, renewed every few seconds.
	LaneHold int // default 64
	// MaxAttempts is how many claims a message gets before it is dropped
	// and logged as undeliverable.
	MaxAttempts int // default 50
	// Observer is told each send's result (metrics); nil: nobody.
	Observer Observer
	// Undeliverable, when set, is told (in a goroutine of its own) of each
	// message dropped for good, so someone can act on it.
	Undeliverable func(OutboxMessage)
}

func (s *Sender) undeliverable(m OutboxMessage) {
	if s.cfg.Undeliverable != nil {
		go s.cfg.Undeliverable(m)
	}
}

// Sender delivers committed replies from the outbox: each chat's messages
// in order, many chats at once, within each channel's rate limits, retrying
// what fails. A crash before a message is acknowledged sends it again.
type Sender struct {
	cfg      SenderConfig
	log      *slog.Logger
	owner    string
	channels map[string]Channel
	names    []string
	global   map[string]*spacer
	// peers share the outbox and the paced channels' overall rates; nil
	// when the outbox has no other processes or no channel is paced.
	peers Peers
	// answersFree are the channels whose overall rate holds no answers.
	answersFree map[string]bool
	wake        chan struct{}
	acks        chan int64
	decoded     *decodedReplies

	mu sync.Mutex
	// sending is the context of Run's lanes while Run takes messages; nil
	// before and after, when no lease is offered (Lease).
	sending context.Context
	lanes   map[ChatRef]*lane
	// limiters outlive lanes: a chat's rate holds across its conversation,
	// not per claim. Full (idle) ones are pruned on the renew tick.
	limiters map[ChatRef]*rate.Limiter
	held     map[int64]bool // claimed ids in memory
	// unacked were sent but their acknowledgement failed (the database
	// was away): still held, so never sent again by this sender, and
	// acknowledged again on every renew tick until it works.
	unacked []int64
	idle    *sync.Cond // signalled when a lane ends or acks flush
}

type lane struct {
	queue   []OutboxMessage
	limiter *rate.Limiter
	// full is set when a claim skipped the chat for holding LaneHold
	// messages: the lane wakes the sender once it holds half.
	full bool
}

// NewSender returns a sender for the channels.
func NewSender(cfg SenderConfig) *Sender {
	if cfg.Lease <= 0 {
		cfg.Lease = 15 * time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 256
	}
	if cfg.LaneHold <= 0 {
		cfg.LaneHold = 64
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 50
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Observer == nil {
		cfg.Observer = nopObserver{}
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	s := &Sender{
		cfg:         cfg,
		log:         cfg.Log,
		owner:       hex.EncodeToString(b),
		channels:    make(map[string]Channel),
		global:      make(map[string]*spacer),
		answersFree: make(map[string]bool),
		wake:        make(chan struct{}, 1),
		decoded:     newDecodedReplies(),
		acks:        make(chan int64, 1024),
		lanes:       make(map[ChatRef]*lane),
		limiters:    make(map[ChatRef]*rate.Limiter),
		held:        make(map[int64]bool),
	}
	s.idle = sync.NewCond(&s.mu)
	for _, ch := range cfg.Channels {
		s.channels[ch.Name()] = ch
		s.names = append(s.names, ch.Name())
		if rl, ok := ch.(RateLimited); ok && rl.Limits().PerSecond > 0 {
			l := rl.Limits()
			// No burst: a burst on top of the rate would let twice the rate
			// out within one second after a quiet spell.
			s.global[ch.Name()] = newSpacer(l.PerSecond)
			s.answersFree[ch.Name()] = l.AnswersExempt
		}
	}
	if p, ok := cfg.Outbox.(Peers); ok && len(s.global) > 0 {
		s.peers = p
	}
	return s
}

// Keep keeps the replies of messages this process is about to commit,
// decoded, for the claim that takes them back. Call it before the commit:
// a claim may come as soon as the rows are visible.
func (s *Sender) Keep(msgs []OutboxMessage) {
	s.decoded.add(msgs)
}

// Lease is the lease under which this process's transactions queue their
// replies to the chats whose sessions they hold, on the channels that can
// send now, for Take once they have committed; false while Run is not
// taking messages.
func (s *Sender) Lease() (Lease, bool) {
	s.mu.Lock()
	running := s.sending != nil
	s.mu.Unlock()
	if !running {
		return Lease{}, false
	}
	return Lease{Owner: s.owner, Until: time.Now().Add(s.cfg.Lease), Channels: s.liveNames()}, true
}

// Take sends messages a committed transaction leased to this sender, as
// if claimed. Run may have stopped since the lease was given: then they
// are given back at once, for the next claim.
func (s *Sender) Take(msgs []OutboxMessage) {
	s.mu.Lock()
	ctx := s.sending
	if ctx != nil {
		for _, m := range msgs {
			s.hold(ctx, m)
		}
	}
	s.mu.Unlock()
	if ctx == nil {
		ids := make([]int64, len(msgs))
		for i, m := range msgs {
			ids[i] = m.ID
		}
		s.releaseNow(ids)
	}
}

// Notify wakes the sender: new messages were committed.
func (s *Sender) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx is cancelled, then spends up to grace delivering what
// is in hand and gives back the rest for the next start.
func (s *Sender) Run(ctx context.Context, grace time.Duration) error {
	sendCtx, stopSending := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSending()
	ackDone := make(chan struct{})
	go func() { s.ackLoop(); close(ackDone) }()

	s.mu.Lock()
	s.sending = sendCtx
	s.mu.Unlock()
	poll := time.NewTicker(s.cfg.Poll)
	defer poll.Stop()
	renew := time.NewTicker(s.cfg.Lease / 3)
	defer renew.Stop()
	s.beat(sendCtx)
	defer s.leave()
	for ctx.Err() == nil {
		n, err := s.claim(sendCtx)
		if err != nil {
			s.log.Warn("Claim outbox", "error", err)
		}
		if n == s.cfg.Batch {
			continue
		}
		select {
		case <-ctx.Done():
		case <-s.wake:
		case <-poll.C:
		case <-renew.C:
			s.retryAcks(sendCtx)
			s.renew(sendCtx)
			s.pruneLimiters()
			s.beat(sendCtx)
		}
	}

	// Shutdown: deliver what is due (replies of the last updates included)
	// for a while, then stop the lanes and give back the rest.
	done := make(chan struct{})
	go func() {
		_ = s.deliverDue(sendCtx, func() {}) // its error is the grace running out
		s.waitIdle()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(grace):
	}
	s.mu.Lock()
	s.sending = nil // a Take from now on gives its messages back itself
	s.mu.Unlock()
	stopSending()
	<-done
	close(s.acks)
	<-ackDone
	s.retryAcks(context.Background())
	s.releaseHeld()
	return nil
}

// beat tells the senders of other processes on the same outbox which
// paced channels this one sends on, and takes its share of each one's
// overall rate. Until a beat works, the last share holds.
func (s *Sender) beat(ctx context.Context) {
	if s.peers == nil {
		return
	}
	var paced []string
	for _, name := range s.liveNames() {
		if s.global[name] != nil {
			paced = append(paced, name)
		}
	}
	counts, err := s.peers.Beat(ctx, s.owner, paced, s.cfg.Lease)
	if err != nil {
		s.log.Warn("Count the processes sending", "error", err)
		return
	}
	for _, name := range paced {
		s.global[name].share(counts[name])
	}
}

// leave gives this process's share of the rates back to the others.
func (s *Sender) leave() {
	if s.peers == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.peers.Leave(ctx, s.owner); err != nil {
		s.log.Warn("Leave the processes sending", "error", err)
	}
}

// Flush sends every message that is due now and waits until each is sent or
// given back; for tests and tools. It must not run beside Run.
func (s *Sender) Flush(ctx context.Context) error {
	// No ack loop runs beside Flush: acknowledge after every round.
	return s.deliverDue(ctx, func() { s.drainAcks(ctx) })
}

// deliverDue claims and sends until nothing is due, calling afterRound once
// each claim's lanes have finished.
func (s *Sender) deliverDue(ctx context.Context, afterRound func()) error {
	for {
		n, err := s.claim(ctx)
		if err != nil {
			return err
		}
		s.waitIdle()
		afterRound()
		if n == 0 {
			return nil
		}
	}
}

func (s *Sender) claim(ctx context.Context) (int, error) {
	names := s.liveNames()
	if len(names) == 0 {
		return 0, nil
	}
	msgs, err := s.cfg.Outbox.Claim(ctx, names, s.owner, s.cfg.Batch, s.cfg.Lease, s.fullLanes())
	if err != nil {
		return 0, err
	}
	var dropped []int64
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
		if len(dropped) > 0 {
			s.ack(ctx, dropped)
		}
	}()
	for _, m := range msgs {
		if s.held[m.ID] {
			continue // still in a lane from an earlier claim
		}
		if m.Attempts > s.cfg.MaxAttempts {
			s.log.Error("Outbox message undeliverable, dropped", "id", m.ID, "channel", m.Channel, "chat", m.ChatID, "attempts", m.Attempts)
			s.held[m.ID] = true
			dropped = append(dropped, m.ID)
			s.cfg.Observer.ReplySent(m.Channel, Dropped)
			s.undeliverable(m)
			continue
		}
		s.hold(ctx, m)
	}
	return len(msgs), nil
}

// fullLanes returns the chats whose lanes hold LaneHold messages or more,
// marking them to wake the sender when they have sent half.
func (s *Sender) fullLanes() []ChatRef {
	s.mu.Lock()
	defer s.mu.Unlock()
	var full []ChatRef
	for ref, l := range s.lanes {
		if len(l.queue) >= s.cfg.LaneHold {
			l.full = true
			full = append(full, ref)
		}
	}
	return full
}

// hold queues a claimed or taken message in its chat's lane, starting the
// lane if none runs. The caller holds s.mu.
func (s *Sender) hold(ctx context.Context, m OutboxMessage) {
	s.held[m.ID] = true
	ref := ChatRef{m.Channel, m.ChatID}
	l, ok := s.lanes[ref]
	if !ok {
		l = &lane{limiter: s.chatLimiter(ref)}
		s.lanes[ref] = l
		go s.runLane(ctx, ref, l)
	}
	l.queue = append(l.queue, m)
}

// liveNames are the channels that can send now: a channel that is not
// Live leaves its messages in the outbox, unclaimed and not counted as
// attempts, for when it is (or for the replica that holds it).
func (s *Sender) liveNames() []string {
	names := make([]string, 0, len(s.names))
	for _, n := range s.names {
		if l, ok := s.channels[n].(Live); ok && !l.Live() {
			continue
		}
		names = append(names, n)
	}
	return names
}

// chatLimiter returns the chat's limiter, nil for an unlimited channel or
// chat. The caller holds s.mu.
func (s *Sender) chatLimiter(ref ChatRef) *rate.Limiter {
	if l, ok := s.limiters[ref]; ok {
		return l
	}
	rl, ok := s.channels[ref.Channel].(RateLimited)
	if !ok || rl.Limits().Chat == nil {
		return nil
	}
	per, burst := rl.Limits().Chat(ref.ChatID)
	if per <= 0 {
		return nil
	}
	l := rate.NewLimiter(rate.Limit(per), max(burst, 1))
	s.limiters[ref] = l
	return l
}

// pruneLimiters forgets the limiters of idle chats whose burst has refilled:
// a new one would start the same.
func (s *Sender) pruneLimiters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for ref, l := range s.limiters {
		if _, busy := s.lanes[ref]; !busy && l.TokensAt(now) >= float64(l.Burst()) {
			delete(s.limiters, ref)
		}
	}
}

// runLane sends one chat's messages in order; it ends when the queue is empty.
func (s *Sender) runLane(ctx context.Context, ref ChatRef, l *lane) {
	for {
		s.mu.Lock()
		if len(l.queue) == 0 || ctx.Err() != nil {
			// Whatever is left stays held: the release at shutdown gives it back.
			delete(s.lanes, ref)
			s.idle.Broadcast()
			s.mu.Unlock()
			return
		}
		m := l.queue[0]
		s.mu.Unlock()

		delivered := s.deliver(ctx, ref, l, m)

		s.mu.Lock()
		if !delivered && ctx.Err() != nil {
			s.mu.Unlock()
			continue // shutting down: the loop's top leaves it held for release
		}
		l.queue = l.queue[1:]
		if l.full && len(l.queue) <= s.cfg.LaneHold/2 {
			l.full = false
			s.Notify() // claim the chat's next messages
		}
		if delivered {
			s.mu.Unlock()
			s.acks <- m.ID
			continue
		}
		// Not delivered: give this and the chat's later messages back, so
		// they go out later and in order.
		s.mu.Unlock()
		s.giveBack(ctx, ref, l, m)
		return
	}
}

// giveBack releases a message that failed, with every later message of its
// chat, and ends the lane. The lane stays registered until the release is
// done, so a message of this chat claimed meanwhile joins it and is given
// back too instead of overtaking the failed one.
func (s *Sender) giveBack(ctx context.Context, ref ChatRef, l *lane, failed OutboxMessage) {
	at := time.Now().Add(backoff(failed.Attempts))
	ids := []int64{failed.ID}
	for {
		s.mu.Lock()
		for _, rest := range l.queue {
			ids = append(ids, rest.ID)
		}
		l.queue = nil
		if len(ids) == 0 {
			delete(s.lanes, ref)
			s.idle.Broadcast()
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		if err := s.cfg.Outbox.Release(ctx, s.owner, ids, at); err != nil {
			// They stay leased to us until the lease ends, no longer
			// renewed, and come back in order then.
			s.log.Warn("Release outbox messages", "error", err)
		}
		s.mu.Lock()
		for _, id := range ids {
			delete(s.held, id)
		}
		s.mu.Unlock()
		ids = ids[:0]
	}
}

// deliver tries one message a few times in memory. It returns true when the
// message is done with: sent, or refused for good.
func (s *Sender) deliver(ctx context.Context, ref ChatRef, l *lane, m OutboxMessage) bool {
	ch, ok := s.channels[ref.Channel]
	if !ok {
		return false
	}
	r, ok := s.decoded.take(m.Body)
	if !ok {
		if err := json.Unmarshal(m.Body, &r); err != nil {
			s.log.Error("Outbox message unreadable, dropped", "id", m.ID, "error", err)
			return true
		}
	}
	if !adaptRequestButtons(ch, &r) {
		return true
	}
	if err := s.attachFiles(ctx, ch, &r); err != nil {
		s.cfg.Observer.ReplySent(ref.Channel, SendFailed)
		s.log.Warn("Send failed", "id", m.ID, "channel", ref.Channel, "chat", ref.ChatID, "error", err)
		return false
	}
	// An answer on its first try goes as the person waits; one that failed
	// before has become backlog, and backlog keeps the overall rate.
	overall := s.global[ref.Channel]
	if r.Answer && m.Attempts <= 1 && s.answersFree[ref.Channel] {
		overall = nil
	}
	for try := 0; try < 3; try++ {
		if pace(ctx, overall, l.limiter) != nil {
			return false
		}
		err := ch.Send(ctx, ref.ChatID, r)
		var ra *RetryAfterError
		switch {
		case err == nil:
			s.cfg.Observer.ReplySent(ref.Channel, Sent)
			return true
		case errors.Is(err, ErrPermanent):
			s.cfg.Observer.ReplySent(ref.Channel, Dropped)
			s.log.Warn("Send refused for good, dropped", "id", m.ID, "channel", ref.Channel, "chat", ref.ChatID, "error", err)
			s.undeliverable(m)
			return true
		case errors.As(err, &ra):
			s.cfg.Observer.ReplySent(ref.Channel, Throttled)
			s.log.Info("Send rate limited", "channel", ref.Channel, "chat", ref.ChatID, "wait", ra.Wait)
			if !Sleep(ctx, ra.Wait) {
				return false
			}
		case ctx.Err() != nil:
			return false // shutting down: the message is released, not failed
		default:
			s.cfg.Observer.ReplySent(ref.Channel, SendFailed)
			s.log.Warn("Send failed", "id", m.ID, "channel", ref.Channel, "chat", ref.ChatID, "error", err)
			if !Sleep(ctx, time.Duration(try+1)*500*time.Millisecond) {
				return false
			}
		}
	}
	return false
}

func backoff(attempts int) time.Duration {
	d := time.Second << min(attempts, 6)
	return min(d, time.Minute)
}

// Sleep waits d, reporting false if ctx ended first: the pause of every
// retry loop (sends, polls, reconnects).
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// ackLoop deletes sent messages, many per statement under load.
func (s *Sender) ackLoop() {
	ctx := context.Background()
	for id := range s.acks {
		ids := []int64{id}
	more:
		for len(ids) < 512 {
			select {
			case id, ok := <-s.acks:
				if !ok {
					break more
				}
				ids = append(ids, id)
			default:
				break more
			}
		}
		s.ack(ctx, ids)
	}
}

func (s *Sender) ack(ctx context.Context, ids []int64) {
	if err := s.cfg.Outbox.Ack(ctx, ids); err != nil {
		// Sent, but not recorded: keep them held and try again, rather
		// than let a claim send them twice. Only another replica, after
		// the lease ran out, could still send one again.
		s.log.Error("Acknowledge sent messages; trying again", "error", err, "count", len(ids))
		s.mu.Lock()
		s.unacked = append(s.unacked, ids...)
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	for _, id := range ids {
		delete(s.held, id)
	}
	s.idle.Broadcast()
	s.mu.Unlock()
}

// retryAcks acknowledges again the sent messages whose acknowledgement
// failed.
func (s *Sender) retryAcks(ctx context.Context) {
	s.mu.Lock()
	ids := s.unacked
	s.unacked = nil
	s.mu.Unlock()
	if len(ids) > 0 {
		s.ack(ctx, ids)
	}
}

// drainAcks acknowledges queued ids synchronously; Flush uses it because no
// ack loop runs beside it.
func (s *Sender) drainAcks(ctx context.Context) {
	var ids []int64
	for {
		select {
		case id := <-s.acks:
			ids = append(ids, id)
			continue
		default:
		}
		break
	}
	if len(ids) > 0 {
		s.ack(ctx, ids)
	}
}

// waitIdle waits until no lane runs.
func (s *Sender) waitIdle() {
	s.mu.Lock()
	for len(s.lanes) > 0 {
		s.idle.Wait()
	}
	s.mu.Unlock()
}

// heldIDs lists the claimed messages in memory.
func (s *Sender) heldIDs() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, 0, len(s.held))
	for id := range s.held {
		ids = append(ids, id)
	}
	return ids
}

func (s *Sender) renew(ctx context.Context) {
	ids := s.heldIDs()
	if len(ids) == 0 {
		return
	}
	if err := s.cfg.Outbox.Renew(ctx, s.owner, ids, s.cfg.Lease); err != nil {
		s.log.Warn("Renew outbox lease", "error", err)
	}
}

func (s *Sender) releaseHeld() {
	// A message sent but not acknowledged is not released: released, it
	// would go out again at once; leased, only if its lease runs out.
	s.mu.Lock()
	sent := make(map[int64]bool, len(s.unacked))
	for _, id := range s.unacked {
		sent[id] = true
	}
	s.mu.Unlock()
	s.releaseNow(slices.DeleteFunc(s.heldIDs(), func(id int64) bool { return sent[id] }))
}

// releaseNow gives back messages this sender holds, due at once, for the
// next claim (this process's after a restart, or another's).
func (s *Sender) releaseNow(ids []int64) {
	if len(ids) == 0 {
		return
	}
	if err := s.cfg.Outbox.Release(context.Background(), s.owner, ids, time.Now()); err != nil {
		s.log.Warn("Release outbox messages", "error", err)
	}
}

// adaptRequestButtons drops Phone and Location buttons for channels that
// cannot show them. It reports false when nothing of the reply is left
// worth sending (it was only the hint to press one).
func adaptRequestButtons(ch Channel, r *Reply) bool {
	pr, ok := ch.(PhoneRequester)
	phoneOK := ok && pr.RequestsPhone()
	lr, ok := ch.(LocationRequester)
	locationOK := ok && lr.RequestsLocation()
	if phoneOK && locationOK {
		return true
	}
	var rows [][]Button
	dropped := false
	for _, row := range r.Buttons {
		var kept []Button
		for _, b := range row {
			if b.Phone && !phoneOK || b.Location && !locationOK {
				dropped = true
				continue
			}
			kept = append(kept, b)
		}
		if len(kept) > 0 {
			rows = append(rows, kept)
		}
	}
	r.Buttons = rows
	return !(dropped && len(rows) == 0)
}
