package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lete-store/letebot/billing"
	"github.com/lete-store/letebot/bot/email"
	"github.com/lete-store/letebot/bot/telegram"
	"github.com/lete-store/letebot/bot/whatsapp"
	"github.com/lete-store/letebot/delivery/cdek"
	"github.com/lete-store/letebot/delivery/yandex"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/sealed"
	"github.com/lete-store/letebot/shop"
)

// config is everything letebot reads from the environment, parsed once.
type config struct {
	DatabaseURL          string
	TelegramToken        string
	TelegramAPIEndpoint  string
	TelegramFileEndpoint string
	StaffChatIDs         []int64
	StaffUserIDs         []int64
	WebhookURL           string
	WebhookSecret        string
	HTTPAddr             string
	StoreProfile         string
	Catalog              string
	LogLevel             slog.Level
	LogLevelSet          bool
	LogFormat            string
	SessionTTL           time.Duration
	ConsoleLang          string

	CloudPaymentsPublicID string
	CloudPaymentsSecret   string
	CloudPaymentsAPIURL   string
	// CloudPaymentsLinkRequests is how many payment links are made at once.
	CloudPaymentsLinkRequests int
	PublicBaseURL             string
	PaymentReminders          []time.Duration
	PaymentExpiry             time.Duration

	SMTPURL  string
	SMTPFrom string

	HandoffSilence time.Duration

	CDEKClientID     string
	CDEKClientSecret string
	CDEKAPIURL       string
	CDEKFromCityCode int
	YandexToken      string
	YandexAPIURL     string

	WhatsAppEnabled bool
	// WhatsAppStaff are the chat ids of WhatsApp staff chats: groups
	// ("1203…@g.us") and staff members' numbers (digits).
	WhatsAppStaff []string
	// WhatsAppStoreChat is the store's official WhatsApp chat (digits or a
	// group JID) that sees express requests; "" means the profile's
	// WhatsApp number, "off" none.
	WhatsAppStoreChat string
	WhatsAppPerMinute int
	// TelegramPacing: TELEGRAM_RATE_LIMITS.
	TelegramPacing telegram.Pacing

	// DataKey seals personal files at rest (ID copies); zero: none kept.
	DataKey sealed.Key
	// ClaimFileRetention is how long after an application closes its files
	// are kept.
	ClaimFileRetention time.Duration
}

// CDEK reports whether CDEK credentials are configured; without them
// checkout shows the profile's fallback tariffs and takes a typed pickup
// point.
func (c config) CDEK() bool { return c.CDEKClientID != "" }

// TestPayments reports whether payments go to the local test page: no
// CloudPayments credentials are configured.
func (c config) TestPayments() bool { return c.CloudPaymentsPublicID == "" }

