package device

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"

	waLog "go.mau.fi/whatsmeow/util/log"
)

// Logger adapts whatsmeow's waLog.Logger to slog: Errorf, Warnf and Infof
// go to the slog levels of the same names, with the whatsmeow module in
// "module". Runs of seven or more digits (phone numbers, LIDs in JIDs) are
// replaced by "<redacted>".
type Logger struct {
	// Debug passes whatsmeow's Debugf lines on at slog.LevelDebug. Off by
	// default: there are very many, and they print raw protocol nodes,
	// which hold message texts the redaction does not catch.
	Debug bool

	log    *slog.Logger
	module string
}

var _ waLog.Logger = (*Logger)(nil)

// NewLogger returns a Logger that writes to log (nowhere if log is nil),
// with Debug off.
func NewLogger(log *slog.Logger) *Logger {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Logger{log: log, module: "whatsmeow"}
}

// personalDigits matches phone numbers and numeric JID users.
var personalDigits = regexp.MustCompile(`\+?[0-9]{7,}`)

// Errorf logs at slog.LevelError.
func (l *Logger) Errorf(msg string, args ...any) { l.logf(slog.LevelError, msg, args) }

// Warnf logs at slog.LevelWarn.
func (l *Logger) Warnf(msg string, args ...any) { l.logf(slog.LevelWarn, msg, args) }

// Infof logs at slog.LevelInfo.
func (l *Logger) Infof(msg string, args ...any) { l.logf(slog.LevelInfo, msg, args) }

// Debugf logs at slog.LevelDebug when l.Debug is set, and drops the line
// otherwise.
func (l *Logger) Debugf(msg string, args ...any) {
	if l.Debug {
		l.logf(slog.LevelDebug, msg, args)
	}
}

// Sub returns a Logger for a whatsmeow submodule ("Client", "Database").
func (l *Logger) Sub(module string) waLog.Logger {
	return &Logger{Debug: l.Debug, log: l.log, module: l.module + "/" + module}
}

func (l *Logger) logf(level slog.Level, msg string, args []any) {
	ctx := context.Background() // waLog carries no context
	if !l.log.Enabled(ctx, level) {
		return
	}
	text := personalDigits.ReplaceAllString(fmt.Sprintf(msg, args...), "<redacted>")
	l.log.Log(ctx, level, text, "module", l.module)
}
