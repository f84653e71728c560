package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// Delivery button data.
const (
	dPoint       = "pp"  // pp:<code>: this pickup point
	dPointList   = "ppl" // ppl:<page>: the city's pickup points, a page of them
	dExpressWait = "xw"  // take the express request for the opening time
	dExpressOK   = "xq"  // xq:<order>:<price>: accept the express price
	dExpressNo   = "xd"  // xd:<order>: decline it, choose CDEK instead
)

// Pickup point lists.
const (
	nearestShown = 3 // points offered for a shared location
	pointsPage   = 6 // points per page of the list, and typed-search matches shown
)

// pointLine is a pickup point as a list shows it.
type pointLine struct {
	shop.DeliveryPoint
	Meters float64 // 0 when not searched by location
}

// missingLine is a cart line the city's shop cannot bring by express:
// it has InShop of the Qty asked.
type missingLine struct {
	Name, Size, Colour string
	Qty, InShop        int
}

// waitForCarrier tells the customer the carrier is being asked; the
// delivery event asks the step's question again.
func (t *turn) waitForCarrier() {
	t.s.Waiting = true
	// The answer comes by itself; should it get lost, any message from
	// the customer asks the question again (the text says so).
	t.say(messages.T(messages.DeliveryWait))
}

// deliveryReady is the carrier's answer arriving for the chat.
func (t *turn) deliveryReady() error {
	if !t.s.Waiting || t.s.Handoff != 0 {
		return nil // the customer moved on, or talks to staff
	}
	t.s.Waiting = false
	switch t.s.Step {
	case StepMethod:
		return t.askMethod()
	case StepPoint:
		return t.askPoint()
	case StepConfirm:
		return t.summary()
	}
	return nil
}

// askPoint asks for the pickup point: by a shared location, from the list,
// or by a typed street. Without the carrier's list the customer types the
// point's address and staff check it.
func (t *turn) askPoint() error {
	points, err := t.points()
	if errors.Is(err, shop.ErrPending) {
		t.s.Step = StepPoint
		t.waitForCarrier()
		return nil
	}
	if err != nil || len(points) == 0 {
		t.s.Step = StepAddress
		t.say(messages.T(messages.AskAddressPickup, "City", t.s.Checkout.Delivery.City),
			row(btn(messages.BtnAbort, dAbort)))
		return nil
	}
	t.s.Step = StepPoint
	t.say(messages.T(messages.AskPoint, "City", t.s.Checkout.Delivery.City, "Count", len(points)),
		row(btn(messages.BtnPointList, data(dPointList, "0"))),
		row(btn(messages.BtnAbort, dAbort)))
	t.say(messages.T(messages.ShareLocationHint), row(Button{Label: messages.T(messages.BtnShareLocation), Location: true}))
	return nil
}

// points returns the chosen city's pickup points.
func (t *turn) points() ([]shop.DeliveryPoint, error) {
	if t.f.cfg.Points == nil {
		return nil, shop.ErrNotFound
	}
	ps, err := t.f.cfg.Points.DeliveryPoints(t.ctx, t.in.Chat, t.s.Checkout.Delivery.City)
	if err != nil && !errors.Is(err, shop.ErrPending) {
		t.f.cfg.Log.Warn("Pickup points unavailable", "error", err)
	}
	return ps, err
}

// nearestPoints answers a shared location with the closest points.
func (t *turn) nearestPoints(lat, lon float64) error {
	points, err := t.points()
	if err != nil || len(points) == 0 {
		return t.askPoint()
	}
	// The point is only searched from: it is no delivery pin.
	var lines []pointLine
	for _, np := range shop.Nearest(points, lat, lon, nearestShown) {
		lines = append(lines, pointLine{DeliveryPoint: np.DeliveryPoint, Meters: np.Meters})
	}
	t.showPoints(messages.T(messages.PointsNear, "Points", lines), lines, -1, 0)
	return nil
}

