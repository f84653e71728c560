// Package billing connects the payment provider to the conversation: it
// makes a payment link for every new order, takes the provider's signed
// notifications, reminds about and cancels unpaid orders, closes the links
// of orders cancelled unpaid, asks the provider about payments whose
// notification never came, and sends the refunds staff confirmed. Network
// calls happen here, outside any transaction; each result goes to the
// engine as an event for the order's chat, with a dedupe key, so the flows
// record it together with the replies it causes.
package billing

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/shop"
	"golang.org/x/sync/errgroup"
)

// Provider is the payment provider's API: the CloudPayments client, or the
// local TestProvider when no credentials are configured.
type Provider interface {
	CreateLink(ctx context.Context, req cloudpayments.LinkRequest, requestID string) (cloudpayments.Link, error)
	// CancelLink closes the link Link.ID names, so its page takes no
	// payment. It is called for orders cancelled unpaid, outside any
	// transaction, and again after an error; *cloudpayments.APIError is
	// the provider's refusal, final for that link.
	CancelLink(ctx context.Context, linkID string) error
	FindPayment(ctx context.Context, invoiceID string) (cloudpayments.Transaction, bool, error)
	Refund(ctx context.Context, transactionID int64, amount shop.Money, requestID string) (int64, error)
	Void(ctx context.Context, transactionID int64, requestID string) error
}

// Store is what billing keeps in the database: the payment events as they
// arrive, and the orders and refunds it reads. Everything else changes
// through the engine.
type Store interface {
	// FindOrder returns an order without its items, or shop.ErrNotFound.
	FindOrder(ctx context.Context, id int64) (shop.Order, error)
	OrdersWithoutLink(ctx context.Context, limit int) ([]shop.Order, error)
	// SetLinkIDs records the provider's ids of links made for orders
	// (order id: link id) and not yet handed over; once the chat has a
	// link, its id stays.
	SetLinkIDs(ctx context.Context, links map[int64]string) error
	// LinksToClose returns orders cancelled unpaid whose link is open at
	// the provider (neither closed nor refused), oldest first.
	LinksToClose(ctx context.Context, limit int) ([]shop.Order, error)
	// MarkLinkClosed records that the provider closed an order's link.
	MarkLinkClosed(ctx context.Context, orderID int64, at time.Time) error
	// MarkLinkRefused records the provider's refusal to close a link.
	MarkLinkRefused(ctx context.Context, orderID int64, reason string) error
	UnpaidOrders(ctx context.Context, after int64, limit int) ([]shop.Order, error)
	RequestedRefunds(ctx context.Context, limit int) ([]shop.Refund, error)
	// SavePayments stores events; one stored before (same kind and
	// transaction) stays as it was.
	SavePayments(ctx context.Context, evs []shop.PaymentEvent, at time.Time) error
	// TransactionKinds lists the kinds of the events stored for a transaction.
	TransactionKinds(ctx context.Context, transactionID int64) ([]shop.PaymentEventKind, error)
	UnhandledPayments(ctx context.Context, limit int) ([]shop.PaymentEvent, error)
	MarkPaymentsHandled(ctx context.Context, ids []int64, at time.Time) error
}

// Engine takes events into the conversation: *bot.Engine.
type Engine interface {
	Submit(ctx context.Context, ups ...bot.Update) error
	AlertStaff(ctx context.Context, key string, alerts ...flows.Reply) error
}

// Defaults of Config's durations.
const (
	DefaultReconcileAfter = 5 * time.Minute
	// linkFailedAfter is how long link creation may fail before the
	// customer and staff are told.
	linkFailedAfter = 2 * time.Minute
	// retryAfter is the pause before a failed call for an order is retried.
	retryAfter = 30 * time.Second
	// batch bounds the orders, events or refunds one pass handles.
	batch = 256
	// DefaultLinkRequests is how many links are made at once unless
	// configured: a test terminal takes 5 requests at a time (a live one
	// 30) and answers 429 above.
	DefaultLinkRequests = 5
)

// DefaultReminders are when an unpaid order is reminded about, counted from
// the link being sent.
var DefaultReminders = []time.Duration{30 * time.Minute, 20 * time.Hour}

