package flows

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/claimform"
)

// Button data of cancellations and refund applications. Every order or
// claim id they carry is checked against the chat before use.
const (
	dClaims       = "cr"  // cr: the start; cr:<order>: this order
	dClaimCharge  = "cw"  // cw: which order was charged wrongly; cw:<order>
	dClaimUnpaid  = "cu"  // cu:<order>: cancel this unpaid order
	dClaimVoid    = "cv"  // cv:<order>: cancel this held payment's order
	dClaimItem    = "ci"  // ci:<index> or ci:all: mark a line returned
	dClaimQty     = "cq"  // cq:<index>:<n>: n pieces of a line returned
	dClaimNext    = "cn"  // the lines are chosen
	dClaimSwap    = "ce"  // exchange for another size instead
	dClaimNoSwap  = "cne" // no exchange: a refund
	dClaimReason  = "crs" // crs:<code>
	dClaimCheck   = "cc"  // cc:<n>:<y|n>: a condition of a return confirmed or not
	dClaimName    = "cnm" // the name on the order is the full name
	dClaimDone    = "cd"  // the receipts are all sent
	dClaimSubmit  = "cs"
	dClaimAbort   = "cx"
	dClaimStatus  = "cst" // where is my refund?
	dForget       = "fg"  // delete my data: asks
	dForgetYes    = "fgy" // ... and does
	dStaffApprove = "sca" // sca:<claim>
	dStaffReject  = "scj" // scj:<claim>: how to reject (a reason is typed)
)

// Reason codes offered as buttons; a typed reason is kept as typed.
var (
	cancelReasons = []string{"mind", "late"}
	returnReasons = []string{"size", "like", "defect"}
	chargeReasons = []string{"double", "amount"}
)

// reasonDefect is the reason under which goods are not of proper quality:
// the conditions for returning good goods do not apply.
const reasonDefect = "defect"

// returnChecks is how many conditions a return of good goods confirms:
// presentation, consumer properties, the purchase document.
const returnChecks = 3

// Limits on what a customer adds to an application.
const (
	maxReceipts    = 5
	maxReasonRunes = 300
	maxNameRunes   = 100
	claimsShown    = 5
)

// storeMailLang is the language of the mail to the store's mailbox, which
// staff read as they read their chats.
const storeMailLang = shop.Russian

// ClaimDraft is a refund application being filled in, kept in the session
// until it is submitted.
type ClaimDraft struct {
	OrderID int64          `json:"order"`
	Kind    shop.ClaimKind `json:"kind"`
	// Picked are the indexes of the order's lines returned.
	Picked []int `json:"picked,omitempty"`
	// Pieces holds, for a picked line of which fewer pieces come back
	// than were bought (one of two blouses), how many; absent: all.
	Pieces   map[int]int `json:"pieces,omitempty"`
	Offered  bool        `json:"offered,omitempty"` // an exchange was offered
	Reason   string      `json:"reason,omitempty"`
	Checks   int         `json:"checks,omitempty"`
	Done     bool        `json:"done,omitempty"` // the receipts are all sent
	FullName string      `json:"name,omitempty"`
	ID       *DraftFile  `json:"id,omitempty"`
	Receipts []DraftFile `json:"receipts,omitempty"`
}

// DraftFile is a file the customer sent for an application.
type DraftFile struct {
	Ref   string `json:"ref"`
	Name  string `json:"name,omitempty"`
	MIME  string `json:"mime,omitempty"`
	Photo bool   `json:"photo,omitempty"`
}

// claimsStart explains the rules and lists the customer's orders.
func (t *turn) claimsStart() error {
	t.s.Step, t.s.Claim = StepMenu, nil
	list, err := t.st.ForChat(t.ctx, t.in.Chat, ordersShown)
	if err != nil {
		return fmt.Errorf("claims: %w", err)
	}
	claims, err := t.st.ChatClaims(t.ctx, t.in.Chat, 1)
	if err != nil {
		return fmt.Errorf("claims: %w", err)
	}
	var rows [][]Button
	loc := t.f.cfg.Profile.Location()
	for _, o := range list {
		if o.Status == shop.Cancelled {
			continue
		}
		rows = append(rows, row(btn(messages.BtnOrder, data(dClaims, strconv.FormatInt(o.ID, 10)),
			"Number", o.Number(), "Status", string(o.Status), "Created", o.CreatedAt.In(loc))))
	}
	p := t.f.cfg.Profile
	if len(rows) == 0 && len(claims) == 0 {
		t.say(messages.T(messages.ClaimsNoOrders, "Days", p.Refund.WithdrawDays, "RefundDays", p.Refund.RefundWorkingDays),
			row(btn(messages.BtnTalk, dTalk), btn(messages.BtnMenu, dMenu)))
		return nil
	}
	rows = append(rows, row(btn(messages.BtnClaimCharge, dClaimCharge)))
	if len(claims) > 0 {
		rows = append(rows, row(btn(messages.BtnClaimStatus, dClaimStatus)))
	}
	rows = append(rows, row(btn(messages.BtnMenu, dMenu)))
	t.say(messages.T(messages.ClaimsStart, "Days", p.Refund.WithdrawDays, "RefundDays", p.Refund.RefundWorkingDays), rows...)
	return nil
}

// ownOrder reads an order id from button data and the chat's order it
// names; ok is false (and the customer told) when it is not theirs.
func (t *turn) ownOrder(arg string) (shop.Order, bool, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return shop.Order{}, false, t.stale()
	}
	o, err := t.st.Get(t.ctx, t.in.Chat, id)
	if errors.Is(err, shop.ErrNotFound) {
		t.say(messages.T(messages.OrderNotFound))
		return shop.Order{}, false, t.claimsStart()
	}
	if err != nil {
		return shop.Order{}, false, fmt.Errorf("claim order %d: %w", id, err)
	}
	return o, true, nil
}

