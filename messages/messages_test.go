package messages

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lete-store/letebot/shop"
)

// The argument structs flows pass, with the same field names (flows/*.go).
type (
	sizeLine struct {
		Size, Colour string
		Stock        int
	}
	cartLine struct {
		N                  int
		Name, Size, Colour string
		Text               string
		Qty                int
		Price, Sum         shop.Money
	}
	methodOption struct {
		Method shop.DeliveryMethod
		Quote  shop.DeliveryQuote
	}
	summaryLine struct {
		Name, Size, Colour string
		Text               string
		Qty                int
		Sum                shop.Money
	}
	missingLine struct {
		Name, Size, Colour string
		Qty, InShop        int
	}
	shortLine struct {
		Name, Size, Colour string
		Wanted, Left       int
	}
	// historyLine is a status change, or a CDEK status the store has no
	// words for: then Status is "" and Carrier is CDEK's own text.
	historyLine struct {
		At      time.Time
		Status  string
		Carrier string
	}
	// expressLine is a city whose retail shop has sizes of a product in
	// stock (flows/catalog.go).
	expressLine struct {
		City, Sizes string
		Count       int
	}
	// pointLine is a pickup point as flows list it: Meters is 0 unless
	// the points were searched by a shared location.
	pointLine struct {
		shop.DeliveryPoint
		Meters float64
	}
	// claimView is a refund application as the customer's and staff's
	// lists show it (flows/claims.go): Due is its last day at midnight
	// store time, Transaction the refund's (0 until there is one), Note
	// the reason of a rejection.
	claimView struct {
		Ref         string
		Order       string
		Amount      shop.Money
		Status      string
		Due         time.Time
		Transaction int64
		Note        string
	}
)

// stringConsts parses Go files and returns the value of every string
// constant declared with the named type, by constant name.
func stringConsts(t *testing.T, typeName string, files ...string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	fset := token.NewFileSet()
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", file, err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typeName {
					continue
				}
				for i, name := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Fatalf("%s: %s is not a string literal", file, name.Name)
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatalf("%s: %s: %v", file, name.Name, err)
					}
					out[name.Name] = v
				}
			}
		}
	}
	return out
}

// declaredKeys parses keys.go and returns every constant of type Key, so a
// constant added without texts fails the tests.
func declaredKeys(t *testing.T) map[string]Key {
	t.Helper()
	keys := make(map[string]Key)
	for name, v := range stringConsts(t, "Key", "keys.go") {
		keys[name] = Key(v)
	}
	if len(keys) < 50 {
		t.Fatalf("keys.go: found only %d Key constants; is the parser looking at the right file?", len(keys))
	}
	return keys
}

