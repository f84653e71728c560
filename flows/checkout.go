package flows

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// startCheckout begins (or restarts) the checkout questions. Answers from an
// earlier checkout are offered with a Keep button.
func (t *turn) startCheckout() error {
	lines, _, _ := t.s.Cart.Lines(t.cat)
	if len(lines) == 0 {
		t.say(messages.T(messages.CartEmpty), row(btn(messages.BtnCatalog, dCatalog), btn(messages.BtnMenu, dMenu)))
		t.s.Step = StepMenu
		return nil
	}
	if id := t.personalMissing(); id != "" {
		t.s.Variant = id
		return t.ask(StepPersonal)
	}
	return t.ask(StepName)
}

// editCheckout asks every question again, each with its answer to keep,
// from the words of the first personalised line.
func (t *turn) editCheckout() error {
	if id := t.personalAfter(""); id != "" {
		t.s.Variant = id
		return t.ask(StepPersonal)
	}
	return t.startCheckout()
}

// ask moves to a checkout step and asks its question.
func (t *turn) ask(step Step) error {
	t.s.Step = step
	c := &t.s.Checkout
	cancel := row(btn(messages.BtnAbort, dAbort))
	keep := func(value string) []Button {
		if value == "" {
			return nil
		}
		return row(btn(messages.BtnKeep, dKeep, "Value", value))
	}
	switch step {
	case StepPersonal:
		// The line asked about is in Variant, as StepQty's is: the one being
		// asked again, else the first without its words.
		id := t.s.Variant
		if !t.personalLine(id) {
			id = t.personalMissing()
		}
		p, v, ok := t.cat.Variant(id)
		if !ok {
			return t.ask(StepName) // none, or it left the cart meanwhile
		}
		t.s.Variant = id
		t.say(messages.T(messages.AskPersonal, "Name", p.Name.In(t.s.Lang), "Size", v.Size, "Colour", v.Colour.In(t.s.Lang),
			"Max", maxPersonalText), keep(t.s.Cart.Text(id)), cancel)
	case StepName:
		t.say(messages.T(messages.AskName), keep(c.Customer.Name), cancel)
	case StepPhone:
		t.say(messages.T(messages.AskPhone), keep(c.Customer.Phone), cancel)
		t.say(messages.T(messages.SharePhoneHint), row(Button{Label: messages.T(messages.BtnSharePhone), Phone: true}))
	case StepEmail:
		t.say(messages.T(messages.AskEmail), keep(c.Customer.Email), cancel)
	case StepCity:
		var rows [][]Button
		var cities []Button
		for _, city := range t.f.cfg.Profile.Cities {
			cities = append(cities, btn(messages.BtnLabel, data(dCity, city.ID), "Label", city.Name.In(t.s.Lang)))
		}
		for i := 0; i < len(cities); i += 2 {
			rows = append(rows, cities[i:min(i+2, len(cities))])
		}
		t.say(messages.T(messages.AskCity), append(rows, keep(c.Delivery.City), cancel)...)
	case StepMethod:
		return t.askMethod()
	case StepPoint:
		return t.askPoint()
	case StepAddress:
		switch c.Delivery.Method {
		case shop.PickupPoint:
			t.say(messages.T(messages.AskAddressPickup, "City", c.Delivery.City), keep(c.Delivery.Address), cancel)
		case shop.Courier:
			t.say(messages.T(messages.AskAddressCourier, "City", c.Delivery.City), keep(c.Delivery.Address), cancel)
		case shop.Express:
			t.say(messages.T(messages.AskAddressExpress, "City", c.Delivery.City, "Pin", c.Delivery.HasLocation()),
				keep(c.Delivery.Address), cancel)
			if !c.Delivery.HasLocation() {
				t.say(messages.T(messages.ShareLocationHint), row(Button{Label: messages.T(messages.BtnShareLocation), Location: true}))
			}
		default:
			return t.ask(StepMethod)
		}
	}
	return nil
}

