package messages

// kk is every text in Kazakh. Address the customer as «Сіз»; terms follow
// docs/glossary.md. Kazakh nouns after a number stay singular, so plural
// takes one form. Case endings are never glued to a value (a city, a sum, a
// number): the text says "{{.City}} қаласына", not "{{.City}}ға", because
// the ending would depend on the value's last sound.
var kk = map[Key]string{
	Welcome: `Сәлеметсіз бе! Бұл — {{.Store}} дүкенінің боты.
Мұнда киім таңдап, СДЭК арқылы жеткізілетін тапсырыс рәсімдеп, тапсырыстарыңыздың күйін бақылай аласыз.`,
	MenuTitle:          `Басты мәзір. Сізді не қызықтырады?`,
	SessionReset:       `Кешіріңіз, сөйлесуді басынан бастауға тура келді. Себетті қайта жинау қажет болуы мүмкін.`,
	SessionExpired:     `Қайта оралғаныңызға қуаныштымыз! Көптен бері келмегендіктен, бәрін басынан бастаймыз.`,
	CardNumberWarning:  `Өтінеміз, карта нөмірін чатқа жібермеңіз — біз оны сақтаған жоқпыз. Карта деректері тек CloudPayments қорғалған төлем парағында енгізіледі.`,
	NotNeededHere:      `Рақмет, бірақ қазір бұл қажет емес.`,
	Unsupported:        `Кешіріңіз, мен тек мәтін мен мәзірден таңдауды түсінемін. Стикерлерді, дауыстық және бейнехабарламаларды оқи алмаймын.`,
	UnknownCommand:     `Мұндай команда жоқ. Қолжетімді командалар: /start, /menu, /cancel, /catalog, /cart, /orders, /language.`,
	PressAButton:       `Төмендегі нұсқалардың бірін таңдаңыз.`,
	NotUnderstood:      `Сізді толық түсінбедім. Мәзірден қажетті бөлімді таңдаңыз.`,
	NotUnderstoodAgain: `Сізді түсінбей тұрған сияқтымын. Менеджерді шақырайын ба? Ол осы чатта жауап береді.`,
	Here:               `Иә, осындамын: мен дүкеннің ботымын, бірден жауап беремін. Тауарлар мен өлшемдер, жеткізу, төлем, тапсырысыңыз туралы сұраңыз. Адам керек болса, менеджерді шақырамын.`,
	YouAreWelcome:      `Оқасы жоқ! Тағы бір нәрсе керек болса, жаза беріңіз.`,
	Praised:            `Жылы лебізіңізге рақмет, бізге өте жағымды! Тағы бір нәрсе керек болса, жаза беріңіз.`,
	HoursAre: `🕙 Бұл чатта тапсырысты кез келген уақытта, демалыссыз рәсімдеуге болады.
Менеджерлер {{.StaffOpens}}–{{.StaffCloses}} аралығында жауап береді, Яндекс курьерімен жедел жеткізуге өтінім {{.ExpressOpens}}–{{.ExpressCloses}} аралығында қабылданады (Астана уақыты).
Дүкеннің мекенжайы мен телефондары байланыс бөлімінде.`,
	Cancelled:   `Жақсы, тапсырысты рәсімдеу тоқтатылды. Себетіңіз сақталды.`,
	StaleButton: `Бұл таңдау енді жарамсыз. Ағымдағы қадам:`,
	ErrInternal: `Кешіріңіз, бізде бір қателік шықты. Бір минуттан кейін қайталап көріңіз.`,

	BtnCatalog:         `🛍 Каталог`,
	BtnCart:            `🛒 Себет{{if .Pieces}} ({{.Pieces}}){{end}}`,
	BtnMyOrders:        `📦 Тапсырыстарым`,
	BtnPaymentDelivery: `💳 Төлем және жеткізу`,
	BtnContacts:        `ℹ️ Байланыс және құпиялылық`,
	BtnLanguage:        `🌐 Тіл / Язык`,
	BtnMenu:            `☰ Мәзір`,
	BtnLabel:           `{{.Label}}`,
	BtnProduct:         `{{.Name}} — {{money .Price}}`,
	BtnPrev:            `◀ Артқа`,
	BtnNext:            `Келесі ▶`,
	BtnCategories:      `Санаттар`,
	BtnSize:            `{{.Size}}{{if .Colour}} · {{.Colour}}{{end}}`,
	BtnBack:            `◀ Артқа`,
	BtnNumber:          `{{.N}}`,
	BtnCheckout:        `✅ Тапсырысты рәсімдеу`,
	BtnContinue:        `Сатып алуды жалғастыру`,
	BtnDec:             `{{.N}}: −1`,
	BtnInc:             `{{.N}}: +1`,
	BtnRemove:          `{{.N}}: ✖`,
	BtnClear:           `Тазалау`,
	BtnKeep:            `Қалдыру: {{.Value}}`,
	BtnAbort:           `Рәсімдеуден бас тарту`,
	BtnMethod:          `{{say (print "method." .Method)}}{{if .Quote}}: {{say "part.quote" "Quote" .Quote}}{{end}}`,
	BtnConfirm:         `{{if .Express}}🚀 Өтінімді жіберу{{else}}✅ Тапсырысты растау{{end}}`,
	BtnEdit:            `✏️ Деректерді өзгерту`,
	BtnOrder:           `{{.Number}}, {{date .Created}} · {{say (print "status." .Status)}}`,
	BtnKazakh:          `Қазақша`,
	BtnRussian:         `Русский`,
	BtnSharePhone:      `📱 Нөмірімді жіберу`,

	CatalogEmpty:      `Каталог әзірге бос. Кейінірек қарап көріңіз.`,
	CatalogCategories: `Санатты таңдаңыз:`,
	CatalogPage:       `{{.Category}}: {{plural .Count "тауар"}}{{if gt .Pages 1}}, {{.Page}}-бет (барлығы {{.Pages}}){{end}}.`,
	CatalogFound:      `{{if .Size}}{{.Size}} өлшемінде қолда бары{{else if .InStock}}Қолда бары{{else}}Каталогтан табылғаны{{end}}: {{plural .Count "тауар"}}.{{if gt .Count .Shown}} Мұнда алғашқы {{.Shown}}, қалғаны — санаттарда.{{end}}`,
	NoneInStock:       `Қазір{{if .Colour}} осы түсті{{end}}{{if .Size}} {{.Size}} өлшемді{{end}} сәйкес тауар қолда жоқ. Каталогты қараңыз немесе менеджерден сұраңыз — ол көмектеседі.`,
	NotInCatalog:      `Мұндай тауар қазір каталогымызда жоқ. Санаттарды қараңыз немесе менеджерден сұраңыз — ол көмектеседі.`,
	SizeHelp:          `Әр тауардың өлшемдері мен қолда бары оның карточкасында көрсетілген — тауарды каталогтан ашыңыз. Осы жерде де сұрауға болады, мысалы: «көйлек M» немесе «джинсы S өлшем». Өлшем таңдауға менеджер көмектеседі.`,
	DiscountAsk:       `Акциялар мен жеңілдіктер туралы менеджер айтып береді: оған жазыңыз, ол осында жауап береді.`,
	ChangeOrder:       `Рәсімделген тапсырыс әлі жеткізуге берілмесе, оны (мекенжайын, өлшемін, алушысын) менеджер өзгерте алады: «Менеджермен байланысу» түймесін басып, нені өзгерту керек екенін жазыңыз.`,
	SizesAre:          `Каталогымызда {{.Asked}} өлшемі жоқ: біздегі өлшемдер — {{.Sizes}}.{{if .Like}} Ресейлік {{.Asked}} өлшеміне әдетте {{.Like}} сәйкес келеді.{{end}} Әр тауардың өлшемдері мен олардың қолда бары оның карточкасында; өлшем таңдауға менеджер көмектеседі.`,
	ProductCard: `{{.Name}}
{{money .Price}}

{{.Description}}

Өлшемдер:
{{range .Sizes}}• {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}} — {{if gt .Stock 0}}қолда бар{{else}}қолда жоқ{{end}}
{{end}}{{if .Express}}
{{end}}{{range .Express}}🚀 {{.City}} қаласындағы дүкенде {{.Sizes}} {{if eq .Count 1}}өлшемі{{else}}өлшемдері{{end}} бар: тапсырыс берген күні курьермен жедел жеткізуге болады.
{{end}}{{if .Personalised}}
Бұл бұйым Сізге арнап жекелендіріледі, сондықтан оны қайтаруға болмайды.
{{end}}{{if .SoldOut}}
Қазір бұл үлгі қолда жоқ.{{else}}
Өлшемді таңдаңыз:{{end}}`,
	CardPick:     `«{{.Name}}» тауарының қай нұсқасы керек? Төмендегі батырманы таңдаңыз.`,
	CardNoSuch:   `{{if .Have}}«{{.Name}}»{{if .Size}} {{.Size}} өлшемінде{{end}}{{if .Colour}} бұл түсте{{end}} қазір жоқ. Бар: {{.Have}}.{{else}}«{{.Name}}» қазір қолда жоқ.{{end}}`,
	CardPrice:    `«{{.Name}}» бағасы — {{money .Price}}.`,
	CardQuestion: `«{{.Name}}» туралы білетініміздің бәрі — карточканың сипаттамасында. Отыруы, матасы мен өлшемдері туралы менеджер толығырақ айтады.`,
	SoldOut:      `{{.Name}}, өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}: өкінішке қарай, таусылды.`,
	AskQty:       `{{.Name}}, өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}.{{if .InCart}} Себетте қазір {{.InCart}} дана бар.{{end}} Қанша дана қосайық? {{if .InCart}}Тағы {{.Left}} дана қосуға болады.{{else}}{{.Left}} данаға дейін қосуға болады.{{end}} Төменнен таңдаңыз немесе санды жазыңыз.`,
	BadQty:       `1 мен {{.Max}} аралығындағы санды жазыңыз.`,
	AlreadyAdded: `Қосылып қойған: себетте бұл тауардан {{.InCart}} дана бар.`,
	NoMoreStock:  `{{.Name}}, өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}: бұдан артық қосу мүмкін емес — себетте {{.InCart}} дана бар, қолда барының бәрі осы.`,
	OnlyLeft:     `Бұл өлшемнен ең көбі {{.Left}} дана алуға болады.`,
	Added: `Себетке қосылды: {{.Name}}, өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}} — {{.Qty}} дана.
Себетте {{plural .Pieces "тауар"}}, жалпы сомасы {{money .Total}}.{{if .More}}
СДЭК тапсырыстарды беру пунктіне тегін жеткізуге дейін {{money .More}} қалды.{{else}}
СДЭК тапсырыстарды беру пунктіне жеткізу тегін болады.{{end}}`,

	CartItemsGone: `{{plural .Count "тауар"}} каталогта енді жоқ, сондықтан себеттен алынып тасталды.`,
	CartEmpty:     `Себетіңіз бос. Каталогқа көз салыңыз!`,
	CartEditHint:  `Себетті төмендегі батырмалар арқылы өзгертуге болады: тауар нөмірінің жанындағы «−1» мен «+1» тауар санын өзгертеді, «✖» тауарды алып тастайды.`,
	CartView: `Сіздің себетіңіз:
{{range .Lines}}{{.N}}. {{.Name}}, өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, жазуы «{{.Text}}»{{end}} — {{.Qty}} × {{money .Price}} = {{money .Sum}}
{{end}}
Барлығы: {{plural .Pieces "тауар"}}, сомасы {{money .Total}}.{{if .More}}
СДЭК тапсырыстарды беру пунктіне тегін жеткізуге дейін {{money .More}} қалды.{{else}}
СДЭК тапсырыстарды беру пунктіне жеткізу — тегін.{{end}}`,
	CartCleared: `Себетіңіз тазартылды.`,

	AskPersonal:    `«{{.Name}}» ({{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}) Сіз үшін жеке жасалады. Оған арналған атты немесе жазуды жазыңыз — {{.Max}} таңбаға дейін.`,
	BadPersonal:    `Жазу 1-ден {{.Max}} таңбаға дейін болуы керек: әріптер, сандар және бос орындар, эмодзисіз. Қайта жазыңыз.`,
	AskName:        `Тапсырысты рәсімдейміз. Атыңыз кім? Алушының аты мен тегін жазыңыз.`,
	AskPhone:       `Байланыс және жеткізу үшін телефон нөміріңізді жазыңыз, мысалы: +7 777 123 45 67.`,
	SharePhoneHint: `Нөмірді термей-ақ, оны төмендегі батырма арқылы жіберуге болады.`,
	AskEmail:       `Электрондық поштаңызды жазыңыз: тапсырыс жөнелтілгенде, оған бақылау нөмірі келеді.`,
	AskCity:        `Қай қалаға жеткізейік? Қаланы таңдаңыз немесе атауын жазыңыз.`,
	AskMethod: `Тапсырысты қалай жеткізейік? Қала: {{.City}}.
{{range .Options}}• {{say (print "method." .Method)}}: {{say "part.quote" "Quote" .Quote}}
{{end}}{{if .Express}}• {{say "method.express"}}: тапсырыс берген күні, бағасы мекенжайға қарай (өтінімдер {{.From}}–{{.To}})
{{end}}{{if .More}}
Тағы {{money .More}} сомасына тауар қоссаңыз, тапсырыстарды беру пунктіне жеткізу тегін болады.{{end}}{{if .Approximate}}
Жеткізу бағалары шамамен көрсетілген: СДЭК қазір нақты бағасын айтпады. Нақты бағасы басқаша болса, менеджер жөнелтуге дейін Сізге жазады.{{end}}`,
	AskAddressCourier: `{{.City}} қаласындағы жеткізу мекенжайын жазыңыз: көше, үй, пәтер.`,
	AskAddressPickup:  `Тапсырысты алуға ыңғайлы, {{.City}} қаласындағы СДЭК тапсырыстарды беру пунктінің мекенжайын немесе кодын жазыңыз.`,
	BadName:           `Атыңызды оқи алмадым. Аты мен тегіңізді әріптермен жазыңыз, мысалы: Айгерим Садықова.`,
	BadPhone:          `Нөмірде қате бар сияқты. Нөмірді толық жазыңыз, мысалы: +7 777 123 45 67 немесе 8 777 123 45 67.`,
	EmailTypo:         `{{.Email}} мекенжайын тексеріңіз: мүмкін, {{.Suggest}} деп жазғыңыз келген шығар? Бақылау нөмірі осы поштаға келеді.`,
	BadEmail:          `Мекенжайда қате бар сияқты.{{if .Suggest}} Мүмкін, {{.Suggest}}? Солай болса, оны қайта жазыңыз.{{else}} Электрондық поштаны name@example.kz түрінде жазыңыз.{{end}}`,
	EmailNeeded:       `Өкінішке қарай, электрондық поштасыз тапсырыс рәсімделмейді: оған жөнелтімнің бақылау нөмірі келеді. Поштамен қиындық болса, менеджерге жазыңыз — «Менеджермен байланысу» түймесін басыңыз.`,
	BadCity:           `Тек қаланың немесе ауылдың атауын жазыңыз.`,
	AddressNoHouse:    `Мекенжайда үй нөмірі көрінбейді. Көшені, үйді және пәтерді жазыңыз, мысалы: Абай көшесі, 10, 5-пәтер.`,
	BadAddress:        `Мекенжай тым қысқа немесе тым ұзын. Оны 5-тен 300 таңбаға дейін етіп жазыңыз.`,
	Summary: `Тапсырысты тексеріңіз:
{{say "part.items" "Items" .Items}}
Тауарлар: {{money .Goods}}
Жеткізу ({{say (print "method." .Delivery.Method)}}): {{if .Express}}бағасын мекенжай бойынша есептеп, растауға жібереміз{{else}}{{say "part.quote" "Quote" .Quote}}{{end}}
{{if .Express}}Төлем — жеткізу бағасын растағаннан кейін.{{else}}Төлеуге барлығы: {{money .Total}}{{end}}

Алушы: {{.Customer.Name}}, {{phone .Customer.Phone}}
E-mail: {{.Customer.Email}}
Мекенжай: {{.Delivery.City}}, {{.Delivery.Address}}{{if .Delivery.Point}} (коды: {{.Delivery.Point}}){{end}}{{if .Queued}}
Өтінімді ашылғанда өңдейміз: {{date .Opens}}, {{time .Opens}}.{{end}}
{{if .Quote.Approximate}}
Жеткізу құны шамамен көрсетілген: СДЭК қазір нақты құнын айтпады. Нақты құны басқаша болса, менеджер жөнелтуге дейін Сізге жазады.{{end}}`,
	OrderPlaced: `Рақмет! {{.Number}} тапсырысы қабылданды, сомасы {{money .Total}}.
Тауарлар Сіз үшін сақталып қойылды. Қазір картамен төлеуге сілтеме жіберемін. Тапсырыс жөнелтілгенде, бақылау нөмірі {{.Email}} мекенжайына келеді.`,
	PricesChanged: `Тапсырысты рәсімдеп жатқан кезде бағалар немесе жеткізу құны өзгерді. Тапсырысты қайта тексеріңіз.`,
	OutOfStock: `Сіз тапсырысты рәсімдеп жатқанда, кейбір тауарлар таусылып қалды:
{{range .Lines}}• {{.Name}}, өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}: {{.Left}} дана қалды ({{.Wanted}} дана керек еді)
{{end}}Біз себетті түзеттік. Оны тексеріп, тапсырысты қайта рәсімдеңіз.`,
	StaffNewOrder: `🆕 Жаңа тапсырыс {{.Number}}, {{date .Created}} {{time .Created}}
{{range .Order.Items}}• {{.Name}} ({{.SKU}}), өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, жазуы «{{.Text}}»{{end}} — {{.Qty}} × {{money .Price}}
{{end}}Тауарлар: {{money .Order.GoodsTotal}}
Жеткізу: {{say (print "method." .Order.Delivery.Method)}}, {{if and (eq (print .Order.Delivery.Method) "express") (not .Order.Delivery.Quote.Price)}}бағасы әлі есептелмеді{{else}}{{say "part.quote" "Quote" .Order.Delivery.Quote}}{{end}}
Барлығы: {{money .Order.Total}}
Күйі: {{say (print "status." .Order.Status)}}

Алушы: {{or .Order.Customer.Name "деректер клиенттің сұрауымен өшірілді"}}{{if .Order.Customer.Phone}}
Телефон: {{phone .Order.Customer.Phone}}{{end}}{{if .Order.Customer.Email}}
E-mail: {{.Order.Customer.Email}}{{end}}
Мекенжай: {{.Order.Delivery.City}}{{if .Order.Delivery.Address}}, {{.Order.Delivery.Address}}{{end}}{{if .Order.Delivery.Point}} (коды: {{.Order.Delivery.Point}}){{end}}{{with pin .Order.Delivery}}
Геолокация: {{.}}{{end}}`,

	OrdersNone:    `Бұл чатта әзірге тапсырыс жоқ. Тапсырысты сайтта, Instagram-да немесе басқа нөмірден берген болсаңыз, менеджерге тапсырыс нөмірін не телефонды жазыңыз — ол тексереді.`,
	OrdersList:    `Сіздің тапсырыстарыңыз{{if ge .Count 10}} (соңғы {{.Count}}){{end}}. Толығырақ көру үшін тапсырысты таңдаңыз:`,
	OrderNotFound: `Мұндай тапсырыс Сіздің тапсырыстарыңыздың арасынан табылмады.`,
	OrderView: `{{date .Created}} күнгі {{.Number}} тапсырысы
Күйі: {{if and (eq (print .Order.Status) "awaiting_quote") .Order.Delivery.Quote.Price}}жеткізу бағасы айтылды, Сіздің келісіміңізді күтуде{{else}}{{say (print "status." .Order.Status)}}{{end}}
{{range .Order.Items}}• {{.Name}}, өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, жазуы «{{.Text}}»{{end}} — {{.Qty}} × {{money .Price}}
{{end}}Тауарлар: {{money .Order.GoodsTotal}}
Жеткізу ({{say (print "method." .Order.Delivery.Method)}}): {{if and (eq (print .Order.Delivery.Method) "express") (not .Order.Delivery.Quote.Price)}}бағасы әлі есептелмеді{{else}}{{say "part.quote" "Quote" .Order.Delivery.Quote}}{{end}}
Барлығы: {{money .Order.Total}}
Мекенжай: {{.Order.Delivery.City}}{{if .Order.Delivery.Address}}, {{.Order.Delivery.Address}}{{end}}{{if .Order.Payment.TransactionID}}
{{date .Order.Payment.PaidAt}} күні төленді{{if .Order.Payment.CardLastFour}}, карта •••• {{.Order.Payment.CardLastFour}}{{end}}.{{end}}{{if .Order.Tracking}}
СДЭК бақылау нөмірі: {{.Order.Tracking}}{{end}}{{if .History}}
Тарихы:{{range .History}}
{{date .At}} {{time .At}} — {{if .Carrier}}{{.Carrier}}{{else}}{{say (print "status." .Status)}}{{end}}{{end}}{{end}}`,

	InfoPaymentDelivery: `💳 Төлем
Тапсырысты Visa немесе Mastercard банк картасымен CloudPayments қорғалған төлем парағында төлеуге болады. Карта деректері тек сонда енгізіледі — олар чатта да, бізде де сақталмайды. Эмитент банк SMS арқылы келетін 3-D Secure кодын сұрауы мүмкін; код келмесе, өз банкіңізге хабарласыңыз.
Төлем өтпесе, картаңыздың интернетте төлеуге қосылғанын, онда қаражаттың жеткілікті екенін, деректердің дұрыс енгізілгенін және картаның жарамдылық мерзімі өтпегенін тексеріңіз.

🚚 Жеткізу
Жеткізуді СДЭК жүзеге асырады: курьер арқылы есікке дейін немесе тапсырыстарды беру пунктіне. Құны СДЭК тарифтері бойынша ешқандай үстемесіз есептеледі.
Тапсырыс сомасы {{money .FreeFrom}} немесе одан көп болса, ең жақын СДЭК тапсырыстарды беру пунктіне жеткізу тегін.
Тауар өз қалаңыздағы дүкенімізде бар болса, Яндекс курьерімен жедел жеткізуге болады; өтінімдер күн сайын {{.ExpressOpens}}–{{.ExpressCloses}} аралығында осында, тапсырысты рәсімдегенде, немесе WhatsApp арқылы {{phone .Phone}} нөміріне қабылданады. Құны мекенжайға байланысты, оны төлемге дейін айтамыз.
Тапсырыс жөнелтілгенде, бақылау нөмірі электрондық поштаңызға келеді.

↩️ Қайтару
Тауардан оны алғанға дейін кез келген уақытта, ал алғаннан кейін {{.WithdrawDays}} күн ішінде бас тартуға болады. Ақша тек картаға қайтарылады: ақшалай қаражатты қайтару туралы өтініш ({{.Email}}) алынғаннан кейін {{.RefundDays}} жұмыс күні ішінде.

Төлем бойынша сұрақтар: {{phone .Phone}}.`,
	InfoContacts: `{{.Store}} дүкені
Сайт: {{.Site}}
Instagram: {{.Instagram}}
E-mail: {{.Email}}
Телефондар: {{range $i, $p := .Phones}}{{if $i}}, {{end}}{{phone $p}}{{end}}
Мекенжай: {{.Address}}
Сатушы: {{.Seller}}, БСН {{.BIN}}

🔒 Дербес деректер
Атыңыз, телефоныңыз, мекенжайыңыз және электрондық поштаңыз тек тапсырысты орындау үшін қажет. Біз оларды жарияламаймыз және Қазақстан Республикасының заңында көзделген жағдайлардан басқа кезде үшінші тұлғаларға бермейміз. Карта нөмірін біз көрмейміз және сақтамаймыз. Деректерге қатысты сұрақтар: {{.Email}}.`,

	BtnPay:           `💳 {{money .Total}} төлеу`,
	BtnRefundConfirm: `↩️ Иә, {{money .Amount}} қайтару`,
	BtnRefundAbort:   `Қайтармау`,

	PaymentLink: `{{if .Test}}🧪 СЫНАҚ РЕЖИМІ: бұл оқу төлем парағы, ақша алынбайды.
{{end}}{{.Number}} тапсырысын {{money .Total}} сомаға төмендегі сілтеме арқылы төлеңіз.
Карта деректері чатта емес, тек CloudPayments қорғалған парағында енгізіледі. Банк SMS арқылы 3-D Secure кодын сұрауы мүмкін.
Төлеу мерзімі: {{kkdate .Until "nom"}}, сағат {{time .Until}}; төлем түспесе, тапсырыстан бас тартылады.`,
	PaymentLinkDelayed: `{{.Number}} тапсырысын төлеу сілтемесі әдеттегіден ұзағырақ дайындалып жатыр. Дайын болған бойда жіберемін; тауарлар әлі де Сіз үшін сақтаулы.`,
	PaymentReceived: `✅ Төлем түсті, рақмет! {{.Number}} тапсырысы төленді.
{{say "part.items" "Items" .Items}}
Барлығы: {{money .Order.Total}}
Жеткізу: {{say (print "method." .Order.Delivery.Method)}}, {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}

{{if eq (print .Order.Delivery.Method) "express"}}Әрі қарай: Яндекс Жеткізу курьерін шақырамыз ({{.ExpressFrom}}–{{.ExpressTo}} аралығында). Курьер тапсырысты алғанда, осында жазамын.{{else}}Әрі қарай: тапсырысты жинап, СДЭК-ке тапсырамыз. Бақылау нөмірі {{.Email}} мекенжайына және осы чатқа келеді.{{end}}`,
	PaymentTwice:    `{{.Number}} тапсырысы бұрын төленген болса да, оған тағы {{money .Amount}} төлем түсті. Менеджер тексеріп, артық соманы картаңызға қайтарады.`,
	PaymentMismatch: `{{.Number}} тапсырысы бойынша төлем түсті, бірақ оның сомасы тапсырыс сомасына сәйкес келмейді. Менеджер Сізбен хабарласып, мәселені шешеді.`,
	PaymentLateRevived: `✅ Төлем түсті, рақмет! {{.Number}} тапсырысынан төлем кешіккендіктен бас тартылған еді, бірақ тауарлар әлі бар, сондықтан тапсырысты қалпына келтірдік.
{{say "part.items" "Items" .Items}}
Барлығы: {{money .Order.Total}}

{{if eq (print .Order.Delivery.Method) "express"}}Әрі қарай: Яндекс Жеткізу курьерін шақырамыз ({{.ExpressFrom}}–{{.ExpressTo}} аралығында). Курьер тапсырысты алғанда, осында жазамын.{{else}}Әрі қарай: тапсырысты жинап, СДЭК-ке тапсырамыз. Бақылау нөмірі {{.Email}} мекенжайына және осы чатқа келеді.{{end}}`,
	PaymentLateSoldOut: `{{.Number}} тапсырысы бойынша {{money .Amount}} төлеміңіз түсті, бірақ төлем кешіккендіктен тапсырыстан бас тартылған еді, ал тауарлар осы уақытта сатылып кетті. Кешіріңіз! Ақшаны {{.Days}} жұмыс күні ішінде картаңызға қайтарамыз; менеджер Сізбен хабарласады.`,
	PaymentAfterCancel: `{{.Number}} тапсырысы бойынша {{money .Amount}} төлеміңіз түсті, бірақ бұл тапсырыстан дүкен бас тартқан еді. Ақшаны {{.Days}} жұмыс күні ішінде картаңызға қайтарамыз; менеджер Сізбен хабарласады.`,
	PaymentDeclined: `{{.Number}} тапсырысының төлемі өтпеді.
{{say (print "decline." .Group)}}
Дайын болғанда, төмендегі сілтеме арқылы қайта көріңіз. Төлем бойынша сұрақтар: {{phone .Phone}}.`,
	PaymentAlreadyPaid: `{{.Number}} тапсырысы төленіп қойған, қайта төлеудің қажеті жоқ.`,
	PaymentReminder:    `Еске саламыз: {{money .Total}} сомасындағы {{.Number}} тапсырысы төлемді күтіп тұр. Тауарлар Сіз үшін сақтаулы, төлеу мерзімі: {{kkdate .Until "nom"}}, сағат {{time .Until}}.`,
	OrderExpired:       `{{.Number}} тапсырысынан бас тартылды: төлем уақытында түспеді, тауарлар қайта сатылымға шықты. Олар әлі керек болса, себетті жинап, тапсырысты қайта рәсімдеңіз.`,
	RefundSent:         `↩️ {{.Number}} тапсырысы бойынша {{money .Amount}} картаңызға{{if .Card}} (•••• {{.Card}}){{end}} қайтарылды. Ақша әдетте бірнеше күнде түседі; нақты мерзім банкіңізге байланысты.`,

	"decline.not_enabled":   `Картаңыз интернетте төлеуге қосылмаған сияқты. Банк қосымшасында интернет-төлемдерді қосыңыз немесе картаны шығарған эмитент банкке хабарласыңыз.`,
	"decline.no_funds":      `Картада қаражат жетпеді. Картаны толықтырыңыз немесе басқа картамен төлеңіз.`,
	"decline.wrong_details": `Карта деректері қате енгізілген сияқты. Карта нөмірін, жарамдылық мерзімін және картаның артындағы CVV2/CVC2 қауіпсіздік кодын тексеріңіз.`,
	"decline.expired":       `Картаның жарамдылық мерзімі өтіп кеткен. Картаның алдыңғы жағындағы ай мен жылды тексеріңіз немесе басқа картамен төлеңіз.`,
	"decline.other":         `Банк төлемді растамады. Басқа картаны қолданып көріңіз немесе картаны шығарған эмитент банкке хабарласыңыз.`,

	StaffPaid: `💰 {{.Number}} тапсырысы төленді{{if .Test}} (СЫНАҚ, ақша түскен жоқ){{end}}
Сомасы: {{if eq .Currency "KZT"}}{{money .Amount}}{{else}}{{.Amount}} {{or .Currency "?"}}{{end}}, карта •••• {{.Card}}, транзакция {{.Transaction}}
{{range .Order.Items}}• {{.Name}} ({{.SKU}}), өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, жазуы «{{.Text}}»{{end}} — {{.Qty}} дана
{{end}}Жеткізу: {{say (print "method." .Order.Delivery.Method)}}, {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}
Алушы: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}{{if .Order.Delivery.Quote.Approximate}}
⚠️ Жеткізу шамамен алынған {{money .Order.Delivery.Quote.Price}} бағасы бойынша төленді: СДЭК оны растамады. Бағаны СДЭК-пен салыстырыңыз; басқаша болса, жөнелтуге дейін клиентке жазыңыз.{{end}}`,
	StaffDoubleCharge: `⚠️ {{.Number}} тапсырысы екі рет төленді{{if .Test}} (СЫНАҚ){{end}}: тағы {{if eq .Currency "KZT"}}{{money .Amount}}{{else}}{{.Amount}} {{or .Currency "?"}}{{end}} түсті (транзакция {{.Transaction}}), тапсырыс бұрын {{.First}} транзакциясымен төленген. Артығын CloudPayments кабинетінде қайтарыңыз: {{.Transaction}} транзакциясы (/refund командасы бірінші төлемді қайтарар еді).
Клиент: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffPaymentMismatch: `⚠️ {{.Number}} тапсырысының төлемі тапсырыс сомасына сәйкес емес{{if .Test}} (СЫНАҚ){{end}}: {{if eq .Currency "KZT"}}{{money .Amount}}{{else}}{{.Amount}} {{or .Currency "?"}}{{end}} түсті, тапсырыс {{money .Order.Total}} (транзакция {{.Transaction}}). Тапсырыс төленді деп белгіленген ЖОҚ. Клиентпен хабарласыңыз; бұл төлемді CloudPayments кабинетінде қайтаруға болады.
Клиент: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffLatePaymentRevived: `💰 {{.Number}} тапсырысы кеш төленді{{if .Test}} (СЫНАҚ){{end}}: төленбегені үшін бас тартылған еді, тауарлар әлі бар болды, тапсырыс қалпына келтіріліп, төленді.
Сомасы: {{money .Amount}}, транзакция {{.Transaction}}
Алушы: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffLatePaymentRefund: `⚠️ {{.Number}} тапсырысы кеш төленді{{if .Test}} (СЫНАҚ){{end}}: төленбегені үшін бас тартылған, тауарлар енді жоқ. Ақшаны қайтарыңыз: /refund {{.Number}}
Сомасы: {{money .Amount}}, транзакция {{.Transaction}}
Клиент: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffStruggling: `⚠️ Клиент {{.Number}} тапсырысын төлей алмай жүр: қатарынан {{.Declines}} рет бас тартылды, соңғы бас тарту коды {{.Code}}.
Клиентке қоңырау шалыңыз: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffPaymentVoided:  `{{.Number}} тапсырысы бойынша авторизация жойылды: {{money .Amount}}, транзакция {{.Transaction}}. Тапсырыс күйі: {{say (print "status." .Status)}}.`,
	StaffUnknownPayment: `⚠️ CloudPayments белгісіз «{{or .Invoice "—"}}» тапсырысы бойынша төлем туралы хабарлады ({{.Kind}}){{if .Test}} (СЫНАҚ){{end}}: {{if eq .Currency "KZT"}}{{money .Amount}}{{else}}{{.Amount}} {{or .Currency "?"}}{{end}}, транзакция {{.Transaction}}. CloudPayments кабинетінде тексеріңіз.`,
	StaffLinkFailed:     `⚠️ {{.Number}} тапсырысын төлеу сілтемесі жасалмай жатыр: {{.Error}}. Бот әрекетін жалғастырып жатыр; клиентке ескертілді.`,
	StaffCabinetRefund:  `↩️ {{.Number}} тапсырысы бойынша CloudPayments кабинетінен қайтару{{if .Test}} (СЫНАҚ){{end}}: {{money .Amount}}, транзакция {{.Transaction}}. Клиентке хабарланды.`,
	StaffRefundDone:     `↩️ {{.Number}} тапсырысы бойынша қайтару орындалды: {{money .Amount}}, транзакция {{.Transaction}}{{if .By}}, сұраған: {{.By}}{{end}}. Клиентке хабарланды.`,
	StaffRefundFailed:   `❌ CloudPayments {{.Number}} тапсырысы бойынша {{money .Amount}} қайтарудан бас тартты: {{.Error}}. CloudPayments кабинетінде тексеріңіз.`,
	StaffHelp: `Қызметкерлерге арналған командалар:
/order LT-00042 — тапсырыс карточкасы; /order +7 777 123 45 67 — телефон бойынша тапсырыстар
/orders paid — күйі бойынша тапсырыстар (awaiting_quote, awaiting_payment, paid, processing, shipped, delivered, cancelled)
/processing LT-00042 — тапсырыс жиналып жатыр
/ship LT-00042 1234567890 — бақылау нөмірімен жөнелтілді; /ship LT-00042 — жедел жеткізу: курьер тапсырысты алды
/delivered LT-00042 — жеткізілді
/cancel LT-00042 себеп — бас тарту (себебін клиент көреді)
/take LT-00042 — тапсырысты жұмысқа алу
/quote LT-00042 2500 — жедел жеткізу бағасы (клиент оны төлемге дейін растайды); /courier LT-00042 — курьер жедел тапсырысқа бара жатыр
/refund LT-00042 — бүкіл төлемді картаға қайтару; /refund LT-00042 5000 — бір бөлігін
/reply H12 мәтін — менеджерді шақырған клиентке жауап беру (немесе оның карточкасына Reply); /reply LT-00042 мәтін — тапсырыс клиентіне
/done H12 — әңгімені ботқа қайтару
/holidays — қайтару мерзімдеріне арналған демалыс күнтізбесі; /holiday 2027-05-17 Құрбан айт — күн қосу
/claims — қайтару туралы ашық өтініштер; /approve R12 — қайтаруды мақұлдау (/approve R12 5000 — сомасымен); /reject R12 себебі — бас тарту
Әр өзгеріс туралы клиентке хабарланады; кім, қашан не істегені тапсырыс карточкасында көрінеді.`,
	StaffUnknownCommand:  `Мұндай команда жоқ. Командалар тізімі: /help`,
	StaffStaleButton:     `Бұл батырма енді жарамсыз. Әрекетті командамен қайта сұраңыз.`,
	StaffOrderNotFound:   `{{.Number}} тапсырысы табылмады.`,
	StaffNothingToRefund: `{{.Number}} тапсырысы бойынша қайтаратын ештеңе жоқ: төлем жоқ немесе ол қайтарылып қойған. Күйі: {{say (print "status." .Status)}}.`,
	StaffRefundUsage:     `Былай жазыңыз: /refund LT-00042 — бүкіл сома, немесе /refund LT-00042 5000 — соманың теңгемен бір бөлігі.`,
	StaffRefundTooMuch:   `{{.Number}} тапсырысы бойынша {{money .Left}} артық қайтаруға болмайды.`,
	StaffRefundAsk: `{{if .Void}}{{.Number}} тапсырысы бойынша •••• {{.Order.Payment.CardLastFour}} картасындағы {{money .Amount}} бұғаттауы алынсын ба? Төлем екі кезеңді және әлі есептен шығарылмаған.{{else}}{{.Number}} тапсырысы бойынша {{money .Amount}} •••• {{.Order.Payment.CardLastFour}} картасына қайтарылсын ба?{{end}}
Төленгені: {{money .Order.Payment.Amount}}, қайтаруға болатыны: {{money .Left}}.
Клиент: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}`,
	StaffVoidWholeOnly:   `{{.Number}} тапсырысының төлемі екі кезеңді және әлі есептен шығарылмаған: бұғаттауды тек толық ({{money .Left}}) алуға болады — /refund {{.Number}}. Соманың бір бөлігін есептен шығарылғаннан кейін қайтаруға болады.`,
	StaffRefundRequested: `{{.Number}} тапсырысы бойынша {{money .Amount}} қайтару CloudPayments-ке жіберілді. Өткенде хабарлаймын.`,
	StaffRefundAborted:   `Жақсы, қайтармаймыз.`,

	BtnStaffOrder:      `{{.Number}} · {{say (print "status." .Status)}} · {{.Name}} · {{money .Total}}`,
	BtnStaffProcessing: `📦 Жинауға`,
	BtnStaffShip:       `🚚 Жөнелтілді…`,
	BtnStaffDelivered:  `✅ Жеткізілді`,
	BtnStaffCancel:     `✖ Бас тарту…`,
	BtnStaffTake:       `🙋 Мен аламын`,

	StaffOrderCard: `📋 {{.Number}} тапсырысы, {{date .Created}} {{time .Created}}
