package flows

import (
	"strings"
	"testing"
)

// TestReaders: what each reader of free text takes a message to ask.
func TestReaders(t *testing.T) {
	var (
		aboutOrder = reader{"asksAboutOrder", asksAboutOrder}
		toCancel   = reader{"asksToCancel", asksToCancel}
		toBuy      = reader{"wantsToBuy", wantsToBuy}
		person     = reader{"asksForPerson", asksForPerson}
		comes      = reader{"asksWhenItComes", asksWhenItComes}
		payDeliver = reader{"asksHowToPayOrDeliver", asksHowToPayOrDeliver}
		complains  = reader{"complainsOfGoods", complainsOfGoods}
		language   = reader{"asksForLanguage", asksForLanguage}
		howToOrder = reader{"asksHowToOrder", asksHowToOrder}
		hours      = reader{"asksForHours", asksForHours}
		praise     = reader{"praises", func(ws []string) bool { return praises(strings.Join(ws, " "), ws) }}
	)
	for _, tc := range []struct {
		read reader
		text string
		want bool
	}{
		{aboutOrder, "где мой заказ???", true},
		{aboutOrder, "Где мой заказ?", true},
		{aboutOrder, "статус заказа", true},
		{aboutOrder, "когда придёт заказ", true},
		{aboutOrder, "мои заказы", true},
		{aboutOrder, "где посылка", true},
		{aboutOrder, "где то, что я заказала?", true},
		{aboutOrder, "тапсырысым қайда?", true},
		{aboutOrder, "менің тапсырысым", true},
		{aboutOrder, "сәлемдеме қашан келеді", true},
		{aboutOrder, "статус заказов", true},
		{aboutOrder, "что с моим заказом", true},
		{aboutOrder, "что с заказом", true}, // "что с" asks after it
		{aboutOrder, "что нужно для заказа", false},
		{aboutOrder, "что с моим платьем", true},
		{aboutOrder, "жду уже 2 недели", true},
		{aboutOrder, "жду ответа", false},
		{aboutOrder, "как заказать?", false},
		{aboutOrder, "как заказывать", false},
		{aboutOrder, "хочу сделать заказ", false},
		{aboutOrder, "заказ", false},
		{aboutOrder, "тапсырыс беру", false},
		{aboutOrder, "где вы находитесь", false},
		{aboutOrder, "", false},
		{comes, "когда доставят?", true},
		{comes, "когда придет", true},
		{comes, "қашан жеткізіледі", true},
		{comes, "доставят в Караганду?", false},
		{comes, "когда придут новые платья?", true}, // read after the search, which finds the dresses
		{comes, "менің қызыма көйлек алғым келеді", false},
		{aboutOrder, "менің қызыма көйлек алғым келеді", false},
		{aboutOrder, "хочу узнать статус", true},
		{language, "поменять язык", true},
		{language, "можно на казахском?", true},
		{language, "можно по-казахски?", true},
		{language, "қазақшаға ауыстырыңыз", true},
		{language, "блузка с казахским орнаментом", false},
		{howToOrder, "как оформить заказ", true},
		{howToOrder, "Как сделать заказ?", true},
		{howToOrder, "где мой заказ", false},
		{toCancel, "отменный сервис, спасибо", false},
		{toCancel, "хочу обменять на другой размер", true},
		{toBuy, "хочу уточнить", false},
		{toBuy, "тапсырыс беру үшін не керек?", false},
		{person, "платье на полного человека", false},
		{person, "нужна консультация", true},
		{toCancel, "хочу отменить заказ", true},
		{toCancel, "как вернуть платье?", true},
		{toCancel, "Возврат", true},
		{toCancel, "когда вернут деньги", true},
		{toCancel, "тауарды қайтарғым келеді", true},
		{toCancel, "тапсырыстан бас тартамын", true},
		{toCancel, "все верно", false},
		{toCancel, "подумаю и вернусь", false},
		{toCancel, "вернуться в меню", false},
		{toCancel, "когда вернете деньги?", true},
		{toCancel, "где мой заказ", false},
		{toCancel, "бас киім", false},
		{toBuy, "хочу купить куртку", true},
		{toBuy, "ищу пуховик", true},
		{toBuy, "нужны кроссовки", true},
		{toBuy, "есть кроссовки?", true},
		{toBuy, "етік бар ма?", true},
		{toBuy, "пальто сатып алғым келеді", true},
		{toBuy, "серьги есть?", true},
		{toBuy, "а что есть в меню", false}, // "есть" asks for goods first or last
		{toBuy, "менде тапсырыс бар", false},
		{toBuy, "какая погода", false},
		{aboutOrder, "а трек номер какой?", true},
		{comes, "когда получу?", true},
		{aboutOrder, "трек", true},
		{payDeliver, "Сколько стоит доставка?", true},
		{payDeliver, "как оплатить", true},
		{payDeliver, "можно оплачивать картой?", true},
		{payDeliver, "жеткізу қанша тұрады?", true},
		{payDeliver, "Астанага жеткизу бар ма?", true}, // Kazakh on a Russian keyboard
		{payDeliver, "қалай төлеймін", true},
		{payDeliver, "есть рассрочка?", true},
		{payDeliver, "ваш адрес", false},
		{payDeliver, "какая завтра погода?", false},
		{complains, "Мне пришло не то платье, что я заказывала", true},
		{complains, "Платье пришло с дыркой, что делать?", true},
		{complains, "Көйлек жыртық келді, не істеймін?", true},
		{complains, "не тот размер", true},
		{complains, "не то чтобы", false},
		{complains, "пришло не то, что я заказывала", true},
		{hours, "до скольки работаете?", true},
		{hours, "часы работы магазина", true},
		{hours, "ссылка на оплату не работает", false},
		{hours, "время доставки", false},
		{hours, "жұмыс кестесі", true},
		{hours, "вы работаете в выходные?", true},
		{hours, "есть платья на праздники?", false},
		{hours, "нужно платье на выходные", false},
		{praise, "отлично, оформляю", false},
		{praise, "мне нравится черное платье", false},
		{praise, "Вы лучшие, платье супер!", true},
		{praise, "платье супер, есть в M?", false},
		{praise, "платье супер, хочу такое же в S", false},
		{praise, "керемет көйлек, M бар ма", false},
		{complains, "где мой заказ", false},
		{person, "хочу поговорить с человеком", true},
		{person, "Мне консультант в магазине посоветовала это платье, есть в M?", false},
		{person, "ищу подарок пожилому человеку", false},
		{person, "оператор доставки СДЭК или Казпочта?", false},
		{person, "менеджерге рахмет!", false},
		{person, "ваши консультанты очень вежливые", false},
		{person, "позовите менеджера пожалуйста", true},
		{person, "оператор", true},
		{person, "позовите консультанта", true},
		{person, "перезвоните мне", true},
		{person, "адаммен сөйлескім келеді", true},
		{person, "платье для мамы", false},
		{person, "где мой заказ", false},
	} {
		if got := tc.read.fn(words(tc.text)); got != tc.want {
			t.Errorf("%s(%q) = %v, want %v", tc.read.name, tc.text, got, tc.want)
		}
	}
}

