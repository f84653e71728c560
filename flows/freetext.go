package flows

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop/latin"
)

// freeText answers text typed outside a question that is no menu word or
// order number, by what a shop's customers mean when they type instead of
// pressing a button. The readers go in the order of the cases below, the
// first that fits answering: an order's number ("заказ 42"), then what
// asks for something else than goods (courtesies, help, a person, the
// erasure of the customer's data, the cart, the language, a return, a
// change, an order, discounts, paying and delivery, the hours, praise
// alone), then a change of the cart's lines (cartedit.go), goods
// (search.go), then what names no goods (how to order, when an order
// comes, prices, contacts, thanks, sizes, a wish to buy); "not understood"
// and the menu when nothing fits. The first maxQueryWords words of the
// first maxFreeText runes decide; e-mail addresses and links are left out.
func (t *turn) freeText(s string) error {
	s = withoutAddresses(s) // an e-mail's "s" is no size S
	question := strings.Contains(s, "?")
	ws := words(firstRunes(s, maxFreeText))
	if t.misses >= 2 && (confirms(s) || len(ws) <= 2 && anyWord(ws, "давайте", "позовите", "зовите", "позови", "шақырыңыз")) {
		return t.talk() // "да" to "Позвать менеджера?", asked after the second miss
	}
	if id, ok := orderNumberIn(s, ws); ok {
		return t.order(strconv.FormatInt(id, 10)) // "заказ 42": only the chat's own shows
	}
	ws = ws[:min(len(ws), maxQueryWords)]
	if n, noun := waybillOf(ws); n != "" {
		// "отправила, накладная 1122334455": the return instructions ask
		// for it in this chat.
		if ok, err := t.returnWaybill(n); ok || err != nil {
			return err
		}
		// "отправила на обмен, накладная ...": goods sent back with no
		// application; not our own tracking number asked about.
		if noun && !trackingFails(ws) && !asksAboutOrder(ws) && !asksWhenItComes(ws) {
			if ok, err := t.exchangeWaybill(n); ok || err != nil {
				return err
			}
		}
	}
	greets, thanks := courtesy(s, ws)
	switch {
	case thanks:
		t.say(messages.T(messages.YouAreWelcome), row(btn(messages.BtnMenu, dMenu)))
		return nil
	case greets, anyPrefix(ws, "помощ", "помоги", "помочь", "көмек") && !anyWord(ws, strongThanks...):
		return t.button(dMenu) // the bot's help is its menu, the manager's button in it
	case asksForPerson(ws):
		return t.talk()
	case asksToForget(ws):
		return t.button(dForget) // "удалите, пожалуйста, мои данные"
	case anyPrefix(ws, "корзин", "себет"):
		return t.button(dCart) // "очистить корзину": the cart, whose buttons do it
	case asksForLanguage(ws):
		return t.button(dLang) // "поменять язык", before a change of an order
	case complainsOfGoods(ws):
		return t.button(dClaims) // a return of goods that came wrong or damaged
	case asksToCancel(ws):
		switch {
		case anyPrefix(ws, "услови", "правил", "шарт"):
			return t.button(dInfo) // the return terms
		case anyWord(ws, "где", "когда", "статус", "қайда", "қашан"):
			return t.button(dClaimStatus) // "где мой возврат денег?"
		}
		return t.button(dClaims)
	case complains(ws):
		return t.talk() // "вы мошенники", "я буду жаловаться": a person, with the message
	case asksToChange(ws):
		if ok, err := t.cartChange(ws, readQuery(t.cat, ws), question); ok || err != nil {
			return err // "поменяйте на 2": the cart's pieces, not an order placed
		}
		t.say(messages.T(messages.ChangeOrder), row(btn(messages.BtnTalk, dTalk)), row(btn(messages.BtnMyOrders, dOrders)))
		return nil
	case trackingFails(ws):
		t.say(messages.T(messages.TrackingNotFound), row(btn(messages.BtnTalk, dTalk), btn(messages.BtnMyOrders, dOrders)))
		return nil
	case saysPaid(ws), asksAboutOrder(ws):
		return t.myOrder()
	case anyPrefix(ws, "скидк", "акци", "распродаж", "промокод", "купон", "жеңілдік"):
		// No price but the catalog's is promised here: a person answers.
		t.say(messages.T(messages.DiscountAsk), row(btn(messages.BtnTalk, dTalk), btn(messages.BtnCatalog, dCatalog)))
		return nil
	case anyPrefix(ws, "списал", "снял", "сняли") && anyPrefix(ws, "дважды", "двойн", "лишн", "больше"):
		return t.button(dClaimCharge) // "каспи списал дважды": an erroneous charge
	case asksPayMethod(ws) && !asksWhenItComes(ws):
		// "Kaspi бар ма?", "есть рассрочка?", "оплата при получении?":
		// the answer, not the whole page.
		t.say(messages.T(messages.PayOnlyCard), row(btn(messages.BtnPaymentDelivery, dInfo), btn(messages.BtnCatalog, dCatalog)))
		return nil
	case asksHowToPayOrDeliver(ws) && !asksWhenItComes(ws):
		return t.button(dInfo) // "сколько стоит доставка, если заказ на 2 платья?"
	case asksForHours(ws):
		p := t.f.cfg.Profile
		t.say(messages.T(messages.HoursAre, "StaffOpens", p.StaffHours.Opens, "StaffCloses", p.StaffHours.Closes,
			"ExpressOpens", p.Express.Opens, "ExpressCloses", p.Express.Closes),
			row(btn(messages.BtnContacts, dContacts), btn(messages.BtnTalk, dTalk)))
		return nil
	case praises(s, ws) && anyWord(ws, strongThanks...):
		t.say(messages.T(messages.YouAreWelcome), row(btn(messages.BtnMenu, dMenu)))
		return nil // "Спасибо большое, всё пришло, очень довольна"
	case praises(s, ws):
		t.say(messages.T(messages.Praised), row(btn(messages.BtnMenu, dMenu), btn(messages.BtnCatalog, dCatalog)))
		return nil // "Вы лучшие, платье супер!" names a dress but asks for none
	}
	q := readQuery(t.cat, ws)
	if ok, err := t.cartChange(ws, q, question); ok || err != nil {
		return err // "оставьте 2 штуки", "удалите платье"
	}
	if ok, err := t.search(q); ok || err != nil {
		return err
	}
	switch {
	case asksHowToOrder(ws):
		if t.s.Cart.Pieces() > 0 {
			return t.button(dCheckout)
		}
		return t.button(dCatalog)
	case asksWhenItComes(ws):
		return t.myOrder() // "когда доставят?" names no goods: an order's journey
	case anyPrefix(ws, "каталог", "цен", "стоит", "стоимость", "баға", "бағасы", "тұрады"):
		return t.button(dCatalog) // "каталогты қарау", "сколько стоит?", "қанша тұрады?": the prices are there
	case anyPrefix(ws, "адрес", "контакт", "телефон", "мекенжай", "находитесь", "магазин", "дүкен") && !anyWord(ws, strongThanks...):
		return t.button(dContacts)
	case anyWord(ws, strongThanks...):
		t.say(messages.T(messages.YouAreWelcome), row(btn(messages.BtnMenu, dMenu)))
		return nil // "Спасибо большое, всё пришло, очень довольна"
	}
	switch {
	case q.otherSize != "":
		t.say(t.sizesAre(q.otherSize),
			row(btn(messages.BtnCatalog, dCatalog), btn(messages.BtnTalk, dTalk)))
		return nil
	case q.sizeAsked && len(q.sizes) == 0:
		t.say(messages.T(messages.SizeHelp), row(btn(messages.BtnCatalog, dCatalog), btn(messages.BtnTalk, dTalk)))
		return nil
	case !q.narrows() && asksToAsk(ws): // the search found nothing it names
		// "алло", "вы тут?", "есть кто?", "ты бот?": nothing asked yet.
		t.say(messages.T(messages.Here), row(btn(messages.BtnCatalog, dCatalog), btn(messages.BtnTalk, dTalk)), row(btn(messages.BtnMenu, dMenu)))
		return nil
	case wantsToBuy(ws) && len(q.names) == 0 && !q.narrows():
		return t.button(dCatalog) // "хочу купить": nothing named yet
	case wantsToBuy(ws) || q.narrows():
		t.say(messages.T(messages.NotInCatalog), row(btn(messages.BtnCategories, dCatalog), btn(messages.BtnTalk, dTalk)))
		return nil
	}
	if p, ok := t.cat.Product(t.card); ok && question && strings.ContainsFunc(s, unicode.IsLetter) {
		return t.cardQuestion(p) // "а она не просвечивает?" under its card; not "7", nor "вау"
	}
	switch {
	case t.first:
	case t.misses > 0:
		// The second message in a row not understood: a person may.
		t.s.Misses = t.misses + 1
		t.say(messages.T(messages.NotUnderstoodAgain), row(btn(messages.BtnTalk, dTalk)), row(btn(messages.BtnMenu, dMenu)))
		return nil
	default:
		t.s.Misses = 1
		t.say(messages.T(messages.NotUnderstood))
	}
	return t.menu()
}

