package flows_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
)

// storeTime is a time of testNow's day on the store's clock (Asia/Almaty).
func storeTime(hour, min int) time.Time {
	return time.Date(2026, 11, 25, hour, min, 0, 0, shop.DefaultProfile().Location())
}

// customer writes in a customer chat. Whatever it writes, the answers must
// render and nothing may go to another chat.
type customer struct {
	t    *testing.T
	f    *flows.Flows
	st   *fakeStore
	s    *flows.Session
	chat string
}

func (c *customer) do(in flows.Input) flows.Result {
	c.t.Helper()
	in.Chat = c.chat
	res, err := c.f.Handle(context.Background(), c.st, c.s, in)
	if err != nil {
		c.t.Fatalf("handle %+v: %v", in, err)
	}
	renders(c.t, res)
	for _, r := range append(slices.Clone(res.Replies), res.Staff...) {
		for _, row := range r.Buttons {
			for _, b := range row {
				if len(b.Data) > 64 || b.Data == "" && b.URL == "" && !b.Phone {
					c.t.Errorf("button %s data %q", b.Label.Key, b.Data)
				}
			}
		}
	}
	for _, o := range res.Others {
		// Only the store's mailbox may hear of a customer's doing (a
		// refund application is mailed to it).
		if !strings.HasPrefix(o.Chat, "email:") {
			c.t.Errorf("customer input %+v sent to other chats: %+v", in, res.Others)
		}
	}
	return res
}

func (c *customer) text(s string) flows.Result {
	c.t.Helper()
	return c.do(flows.Input{Kind: flows.TextInput, Text: s})
}

func (c *customer) press(data string) flows.Result {
	c.t.Helper()
	return c.do(flows.Input{Kind: flows.ButtonInput, Data: data})
}

// silent delivers the job's EventHandoffSilent to the customer's chat.
func (c *customer) silent(id int64) flows.Result {
	c.t.Helper()
	return c.do(flows.Input{Kind: flows.EventInput, Event: &flows.Event{Kind: flows.EventHandoffSilent, HandoffID: id}})
}

// handoffWorld is a store, a customer and a staff member, at a clock the
// test moves. HandoffSilence is left at its default.
type handoffWorld struct {
	t     *testing.T
	f     *flows.Flows
	st    *fakeStore
	clock *shop.ManualClock
	cust  *customer
	desk  *desk
}

// newHandoffWorld starts at `at`, with a customer of customerChat speaking
// lang who has already seen the welcome.
func newHandoffWorld(t *testing.T, at time.Time, lang string) *handoffWorld {
	t.Helper()
	cats, products := catalogfile.Sample()
	cat, err := shop.NewCatalog(cats, products)
	if err != nil {
		t.Fatal(err)
	}
	_, st := newFlows(t) // a store with the sample's stock
	profile := shop.DefaultProfile()
	clock := shop.NewManualClock(at)
	f := flows.New(flows.Config{
		Catalog:  func() *shop.Catalog { return cat },
		Profile:  profile,
		Delivery: shop.FallbackQuoter{Profile: profile},
		Clock:    clock,
	})
	w := &handoffWorld{t: t, f: f, st: st, clock: clock,
		desk: &desk{t: t, f: f, st: st, s: flows.NewSession("ru"), user: deskUser}}
	w.cust = w.customer(customerChat, lang)
	return w
}

// customer returns another customer in chat, past the welcome.
func (w *handoffWorld) customer(chat, lang string) *customer {
	w.t.Helper()
	c := &customer{t: w.t, f: w.f, st: w.st, s: flows.NewSession(lang), chat: chat}
	c.text("/start")
	return c
}

// open hands the customer's conversation to staff: it must be handoff id.
func (w *handoffWorld) open(id int64) flows.Result {
	w.t.Helper()
	res := w.cust.press("talk")
	if !hasText(res, messages.HandoffStarted) || w.cust.s.Handoff != id {
		w.t.Fatalf("talk: replies %v, session handoff %d", keysOf(res.Replies), w.cust.s.Handoff)
	}
	return res
}

// handoff returns the stored handoff id.
func (w *handoffWorld) handoff(id int64) shop.Handoff {
	w.t.Helper()
	if id < 1 || id > int64(len(w.st.handoffs)) {
		w.t.Fatalf("no handoff %d among %+v", id, w.st.handoffs)
	}
	return w.st.handoffs[id-1]
}

// wantOpen fails the test unless handoff id is open and its last message
// was at last.
func (w *handoffWorld) wantOpen(id int64, last time.Time) {
	w.t.Helper()
	h := w.handoff(id)
	if !h.ClosedAt.IsZero() || h.ClosedBy != "" {
		w.t.Errorf("handoff %d closed: %+v", id, h)
	}
	if !h.LastAt.Equal(last) {
		w.t.Errorf("handoff %d last at %v, want %v", id, h.LastAt, last)
	}
}

// wantClosed fails the test unless handoff id was closed now by by.
func (w *handoffWorld) wantClosed(id int64, by string) {
	w.t.Helper()
	h := w.handoff(id)
	if !h.ClosedAt.Equal(w.clock.Now()) || h.ClosedBy != by {
		w.t.Errorf("handoff %d: closed at %v by %q, want %v by %q", id, h.ClosedAt, h.ClosedBy, w.clock.Now(), by)
	}
}