Күйі: {{say (print "status." .Order.Status)}}{{if .Order.ClaimedBy}} · жауапты: {{.Order.ClaimedBy}}{{end}}
{{range .Order.Items}}• {{.Name}} ({{.SKU}}), өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, жазуы «{{.Text}}»{{end}} — {{.Qty}} × {{money .Price}}
{{end}}Тауарлар: {{money .Order.GoodsTotal}}
Жеткізу: {{say (print "method." .Order.Delivery.Method)}}, {{if and (eq (print .Order.Delivery.Method) "express") (not .Order.Delivery.Quote.Price)}}бағасы әлі есептелмеді{{else}}{{say "part.quote" "Quote" .Order.Delivery.Quote}}{{end}}
Барлығы: {{money .Order.Total}}{{if .Order.Payment.TransactionID}}
Төленді: {{money .Order.Payment.Amount}}{{if .Order.Payment.CardLastFour}}, карта •••• {{.Order.Payment.CardLastFour}}{{end}}, транзакция {{.Order.Payment.TransactionID}}{{if .Order.Payment.Test}} (СЫНАҚ){{end}}{{end}}{{if or .Refunded .Pending}}
Қайтарылды: {{money .Refunded}}{{if .Pending}}, тағы {{money .Pending}} жіберілуде{{end}}{{end}}{{range .Claims}}
{{.Ref}} өтініші: {{say "part.claim_status" "Status" (print .Status)}}{{end}}{{if .Order.Tracking}}
Бақылау нөмірі: {{.Order.Tracking}}{{end}}