// loadConfig reads and validates the environment as a whole: every problem
// is reported, one line each.
func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		DatabaseURL:          or(getenv("DATABASE_URL"), "sqlite:letebot.db"),
		TelegramToken:        strings.TrimSpace(getenv("TELEGRAM_BOT_TOKEN")),
		TelegramAPIEndpoint:  or(getenv("TELEGRAM_API_ENDPOINT"), "https://api.telegram.org/bot%s/%s"),
		TelegramFileEndpoint: or(getenv("TELEGRAM_FILE_ENDPOINT"), "https://api.telegram.org/file/bot%s/%s"),
		HTTPAddr:             or(getenv("HTTP_ADDR"), ":8080"),
		WebhookURL:           strings.TrimSpace(getenv("TELEGRAM_WEBHOOK_URL")),
		WebhookSecret:        strings.TrimSpace(getenv("TELEGRAM_WEBHOOK_SECRET")),
		StoreProfile:         getenv("STORE_PROFILE"),
		Catalog:              getenv("CATALOG"),
		LogFormat:            or(getenv("LOG_FORMAT"), "text"),
		ConsoleLang:          or(getenv("CONSOLE_LANG"), "ru"),
		SessionTTL:           7 * 24 * time.Hour,

		CloudPaymentsPublicID: strings.TrimSpace(getenv("CLOUDPAYMENTS_PUBLIC_ID")),
		CloudPaymentsSecret:   strings.TrimSpace(getenv("CLOUDPAYMENTS_API_SECRET")),
		CloudPaymentsAPIURL:   or(getenv("CLOUDPAYMENTS_API_URL"), cloudpayments.DefaultBaseURL),
		PublicBaseURL:         strings.TrimRight(strings.TrimSpace(getenv("PUBLIC_BASE_URL")), "/"),
		PaymentReminders:      billing.DefaultReminders,
		PaymentExpiry:         flows.DefaultPaymentExpiry,
		SMTPURL:               strings.TrimSpace(getenv("SMTP_URL")),
		SMTPFrom:              strings.TrimSpace(getenv("SMTP_FROM")),
		HandoffSilence:        flows.DefaultHandoffSilence,
		CDEKClientID:          strings.TrimSpace(getenv("CDEK_CLIENT_ID")),
		CDEKClientSecret:      strings.TrimSpace(getenv("CDEK_CLIENT_SECRET")),
		CDEKAPIURL:            strings.TrimRight(or(getenv("CDEK_API_URL"), cdek.DefaultBaseURL), "/"),
		YandexToken:           strings.TrimSpace(getenv("YANDEX_DELIVERY_TOKEN")),
		YandexAPIURL:          strings.TrimRight(or(getenv("YANDEX_DELIVERY_API_URL"), yandex.DefaultBaseURL), "/"),
		WhatsAppPerMinute:     whatsapp.DefaultPerMinute,
		ClaimFileRetention:    flows.DefaultClaimFileRetention,
	}
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	if !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") && !strings.HasPrefix(c.DatabaseURL, "sqlite:") {
		bad("DATABASE_URL must start with postgres://, postgresql:// or sqlite:")
	}
	for _, v := range []struct{ name, value string }{
		{"TELEGRAM_API_ENDPOINT", c.TelegramAPIEndpoint},
		{"TELEGRAM_FILE_ENDPOINT", c.TelegramFileEndpoint},
	} {
		if strings.Count(v.value, "%s") != 2 || !strings.HasPrefix(v.value, "http") {
			bad("%s must be an http(s) address with two %%s (token, then method or path), like https://api.telegram.org/bot%%s/%%s", v.name)
		}
	}
	if s := getenv("TELEGRAM_STAFF_CHAT_IDS"); s != "" {
		for _, part := range strings.Split(s, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil || id == 0 {
				bad("TELEGRAM_STAFF_CHAT_IDS: %q is not a chat id", strings.TrimSpace(part))
				continue
			}
			c.StaffChatIDs = append(c.StaffChatIDs, id)
		}
	}
	if s := getenv("TELEGRAM_STAFF_USER_IDS"); s != "" {
		for _, part := range strings.Split(s, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil || id <= 0 {
				bad("TELEGRAM_STAFF_USER_IDS: %q is not a user id", strings.TrimSpace(part))
				continue
			}
			c.StaffUserIDs = append(c.StaffUserIDs, id)
		}
	}
	if c.WebhookURL != "" {
		if c.TelegramToken == "" {
			bad("TELEGRAM_WEBHOOK_URL needs TELEGRAM_BOT_TOKEN")
		}
		if telegram.CheckWebhookSecret(c.WebhookSecret) != nil {
			bad("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -")
		}
		if err := telegram.CheckWebhookURL(c.WebhookURL); err != nil {
			bad("TELEGRAM_WEBHOOK_URL must be an https:// address Telegram can reach (%v)", err)
		}
	} else if c.WebhookSecret != "" {
		bad("TELEGRAM_WEBHOOK_SECRET is set but TELEGRAM_WEBHOOK_URL is not")
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		bad("HTTP_ADDR must be host:port or :port, got %q", c.HTTPAddr)
	}
	if s := getenv("LOG_LEVEL"); s != "" {
		if err := c.LogLevel.UnmarshalText([]byte(s)); err != nil {
			bad("LOG_LEVEL must be debug, info, warn or error, got %q", s)
		}
		c.LogLevelSet = true
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("LOG_FORMAT must be text or json, got %q", c.LogFormat)
	}
	if s := getenv("SESSION_TTL"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < time.Minute {
			bad("SESSION_TTL must be a duration of at least 1m, like 168h, got %q", s)
		}
		c.SessionTTL = d
	}
	if (c.CloudPaymentsPublicID == "") != (c.CloudPaymentsSecret == "") {
		bad("CLOUDPAYMENTS_PUBLIC_ID and CLOUDPAYMENTS_API_SECRET must be set together (both from the CloudPayments cabinet), or both left unset for the local test payment page")
	}
	if u, err := url.Parse(c.CloudPaymentsAPIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		bad("CLOUDPAYMENTS_API_URL must be an http(s) address like %s, got %q", cloudpayments.DefaultBaseURL, c.CloudPaymentsAPIURL)
	}
	if c.PublicBaseURL == "" {
		// Good for the console and a local run: the test page opens in this machine's browser.
		_, port, _ := net.SplitHostPort(c.HTTPAddr)
		c.PublicBaseURL = "http://localhost:" + port
	} else if u, err := url.Parse(c.PublicBaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		bad("PUBLIC_BASE_URL must be the http(s) address the bot is reached at, like https://bot.letestore.kz, got %q", c.PublicBaseURL)
	}
	timesOK := true // the reminders are compared with the expiry only when both read well
	if s := getenv("PAYMENT_REMINDERS"); s != "" {
		c.PaymentReminders = nil
		for _, part := range strings.Split(s, ",") {
			d, err := time.ParseDuration(strings.TrimSpace(part))
			if err != nil || d < time.Minute || len(c.PaymentReminders) > 0 && d <= c.PaymentReminders[len(c.PaymentReminders)-1] {
				bad("PAYMENT_REMINDERS must be increasing durations of at least 1m separated by commas, like 30m,20h, got %q", s)
				timesOK = false
				break
			}
			c.PaymentReminders = append(c.PaymentReminders, d)
		}
	}
	if s := getenv("PAYMENT_EXPIRY"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 10*time.Minute {
			bad("PAYMENT_EXPIRY must be a duration of at least 10m, like 48h, got %q", s)
			timesOK = false
		}
		c.PaymentExpiry = d
	}
	if n := len(c.PaymentReminders); timesOK && n > 0 && c.PaymentReminders[n-1] >= c.PaymentExpiry {
		bad("PAYMENT_REMINDERS must all come before PAYMENT_EXPIRY (%s)", c.PaymentExpiry)
	}
	if s := getenv("HANDOFF_SILENCE"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < time.Minute {
			bad("HANDOFF_SILENCE must be a duration of at least 1m, like 30m, got %q", s)
		}
		c.HandoffSilence = d
	}
	if c.SMTPURL != "" {
		if _, err := email.New(email.Config{URL: c.SMTPURL, From: or(c.SMTPFrom, "shop@example.kz")}); err != nil {
			bad("%v", err)
		}
	} else if c.SMTPFrom != "" {
		bad("SMTP_FROM is set but SMTP_URL is not")
	}
	if (c.CDEKClientID == "") != (c.CDEKClientSecret == "") {
		bad("CDEK_CLIENT_ID and CDEK_CLIENT_SECRET must be set together (the API account and secure password from CDEK), or both left unset for the fallback tariffs")
	}
	for _, v := range []struct{ name, value, example string }{
		{"CDEK_API_URL", c.CDEKAPIURL, cdek.DefaultBaseURL},
		{"YANDEX_DELIVERY_API_URL", c.YandexAPIURL, yandex.DefaultBaseURL},
	} {
		if u, err := url.Parse(v.value); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("%s must be an http(s) address like %s, got %q", v.name, v.example, v.value)
		}
	}
	if s := strings.TrimSpace(getenv("CDEK_FROM_CITY_CODE")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			bad("CDEK_FROM_CITY_CODE must be CDEK's numeric city code of the city parcels leave from, got %q", s)
		}
		c.CDEKFromCityCode = n
	}
	if s := strings.TrimSpace(getenv("WHATSAPP_ENABLED")); s != "" {
		on, err := strconv.ParseBool(s)
		if err != nil {
			bad("WHATSAPP_ENABLED must be true or false, got %q", s)
		}
		c.WhatsAppEnabled = on
	}
	if s := getenv("WHATSAPP_STAFF_JIDS"); s != "" {
		for _, part := range strings.Split(s, ",") {
			id, err := whatsAppChat(part)
			if err != nil {
				bad("WHATSAPP_STAFF_JIDS: %q is neither a group JID (…@g.us) nor a phone number", strings.TrimSpace(part))
				continue
			}
			c.WhatsAppStaff = append(c.WhatsAppStaff, id)
		}
	}
	if s := strings.TrimSpace(getenv("WHATSAPP_STORE_CHAT")); s != "" {
		c.WhatsAppStoreChat = s
		if s != "off" {
			id, err := whatsAppChat(s)
			if err != nil {
				bad("WHATSAPP_STORE_CHAT must be a phone number, a group JID (…@g.us) or off, got %q", s)
			}
			c.WhatsAppStoreChat = id
		}
	}
	if p, err := telegram.ParsePacing(strings.TrimSpace(getenv("TELEGRAM_RATE_LIMITS"))); err != nil {
		bad("TELEGRAM_RATE_LIMITS must be on, answers or off, got %q", getenv("TELEGRAM_RATE_LIMITS"))
	} else {
		c.TelegramPacing = p
	}
	if s := strings.TrimSpace(getenv("CLOUDPAYMENTS_LINK_REQUESTS")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 30 {
			bad("CLOUDPAYMENTS_LINK_REQUESTS must be a number from 1 to 30 (a live terminal takes 30 requests at a time, a test one 5), got %q", s)
		}
		c.CloudPaymentsLinkRequests = n
	}
	if s := strings.TrimSpace(getenv("WHATSAPP_MESSAGES_PER_MINUTE")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 600 {
			bad("WHATSAPP_MESSAGES_PER_MINUTE must be a number from 1 to 600, got %q", s)
		}
		c.WhatsAppPerMinute = n
	}
	if !c.WhatsAppEnabled && (len(c.WhatsAppStaff) > 0 || c.WhatsAppStoreChat != "") {
		bad("WHATSAPP_STAFF_JIDS and WHATSAPP_STORE_CHAT need WHATSAPP_ENABLED=true")
	}
	if s := strings.TrimSpace(getenv("DATA_ENCRYPTION_KEY")); s != "" {
		k, err := sealed.ParseKey(s)
		if err != nil {
			bad("DATA_ENCRYPTION_KEY must be 32 random bytes, base64 or hex (openssl rand -base64 32): %v", err)
		}
		c.DataKey = k
	}
	if s := strings.TrimSpace(getenv("CLAIM_FILE_RETENTION")); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < time.Hour {
			bad("CLAIM_FILE_RETENTION must be a duration of at least 1h, like 720h, got %q", s)
		}
		c.ClaimFileRetention = d
	}
	if c.ConsoleLang != "kk" && c.ConsoleLang != "ru" {
		bad("CONSOLE_LANG must be kk or ru, got %q", c.ConsoleLang)
	}
	return c, errors.Join(errs...)
}

