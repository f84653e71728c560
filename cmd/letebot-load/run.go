package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/lib/pq" // the "postgres" driver

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/telegram"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
	"github.com/lete-store/letebot/payments/cloudpayments/cloudpaymentstest"
)

// config is the tool's flags.
type config struct {
	server      string
	bin         string
	customers   int
	think       time.Duration
	sessions    int
	webhook     bool
	rateLimits  string // TELEGRAM_RATE_LIMITS
	pgbench     time.Duration
	stepTimeout time.Duration
	steps       bool // report each step's latency too
	// testPage pays on the bot's test page instead of through a fake
	// CloudPayments and its webhook.
	testPage bool
	// providerLatency is how long the fake CloudPayments takes to answer.
	providerLatency time.Duration
	// botEnv is KEY=VALUE settings added to the bot's environment after
	// the tool's own (os/exec keeps the last of a key).
	botEnv []string
	// cpuProfile is where this tool writes its own CPU profile of the
	// load (the fakes and the customers); "" for none.
	cpuProfile string
}

const (
	loadDB    = "letebot_load"
	staffChat = -1001234567890
	// firstChat is the first customer's chat id; customer i is firstChat+i.
	firstChat     = 700_000_000
	webhookSecret = "letebot-load-secret"
)

// report is what one run measured.
type report struct {
	customers, messages, payments int
	elapsed                       time.Duration
	p50, p95, p99, max            time.Duration
	cpu                           time.Duration
	startup                       time.Duration
	rssIdle, rssPeak              int64
	sessions                      int
	pgbenchTPS                    float64
	webhook, testPage             bool
	providerLatency               time.Duration
	rateLimits                    string
	think                         time.Duration
	botEnv                        []string
	// byStep holds every answer of the run by its step in orderSteps.
	byStep [][]result
	// toolCPU is this process's CPU (the fake Bot API and the customers).
	toolCPU time.Duration
	// serverCPU is Postgres's CPU over the load, when the server runs on
	// this machine (serverSeen).
	serverCPU  time.Duration
	serverSeen bool
	// queueWaits are how long the customers' updates waited at the fake
	// Bot API until getUpdates handed them over (polling only), sorted.
	queueWaits []time.Duration
}

// summarise fills the totals and percentiles from byStep.
func (r *report) summarise() {
	var lat []time.Duration
	for i, rs := range r.byStep {
		if orderSteps[i].pay {
			r.payments += len(rs)
			continue
		}
		r.messages += len(rs)
		for _, x := range rs {
			lat = append(lat, x.latency)
		}
	}
	slices.Sort(lat)
	r.p50, r.p95, r.p99, r.max = pct(lat, 0.50), pct(lat, 0.95), pct(lat, 0.99), pct(lat, 1)
}

// pct is the q-th quantile of sorted, 0 for none.
func pct(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(float64(len(sorted)-1)*q)]
}

// writeSteps lists each step's latency, to the last message of its answer
// and to the first: where the time goes.
func (r report) writeSteps(w io.Writer) {
	fmt.Fprintf(w, "    this tool's CPU (the fake Bot API and the customers): %.1f s in all\n", r.toolCPU.Seconds())
	if len(r.queueWaits) > 0 {
		fmt.Fprintf(w, "    updates waiting at the Bot API for getUpdates: p50 %v p99 %v\n",
			ms(pct(r.queueWaits, 0.5)), ms(pct(r.queueWaits, 0.99)))
	}
	for i, rs := range r.byStep {
		last := make([]time.Duration, len(rs))
		first := make([]time.Duration, len(rs))
		for j, x := range rs {
			last[j], first[j] = x.latency, x.first
		}
		slices.Sort(last)
		slices.Sort(first)
		fmt.Fprintf(w, "    step %2d (%d messages): p50 %v p99 %v; to the first message p50 %v\n",
			i, len(orderSteps[i].want), ms(pct(last, 0.5)), ms(pct(last, 0.99)), ms(pct(first, 0.5)))
	}
}

