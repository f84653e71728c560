// Package messages holds every text a customer or staff member reads, in
// Kazakh and Russian. Flows name texts by Key with Args; the engine renders
// them here, at the edge, in the reader's language.
package messages

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/lete-store/letebot/shop"
)

// Key names one text.
type Key string

// Args are the values a text's template refers to by name.
type Args map[string]any

// Text is a key with its arguments: what flows return instead of strings.
type Text struct {
	Key  Key
	Args Args
}

// T builds a Text from a key and name/value pairs: T(CartTotal, "Total", m).
func T(key Key, pairs ...any) Text {
	if len(pairs) == 0 {
		return Text{Key: key}
	}
	args := make(Args, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		args[pairs[i].(string)] = pairs[i+1]
	}
	return Text{Key: key, Args: args}
}

// Catalog is the parsed set of texts in every language.
type Catalog struct {
	texts map[shop.Lang]map[Key]text
}

// text is one parsed text. A text with no actions (a button label, most
// questions) is kept as its string, rather than executed as a template
// every time it is shown.
type text struct {
	tmpl  *template.Template
	plain string
	fixed bool // plain is the text whatever the arguments
}

// New parses every text. It fails if a language lacks a key the other has,
// or a template does not parse.
func New() (*Catalog, error) {
	c := &Catalog{texts: make(map[shop.Lang]map[Key]text)}
	for lang, src := range sources {
		c.texts[lang] = make(map[Key]text, len(src))
		// One root per language: its texts share one set of functions
		// rather than each copying its own.
		root := template.New(string(lang)).Option("missingkey=error").Funcs(c.funcs(lang))
		for key, s := range src {
			t, err := root.New(string(key)).Parse(s)
			if err != nil {
				return nil, fmt.Errorf("messages %s %s: %w", lang, key, err)
			}
			c.texts[lang][key] = parsed(t)
		}
	}
	for lang, ts := range c.texts {
		for other, os := range c.texts {
			for key := range os {
				if _, ok := ts[key]; !ok {
					return nil, fmt.Errorf("messages: %s lacks %q that %s has", lang, key, other)
				}
			}
		}
	}
	return c, nil
}