// missing is the first checkout step without an answer, or "" when every
// answer is there. A session can reach the summary without one only if it
// was stored by another version, but an order never lacks one.
func (t *turn) missing() Step {
	c := t.s.Checkout
	switch {
	case t.personalMissing() != "":
		return StepPersonal
	case c.Customer.Name == "":
		return StepName
	case c.Customer.Phone == "":
		return StepPhone
	case c.Customer.Email == "":
		return StepEmail
	case c.Delivery.City == "":
		return StepCity
	case !c.Delivery.Method.Valid():
		return StepMethod
	case c.Delivery.Address == "" && c.Delivery.Method == shop.PickupPoint:
		return StepPoint
	case c.Delivery.Address == "":
		return StepAddress
	}
	return ""
}

// keep accepts the earlier answer of the current step.
func (t *turn) keep() error {
	c := t.s.Checkout
	switch {
	case t.s.Step == StepPersonal && t.s.Cart.Text(t.s.Variant) != "":
		return t.nextPersonal()
	case t.s.Step == StepName && c.Customer.Name != "":
		return t.ask(StepPhone)
	case t.s.Step == StepPhone && c.Customer.Phone != "":
		return t.ask(StepEmail)
	case t.s.Step == StepEmail && c.Customer.Email != "":
		return t.ask(StepCity)
	case t.s.Step == StepCity && c.Delivery.City != "":
		return t.ask(StepMethod)
	case (t.s.Step == StepAddress || t.s.Step == StepPoint) && c.Delivery.Address != "":
		return t.summary()
	}
	return t.stale()
}

// maxPersonalText bounds the words a personalised product is made with: a
// name, not a letter.
const maxPersonalText = 30

// personalMissing is the first cart line of a personalised product still
// without its words, "" when none is.
func (t *turn) personalMissing() string {
	for _, it := range t.s.Cart.Items {
		if it.Text == "" && t.personalLine(it.VariantID) {
			return it.VariantID
		}
	}
	return ""
}

// answerPersonal takes the words for the personalised line asked about,
// then asks for the next such line, or the checkout's first question.
func (t *turn) answerPersonal(s string) error {
	text, ok := personalText(s)
	if !ok {
		t.say(messages.T(messages.BadPersonal, "Max", maxPersonalText))
		return t.ask(StepPersonal)
	}
	t.s.Cart.SetText(t.s.Variant, text) // a line gone from the cart meanwhile asks nothing more
	return t.nextPersonal()
}

// nextPersonal asks about the personalised line after the one just
// answered, then any still without its words, then the checkout's first
// question.
func (t *turn) nextPersonal() error {
	id := t.personalAfter(t.s.Variant)
	if id == "" {
		id = t.personalMissing()
	}
	if id == "" {
		t.s.Variant = ""
		return t.ask(StepName)
	}
	t.s.Variant = id
	return t.ask(StepPersonal)
}

// personalLine reports whether id is a cart line of a personalised product.
func (t *turn) personalLine(id string) bool {
	p, _, ok := t.cat.Variant(id)
	return ok && p.Personalised && t.s.Cart.Qty(id) > 0
}

// personalAfter is the cart's next personalised line after id ("": the
// first), "" when none follows.
func (t *turn) personalAfter(id string) string {
	seen := id == ""
	for _, it := range t.s.Cart.Items {
		switch {
		case it.VariantID == id:
			seen = true
		case seen && t.personalLine(it.VariantID):
			return it.VariantID
		}
	}
	return ""
}

// personalText reads the words a personalised product is made with: 1 to
// maxPersonalText letters, digits, spaces and a few marks, no emoji, and
// no order number, which is nobody's name and would be shown back as if
// the order were hers.
func personalText(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	n := utf8.RuneCountInString(s)
	if n == 0 || n > maxPersonalText || shop.ContainsCardNumber(s) {
		return "", false
	}
	for _, w := range strings.Fields(s) {
		if _, ok := typedOrderNumber(strings.Trim(w, ".,!'’")); ok {
			return "", false
		}
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" -.,'’!&", r) {
			return "", false
		}
	}
	return s, true
}

