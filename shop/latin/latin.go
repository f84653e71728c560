// Package latin reads text typed in Latin letters as the Cyrillic it
// stands for. Customers in Kazakhstan write so from phones without a
// Cyrillic keyboard: Russian in the informal transliteration
// ("korzina", "skolko stoit dostavka?") and Kazakh in it or in one of its
// Latin alphabets, the 2021 one (ä, ğ, q, ñ, ö, ş, ū, ü) and the 2018 one
// with acutes (á, ǵ, ń, ó, ú, ý). No library reads this direction: those
// for Go write Cyrillic as Latin, by one standard each.
//
// A reading is for recognising words, not for showing: it is lower case,
// and where one Latin spelling stands for several Cyrillic ones it takes
// the likelier (a "y" after a vowel is й, else ы; "ye" after a consonant
// is ье, as in "platye").
package latin

import (
	"strings"
	"unicode"
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
// have (ä, ğ, ñ, ö, ş, ū, ü, ı; á, ǵ, ń, ó, ú, ý). A q, though Kazakh
// (қ), is no sign: English has it too.
func Kazakh(s string) bool {
	return strings.ContainsAny(strings.ToLower(s), strings.ReplaceAll(kazakhOnly, "q", ""))
}

// Cyrillic returns s read as Cyrillic, lower-cased. Anything but Latin
// letters (digits, spaces, punctuation, Cyrillic) is kept as it is.
func Cyrillic(s string) string {
	rs := []rune(strings.ToLower(s))
	kazakh := strings.ContainsAny(string(rs), kazakhOnly)
	var b strings.Builder
	b.Grow(2 * len(s))
	for i := 0; i < len(rs); {
		prev := rune(0)
		if i > 0 {
			prev = rs[i-1]
		}
		out, n := letter(rs[i:], prev, kazakh)
		b.WriteString(out)
		i += n
	}
	return b.String()
}

// kazakhOnly are Latin letters only Kazakh is typed with: a text holding
// one is Kazakh, and its "j" is ж (jaqsy, joq) rather than й.
const kazakhOnly = "äğqñöşūüıáǵńóúý"

// digraphs are the spellings of one Cyrillic letter in two or more Latin
// ones, longest first.
var digraphs = []struct{ latin, cyrillic string }{
	{"shch", "щ"}, {"sch", "щ"},
	{"sh", "ш"}, {"ch", "ч"}, {"zh", "ж"}, {"kh", "х"}, {"ts", "ц"},
}

// softVowels are the vowels a "y" or "j" before them softens.
var softVowels = map[rune]string{'a': "я", 'u': "ю", 'o': "ё", 'e': "е"}

// single are the letters read one for one; y, j and e depend on their
// neighbours (letter).
var single = map[rune]string{
	'a': "а", 'b': "б", 'c': "ц", 'd': "д", 'f': "ф", 'g': "г", 'h': "х", 'i': "и",
	'k': "к", 'l': "л", 'm': "м", 'n': "н", 'o': "о", 'p': "п", 'q': "қ", 'r': "р",
	's': "с", 't': "т", 'u': "у", 'v': "в", 'w': "в", 'x': "кс", 'z': "з",
	'\'': "ь", '’': "ь", 'ʼ': "ь",
	// Kazakh, the 2021 alphabet and the 2018 one.
	'ä': "ә", 'á': "ә", 'ğ': "ғ", 'ǵ': "ғ", 'ñ': "ң", 'ń': "ң", 'ö': "ө", 'ó': "ө",
	'ş': "ш", 'ç': "ч", 'ū': "ұ", 'ü': "ү", 'ú': "ү", 'ý': "у", 'ı': "і",
	'é': "е", 'ë': "ё",
}

// letter reads the letter at the start of rs, prev being the rune before
// it; it returns the Cyrillic and how many runes it took.
func letter(rs []rune, prev rune, kazakh bool) (string, int) {
	r := rs[0]
	if !unicode.Is(unicode.Latin, r) && single[r] == "" {
		return string(r), 1
	}
	if r == 'j' && kazakh {
		return "ж", 1 // jaqsy, jetkizu: жақсы, жеткізу
	}
	if r == 'i' && kazakh && vowel(prev) {
		return "й", 1 // köilek: көйлек (the 2021 alphabet's i is и and й)
	}
	for _, d := range digraphs {
		if hasPrefix(rs, d.latin) {
			return d.cyrillic, len(d.latin)
		}
	}
	// "y" or "j" before a vowel after a consonant is ь and the soft vowel
	// ("platye", "platya", "semyu"); elsewhere it is the soft vowel alone
	// ("yeshche", "moya").
	if (r == 'y' || r == 'j') && len(rs) > 1 {
		if soft, ok := softVowels[rs[1]]; ok {
			if isLetter(prev) && !vowel(prev) {
				return "ь" + soft, 2
			}
			return soft, 2
		}
	}
	switch r {
	case 'y':
		if vowel(prev) {
			return "й", 1 // "kakoy", "moy"
		}
		return "ы", 1
	case 'j':
		return "й", 1
	case 'e':
		return "е", 1
	}
	if c, ok := single[r]; ok {
		return c, 1
	}
	return string(r), 1 // a Latin letter no Russian or Kazakh word is typed with
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