// wantKeys fails the test unless rs have exactly these text keys, in order.
func wantKeys(t *testing.T, what string, rs []flows.Reply, want ...messages.Key) {
	t.Helper()
	if got := keysOf(rs); !slices.Equal(got, want) {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

// hasButton reports whether r has a button with this data.
func hasButton(r flows.Reply, data string) bool {
	return slices.Contains(buttonData(r), data)
}

// staffClosed fails the test unless res tells staff, and only staff, that
// ref was closed by by.
func staffClosed(t *testing.T, res flows.Result, ref, by string) {
	t.Helper()
	wantKeys(t, "staff", res.Staff, messages.StaffHandoffClosed)
	if len(res.Staff) == 1 {
		wantArgs(t, "closed", res.Staff[0].Text.Args, messages.Args{"Ref": ref, "By": by})
	}
}

func TestHandoffStart(t *testing.T) {
	inputs := []struct {
		name string
		in   flows.Input
	}{
		{"button", flows.Input{Kind: flows.ButtonInput, Data: "talk"}},
		{"менеджер", flows.Input{Kind: flows.TextInput, Text: "менеджер"}},
		{"Менеджер!", flows.Input{Kind: flows.TextInput, Text: "Менеджер!"}},
		{"оператор", flows.Input{Kind: flows.TextInput, Text: "оператор"}},
		{"адам", flows.Input{Kind: flows.TextInput, Text: "адам"}},
	}
	times := []struct {
		name    string
		at      time.Time
		working bool
		opens   time.Time
	}{
		{"12:00", storeTime(12, 0), true, time.Time{}},
		{"23:30", storeTime(23, 30), false, storeTime(10, 0).AddDate(0, 0, 1)},
		{"08:00", storeTime(8, 0), false, storeTime(10, 0)},
		{"22:00", storeTime(22, 0), false, storeTime(10, 0).AddDate(0, 0, 1)},
	}
	for _, in := range inputs {
		for _, at := range times {
			for _, known := range []bool{false, true} {
				name := in.name + " at " + at.name
				if known {
					name += " known"
				}
				t.Run(name, func(t *testing.T) {
					w := newHandoffWorld(t, at.at, "kk")
					// The menu offers a person.
					if !hasButton(replyOf(t, w.cust.text("/menu").Replies, messages.MenuTitle), "talk") {
						t.Errorf("the menu has no talk button")
					}
					c := shop.Customer{}
					if known {
						c = shop.Customer{Name: "Айгерим Садыкова", Phone: "+77771234567"}
						w.cust.s.Checkout.Customer = c
					}

					res := w.cust.do(in.in)
					wantKeys(t, "replies", res.Replies, messages.HandoffStarted)
					r := replyOf(t, res.Replies, messages.HandoffStarted)
					if r.Text.Args["Working"] != at.working {
						t.Errorf("Working = %v, want %v", r.Text.Args["Working"], at.working)
					}
					if opens, _ := r.Text.Args["Opens"].(time.Time); !opens.Equal(at.opens) {
						t.Errorf("Opens = %v, want %v", r.Text.Args["Opens"], at.opens)
					}
					if !slices.Equal(buttonData(r), []string{"bot"}) {
						t.Errorf("buttons %v, want the way back to the bot", buttonData(r))
					}
					if w.cust.s.Handoff != 1 || w.cust.s.Step != flows.StepMenu {
						t.Errorf("session handoff %d step %q", w.cust.s.Handoff, w.cust.s.Step)
					}
					want := shop.Handoff{ID: 1, ChatKey: customerChat, Lang: shop.Kazakh, OpenedAt: at.at, LastAt: at.at}
					if len(w.st.handoffs) != 1 || w.st.handoffs[0] != want {
						t.Errorf("handoffs %+v, want %+v", w.st.handoffs, want)
					}

					wantKeys(t, "staff", res.Staff, messages.StaffHandoffOpened)
					s := replyOf(t, res.Staff, messages.StaffHandoffOpened)
					wantArgs(t, "card", s.Text.Args, messages.Args{"Ref": "H1", "Name": c.Name, "Phone": c.Phone, "Lang": "kk"})
					if !slices.Equal(buttonData(s), []string{"hd:1"}) {
						t.Errorf("card buttons %v", buttonData(s))
					}

					// Asking again while staff have it opens nothing new.
					w.clock.Add(time.Minute)
					res = w.cust.press("talk")
					wantKeys(t, "again", res.Replies, messages.HandoffActive)
					wantKeys(t, "again: staff", res.Staff)
					if len(w.st.handoffs) != 1 || w.cust.s.Handoff != 1 {
						t.Errorf("handoffs %+v, session %d", w.st.handoffs, w.cust.s.Handoff)
					}
				})
			}
		}
	}
}

// TestHandoffStartSaysMore: the message that asks for a person goes to
// staff too when it says more than that (a question, a number to call);
// the customer is told it was passed on.
func TestHandoffStartSaysMore(t *testing.T) {
	for _, tc := range []struct {
		text      string
		forwarded bool
	}{
		{"позовите менеджера", false},
		{"хочу поговорить с менеджером", false},
		{"можно с живым человеком, пожалуйста", false},
		{"Можно с менеджером? Хочу уточнить размер платья миди, рост 168", true},
		{"менеджер, перезвоните +77011234567", true},
	} {
		t.Run(tc.text, func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "ru")
			res := w.cust.text(tc.text)
			r := replyOf(t, res.Replies, messages.HandoffStarted)
			if r.Text.Args["Forwarded"] != tc.forwarded {
				t.Errorf("Forwarded = %v, want %v", r.Text.Args["Forwarded"], tc.forwarded)
			}
			want := []messages.Key{messages.StaffHandoffOpened}
			if tc.forwarded {
				want = append(want, messages.StaffHandoffMessage)
			}
			wantKeys(t, "staff", res.Staff, want...)
			if tc.forwarded {
				wantArgs(t, "passed on", res.Staff[1].Text.Args, messages.Args{"Ref": "H1", "Text": tc.text})
			}
		})
	}
}

