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

// Staff desk button data (staff chats only, like dRefund).
const (
	dStaffOrder  = "so" // so:<order>: show the order's card
	dStaffMove   = "sm" // sm:<order>:<status>: move it (processing, delivered)
	dStaffTake   = "tk" // tk:<order>: take charge of it
	dStaffShip   = "sh" // sh:<order>: how to ship (a tracking number is typed)
	dStaffCancel = "sc" // sc:<order>: how to cancel (a reason is typed)
	dStaffQuote  = "sq" // sq:<order>: how to quote an express request (a price is typed)
)

// mailChannel is the e-mail channel's name (bot/email): its chat ids are
// order numbers, and the address travels in the reply.
const mailChannel = "email"

// listShown is how many orders a staff list shows.
const listShown = 20

// historyLine is one status change as the customer's order view lists it.
type historyLine struct {
	At     time.Time // in the store's zone
	Status string
	// Carrier is the carrier's own text for a status the store has no
	// words for.
	Carrier string
}

// deskCommand runs a staff desk command; ok is false for a command the desk
// does not know.
func (t *turn) deskCommand(cmd string, args []string, rest string) (ok bool, err error) {
	switch cmd {
	case "order":
		return true, t.lookup(args)
	case "orders":
		return true, t.listByStatus(args)
	case "processing", "delivered":
		id, ok := t.staffOrderArg(cmd, args, 1, messages.StaffMoveUsage)
		if ok {
			err = t.move(id, shop.OrderStatus(cmd), "")
		}
		return true, err
	case "ship":
		if len(args) == 1 {
			// An express courier has no tracking number: "/ship LT-00042"
			// is enough there, and only there.
			return true, t.shipExpress(args[0])
		}
		id, ok := t.staffOrderArg(cmd, args, 2, messages.StaffShipUsage)
		switch {
		case ok && len(args) > 2:
			// "/ship LT-00004 12345678 90": a number cut in two, not a
			// number and a remark.
			t.say(messages.T(messages.StaffShipUsage, "Number", shop.OrderNumber(id)))
		case ok:
			err = t.move(id, shop.Shipped, args[1])
		}
		return true, err
	case "quote":
		return true, t.staffQuote(args)
	case "holidays":
		return true, t.listHolidays(args)
	case "holiday":
		return true, t.setHoliday(args, rest)
	case "courier":
		id, ok := t.staffOrderArg(cmd, args, 1, messages.StaffMoveUsage)
		if ok {
			err = t.courierFound(id)
		}
		return true, err
	case "cancel":
		id, ok := t.staffOrderArg(cmd, args, 2, messages.StaffCancelUsage)
		if ok {
			// The reason is the rest of the line, as typed.
			_, reason, _ := strings.Cut(strings.TrimSpace(rest), args[0])
			err = t.move(id, shop.Cancelled, strings.TrimRight(strings.TrimSpace(reason), ".!"))
		}
		return true, err
	case "take":
		id, ok := t.staffOrderArg(cmd, args, 1, messages.StaffMoveUsage)
		if ok {
			err = t.take(id)
		}
		return true, err
	}
	return false, nil
}

// deskButton runs a staff desk button; ok is false for data it does not know.
func (t *turn) deskButton(parts []string) (ok bool, err error) {
	if len(parts) < 2 {
		return false, nil
	}
	id, perr := strconv.ParseInt(parts[1], 10, 64)
	if perr != nil || id <= 0 {
		return false, nil
	}
	switch {
	case parts[0] == dStaffOrder && len(parts) == 2:
		return true, t.showCard(id)
	case parts[0] == dStaffMove && len(parts) == 3:
		to := shop.OrderStatus(parts[2])
		if to != shop.Processing && to != shop.Delivered {
			return false, nil
		}
		return true, t.move(id, to, "")
	case parts[0] == dStaffTake && len(parts) == 2:
		return true, t.take(id)
	case parts[0] == dStaffShip && len(parts) == 2:
		// Shipping is typed, not tapped: an express order shipped by a
		// stray tap would tell the customer a courier has the goods.
		t.say(messages.T(messages.StaffShipUsage, "Number", shop.OrderNumber(id)))
		return true, nil
	case parts[0] == dStaffQuote && len(parts) == 2:
		t.say(messages.T(messages.StaffQuoteUsage, "Number", shop.OrderNumber(id)))
		return true, nil
	case parts[0] == dStaffCancel && len(parts) == 2:
		t.say(messages.T(messages.StaffCancelUsage, "Number", shop.OrderNumber(id)))
		return true, nil
	}
	return false, nil
}

