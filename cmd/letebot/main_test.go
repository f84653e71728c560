package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot/telegram"
	"github.com/lete-store/letebot/storage/storagetest"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name    string
		env     func(string) string
		wantErr []string // each problem on its own line
		check   func(t *testing.T, c config)
	}{
		{
			name: "defaults",
			env:  env(),
			check: func(t *testing.T, c config) {
				if c.DatabaseURL != "sqlite:letebot.db" || c.HTTPAddr != ":8080" || c.SessionTTL != 7*24*time.Hour {
					t.Errorf("defaults: %+v", c)
				}
				if c.TelegramAPIEndpoint != "https://api.telegram.org/bot%s/%s" {
					t.Errorf("api endpoint %q", c.TelegramAPIEndpoint)
				}
			},
		},
		{
			name: "staff chats and ttl",
			env:  env("TELEGRAM_STAFF_CHAT_IDS", "-1001234, 42", "TELEGRAM_STAFF_USER_IDS", "777, 888", "SESSION_TTL", "48h", "LOG_LEVEL", "debug"),
			check: func(t *testing.T, c config) {
				if len(c.StaffChatIDs) != 2 || c.StaffChatIDs[0] != -1001234 || c.StaffChatIDs[1] != 42 {
					t.Errorf("staff %v", c.StaffChatIDs)
				}
				if len(c.StaffUserIDs) != 2 || c.StaffUserIDs[0] != 777 || c.StaffUserIDs[1] != 888 {
					t.Errorf("staff users %v", c.StaffUserIDs)
				}
				if c.SessionTTL != 48*time.Hour || !c.LogLevelSet {
					t.Errorf("ttl %v level set %v", c.SessionTTL, c.LogLevelSet)
				}
			},
		},
		{
			name:    "webhook without a secret or token",
			env:     env("TELEGRAM_WEBHOOK_URL", "http://bot.example.kz/hook"),
			wantErr: []string{"needs TELEGRAM_BOT_TOKEN", "needs TELEGRAM_WEBHOOK_SECRET", "https://"},
		},
		{
			name: "payments: the TEST page by default",
			env:  env("HTTP_ADDR", "127.0.0.1:9090"),
			check: func(t *testing.T, c config) {
				if !c.TestPayments() || c.PublicBaseURL != "http://localhost:9090" || c.CloudPaymentsAPIURL != "https://api.tiptoppay.kz" {
					t.Errorf("payments: test %v, base %q, api %q", c.TestPayments(), c.PublicBaseURL, c.CloudPaymentsAPIURL)
				}
				if c.PaymentExpiry != 48*time.Hour || len(c.PaymentReminders) != 2 || c.PaymentReminders[0] != 30*time.Minute || c.PaymentReminders[1] != 20*time.Hour {
					t.Errorf("payment times: expiry %v, reminders %v", c.PaymentExpiry, c.PaymentReminders)
				}
			},
		},
		{
			name: "payments: CloudPayments",
			env: env("CLOUDPAYMENTS_PUBLIC_ID", "pk_1", "CLOUDPAYMENTS_API_SECRET", "s", "PUBLIC_BASE_URL", "https://bot.letestore.kz/",
				"PAYMENT_REMINDERS", "1h, 12h", "PAYMENT_EXPIRY", "24h", "CLOUDPAYMENTS_LINK_REQUESTS", "25"),
			check: func(t *testing.T, c config) {
				if c.TestPayments() || c.PublicBaseURL != "https://bot.letestore.kz" || c.CloudPaymentsLinkRequests != 25 {
					t.Errorf("payments: test %v, base %q, link requests %d", c.TestPayments(), c.PublicBaseURL, c.CloudPaymentsLinkRequests)
				}
				if c.PaymentExpiry != 24*time.Hour || len(c.PaymentReminders) != 2 || c.PaymentReminders[1] != 12*time.Hour {
					t.Errorf("payment times: expiry %v, reminders %v", c.PaymentExpiry, c.PaymentReminders)
				}
			},
		},
		{
			name: "payments: half the credentials, bad addresses and times",
			env: env("CLOUDPAYMENTS_PUBLIC_ID", "pk_1", "CLOUDPAYMENTS_API_URL", "ftp://x", "PUBLIC_BASE_URL", "bot.kz",
				"PAYMENT_REMINDERS", "2h,1h", "PAYMENT_EXPIRY", "1m", "CLOUDPAYMENTS_LINK_REQUESTS", "31"),
			wantErr: []string{"must be set together", "CLOUDPAYMENTS_API_URL", "PUBLIC_BASE_URL", "PAYMENT_REMINDERS must be increasing", "PAYMENT_EXPIRY",
				"CLOUDPAYMENTS_LINK_REQUESTS"},
		},
		{
			name:    "payments: a reminder after the expiry",
			env:     env("PAYMENT_REMINDERS", "30m,50h"),
			wantErr: []string{"must all come before PAYMENT_EXPIRY"},
		},
		{
			name: "delivery: fallback tariffs and staff quotes by default",
			env:  env(),
			check: func(t *testing.T, c config) {
				if c.CDEK() || c.YandexToken != "" || c.CDEKAPIURL != "https://api.cdek.ru/v2" || c.YandexAPIURL != "https://b2b.taxi.yandex.net" || c.CDEKFromCityCode != 0 {
					t.Errorf("delivery: cdek %v %q from %d, yandex %q %q", c.CDEK(), c.CDEKAPIURL, c.CDEKFromCityCode, c.YandexToken, c.YandexAPIURL)
				}
			},
		},
		{
			name: "delivery: CDEK and Yandex",
			env: env("CDEK_CLIENT_ID", "acc", "CDEK_CLIENT_SECRET", "sec", "CDEK_API_URL", "https://api.edu.cdek.ru/v2/",
				"CDEK_FROM_CITY_CODE", "4756", "YANDEX_DELIVERY_TOKEN", "y0_tok", "YANDEX_DELIVERY_API_URL", "http://127.0.0.1:9999"),
			check: func(t *testing.T, c config) {
				if !c.CDEK() || c.CDEKAPIURL != "https://api.edu.cdek.ru/v2" || c.CDEKFromCityCode != 4756 || c.YandexToken != "y0_tok" || c.YandexAPIURL != "http://127.0.0.1:9999" {
					t.Errorf("delivery: %+v", c)
				}
				if s := c.String(); strings.Contains(s, "sec") || strings.Contains(s, "y0_tok") || !strings.Contains(s, "cdek=true yandex=true") {
					t.Errorf("String() = %q: secrets shown or modes missing", s)
				}
			},
		},
		{
			name: "delivery: half the CDEK credentials, bad addresses and city code",
			env: env("CDEK_CLIENT_SECRET", "sec", "CDEK_API_URL", "api.cdek.ru", "YANDEX_DELIVERY_API_URL", "ftp://y",
				"CDEK_FROM_CITY_CODE", "Астана"),
			wantErr: []string{"CDEK_CLIENT_ID and CDEK_CLIENT_SECRET must be set together", "CDEK_API_URL", "YANDEX_DELIVERY_API_URL", "CDEK_FROM_CITY_CODE"},
		},
		{
			name: "whatsapp",
			env: env("WHATSAPP_ENABLED", "true", "WHATSAPP_STAFF_JIDS", "120363041234567890@g.us, +7 701 123-45-67",
				"WHATSAPP_STORE_CHAT", "8 (777) 336-61-00", "WHATSAPP_MESSAGES_PER_MINUTE", "20"),
			check: func(t *testing.T, c config) {
				if !c.WhatsAppEnabled || !slices.Equal(c.WhatsAppStaff, []string{"120363041234567890@g.us", "77011234567"}) ||
					c.WhatsAppStoreChat != "77773366100" || c.WhatsAppPerMinute != 20 {
					t.Errorf("whatsapp: %+v", c)
				}
				if s := c.String(); !strings.Contains(s, "whatsapp=true whatsapp_staff_chats=2") || strings.Contains(s, "7701") {
					t.Errorf("String() = %q", s)
				}
			},
		},
		{
			name: "whatsapp defaults",
			env:  env("WHATSAPP_ENABLED", "1", "WHATSAPP_STORE_CHAT", "off"),
			check: func(t *testing.T, c config) {
				if !c.WhatsAppEnabled || c.WhatsAppStaff != nil || c.WhatsAppStoreChat != "off" || c.WhatsAppPerMinute != 40 {
					t.Errorf("whatsapp: %+v", c)
				}
			},
		},
		{
			name: "whatsapp: bad values",
			env: env("WHATSAPP_ENABLED", "yes please", "WHATSAPP_STAFF_JIDS", "staff-room", "WHATSAPP_STORE_CHAT", "shop@broadcast",
				"WHATSAPP_MESSAGES_PER_MINUTE", "0"),
			wantErr: []string{"WHATSAPP_ENABLED", "WHATSAPP_STAFF_JIDS", "WHATSAPP_STORE_CHAT", "WHATSAPP_MESSAGES_PER_MINUTE"},
		},
		{
			name:    "whatsapp chats without whatsapp",
			env:     env("WHATSAPP_STAFF_JIDS", "120363041234567890@g.us"),
			wantErr: []string{"need WHATSAPP_ENABLED=true"},
		},
		{
			name: "telegram rate limits off",
			env:  env("TELEGRAM_RATE_LIMITS", "off"),
			check: func(t *testing.T, c config) {
				if c.TelegramPacing != telegram.PaceOff {
					t.Errorf("TELEGRAM_RATE_LIMITS=off: %+v", c)
				}
			},
		},
		{
			name: "telegram rate limits for broadcasts only",
			env:  env("TELEGRAM_RATE_LIMITS", "answers"),
			check: func(t *testing.T, c config) {
				if c.TelegramPacing != telegram.PaceBroadcasts {
					t.Errorf("TELEGRAM_RATE_LIMITS=answers: %+v", c)
				}
			},
		},
		{
			name:    "telegram rate limits: bad value",
			env:     env("TELEGRAM_RATE_LIMITS", "none"),
			wantErr: []string{"TELEGRAM_RATE_LIMITS must be on, answers or off"},
		},
		{
			name:    "secret without a webhook",
			env:     env("TELEGRAM_WEBHOOK_SECRET", "s3cret"),
			wantErr: []string{"TELEGRAM_WEBHOOK_URL is not"},
		},
		{
			name: "webhook",
			env:  env("TELEGRAM_BOT_TOKEN", "1:x", "TELEGRAM_WEBHOOK_URL", "https://bot.example.kz/webhooks/telegram", "TELEGRAM_WEBHOOK_SECRET", "s3cret_-X"),
			check: func(t *testing.T, c config) {
				if c.WebhookURL == "" || c.WebhookSecret != "s3cret_-X" {
					t.Errorf("webhook: %+v", c)
				}
			},
		},
		{
			name: "every problem reported",
			env: env("DATABASE_URL", "mysql://x", "TELEGRAM_STAFF_CHAT_IDS", "abc", "TELEGRAM_STAFF_USER_IDS", "-5", "HTTP_ADDR", "8080",
				"LOG_LEVEL", "loud", "LOG_FORMAT", "xml", "SESSION_TTL", "1s", "TELEGRAM_API_ENDPOINT", "http://x/%s",
				"CONSOLE_LANG", "en"),
			wantErr: []string{"DATABASE_URL", "TELEGRAM_STAFF_CHAT_IDS", "TELEGRAM_STAFF_USER_IDS", "HTTP_ADDR", "LOG_LEVEL", "LOG_FORMAT", "SESSION_TTL", "TELEGRAM_API_ENDPOINT", "CONSOLE_LANG"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := loadConfig(tt.env)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, c)
				return
			}
			if err == nil {
				t.Fatal("want errors")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.wantErr) {
				t.Errorf("want %d lines, got %d:\n%v", len(tt.wantErr), len(lines), err)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("no line about %s in:\n%v", want, err)
				}
			}
		})
	}
}