func (t *turn) answerName(s string) error {
	name, ok := cleanName(s)
	if !ok {
		t.say(messages.T(messages.BadName))
		return t.ask(StepName)
	}
	t.s.Checkout.Customer.Name = name
	return t.ask(StepPhone)
}

// cleanName accepts 2-100 characters of letters, spaces, hyphens, dots and
// apostrophes, with at least two letters.
func cleanName(s string) (string, bool) {
	// "Айгерим 🌸": the emoji goes, the name stays.
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || r == '\u200d' || r == '\ufe0f' {
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	n, letters := utf8.RuneCountInString(s), 0
	if n < 2 || n > 100 {
		return "", false
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ' || r == '-' || r == '.' || r == '\'' || r == '’':
		default:
			return "", false
		}
	}
	return s, letters >= 2
}

func (t *turn) answerPhone(s string) error {
	phone, err := shop.NormalizePhone(s)
	if err != nil {
		t.say(messages.T(messages.BadPhone))
		return t.ask(StepPhone)
	}
	t.s.Checkout.Customer.Phone = phone
	return t.ask(StepEmail)
}

func (t *turn) answerEmail(s string) error {
	email, err := shop.NormalizeEmail(s)
	if err != nil {
		if !strings.Contains(s, "@") && saysNo(s) {
			// "нет почты": the policy sends the tracking number by e-mail.
			t.say(messages.T(messages.EmailNeeded), row(btn(messages.BtnTalk, dTalk)))
			return t.ask(StepEmail)
		}
		suggest, _ := shop.SuggestEmail(s)
		t.say(messages.T(messages.BadEmail, "Suggest", suggest))
		return t.ask(StepEmail)
	}
	t.s.Checkout.Customer.Email = email
	if fix, ok := shop.EmailDomainTypo(email); ok {
		// "aliya@gmal.com" is valid, and the tracking number would go
		// nowhere: asked, with the address as typed kept if she says so.
		t.say(messages.T(messages.EmailTypo, "Email", email, "Suggest", fix),
			row(btn(messages.BtnLabel, dEmailFix, "Label", "✅ "+fix)),
			row(btn(messages.BtnKeep, dKeep, "Value", email)))
		return nil
	}
	return t.ask(StepCity)
}

// fixEmail takes the address EmailDomainTypo offered for the one typed.
func (t *turn) fixEmail() error {
	c := &t.s.Checkout.Customer
	fix, ok := shop.EmailDomainTypo(c.Email)
	if t.s.Step != StepEmail || !ok {
		return t.stale()
	}
	c.Email = fix
	return t.ask(StepCity)
}

func (t *turn) answerCity(s string) error {
	if c, ok := t.f.cfg.Profile.City(s); ok {
		return t.setCity(c.Name.In(t.s.Lang))
	}
	city, ok := cleanName(shop.CityName(s))
	if f := strings.Fields(city); len(f) > 1 && anyWord(words(f[0]), "в", "во", "до") {
		city = shop.CityName(strings.Join(f[1:], " ")) // "в Костанай", "В Шымкент"
	}
	// "хочу ещё юбку добавить" is no city; "село Косшы Целиноградский
	// район" is.
	if !ok || utf8.RuneCountInString(city) > 64 || saysMoreThanAPlace(words(city)) {
		t.say(messages.T(messages.BadCity))
		return t.ask(StepCity)
	}
	return t.setCity(capitalized(city))
}

// saysMoreThanAPlace reports whether a typed city is a sentence: a verb
// of wanting or asking, or many words.
func saysMoreThanAPlace(ws []string) bool {
	return len(ws) > 6 || anyWord(ws, "хочу", "можно", "нужно", "надо", "подождите", "еще", "сколько", "какой", "где",
		"когда", "есть", "керек", "бар", "қанша") || anyPrefix(ws, "добав", "измен", "поменя")
}