// dynamicKeys are the keys texts look up with say (print "status." ...),
// (print "method." ...) and (print "decline." ...): one per OrderStatus,
// DeliveryMethod and DeclineGroup constant in package shop, so a new
// status, method or decline group without texts fails the tests. An
// order's history also names CDEK stages as "status.track_" + CarrierStage
// (flows/tracking.go), all but in_transit, which shows CDEK's own text.
func dynamicKeys(t *testing.T) []Key {
	t.Helper()
	files, err := filepath.Glob("../shop/*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, "_test.go") })
	var keys []Key
	for prefix, typ := range map[string]string{"status.": "OrderStatus", "method.": "DeliveryMethod", "decline.": "DeclineGroup"} {
		consts := stringConsts(t, typ, files...)
		if len(consts) == 0 {
			t.Fatalf("no %s constants found in package shop", typ)
		}
		for _, v := range consts {
			keys = append(keys, Key(prefix+v))
		}
	}
	stages := stringConsts(t, "CarrierStage", files...)
	if len(stages) == 0 {
		t.Fatal("no CarrierStage constants found in package shop")
	}
	for _, v := range stages {
		if v != string(shop.CarrierInTransit) {
			keys = append(keys, Key("status.track_"+v))
		}
	}
	slices.Sort(keys)
	// The constants this test itself uses must be among them.
	for _, k := range []Key{"status." + Key(shop.AwaitingPayment), "status." + Key(shop.Cancelled), "method." + Key(shop.PickupPoint), "method." + Key(shop.Courier), "decline." + Key(shop.DeclineOther), StatusTrackAtPoint} {
		if !slices.Contains(keys, k) {
			t.Fatalf("dynamicKeys lacks %q: is package shop parsed?", k)
		}
	}
	return keys
}

func newCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestNew(t *testing.T) {
	c := newCatalog(t)
	for _, lang := range shop.Langs {
		if n := len(c.Keys(lang)); n == 0 {
			t.Errorf("%s: no texts", lang)
		}
	}
}

func TestKeys(t *testing.T) {
	c := newCatalog(t)
	declared := declaredKeys(t)
	known := make(map[Key]bool)
	for _, k := range declared {
		known[k] = true
	}
	dynamic := dynamicKeys(t)
	for _, k := range dynamic {
		known[k] = true
	}

	t.Run("same keys in every language", func(t *testing.T) {
		kk, ru := c.Keys(shop.Kazakh), c.Keys(shop.Russian)
		slices.Sort(kk)
		slices.Sort(ru)
		if !slices.Equal(kk, ru) {
			t.Errorf("kk and ru differ:\nkk: %v\nru: %v", kk, ru)
		}
		if len(kk) != len(ru) {
			t.Errorf("kk has %d keys, ru has %d", len(kk), len(ru))
		}
	})
	for _, lang := range shop.Langs {
		t.Run("every constant has a text in "+string(lang), func(t *testing.T) {
			have := make(map[Key]bool)
			for _, k := range c.Keys(lang) {
				have[k] = true
			}
			for name, k := range declared {
				if !have[k] {
					t.Errorf("%s (%q) has no %s text", name, k, lang)
				}
			}
			for _, k := range dynamic {
				if !have[k] {
					t.Errorf("%q has no %s text", k, lang)
				}
			}
		})
		t.Run("no stray keys in "+string(lang), func(t *testing.T) {
			for _, k := range c.Keys(lang) {
				if !known[k] {
					t.Errorf("%s text %q is neither a constant in keys.go nor a status or method", lang, k)
				}
			}
		})
	}
}

// renderCase is one key rendered with sample arguments.
type renderCase struct {
	name string
	key  Key
	args Args
}

// renderCases returns sample arguments for every key in lang, shaped as
// flows pass them (catalog names and profile texts in the reader's
// language). dynamic are the status, method and decline-group keys. A new
// key needs a case here, or TestRenderAll fails.
func renderCases(lang shop.Lang, dynamic []Key) []renderCase {
	l := func(ru, kk string) string { return shop.Localized{RU: ru, KK: kk}.In(lang) }
	p := shop.DefaultProfile()
	created := time.Date(2026, 3, 30, 14, 5, 0, 0, p.Location())
	hoodie, jeans, tee := l("Худи Lete Oversize", "Lete Oversize худиі"), l("Джинсы Straight", "Straight джинсы"), l("Футболка Basic", "Basic футболкасы")
	city := p.Cities[0].Name.In(lang)
	pickup := shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1500, Approximate: true, MinDays: 2, MaxDays: 5}
	pickupFree := shop.DeliveryQuote{Method: shop.PickupPoint, Price: 0, Free: true, MinDays: 2, MaxDays: 5}
	courier := shop.DeliveryQuote{Method: shop.Courier, Price: 2500, MinDays: 1, MaxDays: 3}
	courierNoDays := shop.DeliveryQuote{Method: shop.Courier, Price: 2500}
	customer := shop.Customer{Name: "Айгерим Садықова", Phone: "+77771234567", Email: "aigerim@example.kz"}
	delivery := shop.Delivery{Method: shop.PickupPoint, City: city, Address: l("ул. Кенесары, 40, ПВЗ AST12", "Кенесары к-сі, 40, AST12 пункті"), Quote: pickup}
	order := shop.Order{
		ID: 42, ChatKey: "tg:1", Lang: lang, Status: shop.AwaitingPayment,
		Customer: customer,
		Delivery: delivery,
		Items: []shop.OrderItem{
			{VariantID: "LT-101-BLK-M", SKU: "LT-101", Name: hoodie, Size: "M", Colour: l("чёрный", "қара"), Price: 12900, Qty: 2},
			{VariantID: "LT-205-42", SKU: "LT-205", Name: jeans, Size: "42", Price: 8900, Qty: 1},
		},
		GoodsTotal: 34700, Total: 36200, CreatedAt: created,
	}
	// The same order once paid: Payment as markPaid fills it, PaidAt in the
	// profile's location as the order view shows it.
	paidOrder := order
	paidOrder.Status = shop.Paid
	paidOrder.Payment = shop.Payment{
		LinkURL: "https://pay.cloudpayments.kz/pay/4f1c2d9a", LinkSentAt: created.Add(time.Minute),
		TransactionID: 2981534712, Amount: 36200, CardLastFour: "4242",
		PaidAt: time.Date(2026, 3, 30, 14, 31, 0, 0, p.Location()),
	}
	// A paid order since cancelled, as late payments and refunds find it.
	paidCancelled := paidOrder
	paidCancelled.Status = shop.Cancelled
	until := created.Add(48 * time.Hour).In(p.Location()) // flows.DefaultPaymentExpiry
	courierOrder := order
	courierOrder.Status = shop.Shipped
	courierOrder.Delivery = shop.Delivery{Method: shop.Courier, City: p.Cities[1].Name.In(lang), Address: l("пр. Абая, 10, кв. 5", "Абай даңғылы, 10, 5-пәтер"), Quote: courier}
	paidCourier := courierOrder
	paidCourier.Status = shop.Paid
	paidCourier.Payment = paidOrder.Payment
	// The order view's "no card" branch: a payment without card digits.
	paidNoCard := paidOrder
	paidNoCard.Payment.CardLastFour = ""
	// The staff desk. Staff are named as bot.input does: "@username (id)",
	// "First name (id)", or the id alone; at is a time in the store's zone,
	// as flows convert event times before showing them.
	dana, yerzhan := "@dana_lete (184467291)", "Ержан (529301877)"
	tracking := "1549872036" // a CDEK tracking number
	reason := l("нужного размера не оказалось на складе", "қоймада қажетті өлшем болмай шықты")
	at := func(month time.Month, day, hour, minute int) time.Time {
		return time.Date(2026, month, day, hour, minute, 0, 0, p.Location())
	}
	// A paid courier order that staff took, packed and shipped.
	shippedOrder := paidCourier
	shippedOrder.Status = shop.Shipped
	shippedOrder.Tracking = tracking
	shippedOrder.ClaimedBy = dana
	// The same paid on the local test page.
	shippedTest := shippedOrder
	shippedTest.Payment.Test = true
	deliveredOrder := shippedOrder
	deliveredOrder.Status = shop.Delivered
	deliveredOrder.DeliveredAt = at(time.April, 2, 12, 20)
	processingOrder := paidOrder
	processingOrder.Status = shop.Processing
	// The customer's history: status changes only, never "taken".
	processingHistory := []historyLine{{At: at(time.March, 31, 10, 15), Status: string(shop.Processing)}}
	shippedHistory := append(slices.Clone(processingHistory), historyLine{At: at(time.March, 31, 17, 40), Status: string(shop.Shipped)})
	deliveredHistory := append(slices.Clone(shippedHistory), historyLine{At: at(time.April, 2, 12, 20), Status: string(shop.Delivered)})
	cancelledHistory := []historyLine{{At: at(time.March, 30, 16, 2), Status: string(shop.Cancelled)}}
	// The staff audit trail of shippedOrder, and of a cancellation.
	shippedEvents := []shop.OrderEvent{
		{OrderID: 42, At: at(time.March, 30, 14, 40), Actor: dana, Action: shop.ActionTaken},
		{OrderID: 42, At: at(time.March, 31, 10, 15), Actor: dana, Action: string(shop.Processing)},
		{OrderID: 42, At: at(time.March, 31, 17, 40), Actor: yerzhan, Action: string(shop.Shipped), Detail: tracking},
	}
	deliveredEvents := append(slices.Clone(shippedEvents), shop.OrderEvent{OrderID: 42, At: at(time.April, 2, 12, 20), Actor: "184467291", Action: string(shop.Delivered)})
	cancelledEvents := []shop.OrderEvent{{OrderID: 42, At: at(time.March, 30, 16, 2), Actor: yerzhan, Action: string(shop.Cancelled), Detail: reason}}
	// Customers as staff lists show them: a typical long name that fits a
	// button, and a realistic longer one (cleanName allows 100 characters).
	longName, longerName := order, order
	longName.Customer.Name = "Нурсултан Абдрахманов"
	longerName.Customer.Name = "Александра Нурмухамбетова-Жаксылыкова"
	// A conversation handed to staff, as flows/handoff.go names and fills
	// it.
	handoffRef := shop.HandoffRef(12)
	aigul := "@aigul (1)"
	customerText := l("Подскажите, худи M маломерит? Рост 170.", "M өлшемді худи кішілеу ме? Бойым 170.")
	// What a customer sent instead of text, as handoffText passes it in
	// Other: a file, a photo, a location, a contact; "" for a sticker or a
	// voice message staff cannot see.
	staffText := l("Здравствуйте! Нет, M садится свободно — берите свой размер.", "Сәлеметсіз бе! Жоқ, M еркін отырады — өз өлшеміңізді алыңыз.")
	items := []summaryLine{
		{Name: hoodie, Size: "M", Colour: l("чёрный", "қара"), Qty: 2, Sum: 25800},
		{Name: jeans, Size: "42", Text: "Айгерим", Qty: 1, Sum: 8900},
	}
	lines := []cartLine{
		{N: 1, Name: hoodie, Size: "M", Colour: l("чёрный", "қара"), Qty: 2, Price: 12900, Sum: 25800},
		{N: 2, Name: tee, Size: "S", Qty: 1, Price: 4900, Sum: 4900},
	}
	sizes := []sizeLine{{Size: "S", Colour: l("чёрный", "қара"), Stock: 3}, {Size: "M", Colour: "", Stock: 0}, {Size: "L", Stock: 1}}
	info := Args{
		"FreeFrom": p.FreeDeliveryFrom, "Phone": p.WhatsApp,
		"ExpressOpens": p.Express.Opens, "ExpressCloses": p.Express.Closes,
		"WithdrawDays": p.Refund.WithdrawDays, "RefundDays": p.Refund.RefundWorkingDays,
		"Email": p.Email,
	}
	contacts := Args{
		"Store": p.Name, "Site": p.Site, "Instagram": p.Instagram, "Email": p.Email,
		"Phones": p.Phones, "Address": p.Address.In(lang),
		"Seller": p.Seller.In(lang), "BIN": p.BIN,
	}

	// Delivery (flows/delivery.go, flows/checkout.go). Pickup points as
	// CDEK lists them; the first city has the retail shop express leaves
	// from. Opens is the next opening of the express window in store time.
	express := p.Express
	retail := p.Cities[0]
	near := []pointLine{
		{DeliveryPoint: shop.DeliveryPoint{Code: "AST12", Address: "ул. Кенесары, 40", WorkTime: "Пн-Пт 09:00-20:00, Сб 10:00-16:00", Lat: 51.16944, Lon: 71.42351}, Meters: 349},
		{DeliveryPoint: shop.DeliveryPoint{Code: "AST305", Address: "пр. Туран, 37, ТРЦ Keruen City", Locker: true, Lat: 51.13187, Lon: 71.40412}, Meters: 1234},
		{DeliveryPoint: shop.DeliveryPoint{Code: "AST7", Address: "ул. Сыганак, 18/1", WorkTime: "Пн-Вс 10:00-21:00", Lat: 51.09012, Lon: 71.41830}, Meters: 15750},
	}
	// The same found by a typed street or listed: no distance.
	listed := slices.Clone(near)
	for i := range listed {
		listed[i].Meters = 0
	}
	page := append(slices.Clone(listed),
		pointLine{DeliveryPoint: shop.DeliveryPoint{Code: "AST41", Address: "ул. Жубанова, 11", WorkTime: "Пн-Сб 10:00-19:00"}},
		pointLine{DeliveryPoint: shop.DeliveryPoint{Code: "AST322", Address: "пр. Мангилик Ел, 55/20, БЦ «Астана Тауэр»", Locker: true}},
		pointLine{DeliveryPoint: shop.DeliveryPoint{Code: "AST59", Address: "ул. Сарайшык, 5", WorkTime: "Пн-Вс 09:00-21:00"}},
	)
	longPoint := pointLine{DeliveryPoint: shop.DeliveryPoint{Code: "AST118",
		Address: "Республика Казахстан, г. Астана, район Есиль, пр. Кабанбай батыра, 62, ТРЦ «Хан Шатыр», 1 этаж, у входа № 3",
		Locker:  true}, Meters: 15750}
	pointDelivery := shop.Delivery{Method: shop.PickupPoint, City: city, Address: near[0].Address, Point: near[0].Code,
		Lat: 51.16701, Lon: 71.42019, Quote: pickup}
	expressDelivery := shop.Delivery{Method: shop.Express, City: city, Address: l("ул. Достык, 5, подъезд 2, кв. 48", "Достық к-сі, 5, 2-кіреберіс, 48-пәтер"),
		Lat: 51.128207, Lon: 71.430411, Shop: retail.ID, Quote: shop.DeliveryQuote{Method: shop.Express}}
	expressNoPin := expressDelivery
	expressNoPin.Lat, expressNoPin.Lon = 0, 0
	opensToday, opensTomorrow := at(time.March, 30, 10, 0), at(time.March, 31, 10, 0)
	expressOrder := order
	expressOrder.Status = shop.AwaitingQuote
	expressOrder.Delivery = expressDelivery
	expressOrder.Total = expressOrder.GoodsTotal
	// Taken out of hours, without a location: released at the opening.
	queuedOrder := expressOrder
	queuedOrder.Delivery = expressNoPin
	queuedOrder.ReleaseAt = opensTomorrow
	const expressPrice = shop.Money(2200)
	quotedOrder := expressOrder
	quotedOrder.Delivery.Quote.Price = expressPrice
	quotedOrder.Total = quotedOrder.GoodsTotal + expressPrice
	// Paid, a Yandex courier found and on the way.
	paidExpress := quotedOrder
	paidExpress.Status = shop.Paid
	paidExpress.Payment = paidOrder.Payment
	paidExpress.Payment.Amount = paidExpress.Total
	paidExpress.Courier = shop.CourierClaim{ID: "8c3f2e1a9b7d4c65a0e1f2d3c4b5a697", Status: "performer_found"}
	quotedEvents := []shop.OrderEvent{
		{OrderID: 42, At: at(time.March, 30, 14, 12), Actor: dana, Action: "quoted", Detail: "2200"},
		{OrderID: 42, At: at(time.March, 30, 14, 20), Actor: "customer", Action: string(shop.AwaitingPayment)},
		{OrderID: 42, At: at(time.March, 30, 14, 31), Actor: "cloudpayments", Action: string(shop.Paid)},
	}
	missingItems := []missingLine{{Name: hoodie, Size: "M", Qty: 2, InShop: 1}, {Name: jeans, Size: "42", Qty: 1}}
	mapLink := MapLink(expressDelivery)
	outage := "cdek: POST /v2/calculator/tarifflist: context deadline exceeded"

	// CDEK tracking (flows/tracking.go, delivery/tracking.go): a pickup
	// point order shipped from Astana to Almaty. The customer's history
	// names the stages the store has words for ("track_" + stage) and shows
	// CDEK's own text, with the city when the text lacks it, for the rest.
	// Staff cards show every CDEK status as "carrier" with CDEK's text.
	almatyPoint := shop.Delivery{Method: shop.PickupPoint, City: p.Cities[1].Name.In(lang), Address: "мкр. Самал-2, 33а", Point: "ALM45", Quote: pickup}
	almatyLocker := "пр. Аль-Фараби, 77/8, ТРЦ Esentai Mall"
	trackedOrder := shippedOrder
	trackedOrder.Delivery = almatyPoint
	arrived := at(time.April, 2, 11, 32)
	// The last day the point keeps the parcel: as flows.carrierUpdate
	// counts it from the arrival, and as delivery.pickupDeadline passes it
	// to staff, from the start of that day; the zero time when the
	// profile does not say (pickup_storage_days: 0). Seven days, as in
	// shop/lete.yaml.
	keptUntil := arrived.AddDate(0, 0, 7)
	lastDay := time.Date(2026, time.April, 9, 0, 0, 0, 0, p.Location())
	trackedHistory := append(slices.Clone(shippedHistory),
		historyLine{At: at(time.March, 31, 18, 5), Status: "track_" + string(shop.CarrierCreated)},
		historyLine{At: at(time.April, 1, 9, 47), Carrier: "Принят на склад отправителя, Астана"},
		historyLine{At: at(time.April, 2, 6, 15), Carrier: "Прибыл в г. Алматы"},
	)
	atPointHistory := append(slices.Clone(trackedHistory), historyLine{At: arrived, Status: "track_" + string(shop.CarrierAtPoint)})
	trackedEvents := append(slices.Clone(shippedEvents),
		shop.OrderEvent{OrderID: 42, At: at(time.March, 31, 18, 5), Actor: "cdek", Action: "carrier", Detail: "Создан, Астана"},
		shop.OrderEvent{OrderID: 42, At: at(time.April, 1, 9, 47), Actor: "cdek", Action: "carrier", Detail: "Принят на склад отправителя, Астана"},
		shop.OrderEvent{OrderID: 42, At: at(time.April, 2, 6, 15), Actor: "cdek", Action: "carrier", Detail: "Прибыл в г. Алматы"},
		shop.OrderEvent{OrderID: 42, At: arrived, Actor: "cdek", Action: "carrier", Detail: "Принят на склад до востребования, Алматы"},
	)
	// The customer cancelled an express request after staff priced it.
	quotedDeclinedEvents := []shop.OrderEvent{
		{OrderID: 42, At: at(time.March, 30, 14, 12), Actor: dana, Action: "quoted", Detail: "2200"},
		{OrderID: 42, At: at(time.March, 30, 14, 25), Actor: "customer", Action: string(shop.Cancelled)},
	}

	// Cancellations and refund applications (flows/claims.go). A paid
	// order cancelled before it is received refunds every line and the
	// delivery; a return refunds the lines picked and says how the goods
	// come back; an erroneous charge names no lines, so its amount is 0
	// until staff name one. Times are in store time: At as submitted, Due
	// as flows.dayTime makes a claim's last day (its midnight). Submitted
	// on Tue 31 March, due Fri 3 April: three working days.
	cancelLines := []shop.ClaimLine{
		{SKU: "LT-101", Name: hoodie, Size: "M", Price: 12900, Qty: 2},
		{SKU: "LT-205", Name: jeans, Size: "42", Price: 8900, Qty: 1},
	}
	cancelDelivery := paidOrder.Total - paidOrder.GoodsTotal
	cancelAmount := shop.ClaimAmount(cancelLines, cancelDelivery)
	returnLines := cancelLines[:1]
	returnAmount := shop.ClaimAmount(returnLines, 0)
	claimRef, returnRef, chargeRef := shop.ClaimRef(12), shop.ClaimRef(13), shop.ClaimRef(14)
	submitted, due := at(time.March, 31, 9, 12), at(time.April, 3, 0, 0)
	returnSubmitted, returnDue := at(time.April, 6, 11, 0), at(time.April, 9, 0, 0)
	returnBy := p.ReturnDropOff.In(lang)
	// The last day of the return window as claimOrder passes it: an hour
	// before the window ends, so the date printed is the last day itself.
	returnUntil := p.ReturnWindowEnds(deliveredOrder.DeliveredAt).Add(-time.Hour)
	fullName := "Садықова Айгерим Нұрланқызы"
	// A reason typed in the customer's words (flows keep up to 300 characters).
	typedReason := l("Цвет не такой, как на фото на сайте: на фото молочный, а пришёл серый",
		"Түсі сайттағы фотодағыдай емес: фотода сүт түсті, ал келгені сұр")
	rejection := l("товар был в носке: бирки срезаны", "тауар киілген: биркалары кесілген")
	// Claims as the customer's "where is my refund?" and staff's /claims
	// list them: open ones with their due day, closed ones with the
	// refund's transaction (0 when the refund record is gone) or the
	// rejection's note.
	openClaims := []claimView{
		{Ref: claimRef, Order: paidOrder.Number(), Amount: cancelAmount, Status: string(shop.ClaimReceived), Due: due},
		{Ref: returnRef, Order: shop.OrderNumber(57), Amount: returnAmount, Status: string(shop.ClaimApproved), Due: returnDue},
		{Ref: chargeRef, Order: shop.OrderNumber(61), Status: string(shop.ClaimReceived), Due: at(time.April, 10, 0, 0)},
	}
	closedClaims := []claimView{
		{Ref: shop.ClaimRef(9), Order: shop.OrderNumber(31), Amount: 12900, Status: string(shop.ClaimRefunded), Due: at(time.March, 20, 0, 0),
			Transaction: 2981600004},
		{Ref: shop.ClaimRef(8), Order: shop.OrderNumber(30), Amount: 4900, Status: string(shop.ClaimRefunded), Due: at(time.March, 19, 0, 0)},
		{Ref: shop.ClaimRef(7), Order: shop.OrderNumber(28), Amount: 8900, Status: string(shop.ClaimRejected), Due: at(time.March, 13, 0, 0),
			Note: rejection},
		{Ref: shop.ClaimRef(6), Order: shop.OrderNumber(27), Status: string(shop.ClaimRejected), Due: at(time.March, 12, 0, 0)},
	}

	cases := []renderCase{
		{"welcome", Welcome, Args{"Store": p.Name}},
		{"menu", MenuTitle, nil},
		{"session reset", SessionReset, nil},
		{"session expired", SessionExpired, nil},
		{"card number", CardNumberWarning, nil},
		{"not needed", NotNeededHere, nil},
		{"unsupported", Unsupported, nil},
		{"unknown command", UnknownCommand, nil},
		{"press a button", PressAButton, nil},
		{"not understood", NotUnderstood, nil},
		{"not understood again", NotUnderstoodAgain, nil},
		{"here", Here, nil},
		{"cancelled", Cancelled, nil},
		{"stale button", StaleButton, nil},
		{"internal error", ErrInternal, nil},

		{"btn catalog", BtnCatalog, nil},
		{"btn cart empty", BtnCart, Args{"Pieces": 0}},
		{"btn cart with pieces", BtnCart, Args{"Pieces": 3}},
		{"btn my orders", BtnMyOrders, nil},
		{"btn payment delivery", BtnPaymentDelivery, nil},
		{"btn contacts", BtnContacts, nil},
		{"btn language", BtnLanguage, nil},
		{"btn menu", BtnMenu, nil},
		{"btn label category", BtnLabel, Args{"Label": l("Верхняя одежда", "Сырт киім")}},
		{"btn label city", BtnLabel, Args{"Label": p.Cities[3].Name.In(lang)}},
		{"btn product", BtnProduct, Args{"Name": l("Худи Lete Oversize с капюшоном", "Капюшоны бар Lete Oversize худиі"), "Price": shop.Money(129900)}},
		{"btn prev", BtnPrev, nil},
		{"btn next", BtnNext, nil},
		{"btn categories", BtnCategories, nil},
		{"btn size with colour", BtnSize, Args{"Size": "XL", "Colour": l("молочный", "сүт түсті")}},
		{"btn size without colour", BtnSize, Args{"Size": "42", "Colour": ""}},
		{"btn back", BtnBack, nil},
		{"btn number", BtnNumber, Args{"N": 5}},
		{"btn checkout", BtnCheckout, nil},
		{"btn continue", BtnContinue, nil},
		{"btn dec", BtnDec, Args{"N": 2}},
		{"btn inc", BtnInc, Args{"N": 2}},
		{"btn remove", BtnRemove, Args{"N": 2}},
		{"btn clear", BtnClear, nil},
		{"btn keep", BtnKeep, Args{"Value": "aigerim.sadykova@example.kz"}},
		{"btn abort", BtnAbort, nil},
		{"btn method pickup approximate", BtnMethod, Args{"Method": string(shop.PickupPoint), "Quote": pickup}},
		{"btn method pickup free", BtnMethod, Args{"Method": string(shop.PickupPoint), "Quote": pickupFree}},
		{"btn method courier", BtnMethod, Args{"Method": string(shop.Courier), "Quote": courier}},
		{"btn method pickup slow", BtnMethod, Args{"Method": string(shop.PickupPoint), "Quote": shop.DeliveryQuote{Method: shop.PickupPoint, Price: 123450, Approximate: true, MinDays: 10, MaxDays: 21}}},
		{"btn method courier slow", BtnMethod, Args{"Method": string(shop.Courier), "Quote": shop.DeliveryQuote{Method: shop.Courier, Price: 123450, Approximate: true, MinDays: 10, MaxDays: 21}}},
		{"btn confirm", BtnConfirm, Args{"Express": false}},
		{"btn confirm express", BtnConfirm, Args{"Express": true}},
		{"btn edit", BtnEdit, nil},
		{"btn order awaiting payment", BtnOrder, Args{"Number": "LT-00042", "Status": string(shop.AwaitingPayment), "Created": created}},
		{"btn order delivered", BtnOrder, Args{"Number": "LT-00042", "Status": string(shop.Delivered), "Created": created}},
		{"btn kazakh", BtnKazakh, nil},
		{"btn russian", BtnRussian, nil},
		{"btn share phone", BtnSharePhone, nil},

		{"catalog empty", CatalogEmpty, nil},
		{"catalog categories", CatalogCategories, nil},
		{"catalog one page", CatalogPage, Args{"Category": "Худи", "Page": 1, "Pages": 1, "Count": 5}},
		{"catalog many pages", CatalogPage, Args{"Category": "Худи", "Page": 2, "Pages": 3, "Count": 14}},
		{"catalog found", CatalogFound, Args{"Count": 3, "Shown": 3, "Size": "", "InStock": false}},
		{"catalog found, more than shown", CatalogFound, Args{"Count": 8, "Shown": 6, "Size": "", "InStock": false}},
		{"catalog found in a size", CatalogFound, Args{"Count": 2, "Shown": 2, "Size": "M", "InStock": true}},
		{"catalog found in a colour", CatalogFound, Args{"Count": 2, "Shown": 2, "Size": "", "InStock": true}},
		{"none in stock, a size", NoneInStock, Args{"Size": "42", "Colour": false}},
		{"none in stock, a colour", NoneInStock, Args{"Size": "", "Colour": true}},
		{"none in stock, a colour and size", NoneInStock, Args{"Size": "XL", "Colour": true}},
		{"not in catalog", NotInCatalog, nil},
		{"size help", SizeHelp, nil},
		{"discount ask", DiscountAsk, nil},
		{"change an order", ChangeOrder, nil},
		{"sizes are", SizesAre, Args{"Asked": "44", "Sizes": "XS, S, M, L, XL", "Like": "S"}},
		{"sizes are, no letter", SizesAre, Args{"Asked": "27", "Sizes": "XS, S, M, L, XL", "Like": ""}},
		{"you are welcome", YouAreWelcome, nil},
		{"praised", Praised, nil},
		{"hours", HoursAre, Args{"StaffOpens": "10:00", "StaffCloses": "22:00", "ExpressOpens": "10:00", "ExpressCloses": "22:00"}},
		{"product card", ProductCard, Args{"Name": hoodie, "Price": shop.Money(12900), "Description": l("Плотный хлопок.", "Тығыз мақта."),
			"Sizes": sizes, "SoldOut": false, "Personalised": false, "Express": []expressLine(nil)}},
		{"product card express", ProductCard, Args{"Name": hoodie, "Price": shop.Money(12900), "Description": l("Плотный хлопок.", "Тығыз мақта."),
			"Sizes":   []sizeLine{{Size: "S", Colour: l("чёрный", "қара"), Stock: 3}, {Size: "M", Stock: 2}, {Size: "L", Stock: 0}},
			"SoldOut": false, "Personalised": false, "Express": []expressLine{{City: city, Sizes: "S, M", Count: 2}}}},
		{"product card personalised sold out", ProductCard, Args{"Name": l("Свитшот с именем", "Есімі жазылған свитшот"), "Price": shop.Money(15900),
			"Description": l("Вышивка имени.", "Есім кестеленеді."), "Sizes": []sizeLine{{Size: "M", Stock: 0}}, "SoldOut": true, "Personalised": true,
			"Express": []expressLine(nil)}},
		{"sold out", SoldOut, Args{"Name": hoodie, "Size": "M", "Colour": ""}},
		{"ask qty", AskQty, Args{"Name": hoodie, "Size": "M", "Colour": l("чёрный", "қара"), "Left": 3, "InCart": 0}},
		{"ask qty in cart", AskQty, Args{"Name": hoodie, "Size": "M", "Colour": "", "Left": 3, "InCart": 2}},
		{"bad qty", BadQty, Args{"Max": shop.MaxLineQty}},
		{"already added", AlreadyAdded, Args{"InCart": 2}},
		{"no more stock", NoMoreStock, Args{"Name": hoodie, "Size": "M", "Colour": "", "InCart": 4}},
		{"only left", OnlyLeft, Args{"Left": 2}},
		{"added below free delivery", Added, Args{"Name": hoodie, "Size": "M", "Colour": l("чёрный", "қара"), "Qty": 1,
			"Pieces": 1, "Total": shop.Money(12900), "More": p.MoreForFreeDelivery(12900)}},
		{"added free delivery", Added, Args{"Name": hoodie, "Size": "M", "Colour": "", "Qty": 2,
			"Pieces": 2, "Total": shop.Money(25800), "More": p.MoreForFreeDelivery(25800)}},

		{"cart items gone", CartItemsGone, Args{"Count": 1}},
		{"cart items gone many", CartItemsGone, Args{"Count": 5}},
		{"cart empty", CartEmpty, nil},
		{"cart edit hint", CartEditHint, nil},
		{"cart view below free delivery", CartView, Args{"Lines": lines[1:], "Pieces": 1, "Total": shop.Money(4900), "More": p.MoreForFreeDelivery(4900)}},
		{"cart view free delivery", CartView, Args{"Lines": lines, "Pieces": 3, "Total": shop.Money(30700), "More": p.MoreForFreeDelivery(30700)}},
		{"cart cleared", CartCleared, nil},

		{"ask name", AskName, nil},
		{"ask phone", AskPhone, nil},
		{"share phone hint", SharePhoneHint, nil},
		{"ask email", AskEmail, nil},
		{"ask city", AskCity, nil},
		{"ask method below free delivery", AskMethod, Args{"City": city,
			"Options": []methodOption{{Method: shop.PickupPoint, Quote: pickup}, {Method: shop.Courier, Quote: courierNoDays}},
			"More":    p.MoreForFreeDelivery(12900), "Express": false, "Approximate": true, "From": express.Opens, "To": express.Closes}},
		{"ask method free", AskMethod, Args{"City": p.Cities[3].Name.In(lang),
			"Options": []methodOption{{Method: shop.PickupPoint, Quote: pickupFree}, {Method: shop.Courier, Quote: courier}},
			"More":    p.MoreForFreeDelivery(34700), "Express": false, "Approximate": false, "From": express.Opens, "To": express.Closes}},
		{"ask method express approximate", AskMethod, Args{"City": city,
			"Options": []methodOption{{Method: shop.PickupPoint, Quote: pickup}, {Method: shop.Courier, Quote: courierNoDays}},
			"More":    p.MoreForFreeDelivery(12900), "Express": true, "Approximate": true, "From": express.Opens, "To": express.Closes}},
		{"ask method express only", AskMethod, Args{"City": city, "Options": []methodOption(nil),
			"More": p.MoreForFreeDelivery(34700), "Express": true, "Approximate": false, "From": express.Opens, "To": express.Closes}},
		{"ask address courier", AskAddressCourier, Args{"City": p.Cities[1].Name.In(lang)}},
		{"ask address pickup", AskAddressPickup, Args{"City": p.Cities[2].Name.In(lang)}},
		{"bad name", BadName, nil},
		{"bad phone", BadPhone, nil},
		{"bad email", BadEmail, Args{"Suggest": ""}},
		{"bad email, a reading suggested", BadEmail, Args{"Suggest": "aigerim@mail.ru"}},
		{"email needed", EmailNeeded, nil},
		{"bad city", BadCity, nil},
		{"bad address", BadAddress, nil},
		{"address without a house", AddressNoHouse, nil},
		{"ask personal", AskPersonal, Args{"Name": "Аты кестеленген свитшот", "Size": "M", "Colour": "Ақ", "Max": 30}},
		{"bad personal", BadPersonal, Args{"Max": 30}},
		{"email typo", EmailTypo, Args{"Email": "aliya@gmal.com", "Suggest": "aliya@gmail.com"}},
		{"summary approximate", Summary, Args{"Items": items, "Goods": shop.Money(34700), "Delivery": delivery,
			"Quote": pickup, "Total": shop.Money(36200), "Customer": customer, "Express": false, "Queued": false, "Opens": time.Time{}}},
		{"summary free", Summary, Args{"Items": items, "Goods": shop.Money(34700), "Delivery": delivery,
			"Quote": pickupFree, "Total": shop.Money(34700), "Customer": customer, "Express": false, "Queued": false, "Opens": time.Time{}}},
		{"summary pickup point", Summary, Args{"Items": items, "Goods": shop.Money(34700), "Delivery": pointDelivery,
			"Quote": pointDelivery.Quote, "Total": shop.Money(36200), "Customer": customer, "Express": false, "Queued": false, "Opens": time.Time{}}},
		{"summary courier exact", Summary, Args{"Items": items, "Goods": shop.Money(34700), "Delivery": courierOrder.Delivery,
			"Quote": courier, "Total": shop.Money(37200), "Customer": customer, "Express": false, "Queued": false, "Opens": time.Time{}}},
		{"summary express", Summary, Args{"Items": items, "Goods": shop.Money(34700), "Delivery": expressDelivery,
			"Quote": expressDelivery.Quote, "Total": shop.Money(34700), "Customer": customer, "Express": true, "Queued": false, "Opens": time.Time{}}},
		{"summary express queued", Summary, Args{"Items": items, "Goods": shop.Money(34700), "Delivery": expressDelivery,
			"Quote": expressDelivery.Quote, "Total": shop.Money(34700), "Customer": customer, "Express": true, "Queued": true, "Opens": opensTomorrow}},
		{"order placed", OrderPlaced, Args{"Number": order.Number(), "Total": order.Total, "Email": customer.Email}},
		{"out of stock", OutOfStock, Args{"Lines": []shortLine{{Name: hoodie, Size: "M", Wanted: 3, Left: 1}, {Name: tee, Size: "S", Wanted: 2, Left: 0}}}},
		{"prices changed", PricesChanged, nil},
		{"staff new order", StaffNewOrder, Args{"Order": order, "Number": order.Number(), "Created": created}},

		{"orders none", OrdersNone, nil},
		{"orders list", OrdersList, Args{"Count": 3}},
		{"orders list full", OrdersList, Args{"Count": 10}},
		{"order not found", OrderNotFound, nil},
		{"order view pickup", OrderView, Args{"Order": order, "Number": order.Number(), "Created": created, "History": []historyLine(nil)}},
		{"order view courier", OrderView, Args{"Order": courierOrder, "Number": courierOrder.Number(), "Created": created, "History": []historyLine(nil)}},
		{"order view paid", OrderView, Args{"Order": paidOrder, "Number": paidOrder.Number(), "Created": created, "History": []historyLine(nil)}},
		{"order view paid no card", OrderView, Args{"Order": paidNoCard, "Number": paidNoCard.Number(), "Created": created, "History": []historyLine(nil)}},
		{"order view processing history", OrderView, Args{"Order": processingOrder, "Number": processingOrder.Number(), "Created": created, "History": processingHistory}},
		{"order view shipped tracking history", OrderView, Args{"Order": shippedOrder, "Number": shippedOrder.Number(), "Created": created, "History": shippedHistory}},
		{"order view delivered tracking history", OrderView, Args{"Order": deliveredOrder, "Number": deliveredOrder.Number(), "Created": created, "History": deliveredHistory}},
		{"order view cancelled history", OrderView, Args{"Order": paidCancelled, "Number": paidCancelled.Number(), "Created": created, "History": cancelledHistory}},

		{"info payment delivery", InfoPaymentDelivery, info},
		{"info contacts", InfoContacts, contacts},

		{"language choose", LanguageChoose, nil},
		{"language set", LanguageSet, nil},

		{"quote approximate", QuoteText, Args{"Quote": pickup}},
		{"quote free", QuoteText, Args{"Quote": pickupFree}},
		{"quote no days", QuoteText, Args{"Quote": courierNoDays}},
		{"items", ItemsText, Args{"Items": items}},

		{"btn pay", BtnPay, Args{"Total": order.Total}},
		{"btn pay large", BtnPay, Args{"Total": shop.Money(1234500)}},
		{"btn refund confirm", BtnRefundConfirm, Args{"Amount": paidOrder.Payment.Amount}},
		{"btn refund confirm part", BtnRefundConfirm, Args{"Amount": shop.Money(5000)}},
		{"btn refund abort", BtnRefundAbort, nil},

		{"payment link", PaymentLink, Args{"Number": order.Number(), "Total": order.Total, "Until": until, "Test": false}},
		{"payment link test", PaymentLink, Args{"Number": order.Number(), "Total": order.Total, "Until": until, "Test": true}},
		{"payment link delayed", PaymentLinkDelayed, Args{"Number": order.Number()}},
		{"payment received", PaymentReceived, Args{"Order": paidOrder, "Number": paidOrder.Number(), "Items": items, "Email": customer.Email,
			"ExpressFrom": p.Express.Opens, "ExpressTo": p.Express.Closes}},
		{"payment received courier", PaymentReceived, Args{"Order": paidCourier, "Number": paidCourier.Number(), "Items": items, "Email": customer.Email,
			"ExpressFrom": p.Express.Opens, "ExpressTo": p.Express.Closes}},
		{"payment twice", PaymentTwice, Args{"Number": paidOrder.Number(), "Amount": paidOrder.Total}},
		{"payment mismatch", PaymentMismatch, Args{"Number": order.Number()}},
		{"payment late revived", PaymentLateRevived, Args{"Order": paidOrder, "Number": paidOrder.Number(), "Items": items, "Email": customer.Email,
			"ExpressFrom": p.Express.Opens, "ExpressTo": p.Express.Closes}},
		{"payment late sold out", PaymentLateSoldOut, Args{"Number": paidCancelled.Number(), "Amount": paidCancelled.Total, "Days": p.Refund.RefundWorkingDays}},
		{"payment late sold out one day", PaymentLateSoldOut, Args{"Number": paidCancelled.Number(), "Amount": paidCancelled.Total, "Days": 1}},
		{"payment already paid", PaymentAlreadyPaid, Args{"Number": paidOrder.Number()}},
		{"payment reminder", PaymentReminder, Args{"Number": order.Number(), "Total": order.Total, "Until": until}},
		{"order expired", OrderExpired, Args{"Number": order.Number()}},
		{"refund sent", RefundSent, Args{"Number": paidOrder.Number(), "Amount": paidOrder.Payment.Amount, "Card": paidOrder.Payment.CardLastFour}},
		{"refund sent part no card", RefundSent, Args{"Number": paidOrder.Number(), "Amount": shop.Money(5000), "Card": ""}},

		{"staff paid", StaffPaid, Args{"Order": order, "Number": order.Number(), "Amount": order.Total, "Currency": "KZT",
			"Transaction": int64(2981534712), "Card": "4242", "Test": false}},
		{"staff paid test", StaffPaid, Args{"Order": courierOrder, "Number": courierOrder.Number(), "Amount": courierOrder.Total, "Currency": "KZT",
			"Transaction": int64(2981534713), "Card": "4242", "Test": true}},
		{"staff double charge", StaffDoubleCharge, Args{"Order": paidOrder, "Number": paidOrder.Number(), "Amount": paidOrder.Total, "Currency": "KZT",
			"Transaction": int64(2981540018), "Card": "4242", "Test": false, "First": paidOrder.Payment.TransactionID}},
		{"staff double charge test", StaffDoubleCharge, Args{"Order": paidOrder, "Number": paidOrder.Number(), "Amount": paidOrder.Total, "Currency": "KZT",
			"Transaction": int64(2981540018), "Card": "4242", "Test": true, "First": paidOrder.Payment.TransactionID}},
		{"staff payment mismatch amount", StaffPaymentMismatch, Args{"Order": order, "Number": order.Number(), "Amount": shop.Money(36000), "Currency": "KZT",
			"Transaction": int64(2981534714), "Card": "4242", "Test": false}},
		{"staff payment mismatch currency", StaffPaymentMismatch, Args{"Order": order, "Number": order.Number(), "Amount": order.Total, "Currency": "RUB",
			"Transaction": int64(2981534715), "Card": "4242", "Test": true}},
		{"staff late payment revived", StaffLatePaymentRevived, Args{"Order": order, "Number": order.Number(), "Amount": order.Total, "Currency": "KZT",
			"Transaction": int64(2981534716), "Card": "4242", "Test": false}},
		{"staff late payment revived test", StaffLatePaymentRevived, Args{"Order": order, "Number": order.Number(), "Amount": order.Total, "Currency": "KZT",
			"Transaction": int64(2981534716), "Card": "4242", "Test": true}},
		{"staff late payment refund", StaffLatePaymentRefund, Args{"Order": order, "Number": order.Number(), "Amount": order.Total, "Currency": "KZT",
			"Transaction": int64(2981534717), "Card": "4242", "Test": false}},
		{"staff late payment refund test", StaffLatePaymentRefund, Args{"Order": order, "Number": order.Number(), "Amount": order.Total, "Currency": "KZT",
			"Transaction": int64(2981534717), "Card": "4242", "Test": true}},
		{"staff struggling", StaffStruggling, Args{"Order": order, "Number": order.Number(), "Declines": 2,
			"Group": string(shop.DeclineNoFunds), "Code": 5051}},
		{"staff payment voided", StaffPaymentVoided, Args{"Number": order.Number(), "Amount": order.Total,
			"Transaction": int64(2981534718), "Status": string(shop.AwaitingPayment)}},
		{"staff unknown payment", StaffUnknownPayment, Args{"Kind": "pay", "Invoice": "LT-09999", "Amount": shop.Money(15900),
			"Currency": "KZT", "Transaction": int64(2981534719), "Test": false}},
		{"staff unknown refund test", StaffUnknownPayment, Args{"Kind": "refund", "Invoice": "LT-09999", "Amount": shop.Money(15900),
			"Currency": "KZT", "Transaction": int64(2981534720), "Test": true}},
		{"staff link failed", StaffLinkFailed, Args{"Number": order.Number(), "Error": "cloudpayments: orders/create: 503 Service Unavailable"}},
		{"staff cabinet refund", StaffCabinetRefund, Args{"Number": paidOrder.Number(), "Amount": paidOrder.Payment.Amount,
			"Transaction": int64(2981600001), "Test": false}},
		{"staff cabinet refund test", StaffCabinetRefund, Args{"Number": paidOrder.Number(), "Amount": shop.Money(5000),
			"Transaction": int64(2981600002), "Test": true}},
		{"staff refund done", StaffRefundDone, Args{"Number": paidOrder.Number(), "Amount": shop.Money(5000),
			"Transaction": int64(2981600003), "By": "184467291"}},
		{"staff refund done no one", StaffRefundDone, Args{"Number": paidOrder.Number(), "Amount": shop.Money(5000),
			"Transaction": int64(2981600003), "By": ""}},
		{"staff refund failed", StaffRefundFailed, Args{"Number": paidOrder.Number(), "Amount": shop.Money(5000),
			"Error": "Refund amount exceeds the payment amount"}},
		{"staff help", StaffHelp, nil},
		{"staff unknown command", StaffUnknownCommand, nil},
		{"staff stale button", StaffStaleButton, nil},
		{"staff order not found", StaffOrderNotFound, Args{"Number": shop.OrderNumber(9999)}},
		{"staff nothing to refund unpaid", StaffNothingToRefund, Args{"Number": order.Number(), "Status": string(shop.AwaitingPayment)}},
		{"staff nothing to refund refunded", StaffNothingToRefund, Args{"Number": paidCancelled.Number(), "Status": string(paidCancelled.Status)}},
		{"staff refund usage", StaffRefundUsage, nil},
		{"staff refund too much", StaffRefundTooMuch, Args{"Number": paidOrder.Number(), "Left": shop.Money(31200)}},
		{"staff refund ask all", StaffRefundAsk, Args{"Order": paidOrder, "Number": paidOrder.Number(),
			"Amount": paidOrder.Payment.Amount, "Left": paidOrder.Payment.Amount, "Void": false}},
		{"staff refund ask part", StaffRefundAsk, Args{"Order": paidCancelled, "Number": paidCancelled.Number(),
			"Amount": shop.Money(5000), "Left": shop.Money(31200), "Void": false}},
		{"staff refund ask void", StaffRefundAsk, Args{"Order": paidOrder, "Number": paidOrder.Number(),
			"Amount": paidOrder.Payment.Amount, "Left": paidOrder.Payment.Amount, "Void": true}},
		{"staff void whole only", StaffVoidWholeOnly, Args{"Number": paidOrder.Number(), "Left": paidOrder.Payment.Amount}},
		{"staff refund requested", StaffRefundRequested, Args{"Number": paidOrder.Number(), "Amount": shop.Money(5000)}},
		{"staff refund aborted", StaffRefundAborted, nil},

		{"btn staff order", BtnStaffOrder, Args{"Number": shippedOrder.Number(), "Status": string(shippedOrder.Status),
			"Name": shippedOrder.Customer.Name, "Total": shippedOrder.Total}},
		{"btn staff order long name", BtnStaffOrder, Args{"Number": longName.Number(), "Status": string(longName.Status),
			"Name": longName.Customer.Name, "Total": longName.Total}},
		// Flows shorten the name to at most 16 characters and an initial.
		{"btn staff order longest name", BtnStaffOrder, Args{"Number": longerName.Number(), "Status": string(longerName.Status),
			"Name": "Нурмухамбетова-… А.", "Total": shop.Money(1234567)}},
		{"btn staff processing", BtnStaffProcessing, nil},
		{"btn staff ship", BtnStaffShip, nil},
		{"btn staff delivered", BtnStaffDelivered, nil},
		{"btn staff cancel", BtnStaffCancel, nil},
		{"btn staff take", BtnStaffTake, nil},

		{"staff order card unpaid", StaffOrderCard, Args{"Refunded": shop.Money(0), "Pending": shop.Money(0), "Claims": []shop.Claim(nil), "Order": order, "Number": order.Number(), "Created": created,
			"Events": []shop.OrderEvent(nil)}},
		{"staff order card paid", StaffOrderCard, Args{"Refunded": shop.Money(0), "Pending": shop.Money(0), "Claims": []shop.Claim(nil), "Order": paidOrder, "Number": paidOrder.Number(), "Created": created,
			"Events": []shop.OrderEvent(nil)}},
		{"staff order card refunded, claims", StaffOrderCard, Args{"Refunded": shop.Money(9900), "Pending": shop.Money(2500),
			"Claims": []shop.Claim{{ID: 3, Status: shop.ClaimRefunded}, {ID: 4, Status: shop.ClaimReceived}},
			"Order":  paidOrder, "Number": paidOrder.Number(), "Created": created, "Events": []shop.OrderEvent(nil)}},
		{"staff order card paid no card", StaffOrderCard, Args{"Refunded": shop.Money(0), "Pending": shop.Money(0), "Claims": []shop.Claim(nil), "Order": paidNoCard, "Number": paidNoCard.Number(), "Created": created,
			"Events": []shop.OrderEvent(nil)}},
		{"staff order card shipped test taken", StaffOrderCard, Args{"Refunded": shop.Money(0), "Pending": shop.Money(0), "Claims": []shop.Claim(nil), "Order": shippedTest, "Number": shippedTest.Number(), "Created": created,
			"Events": shippedEvents}},
		{"staff order card delivered", StaffOrderCard, Args{"Refunded": shop.Money(0), "Pending": shop.Money(0), "Claims": []shop.Claim(nil), "Order": deliveredOrder, "Number": deliveredOrder.Number(), "Created": created,
			"Events": deliveredEvents}},
		{"staff order card return sent", StaffOrderCard, Args{"Refunded": shop.Money(0), "Pending": shop.Money(0), "Claims": []shop.Claim(nil), "Order": deliveredOrder, "Number": deliveredOrder.Number(), "Created": created,
			"Events": append(slices.Clone(deliveredEvents), shop.OrderEvent{OrderID: 42, At: arrived.AddDate(0, 0, 5), Actor: "customer",
				Action: "return_waybill", Detail: "1122334455"})}},
		{"staff order card cancelled", StaffOrderCard, Args{"Refunded": shop.Money(0), "Pending": shop.Money(0), "Claims": []shop.Claim(nil), "Order": paidCancelled, "Number": paidCancelled.Number(), "Created": created,
			"Events": cancelledEvents}},
		{"staff order usage", StaffOrderUsage, nil},
		{"staff orders usage", StaffOrdersUsage, nil},
		{"staff orders by phone none", StaffOrdersByPhone, Args{"Phone": customer.Phone, "Count": 0}},
		{"staff orders by phone", StaffOrdersByPhone, Args{"Phone": customer.Phone, "Count": 3}},
		{"staff orders by status none", StaffOrdersByStatus, Args{"Status": string(shop.Processing), "Count": 0}},
		{"staff orders by status", StaffOrdersByStatus, Args{"Status": string(shop.Paid), "Count": 3}},
		{"staff orders by status awaiting payment", StaffOrdersByStatus, Args{"Status": string(shop.AwaitingPayment), "Count": 20}},
		{"staff digest", StaffDigest, Args{"Since": created.Add(-16 * time.Hour), "New": []shop.Order{order, courierOrder},
			"Unpaid": 3, "Paid": 2, "Processing": 1, "Shipped": 4, "Handoffs": 1}},
		{"staff digest quiet night", StaffDigest, Args{"Since": created.Add(-16 * time.Hour), "New": []shop.Order(nil),
			"Unpaid": 0, "Paid": 0, "Processing": 0, "Shipped": 0, "Handoffs": 0}},
		{"payment after cancel", PaymentAfterCancel, Args{"Number": "LT-00042", "Amount": shop.Money(36200), "Days": 3}},
		{"staff move usage", StaffMoveUsage, Args{"Number": "LT-00042", "Command": "processing"}},
		{"staff move usage take", StaffMoveUsage, Args{"Number": "LT-00042", "Command": "take"}},
		{"staff ship usage", StaffShipUsage, Args{"Number": shippedOrder.Number()}},
		{"staff ship no tracking", StaffShipNoTracking, Args{"Number": paidExpress.Number()}},
		{"staff open cancel", StaffOpenCancel, Args{"Number": paidOrder.Number(), "Ref": "R2"}},
		{"staff tracking is phone", StaffTrackingIsPhone, Args{"Number": paidOrder.Number(), "Tracking": "77771234567"}},
		{"staff tracking fixed", StaffTrackingFixed, Args{"Number": paidOrder.Number(), "Old": "123456", "Tracking": "1234567890", "By": "@aigerim"}},
		{"order tracking fixed", OrderTrackingFixedNotice, Args{"Number": paidOrder.Number(), "Tracking": "1234567890"}},
		{"staff cancel delivered", StaffCancelDelivered, Args{"Number": paidOrder.Number(), "Ref": "R2"}},
		{"staff cancel usage", StaffCancelUsage, Args{"Number": order.Number()}},
		{"staff cannot move", StaffCannotMove, Args{"Number": deliveredOrder.Number(), "From": string(shop.Delivered), "To": string(shop.Cancelled)}},
		{"staff cannot move unpaid", StaffCannotMove, Args{"Number": order.Number(), "From": string(shop.AwaitingPayment), "To": string(shop.Processing)}},
		{"staff moved processing", StaffMoved, Args{"Number": paidOrder.Number(), "Status": string(shop.Processing), "Detail": "",
			"By": dana, "Refund": false, "Claim": ""}},
		{"staff moved shipped", StaffMoved, Args{"Number": paidOrder.Number(), "Status": string(shop.Shipped), "Detail": tracking,
			"By": yerzhan, "Refund": false, "Claim": ""}},
		{"staff moved delivered", StaffMoved, Args{"Number": paidOrder.Number(), "Status": string(shop.Delivered), "Detail": "",
			"By": "184467291", "Refund": false, "Claim": ""}},
		{"staff moved cancelled unpaid", StaffMoved, Args{"Number": order.Number(), "Status": string(shop.Cancelled), "Detail": reason,
			"By": dana, "Refund": false, "Claim": ""}},
		{"staff moved cancelled paid", StaffMoved, Args{"Number": paidOrder.Number(), "Status": string(shop.Cancelled), "Detail": reason,
			"By": dana, "Refund": true, "Claim": ""}},
		{"staff moved cancelled express with a claim", StaffMoved, Args{"Number": paidOrder.Number(), "Status": string(shop.Cancelled), "Detail": reason,
			"By": dana, "Refund": true, "Claim": "c1a1e001"}},
		{"staff taken", StaffTaken, Args{"Number": paidOrder.Number(), "By": dana}},
		{"staff already taken", StaffAlreadyTaken, Args{"Number": paidOrder.Number(), "By": yerzhan}},

		{"order processing notice", OrderProcessingNotice, Args{"Number": paidOrder.Number()}},
		{"order shipped notice", OrderShippedNotice, Args{"Number": shippedOrder.Number(), "Tracking": tracking,
			"Email": customer.Email, "Mail": false}},
		{"order shipped notice mail", OrderShippedNotice, Args{"Number": shippedOrder.Number(), "Tracking": tracking,
			"Email": customer.Email, "Mail": true}},
		{"order delivered notice", OrderDeliveredNotice, Args{"Number": deliveredOrder.Number(), "Days": p.Refund.WithdrawDays}},
		{"order delivered notice one day", OrderDeliveredNotice, Args{"Number": deliveredOrder.Number(), "Days": 1}},
		{"order cancelled notice paid reason", OrderCancelledNotice, Args{"Number": paidOrder.Number(), "Reason": reason, "Paid": true,
			"Days": p.Refund.RefundWorkingDays, "Phone": p.WhatsApp}},
		{"order cancelled notice paid", OrderCancelledNotice, Args{"Number": paidOrder.Number(), "Reason": "", "Paid": true,
			"Days": p.Refund.RefundWorkingDays, "Phone": p.WhatsApp}},
		{"order cancelled notice unpaid reason", OrderCancelledNotice, Args{"Number": order.Number(), "Reason": reason, "Paid": false,
			"Days": p.Refund.RefundWorkingDays, "Phone": p.WhatsApp}},
		{"order cancelled notice unpaid", OrderCancelledNotice, Args{"Number": order.Number(), "Reason": "", "Paid": false,
			"Days": p.Refund.RefundWorkingDays, "Phone": p.WhatsApp}},

		{"mail shipped subject", MailShippedSubject, Args{"Number": shippedOrder.Number(), "Store": p.Name}},
		{"mail shipped body", MailShippedBody, Args{"Order": shippedOrder, "Number": shippedOrder.Number(), "Tracking": tracking,
			"Name": customer.Name, "Items": items, "Store": p.Name, "Phone": p.WhatsApp, "Site": p.Site}},
		{"staff mail failed", StaffMailFailed, Args{"Number": shippedOrder.Number()}},

		// Talking to a person (flows/handoff.go). Opens is when staff start
		// again, in store time, as Profile.StaffAnswer returns it: the zero
		// time while they are at work, today's opening before it, tomorrow's
		// after closing.
		{"staff takeover", StaffTakeover, Args{"Ref": handoffRef, "Minutes": 30}},
		{"whatsapp more", WhatsAppMore, nil},
		{"staff whatsapp logged out", StaffWhatsAppLoggedOut, nil},
		{"staff whatsapp replaced", StaffWhatsAppReplaced, nil},
		{"staff whatsapp banned", StaffWhatsAppBanned, Args{"Code": "101", "Until": at(time.March, 31, 18, 30)}},
		{"staff whatsapp banned no expiry", StaffWhatsAppBanned, Args{"Code": "102", "Until": time.Time{}}},
		{"staff whatsapp outdated", StaffWhatsAppOutdated, nil},
		{"staff whatsapp failed", StaffWhatsAppFailed, Args{"Reason": "405 Client outdated"}},
		{"staff whatsapp back", StaffWhatsAppBack, nil},
		{"btn talk", BtnTalk, nil},
		{"btn back to bot", BtnBackToBot, nil},
		{"btn handoff done", BtnHandoffDone, nil},
		{"handoff started working", HandoffStarted, Args{"Working": true, "Opens": time.Time{}, "Forwarded": false}},
		{"handoff started with the question", HandoffStarted, Args{"Working": true, "Opens": time.Time{}, "Forwarded": true}},
		{"handoff started before opening", HandoffStarted, Args{"Working": false, "Opens": at(time.March, 31, 10, 0), "Forwarded": false}},
		{"handoff started after closing", HandoffStarted, Args{"Working": false, "Opens": at(time.April, 1, 10, 0), "Forwarded": false}},
		{"handoff active", HandoffActive, nil},
		// endHandoff passes Minutes to every key it is given; staffDone none.
		{"handoff ended by customer", HandoffEnded, Args{"Minutes": 30}},
		{"handoff ended by staff", HandoffEnded, nil},
		{"handoff resumed", HandoffResumed, Args{"Minutes": 30}},
		{"handoff resumed one minute", HandoffResumed, Args{"Minutes": 1}},
		{"handoff resumed two minutes", HandoffResumed, Args{"Minutes": 2}},
		{"handoff resumed 21 minutes", HandoffResumed, Args{"Minutes": 21}},
		{"store reply", StoreReply, Args{"Text": staffText, "Store": p.Name}},
		{"store reply multiline", StoreReply, Args{"Text": staffText + "\n" + tracking, "Store": p.Name}},
		{"staff handoff opened", StaffHandoffOpened, Args{"Ref": handoffRef, "Name": customer.Name, "Phone": customer.Phone, "Lang": string(shop.Kazakh), "Minutes": 30}},
		{"staff handoff opened ru", StaffHandoffOpened, Args{"Ref": handoffRef, "Name": customer.Name, "Phone": customer.Phone, "Lang": string(shop.Russian), "Minutes": 30}},
		{"staff handoff opened name only", StaffHandoffOpened, Args{"Ref": handoffRef, "Name": customer.Name, "Phone": "", "Lang": string(shop.Russian), "Minutes": 30}},
		{"staff handoff opened phone only", StaffHandoffOpened, Args{"Ref": handoffRef, "Name": "", "Phone": customer.Phone, "Lang": string(shop.Kazakh), "Minutes": 30}},
		{"staff handoff opened foreign phone", StaffHandoffOpened, Args{"Ref": handoffRef, "Name": customer.Name, "Phone": "+442079460958", "Lang": string(shop.Russian), "Minutes": 30}},
		{"staff handoff opened anonymous", StaffHandoffOpened, Args{"Ref": handoffRef, "Name": "", "Phone": "", "Lang": string(shop.Kazakh), "Minutes": 30}},
		{"staff handoff message", StaffHandoffMessage, Args{"Ref": handoffRef, "Text": customerText, "Other": ""}},
		{"staff handoff message file", StaffHandoffMessage, Args{"Ref": handoffRef, "Text": "", "Other": "📎 Размерная сетка Lete.pdf"}},
		{"staff handoff message photo", StaffHandoffMessage, Args{"Ref": handoffRef, "Text": "", "Other": "🖼"}},
		{"staff handoff message location", StaffHandoffMessage, Args{"Ref": handoffRef, "Text": "",
			"Other": "📍 " + MapLink(shop.Delivery{Lat: 51.128207, Lon: 71.430411})}},
		{"staff handoff message contact", StaffHandoffMessage, Args{"Ref": handoffRef, "Text": "", "Other": "📱 +77011234567"}},
		{"staff handoff message unsupported", StaffHandoffMessage, Args{"Ref": handoffRef, "Text": "", "Other": ""}},
		{"staff handoff closed by customer", StaffHandoffClosed, Args{"Ref": handoffRef, "By": "customer"}},
		{"staff handoff closed by silence", StaffHandoffClosed, Args{"Ref": handoffRef, "By": "bot"}},
		{"staff handoff closed by staff", StaffHandoffClosed, Args{"Ref": handoffRef, "By": aigul}},
		{"staff handoff closed by staff first name", StaffHandoffClosed, Args{"Ref": handoffRef, "By": yerzhan}},
		{"staff handoff gone", StaffHandoffGone, Args{"Ref": handoffRef}},
		{"staff reply sent", StaffReplySent, Args{"Ref": handoffRef, "Closed": false}},
		{"staff reply sent closed", StaffReplySent, Args{"Ref": handoffRef, "Closed": true}},
		{"staff reply sent order", StaffReplySent, Args{"Ref": order.Number(), "Closed": false}},
		{"staff reply usage", StaffReplyUsage, nil},

		// Pickup points and express delivery (flows/delivery.go).
		{"delivery wait", DeliveryWait, nil},
		{"ask point", AskPoint, Args{"City": city, "Count": 23}},
		{"ask point one", AskPoint, Args{"City": city, "Count": 1}},
		{"ask point many", AskPoint, Args{"City": p.Cities[1].Name.In(lang), "Count": 115}},
		{"share location hint", ShareLocationHint, nil},
		{"points near", PointsNear, Args{"Points": near}},
		{"points near one locker", PointsNear, Args{"Points": near[1:2]}},
		{"points found", PointsFound, Args{"Points": listed[:1], "More": 0}},
		{"points found more", PointsFound, Args{"Points": page, "More": 5}},
		{"points found one more", PointsFound, Args{"Points": page, "More": 1}},
		{"points none", PointsNone, Args{"Query": l("Кенесары 400", "Кенесары 400")}},
		{"points page", PointsPage, Args{"Points": page, "Page": 2, "Pages": 4}},
		{"points page last", PointsPage, Args{"Points": listed[1:2], "Page": 4, "Pages": 4}},
		{"city unknown", CityUnknown, Args{"City": l("Шымкет", "Шымкет")}},
		{"ask address express", AskAddressExpress, Args{"City": city, "Pin": false}},
		{"ask address express pin", AskAddressExpress, Args{"City": city, "Pin": true}},
		{"location thanks", LocationThanks, nil},
		{"express missing some", ExpressMissing, Args{"Items": missingItems, "City": city, "All": false}},
		{"express missing all", ExpressMissing, Args{"Items": missingItems[1:], "City": city, "All": true}},
		{"express closed today", ExpressClosed, Args{"Opens": opensToday, "Today": true, "From": express.Opens, "To": express.Closes}},
		{"express closed tomorrow", ExpressClosed, Args{"Opens": opensTomorrow, "Today": false, "From": express.Opens, "To": express.Closes}},
		{"express sold out", ExpressSoldOut, nil},
		{"express requested", ExpressRequested, Args{"Number": expressOrder.Number(), "Queued": false, "Opens": time.Time{}}},
		{"express requested queued", ExpressRequested, Args{"Number": queuedOrder.Number(), "Queued": true, "Opens": opensTomorrow}},
		{"express quoted", ExpressQuoted, Args{"Number": quotedOrder.Number(), "Price": expressPrice, "Goods": quotedOrder.GoodsTotal,
			"Total": quotedOrder.Total, "Address": quotedOrder.Delivery.Address}},
		{"express accepted", ExpressAccepted, Args{"Number": quotedOrder.Number(), "Total": quotedOrder.Total}},
		{"express declined", ExpressDeclined, Args{"Number": quotedOrder.Number()}},
		{"express released", ExpressReleasedNotice, Args{"Number": queuedOrder.Number()}},
		{"express expired", ExpressExpired, Args{"Number": quotedOrder.Number(), "Hours": 48}},
		{"express expired 21 hours", ExpressExpired, Args{"Number": quotedOrder.Number(), "Hours": 21}},
		{"express expired one hour", ExpressExpired, Args{"Number": quotedOrder.Number(), "Hours": 1}},
		{"courier found", CourierFoundNotice, Args{"Number": paidExpress.Number()}},
		{"courier on the way", CourierOnTheWayNotice, Args{"Number": paidExpress.Number()}},
		{"payment received express", PaymentReceived, Args{"Order": paidExpress, "Number": paidExpress.Number(), "Items": items,
			"Email": customer.Email, "ExpressFrom": express.Opens, "ExpressTo": express.Closes}},
		{"order view express awaiting quote", OrderView, Args{"Order": expressOrder, "Number": expressOrder.Number(), "Created": created, "History": []historyLine(nil)}},
		{"order view express paid", OrderView, Args{"Order": paidExpress, "Number": paidExpress.Number(), "Created": created, "History": []historyLine(nil)}},
		{"staff new order pickup point", StaffNewOrder, Args{"Order": func() shop.Order { o := order; o.Delivery = pointDelivery; return o }(),
			"Number": order.Number(), "Created": created}},
		{"staff order card express", StaffOrderCard, Args{"Refunded": shop.Money(0), "Pending": shop.Money(0), "Claims": []shop.Claim(nil), "Order": paidExpress, "Number": paidExpress.Number(), "Created": created, "Events": quotedEvents}},

		{"btn point list", BtnPointList, nil},
		{"btn share location", BtnShareLocation, nil},
		{"btn point near", BtnPoint, Args{"Point": near[0]}},
		{"btn point far", BtnPoint, Args{"Point": near[2]}},
		{"btn point listed", BtnPoint, Args{"Point": listed[1]}},
		{"btn point long address", BtnPoint, Args{"Point": longPoint}},
		{"btn point long address listed", BtnPoint, Args{"Point": pointLine{DeliveryPoint: longPoint.DeliveryPoint}}},
		{"btn method express", BtnMethod, Args{"Method": string(shop.Express), "Quote": nil}},
		{"btn method pickup unpriced", BtnMethod, Args{"Method": string(shop.PickupPoint), "Quote": nil}},
		{"btn method courier unpriced", BtnMethod, Args{"Method": string(shop.Courier), "Quote": nil}},
		{"btn express queue", BtnExpressQueue, Args{"Opens": opensTomorrow}},
		{"btn express accept", BtnExpressAccept, Args{"Total": quotedOrder.Total}},
		{"btn express accept large", BtnExpressAccept, Args{"Total": shop.Money(1234500)}},
		{"btn express decline", BtnExpressDecline, nil},
		{"btn staff quote", BtnStaffQuote, nil},

		{"staff express request", StaffExpressRequest, Args{"Released": false, "Order": expressOrder, "Number": expressOrder.Number(),
			"Items": items, "Shop": retail.RetailShop.Address, "Map": mapLink, "Auto": false, "Queued": false, "Opens": time.Time{}.In(p.Location())}},
		{"staff express request auto", StaffExpressRequest, Args{"Released": false, "Order": expressOrder, "Number": expressOrder.Number(),
			"Items": items, "Shop": retail.RetailShop.Address, "Map": mapLink, "Auto": true, "Queued": false, "Opens": time.Time{}.In(p.Location())}},
		{"staff express request queued", StaffExpressRequest, Args{"Released": false, "Order": queuedOrder, "Number": queuedOrder.Number(),
			"Items": items, "Shop": retail.RetailShop.Address, "Map": "", "Auto": false, "Queued": true, "Opens": opensTomorrow}},
		{"staff express request released", StaffExpressRequest, Args{"Released": true, "Order": queuedOrder, "Number": queuedOrder.Number(),
			"Items": items, "Shop": retail.RetailShop.Address, "Map": "", "Auto": false, "Queued": false, "Opens": time.Time{}.In(p.Location())}},
		{"staff express accepted", StaffExpressAccepted, Args{"Number": quotedOrder.Number(), "Total": quotedOrder.Total}},
		{"staff express declined", StaffExpressDeclined, Args{"Number": quotedOrder.Number()}},
		{"staff express quote failed", StaffExpressQuoteFailed, Args{"Number": expressOrder.Number(), "Error": "yandex: check-price: 400 estimating.no_performer"}},
		{"staff express quote failed no shop", StaffExpressQuoteFailed, Args{"Number": expressOrder.Number(), "Error": "no retail shop in the profile"}},
		{"staff express book failed", StaffExpressBookFailed, Args{"Number": paidExpress.Number(), "Error": "yandex: claims/create: 503 Service Unavailable"}},
		{"staff express no pin", StaffExpressNoPin, Args{"Number": paidExpress.Number()}},
		{"staff holidays", StaffHolidays, Args{"From": 2026, "To": 2027, "Days": []struct {
			Day     string
			Weekday int
			Name    string
			Working bool
		}{{"2026-03-23", 1, "Наурыз мейрамы", false}, {"2026-11-28", 6, "перенос", true}}}},
		{"staff holidays none", StaffHolidays, Args{"From": 2030, "To": 2030, "Days": nil}},
		{"staff holiday usage", StaffHolidayUsage, nil},
		{"staff holiday set", StaffHolidaySet, Args{"Day": "2027-05-17", "Weekday": 1, "Name": "Курбан айт", "Working": false}},
		{"staff holiday set working", StaffHolidaySet, Args{"Day": "2026-11-28", "Weekday": 6, "Name": "перенос", "Working": true}},
		{"staff holiday removed", StaffHolidayRemoved, Args{"Day": "2027-05-17", "Removed": true}},
		{"staff holiday not there", StaffHolidayRemoved, Args{"Day": "2027-05-18", "Removed": false}},
		{"staff express price rose", StaffExpressPriceRose, Args{"Number": paidExpress.Number(), "Paid": shop.Money(2500),
			"Offer": shop.Money(3900), "Claim": "c1a1e001"}},
		{"staff courier noted", StaffCourierNoted, Args{"Number": paidExpress.Number(), "By": "@aigul (1)"}},
		{"staff courier already", StaffCourierAlready, Args{"Number": paidExpress.Number()}},
		{"staff not express", StaffNotExpress, Args{"Number": paidCourier.Number()}},
		{"staff express call courier", StaffExpressCallCourier, Args{"Order": paidExpress, "Number": paidExpress.Number(),
			"Map": MapLink(paidExpress.Delivery), "From": "10:00", "To": "22:00"}},
		{"staff express call courier no pin", StaffExpressCallCourier, Args{"Order": paidExpress, "Number": paidExpress.Number(),
			"Map": "", "From": "10:00", "To": "22:00"}},
		{"staff quote usage", StaffQuoteUsage, Args{"Number": expressOrder.Number()}},
		{"staff cannot quote not express", StaffCannotQuote, Args{"Number": paidCourier.Number(), "Status": string(paidCourier.Status),
			"Express": false, "Queued": false}},
		{"staff cannot quote queued", StaffCannotQuote, Args{"Number": queuedOrder.Number(), "Status": string(queuedOrder.Status),
			"Express": true, "Queued": true}},
		{"staff cannot quote paid", StaffCannotQuote, Args{"Number": paidExpress.Number(), "Status": string(paidExpress.Status),
			"Express": true, "Queued": false}},
		{"staff quoted", StaffQuoted, Args{"Number": quotedOrder.Number(), "Price": expressPrice, "By": dana}},
		{"staff courier failed", StaffCourierFailed, Args{"Number": paidExpress.Number(), "Status": "returning", "Claim": paidExpress.Courier.ID}},
		{"staff outage", StaffOutage, Args{"Service": "CDEK", "Error": outage}},
		{"staff recovered", StaffRecovered, Args{"Service": "CDEK", "Since": at(time.March, 30, 13, 47)}},

		// CDEK tracking.
		{"track at point", TrackAtPoint, Args{"Number": trackedOrder.Number(), "Address": almatyPoint.Address, "Locker": false,
			"Until": keptUntil, "Tracking": tracking}},
		{"track at point locker", TrackAtPoint, Args{"Number": trackedOrder.Number(), "Address": almatyLocker, "Locker": true,
			"Until": keptUntil, "Tracking": tracking}},
		{"track at point storage not told", TrackAtPoint, Args{"Number": trackedOrder.Number(), "Address": almatyPoint.Address, "Locker": false,
			"Until": time.Time{}, "Tracking": tracking}},
		{"track at point locker storage not told", TrackAtPoint, Args{"Number": trackedOrder.Number(), "Address": almatyLocker, "Locker": true,
			"Until": time.Time{}, "Tracking": tracking}},
		{"track out for delivery", TrackOutForDelivery, Args{"Number": shippedOrder.Number(), "Tracking": tracking}},
		{"track not delivered", TrackNotDelivered, Args{"Number": trackedOrder.Number(), "Phone": p.WhatsApp}},
		{"track pickup reminder", TrackPickupReminder, Args{"Number": trackedOrder.Number(), "Address": almatyPoint.Address,
			"Until": keptUntil, "Phone": p.WhatsApp, "Locker": false}},
		{"track pickup reminder locker", TrackPickupReminder, Args{"Number": trackedOrder.Number(), "Address": almatyPoint.Address,
			"Until": keptUntil, "Phone": p.WhatsApp, "Locker": true}},
		{"staff tracking problem not delivered", StaffTrackingProblem, Args{"Number": trackedOrder.Number(), "Tracking": tracking,
			"Code": "NOT_DELIVERED", "Name": "Не вручен", "Customer": customer.Name, "Phone": customer.Phone}},
		{"staff tracking problem removed", StaffTrackingProblem, Args{"Number": trackedOrder.Number(), "Tracking": tracking,
			"Code": "REMOVED", "Name": "Удален", "Customer": customer.Name, "Phone": customer.Phone}},
		{"staff tracking unknown", StaffTrackingUnknown, Args{"Number": trackedOrder.Number(), "Tracking": tracking}},
		{"staff pickup overdue", StaffPickupOverdue, Args{"Number": trackedOrder.Number(), "Tracking": tracking,
			"Until": lastDay, "Name": customer.Name, "Phone": customer.Phone, "Locker": false}},
		{"staff pickup overdue locker", StaffPickupOverdue, Args{"Number": trackedOrder.Number(), "Tracking": tracking,
			"Until": lastDay, "Name": customer.Name, "Phone": customer.Phone, "Locker": true}},
		{"staff pickup overdue foreign phone", StaffPickupOverdue, Args{"Number": trackedOrder.Number(), "Tracking": tracking,
			"Until": lastDay, "Name": customer.Name, "Phone": "+442079460958", "Locker": false}},
		{"order view carrier text history", OrderView, Args{"Order": trackedOrder, "Number": trackedOrder.Number(), "Created": created,
			"History": trackedHistory}},
		{"order view at point history", OrderView, Args{"Order": trackedOrder, "Number": trackedOrder.Number(), "Created": created,
			"History": atPointHistory}},
		{"staff order card carrier", StaffOrderCard, Args{"Refunded": shop.Money(0), "Pending": shop.Money(0), "Claims": []shop.Claim(nil), "Order": trackedOrder, "Number": trackedOrder.Number(), "Created": created,
			"Events": trackedEvents}},
		{"staff order card quoted cancelled by customer", StaffOrderCard, Args{"Refunded": shop.Money(0), "Pending": shop.Money(0), "Claims": []shop.Claim(nil), "Order": func() shop.Order {
			o := quotedOrder
			o.Status = shop.Cancelled
			return o
		}(), "Number": quotedOrder.Number(), "Created": created, "Events": quotedDeclinedEvents}},
		{"payment late revived express", PaymentLateRevived, Args{"Order": paidExpress, "Number": paidExpress.Number(), "Items": items,
			"Email": customer.Email, "ExpressFrom": express.Opens, "ExpressTo": express.Closes}},

		// Cancellations and refund applications (flows/claims.go).
		{"btn claims", BtnClaims, nil},
		{"btn claim charge", BtnClaimCharge, nil},
		{"btn claim status", BtnClaimStatus, nil},
		{"btn claim cancel yes", BtnClaimCancelYes, nil},
		{"btn claim void yes", BtnClaimVoidYes, nil},
		{"btn claim item", BtnClaimItem, Args{"Picked": false, "Name": hoodie, "Size": "M", "Colour": l("чёрный", "қара"), "Qty": 2, "Returned": 2}},
		{"btn claim item picked", BtnClaimItem, Args{"Picked": true, "Name": jeans, "Size": "42", "Colour": "", "Qty": 1, "Returned": 1}},
		{"btn claim item some pieces", BtnClaimItem, Args{"Picked": true, "Name": hoodie, "Size": "M", "Colour": "", "Qty": 3, "Returned": 1}},
		{"btn claim item long name", BtnClaimItem, Args{"Picked": true, "Name": l("Худи Lete Oversize с капюшоном и вышивкой на спине", "Арқасы кестеленген капюшоны бар Lete Oversize худиі"),
			"Size": "XXL", "Colour": l("молочный", "сүт түсті"), "Qty": 10, "Returned": 10}},
		{"btn claim all", BtnClaimAll, nil},
		{"btn claim next", BtnClaimNext, nil},
		{"btn claim exchange", BtnClaimExchange, nil},
		{"btn claim no exchange", BtnClaimNoExchange, nil},
		{"btn claim reason size", BtnClaimReason, Args{"Code": "size"}},
		{"btn claim reason like", BtnClaimReason, Args{"Code": "like"}},
		{"btn claim reason defect", BtnClaimReason, Args{"Code": "defect"}},
		{"btn claim reason mind", BtnClaimReason, Args{"Code": "mind"}},
		{"btn claim reason late", BtnClaimReason, Args{"Code": "late"}},
		{"btn claim reason double", BtnClaimReason, Args{"Code": "double"}},
		{"btn claim reason amount", BtnClaimReason, Args{"Code": "amount"}},
		// ClaimReview and StaffClaimNew name a typed reason through this key.
		{"btn claim reason typed", BtnClaimReason, Args{"Code": typedReason}},
		{"btn yes", BtnYes, nil},
		{"btn no", BtnNo, nil},
		{"btn claim use name", BtnClaimUseName, Args{"Name": customer.Name}},
		{"btn claim use name long", BtnClaimUseName, Args{"Name": "Нурмухамбетова-Жаксылыкова Александра Сергеевна"}},
		{"btn claim done", BtnClaimDone, nil},
		{"btn claim submit", BtnClaimSubmit, nil},
		{"btn claim abort", BtnClaimAbort, nil},
		{"btn claim approve", BtnClaimApprove, Args{"Amount": cancelAmount}},
		{"btn claim approve large", BtnClaimApprove, Args{"Amount": shop.Money(1234500)}},
		// Flows offer the button only with an amount; the text has a branch without.
		{"btn claim approve no amount", BtnClaimApprove, Args{"Amount": shop.Money(0)}},
		{"btn claim reject", BtnClaimReject, nil},
		{"btn forget", BtnForget, nil},
		{"btn forget yes", BtnForgetYes, nil},

		{"claims start", ClaimsStart, Args{"Days": p.Refund.WithdrawDays, "RefundDays": p.Refund.RefundWorkingDays}},
		{"claims start one day", ClaimsStart, Args{"Days": 1, "RefundDays": 1}},
		{"claims start 21 days", ClaimsStart, Args{"Days": 21, "RefundDays": 5}},
		{"claims no orders", ClaimsNoOrders, Args{"Days": 14, "RefundDays": 3}},
		{"claim cancel unpaid ask", ClaimCancelUnpaidAsk, Args{"Number": order.Number(), "Total": order.Total}},
		{"claim cancelled unpaid", ClaimCancelledUnpaid, Args{"Number": order.Number()}},
		{"claim order cancelled", ClaimOrderCancelled, Args{"Number": paidCancelled.Number()}},
		{"claim already open received", ClaimAlreadyOpen, Args{"Number": paidOrder.Number(), "Ref": claimRef,
			"Status": string(shop.ClaimReceived), "Due": due}},
		{"claim already open approved", ClaimAlreadyOpen, Args{"Number": deliveredOrder.Number(), "Ref": returnRef,
			"Status": string(shop.ClaimApproved), "Due": returnDue}},
		{"claim void ask", ClaimVoidAsk, Args{"Number": paidOrder.Number(), "Amount": paidOrder.Payment.Amount}},
		{"claim voided", ClaimVoided, Args{"Number": paidOrder.Number(), "Amount": paidOrder.Payment.Amount}},
		{"claim cancel paid with delivery and card", ClaimCancelPaid, Args{"Number": paidOrder.Number(), "Amount": cancelAmount,
			"Delivery": true, "Card": paidOrder.Payment.CardLastFour}},
		{"claim cancel paid free delivery no card", ClaimCancelPaid, Args{"Number": paidNoCard.Number(), "Amount": paidNoCard.GoodsTotal,
			"Delivery": false, "Card": ""}},
		{"claim too late", ClaimTooLate, Args{"Number": deliveredOrder.Number(), "Delivered": deliveredOrder.DeliveredAt, "Until": returnUntil}},
		{"claim personalised", ClaimPersonalised, Args{"Number": deliveredOrder.Number()}},
		{"claim all returned", ClaimAllReturned, Args{"Number": deliveredOrder.Number()}},
		{"card pick", CardPick, Args{"Name": "Платье"}},
		{"card no such size", CardNoSuch, Args{"Name": "Платье", "Size": "M", "Colour": false, "Have": "S, L (чёрный)"}},
		{"card no such colour", CardNoSuch, Args{"Name": "Платье", "Size": "", "Colour": true, "Have": "S"}},
		{"card none", CardNoSuch, Args{"Name": "Платье", "Size": "", "Colour": false, "Have": ""}},
		{"card price", CardPrice, Args{"Name": "Платье", "Price": shop.Money(18900)}},
		{"card question", CardQuestion, Args{"Name": "Платье"}},
		{"claim not paid", ClaimNotPaid, Args{"Number": order.Number()}},
		{"claim ask items", ClaimAskItems, Args{"Number": deliveredOrder.Number(), "Excluded": false}},
		{"claim ask items personalised excluded", ClaimAskItems, Args{"Number": deliveredOrder.Number(), "Excluded": true}},
		{"claim pick items", ClaimPickItems, nil},
		{"claim ask pieces", ClaimAskPieces, Args{"Name": hoodie, "Size": "M", "Colour": l("Чёрный", "Қара"), "Qty": 2}},
		{"claim exchange offer", ClaimExchangeOffer, Args{"Sizes": "L, XL"}},
		{"claim exchange offer one size", ClaimExchangeOffer, Args{"Sizes": "S"}},
		{"claim exchange note", ClaimExchangeNote, Args{"Number": deliveredOrder.Number(), "Items": hoodie + " (M)", "Sizes": "L, XL"}},
		{"claim exchange note two items", ClaimExchangeNote, Args{"Number": deliveredOrder.Number(),
			"Items": hoodie + " (M), " + jeans + " (42)", "Sizes": "L, 44"}},
		{"claim ask reason cancel", ClaimAskReason, Args{"Kind": string(shop.ClaimCancel)}},
		{"claim ask reason return", ClaimAskReason, Args{"Kind": string(shop.ClaimReturn)}},
		{"claim ask reason charge", ClaimAskReason, Args{"Kind": string(shop.ClaimWrongCharge)}},
		{"claim ask check presentation", ClaimAskCheck, Args{"N": 1}},
		{"claim ask check properties", ClaimAskCheck, Args{"N": 2}},
		{"claim ask check document", ClaimAskCheck, Args{"N": 3}},
		{"claim check failed", ClaimCheckFailed, nil},
		{"claim ask name", ClaimAskName, nil},
		{"claim bad name", ClaimBadName, nil},
		{"claim ask id", ClaimAskID, Args{"Days": 30}},
		{"claim ask id one day", ClaimAskID, Args{"Days": 1}},
		{"claim ask id 22 days", ClaimAskID, Args{"Days": 22}},
		{"claim ask receipts", ClaimAskReceipts, nil},
		{"claim receipt taken", ClaimReceiptTaken, Args{"Count": 1}},
		{"claim receipt taken third", ClaimReceiptTaken, Args{"Count": 3}},
		{"claim need file id", ClaimNeedFile, Args{"What": "id"}},
		{"claim need file receipt", ClaimNeedFile, Args{"What": "receipt"}},
		{"claim review cancel", ClaimReview, Args{"Kind": string(shop.ClaimCancel), "Number": paidOrder.Number(), "Lines": cancelLines,
			"Delivery": cancelDelivery, "Amount": cancelAmount, "Card": paidOrder.Payment.CardLastFour, "Reason": "mind",
			"Name": fullName, "Receipts": 0, "ReturnBy": "", "Due": due}},
		{"claim review cancel no card typed reason", ClaimReview, Args{"Kind": string(shop.ClaimCancel), "Number": paidNoCard.Number(),
			"Lines": cancelLines, "Delivery": shop.Money(0), "Amount": paidNoCard.GoodsTotal, "Card": "", "Reason": typedReason,
			"Name": fullName, "Receipts": 0, "ReturnBy": "", "Due": due}},
		{"claim review return", ClaimReview, Args{"Kind": string(shop.ClaimReturn), "Number": deliveredOrder.Number(), "Lines": returnLines,
			"Delivery": shop.Money(0), "Amount": returnAmount, "Card": deliveredOrder.Payment.CardLastFour, "Reason": "size",
			"Name": fullName, "Receipts": 0, "ReturnBy": returnBy, "Due": returnDue}},
		{"claim review return defect", ClaimReview, Args{"Kind": string(shop.ClaimReturn), "Number": deliveredOrder.Number(), "Lines": cancelLines,
			"Delivery": shop.Money(0), "Amount": shop.ClaimAmount(cancelLines, 0), "Card": deliveredOrder.Payment.CardLastFour, "Reason": "defect",
			"Name": fullName, "Receipts": 0, "ReturnBy": returnBy, "Due": returnDue}},
		{"claim review charge", ClaimReview, Args{"Kind": string(shop.ClaimWrongCharge), "Number": paidOrder.Number(), "Lines": []shop.ClaimLine(nil),
			"Delivery": shop.Money(0), "Amount": shop.Money(0), "Card": paidOrder.Payment.CardLastFour, "Reason": "double",
			"Name": fullName, "Receipts": 2, "ReturnBy": "", "Due": due}},
		{"claim review charge typed reason", ClaimReview, Args{"Kind": string(shop.ClaimWrongCharge), "Number": paidOrder.Number(),
			"Lines": []shop.ClaimLine(nil), "Delivery": shop.Money(0), "Amount": shop.Money(0), "Card": "", "Reason": typedReason,
			"Name": fullName, "Receipts": 1, "ReturnBy": "", "Due": due}},
		{"claim submitted cancel", ClaimSubmitted, Args{"InTransit": false, "Tracking": "", "Ref": claimRef, "At": submitted, "Amount": cancelAmount,
			"Card": paidOrder.Payment.CardLastFour, "Due": due, "Email": p.Email, "ReturnBy": "", "Mailed": true}},
		{"claim submitted cancel in transit", ClaimSubmitted, Args{"InTransit": true, "Tracking": "1234567890", "Ref": claimRef, "At": submitted, "Amount": cancelAmount,
			"Card": paidOrder.Payment.CardLastFour, "Due": due, "Email": p.Email, "ReturnBy": "", "Mailed": true}},
		{"claim submitted cancel no card", ClaimSubmitted, Args{"InTransit": false, "Tracking": "", "Ref": claimRef, "At": submitted, "Amount": cancelAmount,
			"Card": "", "Due": due, "Email": p.Email, "ReturnBy": "", "Mailed": true}},
		{"claim submitted return", ClaimSubmitted, Args{"InTransit": false, "Tracking": "", "Ref": returnRef, "At": returnSubmitted, "Amount": returnAmount,
			"Card": deliveredOrder.Payment.CardLastFour, "Due": returnDue, "Email": p.Email, "ReturnBy": returnBy, "Mailed": false}},
		{"claim submitted charge", ClaimSubmitted, Args{"InTransit": false, "Tracking": "", "Ref": chargeRef, "At": submitted, "Amount": shop.Money(0),
			"Card": paidOrder.Payment.CardLastFour, "Due": due, "Email": p.Email, "ReturnBy": "", "Mailed": true}},
		{"claim document", ClaimDocument, Args{"Ref": claimRef}},
		{"claim aborted", ClaimAborted, nil},
		{"claim changed", ClaimChanged, Args{"Number": paidOrder.Number()}},
		{"claim status list none", ClaimStatusList, Args{"Claims": []claimView(nil)}},
		{"claim status list open", ClaimStatusList, Args{"Claims": openClaims}},
		{"claim status list closed", ClaimStatusList, Args{"Claims": closedClaims}},
		{"claim approved notice", ClaimApprovedNotice, Args{"Ref": claimRef, "Amount": cancelAmount, "Card": paidOrder.Payment.CardLastFour, "At": submitted}},
		{"claim approved notice no card", ClaimApprovedNotice, Args{"Ref": chargeRef, "Amount": shop.Money(5000), "Card": "", "At": submitted}},
		{"claim rejected notice", ClaimRejectedNotice, Args{"Ref": returnRef, "Reason": rejection, "At": at(time.April, 7, 15, 40), "Email": p.Email}},
		{"claim refunded notice", ClaimRefundedNotice, Args{"Ref": claimRef, "Amount": cancelAmount, "Card": paidOrder.Payment.CardLastFour,
			"Transaction": int64(2981600005)}},
		{"claim refunded notice no card", ClaimRefundedNotice, Args{"Ref": chargeRef, "Amount": shop.Money(5000), "Card": "",
			"Transaction": int64(2981600006)}},
		{"claim charge order", ClaimChargeOrder, nil},
		{"claim too many files", ClaimTooManyFiles, Args{"Max": 5}},
		{"claim reason size", ClaimReasonText, Args{"Code": "size"}},
		{"claim reason double", ClaimReasonText, Args{"Code": "double"}},
		{"claim reason typed, long", ClaimReasonText, Args{"Code": strings.Repeat("Ткань оказалась тоньше, чем на фото. ", 6)}},
		{"claim status received", ClaimStatusText, Args{"Status": string(shop.ClaimReceived)}},
		{"claim status approved", ClaimStatusText, Args{"Status": string(shop.ClaimApproved)}},
		{"claim status refunded", ClaimStatusText, Args{"Status": string(shop.ClaimRefunded)}},
		{"claim status rejected", ClaimStatusText, Args{"Status": string(shop.ClaimRejected)}},

		{"staff claim new cancel", StaffClaimNew, Args{"InTransit": false, "Tracking": "", "Ref": claimRef, "Kind": string(shop.ClaimCancel), "Number": paidOrder.Number(),
			"Lines": cancelLines, "Delivery": cancelDelivery, "Amount": cancelAmount, "Card": paidOrder.Payment.CardLastFour, "Reason": "late",
			"Name": fullName, "Phone": customer.Phone, "Email": customer.Email, "At": submitted, "Due": due}},
		{"staff claim new cancel in transit", StaffClaimNew, Args{"InTransit": true, "Tracking": "1234567890", "Ref": claimRef, "Kind": string(shop.ClaimCancel), "Number": paidOrder.Number(),
			"Lines": cancelLines, "Delivery": cancelDelivery, "Amount": cancelAmount, "Card": paidOrder.Payment.CardLastFour, "Reason": "late",
			"Name": fullName, "Phone": customer.Phone, "Email": customer.Email, "At": submitted, "Due": due}},
		{"staff claim new return", StaffClaimNew, Args{"InTransit": false, "Tracking": "", "Ref": returnRef, "Kind": string(shop.ClaimReturn), "Number": deliveredOrder.Number(),
			"Lines": returnLines, "Delivery": shop.Money(0), "Amount": returnAmount, "Card": deliveredOrder.Payment.CardLastFour, "Reason": "like",
			"Name": fullName, "Phone": customer.Phone, "Email": customer.Email, "At": returnSubmitted, "Due": returnDue}},
		{"staff claim new charge", StaffClaimNew, Args{"InTransit": false, "Tracking": "", "Ref": chargeRef, "Kind": string(shop.ClaimWrongCharge), "Number": paidOrder.Number(),
			"Lines": []shop.ClaimLine(nil), "Delivery": shop.Money(0), "Amount": shop.Money(0), "Card": paidOrder.Payment.CardLastFour,
			"Reason": "amount", "Name": fullName, "Phone": customer.Phone, "Email": customer.Email, "At": submitted, "Due": due}},
		{"staff claim new no card no contacts typed reason", StaffClaimNew, Args{"InTransit": false, "Tracking": "", "Ref": claimRef, "Kind": string(shop.ClaimCancel),
			"Number": paidNoCard.Number(), "Lines": cancelLines, "Delivery": cancelDelivery, "Amount": cancelAmount, "Card": "",
			"Reason": typedReason, "Name": fullName, "Phone": "", "Email": "", "At": submitted, "Due": due}},
		{"staff claim new foreign phone", StaffClaimNew, Args{"InTransit": false, "Tracking": "", "Ref": returnRef, "Kind": string(shop.ClaimReturn), "Number": deliveredOrder.Number(),
			"Lines": returnLines, "Delivery": shop.Money(0), "Amount": returnAmount, "Card": deliveredOrder.Payment.CardLastFour, "Reason": "defect",
			"Name": fullName, "Phone": "+442079460958", "Email": "", "At": returnSubmitted, "Due": returnDue}},
		{"staff claim file id", StaffClaimFile, Args{"What": "id", "Ref": claimRef}},
		{"staff claim file receipt", StaffClaimFile, Args{"What": "receipt", "Ref": chargeRef}},
		{"staff claim mail subject", StaffClaimMailSubject, Args{"Ref": claimRef, "Number": paidOrder.Number()}},
		{"staff claim mail", StaffClaimMail, Args{"Ref": claimRef, "Number": paidOrder.Number(), "Receipts": false, "At": submitted, "Due": due}},
		{"staff claim mail receipts", StaffClaimMail, Args{"Ref": chargeRef, "Number": paidOrder.Number(), "Receipts": true, "At": submitted, "Due": due}},
		{"staff claim approved", StaffClaimApproved, Args{"Ref": claimRef, "By": dana, "Amount": cancelAmount}},
		{"staff claim rejected", StaffClaimRejected, Args{"Ref": returnRef, "By": yerzhan, "Reason": rejection}},
		{"staff claim decided approved", StaffClaimDecided, Args{"Ref": claimRef, "Status": string(shop.ClaimApproved)}},
		{"staff claim decided refunded", StaffClaimDecided, Args{"Ref": claimRef, "Status": string(shop.ClaimRefunded)}},
		{"staff claim decided rejected", StaffClaimDecided, Args{"Ref": returnRef, "Status": string(shop.ClaimRejected)}},
		{"staff claim not found", StaffClaimNotFound, Args{"Ref": shop.ClaimRef(999)}},
		{"staff claim usage approve", StaffClaimUsage, Args{"Command": "approve", "Ref": chargeRef}},
		{"staff claim usage approve no ref", StaffClaimUsage, Args{"Command": "approve", "Ref": "R1"}},
		{"staff claim usage reject", StaffClaimUsage, Args{"Command": "reject", "Ref": returnRef}},
		{"return waybill taken", ReturnWaybillTaken, Args{"Ref": "R1", "Waybill": "1122334455"}},
		{"staff return waybill", StaffReturnWaybill, Args{"Ref": "R1", "Number": paidOrder.Number(), "Waybill": "1122334455"}},
		{"waybill passed", WaybillPassed, Args{"Waybill": "1122334455"}},
		{"staff waybill no claim", StaffWaybillNoClaim, Args{"Number": paidOrder.Number(), "Waybill": "1122334455"}},
		{"tracking not found", TrackingNotFound, nil},
		{"pay only card", PayOnlyCard, nil},
		{"staff claim amount fixed", StaffClaimAmountFixed, Args{"Ref": "R1", "Amount": shop.Money(29800)}},
		{"staff claim too much", StaffClaimTooMuch, Args{"Number": paidOrder.Number(), "Left": shop.Money(31200)}},
		{"staff claim list none", StaffClaimList, Args{"Claims": []claimView(nil)}},
		{"staff claim list", StaffClaimList, Args{"Claims": openClaims}},
		{"staff claim due soon received", StaffClaimDueSoon, Args{"Ref": claimRef, "Number": paidOrder.Number(), "Due": due,
			"Status": string(shop.ClaimReceived)}},
		{"staff claim due soon approved", StaffClaimDueSoon, Args{"Ref": returnRef, "Number": deliveredOrder.Number(), "Due": returnDue,
			"Status": string(shop.ClaimApproved)}},
		{"staff claim overdue", StaffClaimOverdue, Args{"Ref": claimRef, "Number": paidOrder.Number(), "Due": due,
			"Status": string(shop.ClaimReceived)}},
		{"staff claim overdue approved", StaffClaimOverdue, Args{"Ref": returnRef, "Number": deliveredOrder.Number(), "Due": returnDue,
			"Status": string(shop.ClaimApproved)}},
		{"staff customer cancel unpaid", StaffCustomerCancel, Args{"Number": order.Number(), "Held": false, "Amount": shop.Money(0)}},
		{"staff customer cancel held", StaffCustomerCancel, Args{"Number": paidOrder.Number(), "Held": true, "Amount": paidOrder.Payment.Amount}},

		{"forget ask", ForgetAsk, nil},
		{"forget blocked order", ForgetBlocked, Args{"Orders": paidOrder.Number(), "Claims": ""}},
		{"forget blocked orders", ForgetBlocked, Args{"Orders": paidOrder.Number() + ", " + shop.OrderNumber(57), "Claims": ""}},
		{"forget blocked claim", ForgetBlocked, Args{"Orders": "", "Claims": claimRef}},
		{"forget blocked order and claims", ForgetBlocked, Args{"Orders": shippedOrder.Number(), "Claims": returnRef + ", " + chargeRef}},
		{"forget done", ForgetDone, nil},
	}
	// PaymentDeclined with every decline group the flows may pass.
	for _, g := range []shop.DeclineGroup{shop.DeclineNotEnabled, shop.DeclineNoFunds, shop.DeclineWrongDetails, shop.DeclineExpired, shop.DeclineOther} {
		cases = append(cases, renderCase{"payment declined " + string(g), PaymentDeclined,
			Args{"Number": order.Number(), "Group": string(g), "Phone": p.WhatsApp}})
	}
	for _, k := range dynamic {
		cases = append(cases, renderCase{string(k), k, nil})
	}
	return cases
}

