package messages

// ru is every text in Russian. Address the customer as «Вы»; terms follow
// docs/glossary.md.
var ru = map[Key]string{
	Welcome: `Здравствуйте! Это бот магазина {{.Store}}.
Здесь можно выбрать одежду, оформить заказ с доставкой СДЭК и следить за заказами.`,
	MenuTitle:          `Главное меню. Что Вас интересует?`,
	SessionReset:       `Извините, нам пришлось начать разговор заново. Корзину, возможно, придётся собрать ещё раз.`,
	SessionExpired:     `С возвращением! Вас давно не было, поэтому начнём сначала.`,
	CardNumberWarning:  `Пожалуйста, не присылайте номер карты в чат — мы его не сохранили. Данные карты вводятся только на защищённой платёжной странице CloudPayments.`,
	NotNeededHere:      `Спасибо, но сейчас это не нужно.`,
	Unsupported:        `Извините, я понимаю только текст и выбор из меню. Стикеры, голосовые и видео, к сожалению, не читаю.`,
	UnknownCommand:     `Такой команды нет. Доступны /start, /menu, /cancel, /catalog, /cart, /orders, /language.`,
	PressAButton:       `Пожалуйста, выберите вариант ниже.`,
	NotUnderstood:      `Не совсем понял Вас. Выберите, пожалуйста, пункт меню.`,
	NotUnderstoodAgain: `Похоже, я не понимаю, о чём Вы. Позвать менеджера? Он ответит здесь же, в этом чате.`,
	Here:               `Да, я здесь: я бот магазина, отвечаю сразу. Спрашивайте — о товарах и размерах, доставке, оплате, Вашем заказе. Если нужен человек, позову менеджера.`,
	YouAreWelcome:      `Пожалуйста! Если понадобится что-то ещё — пишите, я на связи.`,
	Praised:            `Спасибо за тёплые слова, нам очень приятно! Если понадобится что-то ещё — пишите.`,
	HoursAre: `🕙 Заказ в этом чате можно оформить в любое время, без выходных.
Менеджеры отвечают с {{.StaffOpens}} до {{.StaffCloses}}, экспресс-доставку курьером можно заказать с {{.ExpressOpens}} до {{.ExpressCloses}} (время Астаны).
Адрес и телефоны магазина — в контактах.`,
	Cancelled:   `Хорошо, оформление прервано. Корзина сохранена.`,
	StaleButton: `Этот выбор уже не действует. Вот актуальный шаг:`,
	ErrInternal: `Извините, у нас что-то пошло не так. Попробуйте, пожалуйста, ещё раз через минуту.`,

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
	BtnMethod:          `{{say (print "method." .Method)}}{{if .Quote}}: {{say "part.quote" "Quote" .Quote}}{{end}}`,
	BtnConfirm:         `{{if .Express}}🚀 Отправить заявку{{else}}✅ Подтвердить заказ{{end}}`,
	BtnEdit:            `✏️ Изменить данные`,
	BtnOrder:           `{{.Number}} от {{date .Created}} · {{say (print "status." .Status)}}`,
	BtnKazakh:          `Қазақша`,
	BtnRussian:         `Русский`,
	BtnSharePhone:      `📱 Отправить мой номер`,

	CatalogEmpty:      `Каталог пока пуст. Загляните, пожалуйста, позже.`,
	CatalogCategories: `Выберите категорию:`,
	CatalogPage:       `{{.Category}}: {{plural .Count "товар" "товара" "товаров"}}{{if gt .Pages 1}}, страница {{.Page}} из {{.Pages}}{{end}}.`,
	CatalogFound:      `{{if .Size}}В наличии в размере {{.Size}}{{else if .InStock}}Вот что есть в наличии{{else}}Вот что нашлось в каталоге{{end}}: {{plural .Count "товар" "товара" "товаров"}}.{{if gt .Count .Shown}} Здесь первые {{.Shown}}, остальные — в категориях.{{end}}`,
	NoneInStock:       `Подходящих товаров{{if .Colour}} этого цвета{{end}}{{if .Size}} в размере {{.Size}}{{end}} сейчас нет в наличии. Посмотрите каталог или спросите менеджера — он подскажет.`,
	NotInCatalog:      `Такого товара в нашем каталоге сейчас нет. Посмотрите категории или спросите менеджера — он подскажет.`,
	SizeHelp:          `Размеры каждого товара и их наличие указаны в его карточке — откройте товар в каталоге. Можно спросить и здесь, например: «платье M» или «джинсы размер S». С выбором размера поможет менеджер.`,
	DiscountAsk:       `Об акциях и скидках расскажет менеджер: напишите ему, он ответит здесь же.`,
	ChangeOrder:       `Оформленный заказ, пока он не передан в доставку, может изменить менеджер (адрес, размер, получателя): нажмите «Связаться с менеджером» и напишите, что поменять.`,
	SizesAre:          `Размера {{.Asked}} в нашем каталоге нет: у нас размеры {{.Sizes}}.{{if .Like}} Российскому {{.Asked}} размеру обычно соответствует {{.Like}}.{{end}} Размеры каждого товара и их наличие — в его карточке; подобрать размер поможет менеджер.`,
	ProductCard: `{{.Name}}
{{money .Price}}

{{.Description}}

Размеры:
{{range .Sizes}}• {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}} — {{if gt .Stock 0}}в наличии{{else}}нет в наличии{{end}}
{{end}}{{if .Express}}
{{end}}{{range .Express}}🚀 В магазине в г. {{.City}} есть {{if eq .Count 1}}размер{{else}}размеры{{end}} {{.Sizes}}: можно заказать экспресс-доставку курьером в день заказа.
{{end}}{{if .Personalised}}
Изделие персонализируется под Вас, поэтому возврату не подлежит.
{{end}}{{if .SoldOut}}
Сейчас этой модели нет в наличии.{{else}}
Выберите размер:{{end}}`,
	CardPick:     `Какой вариант товара «{{.Name}}» Вам нужен? Выберите кнопкой ниже.`,
	CardNoSuch:   `{{if .Have}}Товара «{{.Name}}»{{if .Size}} в размере {{.Size}}{{end}}{{if .Colour}} в этом цвете{{end}} сейчас нет. Есть: {{.Have}}.{{else}}Товара «{{.Name}}» сейчас нет в наличии.{{end}}`,
	CardPrice:    `«{{.Name}}» стоит {{money .Price}}.`,
	CardQuestion: `Всё, что мы знаем о товаре «{{.Name}}», — в описании карточки. О посадке, ткани и замерах подробнее расскажет менеджер.`,
	SoldOut:      `{{.Name}}, размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}: к сожалению, закончился.`,
	AskQty:       `{{.Name}}, размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}.{{if .InCart}} В корзине уже {{.InCart}} шт.{{end}} Сколько штук добавить? {{if .InCart}}Можно ещё {{.Left}} шт.{{else}}Можно добавить до {{.Left}} шт.{{end}} Выберите ниже или напишите число.`,
	BadQty:       `Напишите, пожалуйста, число от 1 до {{.Max}}.`,
	AlreadyAdded: `Уже добавлено: этого товара в корзине {{.InCart}} шт.`,
	NoMoreStock:  `{{.Name}}, размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}: больше добавить нельзя — в корзине уже {{.InCart}} шт., это всё, что есть.`,
	OnlyLeft:     `Можно не больше {{.Left}} шт. этого размера.`,
	Added: `Добавлено в корзину: {{.Name}}, размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}} — {{.Qty}} шт.
В корзине {{plural .Pieces "товар" "товара" "товаров"}} на {{money .Total}}.{{if .More}}
До бесплатной доставки в пункт выдачи осталось {{money .More}}.{{else}}
Доставка в пункт выдачи СДЭК будет бесплатной.{{end}}`,

	CartItemsGone: `Некоторых товаров больше нет в каталоге, мы убрали их из корзины (позиций: {{.Count}}).`,
	CartEmpty:     `Корзина пуста. Загляните в каталог!`,
	CartEditHint:  `Корзину меняют кнопки под ней: «−1» и «+1» у номера товара меняют количество, «✖» убирает товар.`,
	CartView: `Ваша корзина:
{{range .Lines}}{{.N}}. {{.Name}}, размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, надпись «{{.Text}}»{{end}} — {{.Qty}} × {{money .Price}} = {{money .Sum}}
{{end}}
Итого: {{plural .Pieces "товар" "товара" "товаров"}} на {{money .Total}}.{{if .More}}
До бесплатной доставки в пункт выдачи СДЭК осталось {{money .More}}.{{else}}
Доставка в пункт выдачи СДЭК — бесплатно.{{end}}`,
	CartCleared: `Корзина очищена.`,

	AskPersonal:    `«{{.Name}}» ({{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}) делается лично для Вас. Напишите, пожалуйста, имя или надпись — до {{.Max}} символов.`,
	BadPersonal:    `Надпись — это от 1 до {{.Max}} символов: буквы, цифры и пробелы, без эмодзи. Напишите её, пожалуйста, ещё раз.`,
	AskName:        `Оформляем заказ. Как Вас зовут? Напишите, пожалуйста, имя и фамилию получателя.`,
	AskPhone:       `Ваш номер телефона для связи и доставки, например +7 777 123 45 67.`,
	SharePhoneHint: `Можно не набирать номер, а отправить его кнопкой ниже.`,
	AskEmail:       `Ваш e-mail: на него придёт трек-номер, когда заказ будет отправлен.`,
	AskCity:        `В какой город доставить? Выберите или напишите название.`,
	AskMethod: `Как доставить заказ? Город: {{.City}}.
{{range .Options}}• {{say (print "method." .Method)}}: {{say "part.quote" "Quote" .Quote}}
{{end}}{{if .Express}}• {{say "method.express"}}: в день заказа, цена по адресу (заявки с {{.From}} до {{.To}})
{{end}}{{if .More}}
Доставка в пункт выдачи станет бесплатной, если добавить товаров ещё на {{money .More}}.{{end}}{{if .Approximate}}
Цены доставки примерные: СДЭК сейчас не назвал точных. Если точная цена окажется другой, менеджер напишет Вам до отправки.{{end}}`,
	AskAddressCourier: `Напишите адрес доставки в городе {{.City}}: улица, дом, квартира.`,
	AskAddressPickup:  `Напишите адрес или код пункта выдачи СДЭК в городе {{.City}}, где Вам удобно забрать заказ.`,
	BadName:           `Не получилось прочитать имя. Напишите, пожалуйста, имя и фамилию буквами, например: Айгерим Садыкова.`,
	BadPhone:          `Похоже, в номере ошибка. Напишите номер полностью, например +7 777 123 45 67 или 8 777 123 45 67.`,
	EmailTypo:         `Проверьте, пожалуйста, адрес {{.Email}}: может быть, Вы имели в виду {{.Suggest}}? На эту почту придёт трек-номер.`,
	BadEmail:          `Похоже, в адресе ошибка.{{if .Suggest}} Может быть, {{.Suggest}}? Если так, напишите его ещё раз.{{else}} Напишите e-mail в виде name@example.kz.{{end}}`,
	EmailNeeded:       `Без e-mail заказ, к сожалению, не оформить: на него придёт трек-номер отправления. Если с почтой трудности, напишите менеджеру — нажмите «Связаться с менеджером».`,
	BadCity:           `Напишите, пожалуйста, только название города или села.`,
	AddressNoHouse:    `Не вижу в адресе номера дома. Напишите, пожалуйста, улицу, дом и квартиру, например: ул. Абая, 10, кв. 5.`,
	BadAddress:        `Адрес слишком короткий или слишком длинный. Напишите его, пожалуйста, от 5 до 300 символов.`,
	Summary: `Проверьте, пожалуйста, заказ:
{{say "part.items" "Items" .Items}}
Товары: {{money .Goods}}
Доставка ({{say (print "method." .Delivery.Method)}}): {{if .Express}}цену рассчитаем по адресу и пришлём на подтверждение{{else}}{{say "part.quote" "Quote" .Quote}}{{end}}
{{if .Express}}Оплата — после того как Вы подтвердите цену доставки.{{else}}Итого к оплате: {{money .Total}}{{end}}

Получатель: {{.Customer.Name}}, {{phone .Customer.Phone}}
E-mail: {{.Customer.Email}}
Адрес: {{.Delivery.City}}, {{.Delivery.Address}}{{if .Delivery.Point}} (пункт {{.Delivery.Point}}){{end}}{{if .Queued}}
Заявку обработаем, когда откроемся: {{date .Opens}} в {{time .Opens}}.{{end}}
{{if .Quote.Approximate}}
Стоимость доставки примерная: СДЭК сейчас не назвал точную. Если точная окажется другой, менеджер напишет Вам до отправки.{{end}}`,
	OrderPlaced: `Спасибо! Заказ {{.Number}} принят, сумма {{money .Total}}.
Товары зарезервированы за Вами. Сейчас пришлю ссылку на оплату картой. Когда заказ отправят, трек-номер придёт на {{.Email}}.`,
	PricesChanged: `Пока Вы оформляли заказ, цены или стоимость доставки изменились. Проверьте, пожалуйста, заказ ещё раз.`,
	OutOfStock: `Пока Вы оформляли заказ, часть товаров закончилась:
{{range .Lines}}• {{.Name}}, размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}: осталось {{.Left}} шт. из {{.Wanted}}
{{end}}Мы поправили корзину. Проверьте её и оформите заказ снова.`,
	StaffNewOrder: `🆕 Новый заказ {{.Number}} от {{date .Created}} {{time .Created}}
{{range .Order.Items}}• {{.Name}} ({{.SKU}}), размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, надпись «{{.Text}}»{{end}} — {{.Qty}} × {{money .Price}}
{{end}}Товары: {{money .Order.GoodsTotal}}
Доставка: {{say (print "method." .Order.Delivery.Method)}}, {{if and (eq (print .Order.Delivery.Method) "express") (not .Order.Delivery.Quote.Price)}}цена ещё не рассчитана{{else}}{{say "part.quote" "Quote" .Order.Delivery.Quote}}{{end}}
Итого: {{money .Order.Total}}
Статус: {{say (print "status." .Order.Status)}}

Получатель: {{or .Order.Customer.Name "данные удалены по просьбе клиента"}}{{if .Order.Customer.Phone}}
Телефон: {{phone .Order.Customer.Phone}}{{end}}{{if .Order.Customer.Email}}
E-mail: {{.Order.Customer.Email}}{{end}}
Адрес: {{.Order.Delivery.City}}{{if .Order.Delivery.Address}}, {{.Order.Delivery.Address}}{{end}}{{if .Order.Delivery.Point}} (ПВЗ {{.Order.Delivery.Point}}){{end}}{{with pin .Order.Delivery}}
Геолокация: {{.}}{{end}}`,

	OrdersNone:    `В этом чате пока нет заказов. Если Вы заказывали на сайте, в Instagram или с другого номера, напишите менеджеру номер заказа или телефон — он проверит.`,
	OrdersList:    `Ваши заказы{{if ge .Count 10}} (последние {{.Count}}){{end}}. Выберите заказ, чтобы посмотреть подробности:`,
	OrderNotFound: `Такой заказ не найден среди Ваших заказов.`,
	OrderView: `Заказ {{.Number}} от {{date .Created}}
Статус: {{if and (eq (print .Order.Status) "awaiting_quote") .Order.Delivery.Quote.Price}}цена доставки названа, ждёт Вашего согласия{{else}}{{say (print "status." .Order.Status)}}{{end}}
{{range .Order.Items}}• {{.Name}}, размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, надпись «{{.Text}}»{{end}} — {{.Qty}} × {{money .Price}}
{{end}}Товары: {{money .Order.GoodsTotal}}
Доставка ({{say (print "method." .Order.Delivery.Method)}}): {{if and (eq (print .Order.Delivery.Method) "express") (not .Order.Delivery.Quote.Price)}}цена ещё не рассчитана{{else}}{{say "part.quote" "Quote" .Order.Delivery.Quote}}{{end}}
Итого: {{money .Order.Total}}
Адрес: {{.Order.Delivery.City}}{{if .Order.Delivery.Address}}, {{.Order.Delivery.Address}}{{end}}{{if .Order.Payment.TransactionID}}
Оплачен {{date .Order.Payment.PaidAt}}{{if .Order.Payment.CardLastFour}} картой •••• {{.Order.Payment.CardLastFour}}{{end}}.{{end}}{{if .Order.Tracking}}
Трек-номер СДЭК: {{.Order.Tracking}}{{end}}{{if .History}}
История:{{range .History}}
{{date .At}} {{time .At}} — {{if .Carrier}}{{.Carrier}}{{else}}{{say (print "status." .Status)}}{{end}}{{end}}{{end}}`,

	InfoPaymentDelivery: `💳 Оплата
Оплатить заказ можно банковской картой Visa или Mastercard на защищённой платёжной странице CloudPayments. Данные карты вводятся только там — ни в чате, ни у нас они не хранятся. Банк-эмитент может попросить код 3-D Secure из SMS; если код не пришёл, обратитесь в свой банк.
Если оплата не проходит, проверьте, что карта открыта для покупок в интернете, на ней достаточно денег, данные введены верно и срок действия не истёк.

🚚 Доставка
Доставляет СДЭК: курьером до двери или в пункт выдачи заказов. Стоимость считается по тарифам СДЭК без наценок.
При заказе от {{money .FreeFrom}} доставка в ближайший пункт выдачи СДЭК бесплатна.
Экспресс-доставка курьером Яндекс возможна, если товар есть в магазине Вашего города; заявки принимаются ежедневно с {{.ExpressOpens}} до {{.ExpressCloses}} здесь, при оформлении заказа, или в WhatsApp {{phone .Phone}}. Стоимость зависит от адреса, мы сообщим её до оплаты.
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

	BtnPay:           `💳 Оплатить {{money .Total}}`,
	BtnRefundConfirm: `↩️ Да, вернуть {{money .Amount}}`,
	BtnRefundAbort:   `Не возвращать`,

	PaymentLink: `{{if .Test}}🧪 ТЕСТОВЫЙ РЕЖИМ: это учебная страница оплаты, деньги не списываются.
{{end}}Оплатите, пожалуйста, заказ {{.Number}} на {{money .Total}} по ссылке ниже.
Данные карты вводятся только на защищённой странице CloudPayments, не в чате. Банк может запросить код 3-D Secure из SMS.
Товары ждут Вас до {{date .Until}} {{time .Until}}; если оплата не поступит, заказ отменится.`,
	PaymentLinkDelayed: `Ссылка на оплату заказа {{.Number}} готовится дольше обычного. Пришлю её, как только она будет готова; товары по-прежнему зарезервированы за Вами.`,
	PaymentReceived: `✅ Оплата получена, спасибо! Заказ {{.Number}} оплачен.
{{say "part.items" "Items" .Items}}
Итого: {{money .Order.Total}}
Доставка: {{say (print "method." .Order.Delivery.Method)}}, {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}

{{if eq (print .Order.Delivery.Method) "express"}}Что дальше: вызываем курьера Яндекс Доставки (с {{.ExpressFrom}} до {{.ExpressTo}}). Когда курьер заберёт заказ, напишу сюда.{{else}}Что дальше: мы соберём заказ и передадим его в СДЭК. Трек-номер придёт на {{.Email}} и сюда, в чат.{{end}}`,
	PaymentTwice:    `Мы получили ещё одну оплату заказа {{.Number}} на {{money .Amount}}, хотя он уже был оплачен. Менеджер проверит и вернёт лишнюю сумму на карту.`,
	PaymentMismatch: `Мы получили оплату по заказу {{.Number}}, но её сумма не совпадает с суммой заказа. Менеджер свяжется с Вами и всё уладит.`,
	PaymentLateRevived: `✅ Оплата получена, спасибо! Заказ {{.Number}} уже был отменён из-за задержки оплаты, но товары ещё есть, и мы его восстановили.
{{say "part.items" "Items" .Items}}
Итого: {{money .Order.Total}}

{{if eq (print .Order.Delivery.Method) "express"}}Что дальше: вызываем курьера Яндекс Доставки (с {{.ExpressFrom}} до {{.ExpressTo}}). Когда курьер заберёт заказ, напишу сюда.{{else}}Что дальше: мы соберём заказ и передадим его в СДЭК. Трек-номер придёт на {{.Email}} и сюда, в чат.{{end}}`,
	PaymentLateSoldOut: `Мы получили Вашу оплату {{money .Amount}} по заказу {{.Number}}, но заказ уже был отменён из-за задержки оплаты, а товары за это время раскупили. Извините! Деньги вернём на карту в течение {{plural .Days "рабочего дня" "рабочих дней" "рабочих дней"}}; менеджер свяжется с Вами.`,
	PaymentAfterCancel: `Мы получили Вашу оплату {{money .Amount}} по заказу {{.Number}}, но этот заказ был отменён магазином. Деньги вернём на карту в течение {{plural .Days "рабочего дня" "рабочих дней" "рабочих дней"}}; менеджер свяжется с Вами.`,
	PaymentDeclined: `Оплата заказа {{.Number}} не прошла.
{{say (print "decline." .Group)}}
Когда будете готовы, попробуйте ещё раз по ссылке ниже. Вопросы по оплате: {{phone .Phone}}.`,
	PaymentAlreadyPaid: `Заказ {{.Number}} уже оплачен, платить ещё раз не нужно.`,
	PaymentReminder:    `Напоминаем: заказ {{.Number}} на {{money .Total}} ждёт оплаты. Товары зарезервированы за Вами до {{date .Until}} {{time .Until}}.`,
	OrderExpired:       `Заказ {{.Number}} отменён: оплата не поступила вовремя, и товары вернулись в продажу. Если они ещё нужны, соберите корзину и оформите заказ заново.`,
	RefundSent:         `↩️ Мы вернули {{money .Amount}} по заказу {{.Number}} на карту{{if .Card}} •••• {{.Card}}{{end}}. Обычно деньги приходят за несколько дней; точный срок зависит от Вашего банка.`,

	"decline.not_enabled":   `Похоже, карта закрыта для оплаты в интернете. Включите интернет-платежи в приложении банка или позвоните в банк, выпустивший карту.`,
	"decline.no_funds":      `На карте не хватило денег. Пополните карту или оплатите другой картой.`,
	"decline.wrong_details": `Похоже, данные карты введены с ошибкой. Проверьте номер, срок действия и код CVV2/CVC2 на обороте карты.`,
	"decline.expired":       `Срок действия карты истёк. Проверьте месяц и год на лицевой стороне карты или оплатите другой картой.`,
	"decline.other":         `Банк не подтвердил платёж. Попробуйте другую карту или позвоните в банк, выпустивший карту.`,

	StaffPaid: `💰 Оплачен заказ {{.Number}}{{if .Test}} (ТЕСТ, деньги не поступали){{end}}
Сумма: {{if eq .Currency "KZT"}}{{money .Amount}}{{else}}{{.Amount}} {{or .Currency "?"}}{{end}}, карта •••• {{.Card}}, транзакция {{.Transaction}}
{{range .Order.Items}}• {{.Name}} ({{.SKU}}), размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, надпись «{{.Text}}»{{end}} — {{.Qty}} шт.
{{end}}Доставка: {{say (print "method." .Order.Delivery.Method)}}, {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}
Получатель: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}{{if .Order.Delivery.Quote.Approximate}}
⚠️ Доставка оплачена по примерной цене {{money .Order.Delivery.Quote.Price}}: СДЭК её не подтвердил. Сверьте цену со СДЭК; если она другая, напишите клиенту до отправки.{{end}}`,
	StaffDoubleCharge: `⚠️ Двойная оплата заказа {{.Number}}{{if .Test}} (ТЕСТ){{end}}: пришло ещё {{if eq .Currency "KZT"}}{{money .Amount}}{{else}}{{.Amount}} {{or .Currency "?"}}{{end}} (транзакция {{.Transaction}}), заказ уже оплачен транзакцией {{.First}}. Верните лишнее в кабинете CloudPayments: транзакция {{.Transaction}} (команда /refund вернула бы первую оплату).