// saysNo reports whether s says no, or that there is none ("нет", "нету
// почты", "жоқ").
func saysNo(s string) bool {
	return anyWord(words(s), "нет", "нету", "не", "жоқ", "no")
}

// capitalized writes a city typed all in lower case as its name is
// written ("усть-каменогорск": Усть-Каменогорск), for the order, the
// carrier and the staff; a name with any capital is kept as typed.
func capitalized(s string) string {
	if strings.ToLower(s) != s {
		return s
	}
	r := []rune(s)
	for i := range r {
		if i == 0 || r[i-1] == ' ' || r[i-1] == '-' {
			r[i] = unicode.ToUpper(r[i])
		}
	}
	return string(r)
}

func (t *turn) setCity(city string) error {
	d := &t.s.Checkout.Delivery
	if d.City != city {
		// Another city's pickup point, door or shop is no answer here.
		*d = shop.Delivery{City: city}
	}
	return t.ask(StepMethod)
}

// quote prices a delivery method for the cart, the free-delivery rule
// applied. shop.ErrPending means the carrier is being asked; ErrNotFound,
// that it does not know the city; ErrNoDelivery, not this way there. A
// carrier that does not answer gives the store's fallback tariff, marked
// approximate, so an order can always be placed.
func (t *turn) quote(m shop.DeliveryMethod, lines []shop.CartLine, goods shop.Money) (shop.DeliveryQuote, error) {
	p := t.f.cfg.Profile
	if m == shop.Express {
		// Priced for the address once the request is made.
		return t.s.Checkout.Delivery.Quote, nil
	}
	req := shop.DeliveryRequest{Chat: t.in.Chat, City: t.s.Checkout.Delivery.City, Method: m, WeightGrams: shop.WeightGrams(lines, p.DefaultWeightGrams)}
	q, err := t.f.cfg.Delivery.Quote(t.ctx, req)
	switch {
	case errors.Is(err, shop.ErrPending), errors.Is(err, shop.ErrNotFound), errors.Is(err, shop.ErrNoDelivery):
		return shop.DeliveryQuote{}, err
	case err != nil:
		t.f.cfg.Log.Warn("Delivery quote failed, using the fallback tariff", "method", m, "error", err)
		if q, err = (shop.FallbackQuoter{Profile: p}).Quote(t.ctx, req); err != nil {
			return shop.DeliveryQuote{}, fmt.Errorf("fallback quote: %w", err)
		}
	}
	return p.ApplyFreeDelivery(q, goods), nil
}

// methodOption is one delivery method as the method question lists it.
type methodOption struct {
	Method shop.DeliveryMethod
	Quote  shop.DeliveryQuote
}

// askMethod lists the ways of delivery side by side, each with its price
// and time: CDEK pickup point and courier, and express where the city has
// the store's retail shop.
func (t *turn) askMethod() error {
	t.s.Step = StepMethod
	lines, goods, _ := t.s.Cart.Lines(t.cat)
	var opts []methodOption
	var rows [][]Button
	for _, m := range []shop.DeliveryMethod{shop.PickupPoint, shop.Courier} {
		q, err := t.quote(m, lines, goods)
		switch {
		case errors.Is(err, shop.ErrPending):
			t.waitForCarrier()
			return nil
		case errors.Is(err, shop.ErrNotFound):
			t.say(messages.T(messages.CityUnknown, "City", t.s.Checkout.Delivery.City))
			return t.ask(StepCity)
		case errors.Is(err, shop.ErrNoDelivery):
			continue
		case err != nil:
			return err
		}
		opts = append(opts, methodOption{Method: m, Quote: q})
		rows = append(rows, row(btn(messages.BtnMethod, data(dMethod, string(m)), "Method", string(m), "Quote", q)))
	}
	express := false
	if city, ok := t.f.cfg.Profile.City(t.s.Checkout.Delivery.City); ok && city.RetailShop != nil && !t.expressRefused {
		express = true
		rows = append(rows, row(btn(messages.BtnMethod, data(dMethod, string(shop.Express)), "Method", string(shop.Express), "Quote", nil)))
	}
	if len(opts) == 0 && !express {
		// CDEK has no tariff to this city at all: say so rather than
		// offer nothing.
		t.say(messages.T(messages.CityUnknown, "City", t.s.Checkout.Delivery.City))
		return t.ask(StepCity)
	}
	rows = append(rows, row(btn(messages.BtnAbort, dAbort)))
	approx := slices.ContainsFunc(opts, func(o methodOption) bool { return o.Quote.Approximate })
	t.say(messages.T(messages.AskMethod, "City", t.s.Checkout.Delivery.City, "Options", opts,
		"More", t.f.cfg.Profile.MoreForFreeDelivery(goods), "Express", express, "Approximate", approx,
		"From", t.f.cfg.Profile.Express.Opens, "To", t.f.cfg.Profile.Express.Closes), rows...)
	return nil
}

