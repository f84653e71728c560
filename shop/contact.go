package shop

import (
	"errors"
	"net/mail"
	"slices"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// ErrInvalidPhone and ErrInvalidEmail are returned by the contact parsers.
var (
	ErrInvalidPhone = errors.New("invalid phone number")
	ErrInvalidEmail = errors.New("invalid e-mail address")
)

// NormalizePhone parses a phone number as people type it in Kazakhstan
// ("8 777 336 61 00", "+7 (777) 336-61-00", "7773366100") and returns it in
// E.164. Numbers of other countries are accepted with their + prefix.
func NormalizePhone(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 32 {
		return "", ErrInvalidPhone
	}
	// A leading 8 is the domestic trunk prefix of +7 numbers.
	if digits := onlyDigits(raw); len(digits) == 11 && digits[0] == '8' && !strings.HasPrefix(raw, "+") {
		raw = "+7" + digits[1:]
	}
	n, err := phonenumbers.Parse(raw, "KZ")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", ErrInvalidPhone
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// NormalizeEmail checks an e-mail address and returns it trimmed, with the
// domain in lower case.
func NormalizeEmail(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > 254 || strings.ContainsAny(raw, " <>,;\"") {
		return "", ErrInvalidEmail
	}
	a, err := mail.ParseAddress(raw)
	if err != nil || a.Address != raw {
		return "", ErrInvalidEmail
	}
	at := strings.LastIndexByte(raw, '@')
	local, domain := raw[:at], strings.ToLower(raw[at+1:])
	if local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", ErrInvalidEmail
	}
	return local + "@" + domain, nil
}

// SuggestEmail reads a mistyped e-mail address the one way it can be
// read: spaces dropped beside its @ and dots, a comma for a dot, a dot or
// comma ending it, words around it left out ("aigerim@mail,ru",
// "aigerim @mail.ru", "почта aigerim@mail.ru", "aigerim@mail.ru,
// спасибо"). It returns the address so read when that is a valid one and
// differs from raw; the customer confirms it by typing it.
func SuggestEmail(raw string) (string, bool) {
	// Join the words a space split at an @ or before a dot, then keep the
	// one word with an @.
	var joined []string
	for _, f := range strings.Fields(raw) {
		f = strings.ReplaceAll(strings.TrimRight(f, ","), ",", ".") // "mail,ru" but "mail.ru, спасибо"
		if n := len(joined); n > 0 && (strings.HasSuffix(joined[n-1], "@") || strings.HasPrefix(f, "@") || strings.HasPrefix(f, ".")) {
			joined[n-1] += f
			continue
		}
		joined = append(joined, f)
	}
	s := ""
	for _, w := range joined {
		if strings.Contains(w, "@") {
			if s != "" {
				return "", false // two addresses: no one reading
			}
			s = strings.TrimRight(w, ".")
		}
	}
	e, err := NormalizeEmail(s)
	if err != nil || e == strings.TrimSpace(raw) {
		return "", false
	}
	return e, true
}

// ContainsCardNumber reports whether text holds something that looks like a
// payment card number: 13 to 19 digits, optionally grouped by spaces or
// dashes, passing the Luhn check. Such text must never be stored or logged.
func ContainsCardNumber(text string) bool {
	var run []byte
	flush := func() bool {
		ok := len(run) >= 13 && len(run) <= 19 && luhn(run)
		run = run[:0]
		return ok
	}
	for i, r := range text {
		switch {
		case r >= '0' && r <= '9':
			run = append(run, byte(r))
		case (r == ' ' || r == '-') && len(run) > 0 && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9':
			// a group separator inside the number
		default:
			if flush() {
				return true
			}
		}
	}
	return flush()
}

func luhn(digits []byte) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) && r < 128 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// popularMailDomains are the mail services most customers here use; an
// address one typing slip away from one of them is most likely a slip.
var popularMailDomains = []string{"mail.ru", "gmail.com", "yandex.ru", "yandex.kz", "inbox.ru", "list.ru", "bk.ru",
	"icloud.com", "outlook.com", "hotmail.com", "yahoo.com", "rambler.ru", "internet.ru", "yandex.com", "mail.com", "ya.ru",
	"mail.kz", "inbox.kz", "list.kz", "yandex.by", "ok.ru"}

// EmailDomainTypo offers the address with a popular mail domain when the
// valid address email has a domain one slip from it (a letter missing,
// extra, wrong or two swapped: "gmal.com", "mial.ru", "gmail.con"). It is
// a question for the customer, never a silent change.
func EmailDomainTypo(email string) (string, bool) {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return "", false
	}
	domain := strings.ToLower(email[at+1:])
	if slices.Contains(popularMailDomains, domain) || strings.Count(domain, ".") != 1 {
		return "", false // a known service, or a company's own (mail.gov.kz, hotmail.co.uk)
	}
	// A slip in the ending of the service's name first ("yandex.kx"), then
	// the name with another ending ("gmail.ru", not mail.ru), then a slip
	// anywhere ("mial.ru").
	name, _, _ := strings.Cut(domain, ".")
	sameName := func(d string) bool { n, _, _ := strings.Cut(d, "."); return n == name }
	for _, fits := range []func(d string) bool{
		func(d string) bool { return sameName(d) && oneSlip(domain, d) },
		sameName,
		func(d string) bool { return oneSlip(domain, d) },
	} {
		for _, d := range popularMailDomains {
			if fits(d) {
				return email[:at+1] + d, true
			}
		}
	}
	return "", false
}

// oneSlip reports whether a differs from b by one letter missing, extra
// or wrong, or two neighbours swapped.
func oneSlip(a, b string) bool {
	if a == b {
		return false
	}
	switch len(a) - len(b) {
	case 0:
		diff := -1
		for i := range len(a) {
			if a[i] != b[i] {
				if diff >= 0 {
					// A second difference: only a swap of neighbours.
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return true
	case 1:
		return dropsOne(a, b)
	case -1:
		return dropsOne(b, a)
	}
	return false
}

// dropsOne reports whether long without one of its letters is short.
func dropsOne(long, short string) bool {
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	return long[i+1:] == short[i:]
}
