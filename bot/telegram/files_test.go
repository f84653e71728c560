package telegram

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lete-store/letebot/bot/telegram/telegramtest"
)

func TestFileURLAndDownload(t *testing.T) {
	s, a, _ := newFake(t)
	data := bytes.Repeat([]byte("JPEG"), 1000)
	path := s.AddFile("AgACAgIAAxkBAAIC", data)

	u, err := a.FileURL(t.Context(), "AgACAgIAAxkBAAIC")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf(s.FileEndpoint(), telegramtest.Token, path); u != want {
		t.Errorf("FileURL = %q, want %q", u, want)
	}

	got, err := a.Download(t.Context(), "AgACAgIAAxkBAAIC", 0)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("Download = %d bytes, %v; want %d bytes", len(got), err, len(data))
	}
	if _, err := a.Download(t.Context(), "AgACAgIAAxkBAAIC", int64(len(data)-1)); !errors.Is(err, ErrFileTooLarge) {
		t.Errorf("Download over the cap = %v, want ErrFileTooLarge", err)
	}
	if got, err := a.Download(t.Context(), "AgACAgIAAxkBAAIC", int64(len(data))); err != nil || len(got) != len(data) {
		t.Errorf("Download at exactly the cap = %d bytes, %v", len(got), err)
	}
	if _, err := a.FileURL(t.Context(), "nope"); err == nil || strings.Contains(err.Error(), telegramtest.Token) {
		t.Errorf("FileURL of an unknown file = %v, want an error without the token", err)
	}
}

func TestFileURLUsesConfiguredFileEndpoint(t *testing.T) {
	s, a, _ := newFake(t)
	a.fileEndpoint = "https://files.lete.internal/tg/file/bot%s/%s"
	path := s.AddFile("doc9", []byte("%PDF"))
	u, err := a.FileURL(t.Context(), "doc9")
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://files.lete.internal/tg/file/bot" + telegramtest.Token + "/" + path; u != want {
		t.Errorf("FileURL = %q, want %q", u, want)
	}
}
