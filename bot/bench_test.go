package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/bottest"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

// orderScript is one customer's whole order, as updates; "@" marks button
// data. A customer repeats it; the k-th summary of a session has revision k.
var orderScript = []string{
	"/start", "@cat", "@cat:dresses:0", "@p:LT-101", "@v:LT-101-S", "@a:LT-101-S:1", "@co",
	"Айгерим Садыкова", "+7 777 123 45 67", "aigerim@example.kz", "@city:astana", "@dm:pickup",
	"ПВЗ СДЭК, ул. Абая 2", "@ok:%d", "@ord",
}

// countingChannel accepts every reply at once.
type countingChannel struct{ sent atomic.Int64 }

func (c *countingChannel) Name() string { return "bench" }
func (c *countingChannel) Send(context.Context, string, bot.Reply) error {
	c.sent.Add(1)
	return nil
}

// BenchmarkOrderFlow drives N concurrent chats through the whole order flow
// via the engine, with the outbox sender delivering to a channel that
// accepts everything at once. b.N is the number of customer messages. It
// reports messages per second, p50/p99 handling latency (Submit until the
// commit), the process's CPU per message, database round trips per message
// (Postgres) and peak RSS. Run it with a fixed count of messages:
//
//	go test -run '^$' -bench OrderFlow -benchtime 30000x ./bot
func BenchmarkOrderFlow(b *testing.B) {
	for _, db := range []string{"postgres", "sqlite"} {
		for _, chats := range []int{100, 1000} {
			b.Run(fmt.Sprintf("%s/chats=%d", db, chats), func(b *testing.B) {
				benchOrderFlow(b, db, chats, 0)
			})
		}
	}
	// People pause between messages: 1 000 chats each writing every two
	// seconds is a moderate 500 messages a second, the load at which
	// latency, not throughput, is what customers notice.
	b.Run("postgres/chats=1000/paced=500", func(b *testing.B) {
		benchOrderFlow(b, "postgres", 1000, 2*time.Second)
	})
}

// benchOrderFlow runs the order script in chats at once; each chat waits
// think between its messages (0: answers at once).
func benchOrderFlow(b *testing.B, dialect string, chats int, think time.Duration) {
	ctx := context.Background()
	var (
		db   *storage.DB
		err  error
		trip *storagetest.RoundTrips
	)
	if dialect == "postgres" {
		url := storagetest.Postgres(b)
		var name string
		name, trip = storagetest.CountingDriver()
		db, err = storage.OpenPostgres(ctx, name, url, nil)
	} else {
		db, err = storage.Open(ctx, storagetest.SQLite(b), nil)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	bottest.Seed(b, db, func(p *shop.Product) {
		for j := range p.Variants {
			p.Variants[j].Stock = 1_000_000 // the benchmark measures orders, not sell-outs
		}
	})
	k := bottest.New(b, db, nil)
	ch := &countingChannel{}
	sender := bot.NewSender(bot.SenderConfig{Outbox: db, Channels: []bot.Channel{ch}})
	engine := bot.NewEngine(bot.EngineConfig{
		Store: db, Flows: k.Flows, Messages: k.Texts, Committed: sender.Notify, Queuing: sender.Keep,
		Lease: sender.Lease, Leased: sender.Take,
		Staff: []bot.ChatRef{{Channel: ch.Name(), ChatID: "staff"}},
	})
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { _ = engine.Run(runCtx) })
	wg.Go(func() { _ = sender.Run(runCtx, time.Second) })
	defer func() { stop(); wg.Wait() }()

	per := (b.N + chats - 1) / chats
	lat := make([][]time.Duration, chats)
	var cpu0 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &cpu0)
	var trips0 int64
	if trip != nil {
		trips0 = trip.Load()
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var cw sync.WaitGroup
	var failed atomic.Value
	for c := range chats {
		cw.Go(func() {
			chat := strconv.Itoa(c)
			lat[c] = make([]time.Duration, 0, per)
			if think > 0 {
				// Spread the chats' first messages over one think time.
				time.Sleep(think * time.Duration(c) / time.Duration(chats))
			}
			for i := range per {
				if think > 0 && i > 0 {
					time.Sleep(think)
				}
				step := orderScript[i%len(orderScript)]
				up := bot.Update{Key: fmt.Sprintf("b:%s:%d", chat, i), Channel: ch.Name(), ChatID: chat, UserID: chat, LangHint: "ru"}
				if step[0] == '@' {
					up.Data = step[1:]
					if step == "@ok:%d" {
						up.Data = fmt.Sprintf("ok:%d", i/len(orderScript)+1)
					}
				} else {
					up.Text = step
				}
				t0 := time.Now()
				if err := engine.Submit(ctx, up); err != nil {
					failed.Store(err)
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		})
	}
	cw.Wait()
	handled := time.Since(start)
	// The replies are part of the work: wait until the sender delivered them.
	for db.Dialect() != "" {
		var n int
		if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM outbox").Scan(&n); err != nil || n == 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}

	msgs := per * chats
	var cpu1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &cpu1)
	cpu := time.Duration(cpu1.Utime.Nano()+cpu1.Stime.Nano()-cpu0.Utime.Nano()-cpu0.Stime.Nano()) * time.Nanosecond
	all := slices.Concat(lat...)
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(float64(len(all)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(float64(msgs)/elapsed.Seconds(), "msg/s")
	b.ReportMetric(float64(msgs)/handled.Seconds(), "handled/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(msgs), "cpu-ms/msg")
	b.ReportMetric(float64(cpu1.Maxrss)/1024, "peak-rss-MB")
	if trip != nil {
		b.ReportMetric(float64(trip.Load()-trips0)/float64(msgs), "trips/msg")
	}
	b.ReportMetric(float64(ch.sent.Load())/float64(msgs), "replies/msg")
}