Клиент: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffPaymentMismatch: `⚠️ Оплата по заказу {{.Number}} не совпадает с суммой заказа{{if .Test}} (ТЕСТ){{end}}: пришло {{if eq .Currency "KZT"}}{{money .Amount}}{{else}}{{.Amount}} {{or .Currency "?"}}{{end}}, заказ на {{money .Order.Total}} (транзакция {{.Transaction}}). Заказ НЕ отмечен оплаченным. Свяжитесь с клиентом; вернуть эту оплату можно в кабинете CloudPayments.
Клиент: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffLatePaymentRevived: `💰 Поздняя оплата заказа {{.Number}}{{if .Test}} (ТЕСТ){{end}}: заказ был отменён за неоплату, товары ещё были, заказ восстановлен и оплачен.
Сумма: {{money .Amount}}, транзакция {{.Transaction}}
Получатель: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffLatePaymentRefund: `⚠️ Поздняя оплата заказа {{.Number}}{{if .Test}} (ТЕСТ){{end}}: заказ отменён за неоплату, товаров уже нет. Верните деньги: /refund {{.Number}}
Сумма: {{money .Amount}}, транзакция {{.Transaction}}
Клиент: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffStruggling: `⚠️ Клиент не может оплатить заказ {{.Number}}: отказов подряд — {{.Declines}}, код последнего отказа {{.Code}}.
Позвоните клиенту: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffPaymentVoided:  `Авторизация по заказу {{.Number}} отменена: {{money .Amount}}, транзакция {{.Transaction}}. Статус заказа: {{say (print "status." .Status)}}.`,
	StaffUnknownPayment: `⚠️ CloudPayments сообщает о платеже ({{.Kind}}) по неизвестному заказу «{{or .Invoice "—"}}»{{if .Test}} (ТЕСТ){{end}}: {{if eq .Currency "KZT"}}{{money .Amount}}{{else}}{{.Amount}} {{or .Currency "?"}}{{end}}, транзакция {{.Transaction}}. Проверьте в кабинете CloudPayments.`,
	StaffLinkFailed:     `⚠️ Не получается создать ссылку на оплату заказа {{.Number}}: {{.Error}}. Бот продолжает пытаться; клиент предупреждён.`,
	StaffCabinetRefund:  `↩️ Возврат из кабинета CloudPayments по заказу {{.Number}}{{if .Test}} (ТЕСТ){{end}}: {{money .Amount}}, транзакция {{.Transaction}}. Клиент уведомлён.`,
	StaffRefundDone:     `↩️ Возврат по заказу {{.Number}} выполнен: {{money .Amount}}, транзакция {{.Transaction}}{{if .By}}, запросил {{.By}}{{end}}. Клиент уведомлён.`,
	StaffRefundFailed:   `❌ CloudPayments отказал в возврате по заказу {{.Number}} на {{money .Amount}}: {{.Error}}. Проверьте в кабинете CloudPayments.`,
	StaffHelp: `Команды для сотрудников:
/order LT-00042 — карточка заказа; /order +7 777 123 45 67 — заказы по телефону
/orders paid — заказы по статусу (awaiting_quote, awaiting_payment, paid, processing, shipped, delivered, cancelled)
/processing LT-00042 — заказ собирается
/ship LT-00042 1234567890 — отправлен, с трек-номером; /ship LT-00042 — экспресс: курьер забрал заказ
/delivered LT-00042 — доставлен
/cancel LT-00042 причина — отменить (причину увидит клиент)
/take LT-00042 — взять заказ в работу
/quote LT-00042 2500 — цена экспресс-доставки (клиент подтверждает её до оплаты); /courier LT-00042 — курьер едет за экспресс-заказом
/refund LT-00042 — вернуть всю оплату на карту; /refund LT-00042 5000 — часть
/reply H12 текст — ответить клиенту, который позвал менеджера (или просто Reply на его карточку); /reply LT-00042 текст — клиенту заказа
/done H12 — вернуть разговор боту
/holidays — календарь выходных для сроков возврата; /holiday 2027-05-17 Курбан айт — добавить день
/claims — открытые заявления на возврат; /approve R12 — одобрить возврат (/approve R12 5000 — с суммой); /reject R12 причина — отказать
Клиент получает сообщение о каждом изменении; кто и когда что сделал, видно в карточке заказа.`,
	StaffUnknownCommand:  `Такой команды нет. Список команд: /help`,
	StaffStaleButton:     `Эта кнопка уже не действует. Запросите действие ещё раз командой.`,
	StaffOrderNotFound:   `Заказ {{.Number}} не найден.`,
	StaffNothingToRefund: `По заказу {{.Number}} возвращать нечего: оплаты нет или она уже возвращена. Статус: {{say (print "status." .Status)}}.`,
	StaffRefundUsage:     `Напишите так: /refund LT-00042 — вся сумма, или /refund LT-00042 5000 — часть суммы в тенге.`,
	StaffRefundTooMuch:   `По заказу {{.Number}} можно вернуть не больше {{money .Left}}.`,
	StaffRefundAsk: `{{if .Void}}Снять блокировку {{money .Amount}} по заказу {{.Number}} с карты •••• {{.Order.Payment.CardLastFour}}? Оплата двухстадийная и ещё не списана.{{else}}Вернуть {{money .Amount}} по заказу {{.Number}} на карту •••• {{.Order.Payment.CardLastFour}}?{{end}}
Оплачено: {{money .Order.Payment.Amount}}, доступно к возврату: {{money .Left}}.
Клиент: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffVoidWholeOnly:   `Оплата заказа {{.Number}} двухстадийная и ещё не списана: блокировку можно снять только целиком ({{money .Left}}) — /refund {{.Number}}. Часть суммы можно вернуть после списания.`,
	StaffRefundRequested: `Возврат {{money .Amount}} по заказу {{.Number}} отправлен в CloudPayments. Сообщу, когда он пройдёт.`,
	StaffRefundAborted:   `Хорошо, возврат не делаем.`,

	BtnStaffOrder:      `{{.Number}} · {{say (print "status." .Status)}} · {{.Name}} · {{money .Total}}`,
	BtnStaffProcessing: `📦 В сборку`,
	BtnStaffShip:       `🚚 Отправлен…`,
	BtnStaffDelivered:  `✅ Доставлен`,
	BtnStaffCancel:     `✖ Отменить…`,
	BtnStaffTake:       `🙋 Беру`,

	StaffOrderCard: `📋 Заказ {{.Number}} от {{date .Created}} {{time .Created}}