type reader struct {
	name string
	fn   func([]string) bool
}

func TestCourtesy(t *testing.T) {
	for _, tc := range []struct {
		text           string
		greets, thanks bool
	}{
		{"Добрый день!", true, false},
		{"здравствуйте", true, false},
		{"Сәлеметсіз бе", true, false},
		{"қайырлы күн", true, false},
		{"Спасибо!", false, true},
		{"спасибо большое", false, true},
		{"Рақмет", false, true},
		{"ок, понятно", false, true},
		{"до свидания", false, true},
		{"привет, спасибо", false, true},
		{"👍", false, true},
		{"🙏🙏", false, true},
		{"???", false, false},
		{"", false, false},
		{"добрый день, есть платья?", false, false},
		{"спасибо, а где мой заказ", false, false},
	} {
		greets, thanks := courtesy(tc.text, words(tc.text))
		if greets != tc.greets || thanks != tc.thanks {
			t.Errorf("courtesy(%q) = %v, %v; want %v, %v", tc.text, greets, thanks, tc.greets, tc.thanks)
		}
	}
}

func TestLatinReading(t *testing.T) {
	for _, tc := range []struct {
		text, want string
		ok         bool
	}{
		{"korzina", "корзина", true},
		{"platye M, 2 sht", "платье M, 2 шт", true},
		{"platye s poyasom XL", "платье с поясом XL", true}, // a lower-case "s" is с
		{"S poyasom platye", "с поясом платье", true},       // and so is a capital one first
		{"razmer S/M est?", "размер S/M ест?", true},
		{"hello, thanks", "hello, thanks", true},
		{"call the manager", "позовите тхе менеджер", true},
		{"Sälem!", "сәлем!", true},
		{"platye 2xl", "платье 2xl", true},
		{"menyu", "меню", true},
		// Kazakh by a letter of Kazakh's anywhere (q too), else Russian.
		{"jeide bar ma", "жеиде бар ма", true}, // и for й: the readers fold й as и
		{"aq jeide", "ақ жейде", true},
		{"Zdravstvuyte", "здравствуйте", true},
		{"aigerim@example.kz", "", false}, // an e-mail, no words
		{"https://lete.kz", "", false},
		{"платье M", "", false},
		{"42", "", false},
	} {
		got, ok := latinReading(tc.text)
		if got != tc.want || ok != tc.ok {
			t.Errorf("latinReading(%q) = %q, %v; want %q, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
}
