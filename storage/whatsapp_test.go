package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/lete-store/letebot/storage"
)

func TestWhatsAppContacts(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		at := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
		if ok, err := db.Contacted(ctx, "77011234567"); err != nil || ok {
			t.Fatalf("Contacted before writing = %v, %v", ok, err)
		}
		if err := db.NoteContact(ctx, "77011234567", "12345@lid", at); err != nil {
			t.Fatal(err)
		}
		// A later message without a known LID keeps the one stored.
		if err := db.NoteContact(ctx, "77011234567", "", at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if ok, err := db.Contacted(ctx, "77011234567"); err != nil || !ok {
			t.Fatalf("Contacted after writing = %v, %v", ok, err)
		}
		if ok, err := db.Contacted(ctx, "77770000000"); err != nil || ok {
			t.Fatalf("another chat Contacted = %v, %v", ok, err)
		}
		var lid string
		if err := db.SQL().QueryRowContext(ctx, `SELECT lid FROM wa_contacts WHERE chat_id = '77011234567'`).Scan(&lid); err != nil || lid != "12345@lid" {
			t.Errorf("lid = %q, %v", lid, err)
		}
	})
}

func TestWhatsAppMenus(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		at := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
		if m, err := db.LoadMenu(ctx, "77011234567", ""); err != nil || m != nil {
			t.Fatalf("LoadMenu of a new chat = %q, %v", m, err)
		}
		for i := range 25 {
			menu := fmt.Sprintf(`{"n":%d}`, i)
			if err := db.SaveMenu(ctx, "77011234567", fmt.Sprintf("MSG%02d", i), at.Add(time.Duration(i)*time.Second), []byte(menu)); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SaveMenu(ctx, "77770000000", "OTHER", at.Add(time.Hour), []byte(`{"n":-1}`)); err != nil {
			t.Fatal(err)
		}
		cases := []struct{ chat, msg, want string }{
			{"77011234567", "", `{"n":24}`},
			{"77011234567", "MSG20", `{"n":20}`},
			{"77011234567", "MSG05", `{"n":5}`},
			{"77011234567", "MSG04", ""}, // beyond the kept twenty
			{"77011234567", "OTHER", ""}, // another chat's message
			{"77770000000", "", `{"n":-1}`},
		}
		for _, c := range cases {
			m, err := db.LoadMenu(ctx, c.chat, c.msg)
			if err != nil || string(m) != c.want {
				t.Errorf("LoadMenu(%s, %q) = %q, %v; want %q", c.chat, c.msg, m, err, c.want)
			}
		}
	})
}