// searchPoints answers a typed street or point code.
func (t *turn) searchPoints(q string) error {
	points, err := t.points()
	if errors.Is(err, shop.ErrPending) {
		return t.askPoint() // the list is on its way: say so, not take the words as an address
	}
	if err != nil || len(points) == 0 {
		return t.answerAddress(q)
	}
	found := shop.SearchPoints(points, q)
	if len(found) == 0 {
		t.say(messages.T(messages.PointsNone, "Query", truncate(q, 40)),
			row(btn(messages.BtnPointList, data(dPointList, "0"))), row(btn(messages.BtnAbort, dAbort)))
		return nil
	}
	lines := make([]pointLine, 0, min(len(found), pointsPage))
	for _, p := range found[:min(len(found), pointsPage)] {
		lines = append(lines, pointLine{DeliveryPoint: p})
	}
	t.showPoints(messages.T(messages.PointsFound, "Points", lines, "More", len(found)-len(lines)), lines, -1, 0)
	return nil
}

// pointList shows a page of the city's points.
func (t *turn) pointList(page int) error {
	if t.s.Step != StepPoint {
		return t.stale()
	}
	points, err := t.points()
	if err != nil || len(points) == 0 {
		return t.askPoint()
	}
	pages := (len(points) + pointsPage - 1) / pointsPage
	if page < 0 || page >= pages {
		return t.stale()
	}
	var lines []pointLine
	for _, p := range points[page*pointsPage : min((page+1)*pointsPage, len(points))] {
		lines = append(lines, pointLine{DeliveryPoint: p})
	}
	t.showPoints(messages.T(messages.PointsPage, "Points", lines, "Page", page+1, "Pages", pages), lines, page, pages)
	return nil
}

// showPoints lists points with a button each; page is the list page shown
// of pages, or -1 for a search.
func (t *turn) showPoints(text messages.Text, lines []pointLine, page, pages int) {
	var rows [][]Button
	for _, l := range lines {
		rows = append(rows, row(btn(messages.BtnPoint, data(dPoint, l.Code), "Point", l)))
	}
	var nav []Button
	if page > 0 {
		nav = append(nav, btn(messages.BtnPrev, data(dPointList, strconv.Itoa(page-1))))
	}
	if page >= 0 && page+1 < pages {
		nav = append(nav, btn(messages.BtnNext, data(dPointList, strconv.Itoa(page+1))))
	}
	if page < 0 {
		nav = append(nav, btn(messages.BtnPointList, data(dPointList, "0")))
	}
	rows = append(rows, nav, row(btn(messages.BtnAbort, dAbort)))
	t.say(text, rows...)
}

// choosePoint takes a pickup point from a button; the code is checked
// against the city's list, so forged data chooses nothing.
func (t *turn) choosePoint(code string) error {
	if t.s.Step != StepPoint {
		return t.stale()
	}
	points, err := t.points()
	if err != nil {
		return t.askPoint()
	}
	for _, p := range points {
		if p.Code == code {
			d := &t.s.Checkout.Delivery
			d.Point, d.Address = p.Code, p.Address
			return t.summary()
		}
	}
	return t.stale()
}