// TestHandoffFromCheckout: a customer halfway through the checkout may ask
// for a person; the step is left, the answers kept.
func TestHandoffFromCheckout(t *testing.T) {
	w := newHandoffWorld(t, storeTime(12, 0), "ru")
	w.cust.press("a:LT-101-S:1")
	w.cust.press("co")
	w.cust.text("Айгерим Садыкова")
	if w.cust.s.Step != flows.StepPhone {
		t.Fatalf("step %q", w.cust.s.Step)
	}
	res := w.open(1)
	wantArgs(t, "card", replyOf(t, res.Staff, messages.StaffHandoffOpened).Text.Args,
		messages.Args{"Name": "Айгерим Садыкова", "Phone": ""})
	if w.cust.s.Step != flows.StepMenu || w.cust.s.Cart.Qty("LT-101-S") != 1 {
		t.Errorf("step %q cart %v", w.cust.s.Step, w.cust.s.Cart)
	}
}

func TestHandoffCustomerInput(t *testing.T) {
	cases := []struct {
		name    string
		in      flows.Input
		replies []messages.Key
		forward bool   // staff get StaffHandoffMessage, the handoff is touched
		text    string // what staff are shown
		other   string // what staff are shown instead of text
	}{
		{"text", flows.Input{Kind: flows.TextInput, Text: "Где мой заказ?"}, nil, true, "Где мой заказ?", ""},
		{"a keyword is text", flows.Input{Kind: flows.TextInput, Text: "каталог"}, nil, true, "каталог", ""},
		{"talk again typed", flows.Input{Kind: flows.TextInput, Text: "менеджер"}, nil, true, "менеджер", ""},
		{"other command", flows.Input{Kind: flows.TextInput, Text: "/cart"}, nil, true, "/cart", ""},
		{"card number", flows.Input{Kind: flows.TextInput, Text: "карта 4111 1111 1111 1111"},
			[]messages.Key{messages.CardNumberWarning}, false, "", ""},
		{"sticker", flows.Input{Kind: flows.UnsupportedInput}, []messages.Key{messages.HandoffActive}, true, "", ""}, // staff cannot see it: the customer is told
		{"photo", flows.Input{Kind: flows.FileInput, FileID: "photo-1", FileMIME: "image/jpeg", FilePhoto: true}, nil, true, "", "🖼"},
		{"photo with a caption", flows.Input{Kind: flows.FileInput, FileID: "photo-1", FileMIME: "image/jpeg", FilePhoto: true, Text: "брак на рукаве"}, nil, true, "брак на рукаве", "🖼"},
		{"caption with a card number", flows.Input{Kind: flows.FileInput, FileID: "photo-1", FileMIME: "image/jpeg", FilePhoto: true, Text: "карта 4111 1111 1111 1111"},
			[]messages.Key{messages.CardNumberWarning}, true, "", "🖼"},
		{"an image sent as a file", flows.Input{Kind: flows.FileInput, FileID: "doc-2", FileName: "receipt.png", FileMIME: "image/png"}, nil, true, "", "📎 receipt.png"},
		{"document", flows.Input{Kind: flows.FileInput, FileID: "doc-1", FileName: "чек.pdf", FileMIME: "application/pdf"}, nil, true, "", "📎 чек.pdf"},
		{"location", flows.Input{Kind: flows.LocationInput, Lat: 43.2, Lon: 76.9}, nil, true, "", "📍 https://yandex.kz/maps/?pt=76.900000,43.200000&z=17&l=map"},
		{"contact", flows.Input{Kind: flows.ContactInput, Phone: "+77771234567"}, nil, true, "", "📱 +77771234567"},
		{"catalog button", flows.Input{Kind: flows.ButtonInput, Data: "cat"}, []messages.Key{messages.HandoffActive}, false, "", ""},
		{"menu button", flows.Input{Kind: flows.ButtonInput, Data: "m"}, []messages.Key{messages.HandoffActive}, false, "", ""},
		{"talk button", flows.Input{Kind: flows.ButtonInput, Data: "talk"}, []messages.Key{messages.HandoffActive}, false, "", ""},
		{"forged staff button", flows.Input{Kind: flows.ButtonInput, Data: "hd:1"}, []messages.Key{messages.HandoffActive}, false, "", ""},
		{"garbage button", flows.Input{Kind: flows.ButtonInput, Data: "zzz"}, []messages.Key{messages.HandoffActive}, false, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "ru")
			opened := w.clock.Now()
			w.open(1)
			now := w.clock.Add(10 * time.Minute)
			session := *w.cust.s

			res := w.cust.do(c.in)
			wantKeys(t, "replies", res.Replies, c.replies...)
			for _, r := range res.Replies {
				if r.Text.Key == messages.HandoffActive && !slices.Equal(buttonData(r), []string{"bot"}) {
					t.Errorf("HandoffActive buttons %v", buttonData(r))
				}
			}
			if c.forward {
				wantKeys(t, "staff", res.Staff, messages.StaffHandoffMessage)
				if len(res.Staff) == 1 {
					s := res.Staff[0]
					wantArgs(t, "message", s.Text.Args, messages.Args{"Ref": "H1", "Text": c.text, "Other": c.other})
					if c.in.Kind == flows.FileInput && s.Photo+s.Document != c.in.FileID {
						t.Errorf("file not passed on: photo %q document %q", s.Photo, s.Document)
					}
					if c.in.FilePhoto != (s.Photo != "") {
						t.Errorf("a photo goes as a photo, a document as a document: photo %q document %q", s.Photo, s.Document)
					}
					if !slices.Equal(buttonData(s), []string{"hd:1"}) {
						t.Errorf("message buttons %v", buttonData(s))
					}
				}
				w.wantOpen(1, now)
			} else {
				wantKeys(t, "staff", res.Staff)
				w.wantOpen(1, opened)
			}
			for _, s := range res.Staff {
				if strings.Contains(s.Text.Args["Text"].(string), "4111") {
					t.Errorf("a card number reached staff")
				}
			}
			// The conversation stays where it was.
			if w.cust.s.Handoff != 1 || w.cust.s.Step != session.Step || w.cust.s.Lang != session.Lang ||
				!w.cust.s.Cart.Empty() {
				t.Errorf("session %+v", w.cust.s)
			}
			if len(w.st.handoffs) != 1 || len(w.st.orders) != 0 {
				t.Errorf("handoffs %+v, orders %d", w.st.handoffs, len(w.st.orders))
			}
		})
	}
}

