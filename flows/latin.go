package flows

import (
	"strings"
	"unicode"

	"github.com/lete-store/letebot/shop/latin"
)

// latinReading is text typed in Latin letters ("korzina", "Sälem",
// "skolko stoit dostavka?") read as the Cyrillic it stands for, so the
// menu's words and the readers of free text understand it. The words they
// know in Latin stay: sizes (one letter only in capitals: "s" is also a
// preposition, "platye s poyasom"), words with digits, and the Latin
// words of their lists. ok is false for text with a Cyrillic letter or
// none, and for an e-mail or a link, which are no words to read.
func latinReading(s string) (reading string, ok bool) {
	if !latin.Typed(s) || strings.ContainsAny(s, "@/") {
		return "", false
	}
	var b strings.Builder
	word := []rune{}
	flush := func() {
		if len(word) > 0 {
			b.WriteString(readWord(string(word)))
			word = word[:0]
		}
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' {
			word = append(word, r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String(), true
}

// readWord reads one Latin word as Cyrillic unless the readers know it
// as it is.
func readWord(w string) string {
	lower := strings.ToLower(w)
	switch {
	case strings.IndexFunc(w, unicode.IsDigit) >= 0, latinWords[lower]:
		return w
	case letterSizes[lower] && (len(w) > 1 || w != lower):
		return w // "XL", "M"; not "s"
	}
	return latin.Cyrillic(w)
}

// latinWords are the Latin words the readers' lists hold.
var latinWords = set("hello", "hi", "ok", "okay", "thanks", "thank", "you", "kaspi", "pcs")

// readable is s as the readers take it: read as Cyrillic when typed in
// Latin letters.
func readable(s string) string {
	if r, ok := latinReading(s); ok {
		return r
	}
	return s
}