// whatsAppChat reads a WhatsApp chat as configured: a group JID, or a
// phone number in any usual spelling, as the adapter's chat id.
func whatsAppChat(s string) (string, error) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "@g.us") {
		j, err := whatsapp.JID(s)
		if err != nil {
			return "", err
		}
		return whatsapp.ChatID(j), nil
	}
	e164, err := shop.NormalizePhone(s)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(e164, "+"), nil
}

// String prints the configuration with secrets masked.
func (c config) String() string {
	return fmt.Sprintf("database=%s telegram=%t webhook=%t staff_chats=%d whatsapp=%t whatsapp_staff_chats=%d http=%s payments=%s mail=%t cdek=%t yandex=%t data_key=%t",
		maskURL(c.DatabaseURL), c.TelegramToken != "", c.WebhookURL != "", len(c.StaffChatIDs), c.WhatsAppEnabled, len(c.WhatsAppStaff),
		c.HTTPAddr, c.paymentsMode(), c.SMTPURL != "", c.CDEK(), c.YandexToken != "", !c.DataKey.IsZero())
}

func (c config) paymentsMode() string {
	if c.TestPayments() {
		return "test-page"
	}
	return "cloudpayments"
}

// maskURL hides a password in a database URL.
func maskURL(u string) string {
	at := strings.LastIndexByte(u, '@')
	scheme := strings.Index(u, "://")
	if at < 0 || scheme < 0 {
		return u
	}
	userinfo := u[scheme+3 : at]
	if colon := strings.IndexByte(userinfo, ':'); colon >= 0 {
		return u[:scheme+3] + userinfo[:colon] + ":***" + u[at:]
	}
	return u
}

func or(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return strings.TrimSpace(v)
}