Статус: {{say (print "status." .Order.Status)}}{{if .Order.ClaimedBy}} · ведёт {{.Order.ClaimedBy}}{{end}}
{{range .Order.Items}}• {{.Name}} ({{.SKU}}), размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, надпись «{{.Text}}»{{end}} — {{.Qty}} × {{money .Price}}
{{end}}Товары: {{money .Order.GoodsTotal}}
Доставка: {{say (print "method." .Order.Delivery.Method)}}, {{if and (eq (print .Order.Delivery.Method) "express") (not .Order.Delivery.Quote.Price)}}цена ещё не рассчитана{{else}}{{say "part.quote" "Quote" .Order.Delivery.Quote}}{{end}}
Итого: {{money .Order.Total}}{{if .Order.Payment.TransactionID}}
Оплачено: {{money .Order.Payment.Amount}}{{if .Order.Payment.CardLastFour}}, карта •••• {{.Order.Payment.CardLastFour}}{{end}}, транзакция {{.Order.Payment.TransactionID}}{{if .Order.Payment.Test}} (ТЕСТ){{end}}{{end}}{{if or .Refunded .Pending}}
Возвращено: {{money .Refunded}}{{if .Pending}}, ещё {{money .Pending}} отправляется{{end}}{{end}}{{range .Claims}}
Заявление {{.Ref}}: {{say "part.claim_status" "Status" (print .Status)}}{{end}}{{if .Order.Tracking}}
Трек-номер: {{.Order.Tracking}}{{end}}

