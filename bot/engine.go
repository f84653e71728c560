package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// ErrClosed is returned by Submit once the engine is shutting down.
var ErrClosed = errors.New("engine closed")

const (
	// batchTimeout bounds one transaction, so a hung database cannot hold
	// a shutdown forever: the updates are then not confirmed, and return.
	batchTimeout = 30 * time.Second
	// maxRetries is how often a batch is rerun after ErrRetryTx.
	maxRetries = 3
)

// MaxTextRunes caps inbound text; longer messages are cut before any flow sees them.
const MaxTextRunes = 4096

// MaxFileRef is the longest file reference a channel hands in: WhatsApp's
// carry the media's path and keys.
const MaxFileRef = 1024

// ChatRef names a chat on a channel, e.g. a staff chat.
type ChatRef struct{ Channel, ChatID string }

// EngineConfig wires an Engine.
type EngineConfig struct {
	Store    Store
	Flows    *flows.Flows
	Messages *messages.Catalog
	Staff    []ChatRef // chats that receive staff alerts and take staff commands
	// StaffUsers are staff members (ChatRef.ChatID is the user id) whose
	// private chats with the bot take staff commands too.
	StaffUsers []ChatRef
	// StoreChats are the store's official chats (its own WhatsApp number),
	// which see the requests staff must act on at once (express) without
	// taking commands; a chat that is also a staff chat gets each once.
	StoreChats []ChatRef
	StaffLang  shop.Lang // the language of staff alerts
	Log        *slog.Logger
	// Workers is how many transactions run at once (default 4, at most
	// what a TxLimit store allows); keep it below the database pool size.
	Workers int
	// MaxBatch is how many chats one transaction may carry (default 64).
	MaxBatch int
	// Queuing, when set, is handed the replies a transaction queues, just
	// before its commit makes them claimable (see Sender.Keep).
	Queuing func(msgs []OutboxMessage)
	// Lease, when set, gives the lease under which a transaction queues
	// the replies to the chats whose sessions it holds (Sender.Lease; false:
	// none now), and Leased is handed those it leased once the transaction
	// has committed (Sender.Take): they are sent without a claim.
	Lease  func() (Lease, bool)
	Leased func(msgs []OutboxMessage)
	// Committed is called after a batch's commits that queued replies not
	// leased (all of them, without Lease), to wake the outbox sender.
	Committed func()
	// PaymentWork is called after a commit in which a flow left work for
	// the payment service (an order to make a link for, a refund to send),
	// so it need not look after every commit.
	PaymentWork func()
	// DeliveryWork is called after a commit in which a flow left work for
	// the express worker (a request to price, an express order paid).
	DeliveryWork func()
	// Observer is told each update's outcome (metrics); nil: nobody.
	Observer Observer
}

// Engine handles updates: each exactly once, a chat's updates in order,
// different chats in parallel. Under load the work of several chats shares
// one transaction (group commit), so the database's commit rate is not the
// bot's message rate.
type Engine struct {
	cfg EngineConfig
	log *slog.Logger

	staff      map[string]bool // chat keys of the staff chats
	staffUsers map[string]bool // channel:user of the staff members

	mu       sync.Mutex
	queues   map[string][]*item // waiting updates by chat key, oldest first
	busy     map[string]bool    // chats with an update in a running batch
	ready    []string           // chats with a waiting update and none running
	running  int                // workers with a batch in hand
	closing  bool
	wake     chan struct{} // a chat became ready
	stopping chan struct{} // closed when shutdown begins
}

type item struct {
	up      Update
	key     string // chat key
	start   time.Time
	outcome Outcome // set by the transaction that handled it
	// paymentWork is set when the update's flow left work for the payment
	// service.
	paymentWork bool
	// deliveryWork: the same for the express worker.
	deliveryWork bool
	done         chan error
}

// finish reports the item's outcome and wakes its Submit.
func (e *Engine) finishItem(it *item, err error) {
	o := it.outcome
	if err != nil {
		o = NotSaved
	}
	e.cfg.Observer.UpdateDone(it.up.Channel, o, time.Since(it.start))
	it.done <- err
}