func TestHandoffCustomerLeaves(t *testing.T) {
	for _, in := range []flows.Input{
		{Kind: flows.ButtonInput, Data: "bot"},
		{Kind: flows.TextInput, Text: "/start"},
		{Kind: flows.TextInput, Text: "/menu"},
		{Kind: flows.TextInput, Text: "/bot"},
		{Kind: flows.TextInput, Text: "/START@letebot"},
		// Typed as the button reads, not words for staff.
		{Kind: flows.TextInput, Text: "Вернуться к боту"},
		{Kind: flows.TextInput, Text: "меню"},
		{Kind: flows.TextInput, Text: "🤖 Ботқа оралу"},
	} {
		t.Run(inputName(in), func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "ru")
			w.open(1)
			w.clock.Add(5 * time.Minute)

			res := w.cust.do(in)
			wantKeys(t, "replies", res.Replies, messages.HandoffEnded, messages.MenuTitle)
			if !hasButton(replyOf(t, res.Replies, messages.MenuTitle), "talk") {
				t.Errorf("the menu has no talk button")
			}
			staffClosed(t, res, "H1", "customer")
			w.wantClosed(1, "customer")
			if w.cust.s.Handoff != 0 {
				t.Errorf("session handoff %d", w.cust.s.Handoff)
			}

			// The bot answers again, and staff hear nothing.
			res = w.cust.text("каталог")
			wantKeys(t, "after", res.Replies, messages.CatalogCategories)
			wantKeys(t, "after: staff", res.Staff)
			// Staff pressing Done now find nothing to close.
			only(t, w.desk.press("hd:1"), messages.StaffHandoffGone)
			w.wantClosed(1, "customer")
		})
	}
}

func TestHandoffStaffReply(t *testing.T) {
	catalog, err := textCatalog()
	if err != nil {
		t.Fatal(err)
	}
	// render renders the staff alert with key from res in lang.
	render := func(t *testing.T, res flows.Result, key messages.Key, lang shop.Lang) string {
		t.Helper()
		s, err := catalog.Render(lang, replyOf(t, res.Staff, key).Text)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	reply := func(card string) flows.Input {
		return flows.Input{Kind: flows.TextInput, Text: "Здравствуйте!", ReplyTo: card}
	}
	cases := []struct {
		name string
		// in is the staff input, given the customer's world with the
		// handoff open and the result of opening it.
		in func(t *testing.T, w *handoffWorld, opened flows.Result) flows.Input
	}{
		{"command", func(*testing.T, *handoffWorld, flows.Result) flows.Input {
			return deskText("/reply H1 Здравствуйте!")
		}},
		{"command lower case", func(*testing.T, *handoffWorld, flows.Result) flows.Input {
			return deskText("/reply h1   Здравствуйте!  ")
		}},
		{"command #ref", func(*testing.T, *handoffWorld, flows.Result) flows.Input {
			return deskText("/reply #H1 Здравствуйте!")
		}},
		{"command with the bot's name", func(*testing.T, *handoffWorld, flows.Result) flows.Input {
			return deskText("/reply@letebot H1 Здравствуйте!")
		}},
		{"reply to the card", func(t *testing.T, _ *handoffWorld, opened flows.Result) flows.Input {
			return reply(render(t, opened, messages.StaffHandoffOpened, shop.Russian))
		}},
		{"reply to the card in Kazakh", func(t *testing.T, _ *handoffWorld, opened flows.Result) flows.Input {
			return reply(render(t, opened, messages.StaffHandoffOpened, shop.Kazakh))
		}},
		{"reply to a passed message", func(t *testing.T, w *handoffWorld, _ flows.Result) flows.Input {
			res := w.cust.text("Есть ли размер M? #H7")
			return reply(render(t, res, messages.StaffHandoffMessage, shop.Russian))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "kk")
			in := c.in(t, w, w.open(1))
			now := w.clock.Add(10 * time.Minute)

			res := w.desk.do(in)
			r := only(t, res, messages.StaffReplySent)
			wantArgs(t, "sent", r.Text.Args, messages.Args{"Ref": "#H1", "Closed": false})
			if len(res.Others) != 1 {
				t.Fatalf("others %+v", res.Others)
			}
			o := res.Others[0]
			if o.Chat != customerChat || o.Lang != shop.Kazakh || o.Reply.Text.Key != messages.StoreReply {
				t.Errorf("to the customer: %+v", o)
			}
			wantArgs(t, "store reply", o.Reply.Text.Args, messages.Args{"Text": "Здравствуйте!", "Store": shop.DefaultProfile().Name})
			if len(o.Reply.Buttons) != 0 {
				t.Errorf("an open handoff's reply offers buttons %+v: the customer's text reaches staff anyway", o.Reply.Buttons)
			}
			w.wantOpen(1, now)
			if w.cust.s.Handoff != 1 {
				t.Errorf("session handoff %d", w.cust.s.Handoff)
			}
		})
	}
}

