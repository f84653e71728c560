package flows

import (
	"strconv"
	"strings"
	"time"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// Button data: short, opaque and at most 64 bytes. Every handler re-checks
// what the data names, so stale or forged data only gets a polite answer.
const (
	dMenu     = "m"
	dCatalog  = "cat" // cat or cat:<category>:<page>
	dProduct  = "p"   // p:<sku>
	dVariant  = "v"   // v:<variant>
	dAdd      = "a"   // a:<variant>:<qty>
	dCart     = "cart"
	dInc      = "inc" // inc:<variant>
	dDec      = "dec" // dec:<variant>
	dRemove   = "rm"  // rm:<variant>
	dClear    = "clr"
	dCheckout = "co"
	dKeep     = "keep"  // keep the previous answer of the current step
	dEmailFix = "emfix" // take the e-mail address offered for a typo
	dCity     = "city"  // city:<id>
	dMethod   = "dm"    // dm:<method>
	dConfirm  = "ok"    // ok:<rev>
	dEdit     = "edit"  // change the checkout answers
	dAbort    = "x"     // leave the checkout
	dOrders   = "ord"   // ord or ord:<id>
	dInfo     = "info"
	dContacts = "cont"
	dLang     = "lang" // lang or lang:<kk|ru>
)

func data(parts ...string) string { return strings.Join(parts, ":") }

// button dispatches a pressed button.
func (t *turn) button(d string) error {
	parts := strings.Split(d, ":")
	arg := func(i int) string {
		if i < len(parts) {
			return parts[i]
		}
		return ""
	}
	switch parts[0] {
	case dMenu, dBackToBot:
		return t.menu()
	case dTalk:
		return t.talk()
	case dCatalog:
		if len(parts) == 1 {
			return t.categories()
		}
		page, _ := strconv.Atoi(arg(2))
		return t.categoryPage(arg(1), page)
	case dProduct:
		return t.product(arg(1))
	case dVariant:
		return t.chooseVariant(arg(1))
	case dAdd:
		n, err := strconv.Atoi(arg(2))
		if err != nil {
			return t.stale()
		}
		// The key is rebuilt from what the catalog knows: the session keeps
		// nothing a forged button carried (a NUL jsonb refuses).
		key := data(dAdd, arg(1), strconv.Itoa(n))
		if _, _, ok := t.cat.Variant(arg(1)); !ok {
			return t.stale()
		}
		if key == t.s.LastAdd && t.now.Sub(t.s.LastAddAt) < doubleTap {
			// The second tap of a double tap: added once, and said so.
			t.say(messages.T(messages.AlreadyAdded, "InCart", t.s.Cart.Qty(arg(1))),
				row(btn(messages.BtnCheckout, dCheckout)), row(btn(messages.BtnCart, dCart, "Pieces", t.s.Cart.Pieces())))
			return nil
		}
		t.s.LastAdd, t.s.LastAddAt = key, t.now
		return t.add(arg(1), n)
	case dCart:
		return t.cart()
	case dInc:
		return t.changeQty(arg(1), +1)
	case dDec:
		return t.changeQty(arg(1), -1)
	case dRemove:
		return t.changeQty(arg(1), -shop.MaxLineQty)
	case dClear:
		t.s.Cart.Clear()
		t.say(messages.T(messages.CartCleared))
		return t.menu()
	case dCheckout:
		return t.startCheckout()
	case dKeep:
		return t.keep()
	case dEmailFix:
		return t.fixEmail()
	case dCity:
		if t.s.Step != StepCity {
			return t.stale()
		}
		c, ok := t.f.cfg.Profile.City(arg(1))
		if !ok {
			return t.stale()
		}
		return t.setCity(c.Name.In(t.s.Lang))
	case dMethod:
		return t.chooseMethod(shop.DeliveryMethod(arg(1)))
	case dPoint:
		return t.choosePoint(arg(1))
	case dPointList:
		page, err := strconv.Atoi(arg(1))
		if err != nil {
			return t.stale()
		}
		return t.pointList(page)
	case dExpressWait:
		if t.s.Step != StepMethod {
			return t.stale()
		}
		return t.chooseExpress(true)
	case dExpressOK:
		return t.acceptExpress(arg(1), arg(2))
	case dExpressNo:
		return t.declineExpress(arg(1))
	case dConfirm:
		rev, err := strconv.Atoi(arg(1))
		if err != nil || t.s.Step != StepConfirm || rev != t.s.Rev {
			return t.stale()
		}
		return t.confirm()
	case dEdit:
		return t.editCheckout()
	case dAbort:
		if !checkoutStep(t.s.Step) {
			return t.stale() // a checkout left or ended in an order: nothing to stop
		}
		t.say(messages.T(messages.Cancelled))
		return t.menu()
	case dOrders:
		if len(parts) == 1 {
			return t.orders()
		}
		return t.order(arg(1))
	case dInfo:
		t.s.Step = StepMenu
		p := t.f.cfg.Profile
		t.say(messages.T(messages.InfoPaymentDelivery,
			"FreeFrom", p.FreeDeliveryFrom, "Phone", p.WhatsApp,
			"ExpressOpens", p.Express.Opens, "ExpressCloses", p.Express.Closes,
			"WithdrawDays", p.Refund.WithdrawDays, "RefundDays", p.Refund.RefundWorkingDays,
			"Email", p.Email),
			row(btn(messages.BtnCatalog, dCatalog), btn(messages.BtnMenu, dMenu)))
		return nil
	case dContacts:
		t.s.Step = StepMenu
		p := t.f.cfg.Profile
		t.say(messages.T(messages.InfoContacts,
			"Store", p.Name, "Site", p.Site, "Instagram", p.Instagram, "Email", p.Email,
			"Phones", p.Phones, "Address", p.Address.In(t.s.Lang),
			"Seller", p.Seller.In(t.s.Lang), "BIN", p.BIN),
			row(btn(messages.BtnMenu, dMenu)), row(btn(messages.BtnForget, dForget)))
		return nil
	case dLang:
		if len(parts) == 1 {
			t.say(messages.T(messages.LanguageChoose),
				row(btn(messages.BtnKazakh, data(dLang, string(shop.Kazakh))), btn(messages.BtnRussian, data(dLang, string(shop.Russian)))))
			return nil
		}
		l := shop.Lang(arg(1))
		if !l.Valid() {
			return t.stale()
		}
		t.s.Lang = l
		t.say(messages.T(messages.LanguageSet))
		return t.menu()
	case dClaims:
		if len(parts) == 1 {
			return t.claimsStart()
		}
		return t.claimOrder(arg(1))
	case dClaimCharge:
		return t.chargeStart(arg(1))
	case dClaimUnpaid:
		return t.cancelUnpaid(arg(1))
	case dClaimVoid:
		return t.voidHeld(arg(1))
	case dClaimItem:
		if arg(1) == "list" {
			return t.itemsList()
		}
		return t.pickItem(arg(1))
	case dClaimQty:
		return t.pickPieces(arg(1), arg(2))
	case dClaimNext:
		return t.itemsChosen()
	case dClaimSwap:
		return t.exchange()
	case dClaimNoSwap:
		return t.noExchange()
	case dClaimReason:
		return t.claimReasonButton(arg(1))
	case dClaimCheck:
		return t.answerCheck(arg(1), arg(2))
	case dClaimName:
		return t.useOrderName()
	case dClaimDone:
		return t.receiptsDone()
	case dClaimSubmit:
		return t.claimSubmit()
	case dClaimAbort:
		return t.claimAbort()
	case dClaimStatus:
		return t.claimStatus()
	case dForget:
		return t.forgetAsk()
	case dForgetYes:
		return t.forget()
	}
	return t.stale()
}

// doubleTap is how soon the same quantity button pressed again is taken
// for one press tapped twice (a slow network invites it).
const doubleTap = 3 * time.Second

// stale answers a button that no longer applies, or data nobody sent.
func (t *turn) stale() error {
	t.say(messages.T(messages.StaleButton))
	return t.reprompt()
}