func TestRenderAll(t *testing.T) {
	c := newCatalog(t)
	dynamic := dynamicKeys(t)
	for _, lang := range shop.Langs {
		covered := make(map[Key]bool)
		for _, tc := range renderCases(lang, dynamic) {
			covered[tc.key] = true
			t.Run(string(lang)+"/"+tc.name, func(t *testing.T) {
				got, err := c.Render(lang, Text{Key: tc.key, Args: tc.args})
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				if strings.TrimSpace(got) == "" {
					t.Fatal("renders empty")
				}
				for _, bad := range []string{"<no value>", "{{", "}}", "%!", "  "} {
					if strings.Contains(got, bad) {
						t.Errorf("contains %q:\n%s", bad, got)
					}
				}
				if strings.Contains(got, "\n\n\n") {
					t.Errorf("contains two blank lines in a row:\n%s", got)
				}
				for _, line := range strings.Split(got, "\n") {
					if line != strings.TrimRightFunc(line, unicode.IsSpace) {
						t.Errorf("line ends with a space: %q", line)
					}
				}
			})
		}
		for _, k := range c.Keys(lang) {
			if !covered[k] {
				t.Errorf("%s: no sample arguments for %q in renderCases", lang, k)
			}
		}
	}
}

// handoffCardRef finds "#H12" in a staff text the way flows.replyRef does,
// so a messenger reply to the card reaches that customer.
func handoffCardRef(text string) (int64, bool) {
	for _, f := range strings.Fields(text) {
		f = strings.Trim(f, ".,:;()")
		if strings.HasPrefix(f, "#") {
			if id, ok := shop.ParseHandoffRef(f); ok {
				return id, true
			}
		}
	}
	return 0, false
}

