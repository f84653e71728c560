package flows

import (
	"strings"
	"unicode"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// checkoutStep reports whether step is one of the checkout's questions.
func checkoutStep(step Step) bool {
	switch step {
	case StepPersonal, StepName, StepPhone, StepEmail, StepCity, StepMethod, StepPoint, StepAddress, StepConfirm:
		return true
	}
	return false
}

// aside answers what a customer types beside a checkout question instead
// of its answer (typed as typed, s as the readers take it: "otmena" as
// "отмена"): to stop, to see the menu, to go a question back, another
// language, a person, or another way of delivery where an address is
// asked. It reports false when the text is for the question itself.
// Without it, "отмена" became the delivery address and "можно на
// казахском?" the recipient's name.
func (t *turn) aside(typed, s string) (bool, error) {
	if asksForMenu(s) {
		return true, t.menu()
	}
	switch strings.ToLower(strings.Trim(s, " .,!?")) {
	case "отмена", "отменить", "стоп", "cancel", "бас тарту", "тоқтату", "болдырмау":
		t.say(messages.T(messages.Cancelled))
		return true, t.menu()
	case "назад", "вернуться назад", "шаг назад", "артқа", "кері", "back":
		return true, t.back()
	}
	ws := words(firstRunes(s, maxFreeText))
	if lang, ok := requestedLang(ws, t.s.Lang); ok {
		t.s.Lang = lang
		return true, t.reprompt() // the same question, in her language
	}
	where := t.s.Step == StepPoint || t.s.Step == StepAddress
	digits := strings.ContainsFunc(typed, unicode.IsDigit)
	if asksForPerson(ws) && !(where && digits) && t.s.Step != StepPersonal {
		// "Кенесары 40, кв 5, позвоните за час" is an address with a
		// note to the courier, "Лучшему менеджеру" words to embroider
		// (talkPhrase still calls the manager there).
		return true, t.talk()
	}
	// "лучше курьером" at the pickup point: another way, named in a few
	// words and no address. A Yandex courier is a courier too.
	cur := t.s.Checkout.Delivery.Method
	if m, ok := namedMethod(ws); where && ok && !digits && len(ws) <= 5 && m != cur && !(m == shop.Courier && cur == shop.Express) {
		return true, t.ask(StepMethod)
	}
	return false, nil
}

// namedMethod is the way of delivery ws name, if they name one: not
// "доставка", which every way is.
func namedMethod(ws []string) (shop.DeliveryMethod, bool) {
	switch {
	case anyPrefix(ws, "курьер", "двер", "домой"):
		return shop.Courier, true
	case anyPrefix(ws, "самовывоз", "пвз", "пункт", "постамат"):
		return shop.PickupPoint, true
	case anyPrefix(ws, "экспресс", "жедел", "яндекс"):
		return shop.Express, true
	}
	return "", false
}

// asksForMenu reports whether text, typed alone, asks for the main menu:
// beside a checkout question, or in a conversation with staff.
func asksForMenu(text string) bool {
	switch strings.ToLower(strings.Trim(text, " .,!?")) {
	case "меню", "в меню", "главное меню", "мәзір", "басты мәзір", "menu":
		return true
	}
	return false
}

// back asks the checkout question before the current one, its answer
// offered to keep; before the first, the cart.
func (t *turn) back() error {
	switch t.s.Step {
	case StepPhone:
		return t.ask(StepName)
	case StepEmail:
		return t.ask(StepPhone)
	case StepCity:
		return t.ask(StepEmail)
	case StepMethod:
		return t.ask(StepCity)
	case StepPoint, StepAddress, StepConfirm:
		return t.ask(StepMethod)
	}
	return t.button(dCart)
}

// requestedLang is the language ws ask to be spoken to in ("можно на
// казахском?", "қазақша сөйлесейік", "на русском, пожалуйста"); a request
// naming none ("поменять язык") asks for the other one.
func requestedLang(ws []string, current shop.Lang) (shop.Lang, bool) {
	switch {
	case !asksForLanguage(ws):
		return "", false
	case anyPrefix(ws, "казах", "қазақ", "kazakh"):
		return shop.Kazakh, true
	case anyPrefix(ws, "русск", "орыс", "russian"):
		return shop.Russian, true
	case current == shop.Kazakh:
		return shop.Russian, true
	}
	return shop.Kazakh, true
}
