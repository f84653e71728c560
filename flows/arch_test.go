package flows_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportRules keeps the architecture's arrows honest: what each package
// may not depend on, directly or not (docs/ARCHITECTURE.md).
func TestImportRules(t *testing.T) {
	const mod = "github.com/lete-store/letebot/"
	rules := []struct {
		pkg       string
		forbidden []string
	}{
		{"shop", []string{mod, "database/sql", "net/http"}},
		{"messages", []string{mod + "bot", mod + "flows", mod + "storage", "database/sql"}},
		{"flows", []string{mod + "bot", mod + "storage", mod + "payments", mod + "delivery", mod + "cmd", "github.com/jmoiron/sqlx", "database/sql", "net/http", "go.mau.fi/whatsmeow", "github.com/go-telegram-bot-api"}},
		{"bot", []string{mod + "storage", mod + "bot/telegram", mod + "bot/whatsapp", mod + "bot/console", mod + "cmd", "database/sql", "github.com/go-telegram-bot-api", "go.mau.fi/whatsmeow"}},
		{"bot/telegram", []string{mod + "storage", mod + "cmd", "go.mau.fi/whatsmeow"}},
		{"bot/console", []string{mod + "storage", mod + "cmd"}},
		// The WhatsApp adapter reaches its tables through its own narrow
		// Store; the device package (login, lock, health) knows nothing of ours.
		{"bot/whatsapp", []string{mod + "storage", mod + "cmd", mod + "bot/telegram", "github.com/jmoiron/sqlx"}},
		{"bot/whatsapp/device", []string{mod}},
		// Provider clients implement the domain's needs and know nothing else.
		{"payments/cloudpayments", []string{mod + "bot", mod + "flows", mod + "storage", mod + "messages", mod + "cmd", "database/sql"}},
		{"delivery/cdek", []string{mod}},
		{"delivery/yandex", []string{mod}},
		{"storage", []string{mod + "bot/telegram", mod + "bot/console", mod + "bot/whatsapp", mod + "cmd", "go.mau.fi/whatsmeow"}},
		// The payment service talks to the engine and the provider; it reads
		// the database only through its own narrow interface.
		{"billing", []string{mod + "storage", mod + "bot/telegram", mod + "bot/console", mod + "cmd", "database/sql", "github.com/jmoiron/sqlx"}},
		// So does the delivery service, with the carriers instead.
		{"delivery", []string{mod + "storage", mod + "billing", mod + "bot/telegram", mod + "bot/console", mod + "cmd", "database/sql", "github.com/jmoiron/sqlx"}},
	}
	for _, r := range rules {
		t.Run(r.pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", mod+r.pkg).Output()
			if err != nil {
				t.Fatalf("go list: %v", err)
			}
			for _, dep := range strings.Fields(string(out)) {
				if dep == mod+r.pkg || (r.pkg == "shop" && strings.HasPrefix(dep, mod+"shop")) {
					continue
				}
				for _, f := range r.forbidden {
					if dep == f || strings.HasPrefix(dep, f+"/") || (strings.HasSuffix(f, "/") && strings.HasPrefix(dep, f)) {
						t.Errorf("%s depends on %s", r.pkg, dep)
					}
				}
			}
		})
	}
}