// TestHandoffTexts checks what the texts of a conversation handed to staff
// say, beyond rendering: each {{if}} branch shows what it should.
func TestHandoffTexts(t *testing.T) {
	c := newCatalog(t)
	for _, lang := range shop.Langs {
		t.Run(string(lang), func(t *testing.T) {
			render := func(key Key, pairs ...any) string {
				t.Helper()
				got, err := c.Render(lang, T(key, pairs...))
				if err != nil {
					t.Fatalf("Render %s: %v", key, err)
				}
				return got
			}
			loc := shop.DefaultProfile().Location()
			opens := time.Date(2026, time.April, 1, 10, 0, 0, 0, loc)

			working := render(HandoffStarted, "Working", true, "Opens", time.Time{}, "Forwarded", false)
			closed := render(HandoffStarted, "Working", false, "Opens", opens, "Forwarded", false)
			if strings.Contains(working, "00:00") || strings.Contains(working, "01.01.0001") {
				t.Errorf("started while staff work shows the zero Opens:\n%s", working)
			}
			for _, want := range []string{"10:00", "01.04.2026"} {
				if !strings.Contains(closed, want) {
					t.Errorf("started after hours lacks %q:\n%s", want, closed)
				}
			}
			if !strings.HasPrefix(closed, strings.SplitN(working, "\n", 2)[0]) {
				t.Errorf("after hours should only add a line to the working text:\n%s\n--\n%s", working, closed)
			}

			// endHandoff passes Minutes to HandoffEnded, staffDone nothing.
			if a, b := render(HandoffEnded, "Minutes", 30), render(HandoffEnded); a != b {
				t.Errorf("HandoffEnded differs with and without Minutes:\n%s\n--\n%s", a, b)
			}
			if got := render(HandoffResumed, "Minutes", 45); !strings.Contains(got, "45") {
				t.Errorf("HandoffResumed lacks the minutes:\n%s", got)
			}

			reply := render(StoreReply, "Text", "Да.\nРазмер M есть.", "Store", "Lete store")
			if !strings.Contains(reply, "Lete store") || !strings.HasSuffix(reply, "\nДа.\nРазмер M есть.") {
				t.Errorf("StoreReply should name the store and end with the staff text as written:\n%s", reply)
			}

			full := render(StaffHandoffOpened, "Ref", "H12", "Name", "Айгерим", "Phone", "+77771234567", "Lang", "kk", "Minutes", 30)
			bare := render(StaffHandoffOpened, "Ref", "H12", "Name", "", "Phone", "", "Lang", "ru", "Minutes", 30)
			for _, s := range []string{full, bare} {
				if id, ok := handoffCardRef(s); !ok || id != 12 {
					t.Errorf("staff card has no #H12 a reply can be routed by:\n%s", s)
				}
				if !strings.Contains(s, "/reply H12") {
					t.Errorf("staff card does not show the /reply command:\n%s", s)
				}
			}
			if !strings.Contains(full, "Айгерим") || !strings.Contains(full, Phone("+77771234567")) {
				t.Errorf("staff card lacks the name or the formatted phone:\n%s", full)
			}
			if n, m := strings.Count(full, "\n"), strings.Count(bare, "\n"); n != m+2 {
				t.Errorf("an empty name and phone should drop two lines, got %d and %d lines:\n%s\n--\n%s", n+1, m+1, full, bare)
			}
			kkCard := render(StaffHandoffOpened, "Ref", "H12", "Name", "", "Phone", "", "Lang", "kk", "Minutes", 30)
			if kkCard == bare {
				t.Errorf("the customer's language does not show:\n%s", bare)
			}

			// handoffText passes Text, or Other for what the customer sent
			// instead (a file, a location, a contact), or neither.
			text := render(StaffHandoffMessage, "Ref", "H12", "Text", "Есть размер S?", "Other", "")
			file := render(StaffHandoffMessage, "Ref", "H12", "Text", "", "Other", "📎 Размерная сетка.pdf")
			other := render(StaffHandoffMessage, "Ref", "H12", "Text", "", "Other", "")
			if !strings.HasSuffix(text, "Есть размер S?") {
				t.Errorf("StaffHandoffMessage should end with the customer's text:\n%s", text)
			}
			if !strings.HasSuffix(file, "📎 Размерная сетка.pdf") {
				t.Errorf("StaffHandoffMessage should end with what the customer sent:\n%s", file)
			}
			for _, s := range []string{text, file, other} {
				if id, ok := handoffCardRef(s); !ok || id != 12 {
					t.Errorf("staff message has no #H12 a reply can be routed by:\n%s", s)
				}
				if !strings.HasPrefix(s, "💬") {
					t.Errorf("staff message should start with 💬 for flows.replyRef:\n%s", s)
				}
			}
			if other == render(StaffHandoffMessage, "Ref", "H12", "Text", " ", "Other", "") || other == file {
				t.Errorf("a message staff cannot see reads like a text or a file:\n%s", other)
			}

			byCustomer := render(StaffHandoffClosed, "Ref", "H12", "By", "customer")
			bySilence := render(StaffHandoffClosed, "Ref", "H12", "By", "bot")
			byStaff := render(StaffHandoffClosed, "Ref", "H12", "By", "@aigul (1)")
			if byCustomer == bySilence || byCustomer == byStaff || bySilence == byStaff {
				t.Errorf("who closed the conversation does not show:\n%s\n%s\n%s", byCustomer, bySilence, byStaff)
			}
			if !strings.Contains(byStaff, "@aigul (1)") {
				t.Errorf("closed by staff does not name them:\n%s", byStaff)
			}
			for _, s := range []string{byCustomer, bySilence} {
				if strings.Contains(s, "customer") || strings.Contains(s, "(bot)") {
					t.Errorf("shows the stored closer instead of words:\n%s", s)
				}
			}

			sent := render(StaffReplySent, "Ref", "H12", "Closed", false)
			sentClosed := render(StaffReplySent, "Ref", "H12", "Closed", true)
			if !strings.Contains(sent, "H12") || !strings.HasPrefix(sentClosed, sent) || sentClosed == sent {
				t.Errorf("StaffReplySent should name the ref and add a warning when closed:\n%s\n--\n%s", sent, sentClosed)
			}
			if got := render(StaffReplySent, "Ref", "LT-00042", "Closed", false); !strings.Contains(got, "LT-00042") {
				t.Errorf("StaffReplySent for an order lacks its number:\n%s", got)
			}
			usage := render(StaffReplyUsage)
			for _, want := range []string{"/reply H12", "/reply LT-00042", "/done H12"} {
				if !strings.Contains(usage, want) {
					t.Errorf("StaffReplyUsage lacks %q:\n%s", want, usage)
				}
			}
		})
	}
}

