package telegram

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

// TestFakeServesAnotherProcess runs the adapter in a child process against
// the fake, as the end-to-end test runs the built binary: the test pushes
// updates and reads sends in-process, the bot talks HTTP.
func TestFakeServesAnotherProcess(t *testing.T) {
	if os.Getenv("TELEGRAMTEST_CHILD_ENDPOINT") != "" {
		t.Skip("in the child")
	}
	s := telegramtest.NewServer()
	t.Cleanup(s.Close)
	cmd := exec.Command(os.Args[0], "-test.run=^TestEchoChild$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		"TELEGRAMTEST_CHILD_ENDPOINT="+s.APIEndpoint(),
		"TELEGRAMTEST_CHILD_FILES="+s.FileEndpoint())
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})

	id := s.PushText(77, "/start")
	got, err := s.WaitSent(waitCtx(t), 77, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Text != "echo /start" || len(got[0].Buttons) != 1 || got[0].Buttons[0][0].Data != "again" {
		t.Errorf("child sent %+v", got[0])
	}
	if err := s.WaitConfirmed(waitCtx(t), id); err != nil {
		t.Error(err)
	}
}

// TestEchoChild is the child of TestFakeServesAnotherProcess: a bot that
// echoes texts until interrupted.
func TestEchoChild(t *testing.T) {
	endpoint := os.Getenv("TELEGRAMTEST_CHILD_ENDPOINT")
	if endpoint == "" {
		t.Skip("only run by TestFakeServesAnotherProcess")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := New(ctx, Config{Token: telegramtest.Token, APIEndpoint: endpoint,
		FileEndpoint: os.Getenv("TELEGRAMTEST_CHILD_FILES"), PollTimeout: 1})
	if err != nil {
		t.Fatal(err)
	}
	echo := handlerFunc(func(ctx context.Context, ups ...bot.Update) error {
		for _, u := range ups {
			r := bot.Reply{Text: "echo " + u.Text, Buttons: [][]bot.Button{{{Label: "Again", Data: "again"}}}}
			if err := a.Send(ctx, u.ChatID, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err := a.Run(ctx, echo); err != nil {
		t.Fatal(err)
	}
}