// Config wires a Service.
type Config struct {
	Provider Provider
	// Secret verifies notifications: the API secret, or the test
	// provider's own.
	Secret string
	Store  Store
	Engine Engine
	Clock  shop.Clock
	Log    *slog.Logger
	// StoreName names the store in payment descriptions.
	StoreName string
	// Reminders are counted from the link being sent; Expiry from ordering
	// (it must equal flows.Config.PaymentExpiry, which tells the customer).
	Reminders []time.Duration
	Expiry    time.Duration
	// ReconcileAfter is how old a link must be before the provider is asked
	// about its payment.
	ReconcileAfter time.Duration
	// Test marks links as the local test page's.
	Test bool
	// LinkRequests is how many payment links are made at once; 0:
	// DefaultLinkRequests. It must stay under the terminal's limit on
	// requests in flight, with room for the service's other calls.
	LinkRequests int
}

// Service runs the payment side of the bot.
type Service struct {
	cfg  Config
	log  *slog.Logger
	wake chan struct{}
	// wakeLinks wakes the link maker, which runs beside the rest so that
	// new orders' links never wait behind payments being handed over.
	wakeLinks chan struct{}
	// handling lets one payment pass run at a time: the test page's
	// requests and the worker would otherwise each hand over the same
	// events and mark them handled in crossing orders.
	handling sync.Mutex
	// passes counts the payment passes begun; goodPass is the number of
	// the last that ended without error (guarded by handling). Callers
	// waiting together share the pass that begins after they called.
	passes   atomic.Uint64
	goodPass uint64

	mu        sync.Mutex
	failing   map[int64]time.Time // order: first failure to make its link
	nextTry   map[string]time.Time
	checkedAt map[int64]time.Time // order: last reconciliation

	inbox inbox
}

// New returns a Service; zero durations take their defaults.
func New(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = shop.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Reminders == nil {
		cfg.Reminders = DefaultReminders
	}
	if cfg.Expiry == 0 {
		cfg.Expiry = flows.DefaultPaymentExpiry
	}
	if cfg.ReconcileAfter == 0 {
		cfg.ReconcileAfter = DefaultReconcileAfter
	}
	if cfg.LinkRequests <= 0 {
		cfg.LinkRequests = DefaultLinkRequests
	}
	s := &Service{
		cfg: cfg, log: cfg.Log, wake: make(chan struct{}, 1), wakeLinks: make(chan struct{}, 1),
		failing: make(map[int64]time.Time), nextTry: make(map[string]time.Time), checkedAt: make(map[int64]time.Time),
	}
	s.inbox.save = func(ctx context.Context, evs []shop.PaymentEvent) error {
		return cfg.Store.SavePayments(ctx, evs, cfg.Clock.Now())
	}
	return s
}

// Notify wakes the worker: an order may need a link, a cancelled order's
// link may need closing, or a refund may wait. The engine calls it after
// each commit.
func (s *Service) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
	select {
	case s.wakeLinks <- struct{}{}:
	default:
	}
}

// Run acts on stored payment events, makes links, sends refunds and closes
// the links of cancelled orders as they appear, until ctx ends. It also
// looks every few seconds, for work a crash or another replica left.
func (s *Service) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() {
		s.loop(ctx, s.wakeLinks, func(ctx context.Context) {
			if err := s.SendLinks(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("Payment links", "error", err)
			}
		})
	})
	s.loop(ctx, s.wake, func(ctx context.Context) {
		if err := s.HandlePayments(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("Payment events", "error", err)
		}
		if err := s.SendRefunds(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("Refunds", "error", err)
		}
		if err := s.CloseLinks(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("Closing payment links", "error", err)
		}
	})
	return nil
}

// loop runs pass at once, then whenever wake fires and every few seconds
// (for work a crash or another replica left), until ctx ends.
func (s *Service) loop(ctx context.Context, wake <-chan struct{}, pass func(context.Context)) {
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		pass(ctx)
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-tick.C:
		}
	}
}

// submit hands an event for an order's chat to the engine.
func (s *Service) submit(ctx context.Context, key string, o shop.Order, ev flows.Event) error {
	up, err := orderUpdate(key, o, ev)
	if err != nil {
		return err
	}
	return s.cfg.Engine.Submit(ctx, up)
}

// orderUpdate is the engine update carrying ev to o's chat under key.
func orderUpdate(key string, o shop.Order, ev flows.Event) (bot.Update, error) {
	channel, chatID, ok := bot.SplitChatKey(o.ChatKey)
	if !ok {
		return bot.Update{}, fmt.Errorf("order %d: chat key %q has no channel", o.ID, o.ChatKey)
	}
	ev.OrderID = o.ID
	return bot.Update{Key: key, Channel: channel, ChatID: chatID, Event: &ev}, nil
}

