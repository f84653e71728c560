package flows

import (
	"slices"
	"strings"
	"unicode"

	"github.com/lete-store/letebot/messages"
)

// freeText answers text typed outside a question that is no menu word or
// order number, by what a shop's customers mean when they type instead of
// pressing a button, in this order: courtesies alone, a person asked for,
// the cart, a cancellation or return, the language, a change of an order,
// a question after an order, goods (search.go), a page's topic, discounts,
// sizes, goods the catalog lacks; "not understood" and the menu when
// nothing fits. The first maxQueryWords words decide, as in a search.
func (t *turn) freeText(s string) error {
	ws := words(firstRunes(s, maxFreeText))
	ws = ws[:min(len(ws), maxQueryWords)]
	greets, thanks := courtesy(s, ws)
	switch {
	case thanks:
		t.say(messages.T(messages.YouAreWelcome), row(btn(messages.BtnMenu, dMenu)))
		return nil
	case greets, anyPrefix(ws, "помощ", "помоги", "помочь", "көмек"):
		return t.button(dMenu) // the bot's help is its menu, the manager's button in it
	case asksForPerson(ws):
		return t.talk()
	case anyPrefix(ws, "корзин", "себет"):
		return t.button(dCart) // "очистить корзину": the cart, whose buttons do it
	case asksForLanguage(ws):
		return t.button(dLang) // "поменять язык", before a change of an order
	case asksToCancel(ws):
		switch {
		case anyPrefix(ws, "услови", "правил", "шарт"):
			return t.button(dInfo) // the return terms
		case anyWord(ws, "где", "когда", "статус", "қайда", "қашан"):
			return t.button(dClaimStatus) // "где мой возврат денег?"
		}
		return t.button(dClaims)
	case asksToChange(ws):
		t.say(messages.T(messages.ChangeOrder), row(btn(messages.BtnTalk, dTalk)), row(btn(messages.BtnMyOrders, dOrders)))
		return nil
	case asksHowToOrder(ws):
		if t.s.Cart.Pieces() > 0 {
			return t.button(dCheckout)
		}
		return t.button(dCatalog)
	case asksAboutOrder(ws):
		return t.button(dOrders)
	case anyPrefix(ws, "скидк", "акци", "распродаж", "промокод", "купон", "жеңілдік"):
		// No price but the catalog's is promised here: a person answers.
		t.say(messages.T(messages.DiscountAsk), row(btn(messages.BtnTalk, dTalk), btn(messages.BtnCatalog, dCatalog)))
		return nil
	}
	q := readQuery(t.cat, ws)
	if ok, err := t.search(q); ok || err != nil {
		return err
	}
	if asksWhenItComes(ws) {
		return t.button(dOrders) // "когда доставят?" names no goods: an order's journey
	}
	if anyPrefix(ws, "каталог") {
		return t.button(dCatalog) // "каталогты қарау", "покажите каталог"
	}
	if d := topic(ws); d != "" {
		return t.button(d)
	}
	switch {
	case q.sizeAsked && len(q.sizes) == 0:
		t.say(messages.T(messages.SizeHelp), row(btn(messages.BtnCatalog, dCatalog), btn(messages.BtnTalk, dTalk)))
		return nil
	case wantsToBuy(ws) && len(q.names) == 0 && !q.narrows():
		return t.button(dCatalog) // "хочу купить": nothing named yet
	case wantsToBuy(ws) || q.narrows():
		t.say(messages.T(messages.NotInCatalog), row(btn(messages.BtnCategories, dCatalog), btn(messages.BtnTalk, dTalk)))
		return nil
	}
	if !t.first {
		t.say(messages.T(messages.NotUnderstood))
	}
	return t.menu()
}

// maxFreeText bounds the text read for what it asks, so a pasted page
// costs no more than a message.
const maxFreeText = 1000

// firstRunes is s cut to its first n runes.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// asksSomething reports whether a chat's first input asks more than a
// welcome answers: text that is no command and no courtesy alone.
func asksSomething(in Input) bool {
	if in.Kind != TextInput {
		return false
	}
	if _, ok := command(in.Text); ok {
		return false
	}
	greets, thanks := courtesy(in.Text, words(in.Text))
	return !greets && !thanks && strings.TrimSpace(in.Text) != ""
}

// writtenInKazakh reports whether s has a letter of the Kazakh alphabet
// that Russian lacks (ә, ғ, қ, ң, ө, ұ, ү, һ, і) and no everyday Russian
// word: "Здравствуйте, меня зовут Әлия" is Russian with a Kazakh name.
// Kazakh without such a letter ("рахмет") reads as either, so the
// client's language decides then.
func writtenInKazakh(s string) bool {
	if !strings.ContainsAny(strings.ToLower(s), "әғқңөұүһі") {
		return false
	}
	for _, w := range words(firstRunes(s, maxFreeText)) {
		if russianWords[w] {
			return false
		}
	}
	return true
}