// Render returns the text in lang. A missing key or a bad argument is a
// programming error: it renders the key itself so the reader sees something
// and tests catch it.
func (c *Catalog) Render(lang shop.Lang, t Text) (string, error) {
	ts, ok := c.texts[lang]
	if !ok {
		ts = c.texts[shop.Russian]
	}
	x, ok := ts[t.Key]
	if !ok {
		return string(t.Key), fmt.Errorf("messages: unknown key %q", t.Key)
	}
	if x.fixed {
		return x.plain, nil
	}
	var b bytes.Buffer
	if err := x.tmpl.Execute(&b, t.Args); err != nil {
		return string(t.Key), fmt.Errorf("messages: render %s %s: %w", lang, t.Key, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// parsed is t, with its string when it has nothing but text.
func parsed(t *template.Template) text {
	x := text{tmpl: t}
	switch nodes := t.Tree.Root.Nodes; {
	case len(nodes) == 0:
		x.fixed = true
	case len(nodes) == 1 && nodes[0].Type() == parse.NodeText:
		x.plain, x.fixed = strings.TrimSpace(string(nodes[0].(*parse.TextNode).Text)), true
	}
	return x
}

// Keys lists every key of a language; for tests.
func (c *Catalog) Keys(lang shop.Lang) []Key {
	keys := make([]Key, 0, len(c.texts[lang]))
	for k := range c.texts[lang] {
		keys = append(keys, k)
	}
	return keys
}

var sources = map[shop.Lang]map[Key]string{
	shop.Kazakh:  kk,
	shop.Russian: ru,
}

const nbsp = "\u00a0"

// Money formats an amount as the glossary says: "12 900 ₸", with
// non-breaking spaces between thousands and before the sign.
func Money(m shop.Money) string {
	neg := m < 0
	if neg {
		m = -m
	}
	s := strconv.FormatInt(int64(m), 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(nbsp)
		}
		b.WriteRune(r)
	}
	b.WriteString(nbsp + "₸")
	return b.String()
}

// Phone formats an E.164 number of Kazakhstan (+7) for reading:
// "+7 777 336 61 00". Other numbers are shown as stored.
func Phone(e164 string) string {
	if len(e164) != 12 || !strings.HasPrefix(e164, "+7") {
		return e164
	}
	for _, r := range e164[1:] {
		if r < '0' || r > '9' {
			return e164
		}
	}
	d := e164[2:]
	return "+7" + nbsp + d[0:3] + nbsp + d[3:6] + nbsp + d[6:8] + nbsp + d[8:10]
}

// PluralForm picks a noun form for n by the language's CLDR rules. forms are
// one, few, many (Russian: товар, товара, товаров); Kazakh nouns after a
// number stay singular, so one form is enough there.
func PluralForm(lang shop.Lang, n int, forms ...string) string {
	if len(forms) == 0 {
		return ""
	}
	tag := language.Russian
	if lang == shop.Kazakh {
		tag = language.Kazakh
	}
	abs := n
	if abs < 0 {
		abs = -abs
	}
	var idx int
	switch plural.Cardinal.MatchPlural(tag, abs, 0, 0, 0, 0) {
	case plural.One:
		idx = 0
	case plural.Few:
		idx = 1
	default:
		idx = 2
	}
	if lang == shop.Kazakh {
		idx = 0
	}
	return forms[min(idx, len(forms)-1)]
}

func (c *Catalog) funcs(lang shop.Lang) template.FuncMap {
	return template.FuncMap{
		// say "part.quote" "Quote" .Quote renders another text with arguments.
		"say": func(key string, pairs ...any) (string, error) {
			return c.Render(lang, T(Key(key), pairs...))
		},
		"money": Money,
		// plural N "товар" "товара" "товаров" -> "5 товаров"
		"plural": func(n int, forms ...string) string {
			return strconv.Itoa(n) + " " + PluralForm(lang, n, forms...)
		},
		"phone": Phone,
		"date":  func(t time.Time) string { return t.Format("02.01.2006") },
		"time":  func(t time.Time) string { return t.Format("15:04") },
		// kkdate .Due "dat" -> "9 желтоқсанға": a date before a Kazakh postposition
		"kkdate": KazakhDate,
		"inc":    func(i int) int { return i + 1 },
		// weekday 1 -> "пн" / "дс": a short day name in the reader's language
		"weekday": func(d int) string { return weekdays[lang][((d%7)+7)%7] },
		// pin .Order.Delivery: a map link to the customer's shared location, or ""
		"pin": MapLink,
		// distance 1234.5 -> "1,2 км"; under a kilometre, "350 м"
		"distance": Distance,
		// lower s is s in lower case: a catalog's "Чёрный" inside a sentence
		"lower": strings.ToLower,
		// trunc s n cuts s to n characters with an ellipsis: button labels
		"trunc": func(s string, n int) string {
			if r := []rune(s); len(r) > n {
				return strings.TrimSpace(string(r[:n-1])) + "…"
			}
			return s
		},
	}
}

// Distance formats metres for a reader: "350 м" under a kilometre (rounded
// to ten metres), "1,2 км" above, with a decimal comma as both languages
// write it. The unit is the same in Kazakh and Russian.
func Distance(m float64) string {
	if m < 995 {
		return strconv.Itoa(int(math.Round(m/10))*10) + "\u00a0м"
	}
	km := strconv.FormatFloat(math.Round(m/100)/10, 'f', 1, 64)
	return strings.Replace(km, ".", ",", 1) + "\u00a0км"
}

// MapLink is a Yandex Maps link to a delivery's shared location, or "" when
// the customer shared none.
func MapLink(d shop.Delivery) string {
	if !d.HasLocation() {
		return ""
	}
	return fmt.Sprintf("https://yandex.kz/maps/?pt=%.6f,%.6f&z=17&l=map", d.Lon, d.Lat)
}

// weekdays are short day names from Sunday, as calendars print them.
var weekdays = map[shop.Lang][7]string{
	shop.Kazakh:  {"жс", "дс", "сс", "ср", "бс", "жм", "сн"},
	shop.Russian: {"вс", "пн", "вт", "ср", "чт", "пт", "сб"},
}