// claimOrder answers "cancel or return this order" by the order's state.
func (t *turn) claimOrder(arg string) error {
	t.s.Step, t.s.Claim = StepMenu, nil
	o, ok, err := t.ownOrder(arg)
	if !ok || err != nil {
		return err
	}
	back := row(btn(messages.BtnClaims, dClaims), btn(messages.BtnMenu, dMenu))
	switch o.Status {
	case shop.AwaitingPayment, shop.AwaitingQuote:
		t.say(messages.T(messages.ClaimCancelUnpaidAsk, "Number", o.Number(), "Total", o.Total),
			row(btn(messages.BtnClaimCancelYes, data(dClaimUnpaid, strconv.FormatInt(o.ID, 10)))), back)
		return nil
	case shop.Cancelled:
		t.say(messages.T(messages.ClaimOrderCancelled, "Number", o.Number()), back)
		return nil
	}
	claims, open, err := t.openClaim(o)
	if err != nil || open {
		return err
	}
	if !paid(o) {
		t.say(messages.T(messages.ClaimNotPaid, "Number", o.Number()), back)
		return nil
	}
	if o.Status != shop.Delivered {
		left, err := t.leftToRefund(o)
		if err != nil {
			return fmt.Errorf("claim order: %w", err)
		}
		if o.Payment.Authorized {
			// A hold not yet taken: released whole, no application needed.
			t.say(messages.T(messages.ClaimVoidAsk, "Number", o.Number(), "Amount", left),
				row(btn(messages.BtnClaimVoidYes, data(dClaimVoid, strconv.FormatInt(o.ID, 10)))), back)
			return nil
		}
		t.s.Claim = &ClaimDraft{OrderID: o.ID, Kind: shop.ClaimCancel}
		t.say(messages.T(messages.ClaimCancelPaid, "Number", o.Number(), "Amount", min(o.Total, left),
			"Delivery", o.Total > o.GoodsTotal, "Card", o.Payment.CardLastFour))
		return t.claimNext()
	}
	if len(t.returnable(o)) == 0 {
		t.say(messages.T(messages.ClaimPersonalised, "Number", o.Number()), row(btn(messages.BtnTalk, dTalk)), back)
		return nil
	}
	if len(t.returnable(unreturned(o, claims))) == 0 {
		t.say(messages.T(messages.ClaimAllReturned, "Number", o.Number()), row(btn(messages.BtnClaimStatus, dClaimStatus)), back)
		return nil
	}
	switch t.f.cfg.Profile.CanReturn(o, t.now) {
	case shop.ReturnTooLate:
		until := t.f.cfg.Profile.ReturnWindowEnds(o.DeliveredAt).Add(-time.Hour)
		t.say(messages.T(messages.ClaimTooLate, "Number", o.Number(), "Delivered", o.DeliveredAt.In(t.f.cfg.Profile.Location()),
			"Until", until), row(btn(messages.BtnTalk, dTalk)), back)
		return nil
	case shop.ReturnNotPaid:
		t.say(messages.T(messages.ClaimNotPaid, "Number", o.Number()), back)
		return nil
	}
	t.s.Claim = &ClaimDraft{OrderID: o.ID, Kind: shop.ClaimReturn}
	return t.claimNext()
}

// paid reports an order paid by card (or on the TEST page).
func paid(o shop.Order) bool { return o.Payment.TransactionID != 0 || o.Payment.Amount > 0 }

// openClaim tells the customer about the order's open application, if it
// has one: a second one would ask for the same money twice. It returns the
// order's applications.
func (t *turn) openClaim(o shop.Order) ([]shop.Claim, bool, error) {
	claims, err := t.st.OrderClaims(t.ctx, o.ID)
	if err != nil {
		return nil, false, fmt.Errorf("order claims: %w", err)
	}
	for _, c := range claims {
		if c.Open() {
			t.say(messages.T(messages.ClaimAlreadyOpen, "Number", o.Number(), "Ref", c.Ref(), "Status", string(c.Status),
				"Due", t.dayTime(c.Due)), row(btn(messages.BtnClaimStatus, dClaimStatus), btn(messages.BtnTalk, dTalk)), row(btn(messages.BtnMenu, dMenu)))
			return claims, true, nil
		}
	}
	return claims, false, nil
}

// returnable lists the indexes of an order's lines that may be returned:
// all but personalised goods and lines with no pieces left.
func (t *turn) returnable(o shop.Order) []int {
	var idx []int
	for i, it := range o.Items {
		if !t.personalised(it) && it.Qty > 0 {
			idx = append(idx, i)
		}
	}
	return idx
}

// personalised reports whether a line's goods were made for the customer.
func (t *turn) personalised(it shop.OrderItem) bool {
	p, _, ok := t.cat.Variant(it.VariantID)
	return ok && p.Personalised
}

// unreturned is o with each line's pieces less those its earlier returns
// took (all but rejected ones), so a piece never comes back twice. A line
// gone back whole keeps its place with none: buttons name lines by index.
func unreturned(o shop.Order, claims []shop.Claim) shop.Order {
	o.Items = slices.Clone(o.Items)
	for _, c := range claims {
		if c.Kind != shop.ClaimReturn || c.Status == shop.ClaimRejected {
			continue
		}
		for _, l := range c.Lines {
			n := l.Qty
			for i := range o.Items {
				it := &o.Items[i]
				if n > 0 && it.SKU == l.SKU && it.Size == l.Size && it.Colour == l.Colour && it.Price == l.Price {
					took := min(n, it.Qty)
					it.Qty -= took
					n -= took
				}
			}
		}
	}
	return o
}

// cancelUnpaid cancels an order that was never paid: stock back on sale,
// and the payment service closes the link.
func (t *turn) cancelUnpaid(arg string) error {
	o, ok, err := t.ownOrder(arg)
	if !ok || err != nil {
		return err
	}
	if o.Status != shop.AwaitingPayment && o.Status != shop.AwaitingQuote {
		return t.claimOrder(arg) // paid or cancelled meanwhile: say what now
	}
	if err := t.cancelOrder(&o, "customer", ""); err != nil {
		return err
	}
	t.res.PaymentWork = o.Payment.LinkURL != "" // the link is to be closed
	t.say(messages.T(messages.ClaimCancelledUnpaid, "Number", o.Number()),
		row(btn(messages.BtnCatalog, dCatalog), btn(messages.BtnMenu, dMenu)))
	t.alertStaff(messages.T(messages.StaffCustomerCancel, "Number", o.Number(), "Held", false, "Amount", shop.Money(0)))
	return nil
}

// cancelOrder moves an order to cancelled, putting goods not yet handed to
// the carrier back on sale, and records who did it.
func (t *turn) cancelOrder(o *shop.Order, actor, detail string) error {
	if o.Status != shop.Shipped && o.Status != shop.Delivered {
		if err := t.st.ReleaseStock(t.ctx, *o); err != nil {
			return fmt.Errorf("cancel order: %w", err)
		}
	}
	o.Status = shop.Cancelled
	if err := t.st.Update(t.ctx, *o); err != nil {
		return fmt.Errorf("cancel order: %w", err)
	}
	if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: t.now, Actor: actor, Action: string(shop.Cancelled), Detail: detail}); err != nil {
		return fmt.Errorf("cancel order: %w", err)
	}
	return nil
}