// asksToAsk reports whether ws only ask whether someone is there, or to
// ask ("алло", "вы тут?", "подскажите, пожалуйста", "можно вопрос?", "ты
// бот?"): the question comes next.
func asksToAsk(ws []string) bool {
	return len(ws) <= 5 && (anyWord(ws, "алло", "ало", "ау", "тут", "здесь", "бот", "ботпен", "бармысыз", "барсыз", "вопрос", "вопросик", "сұрақ", "уточнить") ||
		anyPrefix(ws, "подскаж", "ответ", "айтыңыз", "айтып") || anyWord(ws, "есть") && anyWord(ws, "кто"))
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
func (t *turn) asksSomething() bool {
	if t.in.Kind != TextInput {
		return false
	}
	if _, ok := command(t.in.Text); ok {
		return false
	}
	text := readable(t.in.Text)
	greets, thanks := courtesy(text, words(firstRunes(text, maxFreeText)))
	return !greets && !thanks && strings.TrimSpace(text) != ""
}

// writtenInKazakh reports whether s has a letter of the Kazakh alphabet
// that Russian lacks (ә, ғ, қ, ң, ө, ұ, ү, һ, і) and no everyday Russian
// word: "Здравствуйте, меня зовут Әлия" is Russian with a Kazakh name.
// Kazakh without such a letter ("рахмет") reads as either, so the
// client's language decides then. Text in Latin letters is Kazakh by the
// letters only Kazakh's Latin alphabets have ("Sälem"), not by a q
// ("qwerty").
func writtenInKazakh(s string) bool {
	if latin.Typed(s) {
		// "Zdravstvuyte, menya zovut Äliya": Russian with a Kazakh name.
		s = firstRunes(s, maxFreeText)
		return latin.Kazakh(s) && !anyWord(words(latin.Cyrillic(s)), russianWordList...)
	}
	ws := words(firstRunes(s, maxFreeText))
	if anyWord(ws, russianWordList...) {
		return false
	}
	if strings.ContainsAny(strings.ToLower(s), "әғқңөұүһі") {
		return true
	}
	// Typed on a Russian keyboard: "Салам, каспи бар ма?", "Саламатсыз
	// ба", "жеткизу канша турады?". A greeting or thanks alone ("салем",
	// "рахмет") is said in Russian too.
	return anyWord(ws, kazakhTypedWords...) || slices.Contains(ws[:max(len(ws)-1, 0)], "бар") && anyWord(ws, "ма", "ба", "па")
}

// kazakhTypedWords are Kazakh words as typed without the Kazakh letters,
// which no Russian speaker writes in Russian.
var kazakhTypedWords = []string{"канша", "кайда", "калай", "кашан", "керек", "саламатсыз", "саламатсызба", "кайырлы",
	"тапсырыс", "тапсырысым", "жеткизу", "жеткизесиздер", "койлек", "турады", "болады", "жок", "сатып", "алгым"}

// russianWordList are words a Russian message is hardly without and
// Kazakh has not.
var russianWordList = []string{"в", "во", "на", "и", "с", "у", "к", "по", "из", "нет", "я", "мне", "меня", "мой", "моя",
	"мои", "вы", "вас", "вам", "где", "когда", "как", "что", "это", "есть", "можно", "хочу", "здравствуйте", "привет",
	"добрый", "день", "зовут", "заказ", "доставка", "спасибо", "пожалуйста", "платье"}

// words are s's words, lower-cased and folded: ё as е, and the Kazakh
// letters Russian lacks as the Russian letters people type for them on a
// Russian keyboard (қ as к, ө as о, ү and ұ as у...), so "койлек" is
// көйлек; й as и and without ь and ъ, which hurried typing and Latin
// letters confuse or drop ("платя"; "koilek", "dlya" read as "коилек",
// "длья"). Every word a reader compares with is folded alike (fold, set,
// anyPrefix, anyWord).
func words(s string) []string {
	return strings.FieldsFunc(fold(strings.ToLower(s)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// folded maps the letters words folds.
var folded = strings.NewReplacer("ё", "е", "ә", "а", "ғ", "г", "қ", "к", "ң", "н", "ө", "о", "ұ", "у", "ү", "у", "һ", "х", "і", "и",
	"й", "и", "ь", "", "ъ", "")

// fold is lower-case s with the letters words folds folded.
func fold(s string) string { return folded.Replace(s) }

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

// set is a set of words, folded as words folds them.
func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[fold(w)] = true
	}
	return m
}

// withoutAddresses is s without its e-mail addresses and links, which
// name nothing the readers look for.
func withoutAddresses(s string) string {
	if !strings.ContainsAny(s, "@/") {
		return s
	}
	fs := strings.Fields(s)
	kept := fs[:0]
	for _, f := range fs {
		if !strings.Contains(f, "@") && !strings.Contains(f, "://") && !strings.HasPrefix(strings.ToLower(f), "www.") {
			kept = append(kept, f)
		}
	}
	return strings.Join(kept, " ")
}

// orderNumberIn reads an order's number written after the word for an
// order at the end of a message ("заказ 42", "где мой заказ 42?", "заказ
// номер 12", "тапсырыс нөмірі 14"); not "заказ 2 платья", nor a sum or a
// share ("сумма заказа 20000?", "скидка на первый заказ 10%").
func orderNumberIn(s string, ws []string) (int64, bool) {
	n := len(ws)
	if n < 2 || !isNumber(ws[n-1]) || len(ws[n-1]) > 9 || strings.ContainsAny(s, "%₸") ||
		anyPrefix(ws, "сумм", "перв", "минимал", "скидк", "тенге", "тг", "теңге") {
		return 0, false
	}
	noun := n - 2
	if noun > 0 && anyWord(ws[noun:noun+1], "номер", "нөмірі", "нөмір") {
		noun-- // "заказ номер 12"
	}
	if !orderNouns[ws[noun]] {
		return 0, false
	}
	id, err := strconv.ParseInt(ws[n-1], 10, 64)
	return id, err == nil && id > 0
}

// orderNouns are the forms of the word for an order that a number
// follows: not "заказать 2", "заказала 3".
var orderNouns = set("заказ", "заказа", "заказу", "заказом", "заказе", "тапсырыс", "тапсырысы", "тапсырысым")

// asksToForget reports whether ws ask to erase the customer's data
// ("удалите, пожалуйста, мои данные", "деректерімді өшіріңіз"): not "не
// удалось ввести данные карты".
func asksToForget(ws []string) bool {
	// "данне" is "dannye" read from Latin letters (as "platye" is платье).
	data := anyWord(ws, "данные", "данных", "данне", "аккаунт") ||
		anyPrefix(ws, "информаци", "переписк", "рассылк", "дерек", "нөмір") ||
		anyWord(ws, "обо") && anyWord(ws, "мне") ||
		anyWord(ws, "номер") && anyPrefix(ws, "мой", "мои", "телефон")
	// Requests by their stems, so that "өшіріңізші" is one and "не
	// удалось" is not.
	return data && anyPrefix(ws, "удали", "уберите", "сотри", "стери", "өшір", "жой")
}

// asksForPerson reports whether ws ask for a person ("хочу поговорить с
// человеком", "позовите консультанта", "менеджерге жазғым келеді").
func asksForPerson(ws []string) bool {
	person := anyPrefix(ws, "менеджер", "оператор", "консульт", "адаммен", "кеңесші") || anyWord(ws, "человеком", "человеку")
	if anyPrefix(ws, "поговорить", "позвоните", "перезвоните", "свяжите", "соедините", "сөйлес") {
		return person || !asksForLanguage(ws) // "қазақ тілінде сөйлесіңізші" asks for a language
	}
	// A person named is asked for only in a request, or alone: not "мне
	// консультант посоветовала", "оператор доставки СДЭК?", "менеджерге
	// рахмет!", "подарок пожилому человеку".
	if !person || anyWord(ws, strongThanks...) {
		return false
	}
	return len(ws) <= 2 || anyPrefix(ws, "позов", "нуж", "хочу", "можно", "дайте", "связ", "керек", "байланыс", "жазғым", "шақыр")
}

// complains reports whether ws complain of the shop or the bot, or swear
// ("вы мошенники", "ужасный сервис", "я буду жаловаться", "бот тупой"): a
// person answers better than a menu.
func complains(ws []string) bool {
	// Words that are a complaint whatever else is said; swearing as whole
	// words ("бляха" is a buckle). "Ужасно хочу это платье" and "кошмар
	// какое красивое" praise: those words count only said of the shop.
	return anyPrefix(ws, "мошенн", "жалоб", "жаловат", "пожалуюсь", "обманул", "издевает", "дозвон", "алаяқ", "шағым") ||
		anyWord(ws, swearing...) ||
		anyPrefix(ws, "ужасн", "отвратит", "безобраз", "кошмар", "тупой", "тупая", "бесполезн") &&
			(anyPrefix(ws, "сервис", "обслуж", "магазин", "бот", "отношен") || anyWord(ws, "вы", "вас")) ||
		anyWord(ws, "достали", "надоело") ||
		anyWord(ws, "сколько") && anyWord(ws, "можно") && anyPrefix(ws, "жда", "жд") ||
		anyWord(ws, "никто") && anyPrefix(ws, "отвеча") ||
		anyWord(ws, "не") && anyPrefix(ws, "отвечае", "отвечают") ||
		anyWord(ws, "не") && anyPrefix(ws, "берет", "берут") && anyPrefix(ws, "трубк", "телефон")
}

// swearing is read as a complaint, as whole words.
var swearing = []string{"бля", "блять", "блядь", "нахуй", "нахер", "сука", "пиздец", "охренели", "офигели"}

// strongThanks thank whatever else a message says.
var strongThanks = []string{"спасибо", "спс", "благодарю", "благодарим", "рахмет", "рақмет", "рахмат"}

// complainsOfGoods reports whether ws say the goods came wrong or damaged
// ("пришло не то платье", "с дыркой", "көйлек жыртық келді"): a return.
func complainsOfGoods(ws []string) bool {
	if anyPrefix(ws, "брак", "дырк", "дыряв", "порван", "испорч", "сломан", "жыртық", "ақау", "дақ") ||
		anyPrefix(ws, "пятн") && !anyPrefix(ws, "пятниц") { // not "до пятницы"
		return true
	}
	for i := 1; i < len(ws); i++ {
		if ws[i-1] == "не" && (ws[i] == "то" || ws[i] == "тот" || ws[i] == "та") &&
			(i+1 == len(ws) || !anyWord(ws[i+1:i+2], "чтобы", "чтоб")) { // "не то чтобы" says no such thing
			return true
		}
	}
	return false
}

// asksForHours reports whether ws ask when the shop works ("до скольки
// работаете?", "график работы", "жұмыс уақыты қандай?"): the hours the
// profile knows, staff's and express delivery's.
func asksForHours(ws []string) bool {
	if anyPrefix(ws, "график", "режим", "кесте") {
		return true
	}
	for i, w := range ws {
		if hoursWords[w] && (i == 0 || ws[i-1] != "не") { // "ссылка не работает" is no question of hours
			return true
		}
	}
	if anyWord(ws, "часы", "время") && anyPrefix(ws, "работ") {
		return true // "часы работы"; not "время доставки"
	}
	return anyPrefix(ws, "жұмыс") && anyPrefix(ws, "істей", "уақыт", "сағат", "ашық", "жабық")
}

var hoursWords = set("работаете", "работает", "открываетесь", "закрываетесь", "открыты")

// praises reports whether text only praises the shop or its goods ("Вы
// лучшие, платье супер!", "керемет көйлек, рақмет"): no question, no wish,
// no size or colour; the search would list what it names.
func praises(s string, ws []string) bool {
	if !anyWord(ws, praiseWords...) || strings.ContainsAny(s, "?") || wantsToBuy(ws) {
		return false
	}
	return !anyWord(ws, "хочу", "можно", "нужно", "надо", "есть", "бар", "керек", "ма", "ме", "ба", "бе", "па", "пе")
}

// praiseWords praise what came or what the shop did; "мне нравится это
// платье" and "ұнайды" more often choose than praise, and "отлично,
// оформляю" agrees.
var praiseWords = []string{"супер", "класс", "классное", "классная", "шикарное", "шикарная", "красивое", "красивая",
	"лучшие", "лучший", "молодцы", "понравилось", "понравилась", "довольна", "доволен", "восторге",
	"прекрасное", "прекрасная", "керемет", "тамаша", "әдемі", "ұнады", "сұлу"}

// saysPaid reports whether ws say the customer has paid ("оплатила",
// "төледім"): the order's state answers what comes next.
func saysPaid(ws []string) bool {
	return anyWord(ws, "оплатил", "оплатила", "оплатили", "оплачено", "оплачен", "төледім", "төледік", "төлендім")
}

// asksHowToPayOrDeliver reports whether ws ask about paying or delivery
// ("сколько стоит доставка?", "есть рассрочка?", "Астанага жеткизу бар
// ма?"), before any goods they name.
func asksHowToPayOrDeliver(ws []string) bool {
	return anyPrefix(ws, "доставк", "доставл", "доставя", "оплат", "оплачива", "самовывоз", "жеткіз", "төле",
		"рассрочк", "кредит", "каспи", "kaspi", "карт", "наличн", "курьер") ||
		anyWord(ws, "сколько", "канша") && anyPrefix(ws, "дней", "дня", "күн") // "Астанаға қанша күнде жетеді?"
}

// asksPayMethod reports whether ws ask for a way to pay other than a card
// online, or whether a card will do ("Kaspi бар ма?", "есть рассрочка?",
// "скиньте реквизиты", "оплата при получении?", "халык картой можно?").
func asksPayMethod(ws []string) bool {
	if anyWord(ws, "не") && anyPrefix(ws, "удал", "проход", "прош", "получа") || anyPrefix(ws, "ошибк", "отклон", "списал", "дважды", "двойн") {
		return false // "не удалось оплатить картой", "списали дважды": a payment gone wrong
	}
	return anyPrefix(ws, "каспи", "kaspi", "рассроч", "кредит", "наличн", "наложен", "перевод", "реквизит", "бөліп", "қолма",
		"халык", "halyk", "jusan", "жусан", "visa", "виза", "mastercard", "мастеркард") ||
		anyWord(ws, "qr", "картой", "картамен") ||
		anyPrefix(ws, "оплат", "төле", "плати", "платеж") && anyWord(ws, "получении", "алғанда", "алған") // not "платье при получении"
}

// asksForLanguage reports whether ws ask for the other language
// ("поменять язык", "можно на казахском?", "қазақшаға ауыстырыңыз"); "с
// казахским орнаментом" is a product's name.
func asksForLanguage(ws []string) bool {
	if anyPrefix(ws, "язык", "қазақша", "орысша") || anyWord(ws, "тіл", "тілді", "тілін", "тілде", "тілінде", "тілге") {
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
// оформить заказ?", "где сделать заказ", "тапсырысты қалай беремін?"): the
// catalog, or the checkout of a full cart, starts it. Read after the
// search, so "заказ на две блузки" lists the blouses.
func asksHowToOrder(ws []string) bool {
	return anyPrefix(ws, "оформ", "рәсімде") || anyWord(ws, "заказать", "сделать") && anyPrefix(ws, "заказ") ||
		anyPrefix(ws, "тапсырыс") && anyPrefix(ws, "берем", "беру", "бере")
}

// anyPrefix reports whether a word of ws starts with one of prefixes
// (folded as words folds them).
func anyPrefix(ws []string, prefixes ...string) bool {
	for _, p := range prefixes {
		p = fold(p)
		for _, w := range ws {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return false
}

// anyWord reports whether ws hold one of these words (folded as words
// folds them).
func anyWord(ws []string, these ...string) bool {
	for _, t := range these {
		if slices.Contains(ws, fold(t)) {
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
	if anyPrefix(ws, "возврат", "возвращ", "қайтар", "обмен", "айырбас", "ауыстыр") ||
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
	// Not "изменился" (the status has not changed): a request's forms.
	return anyPrefix(ws, "поменя", "исправ", "өзгерт") || anyWord(ws, "изменить", "измените", "сменить", "смените")
}

// asksAboutOrder reports whether ws ask where or how an order is: an order
// word with a where, my or status word, or the tracking number; "how to
// order" is not one.
func asksAboutOrder(ws []string) bool {
	order, about := false, false
	for i, w := range ws {
		if w == "что" && i+2 < len(ws) && ws[i+1] == "с" &&
			(anyWord(ws[i+2:i+3], "моим", "моей", "моими") || anyPrefix(ws[i+2:min(i+4, len(ws))], "заказ", "тапсырыс", "посылк")) {
			return true // "что с моим заказом?", "что с моим платьем?"; not "что с доставкой? хочу сделать заказ"
		}
		if anyWord([]string{w}, "жду", "ждем", "ждём", "күтемін", "күтіп") && anyPrefix(ws, "дн", "недел", "месяц", "күн", "апта") {
			return true // "жду 2 недели", "3 күн күтіп жүрмін"
		}
		switch {
		case strings.HasPrefix(w, "трек"), strings.HasPrefix(w, "статус"):
			return true // "а трек номер какой?", "хочу узнать статус"
		case strings.HasPrefix(w, "заказ") && w != "заказать" && !strings.HasPrefix(w, "заказыва"),
			anyPrefix([]string{w}, "тапсырыс", "посылк", "сәлемдеме"):
			order = true
		case orderQuestionWords[w]:
			about = true
		}
	}
	return order && about
}

// trackingFails reports whether ws say the tracking number does not work
// ("трек не работает", "СДЭК не находит трек", "трек жұмыс істемейді").
func trackingFails(ws []string) bool {
	return anyPrefix(ws, "трек", "бақылау", "накладн") &&
		(anyWord(ws, "не", "неверный", "неправильный", "ошибка") && anyPrefix(ws, "работ", "наход", "ищет", "показ", "отслеж", "верн", "правильн") ||
			anyPrefix(ws, "неверн", "неправильн", "ошибк") || anyWord(ws, "істемейді", "табылмайды", "көрсетпейді", "қате"))
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
var orderQuestionWords = set("где", "когда", "пришел", "пришла", "пришло", "пришли", "дошел", "дошла", "дошло",
	"долго", "жду", "ждать", "приходит", "приходят", "доходит", "идет", "едет",
	"келмеді", "келмей", "келді", "жетпеді", "жетті", "жетеді",
	"мой", "моя", "мое", "мои", "моего", "моей", "моим", "моему", "мою", "моих",
	"қайда", "қашан", "күйі", "менің")

// orderJourneyWords say what happens to an order on its way: with a when
// or where word ("когда придет?"), a question about the customer's order.
var orderJourneyWords = set("доставят", "доставите", "привезут", "привезете", "придет", "придут", "прийдет",
	"приедет", "приедут", "прибудет", "получу", "отправят", "отправите", "отправили", "отправлен", "отправлено",
	"жеткізесіздер", "жеткізіледі", "жібересіздер", "жібердіңіздер", "аламын", "приходит",
	"келеді", "жетеді")

// wantsToBuy reports whether ws ask for goods ("хочу купить куртку",
// "ищу пуховик", "есть кроссовки?", "серьги есть?", "етік бар ма?"),
// whether or not the catalog has them.
func wantsToBuy(ws []string) bool {
	for i, w := range ws {
		if buyWord(w) || (i == 0 || i == len(ws)-1) && w == fold("есть") || w == "бар" && i+1 < len(ws) && (ws[i+1] == "ма" || ws[i+1] == "па") {
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
	return anyPrefix([]string{w}, "купить", "куплю", "ищу", "нужен", "нужна", "нужны", "подберите", "продает", "продаете",
		"сатып", "сатасыз", "іздеп", "алғым", "бергім")
}