Алушы: {{or .Order.Customer.Name "деректер клиенттің сұрауымен өшірілді"}}{{if .Order.Customer.Phone}}
Телефон: {{phone .Order.Customer.Phone}}{{end}}{{if .Order.Customer.Email}}
E-mail: {{.Order.Customer.Email}}{{end}}
Мекенжай: {{.Order.Delivery.City}}{{if .Order.Delivery.Address}}, {{.Order.Delivery.Address}}{{end}}{{if .Order.Delivery.Point}} (коды: {{.Order.Delivery.Point}}){{end}}{{with pin .Order.Delivery}}
Геолокация: {{.}}{{end}}{{if .Order.Courier.ID}}
Яндекс Жеткізу: өтінім {{.Order.Courier.ID}} · {{.Order.Courier.Status}}{{end}}{{if .Events}}

Тарихы:{{range .Events}}
{{date .At}} {{time .At}} — {{if eq .Action "taken"}}жұмысқа алды{{else if eq .Action "carrier"}}күйі{{else if eq .Action "quoted"}}жеткізу бағасы белгіленді{{else if eq .Action "courier_found"}}курьер дүкенге бара жатыр{{else if eq .Action "return_waybill"}}қайтарылатын тауар жіберілді, жүкқұжат{{else if eq .Action "tracking_fixed"}}бақылау нөмірі түзетілді{{else if eq .Action "exchange_waybill"}}айырбасқа жіберілді, жүкқұжат{{else}}{{say (print "status." .Action)}}{{end}}{{if .Detail}}: {{.Detail}}{{end}} · {{if eq .Actor "customer"}}клиент{{else if eq .Actor "cdek"}}СДЭК{{else if eq .Actor "yandex"}}Яндекс Жеткізу{{else}}{{.Actor}}{{end}}{{end}}{{end}}`,
	StaffOrderUsage:          `Былай жазыңыз: /order LT-00042 — нөмір бойынша тапсырыс, немесе /order +7 777 123 45 67 — телефон бойынша тапсырыстар.`,
	StaffOrdersUsage:         `Былай жазыңыз: /orders paid — күйлер: awaiting_quote, awaiting_payment, paid, processing, shipped, delivered, cancelled.`,
	StaffOrdersByPhone:       `{{if .Count}}{{phone .Phone}} телефонымен берілген тапсырыстар:{{else}}{{phone .Phone}} телефонымен тапсырыс жоқ.{{end}}`,
	StaffOrdersByStatus:      `{{if .Count}}«{{say (print "status." .Status)}}» күйіндегі тапсырыстар{{if ge .Count 20}} (соңғы {{.Count}}){{end}}:{{else}}«{{say (print "status." .Status)}}» күйіндегі тапсырыс жоқ.{{end}}`,
	StaffMoveUsage:           `Тапсырыс нөмірін жазыңыз, мысалы: /{{.Command}} {{.Number}}`,
	StaffShipUsage:           `Жөнелтуді белгілеу үшін тапсырыс нөмірі мен бақылау нөмірін (6–40 әріп пен сан) жазыңыз: /ship {{.Number}} 1234567890`,
	StaffShipNoTracking:      `{{.Number}} — жедел жеткізу, оның СДЭК бақылау нөмірі жоқ: курьер тапсырысты алғанда, нөмірсіз /ship {{.Number}} деп жазыңыз.`,
	StaffCancelUsage:         `Бас тарту үшін тапсырыс нөмірі мен себебін жазыңыз, оны клиент көреді: /cancel {{.Number}} тауар ақаулы`,
	StaffTrackingIsPhone:     `{{.Tracking}} СДЭК бақылау нөміріне емес, клиенттің телефонына ұқсайды. Жүкқұжат нөмірін тексеріңіз: /ship {{.Number}} 1234567890`,
	StaffTrackingFixed:       `{{.Number}} тапсырысының бақылау нөмірі түзетілді: {{.Old}} → {{.Tracking}} ({{.By}}). Клиентке жаңа нөмір жіберілді.`,
	OrderTrackingFixedNotice: `{{.Number}} тапсырысының бақылау нөмірінде қателесіппіз, кешіріңіз! Дұрыс СДЭК бақылау нөмірі: {{.Tracking}}. Сәлемдемені cdek.kz сайтында немесе «Тапсырыстарым» бөлімінде бақылауға болады.`,
	StaffCancelDelivered:     `{{.Number}} тапсырысы жеткізіліп қойған: {{.Ref}} бас тарту өтінішін мақұлдауға болмайды — алынған сәлемдеме үшін жеткізу ақысы да қайтарылар еді. Оны қабылдамаңыз (/reject {{.Ref}} себебі); тауарды клиент қайтару өтінішімен қайтара алады.`,
	StaffOpenCancel:          `Клиент {{.Number}} тапсырысынан бас тартуды сұрап отыр ({{.Ref}} өтініші): алдымен өтінішті шешіңіз — /approve {{.Ref}} немесе /reject {{.Ref}} себебі.`,
	StaffCannotMove:          `{{.Number}} тапсырысы қазір «{{say (print "status." .From)}}» күйінде: оны «{{say (print "status." .To)}}» күйіне ауыстыруға болмайды.`,
	StaffMoved:               `{{.Number}} тапсырысы → {{say (print "status." .Status)}}{{if .Detail}} ({{.Detail}}){{end}}. Белгілеген: {{.By}}; клиентке хабарланды.{{if .Refund}} Тапсырыс төленген еді: ақшаны қайтарыңыз — қайтаруды төменде растаңыз (немесе /refund {{.Number}}).{{end}}{{if .Claim}} Яндекс Жеткізу өтінімі {{.Claim}} әлі ашық: оны Яндекс кабинетінде жойыңыз, әйтпесе курьер келеді.{{end}}`,
	StaffTaken:               `{{.Number}} тапсырысына {{.By}} жауапты.`,
	StaffAlreadyTaken:        `{{.Number}} тапсырысына {{.By}} жауапты болып қойған.`,

	OrderProcessingNotice: `📦 {{.Number}} тапсырысын жинап жатырмыз. СДЭК-ке тапсырған бойда бақылау нөмірін жібереміз.`,
	OrderShippedNotice: `🚚 {{.Number}} тапсырысы жөнелтілді! СДЭК бақылау нөмірі: {{.Tracking}}