func TestMaskURL(t *testing.T) {
	got := config{DatabaseURL: "postgres://bot:s3cret@db:5432/lete", TelegramToken: "123:ABC"}.String()
	if strings.Contains(got, "s3cret") || strings.Contains(got, "123:ABC") {
		t.Errorf("secret printed: %s", got)
	}
}

func TestRunVersionAndBadConfig(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, env(), nil, &out, &out); err != nil || !strings.Contains(out.String(), "letebot") {
		t.Errorf("version: %v %q", err, out.String())
	}
	err := run(context.Background(), nil, env("LOG_FORMAT", "xml"), nil, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "LOG_FORMAT") {
		t.Errorf("bad config: %v", err)
	}
	if err := run(context.Background(), []string{"dance"}, env(), nil, &out, &out); err == nil {
		t.Error("unknown command accepted")
	}
}

// TestWhatsAppNotLinked: with WhatsApp enabled but no number linked, the
// bot says what to do instead of running deaf; the login command wants
// its subcommand. Linking itself needs a phone (README, manual check).
func TestWhatsAppNotLinked(t *testing.T) {
	url := storagetest.SQLite(t)
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := run(ctx, []string{"run"}, env("DATABASE_URL", url, "HTTP_ADDR", "127.0.0.1:0", "WHATSAPP_ENABLED", "true"), nil, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "letebot whatsapp login") {
		t.Errorf("run without a linked number: %v", err)
	}
	err = run(ctx, []string{"whatsapp"}, env("DATABASE_URL", url), nil, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "usage: letebot whatsapp login") {
		t.Errorf("whatsapp without login: %v", err)
	}
	err = run(ctx, []string{"whatsapp", "login", "--phone", "8 777 336 61 00"}, env("DATABASE_URL", url), nil, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "+7") {
		t.Errorf("login with a national number: %v", err)
	}
}