// due reports whether a retried call under key may run now.
func (s *Service) due(key string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !now.Before(s.nextTry[key])
}

// backoff holds key back for retryAfter; done forgets it.
func (s *Service) backoff(key string, now time.Time) {
	s.mu.Lock()
	s.nextTry[key] = now.Add(retryAfter)
	s.mu.Unlock()
}

func (s *Service) done(key string) {
	s.mu.Lock()
	delete(s.nextTry, key)
	s.mu.Unlock()
}

// SendLinks makes a payment link for every unpaid order without one and
// hands it to the order's chat. The request id is the order's, so a second
// call (a retry, another replica) gets the same link, not a second one.
func (s *Service) SendLinks(ctx context.Context) error {
	orders, err := s.cfg.Store.OrdersWithoutLink(ctx, batch)
	if err != nil {
		return err
	}
	// Orders placed together (a busy evening) get their links together:
	// made within the provider's limit on requests in flight, and handed
	// over as they come, every link made meanwhile stored in one statement
	// and handed to its chat in one Submit. A pass of 256 orders makes its
	// links for seconds (a live provider answers in a fraction of one):
	// the first customers need not wait for the last link.
	var (
		g     errgroup.Group
		made  = make(chan madeLink, len(orders))
		start = s.cfg.Clock.Now()
	)
	g.SetLimit(s.cfg.LinkRequests)
	go func() {
		for _, o := range orders {
			key := fmt.Sprintf("link:%d", o.ID)
			if ctx.Err() != nil || !s.due(key, start) {
				continue
			}
			g.Go(func() error {
				if l, ok := s.makeLink(ctx, key, o); ok {
					made <- l
				}
				return nil
			})
		}
		_ = g.Wait() // makeLink logs its own failures
		close(made)
	}()
	// A hand-over fails when the database does, most likely for the rest
	// too: the first error is told, with how many failed.
	var (
		first  error
		failed int
	)
	for l := range made {
		ready := []madeLink{l}
	more:
		for {
			select {
			case l, ok := <-made:
				if !ok {
					break more
				}
				ready = append(ready, l)
			default:
				break more
			}
		}
		if err := s.handOver(ctx, ready); err != nil {
			first = cmp.Or(first, err)
			failed++
		}
	}
	if failed > 1 {
		return fmt.Errorf("%w (%d hand-overs of links failed in this pass)", first, failed)
	}
	return first
}

// handOver stores the links' ids and hands the links to their chats; a
// link that fails either is made again (the same one, by its request id)
// after a pause.
func (s *Service) handOver(ctx context.Context, made []madeLink) error {
	now := s.cfg.Clock.Now()
	giveUp := func() {
		for _, l := range made {
			s.backoff(l.key, now)
		}
	}
	ids := make(map[int64]string, len(made))
	ups := make([]bot.Update, 0, len(made))
	for _, l := range made {
		// The id goes in before the link is handed over, so a link the
		// customer may have is one that can be closed.
		if l.id != "" {
			ids[l.order] = l.id
		}
		ups = append(ups, l.up)
	}
	if err := s.cfg.Store.SetLinkIDs(ctx, ids); err != nil {
		giveUp()
		return fmt.Errorf("store %d payment link ids: %w", len(ids), err)
	}
	if err := s.cfg.Engine.Submit(ctx, ups...); err != nil {
		giveUp()
		return fmt.Errorf("hand %d payment links over: %w", len(ups), err)
	}
	s.mu.Lock()
	for _, l := range made {
		delete(s.nextTry, l.key)
		delete(s.failing, l.order)
	}
	s.mu.Unlock()
	return nil
}

// madeLink is a link made at the provider, not yet stored or handed over.
type madeLink struct {
	key   string
	order int64
	id    string     // the provider's id, for closing it
	up    bot.Update // the link's event for the order's chat
}

