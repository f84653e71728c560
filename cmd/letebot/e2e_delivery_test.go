package main

// End-to-end test of delivery as serve.go wires it: the built binary with
// CDEK and Yandex Delivery configured, talking to their fakes (cdektest,
// yandextest), the fake Bot API and Postgres. A customer orders to a CDEK
// pickup point chosen from a shared location, at the cheapest tariff the
// store allows; then asks for express delivery from the Astana shop, which
// the express worker prices with Yandex, and pays on the TEST page, after
// which the worker books the courier and reports it found.

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot/telegram/telegramtest"
	"github.com/lete-store/letebot/delivery/cdek"
	"github.com/lete-store/letebot/delivery/cdek/cdektest"
	"github.com/lete-store/letebot/delivery/yandex/yandextest"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// The fake CDEK's Astana, the city parcels leave from and the customer's.
const dlvAstana = 4756

// The fake CDEK's tariffs from Astana to Astana. The cheapest of all (62,
// 139) are not in the store's cdek_tariffs; of those that are, 368 is the
// cheapest to a pickup point and 137 to the door.
var dlvTariffs = []cdek.Tariff{
	{Code: 62, Name: "Магистральный экспресс склад-склад", Mode: cdek.ModeOfficeOffice, Sum: 990, PeriodMin: 1, PeriodMax: 3},
	{Code: 136, Name: "Посылка склад-склад", Mode: cdek.ModeOfficeOffice, Sum: 1650, PeriodMin: 2, PeriodMax: 4},
	{Code: 368, Name: "Посылка склад-постамат", Mode: cdek.ModeOfficeLocker, Sum: 1419.5, PeriodMin: 2, PeriodMax: 3},
	{Code: 483, Name: "Экспресс склад-склад", Mode: cdek.ModeOfficeOffice, Sum: 2400, PeriodMin: 1, PeriodMax: 2},
	{Code: 139, Name: "Посылка дверь-дверь", Mode: cdek.ModeDoorDoor, Sum: 1800, PeriodMin: 2, PeriodMax: 4},
	{Code: 137, Name: "Посылка склад-дверь", Mode: cdek.ModeOfficeDoor, Sum: 2190, PeriodMin: 2, PeriodMax: 4},
	{Code: 482, Name: "Экспресс склад-дверь", Mode: cdek.ModeOfficeDoor, Sum: 2950, PeriodMin: 1, PeriodMax: 2},
}

// What the customer must be offered for the tariffs above.
var (
	dlvPickup  = shop.DeliveryQuote{Method: shop.PickupPoint, Price: 1420, MinDays: 2, MaxDays: 3, Tariff: 368}
	dlvCourier = shop.DeliveryQuote{Method: shop.Courier, Price: 2190, MinDays: 2, MaxDays: 4, Tariff: 137}
)

// The fake CDEK's pickup points in Astana. The customer shares a location
// about 130 m from AST31; the three nearest are AST31, the locker AST44 and
// AST7.
var dlvPoints = []cdek.Point{
	{Code: "AST12", Name: "Астана, Кенесары", Type: "PVZ", Address: "ул. Кенесары, 40", WorkTime: "Пн-Вс 09:00-21:00", City: "Астана", Lat: 51.1605, Lon: 71.4704},
	{Code: "AST7", Name: "Астана, Республики", Type: "PVZ", Address: "пр. Республики, 15", WorkTime: "Пн-Сб 10:00-20:00", City: "Астана", Lat: 51.1650, Lon: 71.4230},
	{Code: "AST31", Name: "Астана, Сыганак", Type: "PVZ", Address: "ул. Сыганак, 29", WorkTime: "Пн-Вс 09:00-22:00", City: "Астана", Lat: 51.1290, Lon: 71.4310},
	{Code: "AST44", Name: "Постамат Туран", Type: "POSTAMAT", Address: "пр. Туран, 37", City: "Астана", Lat: 51.1210, Lon: 71.4140},
	{Code: "AST50", Name: "Астана, Жумабаева", Type: "PVZ", Address: "ул. Жумабаева, 2", City: "Астана", Lat: 51.2000, Lon: 71.5000},
}

