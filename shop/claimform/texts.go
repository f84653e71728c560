package claimform

import (
	"fmt"

	"github.com/lete-store/letebot/shop"
)

// words is the form's wording in one language. The terms are the ones
// docs/glossary.md fixes, so the form says what the bot's messages say.
type words struct {
	// reasons are the words of the reasons the bot offers as buttons; a
	// reason the customer typed is printed as typed.
	reasons                     map[string]string
	to, from, phone, email, bin string
	title                       string
	// order names the order with its date when known:
	// "№ LT-00042 от 12.03.2026".
	order func(number, date string) string
	// body asks for the refund of amount to the card for the order,
	// worded by the kind of claim.
	body          map[shop.ClaimKind]func(amount, card, order string) string
	reason, paid  string
	cols          [6]string // №, goods, size, quantity, price, sum
	delivery      string
	total         string
	due           func(due, received string) string
	returnBy      string
	keptCondition string
	attachLabel   map[shop.ClaimKind]string
	attachments   map[shop.ClaimKind]string
	date, ref     string
	sign          string
}

// texts holds the form in every language Render accepts.
var texts = map[shop.Lang]*words{
	shop.Russian: {
		to:    "Кому:",
		from:  "От кого:",
		phone: "Телефон:",
		email: "E-mail:",
		bin:   "БИН",
		title: "Заявление на возврат денежных средств",
		order: func(number, date string) string {
			if date == "" {
				return "№ " + number
			}
			return "№ " + number + " от " + date
		},
		body: map[shop.ClaimKind]func(amount, card, order string) string{
			shop.ClaimCancel: func(amount, card, order string) string {
				return fmt.Sprintf("Прошу вернуть денежные средства в сумме %s на банковскую карту %s "+
					"в связи с отказом от оплаченного заказа %s до его получения.", amount, card, order)
			},
			shop.ClaimReturn: func(amount, card, order string) string {
				return fmt.Sprintf("Прошу вернуть денежные средства в сумме %s на банковскую карту %s "+
					"в связи с возвратом товара, полученного по заказу %s.", amount, card, order)
			},
			shop.ClaimWrongCharge: func(amount, card, order string) string {
				return fmt.Sprintf("Прошу вернуть денежные средства в сумме %s, ошибочно списанные "+
					"с банковской карты %s при оплате заказа %s, на ту же карту.", amount, card, order)
			},
		},
		reason: "Причина:",
		reasons: map[string]string{"size": "не подошёл размер", "like": "товар не понравился", "defect": "брак или дефект",
			"mind": "покупатель передумал", "late": "долгая доставка", "double": "оплата списана дважды",
			"amount": "списана не та сумма"},
		paid:     "Сумма оплаты по заказу:",
		cols:     [6]string{"№", "Товар", "Размер", "Количество", "Цена", "Сумма"},
		delivery: "Доставка",
		total:    "Итого к возврату:",
		due: func(due, received string) string {
			return fmt.Sprintf("Денежные средства подлежат возврату на карту не позднее %s. "+
				"Срок считается в рабочих днях со дня получения заявления (%s); "+
				"выходные и праздничные дни Республики Казахстан не учитываются.", due, received)
		},
		returnBy: "Способ возврата товара:",
		keptCondition: "Подтверждаю, что товарный вид и потребительские свойства товара, " +
			"а также документ, подтверждающий покупку, сохранены.",
		attachLabel: map[shop.ClaimKind]string{
			shop.ClaimCancel:      "Приложение:",
			shop.ClaimReturn:      "Приложение:",
			shop.ClaimWrongCharge: "Приложения:",
		},
		attachments: map[shop.ClaimKind]string{
			shop.ClaimCancel: "копия документа, удостоверяющего личность.",
			shop.ClaimReturn: "копия документа, удостоверяющего личность.",
			shop.ClaimWrongCharge: "копия документа, удостоверяющего личность; " +
				"квитанции (чеки), подтверждающие ошибочное списание.",
		},
		date: "Дата:",
		ref:  "Номер заявления:",
		sign: "Подпись:",
	},
	shop.Kazakh: {
		to:    "Кімге:",
		from:  "Кімнен:",
		phone: "Телефон:",
		email: "E-mail:",
		bin:   "БСН",
		title: "Ақшалай қаражатты қайтару туралы өтініш",
		order: func(number, date string) string {
			if date == "" {
				return "№ " + number
			}
			return date + " күнгі № " + number
		},
		body: map[shop.ClaimKind]func(amount, card, order string) string{
			shop.ClaimCancel: func(amount, card, order string) string {
				return fmt.Sprintf("%s төленген тапсырысты алғанға дейін одан бас тартуыма байланысты "+
					"%s сомасындағы ақшалай қаражатты %s банк картасына қайтаруыңызды сұраймын.", order, amount, card)
			},
			shop.ClaimReturn: func(amount, card, order string) string {
				return fmt.Sprintf("%s тапсырыс бойынша алынған тауарды қайтаруыма байланысты "+
					"%s сомасындағы ақшалай қаражатты %s банк картасына қайтаруыңызды сұраймын.", order, amount, card)
			},
			shop.ClaimWrongCharge: func(amount, card, order string) string {
				return fmt.Sprintf("%s тапсырысты төлеу кезінде %s банк картасынан қате шегерілген "+
					"%s сомасындағы ақшалай қаражатты сол картаға қайтаруыңызды сұраймын.", order, card, amount)
			},
		},
		reason: "Себебі:",
		reasons: map[string]string{"size": "өлшемі келмеді", "like": "тауар ұнамады", "defect": "ақау бар",
			"mind": "сатып алушы ойынан айныды", "late": "жеткізу ұзаққа созылды", "double": "төлем екі рет шешілді",
			"amount": "басқа сома шешілді"},
		paid:     "Тапсырыс бойынша төленген сома:",
		cols:     [6]string{"№", "Тауар", "Өлшем", "Саны", "Бағасы", "Сомасы"},
		delivery: "Жеткізу",
		total:    "Қайтарылатын жалпы сома:",
		due: func(due, received string) string {
			return fmt.Sprintf("Ақшалай қаражат картаға %s күнінен кешіктірілмей қайтарылуға тиіс. "+
				"Мерзім өтініш алынған күннен (%s) бастап жұмыс күндерімен есептеледі; "+
				"Қазақстан Республикасының демалыс және мереке күндері есептелмейді.", due, received)
		},
		returnBy: "Тауарды қайтару тәсілі:",
		keptCondition: "Тауардың тауарлық түрі мен тұтынушылық қасиеттері, " +
			"сондай-ақ сатып алуды растайтын құжат сақталғанын растаймын.",
		attachLabel: map[shop.ClaimKind]string{
			shop.ClaimCancel:      "Қосымша:",
			shop.ClaimReturn:      "Қосымша:",
			shop.ClaimWrongCharge: "Қосымшалар:",
		},
		attachments: map[shop.ClaimKind]string{
			shop.ClaimCancel: "жеке басын куәландыратын құжаттың көшірмесі.",
			shop.ClaimReturn: "жеке басын куәландыратын құжаттың көшірмесі.",
			shop.ClaimWrongCharge: "жеке басын куәландыратын құжаттың көшірмесі; " +
				"қате шегерілген соманы растайтын түбіртектер (чектер).",
		},
		date: "Күні:",
		ref:  "Өтініш нөмірі:",
		sign: "Қолы:",
	},
}
