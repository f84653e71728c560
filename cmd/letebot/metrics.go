package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/lete-store/letebot/billing"
	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/storage"
)

// metrics is the bot's Prometheus registry and the engine's Observer.
type metrics struct {
	reg     *prometheus.Registry
	updates *prometheus.CounterVec
	latency *prometheus.HistogramVec
	batches prometheus.Histogram
	replies *prometheus.CounterVec
	hooks   *prometheus.CounterVec
	jobs    *prometheus.CounterVec
	jobTime *prometheus.HistogramVec
}

var _ bot.Observer = (*metrics)(nil)

func newMetrics(db *storage.DB, log *slog.Logger) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "letebot_updates_total", Help: "Updates by channel and outcome (handled, duplicate, ignored, failed, error).",
		}, []string{"channel", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "letebot_update_seconds", Help: "Time from taking an update to its commit.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"channel"}),
		batches: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "letebot_batch_updates", Help: "Updates committed per transaction (group commit).",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64},
		}),
		replies: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "letebot_replies_total", Help: "Send attempts by channel and result (sent, rate_limited, failed, dropped).",
		}, []string{"channel", "result"}),
		hooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "letebot_payment_webhooks_total", Help: "CloudPayments notifications by kind and result (ok, refused, signature, malformed, error).",
		}, []string{"kind", "result"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "letebot_job_runs_total", Help: "Scheduled job runs by job and result (ok, failed).",
		}, []string{"job", "result"}),
		jobTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "letebot_job_seconds", Help: "How long scheduled jobs ran.",
			Buckets: []float64{.01, .05, .1, .5, 1, 5, 15, 60},
		}, []string{"job"}),
	}
	m.reg.MustRegister(m.updates, m.latency, m.batches, m.replies, m.hooks, m.jobs, m.jobTime,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		dbCollector{db: db, log: log})
	return m
}

func (m *metrics) UpdateDone(channel string, o bot.Outcome, took time.Duration) {
	m.updates.WithLabelValues(channel, string(o)).Inc()
	if o == bot.Handled || o == bot.Failed {
		m.latency.WithLabelValues(channel).Observe(took.Seconds())
	}
}

func (m *metrics) BatchCommitted(n int) { m.batches.Observe(float64(n)) }

func (m *metrics) ReplySent(channel string, r bot.SendResult) {
	m.replies.WithLabelValues(channel, string(r)).Inc()
}

// jobRun counts one scheduled job's run.
func (m *metrics) jobRun(job string, err error, took time.Duration) {
	result := "ok"
	if err != nil {
		result = "failed"
	}
	m.jobs.WithLabelValues(job, result).Inc()
	m.jobTime.WithLabelValues(job).Observe(took.Seconds())
}

// webhook counts one payment notification.
func (m *metrics) webhook(kind string, r billing.WebhookResult) {
	m.hooks.WithLabelValues(kind, string(r)).Inc()
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// dbCollector reads what lives in the database at scrape time: the outbox
// backlog and the orders by status.
type dbCollector struct {
	db  *storage.DB
	log *slog.Logger
}

var (
	outboxDepthDesc = prometheus.NewDesc("letebot_outbox_depth", "Replies waiting in the outbox.", nil, nil)
	outboxAgeDesc   = prometheus.NewDesc("letebot_outbox_oldest_seconds", "Age of the oldest reply waiting in the outbox.", nil, nil)
	ordersDesc      = prometheus.NewDesc("letebot_orders", "Orders by status.", []string{"status"}, nil)
	claimsDesc      = prometheus.NewDesc("letebot_claims", "Refund applications by status.", []string{"status"}, nil)
	refundsDesc     = prometheus.NewDesc("letebot_refunds", "Refunds by status.", []string{"status"}, nil)
)

func (c dbCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepthDesc
	ch <- outboxAgeDesc
	ch <- ordersDesc
	ch <- claimsDesc
	ch <- refundsDesc
}

func (c dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := c.db.OutboxStats(ctx)
	if err != nil {
		c.log.Warn("Metrics: outbox stats", "error", err)
		return
	}
	age := 0.0
	if !oldest.IsZero() {
		age = time.Since(oldest).Seconds()
	}
	ch <- prometheus.MustNewConstMetric(outboxDepthDesc, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(outboxAgeDesc, prometheus.GaugeValue, age)
	orders, err := c.db.OrdersByStatus(ctx)
	if err != nil {
		c.log.Warn("Metrics: orders by status", "error", err)
		return
	}
	for status, n := range orders {
		ch <- prometheus.MustNewConstMetric(ordersDesc, prometheus.GaugeValue, float64(n), string(status))
	}
	for _, t := range []struct {
		desc  *prometheus.Desc
		table string
	}{{claimsDesc, "claims"}, {refundsDesc, "refunds"}} {
		counts, err := c.db.CountByStatus(ctx, t.table)
		if err != nil {
			c.log.Warn("Metrics: "+t.table+" by status", "error", err)
			continue
		}
		for status, n := range counts {
			ch <- prometheus.MustNewConstMetric(t.desc, prometheus.GaugeValue, float64(n), status)
		}
	}
}
