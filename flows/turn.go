package flows

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// turn is the handling of one input: the session, the input and what to
// answer.
type turn struct {
	f   *Flows
	ctx context.Context
	st  Store
	s   *Session
	in  Input
	now time.Time
	cat *shop.Catalog
	res Result
	// expressRefused is set once this turn said express is not possible:
	// the method question that follows does not offer it again.
	expressRefused bool
	// first is set when this turn is the chat's first: the welcome is
	// said, and text it does not understand gets the menu alone.
	first bool
	// card is the product whose card the turn before showed, if any.
	card string
	// misses is how many messages in a row before this one the bot did
	// not understand.
	misses int
}

func (t *turn) say(text messages.Text, buttons ...[]Button) {
	t.res.Replies = append(t.res.Replies, Reply{Text: text, Buttons: buttons})
}

// tell sends a reply to the chat of an order (a customer staff acted for),
// in that customer's language.
func (t *turn) tell(o shop.Order, text messages.Text, buttons ...[]Button) {
	t.tellChat(o.ChatKey, o.Lang, Reply{Text: text, Buttons: buttons})
}

// tellChat sends a reply to another chat, in the language given.
func (t *turn) tellChat(chat string, lang shop.Lang, r Reply) {
	t.res.Others = append(t.res.Others, Outgoing{Chat: chat, Lang: lang, Reply: r})
}

func (t *turn) alertStaff(text messages.Text, buttons ...[]Button) {
	t.res.Staff = append(t.res.Staff, Reply{Text: text, Buttons: buttons})
}

func btn(key messages.Key, data string, pairs ...any) Button {
	return Button{Label: messages.T(key, pairs...), Data: data}
}

func row(b ...Button) []Button { return b }

func (t *turn) run() error {
	t.card, t.s.Card = t.s.Card, "" // only the next message is about a card
	t.misses, t.s.Misses = t.s.Misses, 0
	switch {
	case t.s.Reset:
		t.s.Reset = false
		t.say(messages.T(messages.SessionReset))
		return t.menu()
	case t.s.Seen.IsZero():
		t.first = true
		if t.in.Kind == TextInput && writtenInKazakh(t.in.Text) {
			t.s.Lang = shop.Kazakh // WhatsApp gives no language; the text does
		}
		t.say(messages.T(messages.Welcome, "Store", t.f.cfg.Profile.Name))
		if !t.asksSomething() {
			return t.menu()
		}
		// A first message that asks something ("Здравствуйте, есть
		// платья?") is answered after the welcome.
	case t.now.Sub(t.s.Seen) > t.f.cfg.SessionTTL && t.in.Kind == ButtonInput && standalone(t.in.Data):
		// A button under a notice (a parcel at the pickup point a week
		// later) means what it says: only the old question is dropped.
		t.s.Step = StepMenu
	case t.now.Sub(t.s.Seen) > t.f.cfg.SessionTTL:
		lang := t.s.Lang
		*t.s = Session{Version: SessionVersion, Lang: lang}
		t.say(messages.T(messages.SessionExpired))
		return t.menu()
	}

	// Whatever the customer does now, a carrier's answer still to come
	// must not ask an older question again; a step that needs one waits anew.
	t.s.Waiting = false

	if t.s.Handoff != 0 {
		if handled, err := t.inHandoff(); handled || err != nil {
			return err
		}
	}

	switch t.in.Kind {
	case ButtonInput:
		return t.button(t.in.Data)
	case TextInput:
		if shop.ContainsCardNumber(t.in.Text) {
			// The text is dropped here: never stored, never logged.
			t.say(messages.T(messages.CardNumberWarning))
			return t.reprompt()
		}
		return t.text(t.in.Text)
	case ContactInput:
		if t.s.Step == StepPhone {
			return t.answerPhone(t.in.Phone)
		}
		t.say(messages.T(messages.NotNeededHere))
		return t.reprompt()
	case LocationInput:
		return t.location(t.in.Lat, t.in.Lon)
	case FileInput:
		if t.s.Step == StepClaimID || t.s.Step == StepClaimReceipts {
			return t.claimFile()
		}
		t.say(messages.T(messages.NotNeededHere))
		return t.reprompt()
	default:
		t.say(messages.T(messages.Unsupported))
		return t.reprompt()
	}
}