Сәлемдемені cdek.kz сайтында немесе «Тапсырыстарым» бөлімінде бақылауға болады.{{if .Mail}} Бақылау нөмірін {{.Email}} мекенжайына да жібердік.{{end}}`,
	OrderDeliveredNotice: `✅ {{.Number}} тапсырысы жеткізілді. Сатып алғаныңызға рақмет! Бірдеңе сәйкес келмесе, {{.Days}} күн ішінде тауардан бас тартуға болады.`,
	OrderCancelledNotice: `Дүкен {{.Number}} тапсырысынан бас тартты{{if .Reason}}: {{.Reason}}{{end}}.{{if .Paid}} Ақшаны {{.Days}} жұмыс күні ішінде картаңызға қайтарамыз.{{end}} Сұрақтар: {{phone .Phone}}.`,

	MailShippedSubject: `{{.Store}}: {{.Number}} тапсырысы жөнелтілді, СДЭК бақылау нөмірі`,
	MailShippedBody: `Сәлеметсіз бе, {{.Name}}!

{{.Number}} тапсырысыңыз СДЭК-ке тапсырылды.
Бақылау нөмірі: {{.Tracking}}
Сәлемдемені бақылау: https://www.cdek.kz/ru/tracking?order_id={{.Tracking}}

Тапсырыс құрамы:
{{say "part.items" "Items" .Items}}
Жеткізу: {{say (print "method." .Order.Delivery.Method)}}, {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}

