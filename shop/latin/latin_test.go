package latin

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTyped(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"korzina", true},
		{"Sälem!", true},
		{"LT-00042", true},
		{"корзина", false},
		{"платье M", false}, // Cyrillic with a Latin size is Cyrillic
		{"42", false},
		{"👍", false},
		{"", false},
	} {
		if got := Typed(c.in); got != c.want {
			t.Errorf("Typed(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestCyrillic(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Russian, as people type it without a Cyrillic keyboard.
		{"korzina", "корзина"},
		{"Privet", "привет"},
		{"skolko stoit dostavka?", "сколко стоит доставка?"},
		{"skol'ko", "сколько"},
		{"hochu zakazat platye", "хочу заказат платье"},
		{"u vas est platya?", "у вас ест платья?"},
		{"kakoy razmer", "какой размер"},
		{"chernoe", "черное"},
		{"zhenskaya obuv", "женская обув"},
		{"shchetka, schet", "щетка, щет"},
		{"tsena", "цена"},
		{"gde moy zakaz", "где мой заказ"},
		{"moi zakazy", "мои заказы"},
		{"novyy, siniy", "новый, синий"},
		{"yeshche", "еще"},
		{"xochu, xorowo", "хочу, хорошо"}, // chat's x and w
		{"4to, rassro4ka", "что, рассрочка"},
		{"4sht, 4xl, 4a, 14b", "4шт, 4хл, 4а, 14б"}, // a 4 before a unit, a size or a house's letter stays
		{"detskoe, otsledit, svitshot", "детское, отследит, свитшот"},
		{"uje, jdu, djinsy", "уже, жду, джинсы"},
		{"moj, novyj", "мой, новый"},
		{"menyu, bryuki, dlya", "меню, брюки, длья"},
		{"iubka, poiasom, briuki, variant", "юбка, поясом, брюки, вариант"},
		{"Sa\u0308lem", "сәлем"}, // decomposed: normalised first
		{"menedzher", "менеджер"},
		{"LT-00042", "лт-00042"},
		// Kazakh: informal, and its Latin alphabets.
		{"salem", "салем"},
		{"Sälem", "сәлем"},
		{"qansha turady", "қанша турады"},
		{"tapsyrys qaida", "тапсырыс қайда"},
		{"jaqsy", "жақсы"},
		{"jetkizu qashan", "жеткизу қашан"},
		{"Rahmet!", "рахмет!"},
		{"salemetsiz be", "салеметсиз бе"},
		{"qaiyrly kun", "қайырлы кун"},
		{"baghasy qansha", "бағасы қанша"},
		{"köilek bar ma?", "көйлек бар ма?"},
		{"koilek kaida", "коилек каида"}, // и for й: the readers fold й as и
		{"bılım", "білім"},
		{"añ", "аң"},
		// Not letters: kept.
		{"2 sht.", "2 шт."},
		{"😊 ok", "😊 ок"},
	} {
		if got := Cyrillic(c.in); got != c.want {
			t.Errorf("Cyrillic(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestKazakh(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"Sälem", true},
		{"Qalaiñ qalai?", true},
		{"SÁLEM", true},
		{"qwerty", false},
		{"salem", false}, // either language: the client's decides
		{"privet", false},
	} {
		if got := Kazakh(c.in); got != c.want {
			t.Errorf("Kazakh(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// FuzzCyrillic: any text reads without a panic, stays valid UTF-8, and
// keeps no ASCII letter: each has a reading.
func FuzzCyrillic(f *testing.F) {
	for _, s := range []string{"korzina", "Sälem!", "shchYEyo'", "kóılek ñ", "qwerty 42", "платье M"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got := Cyrillic(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Cyrillic(%q) = %q, not UTF-8", s, got)
		}
		if i := strings.IndexFunc(got, func(r rune) bool { return r < 128 && unicode.IsLetter(r) }); i >= 0 {
			t.Fatalf("Cyrillic(%q) = %q keeps a Latin letter", s, got)
		}
	})
}

// TestReadKazakh: a word read alone as Kazakh, as the chat's language or
// the rest of its text says it is.
func TestReadKazakh(t *testing.T) {
	for _, c := range []struct{ in, kk, ru string }{
		{"jeide", "жейде", "жеиде"},
		{"aiyrbastau", "айырбастау", "аийрбастау"},
		{"jumys", "жумыс", "жумыс"},
		{"taw", "тау", "таш"},
		{"kakoy", "какоы", "какой"},
	} {
		if got := Read(c.in, true); got != c.kk {
			t.Errorf("Read(%q, kazakh) = %q, want %q", c.in, got, c.kk)
		}
		if got := Read(c.in, false); got != c.ru {
			t.Errorf("Read(%q, russian) = %q, want %q", c.in, got, c.ru)
		}
	}
}