// text handles typed text: commands anywhere, then the step's question.
func (t *turn) text(s string) error {
	if cmd, ok := command(s); ok {
		switch cmd {
		case "start":
			t.s.Step = StepMenu
			t.say(messages.T(messages.Welcome, "Store", t.f.cfg.Profile.Name))
			return t.menu()
		case "menu", "help":
			t.s.Step = StepMenu
			return t.menu()
		case "cancel":
			if t.s.Step != StepMenu {
				t.s.Step = StepMenu
				t.say(messages.T(messages.Cancelled))
			}
			return t.menu()
		case "catalog":
			return t.button(dCatalog)
		case "cart":
			return t.button(dCart)
		case "orders":
			return t.button(dOrders)
		case "language", "lang":
			return t.button(dLang)
		}
		t.say(messages.T(messages.UnknownCommand))
		return t.reprompt()
	}
	// "korzina", "otmena", "Sälem": typed on a phone without Cyrillic and
	// meant as the Cyrillic, read once for every reader below that takes
	// it; answers to questions are kept as typed.
	read := readable(s)
	if talkPhrase(s) || talkPhrase(read) {
		return t.talk() // even in the middle of a checkout question
	}
	if checkoutStep(t.s.Step) {
		if done, err := t.aside(s, read); done {
			return err
		}
	}
	switch t.s.Step {
	case StepQty:
		return t.answerQty(s, read)
	case StepPersonal:
		return t.answerPersonal(s)
	case StepName:
		return t.answerName(s)
	case StepPhone:
		return t.answerPhone(s)
	case StepEmail:
		return t.answerEmail(s)
	case StepCity:
		return t.answerCity(s)
	case StepAddress:
		return t.answerAddress(s)
	case StepPoint:
		return t.searchPoints(s)
	case StepConfirm:
		if confirms(read) {
			// "да", "ок", "всё верно" under the summary: its Confirm.
			return t.button(data(dConfirm, strconv.Itoa(t.s.Rev)))
		}
		t.say(messages.T(messages.PressAButton))
		return t.reprompt()
	case StepMethod:
		t.say(messages.T(messages.PressAButton))
		return t.reprompt()
	}
	if claimStep(t.s.Step) {
		return t.claimText(s)
	}
	if p, ok := t.cat.Product(t.card); ok {
		if ok, err := t.onCard(p, read); ok || err != nil {
			return err // "M", "беру", "а в чёрном есть?" under a product's card
		}
	}
	if data, ok := keyword(s); ok {
		return t.button(data)
	}
	if sku, ok := t.skuIn(s); ok {
		return t.product(sku) // "LT-101", "артикул LT-101", a link to it: copied from Instagram or the site
	}
	if id, ok := typedOrderNumber(s); ok {
		// "LT-00042" typed to track an order: only the chat's own shows.
		return t.order(strconv.FormatInt(id, 10))
	}
	if read != s {
		if data, ok := keyword(read); ok {
			return t.button(data)
		}
	}
	return t.freeText(read)
}

// confirms reports whether s says yes and nothing else ("да", "ок", "всё
// верно", "подтверждаю", "иә", "дұрыс").
func confirms(s string) bool {
	ws := words(s)
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		if !yesWords[w] {
			return false
		}
	}
	return true
}

// yesWords say yes to a summary, folded as words folds them.
var yesWords = set("да", "ок", "ok", "окей", "ага", "угу", "верно", "всё", "правильно", "подтверждаю", "согласна",
	"согласен", "иә", "ия", "дұрыс", "бәрі", "растаймын") // folded: "иа", "дурыс" too

// skuIn finds a product's article in a short message, after the word
// "артикул", or in a link ("https://letestore.kz/product/lt-101"), as
// shoppers copy it. Order numbers share the prefix; an article the
// catalog has is the product.
func (t *turn) skuIn(s string) (string, bool) {
	if utf8.RuneCountInString(s) > maxFreeText {
		return "", false
	}
	tokens := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
	low := strings.ToLower(s)
	if len(tokens) > 3 && !strings.Contains(low, "артикул") && !strings.Contains(low, "http") {
		return "", false
	}
	for _, tok := range tokens {
		if p, ok := t.cat.Product(strings.ToUpper(tok)); ok {
			return p.SKU, true
		}
	}
	return "", false
}

// typedOrderNumber reads an order number typed on its own, as the store
// writes it ("LT-00042", "lt42", "№42"); a bare number is not one, since
// it may be anything.
func typedOrderNumber(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	u := strings.ToUpper(s)
	if !strings.HasPrefix(u, "LT") && !strings.HasPrefix(u, "№") {
		return 0, false
	}
	return shop.ParseOrderNumber(s)
}

