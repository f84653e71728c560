package main

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/storage/storagetest"
)

// TestRoutes checks the HTTP endpoints: health, readiness against the
// database, and the metrics the engine and the database feed.
func TestRoutes(t *testing.T) {
	db := storagetest.Open(t, storagetest.SQLite(t))
	m := newMetrics(db, slog.New(slog.DiscardHandler))
	m.UpdateDone("telegram", bot.Handled, 3*time.Millisecond)
	m.UpdateDone("telegram", bot.Duplicate, 0)
	m.BatchCommitted(12)
	m.ReplySent("telegram", bot.Throttled)
	m.jobRun("claim_deadlines", nil, 20*time.Millisecond)
	m.jobRun("cdek_tracking", errors.New("CDEK down"), time.Second)
	var channelErr error
	srv := httptest.NewServer(routes(db, m, nil, func() error { return channelErr }))
	defer srv.Close()

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("healthz: %d %q", code, body)
	}
	if code, _ := get("/readyz"); code != 200 {
		t.Errorf("readyz with the database up: %d", code)
	}
	channelErr = errors.New("telegram: getUpdates failing")
	if code, body := get("/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "getUpdates") {
		t.Errorf("readyz with a channel down: %d %q", code, body)
	}
	channelErr = nil
	code, body := get("/metrics")
	if code != 200 {
		t.Fatalf("metrics: %d", code)
	}
	for _, want := range []string{
		`letebot_updates_total{channel="telegram",outcome="handled"} 1`,
		`letebot_updates_total{channel="telegram",outcome="duplicate"} 1`,
		`letebot_update_seconds_count{channel="telegram"} 1`,
		`letebot_batch_updates_sum 12`,
		`letebot_replies_total{channel="telegram",result="rate_limited"} 1`,
		`letebot_outbox_depth 0`,
		`letebot_job_runs_total{job="claim_deadlines",result="ok"} 1`,
		`letebot_job_runs_total{job="cdek_tracking",result="failed"} 1`,
		`letebot_job_seconds_count{job="cdek_tracking"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}

	db.Close()
	if code, _ := get("/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database closed: %d, want 503", code)
	}
}