func (r report) msgsPerSecond() float64 { return float64(r.messages) / r.elapsed.Seconds() }

func (r report) write(w io.Writer) {
	mode := "long polling"
	if r.webhook {
		mode = "webhook"
	}
	paying := "paying through CloudPayments (fake) and its webhook"
	if r.providerLatency > 0 {
		paying = fmt.Sprintf("paying through CloudPayments (fake, answering in %v) and its webhook", r.providerLatency)
	}
	if r.testPage {
		paying = "paying on the test page"
	}
	fmt.Fprintf(w, "customers %d (think %v), %s, %s, TELEGRAM_RATE_LIMITS=%s, %d stored sessions\n", r.customers, r.think, mode, paying, r.rateLimits, r.sessions)
	if len(r.botEnv) > 0 {
		fmt.Fprintf(w, "  the bot also runs with %s\n", strings.Join(r.botEnv, " "))
	}
	fmt.Fprintf(w, "  messages          %d in %.1f s: %.0f msg/s (and %d payments)\n", r.messages, r.elapsed.Seconds(), r.msgsPerSecond(), r.payments)
	fmt.Fprintf(w, "  answer latency    p50 %v, p95 %v, p99 %v, max %v\n", ms(r.p50), ms(r.p95), ms(r.p99), ms(r.max))
	fmt.Fprintf(w, "  bot CPU           %.1f s: %.3f ms/msg\n", r.cpu.Seconds(), float64(r.cpu.Microseconds())/1000/float64(r.messages))
	if r.serverSeen {
		fmt.Fprintf(w, "  Postgres CPU      %.1f s: %.3f ms/msg (its processes on this machine, autovacuum included)\n", r.serverCPU.Seconds(), float64(r.serverCPU.Microseconds())/1000/float64(r.messages))
	}
	fmt.Fprintf(w, "  bot RSS           %.1f MB when ready, %.1f MB at the peak\n", mb(r.rssIdle), mb(r.rssPeak))
	fmt.Fprintf(w, "  start to ready    %v\n", ms(r.startup))
	if r.pgbenchTPS > 0 {
		fmt.Fprintf(w, "  pgbench           %.0f tps (one message = one transaction, 8 clients): the bot reached %.2f×\n", r.pgbenchTPS, r.msgsPerSecond()/r.pgbenchTPS)
	}
}

func ms(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) }
func mb(b int64) float64               { return float64(b) / (1 << 20) }