// command reads "/start" or "/start@letebot" as "start".
func command(s string) (string, bool) {
	if !strings.HasPrefix(s, "/") {
		return "", false
	}
	f := strings.Fields(s[1:])
	if len(f) == 0 || len(f[0]) > 64 {
		return "", false // a lone "/", or a slash before a long word, is just text
	}
	cmd := strings.ToLower(f[0])
	if at := strings.IndexByte(cmd, '@'); at >= 0 {
		cmd = cmd[:at]
	}
	return cmd, true
}

// keyword maps words people type instead of pressing the menu's buttons.
func keyword(s string) (string, bool) {
	switch strings.ToLower(strings.Trim(s, " .!?")) {
	case "меню", "мәзір", "menu", "start", "старт", "привет", "здравствуйте", "сәлем", "сәлеметсіз бе", "салем":
		return dMenu, true
	case "каталог", "catalog":
		return dCatalog, true
	case "корзина", "себет", "cart":
		return dCart, true
	case "оформить", "оформить заказ", "оформление", "оформление заказа", "рәсімдеу", "тапсырысты рәсімдеу", "тапсырыс рәсімдеу":
		return dCheckout, true
	case "мои заказы", "заказы", "тапсырыстарым", "тапсырыстар":
		return dOrders, true
	case "отмена", "возврат", "вернуть", "отменить заказ", "вернуть деньги", "қайтару", "бас тарту", "ақшаны қайтару":
		return dClaims, true
	case "где мой возврат", "где возврат", "возврат денег", "қайтарым қайда":
		return dClaimStatus, true
	case "удалить мои данные", "удалите мои данные", "забудь меня", "деректерімді өшіру", "деректерімді өшіріңіз":
		return dForget, true
	case "язык", "тіл", "қазақша", "русский":
		return dLang, true
	case "человек", "адам": // also names and answers: only outside a question
		return dTalk, true
	}
	return "", false
}

// talkPhrase reports whether s asks for a person in words no checkout
// answer would be.
func talkPhrase(s string) bool {
	switch strings.ToLower(strings.Trim(s, " .!?")) {
	case "менеджер", "оператор", "живой человек", "позовите менеджера", "связаться с менеджером", "нужен менеджер",
		"менеджерге", "адаммен сөйлесу", "менеджермен байланысу", "менеджер керек":
		return true
	}
	return false
}

// location takes a shared map point where a step can use one: pickup
// points near it, or the express courier's destination.
func (t *turn) location(lat, lon float64) error {
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 || (lat == 0 && lon == 0) {
		t.say(messages.T(messages.NotNeededHere))
		return t.reprompt()
	}
	m := t.s.Checkout.Delivery.Method
	switch {
	case t.s.Step == StepPoint:
		return t.nearestPoints(lat, lon)
	case t.s.Step == StepAddress && (m == shop.Express || m == shop.Courier),
		t.s.Step == StepConfirm && m == shop.Express:
		return t.locationAt(lat, lon)
	}
	t.say(messages.T(messages.NotNeededHere))
	return t.reprompt()
}

// standalone reports whether button data means the same whatever the
// conversation's step: the buttons under notices about an order.
func standalone(data string) bool {
	name, _, _ := strings.Cut(data, ":")
	switch name {
	case dOrders, dMenu, dTalk, dExpressOK, dExpressNo:
		return true
	}
	return false
}

// sameDay reports whether two instants fall on one calendar day of a's zone.
func sameDay(a, b time.Time) bool {
	b = b.In(a.Location())
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// reprompt asks the current step's question again.
func (t *turn) reprompt() error {
	switch t.s.Step {
	case StepQty:
		return t.askQty(t.s.Variant)
	case StepPersonal, StepName, StepPhone, StepEmail, StepCity, StepMethod, StepPoint, StepAddress:
		return t.ask(t.s.Step)
	case StepConfirm:
		return t.summary()
	}
	if claimStep(t.s.Step) && t.s.Claim != nil {
		return t.claimNext()
	}
	return t.menu()
}

// menu shows the main menu and leaves any step.
func (t *turn) menu() error {
	t.s.Step = StepMenu
	t.say(messages.T(messages.MenuTitle),
		row(btn(messages.BtnCatalog, dCatalog)),
		row(btn(messages.BtnCart, dCart, "Pieces", t.s.Cart.Pieces())),
		row(btn(messages.BtnMyOrders, dOrders)),
		row(btn(messages.BtnPaymentDelivery, dInfo)),
		row(btn(messages.BtnTalk, dTalk)),
		row(btn(messages.BtnContacts, dContacts)),
		row(btn(messages.BtnLanguage, dLang)),
		row(btn(messages.BtnClaims, dClaims)),
	)
	return nil
}