// makeLink makes one order's link at the provider; ok is false when it
// failed, which is logged and tried again after a pause.
func (s *Service) makeLink(ctx context.Context, key string, o shop.Order) (madeLink, bool) {
	now := s.cfg.Clock.Now()
	up, err := orderUpdate(key, o, flows.Event{Kind: flows.EventLinkReady, Test: s.cfg.Test})
	if err != nil {
		s.log.Error("Payment link for an order without a chat", "order", o.ID, "error", err)
		s.backoff(key, now)
		return madeLink{}, false
	}
	link, err := s.cfg.Provider.CreateLink(ctx, cloudpayments.LinkRequest{
		Amount: o.Total, InvoiceID: o.Number(), AccountID: o.ChatKey, Email: o.Customer.Email,
		Description: fmt.Sprintf("%s, заказ %s / %s тапсырысы", s.cfg.StoreName, o.Number(), o.Number()),
	}, key)
	if err != nil {
		s.backoff(key, now)
		s.linkFailed(ctx, o, err, now)
		return madeLink{}, false
	}
	if link.ID == "" {
		s.log.Warn("Payment link without an id: it cannot be closed", "order", o.ID)
	}
	up.Event.LinkURL = link.URL
	return madeLink{key: key, order: o.ID, id: link.ID, up: up}, true
}

// CloseLinks closes at the provider the links of orders cancelled before
// they were paid (by the customer, by staff or by the expiry), so a link
// still in the chat no longer opens a payment page, and records each one
// closed. A refusal is recorded and not asked again (Check still refuses
// payment for a cancelled order); any other failure is tried again after
// a pause, and ends the pass: the provider is likely unreachable, and the
// payment events and refunds waiting behind it in Run must not wait for
// every link to time out.
func (s *Service) CloseLinks(ctx context.Context) error {
	orders, err := s.cfg.Store.LinksToClose(ctx, batch)
	if err != nil {
		return err
	}
	for _, o := range orders {
		if ctx.Err() != nil {
			return nil
		}
		now := s.cfg.Clock.Now()
		key := fmt.Sprintf("close_link:%d", o.ID)
		if !s.due(key, now) {
			continue
		}
		err := s.cfg.Provider.CancelLink(ctx, o.Payment.LinkID)
		if refused, ok := errors.AsType[*cloudpayments.APIError](err); ok {
			s.log.Error("Payment link not closed: the provider refused", "order", o.ID, "link", o.Payment.LinkID, "error", err)
			if err := s.cfg.Store.MarkLinkRefused(ctx, o.ID, refused.Message); err != nil {
				return err
			}
			s.done(key)
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			s.log.Warn("Payment link not closed", "order", o.ID, "error", err)
			s.backoff(key, now)
			return nil
		}
		if err := s.cfg.Store.MarkLinkClosed(ctx, o.ID, now); err != nil {
			// Closed at the provider; the next pass asks again, and the
			// request id makes that the same request.
			return err
		}
		s.done(key)
	}
	return nil
}

// linkFailed logs a failed link and, once it has failed for a while, tells
// the customer and staff (once: the event's key is the order's).
func (s *Service) linkFailed(ctx context.Context, o shop.Order, cause error, now time.Time) {
	s.log.Warn("Payment link failed", "order", o.ID, "error", cause)
	s.mu.Lock()
	first, ok := s.failing[o.ID]
	if !ok {
		s.failing[o.ID] = now
		first = now
	}
	s.mu.Unlock()
	if now.Sub(first) < linkFailedAfter {
		return
	}
	err := s.submit(ctx, fmt.Sprintf("link_failed:%d", o.ID), o, flows.Event{Kind: flows.EventLinkFailed, Error: cause.Error()})
	if err != nil {
		s.log.Error("Payment link failure not reported", "order", o.ID, "error", err)
	}
}

// unpaid calls fn for every order awaiting payment, oldest first.
func (s *Service) unpaid(ctx context.Context, fn func(shop.Order) error) error {
	var after int64
	for {
		orders, err := s.cfg.Store.UnpaidOrders(ctx, after, batch)
		if err != nil {
			return err
		}
		for _, o := range orders {
			if err := fn(o); err != nil {
				return err
			}
			after = o.ID
		}
		if len(orders) < batch {
			return nil
		}
	}
}