func run(ctx context.Context, cfg config, out io.Writer) error {
	if cfg.customers < 1 {
		return errors.New("-customers must be at least 1")
	}
	bin := cfg.bin
	if bin == "" {
		dir, err := os.MkdirTemp("", "letebot-load-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if bin, err = build(ctx, dir); err != nil {
			return err
		}
	}
	dbURL, err := freshDatabase(ctx, cfg.server, loadDB)
	if err != nil {
		return err
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()

	fake := telegramtest.NewServer()
	defer fake.Close()
	fake.SetLanguage("ru")
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	env := append(os.Environ(),
		"DATABASE_URL="+dbURL,
		"TELEGRAM_BOT_TOKEN="+telegramtest.Token,
		"TELEGRAM_API_ENDPOINT="+fake.APIEndpoint(),
		"TELEGRAM_FILE_ENDPOINT="+fake.FileEndpoint(),
		"TELEGRAM_STAFF_CHAT_IDS="+strconv.Itoa(staffChat),
		"HTTP_ADDR="+addr,
		"LOG_FORMAT=json", "LOG_LEVEL=warn",
	)
	if cfg.rateLimits == "" {
		cfg.rateLimits = "off"
	}
	env = append(env, "TELEGRAM_RATE_LIMITS="+cfg.rateLimits)
	if cfg.webhook {
		env = append(env, "TELEGRAM_WEBHOOK_URL=http://"+addr+"/webhooks/telegram", "TELEGRAM_WEBHOOK_SECRET="+webhookSecret)
	}
	web := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	defer web.CloseIdleConnections()
	pay := func(ctx context.Context, _ int64, link string) error { return payOnPage(ctx, web, link) }
	if !cfg.testPage {
		cp := cloudpaymentstest.Start()
		defer cp.Close()
		cp.SetLatency(cfg.providerLatency)
		env = append(env, "CLOUDPAYMENTS_PUBLIC_ID="+cloudpaymentstest.PublicID,
			"CLOUDPAYMENTS_API_SECRET="+cloudpaymentstest.Secret, "CLOUDPAYMENTS_API_URL="+cp.URL)
		pay = newProvider(cp, addr, web).pay
	}
	env = append(env, cfg.botEnv...)
	push := func(context.Context, int) error { return nil } // the bot polls
	if cfg.webhook {
		// As many deliveries in flight as the bot asked for (max_connections).
		slots := make(chan struct{}, telegram.WebhookConnections)
		push = func(ctx context.Context, id int) error {
			// Telegram delivers again what was not answered 2xx.
			for {
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
					return ctx.Err()
				}
				status, err := fake.DeliverWebhook(ctx, id)
				<-slots
				if err == nil && status/100 == 2 {
					return nil
				}
				if !bot.Sleep(ctx, 100*time.Millisecond) {
					return ctx.Err()
				}
			}
		}
	}
	newShopper := func(chat int64, seed uint64) *shopper {
		rng := rand.New(rand.NewPCG(seed, 7))
		d := dresses[rng.IntN(len(dresses))]
		return &shopper{chat: chat, fake: fake, push: push, think: cfg.think, rng: rng,
			wait: cfg.stepTimeout, product: d.name, size: d.sizes[rng.IntN(len(d.sizes))],
			pay: func(ctx context.Context, link string) error { return pay(ctx, chat, link) }}
	}

	// A first start migrates and seeds the catalog; one customer checks
	// that the script fits the bot and leaves a session to copy.
	fmt.Fprintf(out, "letebot-load: %s, Postgres %s\n", bin, maskURL(dbURL))
	p, _, err := startBot(ctx, bin, env, addr)
	if err != nil {
		return err
	}
	warm := newShopper(firstChat-1, 0)
	if err := warm.walk(ctx, make(chan result, len(orderSteps))); err != nil {
		p.kill()
		return fmt.Errorf("the warm-up customer: %w\n%s", err, p.logs)
	}
	if err := p.stop(ctx); err != nil {
		return err
	}
	if err := seed(ctx, db, "telegram:"+strconv.Itoa(firstChat-1), cfg.sessions); err != nil {
		return err
	}

	rep := report{customers: cfg.customers, sessions: cfg.sessions, webhook: cfg.webhook, testPage: cfg.testPage, providerLatency: cfg.providerLatency, rateLimits: cfg.rateLimits, think: cfg.think, botEnv: cfg.botEnv}
	if cfg.pgbench > 0 {
		if rep.pgbenchTPS, err = pgbench(ctx, cfg.server, cfg.pgbench); err != nil {
			return err
		}
	}

	p, rep.startup, err = startBot(ctx, bin, env, addr)
	if err != nil {
		return err
	}
	defer func() {
		select {
		case <-p.exited:
		default:
			p.kill()
		}
	}()
	if rep.rssIdle, _, err = p.memory(); err != nil {
		return err
	}
	cpu0, err := p.cpu()
	if err != nil {
		return err
	}
	local := localServer(cfg.server)
	var server0 time.Duration
	if local {
		if server0, local, err = serverCPU(); err != nil {
			return err
		}
	}

	results := make(chan result, 4096)
	rep.byStep = make([][]result, len(orderSteps))
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for r := range results {
			rep.byStep[r.step] = append(rep.byStep[r.step], r)
		}
	}()
	waited := len(fake.QueueWaits()) // the warm-up customer's
	stopProfile := func() {}
	if cfg.cpuProfile != "" {
		if stopProfile, err = startCPUProfile(cfg.cpuProfile); err != nil {
			return err
		}
		defer stopProfile()
	}
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range cfg.customers {
		s := newShopper(int64(firstChat+i), uint64(i+1))
		wg.Go(func() {
			if err := s.walk(runCtx, results); err != nil && runCtx.Err() == nil {
				cancel(fmt.Errorf("customer %d: %w", i, err))
			}
		})
	}
	wg.Wait()
	rep.elapsed = time.Since(start)
	stopProfile()
	close(results)
	<-collected
	if err := context.Cause(runCtx); err != nil {
		return fmt.Errorf("%w\n%s", err, p.logs)
	}
	cpu1, err := p.cpu()
	if err != nil {
		return err
	}
	rep.cpu = cpu1 - cpu0
	if local {
		server1, ok, err := serverCPU()
		if err != nil {
			return err
		}
		rep.serverCPU, rep.serverSeen = server1-server0, ok
	}
	rep.queueWaits = fake.QueueWaits()[waited:]
	slices.Sort(rep.queueWaits)
	if _, rep.rssPeak, err = p.memory(); err != nil {
		return err
	}
	if err := p.stop(ctx); err != nil {
		return err
	}
	if err := checkOrders(ctx, db, cfg.customers+1); err != nil {
		return err
	}
	rep.summarise()
	rep.write(out)
	if cfg.steps {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		rep.toolCPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		rep.writeSteps(out)
	}
	return nil
}

