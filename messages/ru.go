package messages

// ru is every text in Russian. Address the customer as «Вы»; terms follow
// docs/glossary.md.
var ru = map[Key]string{
	Welcome: `Здравствуйте! Это бот магазина {{.Store}}.
Здесь можно выбрать одежду, оформить заказ с доставкой СДЭК и следить за заказами.`,
	MenuTitle:         `Главное меню. Что Вас интересует?`,
	SessionReset:      `Извините, нам пришлось начать разговор заново. Корзину, возможно, придётся собрать ещё раз.`,
	SessionExpired:    `С возвращением! Вас давно не было, поэтому начнём сначала.`,
	CardNumberWarning: `Пожалуйста, не присылайте номер карты в чат — мы его не сохранили. Данные карты вводятся только на защищённой платёжной странице CloudPayments.`,
	NotNeededHere:     `Спасибо, но сейчас это не нужно.`,
	Unsupported:       `Извините, я понимаю только текст и кнопки. Стикеры, голосовые и видео, к сожалению, не читаю.`,
	UnknownCommand:    `Такой команды нет. Доступны /start, /menu, /cancel, /catalog, /cart, /orders, /language.`,
	PressAButton:      `Пожалуйста, выберите вариант кнопкой ниже.`,
	NotUnderstood:     `Не совсем понял Вас. Выберите, пожалуйста, пункт меню.`,
	Cancelled:         `Хорошо, оформление прервано. Корзина сохранена.`,
	StaleButton:       `Эта кнопка уже не действует. Вот актуальный шаг:`,
	ErrInternal:       `Извините, у нас что-то пошло не так. Попробуйте, пожалуйста, ещё раз через минуту.`,

	BtnCatalog:         `🛍 Каталог`,
	BtnCart:            `🛒 Корзина{{if .Pieces}} ({{.Pieces}}){{end}}`,
	BtnMyOrders:        `📦 Мои заказы`,
	BtnPaymentDelivery: `💳 Оплата и доставка`,
	BtnContacts:        `ℹ️ Контакты и конфиденциальность`,
	BtnLanguage:        `🌐 Тіл / Язык`,
	BtnMenu:            `☰ Меню`,
	BtnLabel:           `{{.Label}}`,
	BtnProduct:         `{{.Name}} — {{money .Price}}`,
	BtnPrev:            `◀ Назад`,
	BtnNext:            `Далее ▶`,
	BtnCategories:      `Категории`,
	BtnSize:            `{{.Size}}{{if .Colour}} · {{.Colour}}{{end}}`,
	BtnBack:            `◀ Назад`,
	BtnNumber:          `{{.N}}`,
	BtnCheckout:        `✅ Оформить заказ`,
	BtnContinue:        `Продолжить покупки`,
	BtnDec:             `{{.N}}: −1`,
	BtnInc:             `{{.N}}: +1`,
	BtnRemove:          `{{.N}}: ✖`,
	BtnClear:           `Очистить`,
	BtnKeep:            `Оставить: {{.Value}}`,
	BtnAbort:           `Отменить оформление`,
	BtnMethod:          `{{say (print "method." .Method)}}: {{say "part.quote" "Quote" .Quote}}`,
	BtnConfirm:         `✅ Подтвердить заказ`,
	BtnEdit:            `✏️ Изменить данные`,
	BtnOrder:           `{{.Number}} от {{date .Created}} · {{say (print "status." .Status)}}`,
	BtnKazakh:          `Қазақша`,
	BtnRussian:         `Русский`,
	BtnSharePhone:      `📱 Отправить мой номер`,

	CatalogEmpty:      `Каталог пока пуст. Загляните, пожалуйста, позже.`,
	CatalogCategories: `Выберите категорию:`,
	CatalogPage:       `{{.Category}}: {{plural .Count "товар" "товара" "товаров"}}{{if gt .Pages 1}}, страница {{.Page}} из {{.Pages}}{{end}}.`,
	ProductCard: `{{.Name}}
{{money .Price}}

{{.Description}}

Размеры:
{{range .Sizes}}• {{.Size}}{{if .Colour}}, {{.Colour}}{{end}} — {{if gt .Stock 0}}в наличии{{else}}нет в наличии{{end}}
{{end}}{{if .Personalised}}
Изделие персонализируется под Вас, поэтому возврату не подлежит.
{{end}}{{if .SoldOut}}
Сейчас этой модели нет в наличии.{{else}}
Выберите размер:{{end}}`,
	SoldOut:     `{{.Name}}, размер {{.Size}}: к сожалению, закончился.`,
	AskQty:      `{{.Name}}, размер {{.Size}}.{{if .InCart}} В корзине уже {{.InCart}} шт.{{end}} Сколько штук добавить? Можно ещё {{.Left}} шт. Нажмите кнопку или напишите число.`,
	BadQty:      `Напишите, пожалуйста, число от 1 до {{.Max}}.`,
	NoMoreStock: `{{.Name}}, размер {{.Size}}: больше добавить нельзя — в корзине уже {{.InCart}} шт., это всё, что есть.`,
	OnlyLeft:    `Можно не больше {{.Left}} шт. этого размера.`,
	Added: `Добавлено в корзину: {{.Name}}, размер {{.Size}} — {{.Qty}} шт.
В корзине {{plural .Pieces "товар" "товара" "товаров"}} на {{money .Total}}.{{if .More}}
До бесплатной доставки в пункт выдачи осталось {{money .More}}.{{else}}
Доставка в пункт выдачи СДЭК будет бесплатной.{{end}}`,

	CartItemsGone: `Некоторых товаров больше нет в каталоге, мы убрали их из корзины (позиций: {{.Count}}).`,
	CartEmpty:     `Корзина пуста. Загляните в каталог!`,
	CartView: `Ваша корзина:
{{range .Lines}}{{.N}}. {{.Name}}, размер {{.Size}} — {{.Qty}} × {{money .Price}} = {{money .Sum}}
{{end}}
Итого: {{plural .Pieces "товар" "товара" "товаров"}} на {{money .Total}}.{{if .More}}
До бесплатной доставки в пункт выдачи СДЭК осталось {{money .More}}.{{else}}
Доставка в пункт выдачи СДЭК — бесплатно.{{end}}`,
	CartCleared: `Корзина очищена.`,

	AskName:        `Оформляем заказ. Как Вас зовут? Напишите, пожалуйста, имя и фамилию получателя.`,
	AskPhone:       `Ваш номер телефона для связи и доставки, например +7 777 123 45 67.`,
	SharePhoneHint: `Можно не набирать номер, а отправить его кнопкой ниже.`,
	AskEmail:       `Ваш e-mail: на него придёт трек-номер, когда заказ будет отправлен.`,
	AskCity:        `В какой город доставить? Выберите или напишите название.`,
	AskMethod: `Как доставить заказ? Город: {{.City}}.
{{range .Options}}• {{say (print "method." .Method)}}: {{say "part.quote" "Quote" .Quote}}
{{end}}{{if .More}}
Доставка в пункт выдачи станет бесплатной, если добавить товаров ещё на {{money .More}}.{{end}}`,
	AskAddressCourier: `Напишите адрес доставки в городе {{.City}}: улица, дом, квартира.`,
	AskAddressPickup:  `Напишите адрес или код пункта выдачи СДЭК в городе {{.City}}, где Вам удобно забрать заказ.`,
	BadName:           `Не получилось прочитать имя. Напишите, пожалуйста, имя и фамилию буквами, например: Айгерим Садыкова.`,
	BadPhone:          `Похоже, в номере ошибка. Напишите номер полностью, например +7 777 123 45 67 или 8 777 123 45 67.`,
	BadEmail:          `Похоже, в адресе ошибка. Напишите e-mail в виде name@example.kz.`,
	BadCity:           `Напишите, пожалуйста, название города буквами.`,
	BadAddress:        `Адрес слишком короткий или слишком длинный. Напишите его, пожалуйста, от 5 до 300 символов.`,
	Summary: `Проверьте, пожалуйста, заказ:
{{say "part.items" "Items" .Items}}
Товары: {{money .Goods}}
Доставка ({{say (print "method." .Delivery.Method)}}): {{say "part.quote" "Quote" .Quote}}
Итого к оплате: {{money .Total}}

Получатель: {{.Customer.Name}}, {{phone .Customer.Phone}}
E-mail: {{.Customer.Email}}
Адрес: {{.Delivery.City}}, {{.Delivery.Address}}
{{if .Quote.Approximate}}
Стоимость доставки примерная: точную сумму подтвердит менеджер.{{end}}`,
	OrderPlaced: `Спасибо! Заказ {{.Number}} принят, сумма {{money .Total}}.
Товары зарезервированы за Вами. Менеджер проверит заказ и пришлёт ссылку на оплату картой через CloudPayments. Когда заказ отправят, трек-номер придёт на {{.Email}}.`,
	PricesChanged: `Пока Вы оформляли заказ, цены или стоимость доставки изменились. Проверьте, пожалуйста, заказ ещё раз.`,
	OutOfStock: `Пока Вы оформляли заказ, часть товаров закончилась:
{{range .Lines}}• {{.Name}}, размер {{.Size}}: осталось {{.Left}} шт. из {{.Wanted}}
{{end}}Мы поправили корзину. Проверьте её и оформите заказ снова.`,
	StaffNewOrder: `🆕 Новый заказ {{.Number}} от {{date .Created}} {{time .Created}}
{{range .Order.Items}}• {{.Name}} ({{.SKU}}), размер {{.Size}} — {{.Qty}} × {{money .Price}}
{{end}}Товары: {{money .Order.GoodsTotal}}
Доставка: {{say (print "method." .Order.Delivery.Method)}}, {{say "part.quote" "Quote" .Order.Delivery.Quote}}
Итого: {{money .Order.Total}}
Статус: {{say (print "status." .Order.Status)}}

Получатель: {{.Order.Customer.Name}}
Телефон: {{phone .Order.Customer.Phone}}
E-mail: {{.Order.Customer.Email}}
Адрес: {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}`,

	OrdersNone:    `У Вас пока нет заказов.`,
	OrdersList:    `Ваши заказы{{if ge .Count 10}} (последние {{.Count}}){{end}}. Выберите заказ, чтобы посмотреть подробности:`,
	OrderNotFound: `Такой заказ не найден среди Ваших заказов.`,
	OrderView: `Заказ {{.Number}} от {{date .Created}}
Статус: {{say (print "status." .Order.Status)}}
{{range .Order.Items}}• {{.Name}}, размер {{.Size}} — {{.Qty}} × {{money .Price}}
{{end}}Товары: {{money .Order.GoodsTotal}}
Доставка ({{say (print "method." .Order.Delivery.Method)}}): {{say "part.quote" "Quote" .Order.Delivery.Quote}}
Итого: {{money .Order.Total}}
Адрес: {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}`,

	InfoPaymentDelivery: `💳 Оплата
Оплатить заказ можно банковской картой Visa или Mastercard на защищённой платёжной странице CloudPayments. Данные карты вводятся только там — ни в чате, ни у нас они не хранятся. Банк-эмитент может попросить код 3-D Secure из SMS; если код не пришёл, обратитесь в свой банк.
Если оплата не проходит, проверьте, что карта открыта для покупок в интернете, на ней достаточно денег, данные введены верно и срок действия не истёк.

🚚 Доставка
Доставляет СДЭК: курьером до двери или в пункт выдачи заказов. Стоимость считается по тарифам СДЭК без наценок.
При заказе от {{money .FreeFrom}} доставка в ближайший пункт выдачи СДЭК бесплатна.
Экспресс-доставка курьером Яндекс возможна, если товар есть в магазине Вашего города; заявки принимаются ежедневно с {{.ExpressOpens}} до {{.ExpressCloses}} в WhatsApp {{phone .Phone}}.
Трек-номер придёт на Ваш e-mail, когда заказ будет отправлен.

↩️ Возврат
От товара можно отказаться до получения и в течение {{plural .WithdrawDays "дня" "дней" "дней"}} после. Деньги возвращаются только на карту, в течение {{plural .RefundDays "рабочего дня" "рабочих дней" "рабочих дней"}} после получения заявления на возврат денежных средств ({{.Email}}).

Вопросы по оплате: {{phone .Phone}}.`,
	InfoContacts: `Магазин {{.Store}}
Сайт: {{.Site}}
Instagram: {{.Instagram}}
E-mail: {{.Email}}
Телефоны: {{range $i, $p := .Phones}}{{if $i}}, {{end}}{{phone $p}}{{end}}
Адрес: {{.Address}}
Продавец: {{.Seller}}, БИН {{.BIN}}

🔒 Персональные данные
Ваши имя, телефон, адрес и e-mail нужны только для выполнения заказа. Мы не публикуем их и не передаём третьим лицам, кроме случаев, предусмотренных законом Республики Казахстан. Номер карты мы не видим и не храним. Вопросы о данных: {{.Email}}.`,

	LanguageChoose: `Тілді таңдаңыз / Выберите язык:`,
	LanguageSet:    `Готово, теперь я говорю по-русски.`,

	QuoteText: `{{if .Quote.Free}}бесплатно{{else}}{{money .Quote.Price}}{{if .Quote.Approximate}} (примерно){{end}}{{end}}{{if .Quote.MaxDays}}, {{if and .Quote.MinDays (lt .Quote.MinDays .Quote.MaxDays)}}{{.Quote.MinDays}}–{{end}}{{plural .Quote.MaxDays "день" "дня" "дней"}}{{end}}`,
	ItemsText: `{{range .Items}}• {{.Name}}, размер {{.Size}} — {{.Qty}} шт., {{money .Sum}}
{{end}}`,

	"status.awaiting_payment": `ожидает оплаты`,
	"status.paid":             `оплачен`,
	"status.processing":       `собирается`,
	"status.shipped":          `отправлен`,
	"status.delivered":        `доставлен`,
	"status.cancelled":        `отменён`,
	"method.pickup":           `пункт выдачи СДЭК`,
	"method.courier":          `курьер СДЭК`,
}
