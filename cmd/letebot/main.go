// Command letebot runs the Lete store's ordering bot.
//
//	letebot                       Telegram and WhatsApp as configured, else a console chat
//	letebot run                   the same
//	letebot whatsapp login        link the store's WhatsApp number (QR code, or --phone for a pairing code)
//	letebot console               a console chat in this terminal
//	letebot migrate               apply database migrations and exit
//	letebot catalog import FILE   validate and import a catalog (CSV or YAML)
//	letebot version               print the version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "letebot:", err)
		os.Exit(1)
	}
}

// run is the whole program; tests call it too.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := ""
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	if cmd == "version" {
		fmt.Fprintln(stdout, "letebot", version)
		return nil
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return fmt.Errorf("invalid configuration:\n%w", err)
	}
	mode := cmd
	if mode == "" || mode == "run" {
		mode = "run"
		if cfg.TelegramToken == "" && !cfg.WhatsAppEnabled {
			mode = "console"
		}
	}
	log := newLogger(cfg, stderr, mode == "console")

	switch mode {
	case "migrate":
		return migrate(ctx, cfg, log, stdout)
	case "catalog":
		if len(args) != 2 || args[0] != "import" {
			return errors.New("usage: letebot catalog import FILE")
		}
		return importCatalog(ctx, cfg, log, args[1], stdout)
	case "whatsapp":
		return whatsAppLogin(ctx, cfg, log, args, stdout)
	case "run", "console":
		return serve(ctx, cfg, log, mode == "console", stdin, stdout)
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

const usage = `usage:
  letebot                       serve Telegram (TELEGRAM_BOT_TOKEN) and WhatsApp (WHATSAPP_ENABLED)
                                as configured; with neither, a console chat
  letebot run                   the same
  letebot whatsapp login [--phone NUMBER] [--png FILE]
                                link the store's WhatsApp number: a QR code to scan, or
                                with --phone an 8-character code to type on the phone
  letebot console               chat with the bot in this terminal
  letebot migrate               apply database migrations and exit
  letebot catalog import FILE   validate and import a catalog file (.csv, .yaml)
  letebot version               print the version
Configuration is read from the environment: see README.md.
`

// newLogger logs to stderr. The console chat prints to stdout, so there the
// log stays quiet (warnings and errors) unless LOG_LEVEL says otherwise.
func newLogger(cfg config, w io.Writer, console bool) *slog.Logger {
	level := cfg.LogLevel
	if console && !cfg.LogLevelSet {
		level = slog.LevelWarn
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
