package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat times:
// 100 on every Linux architecture Go runs on.
const clockTicks = 100

// botProcess is the letebot binary running as a child process.
type botProcess struct {
	cmd    *exec.Cmd
	logs   *tail
	exited chan struct{}
	err    error
}

// startBot runs bin with env and waits until /readyz on addr answers 200;
// it returns how long that took from the exec.
func startBot(ctx context.Context, bin string, env []string, addr string) (*botProcess, time.Duration, error) {
	p := &botProcess{cmd: exec.Command(bin, "run"), logs: &tail{max: 64 << 10}, exited: make(chan struct{})}
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	start := time.Now()
	if err := p.cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get("http://" + addr + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, time.Since(start), nil
			}
		}
		select {
		case <-p.exited:
			return nil, 0, fmt.Errorf("letebot exited before it was ready: %v\n%s", p.err, p.logs)
		case <-ctx.Done():
			p.kill()
			return nil, 0, fmt.Errorf("letebot not ready: %w\n%s", ctx.Err(), p.logs)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// stop sends SIGTERM and waits for the exit.
func (p *botProcess) stop(ctx context.Context) error {
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("SIGTERM: %w", err)
	}
	select {
	case <-p.exited:
		if p.err != nil {
			return fmt.Errorf("letebot after SIGTERM: %w\n%s", p.err, p.logs)
		}
		return nil
	case <-ctx.Done():
		p.kill()
		return fmt.Errorf("letebot did not stop: %w", ctx.Err())
	}
}

func (p *botProcess) kill() {
	_ = p.cmd.Process.Kill()
	<-p.exited
}

// cpu is the CPU time the process has used so far (user and system).
func (p *botProcess) cpu() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	_, t, err := statCPU(b, false)
	return t, err
}

// statCPU reads a /proc/<pid>/stat: the command name and the CPU time used
// (user and system), with that of the reaped children when children is set.
func statCPU(b []byte, children bool) (string, time.Duration, error) {
	// The command name, in parentheses, may hold spaces: fields start after it.
	i, j := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if i < 0 || j < i {
		return "", 0, errors.New("unreadable /proc stat")
	}
	f := strings.Fields(string(b[j+1:]))
	if len(f) < 15 {
		return "", 0, errors.New("short /proc stat")
	}
	// utime, stime, cutime and cstime are fields 14-17 of stat, 12-15
	// after the name.
	n := 2
	if children {
		n = 4
	}
	var ticks int64
	for _, v := range f[11 : 11+n] {
		t, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "", 0, err
		}
		ticks += t
	}
	return string(b[i+1 : j]), time.Duration(ticks) * time.Second / clockTicks, nil
}

// serverCPU is the CPU time the processes named postgres on this machine
// have used so far, with that of their reaped children (the backends that
// have exited count in the postmaster's); ok is false when there are none.
// A process that exits between two readings takes its time out of the sum
// until its parent reaps it, which the postmaster does at once.
func serverCPU() (total time.Duration, ok bool, err error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, false, err
	}
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // exited meanwhile
		}
		name, t, err := statCPU(b, true)
		if err != nil || name != "postgres" {
			continue
		}
		total += t
		ok = true
	}
	return total, ok, nil
}

// localServer reports whether a Postgres URL names a server on this
// machine, whose processes serverCPU can read.
func localServer(dbURL string) bool {
	u, err := url.Parse(dbURL)
	if err != nil {
		return false
	}
	switch h := u.Hostname(); {
	case h == "", h == "localhost", strings.HasPrefix(h, "/"):
		return true
	default:
		ip := net.ParseIP(h)
		return ip != nil && ip.IsLoopback()
	}
}

// memory returns the process's resident set now and at its peak, in bytes.
func (p *botProcess) memory() (rss, peak int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		name, val, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", name, err)
		}
		if name == "VmRSS" {
			rss = kb << 10
		} else {
			peak = kb << 10
		}
	}
	return rss, peak, nil
}

// tail keeps the last max bytes written to it, for an error report.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
