package flows_test

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
)

// claimWorld is a store with a customer and staff, at a clock the test
// moves, and one of the sample's products made to order.
type claimWorld struct {
	*handoffWorld
	personal string // the variant of the made-to-order product
	cat      *shop.Catalog
}

func newClaimWorld(t *testing.T, at time.Time) *claimWorld {
	t.Helper()
	cats, products := catalogfile.Sample()
	products[len(products)-1].Personalised = true
	cat, err := shop.NewCatalog(cats, products)
	if err != nil {
		t.Fatal(err)
	}
	_, st := newFlows(t)
	profile := shop.DefaultProfile()
	clock := shop.NewManualClock(at)
	f := flows.New(flows.Config{
		Catalog:  func() *shop.Catalog { return cat },
		Profile:  profile,
		Delivery: shop.FallbackQuoter{Profile: profile},
		Clock:    clock,
		Mail:     true,
	})
	w := &handoffWorld{t: t, f: f, st: st, clock: clock,
		desk: &desk{t: t, f: f, st: st, s: flows.NewSession("ru"), user: deskUser}}
	w.cust = w.customer(customerChat, "ru")
	return &claimWorld{handoffWorld: w, personal: products[len(products)-1].Variants[0].ID, cat: cat}
}

// submitted stores an application of chat for o, as submitted and
// awaiting staff.
func (w *claimWorld) submitted(o shop.Order, chat string, kind shop.ClaimKind, amount shop.Money) shop.Claim {
	w.t.Helper()
	c, err := w.st.AddClaim(context.Background(), shop.Claim{OrderID: o.ID, ChatKey: chat, Lang: shop.Russian,
		Kind: kind, Amount: amount, Status: shop.ClaimReceived})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// pairOrder stores an order delivered two days ago of two pieces of one
// line and one of another, paid.
func (w *claimWorld) pairOrder() shop.Order {
	w.t.Helper()
	o := w.order(shop.Delivered, w.clock.Now().Add(-48*time.Hour), "LT-101-S", "LT-102-M")
	o.Items[0].Qty = 2
	o.GoodsTotal += o.Items[0].Price
	o.Total += o.Items[0].Price
	o.Payment.Amount = o.Total
	w.st.orders[o.ID] = o
	return o
}

// order stores an order of the customer in a status; delivered orders
// were delivered at deliveredAt.
func (w *claimWorld) order(status shop.OrderStatus, deliveredAt time.Time, variants ...string) shop.Order {
	w.t.Helper()
	if len(variants) == 0 {
		variants = []string{"LT-101-S", "LT-102-M"}
	}
	w.st.lastID++
	o := shop.Order{ID: w.st.lastID, ChatKey: customerChat, Lang: shop.Russian, Status: status,
		Customer:  shop.Customer{Name: "Айгерим Садыкова", Phone: "+77771234567", Email: "a@example.kz"},
		Delivery:  shop.Delivery{Method: shop.PickupPoint, City: "Астана", Address: "ул. Кенесары, 40", Quote: shop.DeliveryQuote{Price: 1500}},
		CreatedAt: w.clock.Now().Add(-72 * time.Hour), DeliveredAt: deliveredAt}
	for _, id := range variants {
		p, v, ok := w.cat.Variant(id)
		if !ok {
			w.t.Fatalf("no variant %s", id)
		}
		o.Items = append(o.Items, shop.OrderItem{VariantID: v.ID, SKU: p.SKU, Name: p.Name.RU, Size: v.Size, Price: p.Price, Qty: 1})
		o.GoodsTotal += p.Price
	}
	o.Total = o.GoodsTotal + o.Delivery.Quote.Price
	if status != shop.AwaitingPayment {
		o.Payment = shop.Payment{TransactionID: 1000 + o.ID, Amount: o.Total, CardLastFour: "4242", PaidAt: o.CreatedAt}
	}
	if w.st.orders == nil {
		w.st.orders = make(map[int64]shop.Order)
	}
	w.st.orders[o.ID] = o
	return o
}

// TestClaimEligibility: what "cancel or return" offers for an order, by
// its state, in store time.
func TestClaimEligibility(t *testing.T) {
	now := storeTime(12, 0)
	day := 24 * time.Hour
	cases := []struct {
		name    string
		setup   func(w *claimWorld) shop.Order
		replies []messages.Key
	}{
		{"unpaid: cancelled at once after a yes", func(w *claimWorld) shop.Order {
			return w.order(shop.AwaitingPayment, time.Time{})
		}, []messages.Key{messages.ClaimCancelUnpaidAsk}},
		{"paid, not received: an application", func(w *claimWorld) shop.Order {
			return w.order(shop.Processing, time.Time{})
		}, []messages.Key{messages.ClaimCancelPaid, messages.ClaimAskReason}},
		{"shipped, not received: an application", func(w *claimWorld) shop.Order {
			return w.order(shop.Shipped, time.Time{})
		}, []messages.Key{messages.ClaimCancelPaid, messages.ClaimAskReason}},
		{"held, not captured: released instead", func(w *claimWorld) shop.Order {
			o := w.order(shop.Paid, time.Time{})
			o.Payment.Authorized = true
			w.st.orders[o.ID] = o
			return o
		}, []messages.Key{messages.ClaimVoidAsk}},
		{"received today: choose the items", func(w *claimWorld) shop.Order {
			return w.order(shop.Delivered, now.Add(-time.Hour))
		}, []messages.Key{messages.ClaimAskItems}},
		{"day 14 after receipt: still allowed", func(w *claimWorld) shop.Order {
			return w.order(shop.Delivered, now.Add(-14*day))
		}, []messages.Key{messages.ClaimAskItems}},
		{"day 15 after receipt: too late", func(w *claimWorld) shop.Order {
			return w.order(shop.Delivered, now.Add(-15*day))
		}, []messages.Key{messages.ClaimTooLate}},
		{"only made-to-order goods: refused", func(w *claimWorld) shop.Order {
			return w.order(shop.Delivered, now.Add(-day), w.personal)
		}, []messages.Key{messages.ClaimPersonalised}},
		{"cancelled already", func(w *claimWorld) shop.Order {
			return w.order(shop.Cancelled, time.Time{})
		}, []messages.Key{messages.ClaimOrderCancelled}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newClaimWorld(t, now)
			o := c.setup(w)
			res := w.cust.press("cr:" + itoa(o.ID))
			wantKeys(t, "replies", res.Replies, c.replies...)
		})
	}
}

