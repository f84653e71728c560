package whatsapp

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/lete-store/letebot/bot"
)

// rigButtons returns n data buttons "Товар 1"… with data "p:1"…, one a row.
func rigButtons(n int) [][]bot.Button {
	var rows [][]bot.Button
	for i := 1; i <= n; i++ {
		rows = append(rows, []bot.Button{{Label: fmt.Sprintf("Товар %d", i), Data: fmt.Sprintf("p:%d", i)}})
	}
	return rows
}

// rigOptions is the menu of rigButtons(n).
func rigOptions(n int) []option {
	var o []option
	for i := 1; i <= n; i++ {
		o = append(o, option{Label: fmt.Sprintf("Товар %d", i), Data: fmt.Sprintf("p:%d", i)})
	}
	return o
}

func TestMenuOf(t *testing.T) {
	r := bot.Reply{Text: "Главное меню", Lang: "ru", Buttons: [][]bot.Button{
		{{Label: "🛍 Каталог", Data: "cat"}, {Label: "🛒 Корзина (2)", Data: "cart"}},
		{{Label: "Сайт", URL: "https://lete.kz"}},
		{{Label: "📱 Поделиться номером", Phone: true}, {Label: "📍 Геолокация", Location: true}},
		{{Label: "💬 Менеджер", Data: "help"}, {Label: "Instagram", URL: "https://instagram.com/lete.kz"}},
	}}
	m, links := menuOf(r)
	wantOpts := []option{{"🛍 Каталог", "cat"}, {"🛒 Корзина (2)", "cart"}, {"💬 Менеджер", "help"}}
	if !reflect.DeepEqual(m.Options, wantOpts) || m.Lang != "ru" || m.First != 0 {
		t.Errorf("menu = %+v, want options %+v in ru", m, wantOpts)
	}
	wantLinks := []link{{"Сайт", "https://lete.kz"}, {"Instagram", "https://instagram.com/lete.kz"}}
	if !reflect.DeepEqual(links, wantLinks) {
		t.Errorf("links = %+v, want %+v", links, wantLinks)
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name  string
		reply bot.Reply
		first int
		want  string
	}{
		{
			name:  "text only",
			reply: bot.Reply{Text: "  Спасибо за заказ!\n"},
			want:  "Спасибо за заказ!",
		},
		{
			name: "numbered options",
			reply: bot.Reply{Text: "Главное меню. Что Вас интересует?", Buttons: [][]bot.Button{
				{{Label: "🛍 Каталог", Data: "cat"}, {Label: "🛒 Корзина (2)", Data: "cart"}},
				{{Label: "💬 Связаться с менеджером", Data: "help"}}}},
			want: "Главное меню. Что Вас интересует?\n\n1. 🛍 Каталог\n2. 🛒 Корзина (2)\n3. 💬 Связаться с менеджером",
		},
		{
			name: "URL buttons as lines, then options",
			reply: bot.Reply{Text: "Оплатите заказ по ссылке:", Buttons: [][]bot.Button{
				{{Label: "💳 Оплатить", URL: "https://pay.example/o/LT-00001"}},
				{{Label: "❌ Отменить", Data: "cancel"}}}},
			want: "Оплатите заказ по ссылке:\n\n🔗 💳 Оплатить: https://pay.example/o/LT-00001\n\n1. ❌ Отменить",
		},
		{
			name: "links only",
			reply: bot.Reply{Text: "Наш сайт", Buttons: [][]bot.Button{
				{{Label: "Сайт", URL: "https://lete.kz"}, {Label: "2GIS", URL: "https://2gis.kz/almaty/lete"}}}},
			want: "Наш сайт\n\n🔗 Сайт: https://lete.kz\n🔗 2GIS: https://2gis.kz/almaty/lete",
		},
		{
			name:  "options without text",
			reply: bot.Reply{Buttons: rigButtons(2)},
			want:  "1. Товар 1\n2. Товар 2",
		},
		{
			name:  "request buttons only: nothing to list",
			reply: bot.Reply{Text: "Поделитесь номером", Buttons: [][]bot.Button{{{Label: "📱", Phone: true}}}},
			want:  "Поделитесь номером",
		},
		{
			name:  "nine options fit one page",
			reply: bot.Reply{Text: "Товары:", Lang: "ru", Buttons: rigButtons(9)},
			want: "Товары:\n\n1. Товар 1\n2. Товар 2\n3. Товар 3\n4. Товар 4\n5. Товар 5\n6. Товар 6\n" +
				"7. Товар 7\n8. Товар 8\n9. Товар 9",
		},
		{
			name:  "ten options: the first page and more, in Russian",
			reply: bot.Reply{Text: "Товары:", Lang: "ru", Buttons: rigButtons(10)},
			want: "Товары:\n\n1. Товар 1\n2. Товар 2\n3. Товар 3\n4. Товар 4\n5. Товар 5\n6. Товар 6\n" +
				"7. Товар 7\n8. Товар 8\n9. Товар 9\n0. Ещё",
		},
		{
			name:  "second page numbered on, more in Kazakh",
			reply: bot.Reply{Lang: "kk", Buttons: rigButtons(20)},
			first: 9,
			want:  "10. Товар 10\n11. Товар 11\n12. Товар 12\n13. Товар 13\n14. Товар 14\n15. Товар 15\n16. Товар 16\n17. Товар 17\n18. Товар 18\n0. Тағы",
		},
		{
			name:  "last page: no more",
			reply: bot.Reply{Lang: "kk", Buttons: rigButtons(20)},
			first: 18,
			want:  "19. Товар 19\n20. Товар 20",
		},
		{
			name: "a list of numbers: in a row, the rest by words",
			reply: bot.Reply{Text: "Сколько штук?", Buttons: [][]bot.Button{
				{{Label: "1", Data: "a:V1:1"}, {Label: "2", Data: "a:V1:2"}, {Label: "3", Data: "a:V1:3"}},
				{{Label: "◀ Назад", Data: "p:SKU1"}}}},
			want: "Сколько штук?\n\n1 · 2 · 3\n• ◀ Назад",
		},
		{
			name: "cart lines are not a list of numbers",
			reply: bot.Reply{Text: "Корзина", Buttons: [][]bot.Button{
				{{Label: "1: −1", Data: "dec:V1"}, {Label: "1: +1", Data: "inc:V1"}, {Label: "1: ✖", Data: "rm:V1"}},
				{{Label: "✅ Оформить", Data: "checkout"}}}},
			want: "Корзина\n\n1. 1: −1\n2. 1: +1\n3. 1: ✖\n4. ✅ Оформить",
		},
		{
			name:  "past the end",
			reply: bot.Reply{Text: "Товары:", Buttons: rigButtons(3)},
			first: 9,
			want:  "Товары:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, nil)
			m, links := menuOf(tt.reply)
			if got := r.a.render(tt.reply.Text, m, links, tt.first); got != tt.want {
				t.Errorf("render:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestInterpret(t *testing.T) {
	main := menu{Options: []option{
		{"🛍 Каталог", "cat"},
		{"🛒 Корзина (2)", "cart"},
		{"💬 Связаться с менеджером", "help"},
		{"🌐 Тіл / Язык", "lang"},
	}}
	long := strings.Repeat("очень длинное название ", 3) + "платья" // over 64 runes
	withLong := menu{Options: []option{{long, "long"}, {"Назад", "back"}}}
	// How many pieces: the options are numbers themselves, then Back.
	qty := menu{Options: []option{{"1", "a:V1:1"}, {"2", "a:V1:2"}, {"3", "a:V1:3"}, {"4", "a:V1:4"}, {"5", "a:V1:5"},
		{"◀ Назад", "p:SKU1"}}}
	paged := menu{Options: rigOptions(12)}
	page2 := menu{Options: rigOptions(12), First: 9}

	tests := []struct {
		name     string
		m        menu
		text     string
		want     answer
		wantData string
	}{
		{"digit", main, "1", pressed, "cat"},
		{"digit with spaces", main, "  2 \n", pressed, "cart"},
		{"digit and dot", main, "2.", pressed, "cart"},
		{"digit and parenthesis", main, "3)", pressed, "help"},
		{"last option", main, "4", pressed, "lang"},
		{"out of range", main, "5", notAnAnswer, ""},
		{"far out of range", main, "999", notAnAnswer, ""},
		{"negative", main, "-1", notAnAnswer, ""},
		{"zero without more pages", main, "0", notAnAnswer, ""},
		{"a long number is text", main, "87011234567", notAnAnswer, ""},
		{"two numbers", main, "1 2", notAnAnswer, ""},
		{"label words", main, "каталог", pressed, "cat"},
		{"label, other case and no emoji", main, "КОРЗИНА 2", pressed, "cart"},
		{"label with the emoji and punctuation", main, "🛒 корзина (2)!", pressed, "cart"},
		{"label, punctuation between words", main, "Связаться, с менеджером!!", pressed, "help"},
		{"label with a slash", main, "тіл язык", pressed, "lang"},
		{"label without its count", main, "корзина", pressed, "cart"},
		{"label with another count", main, "корзина 3", notAnAnswer, ""},
		{"part of a label", main, "связаться", notAnAnswer, ""},
		{"label inside a sentence", main, "хочу каталог", notAnAnswer, ""},
		{"punctuation only", main, "?!", notAnAnswer, ""},
		{"empty", main, "", notAnAnswer, ""},
		{"long text matching a long label", withLong, long, notAnAnswer, ""},
		{"short label beside a long one", withLong, "назад", pressed, "back"},
		{"number list: a number is itself", qty, "3", pressed, "a:V1:3"},
		{"number list: with a dot", qty, "5.", pressed, "a:V1:5"},
		{"number list: not the sixth option", qty, "6", notAnAnswer, ""},
		{"number list: zero", qty, "0", notAnAnswer, ""},
		{"number list: words", qty, "назад", pressed, "p:SKU1"},
		{"zero with more pages", paged, "0", morePlease, ""},
		{"zero on the last page", page2, "0", notAnAnswer, ""},
		{"digit on a later page", page2, "11", pressed, "p:11"},
		{"earlier page's digit still counts", page2, "2", pressed, "p:2"},
		{"later page's digit from the first page", paged, "12", pressed, "p:12"},
		{"past the last option", page2, "13", notAnAnswer, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, data := tt.m.interpret(tt.text)
			if got != tt.want || data != tt.wantData {
				t.Errorf("interpret(%q) = %v, %q; want %v, %q", tt.text, got, data, tt.want, tt.wantData)
			}
		})
	}
}

// TestInterpretCartLines: the cart lists, per line, "N: −1", "N: +1" and
// "N: ✖" (messages.BtnDec, BtnInc, BtnRemove), then checkout and the rest.
// Its digits are positions like any list's: "1" is the first option, not
// "1: ✖" (which normalizes to "1"), which would remove the line.
func TestInterpretCartLines(t *testing.T) {
	cart := menu{Options: []option{
		{"1: −1", "dec:V1"}, {"1: +1", "inc:V1"}, {"1: ✖", "rm:V1"},
		{"2: −1", "dec:V2"}, {"2: +1", "inc:V2"}, {"2: ✖", "rm:V2"},
		{"✅ Оформить заказ", "checkout"}, {"🗑 Очистить", "clear"}, {"🛍 Каталог", "cat"},
	}}
	for _, tt := range []struct{ text, want string }{{"1", "dec:V1"}, {"2", "inc:V1"}, {"6", "rm:V2"}, {"7", "checkout"}} {
		if got, data := cart.interpret(tt.text); got != pressed || data != tt.want {
			t.Errorf("interpret(%q) = %v, %q; want pressed %q", tt.text, got, data, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"🛒 Корзина (2)", "корзина 2"},
		{"  корзина   2 ", "корзина 2"},
		{"Қазақша!", "қазақша"},
		{"—", ""},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestInterpretLetterlikeEmoji: "ℹ️" (U+2139 U+FE0F) opens the contacts
// button's label in both languages (messages.BtnContacts), and U+2139 is a
// letter to package unicode (category Ll, script Common).
func TestInterpretLetterlikeEmoji(t *testing.T) {

	m := menu{Options: []option{{"ℹ️ Контакты и конфиденциальность", "contacts"}, {"ℹ️ Байланыс және құпиялылық", "kk"}}}
	for _, text := range []string{"Контакты и конфиденциальность", "байланыс және құпиялылық"} {
		if got, _ := m.interpret(text); got != pressed {
			t.Errorf("interpret(%q) = %v, want pressed", text, got)
		}
	}
}

func TestMenuEncodeDecode(t *testing.T) {
	tests := []struct {
		name string
		m    menu
	}{
		{"one option", menu{Options: []option{{"🛍 Каталог", "cat"}}}},
		{"paged, with language", menu{Options: rigOptions(20), First: 9, Lang: "kk"}},
		{"quotes and newlines", menu{Options: []option{{`"Лето" \ 2026` + "\n", "a:SKU-1:M:2"}}, Lang: "ru"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := decodeMenu(tt.m.encode())
			if !ok || !reflect.DeepEqual(got, tt.m) {
				t.Errorf("decodeMenu(encode(%+v)) = %+v, %v", tt.m, got, ok)
			}
		})
	}
	for _, raw := range []string{"", "not json", `{"o":`, `[1,2]`} {
		if m, ok := decodeMenu([]byte(raw)); ok {
			t.Errorf("decodeMenu(%q) = %+v, true; want false", raw, m)
		}
	}
}