// TestHandoffStaffReplyOrder: /reply with an order number reaches the
// order's chat, in the order's language, with or without a handoff, and a
// button opens one for the answer, which typed to the bot would reach
// nobody.
func TestHandoffStaffReplyOrder(t *testing.T) {
	w := newHandoffWorld(t, storeTime(12, 0), "ru")
	o := sampleOrder("tg:7")
	o.Lang = shop.Kazakh
	w.st.add(o)
	res := w.desk.text("/reply LT-00001 Ваш заказ собран")
	r := only(t, res, messages.StaffReplySent)
	wantArgs(t, "sent", r.Text.Args, messages.Args{"Ref": "LT-00001", "Closed": false})
	if len(res.Others) != 1 || res.Others[0].Chat != "tg:7" || res.Others[0].Lang != shop.Kazakh ||
		res.Others[0].Reply.Text.Key != messages.StoreReply {
		t.Fatalf("others %+v", res.Others)
	}
	wantArgs(t, "store reply", res.Others[0].Reply.Text.Args, messages.Args{"Text": "Ваш заказ собран"})
	if len(w.st.handoffs) != 0 {
		t.Errorf("handoffs %+v", w.st.handoffs)
	}
	if b := res.Others[0].Reply.Buttons; len(b) != 1 || len(b[0]) != 1 || b[0][0].Data != "talk" {
		t.Errorf("the store's message offers %+v, want the button to answer staff", b)
	}
}

func TestHandoffStaffErrors(t *testing.T) {
	cases := []struct {
		in   flows.Input
		want messages.Key
		args messages.Args
	}{
		{deskText("/reply H99 x"), messages.StaffHandoffGone, messages.Args{"Ref": "H99"}},
		{deskText("/reply"), messages.StaffReplyUsage, nil},
		{deskText("/reply H1"), messages.StaffReplyUsage, nil},
		{deskText("/reply H1    "), messages.StaffReplyUsage, nil},
		{deskText("/reply привет всем"), messages.StaffReplyUsage, nil},
		{deskText("/reply H0 x"), messages.StaffReplyUsage, nil},
		{deskText("/reply LT-00099 x"), messages.StaffOrderNotFound, messages.Args{"Number": "LT-00099"}},
		{deskText("/done"), messages.StaffReplyUsage, nil},
		{deskText("/done LT-00001"), messages.StaffReplyUsage, nil},
		{deskText("/done H99"), messages.StaffHandoffGone, messages.Args{"Ref": "H99"}},
		{deskBtn("hd:99"), messages.StaffHandoffGone, messages.Args{"Ref": "H99"}},
		{deskBtn("hd:0"), messages.StaffStaleButton, nil},
		{deskBtn("hd:x"), messages.StaffStaleButton, nil},
		{deskBtn("hd"), messages.StaffStaleButton, nil},
		{deskBtn("hd:1:2"), messages.StaffStaleButton, nil},
		// Staff talk among themselves: no answer.
		{deskText("кто возьмёт?"), "", nil},
		{flows.Input{Kind: flows.TextInput, Text: "ок", ReplyTo: "📋 Заказ LT-00001"}, "", nil},
		{flows.Input{Kind: flows.TextInput, Text: "ок", ReplyTo: "H1 без решётки"}, "", nil},
	}
	for _, c := range cases {
		t.Run(inputName(c.in)+" "+c.in.ReplyTo, func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "ru")
			opened := w.clock.Now()
			w.open(1)
			w.clock.Add(10 * time.Minute)
			res := w.desk.do(c.in)
			if c.want == "" {
				wantKeys(t, "replies", res.Replies)
			} else {
				wantArgs(t, string(c.want), only(t, res, c.want).Text.Args, c.args)
			}
			if len(res.Others) != 0 {
				t.Errorf("others %+v", res.Others)
			}
			w.wantOpen(1, opened)
		})
	}
}

func TestHandoffStaffDone(t *testing.T) {
	for _, in := range []flows.Input{deskText("/done H1"), deskText("/done #h1"), deskBtn("hd:1")} {
		t.Run(inputName(in), func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "kk")
			w.open(1)
			w.clock.Add(10 * time.Minute)

			res := w.desk.do(in)
			r := only(t, res, messages.StaffHandoffClosed)
			wantArgs(t, "closed", r.Text.Args, messages.Args{"Ref": "H1", "By": deskUser})
			w.wantClosed(1, deskUser)
			if len(res.Others) != 1 {
				t.Fatalf("others %+v", res.Others)
			}
			o := res.Others[0]
			if o.Chat != customerChat || o.Lang != shop.Kazakh || o.Reply.Text.Key != messages.HandoffEnded ||
				!hasButton(o.Reply, "m") {
				t.Errorf("to the customer: %+v", o)
			}

			// Once is enough: both ways of closing find it gone.
			for _, again := range []flows.Input{deskText("/done H1"), deskBtn("hd:1")} {
				res = w.desk.do(again)
				wantArgs(t, "again", only(t, res, messages.StaffHandoffGone).Text.Args, messages.Args{"Ref": "H1"})
				if len(res.Others) != 0 {
					t.Errorf("again: others %+v", res.Others)
				}
			}
			w.wantClosed(1, deskUser)

			// A late reply still reaches the customer, and staff are told
			// the bot has the conversation.
			res = w.desk.text("/reply H1 И ещё одно")
			wantArgs(t, "late", only(t, res, messages.StaffReplySent).Text.Args, messages.Args{"Closed": true})
			if len(res.Others) != 1 || res.Others[0].Chat != customerChat {
				t.Errorf("late: others %+v", res.Others)
			}
			h := w.handoff(1)
			if !h.LastAt.Equal(h.OpenedAt) {
				t.Errorf("a closed handoff was touched: %+v", h)
			}

			// The customer's next text is the bot's again.
			res = w.cust.text("каталог")
			wantKeys(t, "customer", res.Replies, messages.CatalogCategories)
			wantKeys(t, "customer: staff", res.Staff)
			if w.cust.s.Handoff != 0 {
				t.Errorf("session handoff %d", w.cust.s.Handoff)
			}

			// And asking for a person again opens a new conversation.
			res = w.open(2)
			wantArgs(t, "new card", replyOf(t, res.Staff, messages.StaffHandoffOpened).Text.Args, messages.Args{"Ref": "H2"})
			w.wantClosed(1, deskUser)
		})
	}
}