// TestClaimOthersOrder: an order of another chat, named by forged button
// data, is not found, and nothing about it is shown.
func TestClaimOthersOrder(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.order(shop.Delivered, storeTime(10, 0))
	o.ChatKey = "tg:999"
	w.st.orders[o.ID] = o
	for _, d := range []string{"cr:" + itoa(o.ID), "cw:" + itoa(o.ID), "cu:" + itoa(o.ID), "cv:" + itoa(o.ID)} {
		res := w.cust.press(d)
		if len(res.Replies) == 0 || res.Replies[0].Text.Key != messages.OrderNotFound {
			t.Errorf("%s: replies %v, want OrderNotFound first", d, keysOf(res.Replies))
		}
		if w.st.orders[o.ID].Status != shop.Delivered || len(w.st.claims.claims) != 0 {
			t.Errorf("%s changed another customer's order", d)
		}
	}
}

// TestClaimReturnToRefund walks a partial return from the first button to
// the refund, and checks what is stored and sent on the way.
func TestClaimReturnToRefund(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.order(shop.Delivered, w.clock.Now().Add(-48*time.Hour))
	c := w.cust
	wantKeys(t, "start", c.press("cr").Replies, messages.ClaimsStart)
	wantKeys(t, "order", c.press("cr:"+itoa(o.ID)).Replies, messages.ClaimAskItems)
	wantKeys(t, "next with nothing", c.press("cn").Replies, messages.ClaimPickItems, messages.ClaimAskItems)
	wantKeys(t, "pick", c.press("ci:1").Replies, messages.ClaimAskItems)
	wantKeys(t, "forged line", c.press("ci:7").Replies, messages.StaleButton, messages.ClaimAskItems)
	res := c.press("cn")
	// Other sizes of the dress are in stock: an exchange comes first.
	wantKeys(t, "next", res.Replies, messages.ClaimExchangeOffer)
	// Typed words do not answer the offer: it is asked again.
	wantKeys(t, "typed at the offer", c.text("да").Replies, messages.PressAButton, messages.ClaimExchangeOffer)
	wantKeys(t, "no exchange", c.press("cne").Replies, messages.ClaimAskReason)
	wantKeys(t, "reason", c.press("crs:size").Replies, messages.ClaimAskCheck)
	wantKeys(t, "check 1", c.press("cc:1:y").Replies, messages.ClaimAskCheck)
	wantKeys(t, "check 2 twice", c.press("cc:1:y").Replies, messages.StaleButton, messages.ClaimAskCheck)
	wantKeys(t, "check 2", c.press("cc:2:y").Replies, messages.ClaimAskCheck)
	wantKeys(t, "check 3", c.press("cc:3:y").Replies, messages.ClaimAskName)
	wantKeys(t, "one word", c.text("Айгерим").Replies, messages.ClaimBadName, messages.ClaimAskName)
	wantKeys(t, "name", c.press("cnm").Replies, messages.ClaimAskID)
	wantKeys(t, "text for the ID", c.text("вот").Replies, messages.ClaimNeedFile, messages.ClaimAskID)
	res = c.do(flows.Input{Kind: flows.FileInput, FileID: "photo-id", FileMIME: "image/jpeg", FilePhoto: true})
	wantKeys(t, "ID", res.Replies, messages.ClaimReview)
	res = c.press("cs")
	wantKeys(t, "submitted", res.Replies, messages.ClaimSubmitted, messages.ClaimDocument)
	if len(w.st.claims.claims) != 1 {
		t.Fatalf("claims %d, want 1", len(w.st.claims.claims))
	}
	cl := w.st.claims.claims[0]
	line := o.Items[1]
	if cl.Kind != shop.ClaimReturn || len(cl.Lines) != 1 || cl.Lines[0].SKU != line.SKU || cl.Amount != line.Price ||
		cl.Delivery != 0 || cl.FullName != "Айгерим Садыкова" || cl.Reason != "size" || cl.CardLastFour != "4242" ||
		cl.ReturnBy == "" || cl.Status != shop.ClaimReceived {
		t.Errorf("claim %+v", cl)
	}
	cal, _ := shop.NewCalendar(nil)
	if want := shop.DefaultProfile().ClaimDue(cal, w.clock.Now()); cl.Due != want {
		t.Errorf("due %s, want %s", cl.Due, want)
	}
	// The form, the ID copy; the PDF to the customer, staff and the mailbox.
	files := w.st.claims.files
	if len(files) != 2 || files[0].Kind != shop.FileApplication || !files[0].Stored ||
		!bytes.HasPrefix(w.st.claims.fileData[files[0].ID], []byte("%PDF-")) ||
		files[1].Kind != shop.FileIDCopy || files[1].Ref != "photo-id" || files[1].Stored {
		t.Fatalf("files %+v", files)
	}
	pdf := shop.StoredFileRef(files[0].ID)
	if res.Replies[1].Document != pdf {
		t.Errorf("customer document %q, want %q", res.Replies[1].Document, pdf)
	}
	wantKeys(t, "staff", res.Staff, messages.StaffClaimNew, messages.StaffClaimFile)
	if res.Staff[0].Document != pdf || res.Staff[1].Photo != "photo-id" || !hasButton(res.Staff[0], "sca:1") || !hasButton(res.Staff[0], "scj:1") {
		t.Errorf("staff card %+v, file %+v", res.Staff[0], res.Staff[1])
	}
	if len(res.Others) != 1 || res.Others[0].Chat != "email:R1" || res.Others[0].Reply.MailTo != "Lete_store@mail.ru" ||
		res.Others[0].Reply.Document != pdf || !slices.Equal(res.Others[0].Reply.Attachments, []string{"photo-id"}) {
		t.Errorf("mail %+v", res.Others)
	}
	if w.cust.s.Claim != nil || w.cust.s.Step != flows.StepMenu {
		t.Errorf("session after submit: step %q claim %+v", w.cust.s.Step, w.cust.s.Claim)
	}

	// The same order again: the open application is named.
	wantKeys(t, "again", c.press("cr:"+itoa(o.ID)).Replies, messages.ClaimAlreadyOpen)

	// A customer cannot approve; staff can, once.
	c.text("/approve R1")
	if w.st.claims.claims[0].Status != shop.ClaimReceived || len(w.st.refunds) != 0 {
		t.Fatal("a customer's /approve acted")
	}
	// A return gives back what the goods cost: staff name no other sum.
	wantKeys(t, "approve short", w.desk.text("/approve R1 5000").Replies, messages.StaffClaimAmountFixed)
	if w.st.claims.claims[0].Status != shop.ClaimReceived || len(w.st.refunds) != 0 {
		t.Fatal("a short sum was approved")
	}
	res = w.desk.press("sca:1")
	wantKeys(t, "approve", res.Replies, messages.StaffClaimApproved)
	if len(w.st.refunds) != 1 || w.st.refunds[0].Amount != line.Price || !res.PaymentWork {
		t.Fatalf("refunds %+v, payment work %v", w.st.refunds, res.PaymentWork)
	}
	if len(res.Others) != 1 || res.Others[0].Chat != customerChat || res.Others[0].Reply.Text.Key != messages.ClaimApprovedNotice {
		t.Errorf("customer told %+v", res.Others)
	}
	wantKeys(t, "approve twice", w.desk.press("sca:1").Replies, messages.StaffClaimDecided)
	if len(w.st.refunds) != 1 {
		t.Fatal("a second approve refunded again")
	}

	// The provider made the refund: the application closes.
	res = c.do(flows.Input{Kind: flows.EventInput, Event: &flows.Event{Kind: flows.EventRefundDone, OrderID: o.ID,
		RefundID: 1, ProviderTransactionID: 5555}})
	wantKeys(t, "refunded", res.Replies, messages.ClaimRefundedNotice)
	wantArgs(t, "refunded", res.Replies[0].Text.Args, messages.Args{"Ref": "R1", "Transaction": int64(5555)})
	if got := w.st.claims.claims[0]; got.Status != shop.ClaimRefunded || got.ClosedAt.IsZero() {
		t.Errorf("claim after refund %+v", got)
	}
	wantKeys(t, "status", c.press("cst").Replies, messages.ClaimStatusList)
}