func (t *turn) chooseMethod(m shop.DeliveryMethod) error {
	if t.s.Step != StepMethod || !m.Valid() {
		return t.stale()
	}
	if m == shop.Express {
		return t.chooseExpress(false)
	}
	d := &t.s.Checkout.Delivery
	if d.Method != m {
		// A door address is no pickup point, and back; a pin was for the other.
		d.Address, d.Point, d.Lat, d.Lon = "", "", 0, 0
	}
	d.Method, d.Shop = m, ""
	t.s.Checkout.Queued = false
	if m == shop.PickupPoint {
		return t.askPoint()
	}
	return t.ask(StepAddress)
}

func (t *turn) answerAddress(s string) error {
	s = strings.Join(strings.Fields(s), " ")
	if n := utf8.RuneCountInString(s); n < 5 || n > 300 {
		t.say(messages.T(messages.BadAddress))
		return t.ask(StepAddress)
	}
	if m := t.s.Checkout.Delivery.Method; (m == shop.Courier || m == shop.Express && !t.s.Checkout.Delivery.HasLocation()) &&
		!houseNamed(s) {
		// "не знаю", "🏠🏠🏠": a courier needs a door to come to.
		t.say(messages.T(messages.AddressNoHouse))
		return t.ask(StepAddress)
	}
	t.s.Checkout.Delivery.Address = s
	return t.summary()
}

// houseNamed reports whether a door address names a house: a number, or
// a word that places one without it ("частный дом", "Ромашка массиві").
func houseNamed(s string) bool {
	return strings.ContainsFunc(s, unicode.IsDigit) ||
		anyPrefix(words(s), "дом", "үй", "массив", "коттедж", "ауыл", "село", "поселок", "дача", "дачн", "жк")
}

// summaryLine is one item as the order summary lists it.
type summaryLine struct {
	Name, Size, Colour string
	Text               string // a personalised product's words
	Qty                int
	Sum                shop.Money
}

// summary shows the order to confirm. Each summary gets a new revision, so
// a Confirm button from an older one is recognised as stale.
func (t *turn) summary() error {
	lines, goods, _ := t.s.Cart.Lines(t.cat)
	if len(lines) == 0 {
		t.say(messages.T(messages.CartEmpty), row(btn(messages.BtnCatalog, dCatalog)))
		t.s.Step = StepMenu
		return nil
	}
	if step := t.missing(); step != "" {
		return t.ask(step)
	}
	c := &t.s.Checkout
	q, err := t.quote(c.Delivery.Method, lines, goods)
	switch {
	case errors.Is(err, shop.ErrPending):
		t.s.Step = StepConfirm
		t.waitForCarrier()
		return nil
	case errors.Is(err, shop.ErrNotFound), errors.Is(err, shop.ErrNoDelivery):
		return t.askMethod() // the carrier's answer changed: choose again
	case err != nil:
		return err
	}
	c.Delivery.Quote = q
	t.s.Step = StepConfirm
	t.s.Rev++
	t.s.Shown = goods + q.Price
	var items []summaryLine
	for _, l := range lines {
		items = append(items, summaryLine{Name: l.Product.Name.In(t.s.Lang), Size: l.Variant.Size, Colour: l.Variant.Colour.In(t.s.Lang), Text: l.Text, Qty: l.Qty, Sum: l.Sum})
	}
	express := c.Delivery.Method == shop.Express
	var opens time.Time
	if express && c.Queued {
		_, opens, _ = t.f.cfg.Profile.ExpressOpen(t.now)
	}
	t.say(messages.T(messages.Summary,
		"Items", items, "Goods", goods, "Delivery", c.Delivery, "Quote", q, "Total", goods+q.Price,
		"Customer", c.Customer, "Express", express, "Queued", !opens.IsZero(), "Opens", opens),
		row(btn(messages.BtnConfirm, data(dConfirm, strconv.Itoa(t.s.Rev)), "Express", express)),
		row(btn(messages.BtnEdit, dEdit), btn(messages.BtnAbort, dAbort)))
	return nil
}