// TestHandoffClosedByStaffThenButtons: after staff closed it, the buttons
// the customer still has do what they say.
func TestHandoffClosedByStaffThenButtons(t *testing.T) {
	for _, c := range []struct {
		data string
		want []messages.Key
	}{
		{"bot", []messages.Key{messages.MenuTitle}},
		{"m", []messages.Key{messages.MenuTitle}},
		{"cart", []messages.Key{messages.CartEmpty}},
	} {
		t.Run(c.data, func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "ru")
			w.open(1)
			w.desk.text("/done H1")
			res := w.cust.press(c.data)
			wantKeys(t, "replies", res.Replies, c.want...)
			wantKeys(t, "staff", res.Staff)
			if w.cust.s.Handoff != 0 {
				t.Errorf("session handoff %d", w.cust.s.Handoff)
			}
		})
	}
}

func TestHandoffSilence(t *testing.T) {
	silence := flows.DefaultHandoffSilence
	cases := []struct {
		name    string
		steps   func(w *handoffWorld) // after opening, before the customer's text
		resumed bool
	}{
		{"a minute", func(w *handoffWorld) { w.clock.Add(time.Minute) }, false},
		{"exactly the silence", func(w *handoffWorld) { w.clock.Add(silence) }, false},
		{"past the silence", func(w *handoffWorld) { w.clock.Add(silence + time.Second) }, true},
		{"a day", func(w *handoffWorld) { w.clock.Add(24 * time.Hour) }, true},
		{"the customer wrote meanwhile", func(w *handoffWorld) {
			w.clock.Add(20 * time.Minute)
			w.cust.text("алло?")
			w.clock.Add(20 * time.Minute)
		}, false},
		{"staff replied meanwhile", func(w *handoffWorld) {
			w.clock.Add(20 * time.Minute)
			w.desk.text("/reply H1 Минутку")
			w.clock.Add(20 * time.Minute)
		}, false},
		{"silent since the last message", func(w *handoffWorld) {
			w.clock.Add(20 * time.Minute)
			w.desk.text("/reply H1 Минутку")
			w.clock.Add(silence + time.Minute)
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "ru")
			w.open(1)
			c.steps(w)

			res := w.cust.text("каталог")
			if !c.resumed {
				wantKeys(t, "replies", res.Replies)
				wantKeys(t, "staff", res.Staff, messages.StaffHandoffMessage)
				w.wantOpen(1, w.clock.Now())
				return
			}
			wantKeys(t, "replies", res.Replies, messages.HandoffResumed, messages.CatalogCategories)
			wantArgs(t, "resumed", res.Replies[0].Text.Args, messages.Args{"Minutes": 30})
			staffClosed(t, res, "H1", "bot")
			w.wantClosed(1, "bot")
			if w.cust.s.Handoff != 0 {
				t.Errorf("session handoff %d", w.cust.s.Handoff)
			}
			// The job's event, late, finds it closed.
			res = w.cust.silent(1)
			wantKeys(t, "late event", res.Replies)
			wantKeys(t, "late event: staff", res.Staff)
		})
	}
}

// TestHandoffSilenceThenLeave: a customer pressing the way back after the
// silence is told once, then gets the menu.
func TestHandoffSilenceThenLeave(t *testing.T) {
	w := newHandoffWorld(t, storeTime(12, 0), "ru")
	w.open(1)
	w.clock.Add(time.Hour)
	res := w.cust.press("bot")
	wantKeys(t, "replies", res.Replies, messages.HandoffResumed, messages.MenuTitle)
	staffClosed(t, res, "H1", "bot")
	w.wantClosed(1, "bot")
}

func TestHandoffSilentEvent(t *testing.T) {
	silence := flows.DefaultHandoffSilence
	cases := []struct {
		name    string
		after   time.Duration
		chat    string // where the event is delivered; the customer's if empty
		id      int64
		resumed bool
	}{
		{"after the silence", silence + time.Minute, "", 1, true},
		{"long after, at night: staff hours only", 12 * time.Hour, "", 1, false},
		{"long after, next morning", 22*time.Hour + silence + time.Minute, "", 1, true},
		{"before the silence", silence - time.Minute, "", 1, false},
		{"exactly the silence", silence, "", 1, false},
		{"another chat's handoff", time.Hour, "tg:2", 1, false},
		{"unknown handoff", time.Hour, "", 99, false},
		{"no handoff", time.Hour, "", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "ru")
			opened := w.clock.Now()
			w.open(1)
			w.clock.Add(c.after)
			to := w.cust
			if c.chat != "" {
				to = w.customer(c.chat, "ru")
			}
			seen := to.s.Seen

			res := to.silent(c.id)
			if !to.s.Seen.Equal(seen) {
				t.Errorf("the event moved the session's clock")
			}
			if !c.resumed {
				wantKeys(t, "replies", res.Replies)
				wantKeys(t, "staff", res.Staff)
				w.wantOpen(1, opened)
				if w.cust.s.Handoff != 1 {
					t.Errorf("session handoff %d", w.cust.s.Handoff)
				}
				return
			}
			wantKeys(t, "replies", res.Replies, messages.HandoffResumed)
			staffClosed(t, res, "H1", "bot")
			w.wantClosed(1, "bot")
			if w.cust.s.Handoff != 0 {
				t.Errorf("session handoff %d", w.cust.s.Handoff)
			}
			// A rerun of the job changes nothing.
			res = w.cust.silent(1)
			wantKeys(t, "rerun", res.Replies)
			wantKeys(t, "rerun: staff", res.Staff)
			// The customer's next text is the bot's, without a second notice.
			res = w.cust.text("каталог")
			wantKeys(t, "customer", res.Replies, messages.CatalogCategories)
			wantKeys(t, "customer: staff", res.Staff)
		})
	}
}