// NewEngine returns an engine; call Run to start its workers.
func NewEngine(cfg EngineConfig) *Engine {
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if l, ok := cfg.Store.(TxLimit); ok && l.ConcurrentTx() > 0 {
		cfg.Workers = min(cfg.Workers, l.ConcurrentTx())
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 64
	}
	if cfg.StaffLang == "" {
		cfg.StaffLang = shop.Russian
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Committed == nil {
		cfg.Committed = func() {}
	}
	if cfg.Queuing == nil {
		cfg.Queuing = func([]OutboxMessage) {}
	}
	if cfg.Lease == nil || cfg.Leased == nil {
		cfg.Lease = func() (Lease, bool) { return Lease{}, false }
	}
	if cfg.PaymentWork == nil {
		cfg.PaymentWork = func() {}
	}
	if cfg.DeliveryWork == nil {
		cfg.DeliveryWork = func() {}
	}
	if cfg.Observer == nil {
		cfg.Observer = nopObserver{}
	}
	staff := make(map[string]bool, len(cfg.Staff))
	for _, c := range cfg.Staff {
		staff[ChatKey(c.Channel, c.ChatID)] = true
	}
	staffUsers := make(map[string]bool, len(cfg.StaffUsers))
	for _, u := range cfg.StaffUsers {
		staffUsers[ChatKey(u.Channel, u.ChatID)] = true
	}
	return &Engine{
		cfg:        cfg,
		log:        cfg.Log,
		staff:      staff,
		staffUsers: staffUsers,
		queues:     make(map[string][]*item),
		busy:       make(map[string]bool),
		wake:       make(chan struct{}, 1),
		stopping:   make(chan struct{}),
	}
}

// Submit hands updates to the engine and waits until every one is committed
// (or recognised as a duplicate). A non-nil error means some were not: the
// caller must not confirm them to the channel, and may submit them again.
func (e *Engine) Submit(ctx context.Context, ups ...Update) error {
	items := make([]*item, 0, len(ups))
	for _, up := range ups {
		if up.Key == "" || up.Channel == "" || up.ChatID == "" {
			return fmt.Errorf("submit: update without key, channel or chat")
		}
		up.Text = CleanText(up.Text)
		items = append(items, &item{up: up, key: up.ChatKey(), start: time.Now(), done: make(chan error, 1)})
	}
	e.mu.Lock()
	if e.closing {
		e.mu.Unlock()
		return ErrClosed
	}
	for _, it := range items {
		q := e.queues[it.key]
		if len(q) == 0 && !e.busy[it.key] {
			e.ready = append(e.ready, it.key)
		}
		e.queues[it.key] = append(q, it)
	}
	e.mu.Unlock()
	e.signal()

	var errs []error
	for _, it := range items {
		select {
		case err := <-it.done:
			if err != nil {
				errs = append(errs, err)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return errors.Join(errs...)
}

func (e *Engine) signal() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Run starts the workers and blocks until ctx is cancelled and every update
// already submitted has been handled.
func (e *Engine) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range e.cfg.Workers {
		wg.Go(func() { e.work(ctx) })
	}
	<-ctx.Done()
	e.mu.Lock()
	e.closing = true
	e.mu.Unlock()
	close(e.stopping)
	wg.Wait()
	return nil
}

func (e *Engine) work(ctx context.Context) {
	// Updates in hand are finished even after shutdown began.
	dbctx := context.WithoutCancel(ctx)
	for {
		batch, stop := e.take()
		if stop {
			return
		}
		if batch == nil {
			select {
			case <-e.wake:
			case <-e.stopping:
				// Draining: look again soon, until take reports stop.
				select {
				case <-e.wake:
				case <-time.After(5 * time.Millisecond):
				}
			}
			continue
		}
		e.process(dbctx, batch)
		e.finish(batch)
	}
}

// take pops the next update of ready chats: its share of them among the
// idle workers, at most MaxBatch. A burst (a hundred updates from one poll)
// is so carried by every worker at once, not by one or two full batches:
// a batch's flows run one after another, so its time grows with its size,
// and the burst is done when its slowest batch is.
func (e *Engine) take() (batch []*item, stop bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.ready) == 0 {
		return nil, e.closing && len(e.busy) == 0 && len(e.queues) == 0
	}
	idle := e.cfg.Workers - e.running // this one among them
	n := min(len(e.ready), e.cfg.MaxBatch, (len(e.ready)+idle-1)/idle)
	e.running++
	for _, key := range e.ready[:n] {
		q := e.queues[key]
		batch = append(batch, q[0])
		if len(q) == 1 {
			delete(e.queues, key)
		} else {
			e.queues[key] = q[1:]
		}
		e.busy[key] = true
	}
	e.ready = e.ready[n:]
	if len(e.ready) > 0 {
		e.signal() // another worker can take the rest
	}
	return batch, false
}

func (e *Engine) finish(batch []*item) {
	e.mu.Lock()
	e.running--
	for _, it := range batch {
		delete(e.busy, it.key)
		if len(e.queues[it.key]) > 0 {
			e.ready = append(e.ready, it.key)
		}
	}
	more := len(e.ready) > 0
	e.mu.Unlock()
	if more {
		e.signal()
	}
}

// flowError is a flow's failure on one update, told apart from the batch's
// own failures so the other updates of the batch can still commit.
type flowError struct {
	it  *item
	err error
}

func (f *flowError) Error() string { return f.err.Error() }
func (f *flowError) Unwrap() error { return f.err }

// process commits a batch. When one update's flow fails, the batch is rolled
// back and redone without it, and the failed update gets an apology alone.
func (e *Engine) process(ctx context.Context, batch []*item) {
	retries := 0
	// The sender is woken for replies it must claim; those leased to it
	// reach it by handOver.
	wake := false
	defer func() {
		if wake {
			e.cfg.Committed()
		}
	}()
	for len(batch) > 0 {
		bctx, cancel := context.WithTimeout(ctx, batchTimeout)
		out, err := e.commit(bctx, batch)
		cancel()
		if errors.Is(err, ErrRetryTx) && retries < maxRetries {
			// A deadlock or serialization failure is the batch's bad luck,
			// not an update's fault: run it again.
			retries++
			e.log.Info("Retry updates", "error", err, "updates", len(batch), "retry", retries)
			continue
		}
		var fe *flowError
		if !errors.As(err, &fe) {
			if err != nil {
				e.log.Error("Commit updates", "error", err, "updates", len(batch))
			} else {
				wake = e.handOver(out) || wake
				e.cfg.Observer.BatchCommitted(len(batch))
				if slices.ContainsFunc(batch, func(it *item) bool { return it.paymentWork }) {
					e.cfg.PaymentWork()
				}
				if slices.ContainsFunc(batch, func(it *item) bool { return it.deliveryWork }) {
					e.cfg.DeliveryWork()
				}
			}
			for _, it := range batch {
				e.finishItem(it, err)
			}
			break
		}
		e.log.Error("Flow failed", "error", fe.err, "chat", fe.it.key, "update", fe.it.up.Key)
		fe.it.outcome = Failed
		wake = true // the apology may be left to a claim
		if fe.it.up.Event != nil {
			// An outside event (a payment, a link) is not the customer's
			// doing and must not be lost: it stays unseen, its submitter
			// gets the error and offers it again later.
			e.finishItem(fe.it, fmt.Errorf("event %s: %w", fe.it.up.Key, fe.err))
		} else {
			e.finishItem(fe.it, e.apologise(ctx, fe.it))
		}
		batch = without(batch, fe.it)
	}
}

func without(batch []*item, drop *item) []*item {
	out := make([]*item, 0, len(batch)-1)
	for _, it := range batch {
		if it != drop {
			out = append(out, it)
		}
	}
	return out
}

// commit runs a batch in one transaction and returns the replies it queued.
func (e *Engine) commit(ctx context.Context, batch []*item) ([]OutboxMessage, error) {
	var out []OutboxMessage
	err := e.cfg.Store.InTx(ctx, func(tx Tx) error {
		out = nil
		keys := make([]string, len(batch))
		for i, it := range batch {
			keys[i] = it.up.Key
		}
		fresh, err := tx.MarkSeen(ctx, keys)
		if err != nil {
			return err
		}
		todo := batch[:0:0]
		chats := make([]string, 0, len(batch))
		taken := make(map[string]bool, len(batch)) // a key twice in one batch: the first takes it
		for _, it := range batch {
			switch {
			case !fresh[it.up.Key] || taken[it.up.Key]:
				it.outcome = Duplicate
			case it.up.Group && !e.staff[it.key]:
				it.outcome = Ignored
			default:
				it.outcome = Handled
				todo = append(todo, it)
				chats = append(chats, it.key)
			}
			taken[it.up.Key] = true
		}
		if len(todo) == 0 {
			return nil
		}
		rows, err := tx.LockSessions(ctx, chats)
		if err != nil {
			return err
		}
		if ids := eventOrders(todo); len(ids) > 0 {
			if err := tx.LockOrders(ctx, ids); err != nil {
				return err
			}
		}
		saves := make([]SessionRow, 0, len(todo))
		st := tx.Flows()
		for _, it := range todo {
			s := e.session(it, rows)
			in := input(it.up)
			in.Staff = e.isStaff(it.up)
			res, err := e.handle(ctx, st, s, in)
			if err != nil {
				return &flowError{it: it, err: err}
			}
			data, err := s.Encode()
			if err != nil {
				return &flowError{it: it, err: fmt.Errorf("encode session: %w", err)}
			}
			saves = append(saves, SessionRow{ChatKey: it.key, Data: data, UpdatedAt: s.Seen})
			lang := s.Lang
			if in.Staff {
				lang = e.cfg.StaffLang
			}
			out = e.render(out, it.up, lang, res)
			it.paymentWork, it.deliveryWork = res.PaymentWork, res.DeliveryWork
		}
		if err := tx.SaveSessions(ctx, saves); err != nil {
			return err
		}
		return e.enqueue(ctx, tx, out)
	})
	return out, err
}

// enqueue queues the replies in the transaction, leased where a lease is
// to be had, and hands them to Queuing.
func (e *Engine) enqueue(ctx context.Context, tx Tx, out []OutboxMessage) error {
	var err error
	if lease, ok := e.cfg.Lease(); ok {
		err = tx.EnqueueLeased(ctx, out, lease)
	} else {
		err = tx.Enqueue(ctx, out)
	}
	if err != nil {
		return err
	}
	e.cfg.Queuing(out)
	return nil
}

// handOver gives the replies a committed transaction leased to the sender,
// and reports whether it queued others, which are left to a claim.
func (e *Engine) handOver(out []OutboxMessage) (unleased bool) {
	var leased []OutboxMessage
	for _, m := range out {
		if m.Leased {
			leased = append(leased, m)
		} else {
			unleased = true
		}
	}
	if len(leased) > 0 {
		e.cfg.Leased(leased)
	}
	return unleased
}

// eventOrders are the orders the batch's outside events name.
func eventOrders(batch []*item) []int64 {
	var ids []int64
	for _, it := range batch {
		if ev := it.up.Event; ev != nil && ev.OrderID != 0 {
			ids = append(ids, ev.OrderID)
		}
	}
	return ids
}

// isStaff reports whether an update comes from a staff chat, or from a
// staff member's private chat with the bot.
func (e *Engine) isStaff(up Update) bool {
	return e.staff[up.ChatKey()] || !up.Group && up.UserID != "" && e.staffUsers[ChatKey(up.Channel, up.UserID)]
}

// handle runs the flow for one update. A panic in a flow is that update's
// failure, not the process's: otherwise a message that trips a bug would be
// redelivered and crash the bot again at every start.
func (e *Engine) handle(ctx context.Context, st flows.Store, s *flows.Session, in flows.Input) (res flows.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("flow panicked: %v", p)
		}
	}()
	return e.cfg.Flows.Handle(ctx, st, s, in)
}