// staffOrder reads the order staff named, locked until commit; when there
// is none it tells them so and ok is false.
func (t *turn) staffOrder(id int64, op string) (o shop.Order, ok bool, err error) {
	o, err = t.st.Find(t.ctx, id)
	if errors.Is(err, shop.ErrNotFound) {
		t.say(messages.T(messages.StaffOrderNotFound, "Number", shop.OrderNumber(id)))
		return shop.Order{}, false, nil
	}
	if err != nil {
		return shop.Order{}, false, fmt.Errorf("%s: %w", op, err)
	}
	return o, true, nil
}

// shipExpress marks an express order as handed to the courier; for any
// other order it explains that a tracking number is needed.
func (t *turn) shipExpress(number string) error {
	example := "LT-00042"
	if id, ok := shop.ParseOrderNumber(number); ok {
		o, err := t.st.Find(t.ctx, id)
		switch {
		case err == nil && o.Delivery.Method == shop.Express:
			return t.move(id, shop.Shipped, "")
		case err == nil:
			example = o.Number()
		case !errors.Is(err, shop.ErrNotFound):
			return fmt.Errorf("ship: %w", err)
		}
	}
	t.say(messages.T(messages.StaffShipUsage, "Number", example))
	return nil
}

// staffOrderArg reads the order number a command starts with and checks it
// has at least n arguments; otherwise it shows usage and ok is false.
func (t *turn) staffOrderArg(cmd string, args []string, n int, usage messages.Key) (int64, bool) {
	if len(args) >= n {
		if id, ok := shop.ParseOrderNumber(args[0]); ok {
			return id, true
		}
	}
	t.say(messages.T(usage, "Number", "LT-00042", "Command", cmd))
	return 0, false
}

// lookup answers "/order LT-00042" or "/order +7 777 123 45 67".
func (t *turn) lookup(args []string) error {
	q := strings.Join(args, " ")
	if id, ok := shop.ParseOrderNumber(q); ok && len(q) < 10 {
		return t.showCard(id)
	}
	phone, err := shop.NormalizePhone(q)
	if err != nil {
		t.say(messages.T(messages.StaffOrderUsage))
		return nil
	}
	orders, err := t.st.ByPhone(t.ctx, phone, listShown)
	if err != nil {
		return fmt.Errorf("orders by phone: %w", err)
	}
	return t.staffList(orders, messages.T(messages.StaffOrdersByPhone, "Phone", phone, "Count", len(orders)))
}

// statusWords are the words staff may type for a status.
var statusWords = map[string]shop.OrderStatus{
	"awaiting_quote": shop.AwaitingQuote, "quote": shop.AwaitingQuote, "express": shop.AwaitingQuote, "экспресс": shop.AwaitingQuote,
	"awaiting_payment": shop.AwaitingPayment, "unpaid": shop.AwaitingPayment, "неоплачен": shop.AwaitingPayment, "неоплаченные": shop.AwaitingPayment,
	"paid": shop.Paid, "оплачен": shop.Paid, "оплаченные": shop.Paid,
	"processing": shop.Processing, "сборка": shop.Processing, "собирается": shop.Processing,
	"shipped": shop.Shipped, "отправлен": shop.Shipped, "отправленные": shop.Shipped,
	"delivered": shop.Delivered, "доставлен": shop.Delivered, "доставленные": shop.Delivered,
	"cancelled": shop.Cancelled, "отменён": shop.Cancelled, "отменен": shop.Cancelled, "отменённые": shop.Cancelled,
}

// listByStatus answers "/orders paid".
func (t *turn) listByStatus(args []string) error {
	if len(args) != 1 {
		t.say(messages.T(messages.StaffOrdersUsage))
		return nil
	}
	status, ok := statusWords[strings.ToLower(args[0])]
	if !ok {
		t.say(messages.T(messages.StaffOrdersUsage))
		return nil
	}
	orders, err := t.st.ByStatus(t.ctx, status, listShown)
	if err != nil {
		return fmt.Errorf("orders by status: %w", err)
	}
	return t.staffList(orders, messages.T(messages.StaffOrdersByStatus, "Status", string(status), "Count", len(orders)))
}