Получатель: {{or .Order.Customer.Name "данные удалены по просьбе клиента"}}{{if .Order.Customer.Phone}}
Телефон: {{phone .Order.Customer.Phone}}{{end}}{{if .Order.Customer.Email}}
E-mail: {{.Order.Customer.Email}}{{end}}
Адрес: {{.Order.Delivery.City}}{{if .Order.Delivery.Address}}, {{.Order.Delivery.Address}}{{end}}{{if .Order.Delivery.Point}} (ПВЗ {{.Order.Delivery.Point}}){{end}}{{with pin .Order.Delivery}}
Геолокация: {{.}}{{end}}{{if .Order.Courier.ID}}
Яндекс Доставка: заявка {{.Order.Courier.ID}} · {{.Order.Courier.Status}}{{end}}{{if .Events}}

История:{{range .Events}}
{{date .At}} {{time .At}} — {{if eq .Action "taken"}}взял(а) в работу{{else if eq .Action "carrier"}}статус{{else if eq .Action "quoted"}}назначена цена доставки{{else if eq .Action "courier_found"}}курьер едет в магазин{{else if eq .Action "return_waybill"}}возврат отправлен, накладная{{else if eq .Action "tracking_fixed"}}трек-номер исправлен{{else if eq .Action "exchange_waybill"}}отправлено на обмен, накладная{{else}}{{say (print "status." .Action)}}{{end}}{{if .Detail}}: {{.Detail}}{{end}} · {{if eq .Actor "customer"}}клиент{{else if eq .Actor "cdek"}}СДЭК{{else if eq .Actor "yandex"}}Яндекс Доставка{{else}}{{.Actor}}{{end}}{{end}}{{end}}`,
	StaffOrderUsage:          `Напишите так: /order LT-00042 — заказ по номеру, или /order +7 777 123 45 67 — заказы по телефону.`,
	StaffOrdersUsage:         `Напишите так: /orders paid — статусы: awaiting_quote, awaiting_payment, paid, processing, shipped, delivered, cancelled (можно по-русски: оплаченные, сборка, отправленные…).`,
	StaffOrdersByPhone:       `{{if .Count}}Заказы с телефоном {{phone .Phone}}:{{else}}Заказов с телефоном {{phone .Phone}} нет.{{end}}`,
	StaffOrdersByStatus:      `{{if .Count}}Заказы со статусом «{{say (print "status." .Status)}}»{{if ge .Count 20}} (последние {{.Count}}){{end}}:{{else}}Заказов со статусом «{{say (print "status." .Status)}}» нет.{{end}}`,
	StaffMoveUsage:           `Напишите номер заказа, например: /{{.Command}} {{.Number}}`,
	StaffShipUsage:           `Чтобы отметить отправку, напишите номер заказа и трек-номер (6–40 букв и цифр): /ship {{.Number}} 1234567890`,
	StaffShipNoTracking:      `{{.Number}} — экспресс-доставка, трек-номера СДЭК у неё нет: когда курьер заберёт заказ, напишите /ship {{.Number}} без номера.`,
	StaffCancelUsage:         `Чтобы отменить, напишите номер заказа и причину, её увидит клиент: /cancel {{.Number}} товар с браком`,
	StaffTrackingIsPhone:     `{{.Tracking}} похож на телефон клиента, а не на трек-номер СДЭК. Проверьте номер накладной: /ship {{.Number}} 1234567890`,
	StaffTrackingFixed:       `Трек-номер заказа {{.Number}} исправлен: {{.Old}} → {{.Tracking}} ({{.By}}). Клиенту отправлен новый номер.`,
	OrderTrackingFixedNotice: `Мы ошиблись в трек-номере заказа {{.Number}}, извините! Правильный трек-номер СДЭК: {{.Tracking}}. Отследить посылку можно на cdek.kz или в «Мои заказы».`,
	StaffCancelDelivered:     `Заказ {{.Number}} уже доставлен: отмену {{.Ref}} одобрить нельзя — за полученную посылку вернулась бы и доставка. Отклоните её (/reject {{.Ref}} причина); вернуть товар клиент может заявлением на возврат.`,
	StaffOpenCancel:          `Клиент просит отменить заказ {{.Number}} (заявление {{.Ref}}): сначала решите заявление — /approve {{.Ref}} или /reject {{.Ref}} причина.`,
	StaffCannotMove:          `Заказ {{.Number}} сейчас «{{say (print "status." .From)}}»: перевести его в «{{say (print "status." .To)}}» нельзя.`,
	StaffMoved:               `Заказ {{.Number}} → {{say (print "status." .Status)}}{{if .Detail}} ({{.Detail}}){{end}}. Отметил(а) {{.By}}; клиент уведомлён.{{if .Refund}} Заказ был оплачен: верните деньги — подтвердите возврат ниже (или /refund {{.Number}}).{{end}}{{if .Claim}} Заявка Яндекс Доставки {{.Claim}} ещё открыта: отмените её в кабинете Яндекса, иначе курьер приедет.{{end}}`,
	StaffTaken:               `Заказ {{.Number}} ведёт {{.By}}.`,
	StaffAlreadyTaken:        `Заказ {{.Number}} уже ведёт {{.By}}.`,

	OrderProcessingNotice: `📦 Заказ {{.Number}} собираем. Как только передадим его в СДЭК, пришлём трек-номер.`,
	OrderShippedNotice: `🚚 Заказ {{.Number}} отправлен! Трек-номер СДЭК: {{.Tracking}}
Отследить посылку можно на cdek.kz или в «Мои заказы».{{if .Mail}} Трек-номер мы также отправили на {{.Email}}.{{end}}`,
	OrderDeliveredNotice: `✅ Заказ {{.Number}} доставлен. Спасибо за покупку! Если что-то не подошло, от товара можно отказаться в течение {{plural .Days "дня" "дней" "дней"}}.`,
	OrderCancelledNotice: `Заказ {{.Number}} отменён магазином{{if .Reason}}: {{.Reason}}{{end}}.{{if .Paid}} Деньги вернём на карту в течение {{plural .Days "рабочего дня" "рабочих дней" "рабочих дней"}}.{{end}} Вопросы: {{phone .Phone}}.`,

	MailShippedSubject: `{{.Store}}: заказ {{.Number}} отправлен, трек-номер СДЭК`,
	MailShippedBody: `Здравствуйте, {{.Name}}!

Ваш заказ {{.Number}} передан в СДЭК.
Трек-номер: {{.Tracking}}
Отследить посылку: https://www.cdek.kz/ru/tracking?order_id={{.Tracking}}

Состав заказа:
{{say "part.items" "Items" .Items}}
Доставка: {{say (print "method." .Order.Delivery.Method)}}, {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}