// Remind sends the reminders that are due and cancels the orders left
// unpaid past the expiry. Each event's key names the order and the
// reminder, so a rerun sends nothing twice.
func (s *Service) Remind(ctx context.Context) error {
	now := s.cfg.Clock.Now()
	return s.unpaid(ctx, func(o shop.Order) error {
		if !now.Before(o.PayBy(s.cfg.Expiry)) {
			return s.submit(ctx, fmt.Sprintf("expire:%d", o.ID), o, flows.Event{Kind: flows.EventExpired})
		}
		if o.Payment.LinkSentAt.IsZero() {
			return nil
		}
		n := 0
		for i, after := range s.cfg.Reminders {
			if !now.Before(o.Payment.LinkSentAt.Add(after)) {
				n = i + 1
			}
		}
		if n <= o.Payment.Reminders {
			return nil
		}
		return s.submit(ctx, fmt.Sprintf("remind:%d:%d", o.ID, n), o, flows.Event{Kind: flows.EventReminder, Reminder: n})
	})
}

// recheckEvery is how often one unpaid order is looked up at the provider.
const recheckEvery = 10 * time.Minute

// Reconcile asks the provider about unpaid orders whose link is older than
// ReconcileAfter: a Pay notification lost on the way must not leave a paid
// order unpaid. A payment found goes in under the notification's own
// dedupe key, so the notification arriving later changes nothing.
func (s *Service) Reconcile(ctx context.Context) error {
	now := s.cfg.Clock.Now()
	asked := 0
	unpaid := make(map[int64]bool)
	err := s.unpaid(ctx, func(o shop.Order) error {
		unpaid[o.ID] = true
		if o.Payment.LinkSentAt.IsZero() || now.Sub(o.Payment.LinkSentAt) < s.cfg.ReconcileAfter || asked >= batch {
			return nil
		}
		s.mu.Lock()
		last := s.checkedAt[o.ID]
		s.mu.Unlock()
		if now.Sub(last) < recheckEvery {
			return nil
		}
		asked++
		tx, found, err := s.cfg.Provider.FindPayment(ctx, o.Number())
		if err != nil {
			s.log.Warn("Payment lookup failed", "order", o.ID, "error", err)
			return nil // the next run asks again
		}
		s.mu.Lock()
		s.checkedAt[o.ID] = now
		s.mu.Unlock()
		if !found || !tx.Paid() {
			return nil
		}
		s.log.Info("Payment found by reconciliation", "order", o.ID, "transaction", tx.TransactionID)
		// Stored as the Pay notification would be: if it comes after all,
		// it is the same event and changes nothing.
		ev := shop.PaymentEvent{
			Kind: shop.PaymentPaid, TransactionID: tx.TransactionID, InvoiceID: o.Number(), OrderID: o.ID,
			AccountID: tx.AccountID, Status: tx.Status, Amount: tx.Amount, Tiyn: !tx.WholeAmount, Currency: tx.Currency,
			CardLastFour: tx.CardLastFour,
		}
		if err := s.cfg.Store.SavePayments(ctx, []shop.PaymentEvent{ev}, now); err != nil {
			return err
		}
		s.Notify()
		return nil
	})
	if err == nil {
		s.forget(unpaid, now)
	}
	return err
}

// forget drops what the service remembers of orders no longer unpaid, and
// retry times long past, so its memory does not grow with the orders.
func (s *Service) forget(unpaid map[int64]bool, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.checkedAt {
		if !unpaid[id] {
			delete(s.checkedAt, id)
		}
	}
	for id := range s.failing {
		if !unpaid[id] {
			delete(s.failing, id)
		}
	}
	for key, at := range s.nextTry {
		if now.Sub(at) > time.Hour {
			delete(s.nextTry, key)
		}
	}
}

// HandlePayments hands the stored payment events not yet acted on to their
// orders' chats, all at once so the engine commits them in batches, and
// marks them handled. A crash between the two hands them again; the engine
// knows their keys and changes nothing the second time.
//
// It returns once a pass that began after the call has handed over what
// was stored by then. Calls that wait while a pass runs share the next
// one: a thousand customers paying on the test page at once make a few
// passes, not a thousand (each reading the inbox) one after another.
func (s *Service) HandlePayments(ctx context.Context) error {
	begun := s.passes.Load()
	s.handling.Lock()
	defer s.handling.Unlock()
	if s.goodPass > begun {
		return nil // a pass begun after this call ended well while it waited
	}
	n := s.passes.Add(1)
	if err := s.handlePayments(ctx); err != nil {
		return err
	}
	s.goodPass = n
	return nil
}