// staffList shows a heading and a button per order.
func (t *turn) staffList(orders []shop.Order, heading messages.Text) error {
	if len(orders) == 0 {
		t.say(heading)
		return nil
	}
	var rows [][]Button
	for _, o := range orders {
		rows = append(rows, row(staffOrderButton(o)))
	}
	t.say(heading, rows...)
	return nil
}

// showCard shows an order as staff see it, with the next actions.
func (t *turn) showCard(id int64) error {
	o, ok, err := t.staffOrder(id, "order card")
	if !ok || err != nil {
		return err
	}
	events, err := t.st.Events(t.ctx, o.ID)
	if err != nil {
		return fmt.Errorf("order card: %w", err)
	}
	loc := t.f.cfg.Profile.Location()
	for i := range events {
		events[i].At = events[i].At.In(loc)
		switch {
		case strings.HasPrefix(events[i].Action, "cdek:"):
			events[i].Action = "carrier" // CDEK's own text is in the detail
		case events[i].Action == actionQuoted:
			if n, err := strconv.ParseInt(events[i].Detail, 10, 64); err == nil {
				events[i].Detail = messages.Money(shop.Money(n))
			}
		}
	}
	// What went back, and the applications: a card that says only "paid"
	// of an order refunded whole sends staff the wrong way.
	refunds, err := t.st.Refunds(t.ctx, o.ID)
	if err != nil {
		return fmt.Errorf("order card: %w", err)
	}
	var refunded, pending shop.Money
	for _, r := range refunds {
		switch r.Status {
		case shop.RefundDone:
			refunded += r.Amount
		case shop.RefundRequested:
			pending += r.Amount
		}
	}
	claims, err := t.st.OrderClaims(t.ctx, o.ID)
	if err != nil {
		return fmt.Errorf("order card: %w", err)
	}
	t.say(messages.T(messages.StaffOrderCard, "Order", o, "Number", o.Number(), "Created", o.CreatedAt.In(loc),
		"Events", events, "Refunded", refunded, "Pending", pending, "Claims", claims), t.cardButtons(o)...)
	return nil
}

// cardButtons are the actions an order's status allows.
func (t *turn) cardButtons(o shop.Order) [][]Button {
	id := strconv.FormatInt(o.ID, 10)
	var actions []Button
	if shop.CanMove(o.Status, shop.Processing) {
		actions = append(actions, btn(messages.BtnStaffProcessing, data(dStaffMove, id, string(shop.Processing))))
	}
	if shop.CanMove(o.Status, shop.Shipped) {
		actions = append(actions, btn(messages.BtnStaffShip, data(dStaffShip, id)))
	}
	if shop.CanMove(o.Status, shop.Delivered) {
		actions = append(actions, btn(messages.BtnStaffDelivered, data(dStaffMove, id, string(shop.Delivered))))
	}
	if o.Status == shop.AwaitingQuote && o.ReleaseAt.IsZero() {
		actions = append(actions, btn(messages.BtnStaffQuote, data(dStaffQuote, id)))
	}
	var rows [][]Button
	if len(actions) > 0 {
		rows = append(rows, actions)
	}
	var more []Button
	if o.ClaimedBy == "" && o.Status != shop.Delivered && o.Status != shop.Cancelled {
		more = append(more, btn(messages.BtnStaffTake, data(dStaffTake, id)))
	}
	if shop.CanMove(o.Status, shop.Cancelled) {
		more = append(more, btn(messages.BtnStaffCancel, data(dStaffCancel, id)))
	}
	if len(more) > 0 {
		rows = append(rows, more)
	}
	return rows
}