// leftToRefund is what of o's payment no refund has given back yet.
func (t *turn) leftToRefund(o shop.Order) (shop.Money, error) {
	refunds, err := t.st.Refunds(t.ctx, o.ID)
	if err != nil {
		return 0, err
	}
	return shop.Refundable(o, refunds), nil
}

// voidHeld cancels an order whose payment is only held on the card, and
// has the hold released.
func (t *turn) voidHeld(arg string) error {
	o, ok, err := t.ownOrder(arg)
	if !ok || err != nil {
		return err
	}
	left, err := t.leftToRefund(o)
	if err != nil {
		return fmt.Errorf("void: %w", err)
	}
	if !o.Payment.Authorized || left <= 0 || o.Status == shop.Delivered || o.Status == shop.Cancelled {
		return t.claimOrder(arg)
	}
	if err := t.cancelOrder(&o, "customer", ""); err != nil {
		return err
	}
	if _, err := t.st.RequestRefund(t.ctx, shop.Refund{OrderID: o.ID, TransactionID: o.Payment.TransactionID,
		Amount: left, RequestedBy: "customer"}); err != nil {
		return fmt.Errorf("void: %w", err)
	}
	t.res.PaymentWork = true
	t.say(messages.T(messages.ClaimVoided, "Number", o.Number(), "Amount", left), row(btn(messages.BtnMenu, dMenu)))
	t.alertStaff(messages.T(messages.StaffCustomerCancel, "Number", o.Number(), "Held", true, "Amount", left))
	return nil
}

// chargeStart asks which paid order an erroneous charge concerns.
func (t *turn) chargeStart(arg string) error {
	t.s.Step, t.s.Claim = StepMenu, nil
	if arg != "" {
		o, ok, err := t.ownOrder(arg)
		if !ok || err != nil {
			return err
		}
		if !paid(o) {
			t.say(messages.T(messages.ClaimNotPaid, "Number", o.Number()), row(btn(messages.BtnClaims, dClaims)))
			return nil
		}
		t.s.Claim = &ClaimDraft{OrderID: o.ID, Kind: shop.ClaimWrongCharge}
		return t.claimNext()
	}
	list, err := t.st.ForChat(t.ctx, t.in.Chat, ordersShown)
	if err != nil {
		return fmt.Errorf("charge: %w", err)
	}
	var rows [][]Button
	loc := t.f.cfg.Profile.Location()
	for _, o := range list {
		if paid(o) {
			rows = append(rows, row(btn(messages.BtnOrder, data(dClaimCharge, strconv.FormatInt(o.ID, 10)),
				"Number", o.Number(), "Status", string(o.Status), "Created", o.CreatedAt.In(loc))))
		}
	}
	rows = append(rows, row(btn(messages.BtnTalk, dTalk)), row(btn(messages.BtnMenu, dMenu)))
	t.say(messages.T(messages.ClaimChargeOrder), rows...)
	return nil
}

// draftOrder returns the order of the application being filled in; ok is
// false (and the customer told) when there is none, or it changed so that
// the application no longer fits.
func (t *turn) draftOrder() (shop.Order, bool, error) {
	d := t.s.Claim
	if d == nil {
		return shop.Order{}, false, t.stale()
	}
	o, err := t.st.Get(t.ctx, t.in.Chat, d.OrderID)
	if errors.Is(err, shop.ErrNotFound) {
		t.s.Claim = nil
		return shop.Order{}, false, t.stale()
	}
	if err != nil {
		return shop.Order{}, false, fmt.Errorf("claim order: %w", err)
	}
	fits := true
	switch d.Kind {
	case shop.ClaimCancel:
		fits = paid(o) && !o.Payment.Authorized && o.Status != shop.Delivered && o.Status != shop.Cancelled
	case shop.ClaimReturn:
		fits = t.f.cfg.Profile.CanReturn(o, t.now) == shop.ReturnAllowed
	}
	if !fits {
		t.s.Claim, t.s.Step = nil, StepMenu
		t.say(messages.T(messages.ClaimChanged, "Number", o.Number()), row(btn(messages.BtnClaims, dClaims), btn(messages.BtnMenu, dMenu)))
		return shop.Order{}, false, nil
	}
	if d.Kind == shop.ClaimReturn {
		claims, err := t.st.OrderClaims(t.ctx, o.ID)
		if err != nil {
			return shop.Order{}, false, fmt.Errorf("claim order: %w", err)
		}
		o = unreturned(o, claims)
	}
	return o, true, nil
}

// returnDraft is draftOrder for the steps of a return only: a button of
// a return pressed in another application is stale.
func (t *turn) returnDraft() (shop.Order, bool, error) {
	o, ok, err := t.draftOrder()
	if !ok || err != nil {
		return o, false, err
	}
	if t.s.Claim.Kind != shop.ClaimReturn {
		return o, false, t.stale()
	}
	return o, true, nil
}

// claimNext asks for the next thing the application lacks.
func (t *turn) claimNext() error {
	o, ok, err := t.draftOrder()
	if !ok || err != nil {
		return err
	}
	d := t.s.Claim
	abort := row(btn(messages.BtnClaimAbort, dClaimAbort))
	switch {
	case d.Kind == shop.ClaimReturn && len(d.Picked) == 0 || t.s.Step == StepClaimItems && !d.Offered:
		return t.askItems(o)
	case t.s.Step == StepClaimExchange:
		return t.offerExchange(o)
	case d.Reason == "":
		t.s.Step = StepClaimReason
		codes := returnReasons
		switch d.Kind {
		case shop.ClaimCancel:
			codes = cancelReasons
		case shop.ClaimWrongCharge:
			codes = chargeReasons
		}
		var rows [][]Button
		for _, c := range codes {
			rows = append(rows, row(btn(messages.BtnClaimReason, data(dClaimReason, c), "Code", c)))
		}
		t.say(messages.T(messages.ClaimAskReason, "Kind", string(d.Kind)), append(rows, abort)...)
	case d.Kind == shop.ClaimReturn && d.Reason != reasonDefect && d.Checks < returnChecks:
		t.s.Step = StepClaimCheck
		n := strconv.Itoa(d.Checks + 1)
		t.say(messages.T(messages.ClaimAskCheck, "N", d.Checks+1),
			row(btn(messages.BtnYes, data(dClaimCheck, n, "y")), btn(messages.BtnNo, data(dClaimCheck, n, "n"))), abort)
	case d.Kind == shop.ClaimWrongCharge && !d.Done:
		t.s.Step = StepClaimReceipts
		if len(d.Receipts) > 0 {
			t.say(messages.T(messages.ClaimReceiptTaken, "Count", len(d.Receipts)), row(btn(messages.BtnClaimDone, dClaimDone)), abort)
		} else {
			t.say(messages.T(messages.ClaimAskReceipts), abort)
		}
	case d.FullName == "":
		t.s.Step = StepClaimName
		var rows [][]Button
		if name := o.Customer.Name; name != "" && validFullName(name) {
			rows = append(rows, row(btn(messages.BtnClaimUseName, dClaimName, "Name", name)))
		}
		t.say(messages.T(messages.ClaimAskName), append(rows, abort)...)
	case d.ID == nil:
		t.s.Step = StepClaimID
		t.say(messages.T(messages.ClaimAskID, "Days", int(t.f.cfg.ClaimFileRetention.Hours()/24)), abort)
	default:
		return t.claimReview(o)
	}
	return nil
}