// startCPUProfile profiles this process into file until stop: where the
// tool's share of the machine goes, since its fakes run on the bot's cores.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	return sync.OnceFunc(func() {
		pprof.StopCPUProfile()
		f.Close()
	}), nil
}

// build compiles letebot into dir as the Dockerfile does.
func build(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "letebot")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "github.com/lete-store/letebot/cmd/letebot")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, b)
	}
	return bin, nil
}

// freshDatabase drops and creates database name on the server of server
// and returns its URL.
func freshDatabase(ctx context.Context, server, name string) (string, error) {
	admin, err := sql.Open("postgres", server)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	for _, q := range []string{`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`, `CREATE DATABASE ` + name} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			return "", fmt.Errorf("%s: %w", q, err)
		}
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// seed copies the session of chat n times, as earlier customers' sessions,
// and gives every variant plenty of stock: the run measures orders, not
// sell-outs.
func seed(ctx context.Context, db *sql.DB, chat string, n int) error {
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE variants SET stock = 1000000`, nil},
		{`INSERT INTO sessions (chat_key, data, updated_at)
			SELECT 'telegram:' || (100000000 + g), data, now() - g * interval '1 second'
			FROM sessions, generate_series(1, $2::int) g WHERE chat_key = $1`, []any{chat, n}},
		{`VACUUM ANALYZE`, nil},
	} {
		if _, err := db.ExecContext(ctx, q.sql, q.args...); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	var got int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sessions`).Scan(&got); err != nil {
		return err
	}
	if got < n+1 {
		return fmt.Errorf("seed: %d sessions stored, want %d", got, n+1)
	}
	return nil
}

// checkOrders checks that every customer's order is paid, each once.
func checkOrders(ctx context.Context, db *sql.DB, want int) error {
	var orders, paid, chats int
	err := db.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE status = 'paid'), count(DISTINCT chat_key) FROM orders`).Scan(&orders, &paid, &chats)
	if err != nil {
		return err
	}
	if orders != want || paid != want || chats != want {
		return fmt.Errorf("%d orders in %d chats, %d paid; want %d, one per customer, all paid", orders, chats, paid, want)
	}
	return nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// maskURL hides a password in a database URL.
func maskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}