// TestClaimReturnSomePieces: of a line of two blouses one may come back;
// the application and its sum say one.
func TestClaimReturnSomePieces(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.pairOrder()
	line := o.Items[0]
	c := w.cust
	c.press("cr:" + itoa(o.ID))

	res := c.press("ci:0")
	wantKeys(t, "a line of two", res.Replies, messages.ClaimAskPieces)
	wantArgs(t, "a line of two", res.Replies[0].Text.Args, messages.Args{"Name": line.Name, "Size": "S", "Qty": 2})
	for _, b := range []string{"cq:0:1", "cq:0:2", "ci:list"} {
		if !hasButton(res.Replies[0], b) {
			t.Errorf("pieces question without %s: %+v", b, res.Replies[0].Buttons)
		}
	}
	wantKeys(t, "back to the lines", c.press("ci:list").Replies, messages.ClaimAskItems)
	if len(c.s.Claim.Picked) != 0 {
		t.Fatalf("picked %v before a count was chosen", c.s.Claim.Picked)
	}
	for _, forged := range []string{"cq:0:3", "cq:0:0", "cq:0:x", "cq:9:1", "cq:0"} {
		wantKeys(t, forged, c.press(forged).Replies, messages.StaleButton, messages.ClaimAskItems)
	}
	res = c.press("cq:0:1")
	wantKeys(t, "one of two", res.Replies, messages.ClaimAskItems)
	first := res.Replies[0].Buttons[0][0].Label
	wantArgs(t, "one of two", first.Args, messages.Args{"Picked": true, "Qty": 2, "Returned": 1})

	// Unmarked and marked again with both; "all" takes every piece of
	// every line.
	c.press("ci:0")
	c.press("cq:0:2")
	if len(c.s.Claim.Pieces) != 0 || !slices.Equal(c.s.Claim.Picked, []int{0}) {
		t.Fatalf("both pieces: picked %v, pieces %v", c.s.Claim.Picked, c.s.Claim.Pieces)
	}
	c.press("ci:all")
	if len(c.s.Claim.Pieces) != 0 || !slices.Equal(c.s.Claim.Picked, []int{0, 1}) {
		t.Fatalf("all: picked %v, pieces %v", c.s.Claim.Picked, c.s.Claim.Pieces)
	}
	c.press("ci:1")
	c.press("ci:0")
	c.press("cq:0:1")

	c.press("cn")
	c.press("cne")
	c.press("crs:size")
	for n := 1; n <= 3; n++ {
		c.press("cc:" + strconv.Itoa(n) + ":y")
	}
	c.press("cnm")
	res = c.do(flows.Input{Kind: flows.FileInput, FileID: "photo-id", FileMIME: "image/jpeg", FilePhoto: true})
	wantKeys(t, "review", res.Replies, messages.ClaimReview)
	c.press("cs")
	if len(w.st.claims.claims) != 1 {
		t.Fatalf("claims %d, want 1", len(w.st.claims.claims))
	}
	cl := w.st.claims.claims[0]
	if len(cl.Lines) != 1 || cl.Lines[0].SKU != line.SKU || cl.Lines[0].Qty != 1 || cl.Amount != line.Price {
		t.Errorf("claim lines %+v, amount %d; want one %s at %d", cl.Lines, cl.Amount, line.SKU, line.Price)
	}
}