// chooseExpress checks what express needs: a retail shop in the city with
// every item in stock, and the hours. It says what is missing and offers
// CDEK; out of hours the request can wait for the opening.
func (t *turn) chooseExpress(queue bool) error {
	d := &t.s.Checkout.Delivery
	city, ok := t.f.cfg.Profile.City(d.City)
	if !ok || city.RetailShop == nil {
		return t.stale()
	}
	lines, _, _ := t.s.Cart.Lines(t.cat)
	if short := shop.ExpressShortage(lines, city.ID); len(short) > 0 {
		var items []missingLine
		none := len(short) == len(lines) // nothing the shop could bring, however the cart changes
		for _, l := range short {
			in := l.Variant.Retail[city.ID]
			items = append(items, missingLine{Name: l.Product.Name.In(t.s.Lang), Size: l.Variant.Size,
				Colour: l.Variant.Colour.In(t.s.Lang), Qty: l.Qty, InShop: in})
			none = none && in == 0
		}
		t.say(messages.T(messages.ExpressMissing, "Items", items, "City", d.City, "All", none))
		t.expressRefused = true
		return t.askMethod()
	}
	open, opens, err := t.f.cfg.Profile.ExpressOpen(t.now)
	if err != nil {
		return fmt.Errorf("express: %w", err)
	}
	if !open && !queue {
		t.s.Step = StepMethod
		t.say(messages.T(messages.ExpressClosed, "Opens", opens, "Today", sameDay(opens, t.now.In(opens.Location())),
			"From", t.f.cfg.Profile.Express.Opens, "To", t.f.cfg.Profile.Express.Closes),
			row(btn(messages.BtnExpressQueue, dExpressWait, "Opens", opens)),
			row(btn(messages.BtnMethod, data(dMethod, string(shop.PickupPoint)), "Method", string(shop.PickupPoint), "Quote", nil)),
			row(btn(messages.BtnMethod, data(dMethod, string(shop.Courier)), "Method", string(shop.Courier), "Quote", nil)),
			row(btn(messages.BtnAbort, dAbort)))
		return nil
	}
	if d.Method != shop.Express {
		d.Address, d.Point, d.Lat, d.Lon = "", "", 0, 0
	}
	d.Method, d.Shop, d.Quote = shop.Express, city.ID, shop.DeliveryQuote{Method: shop.Express}
	t.s.Checkout.Queued = !open
	return t.ask(StepAddress)
}

// locationAt takes a shared location at the address question: the express
// courier's destination, or a door for the CDEK courier.
func (t *turn) locationAt(lat, lon float64) error {
	d := &t.s.Checkout.Delivery
	d.Lat, d.Lon = lat, lon
	if d.Address == "" || t.s.Step == StepAddress {
		// Asked for the address, a pin is no answer to keep an earlier
		// order's address by: the courier would get two places.
		t.say(messages.T(messages.LocationThanks))
		return t.ask(StepAddress)
	}
	return t.summary() // a pin added to the address the summary shows
}

// placeExpress places an express request: the goods are held in the retail
// shop, staff are alerted, and the price comes before any payment.
func (t *turn) placeExpress(lines []shop.CartLine) error {
	c := t.s.Checkout
	open, opens, err := t.f.cfg.Profile.ExpressOpen(t.now)
	if err != nil {
		return fmt.Errorf("express: %w", err)
	}
	if !open && !c.Queued {
		return t.chooseExpress(false) // the window closed since the summary
	}
	city, ok := t.f.cfg.Profile.City(c.Delivery.City)
	if !ok || city.RetailShop == nil || len(shop.ExpressShortage(lines, city.ID)) > 0 {
		return t.chooseExpress(false)
	}
	c.Delivery.Shop = city.ID
	c.Delivery.Quote = shop.DeliveryQuote{Method: shop.Express}
	o, err := shop.NewOrder(t.in.Chat, t.s.Lang, c.Customer, c.Delivery, lines, t.now)
	if err != nil {
		return fmt.Errorf("new express order: %w", err)
	}
	if !open {
		o.ReleaseAt = opens
	}
	o, err = t.st.Place(t.ctx, o)
	var short *shop.OutOfStockError
	if errors.As(err, &short) {
		t.say(messages.T(messages.ExpressSoldOut))
		return t.askMethod()
	}
	if err != nil {
		return fmt.Errorf("place express order: %w", err)
	}
	t.s.Cart.Clear()
	t.s.Step = StepMenu
	t.s.Checkout.Queued = false
	t.s.Checkout.Delivery.Lat, t.s.Checkout.Delivery.Lon = 0, 0 // a pin is for one order
	t.res.DeliveryWork = true                                   // to price
	t.say(messages.T(messages.ExpressRequested, "Number", o.Number(), "Queued", !open, "Opens", opens),
		row(btn(messages.BtnMyOrders, dOrders), btn(messages.BtnMenu, dMenu)))
	t.expressCard(o, false)
	return nil
}

