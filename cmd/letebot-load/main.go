// Command letebot-load measures the built bot under load: it runs letebot
// against Postgres, a fake Telegram Bot API (telegramtest) and a fake
// CloudPayments (cloudpaymentstest), and N customers each walk a whole
// order at once, from /start to paying (the provider's signed notification
// to the bot's webhook, as in production; or the bot's test page with
// -test-page), every message sent only after the bot answered the last
// (with an optional thinking pause). It reports messages a second,
// p50/p95/p99 answer latency, the bot's CPU per message (and Postgres's,
// when the server runs on this machine), its resident memory with many
// stored sessions, and how long it takes to start; and,
// for comparison in the same run, what pgbench reaches for one bot message
// as one transaction.
//
//	go run ./cmd/letebot-load -customers 1000
//
// It creates (and drops first) the databases letebot_load and
// letebot_pgbench on the Postgres server of -db.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := config{}
	flag.StringVar(&cfg.server, "db", or(os.Getenv("TEST_DATABASE_URL"), "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"),
		"a Postgres URL; the tool makes its own databases on that server")
	flag.StringVar(&cfg.bin, "bin", "", "the letebot binary (default: go build ./cmd/letebot as the Dockerfile does)")
	flag.IntVar(&cfg.customers, "customers", 1000, "customers ordering at once")
	flag.DurationVar(&cfg.think, "think", 0, "mean pause before each message (0.5-1.5 times it); 0: answer at once")
	flag.IntVar(&cfg.sessions, "sessions", 100_000, "stored sessions of earlier customers, seeded before the run")
	flag.BoolVar(&cfg.webhook, "webhook", false, "deliver updates to the webhook (as many at a time as its max_connections) instead of long polling")
	flag.StringVar(&cfg.rateLimits, "rate-limits", "off", "the bot's TELEGRAM_RATE_LIMITS: off, on or answers")
	flag.DurationVar(&cfg.pgbench, "pgbench", 15*time.Second, "how long pgbench runs for the comparison; 0: skip it")
	flag.DurationVar(&cfg.stepTimeout, "step-timeout", 2*time.Minute, "the longest wait for one answer")
	flag.BoolVar(&cfg.steps, "steps", false, "report each step's latency and this tool's own CPU too")
	flag.BoolVar(&cfg.testPage, "test-page", false, "pay on the bot's test page (no provider configured) instead of through a fake CloudPayments")
	flag.DurationVar(&cfg.providerLatency, "provider-latency", 0, "how long the fake CloudPayments takes to answer each call (a real one is across the internet)")
	flag.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write this tool's own CPU profile of the load (the fakes and the customers, on the bot's cores) to the file")
	flag.Var((*envFlag)(&cfg.botEnv), "env", "KEY=VALUE added to the bot's environment, after the tool's own (repeat it for more): an operator's setting such as GOMEMLIMIT=32MiB, on the bot alone")
	flag.Parse()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "letebot-load:", err)
		os.Exit(1)
	}
}

// envFlag collects -env KEY=VALUE settings in the order given.
type envFlag []string

func (e *envFlag) String() string { return strings.Join(*e, " ") }

func (e *envFlag) Set(v string) error {
	if k, _, ok := strings.Cut(v, "="); !ok || k == "" || strings.ContainsAny(k, " \t") {
		return fmt.Errorf("want KEY=VALUE, got %q", v)
	}
	*e = append(*e, v)
	return nil
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