// AlertStaff queues alerts to every staff chat for an event that concerns no
// customer chat (a payment naming an order we do not have), once per key:
// the same key again sends nothing.
func (e *Engine) AlertStaff(ctx context.Context, key string, alerts ...flows.Reply) error {
	err := e.cfg.Store.InTx(ctx, func(tx Tx) error {
		fresh, err := tx.MarkSeen(ctx, []string{key})
		if err != nil || !fresh[key] {
			return err
		}
		return e.enqueue(ctx, tx, e.render(nil, Update{}, e.cfg.StaffLang, flows.Result{Staff: alerts}))
	})
	if err != nil {
		return fmt.Errorf("alert staff: %w", err)
	}
	e.cfg.Committed()
	return nil
}

// session decodes the chat's stored session, or starts one.
func (e *Engine) session(it *item, rows map[string]SessionRow) *flows.Session {
	row, ok := rows[it.key]
	if !ok {
		return flows.NewSession(it.up.LangHint)
	}
	s, err := flows.DecodeSession(row.Data)
	if err != nil {
		e.log.Warn("Session reset", "chat", it.key, "error", err)
		s = flows.NewSession(it.up.LangHint)
		s.Reset = true
	}
	return s
}

// apologise commits a failed update on its own: marked seen so it is not
// retried forever, the session untouched, the customer told to try again.
func (e *Engine) apologise(ctx context.Context, it *item) error {
	var out []OutboxMessage
	err := e.cfg.Store.InTx(ctx, func(tx Tx) error {
		out = nil
		fresh, err := tx.MarkSeen(ctx, []string{it.up.Key})
		if err != nil || !fresh[it.up.Key] {
			return err
		}
		rows, err := tx.LockSessions(ctx, []string{it.key})
		if err != nil {
			return err
		}
		lang := e.session(it, rows).Lang
		res := flows.Result{Replies: []flows.Reply{{Text: messages.T(messages.ErrInternal)}}}
		out = e.render(nil, it.up, lang, res)
		return e.enqueue(ctx, tx, out)
	})
	if err == nil {
		e.handOver(out)
	}
	return err
}

