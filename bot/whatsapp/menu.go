package whatsapp

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode"

	"github.com/lete-store/letebot/bot"
)

// pageSize is how many options one message lists; "0" asks for the next.
const pageSize = 9

// menu is the numbered options of a message sent, as stored: numbering is
// across pages, so "12" means the twelfth option whichever page shows it.
type menu struct {
	Options []option `json:"o"`
	// First is the index of the first option the message shows.
	First int    `json:"f,omitempty"`
	Lang  string `json:"l,omitempty"`
}

type option struct {
	Label string `json:"l"`
	Data  string `json:"d"`
}

// link is a URL button, shown as a line with its address.
type link struct{ label, url string }

// menuOf collects a reply's buttons: data buttons become options, URL
// buttons links. Request buttons never reach a channel that cannot show
// them (the sender drops them).
func menuOf(r bot.Reply) (menu, []link) {
	m := menu{Lang: r.Lang}
	var links []link
	for _, row := range r.Buttons {
		for _, b := range row {
			switch {
			case b.URL != "":
				links = append(links, link{b.Label, b.URL})
			case b.Data != "":
				m.Options = append(m.Options, option{Label: b.Label, Data: b.Data})
			}
		}
	}
	return m, links
}

// page returns the options shown from index first, and whether more follow.
func (m menu) page(first int) ([]option, bool) {
	if first >= len(m.Options) {
		return nil, false
	}
	end := min(first+pageSize, len(m.Options))
	return m.Options[first:end], end < len(m.Options)
}

// render writes the reply's text, its links and the options shown from
// first, numbered, with "0. More" when more follow.
func (a *Adapter) render(text string, m menu, links []link, first int) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(text))
	if len(links) > 0 {
		b.WriteString("\n")
		for _, l := range links {
			b.WriteString("\n🔗 " + l.label + ": " + l.url)
		}
	}
	if m.numbered() {
		// The options are answers to type ("how many?"): numbers in a row,
		// the rest (Back) by its words. A position would be a quantity.
		var nums []string
		var others []string
		for _, o := range m.Options {
			if l := strings.TrimSpace(o.Label); isNumber(l) {
				nums = append(nums, l)
			} else {
				others = append(others, "• "+o.Label)
			}
		}
		b.WriteString("\n\n" + strings.Join(nums, " · "))
		for _, o := range others {
			b.WriteString("\n" + o)
		}
		return strings.TrimSpace(b.String())
	}
	opts, more := m.page(first)
	if len(opts) > 0 {
		b.WriteString("\n")
		for i, o := range opts {
			b.WriteString("\n" + strconv.Itoa(first+i+1) + ". " + o.Label)
		}
		if more {
			b.WriteString("\n0. " + a.cfg.More(m.Lang))
		}
	}
	return strings.TrimSpace(b.String())
}

func (m menu) encode() []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // strings always marshal
	}
	return b
}

func decodeMenu(b []byte) (menu, bool) {
	var m menu
	if len(b) == 0 || json.Unmarshal(b, &m) != nil {
		return menu{}, false
	}
	return m, true
}

// answer is what a customer's text means against a menu.
type answer int

const (
	notAnAnswer answer = iota
	pressed            // an option: data holds its button data
	morePlease         // "0": the next page
)

// interpret reads a text as an answer to m: the number of an option, "0"
// for more when more follow, or an option's words. Anything else is text.
//
// In a list whose options are numbers themselves (how many pieces: 1 to
// 5, and Back), a typed number means that number, never a position: "6"
// is six pieces, which the flow may take, not the sixth option.
func (m menu) interpret(text string) (answer, string) {
	t := strings.TrimRight(strings.TrimSpace(text), ".)")
	if isNumber(t) {
		if m.numbered() {
			for _, o := range m.Options {
				if strings.TrimSpace(o.Label) == strings.TrimLeft(t, "0") {
					return pressed, o.Data
				}
			}
			return notAnAnswer, ""
		}
		n, _ := strconv.Atoi(t)
		switch {
		case n == 0:
			if _, more := m.page(m.First); more {
				return morePlease, ""
			}
		case n <= len(m.Options):
			return pressed, m.Options[n-1].Data
		}
		return notAnAnswer, ""
	}
	words := normalize(text)
	if words == "" || len([]rune(words)) > 64 {
		return notAnAnswer, ""
	}
	for _, o := range m.Options {
		// "корзина" answers "🛒 Корзина (3)": a count in a label is not
		// what the customer types.
		if label := normalize(o.Label); label == words || withoutNumbers(label) == words {
			return pressed, o.Data
		}
	}
	return notAnAnswer, ""
}

// isNumber reports one to three ASCII digits, nothing else (no sign).
func isNumber(s string) bool {
	if s == "" || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// numbered reports a list with an option labelled by a bare number.
func (m menu) numbered() bool {
	for _, o := range m.Options {
		if isNumber(strings.TrimSpace(o.Label)) {
			return true
		}
	}
	return false
}

// withoutNumbers drops the words of a normalized label that are numbers.
func withoutNumbers(label string) string {
	words := strings.Fields(label)
	kept := words[:0]
	for _, w := range words {
		if !isNumber(w) {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// normalize keeps letters and digits, lower-cased, one space between
// words: "🛒 Корзина (2)" and "корзина 2" compare equal.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		// "ℹ" is a letter to Unicode, but of no script: an emoji here.
		if unicode.IsLetter(r) && !unicode.Is(unicode.Common, r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}