// move changes an order's status for staff, records who did it, and tells
// the customer. detail is the tracking number (shipped) or the reason
// (cancelled).
func (t *turn) move(id int64, to shop.OrderStatus, detail string) error {
	o, ok, err := t.staffOrder(id, "move order")
	if !ok || err != nil {
		return err
	}
	express := o.Delivery.Method == shop.Express
	if o.Status == shop.Shipped && to == shop.Shipped && !express && detail != o.Tracking {
		return t.fixTracking(o, detail)
	}
	if !shop.CanMove(o.Status, to) {
		t.say(messages.T(messages.StaffCannotMove, "Number", o.Number(), "From", string(o.Status), "To", string(to)))
		return nil
	}
	switch {
	case to == shop.Shipped && express && detail != "":
		// A CDEK number on a Yandex courier's order would send the
		// customer to track it on cdek.kz.
		t.say(messages.T(messages.StaffShipNoTracking, "Number", o.Number()))
		return nil
	case to == shop.Shipped && !express && !t.trackingFits(o, detail):
		return nil
	}
	// The customer asked to cancel: packing or handing the order to the
	// carrier would ship what she is being refunded for, marking it
	// delivered would refund a parcel she kept, and cancelling it here
	// would leave her application to be rejected, the money kept. Her
	// application decides.
	if ref, err := t.openCancel(o.ID); err != nil || ref != "" {
		if ref != "" {
			t.say(messages.T(messages.StaffOpenCancel, "Number", o.Number(), "Ref", ref))
		}
		return err
	}
	from := o.Status
	o.Status = to
	switch to {
	case shop.Shipped:
		o.Tracking = detail
	case shop.Delivered:
		o.DeliveredAt = t.now
	case shop.Cancelled:
		// Goods not yet handed to the carrier go back on sale.
		if from != shop.Shipped {
			if err := t.st.ReleaseStock(t.ctx, o); err != nil {
				return fmt.Errorf("cancel order: %w", err)
			}
		}
	}
	if err := t.st.Update(t.ctx, o); err != nil {
		return fmt.Errorf("move order: %w", err)
	}
	if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: t.in.User, Action: string(to), Detail: detail}); err != nil {
		return fmt.Errorf("move order: %w", err)
	}
	// Money to give back: a payment not yet refunded (on the TEST page
	// too, whose refunds the test provider plays).
	left, err := t.leftToRefund(o)
	if err != nil {
		return fmt.Errorf("move order: %w", err)
	}
	paid := o.Payment.TransactionID != 0 && left > 0
	// A Yandex claim still running must be cancelled in Yandex's cabinet:
	// the courier would come, and be paid, otherwise.
	var claim string
	if stage := shop.CourierStageOf(o.Courier.Status); to == shop.Cancelled && o.Courier.ID != "" && o.Courier.ID != shop.ManualCourier &&
		stage != shop.CourierDelivered && stage != shop.CourierFailed {
		claim = o.Courier.ID
	}
	t.say(messages.T(messages.StaffMoved, "Number", o.Number(), "Status", string(to), "Detail", detail,
		"By", t.in.User, "Refund", to == shop.Cancelled && paid, "Claim", claim))
	t.tellStatus(o, detail, paid)
	if to == shop.Cancelled && paid {
		// The money goes back by staff's word: the refund to confirm,
		// one press away, rather than a command to remember.
		return t.refundAsk([]string{o.Number()})
	}
	return nil
}

// trackingFits checks a tracking number staff typed for o, and says why
// when it does not fit: a sentence, or the customer's own phone.
func (t *turn) trackingFits(o shop.Order, number string) bool {
	if !validTracking(number) {
		t.say(messages.T(messages.StaffShipUsage, "Number", o.Number()))
		return false
	}
	if isNumber(number) && len(number) >= 10 && strings.HasSuffix(strings.TrimPrefix(o.Customer.Phone, "+"), number[len(number)-10:]) {
		t.say(messages.T(messages.StaffTrackingIsPhone, "Number", o.Number(), "Tracking", number))
		return false
	}
	return true
}

// actionTrackingFixed records in an order's trail a tracking number
// staff corrected.
const actionTrackingFixed = "tracking_fixed"

// fixTracking replaces a shipped order's tracking number staff typed
// wrong, and sends the customer the right one.
func (t *turn) fixTracking(o shop.Order, number string) error {
	if !t.trackingFits(o, number) {
		return nil
	}
	old := o.Tracking
	o.Tracking = number
	if err := t.st.Update(t.ctx, o); err != nil {
		return fmt.Errorf("fix tracking: %w", err)
	}
	if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: t.in.User, Action: actionTrackingFixed, Detail: number}); err != nil {
		return fmt.Errorf("fix tracking: %w", err)
	}
	t.say(messages.T(messages.StaffTrackingFixed, "Number", o.Number(), "Old", old, "Tracking", number, "By", t.in.User))
	t.tell(o, messages.T(messages.OrderTrackingFixedNotice, "Number", o.Number(), "Tracking", number),
		row(btn(messages.BtnMyOrders, dOrders), btn(messages.BtnMenu, dMenu)))
	if t.mails(o) {
		t.mailTracking(o) // the wrong number went there too
	}
	return nil
}