// TestDeliveryTexts checks what the pickup-point and express texts say,
// beyond rendering: dates, times, prices and distances show, and each
// {{if}} branch reads differently.
func TestDeliveryTexts(t *testing.T) {
	c := newCatalog(t)
	p := shop.DefaultProfile()
	loc := p.Location()
	from, to := p.Express.Opens, p.Express.Closes
	if from != "10:00" || to != "22:00" {
		t.Fatalf("the profile's express window is %s–%s; this test expects 10:00–22:00", from, to)
	}
	for _, lang := range shop.Langs {
		t.Run(string(lang), func(t *testing.T) {
			render := func(key Key, pairs ...any) string {
				t.Helper()
				got, err := c.Render(lang, T(key, pairs...))
				if err != nil {
					t.Fatalf("Render %s: %v", key, err)
				}
				return got
			}
			contains := func(what, got string, wants ...string) {
				t.Helper()
				for _, want := range wants {
					if !strings.Contains(got, want) {
						t.Errorf("%s lacks %q:\n%s", what, want, got)
					}
				}
			}
			lacks := func(what, got string, bad ...string) {
				t.Helper()
				for _, b := range bad {
					if strings.Contains(got, b) {
						t.Errorf("%s should not contain %q:\n%s", what, b, got)
					}
				}
			}
			zeroTime := []string{"01.01.0001", "00:00"}
			number := shop.OrderNumber(42)
			opens := time.Date(2026, time.December, 6, 10, 0, 0, 0, loc)

			// ExpressClosed: another day shows the date; today says so.
			later := render(ExpressClosed, "Opens", opens, "Today", false, "From", from, "To", to)
			contains("express closed, opens another day", later, "06.12.2026", "22:00")
			if n := strings.Count(later, "10:00"); n != 2 {
				t.Errorf("express closed should show 10:00 as the window's start and the opening time, found it %d times:\n%s", n, later)
			}
			today := render(ExpressClosed, "Opens", opens, "Today", true, "From", from, "To", to)
			lacks("express closed, opens today", today, "06.12.2026")
			contains("express closed, opens today", today, map[shop.Lang]string{shop.Russian: "сегодня", shop.Kazakh: "бүгін"}[lang], "22:00")
			if n := strings.Count(today, "10:00"); n != 2 {
				t.Errorf("express closed today should show 10:00 twice, found it %d times:\n%s", n, today)
			}

			// ExpressQuoted: the price, the goods and the total, as money.
			quoted := render(ExpressQuoted, "Number", number, "Price", shop.Money(2200), "Goods", shop.Money(34700),
				"Total", shop.Money(36900), "Address", "ул. Достык, 5, кв. 48")
			contains("express quoted", quoted, number, "ул. Достык, 5, кв. 48", Money(2200), Money(34700), Money(36900))
			lacks("express quoted", quoted, "2200", "34700", "36900")
			if i, j := strings.Index(quoted, Money(34700)), strings.Index(quoted, Money(36900)); i > j {
				t.Errorf("express quoted should show the goods before the total:\n%s", quoted)
			}
			accept := render(BtnExpressAccept, "Total", shop.Money(36900))
			contains("accept button", accept, Money(36900))
			if accept == render(BtnExpressDecline) {
				t.Errorf("accept and decline buttons read the same: %q", accept)
			}

			// AskMethod: express with its hours, approximate prices noted.
			method := render(Key("method." + string(shop.Express)))
			opts := []methodOption{{Method: shop.PickupPoint, Quote: shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1500, Approximate: true, MinDays: 2, MaxDays: 5}}}
			ask := func(express, approx bool) string {
				return render(AskMethod, "City", "Астана", "Options", opts, "More", shop.Money(0),
					"Express", express, "Approximate", approx, "From", from, "To", to)
			}
			withExpress, plain := ask(true, false), ask(false, false)
			contains("ask method with express", withExpress, method, "10:00", "22:00", Money(1500))
			lacks("ask method without express", plain, method, "22:00")
			if approx := ask(false, true); !strings.HasPrefix(approx, plain) || approx == plain {
				t.Errorf("approximate prices should add a note to the method question:\n%s\n--\n%s", plain, approx)
			}

			// The method buttons: express has no price yet.
			if got := render(BtnMethod, "Method", string(shop.Express), "Quote", nil); got != method {
				t.Errorf("express button = %q, want the method alone %q", got, method)
			}
			priced := render(BtnMethod, "Method", string(shop.PickupPoint), "Quote", opts[0].Quote)
			contains("priced method button", priced, render(Key("method."+string(shop.PickupPoint)))+": ", Money(1500))
			if render(BtnConfirm, "Express", true) == render(BtnConfirm, "Express", false) {
				t.Errorf("the confirm button reads the same for an express request and an order")
			}

			// ExpressRequested: out of hours, when it will be priced.
			queued := render(ExpressRequested, "Number", number, "Queued", true, "Opens", opens)
			now := render(ExpressRequested, "Number", number, "Queued", false, "Opens", time.Time{})
			contains("express requested out of hours", queued, number, "06.12.2026", "10:00")
			contains("express requested", now, number)
			lacks("express requested", now, zeroTime...)

			// Summary: express has no price yet and, queued, says when.
			customer := shop.Customer{Name: "Айгерим Садықова", Phone: "+77771234567", Email: "aigerim@example.kz"}
			items := []summaryLine{{Name: "Худи", Size: "M", Qty: 1, Sum: 12900}}
			exp := shop.Delivery{Method: shop.Express, City: "Астана", Address: "ул. Достык, 5, кв. 48", Quote: shop.DeliveryQuote{Method: shop.Express}}
			summary := func(d shop.Delivery, express, queued bool, opens time.Time) string {
				return render(Summary, "Items", items, "Goods", shop.Money(12900), "Delivery", d, "Quote", d.Quote,
					"Total", shop.Money(12900)+d.Quote.Price, "Customer", customer, "Express", express, "Queued", queued, "Opens", opens)
			}
			expQueued := summary(exp, true, true, opens)
			expNow := summary(exp, true, false, time.Time{})
			contains("express summary, queued", expQueued, method, "ул. Достык, 5, кв. 48", "06.12.2026", "10:00")
			lacks("express summary", expNow, zeroTime...)
			for _, s := range []string{expQueued, expNow} {
				lacks("express summary", s, ": "+Money(0))
			}
			if !strings.HasPrefix(expQueued, expNow) || expQueued == expNow {
				t.Errorf("a queued request should only add when it is handled:\n%s\n--\n%s", expNow, expQueued)
			}
			point := shop.Delivery{Method: shop.PickupPoint, City: "Астана", Address: "ул. Кенесары, 40", Point: "AST12",
				Quote: shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1500, MinDays: 2, MaxDays: 5}}
			pointSummary := summary(point, false, false, time.Time{})
			contains("pickup point summary", pointSummary, "ул. Кенесары, 40", "AST12", Money(1500), Money(14400))
			lacks("pickup point summary", pointSummary, zeroTime...)
			noPoint := point
			noPoint.Point = ""
			lacks("door summary", summary(noPoint, false, false, time.Time{}), "AST12")

			// Pickup points: distances, lockers and working hours.
			office := shop.DeliveryPoint{Code: "AST12", Address: "ул. Кенесары, 40", WorkTime: "Пн-Пт 09:00-20:00"}
			locker := shop.DeliveryPoint{Code: "AST305", Address: "пр. Туран, 37", Locker: true}
			nearList := []pointLine{{office, 349}, {locker, 1234}}
			nearText := render(PointsNear, "Points", nearList)
			contains("points near", nearText, "1. ул. Кенесары, 40", "2. пр. Туран, 37", "350\u00a0м", "1,2\u00a0км", "Пн-Пт 09:00-20:00")
			if n := strings.Count(nearText, "🕒"); n != 1 {
				t.Errorf("points near shows working hours %d times, want once (the locker has none):\n%s", n, nearText)
			}
			if n := strings.Count(nearText, "постамат"); n != 1 {
				t.Errorf("points near names %d lockers, want 1:\n%s", n, nearText)
			}
			found := []pointLine{{DeliveryPoint: office}, {DeliveryPoint: locker}}
			none := render(PointsFound, "Points", found, "More", 0)
			more := render(PointsFound, "Points", found, "More", 13)
			lacks("points found", none, "13", "км", "\u00a0м")
			contains("points found with more", more, "13")
			if strings.Count(more, "\n") != strings.Count(none, "\n")+1 {
				t.Errorf("more points should add one line:\n%s\n--\n%s", none, more)
			}
			listPage := render(PointsPage, "Points", found, "Page", 2, "Pages", 4)
			contains("points page", listPage, "2", "4", "ул. Кенесары, 40", "пр. Туран, 37")
			contains("points none", render(PointsNone, "Query", "Кенесары 400"), "«Кенесары 400»")

			// Point buttons: shortened addresses, a distance only when known.
			long := shop.DeliveryPoint{Code: "AST118", Address: strings.Repeat("пр. Кабанбай батыра, 62, ТРЦ «Хан Шатыр», ", 3)}
			label := render(BtnPoint, "Point", pointLine{long, 15750})
			if n := utf8.RuneCountInString(label); n > 64 {
				t.Errorf("point button is %d characters, want at most 64: %q", n, label)
			}
			if !strings.HasPrefix(label, "📍 пр. Кабанбай") || !strings.HasSuffix(label, "… · 15,8\u00a0км") {
				t.Errorf("long point button = %q, want the address cut with … and the distance kept", label)
			}
			if got := render(BtnPoint, "Point", pointLine{DeliveryPoint: office}); got != "📍 ул. Кенесары, 40" {
				t.Errorf("point button without a distance = %q, want %q", got, "📍 ул. Кенесары, 40")
			}
			if got := render(BtnPoint, "Point", pointLine{office, 349}); got != "📍 ул. Кенесары, 40 · 350\u00a0м" {
				t.Errorf("point button with a distance = %q", got)
			}

			// ExpressMissing: quantities above one, and what to do.
			missing := []missingLine{{Name: "Худи", Size: "M", Qty: 3, InShop: 1}, {Name: "Джинсы", Size: "42", Qty: 1}}
			some := render(ExpressMissing, "Items", missing, "City", "Астана", "All", false)
			all := render(ExpressMissing, "Items", missing[1:], "City", "Астана", "All", true)
			contains("express missing", some, "Худи", "Джинсы")
			if lang == shop.Russian {
				contains("express missing, some in the shop", some, "M: есть 1 шт. из 3", "42: нет\n")
			} else {
				contains("express missing, some in the shop", some, "M: тек 1 дана бар (3 керек)", "42: жоқ\n")
			}
			if lastLine(some) == lastLine(all) {
				t.Errorf("express missing gives the same advice whether some or all items are missing:\n%s\n--\n%s", some, all)
			}

			// Staff: the request card's variants.
			order := shop.Order{ID: 42, Lang: lang, Status: shop.AwaitingQuote, Customer: customer, Delivery: exp, GoodsTotal: 12900, Total: 12900,
				Items: []shop.OrderItem{{VariantID: "LT-101-M", SKU: "LT-101", Name: "Худи", Size: "M", Price: 12900, Qty: 1}}}
			shopAddr := shop.Localized{RU: "г. Астана, пр. Улы Дала, 54", KK: "Астана қаласы, Ұлы Дала даңғылы, 54"}
			card := func(released, auto, queued bool, mapLink string, opens time.Time) string {
				return render(StaffExpressRequest, "Released", released, "Order", order, "Number", number, "Items", items,
					"Shop", shopAddr, "Map", mapLink, "Auto", auto, "Queued", queued, "Opens", opens)
			}
			link := "https://yandex.kz/maps/?pt=71.430411,51.128207&z=17&l=map"
			manual := card(false, false, false, link, time.Time{}.In(loc))
			auto := card(false, true, false, link, time.Time{}.In(loc))
			night := card(false, false, true, "", opens)
			released := card(true, false, false, "", time.Time{}.In(loc))
			contains("express request", manual, number, shopAddr.In(lang), "ул. Достык, 5, кв. 48", link, Phone(customer.Phone), "/quote "+number)
			contains("express request, auto price", auto, "/quote "+number)
			contains("express request, out of hours", night, "06.12.2026", "10:00")
			lacks("express request, out of hours", night, "/quote", "yandex.kz/maps")
			lacks("express request released", released, "yandex.kz/maps")
			contains("express request released", released, "/quote "+number)
			if lastLine(manual) == lastLine(auto) {
				t.Errorf("an automatic price reads like a manual one:\n%s", auto)
			}
			if firstLine(released) == firstLine(manual) {
				t.Errorf("a released request reads like a new one: %q", firstLine(released))
			}
			for _, s := range []string{manual, auto, released} {
				lacks("express request", s, zeroTime...)
			}

			notExpress := render(StaffCannotQuote, "Number", number, "Status", string(shop.Paid), "Express", false, "Queued", false)
			nightQuote := render(StaffCannotQuote, "Number", number, "Status", string(shop.AwaitingQuote), "Express", true, "Queued", true)
			paidQuote := render(StaffCannotQuote, "Number", number, "Status", string(shop.Paid), "Express", true, "Queued", false)
			if notExpress == nightQuote || notExpress == paidQuote || nightQuote == paidQuote {
				t.Errorf("cannot-quote reasons read the same:\n%s\n%s\n%s", notExpress, nightQuote, paidQuote)
			}
			contains("cannot quote a paid request", paidQuote, number, render(Key("status."+string(shop.Paid))))
			contains("staff quoted", render(StaffQuoted, "Number", number, "Price", shop.Money(2200), "By", "@dana_lete (1)"),
				number, Money(2200), "@dana_lete (1)")
			since := time.Date(2026, time.December, 6, 13, 47, 0, 0, loc)
			contains("staff recovered", render(StaffRecovered, "Service", "CDEK", "Since", since), "CDEK", "06.12.2026", "13:47")
		})
	}
}