const (
	dlvPinLat, dlvPinLon = 51.1300, 71.4320 // near AST31
	dlvPoint             = "AST31"

	// The express destination: a flat across the river from the shop.
	dlvHomeLat, dlvHomeLon = 51.1450, 71.4650
	dlvHomeAddress         = "ул. Достык, 5, подъезд 2, кв. 48"

	dlvYandexPrice = 1830.40 // the courier's price; the customer is shown 1 831 ₸
	dlvGoods       = 18900   // one LT-101-M
	dlvVariant     = "LT-101-M"

	// Margins around the express window's edges: the express part needs the
	// window to stay as it is for this long, or it is left out.
	dlvOpenMargin   = 10 * time.Minute
	dlvClosedMargin = 2 * time.Minute
)

// TestE2EDelivery: with CDEK configured, the method question waits for
// CDEK ("asking CDEK" first, then the question by itself) and shows the
// cheapest allowed tariffs; a shared location lists the nearest pickup
// points; the order placed has the chosen point and the tariff. Then
// express: out of hours the customer is told when it opens; in hours the
// request is priced by Yandex through the express worker, accepted, paid
// on the TEST page, and the courier is booked, accepted and reported found.
func TestE2EDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: builds and runs the binary")
	}
	cd := cdektest.New(t)
	cd.AddCity(cdek.City{Code: dlvAstana, Name: "Астана", CountryCode: "KZ", Region: "Астана", Lat: 51.1282, Lon: 71.4307})
	// The other profile cities, without points: the bot loads them at start.
	cd.AddCity(cdek.City{Code: 4757, Name: "Алматы", CountryCode: "KZ", Region: "Алматы"})
	cd.AddCity(cdek.City{Code: 4758, Name: "Шымкент", CountryCode: "KZ", Region: "Туркестанская область"})
	cd.AddCity(cdek.City{Code: 4759, Name: "Караганда", CountryCode: "KZ", Region: "Карагандинская область"})
	cd.SetTariffs(dlvAstana, dlvAstana, dlvTariffs...)
	cd.SetPoints(dlvAstana, dlvPoints...)
	ya := yandextest.New(t)
	ya.SetPrice(dlvYandexPrice)
	cdc := cd.Config()

	e := newE2E(t,
		"CDEK_CLIENT_ID="+cdc.ClientID, "CDEK_CLIENT_SECRET="+cdc.ClientSecret,
		"CDEK_API_URL="+cd.URL, "CDEK_FROM_CITY_CODE="+strconv.Itoa(dlvAstana),
		"YANDEX_DELIVERY_TOKEN="+yandextest.Token, "YANDEX_DELIVERY_API_URL="+ya.URL,
	)
	texts, err := messages.New()
	if err != nil {
		t.Fatal(err)
	}
	render := func(tx messages.Text) string {
		t.Helper()
		s, err := texts.Render(shop.Russian, tx)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	pickupQuote := render(messages.T(messages.QuoteText, "Quote", dlvPickup))
	courierQuote := render(messages.T(messages.QuoteText, "Quote", dlvCourier))

	ctx, cancel := context.WithTimeoutCause(context.Background(), e2eTimeout, fmt.Errorf("the test ran over %v", e2eTimeout))
	defer cancel()

	// The bot loads the cities' pickup points at start, one city after
	// another, Astana first: once every city was asked, Astana's are cached.
	if err := waitFor(ctx, "the pickup points loaded at start", func() (bool, error) {
		return cd.Requests("/deliverypoints") >= 4, nil
	}); err != nil {
		t.Fatal(err)
	}
	if n := cd.TokenRequests(); n == 0 {
		t.Error("the bot never asked the fake CDEK for a token")
	}

	c := &customer{label: "the customer", chat: e2eChatA, name: "Айгерим Садыкова", email: "aigerim@example.kz"}
	retailBefore, err := e.retailStock(ctx, dlvVariant, "astana")
	if err != nil {
		t.Fatal(err)
	}

	// ---- A CDEK pickup point, found by a shared location. ----
	must(t, e.say(ctx, c, "/start", "Здравствуйте! Это бот магазина", "Главное меню"))
	must(t, e.press(ctx, c, "Каталог", "Выберите категорию"))
	e.addToCart(ctx, t, c)
	must(t, e.press(ctx, c, "Оформить заказ", "Как Вас зовут?"))
	must(t, e.say(ctx, c, c.name, "Ваш номер телефона", "отправить его кнопкой ниже"))
	must(t, e.say(ctx, c, "8 777 123 45 67", "Ваш e-mail"))
	must(t, e.say(ctx, c, c.email, "В какой город доставить?"))
	// No tariffs are cached yet: the bot says it asks CDEK, and the
	// question comes by itself once CDEK answered.
	must(t, e.say(ctx, c, "Астана", "Узнаю у СДЭК стоимость доставки", "Как доставить заказ? Город: Астана."))
	method := lastText(e.fake.Sent(c.chat))
	for _, want := range []string{
		"пункт выдачи СДЭК: " + pickupQuote,
		"курьер СДЭК: " + courierQuote,
		"экспресс-доставка курьером Яндекс",
	} {
		if !strings.Contains(method, want) {
			t.Errorf("the method question does not offer %q:\n%s", want, method)
		}
	}
	if strings.Contains(method, "примерн") {
		t.Errorf("the method question shows approximate prices, not CDEK's:\n%s", method)
	}
	if req := cd.LastTariffRequest(); req == nil {
		t.Error("the bot never asked the fake CDEK for tariffs")
	} else {
		from, _ := req["from_location"].(map[string]any)
		to, _ := req["to_location"].(map[string]any)
		if from["code"] != float64(dlvAstana) || to["code"] != float64(dlvAstana) || req["currency"] != float64(cdek.CurrencyKZT) {
			t.Errorf("tariff request %v, want from and to %d (CDEK_FROM_CITY_CODE, Astana) in tenge (%d)", req, dlvAstana, cdek.CurrencyKZT)
		}
	}

	must(t, e.press(ctx, c, "пункт выдачи СДЭК", "Где Вам удобно забрать заказ? В городе Астана 5 пунктов", "Чтобы отправить геолокацию"))
	if got := e.fake.Sent(c.chat); !slices.ContainsFunc(got[len(got)-1].Buttons, func(row []telegramtest.Button) bool {
		return len(row) == 1 && strings.Contains(row[0].Text, "геолокацию")
	}) {
		t.Errorf("the location hint has no location button: %q", got[len(got)-1].ReplyMarkup)
	}
	must(t, e.shareLocation(ctx, c, dlvPinLat, dlvPinLon, "Ближайшие пункты выдачи:"))
	near := lastText(e.fake.Sent(c.chat))
	iSyganak, iTuran, iRespubliki := strings.Index(near, "Сыганак"), strings.Index(near, "Туран"), strings.Index(near, "Республики")
	if iSyganak < 0 || iTuran < iSyganak || iRespubliki < iTuran || !strings.Contains(near, "(постамат)") ||
		strings.Contains(near, "Кенесары") || strings.Contains(near, "Жумабаева") {
		t.Errorf("nearest points: want Сыганак, Туран (a locker), Республики, in that order, and no other:\n%s", near)
	}
	if !strings.Contains(near, messages.Distance(130)) {
		t.Errorf("nearest points: Сыганак is not shown %s away:\n%s", messages.Distance(130), near)
	}
	must(t, e.press(ctx, c, "Сыганак", "Проверьте, пожалуйста, заказ:"))
	summary := lastText(e.fake.Sent(c.chat))
	for _, want := range []string{"(пункт " + dlvPoint + ")", "ул. Сыганак, 29", pickupQuote, "Итого к оплате: " + messages.Money(dlvGoods+dlvPickup.Price)} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary does not contain %q:\n%s", want, summary)
		}
	}
	must(t, e.press(ctx, c, "Подтвердить заказ", "Спасибо! Заказ LT-", "ТЕСТОВЫЙ РЕЖИМ"))
	num1 := findNumber(e.fake.Sent(c.chat), `Заказ (LT-\d+) принят`)
	id1, ok := shop.ParseOrderNumber(num1)
	if !ok {
		t.Fatalf("no order number in the chat:\n%s", transcript(e.fake.Sent(c.chat), c.want))
	}
	var o1 struct {
		status, method, city, address, point string
		tariff, minDays, maxDays             int
		price, total                         int64
		approx                               bool
	}
	if err := e.db.QueryRowContext(ctx, `SELECT status, delivery_method, delivery_city, delivery_address, delivery_point,
		delivery_tariff, delivery_min_days, delivery_max_days, delivery_price, total, delivery_approximate
		FROM orders WHERE id = $1`, id1).Scan(&o1.status, &o1.method, &o1.city, &o1.address, &o1.point,
		&o1.tariff, &o1.minDays, &o1.maxDays, &o1.price, &o1.total, &o1.approx); err != nil {
		t.Fatalf("order %s: %v", num1, err)
	}
	if o1.status != string(shop.AwaitingPayment) || o1.method != string(shop.PickupPoint) || o1.city != "Астана" ||
		o1.point != dlvPoint || o1.address != "ул. Сыганак, 29" || o1.tariff != dlvPickup.Tariff ||
		o1.price != int64(dlvPickup.Price) || o1.minDays != dlvPickup.MinDays || o1.maxDays != dlvPickup.MaxDays ||
		o1.total != dlvGoods+int64(dlvPickup.Price) || o1.approx {
		t.Errorf("order %s = %+v; want awaiting payment, pickup in Астана at %s (ул. Сыганак, 29), tariff %d, %d ₸, %d-%d days, total %d, not approximate",
			num1, o1, dlvPoint, dlvPickup.Tariff, dlvPickup.Price, dlvPickup.MinDays, dlvPickup.MaxDays, dlvGoods+int64(dlvPickup.Price))
	}
	if alert, err := e.staffMessage(ctx, "Новый заказ "+num1); err != nil {
		t.Fatal(err)
	} else if !strings.Contains(alert, "пункт выдачи СДЭК, "+pickupQuote) {
		t.Errorf("the staff's new-order alert does not show the pickup point's price %q:\n%s", pickupQuote, alert)
	}

	// ---- Express from the Astana shop, priced by Yandex. ----
	must(t, e.say(ctx, c, "/catalog", "Выберите категорию"))
	e.addToCart(ctx, t, c)
	must(t, e.press(ctx, c, "Оформить заказ", "Как Вас зовут?"))
	must(t, e.say(ctx, c, c.name, "Ваш номер телефона", "отправить его кнопкой ниже"))
	must(t, e.say(ctx, c, "8 777 123 45 67", "Ваш e-mail"))
	must(t, e.say(ctx, c, c.email, "В какой город доставить?"))
	// The tariffs are cached now: the question comes at once.
	must(t, e.say(ctx, c, "Астана", "Как доставить заказ? Город: Астана."))

	p := shop.DefaultProfile()
	now := time.Now()
	open, opens, err := p.ExpressOpen(now)
	if err != nil {
		t.Fatal(err)
	}
	margin := dlvClosedMargin
	if open {
		margin = dlvOpenMargin
	}
	almaty := now.In(p.Location()).Format("15:04")
	expressDone := false
	if later, _, _ := p.ExpressOpen(now.Add(margin)); later != open {
		t.Logf("express part skipped: it is %s in Almaty, within %v of the express window's edge (%s-%s)",
			almaty, margin, p.Express.Opens, p.Express.Closes)
	} else if !open {
		must(t, e.press(ctx, c, "экспресс-доставка", "Экспресс-заявки принимаем с "+p.Express.Opens+" до "+p.Express.Closes))
		closed := lastText(e.fake.Sent(c.chat))
		if want := "в " + opens.Format("15:04"); !strings.Contains(closed, want) {
			t.Errorf("the out-of-hours answer does not say it opens %s:\n%s", want, closed)
		}
		if _, err := pressable(e.fake.Sent(c.chat), "Оставить заявку к открытию"); err != nil {
			t.Errorf("the out-of-hours answer: %v", err)
		}
		t.Logf("express part stopped at the out-of-hours answer: it is %s in Almaty, express requests are taken %s-%s",
			almaty, p.Express.Opens, p.Express.Closes)
	} else {
		t.Logf("express part in hours: it is %s in Almaty", almaty)
		e.express(ctx, t, c, ya)
		expressDone = true
	}

	// ---- Nothing left to receive or to send; then the bot stops cleanly. ----
	if err := e.fake.WaitConfirmed(ctx, slices.Max(c.updates)); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Pending(); n != 0 {
		t.Errorf("%d updates not confirmed", n)
	}
	if err := e.outboxDrained(ctx); err != nil {
		t.Fatal(err)
	}
	took, err := e.bot.stop(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("letebot stopped (SIGTERM) in %v at the end", took.Round(time.Millisecond))

	if err := checkTranscript(e.fake.Sent(c.chat), c.want); err != nil {
		t.Errorf("%s: %v", c.label, err)
	}
	answered := e.fake.Answered()
	for _, cb := range c.callbacks {
		if !slices.Contains(answered, telegramtest.CallbackID(cb)) {
			t.Errorf("button press %d never answered", cb)
		}
	}
	staffMsgs := e.fake.Sent(e2eStaffChat)
	for _, m := range staffMsgs {
		if s := textOf(m); strings.Contains(s, "не отвечает") || strings.Contains(s, "не рассчитала") || strings.Contains(s, "Не получилось вызвать") {
			t.Errorf("staff were alerted to a failure: %q", firstLine(s))
		}
	}
	// CDEK was asked for the tariffs once: the second checkout read the cache.
	if n := cd.Requests("/calculator/tarifflist"); n != 1 {
		t.Errorf("the fake CDEK got %d tariff requests, want 1", n)
	}
	// Stock: the pickup order took one piece from the warehouse; an express
	// order, one from the Astana shop.
	stock, err := e.variantStock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := stock[dlvVariant], e.stock[dlvVariant]-1; got != want {
		t.Errorf("warehouse stock of %s: %d, want %d", dlvVariant, got, want)
	}
	retailAfter, err := e.retailStock(ctx, dlvVariant, "astana")
	if err != nil {
		t.Fatal(err)
	}
	if want := retailBefore - map[bool]int{true: 1}[expressDone]; retailAfter != want {
		t.Errorf("Astana shop stock of %s: %d, want %d (%d before)", dlvVariant, retailAfter, want, retailBefore)
	}
	if lines := e.bot.logLines(`"level":"ERROR"`); len(lines) > 0 {
		t.Errorf("letebot logged %d errors:\n%s", len(lines), strings.Join(lines, "\n"))
	}
}