// askItems shows the order's returnable lines to mark.
func (t *turn) askItems(o shop.Order) error {
	d := t.s.Claim
	t.s.Step = StepClaimItems
	can := t.returnable(o)
	var rows [][]Button
	for _, i := range can {
		it := o.Items[i]
		picked := slices.Contains(d.Picked, i)
		rows = append(rows, row(btn(messages.BtnClaimItem, data(dClaimItem, strconv.Itoa(i)),
			"Picked", picked, "Name", it.Name, "Size", it.Size, "Colour", it.Colour, "Qty", it.Qty,
			"Returned", d.returned(i, it.Qty))))
	}
	if len(can) > 1 {
		rows = append(rows, row(btn(messages.BtnClaimAll, data(dClaimItem, "all"))))
	}
	rows = append(rows, row(btn(messages.BtnClaimNext, dClaimNext)), row(btn(messages.BtnClaimAbort, dClaimAbort)))
	t.say(messages.T(messages.ClaimAskItems, "Number", o.Number(), "Excluded", slices.ContainsFunc(o.Items, t.personalised)), rows...)
	return nil
}

// pickItem marks or unmarks a line, or all of them. A line of several
// pieces asks first how many come back.
func (t *turn) pickItem(arg string) error {
	o, ok, err := t.returnDraft()
	if !ok || err != nil {
		return err
	}
	d := t.s.Claim
	can := t.returnable(o)
	if arg == "all" {
		d.Picked, d.Pieces = slices.Clone(can), nil
		return t.askItems(o)
	}
	i, err := strconv.Atoi(arg)
	if err != nil || !slices.Contains(can, i) {
		return t.stale()
	}
	switch j := slices.Index(d.Picked, i); {
	case j >= 0:
		d.Picked = slices.Delete(d.Picked, j, j+1)
		delete(d.Pieces, i)
	case o.Items[i].Qty > 1:
		it := o.Items[i]
		rows := numberRows(it.Qty, func(n string) string { return data(dClaimQty, arg, n) })
		rows = append(rows, row(btn(messages.BtnBack, data(dClaimItem, "list"))))
		t.say(messages.T(messages.ClaimAskPieces, "Name", it.Name, "Size", it.Size, "Colour", it.Colour, "Qty", it.Qty), rows...)
		return nil
	default:
		d.pick(i, 1, 1)
	}
	return t.askItems(o)
}

// itemsList shows the lines again, from the question of how many pieces.
func (t *turn) itemsList() error {
	o, ok, err := t.returnDraft()
	if !ok || err != nil {
		return err
	}
	return t.askItems(o)
}

// pickPieces marks a line of several pieces with how many come back.
func (t *turn) pickPieces(idx, count string) error {
	o, ok, err := t.returnDraft()
	if !ok || err != nil {
		return err
	}
	i, err := strconv.Atoi(idx)
	if err != nil || !slices.Contains(t.returnable(o), i) {
		return t.stale()
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 || n > o.Items[i].Qty {
		return t.stale()
	}
	t.s.Claim.pick(i, n, o.Items[i].Qty)
	return t.askItems(o)
}

// pick marks line i with n of its qty pieces coming back.
func (d *ClaimDraft) pick(i, n, qty int) {
	if !slices.Contains(d.Picked, i) {
		d.Picked = append(d.Picked, i)
		slices.Sort(d.Picked)
	}
	delete(d.Pieces, i)
	if n < qty {
		if d.Pieces == nil {
			d.Pieces = make(map[int]int)
		}
		d.Pieces[i] = n
	}
}

// returned is how many of line i's qty pieces come back: all unless the
// customer said fewer.
func (d *ClaimDraft) returned(i, qty int) int {
	if n, ok := d.Pieces[i]; ok && n >= 1 && n < qty {
		return n
	}
	return qty
}

// itemsChosen goes on from the lines: first an exchange for another size,
// when one is in stock, since clothing mostly comes back for its size.
func (t *turn) itemsChosen() error {
	o, ok, err := t.returnDraft()
	if !ok || err != nil {
		return err
	}
	d := t.s.Claim
	if len(d.Picked) == 0 {
		t.say(messages.T(messages.ClaimPickItems))
		return t.askItems(o)
	}
	d.Offered = true
	t.s.Step = StepClaimExchange
	return t.offerExchange(o)
}

// offerExchange offers another size of the goods coming back, when one is
// in stock; otherwise it goes on to the reason.
func (t *turn) offerExchange(o shop.Order) error {
	sizes, err := t.otherSizes(o)
	if err != nil {
		return err
	}
	if sizes == "" {
		t.s.Step = StepClaimReason
		return t.claimNext()
	}
	t.s.Step = StepClaimExchange
	t.say(messages.T(messages.ClaimExchangeOffer, "Sizes", sizes),
		row(btn(messages.BtnClaimExchange, dClaimSwap)), row(btn(messages.BtnClaimNoExchange, dClaimNoSwap)),
		row(btn(messages.BtnClaimAbort, dClaimAbort)))
	return nil
}

// noExchange goes on from the exchange offer to the refund.
func (t *turn) noExchange() error {
	if t.s.Claim == nil || t.s.Step != StepClaimExchange {
		return t.stale()
	}
	t.s.Step = StepClaimReason
	return t.claimNext()
}

// otherSizes lists, for each item coming back, the other sizes of its
// product and colour in stock, in catalogue order: "Шёлковая блузка: S, L".
func (t *turn) otherSizes(o shop.Order) (string, error) {
	type item struct {
		name string
		ids  []string
	}
	var items []item
	var all []string
	for _, i := range t.s.Claim.Picked {
		if i >= len(o.Items) {
			continue
		}
		p, bought, ok := t.cat.Variant(o.Items[i].VariantID)
		if !ok {
			continue
		}
		it := item{name: o.Items[i].Name}
		for _, v := range p.Variants {
			if v.Size != bought.Size && v.Colour == bought.Colour {
				it.ids = append(it.ids, v.ID)
			}
		}
		items = append(items, it)
		all = append(all, it.ids...)
	}
	if len(all) == 0 {
		return "", nil
	}
	stock, err := t.st.Available(t.ctx, all)
	if err != nil {
		return "", fmt.Errorf("exchange sizes: %w", err)
	}
	var parts []string
	for _, it := range items {
		var sizes []string
		for _, id := range it.ids {
			if _, v, ok := t.cat.Variant(id); ok && stock[id] > 0 && !slices.Contains(sizes, v.Size) {
				sizes = append(sizes, v.Size)
			}
		}
		if len(sizes) > 0 {
			parts = append(parts, it.name+": "+strings.Join(sizes, ", "))
		}
	}
	return strings.Join(parts, "; "), nil
}

// exchange hands the customer to staff for an exchange, with a note of
// what and for which sizes.
func (t *turn) exchange() error {
	o, ok, err := t.draftOrder()
	if !ok || err != nil {
		return err
	}
	sizes, err := t.otherSizes(o)
	if err != nil {
		return err
	}
	var items []string
	for _, i := range t.s.Claim.Picked {
		if i < len(o.Items) {
			it := o.Items[i]
			item := it.Name + " (" + it.Size + ")"
			if n := t.s.Claim.returned(i, it.Qty); it.Qty > 1 {
				item += " × " + strconv.Itoa(n) // of several pieces, how many
			}
			items = append(items, item)
		}
	}
	t.s.Claim = nil
	t.alertStaff(messages.T(messages.ClaimExchangeNote, "Number", o.Number(), "Items", strings.Join(items, ", "), "Sizes", sizes))
	return t.talk()
}

// claimReasonButton takes a reason offered as a button.
func (t *turn) claimReasonButton(code string) error {
	if t.s.Claim == nil || !slices.Contains(slices.Concat(cancelReasons, returnReasons, chargeReasons), code) {
		return t.stale()
	}
	t.s.Claim.Reason = code
	return t.claimNext()
}

// answerReason takes a reason typed in the customer's words.
func (t *turn) answerReason(s string) error {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return t.claimNext()
	}
	if utf8.RuneCountInString(s) > maxReasonRunes {
		s = string([]rune(s)[:maxReasonRunes])
	}
	t.s.Claim.Reason = s
	return t.claimNext()
}

