// Package latin reads text typed in Latin letters as the Cyrillic it
// stands for. Customers in Kazakhstan write so from phones without a
// Cyrillic keyboard: Russian in the informal transliteration of chats
// ("korzina", "skolko stoit dostavka?", "xochu", "4to") and Kazakh in it
// or in one of its Latin alphabets, the 2021 one (ä, ğ, ı, ñ, ö, q, ş, ū,
// ü) and the 2018 one with acutes (á, ǵ, ń, ó, ú, ý). No library reads
// this direction: those for Go write Cyrillic as Latin, by one standard
// each.
//
// A reading is for recognising words, not for showing: it is lower case,
// and where one Latin spelling stands for several Cyrillic ones it takes
// the likelier in a shop's chat ("x" is х, "j" is ж but й after a vowel,
// "ye" after a consonant is ье, as in "platye").
package latin

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Typed reports whether s is written in Latin letters: it has at least
// one and no Cyrillic letter.
func Typed(s string) bool {
	latin := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			return false
		case unicode.Is(unicode.Latin, r):
			latin = true
		}
	}
	return latin
}

// Kazakh reports whether s has a letter only the Kazakh Latin alphabets
// have (ä, ğ, ı, ñ, ö, ş, ū, ü; á, ǵ, ń, ó, ú, ý). A q, though Kazakh
// (қ), is no sign of the language: English has it too.
func Kazakh(s string) bool {
	return strings.ContainsAny(strings.ToLower(norm.NFC.String(s)), kazakhOnly)
}

// kazakhOnly are the Latin letters only Kazakh is typed with.
const kazakhOnly = "äğıñöşūüáǵńóúý"

// Cyrillic returns s read as Cyrillic, lower-cased, as Kazakh when it has
// a letter only Kazakh is typed with or a q ("qara köilek", "qansha"),
// else as Russian. Anything but Latin letters (spaces, punctuation,
// Cyrillic) is kept as it is, and so are digits but a 4 in a word, which
// chats type for ч ("4to", "rassro4ka").
func Cyrillic(s string) string {
	return Read(s, Kazakh(s) || strings.ContainsAny(strings.ToLower(s), "q"))
}

// Read is Cyrillic with the language given: kazakh reads the letters as
// Kazakh is typed (y is ы, i between a vowel and a consonant й, w у), as
// a caller reading a word alone knows from the whole text.
func Read(s string, kazakh bool) string {
	rs := []rune(strings.ToLower(norm.NFC.String(s)))
	var b strings.Builder
	b.Grow(2 * len(s))
	for i := 0; i < len(rs); {
		out, n := letter(rs, i, kazakh)
		b.WriteString(out)
		i += n
	}
	return b.String()
}

// digraphs are the spellings of one Cyrillic letter in two or more Latin
// ones, longest first. "ts" is ц only at a word's start (tsena, tsvet):
// inside one it is mostly т and с (detskoe, otsledit, vernutsya).
var digraphs = []struct{ latin, cyrillic string }{
	{"shch", "щ"}, {"sch", "щ"},
	{"sh", "ш"}, {"ch", "ч"}, {"zh", "ж"}, {"kh", "х"}, {"gh", "ғ"},
}

// softVowels are the vowels a "y" before them softens ("ya", "yu"), and
// an "i" at a word's start or after a vowel ("iubka", "poiasom").
var softVowels = map[rune]string{'a': "я", 'u': "ю", 'o': "ё", 'e': "е"}

// single are the letters read one for one; e, i, j, y, w and 4 depend on
// their neighbours or the language (letter).
var single = map[rune]string{
	'a': "а", 'b': "б", 'c': "ц", 'd': "д", 'f': "ф", 'g': "г", 'h': "х",
	'k': "к", 'l': "л", 'm': "м", 'n': "н", 'o': "о", 'p': "п", 'q': "қ", 'r': "р",
	's': "с", 't': "т", 'u': "у", 'v': "в", 'x': "х", 'z': "з",
	'\'': "ь", '’': "ь", 'ʼ': "ь",
	// Kazakh, the 2021 alphabet and the 2018 one.
	'ä': "ә", 'á': "ә", 'ğ': "ғ", 'ǵ': "ғ", 'ñ': "ң", 'ń': "ң", 'ö': "ө", 'ó': "ө",
	'ş': "ш", 'ç': "ч", 'ū': "ұ", 'ü': "ү", 'ú': "ү", 'ý': "у", 'ı': "і",
	'é': "е", 'ë': "ё",
}

// letter reads the letter at rs[i]; it returns the Cyrillic and how many
// runes it took.
func letter(rs []rune, i int, kazakh bool) (string, int) {
	r, prev, next := rs[i], at(rs, i-1), at(rs, i+1)
	switch {
	case r == '4' && (isLetter(prev) || !unicode.IsDigit(prev) && isLetter(next) && isLetter(at(rs, i+2)) && !strings.ContainsRune("sx", next)):
		return "ч", 1 // "4to", "rassro4ka"; not "4sht", "4xl", a house "4a" or "14b"
	case !unicode.Is(unicode.Latin, r) && single[r] == "":
		return string(r), 1
	}
	if r == 't' && next == 's' && !isLetter(prev) {
		return "ц", 2 // tsena
	}
	for _, d := range digraphs {
		if hasPrefix(rs[i:], d.latin) {
			return d.cyrillic, len(d.latin)
		}
	}
	if soft, ok := softVowels[next]; ok {
		// "y" before a vowel after a consonant is ь and the soft vowel
		// ("platye", "platya"), but "yu" is ю ("menyu", "bryuki");
		// elsewhere the soft vowel alone ("yeshche", "moya"). So is "i"
		// before a, u or o at a word's
		// start or after a vowel ("iubka", "poiasom"), and before u after
		// a consonant ("briuki").
		switch {
		case r == 'y' && isLetter(prev) && !vowel(prev) && next != 'u':
			return "ь" + soft, 2
		case r == 'y',
			r == 'i' && next != 'e' && (!isLetter(prev) || vowel(prev)),
			r == 'i' && next == 'u':
			return soft, 2
		}
	}
	switch r {
	case 'e':
		return "е", 1
	case 'i':
		if kazakh && vowel(prev) && isLetter(next) {
			return "й", 1 // köilek, aiyrbastau: the 2021 alphabet's i is и and й
		}
		return "и", 1
	case 'y':
		if vowel(prev) && !kazakh {
			return "й", 1 // "kakoy", "moy"; Kazakh's y is ы (qaiyrly)
		}
		return "ы", 1
	case 'j':
		if vowel(prev) && !vowel(next) {
			return "й", 1 // "moj", "novyj"
		}
		return "ж", 1 // jaqsy, jdu, uje, djinsy
	case 'w':
		if kazakh {
			return "у", 1 // taw: тау
		}
		return "ш", 1 // xorowo, rubawka
	}
	if c, ok := single[r]; ok {
		return c, 1
	}
	return string(r), 1 // a Latin letter no Russian or Kazakh word is typed with
}

// at is rs[i], or 0 outside rs.
func at(rs []rune, i int) rune {
	if i < 0 || i >= len(rs) {
		return 0
	}
	return rs[i]
}

func hasPrefix(rs []rune, p string) bool {
	if len(rs) < len(p) {
		return false
	}
	for i, c := range p {
		if rs[i] != c {
			return false
		}
	}
	return true
}

func isLetter(r rune) bool { return r != 0 && unicode.IsLetter(r) }

// vowel reports whether the Latin letter r is a vowel.
func vowel(r rune) bool {
	return strings.ContainsRune("aeiouyäáöóüúūıéë", r)
}