// russianWords are words a Russian message is hardly without and Kazakh
// has not.
var russianWords = set("в", "во", "на", "и", "с", "у", "к", "по", "из", "не", "нет", "я", "мне", "меня", "мой", "моя",
	"мои", "вы", "вас", "вам", "где", "когда", "как", "что", "это", "есть", "можно", "хочу", "здравствуйте", "привет",
	"добрый", "день", "зовут", "заказ", "доставка", "спасибо", "пожалуйста", "платье")

// words are s's words, lower-cased, with ё as е (catalogs and customers
// write either).
func words(s string) []string {
	s = strings.ReplaceAll(strings.ToLower(s), "ё", "е")
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// courtesy reports whether a message is courtesies alone: a greeting
// ("добрый день", "сәлеметсіз бе") or thanks and goodbyes ("спасибо
// большое", "рахмет", "👍"), which need an answer in kind, not "not
// understood".
func courtesy(s string, ws []string) (greets, thanks bool) {
	if len(ws) == 0 {
		return false, strings.ContainsAny(s, "👍🙏❤👌🤝🌹💐☺😊🙂😍🥰")
	}
	for _, w := range ws {
		switch {
		case thankWords[w]:
			thanks = true
		case !greetWords[w]:
			return false, false
		}
	}
	return !thanks, thanks
}

var greetWords = set("привет", "здравствуйте", "здравствуй", "добрый", "доброе", "день", "утро", "вечер",
	"салам", "салем", "сәлем", "сәлеметсіз", "сәлеметсіздер", "бе", "қайырлы", "таң", "кеш", "күн", "hello", "hi")

var thankWords = set("спасибо", "спс", "спасиб", "пасиб", "пасибо", "благодарю", "благодарим", "большое", "огромное",
	"вам", "ок", "окей", "ok", "okay", "хорошо", "понятно", "ясно", "ладно", "отлично", "понял", "поняла",
	"до", "свидания", "пока", "всего", "доброго", "хорошего", "дня",
	"рахмет", "рақмет", "рахмат", "көп", "сізге", "жақсы", "түсінікті", "керемет", "сау", "болыңыз", "thanks", "thank", "you")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// asksForPerson reports whether ws ask for a person ("хочу поговорить с
// человеком", "позовите консультанта", "менеджерге жазғым келеді").
func asksForPerson(ws []string) bool {
	// "человеком", "человеку": to a person; not "платье на полного человека".
	return anyPrefix(ws, "менеджер", "оператор", "консульт", "поговорить", "позвоните", "перезвоните", "адаммен", "кеңесші") ||
		anyWord(ws, "человеком", "человеку")
}

// asksForLanguage reports whether ws ask for the other language
// ("поменять язык", "можно на казахском?", "қазақшаға ауыстырыңыз"); "с
// казахским орнаментом" is a product's name.
func asksForLanguage(ws []string) bool {
	if anyPrefix(ws, "язык", "қазақша", "орысша") || anyWord(ws, "тіл", "тілді", "тілін", "тілде", "тілге") {
		return true
	}
	for i := 1; i < len(ws); i++ {
		if (ws[i-1] == "на" || ws[i-1] == "по") && anyPrefix(ws[i:i+1], "казахск", "русск") {
			return true
		}
	}
	return false
}

// asksHowToOrder reports whether ws ask how or where to order ("как
// оформить заказ?", "где сделать заказ"): the catalog, or the checkout
// of a full cart, starts it.
func asksHowToOrder(ws []string) bool {
	return anyPrefix(ws, "оформ", "рәсімде") || anyWord(ws, "заказать", "сделать") && anyPrefix(ws, "заказ")
}

// anyPrefix reports whether a word of ws starts with one of prefixes.
func anyPrefix(ws []string, prefixes ...string) bool {
	for _, w := range ws {
		for _, p := range prefixes {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return false
}

// anyWord reports whether ws hold one of these words as they are.
func anyWord(ws []string, these ...string) bool {
	for _, w := range ws {
		if slices.Contains(these, w) {
			return true
		}
	}
	return false
}

// asksToCancel reports whether ws ask to cancel an order or return goods
// ("хочу отменить заказ", "как вернуть платье?", "тауарды қайтарғым
// келеді"): the cancellation and return page answers, before any order
// or product they name.
func asksToCancel(ws []string) bool {
	// вернуть's forms one by one: "вернусь", "вернуться в меню" are not it;
	// nor is "отменный сервис".
	if anyPrefix(ws, "возврат", "возвращ", "қайтар", "обмен", "айырбас") ||
		anyWord(ws, "вернуть", "верните", "вернете", "верну", "вернут", "вернет", "вернула", "вернули") {
		return true
	}
	for _, w := range ws {
		if strings.HasPrefix(w, "отмен") && !strings.HasPrefix(w, "отменн") {
			return true
		}
	}
	for i, w := range ws {
		if w == "бас" && i+1 < len(ws) && strings.HasPrefix(ws[i+1], "тарт") {
			return true
		}
	}
	return false
}

// asksToChange reports whether ws ask to change something ("можно
// поменять адрес?", "изменить размер", "мекенжайды өзгерту"): in an order
// placed, only staff can.
func asksToChange(ws []string) bool {
	return anyPrefix(ws, "поменя", "измени", "сменить", "исправ", "өзгерт", "ауыстыр")
}

// asksAboutOrder reports whether ws ask where or how an order is: an order
// word with a where, my or status word, or the tracking number; "how to
// order" is not one.
func asksAboutOrder(ws []string) bool {
	order, about := false, false
	for _, w := range ws {
		switch {
		case strings.HasPrefix(w, "трек"), strings.HasPrefix(w, "статус"):
			return true // "а трек номер какой?", "хочу узнать статус"
		case strings.HasPrefix(w, "заказ") && w != "заказать" && !strings.HasPrefix(w, "заказыва"),
			strings.HasPrefix(w, "тапсырыс"),
			strings.HasPrefix(w, "посылк"), strings.HasPrefix(w, "сәлемдеме"):
			order = true
		case orderQuestionWords[w]:
			about = true
		}
	}
	return order && about
}

// asksWhenItComes reports whether ws ask when or where something comes
// with a verb of an order's journey ("когда доставят?", "қашан
// жеткізіледі?"). Read after the search, so "когда придут новые платья?"
// lists the dresses.
func asksWhenItComes(ws []string) bool {
	journey, when := false, false
	for _, w := range ws {
		journey = journey || orderJourneyWords[w]
		when = when || anyWord([]string{w}, "где", "когда", "қайда", "қашан")
	}
	return journey && when
}

// orderQuestionWords ask where, whose or in what state: with an order
// word, a question about the customer's order.
var orderQuestionWords = set("где", "когда",
	"мой", "моя", "мое", "мои", "моего", "моей", "моим", "моему", "мою", "моих",
	"қайда", "қашан", "күйі", "менің")

// orderJourneyWords say what happens to an order on its way: with a when
// or where word ("когда придет?"), a question about the customer's order.
var orderJourneyWords = set("доставят", "доставите", "привезут", "привезете", "придет", "придут", "прийдет",
	"приедет", "приедут", "прибудет", "получу", "отправят", "отправите", "отправили", "отправлен", "отправлено",
	"жеткізесіздер", "жеткізіледі", "жібересіздер", "жібердіңіздер", "аламын")

// topic returns the button whose page answers a question about paying,
// delivery or the shop's whereabouts ("сколько стоит доставка?", "ваш
// адрес"), "" for none.
func topic(ws []string) string {
	for _, w := range ws {
		switch {
		case anyPrefix([]string{w}, "доставк", "доставл", "доставя", "оплат", "оплачива", "самовывоз", "жеткіз", "төле",
			"рассрочк", "кредит", "каспи", "kaspi", "карт"):
			return dInfo // how and where goods come, and how to pay (by card only)
		case anyPrefix([]string{w}, "адрес", "контакт", "телефон", "мекенжай", "находитесь", "магазин", "дүкен"):
			return dContacts
		}
	}
	return ""
}

// wantsToBuy reports whether ws ask for goods ("хочу купить куртку",
// "ищу пуховик", "есть кроссовки?", "серьги есть?", "етік бар ма?"),
// whether or not the catalog has them.
func wantsToBuy(ws []string) bool {
	for i, w := range ws {
		if buyWord(w) || (i == 0 || i == len(ws)-1) && w == "есть" || w == "бар" && i+1 < len(ws) && (ws[i+1] == "ма" || ws[i+1] == "па") {
			return true
		}
	}
	return false
}

// buyWord reports whether w asks for goods ("хочу", "ищу", "сатып
// алғым"); it names none, so it is no word to search by.
func buyWord(w string) bool {
	// Not хочу or керек: "хочу уточнить", "маған не керек". "Нужна помощь"
	// is read before, as help.
	return anyPrefix([]string{w}, "купить", "куплю", "ищу", "нужен", "нужна", "нужны", "подберите",
		"сатып", "іздеп", "алғым", "бергім")
}