// answerCheck records one condition of a return of good goods; a "no"
// ends the application with the rule that refuses it.
func (t *turn) answerCheck(nArg, yes string) error {
	d := t.s.Claim
	n, err := strconv.Atoi(nArg)
	if d == nil || d.Kind != shop.ClaimReturn || err != nil || n != d.Checks+1 || (yes != "y" && yes != "n") {
		return t.stale()
	}
	if yes == "n" {
		t.s.Claim, t.s.Step = nil, StepMenu
		t.say(messages.T(messages.ClaimCheckFailed), row(btn(messages.BtnTalk, dTalk)), row(btn(messages.BtnMenu, dMenu)))
		return nil
	}
	d.Checks = n
	return t.claimNext()
}

// fullName is s as the full name on a signed application: a name's
// letters only, as at checkout, in two to five words, not too long; "нет у
// меня скана, можно без него?" is a question, not a name.
func fullName(s string) (string, bool) {
	if utf8.RuneCountInString(s) > maxNameRunes || shop.ContainsCardNumber(s) {
		return "", false
	}
	name, ok := cleanName(s)
	n := len(strings.Fields(name))
	return name, ok && n >= 2 && n <= 5
}

// validFullName reports whether s is a full name as fullName reads it.
func validFullName(s string) bool {
	_, ok := fullName(s)
	return ok
}

func (t *turn) answerClaimName(s string) error {
	name, ok := fullName(s)
	if !ok {
		t.say(messages.T(messages.ClaimBadName))
		return t.claimNext()
	}
	t.s.Claim.FullName = name
	return t.claimNext()
}

// useOrderName takes the name the order was placed in as the full name.
func (t *turn) useOrderName() error {
	o, ok, err := t.draftOrder()
	if !ok || err != nil {
		return err
	}
	if !validFullName(o.Customer.Name) {
		return t.stale()
	}
	t.s.Claim.FullName = o.Customer.Name
	return t.claimNext()
}

// claimFile takes the identity document or a receipt.
func (t *turn) claimFile() error {
	d := t.s.Claim
	if d == nil {
		return t.stale()
	}
	f := DraftFile{Ref: t.in.FileID, Name: t.in.FileName, MIME: t.in.FileMIME, Photo: t.in.FilePhoto}
	switch t.s.Step {
	case StepClaimID:
		d.ID = &f
	case StepClaimReceipts:
		if len(d.Receipts) >= maxReceipts {
			t.say(messages.T(messages.ClaimTooManyFiles, "Max", maxReceipts), row(btn(messages.BtnClaimDone, dClaimDone)),
				row(btn(messages.BtnClaimAbort, dClaimAbort)))
			return nil
		}
		d.Receipts = append(d.Receipts, f)
	}
	return t.claimNext()
}

// receiptsDone ends the receipts of an erroneous charge.
func (t *turn) receiptsDone() error {
	d := t.s.Claim
	if d == nil || d.Kind != shop.ClaimWrongCharge {
		return t.stale()
	}
	if len(d.Receipts) == 0 {
		t.say(messages.T(messages.ClaimNeedFile, "What", "receipt"))
		return t.claimNext()
	}
	d.Done = true
	return t.claimNext()
}