// TestClaimReturnOnlyWhatIsLeft: pieces an earlier return took back (one
// not rejected) cannot be applied for again.
func TestClaimReturnOnlyWhatIsLeft(t *testing.T) {
	for _, tc := range []struct {
		name    string
		earlier []shop.ClaimLine // of line 0 (two pieces) and line 1 (one)
		status  shop.ClaimStatus
		replies []messages.Key
		lines   []int // returnable lines' buttons, and their pieces left
		left    []int
	}{
		{"one of two refunded", []shop.ClaimLine{{Qty: 1}}, shop.ClaimRefunded,
			[]messages.Key{messages.ClaimAskItems}, []int{0, 1}, []int{1, 1}},
		{"one of two rejected: both may come back", []shop.ClaimLine{{Qty: 1}}, shop.ClaimRejected,
			[]messages.Key{messages.ClaimAskItems}, []int{0, 1}, []int{2, 1}},
		{"the pair refunded", []shop.ClaimLine{{Qty: 2}}, shop.ClaimRefunded,
			[]messages.Key{messages.ClaimAskItems}, []int{1}, []int{1}},
		{"everything refunded", []shop.ClaimLine{{Qty: 2}, {Qty: 1}}, shop.ClaimRefunded,
			[]messages.Key{messages.ClaimAllReturned}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newClaimWorld(t, storeTime(12, 0))
			o := w.pairOrder()
			c := shop.Claim{ID: 7, OrderID: o.ID, ChatKey: customerChat, Kind: shop.ClaimReturn, Status: tc.status}
			for i, l := range tc.earlier {
				it := o.Items[i]
				c.Lines = append(c.Lines, shop.ClaimLine{SKU: it.SKU, Name: it.Name, Size: it.Size, Colour: it.Colour,
					Price: it.Price, Qty: l.Qty})
			}
			w.st.claims.claims = append(w.st.claims.claims, c)

			res := w.cust.press("cr:" + itoa(o.ID))
			wantKeys(t, "replies", res.Replies, tc.replies...)
			if tc.lines == nil {
				return
			}
			if res.Replies[0].Text.Args["Excluded"] != false {
				t.Errorf("lines returned before said to be personalised goods")
			}
			var lines, left []int
			for _, b := range res.Replies[0].Buttons {
				if i, ok := strings.CutPrefix(b[0].Data, "ci:"); ok && i != "all" {
					n, _ := strconv.Atoi(i)
					lines = append(lines, n)
					left = append(left, b[0].Label.Args["Qty"].(int))
				}
			}
			if !slices.Equal(lines, tc.lines) || !slices.Equal(left, tc.left) {
				t.Fatalf("lines %v with %v pieces, want %v with %v", lines, left, tc.lines, tc.left)
			}
			for _, forged := range []string{"ci:0", "cq:0:2"} {
				if !slices.Contains(tc.lines, 0) {
					wantKeys(t, forged, w.cust.press(forged).Replies, messages.StaleButton, messages.ClaimAskItems)
				}
			}
			if slices.Equal(tc.left, []int{1, 1}) {
				// Two pieces asked back where one is left: refused.
				wantKeys(t, "two of one", w.cust.press("cq:0:2").Replies, messages.StaleButton, messages.ClaimAskItems)
				if d := w.cust.s.Claim; len(d.Picked) != 0 {
					t.Errorf("picked %v, pieces %v", d.Picked, d.Pieces)
				}
			}
		})
	}
}

