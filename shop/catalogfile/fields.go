package catalogfile

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lete-store/letebot/shop"
)

// Limits on single values. Ids travel in chat button data ("v:<variant>",
// at most 64 bytes, parts split on ':'), hence their length and alphabet;
// names are button labels, hence short.
const (
	maxSKU         = 32 // shop.Product.Validate's limit
	maxID          = 40
	maxName        = 100
	maxDescription = 1000
	maxSize        = 20
	maxColour      = 40
	maxPhoto       = 2000
	maxPrice       = 100_000_000 // guards against typos (an extra zero or two) and overflow
	maxStock       = 1_000_000
	maxWeight      = 100_000 // 100 kg
)

// quote shows a value in a message, shortened so that a pasted paragraph
// does not drown the report.
func quote(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return strconv.Quote(s)
}

func isIDChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
}

// checkID checks a sku, category or variant id: required, at most max bytes
// of [A-Za-z0-9._-].
func checkID(what, s string, max int) error {
	if s == "" {
		return fmt.Errorf("%s is required", what)
	}
	for _, r := range s {
		if !isIDChar(r) {
			return fmt.Errorf("%s %s may contain only Latin letters, digits, '.', '_' and '-'", what, quote(s))
		}
	}
	if len(s) > max {
		return fmt.Errorf("%s %s is longer than %d characters", what, quote(s), max)
	}
	return nil
}

// checkCity checks a retail city id and returns it in lower case, the way the
// store profile spells city ids.
func checkCity(s string) (string, error) {
	city := strings.ToLower(s)
	if city == "" {
		return "", errors.New("retail needs a city id before '=', e.g. astana=2")
	}
	for _, r := range city {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return "", fmt.Errorf("retail city %s must be a city id such as astana or almaty", quote(s))
		}
	}
	if len(city) > maxID {
		return "", fmt.Errorf("retail city %s is longer than %d characters", quote(s), maxID)
	}
	return city, nil
}

// checkText checks a name-like text: at most max characters, no control
// characters (a description may have line breaks).
func checkText(what, s string, max int, multiline bool) error {
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Errorf("%s is %d characters long; at most %d are allowed", what, n, max)
	}
	for _, r := range s {
		if r == '\n' && multiline {
			continue
		}
		if unicode.IsControl(r) {
			if r == '\n' || r == '\r' {
				return fmt.Errorf("%s must be one line", what)
			}
			return fmt.Errorf("%s contains a control character %U", what, r)
		}
	}
	return nil
}

// normText trims a text and unifies line breaks.
func normText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(s)
}

// isGroupSep reports whether r separates thousands: a space, or the
// non-breaking and thin spaces spreadsheets and the store's own price tags use.
func isGroupSep(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

// digits returns s without thousands separators if s is a plain decimal
// number, "18900" or "18 900"; groups after the first must have 3 digits.
func digits(s string) (string, bool) {
	groups := strings.FieldsFunc(s, isGroupSep)
	if len(groups) == 0 {
		return "", false
	}
	for i, g := range groups {
		for _, r := range g {
			if r < '0' || r > '9' {
				return "", false
			}
		}
		if len(groups) > 1 && (i > 0 && len(g) != 3 || i == 0 && len(g) > 3) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// wholeNumber parses a non-negative whole number up to max.
func wholeNumber(s string, max int64) (int64, bool) {
	d, ok := digits(s)
	if !ok || len(d) > 18 {
		return 0, false
	}
	n, err := strconv.ParseInt(d, 10, 64)
	if err != nil || n > max {
		return 0, false
	}
	return n, true
}

// parsePrice parses a price in whole tenge: "18900" or "18 900".
func parsePrice(s string) (shop.Money, error) {
	if s == "" {
		return 0, errors.New("price is required")
	}
	n, ok := wholeNumber(s, 1<<62)
	if !ok || n <= 0 {
		return 0, fmt.Errorf("price must be a positive whole number of tenge, not %s", quote(s))
	}
	if n > maxPrice {
		return 0, fmt.Errorf("price %s is more than %d tenge; is there an extra zero?", quote(s), maxPrice)
	}
	return shop.Money(n), nil
}

// parseCount parses a stock count: a whole number, 0 or more.
func parseCount(what, s string) (int, error) {
	if s == "" {
		return 0, fmt.Errorf("%s is required (0 when there is none)", what)
	}
	n, ok := wholeNumber(s, 1<<62)
	if !ok {
		return 0, fmt.Errorf("%s must be a whole number, 0 or more, not %s", what, quote(s))
	}
	if n > maxStock {
		return 0, fmt.Errorf("%s %s is more than %d", what, quote(s), maxStock)
	}
	return int(n), nil
}

// parseWeight parses weight_g: blank for the store's default weight, else
// whole grams.
func parseWeight(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, ok := wholeNumber(s, maxWeight)
	if !ok || n == 0 {
		return 0, fmt.Errorf("weight_g must be a whole number of grams from 1 to %d, not %s", maxWeight, quote(s))
	}
	return int(n), nil
}

// parseBool parses personalised: true/false, yes/no, 1/0; blank is false.
func parseBool(what, s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "false", "no", "0":
		return false, nil
	case "true", "yes", "1":
		return true, nil
	}
	return false, fmt.Errorf("%s must be true or false (or yes/no, 1/0), not %s", what, quote(s))
}

// parsePhoto checks an optional photo URL.
func parsePhoto(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	bad := fmt.Errorf("photo must be an https:// address, not %s", quote(s))
	if len(s) > maxPhoto || strings.ContainsFunc(s, unicode.IsSpace) {
		return "", bad
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return "", bad
	}
	return s, nil
}

// parseRetail parses the CSV retail column, "astana=2;almaty=1" (',' also
// separates). Blank means no retail stock.
func parseRetail(s string) (map[string]int, error) {
	if s == "" {
		return nil, nil
	}
	m := make(map[string]int)
	for part := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ';' || r == ',' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		cityStr, nStr, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("retail %s: write each shop as city=count, e.g. astana=2;almaty=1", quote(part))
		}
		city, err := checkCity(strings.TrimSpace(cityStr))
		if err != nil {
			return nil, err
		}
		if _, dup := m[city]; dup {
			return nil, fmt.Errorf("retail lists %s twice", city)
		}
		n, err := parseCount("retail stock in "+city, strings.TrimSpace(nStr))
		if err != nil {
			return nil, err
		}
		m[city] = n
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}