// express walks the express request in hours: the destination by a shared
// location and a typed address, the request, Yandex's price, its
// acceptance, the TEST payment, the courier booked, accepted and found.
func (e *e2e) express(ctx context.Context, t *testing.T, c *customer, ya *yandextest.Server) {
	t.Helper()
	must(t, e.press(ctx, c, "экспресс-доставка", "Куда привезти заказ? Напишите адрес в городе Астана", "Чтобы отправить геолокацию"))
	must(t, e.shareLocation(ctx, c, dlvHomeLat, dlvHomeLon, "Спасибо, геолокацию получил.", "Куда привезти заказ?"))
	if s := lastText(e.fake.Sent(c.chat)); strings.Contains(s, "Геолокация поможет") {
		t.Errorf("after the location the address question still asks for one:\n%s", s)
	}
	must(t, e.say(ctx, c, dlvHomeAddress, "Проверьте, пожалуйста, заказ:"))
	if s := lastText(e.fake.Sent(c.chat)); !strings.Contains(s, "цену рассчитаем по адресу") || !strings.Contains(s, dlvHomeAddress) {
		t.Errorf("the express summary does not promise a price for %q:\n%s", dlvHomeAddress, s)
	}
	if n := ya.Requests("check-price"); n != 0 {
		t.Errorf("Yandex was asked for %d prices before the request was sent", n)
	}

	// The request wakes the express worker, which prices it with Yandex;
	// the price comes by itself.
	price := shop.Money(math.Ceil(dlvYandexPrice))
	total := shop.Money(dlvGoods) + price
	must(t, e.press(ctx, c, "Отправить заявку", "Заявка на экспресс-доставку LT-", "Стоимость экспресс-доставки по заявке LT-"))
	num := findNumber(e.fake.Sent(c.chat), `Заявка на экспресс-доставку (LT-\d+) принята`)
	id, ok := shop.ParseOrderNumber(num)
	if !ok {
		t.Fatalf("no express request number in the chat:\n%s", transcript(e.fake.Sent(c.chat), c.want))
	}
	if s := textOf(e.fake.Sent(c.chat)[len(c.want)-2]); !strings.Contains(s, "Сейчас рассчитаем стоимость") {
		t.Errorf("the request taken in hours does not say it is priced now:\n%s", s)
	}
	quoted := lastText(e.fake.Sent(c.chat))
	for _, want := range []string{num, dlvHomeAddress, messages.Money(price), "Итого к оплате: " + messages.Money(total)} {
		if !strings.Contains(quoted, want) {
			t.Errorf("the express price does not contain %q:\n%s", want, quoted)
		}
	}
	if n := ya.Requests("check-price"); n != 1 {
		t.Errorf("Yandex got %d check-price calls, want 1", n)
	}
	if body := ya.LastCheckPrice(); body != nil {
		pts, _ := body["route_points"].([]any)
		var got [][]any
		for _, pt := range pts {
			pm, _ := pt.(map[string]any)
			xy, _ := pm["coordinates"].([]any)
			got = append(got, xy)
		}
		shopPin := shop.DefaultProfile().Cities[0].RetailShop
		want := fmt.Sprint([][]any{{shopPin.Lon, shopPin.Lat}, {dlvHomeLon, dlvHomeLat}})
		if fmt.Sprint(got) != want {
			t.Errorf("check-price route %v, want the Astana shop then the shared location, [lon lat] each: %s", got, want)
		}
	}
	card, err := e.staffMessage(ctx, "Экспресс-заявка "+num)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Цену рассчитывает Яндекс Доставка", "Геолокация: https://yandex.kz/maps/", dlvHomeAddress} {
		if !strings.Contains(card, want) {
			t.Errorf("the staff's express card does not contain %q:\n%s", want, card)
		}
	}
	o, err := e.expressOrder(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if o.status != string(shop.AwaitingQuote) || o.shop != "astana" || o.lat != dlvHomeLat || o.lon != dlvHomeLon ||
		o.address != dlvHomeAddress || o.price != int64(price) || o.total != int64(total) || !o.releaseNull {
		t.Errorf("express request %s = %+v; want awaiting its price's acceptance from the astana shop to %v,%v (%s), %d ₸, total %d, not queued",
			num, o, dlvHomeLat, dlvHomeLon, dlvHomeAddress, price, total)
	}

	// Accepting the price brings the payment link; the customer pays.
	if _, err := pressable(e.fake.Sent(c.chat), "Подтвердить и оплатить "+messages.Money(total)); err != nil {
		t.Errorf("the express price: %v", err)
	}
	must(t, e.press(ctx, c, "Подтвердить и оплатить", "Спасибо! Заказ "+num+" на "+messages.Money(total)+" подтверждён", "ТЕСТОВЫЙ РЕЖИМ"))
	if s := lastText(e.fake.Sent(c.chat)); !strings.Contains(s, num) || !strings.Contains(s, messages.Money(total)) {
		t.Errorf("the payment link is not for %s, %s:\n%s", num, messages.Money(total), s)
	}
	if err := payOnPage(ctx, e.fake.Sent(c.chat), "success"); err != nil {
		t.Fatal(err)
	}
	c.want = append(c.want, "Оплата получена, спасибо! Заказ "+num+" оплачен.")
	must(t, e.waitTranscript(ctx, c))
	if s := lastText(e.fake.Sent(c.chat)); !strings.Contains(s, "вызываем курьера Яндекс Доставки") {
		t.Errorf("the payment confirmation does not say the courier is called:\n%s", s)
	}
	for _, want := range []string{"Клиент принял цену экспресс-доставки по " + num, "Оплачен заказ " + num} {
		if _, err := e.staffMessage(ctx, want); err != nil {
			t.Fatal(err)
		}
	}

	// Paid in hours: the worker books the courier, then accepts Yandex's
	// offer on its next pass.
	claim := ""
	if err := waitFor(ctx, "the express order's claim accepted", func() (bool, error) {
		cs := ya.Claims()
		if len(cs) != 1 {
			return false, fmt.Errorf("%d claims", len(cs))
		}
		claim = cs[0].ID
		o, err := e.expressOrder(ctx, id)
		if err != nil {
			return false, err
		}
		return cs[0].Status == "accepted" && o.claim == claim && o.courierStatus == "accepted",
			fmt.Errorf("claim %s is %s; the order has claim %q, %q", cs[0].ID, cs[0].Status, o.claim, o.courierStatus)
	}); err != nil {
		t.Fatal(err)
	}
	// Yandex finds a courier: the customer is told on the worker's next look.
	ya.Advance(claim, "performer_found")
	c.want = append(c.want, "Курьер Яндекс Доставки найден и едет в магазин за заказом "+num)
	must(t, e.waitTranscript(ctx, c))
	if o, err := e.expressOrder(ctx, id); err != nil {
		t.Fatal(err)
	} else if o.status != string(shop.Paid) || o.claim != claim || o.courierStatus != "performer_found" {
		t.Errorf("express order %s = %+v; want paid, claim %s performer_found", num, o, claim)
	}
	if n := ya.Requests("claims/create"); n != 1 {
		t.Errorf("Yandex got %d claims/create calls, want 1", n)
	}
	if n := ya.Requests("claims/accept"); n != 1 {
		t.Errorf("Yandex got %d claims/accept calls, want 1", n)
	}
}