// TestClaimCancelHoldsTheOrder: while the customer's cancellation of a
// paid order awaits staff, the order is not packed, shipped or handed to a
// courier; the approval cancels it and refunds the whole sum.
func TestClaimCancelHoldsTheOrder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  shop.OrderStatus
		express bool
		cmd     string
	}{
		{"packing", shop.Paid, false, "/processing LT-00001"},
		{"shipping", shop.Processing, false, "/ship LT-00001 1234567890"},
		{"a courier to the shop", shop.Paid, true, "/courier LT-00001"},
		// Delivered, a refusal would refund a parcel she kept; cancelled
		// here, her application would be left to reject, the money kept.
		{"delivered", shop.Shipped, false, "/delivered LT-00001"},
		{"cancelled by staff", shop.Paid, false, "/cancel LT-00001 нет в наличии"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newClaimWorld(t, storeTime(12, 0))
			o := w.order(tc.status, time.Time{})
			if tc.express {
				o.Delivery.Method = shop.Express
				w.st.orders[o.ID] = o
			}
			c := w.submitted(o, customerChat, shop.ClaimCancel, o.Total)
			res := w.desk.text(tc.cmd)
			wantKeys(t, "moved", res.Replies, messages.StaffOpenCancel)
			wantArgs(t, "moved", res.Replies[0].Text.Args, messages.Args{"Number": o.Number(), "Ref": c.Ref()})
			if got := w.st.orders[o.ID]; got.Status != tc.status || len(res.Others) != 0 {
				t.Errorf("order %s, customer told %v", got.Status, res.Others)
			}
			wantKeys(t, "approve short", w.desk.text("/approve R1 1000").Replies, messages.StaffClaimAmountFixed)
			wantKeys(t, "approve", w.desk.text("/approve R1").Replies, messages.StaffClaimApproved)
			if got := w.st.orders[o.ID]; got.Status != shop.Cancelled || len(w.st.refunds) != 1 || w.st.refunds[0].Amount != o.Total {
				t.Errorf("order %s, refunds %+v", got.Status, w.st.refunds)
			}
		})
	}
}

// TestClaimCancelOfDeliveredOrder: an order the carrier delivered while its
// cancellation waited is not refunded as refused: staff are told to reject
// it, and the customer may apply for a return.
func TestClaimCancelOfDeliveredOrder(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.order(shop.Shipped, time.Time{})
	c := w.submitted(o, customerChat, shop.ClaimCancel, o.Total)
	o.Status, o.DeliveredAt = shop.Delivered, w.clock.Now() // the carrier's status
	w.st.orders[o.ID] = o
	res := w.desk.text("/approve " + c.Ref())
	wantKeys(t, "approve", res.Replies, messages.StaffCancelDelivered)
	if len(w.st.refunds) != 0 || w.st.orders[o.ID].Status != shop.Delivered || len(res.Others) != 0 {
		t.Errorf("refunds %+v, order %s, customer told %v", w.st.refunds, w.st.orders[o.ID].Status, res.Others)
	}
	wantKeys(t, "reject", w.desk.text("/reject "+c.Ref()+" посылка получена").Replies, messages.StaffClaimRejected)
	wantKeys(t, "a return after", w.cust.press("cr:"+itoa(o.ID)).Replies, messages.ClaimAskItems)
}