Сұрақтар: {{phone .Phone}}, {{.Site}}
{{.Store}}`,
	StaffMailFailed: `⚠️ {{.Number}} тапсырысы бойынша бақылау нөмірі бар хатты клиенттің e-mail-іне жіберу мүмкін болмады. Карточкадағы мекенжайды тексеріп (/order {{.Number}}), бақылау нөмірін басқа жолмен хабарлаңыз.`,

	BtnTalk:        `💬 Менеджермен байланысу`,
	BtnBackToBot:   `🤖 Ботқа оралу`,
	BtnHandoffDone: `✅ Дайын, ботқа қайтару`,

	HandoffStarted: `Әңгімені дүкен менеджеріне беремін. {{if .Forwarded}}Хабарыңызды оған жеткіздім; оны осында толықтыруға болады (фото не файлмен де) — менеджер осы чатта жауап береді.{{else}}Сұрағыңызды осында жазыңыз (фото не файл қосуға болады) — менеджер осы чатта жауап береді.{{end}}{{if not .Working}}
Қазір жұмыс уақыты емес: менеджерлер {{time .Opens}}-ден бастап ({{date .Opens}}) жауап береді.{{end}}
Менеджермен сөйлескенде бот үндемейді. Ботқа оралу үшін төменнен «Ботқа оралу» дегенді таңдаңыз.`,
	HandoffActive:  `Қазір Сіз менеджермен байланыстасыз: сұрағыңызды жазыңыз немесе фото, файл жіберіңіз. Стикерлерді, дауыстық хабарлар мен бейнелерді менеджер көрмейді. Ботқа оралу үшін төменнен «Ботқа оралу» дегенді таңдаңыз.`,
	HandoffEnded:   `Менеджермен әңгіме аяқталды, мен қайта Сізбенмін. Немен көмектесейін?`,
	HandoffResumed: `Менеджермен әңгімеде {{.Minutes}} минут бойы хабарлама болмады, сондықтан мен қайта Сізбенмін. Сұрағыңыз қалса, «Менеджермен байланысу» батырмасын тағы басыңыз.`,
	StoreReply: `💬 {{.Store}} менеджері:
{{.Text}}`,
	StaffHandoffOpened: `💬 Клиент менеджерді сұрайды: #{{.Ref}}{{if .Name}}