// handlePayments is one pass of HandlePayments; the caller holds handling.
func (s *Service) handlePayments(ctx context.Context) error {
	for {
		evs, err := s.cfg.Store.UnhandledPayments(ctx, batch)
		if err != nil || len(evs) == 0 {
			return err
		}
		var ups []bot.Update
		ids := make([]int64, 0, len(evs))
		for _, ev := range evs {
			up, ok, err := s.paymentUpdate(ctx, ev)
			if err != nil {
				return err
			}
			if ok {
				ups = append(ups, up)
			}
			ids = append(ids, ev.ID)
		}
		if err := s.cfg.Engine.Submit(ctx, ups...); err != nil {
			return fmt.Errorf("hand payment events to the engine: %w", err)
		}
		if err := s.cfg.Store.MarkPaymentsHandled(ctx, ids, s.cfg.Clock.Now()); err != nil {
			return err
		}
		if len(evs) < batch {
			return nil
		}
	}
}

// paymentUpdate is the engine update for a stored event; ok is false for an
// event naming no order of ours, which staff are told about instead when
// money moved.
func (s *Service) paymentUpdate(ctx context.Context, ev shop.PaymentEvent) (bot.Update, bool, error) {
	if ev.ChatKey == "" {
		return bot.Update{}, false, s.unknownOrder(ctx, ev)
	}
	if ev.Kind == shop.PaymentPaid && ev.Status == shop.StatusAuthorized {
		// A hold's capture or release may have come first (the provider
		// retries a Pay we failed to answer, and sends the rest meanwhile).
		kinds, err := s.cfg.Store.TransactionKinds(ctx, ev.TransactionID)
		if err != nil {
			return bot.Update{}, false, err
		}
		switch {
		case slices.Contains(kinds, shop.PaymentVoided):
			s.log.Warn("Hold released before its Pay was handled: not paid", "order", ev.OrderID, "transaction", ev.TransactionID)
			return bot.Update{}, false, nil
		case slices.Contains(kinds, shop.PaymentConfirmed):
			ev.Status = shop.StatusCompleted
		}
	}
	channel, chatID, ok := bot.SplitChatKey(ev.ChatKey)
	if !ok {
		return bot.Update{}, false, fmt.Errorf("order %d: chat key %q has no channel", ev.OrderID, ev.ChatKey)
	}
	return bot.Update{Key: ev.Key(), Channel: channel, ChatID: chatID,
		Event: &flows.Event{Kind: flows.EventPayment, OrderID: ev.OrderID, Payment: ev}}, true, nil
}

// SendRefunds sends the refunds staff confirmed to the provider: a refund,
// or a void for a two-stage payment not yet captured. The request id was
// fixed when the refund was stored, so a retry after a crash is the same
// request and never refunds twice.
func (s *Service) SendRefunds(ctx context.Context) error {
	refunds, err := s.cfg.Store.RequestedRefunds(ctx, batch)
	if err != nil {
		return err
	}
	for _, r := range refunds {
		if ctx.Err() != nil {
			return nil
		}
		now := s.cfg.Clock.Now()
		key := fmt.Sprintf("refund:%d", r.ID)
		if !s.due(key, now) {
			continue
		}
		o, err := s.cfg.Store.FindOrder(ctx, r.OrderID)
		if err != nil {
			return err
		}
		ev := flows.Event{Kind: flows.EventRefundDone, RefundID: r.ID}
		if o.Payment.Authorized && o.Payment.TransactionID == r.TransactionID {
			// Held, not captured: release the hold (staff asked for all of it).
			err = s.cfg.Provider.Void(ctx, r.TransactionID, r.RequestID)
		} else {
			ev.ProviderTransactionID, err = s.cfg.Provider.Refund(ctx, r.TransactionID, r.Amount, r.RequestID)
		}
		if apiErr, refused := errors.AsType[*cloudpayments.APIError](err); refused {
			ev = flows.Event{Kind: flows.EventRefundFailed, RefundID: r.ID, Error: apiErr.Message}
		} else if err != nil {
			// The network or a busy provider: the same request again later.
			s.log.Warn("Refund not sent", "refund", r.ID, "order", r.OrderID, "error", err)
			s.backoff(key, now)
			continue
		}
		if err := s.submit(ctx, key, o, ev); err != nil {
			s.log.Error("Refund result not handed over", "refund", r.ID, "error", err)
			s.backoff(key, now)
			continue
		}
		s.done(key)
	}
	return nil
}