// claimFor builds the application from the draft and the order.
func (t *turn) claimFor(o shop.Order, cal *shop.Calendar) (shop.Claim, error) {
	d := t.s.Claim
	p := t.f.cfg.Profile
	c := shop.Claim{OrderID: o.ID, Order: o.Number(), ChatKey: t.in.Chat, Lang: t.s.Lang, Kind: d.Kind,
		Reason: d.Reason, FullName: d.FullName, Phone: o.Customer.Phone, Email: o.Customer.Email,
		CardLastFour: o.Payment.CardLastFour, OrderedAt: o.CreatedAt, PaidAmount: o.Payment.Amount,
		SubmittedAt: t.now, Due: p.ClaimDue(cal, t.now), Status: shop.ClaimReceived,
		Attachments: 1 + len(d.Receipts)}
	switch d.Kind {
	case shop.ClaimCancel:
		for _, it := range o.Items {
			c.Lines = append(c.Lines, shop.ClaimLine{SKU: it.SKU, Name: it.Name, Size: it.Size, Colour: it.Colour, Price: it.Price, Qty: it.Qty})
		}
		c.Delivery = o.Total - o.GoodsTotal
	case shop.ClaimReturn:
		for _, i := range d.Picked {
			if i < len(o.Items) && o.Items[i].Qty > 0 {
				it := o.Items[i]
				c.Lines = append(c.Lines, shop.ClaimLine{SKU: it.SKU, Name: it.Name, Size: it.Size, Colour: it.Colour, Price: it.Price,
					Qty: d.returned(i, it.Qty)})
			}
		}
		c.ReturnBy = p.ReturnDropOff.In(t.s.Lang)
	}
	// The purchase price of what comes back, as the form must add up; what
	// is left of the payment bounds the refund staff approve.
	c.Amount = shop.ClaimAmount(c.Lines, c.Delivery)
	return c, nil
}

// calendar is the working-day calendar as staff keep it.
func (t *turn) calendar() (*shop.Calendar, error) {
	entries, err := t.st.Holidays(t.ctx)
	if err != nil {
		return nil, fmt.Errorf("holidays: %w", err)
	}
	return shop.NewCalendar(entries)
}

// dayTime is a calendar day as a time a text can print.
func (t *turn) dayTime(d shop.Day) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, t.f.cfg.Profile.Location())
}

// claimReview shows the application before it is submitted.
func (t *turn) claimReview(o shop.Order) error {
	t.s.Step = StepClaimReview
	cal, err := t.calendar()
	if err != nil {
		return err
	}
	c, err := t.claimFor(o, cal)
	if err != nil {
		return err
	}
	t.say(messages.T(messages.ClaimReview, "Kind", string(c.Kind), "Number", c.Order, "Lines", c.Lines, "Delivery", c.Delivery,
		"Amount", c.Amount, "Card", c.CardLastFour, "Reason", c.Reason, "Name", c.FullName, "Receipts", len(t.s.Claim.Receipts),
		"ReturnBy", c.ReturnBy, "Due", t.dayTime(c.Due)),
		row(btn(messages.BtnClaimSubmit, dClaimSubmit)), row(btn(messages.BtnClaimAbort, dClaimAbort)))
	return nil
}

// claimSubmit files the application: stored with its due day, filled in
// as the store's form, sent to the customer, the staff chats and the
// store's mailbox.
func (t *turn) claimSubmit() error {
	d := t.s.Claim
	if d == nil || t.s.Step != StepClaimReview || d.ID == nil || d.FullName == "" {
		return t.stale()
	}
	o, ok, err := t.draftOrder()
	if !ok || err != nil {
		return err
	}
	if _, open, err := t.openClaim(o); err != nil || open {
		t.s.Claim, t.s.Step = nil, StepMenu
		return err
	}
	cal, err := t.calendar()
	if err != nil {
		return err
	}
	c, err := t.claimFor(o, cal)
	if err != nil {
		return err
	}
	if c, err = t.st.AddClaim(t.ctx, c); err != nil {
		return fmt.Errorf("submit claim: %w", err)
	}
	pdf, err := claimform.Render(c, t.f.cfg.Profile, c.Lang)
	if err != nil {
		return fmt.Errorf("submit claim: %w", err)
	}
	form, err := t.st.AddClaimFile(t.ctx, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileApplication,
		Name: c.Ref() + ".pdf", MIME: "application/pdf", CreatedAt: t.now}, pdf)
	if err != nil {
		return fmt.Errorf("submit claim: %w", err)
	}
	files := []shop.ClaimFile{{Kind: shop.FileIDCopy, Name: d.ID.Name, MIME: d.ID.MIME, Photo: d.ID.Photo, Ref: d.ID.Ref}}
	for _, r := range d.Receipts {
		files = append(files, shop.ClaimFile{Kind: shop.FileReceipt, Name: r.Name, MIME: r.MIME, Photo: r.Photo, Ref: r.Ref})
	}
	for i := range files {
		files[i].ClaimID, files[i].CreatedAt = c.ID, t.now
		if files[i], err = t.st.AddClaimFile(t.ctx, files[i], nil); err != nil {
			return fmt.Errorf("submit claim: %w", err)
		}
	}
	t.s.Claim, t.s.Step = nil, StepMenu

	p := t.f.cfg.Profile
	loc := p.Location()
	at, due := c.SubmittedAt.In(loc), t.dayTime(c.Due)
	// A refusal of a CDEK parcel on its way: it must be refused too, or the
	// customer has the goods and the money (a Yandex courier's order is
	// staff's to stop).
	inTransit := c.Kind == shop.ClaimCancel && o.Status == shop.Shipped && o.Delivery.Method != shop.Express
	t.say(messages.T(messages.ClaimSubmitted, "Ref", c.Ref(), "At", at, "Amount", c.Amount, "Card", c.CardLastFour,
		"Due", due, "Email", p.Email, "ReturnBy", c.ReturnBy, "Mailed", t.f.cfg.Mail, "InTransit", inTransit, "Tracking", o.Tracking))
	t.res.Replies = append(t.res.Replies, Reply{Text: messages.T(messages.ClaimDocument, "Ref", c.Ref()),
		Document: form.Reference(), Buttons: [][]Button{row(btn(messages.BtnClaimStatus, dClaimStatus), btn(messages.BtnMenu, dMenu))}})

	id := strconv.FormatInt(c.ID, 10)
	card := Reply{Text: messages.T(messages.StaffClaimNew, "Ref", c.Ref(), "Kind", string(c.Kind), "Number", c.Order,
		"Lines", c.Lines, "Delivery", c.Delivery, "Amount", c.Amount, "Card", c.CardLastFour, "Reason", c.Reason,
		"Name", c.FullName, "Phone", c.Phone, "Email", c.Email, "At", at, "Due", due, "InTransit", inTransit, "Tracking", o.Tracking),
		Document: form.Reference()}
	if c.Amount > 0 {
		card.Buttons = append(card.Buttons, row(btn(messages.BtnClaimApprove, data(dStaffApprove, id), "Amount", c.Amount)))
	}
	card.Buttons = append(card.Buttons, row(btn(messages.BtnClaimReject, data(dStaffReject, id))))
	t.res.Staff = append(t.res.Staff, card)
	var attachments []string
	for _, f := range files {
		what := "id"
		if f.Kind == shop.FileReceipt {
			what = "receipt"
		}
		r := Reply{Text: messages.T(messages.StaffClaimFile, "What", what, "Ref", c.Ref())}
		if f.Photo {
			r.Photo = f.Reference()
		} else {
			r.Document = f.Reference()
		}
		t.res.Staff = append(t.res.Staff, r)
		attachments = append(attachments, f.Reference())
	}
	if !t.f.cfg.Mail {
		return nil // no mail server: the staff chats have it all
	}
	t.tellChat(mailChannel+":"+c.Ref(), storeMailLang, Reply{
		MailTo:  p.Email,
		Subject: messages.T(messages.StaffClaimMailSubject, "Ref", c.Ref(), "Number", c.Order),
		Text: messages.T(messages.StaffClaimMail, "Ref", c.Ref(), "Number", c.Order, "Receipts", len(d.Receipts) > 0,
			"At", at, "Due", due),
		Document:    form.Reference(),
		Attachments: attachments,
	})
	return nil
}