Вопросы: {{phone .Phone}}, {{.Site}}
{{.Store}}`,
	StaffMailFailed: `⚠️ Письмо с трек-номером по заказу {{.Number}} не удалось отправить на e-mail клиента. Проверьте адрес в карточке (/order {{.Number}}) и сообщите трек-номер иначе.`,

	BtnTalk:        `💬 Связаться с менеджером`,
	BtnBackToBot:   `🤖 Вернуться к боту`,
	BtnHandoffDone: `✅ Готово, вернуть боту`,

	HandoffStarted: `Передаю разговор менеджеру магазина. {{if .Forwarded}}Ваше сообщение я ему передал; дополнить его можно здесь же (и фото или файлом) — менеджер ответит в этом чате.{{else}}Напишите здесь свой вопрос (можно с фото или файлом) — менеджер ответит в этом чате.{{end}}{{if not .Working}}
Сейчас нерабочее время: менеджеры ответят с {{time .Opens}} ({{date .Opens}}).{{end}}
Пока Вы говорите с менеджером, бот молчит. Чтобы вернуться к боту, выберите ниже «Вернуться к боту».`,
	HandoffActive:  `Сейчас Вы на связи с менеджером: напишите вопрос или пришлите фото, файл. Стикеры, голосовые и видео менеджер, к сожалению, не увидит. Чтобы вернуться к боту, выберите ниже «Вернуться к боту».`,
	HandoffEnded:   `Разговор с менеджером завершён, я снова с Вами. Чем могу помочь?`,
	HandoffResumed: `В разговоре с менеджером {{plural .Minutes "минуту" "минуты" "минут"}} не было сообщений, поэтому я снова с Вами. Если вопрос остался, нажмите «Связаться с менеджером» ещё раз.`,
	StoreReply: `💬 Менеджер {{.Store}}:
{{.Text}}`,
	StaffHandoffOpened: `💬 Клиент просит менеджера: #{{.Ref}}{{if .Name}}