func input(up Update) flows.Input {
	in := flows.Input{Chat: up.ChatKey(), LangHint: up.LangHint, User: up.UserID, ReplyTo: up.ReplyTo}
	if up.UserName != "" {
		in.User = up.UserName + " (" + up.UserID + ")"
	}
	switch {
	case up.Event != nil:
		in.Kind, in.Event = flows.EventInput, up.Event
	case up.Takeover:
		in.Kind = flows.TakeoverInput
	case up.Data != "":
		in.Kind, in.Data = flows.ButtonInput, up.Data
	case up.Contact != nil:
		// Cleaned like text: a handoff passes the number on to staff as it came.
		in.Kind, in.Phone = flows.ContactInput, truncateRunes(CleanText(up.Contact.Phone), 64)
	case up.Location != nil:
		in.Kind, in.Lat, in.Lon = flows.LocationInput, up.Location.Lat, up.Location.Lon
	case up.File != nil:
		in.Kind, in.FileID = flows.FileInput, truncateRunes(CleanText(up.File.ID), MaxFileRef)
		in.FileName, in.FileMIME = truncateRunes(CleanText(up.File.Name), 128), truncateRunes(CleanText(up.File.MIME), 128)
		in.FilePhoto, in.Text = up.File.Photo, CleanText(up.File.Caption)
	case up.Unsupported != "":
		in.Kind = flows.UnsupportedInput
	default:
		// Text, possibly emptied by CleanText: the step says what it needs.
		in.Kind, in.Text = flows.TextInput, up.Text
	}
	return in
}