// claimAbort drops the application being filled in.
func (t *turn) claimAbort() error {
	if t.s.Claim == nil && !claimStep(t.s.Step) {
		return t.stale()
	}
	t.s.Claim, t.s.Step = nil, StepMenu
	t.say(messages.T(messages.ClaimAborted))
	return t.menu()
}

// claimStatus answers "where is my refund?".
func (t *turn) claimStatus() error {
	t.s.Step = StepMenu
	claims, err := t.st.ChatClaims(t.ctx, t.in.Chat, claimsShown)
	if err != nil {
		return fmt.Errorf("claim status: %w", err)
	}
	views, err := t.claimViews(claims)
	if err != nil {
		return err
	}
	t.say(messages.T(messages.ClaimStatusList, "Claims", views), row(btn(messages.BtnClaims, dClaims), btn(messages.BtnMenu, dMenu)))
	return nil
}

// claimView is a claim as a list shows it.
type claimView struct {
	Ref         string
	Order       string
	Amount      shop.Money
	Status      string
	Due         time.Time
	Transaction int64
	Note        string
}

func (t *turn) claimViews(claims []shop.Claim) ([]claimView, error) {
	var views []claimView
	for _, c := range claims {
		v := claimView{Ref: c.Ref(), Order: c.Order, Amount: c.Amount, Status: string(c.Status), Due: t.dayTime(c.Due), Note: c.Note}
		if c.RefundID != 0 {
			r, err := t.st.GetRefund(t.ctx, c.RefundID)
			if err != nil && !errors.Is(err, shop.ErrNotFound) {
				return nil, fmt.Errorf("claim refund: %w", err)
			}
			v.Transaction = r.ProviderTransactionID
			if r.Amount > 0 {
				v.Amount = r.Amount
			}
		}
		views = append(views, v)
	}
	return views, nil
}

// claimStep reports a step of an application.
func claimStep(s Step) bool {
	switch s {
	case StepClaimItems, StepClaimExchange, StepClaimReason, StepClaimCheck, StepClaimReceipts, StepClaimName, StepClaimID, StepClaimReview:
		return true
	}
	return false
}

// claimText answers typed text in a step of an application.
func (t *turn) claimText(s string) error {
	if t.s.Claim == nil {
		t.s.Step = StepMenu
		return t.menu()
	}
	switch t.s.Step {
	case StepClaimReason:
		return t.answerReason(s)
	case StepClaimName:
		return t.answerClaimName(s)
	case StepClaimID, StepClaimReceipts:
		what := "id"
		if t.s.Step == StepClaimReceipts {
			what = "receipt"
		}
		t.say(messages.T(messages.ClaimNeedFile, "What", what))
		return t.claimNext()
	}
	t.say(messages.T(messages.PressAButton))
	return t.claimNext()
}

// Staff side.

// staffClaim reads "R12" and finds the claim; ok is false (staff told)
// when there is none.
func (t *turn) staffClaim(cmd, ref string) (shop.Claim, bool, error) {
	// "R12" only: a bare 12 may be meant as the order LT-00012, and an
	// approval sends money at once.
	id, ok := shop.ParseClaimRef(ref)
	if !ok {
		t.say(messages.T(messages.StaffClaimUsage, "Command", cmd, "Ref", "R1"))
		return shop.Claim{}, false, nil
	}
	c, err := t.st.GetClaim(t.ctx, id)
	if errors.Is(err, shop.ErrNotFound) {
		t.say(messages.T(messages.StaffClaimNotFound, "Ref", shop.ClaimRef(id)))
		return shop.Claim{}, false, nil
	}
	if err != nil {
		return shop.Claim{}, false, fmt.Errorf("claim %d: %w", id, err)
	}
	if c.Status != shop.ClaimReceived {
		t.say(messages.T(messages.StaffClaimDecided, "Ref", c.Ref(), "Status", string(c.Status)))
		return shop.Claim{}, false, nil
	}
	return c, true, nil
}