// expressCard alerts staff to an express request: what, from which shop,
// where to, and how the price comes.
func (t *turn) expressCard(o shop.Order, released bool) {
	city, _ := t.f.cfg.Profile.City(o.Delivery.Shop)
	var shopAddr shop.Localized
	if city.RetailShop != nil {
		shopAddr = city.RetailShop.Address
	}
	card := messages.T(messages.StaffExpressRequest, "Released", released, "Order", o, "Number", o.Number(), "Items", t.orderLines(o),
		"Shop", shopAddr, "Map", messages.MapLink(o.Delivery), "Auto", t.f.cfg.AutoQuote && o.Delivery.HasLocation(),
		"Queued", !o.ReleaseAt.IsZero(), "Opens", o.ReleaseAt.In(t.f.cfg.Profile.Location()))
	t.alertStaff(card, t.cardButtons(o)...)
	// The official chat sees the card too; its actions are the staff chats'.
	t.res.Store = append(t.res.Store, Reply{Text: card})
}

// offerExpress sets an express request's price and asks the customer to
// accept it; by is who quoted (a staff member, or the courier service).
func (t *turn) offerExpress(o shop.Order, price shop.Money, by string) (bool, error) {
	if o.Delivery.Method != shop.Express || o.Status != shop.AwaitingQuote || !o.ReleaseAt.IsZero() || price <= 0 {
		return false, nil
	}
	o.Delivery.Quote.Price, o.Delivery.Quote.Approximate = price, false
	o.Total = o.GoodsTotal + price
	if err := t.st.Update(t.ctx, o); err != nil {
		return false, fmt.Errorf("express quote: %w", err)
	}
	if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: by, Action: actionQuoted, Detail: strconv.FormatInt(int64(price), 10)}); err != nil {
		return false, fmt.Errorf("express quote: %w", err)
	}
	t.tell(o, messages.T(messages.ExpressQuoted, "Number", o.Number(), "Price", price, "Goods", o.GoodsTotal,
		"Total", o.Total, "Address", o.Delivery.Address), quoteButtons(o)...)
	return true, nil
}

// quoteButtons accept or decline an express request's price, from the
// offer or from the order in My orders.
func quoteButtons(o shop.Order) [][]Button {
	id := strconv.FormatInt(o.ID, 10)
	return [][]Button{
		row(btn(messages.BtnExpressAccept, data(dExpressOK, id, strconv.FormatInt(int64(o.Delivery.Quote.Price), 10)), "Total", o.Total)),
		row(btn(messages.BtnExpressDecline, data(dExpressNo, id))),
	}
}

// actionQuoted records an express price in the audit trail.
const actionQuoted = "quoted"

// courierActor is the courier service in the audit trail.
const courierActor = "yandex"

// acceptExpress is the customer accepting the price they were shown: the
// order now waits for payment, and billing makes its link.
func (t *turn) acceptExpress(idArg, priceArg string) error {
	o, ok, err := t.ownQuotedOrder(idArg)
	if err != nil || !ok {
		return err
	}
	if price, err := strconv.ParseInt(priceArg, 10, 64); err != nil || shop.Money(price) != o.Delivery.Quote.Price {
		return t.stale() // a price from an older quote
	}
	o.Status, o.PayableAt = shop.AwaitingPayment, t.now // the time to pay starts now
	if err := t.st.Update(t.ctx, o); err != nil {
		return fmt.Errorf("accept express: %w", err)
	}
	if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: "customer", Action: string(shop.AwaitingPayment)}); err != nil {
		return fmt.Errorf("accept express: %w", err)
	}
	t.res.PaymentWork = true
	t.say(messages.T(messages.ExpressAccepted, "Number", o.Number(), "Total", o.Total),
		row(btn(messages.BtnMyOrders, dOrders), btn(messages.BtnMenu, dMenu)))
	accepted := messages.T(messages.StaffExpressAccepted, "Number", o.Number(), "Total", o.Total)
	t.alertStaff(accepted, t.cardButtons(o)...)
	t.res.Store = append(t.res.Store, Reply{Text: accepted})
	return nil
}

