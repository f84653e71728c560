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
		{"order view pickup", OrderView, Args{"Order": order, "Number": order.Number(), "Created": created}},
		{"order view courier", OrderView, Args{"Order": courierOrder, "Number": courierOrder.Number(), "Created": created}},
		{"order view paid", OrderView, Args{"Order": paidOrder, "Number": paidOrder.Number(), "Created": created}},
		{"order view paid no card", OrderView, Args{"Order": paidNoCard, "Number": paidNoCard.Number(), "Created": created}},

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
			BtnKazakh: true, BtnRussian: true, LanguageChoose: true,
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