// TestConsole runs the program as `letebot` with no tokens: a console chat on
// SQLite with the sample catalog, driven through stdin.
func TestConsole(t *testing.T) {
	for _, db := range []struct{ name, url string }{
		{"sqlite", storagetest.SQLite(t)},
	} {
		t.Run(db.name, func(t *testing.T) {
			var out, logs bytes.Buffer
			in := strings.NewReader("/start\n1\n1\n1\n1\n1\n")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := run(ctx, nil, env("DATABASE_URL", db.url, "HTTP_ADDR", "127.0.0.1:0"), in, &out, &logs)
			if err != nil {
				t.Fatalf("run: %v\n%s", err, logs.String())
			}
			for _, want := range []string{"console chat", "Lete store", "Платья", "18\u00a0900\u00a0₸", "Сколько штук"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("console output lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}

func TestMigrateAndCatalogImport(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "bot.db")
	var out bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"migrate"}, env("DATABASE_URL", url), nil, &out, &out); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte(`categories:
  - {id: hats, name: {kk: Бас киімдер, ru: Шапки}}
products:
  - sku: H-1
    category: hats
    name: {kk: Бөрік, ru: Шапка}
    description: {kk: Жылы, ru: Тёплая}
    price: 9900
    variants:
      - {id: H-1-U, size: U, stock: 3}
`), 0o644)
	out.Reset()
	if err := run(ctx, []string{"catalog", "import", good}, env("DATABASE_URL", url), nil, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "1 products") {
		t.Errorf("import said %q", out.String())
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("sku,category,category_kk,category_ru,name_kk,name_ru,description_kk,description_ru,price,variant,size,colour_kk,colour_ru,stock,retail,photo,personalised,weight_g\nX-1,c,К,К,А,А,,,-5,X-1-S,S,,,2,,,,\n"), 0o644)
	err := run(ctx, []string{"catalog", "import", bad}, env("DATABASE_URL", url), nil, &out, &out)
	if err == nil || !strings.Contains(err.Error(), ":2:") {
		t.Errorf("bad catalog: want a line-numbered error, got %v", err)
	}
}

// TestDockerfile checks the Dockerfile statically (CI has no Docker engine):
// multi-stage, no cgo, a non-root final stage, the version stamped, and its
// go build command builds.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	for _, want := range []string{"AS build", "CGO_ENABLED=0", "-X main.version=", "USER nonroot", "COPY --from=build"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if n := len(regexp.MustCompile(`(?m)^FROM `).FindAllString(df, -1)); n < 2 {
		t.Errorf("want a multi-stage build, got %d stages", n)
	}
	compose, err := os.ReadFile("../../deploy/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The compose example sets only variables the bot reads.
	for _, m := range regexp.MustCompile(`(?m)^      ([A-Z_]+): `).FindAllStringSubmatch(string(compose), -1) {
		if v := m[1]; !strings.HasPrefix(v, "POSTGRES_") && !strings.Contains(string(b)+readme(t), v) {
			t.Errorf("deploy/compose.yaml sets %s, which the README does not document", v)
		}
	}
	if testing.Short() {
		return
	}
	bin := filepath.Join(t.TempDir(), "letebot")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=test-1", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build as in the Dockerfile: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.Contains(string(out), "test-1") {
		t.Errorf("version stamp: %v %q", err, out)
	}
}

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestREADMEDocumentsEveryVariable: every variable the configuration reads
// is in the README's table.
func TestREADMEDocumentsEveryVariable(t *testing.T) {
	src, err := os.ReadFile("config.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := readme(t)
	vars := regexp.MustCompile(`getenv\("([A-Z_]+)"\)`).FindAllStringSubmatch(string(src), -1)
	if len(vars) < 10 {
		t.Fatalf("found only %d variables in config.go", len(vars))
	}
	for _, m := range vars {
		if !strings.Contains(doc, "| `"+m[1]+"` |") {
			t.Errorf("README does not document %s", m[1])
		}
	}
}