// TestTrackingTexts checks what the CDEK tracking texts and the lines
// tracking and express added to other texts say, beyond rendering.
func TestTrackingTexts(t *testing.T) {
	c := newCatalog(t)
	p := shop.DefaultProfile()
	loc := p.Location()
	for _, lang := range shop.Langs {
		t.Run(string(lang), func(t *testing.T) {
			render := func(key Key, pairs ...any) string {
				t.Helper()
				got, err := c.Render(lang, T(key, pairs...))
				if err != nil {
					t.Fatalf("Render %s: %v", key, err)
				}
				return got
			}
			contains := func(what, got string, wants ...string) {
				t.Helper()
				for _, want := range wants {
					if !strings.Contains(got, want) {
						t.Errorf("%s lacks %q:\n%s", what, want, got)
					}
				}
			}
			lacks := func(what, got string, bad ...string) {
				t.Helper()
				for _, b := range bad {
					if strings.Contains(got, b) {
						t.Errorf("%s should not contain %q:\n%s", what, b, got)
					}
				}
			}
			zeroTime := []string{"01.01.0001", "0001", "00:00"}
			number := shop.OrderNumber(42)
			tracking := "1549872036"
			until := time.Date(2026, time.December, 12, 11, 32, 0, 0, loc)
			// Kazakh says a date a postposition governs in words (KazakhDate).
			lastShown := until.Format("02.01.2006")
			if lang == shop.Kazakh {
				lastShown = "12 желтоқсан"
			}
			point, locker := "мкр. Самал-2, 33а", "пр. Аль-Фараби, 77/8"

			// TrackAtPoint: the last day when the profile tells it, none
			// otherwise; a locker is named as one.
			atPoint := func(address string, isLocker bool, until time.Time) string {
				return render(TrackAtPoint, "Number", number, "Address", address, "Locker", isLocker, "Until", until, "Tracking", tracking)
			}
			dated, undated := atPoint(point, false, until), atPoint(point, false, time.Time{})
			contains("at point", dated, number, point, tracking, lastShown)
			if lang == shop.Russian {
				contains("at point", dated, "до 12.12.2026")
			}
			lacks("at point, storage not told", undated, append(zeroTime, lastShown)...)
			contains("at point, storage not told", undated, number, point, tracking)
			if len(undated) >= len(dated) {
				t.Errorf("with no storage days the date's sentence should go:\n%s\n--\n%s", dated, undated)
			}
			lockerText := atPoint(locker, true, until)
			contains("at a locker", lockerText, "постамат", locker, lastShown)
			contains("at a locker, storage not told", atPoint(locker, true, time.Time{}), "постамат")
			lacks("at a pickup point", dated, "постамат")
			lacks("at a locker, storage not told", atPoint(locker, true, time.Time{}), zeroTime...)

			contains("out for delivery", render(TrackOutForDelivery, "Number", number, "Tracking", tracking), number, tracking)
			contains("not delivered", render(TrackNotDelivered, "Number", number, "Phone", p.WhatsApp), number, Phone(p.WhatsApp))
			contains("pickup reminder", render(TrackPickupReminder, "Number", number, "Address", point, "Until", until, "Phone", p.WhatsApp, "Locker", false),
				number, point, lastShown, Phone(p.WhatsApp))

			// Staff alerts: the order, the tracking number, and what to act on.
			contains("tracking problem", render(StaffTrackingProblem, "Number", number, "Tracking", tracking, "Code", "NOT_DELIVERED", "Name", "Не вручен", "Customer", "Айгерим Садықова", "Phone", "+77771234567"),
				number, tracking, "NOT_DELIVERED", "Не вручен")
			contains("tracking unknown", render(StaffTrackingUnknown, "Number", number, "Tracking", tracking), number, tracking)
			lastDay := time.Date(2026, time.December, 12, 0, 0, 0, 0, loc)
			overdue := render(StaffPickupOverdue, "Number", number, "Tracking", tracking, "Until", lastDay, "Name", "Айгерим Садықова", "Phone", "+77771234567", "Locker", false)
			contains("pickup overdue", overdue, number, tracking, "12.12.2026", "Айгерим Садықова", Phone("+77771234567"))
			lacks("pickup overdue", overdue, "00:00")

			// The order view: the store's words for the stages it knows,
			// CDEK's own text for the rest.
			order := shop.Order{ID: 42, Lang: lang, Status: shop.Shipped, Tracking: tracking,
				Delivery: shop.Delivery{Method: shop.PickupPoint, City: "Алматы", Address: point, Point: "ALM45",
					Quote: shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1500, MinDays: 2, MaxDays: 5}},
				Items:      []shop.OrderItem{{VariantID: "LT-101-M", SKU: "LT-101", Name: "Худи", Size: "M", Price: 12900, Qty: 1}},
				GoodsTotal: 12900, Total: 14400}
			created := time.Date(2026, time.December, 1, 14, 5, 0, 0, loc)
			view := func(history ...historyLine) string {
				return render(OrderView, "Order", order, "Number", number, "Created", created, "History", history)
			}
			transit := view(historyLine{At: time.Date(2026, time.December, 4, 6, 15, 0, 0, loc), Carrier: "Прибыл в г. Алматы"})
			contains("order view, carrier text", transit, "04.12.2026 06:15 — Прибыл в г. Алматы")
			waiting := view(historyLine{At: until, Status: "track_" + string(shop.CarrierAtPoint)})
			contains("order view, at the point", waiting, "12.12.2026 11:32 — "+render(StatusTrackAtPoint))
			lacks("order view, at the point", waiting, "track_")

			// The staff card: CDEK's text, a price staff named, and the
			// customer in words.
			events := []shop.OrderEvent{
				{OrderID: 42, At: time.Date(2026, time.December, 1, 14, 12, 0, 0, loc), Actor: "@dana_lete (1)", Action: "quoted", Detail: "2200"},
				{OrderID: 42, At: time.Date(2026, time.December, 1, 14, 25, 0, 0, loc), Actor: "customer", Action: string(shop.AwaitingPayment)},
				{OrderID: 42, At: time.Date(2026, time.December, 4, 6, 15, 0, 0, loc), Actor: "cdek", Action: "carrier", Detail: "Прибыл в г. Алматы"},
			}
			card := render(StaffOrderCard, "Order", order, "Number", number, "Created", created, "Events", events, "Refunded", shop.Money(0), "Pending", shop.Money(0), "Claims", []shop.Claim(nil))
			contains("staff card", card, "2200", "@dana_lete (1)", "Прибыл в г. Алматы", "СДЭК",
				render(Key("status."+string(shop.AwaitingPayment)))+" · клиент")
			lacks("staff card", card, "customer", "status.")

			// The product card: where express can bring which sizes today.
			sizes := []sizeLine{{Size: "S", Stock: 3}, {Size: "M", Stock: 2}}
			product := func(express []expressLine) string {
				return render(ProductCard, "Name", "Худи", "Price", shop.Money(12900), "Description", "Плотный хлопок.",
					"Sizes", sizes, "SoldOut", false, "Personalised", false, "Express", express)
			}
			withExpress, without := product([]expressLine{{City: "Астана", Sizes: "S, M", Count: 2}}), product(nil)
			contains("product card with express", withExpress, "Астана", "S, M")
			one := product([]expressLine{{City: "Астана", Sizes: "M (чёрный)", Count: 1}})
			if lang == shop.Russian {
				contains("product card with express", withExpress, "размеры S, M")
				contains("product card, express in one size", one, "есть размер M (чёрный)")
			} else {
				contains("product card with express", withExpress, "S, M өлшемдері")
				contains("product card, express in one size", one, "M (чёрный) өлшемі бар")
			}
			lacks("product card without express", without, "Астана", "🚀")
			// A blank line sets it apart from the sizes, so it does not read as one.
			if strings.Count(withExpress, "\n") != strings.Count(without, "\n")+2 || !strings.Contains(withExpress, "\n\n🚀") {
				t.Errorf("express should add a blank line and one line to the product card:\n%s\n--\n%s", without, withExpress)
			}

			// Payment received: express names its hours, CDEK the e-mail.
			for _, key := range []Key{PaymentReceived, PaymentLateRevived} {
				paid := func(method shop.DeliveryMethod) string {
					o := order
					o.Status, o.Tracking, o.Delivery.Method = shop.Paid, "", method
					return render(key, "Order", o, "Number", number, "Items", []summaryLine{{Name: "Худи", Size: "M", Qty: 1, Sum: 12900}},
						"Email", "aigerim@example.kz", "ExpressFrom", p.Express.Opens, "ExpressTo", p.Express.Closes)
				}
				exp, cdek := paid(shop.Express), paid(shop.PickupPoint)
				contains(string(key)+" express", exp, p.Express.Opens, p.Express.Closes)
				lacks(string(key)+" express", exp, "aigerim@example.kz", "СДЭК")
				contains(string(key)+" pickup", cdek, "aigerim@example.kz", "СДЭК")
				lacks(string(key)+" pickup", cdek, p.Express.Closes)
			}
		})
	}
}