// approveClaim sends the refund an application asks for: the amount it
// names, or for an erroneous charge the amount staff give.
func (t *turn) approveClaim(ref, amountArg string) error {
	c, ok, err := t.staffClaim("approve", ref)
	if !ok || err != nil {
		return err
	}
	o, ok, err := t.staffOrder(c.OrderID, "approve claim")
	if !ok || err != nil {
		return err
	}
	if c.Kind == shop.ClaimCancel && o.Status == shop.Delivered {
		// Received meanwhile (the carrier's status): a refusal no longer
		// fits, a return does.
		t.say(messages.T(messages.StaffCancelDelivered, "Number", o.Number(), "Ref", c.Ref()))
		return nil
	}
	left, err := t.leftToRefund(o)
	if err != nil {
		return fmt.Errorf("approve claim: %w", err)
	}
	amount := c.Amount
	if c.Kind != shop.ClaimWrongCharge {
		// What was paid for the goods, less what a refund since gave back.
		amount = min(c.Amount, left)
	}
	if amountArg != "" {
		n, err := parsePrice(amountArg)
		switch {
		case err != nil:
			t.say(messages.T(messages.StaffClaimUsage, "Command", "approve", "Ref", c.Ref()))
			return nil
		case c.Kind != shop.ClaimWrongCharge && shop.Money(n) != amount:
			// A refusal or return gives back what was paid for the goods
			// (the store's rules); staff name a sum for a wrong charge only.
			t.say(messages.T(messages.StaffClaimAmountFixed, "Ref", c.Ref(), "Amount", amount))
			return nil
		}
		amount = shop.Money(n)
	}
	switch {
	case amount <= 0 && c.Kind == shop.ClaimWrongCharge:
		t.say(messages.T(messages.StaffClaimUsage, "Command", "approve", "Ref", c.Ref()))
		return nil
	case amount <= 0, amount > left:
		t.say(messages.T(messages.StaffClaimTooMuch, "Number", o.Number(), "Left", left))
		return nil
	}
	r, err := t.st.RequestRefund(t.ctx, shop.Refund{OrderID: o.ID, TransactionID: o.Payment.TransactionID,
		Amount: amount, RequestedBy: t.in.User})
	if err != nil {
		return fmt.Errorf("approve claim: %w", err)
	}
	c.Status, c.RefundID, c.DecidedBy, c.DecidedAt, c.Amount = shop.ClaimApproved, r.ID, t.in.User, t.now, amount
	if err := t.st.UpdateClaim(t.ctx, c); err != nil {
		return fmt.Errorf("approve claim: %w", err)
	}
	if c.Kind == shop.ClaimCancel && o.Status != shop.Cancelled {
		if err := t.cancelOrder(&o, t.in.User, c.Ref()); err != nil {
			return err
		}
	}
	t.res.PaymentWork = true
	t.say(messages.T(messages.StaffClaimApproved, "Ref", c.Ref(), "By", t.in.User, "Amount", amount))
	t.tellChat(c.ChatKey, c.Lang, Reply{Text: messages.T(messages.ClaimApprovedNotice, "Ref", c.Ref(), "Amount", amount,
		"Card", c.CardLastFour, "At", t.now.In(t.f.cfg.Profile.Location())), Buttons: [][]Button{row(btn(messages.BtnClaimStatus, dClaimStatus), btn(messages.BtnMenu, dMenu))}})
	return nil
}

// rejectClaim refuses an application, with the reason the customer reads.
func (t *turn) rejectClaim(ref, reason string) error {
	reason = strings.Join(strings.Fields(reason), " ")
	if reason == "" {
		shown := "R1" // "/reject 12" is taught the form that works
		if id, ok := shop.ParseClaimRef(ref); ok {
			shown = shop.ClaimRef(id)
		}
		t.say(messages.T(messages.StaffClaimUsage, "Command", "reject", "Ref", shown))
		return nil
	}
	c, ok, err := t.staffClaim("reject", ref)
	if !ok || err != nil {
		return err
	}
	c.Status, c.Note, c.DecidedBy, c.DecidedAt, c.ClosedAt = shop.ClaimRejected, reason, t.in.User, t.now, t.now
	if err := t.st.UpdateClaim(t.ctx, c); err != nil {
		return fmt.Errorf("reject claim: %w", err)
	}
	t.say(messages.T(messages.StaffClaimRejected, "Ref", c.Ref(), "By", t.in.User, "Reason", reason))
	t.tellChat(c.ChatKey, c.Lang, Reply{Text: messages.T(messages.ClaimRejectedNotice, "Ref", c.Ref(), "Reason", reason,
		"At", t.now.In(t.f.cfg.Profile.Location()), "Email", t.f.cfg.Profile.Email),
		Buttons: [][]Button{row(btn(messages.BtnTalk, dTalk), btn(messages.BtnMenu, dMenu))}})
	return nil
}

// staffClaims lists the open applications.
func (t *turn) staffClaims() error {
	claims, err := t.st.OpenClaims(t.ctx, listShown)
	if err != nil {
		return fmt.Errorf("open claims: %w", err)
	}
	views, err := t.claimViews(claims)
	if err != nil {
		return err
	}
	t.say(messages.T(messages.StaffClaimList, "Claims", views))
	return nil
}

// claimRefunded closes the application a refund was made for, if any, and
// tells the customer; it reports whether there was one.
func (t *turn) claimRefunded(r shop.Refund) (bool, error) {
	c, err := t.st.ClaimOfRefund(t.ctx, r.ID)
	if errors.Is(err, shop.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim of refund: %w", err)
	}
	c.Status, c.ClosedAt = shop.ClaimRefunded, t.now
	if err := t.st.UpdateClaim(t.ctx, c); err != nil {
		return false, fmt.Errorf("claim refunded: %w", err)
	}
	t.say(messages.T(messages.ClaimRefundedNotice, "Ref", c.Ref(), "Amount", r.Amount, "Card", c.CardLastFour,
		"Transaction", r.ProviderTransactionID), row(btn(messages.BtnClaimStatus, dClaimStatus), btn(messages.BtnMenu, dMenu)))
	return true, nil
}

// Personal data.

// forgetAsk asks before erasing the customer's data.
func (t *turn) forgetAsk() error {
	t.s.Step = StepMenu
	t.say(messages.T(messages.ForgetAsk), row(btn(messages.BtnForgetYes, dForgetYes)), row(btn(messages.BtnMenu, dMenu)))
	return nil
}

// forget erases the customer's personal data, unless an order in progress
// or an open application still needs it.
func (t *turn) forget() error {
	list, err := t.st.ForChat(t.ctx, t.in.Chat, 1000)
	if err != nil {
		return fmt.Errorf("forget: %w", err)
	}
	var busy []string
	for _, o := range list {
		switch o.Status {
		case shop.Paid, shop.Processing, shop.Shipped, shop.AwaitingQuote:
			busy = append(busy, o.Number())
		}
	}
	claims, err := t.st.ChatClaims(t.ctx, t.in.Chat, 1000)
	if err != nil {
		return fmt.Errorf("forget: %w", err)
	}
	var open []string
	for _, c := range claims {
		if c.Open() {
			open = append(open, c.Ref())
		}
	}
	if len(busy) > 0 || len(open) > 0 {
		t.say(messages.T(messages.ForgetBlocked, "Orders", strings.Join(busy, ", "), "Claims", strings.Join(open, ", ")),
			row(btn(messages.BtnMenu, dMenu)))
		return nil
	}
	// Unpaid orders go first: their goods back on sale, their links closed.
	for _, o := range list {
		if o.Status == shop.AwaitingPayment {
			if err := t.cancelOrder(&o, "customer", ""); err != nil {
				return err
			}
			t.res.PaymentWork = t.res.PaymentWork || o.Payment.LinkURL != ""
		}
	}
	if err := t.st.ForgetCustomer(t.ctx, t.in.Chat); err != nil {
		return fmt.Errorf("forget: %w", err)
	}
	lang := t.s.Lang
	*t.s = Session{Version: SessionVersion, Lang: lang, Seen: t.now}
	t.say(messages.T(messages.ForgetDone), row(btn(messages.BtnMenu, dMenu)))
	return nil
}
