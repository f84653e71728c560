// Package shop is the store's domain: catalog, cart, orders, money, delivery
// prices and the store profile. It is pure and clock-injected, and it imports
// nothing else of letebot, so every other package can depend on it.
package shop

import (
	"fmt"
	"sync"
	"time"
)

// Lang is a customer's language.
type Lang string

// The languages the bot speaks.
const (
	Kazakh  Lang = "kk"
	Russian Lang = "ru"
)

// Langs lists every supported language, Kazakh first as on the store's page.
var Langs = []Lang{Kazakh, Russian}

// ParseLang maps a client's language hint (Telegram language_code, an IETF
// tag) to a supported language: Kazakh for "kk", Russian for everything else.
func ParseLang(hint string) Lang {
	if len(hint) >= 2 && (hint[:2] == "kk" || hint[:2] == "KK") {
		return Kazakh
	}
	return Russian
}

// Valid reports whether l is a supported language.
func (l Lang) Valid() bool { return l == Kazakh || l == Russian }

// Money is an amount in whole tenge. The store never deals in tiyn.
type Money int64

// Times returns the price of n pieces.
func (m Money) Times(n int) Money { return m * Money(n) }

// Clock tells the time; tests inject a fixed one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock always returns the same instant; for tests and transcripts.
type FixedClock struct{ T time.Time }

// Now returns the fixed instant.
func (c FixedClock) Now() time.Time { return c.T }

// ManualClock is a clock a test moves by hand; safe for concurrent use.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock returns a clock standing at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock by d and returns the new time.
func (c *ManualClock) Add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// Localized is a text the catalog carries in both languages.
type Localized struct {
	KK string `yaml:"kk" json:"kk"`
	RU string `yaml:"ru" json:"ru"`
}

// In returns the text in lang, falling back to the other language when the
// catalog left it empty.
func (t Localized) In(lang Lang) string {
	if lang == Kazakh && t.KK != "" {
		return t.KK
	}
	if t.RU != "" {
		return t.RU
	}
	return t.KK
}

func (t Localized) validate(field string) error {
	if t.KK == "" || t.RU == "" {
		return fmt.Errorf("%s: both kk and ru are required", field)
	}
	return nil
}
