package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/lete-store/letebot/billing"
	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/console"
	"github.com/lete-store/letebot/bot/email"
	"github.com/lete-store/letebot/bot/telegram"
	"github.com/lete-store/letebot/bot/whatsapp"
	"github.com/lete-store/letebot/delivery"
	"github.com/lete-store/letebot/delivery/cdek"
	"github.com/lete-store/letebot/delivery/yandex"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/jobs"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
	"github.com/lete-store/letebot/storage"
)

// shutdownGrace is how long replies in hand may still be sent at shutdown.
const shutdownGrace = 5 * time.Second

// openMigrated opens the database and applies the migrations.
func openMigrated(ctx context.Context, cfg config, log *slog.Logger) (*storage.DB, error) {
	db, err := storage.Open(ctx, cfg.DatabaseURL, log)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openStore opens and migrates the database, and seeds an empty catalog from
// CATALOG or the built-in sample.
func openStore(ctx context.Context, cfg config, log *slog.Logger) (*storage.DB, error) {
	db, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	// The working-day calendar: 2026 and 2027 until staff change it.
	if err := db.SeedHolidays(ctx, shop.KazakhstanHolidays()); err != nil {
		db.Close()
		return nil, err
	}
	if err := seedCatalog(ctx, db, cfg.Catalog, log); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func seedCatalog(ctx context.Context, db *storage.DB, path string, log *slog.Logger) error {
	empty, err := db.CatalogEmpty(ctx)
	if err != nil || !empty {
		return err
	}
	cats, products, source, err := readCatalog(path)
	if err != nil {
		return err
	}
	if err := db.ReplaceCatalog(ctx, cats, products); err != nil {
		return err
	}
	log.Info("Catalog seeded", "source", source, "products", len(products))
	return nil
}

func readCatalog(path string) ([]shop.Category, []shop.Product, string, error) {
	if path == "" {
		cats, products := catalogfile.Sample()
		return cats, products, "sample", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, "", fmt.Errorf("catalog: %w", err)
	}
	defer f.Close()
	cats, products, err := catalogfile.Parse(path, f)
	if err != nil {
		return nil, nil, "", fmt.Errorf("catalog %s:\n%w", path, err)
	}
	return cats, products, path, nil
}

func migrate(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	db, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

func importCatalog(ctx context.Context, cfg config, log *slog.Logger, path string, stdout io.Writer) error {
	cats, products, _, err := readCatalog(path)
	if err != nil {
		return err // nothing was imported
	}
	db, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ReplaceCatalog(ctx, cats, products); err != nil {
		return err
	}
	variants := 0
	for _, p := range products {
		variants += len(p.Variants)
	}
	fmt.Fprintf(stdout, "imported %d categories, %d products, %d variants; a running bot shows them within a minute\n", len(cats), len(products), variants)
	return nil
}

// serve runs the bot until ctx ends (or, in the console, until input ends).
func serve(ctx context.Context, cfg config, log *slog.Logger, useConsole bool, stdin io.Reader, stdout io.Writer) error {
	profile := shop.DefaultProfile()
	if cfg.StoreProfile != "" {
		p, err := shop.LoadProfile(cfg.StoreProfile)
		if err != nil {
			return err
		}
		profile = p
	}
	texts, err := messages.New()
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if !cfg.DataKey.IsZero() {
		db.SetDataKey(cfg.DataKey)
	}
	cat, err := db.LoadCatalog(ctx)
	if err != nil {
		return err
	}
	var catalog atomic.Pointer[shop.Catalog]
	catalog.Store(cat)

	// The delivery services are built before the engine they report to.
	var engine *bot.Engine
	late := lateEngine{&engine}
	carrier, express := newDelivery(cfg, db, late, profile, log)
	fc := flows.Config{
		Catalog:        catalog.Load,
		Profile:        profile,
		Delivery:       shop.FallbackQuoter{Profile: profile},
		AutoQuote:      cfg.YandexToken != "",
		Log:            log,
		SessionTTL:     cfg.SessionTTL,
		PaymentExpiry:  cfg.PaymentExpiry,
		Mail:           cfg.SMTPURL != "",
		HandoffSilence: cfg.HandoffSilence,

		ClaimFileRetention: cfg.ClaimFileRetention,
	}
	if carrier != nil {
		fc.Delivery, fc.Points = carrier, carrier
	}
	fl := flows.New(fc)

	var channels []bot.Channel
	var staff, staffUsers []bot.ChatRef
	var tg *telegram.Adapter
	var con *console.Adapter
	if useConsole {
		con = console.New(stdout, "local", cfg.ConsoleLang)
		// Files the bot sends (a refund application in PDF) land here.
		con.SetFilesDir("letebot-files")
		channels = append(channels, con)
		// The person at the terminal sees the staff alerts too.
		staff = append(staff, bot.ChatRef{Channel: console.Name, ChatID: console.StaffChat})
	}
	if !useConsole && cfg.TelegramToken != "" {
		tg, err = telegram.New(ctx, telegram.Config{
			Token: cfg.TelegramToken, APIEndpoint: cfg.TelegramAPIEndpoint,
			FileEndpoint: cfg.TelegramFileEndpoint, Log: log, Pacing: cfg.TelegramPacing,
		})
		if err != nil {
			return fmt.Errorf("telegram: %w", err)
		}
		channels = append(channels, tg)
		for _, id := range cfg.StaffChatIDs {
			staff = append(staff, bot.ChatRef{Channel: tg.Name(), ChatID: strconv.FormatInt(id, 10)})
		}
		for _, id := range cfg.StaffUserIDs {
			staffUsers = append(staffUsers, bot.ChatRef{Channel: tg.Name(), ChatID: strconv.FormatInt(id, 10)})
		}
	}
	var wa *waRuntime
	var storeChats []bot.ChatRef
	if !useConsole && cfg.WhatsAppEnabled {
		var official []string
		wa, official, err = newWhatsApp(ctx, cfg, db, late, profile, texts, log)
		if err != nil {
			return fmt.Errorf("whatsapp: %w", err)
		}
		channels = append(channels, wa.adapter)
		for _, id := range cfg.WhatsAppStaff {
			staff = append(staff, bot.ChatRef{Channel: whatsapp.Name, ChatID: id})
		}
		for _, id := range official {
			storeChats = append(storeChats, bot.ChatRef{Channel: whatsapp.Name, ChatID: id})
		}
	}

	if cfg.SMTPURL != "" {
		mailer, err := email.New(email.Config{URL: cfg.SMTPURL, From: or(cfg.SMTPFrom, profile.Name+" <"+profile.Email+">")})
		if err != nil {
			return err
		}
		channels = append(channels, mailer)
	}

	m := newMetrics(db, log)
	sender := bot.NewSender(bot.SenderConfig{Outbox: db, Channels: channels, Files: []bot.FileHolder{db}, Log: log, Observer: m,
		Undeliverable: func(msg bot.OutboxMessage) {
			if msg.Channel != email.Name {
				return // a customer who blocked the bot: nothing to do
			}
			// A tracking mail that will not go: staff tell the customer another way.
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			alert := flows.Reply{Text: messages.T(messages.StaffMailFailed, "Number", msg.ChatID)}
			if err := engine.AlertStaff(ctx, fmt.Sprintf("undeliverable:%d", msg.ID), alert); err != nil {
				log.Error("Undeliverable mail not reported to staff", "order", msg.ChatID, "error", err)
			}
		}})
	var pay *billing.Service
	engine = bot.NewEngine(bot.EngineConfig{
		Store: db, Flows: fl, Messages: texts, Staff: staff, StaffUsers: staffUsers, StoreChats: storeChats, Log: log, Observer: m,
		Committed:    sender.Notify,
		Queuing:      sender.Keep,
		Lease:        sender.Lease,
		Leased:       sender.Take,
		PaymentWork:  func() { pay.Notify() }, // a new order needs its link, a confirmed refund is to send
		DeliveryWork: express.Notify,          // an express request to price, an express order paid
	})
	pay, testPay, err := newBilling(ctx, cfg, db, engine, profile, log)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("http: %w", err)
	}
	var webhook http.Handler
	if tg != nil && cfg.WebhookURL != "" {
		webhook = tg.WebhookHandler(engine, cfg.WebhookSecret)
	}
	var ready []func() error
	if tg != nil {
		ready = append(ready, tg.Ready)
	}
	if wa != nil {
		ready = append(ready, wa.Ready)
	}
	mux := routes(db, m, webhook, ready...)
	payHooks := pay.Webhooks(m.webhook)
	mux.Handle(billing.WebhookPattern, payHooks)
	if testPay != nil {
		mux.Handle(billing.TestPagePattern, pay.TestPage(testPay, payHooks))
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}

	// Shutdown order: the channel stops taking updates, the engine finishes
	// those in hand, then the sender delivers what it can and stops.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, gctx := errgroup.WithContext(ctx)
	engineDone := make(chan struct{})
	senderCtx, stopSender := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSender()
	g.Go(func() error {
		defer close(engineDone)
		return engine.Run(gctx)
	})
	g.Go(func() error {
		<-engineDone
		stopSender()
		return nil
	})
	// In the console too: payment links and notifications arrive between
	// the lines the person types.
	g.Go(func() error { return sender.Run(senderCtx, shutdownGrace) })
	g.Go(func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("http: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		sctx, c := context.WithTimeout(context.WithoutCancel(gctx), 3*time.Second)
		defer c()
		err := srv.Shutdown(sctx)
		if errors.Is(err, context.DeadlineExceeded) {
			// A request still running after the grace, or a connection a
			// client opened and has not used yet (Shutdown waits 5 s for
			// those): close them; the stop itself went as it should.
			log.Warn("HTTP connections still open after the shutdown grace: closed")
			return srv.Close()
		}
		return err
	})
	g.Go(func() error { return pay.Run(gctx) })
	g.Go(func() error { return express.Run(gctx) })
	payJobs := []jobs.Job{
		{Name: "payment_reminders", Spec: "@every 1m", Run: pay.Remind},
		{Name: "handoff_resume", Spec: "@every 1m", Run: func(ctx context.Context) error {
			return resumeSilentHandoffs(ctx, db, engine, profile, cfg.HandoffSilence, time.Now())
		}},
		// Refund applications: staff reminded the working day before the
		// due day, alerted when it passed; files kept and deleted.
		{Name: "claim_deadlines", Spec: "@every 1h", Run: func(ctx context.Context) error {
			return claimDeadlines(ctx, db, engine, profile, time.Now())
		}},
		{Name: "claim_files_store", Spec: "@every 5m", Run: func(ctx context.Context) error {
			return storeClaimFiles(ctx, db, sender, log)
		}},
		{Name: "claim_files_retention", Spec: "15 4 * * *", Run: func(ctx context.Context) error {
			return deleteOldClaimFiles(ctx, db, cfg.ClaimFileRetention, log, time.Now())
		}},
	}
	if spec, err := dailyAt(profile.StaffHours.Opens); err == nil {
		payJobs = append(payJobs, jobs.Job{Name: "morning_digest", Spec: spec, Run: func(ctx context.Context) error {
			return morningDigest(ctx, db, engine, profile, time.Now())
		}})
	}
	if spec, err := dailyAt(profile.Express.Opens); err == nil {
		// Requests taken overnight go to staff and get priced at opening.
		payJobs = append(payJobs, jobs.Job{Name: "express_release", Spec: spec, Run: express.Release})
	}
	if testPay == nil {
		payJobs = append(payJobs, jobs.Job{Name: "payment_reconcile", Spec: "@every 2m", Run: pay.Reconcile})
	}
	if carrier != nil {
		g.Go(func() error { return carrier.Run(gctx) })
		payJobs = append(payJobs,
			jobs.Job{Name: "cdek_points_refresh", Spec: "@every 6h", Run: carrier.Warm},
			// Shipment statuses, pickup reminders and overdue alerts.
			jobs.Job{Name: "cdek_tracking", Spec: "@every 30m", Run: carrier.Track},
		)
		g.Go(func() error {
			// The first customers of the day find the points ready.
			if err := carrier.Warm(gctx); err != nil && gctx.Err() == nil {
				log.Warn("CDEK pickup points not loaded at start; checkout loads them on demand", "error", err)
			}
			return nil
		})
	}
	schedLock, err := jobs.NewLock(db.SQL(), db.Dialect(), jobs.SchedulerLock, "scheduled jobs", log)
	if err != nil {
		cancel()
		_ = g.Wait()
		return err
	}
	g.Go(func() error {
		// One replica runs the jobs; the others stand by to take over.
		sched := jobs.New(profile.Location(), log, append(payJobs,
			jobs.Job{Name: "catalog_refresh", Spec: "@every 1m", Run: func(ctx context.Context) error {
				// An import reaches a running bot without a restart.
				cat, err := db.LoadCatalog(ctx)
				if err != nil {
					return err
				}
				catalog.Store(cat)
				return nil
			}},
			jobs.Job{Name: "dedupe_retention", Spec: "30 4 * * *", Run: func(ctx context.Context) error {
				// Telegram redelivers for 24 hours at most; a week of keys is plenty.
				_, err := db.DeleteSeenBefore(ctx, time.Now().Add(-7*24*time.Hour))
				return err
			}},
		)...)
		sched.Observe = m.jobRun
		return jobs.Lead(gctx, schedLock, sched.Run)
	})
	if con != nil {
		g.Go(func() error {
			fmt.Fprintf(stdout, "letebot %s: console chat. Type a message, or a button's number; Ctrl-D quits.\n", version)
			// One person types here: deliver each answer before reading the
			// next line, so a typed button number always means what is on screen.
			err := con.Run(gctx, stdin, flushingHandler{engine, sender})
			cancel() // end of input ends the program
			return err
		})
	}
	if wa != nil {
		g.Go(func() error { return wa.run(gctx) })
	}
	switch {
	case tg == nil: // the console, or WhatsApp alone
	case webhook != nil:
		// The listener is open, so Telegram's first delivery finds us.
		if err := tg.SetWebhook(ctx, cfg.WebhookURL, cfg.WebhookSecret); err != nil {
			cancel()
			_ = g.Wait()
			return fmt.Errorf("telegram webhook: %w", err)
		}
	default:
		g.Go(func() error {
			// Long polling and a webhook exclude each other: switching back
			// from webhook mode removes the webhook (pending updates stay).
			if err := tg.DeleteWebhook(gctx); err != nil {
				return fmt.Errorf("telegram: delete webhook: %w", err)
			}
			return tg.Run(gctx, engine)
		})
	}
	log.Info("Letebot started", "version", version, "config", cfg.String(), "http", ln.Addr().String())
	return g.Wait()
}

// dailyAt turns "10:00" into the cron spec of that time every day.
func dailyAt(hhmm string) (string, error) {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d %d * * *", t.Minute(), t.Hour()), nil
}

// morningDigest sends staff, at opening time, what came in since closing
// time yesterday and what is still open; once a day (the key is the date).
func morningDigest(ctx context.Context, db *storage.DB, engine *bot.Engine, p *shop.Profile, now time.Time) error {
	closes, err := time.Parse("15:04", p.StaffHours.Closes)
	if err != nil {
		return err
	}
	local := now.In(p.Location())
	since := time.Date(local.Year(), local.Month(), local.Day()-1, closes.Hour(), closes.Minute(), 0, 0, p.Location())
	dg, err := db.Digest(ctx, since)
	if err != nil {
		return err
	}
	for i := range dg.New {
		dg.New[i].CreatedAt = dg.New[i].CreatedAt.In(p.Location())
	}
	alert := flows.Reply{Text: messages.T(messages.StaffDigest, "Since", since, "New", dg.New,
		"Unpaid", dg.Open[shop.AwaitingPayment], "Paid", dg.Open[shop.Paid], "Processing", dg.Open[shop.Processing],
		"Shipped", dg.Open[shop.Shipped], "Handoffs", dg.Handoffs)}
	return engine.AlertStaff(ctx, "digest:"+local.Format(time.DateOnly), alert)
}

// resumeSilentHandoffs hands the bot the conversations nobody has written
// in for the configured silence of staff hours; the flow re-checks and
// tells the customer. The key names the last message, so new activity
// makes a new one.
func resumeSilentHandoffs(ctx context.Context, db *storage.DB, engine *bot.Engine, p *shop.Profile, silence time.Duration, now time.Time) error {
	hs, err := db.SilentHandoffs(ctx, now.Add(-silence), 100)
	if err != nil {
		return err
	}
	var ups []bot.Update
	for _, h := range hs {
		channel, chatID, ok := bot.SplitChatKey(h.ChatKey)
		if !ok || !p.HandoffQuiet(h, now, silence) {
			continue
		}
		ups = append(ups, bot.Update{
			Key:     fmt.Sprintf("handoff-silent:%d:%d", h.ID, h.LastAt.UnixMicro()),
			Channel: channel, ChatID: chatID,
			Event: &flows.Event{Kind: flows.EventHandoffSilent, HandoffID: h.ID},
		})
	}
	return engine.Submit(ctx, ups...)
}

// newBilling returns the payment service: CloudPayments when credentials are
// configured, else the local test page (returned as testPay, nil otherwise).
func newBilling(ctx context.Context, cfg config, db *storage.DB, engine *bot.Engine, profile *shop.Profile, log *slog.Logger) (pay *billing.Service, testPay *billing.TestProvider, err error) {
	bc := billing.Config{
		Store: db, Engine: engine, Log: log, StoreName: profile.Name,
		Reminders: cfg.PaymentReminders, Expiry: cfg.PaymentExpiry, LinkRequests: cfg.CloudPaymentsLinkRequests,
	}
	if cfg.TestPayments() {
		// Kept in the database: links sent before a restart still open.
		secret, err := db.Secret(ctx, "testpay")
		if err != nil {
			return nil, nil, err
		}
		testPay = billing.NewTestProvider(cfg.PublicBaseURL, secret)
		bc.Provider, bc.Secret, bc.Test = testPay, secret, true
		log.Warn("No CloudPayments credentials: payment links open the local TEST page, no money is taken", "page", cfg.PublicBaseURL+"/testpay/")
	} else {
		bc.Provider = cloudpayments.NewClient(cfg.CloudPaymentsAPIURL, cfg.CloudPaymentsPublicID, cfg.CloudPaymentsSecret, nil)
		bc.Secret = cfg.CloudPaymentsSecret
	}
	return billing.New(bc), testPay, nil
}

// newDelivery returns the CDEK carrier (nil without credentials: checkout
// uses the profile's fallback tariffs) and the express worker (it prices
// and books with Yandex only when a token is set; otherwise it releases
// overnight requests and expires unanswered ones, and staff do the rest).
func newDelivery(cfg config, db *storage.DB, engine delivery.Engine, profile *shop.Profile, log *slog.Logger) (*delivery.Carrier, *delivery.Express) {
	var carrier *delivery.Carrier
	if cfg.CDEK() {
		carrier = delivery.NewCarrier(delivery.CarrierConfig{
			API:     cdek.New(cdek.Config{BaseURL: cfg.CDEKAPIURL, ClientID: cfg.CDEKClientID, ClientSecret: cfg.CDEKClientSecret}),
			Profile: profile, Engine: engine, Log: log, FromCityCode: cfg.CDEKFromCityCode, Shipments: db,
		})
	} else {
		log.Warn("No CDEK credentials: checkout shows the profile's fallback delivery prices, marked approximate, and takes a typed pickup point")
	}
	xc := delivery.ExpressConfig{Store: db, Engine: engine, Profile: profile, Log: log, Expiry: cfg.PaymentExpiry}
	if cfg.YandexToken != "" {
		xc.API = yandex.New(yandex.Config{BaseURL: cfg.YandexAPIURL, Token: cfg.YandexToken})
	} else {
		log.Info("No Yandex Delivery token: staff quote express prices (/quote) and call couriers themselves")
	}
	return carrier, delivery.NewExpress(xc)
}

// lateEngine reaches an engine built after the services that report to it.
type lateEngine struct{ e **bot.Engine }

func (l lateEngine) Submit(ctx context.Context, ups ...bot.Update) error {
	return (*l.e).Submit(ctx, ups...)
}

func (l lateEngine) AlertStaff(ctx context.Context, key string, alerts ...flows.Reply) error {
	return (*l.e).AlertStaff(ctx, key, alerts...)
}

// routes serves health, readiness (the database answers and every channel
// check passes), metrics and, in webhook mode, Telegram's deliveries.
func routes(db *storage.DB, m *metrics, telegramWebhook http.Handler, channelsReady ...func() error) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.handler())
	if telegramWebhook != nil {
		mux.Handle("/webhooks/telegram", telegramWebhook)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			http.Error(w, "database unreachable", http.StatusServiceUnavailable)
			return
		}
		for _, ready := range channelsReady {
			if err := ready(); err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

// flushingHandler submits an update and delivers its replies at once.
type flushingHandler struct {
	engine *bot.Engine
	sender *bot.Sender
}

func (h flushingHandler) Submit(ctx context.Context, ups ...bot.Update) error {
	if err := h.engine.Submit(ctx, ups...); err != nil {
		return err
	}
	return h.sender.Flush(ctx)
}