// TestStaffClaimByReference: an application is named R12, never a bare
// 12, which may be meant as the order LT-00012: an approval sends money.
func TestStaffClaimByReference(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.order(shop.Paid, time.Time{})
	c := w.submitted(o, customerChat, shop.ClaimCancel, o.Total)
	for _, cmd := range []string{"/approve " + itoa(c.ID), "/approve LT-00001", "/reject " + itoa(c.ID) + " причина"} {
		res := w.desk.text(cmd)
		wantKeys(t, cmd, res.Replies, messages.StaffClaimUsage)
		if len(w.st.refunds) != 0 {
			t.Fatalf("%s: refunds %+v", cmd, w.st.refunds)
		}
	}
	if got := w.desk.text("/reject 1 причина").Replies[0].Text.Args["Command"]; got != "reject" {
		t.Errorf("/reject shows the usage of %v", got)
	}
	if got := w.desk.text("/reject 12").Replies[0].Text.Args["Ref"]; got != "R1" {
		t.Errorf("/reject 12 teaches %v, a form refused", got)
	}
	res := w.desk.do(flows.Input{Kind: flows.ButtonInput, Data: "sca:" + itoa(c.ID)})
	wantKeys(t, "the card's button", res.Replies, messages.StaffClaimApproved)
}

// TestClaimCancelInTransit: refusing an order already with CDEK tells the
// customer to refuse the parcel and staff to recall it.
func TestClaimCancelInTransit(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.order(shop.Shipped, time.Time{})
	o.Tracking = "1234567890"
	w.st.orders[o.ID] = o
	c := w.cust
	wantKeys(t, "start", c.press("cr:"+itoa(o.ID)).Replies, messages.ClaimCancelPaid, messages.ClaimAskReason)
	wantKeys(t, "reason", c.press("crs:mind").Replies, messages.ClaimAskName)
	c.text("Садыкова Айгерим Ермековна")
	wantKeys(t, "ID", c.do(flows.Input{Kind: flows.FileInput, FileID: "id-1", FileName: "id.pdf", FileMIME: "application/pdf"}).Replies,
		messages.ClaimReview)
	res := c.press("cs")
	wantKeys(t, "submitted", res.Replies, messages.ClaimSubmitted, messages.ClaimDocument)
	transit := messages.Args{"InTransit": true, "Tracking": "1234567890"}
	wantArgs(t, "customer", res.Replies[0].Text.Args, transit)
	wantArgs(t, "staff", res.Staff[0].Text.Args, transit)
}

// TestClaimApproveAfterRefund: a refund staff made since the application
// leaves less to give back; the approval gives what is left, not a sum
// that would be refused.
func TestClaimApproveAfterRefund(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.order(shop.Processing, time.Time{})
	w.submitted(o, customerChat, shop.ClaimCancel, o.Total)
	w.st.refunds = append(w.st.refunds, shop.Refund{ID: 1, OrderID: o.ID, Amount: 1500, Status: shop.RefundDone})
	left := o.Total - 1500
	wantKeys(t, "the whole sum", w.desk.text("/approve R1 "+itoa(int64(o.Total))).Replies, messages.StaffClaimAmountFixed)
	res := w.desk.text("/approve R1")
	wantKeys(t, "approve", res.Replies, messages.StaffClaimApproved)
	wantArgs(t, "approve", res.Replies[0].Text.Args, messages.Args{"Amount": left})
	if len(w.st.refunds) != 2 || w.st.refunds[1].Amount != left {
		t.Errorf("refunds %+v, want a second of %d", w.st.refunds, left)
	}
}