// render turns a flow's result into outbox rows: the replies in the chat's
// language, staff alerts to every staff chat in the staff language, and
// replies to other chats in the language the flow chose.
func (e *Engine) render(out []OutboxMessage, up Update, lang shop.Lang, res flows.Result) []OutboxMessage {
	// Replies to a message the chat just sent, or to news it waits for,
	// are answers; the rest (reminders, alerts) is news nobody asked for
	// right now.
	answer := (up.Event == nil || up.Event.Awaited()) && !up.Takeover && up.ChatID != ""
	for _, r := range res.Replies {
		body, rep := e.encode(lang, r, answer)
		out = append(out, OutboxMessage{Channel: up.Channel, ChatID: up.ChatID, Body: body, Reply: rep, Direct: true})
	}
	for _, r := range res.Staff {
		body, rep := e.encode(e.cfg.StaffLang, r, false)
		for _, c := range e.cfg.Staff {
			out = append(out, OutboxMessage{Channel: c.Channel, ChatID: c.ChatID, Body: body, Reply: rep})
		}
	}
	for _, r := range res.Store {
		body, rep := e.encode(e.cfg.StaffLang, r, false)
		for _, c := range e.cfg.StoreChats {
			if !e.staff[ChatKey(c.Channel, c.ChatID)] {
				out = append(out, OutboxMessage{Channel: c.Channel, ChatID: c.ChatID, Body: body, Reply: rep})
			}
		}
	}
	for _, o := range res.Others {
		channel, chatID, ok := SplitChatKey(o.Chat)
		if !ok {
			e.log.Error("Reply to a chat key without a channel", "chat", o.Chat)
			continue
		}
		body, rep := e.encode(o.Lang, o.Reply, false)
		out = append(out, OutboxMessage{Channel: channel, ChatID: chatID, Body: body, Reply: rep})
	}
	return out
}