// TestHandoffSilentEventAfterStaffClosed: the job's event for a handoff
// staff closed meanwhile says nothing more.
func TestHandoffSilentEventAfterStaffClosed(t *testing.T) {
	w := newHandoffWorld(t, storeTime(12, 0), "ru")
	w.open(1)
	w.clock.Add(time.Hour)
	w.desk.text("/done H1")
	res := w.cust.silent(1)
	wantKeys(t, "replies", res.Replies)
	wantKeys(t, "staff", res.Staff)
	w.wantClosed(1, deskUser)
}

// TestHandoffStaffCommandsFromCustomers: staff commands and buttons typed
// or forged in a customer chat do nothing to any handoff and reach no other
// chat (customer.do checks Others).
func TestHandoffStaffCommandsFromCustomers(t *testing.T) {
	forged := []struct {
		in   flows.Input
		want messages.Key
	}{
		{flows.Input{Kind: flows.TextInput, Text: "/reply H1 вас взломали"}, messages.UnknownCommand},
		{flows.Input{Kind: flows.TextInput, Text: "/reply LT-00001 вас взломали"}, messages.UnknownCommand},
		{flows.Input{Kind: flows.TextInput, Text: "/done H1"}, messages.UnknownCommand},
		{flows.Input{Kind: flows.ButtonInput, Data: "hd:1"}, messages.StaleButton},
		{flows.Input{Kind: flows.TextInput, Text: "вас взломали", ReplyTo: "💬 Клиент просит менеджера: #H1"}, messages.NotUnderstood},
	}
	for _, c := range forged {
		name := inputName(c.in)
		t.Run("stranger "+name, func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "ru")
			w.st.add(sampleOrder(customerChat))
			opened := w.clock.Now()
			w.open(1)
			w.clock.Add(time.Minute)
			stranger := w.customer("tg:2", "ru")

			res := stranger.do(c.in)
			if !hasText(res, c.want) {
				t.Errorf("replies %v, want %s", keysOf(res.Replies), c.want)
			}
			wantKeys(t, "staff", res.Staff)
			w.wantOpen(1, opened)
			if stranger.s.Handoff != 0 || len(w.st.handoffs) != 1 {
				t.Errorf("stranger's session handoff %d, handoffs %+v", stranger.s.Handoff, w.st.handoffs)
			}
		})
		t.Run("owner "+name, func(t *testing.T) {
			// In the customer's own handed-over chat it is just a message
			// (text) or the handoff's reminder (a button), never a staff
			// action.
			w := newHandoffWorld(t, storeTime(12, 0), "ru")
			w.st.add(sampleOrder(customerChat))
			w.open(1)
			w.clock.Add(time.Minute)
			res := w.cust.do(c.in)
			if c.in.Kind == flows.ButtonInput {
				wantKeys(t, "replies", res.Replies, messages.HandoffActive)
				wantKeys(t, "staff", res.Staff)
			} else {
				wantKeys(t, "replies", res.Replies)
				wantKeys(t, "staff", res.Staff, messages.StaffHandoffMessage)
			}
			if h := w.handoff(1); !h.ClosedAt.IsZero() {
				t.Errorf("closed from the customer's chat: %+v", h)
			}
		})
	}
}

// TestHandoffReplyToCustomerText: only the card's own reference routes a
// staff reply. A reply to an order card whose address the customer typed
// as "#H1" is staff talk, not a message for handoff H1's customer.
func TestHandoffReplyToCustomerText(t *testing.T) {
	w := newHandoffWorld(t, storeTime(12, 0), "ru")
	w.open(1)
	o := sampleOrder("tg:2")
	o.Delivery.Address = "ул. Абая 2, #H1"
	o = w.st.add(o)
	catalog, err := textCatalog()
	if err != nil {
		t.Fatal(err)
	}
	card, err := catalog.Render(shop.Russian, messages.T(messages.StaffNewOrder, "Order", o, "Number", o.Number(), "Created", o.CreatedAt))
	if err != nil {
		t.Fatal(err)
	}
	res := w.desk.do(flows.Input{Kind: flows.TextInput, Text: "беру, клиентка странная", ReplyTo: card})
	if len(res.Others) != 0 {
		t.Errorf("staff talk under an order card sent to %+v", res.Others)
	}
}