// declineExpress cancels the request, puts its goods back in the cart and
// asks for another way of delivery.
func (t *turn) declineExpress(idArg string) error {
	o, ok, err := t.ownQuotedOrder(idArg)
	if err != nil || !ok {
		return err
	}
	o.Status = shop.Cancelled
	if err := t.st.ReleaseStock(t.ctx, o); err != nil {
		return fmt.Errorf("decline express: %w", err)
	}
	if err := t.st.Update(t.ctx, o); err != nil {
		return fmt.Errorf("decline express: %w", err)
	}
	if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: "customer", Action: string(shop.Cancelled), Detail: "express declined"}); err != nil {
		return fmt.Errorf("decline express: %w", err)
	}
	t.alertStaff(messages.T(messages.StaffExpressDeclined, "Number", o.Number()))
	for _, it := range o.Items {
		t.s.Cart.Add(it.VariantID, it.Qty)
	}
	d := &t.s.Checkout.Delivery
	d.Method, d.Address, d.Point, d.Shop, d.Lat, d.Lon = "", "", "", "", 0, 0
	t.say(messages.T(messages.ExpressDeclined, "Number", o.Number()))
	t.expressRefused = true // they just said no to it
	return t.askMethod()
}

// ownQuotedOrder reads the chat's express request waiting for acceptance;
// anything else (another chat's order, a request already answered) is a
// stale button.
func (t *turn) ownQuotedOrder(idArg string) (shop.Order, bool, error) {
	id, err := strconv.ParseInt(idArg, 10, 64)
	if err != nil || id <= 0 {
		return shop.Order{}, false, t.stale()
	}
	o, err := t.st.Get(t.ctx, t.in.Chat, id)
	if errors.Is(err, shop.ErrNotFound) {
		return shop.Order{}, false, t.stale()
	}
	if err != nil {
		return shop.Order{}, false, fmt.Errorf("express order: %w", err)
	}
	if o.Status != shop.AwaitingQuote || o.Delivery.Quote.Price == 0 {
		return shop.Order{}, false, t.stale()
	}
	return o, true, nil
}

// staffQuote is "/quote LT-00042 2500": staff price an express request.
func (t *turn) staffQuote(args []string) error {
	id, ok := t.staffOrderArg("quote", args, 2, messages.StaffQuoteUsage)
	if !ok {
		return nil
	}
	price, err := parsePrice(strings.Join(args[1:], " "))
	if err != nil || price <= 0 || price > 1_000_000 {
		t.say(messages.T(messages.StaffQuoteUsage, "Number", shop.OrderNumber(id)))
		return nil
	}
	o, ok, err := t.staffOrder(id, "quote")
	if !ok || err != nil {
		return err
	}
	offered, err := t.offerExpress(o, shop.Money(price), t.in.User)
	if err != nil {
		return err
	}
	if !offered {
		t.say(messages.T(messages.StaffCannotQuote, "Number", o.Number(), "Status", string(o.Status),
			"Express", o.Delivery.Method == shop.Express, "Queued", !o.ReleaseAt.IsZero()))
		return nil
	}
	t.say(messages.T(messages.StaffQuoted, "Number", o.Number(), "Price", shop.Money(price), "By", t.in.User))
	return nil
}

// parsePrice reads a price staff type: "2500", "2 500" or "2 500 ₸" (a
// copied card's non-breaking spaces too). Groups after the first must have
// three digits, so "2500 3" is a mistake, not 25 003.
func parsePrice(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "₸"))
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' })
	if len(groups) == 0 {
		return 0, errors.New("no price")
	}
	for i, g := range groups {
		if i > 0 && len(g) != 3 || len(g) == 0 || len(g) > 7 {
			return 0, fmt.Errorf("%q is not a price", s)
		}
	}
	return strconv.ParseInt(strings.Join(groups, ""), 10, 64)
}