// dlvOrder is what the express part reads of an order.
type dlvOrder struct {
	status, shop, address, claim, courierStatus string
	lat, lon                                    float64
	price, total                                int64
	releaseNull                                 bool
}

func (e *e2e) expressOrder(ctx context.Context, id int64) (dlvOrder, error) {
	var o dlvOrder
	err := e.db.QueryRowContext(ctx, `SELECT status, delivery_shop, delivery_address, courier_claim, courier_status,
		delivery_lat, delivery_lon, delivery_price, total, release_at IS NULL FROM orders WHERE id = $1 AND delivery_method = 'express'`, id).
		Scan(&o.status, &o.shop, &o.address, &o.claim, &o.courierStatus, &o.lat, &o.lon, &o.price, &o.total, &o.releaseNull)
	if err != nil {
		return o, fmt.Errorf("express order %d: %w", id, err)
	}
	return o, nil
}

// addToCart puts one black midi dress, size M, in the cart, from the
// category question.
func (e *e2e) addToCart(ctx context.Context, t *testing.T, c *customer) {
	t.Helper()
	must(t, e.press(ctx, c, "Платья", "Платья: 4 товара"))
	must(t, e.press(ctx, c, "Платье миди с поясом", "Платье миди с поясом\n"))
	must(t, e.press(ctx, c, "M · Чёрный", "Платье миди с поясом, размер M, чёрный. Сколько штук добавить?"))
	must(t, e.press(ctx, c, "1", "Добавлено в корзину: Платье миди с поясом, размер M, чёрный — 1 шт."))
}

