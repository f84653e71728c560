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
		N          int
		Name, Size string
		Qty        int
		Price, Sum shop.Money
	}
	methodOption struct {
		Method shop.DeliveryMethod
		Quote  shop.DeliveryQuote
	}
	summaryLine struct {
		Name, Size string
		Qty        int
		Sum        shop.Money
	}
	shortLine struct {
		Name, Size   string
		Wanted, Left int
	}
	historyLine struct {
		At     time.Time
		Status string
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
// status, method or decline group without texts fails the tests.
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
	slices.Sort(keys)
	// The constants this test itself uses must be among them.
	for _, k := range []Key{"status." + Key(shop.AwaitingPayment), "status." + Key(shop.Cancelled), "method." + Key(shop.PickupPoint), "method." + Key(shop.Courier), "decline." + Key(shop.DeclineOther)} {
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
			{VariantID: "LT-101-M", SKU: "LT-101", Name: hoodie, Size: "M", Price: 12900, Qty: 2},
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
	// it. Kind is a flows.InputKind the card does not show (FileInput,
	// UnsupportedInput); messages must not import flows.
	handoffRef := shop.HandoffRef(12)
	aigul := "@aigul (1)"
	customerText := l("Подскажите, худи M маломерит? Рост 170.", "M өлшемді худи кішілеу ме? Бойым 170.")
	staffText := l("Здравствуйте! Нет, M садится свободно — берите свой размер.", "Сәлеметсіз бе! Жоқ, M еркін отырады — өз өлшеміңізді алыңыз.")
	const fileInput, unsupportedInput = 4, 5
	items := []summaryLine{
		{Name: hoodie, Size: "M", Qty: 2, Sum: 25800},
		{Name: jeans, Size: "42", Qty: 1, Sum: 8900},
	}
	lines := []cartLine{
		{N: 1, Name: hoodie, Size: "M", Qty: 2, Price: 12900, Sum: 25800},
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
		{"btn confirm", BtnConfirm, nil},
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
		{"product card", ProductCard, Args{"Name": hoodie, "Price": shop.Money(12900), "Description": l("Плотный хлопок.", "Тығыз мақта."),
			"Sizes": sizes, "SoldOut": false, "Personalised": false}},
		{"product card personalised sold out", ProductCard, Args{"Name": l("Свитшот с именем", "Есімі жазылған свитшот"), "Price": shop.Money(15900),
			"Description": l("Вышивка имени.", "Есім кестеленеді."), "Sizes": []sizeLine{{Size: "M", Stock: 0}}, "SoldOut": true, "Personalised": true}},
		{"sold out", SoldOut, Args{"Name": hoodie, "Size": "M"}},
		{"ask qty", AskQty, Args{"Name": hoodie, "Size": "M", "Left": 3, "InCart": 0}},
		{"ask qty in cart", AskQty, Args{"Name": hoodie, "Size": "M", "Left": 3, "InCart": 2}},
		{"bad qty", BadQty, Args{"Max": shop.MaxLineQty}},
		{"no more stock", NoMoreStock, Args{"Name": hoodie, "Size": "M", "InCart": 4}},
		{"only left", OnlyLeft, Args{"Left": 2}},
		{"added below free delivery", Added, Args{"Name": hoodie, "Size": "M", "Qty": 1,
			"Pieces": 1, "Total": shop.Money(12900), "More": p.MoreForFreeDelivery(12900)}},
		{"added free delivery", Added, Args{"Name": hoodie, "Size": "M", "Qty": 2,
			"Pieces": 2, "Total": shop.Money(25800), "More": p.MoreForFreeDelivery(25800)}},

		{"cart items gone", CartItemsGone, Args{"Count": 1}},
		{"cart items gone many", CartItemsGone, Args{"Count": 5}},
		{"cart empty", CartEmpty, nil},
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
			"More":    p.MoreForFreeDelivery(12900)}},
		{"ask method free", AskMethod, Args{"City": p.Cities[3].Name.In(lang),
			"Options": []methodOption{{Method: shop.PickupPoint, Quote: pickupFree}, {Method: shop.Courier, Quote: courier}},
			"More":    p.MoreForFreeDelivery(34700)}},
		{"ask address courier", AskAddressCourier, Args{"City": p.Cities[1].Name.In(lang)}},
		{"ask address pickup", AskAddressPickup, Args{"City": p.Cities[2].Name.In(lang)}},
		{"bad name", BadName, nil},
		{"bad phone", BadPhone, nil},
		{"bad email", BadEmail, nil},
		{"bad city", BadCity, nil},
		{"bad address", BadAddress, nil},
		{"summary approximate", Summary, Args{"Items": items, "Goods": shop.Money(34700), "Delivery": delivery,
			"Quote": pickup, "Total": shop.Money(36200), "Customer": customer}},
		{"summary free", Summary, Args{"Items": items, "Goods": shop.Money(34700), "Delivery": delivery,
			"Quote": pickupFree, "Total": shop.Money(34700), "Customer": customer}},
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
		{"payment received", PaymentReceived, Args{"Order": paidOrder, "Number": paidOrder.Number(), "Items": items, "Email": customer.Email}},
		{"payment received courier", PaymentReceived, Args{"Order": paidCourier, "Number": paidCourier.Number(), "Items": items, "Email": customer.Email}},
		{"payment twice", PaymentTwice, Args{"Number": paidOrder.Number(), "Amount": paidOrder.Total}},
		{"payment mismatch", PaymentMismatch, Args{"Number": order.Number()}},
		{"payment late revived", PaymentLateRevived, Args{"Order": paidOrder, "Number": paidOrder.Number(), "Items": items, "Email": customer.Email}},
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

		{"staff order card unpaid", StaffOrderCard, Args{"Order": order, "Number": order.Number(), "Created": created,
			"Events": []shop.OrderEvent(nil)}},
		{"staff order card paid", StaffOrderCard, Args{"Order": paidOrder, "Number": paidOrder.Number(), "Created": created,
			"Events": []shop.OrderEvent(nil)}},
		{"staff order card paid no card", StaffOrderCard, Args{"Order": paidNoCard, "Number": paidNoCard.Number(), "Created": created,
			"Events": []shop.OrderEvent(nil)}},
		{"staff order card shipped test taken", StaffOrderCard, Args{"Order": shippedTest, "Number": shippedTest.Number(), "Created": created,
			"Events": shippedEvents}},
		{"staff order card delivered", StaffOrderCard, Args{"Order": deliveredOrder, "Number": deliveredOrder.Number(), "Created": created,
			"Events": deliveredEvents}},
		{"staff order card cancelled", StaffOrderCard, Args{"Order": paidCancelled, "Number": paidCancelled.Number(), "Created": created,
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
		{"staff cancel usage", StaffCancelUsage, Args{"Number": order.Number()}},
		{"staff cannot move", StaffCannotMove, Args{"Number": deliveredOrder.Number(), "From": string(shop.Delivered), "To": string(shop.Cancelled)}},
		{"staff cannot move unpaid", StaffCannotMove, Args{"Number": order.Number(), "From": string(shop.AwaitingPayment), "To": string(shop.Processing)}},
		{"staff moved processing", StaffMoved, Args{"Number": paidOrder.Number(), "Status": string(shop.Processing), "Detail": "",
			"By": dana, "Refund": false}},
		{"staff moved shipped", StaffMoved, Args{"Number": paidOrder.Number(), "Status": string(shop.Shipped), "Detail": tracking,
			"By": yerzhan, "Refund": false}},
		{"staff moved delivered", StaffMoved, Args{"Number": paidOrder.Number(), "Status": string(shop.Delivered), "Detail": "",
			"By": "184467291", "Refund": false}},
		{"staff moved cancelled unpaid", StaffMoved, Args{"Number": order.Number(), "Status": string(shop.Cancelled), "Detail": reason,
			"By": dana, "Refund": false}},
		{"staff moved cancelled paid", StaffMoved, Args{"Number": paidOrder.Number(), "Status": string(shop.Cancelled), "Detail": reason,
			"By": dana, "Refund": true}},
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
		{"btn talk", BtnTalk, nil},
		{"btn back to bot", BtnBackToBot, nil},
		{"btn handoff done", BtnHandoffDone, nil},
		{"handoff started working", HandoffStarted, Args{"Working": true, "Opens": time.Time{}}},
		{"handoff started before opening", HandoffStarted, Args{"Working": false, "Opens": at(time.March, 31, 10, 0)}},
		{"handoff started after closing", HandoffStarted, Args{"Working": false, "Opens": at(time.April, 1, 10, 0)}},
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
		{"staff handoff message", StaffHandoffMessage, Args{"Ref": handoffRef, "Text": customerText}},
		{"staff handoff message not text", StaffHandoffMessage, Args{"Ref": handoffRef, "Text": "", "Kind": fileInput}},
		{"staff handoff message unsupported", StaffHandoffMessage, Args{"Ref": handoffRef, "Text": "", "Kind": unsupportedInput}},
		{"staff handoff closed by customer", StaffHandoffClosed, Args{"Ref": handoffRef, "By": "customer"}},
		{"staff handoff closed by silence", StaffHandoffClosed, Args{"Ref": handoffRef, "By": "bot"}},
		{"staff handoff closed by staff", StaffHandoffClosed, Args{"Ref": handoffRef, "By": aigul}},
		{"staff handoff closed by staff first name", StaffHandoffClosed, Args{"Ref": handoffRef, "By": yerzhan}},
		{"staff handoff gone", StaffHandoffGone, Args{"Ref": handoffRef}},
		{"staff reply sent", StaffReplySent, Args{"Ref": handoffRef, "Closed": false}},
		{"staff reply sent closed", StaffReplySent, Args{"Ref": handoffRef, "Closed": true}},
		{"staff reply sent order", StaffReplySent, Args{"Ref": order.Number(), "Closed": false}},
		{"staff reply usage", StaffReplyUsage, nil},
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

			working := render(HandoffStarted, "Working", true, "Opens", time.Time{})
			closed := render(HandoffStarted, "Working", false, "Opens", opens)
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

			text := render(StaffHandoffMessage, "Ref", "H12", "Text", "Есть размер S?")
			other := render(StaffHandoffMessage, "Ref", "H12", "Text", "", "Kind", 4)
			if !strings.HasSuffix(text, "Есть размер S?") {
				t.Errorf("StaffHandoffMessage should end with the customer's text:\n%s", text)
			}
			for _, s := range []string{text, other} {
				if id, ok := handoffCardRef(s); !ok || id != 12 {
					t.Errorf("staff message has no #H12 a reply can be routed by:\n%s", s)
				}
			}
			if other == render(StaffHandoffMessage, "Ref", "H12", "Text", " ") {
				t.Errorf("a text-less message reads like a text one:\n%s", other)
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
			BtnKazakh: true, BtnRussian: true, LanguageChoose: true, BtnStaffOrder: true,
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