// courierFound is staff saying a courier is on the way to the shop for a
// paid express order, when no courier service reports it: "/courier
// LT-00042". The customer is told; nothing else changes.
func (t *turn) courierFound(id int64) error {
	o, ok, err := t.staffOrder(id, "courier")
	if !ok || err != nil {
		return err
	}
	switch {
	case o.Delivery.Method != shop.Express:
		t.say(messages.T(messages.StaffNotExpress, "Number", o.Number()))
		return nil
	case o.Status != shop.Paid && o.Status != shop.Processing:
		t.say(messages.T(messages.StaffCannotMove, "Number", o.Number(), "From", string(o.Status), "To", string(shop.Shipped)))
		return nil
	case o.Courier.ID == shop.ManualCourier || shop.CourierStageOf(o.Courier.Status) == shop.CourierFound:
		// Told once: a second /courier must not tell the customer again.
		t.say(messages.T(messages.StaffCourierAlready, "Number", o.Number()))
		return nil
	}
	if ref, err := t.openCancel(o.ID); err != nil || ref != "" {
		if ref != "" {
			t.say(messages.T(messages.StaffOpenCancel, "Number", o.Number(), "Ref", ref))
		}
		return err
	}
	if o.Courier.ID == "" {
		// Staff called the courier: the worker must not book another.
		o.Courier = shop.CourierClaim{ID: shop.ManualCourier, Status: "performer_found"}
		if err := t.st.Update(t.ctx, o); err != nil {
			return fmt.Errorf("courier: %w", err)
		}
	}
	if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: t.in.User, Action: actionCourierFound}); err != nil {
		return fmt.Errorf("courier: %w", err)
	}
	t.tell(o, messages.T(messages.CourierFoundNotice, "Number", o.Number()),
		row(btn(messages.BtnMyOrders, dOrders), btn(messages.BtnMenu, dMenu)))
	t.say(messages.T(messages.StaffCourierNoted, "Number", o.Number(), "By", t.in.User))
	return nil
}

// actionCourierFound records in the audit trail that a courier is on the
// way to the shop.
const actionCourierFound = "courier_found"

// expressReleased hands a request taken out of hours to staff at opening.
func (t *turn) expressReleased(o shop.Order) error {
	if o.Status != shop.AwaitingQuote || o.ReleaseAt.IsZero() {
		return nil
	}
	o.ReleaseAt = time.Time{}
	if err := t.st.Update(t.ctx, o); err != nil {
		return fmt.Errorf("release express request: %w", err)
	}
	t.res.DeliveryWork = true // to price now
	t.say(messages.T(messages.ExpressReleasedNotice, "Number", o.Number()))
	t.expressCard(o, true)
	return nil
}

// courierUpdate records a change of the Yandex claim and tells the
// customer the steps that matter: a courier found, on the way, delivered.
func (t *turn) courierUpdate(o shop.Order, claim shop.CourierClaim) error {
	if o.Delivery.Method != shop.Express || claim.ID == "" || (o.Courier == claim) {
		return nil
	}
	prev := o.Courier.Status
	o.Courier = claim
	var to shop.OrderStatus
	var notice messages.Key
	switch shop.CourierStageOf(claim.Status) {
	case shop.CourierFound:
		if shop.CourierStageOf(prev) != shop.CourierFound {
			notice = messages.CourierFoundNotice
		}
	case shop.CourierOnTheWay:
		if shop.CanMove(o.Status, shop.Shipped) {
			to, notice = shop.Shipped, messages.CourierOnTheWayNotice
		}
	case shop.CourierDelivered:
		if o.Status == shop.Paid || o.Status == shop.Processing {
			o.Status = shop.Shipped // delivered before we saw it leave
		}
		if shop.CanMove(o.Status, shop.Delivered) {
			to = shop.Delivered
		}
	case shop.CourierFailed:
		t.alertStaff(messages.T(messages.StaffCourierFailed, "Number", o.Number(), "Status", claim.Status, "Claim", claim.ID),
			t.cardButtons(o)...)
	}
	if to != "" {
		o.Status = to
		if to == shop.Delivered {
			o.DeliveredAt = t.now
		}
	}
	if err := t.st.Update(t.ctx, o); err != nil {
		return fmt.Errorf("courier update: %w", err)
	}
	if to != "" {
		if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: courierActor, Action: string(to)}); err != nil {
			return fmt.Errorf("courier update: %w", err)
		}
	}
	buttons := row(btn(messages.BtnMyOrders, dOrders), btn(messages.BtnMenu, dMenu))
	switch {
	case notice != "":
		t.say(messages.T(notice, "Number", o.Number()), buttons)
	case to == shop.Delivered:
		t.tellStatus(o, "", false)
	}
	return nil
}