// TestClaimTexts checks what the texts of cancellations and refund
// applications say, beyond rendering: amounts, cards, due days and the
// staff commands show where they should, and each {{if}} branch reads
// differently.
func TestClaimTexts(t *testing.T) {
	c := newCatalog(t)
	p := shop.DefaultProfile()
	loc := p.Location()
	for _, lang := range shop.Langs {
		t.Run(string(lang), func(t *testing.T) {
			render := func(key Key, pairs ...any) string {
				t.Helper()
				got, err := c.Render(lang, T(key, pairs...))
				if err != nil {
					t.Fatalf("Render %s: %v", key, err)
				}
				return got
			}
			contains := func(what, got string, wants ...string) {
				t.Helper()
				for _, want := range wants {
					if !strings.Contains(got, want) {
						t.Errorf("%s lacks %q:\n%s", what, want, got)
					}
				}
			}
			lacks := func(what, got string, bad ...string) {
				t.Helper()
				for _, b := range bad {
					if strings.Contains(got, b) {
						t.Errorf("%s should not contain %q:\n%s", what, b, got)
					}
				}
			}
			number, ref := shop.OrderNumber(42), shop.ClaimRef(12)
			at := time.Date(2026, time.March, 31, 9, 12, 0, 0, loc)
			due := time.Date(2026, time.April, 3, 0, 0, 0, 0, loc) // as flows.dayTime makes it
			// Kazakh says a date a postposition governs in words (KazakhDate).
			dueShown, lastShown := "03.04.2026", "16.04.2026"
			if lang == shop.Kazakh {
				dueShown, lastShown = "3 сәуір", "16 сәуір"
			}
			lines := []shop.ClaimLine{
				{SKU: "LT-101", Name: "Худи", Size: "M", Price: 12900, Qty: 2},
				{SKU: "LT-205", Name: "Джинсы", Size: "42", Price: 8900, Qty: 1},
			}
			returnBy := p.ReturnDropOff.In(lang)
			reason := func(code string) string { return render(BtnClaimReason, "Code", code) }
			zero := " " + Money(0) // not the end of "25 800 ₸"

			// The review: what the customer is about to submit.
			review := func(kind shop.ClaimKind, lines []shop.ClaimLine, delivery, amount shop.Money, card, code string, receipts int, returnBy string) string {
				return render(ClaimReview, "Kind", string(kind), "Number", number, "Lines", lines, "Delivery", delivery,
					"Amount", amount, "Card", card, "Reason", code, "Name", "Садықова Айгерим", "Receipts", receipts,
					"ReturnBy", returnBy, "Due", due)
			}
			cancel := review(shop.ClaimCancel, lines, 1500, 36200, "4242", "mind", 0, "")
			contains("review of a cancellation", cancel, number, Money(25800), Money(8900), Money(1500), Money(36200),
				"•••• 4242", reason("mind"), "Садықова Айгерим", dueShown)
			lacks("review of a cancellation", cancel, returnBy)
			ret := review(shop.ClaimReturn, lines[:1], 0, 25800, "4242", "size", 0, returnBy)
			contains("review of a return", ret, Money(25800), returnBy, reason("size"))
			lacks("review of a return", ret, Money(8900), zero)
			charge := review(shop.ClaimWrongCharge, nil, 0, 0, "4242", "double", 2, "")
			contains("review of a wrong charge", charge, number, reason("double"), "2", dueShown)
			lacks("review of a wrong charge", charge, zero, "\n• ", returnBy)
			lacks("review without a card", review(shop.ClaimCancel, lines, 1500, 36200, "", "mind", 0, ""), "••••")
			if a, b, c := strings.Split(cancel, "\n")[1], strings.Split(ret, "\n")[1], strings.Split(charge, "\n")[1]; a == b || a == c || b == c {
				t.Errorf("the kinds of application read the same:\n%s\n%s\n%s", a, b, c)
			}

			// Submitted: the refund and its day, or only the day to answer by.
			submitted := func(amount shop.Money, card, returnBy string) string {
				return render(ClaimSubmitted, "InTransit", false, "Tracking", "", "Ref", ref, "At", at, "Amount", amount, "Card", card, "Due", due,
					"Email", p.Email, "ReturnBy", returnBy, "Mailed", true)
			}
			withAmount, noAmount := submitted(36200, "4242", ""), submitted(0, "4242", "")
			// A refusal of an order on its way tells her to refuse the parcel.
			transit := render(ClaimSubmitted, "InTransit", true, "Tracking", "1234567890", "Ref", ref, "At", at, "Amount", shop.Money(36200),
				"Card", "4242", "Due", due, "Email", p.Email, "ReturnBy", "", "Mailed", true)
			contains("submitted in transit", transit, "1234567890", "📦")
			lacks("submitted, not in transit", withAmount, "📦")
			contains("submitted", withAmount, ref, "31.03.2026", Money(36200), "•••• 4242", dueShown, p.Email)
			contains("submitted without an amount", noAmount, ref, dueShown, p.Email)
			lacks("submitted without an amount", noAmount, zero, "4242")
			withReturn := submitted(25800, "4242", returnBy)
			if !strings.HasPrefix(withReturn, submitted(25800, "4242", "")+"\n") || !strings.Contains(lastLine(withReturn), returnBy) {
				t.Errorf("a return should add how to send the goods as a last line:\n%s", withReturn)
			}

			// Too late: the last day of the window as flows pass it, an
			// hour before the window ends.
			delivered := time.Date(2026, time.April, 2, 12, 20, 0, 0, loc)
			tooLate := render(ClaimTooLate, "Number", number, "Delivered", delivered, "Until", p.ReturnWindowEnds(delivered).Add(-time.Hour))
			contains("too late", tooLate, number, "02.04.2026", lastShown)

			// The statuses and the lists.
			statuses := map[string]bool{}
			for _, s := range []shop.ClaimStatus{shop.ClaimReceived, shop.ClaimApproved, shop.ClaimRefunded, shop.ClaimRejected} {
				statuses[render(ClaimStatusText, "Status", string(s))] = true
			}
			if len(statuses) != 4 {
				t.Errorf("claim statuses read alike: %v", statuses)
			}
			list := func(v claimView) string { return render(ClaimStatusList, "Claims", []claimView{v}) }
			open := list(claimView{Ref: ref, Order: number, Amount: 36200, Status: string(shop.ClaimReceived), Due: due})
			contains("open claim", open, ref, number, Money(36200), "03.04.2026")
			refunded := list(claimView{Ref: ref, Order: number, Amount: 36200, Status: string(shop.ClaimRefunded), Due: due, Transaction: 2981600005})
			contains("refunded claim", refunded, "2981600005")
			lacks("refunded claim", refunded, dueShown)
			rejected := list(claimView{Ref: ref, Order: number, Status: string(shop.ClaimRejected), Due: due, Note: "бирки срезаны"})
			contains("rejected claim", rejected, "бирки срезаны")
			lacks("rejected claim", rejected, dueShown, zero)
			if none := render(ClaimStatusList, "Claims", []claimView(nil)); strings.Contains(none, "•") || none == firstLine(open) {
				t.Errorf("an empty list should say so:\n%s", none)
			}
			staffOpen := render(StaffClaimList, "Claims", []claimView{{Ref: ref, Order: number, Status: string(shop.ClaimApproved), Due: due}})
			contains("staff list", staffOpen, ref, number, "03.04.2026", render(ClaimStatusText, "Status", string(shop.ClaimApproved)))

			// The staff card: the commands to decide, with an amount to
			// name when the application has none.
			card := func(kind shop.ClaimKind, lines []shop.ClaimLine, delivery, amount shop.Money, code string) string {
				return render(StaffClaimNew, "InTransit", false, "Tracking", "", "Ref", ref, "Kind", string(kind), "Number", number, "Lines", lines, "Delivery", delivery,
					"Amount", amount, "Card", "4242", "Reason", code, "Name", "Садықова Айгерим", "Phone", "+77771234567",
					"Email", "aigerim@example.kz", "At", at, "Due", due)
			}
			priced, unpriced := card(shop.ClaimCancel, lines, 1500, 36200, "late"), card(shop.ClaimWrongCharge, nil, 0, 0, "amount")
			contains("staff card", priced, ref, number, "LT-101", "LT-205", Money(36200), "•••• 4242", reason("late"),
				Phone("+77771234567"), "aigerim@example.kz", "31.03.2026", dueShown, "/approve "+ref+";", "/reject "+ref+" ")
			contains("staff card without an amount", unpriced, "/approve "+ref+" ", "/reject "+ref+" ")
			lacks("staff card without an amount", unpriced, "/approve "+ref+";", zero, "\n• ")

			soon := func(status shop.ClaimStatus) string {
				return render(StaffClaimDueSoon, "Ref", ref, "Number", number, "Due", due, "Status", string(status))
			}
			contains("due soon, undecided", soon(shop.ClaimReceived), ref, number, "03.04.2026", "/approve "+ref, "/reject "+ref)
			lacks("due soon, approved", soon(shop.ClaimApproved), "/approve", "/reject")
			contains("overdue", render(StaffClaimOverdue, "Ref", ref, "Number", number, "Due", due, "Status", string(shop.ClaimReceived)),
				ref, number, "03.04.2026")
			contains("usage, reject", render(StaffClaimUsage, "Command", "reject", "Ref", ref), "/reject "+ref)
			contains("usage, approve", render(StaffClaimUsage, "Command", "approve", "Ref", ref), "/approve "+ref)

			held := render(StaffCustomerCancel, "Number", number, "Held", true, "Amount", shop.Money(36200))
			unpaid := render(StaffCustomerCancel, "Number", number, "Held", false, "Amount", shop.Money(0))
			contains("customer cancelled a held payment", held, number, Money(36200))
			contains("customer cancelled an unpaid order", unpaid, number)
			lacks("customer cancelled an unpaid order", unpaid, "₸")

			// Forget me: what still needs the data.
			both := render(ForgetBlocked, "Orders", number, "Claims", ref)
			contains("forget blocked by both", both, number, ref)
			lacks("forget blocked by an order", render(ForgetBlocked, "Orders", number, "Claims", ""), ref, ", ,")
			lacks("forget blocked by a claim", render(ForgetBlocked, "Orders", "", "Claims", ref), number, ": ,")

			// The item buttons differ only in the mark.
			item := func(picked bool) string {
				return render(BtnClaimItem, "Picked", picked, "Name", "Худи", "Size", "M", "Colour", "", "Qty", 2, "Returned", 2)
			}
			// Two lines of one product and size differ by their colour.
			if black := render(BtnClaimItem, "Picked", false, "Name", "Худи", "Size", "M", "Colour", "чёрный", "Qty", 2, "Returned", 2); !strings.HasSuffix(black, "Худи, M · чёрный × 2") {
				t.Errorf("an item button without its colour: %q", black)
			}
			// One of two pieces coming back says so; unpicked, the line's count.
			if some := render(BtnClaimItem, "Picked", true, "Name", "Худи", "Size", "M", "Colour", "", "Qty", 2, "Returned", 1); !strings.HasSuffix(some, map[shop.Lang]string{shop.Russian: "Худи, M × 1 из 2", shop.Kazakh: "Худи, M × 1/2"}[lang]) {
				t.Errorf("an item button of one piece of two: %q", some)
			}
			if on, off := item(true), item(false); on == off || !strings.HasSuffix(on, "Худи, M × 2") || !strings.HasSuffix(off, "Худи, M × 2") {
				t.Errorf("item buttons: picked %q, not picked %q", on, off)
			}
		})
	}
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

func lastLine(s string) string { return s[strings.LastIndex(s, "\n")+1:] }

// TestFixedTexts checks the texts rendered without their template: each is
// exactly what executing it gives, and the shortcut is taken (a label and
// a question are fixed; a text with an argument is not).
func TestFixedTexts(t *testing.T) {
	c := newCatalog(t)
	fixed := 0
	for _, lang := range shop.Langs {
		for key, x := range c.texts[lang] {
			if !x.fixed {
				continue
			}
			fixed++
			var b strings.Builder
			if err := x.tmpl.Execute(&b, nil); err != nil {
				t.Errorf("%s %s: fixed, but executing it fails: %v", lang, key, err)
			}
			if want := strings.TrimSpace(b.String()); x.plain != want {
				t.Errorf("%s %s: fixed as %q, executing it gives %q", lang, key, x.plain, want)
			}
		}
		for key, want := range map[Key]bool{BtnCatalog: true, AskName: true, Welcome: false, OrderPlaced: false} {
			if got := c.texts[lang][key].fixed; got != want {
				t.Errorf("%s %s: fixed %v, want %v", lang, key, got, want)
			}
		}
	}
	if fixed == 0 {
		t.Error("no text is fixed")
	}
}

func TestRenderErrors(t *testing.T) {
	c := newCatalog(t)
	tests := []struct {
		name string
		text Text
	}{
		{"unknown key", Text{Key: "no.such.key"}},
		{"missing argument", Text{Key: Welcome}},
		{"missing field", Text{Key: OrderPlaced, Args: Args{"Number": "LT-00001", "Email": "a@b.kz"}}},
	}
	for _, tc := range tests {
		for _, lang := range shop.Langs {
			t.Run(string(lang)+"/"+tc.name, func(t *testing.T) {
				got, err := c.Render(lang, tc.text)
				if err == nil {
					t.Fatalf("Render = %q, want an error", got)
				}
				if got != string(tc.text.Key) {
					t.Errorf("Render = %q, want the key %q", got, tc.text.Key)
				}
			})
		}
	}
}

func TestButtonLabelLength(t *testing.T) {
	const maxLabel = 64
	c := newCatalog(t)
	dynamic := dynamicKeys(t)
	for _, lang := range shop.Langs {
		for _, tc := range renderCases(lang, dynamic) {
			if !strings.HasPrefix(string(tc.key), "btn.") {
				continue
			}
			t.Run(string(lang)+"/"+tc.name, func(t *testing.T) {
				got, err := c.Render(lang, Text{Key: tc.key, Args: tc.args})
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				if n := utf8.RuneCountInString(got); n > maxLabel {
					t.Errorf("label %q is %d characters, want at most %d", got, n, maxLabel)
				}
				if strings.Contains(got, "\n") {
					t.Errorf("label %q spans lines", got)
				}
			})
		}
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		name string
		in   shop.Money
		want string
	}{
		{"zero", 0, "0\u00a0₸"},
		{"hundreds", 900, "900\u00a0₸"},
		{"thousands", 12900, "12\u00a0900\u00a0₸"},
		{"millions", 1234567, "1\u00a0234\u00a0567\u00a0₸"},
		{"exact thousand", 20000, "20\u00a0000\u00a0₸"},
		{"negative", -1500, "-1\u00a0500\u00a0₸"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Money(tc.in)
			if got != tc.want {
				t.Errorf("Money(%d) = %q, want %q", tc.in, got, tc.want)
			}
			if strings.Contains(got, " ") {
				t.Errorf("Money(%d) = %q contains an ordinary space", tc.in, got)
			}
		})
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		name  string
		lang  shop.Lang
		n     int
		forms []string
		want  string
	}{
		{"ru 1", shop.Russian, 1, []string{"товар", "товара", "товаров"}, "1 товар"},
		{"ru 2", shop.Russian, 2, []string{"товар", "товара", "товаров"}, "2 товара"},
		{"ru 5", shop.Russian, 5, []string{"товар", "товара", "товаров"}, "5 товаров"},
		{"ru 11", shop.Russian, 11, []string{"товар", "товара", "товаров"}, "11 товаров"},
		{"ru 21", shop.Russian, 21, []string{"товар", "товара", "товаров"}, "21 товар"},
		{"ru 22", shop.Russian, 22, []string{"товар", "товара", "товаров"}, "22 товара"},
		{"ru 25", shop.Russian, 25, []string{"товар", "товара", "товаров"}, "25 товаров"},
		{"ru 111", shop.Russian, 111, []string{"товар", "товара", "товаров"}, "111 товаров"},
		{"ru 0", shop.Russian, 0, []string{"товар", "товара", "товаров"}, "0 товаров"},
		{"ru days 2", shop.Russian, 2, []string{"день", "дня", "дней"}, "2 дня"},
		{"ru days 5", shop.Russian, 5, []string{"день", "дня", "дней"}, "5 дней"},
		{"kk 1", shop.Kazakh, 1, []string{"тауар"}, "1 тауар"},
		{"kk 5", shop.Kazakh, 5, []string{"тауар"}, "5 тауар"},
		{"kk 22", shop.Kazakh, 22, []string{"тауар"}, "22 тауар"},
		{"kk three forms given", shop.Kazakh, 5, []string{"тауар", "x", "y"}, "5 тауар"},
	}
	c := newCatalog(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := strconv.Itoa(tc.n) + " " + PluralForm(tc.lang, tc.n, tc.forms...); got != tc.want {
				t.Errorf("PluralForm = %q, want %q", got, tc.want)
			}
			// The same through the template function texts use.
			src := `{{plural .N`
			for _, f := range tc.forms {
				src += ` "` + f + `"`
			}
			src += `}}`
			tmpl := template.Must(template.New(tc.name).Funcs(c.funcs(tc.lang)).Parse(src))
			var b strings.Builder
			if err := tmpl.Execute(&b, Args{"N": tc.n}); err != nil {
				t.Fatalf("execute: %v", err)
			}
			if b.String() != tc.want {
				t.Errorf("plural = %q, want %q", b.String(), tc.want)
			}
		})
	}
}

