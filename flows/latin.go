package flows

import (
	"strings"
	"unicode"

	"github.com/lete-store/letebot/shop/latin"
)

// latinReading is text typed in Latin letters ("korzina", "Sälem",
// "skolko stoit dostavka?") read as the Cyrillic it stands for, so the
// menu's words and the readers of free text understand it: as Kazakh when
// it has a letter only Kazakh is typed with or a q, else as Russian, even
// in a Kazakh chat (whose customers write Russian too: "Zdravstvuyte").
// The words the readers know in Latin stay: sizes (one letter only in
// capitals and not first: "s" and "S poyasom" are the preposition с),
// numbers, and the Latin words of their lists; common English ones are
// put in Russian ("manager"). ok is false for text with a Cyrillic letter
// or none, and for an e-mail or a link, which are no words to read.
func latinReading(s string) (reading string, ok bool) {
	if !latin.Typed(s) || strings.Contains(s, "@") || strings.Contains(s, "://") {
		return "", false
	}
	kazakh := latin.Kazakh(s) || strings.ContainsAny(s, "qQ")
	var b strings.Builder
	var word []rune
	first := true
	flush := func() {
		if len(word) > 0 {
			b.WriteString(readWord(string(word), first, kazakh))
			word, first = word[:0], false
		}
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '\'' || r == '’' {
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
func readWord(w string, first, kazakh bool) string {
	lower := strings.ToLower(w)
	switch {
	case isNumber(w), latinWords[lower]:
		return w
	case letterSizes[lower] && (len(w) > 1 || w != lower && !first):
		return w // "XL", "2xl", "platye M"; not "s"
	case englishWords[lower] != "":
		return englishWords[lower]
	}
	return latin.Read(w, kazakh)
}

// latinWords are the Latin words the readers' lists hold.
var latinWords = set("hello", "hi", "ok", "okay", "thanks", "thank", "you", "kaspi", "pcs")

// englishWords are English words customers mix in, as the readers know
// them.
var englishWords = map[string]string{
	"manager": "менеджер", "operator": "оператор", "price": "цена", "prices": "цены", "delivery": "доставка",
	"shipping": "доставка", "payment": "оплата", "dress": "платье", "dresses": "платья", "size": "размер",
	"sizes": "размеры", "order": "заказ", "return": "вернуть", "refund": "возврат", "russian": "русский",
	"kazakh": "казахский", "language": "язык", "help": "помощь", "address": "адрес", "contacts": "контакты",
	"call": "позовите", "please": "пожалуйста",
}

// readable is text as the readers take it: read as Cyrillic when typed
// in Latin letters.
func readable(s string) string {
	if r, ok := latinReading(s); ok {
		return r
	}
	return s
}