// TestHandoffStoreFailure: a failing store call is the turn's error.
func TestHandoffStoreFailure(t *testing.T) {
	cases := []struct {
		method string
		staff  bool
		setup  func(w *handoffWorld) flows.Input // the input the failure hits
	}{
		{"OpenHandoff", false, func(*handoffWorld) flows.Input { return deskBtn("talk") }},
		{"GetHandoff", false, func(w *handoffWorld) flows.Input { w.open(1); return deskText("алло") }},
		{"TouchHandoff", false, func(w *handoffWorld) flows.Input { w.open(1); return deskText("алло") }},
		{"CloseHandoff", false, func(w *handoffWorld) flows.Input { w.open(1); return deskBtn("bot") }},
		{"CloseHandoff", false, func(w *handoffWorld) flows.Input {
			w.open(1)
			w.clock.Add(time.Hour)
			return deskText("алло")
		}},
		{"GetHandoff", false, func(w *handoffWorld) flows.Input {
			w.open(1)
			w.clock.Add(time.Hour)
			return flows.Input{Kind: flows.EventInput, Event: &flows.Event{Kind: flows.EventHandoffSilent, HandoffID: 1}}
		}},
		{"CloseHandoff", false, func(w *handoffWorld) flows.Input {
			w.open(1)
			w.clock.Add(time.Hour)
			return flows.Input{Kind: flows.EventInput, Event: &flows.Event{Kind: flows.EventHandoffSilent, HandoffID: 1}}
		}},
		{"GetHandoff", true, func(w *handoffWorld) flows.Input { w.open(1); return deskText("/reply H1 x") }},
		{"TouchHandoff", true, func(w *handoffWorld) flows.Input { w.open(1); return deskText("/reply H1 x") }},
		{"GetHandoff", true, func(w *handoffWorld) flows.Input {
			w.open(1)
			return flows.Input{Kind: flows.TextInput, Text: "x", ReplyTo: "💬 #H1 клиент: алло"}
		}},
		{"GetHandoff", true, func(w *handoffWorld) flows.Input { w.open(1); return deskBtn("hd:1") }},
		{"Find", true, func(w *handoffWorld) flows.Input {
			w.st.add(sampleOrder(customerChat))
			return deskText("/reply LT-00001 x")
		}},
		{"CloseHandoff", true, func(w *handoffWorld) flows.Input { w.open(1); return deskText("/done H1") }},
	}
	for _, c := range cases {
		t.Run(c.method, func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "ru")
			in := c.setup(w)
			down := errors.New("db down")
			w.st.failOn = func(method string) error {
				if method == c.method {
					return down
				}
				return nil
			}
			s := w.cust.s
			in.Chat = customerChat
			if c.staff {
				s = w.desk.s
				in.Chat, in.Staff, in.User = staffChat, true, deskUser
			}
			if _, err := w.f.Handle(context.Background(), w.st, s, in); !errors.Is(err, down) {
				t.Errorf("%s: %v, want the store's error", inputName(in), err)
			}
		})
	}
}

// TestHandoffStaffFile: a photo or file staff send in reply to a handoff
// card reaches that customer as it is; one sent without a reply to a card
// stays in the staff group.
func TestHandoffStaffFile(t *testing.T) {
	cases := []struct {
		name      string
		in        flows.Input
		toCust    bool
		photo     string
		document  string
		staffSays []messages.Key
	}{
		{"photo to the card", flows.Input{Kind: flows.FileInput, FileID: "ph-9", FileMIME: "image/jpeg", FilePhoto: true, ReplyTo: "💬 #H1 клиент: есть размер M?"},
			true, "ph-9", "", []messages.Key{messages.StaffReplySent}},
		{"document to the card", flows.Input{Kind: flows.FileInput, FileID: "doc-9", FileName: "size-chart.pdf", FileMIME: "application/pdf", ReplyTo: "💬 #H1 клиент: есть размер M?"},
			true, "", "doc-9", []messages.Key{messages.StaffReplySent}},
		{"photo to an unknown card", flows.Input{Kind: flows.FileInput, FileID: "ph-9", FileMIME: "image/jpeg", ReplyTo: "💬 #H77 клиент: ?"},
			false, "", "", []messages.Key{messages.StaffHandoffGone}},
		{"photo without a card", flows.Input{Kind: flows.FileInput, FileID: "ph-9", FileMIME: "image/jpeg"},
			false, "", "", nil},
		{"photo replying to an order card", flows.Input{Kind: flows.FileInput, FileID: "ph-9", FileMIME: "image/jpeg", ReplyTo: "📋 Заказ LT-00001"},
			false, "", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newHandoffWorld(t, storeTime(12, 0), "kk")
			w.open(1)
			res := w.desk.do(c.in)
			wantKeys(t, "staff replies", res.Replies, c.staffSays...)
			if !c.toCust {
				if len(res.Others) != 0 {
					t.Errorf("sent to customers: %+v", res.Others)
				}
				return
			}
			if len(res.Others) != 1 {
				t.Fatalf("to customers: %+v", res.Others)
			}
			o := res.Others[0]
			if o.Chat != customerChat || o.Lang != shop.Kazakh || o.Reply.Photo != c.photo || o.Reply.Document != c.document ||
				o.Reply.Text.Key != messages.StoreReply {
				t.Errorf("to the customer: %+v", o)
			}
		})
	}
}

// TestTakeover: staff writing from the store's phone silence the bot in
// that chat without a word to the customer; the customer's messages then
// go to staff, and the silence hands the chat back as in a handoff.
func TestTakeover(t *testing.T) {
	w := newHandoffWorld(t, storeTime(12, 0), "ru")
	takeover := flows.Input{Kind: flows.TakeoverInput}

	res := w.cust.do(takeover)
	wantKeys(t, "replies", res.Replies)
	wantKeys(t, "staff", res.Staff, messages.StaffTakeover)
	wantArgs(t, "takeover", res.Staff[0].Text.Args, messages.Args{"Ref": "H1", "Minutes": 30})
	if !slices.Equal(buttonData(res.Staff[0]), []string{"hd:1"}) {
		t.Errorf("takeover buttons %v", buttonData(res.Staff[0]))
	}
	w.wantOpen(1, w.clock.Now())

	// Staff write again from the phone: no second alert, the silence restarts.
	w.clock.Add(20 * time.Minute)
	res = w.cust.do(takeover)
	wantKeys(t, "again: replies", res.Replies)
	wantKeys(t, "again: staff", res.Staff)
	w.wantOpen(1, w.clock.Now())

	// The customer answers: the bot keeps quiet and staff see it.
	w.clock.Add(20 * time.Minute)
	res = w.cust.text("Спасибо, жду")
	wantKeys(t, "customer: replies", res.Replies)
	wantKeys(t, "customer: staff", res.Staff, messages.StaffHandoffMessage)

	// Silence: the bot takes the chat back.
	w.clock.Add(flows.DefaultHandoffSilence + time.Minute)
	res = w.cust.text("каталог")
	wantKeys(t, "resumed", res.Replies, messages.HandoffResumed, messages.CatalogCategories)
	w.wantClosed(1, "bot")
}
