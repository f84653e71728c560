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
	ws := words(s)
	ws = ws[:min(len(ws), maxQueryWords)]
	greets, thanks := courtesy(s, ws)
	switch {
	case thanks:
		t.say(messages.T(messages.YouAreWelcome), row(btn(messages.BtnMenu, dMenu)))
		return nil
	case greets:
		return t.button(dMenu)
	case asksForPerson(ws):
		return t.talk()
	case anyPrefix(ws, "корзин", "себет"):
		return t.button(dCart) // "очистить корзину": the cart, whose buttons do it
	case asksToCancel(ws):
		return t.button(dClaims)
	case anyPrefix(ws, "язык") || anyWord(ws, "тіл", "тілді", "тілін", "тілде", "тілге"):
		return t.button(dLang) // "поменять язык", before a change of an order
	case asksToChange(ws):
		t.say(messages.T(messages.ChangeOrder), row(btn(messages.BtnTalk, dTalk)), row(btn(messages.BtnMyOrders, dOrders)))
		return nil
	case asksAboutOrder(ws):
		return t.button(dOrders)
	}
	q := readQuery(t.cat, ws)
	if ok, err := t.search(q); ok || err != nil {
		return err
	}
	if d := topic(ws); d != "" {
		return t.button(d)
	}
	switch {
	case anyPrefix(ws, "скидк", "акци", "распродаж", "промокод", "купон", "жеңілдік"):
		// No price but the catalog's is promised here: a person answers.
		t.say(messages.T(messages.DiscountAsk), row(btn(messages.BtnTalk, dTalk), btn(messages.BtnCatalog, dCatalog)))
		return nil
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
// that Russian lacks (ә, ғ, қ, ң, ө, ұ, ү, һ, і). Kazakh without one
// ("рахмет") reads as either, so the client's language decides then.
func writtenInKazakh(s string) bool {
	return strings.ContainsAny(strings.ToLower(s), "әғқңөұүһі")
}

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
	return anyPrefix(ws, "менеджер", "оператор", "консультант", "человек", "поговорить", "позвоните", "перезвоните",
		"адаммен", "кеңесші")
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
	// вернуть's forms one by one: "вернусь", "вернуться в меню" are not it.
	if anyPrefix(ws, "отмен", "возврат", "возвращ", "қайтар") ||
		anyWord(ws, "вернуть", "верните", "вернете", "верну", "вернут", "вернет", "вернула", "вернули") {
		return true
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
// word, or a verb of its journey ("когда доставят?"), with a where, my or
// status word, or the tracking number; "how to order" is not one.
func asksAboutOrder(ws []string) bool {
	order, about := false, false
	for _, w := range ws {
		switch {
		case strings.HasPrefix(w, "трек"):
			return true // "а трек номер какой?"
		case strings.HasPrefix(w, "заказ") && w != "заказать" && !strings.HasPrefix(w, "заказыва"),
			strings.HasPrefix(w, "тапсырыс"),
			strings.HasPrefix(w, "посылк"), strings.HasPrefix(w, "сәлемдеме"),
			orderJourneyWords[w]:
			order = true
		case orderQuestionWords[w]:
			about = true
		}
	}
	return order && about
}

// orderQuestionWords ask where, whose or in what state: with an order
// word, a question about the customer's order.
var orderQuestionWords = set("где", "когда", "статус",
	"мой", "моя", "мое", "мои", "моего", "моей", "моим", "моему", "мою", "моих",
	"қайда", "қашан", "күйі", "менің")

// orderJourneyWords say what happens to an order on its way: with a when
// or where word ("когда придет?"), a question about the customer's order.
var orderJourneyWords = set("доставят", "доставите", "привезут", "привезете", "придет", "придут", "прийдет",
	"приедет", "приедут", "прибудет", "получу", "отправят", "отправите", "отправили", "отправлен", "отправлено",
	"жеткізесіздер", "жеткізіледі", "жібересіздер", "жібердіңіздер", "келеді", "аламын")

// topic returns the button whose page answers a question about paying,
// delivery or the shop's whereabouts ("сколько стоит доставка?", "ваш
// адрес"), "" for none.
func topic(ws []string) string {
	for _, w := range ws {
		switch {
		case anyPrefix([]string{w}, "доставк", "оплат", "оплачива", "самовывоз", "жеткіз", "төле"):
			return dInfo
		case anyPrefix([]string{w}, "адрес", "контакт", "телефон", "мекенжай", "находитесь"):
			return dContacts
		}
	}
	return ""
}

// wantsToBuy reports whether ws ask for goods ("хочу купить куртку",
// "ищу пуховик", "есть кроссовки?", "етік бар ма?"), whether or not the
// catalog has them.
func wantsToBuy(ws []string) bool {
	for i, w := range ws {
		if buyWord(w) || i == 0 && w == "есть" || w == "бар" && i+1 < len(ws) && (ws[i+1] == "ма" || ws[i+1] == "па") {
			return true
		}
	}
	return false
}

// buyWord reports whether w asks for goods ("хочу", "ищу", "сатып
// алғым"); it names none, so it is no word to search by.
func buyWord(w string) bool {
	return anyPrefix([]string{w}, "хочу", "хотел", "купить", "куплю", "ищу", "нужен", "нужна", "нужны", "подберите",
		"сатып", "іздеп", "керек", "алғым", "бергім")
}
