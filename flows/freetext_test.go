package flows_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// TestFreeText: text typed outside a question gets the page or the answer
// it asks for; the products listed for a colour or size are those with such
// a variant in stock now, by the store's live stock.
func TestFreeText(t *testing.T) {
	for _, tc := range []struct {
		lang, text string
		soldOut    []string       // variants with no stock left
		want       messages.Key   // the first reply
		products   []string       // the SKUs listed, when the reply lists products
		buttons    []messages.Key // the reply's other buttons, when it lists none
	}{
		{"ru", "Добрый день!", nil, messages.MenuTitle, nil, nil},
		{"kk", "сәлеметсіз бе", nil, messages.MenuTitle, nil, nil},
		{"ru", "спасибо большое", nil, messages.YouAreWelcome, nil, []messages.Key{messages.BtnMenu}},
		{"kk", "рақмет", nil, messages.YouAreWelcome, nil, []messages.Key{messages.BtnMenu}},
		{"ru", "👍", nil, messages.YouAreWelcome, nil, []messages.Key{messages.BtnMenu}},
		{"ru", "платья", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
		{"ru", "черное платье", nil, messages.CatalogFound, []string{"LT-101"}, nil},
		{"ru", "платье M", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-104"}, nil},
		// Live stock, not the catalog's: LT-101 in M sold out since.
		{"ru", "платье M", []string{"LT-101-M"}, messages.CatalogFound, []string{"LT-102", "LT-104"}, nil},
		{"ru", "черное платье размер xs", nil, messages.NoneInStock, nil, []messages.Key{messages.BtnCategories, messages.BtnTalk}},
		{"ru", "есть 42 размер?", nil, messages.SizesAre, nil, []messages.Key{messages.BtnCatalog, messages.BtnTalk}},
		{"ru", "здравствуйте, у вас есть джинсы 46 размера?", nil, messages.SizesAre, nil, nil}, // then the jeans
		{"ru", "черное платье XL", nil, messages.NoneInStock, nil, []messages.Key{messages.BtnCategories, messages.BtnTalk}},
		// The examples the size help gives.
		{"kk", "джинсы S өлшем", nil, messages.CatalogFound, []string{"LT-303"}, nil},
		{"ru", "джинсы размер S", nil, messages.CatalogFound, []string{"LT-303"}, nil},
		{"kk", "сұр юбка S өлшем", nil, messages.CatalogFound, []string{"LT-304"}, nil},
		{"ru", "серая юбка размер S", nil, messages.CatalogFound, []string{"LT-304"}, nil},
		{"kk", "көйлек M", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-104"}, nil},
		{"ru", "черная юбка", nil, messages.NoneInStock, nil, []messages.Key{messages.BtnCategories, messages.BtnTalk}},
		{"ru", "какие размеры есть?", nil, messages.SizeHelp, nil, []messages.Key{messages.BtnCatalog, messages.BtnTalk}},
		{"ru", "хочу купить куртку", nil, messages.NotInCatalog, nil, []messages.Key{messages.BtnCategories, messages.BtnTalk}},
		{"kk", "етік бар ма?", nil, messages.NotInCatalog, nil, []messages.Key{messages.BtnCategories, messages.BtnTalk}},
		{"ru", "хочу сделать заказ", nil, messages.CatalogCategories, nil, nil},
		{"kk", "тапсырыс бергім келеді", nil, messages.CatalogCategories, nil, nil},
		{"ru", "когда доставят?", nil, messages.OrdersNone, nil, nil},
		{"ru", "хочу отменить заказ", nil, messages.ClaimsNoOrders, nil, nil},
		{"ru", "как вернуть платье?", nil, messages.ClaimsNoOrders, nil, nil},
		{"ru", "сколько стоит доставка?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"ru", "можно примерить платье при получении?", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
		{"ru", "оплата прошла, но каспи списал дважды", nil, messages.ClaimChargeOrder, nil, nil},
		{"ru", "хочу поговорить с человеком", nil, messages.HandoffStarted, nil, nil},
		{"kk", "менеджерге жазғым келеді", nil, messages.HandoffStarted, nil, nil},
		{"ru", "очистить корзину", nil, messages.CartEmpty, nil, nil},
		{"ru", "есть ли самовывоз?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"ru", "когда приедет?", nil, messages.OrdersNone, nil, nil},
		{"ru", "а трек номер какой?", nil, messages.OrdersNone, nil, nil},
		{"ru", "можно поменять адрес?", nil, messages.ChangeOrder, nil, []messages.Key{messages.BtnTalk, messages.BtnMyOrders}},
		{"ru", "до скольки работаете?", nil, messages.HoursAre, nil, []messages.Key{messages.BtnContacts, messages.BtnTalk}},
		{"ru", "Здравствуйте, какой у вас график работы?", nil, messages.HoursAre, nil, nil},
		{"ru", "вы работаете в выходные?", nil, messages.HoursAre, nil, nil},
		{"kk", "жұмыс уақыты қандай?", nil, messages.HoursAre, nil, nil},
		{"kk", "сағат нешеге дейін жұмыс істейсіздер?", nil, messages.HoursAre, nil, nil},
		{"ru", "доставка работает в выходные?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"ru", "Вы лучшие, платье супер!", nil, messages.Praised, nil, []messages.Key{messages.BtnMenu, messages.BtnCatalog}},
		{"kk", "керемет көйлек, рақмет", nil, messages.YouAreWelcome, nil, nil},
		{"kk", "көйлек өте әдемі екен", nil, messages.Praised, nil, nil},
		{"ru", "платье супер, есть в размере M?", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-104"}, nil},
		{"ru", "красивое платье, хочу черное", nil, messages.CatalogFound, []string{"LT-101"}, nil},
		{"kk", "мекенжайды өзгертуге бола ма?", nil, messages.ChangeOrder, nil, []messages.Key{messages.BtnTalk, messages.BtnMyOrders}},
		{"ru", "поменять язык", nil, messages.LanguageChoose, nil, nil},
		{"ru", "есть скидки?", nil, messages.DiscountAsk, nil, []messages.Key{messages.BtnTalk, messages.BtnCatalog}},
		{"kk", "жеңілдік бар ма?", nil, messages.DiscountAsk, nil, []messages.Key{messages.BtnTalk, messages.BtnCatalog}},
		{"ru", "Оформить заказ", nil, messages.CartEmpty, nil, nil}, // the checkout, of an empty cart
		{"kk", "тапсырысты рәсімдеу", nil, messages.CartEmpty, nil, nil},
		{"ru", "какая завтра погода?", nil, messages.NotUnderstood, nil, nil},
		// Read for what they ask, not as goods (the review's probes).
		{"ru", "Здравствуйте, есть размер S?", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104", "LT-201", "LT-202"}, nil},
		{"kk", "Сәлеметсіз бе, өлшем M бар ма?", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-104", "LT-201", "LT-202", "LT-203"}, nil},
		{"ru", "а есть в черном цвете?", nil, messages.CatalogFound, []string{"LT-101", "LT-202", "LT-301"}, nil},
		{"ru", "рост 170, вес 60, какой размер?", nil, messages.SizeHelp, nil, nil},
		{"ru", "Добрый вечер, сколько стоит доставка?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"ru", "есть скидка на пальто?", nil, messages.DiscountAsk, nil, nil},
		{"ru", "нужна помощь", nil, messages.MenuTitle, nil, nil},
		{"kk", "маған көмек керек", nil, messages.MenuTitle, nil, nil},
		{"ru", "хочу узнать статус", nil, messages.OrdersNone, nil, nil},
		{"ru", "есть рассрочка?", nil, messages.PayOnlyCard, nil, []messages.Key{messages.BtnPaymentDelivery, messages.BtnCatalog}},
		{"kk", "Kaspi бар ма?", nil, messages.PayOnlyCard, nil, nil},
		{"ru", "можно оплатить переводом на каспи?", nil, messages.PayOnlyCard, nil, nil},
		{"ru", "оплата при получении?", nil, messages.PayOnlyCard, nil, nil},
		{"ru", "скиньте реквизиты", nil, messages.PayOnlyCard, nil, nil},
		{"ru", "халык картой можно?", nil, messages.PayOnlyCard, nil, nil},
		{"kk", "бөліп төлеуге бола ма?", nil, messages.PayOnlyCard, nil, nil},
		{"ru", "сколько стоит доставка?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"ru", "есть магазин в Алматы?", nil, messages.InfoContacts, nil, nil},
		{"kk", "фото жіберіңізші", nil, messages.NotUnderstood, nil, nil},
		{"kk", "сізге жазғым келеді", nil, messages.NotUnderstood, nil, nil},
		{"ru", "можно на казахском?", nil, messages.LanguageChoose, nil, nil},
		{"ru", "блузка с казахским орнаментом", nil, messages.CatalogFound, []string{"LT-204"}, nil},
		{"ru", "можно забрать прямо сегодня?", nil, messages.NotUnderstood, nil, nil},
		{"kk", "дүкен ашық па?", nil, messages.InfoContacts, nil, nil},
		{"kk", "каталогты қарау", nil, messages.CatalogCategories, nil, nil},
		{"ru", "серьги есть?", nil, messages.NotInCatalog, nil, nil},
		{"kk", "менің қызыма көйлек алғым келеді", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
		{"ru", "когда придут новые платья?", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
		{"ru", "поменяйте на казахский", nil, messages.LanguageChoose, nil, nil},
		{"ru", "платье на полного человека", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
		{"ru", "отменный сервис, спасибо", nil, messages.YouAreWelcome, nil, nil},
		{"ru", "Спасибо большое, всё пришло, очень довольна", nil, messages.YouAreWelcome, nil, nil},
		{"ru", "Мне пришло не то платье, что я заказывала", nil, messages.ClaimsNoOrders, nil, nil},
		{"kk", "Көйлек жыртық келді, не істеймін?", nil, messages.ClaimsNoOrders, nil, nil},
		{"ru", "Заказ не пришел", nil, messages.OrdersNone, nil, nil},
		{"kk", "тапсырысым кайда?", nil, messages.OrdersNone, nil, nil},
		{"ru", "Оплатила", nil, messages.OrdersNone, nil, nil},
		{"ru", "Я оплатила, но статус не изменился", nil, messages.OrdersNone, nil, nil},
		{"kk", "Өлшемі келмеді, ауыстыруға бола ма?", nil, messages.ClaimsNoOrders, nil, nil},
		{"ru", "Здравствуйте, хочу сделать заказ на две блузки", nil, messages.CatalogFound, []string{"LT-202", "LT-204"}, nil},
		{"ru", "Сколько стоит доставка, если заказ на 2 платья?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"kk", "Астанага жеткизу бар ма?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"kk", "салем койлек бар ма", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
		{"kk", "кара койлек бар ма?", nil, messages.CatalogFound, []string{"LT-101"}, nil},
		{"ru", "Мне консультант в магазине посоветовала это платье, есть в M?", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-104"}, nil},
		{"ru", "оператор доставки СДЭК или Казпочта?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"kk", "менеджерге рахмет!", nil, messages.YouAreWelcome, nil, nil},
		{"ru", "Сколько стоит?", nil, messages.CatalogCategories, nil, nil},
		{"kk", "Тапсырысты қалай беремін?", nil, messages.CatalogCategories, nil, nil},
		{"ru", "Вы продаете обувь?", nil, messages.NotInCatalog, nil, nil},
		{"ru", "ваш адрес", nil, messages.InfoContacts, nil, nil},
		{"ru", "где вы находитесь?", nil, messages.InfoContacts, nil, nil},
		{"kk", "дүкеннің мекенжайы", nil, messages.InfoContacts, nil, nil},
		{"kk", "менеджермен байланысқым келеді", nil, messages.HandoffStarted, nil, nil},
		{"ru", "какие условия возврата?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"ru", "где мой возврат денег?", nil, messages.ClaimStatusList, nil, nil},
		{"ru", "хочу обменять на другой размер", nil, messages.ClaimsNoOrders, nil, nil},
		{"ru", "как оформить заказ", nil, messages.CatalogCategories, nil, nil},
		{"ru", "доставляете в Караганду?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"kk", "қанша тұрады?", nil, messages.CatalogCategories, nil, nil},
		// Typed in Latin letters, from a phone without Cyrillic: read as
		// the Cyrillic, the words the readers know in Latin kept.
		{"ru", "korzina", nil, messages.CartEmpty, nil, nil},
		{"ru", "Katalog", nil, messages.CatalogCategories, nil, nil},
		{"ru", "skolko stoit dostavka?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"ru", "u vas est platya?", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
		{"ru", "chernoe platye", nil, messages.CatalogFound, []string{"LT-101"}, nil},
		{"ru", "platye M", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-104"}, nil},
		{"ru", "платье с поясом", nil, messages.CatalogFound, []string{"LT-101"}, nil},
		{"ru", "platye s poyasom", nil, messages.CatalogFound, []string{"LT-101"}, nil}, // "s" is с, no size
		{"ru", "hochu pogovorit s menedzherom", nil, messages.HandoffStarted, nil, nil},
		{"ru", "gde moy zakaz?", nil, messages.OrdersNone, nil, nil},
		{"ru", "kak vernut platye?", nil, messages.ClaimsNoOrders, nil, nil},
		{"ru", "spasibo", nil, messages.YouAreWelcome, nil, nil},
		{"ru", "thank you", nil, messages.YouAreWelcome, nil, nil},
		{"kk", "Sälem", nil, messages.MenuTitle, nil, nil},
		{"kk", "rahmet", nil, messages.YouAreWelcome, nil, nil},
		{"kk", "qara köilek bar ma?", nil, messages.CatalogFound, []string{"LT-101"}, nil},
		{"kk", "koilek M bar ma", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-104"}, nil},
		{"kk", "qansha turady?", nil, messages.CatalogCategories, nil, nil},
		{"kk", "tapsyrysym qaida?", nil, messages.OrdersNone, nil, nil},
		{"ru", "kak dela", nil, messages.NotUnderstood, nil, nil},
		// The probe of the Latin reading: each beside its Cyrillic.
		{"kk", "жейде бар ма", nil, messages.CatalogFound, []string{"LT-104", "LT-201", "LT-203"}, nil},
		{"kk", "jeide bar ma", nil, messages.CatalogFound, []string{"LT-104", "LT-201", "LT-203"}, nil},
		{"kk", "ақ жейде", nil, messages.CatalogFound, []string{"LT-201", "LT-203"}, nil},
		{"kk", "aq jeide", nil, messages.CatalogFound, []string{"LT-201", "LT-203"}, nil},
		{"kk", "Astanaga jetkizu bar ma", nil, messages.InfoPaymentDelivery, nil, nil},
		{"kk", "jumys uaqyty", nil, messages.HoursAre, nil, nil},
		{"kk", "qaiyrly kun", nil, messages.MenuTitle, nil, nil},
		{"kk", "salemetsiz be", nil, messages.MenuTitle, nil, nil},
		{"ru", "svitshot", nil, messages.CatalogFound, []string{"LT-404"}, nil},
		{"ru", "zhivoy chelovek", nil, messages.HandoffStarted, nil, nil},
		{"ru", "jdu zakaz uje nedelyu", nil, messages.OrdersNone, nil, nil},
		{"ru", "4to s zakazom?", nil, messages.OrdersNone, nil, nil},
		{"ru", "rassro4ka est?", nil, messages.PayOnlyCard, nil, nil},
		{"ru", "xochu djinsy", nil, messages.CatalogFound, []string{"LT-303"}, nil},
		{"ru", "S poyasom platye est?", nil, messages.CatalogFound, []string{"LT-101"}, nil},
		{"ru", "call the manager please", nil, messages.HandoffStarted, nil, nil},
		{"ru", "нижнее белье есть?", nil, messages.NotInCatalog, nil, nil},
		{"ru", "есть платья и рубашки?", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104", "LT-201", "LT-203"}, nil},
		{"ru", "aigerim.s@mail.ru", nil, messages.NotUnderstood, nil, nil}, // its "s" is no size
		{"kk", "қазақ тілінде сөйлесіңізші", nil, messages.LanguageChoose, nil, nil},
		{"ru", "хочу поговорить с менеджером на казахском", nil, messages.HandoffStarted, nil, nil},
		{"ru", "курьер есть?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"ru", "заказ 42", nil, messages.OrderNotFound, nil, nil}, // not the chat's
		{"ru", "заказ 2 платья", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
		// The review's probes: ordinary messages no new reader takes.
		{"ru", "Хочу заказать 2", nil, messages.CatalogCategories, nil, nil},
		{"ru", "не удалось ввести данные карты", nil, messages.InfoPaymentDelivery, nil, nil},
		{"ru", "Какая плата за примерку?", nil, messages.NotUnderstood, nil, nil},
		{"ru", "комплект белья есть?", nil, messages.NotInCatalog, nil, nil},
		{"ru", "изменится ли цена?", nil, messages.CatalogCategories, nil, nil},
		{"ru", "Что с доставкой в Алматы? Хочу сделать заказ", nil, messages.InfoPaymentDelivery, nil, nil},
		{"kk", "Zdravstvuyte", nil, messages.MenuTitle, nil, nil},
		{"ru", "menyu", nil, messages.MenuTitle, nil, nil},
		{"ru", "Есть скидка на первый заказ 10%?", nil, messages.DiscountAsk, nil, nil},
		{"ru", "Бесплатная доставка при сумме заказа 20000?", nil, messages.InfoPaymentDelivery, nil, nil},
		{"ru", "заказ номер 12", nil, messages.OrderNotFound, nil, nil},
		{"ru", "Прямые джинсы, свитшот", nil, messages.CatalogFound, []string{"LT-303", "LT-404"}, nil},
		{"ru", "platye s poyasom, bluzka", nil, messages.CatalogFound, []string{"LT-101", "LT-202", "LT-204"}, nil},
		{"ru", "Оставьте мне 2 до пятницы, я приду в магазин", nil, messages.InfoContacts, nil, nil}, // not a stain (пятн-)
		{"ru", "Я вешу 55, рост 160, какой размер?", nil, messages.SizeHelp, nil, nil},
		{"ru", "Что с моим платьем? Жду 2 недели", nil, messages.OrdersNone, nil, nil},
		{"ru", "Я ношу 46, есть такой?", nil, messages.SizesAre, nil, nil},
		{"ru", "platye ili rubashka", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104", "LT-201", "LT-203"}, nil},
		// A helper's probe of what shop chats hear: someone there? a
		// complaint, an order that does not come.
		{"ru", "алло", nil, messages.Here, nil, nil},
		{"ru", "вы тут?", nil, messages.Here, nil, nil},
		{"ru", "можно вопрос?", nil, messages.Here, nil, nil},
		{"ru", "подскажите пожалуйста", nil, messages.Here, nil, nil},
		{"ru", "ты бот?", nil, messages.Here, nil, nil},
		{"ru", "есть кто?", nil, messages.Here, nil, nil},
		{"kk", "бармысыз?", nil, messages.Here, nil, nil},
		{"ru", "вы мошенники", nil, messages.HandoffStarted, nil, nil},
		{"ru", "я буду жаловаться", nil, messages.HandoffStarted, nil, nil},
		{"ru", "сколько можно ждать!!!", nil, messages.HandoffStarted, nil, nil},
		{"ru", "никто не отвечает", nil, messages.HandoffStarted, nil, nil},
		{"ru", "бот тупой", nil, messages.HandoffStarted, nil, nil},
		// The review's probes: the same words in harmless sentences.
		{"ru", "ремень с бляхой есть?", nil, messages.NotInCatalog, nil, nil},
		{"ru", "ужасно хочу это платье", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
		{"ru", "товар пришел с браком, ужасное качество, хочу вернуть", nil, messages.ClaimsNoOrders, nil, nil},
		{"ru", "ужасный сервис", nil, messages.HandoffStarted, nil, nil},
		{"ru", "ужасно хочу выбрать платье", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
		{"ru", "никто не берет трубку", nil, messages.HandoffStarted, nil, nil},
		{"ru", "заказ 3 дня не приходит", nil, messages.OrdersNone, nil, nil},
		{"ru", "сколько ждать заказ?", nil, messages.OrdersNone, nil, nil},
		{"kk", "тапсырысым келмеді", nil, messages.OrdersNone, nil, nil},
		{"kk", "Тапсырысым 3 күн болды әлі келмеді", nil, messages.OrdersNone, nil, nil},
		{"kk", "қашан келеді?", nil, messages.OrdersNone, nil, nil},
		{"ru", "трек номер неправильный, СДЭК его не находит", nil, messages.TrackingNotFound, nil, []messages.Key{messages.BtnTalk, messages.BtnMyOrders}},
		{"kk", "трек жұмыс істемейді", nil, messages.TrackingNotFound, nil, nil},
		{"ru", "какой трек номер?", nil, messages.OrdersNone, nil, nil},
		{"kk", "көйлек қашан келеді?", nil, messages.CatalogFound, []string{"LT-101", "LT-102", "LT-103", "LT-104"}, nil},
	} {
		t.Run(tc.lang+" "+tc.text, func(t *testing.T) {
			f, st := newFlows(t)
			for _, id := range tc.soldOut {
				st.stock[id] = 0
			}
			w := &walker{t: t, f: f, st: st, s: flows.NewSession(tc.lang), chat: customerChat}
			w.text("/start")
			res := w.text(tc.text)
			if len(res.Replies) == 0 || res.Replies[0].Text.Key != tc.want {
				t.Fatalf("replies %v, want %s first", keysOf(res.Replies), tc.want)
			}
			var skus []string
			var others []messages.Key
			for _, row := range res.Replies[0].Buttons {
				for _, b := range row {
					if b.Label.Key == messages.BtnProduct {
						skus = append(skus, b.Data[len("p:"):])
					} else {
						others = append(others, b.Label.Key)
					}
				}
			}
			if !slices.Equal(skus, tc.products) {
				t.Errorf("products listed %q, want %q", skus, tc.products)
			}
			if tc.buttons != nil && !slices.Equal(others, tc.buttons) {
				t.Errorf("buttons %v, want %v", others, tc.buttons)
			}
		})
	}
}

// TestSizesAreRussian: a Russian size the catalog lacks gets the letter it
// usually is, where the catalog has that letter.
func TestSizesAreRussian(t *testing.T) {
	for _, tc := range []struct{ text, like string }{
		{"есть 44 размер?", "S"},
		{"Я ношу 46, есть такой?", "M"},
		{"платье 52 размера", ""}, // XXL: the catalog has none
		{"джинсы 27 размер", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			f, st := newFlows(t)
			w := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: customerChat}
			w.text("/start")
			res := w.text(tc.text)
			r := replyOf(t, res.Replies, messages.SizesAre)
			if r.Text.Args["Like"] != tc.like {
				t.Errorf("Like %q, want %q", r.Text.Args["Like"], tc.like)
			}
		})
	}
}

// TestNotUnderstoodTwice: the second message in a row the bot does not
// understand offers the manager; one it understands starts the count anew.
func TestNotUnderstoodTwice(t *testing.T) {
	f, st := newFlows(t)
	w := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: customerChat}
	w.text("/start")
	wantKeys(t, "first", w.text("абырвалг").Replies, messages.NotUnderstood, messages.MenuTitle)
	res := w.text("главрыба")
	wantKeys(t, "second", res.Replies, messages.NotUnderstoodAgain)
	if !hasButton(res.Replies[0], "talk") {
		t.Errorf("the second miss offers no manager: %+v", res.Replies[0].Buttons)
	}
	wantKeys(t, "third", w.text("абырвалг").Replies, messages.NotUnderstoodAgain)
	w.text("корзина")
	wantKeys(t, "after one understood", w.text("абырвалг").Replies, messages.NotUnderstood, messages.MenuTitle)
	wantKeys(t, "again", w.text("главрыба").Replies, messages.NotUnderstoodAgain)
	wantKeys(t, "yes to the manager", w.text("да").Replies, messages.HandoffStarted)
}

// TestFreeTextOwnOrder: a question after "my order" shows the order when
// the chat has one, the list when it has more; another chat's order is not
// the chat's.
func TestFreeTextOwnOrder(t *testing.T) {
	for _, tc := range []struct {
		name   string
		orders []string // the chats whose orders the store holds
		done   int      // how many of them, first, are delivered or cancelled
		want   messages.Key
	}{
		{"none", nil, 0, messages.OrdersNone},
		{"one", []string{customerChat}, 0, messages.OrderView},
		{"two", []string{customerChat, customerChat}, 0, messages.OrdersList},
		{"two, one of them on its way", []string{customerChat, customerChat}, 1, messages.OrderView},
		{"two, both done", []string{customerChat, customerChat}, 2, messages.OrdersList},
		{"one of another chat", []string{"tg:2"}, 0, messages.OrdersNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, st := newFlows(t)
			for i, chat := range tc.orders {
				o := sampleOrder(chat)
				if i < tc.done {
					o.Status = []shop.OrderStatus{shop.Delivered, shop.Cancelled}[i%2]
				}
				st.add(o)
			}
			w := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: customerChat}
			w.text("/start")
			for _, text := range []string{"где мой заказ?", "когда доставят?", "оплатила"} {
				if got := keysOf(w.text(text).Replies); len(got) == 0 || got[0] != tc.want {
					t.Errorf("%q: replies %v, want %s first", text, got, tc.want)
				}
			}
		})
	}
}

// TestFreeTextStockFails: a colour or size search whose stock cannot be
// read fails the turn (the engine leaves the session as it was and tells
// the customer to try again), rather than listing what may be sold out.
func TestFreeTextStockFails(t *testing.T) {
	f, st := newFlows(t)
	down := errors.New("database down")
	st.failOn = func(method string) error {
		if method == "Available" {
			return down
		}
		return nil
	}
	w := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: customerChat}
	w.text("/start")
	if _, err := f.Handle(t.Context(), st, w.s, flows.Input{Kind: flows.TextInput, Chat: customerChat, Text: "платье M"}); !errors.Is(err, down) {
		t.Errorf("Handle: %v, want %v", err, down)
	}
}

// TestFirstMessage: a chat's first message is welcomed and, when it asks
// something, answered; written with Kazakh letters, the chat is in Kazakh
// whatever the client's language.
func TestFirstMessage(t *testing.T) {
	for _, tc := range []struct {
		hint, text string
		kind       flows.InputKind
		lang       string
		want       []messages.Key
	}{
		{"ru", "/start", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.MenuTitle}},
		{"ru", "Здравствуйте!", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.MenuTitle}},
		{"ru", "Здравствуйте, есть платья?", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.CatalogFound}},
		{"", "где мой заказ", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.OrdersNone}},
		{"", "Сәлеметсіз бе, көйлек бар ма?", flows.TextInput, "kk", []messages.Key{messages.Welcome, messages.CatalogFound}},
		{"ru", "Сәлеметсіз бе", flows.TextInput, "kk", []messages.Key{messages.Welcome, messages.MenuTitle}},
		{"kk", "рахмет", flows.TextInput, "kk", []messages.Key{messages.Welcome, messages.MenuTitle}},
		{"ru", "Көйлек жыртық келді, не істеймін?", flows.TextInput, "kk", []messages.Key{messages.Welcome, messages.ClaimsNoOrders}},
		// A Kazakh name or city in Russian text: still Russian.
		{"ru", "Здравствуйте, меня зовут Әлия, где мой заказ?", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.OrdersNone}},
		{"", "доставка в Қарағанды есть?", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.InfoPaymentDelivery}},
		{"ru", "рахмет", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.MenuTitle}},
		// Kazakh typed on a Russian keyboard, without its letters.
		{"ru", "Салам, каспи бар ма?", flows.TextInput, "kk", []messages.Key{messages.Welcome, messages.PayOnlyCard}},
		{"ru", "Саламатсыз ба", flows.TextInput, "kk", []messages.Key{messages.Welcome, messages.MenuTitle}},
		{"ru", "Кайырлы кун, койлек бар ма?", flows.TextInput, "kk", []messages.Key{messages.Welcome, messages.CatalogFound}},
		{"ru", "Салем, жеткизу канша турады?", flows.TextInput, "kk", []messages.Key{messages.Welcome, messages.InfoPaymentDelivery}},
		{"ru", "салем", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.MenuTitle}},
		{"ru", "Привет, платье бар?", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.CatalogFound}},
		// Not understood: the menu alone after the welcome.
		{"ru", "qwerty", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.MenuTitle}},
		// Latin letters: Kazakh by the letters only its alphabets have.
		{"", "Sälem, köilek bar ma?", flows.TextInput, "kk", []messages.Key{messages.Welcome, messages.CatalogFound}},
		{"kk", "privet, est platya?", flows.TextInput, "kk", []messages.Key{messages.Welcome, messages.CatalogFound}},
		{"ru", "salem", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.MenuTitle}},
		{"ru", "4111 1111 1111 1111", flows.TextInput, "ru", []messages.Key{messages.Welcome, messages.CardNumberWarning, messages.MenuTitle}},
		{"ru", "", flows.UnsupportedInput, "ru", []messages.Key{messages.Welcome, messages.MenuTitle}},
	} {
		t.Run(tc.hint+" "+tc.text, func(t *testing.T) {
			f, st := newFlows(t)
			w := &walker{t: t, f: f, st: st, s: flows.NewSession(tc.hint), chat: customerChat}
			res := w.do(flows.Input{Kind: tc.kind, Text: tc.text})
			if got := keysOf(res.Replies); !slices.Equal(got, tc.want) {
				t.Errorf("replies %v, want %v", got, tc.want)
			}
			if string(w.s.Lang) != tc.lang {
				t.Errorf("chat in %q, want %q", w.s.Lang, tc.lang)
			}
		})
	}
}

// TestFreeTextCheckout: the words of ordering open the checkout of a cart
// with goods (its first question), the catalog of an empty one.
func TestFreeTextCheckout(t *testing.T) {
	for _, tc := range []struct {
		text string
		cart bool
		want messages.Key
	}{
		{"оформить заказ", true, messages.AskName},
		{"тапсырысты рәсімдеу", true, messages.AskName},
		{"как оформить заказ?", true, messages.AskName},
		{"как оформить заказ?", false, messages.CatalogCategories},
		{"хочу сделать заказ", false, messages.CatalogCategories},
		{"очистить корзину", true, messages.CartView},
	} {
		t.Run(tc.text, func(t *testing.T) {
			f, st := newFlows(t)
			w := &walker{t: t, f: f, st: st, s: flows.NewSession("ru"), chat: customerChat}
			w.text("/start")
			if tc.cart {
				w.do(flows.Input{Kind: flows.ButtonInput, Data: "a:LT-101-M:1"})
			}
			res := w.text(tc.text)
			if got := keysOf(res.Replies); len(got) == 0 || got[0] != tc.want {
				t.Errorf("replies %v, want %s first", got, tc.want)
			}
		})
	}
}