// bilingual keys show both languages (or a language's own name) on purpose.
var bilingual = map[Key]bool{LanguageChoose: true, BtnLanguage: true, BtnRussian: true, BtnKazakh: true}

// russianWords are Russian words that have no place in a Kazakh text.
var russianWords = []string{
	"ваш", "ваша", "ваше", "ваши", "вас", "вам", "вы", "мы", "заказ", "заказа", "заказы",
	"пожалуйста", "спасибо", "извините", "здравствуйте", "корзина", "корзину", "товар",
	"товара", "товаров", "размер", "доставка", "доставки", "оплата", "оплаты", "бесплатно",
	"выберите", "напишите", "нажмите", "итого", "адрес", "получатель", "статус", "и", "в",
	"на", "с", "для", "по", "от", "до", "это", "что", "или", "нет", "шт", "можно", "уже",
	"город", "городе", "пункт", "выдачи", "сейчас", "только",
}

// templateActions strips {{...}} so checks see only the words of a text.
func templateActions(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return b.String()
		}
		b.WriteString(" ")
		s = s[i+j+2:]
	}
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
}

func isCyrillicWord(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Cyrillic, r) && r != '-' {
			return false
		}
	}
	return w != "" && w != "-"
}

func TestKazakhIsKazakh(t *testing.T) {
	russian := make(map[string]bool)
	for _, w := range russianWords {
		russian[w] = true
	}
	c := newCatalog(t)
	for _, k := range c.Keys(shop.Kazakh) {
		if bilingual[k] {
			continue
		}
		t.Run(string(k), func(t *testing.T) {
			src := templateActions(kk[k])
			var cyr int
			for _, w := range words(src) {
				if russian[w] {
					t.Errorf("Kazakh text contains the Russian word %q: %s", w, kk[k])
				}
				if isCyrillicWord(w) {
					cyr++
				}
			}
			// Texts of a few words always use a letter only Kazakh has.
			if cyr >= 3 && !strings.ContainsAny(strings.ToLower(src), "әғқңөұүһі") {
				t.Errorf("Kazakh text has no Kazakh letters (ә ғ қ ң ө ұ ү һ і): %s", kk[k])
			}
			for _, w := range strings.FieldsFunc(src, func(r rune) bool { return !unicode.IsLetter(r) }) {
				if strings.HasPrefix(w, "сіз") {
					t.Errorf("address the customer as «Сіз», with a capital: %q in %s", w, kk[k])
				}
			}
		})
	}

	t.Run("translated", func(t *testing.T) {
		// Texts that are only values, symbols or names may read the same.
		same := map[Key]bool{
			BtnCatalog: true, BtnLanguage: true, BtnLabel: true, BtnProduct: true, BtnSize: true,
			BtnNumber: true, BtnDec: true, BtnInc: true, BtnRemove: true, BtnMethod: true,
			BtnKazakh: true, BtnRussian: true, LanguageChoose: true, BtnStaffOrder: true, BtnPoint: true, BtnClaimItem: true,
		}
		for k, s := range kk {
			if !same[k] && s == ru[k] {
				t.Errorf("%q is the same in Kazakh and Russian: %s", k, s)
			}
		}
	})

	t.Run("language texts", func(t *testing.T) {
		choose := kk[LanguageChoose]
		if !strings.Contains(choose, "Тілді таңдаңыз") || !strings.Contains(choose, "Выберите язык") {
			t.Errorf("language.choose must stay bilingual: %s", choose)
		}
		if !strings.Contains(kk[LanguageSet], "қазақша") {
			t.Errorf("Kazakh language.set must say it now speaks Kazakh: %s", kk[LanguageSet])
		}
		if !strings.Contains(ru[LanguageSet], "по-русски") {
			t.Errorf("Russian language.set must say it now speaks Russian: %s", ru[LanguageSet])
		}
	})
}

// TestGlossary checks that the Kazakh texts about a subject use the
// glossary's term for it (docs/glossary.md).
func TestGlossary(t *testing.T) {
	tests := []struct {
		name string
		key  Key
		want []string
	}{
		{"cart", CartView, []string{"себет"}},
		{"order", OrderPlaced, []string{"тапсырыс", "бақылау нөмірі"}},
		{"payment link", PaymentLink, []string{"тапсырыс", "CloudPayments", "3-D Secure"}},
		{"free delivery", Added, []string{"тегін жеткізу", "тапсырыстарды беру пункті"}},
		{"payment page", InfoPaymentDelivery, []string{"банк картасы", "төлем парағы", "Эмитент банк", "3-D Secure",
			"Visa", "Mastercard", "жедел жеткізу", "ақшалай қаражатты қайтару туралы өтініш", "жұмыс күні"}},
		{"personal data", InfoContacts, []string{"Дербес деректер"}},
		{"pickup method", "method.pickup", []string{"СДЭК", "тапсырыстарды беру пункті"}},
		{"tracking number", AskEmail, []string{"бақылау нөмірі"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lower := strings.ToLower(kk[tc.key])
			for _, w := range tc.want {
				if !strings.Contains(lower, strings.ToLower(w)) {
					t.Errorf("%s lacks %q: %s", tc.key, w, kk[tc.key])
				}
			}
		})
	}
}

// TestFacts renders the store-policy texts with the store profile and checks
// the numbers a customer relies on are there in both languages.
func TestFacts(t *testing.T) {
	c := newCatalog(t)
	for _, lang := range shop.Langs {
		var info Args
		for _, tc := range renderCases(lang, nil) {
			if tc.key == InfoPaymentDelivery {
				info = tc.args
			}
		}
		t.Run(string(lang), func(t *testing.T) {
			got, err := c.Render(lang, Text{Key: InfoPaymentDelivery, Args: info})
			if err != nil {
				t.Fatal(err)
			}
			wants := []string{"20\u00a0000\u00a0₸", "10:00", "22:00", "+7\u00a0777\u00a0336\u00a061\u00a000", "Lete_store@mail.ru", "CloudPayments", "3-D Secure", "СДЭК", "Visa", "Mastercard"}
			if lang == shop.Kazakh {
				wants = append(wants, "14 күн", "3 жұмыс күні", "Яндекс", "WhatsApp")
			} else {
				wants = append(wants, "14 дней", "3 рабочих дней", "Яндекс", "WhatsApp")
			}
			for _, want := range wants {
				if !strings.Contains(got, want) {
					t.Errorf("%s info lacks %q:\n%s", lang, want, got)
				}
			}
		})
	}
}

// TestKazakhDate: each month takes the endings of its last sound and
// vowels; an unknown case is an error, not a silent form.
func TestKazakhDate(t *testing.T) {
	day := func(m time.Month) time.Time { return time.Date(2026, m, 9, 12, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		month       time.Month
		gcase, want string
	}{
		{time.December, "dat", "9 желтоқсанға"},
		{time.December, "acc", "9 желтоқсанды"},
		{time.December, "abl", "9 желтоқсаннан"},
		{time.April, "dat", "9 сәуірге"},
		{time.July, "acc", "9 шілдені"},
		{time.September, "dat", "9 қыркүйекке"},
		{time.September, "abl", "9 қыркүйектен"},
		{time.November, "acc", "9 қарашаны"},
		{time.June, "abl", "9 маусымнан"},
		{time.January, "nom", "9 қаңтар"},
	} {
		if got, err := KazakhDate(day(tc.month), tc.gcase); err != nil || got != tc.want {
			t.Errorf("KazakhDate(%s, %s) = %q, %v; want %q", tc.month, tc.gcase, got, err, tc.want)
		}
	}
	if _, err := KazakhDate(day(time.May), "loc"); err == nil {
		t.Error("an unknown case rendered")
	}
}

// TestApproximateDelivery: a delivery price CDEK did not confirm is said to
// the customer as such, with what happens if it differs, and staff who
// ship a paid order are asked to check it.
func TestApproximateDelivery(t *testing.T) {
	c := newCatalog(t)
	for _, lang := range shop.Langs {
		render := renderer(t, c, lang)
		o := shop.Order{ID: 42, Status: shop.Paid, Customer: shop.Customer{Name: "Айгерим", Phone: "+77771234567"},
			Delivery: shop.Delivery{Method: shop.PickupPoint, City: "Алматы", Address: "ПВЗ 12",
				Quote: shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1500, Approximate: true}}}
		paid := func(o shop.Order) string {
			return render(StaffPaid, "Order", o, "Number", o.Number(), "Amount", shop.Money(10000), "Currency", "KZT",
				"Card", "4242", "Transaction", int64(1), "Test", false)
		}
		if got := paid(o); !strings.Contains(got, "⚠️") || !strings.Contains(got, Money(1500)) {
			t.Errorf("%s: staff paid, approximate, without the warning:\n%s", lang, got)
		}
		o.Delivery.Quote.Approximate = false
		if got := paid(o); strings.Contains(got, "⚠️") {
			t.Errorf("%s: staff paid, exact, with the warning:\n%s", lang, got)
		}
		for _, text := range []string{
			render(Summary, "Items", []summaryLine{{Name: "Худи", Size: "M", Qty: 1, Sum: 12900}}, "Goods", shop.Money(12900),
				"Delivery", o.Delivery, "Quote", shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1500, Approximate: true},
				"Total", shop.Money(14400), "Express", false, "Queued", false, "Customer", o.Customer, "More", shop.Money(0)),
		} {
			if strings.Contains(text, "подтвердит") || strings.Contains(text, "растайды") {
				t.Errorf("%s: the summary promises a confirmation nobody makes:\n%s", lang, text)
			}
		}
	}
}

// TestPersonalLines: a personalised line's words are shown wherever the
// line is, to the customer and to staff who make it.
func TestPersonalLines(t *testing.T) {
	c := newCatalog(t)
	for _, lang := range shop.Langs {
		render := renderer(t, c, lang)
		o := shop.Order{ID: 42, Status: shop.Paid, Customer: shop.Customer{Name: "Айгерим", Phone: "+77771234567"},
			Delivery: shop.Delivery{Method: shop.PickupPoint, City: "Алматы", Address: "ПВЗ 12"},
			Items: []shop.OrderItem{{VariantID: "LT-404-WHT-M", SKU: "LT-404", Name: "Свитшот", Size: "M", Colour: "Белый",
				Text: "Айгерим", Price: 19900, Qty: 1}}}
		for name, text := range map[string]string{
			"items": render(ItemsText, "Items", []summaryLine{{Name: "Свитшот", Size: "M", Text: "Айгерим", Qty: 1, Sum: 19900}}),
			"staff paid": render(StaffPaid, "Order", o, "Number", o.Number(), "Amount", shop.Money(19900), "Currency", "KZT",
				"Card", "4242", "Transaction", int64(1), "Test", false),
			"cart": render(CartView, "Lines", []cartLine{{N: 1, Name: "Свитшот", Size: "M", Text: "Айгерим", Qty: 1, Price: 19900, Sum: 19900}},
				"Pieces", 1, "Total", shop.Money(19900), "More", shop.Money(100)),
		} {
			if !strings.Contains(text, "«Айгерим»") {
				t.Errorf("%s %s lacks the words:\n%s", lang, name, text)
			}
		}
	}
}

// renderer renders texts of lang, failing the test on an error.
func renderer(t *testing.T, c *Catalog, lang shop.Lang) func(key Key, pairs ...any) string {
	return func(key Key, pairs ...any) string {
		t.Helper()
		got, err := c.Render(lang, T(key, pairs...))
		if err != nil {
			t.Fatalf("Render %s: %v", key, err)
		}
		return got
	}
}