// TestWaybillWithoutReturn: a waybill named as such ("накладная ...") from
// a chat with no open return (goods sent for an exchange) goes to staff
// with the latest order still within its return days, once; a bare
// number does not, nor the order's own tracking number, nor a chat with
// no such order.
func TestWaybillWithoutReturn(t *testing.T) {
	const ours = "1234567890"
	for _, tc := range []struct {
		name, text  string
		order, sent bool
	}{
		{"named", "отправила платья на обмен, накладная 5566778899", true, true},
		{"in Kazakh", "көйлекті жібердім, жүкқұжат 3344556677", true, true},
		{"a bare number", "5566778899", true, false},
		{"our own tracking number", "накладная " + ours + " не находится", true, false},
		{"asked where", "где посылка? накладная 5566778899", true, false},
		{"no order", "накладная 5566778899", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newClaimWorld(t, storeTime(12, 0))
			var o shop.Order
			if tc.order {
				o = w.order(shop.Delivered, w.clock.Now().Add(-48*time.Hour))
				o.Tracking = ours
				w.st.orders[o.ID] = o
			}
			res := w.cust.text(tc.text)
			if !tc.sent {
				if len(res.Staff) != 0 || len(w.st.events) != 0 {
					t.Errorf("staff %v, trail %+v", res.Staff, w.st.events)
				}
				return
			}
			wantKeys(t, "customer", res.Replies, messages.WaybillPassed)
			wantKeys(t, "staff", res.Staff, messages.StaffWaybillNoClaim)
			n := waybillIn(tc.text)
			wantArgs(t, "staff", res.Staff[0].Text.Args, messages.Args{"Number": o.Number(), "Waybill": n})
			if len(w.st.events) != 1 || w.st.events[0].Detail != n || w.st.events[0].Action != "exchange_waybill" || w.st.events[0].OrderID != o.ID {
				t.Errorf("trail %+v", w.st.events)
			}
			// Said again: acknowledged, staff not told twice.
			res = w.cust.text(tc.text)
			if wantKeys(t, "again", res.Replies, messages.WaybillPassed); len(res.Staff) != 0 || len(w.st.events) != 1 {
				t.Errorf("again: staff %v, trail %+v", res.Staff, w.st.events)
			}
		})
	}
}

// TestReturnWaybill: the waybill number the return instructions ask for,
// typed in the chat, reaches staff and the order's trail; without a return
// under way a number is no waybill, and another chat's return is not
// this chat's.
func TestReturnWaybill(t *testing.T) {
	for _, tc := range []struct {
		name  string
		kind  shop.ClaimKind
		chat  string
		text  string
		taken bool
	}{
		{"typed with words", shop.ClaimReturn, customerChat, "Отправила, накладная 1122334455", true},
		{"the number alone", shop.ClaimReturn, customerChat, "1122334455", true},
		{"in Kazakh", shop.ClaimReturn, customerChat, "жүкқұжат нөмірі 10987654321", true},
		{"a phone number", shop.ClaimReturn, customerChat, "87771234567", false},
		{"a phone number without 8", shop.ClaimReturn, customerChat, "7771234567", false},
		{"an IIN", shop.ClaimReturn, customerChat, "900324400726", false},
		{"a number among other words", shop.ClaimReturn, customerChat, "мой ИИН 900324400726, что дальше?", false},
		{"a long number with its word", shop.ClaimReturn, customerChat, "трек 900324400726", true},
		{"a cancellation, no return", shop.ClaimCancel, customerChat, "1122334455", false},
		{"another chat's return", shop.ClaimReturn, "tg:999", "1122334455", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newClaimWorld(t, storeTime(12, 0))
			o := w.order(shop.Delivered, w.clock.Now().Add(-48*time.Hour))
			w.submitted(o, tc.chat, tc.kind, o.Items[0].Price)
			events := len(w.st.events)
			res := w.cust.text(tc.text)
			if !tc.taken {
				if len(res.Staff) != 0 || len(w.st.events) != events || res.Replies[0].Text.Key == messages.ReturnWaybillTaken {
					t.Errorf("taken: replies %v, staff %v", res.Replies, res.Staff)
				}
				return
			}
			wantKeys(t, "customer", res.Replies, messages.ReturnWaybillTaken)
			wantKeys(t, "staff", res.Staff, messages.StaffReturnWaybill)
			n := waybillIn(tc.text)
			wantArgs(t, "staff", res.Staff[0].Text.Args, messages.Args{"Ref": "R1", "Number": o.Number(), "Waybill": n})
			if len(w.st.events) != events+1 || w.st.events[events].Action != "return_waybill" ||
				w.st.events[events].Detail != n || w.st.events[events].OrderID != o.ID {
				t.Errorf("trail %+v", w.st.events[events:])
			}
		})
	}
}