// encode renders a flow's reply: the body to store, and the reply itself.
func (e *Engine) encode(lang shop.Lang, r flows.Reply, answer bool) ([]byte, *Reply) {
	rep := Reply{Text: e.text(lang, r.Text), Photo: r.Photo, Document: r.Document, Attachments: r.Attachments, Lang: string(lang), Answer: answer}
	if r.MailTo != "" {
		rep.Mail = &Mail{To: r.MailTo, Subject: e.text(lang, r.Subject)}
	}
	for _, row := range r.Buttons {
		var btns []Button
		for _, b := range row {
			if len(b.Data) > MaxButtonData {
				e.log.Error("Button data too long", "data_len", len(b.Data))
				continue
			}
			btns = append(btns, Button{Label: e.text(lang, b.Label), Data: b.Data, URL: b.URL, Phone: b.Phone, Location: b.Location})
		}
		if len(btns) > 0 {
			rep.Buttons = append(rep.Buttons, btns)
		}
	}
	body, err := json.Marshal(rep)
	if err != nil {
		panic(err) // a Reply of strings always marshals
	}
	return body, &rep
}

func (e *Engine) text(lang shop.Lang, t messages.Text) string {
	s, err := e.cfg.Messages.Render(lang, t)
	if err != nil {
		e.log.Error("Render text", "error", err)
	}
	return s
}

// CleanText makes inbound text safe to handle: valid UTF-8, no control
// characters but newlines, at most MaxTextRunes runes, trimmed.
func CleanText(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(min(len(s), MaxTextRunes*4))
	n := 0
	for _, r := range s {
		if n == MaxTextRunes {
			break
		}
		switch {
		case r == '\n':
		case r == '\r':
			r = '\n'
		case r == '\t':
			r = ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && r != '\u200d':
			continue
		}
		b.WriteRune(r)
		n++
	}
	out := strings.TrimSpace(b.String())
	if !utf8.ValidString(out) {
		return ""
	}
	return out
}

// truncateRunes keeps at most n runes of s: a field shown to staff stays a
// line, whatever a client sends.
func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