Имя: {{.Name}}{{end}}{{if .Phone}}
Телефон: {{phone .Phone}}{{end}}
Язык: {{if eq .Lang "kk"}}казахский{{else}}русский{{end}}
Ответьте на это сообщение (Reply) или командой /reply {{.Ref}} текст. Бот не отвечает клиенту, пока Вы не нажмёте «Готово» или {{plural .Minutes "минуту" "минуты" "минут"}} в рабочее время никто не пишет.`,
	StaffHandoffMessage: `💬 #{{.Ref}} клиент: {{if .Text}}{{.Text}}{{else if .Other}}{{.Other}}{{else}}(прислал стикер, голосовое или видео; клиенту сказано, что их менеджер не увидит){{end}}`,
	StaffHandoffClosed:  `Разговор #{{.Ref}} возвращён боту ({{if eq .By "customer"}}клиент вернулся к боту{{else if eq .By "bot"}}никто не писал, бот продолжил сам{{else}}завершил(а) {{.By}}{{end}}).`,
	StaffHandoffGone:    `Разговор #{{.Ref}} не найден или уже завершён.`,
	StaffTakeover:       `📱 Менеджер пишет клиенту с телефона магазина: #{{.Ref}}. Бот молчит в этом чате, пока {{plural .Minutes "минуту" "минуты" "минут"}} в рабочее время никто не пишет, или пока Вы не нажмёте «Готово».`,

	WhatsAppMore:           `Ещё`,
	StaffWhatsAppLoggedOut: `⚠️ WhatsApp: номер магазина отвязал бота (устройство удалено в «Связанных устройствах»). Клиенты в WhatsApp не получают ответов. Привяжите снова: letebot whatsapp login.`,
	StaffWhatsAppReplaced:  `⚠️ WhatsApp: к этой же привязке подключилась другая программа, бот отключился, чтобы не мешать. Проверьте, что запущен только один бот.`,
	StaffWhatsAppBanned:    `⚠️ WhatsApp временно ограничил номер магазина (код {{.Code}}){{if not .Until.IsZero}} до {{date .Until}} {{time .Until}}{{end}}. Бот не отправляет сообщения в WhatsApp, пока ограничение действует.`,
	StaffWhatsAppOutdated:  `⚠️ WhatsApp отклонил подключение: версия бота устарела. Нужно обновить бота (библиотеку whatsmeow).`,
	StaffWhatsAppFailed:    `⚠️ WhatsApp не принимает подключение: {{.Reason}}. Бот пробует снова.`,
	StaffWhatsAppBack:      `✅ WhatsApp снова на связи.`,

	BtnClaims:          `↩️ Отмена и возврат`,
	BtnClaimCharge:     `⚠️ Ошибочное списание`,
	BtnClaimStatus:     `💸 Где мой возврат?`,
	BtnClaimCancelYes:  `Да, отменить заказ`,
	BtnClaimVoidYes:    `Да, отменить и снять блокировку`,
	BtnClaimItem:       `{{if .Picked}}✅{{else}}▫️{{end}} {{trunc .Name 36}}, {{.Size}}{{if .Colour}} · {{.Colour}}{{end}} × {{if and .Picked (lt .Returned .Qty)}}{{.Returned}} из {{.Qty}}{{else}}{{.Qty}}{{end}}`,
	BtnClaimAll:        `Все товары`,
	BtnClaimNext:       `Далее ▶`,
	BtnClaimExchange:   `🔁 Обменять на другой размер`,
	BtnClaimNoExchange: `Нет, вернуть деньги`,
	BtnClaimReason:     `{{if eq .Code "size"}}Не подошёл размер{{else if eq .Code "like"}}Не понравился товар{{else if eq .Code "defect"}}Брак или дефект{{else if eq .Code "mind"}}Передумал(а){{else if eq .Code "late"}}Долгая доставка{{else if eq .Code "double"}}Списали дважды{{else if eq .Code "amount"}}Списали не ту сумму{{else}}{{trunc .Code 60}}{{end}}`,
	BtnYes:             `Да`,
	BtnNo:              `Нет`,
	BtnClaimUseName:    `Как в заказе: {{trunc .Name 40}}`,
	BtnClaimDone:       `Готово, это всё`,
	BtnClaimSubmit:     `✅ Подать заявление`,
	BtnClaimAbort:      `✖ Не подавать`,
	BtnClaimApprove:    `✅ Одобрить{{if .Amount}} {{money .Amount}}{{end}}`,
	BtnClaimReject:     `✖ Отказать…`,
	BtnForget:          `🗑 Удалить мои данные`,
	BtnForgetYes:       `Да, удалить`,

	ClaimsStart: `Отмена и возврат.
• Неоплаченный заказ отменяется сразу.
• Оплаченный, но ещё не полученный заказ можно отменить в любой момент: это заявление на возврат денежных средств.
• Полученный товар можно вернуть в течение {{plural .Days "дня" "дней" "дней"}} после получения, если сохранены его товарный вид, потребительские свойства и документ о покупке. Товары, сделанные лично для Вас, не возвращаются.
Деньги возвращаются только на карту, которой платили, в течение {{plural .RefundDays "рабочего дня" "рабочих дней" "рабочих дней"}} после получения заявления.
Выберите заказ:`,
	ClaimsNoOrders: `В этом чате пока нет заказов, которые можно отменить или вернуть.
Наши правила: полученный товар можно вернуть в течение {{plural .Days "дня" "дней" "дней"}} после получения, если сохранены его товарный вид, потребительские свойства и документ о покупке; товары, сделанные лично для Вас, не возвращаются. Деньги возвращаются только на карту, которой платили, в течение {{plural .RefundDays "рабочего дня" "рабочих дней" "рабочих дней"}} после получения заявления.
Если Вы заказывали на сайте, в Instagram или с другого номера, напишите менеджеру номер заказа — он поможет.`,
	ClaimCancelUnpaidAsk: `Отменить заказ {{.Number}} на {{money .Total}}? Он ещё не оплачен: товары вернутся в продажу, ссылка на оплату перестанет работать.`,
	ClaimCancelledUnpaid: `Заказ {{.Number}} отменён, ссылка на оплату больше не действует. Если оплата всё же пройдёт, мы вернём деньги на карту.`,
	ClaimOrderCancelled:  `Заказ {{.Number}} уже отменён.`,
	ClaimAlreadyOpen:     `По заказу {{.Number}} уже подано заявление {{.Ref}}: {{say "part.claim_status" "Status" .Status}}, срок {{date .Due}}.`,
	ClaimVoidAsk:         `Заказ {{.Number}} оплачен, но {{money .Amount}} пока только заблокированы на карте. Отменить заказ и снять блокировку? Деньги снова станут доступны; когда именно, решает банк.`,
	ClaimVoided:          `Заказ {{.Number}} отменён, блокировку {{money .Amount}} снимаем. Напишу, когда банк подтвердит.`,
	ClaimCancelPaid:      `Отмена оплаченного заказа {{.Number}} — это заявление на возврат денежных средств: {{money .Amount}}{{if .Delivery}} за товары и доставку{{end}} на карту{{if .Card}} •••• {{.Card}}{{end}}. Заполним его вместе, это пара минут.`,
	ClaimTooLate:         `Заказ {{.Number}} получен {{date .Delivered}}: вернуть товар можно было до {{date .Until}} включительно. Этот срок прошёл, поэтому оформить возврат я не могу. Если у товара брак, напишите менеджеру.`,
	ClaimAllReturned:     `Все товары заказа {{.Number}}, которые можно вернуть, уже возвращены по Вашим прежним заявлениям.`,
	ClaimPersonalised:    `Товары заказа {{.Number}} сделаны лично для Вас: такие товары надлежащего качества не возвращаются. Если у товара брак, напишите менеджеру.`,
	ClaimNotPaid:         `По заказу {{.Number}} не было оплаты картой, возвращать нечего.`,
	ClaimAskItems:        `Какие товары заказа {{.Number}} Вы возвращаете? Отметьте их и выберите «Далее».{{if .Excluded}} Товары, сделанные лично для Вас, вернуть нельзя, их здесь нет.{{end}}`,
	ClaimPickItems:       `Отметьте хотя бы один товар.`,
	ClaimAskPieces:       `Сколько штук товара «{{.Name}}» (размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}) Вы возвращаете? Вернуть можно до {{.Qty}} шт.`,
	ClaimExchangeOffer:   `Может быть, обменяем на другой размер? Сейчас есть: {{.Sizes}}. Обмен оформит менеджер.`,
	ClaimExchangeNote:    `🔁 Клиент хочет обменять товар по заказу {{.Number}} на другой размер: {{.Items}}.{{if .Sizes}} Есть в наличии: {{.Sizes}}.{{end}}`,
	ClaimAskReason:       `Почему {{if eq .Kind "cancel"}}Вы отменяете заказ{{else if eq .Kind "return"}}Вы возвращаете товар{{else}}списание ошибочное{{end}}? Выберите или напишите своими словами.`,
	ClaimAskCheck:        `{{if eq .N 1}}Сохранён ли товарный вид: бирки, ярлыки, упаковка?{{else if eq .N 2}}Товар не носили и не стирали, его потребительские свойства сохранены?{{else}}Сохранился ли документ о покупке: чек или письмо с номером заказа?{{end}}`,
	ClaimCheckFailed:     `К сожалению, товар надлежащего качества можно вернуть, только если сохранены его товарный вид, потребительские свойства и документ о покупке. Если у товара брак, начните заново и выберите причину «Брак или дефект», или напишите менеджеру.`,
	ClaimAskName:         `Напишите, пожалуйста, фамилию, имя и отчество полностью, как в документе, удостоверяющем личность: они войдут в заявление.`,
	ClaimBadName:         `Напишите ФИО полностью: хотя бы фамилию и имя, не длиннее 100 символов.`,
	ClaimAskID:           `Пришлите фото или скан документа, удостоверяющего личность (удостоверение или паспорт). Его увидят только сотрудники магазина; копия удаляется через {{plural .Days "день" "дня" "дней"}} после закрытия заявления.`,
	ClaimAskReceipts:     `Пришлите чеки или выписку, где видно ошибочное списание: фото или файлы. Когда пришлёте все, выберите «Готово».`,
	ClaimReceiptTaken:    `Получил, это {{.Count}}-й. Пришлите ещё или выберите «Готово».`,
	ClaimTooManyFiles:    `Больше {{.Max}} файлов не нужно, этот я не добавил. Выберите «Готово».`,
	ClaimNeedFile:        `{{if eq .What "id"}}Нужно фото или файл документа, удостоверяющего личность.{{else}}Нужен чек: фото или файл.{{end}}`,
	ClaimReview: `Проверьте заявление:
{{if eq .Kind "cancel"}}Отмена оплаченного заказа {{.Number}}{{else if eq .Kind "return"}}Возврат товара по заказу {{.Number}}{{else}}Ошибочное списание по заказу {{.Number}}{{end}}
{{range .Lines}}• {{.Name}}, размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}} — {{.Qty}} шт., {{money .Sum}}
{{end}}{{if .Delivery}}Доставка: {{money .Delivery}}
{{end}}{{if .Amount}}К возврату: {{money .Amount}} на карту{{if .Card}} •••• {{.Card}}{{end}}
{{end}}Причина: {{say "part.claim_reason" "Code" .Reason}}
ФИО: {{.Name}}
Копия документа: получена{{if .Receipts}}; чеков: {{.Receipts}}{{end}}{{if .ReturnBy}}
Как вернуть товар: {{.ReturnBy}}{{end}}
Если подать сейчас, вернуть деньги нужно не позже {{date .Due}}.`,
	ClaimSubmitted: `Заявление {{.Ref}} принято {{date .At}}. {{if .Amount}}Вернём {{money .Amount}} на карту{{if .Card}} •••• {{.Card}}{{end}} не позже {{date .Due}}{{else}}Ответим не позже {{date .Due}}{{end}}: сроки считаем в рабочих днях Казахстана. Заявление в PDF ниже, проверьте его{{if .Mailed}}; копия ушла в магазин на {{.Email}}{{end}}.{{if .ReturnBy}}
Товар отправьте так: {{.ReturnBy}}{{end}}{{if .InTransit}}
📦 Заказ уже в пути{{if .Tracking}} (трек-номер СДЭК {{.Tracking}}){{end}}: не забирайте посылку — откажитесь от неё при получении, и она вернётся к нам.{{end}}`,
	ClaimDocument: `Заявление {{.Ref}} (PDF)`,
	ClaimAborted:  `Хорошо, заявление не подаём.`,
	ClaimChanged:  `Заказ {{.Number}} изменился, пока заполнялось заявление. Начните, пожалуйста, заново.`,
	ClaimStatusList: `{{if not .Claims}}У Вас нет заявлений на возврат.{{else}}Ваши заявления:{{range .Claims}}
• {{.Ref}}, заказ {{.Order}}{{if .Amount}}, {{money .Amount}}{{end}}: {{say "part.claim_status" "Status" .Status}}{{if eq .Status "refunded"}}{{if .Transaction}}, транзакция {{.Transaction}}{{end}}{{else if eq .Status "rejected"}}{{if .Note}} ({{.Note}}){{end}}{{else}}, срок {{date .Due}}{{end}}{{end}}{{end}}`,
	ClaimApprovedNotice: `Заявление {{.Ref}} одобрено {{date .At}}: возвращаем {{money .Amount}} на карту{{if .Card}} •••• {{.Card}}{{end}}. Напишу, когда банк подтвердит возврат.`,
	ClaimRejectedNotice: `По заявлению {{.Ref}} магазин отказал {{date .At}}: {{.Reason}}. Если не согласны, напишите менеджеру или на {{.Email}}.`,
	WaybillPassed:       `Спасибо! Номер накладной {{.Waybill}} передал менеджеру — он проверит посылку и напишет Вам здесь.`,
	StaffWaybillNoClaim: `📦 Клиент прислал номер накладной {{.Waybill}} (последний заказ {{.Number}}); открытого заявления на возврат нет — вероятно, обмен. Проверьте посылку и напишите клиенту.`,
	PayOnlyCard:         `Оплата — только онлайн, картой Visa или Mastercard (подойдёт и Kaspi Gold) на защищённой странице CloudPayments: ссылку я пришлю, когда Вы подтвердите заказ. Перевод на Kaspi, Kaspi QR, рассрочку и оплату при получении мы, к сожалению, не принимаем.`,
	TrackingNotFound:    `СДЭК показывает посылку по трек-номеру обычно в течение суток после отправки. Если номер не находится дольше или в нём ошибка, напишите менеджеру — он проверит.`,
	ReturnWaybillTaken:  `📦 Спасибо! Номер накладной {{.Waybill}} передал менеджеру к заявлению {{.Ref}}. Когда посылка придёт в магазин, менеджер её проверит; о решении я напишу здесь.`,
	StaffReturnWaybill:  `📦 Возврат по заявлению {{.Ref}} ({{.Number}}) отправлен: накладная СДЭК {{.Waybill}}, пишет клиент.`,
	ClaimRefundedNotice: `↩️ Деньги по заявлению {{.Ref}} возвращены: {{money .Amount}} на карту{{if .Card}} •••• {{.Card}}{{end}}, транзакция {{.Transaction}}. Обычно они приходят за несколько дней, точный срок зависит от банка.`,
	ClaimChargeOrder:    `К какому заказу относится ошибочное списание? Выберите заказ; если его нет в списке, напишите менеджеру.`,
	ClaimReasonText:     `{{if eq .Code "size"}}Не подошёл размер{{else if eq .Code "like"}}Не понравился товар{{else if eq .Code "defect"}}Брак или дефект{{else if eq .Code "mind"}}Передумал(а){{else if eq .Code "late"}}Долгая доставка{{else if eq .Code "double"}}Списали дважды{{else if eq .Code "amount"}}Списали не ту сумму{{else}}{{.Code}}{{end}}`,
	ClaimStatusText:     `{{if eq .Status "received"}}принято, ждёт решения{{else if eq .Status "approved"}}одобрено, деньги отправляются{{else if eq .Status "refunded"}}деньги возвращены{{else}}отклонено{{end}}`,

	StaffClaimNew: `📝 Заявление {{.Ref}}: {{if eq .Kind "cancel"}}отмена оплаченного заказа {{.Number}}{{else if eq .Kind "return"}}возврат товара по заказу {{.Number}}{{else}}ошибочное списание по заказу {{.Number}}{{end}}
{{range .Lines}}• {{.Name}} ({{.SKU}}), размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}} — {{.Qty}} шт., {{money .Sum}}
{{end}}{{if .Delivery}}Доставка: {{money .Delivery}}
{{end}}К возврату: {{if .Amount}}{{money .Amount}}{{else}}сумму указывает магазин{{end}}{{if .Card}}, карта •••• {{.Card}}{{end}}
Причина: {{say "part.claim_reason" "Code" .Reason}}
Клиент: {{.Name}}{{if .Phone}}, {{phone .Phone}}{{end}}{{if .Email}}, {{.Email}}{{end}}
Получено {{date .At}}, вернуть до {{date .Due}}.
Одобрить: /approve {{.Ref}}{{if not .Amount}} СУММА{{end}}; отказать: /reject {{.Ref}} причина{{if .InTransit}}
🚚 Заказ уже отправлен{{if .Tracking}} (трек {{.Tracking}}){{end}}: отзовите посылку у СДЭК или дождитесь её возврата; клиенту сказано отказаться от неё при получении.{{end}}`,
	StaffClaimFile:        `{{if eq .What "id"}}Копия документа, удостоверяющего личность,{{else}}Чек{{end}} к заявлению {{.Ref}}`,
	StaffClaimMailSubject: `Заявление на возврат денежных средств {{.Ref}}, заказ {{.Number}}`,
	StaffClaimMail:        `Заявление на возврат денежных средств {{.Ref}} по заказу {{.Number}}. Во вложении заявление в PDF и копия документа, удостоверяющего личность{{if .Receipts}}, и чеки{{end}}. Получено {{date .At}}, вернуть деньги до {{date .Due}}.`,
	StaffClaimApproved:    `✅ Заявление {{.Ref}} одобрено ({{.By}}): возврат {{money .Amount}} отправлен в CloudPayments.`,
	StaffClaimRejected:    `✖ Заявление {{.Ref}} отклонено ({{.By}}): {{.Reason}}. Клиент уведомлён.`,
	StaffClaimDecided:     `По заявлению {{.Ref}} решение уже есть: {{say "part.claim_status" "Status" .Status}}.`,
	StaffClaimNotFound:    `Заявление {{.Ref}} не найдено.`,
	StaffClaimUsage:       `{{if eq .Command "reject"}}Отказ с причиной: /reject {{.Ref}} причина{{else}}Одобрить: /approve {{.Ref}} СУММА (для ошибочного списания сумму называет магазин){{end}}`,
	StaffClaimAmountFixed: `По заявлению {{.Ref}} возвращается стоимость покупки, {{money .Amount}}: сумму называют только для ошибочного списания. Одобрить: /approve {{.Ref}}; отказать: /reject {{.Ref}} причина.`,
	StaffClaimTooMuch:     `По заказу {{.Number}} можно вернуть не больше {{money .Left}}.`,
	StaffClaimList: `{{if not .Claims}}Открытых заявлений нет.{{else}}Открытые заявления:{{range .Claims}}
• {{.Ref}}, {{.Order}}{{if .Amount}}, {{money .Amount}}{{end}}: {{say "part.claim_status" "Status" .Status}}, срок {{date .Due}}{{end}}{{end}}`,
	StaffClaimDueSoon:   `⏰ Скоро последний день возврата по заявлению {{.Ref}} ({{.Number}}): {{date .Due}}. {{if eq .Status "received"}}Решения ещё нет: /approve {{.Ref}} или /reject {{.Ref}} причина.{{else}}Возврат отправлен, ждём подтверждения.{{end}}`,
	StaffClaimOverdue:   `🚨 Просрочен возврат по заявлению {{.Ref}} ({{.Number}}): срок был {{date .Due}}.`,
	StaffCustomerCancel: `✖ Клиент сам отменил заказ {{.Number}}{{if .Held}}: блокировка {{money .Amount}} на карте снимается{{else}}, он не был оплачен; товары вернулись в продажу{{end}}.`,

	ForgetAsk:       `Удалить Ваши данные? Сотрём имя, телефон, e-mail и адреса в Ваших заказах и заявлениях, копии документов и этот разговор. Сами заказы останутся для бухгалтерии, но без Ваших данных. Отменить это нельзя.`,
	ForgetBlocked:   `Сейчас удалить данные нельзя: {{if .Orders}}в работе заказы: {{.Orders}}{{end}}{{if and .Orders .Claims}}; {{end}}{{if .Claims}}не закрыты заявления: {{.Claims}}{{end}}. Без Ваших данных мы не сможем доставить заказ или вернуть деньги. Попросите снова, когда всё завершится.`,
	ForgetDone:      `Готово: Ваши данные удалены. Если напишете снова, начнём с чистого листа.`,
	StaffReplySent:  `Отправлено клиенту ({{.Ref}}).{{if .Closed}} Разговор уже был возвращён боту: клиент увидит сообщение, но бот продолжает отвечать.{{end}}`,
	StaffReplyUsage: `Напишите так: /reply H12 текст (разговор) или /reply LT-00042 текст (клиенту заказа); /done H12 — вернуть разговор боту.`,

	StaffDigest: `☀️ Доброе утро! С {{time .Since}} {{date .Since}}: {{if .New}}{{plural (len .New) "новый заказ" "новых заказа" "новых заказов"}}{{else}}новых заказов нет{{end}}.
{{range .New}}• {{.Number}} · {{say (print "status." .Status)}} · {{.Customer.Name}} · {{money .Total}}
{{end}}
В работе: оплачено и ждёт сборки — {{.Paid}}, собирается — {{.Processing}}, в пути — {{.Shipped}}, ждёт оплаты — {{.Unpaid}}.{{if .Handoffs}}
Ждут менеджера: {{.Handoffs}}.{{end}}
Списки: /orders paid, /orders processing.`,
	LanguageChoose: `Тілді таңдаңыз / Выберите язык:`,
	LanguageSet:    `Готово, теперь я говорю по-русски.`,

	DeliveryWait: `⏳ Узнаю у СДЭК стоимость доставки и пункты выдачи, это займёт несколько секунд… Если ответ не придёт, напишите любое сообщение, и я спрошу снова.`,
	AskPoint: `Где Вам удобно забрать заказ? В городе {{.City}} {{plural .Count "пункт" "пункта" "пунктов"}} выдачи СДЭК.
Отправьте геолокацию, и я покажу ближайшие. Или откройте список, или напишите улицу.`,
	ShareLocationHint: `Чтобы отправить геолокацию, нажмите кнопку:`,
	PointsNear: `Ближайшие пункты выдачи:
{{range $i, $p := .Points}}{{inc $i}}. {{$p.Address}}{{if $p.Locker}} (постамат){{end}} — {{distance $p.Meters}}
{{if $p.WorkTime}}🕒 {{$p.WorkTime}}
{{end}}{{end}}Выберите пункт ниже.`,
	PointsFound: `Вот что нашлось:
{{range $i, $p := .Points}}{{inc $i}}. {{$p.Address}}{{if $p.Locker}} (постамат){{end}}
{{if $p.WorkTime}}🕒 {{$p.WorkTime}}
{{end}}{{end}}{{if .More}}И ещё {{plural .More "пункт" "пункта" "пунктов"}}: уточните запрос или откройте список.
{{end}}Выберите пункт ниже.`,
	PointsNone: `По запросу «{{.Query}}» пунктов выдачи не нашлось. Напишите другую улицу, отправьте геолокацию или откройте список.`,
	PointsPage: `Пункты выдачи СДЭК (страница {{.Page}} из {{.Pages}}):
{{range $i, $p := .Points}}• {{$p.Address}}{{if $p.Locker}} (постамат){{end}}
{{if $p.WorkTime}}🕒 {{$p.WorkTime}}
{{end}}{{end}}Выберите пункт ниже.`,
	CityUnknown:       `СДЭК не доставляет в город «{{.City}}» или не знает такого названия. Проверьте, пожалуйста, название или выберите город кнопкой.`,
	AskAddressExpress: `Куда привезти заказ? Напишите адрес в городе {{.City}}: улица, дом, подъезд, квартира.{{if not .Pin}} Геолокация поможет курьеру и точнее рассчитает цену.{{end}}`,
	LocationThanks:    `Спасибо, геолокацию получил.`,
	ExpressMissing: `Экспресс-доставка возможна, только если все товары есть в нашем магазине в городе {{.City}}. Сейчас там не хватает:
{{range .Items}}• {{.Name}}, размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}: {{if .InShop}}есть {{.InShop}} шт. из {{.Qty}}{{else}}нет{{if gt .Qty 1}} (нужно {{.Qty}} шт.){{end}}{{end}}
{{end}}{{if .All}}Выберите, пожалуйста, доставку СДЭК.{{else}}Чтобы заказать экспресс, измените корзину (уберите эти товары или уменьшите их количество) или выберите доставку СДЭК.{{end}}`,
	ExpressClosed: `Экспресс-заявки принимаем с {{.From}} до {{.To}} по времени Астаны. Сейчас мы закрыты и откроемся {{if .Today}}сегодня{{else}}{{date .Opens}}{{end}} в {{time .Opens}}.
Можем принять заявку сейчас и обработать её к открытию, или доставим заказ через СДЭК.`,
	ExpressSoldOut: `Пока Вы оформляли заявку, часть товаров в магазине закончилась. Выберите, пожалуйста, доставку СДЭК или измените корзину.`,
	ExpressRequested: `Заявка на экспресс-доставку {{.Number}} принята, товары отложены для Вас в магазине.
{{if .Queued}}Мы откроемся {{date .Opens}} в {{time .Opens}}, рассчитаем стоимость доставки и пришлём её сюда.{{else}}Сейчас рассчитаем стоимость доставки и пришлём её сюда.{{end}} Оплата — после того как Вы подтвердите цену.`,
	ExpressQuoted: `Стоимость экспресс-доставки по заявке {{.Number}} до адреса {{.Address}}: {{money .Price}}.
Товары: {{money .Goods}}
Итого к оплате: {{money .Total}}
Подтвердите, и я пришлю ссылку на оплату. Курьер выедет после оплаты.`,
	ExpressAccepted:       `Спасибо! Заказ {{.Number}} на {{money .Total}} подтверждён, сейчас пришлю ссылку на оплату.`,
	ExpressDeclined:       `Заявку {{.Number}} отменили, товары вернули в корзину. Выберите, пожалуйста, доставку СДЭК.`,
	ExpressReleasedNotice: `Здравствуйте! Мы открылись и уже рассчитываем стоимость доставки по заявке {{.Number}}.`,
	ExpressExpired:        `Заявка на экспресс-доставку {{.Number}} отменена: она ждала дольше {{plural .Hours "часа" "часов" "часов"}}, и товары вернулись в продажу. Если заказ ещё нужен, оформите его заново или напишите менеджеру.`,
	CourierFoundNotice:    `Курьер Яндекс Доставки найден и едет в магазин за заказом {{.Number}}.`,
	CourierOnTheWayNotice: `Курьер забрал заказ {{.Number}} и едет к Вам.`,

	BtnPointList:      `📋 Список пунктов выдачи`,
	BtnShareLocation:  `📍 Отправить геолокацию`,
	BtnPoint:          `📍 {{trunc .Point.Address 44}}{{if .Point.Meters}} · {{distance .Point.Meters}}{{end}}`,
	BtnExpressQueue:   `⏰ Оставить заявку к открытию ({{time .Opens}})`,
	BtnExpressAccept:  `✅ Подтвердить и оплатить {{money .Total}}`,
	BtnExpressDecline: `Выбрать доставку СДЭК`,
	BtnStaffQuote:     `💰 Назвать цену`,

	StaffExpressRequest: `🚀 {{if .Released}}Открылись: экспресс-заявка {{.Number}}, принятая ночью{{else}}Экспресс-заявка {{.Number}}{{end}}
{{say "part.items" "Items" .Items}}
Товары: {{money .Order.GoodsTotal}}
Магазин: {{.Shop.RU}}
Куда: {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}{{if .Map}}
Геолокация: {{.Map}}{{end}}
Клиент: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}
{{if .Queued}}Заявка ночная: обработаем {{date .Opens}} в {{time .Opens}}.{{else if .Auto}}Цену рассчитывает Яндекс Доставка. Чтобы назвать свою: /quote {{.Number}} ЦЕНА{{else}}Назовите цену доставки: /quote {{.Number}} ЦЕНА{{end}}`,
	StaffExpressAccepted:    `Клиент принял цену экспресс-доставки по {{.Number}}: к оплате {{money .Total}}. Ссылка на оплату уходит клиенту.`,
	StaffExpressDeclined:    `Клиент отказался от экспресс-доставки по {{.Number}}: заявка отменена, товары в магазине освобождены.`,
	StaffExpressQuoteFailed: `Яндекс Доставка не рассчитала цену по {{.Number}}: {{.Error}}. Назовите её сами: /quote {{.Number}} ЦЕНА`,
	StaffExpressBookFailed:  `⚠️ Не получилось вызвать курьера Яндекс по оплаченному заказу {{.Number}}: {{.Error}}. Бот повторит попытку; если нужно, вызовите курьера в кабинете Яндекса и отметьте /courier {{.Number}}.`,
	StaffExpressNoPin:       `Заказ {{.Number}} оплачен, но клиент не прислал геолокацию: вызовите курьера Яндекс в кабинете по адресу и отметьте /courier {{.Number}}; когда курьер заберёт заказ — /ship {{.Number}}.`,
	StaffExpressCallCourier: `🚀 Заказ {{.Number}} оплачен: вызовите курьера Яндекс (с {{.From}} до {{.To}}) в кабинете Яндекс Доставки: {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}{{if .Map}} ({{.Map}}){{end}}, получатель {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}. Когда курьер заберёт заказ: /ship {{.Number}}, после вручения: /delivered {{.Number}}.`,
	StaffExpressPriceRose:   `⚠️ Яндекс Доставка просит за курьера по {{.Number}} {{money .Offer}}, а клиент оплатил доставку {{money .Paid}}. Бот не принял предложение: решите в кабинете Яндекса (заявка {{.Claim}}) — принятую там заявку бот будет отслеживать.`,
	StaffQuoteUsage:         `Назовите цену экспресс-доставки в тенге: /quote {{.Number}} 2500`,
	StaffCannotQuote:        `{{if not .Express}}Заказ {{.Number}} — не экспресс-доставка.{{else if .Queued}}Заявка {{.Number}} принята ночью: цену можно назвать после открытия.{{else}}Заявка {{.Number}} сейчас «{{say (print "status." .Status)}}»: цену уже не поменять.{{end}}`,
	StaffQuoted:             `Цена экспресс-доставки по {{.Number}}: {{money .Price}}, назначил(а) {{.By}}. Отправил клиенту на подтверждение.`,
	StaffCourierAlready:     `Курьер за заказом {{.Number}} уже отмечен, клиенту об этом сказано. Когда курьер заберёт заказ: /ship {{.Number}}.`,
	StaffNotExpress:         `Заказ {{.Number}} — не экспресс-доставка: курьер Яндекса ему не нужен.`,
	StaffCourierNoted:       `Клиенту сказано, что курьер едет в магазин за заказом {{.Number}} (отметил(а) {{.By}}). Когда курьер заберёт заказ: /ship {{.Number}}.`,
	StaffCourierFailed:      `⚠️ Яндекс Доставка по {{.Number}}: статус «{{.Status}}» (заявка {{.Claim}}). Проверьте в кабинете Яндекса и свяжитесь с клиентом.`,
	TrackAtPoint:            `📬 Заказ {{.Number}} ждёт Вас {{if .Locker}}в постамате{{else}}в пункте выдачи{{end}} СДЭК{{if .Address}}: {{.Address}}{{end}}.{{if not .Until.IsZero}} Его хранят до {{date .Until}} включительно.{{end}}{{if .Locker}} Откройте ячейку кодом из SMS СДЭК.{{else}} Возьмите документ, удостоверяющий личность, или код получения из SMS СДЭК.{{end}} Трек-номер: {{.Tracking}}.`,
	TrackOutForDelivery:     `🚚 Сегодня курьер СДЭК привезёт заказ {{.Number}}. Трек-номер: {{.Tracking}}.`,
	TrackNotDelivered:       `Заказ {{.Number}} не удалось вручить. Менеджер свяжется с Вами и договорится о новой доставке; можно и написать нам в WhatsApp {{phone .Phone}}.`,
	TrackPickupReminder:     `⏰ Напоминаем: заказ {{.Number}} ждёт Вас {{if .Locker}}в постамате{{else}}в пункте выдачи{{end}} СДЭК ({{.Address}}) до {{date .Until}} включительно. Потом СДЭК вернёт его нам. Если не успеваете, напишите нам в WhatsApp {{phone .Phone}}.`,
	StaffPickupOverdue:      `⏰ Заказ {{.Number}} (трек {{.Tracking}}) не забрали из {{if .Locker}}постамата{{else}}пункта выдачи{{end}}: последний день хранения был {{date .Until}}. Клиент: {{.Name}}, {{phone .Phone}}.`,
	StaffTrackingProblem:    `⚠️ СДЭК по заказу {{.Number}} (трек {{.Tracking}}): {{.Name}} ({{.Code}}). Свяжитесь с клиентом: {{.Customer}}, {{phone .Phone}}.`,
	StaffTrackingUnknown:    `СДЭК не знает трек-номер {{.Tracking}} заказа {{.Number}}: проверьте номер.`,
	StaffHolidays: `Календарь рабочих дней для сроков возврата{{if eq .From .To}}, {{.From}}{{else}}, {{.From}}–{{.To}}{{end}}:
{{range .Days}}{{.Day}} {{weekday .Weekday}} — {{if .Working}}рабочий: {{end}}{{.Name}}
{{else}}дней вне обычной недели нет.
{{end}}Суббота и воскресенье выходные, если не отмечены рабочими. Изменить: /holiday`,
	StaffHolidayUsage:   `Напишите так: /holiday 2027-05-17 Курбан айт — выходной в будний день; /holiday 2026-11-28 working перенос — рабочая суббота или воскресенье; /holiday 2027-05-17 - — убрать день. Список: /holidays или /holidays 2027.`,
	StaffHolidaySet:     `{{.Day}} ({{weekday .Weekday}}) теперь {{if .Working}}рабочий день{{else}}выходной{{end}}: {{.Name}}. По этому календарю будут считаться сроки возврата денег.`,
	StaffHolidayRemoved: `{{if .Removed}}{{.Day}} убран из календаря: это снова обычный день недели.{{else}}{{.Day}} в календаре не было.{{end}}`,
	StaffOutage:         `⚠️ {{.Service}} не отвечает: {{.Error}}. Пока клиенты видят примерные цены из профиля магазина; заказы принимаются.`,
	StaffRecovered:      `✅ {{.Service}} снова отвечает (сбой начался {{date .Since}} в {{time .Since}}).`,

	QuoteText: `{{if .Quote.Free}}бесплатно{{else}}{{money .Quote.Price}}{{if .Quote.Approximate}} (примерно){{end}}{{end}}{{if .Quote.MaxDays}}, {{if and .Quote.MinDays (lt .Quote.MinDays .Quote.MaxDays)}}{{.Quote.MinDays}}–{{end}}{{plural .Quote.MaxDays "день" "дня" "дней"}}{{end}}`,
	ItemsText: `{{range .Items}}• {{.Name}}, размер {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, надпись «{{.Text}}»{{end}} — {{.Qty}} шт., {{money .Sum}}
{{end}}`,

	"status.track_created":          `передан в СДЭК`,
	"status.track_at_point":         `ждёт в пункте выдачи`,
	"status.track_out_for_delivery": `у курьера СДЭК`,
	"status.track_delivered":        `вручён`,
	"status.track_not_delivered":    `не вручён`,
	"status.track_removed":          `отменён в СДЭК`,
	"status.awaiting_quote":         `ждёт расчёта доставки`,
	"status.awaiting_payment":       `ожидает оплаты`,
	"status.paid":                   `оплачен`,
	"status.processing":             `собирается`,
	"status.shipped":                `отправлен`,
	"status.delivered":              `доставлен`,
	"status.cancelled":              `отменён`,
	"method.pickup":                 `пункт выдачи СДЭК`,
	"method.courier":                `курьер СДЭК`,
	"method.express":                `экспресс-доставка курьером Яндекс`,
}