// press presses the button labelled (or containing) label on c's latest
// keyboard and waits for the answer: one message per entry of want.
func (e *e2e) press(ctx context.Context, c *customer, label string, want ...string) error {
	data, err := pressable(e.fake.Sent(c.chat), label)
	if err != nil {
		return fmt.Errorf("%s: %w", c.label, err)
	}
	id := e.fake.PushCallback(c.chat, data)
	c.updates = append(c.updates, id)
	c.callbacks = append(c.callbacks, id)
	c.want = append(c.want, want...)
	if err := e.waitTranscript(ctx, c); err != nil {
		return fmt.Errorf("pressing %q (update %d): %w", label, id, err)
	}
	return nil
}

// shareLocation sends c's location, as Telegram's location button does,
// and waits for the answer.
func (e *e2e) shareLocation(ctx context.Context, c *customer, lat, lon float64, want ...string) error {
	id := e.fake.PushUpdate(map[string]any{"message": map[string]any{
		"message_id": 900000 + len(c.updates),
		"date":       time.Now().Unix(),
		"chat":       map[string]any{"id": c.chat, "type": "private", "first_name": "Customer"},
		"from":       map[string]any{"id": c.chat, "is_bot": false, "first_name": "Customer", "language_code": "ru"},
		"location":   map[string]any{"latitude": lat, "longitude": lon},
	}})
	c.updates = append(c.updates, id)
	c.want = append(c.want, want...)
	if err := e.waitTranscript(ctx, c); err != nil {
		return fmt.Errorf("location %v,%v (update %d): %w", lat, lon, id, err)
	}
	return nil
}