Аты: {{.Name}}{{end}}{{if .Phone}}
Телефон: {{phone .Phone}}{{end}}
Тілі: {{if eq .Lang "kk"}}қазақ{{else}}орыс{{end}}
Осы хабарламаға жауап беріңіз (Reply) немесе /reply {{.Ref}} мәтін командасымен. «Дайын» батырмасын басқанша немесе жұмыс уақытында {{.Minutes}} минут ешкім жазбағанша бот клиентке жауап бермейді.`,
	StaffHandoffMessage: `💬 #{{.Ref}} клиент: {{if .Text}}{{.Text}}{{else if .Other}}{{.Other}}{{else}}(стикер, дауыстық хабар не бейне жіберді; клиентке менеджер оларды көрмейтіні айтылды){{end}}`,
	StaffHandoffClosed:  `#{{.Ref}} әңгімесі ботқа қайтарылды ({{if eq .By "customer"}}клиент ботқа оралды{{else if eq .By "bot"}}ешкім жазбады, бот өзі жалғастырды{{else}}аяқтаған: {{.By}}{{end}}).`,
	StaffHandoffGone:    `#{{.Ref}} әңгімесі табылмады немесе аяқталып қойған.`,
	StaffTakeover:       `📱 Менеджер клиентке дүкен телефонынан жазып жатыр: #{{.Ref}}. Жұмыс уақытында {{.Minutes}} минут ешкім жазбағанша немесе «Дайын» батырмасын басқанша бот бұл чатта үндемейді.`,

	WhatsAppMore:           `Тағы`,
	StaffWhatsAppLoggedOut: `⚠️ WhatsApp: дүкен нөмірі ботты ажыратты («Байланыстырылған құрылғылардан» өшірілген). WhatsApp-тағы клиенттер жауап алмайды. Қайта байланыстырыңыз: letebot whatsapp login.`,
	StaffWhatsAppReplaced:  `⚠️ WhatsApp: осы байланысқа басқа бағдарлама қосылды, бот кедергі жасамау үшін ажыратылды. Тек бір бот іске қосылғанын тексеріңіз.`,
	StaffWhatsAppBanned:    `⚠️ WhatsApp дүкен нөмірін уақытша шектеді (код {{.Code}}){{if not .Until.IsZero}}, мерзімі: {{kkdate .Until "nom"}}, сағат {{time .Until}}{{end}}. Шектеу кезінде бот WhatsApp-қа хабар жібермейді.`,
	StaffWhatsAppOutdated:  `⚠️ WhatsApp қосылуды қабылдамады: боттың нұсқасы ескірген. Ботты (whatsmeow кітапханасын) жаңарту керек.`,
	StaffWhatsAppFailed:    `⚠️ WhatsApp қосылуды қабылдамай тұр: {{.Reason}}. Бот қайта көреді.`,
	StaffWhatsAppBack:      `✅ WhatsApp қайта байланыста.`,

	BtnClaims:          `↩️ Бас тарту және қайтару`,
	BtnClaimCharge:     `⚠️ Қате шешілген ақша`,
	BtnClaimStatus:     `💸 Қайтарым қайда?`,
	BtnClaimCancelYes:  `Иә, тапсырыстан бас тарту`,
	BtnClaimVoidYes:    `Иә, бас тартып, бұғатты алу`,
	BtnClaimItem:       `{{if .Picked}}✅{{else}}▫️{{end}} {{trunc .Name 36}}, {{.Size}}{{if .Colour}} · {{.Colour}}{{end}} × {{if and .Picked (lt .Returned .Qty)}}{{.Returned}}/{{.Qty}}{{else}}{{.Qty}}{{end}}`,
	BtnClaimAll:        `Барлық тауар`,
	BtnClaimNext:       `Әрі қарай ▶`,
	BtnClaimExchange:   `🔁 Басқа өлшемге ауыстыру`,
	BtnClaimNoExchange: `Жоқ, ақшаны қайтару`,
	BtnClaimReason:     `{{if eq .Code "size"}}Өлшемі келмеді{{else if eq .Code "like"}}Тауар ұнамады{{else if eq .Code "defect"}}Ақау бар{{else if eq .Code "mind"}}Ойымнан айныдым{{else if eq .Code "late"}}Жеткізу ұзаққа созылды{{else if eq .Code "double"}}Екі рет шешілді{{else if eq .Code "amount"}}Басқа сома шешілді{{else}}{{trunc .Code 60}}{{end}}`,
	BtnYes:             `Иә`,
	BtnNo:              `Жоқ`,
	BtnClaimUseName:    `Тапсырыстағыдай: {{trunc .Name 40}}`,
	BtnClaimDone:       `Дайын, осы бәрі`,
	BtnClaimSubmit:     `✅ Өтінішті беру`,
	BtnClaimAbort:      `✖ Бермеу`,
	BtnClaimApprove:    `✅ Мақұлдау{{if .Amount}} {{money .Amount}}{{end}}`,
	BtnClaimReject:     `✖ Бас тарту…`,
	BtnForget:          `🗑 Деректерімді өшіру`,
	BtnForgetYes:       `Иә, өшіру`,

	ClaimsStart: `Бас тарту және қайтару.
• Төленбеген тапсырыстан бірден бас тартуға болады.
• Төленген, бірақ әлі алынбаған тапсырыстан кез келген уақытта бас тартуға болады: бұл ақшалай қаражатты қайтару туралы өтініш болады.
• Алынған тауарды алған күннен кейін {{.Days}} күн ішінде қайтаруға болады, егер оның тауарлық түрі, тұтынушылық қасиеттері және сатып алу құжаты сақталса. Сіз үшін жеке жасалған тауарлар қайтарылмайды.
Ақша тек төлеген картаға, өтініш алынған соң {{.RefundDays}} жұмыс күні ішінде қайтарылады.
Тапсырысты таңдаңыз:`,
	ClaimsNoOrders: `Бұл чатта әзірге бас тартуға не қайтаруға болатын тапсырыс жоқ.
Біздің ережелер: алынған тауарды алған күннен кейін {{.Days}} күн ішінде қайтаруға болады, егер оның тауарлық түрі, тұтынушылық қасиеттері және сатып алу құжаты сақталса; Сіз үшін жеке жасалған тауарлар қайтарылмайды. Ақша тек төлеген картаға, өтініш алынған соң {{.RefundDays}} жұмыс күні ішінде қайтарылады.
Тапсырысты сайтта, Instagram-да немесе басқа нөмірден берген болсаңыз, менеджерге тапсырыс нөмірін жазыңыз — ол көмектеседі.`,
	ClaimCancelUnpaidAsk: `{{money .Total}} сомасындағы {{.Number}} тапсырысынан бас тартасыз ба? Ол әлі төленбеген: тауарлар қайта сатылымға шығады, төлем сілтемесі жұмыс істемей қалады.`,
	ClaimCancelledUnpaid: `{{.Number}} тапсырысынан бас тартылды, төлем сілтемесі енді жарамсыз. Егер төлем бәрібір өтсе, ақшаны картаға қайтарамыз.`,
	ClaimOrderCancelled:  `{{.Number}} тапсырысынан бас тартылған.`,
	ClaimAlreadyOpen:     `{{.Number}} тапсырысы бойынша {{.Ref}} өтініші берілген: {{say "part.claim_status" "Status" .Status}}, мерзімі {{date .Due}}.`,
	ClaimVoidAsk:         `{{.Number}} тапсырысы төленген, бірақ {{money .Amount}} әзірге картада тек бұғатталған. Тапсырыстан бас тартып, бұғатты алайық па? Ақша қайта қолжетімді болады; қашан екенін банк шешеді.`,
	ClaimVoided:          `{{.Number}} тапсырысынан бас тартылды, {{money .Amount}} бұғатын алып жатырмыз. Банк растағанда жазамын.`,
	ClaimCancelPaid:      `Төленген {{.Number}} тапсырысынан бас тарту — бұл ақшалай қаражатты қайтару туралы өтініш: {{money .Amount}}{{if .Delivery}} тауарлар мен жеткізу үшін{{end}} картаға{{if .Card}} •••• {{.Card}}{{end}}. Оны бірге толтырайық, бірер минут қана.`,
	ClaimTooLate:         `{{.Number}} тапсырысы {{date .Delivered}} алынған: тауарды {{kkdate .Until "acc"}} қоса алғанда қайтаруға болатын еді. Бұл мерзім өтіп кетті, сондықтан қайтаруды рәсімдей алмаймын. Тауарда ақау болса, менеджерге жазыңыз.`,
	ClaimAllReturned:     `{{.Number}} тапсырысының қайтаруға болатын барлық тауарлары бұрынғы өтініштеріңіз бойынша қайтарылған.`,
	ClaimPersonalised:    `{{.Number}} тапсырысының тауарлары Сіз үшін жеке жасалған: мұндай тиісті сападағы тауарлар қайтарылмайды. Тауарда ақау болса, менеджерге жазыңыз.`,
	ClaimNotPaid:         `{{.Number}} тапсырысы бойынша картамен төлем болмаған, қайтаратын ештеңе жоқ.`,
	ClaimAskItems:        `{{.Number}} тапсырысының қай тауарларын қайтарасыз? Белгілеп, «Әрі қарай» таңдаңыз.{{if .Excluded}} Сіз үшін жеке жасалған тауарларды қайтаруға болмайды, олар мұнда жоқ.{{end}}`,
	ClaimPickItems:       `Кемінде бір тауарды белгілеңіз.`,
	ClaimAskPieces:       `«{{.Name}}», {{.Size}} өлшемі{{if .Colour}}, {{lower .Colour}}{{end}}: қанша данасын қайтарасыз? {{.Qty}} данаға дейін қайтаруға болады.`,
	ClaimExchangeOffer:   `Бәлкім, басқа өлшемге ауыстырармыз? Қазір бар: {{.Sizes}}. Ауыстыруды менеджер рәсімдейді.`,
	ClaimExchangeNote:    `🔁 Клиент {{.Number}} тапсырысының тауарын басқа өлшемге ауыстырғысы келеді: {{.Items}}.{{if .Sizes}} Қоймада бар: {{.Sizes}}.{{end}}`,
	ClaimAskReason:       `{{if eq .Kind "cancel"}}Тапсырыстан неге бас тартасыз{{else if eq .Kind "return"}}Тауарды неге қайтарасыз{{else}}Ақша неге қате шешілді деп ойлайсыз{{end}}? Таңдаңыз немесе өз сөзіңізбен жазыңыз.`,
	ClaimAskCheck:        `{{if eq .N 1}}Тауарлық түрі сақталды ма: бирка, жапсырма, қаптама?{{else if eq .N 2}}Тауар киілмеген және жуылмаған, тұтынушылық қасиеттері сақталған ба?{{else}}Сатып алу құжаты сақталды ма: чек немесе тапсырыс нөмірі бар хат?{{end}}`,
	ClaimCheckFailed:     `Өкінішке қарай, тиісті сападағы тауарды тек тауарлық түрі, тұтынушылық қасиеттері және сатып алу құжаты сақталса ғана қайтаруға болады. Тауарда ақау болса, қайта бастап, «Ақау бар» себебін таңдаңыз немесе менеджерге жазыңыз.`,
	ClaimAskName:         `Жеке басын куәландыратын құжаттағыдай тегіңізді, атыңызды және әкеңіздің атын толық жазыңыз: олар өтінішке енеді.`,
	ClaimBadName:         `Аты-жөніңізді толық жазыңыз: кемінде тегіңіз бен атыңыз, 100 таңбадан аспасын.`,
	ClaimAskID:           `Жеке басын куәландыратын құжаттың (куәлік не паспорт) фотосын немесе сканын жіберіңіз. Оны тек дүкен қызметкерлері көреді; көшірмесі өтініш жабылғаннан кейін {{.Days}} күннен соң өшіріледі.`,
	ClaimAskReceipts:     `Ақшаның қате шешілгені көрінетін чектерді немесе үзінді көшірмені жіберіңіз: фото не файл. Бәрін жібергенде, «Дайын» таңдаңыз.`,
	ClaimReceiptTaken:    `Алдым, бұл {{.Count}}-сі. Тағы жіберіңіз немесе «Дайын» таңдаңыз.`,
	ClaimTooManyFiles:    `{{.Max}} файлдан артық керек емес, мұны қоспадым. «Дайын» таңдаңыз.`,
	ClaimNeedFile:        `{{if eq .What "id"}}Жеке басын куәландыратын құжаттың фотосы не файлы керек.{{else}}Чек керек: фото не файл.{{end}}`,
	ClaimReview: `Өтінішті тексеріңіз:
{{if eq .Kind "cancel"}}Төленген {{.Number}} тапсырысынан бас тарту{{else if eq .Kind "return"}}{{.Number}} тапсырысы бойынша тауарды қайтару{{else}}{{.Number}} тапсырысы бойынша қате шешілген ақша{{end}}
{{range .Lines}}• {{.Name}}, өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}} — {{.Qty}} дана, {{money .Sum}}
{{end}}{{if .Delivery}}Жеткізу: {{money .Delivery}}
{{end}}{{if .Amount}}Қайтарылатыны: {{money .Amount}}, картаға{{if .Card}} •••• {{.Card}}{{end}}
{{end}}Себебі: {{say "part.claim_reason" "Code" .Reason}}
Аты-жөні: {{.Name}}
Құжат көшірмесі: алынды{{if .Receipts}}; чектер: {{.Receipts}}{{end}}{{if .ReturnBy}}
Тауарды қалай қайтару: {{.ReturnBy}}{{end}}
Қазір берсеңіз, ақша {{kkdate .Due "abl"}} кешіктірмей қайтарылуы тиіс.`,
	ClaimSubmitted: `{{.Ref}} өтініші {{date .At}} қабылданды. {{if .Amount}}{{money .Amount}} сомасын{{if .Card}} •••• {{.Card}}{{end}} картасына {{kkdate .Due "dat"}} дейін қайтарамыз{{else}}{{kkdate .Due "abl"}} кешіктірмей жауап береміз{{end}}: мерзімді Қазақстанның жұмыс күндерімен санаймыз. Өтініш PDF түрінде төменде, тексеріңіз{{if .Mailed}}; көшірмесі дүкенге {{.Email}} поштасына кетті{{end}}.{{if .ReturnBy}}
Тауарды қайтару: {{.ReturnBy}}{{end}}{{if .InTransit}}
📦 Тапсырыс жолда{{if .Tracking}} (СДЭК бақылау нөмірі {{.Tracking}}){{end}}: сәлемдемені алмаңыз — алу кезінде одан бас тартыңыз, сонда ол бізге қайтады.{{end}}`,
	ClaimDocument: `{{.Ref}} өтініші (PDF)`,
	ClaimAborted:  `Жарайды, өтініш бермейміз.`,
	ClaimChanged:  `Өтініш толтырылып жатқанда {{.Number}} тапсырысы өзгерді. Қайтадан бастаңыз.`,
	ClaimStatusList: `{{if not .Claims}}Сізде қайтару туралы өтініш жоқ.{{else}}Сіздің өтініштеріңіз:{{range .Claims}}
• {{.Ref}}, {{.Order}} тапсырысы{{if .Amount}}, {{money .Amount}}{{end}}: {{say "part.claim_status" "Status" .Status}}{{if eq .Status "refunded"}}{{if .Transaction}}, транзакция {{.Transaction}}{{end}}{{else if eq .Status "rejected"}}{{if .Note}} ({{.Note}}){{end}}{{else}}, мерзімі {{date .Due}}{{end}}{{end}}{{end}}`,
	ClaimApprovedNotice: `{{.Ref}} өтініші {{date .At}} мақұлданды: {{money .Amount}} сомасын картаға{{if .Card}} •••• {{.Card}}{{end}} қайтарып жатырмыз. Банк растағанда жазамын.`,
	ClaimRejectedNotice: `{{.Ref}} өтініші бойынша дүкен {{date .At}} бас тартты: {{.Reason}}. Келіспесеңіз, менеджерге немесе {{.Email}} поштасына жазыңыз.`,
	WaybillPassed:       `Рақмет! {{.Waybill}} жүкқұжат нөмірін менеджерге бердім — ол сәлемдемені тексеріп, Сізге осында жазады.`,
	StaffWaybillNoClaim: `📦 Клиент {{.Waybill}} жүкқұжат нөмірін жіберді (соңғы тапсырысы {{.Number}}); ашық қайтару өтініші жоқ — айырбас болуы мүмкін. Сәлемдемені тексеріп, клиентке жазыңыз.`,
	PayOnlyCard:         `Төлем тек онлайн, Visa немесе Mastercard картасымен (Kaspi Gold та жарайды) CloudPayments-тің қорғалған бетінде: сілтемені тапсырысты растағаныңызда жіберемін. Kaspi-ге аударым, Kaspi QR, бөліп төлеу және алған кезде төлеу, өкінішке қарай, қабылданбайды.`,
	TrackingNotFound:    `СДЭК сәлемдемені бақылау нөмірі бойынша әдетте жөнелткеннен кейін бір тәулік ішінде көрсетеді. Нөмір одан ұзақ табылмаса немесе онда қате болса, менеджерге жазыңыз — ол тексереді.`,
	ReturnWaybillTaken:  `📦 Рақмет! {{.Waybill}} жүкқұжат нөмірін {{.Ref}} өтінішіне қосып, менеджерге жібердім. Сәлемдеме дүкенге келгенде, менеджер оны тексереді; шешімін осында жазамын.`,
	StaffReturnWaybill:  `📦 {{.Ref}} өтініші ({{.Number}}) бойынша қайтарылатын тауар жіберілді: СДЭК жүкқұжаты {{.Waybill}}, клиенттің сөзі бойынша.`,
	ClaimRefundedNotice: `↩️ {{.Ref}} өтініші бойынша ақша қайтарылды: {{money .Amount}}, картаға{{if .Card}} •••• {{.Card}}{{end}}, транзакция {{.Transaction}}. Әдетте бірнеше күнде түседі, нақты мерзімі банкке байланысты.`,
	ClaimChargeOrder:    `Қате шешілген ақша қай тапсырысқа қатысты? Тапсырысты таңдаңыз; тізімде болмаса, менеджерге жазыңыз.`,
	ClaimReasonText:     `{{if eq .Code "size"}}Өлшемі келмеді{{else if eq .Code "like"}}Тауар ұнамады{{else if eq .Code "defect"}}Ақау бар{{else if eq .Code "mind"}}Ойымнан айныдым{{else if eq .Code "late"}}Жеткізу ұзаққа созылды{{else if eq .Code "double"}}Екі рет шешілді{{else if eq .Code "amount"}}Басқа сома шешілді{{else}}{{.Code}}{{end}}`,
	ClaimStatusText:     `{{if eq .Status "received"}}қабылданды, шешім күтуде{{else if eq .Status "approved"}}мақұлданды, ақша жіберілуде{{else if eq .Status "refunded"}}ақша қайтарылды{{else}}бас тартылды{{end}}`,

	StaffClaimNew: `📝 {{.Ref}} өтініші: {{if eq .Kind "cancel"}}төленген {{.Number}} тапсырысынан бас тарту{{else if eq .Kind "return"}}{{.Number}} тапсырысы бойынша тауарды қайтару{{else}}{{.Number}} тапсырысы бойынша қате шешілген ақша{{end}}
{{range .Lines}}• {{.Name}} ({{.SKU}}), өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}} — {{.Qty}} дана, {{money .Sum}}
{{end}}{{if .Delivery}}Жеткізу: {{money .Delivery}}
{{end}}Қайтарылатыны: {{if .Amount}}{{money .Amount}}{{else}}соманы дүкен көрсетеді{{end}}{{if .Card}}, карта •••• {{.Card}}{{end}}
Себебі: {{say "part.claim_reason" "Code" .Reason}}
Клиент: {{.Name}}{{if .Phone}}, {{phone .Phone}}{{end}}{{if .Email}}, {{.Email}}{{end}}
{{date .At}} алынды, {{kkdate .Due "dat"}} дейін қайтару керек.
Мақұлдау: /approve {{.Ref}}{{if not .Amount}} СОМА{{end}}; бас тарту: /reject {{.Ref}} себебі{{if .InTransit}}
🚚 Тапсырыс жіберіліп қойған{{if .Tracking}} (бақылау нөмірі {{.Tracking}}){{end}}: сәлемдемені СДЭК-тен кері шақыртыңыз немесе оның қайтуын күтіңіз; клиентке сәлемдемені алған кезде одан бас тарту керектігі айтылды.{{end}}`,
	StaffClaimFile:        `{{.Ref}} өтінішіне {{if eq .What "id"}}жеке басын куәландыратын құжаттың көшірмесі{{else}}чек{{end}}`,
	StaffClaimMailSubject: `Ақшалай қаражатты қайтару туралы өтініш {{.Ref}}, {{.Number}} тапсырысы`,
	StaffClaimMail:        `{{.Number}} тапсырысы бойынша ақшалай қаражатты қайтару туралы {{.Ref}} өтініші. Қосымшада PDF өтініш және жеке басын куәландыратын құжаттың көшірмесі{{if .Receipts}}, чектер{{end}}. {{date .At}} алынды, ақшаны {{kkdate .Due "dat"}} дейін қайтару керек.`,
	StaffClaimApproved:    `✅ {{.Ref}} өтініші мақұлданды ({{.By}}): {{money .Amount}} қайтару CloudPayments-ке жіберілді.`,
	StaffClaimRejected:    `✖ {{.Ref}} өтінішінен бас тартылды ({{.By}}): {{.Reason}}. Клиентке хабарланды.`,
	StaffClaimDecided:     `{{.Ref}} өтініші бойынша шешім бар: {{say "part.claim_status" "Status" .Status}}.`,
	StaffClaimNotFound:    `{{.Ref}} өтініші табылмады.`,
	StaffClaimUsage:       `{{if eq .Command "reject"}}Себебімен бас тарту: /reject {{.Ref}} себебі{{else}}Мақұлдау: /approve {{.Ref}} СОМА (қате шешілген ақша үшін соманы дүкен атайды){{end}}`,
	StaffClaimAmountFixed: `{{.Ref}} өтініші бойынша сатып алу құны, {{money .Amount}}, қайтарылады: соманы тек қате алынған ақша үшін атайды. Мақұлдау: /approve {{.Ref}}; бас тарту: /reject {{.Ref}} себебі.`,
	StaffClaimTooMuch:     `{{.Number}} тапсырысы бойынша ең көбі {{money .Left}} қайтаруға болады.`,
	StaffClaimList: `{{if not .Claims}}Ашық өтініш жоқ.{{else}}Ашық өтініштер:{{range .Claims}}
• {{.Ref}}, {{.Order}}{{if .Amount}}, {{money .Amount}}{{end}}: {{say "part.claim_status" "Status" .Status}}, мерзімі {{date .Due}}{{end}}{{end}}`,
	StaffClaimDueSoon:   `⏰ Жақында {{.Ref}} өтініші бойынша қайтарудың соңғы күні ({{.Number}}): {{date .Due}}. {{if eq .Status "received"}}Әлі шешім жоқ: /approve {{.Ref}} немесе /reject {{.Ref}} себебі.{{else}}Қайтару жіберілді, растауды күтеміз.{{end}}`,
	StaffClaimOverdue:   `🚨 {{.Ref}} өтініші бойынша қайтару мерзімі өтті ({{.Number}}): мерзімі {{date .Due}} болатын.`,
	StaffCustomerCancel: `✖ Клиент {{.Number}} тапсырысынан өзі бас тартты{{if .Held}}: картадағы {{money .Amount}} бұғаты алынуда{{else}}, ол төленбеген еді; тауарлар сатылымға қайтарылды{{end}}.`,

	ForgetAsk:       `Деректеріңізді өшірейік пе? Тапсырыстар мен өтініштердегі атыңызды, телефоныңызды, e-mail мен мекенжайларды, құжат көшірмелерін және осы әңгімені өшіреміз. Тапсырыстардың өзі бухгалтерия үшін қалады, бірақ деректеріңізсіз. Мұны қайтару мүмкін емес.`,
	ForgetBlocked:   `Қазір деректерді өшіруге болмайды: {{if .Orders}}орындалып жатқан тапсырыстар: {{.Orders}}{{end}}{{if and .Orders .Claims}}; {{end}}{{if .Claims}}жабылмаған өтініштер: {{.Claims}}{{end}}. Деректеріңізсіз тапсырысты жеткізе алмаймыз немесе ақшаны қайтара алмаймыз. Бәрі аяқталғанда қайта сұраңыз.`,
	ForgetDone:      `Дайын: деректеріңіз өшірілді. Қайта жазсаңыз, бәрін басынан бастаймыз.`,
	StaffReplySent:  `Клиентке жіберілді ({{.Ref}}).{{if .Closed}} Әңгіме ботқа қайтарылған еді: клиент хабарламаны көреді, бірақ бот жауап беруін жалғастырады.{{end}}`,
	StaffReplyUsage: `Былай жазыңыз: /reply H12 мәтін (әңгіме) немесе /reply LT-00042 мәтін (тапсырыс клиентіне); /done H12 — әңгімені ботқа қайтару.`,

	StaffDigest: `☀️ Қайырлы таң! {{date .Since}} {{time .Since}}-ден бастап: {{if .New}}{{len .New}} жаңа тапсырыс{{else}}жаңа тапсырыс жоқ{{end}}.
{{range .New}}• {{.Number}} · {{say (print "status." .Status)}} · {{.Customer.Name}} · {{money .Total}}
{{end}}
Жұмыста: төленіп, жинауды күтуде — {{.Paid}}, жиналып жатыр — {{.Processing}}, жолда — {{.Shipped}}, төлемді күтуде — {{.Unpaid}}.{{if .Handoffs}}
Менеджерді күтіп отыр: {{.Handoffs}}.{{end}}
Тізімдер: /orders paid, /orders processing.`,
	LanguageChoose: `Тілді таңдаңыз / Выберите язык:`,
	LanguageSet:    `Дайын, енді мен қазақша сөйлеймін.`,

	DeliveryWait: `⏳ СДЭК-тен жеткізу құны мен беру пункттерін сұрап жатырмын, бірнеше секунд күте тұрыңыз… Жауап келмесе, кез келген хабарлама жазыңыз, мен қайта сұраймын.`,
	AskPoint: `Тапсырысты қай жерден алу Сізге ыңғайлы? {{.City}} қаласында СДЭК-тің {{.Count}} тапсырыстарды беру пункті бар.
Геолокацияңызды жіберіңіз, ең жақындарын көрсетемін. Немесе тізімді ашыңыз, не көшенің атын жазыңыз.`,
	ShareLocationHint: `Геолокацияны жіберу үшін батырманы басыңыз:`,
	PointsNear: `Ең жақын беру пункттері:
{{range $i, $p := .Points}}{{inc $i}}. {{$p.Address}}{{if $p.Locker}} (постамат){{end}} — {{distance $p.Meters}}
{{if $p.WorkTime}}🕒 {{$p.WorkTime}}
{{end}}{{end}}Пунктті төменнен таңдаңыз.`,
	PointsFound: `Табылғандары:
{{range $i, $p := .Points}}{{inc $i}}. {{$p.Address}}{{if $p.Locker}} (постамат){{end}}
{{if $p.WorkTime}}🕒 {{$p.WorkTime}}
{{end}}{{end}}{{if .More}}Тағы {{.More}} беру пункті бар: сұрауды нақтылаңыз немесе тізімді ашыңыз.
{{end}}Пунктті төменнен таңдаңыз.`,
	PointsNone: `«{{.Query}}» бойынша беру пункті табылмады. Басқа көшені жазыңыз, геолокация жіберіңіз немесе тізімді ашыңыз.`,
	PointsPage: `СДЭК беру пункттері ({{.Page}}/{{.Pages}} бет):
{{range $i, $p := .Points}}• {{$p.Address}}{{if $p.Locker}} (постамат){{end}}
{{if $p.WorkTime}}🕒 {{$p.WorkTime}}
{{end}}{{end}}Пунктті төменнен таңдаңыз.`,
	CityUnknown:       `СДЭК «{{.City}}» қаласына жеткізбейді немесе мұндай атауды білмейді. Атауын тексеріңіз немесе қаланы батырмамен таңдаңыз.`,
	AskAddressExpress: `Тапсырысты қайда жеткізейік? {{.City}} қаласындағы мекенжайды жазыңыз: көше, үй, кіреберіс, пәтер.{{if not .Pin}} Геолокация курьерге көмектеседі және бағаны дәлірек есептейді.{{end}}`,
	LocationThanks:    `Рақмет, геолокация алынды.`,
	ExpressMissing: `Жедел жеткізу барлық тауар {{.City}} қаласындағы дүкенімізде болғанда ғана мүмкін. Қазір онда жетпейді:
{{range .Items}}• {{.Name}}, өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}: {{if .InShop}}тек {{.InShop}} дана бар ({{.Qty}} керек){{else}}жоқ{{end}}
{{end}}{{if .All}}СДЭК жеткізуін таңдаңыз.{{else}}Жедел жеткізу үшін себетті өзгертіңіз (бұл тауарларды алып тастаңыз немесе санын азайтыңыз) немесе СДЭК жеткізуін таңдаңыз.{{end}}`,
	ExpressClosed: `Жедел жеткізу өтінімдерін Астана уақытымен {{.From}}–{{.To}} аралығында қабылдаймыз. Қазір жабықпыз, ашылу уақыты: {{if .Today}}бүгін{{else}}{{date .Opens}}{{end}}, {{time .Opens}}.
Өтінімді қазір қабылдап, ашылғанда өңдей аламыз, немесе тапсырысты СДЭК арқылы жеткіземіз.`,
	ExpressSoldOut: `Өтінім рәсімделіп жатқанда дүкендегі кейбір тауарлар таусылып қалды. СДЭК жеткізуін таңдаңыз немесе себетті өзгертіңіз.`,
	ExpressRequested: `{{.Number}} жедел жеткізу өтінімі қабылданды, тауарлар дүкенде Сіз үшін сақталды.
{{if .Queued}}{{date .Opens}}, {{time .Opens}} ашылғанда жеткізу құнын есептеп, осында жібереміз.{{else}}Қазір жеткізу құнын есептеп, осында жібереміз.{{end}} Төлем — бағаны растағаннан кейін.`,
	ExpressQuoted: `{{.Number}} өтінімі бойынша {{.Address}} мекенжайына жедел жеткізу құны: {{money .Price}}.
Тауарлар: {{money .Goods}}
Төлеуге барлығы: {{money .Total}}
Растаңыз, төлем сілтемесін жіберемін. Курьер төлемнен кейін шығады.`,
	ExpressAccepted:       `Рақмет! {{.Number}} тапсырысы ({{money .Total}}) расталды, қазір төлем сілтемесін жіберемін.`,
	ExpressDeclined:       `{{.Number}} өтінімінен бас тартылды, тауарлар себетке қайтарылды. СДЭК жеткізуін таңдаңыз.`,
	ExpressReleasedNotice: `Сәлеметсіз бе! Біз ашылдық, {{.Number}} өтінімі бойынша жеткізу құнын есептеп жатырмыз.`,
	ExpressExpired:        `{{.Number}} жедел жеткізу өтінімі жойылды: ол {{.Hours}} сағаттан астам күтті, тауарлар қайта сатылымға шықты. Тапсырыс әлі керек болса, оны қайта рәсімдеңіз немесе менеджерге жазыңыз.`,
	CourierFoundNotice:    `Яндекс Жеткізу курьері табылды, {{.Number}} тапсырысын алуға дүкенге бара жатыр.`,
	CourierOnTheWayNotice: `Курьер {{.Number}} тапсырысын алып, Сізге қарай келе жатыр.`,

	BtnPointList:      `📋 Беру пункттерінің тізімі`,
	BtnShareLocation:  `📍 Геолокацияны жіберу`,
	BtnPoint:          `📍 {{trunc .Point.Address 44}}{{if .Point.Meters}} · {{distance .Point.Meters}}{{end}}`,
	BtnExpressQueue:   `⏰ Өтінім қалдыру (ашылуы: {{time .Opens}})`,
	BtnExpressAccept:  `✅ Растау және {{money .Total}} төлеу`,
	BtnExpressDecline: `СДЭК жеткізуін таңдау`,
	BtnStaffQuote:     `💰 Баға айту`,

	StaffExpressRequest: `🚀 {{if .Released}}Ашылдық: түнде қабылданған {{.Number}} жедел жеткізу өтінімі{{else}}{{.Number}} жедел жеткізу өтінімі{{end}}
{{say "part.items" "Items" .Items}}
Тауарлар: {{money .Order.GoodsTotal}}
Дүкен: {{.Shop.KK}}
Қайда: {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}{{if .Map}}
Геолокация: {{.Map}}{{end}}
Клиент: {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}
{{if .Queued}}Түнгі өтінім: {{date .Opens}}, {{time .Opens}} өңдейміз.{{else if .Auto}}Бағаны Яндекс Жеткізу есептейді. Өз бағаңызды айту үшін: /quote {{.Number}} БАҒА{{else}}Жеткізу бағасын айтыңыз: /quote {{.Number}} БАҒА{{end}}`,
	StaffExpressAccepted:    `Клиент {{.Number}} бойынша жедел жеткізу бағасын қабылдады: төлеуге {{money .Total}}. Төлем сілтемесі клиентке жіберіледі.`,
	StaffExpressDeclined:    `Клиент {{.Number}} бойынша жедел жеткізуден бас тартты: өтінім жойылды, дүкендегі тауарлар босатылды.`,
	StaffExpressQuoteFailed: `Яндекс Жеткізу {{.Number}} бойынша бағаны есептей алмады: {{.Error}}. Бағаны өзіңіз айтыңыз: /quote {{.Number}} БАҒА`,
	StaffExpressBookFailed:  `⚠️ Төленген {{.Number}} тапсырысына Яндекс курьерін шақыру мүмкін болмады: {{.Error}}. Бот қайталап көреді; қажет болса, курьерді Яндекс кабинетінен шақырып, /courier {{.Number}} деп белгілеңіз.`,
	StaffExpressNoPin:       `{{.Number}} тапсырысы төленді, бірақ клиент геолокация жібермеді: Яндекс курьерін кабинеттен мекенжай бойынша шақырып, /courier {{.Number}} деп белгілеңіз; курьер тапсырысты алғанда — /ship {{.Number}}.`,
	StaffExpressCallCourier: `🚀 {{.Number}} тапсырысы төленді: Яндекс курьерін ({{.From}}–{{.To}}) Яндекс Жеткізу кабинетінен шақырыңыз: {{.Order.Delivery.City}}, {{.Order.Delivery.Address}}{{if .Map}} ({{.Map}}){{end}}, алушы {{.Order.Customer.Name}}, {{phone .Order.Customer.Phone}}. Курьер тапсырысты алғанда: /ship {{.Number}}, табыстағаннан кейін: /delivered {{.Number}}.`,
	StaffExpressPriceRose:   `⚠️ Яндекс Жеткізу {{.Number}} бойынша курьер үшін {{money .Offer}} сұрайды, ал клиент жеткізуге {{money .Paid}} төледі. Бот ұсынысты қабылдамады: Яндекс кабинетінде шешіңіз (өтінім {{.Claim}}) — онда қабылданған өтінімді бот бақылайды.`,
	StaffQuoteUsage:         `Жедел жеткізу бағасын теңгемен айтыңыз: /quote {{.Number}} 2500`,
	StaffCannotQuote:        `{{if not .Express}}{{.Number}} тапсырысы жедел жеткізу емес.{{else if .Queued}}{{.Number}} өтінімі түнде қабылданған: бағаны ашылғаннан кейін айтуға болады.{{else}}{{.Number}} өтінімі қазір «{{say (print "status." .Status)}}»: бағаны өзгерту мүмкін емес.{{end}}`,
	StaffQuoted:             `{{.Number}} бойынша жедел жеткізу бағасы: {{money .Price}}, белгілеген: {{.By}}. Клиентке растауға жіберілді.`,
	StaffCourierAlready:     `{{.Number}} тапсырысының курьері белгіленіп қойған, клиентке айтылды. Курьер тапсырысты алғанда: /ship {{.Number}}.`,
	StaffNotExpress:         `{{.Number}} тапсырысы жедел жеткізу емес: оған Яндекс курьері керек емес.`,
	StaffCourierNoted:       `Клиентке курьер {{.Number}} тапсырысын алуға дүкенге бара жатқаны айтылды (белгілеген: {{.By}}). Курьер тапсырысты алғанда: /ship {{.Number}}.`,
	StaffCourierFailed:      `⚠️ {{.Number}} бойынша Яндекс Жеткізу: «{{.Status}}» күйі (өтінім {{.Claim}}). Яндекс кабинетінен тексеріп, клиентпен байланысыңыз.`,
	TrackAtPoint:            `📬 {{.Number}} тапсырысы Сізді СДЭК {{if .Locker}}постаматында{{else}}беру пунктінде{{end}} күтіп тұр{{if .Address}}: {{.Address}}{{end}}.{{if not .Until.IsZero}} Ол {{kkdate .Until "acc"}} қоса алғанда сақталады.{{end}}{{if .Locker}} Ұяшықты СДЭК жіберген SMS-тегі кодпен ашыңыз.{{else}} Жеке куәлігіңізді немесе СДЭК SMS-пен жіберген алу кодын ала келіңіз.{{end}} Бақылау нөмірі: {{.Tracking}}.`,
	TrackOutForDelivery:     `🚚 СДЭК курьері {{.Number}} тапсырысын бүгін жеткізеді. Бақылау нөмірі: {{.Tracking}}.`,
	TrackNotDelivered:       `{{.Number}} тапсырысын табыстау мүмкін болмады. Менеджер Сізбен хабарласып, қайта жеткізуді келіседі; WhatsApp арқылы {{phone .Phone}} нөміріне де жаза аласыз.`,
	TrackPickupReminder:     `⏰ Еске саламыз: {{.Number}} тапсырысы СДЭК {{if .Locker}}постаматында{{else}}тапсырыстарды беру пунктінде{{end}} ({{.Address}}) {{kkdate .Until "acc"}} қоса алғанда Сізді күтеді. Одан кейін СДЭК оны бізге қайтарады. Үлгермесеңіз, WhatsApp арқылы {{phone .Phone}} нөміріне жазыңыз.`,
	StaffPickupOverdue:      `⏰ {{.Number}} тапсырысы (бақылау нөмірі {{.Tracking}}) {{if .Locker}}постаматтан{{else}}беру пунктінен{{end}} алынбады: сақтаудың соңғы күні {{date .Until}} еді. Клиент: {{.Name}}, {{phone .Phone}}.`,
	StaffTrackingProblem:    `⚠️ {{.Number}} тапсырысы бойынша СДЭК (бақылау нөмірі {{.Tracking}}): {{.Name}} ({{.Code}}). Клиентпен хабарласыңыз: {{.Customer}}, {{phone .Phone}}.`,
	StaffTrackingUnknown:    `СДЭК {{.Number}} тапсырысының {{.Tracking}} бақылау нөмірін білмейді: нөмірді тексеріңіз.`,
	StaffHolidays: `Қайтару мерзімдеріне арналған жұмыс күндерінің күнтізбесі{{if eq .From .To}}, {{.From}}{{else}}, {{.From}}–{{.To}}{{end}}:
{{range .Days}}{{.Day}} {{weekday .Weekday}} — {{if .Working}}жұмыс күні: {{end}}{{.Name}}
{{else}}әдеттегі аптадан тыс күндер жоқ.
{{end}}Сенбі мен жексенбі жұмыс күні деп белгіленбесе, демалыс. Өзгерту: /holiday`,
	StaffHolidayUsage:   `Былай жазыңыз: /holiday 2027-05-17 Құрбан айт — жұмыс күніндегі демалыс; /holiday 2026-11-28 working ауыстыру — жұмыс істейтін сенбі не жексенбі; /holiday 2027-05-17 - — күнді алып тастау. Тізім: /holidays немесе /holidays 2027.`,
	StaffHolidaySet:     `{{.Day}} ({{weekday .Weekday}}) енді {{if .Working}}жұмыс күні{{else}}демалыс{{end}}: {{.Name}}. Ақша қайтару мерзімдері осы күнтізбе бойынша есептеледі.`,
	StaffHolidayRemoved: `{{if .Removed}}{{.Day}} күнтізбеден алынды: бұл қайтадан әдеттегі апта күні.{{else}}{{.Day}} күнтізбеде жоқ еді.{{end}}`,
	StaffOutage:         `⚠️ {{.Service}} жауап бермейді: {{.Error}}. Әзірге клиенттер дүкен профиліндегі шамамен бағаларды көреді; тапсырыстар қабылданады.`,
	StaffRecovered:      `✅ {{.Service}} қайта жауап береді (ақау {{date .Since}}, {{time .Since}} басталған).`,

	QuoteText: `{{if .Quote.Free}}тегін{{else}}{{money .Quote.Price}}{{if .Quote.Approximate}} (шамамен){{end}}{{end}}{{if .Quote.MaxDays}}, {{if and .Quote.MinDays (lt .Quote.MinDays .Quote.MaxDays)}}{{.Quote.MinDays}}–{{end}}{{plural .Quote.MaxDays "күн"}}{{end}}`,
	ItemsText: `{{range .Items}}• {{.Name}}, өлшемі {{.Size}}{{if .Colour}}, {{lower .Colour}}{{end}}{{if .Text}}, жазуы «{{.Text}}»{{end}} — {{.Qty}} дана, {{money .Sum}}
{{end}}`,

	"status.track_created":          `СДЭК-ке тапсырылды`,
	"status.track_at_point":         `беру пунктінде күтіп тұр`,
	"status.track_out_for_delivery": `СДЭК курьерінде`,
	"status.track_delivered":        `табысталды`,
	"status.track_not_delivered":    `табысталмады`,
	"status.track_removed":          `СДЭК-те жойылды`,
	"status.awaiting_quote":         `жеткізу құнын күтуде`,
	"status.awaiting_payment":       `төлемді күтуде`,
	"status.paid":                   `төленді`,
	"status.processing":             `жиналуда`,
	"status.shipped":                `жөнелтілді`,
	"status.delivered":              `жеткізілді`,
	"status.cancelled":              `бас тартылды`,
	"method.pickup":                 `СДЭК тапсырыстарды беру пункті`,
	"method.courier":                `СДЭК курьері`,
	"method.express":                `Яндекс курьерімен жедел жеткізу`,
}