// waybillIn is the run of digits in s.
func waybillIn(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// TestClaimConditionRefused: a "no" to a condition of returning good goods
// ends the application with the rule.
func TestClaimConditionRefused(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.order(shop.Delivered, w.clock.Now().Add(-24*time.Hour), "LT-101-S")
	c := w.cust
	c.press("cr:" + itoa(o.ID))
	c.press("ci:0")
	c.press("cn")
	c.press("cne")
	c.press("crs:like")
	res := c.press("cc:1:n")
	wantKeys(t, "refused", res.Replies, messages.ClaimCheckFailed)
	if c.s.Claim != nil || len(w.st.claims.claims) != 0 {
		t.Error("a refused return was kept")
	}
	// A defect needs no conditions.
	c.press("cr:" + itoa(o.ID))
	c.press("ci:0")
	c.press("cn")
	c.press("cne")
	wantKeys(t, "defect", c.press("crs:defect").Replies, messages.ClaimAskName)
}

// TestClaimRejectAndCharge: staff reject with a reason; an erroneous
// charge needs receipts and an amount from staff.
func TestClaimRejectAndCharge(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.order(shop.Processing, time.Time{})
	c := w.cust
	c.press("cw")
	c.press("cw:" + itoa(o.ID))
	c.press("crs:double")
	wantKeys(t, "done without receipts", c.press("cd").Replies, messages.ClaimNeedFile, messages.ClaimAskReceipts)
	res := c.do(flows.Input{Kind: flows.FileInput, FileID: "doc-1", FileName: "выписка.pdf", FileMIME: "application/pdf"})
	wantKeys(t, "receipt", res.Replies, messages.ClaimReceiptTaken)
	wantKeys(t, "done", c.press("cd").Replies, messages.ClaimAskName)
	c.text("Садыкова Айгерим Ермековна")
	c.do(flows.Input{Kind: flows.FileInput, FileID: "id-1", FileName: "id.pdf", FileMIME: "application/pdf"})
	res = c.press("cs")
	wantKeys(t, "submitted", res.Replies, messages.ClaimSubmitted, messages.ClaimDocument)
	if cl := w.st.claims.claims[0]; cl.Kind != shop.ClaimWrongCharge || cl.Amount != 0 || cl.Attachments != 2 {
		t.Errorf("claim %+v", cl)
	}
	if hasButton(res.Staff[0], "sca:1") {
		t.Error("an erroneous charge offers an approve button without an amount")
	}
	wantKeys(t, "approve without amount", w.desk.text("/approve R1").Replies, messages.StaffClaimUsage)
	wantKeys(t, "too much", w.desk.text("/approve R1 999999").Replies, messages.StaffClaimTooMuch)
	wantKeys(t, "reject without reason", w.desk.text("/reject R1").Replies, messages.StaffClaimUsage)
	res = w.desk.text("/reject R1 Списание верное: два разных заказа")
	wantKeys(t, "reject", res.Replies, messages.StaffClaimRejected)
	if cl := w.st.claims.claims[0]; cl.Status != shop.ClaimRejected || cl.Note != "Списание верное: два разных заказа" || cl.ClosedAt.IsZero() {
		t.Errorf("claim %+v", cl)
	}
	if len(res.Others) != 1 || res.Others[0].Reply.Text.Key != messages.ClaimRejectedNotice {
		t.Errorf("customer told %+v", res.Others)
	}
}

// TestForget: the data stays while an order is in progress; then it goes
// and the conversation starts afresh.
func TestForget(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.order(shop.Processing, time.Time{})
	c := w.cust
	wantKeys(t, "ask", c.press("fg").Replies, messages.ForgetAsk)
	res := c.press("fgy")
	wantKeys(t, "busy", res.Replies, messages.ForgetBlocked)
	wantArgs(t, "busy", res.Replies[0].Text.Args, messages.Args{"Orders": o.Number(), "Claims": ""})
	o.Status = shop.Delivered
	w.st.orders[o.ID] = o
	res = c.press("fgy")
	wantKeys(t, "done", res.Replies, messages.ForgetDone)
	if !slices.Equal(w.st.claims.forgotten, []string{customerChat}) || w.st.orders[o.ID].Customer.Name != "" {
		t.Errorf("forgotten %v, order customer %+v", w.st.claims.forgotten, w.st.orders[o.ID].Customer)
	}
	if !c.s.Cart.Empty() || c.s.Checkout.Customer.Name != "" {
		t.Errorf("session kept data: %+v", c.s)
	}
	if !strings.EqualFold(string(c.s.Lang), "ru") {
		t.Errorf("language lost: %q", c.s.Lang)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// TestClaimVoidHeld: a payment only held on the card is released whole,
// the order cancelled and its goods back on sale, with no application.
func TestClaimVoidHeld(t *testing.T) {
	w := newClaimWorld(t, storeTime(12, 0))
	o := w.order(shop.Paid, time.Time{})
	o.Payment.Authorized = true
	w.st.orders[o.ID] = o
	c := w.cust
	wantKeys(t, "ask", c.press("cr:"+itoa(o.ID)).Replies, messages.ClaimVoidAsk)
	res := c.press("cv:" + itoa(o.ID))
	wantKeys(t, "voided", res.Replies, messages.ClaimVoided)
	wantKeys(t, "staff", res.Staff, messages.StaffCustomerCancel)
	if got := w.st.orders[o.ID]; got.Status != shop.Cancelled {
		t.Errorf("order status %s, want cancelled", got.Status)
	}
	if len(w.st.refunds) != 1 || w.st.refunds[0].Amount != o.Total || !res.PaymentWork || len(w.st.claims.claims) != 0 {
		t.Errorf("refunds %+v, payment work %v, claims %d", w.st.refunds, res.PaymentWork, len(w.st.claims.claims))
	}
	// Pressed again: the order is cancelled now, nothing more happens.
	wantKeys(t, "again", c.press("cv:"+itoa(o.ID)).Replies, messages.ClaimOrderCancelled)
	if len(w.st.refunds) != 1 {
		t.Error("a second press voided again")
	}
}
