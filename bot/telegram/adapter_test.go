package telegram

import (
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

func TestNew(t *testing.T) {
	s := telegramtest.NewServer()
	t.Cleanup(s.Close)

	a, err := New(t.Context(), Config{Token: telegramtest.Token, APIEndpoint: s.APIEndpoint()})
	if err != nil {
		t.Fatal(err)
	}
	if a.Name() != "telegram" || a.Username() != telegramtest.BotUsername {
		t.Errorf("Name, Username = %q, %q", a.Name(), a.Username())
	}
	if a.pollTimeout != 30*time.Second || a.fileEndpoint != "https://api.telegram.org/file/bot%s/%s" {
		t.Errorf("defaults: poll %s, file endpoint %q", a.pollTimeout, a.fileEndpoint)
	}
	if n := len(s.Calls("getMe")); n != 1 {
		t.Errorf("getMe called %d times, want 1", n)
	}

	for _, tt := range []struct {
		name string
		cfg  Config
	}{
		{"no token", Config{APIEndpoint: s.APIEndpoint()}},
		{"token refused", Config{Token: "1:wrong", APIEndpoint: s.APIEndpoint()}},
		{"endpoint without verbs", Config{Token: telegramtest.Token, APIEndpoint: s.URL()}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(t.Context(), tt.cfg)
			if err == nil {
				t.Fatal("New succeeded")
			}
			if strings.Contains(err.Error(), "wrong") {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}

func TestNewSubSecondPollTimeout(t *testing.T) {
	s := telegramtest.NewServer()
	t.Cleanup(s.Close)
	a, err := New(t.Context(), Config{Token: telegramtest.Token, APIEndpoint: s.APIEndpoint(), PollTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if a.pollTimeout != time.Second {
		t.Errorf("pollTimeout = %s, want 1s (getUpdates takes whole seconds; 0 would spin)", a.pollTimeout)
	}
}