// openCancel is the reference of the order's cancellation application
// awaiting staff's decision, "" when there is none.
func (t *turn) openCancel(orderID int64) (string, error) {
	claims, err := t.st.OrderClaims(t.ctx, orderID)
	if err != nil {
		return "", fmt.Errorf("order claims: %w", err)
	}
	for _, c := range claims {
		if c.Kind == shop.ClaimCancel && c.Status == shop.ClaimReceived {
			return c.Ref(), nil
		}
	}
	return "", nil
}

// tellStatus tells the customer their order moved.
func (t *turn) tellStatus(o shop.Order, detail string, paid bool) {
	p := t.f.cfg.Profile
	buttons := row(btn(messages.BtnMyOrders, dOrders), btn(messages.BtnMenu, dMenu))
	switch o.Status {
	case shop.Processing:
		t.tell(o, messages.T(messages.OrderProcessingNotice, "Number", o.Number()), buttons)
	case shop.Shipped:
		if o.Delivery.Method == shop.Express && o.Tracking == "" {
			t.tell(o, messages.T(messages.CourierOnTheWayNotice, "Number", o.Number()), buttons)
			return
		}
		mail := t.mails(o)
		t.tell(o, messages.T(messages.OrderShippedNotice, "Number", o.Number(), "Tracking", o.Tracking,
			"Email", o.Customer.Email, "Mail", mail), buttons)
		if mail {
			t.mailTracking(o)
		}
	case shop.Delivered:
		t.tell(o, messages.T(messages.OrderDeliveredNotice, "Number", o.Number(), "Days", p.Refund.WithdrawDays), buttons)
	case shop.Cancelled:
		t.tell(o, messages.T(messages.OrderCancelledNotice, "Number", o.Number(), "Reason", detail, "Paid", paid,
			"Days", p.Refund.RefundWorkingDays, "Phone", p.WhatsApp), buttons)
	}
}

// mails reports whether the order's customer gets mail from the store.
func (t *turn) mails(o shop.Order) bool { return t.f.cfg.Mail && o.Customer.Email != "" }

// mailTracking sends an order's tracking number to the customer's e-mail,
// where the checkout promised it.
func (t *turn) mailTracking(o shop.Order) {
	p := t.f.cfg.Profile
	t.tellChat(mailChannel+":"+o.Number(), o.Lang, Reply{
		MailTo:  o.Customer.Email,
		Subject: messages.T(messages.MailShippedSubject, "Number", o.Number(), "Store", p.Name),
		Text: messages.T(messages.MailShippedBody, "Order", o, "Number", o.Number(), "Tracking", o.Tracking,
			"Name", o.Customer.Name, "Items", t.orderLines(o), "Store", p.Name, "Phone", p.WhatsApp, "Site", p.Site),
	})
}

// staffOrderButton opens an order's card from a staff message: its number,
// status, customer and total.
func staffOrderButton(o shop.Order) Button {
	return btn(messages.BtnStaffOrder, data(dStaffOrder, strconv.FormatInt(o.ID, 10)),
		"Number", o.Number(), "Status", string(o.Status), "Name", shortName(o.Customer.Name), "Total", o.Total)
}

// shortName keeps a button label short: the first name and the next
// word's initial, "Александра Н.".
func shortName(name string) string {
	f := strings.Fields(name)
	switch {
	case len(f) == 0:
		return ""
	case len(f) == 1:
		return truncate(f[0], 16)
	}
	return truncate(f[0], 16) + " " + string([]rune(f[1])[:1]) + "."
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// validTracking accepts 6-40 letters, digits and dashes: a carrier's
// tracking number, not a sentence.
func validTracking(s string) bool {
	if len(s) < 6 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return true
}

// take records that this staff member takes charge of the order; the first
// press wins, later ones say who has it.
func (t *turn) take(id int64) error {
	o, ok, err := t.staffOrder(id, "take order")
	if !ok || err != nil {
		return err
	}
	if o.ClaimedBy != "" {
		t.say(messages.T(messages.StaffAlreadyTaken, "Number", o.Number(), "By", o.ClaimedBy))
		return nil
	}
	o.ClaimedBy = t.in.User
	if err := t.st.Update(t.ctx, o); err != nil {
		return fmt.Errorf("take order: %w", err)
	}
	if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: t.in.User, Action: shop.ActionTaken}); err != nil {
		return fmt.Errorf("take order: %w", err)
	}
	t.say(messages.T(messages.StaffTaken, "Number", o.Number(), "By", t.in.User))
	return nil
}