// confirm places the order: stock is checked and reserved in the same
// transaction that saves the session and the replies.
func (t *turn) confirm() error {
	if step := t.missing(); step != "" {
		return t.ask(step)
	}
	lines, goods, _ := t.s.Cart.Lines(t.cat)
	q, err := t.quote(t.s.Checkout.Delivery.Method, lines, goods)
	if err != nil {
		// Pending, or the carrier's answer changed since the summary.
		return t.summary()
	}
	if goods+q.Price != t.s.Shown {
		// The catalog (or a tariff) changed since the summary: show the
		// new one rather than charge what the customer did not see.
		t.say(messages.T(messages.PricesChanged))
		return t.summary()
	}
	if t.s.Checkout.Delivery.Method == shop.Express {
		return t.placeExpress(lines)
	}
	c := t.s.Checkout
	c.Delivery.Quote = q
	o, err := shop.NewOrder(t.in.Chat, t.s.Lang, c.Customer, c.Delivery, lines, t.now)
	if errors.Is(err, shop.ErrEmptyCart) {
		return t.cart()
	}
	if err != nil {
		return fmt.Errorf("new order: %w", err)
	}
	o, err = t.st.Place(t.ctx, o)
	var short *shop.OutOfStockError
	if errors.As(err, &short) {
		return t.outOfStock(short)
	}
	if err != nil {
		return fmt.Errorf("place order: %w", err)
	}
	t.s.Cart.Clear()
	t.s.Step = StepMenu
	t.s.Checkout.Delivery.Lat, t.s.Checkout.Delivery.Lon = 0, 0 // a pin is for one order
	t.res.PaymentWork = true                                    // the order needs its payment link
	t.say(messages.T(messages.OrderPlaced, "Number", o.Number(), "Total", o.Total, "Email", o.Customer.Email),
		row(btn(messages.BtnMyOrders, dOrders), btn(messages.BtnMenu, dMenu)))
	t.alertStaff(messages.T(messages.StaffNewOrder, "Order", o, "Number", o.Number(), "Created", o.CreatedAt.In(t.f.cfg.Profile.Location())),
		t.cardButtons(o)...)
	return nil
}

// shortLine is a cart line that stock no longer covers.
type shortLine struct {
	Name, Size, Colour string
	Wanted, Left       int
}

// outOfStock trims the cart to what is left and shows it.
func (t *turn) outOfStock(e *shop.OutOfStockError) error {
	var lines []shortLine
	for _, sh := range e.Short {
		p, v, ok := t.cat.Variant(sh.VariantID)
		if !ok {
			continue
		}
		lines = append(lines, shortLine{Name: p.Name.In(t.s.Lang), Size: v.Size, Colour: v.Colour.In(t.s.Lang), Wanted: sh.Wanted, Left: sh.Left})
		t.s.Cart.SetQty(sh.VariantID, sh.Left)
	}
	t.say(messages.T(messages.OutOfStock, "Lines", lines))
	return t.cart()
}