// staffMessage waits for a message in the staff group containing substr
// and returns it.
func (e *e2e) staffMessage(ctx context.Context, substr string) (string, error) {
	found := ""
	err := waitFor(ctx, fmt.Sprintf("a staff message containing %q", substr), func() (bool, error) {
		for _, m := range e.fake.Sent(e2eStaffChat) {
			if strings.Contains(textOf(m), substr) {
				found = textOf(m)
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		return "", fmt.Errorf("%w\nthe staff group has:\n%s", err, transcript(e.fake.Sent(e2eStaffChat), nil))
	}
	return found, nil
}

func (e *e2e) retailStock(ctx context.Context, variant, city string) (int, error) {
	var n int
	err := e.db.QueryRowContext(ctx, `SELECT qty FROM retail_stock WHERE variant_id = $1 AND city = $2`, variant, city).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("retail stock of %s in %s: %w", variant, city, err)
	}
	return n, nil
}

func lastText(msgs []telegramtest.Message) string {
	if len(msgs) == 0 {
		return ""
	}
	return textOf(msgs[len(msgs)-1])
}

// findNumber returns the first order number pattern's group finds in msgs.
func findNumber(msgs []telegramtest.Message, pattern string) string {
	re := regexp.MustCompile(pattern)
	for _, m := range msgs {
		if n := re.FindStringSubmatch(textOf(m)); n != nil {
			return n[1]
		}
	}
	return ""
}

// must fails the test at once on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// waitFor is until with a step's deadline.
func waitFor(ctx context.Context, what string, cond func() (bool, error)) error {
	sctx, cancel := context.WithTimeout(ctx, e2eStepTimeout)
	defer cancel()
	return until(sctx, what, cond)
}
