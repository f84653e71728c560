package device

import (
	"log/slog"
	"strings"
	"testing"
)

func TestLogger(t *testing.T) {
	var logs syncBuffer
	base := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	l := NewLogger(base)
	client := l.Sub("Client")
	client.Infof("Successfully paired %s", "77773366100:12@s.whatsapp.net")
	client.Warnf("Got %d/%s connect failure", 503, "x")
	client.Errorf("Failed to send to +7 777 3366100: %v", "boom")
	client.Debugf("<message from=\"77773366100@s.whatsapp.net\">hello</message>")

	text := logs.String()
	for _, want := range []string{
		`level=INFO msg="Successfully paired <redacted>:12@s.whatsapp.net" module=whatsmeow/Client`,
		`level=WARN msg="Got 503/x connect failure"`,
		`level=ERROR`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("logs lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "77773366100") || strings.Contains(text, "3366100") {
		t.Errorf("a phone number reached the log:\n%s", text)
	}
	if strings.Contains(text, "DEBUG") || strings.Contains(text, "hello") {
		t.Errorf("a debug line passed with Debug off:\n%s", text)
	}

	l.Debug = true
	l.Sub("Socket").Debugf("frame %d", 1)
	if !strings.Contains(logs.String(), `level=DEBUG msg="frame 1" module=whatsmeow/Socket`) {
		t.Errorf("debug line missing with Debug on:\n%s", logs.String())
	}
}

func TestLoggerNil(t *testing.T) {
	NewLogger(nil).Sub("Client").Errorf("nowhere %d", 1) // must not panic
}
