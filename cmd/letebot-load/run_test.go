package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/storage/storagetest"
)

// TestRun drives a few customers through the whole tool, both ways updates
// reach the bot and both ways of paying (polling with the provider's
// webhook, the Telegram webhook with the test page), so the tool keeps
// working as the bot changes: it builds
// the binary (as the tool does without -bin), seeds sessions, compares with pgbench where it is installed,
// and checks every order paid once. The figures it prints are not judged.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	server := storagetest.Postgres(t)
	// Built once, as the tool builds it, outside the runs' deadline: in a
	// full -race run the compile shares the cores with the other packages'
	// tests and once took most of the three minutes.
	bin, err := build(t.Context(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, webhook := range []bool{false, true} {
		cfg := config{server: server, bin: bin, customers: 5, sessions: 200, webhook: webhook, testPage: webhook,
			think: 10 * time.Millisecond, stepTimeout: time.Minute, steps: true}
		if webhook {
			cfg.botEnv = []string{"GOMEMLIMIT=64MiB"}
		} else {
			cfg.cpuProfile = filepath.Join(t.TempDir(), "tool.prof")
		}
		if _, err := exec.LookPath("pgbench"); err == nil && !webhook {
			cfg.pgbench = time.Second
		}
		var out bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		err := run(ctx, cfg, &out)
		cancel()
		t.Logf("webhook=%v:\n%s", webhook, out.String())
		if err != nil {
			t.Fatal(err)
		}
		paying := "paying through CloudPayments"
		if webhook {
			paying = "paying on the test page"
		}
		for _, want := range []string{"customers 5", paying, "messages          70 in", "(and 5 payments)", "p99", "ms/msg", "MB at the peak", "start to ready"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("the report lacks %q", want)
			}
		}
		if !strings.Contains(out.String(), "step 14 (1 messages): p50") {
			t.Error("the report lacks the steps asked for")
		}
		if queue := strings.Contains(out.String(), "updates waiting at the Bot API for getUpdates: p50"); queue == webhook {
			t.Errorf("webhook=%v: the report shows the getUpdates queue: %v", webhook, queue)
		}
		if cfg.pgbench > 0 && !strings.Contains(out.String(), "tps") {
			t.Error("the report lacks the pgbench figure")
		}
		if _, seen, _ := serverCPU(); seen && localServer(server) && !strings.Contains(out.String(), "Postgres CPU") {
			t.Error("the report lacks Postgres's CPU, whose processes are on this machine")
		}
		if webhook && !strings.Contains(out.String(), "the bot also runs with GOMEMLIMIT=64MiB") {
			t.Error("the report lacks the -env settings")
		}
		if cfg.cpuProfile != "" {
			// A profile is gzipped protobuf; an empty or unstopped one is
			// not even its gzip header.
			if b, err := os.ReadFile(cfg.cpuProfile); err != nil || !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
				t.Errorf("-cpuprofile: %d bytes, %v; want a written profile", len(b), err)
			}
		}
	}

	// -env comes after the tool's own settings, so it reaches the bot and
	// wins: a LOG_LEVEL the bot refuses stops it before it is ready.
	cfg := config{server: server, bin: bin, customers: 1, sessions: 10, stepTimeout: time.Minute,
		botEnv: []string{"LOG_LEVEL=loud"}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = run(ctx, cfg, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "LOG_LEVEL must be") {
		t.Errorf("with -env LOG_LEVEL=loud: %v, want the bot's refusal", err)
	}
}

func TestEnvFlag(t *testing.T) {
	for _, tc := range []struct {
		arg string
		ok  bool
	}{
		{"GOMEMLIMIT=32MiB", true},
		{"GOGC=", true}, // an empty value is a value
		{"A=b=c", true},
		{"GOMEMLIMIT", false},
		{"=32MiB", false},
		{"GO GC=50", false},
	} {
		var e envFlag
		err := e.Set(tc.arg)
		if (err == nil) != tc.ok {
			t.Errorf("Set(%q): %v, want ok %v", tc.arg, err, tc.ok)
		}
		if tc.ok && e.String() != tc.arg {
			t.Errorf("Set(%q) keeps %q", tc.arg, e.String())
		}
	}
}

func TestStatCPU(t *testing.T) {
	// A backend's stat, its name with a space and a parenthesis in it.
	stat := []byte("4242 (postgres: x) y) S 1 4242 4242 0 -1 4194560 900 0 0 0 150 30 7 3 20 0 1 0 5 1000 10 18446744073709551615")
	for _, tc := range []struct {
		children bool
		want     time.Duration
	}{
		{false, 1800 * time.Millisecond}, // utime 150 + stime 30 ticks
		{true, 1900 * time.Millisecond},  // and cutime 7 + cstime 3
	} {
		name, got, err := statCPU(stat, tc.children)
		if err != nil || name != "postgres: x) y" || got != tc.want {
			t.Errorf("statCPU(children %v) = %q, %v, %v; want %q, %v", tc.children, name, got, err, "postgres: x) y", tc.want)
		}
	}
	for _, bad := range []string{"", "4242 postgres S 1", "4242 (postgres) S 1 2 3"} {
		if _, _, err := statCPU([]byte(bad), true); err == nil {
			t.Errorf("statCPU(%q) read a stat", bad)
		}
	}
}

func TestLocalServer(t *testing.T) {
	for url, want := range map[string]bool{
		"postgres://postgres@127.0.0.1:5432/test?sslmode=disable": true,
		"postgres://postgres@localhost/test":                      true,
		"postgres://postgres@[::1]:5432/test":                     true,
		"postgres:///test?host=/var/run/postgresql":               true,
		"postgres://postgres@db.example.kz:5432/test":             false,
		"postgres://postgres@10.0.0.5/test":                       false,
		"::not a url":                                             false,
	} {
		if got := localServer(url); got != want {
			t.Errorf("localServer(%q) = %v, want %v", url, got, want)
		}
	}
}
