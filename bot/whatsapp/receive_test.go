package whatsapp

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/whatsapp/whatsapptest"
)

// rigQuote is a customer's text quoting a message.
func rigQuote(c *whatsapptest.Customer, text string, quoted types.MessageID) *events.Message {
	return c.Message(&waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(text),
		ContextInfo: &waE2E.ContextInfo{StanzaID: proto.String(string(quoted)),
			Participant: proto.String(rigSelf + "@s.whatsapp.net")}}})
}

func TestRunDispatch(t *testing.T) {
	phone := &whatsapptest.Customer{Phone: rigPhone, Name: "Айгерим"}
	byLID := &whatsapptest.Customer{Phone: rigPhone, LID: rigLIDUser, Name: "Айгерим"}
	phoneText := phone.Text("Сәлеметсіз бе")
	lidText := byLID.Text("Здравствуйте")
	groupText := rigEvent(types.MessageSource{Chat: rigGroupJID, Sender: types.JID{User: rigPhone, Device: 4,
		Server: types.DefaultUserServer}, IsGroup: true}, "3AG001", rigText("/orders"))
	takeover := rigEvent(types.MessageSource{Chat: rigPhoneJID, Sender: rigSelfJID, IsFromMe: true}, "3EB0T1",
		rigText("Добрый день, это менеджер"))
	takeover.Info.PushName = ""
	reaction := phone.Message(&waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Text: proto.String("❤️")}})
	photo := phone.Message(&waE2E.Message{ImageMessage: rigImage()})

	tests := []struct {
		name     string
		ev       *events.Message
		want     *bot.Update // nil: nothing submitted; File.ID is not compared
		notes    []rigNote
		receipts []whatsapptest.Receipt
		presence []string
	}{
		{
			name: "customer text",
			ev:   phoneText,
			want: &bot.Update{Key: "wa:" + rigPhone + "/" + string(phoneText.Info.ID), Channel: Name, ChatID: rigPhone,
				UserID: rigPhone, UserName: "Айгерим", Text: "Сәлеметсіз бе"},
			notes:    []rigNote{{rigPhone, ""}},
			receipts: []whatsapptest.Receipt{{IDs: []types.MessageID{phoneText.Info.ID}, Chat: rigPhoneJID}},
			presence: []string{"composing " + rigPhone},
		},
		{
			name: "LID-addressed customer",
			ev:   lidText,
			want: &bot.Update{Key: "wa:" + rigPhone + "/" + string(lidText.Info.ID), Channel: Name, ChatID: rigPhone,
				UserID: rigPhone, UserName: "Айгерим", Text: "Здравствуйте"},
			notes:    []rigNote{{rigPhone, rigLIDChat}},
			receipts: []whatsapptest.Receipt{{IDs: []types.MessageID{lidText.Info.ID}, Chat: rigLIDJID}},
			presence: []string{"composing " + rigPhone},
		},
		{
			name: "customer photo",
			ev:   photo,
			want: &bot.Update{Key: "wa:" + rigPhone + "/" + string(photo.Info.ID), Channel: Name, ChatID: rigPhone,
				UserID: rigPhone, UserName: "Айгерим", File: &bot.File{MIME: "image/jpeg", Size: 48213, Photo: true,
					Caption: "Вот такое платье есть?"}},
			notes:    []rigNote{{rigPhone, ""}},
			receipts: []whatsapptest.Receipt{{IDs: []types.MessageID{photo.Info.ID}, Chat: rigPhoneJID}},
			presence: []string{"composing " + rigPhone},
		},
		{
			name: "group message: no contact, no typing, receipt names the sender",
			ev:   groupText,
			want: &bot.Update{Key: "wa:" + rigGroupKey + "/3AG001", Channel: Name, ChatID: rigGroupKey, UserID: rigPhone,
				UserName: "Айгерим", Text: "/orders", Group: true},
			receipts: []whatsapptest.Receipt{{IDs: []types.MessageID{"3AG001"}, Chat: rigGroupJID, Sender: groupText.Info.Sender}},
		},
		{
			name: "takeover: submitted, not read",
			ev:   takeover,
			want: &bot.Update{Key: "wa:" + rigPhone + "/3EB0T1", Channel: Name, ChatID: rigPhone, UserID: rigPhone,
				Takeover: true},
		},
		{
			name: "reaction: nothing",
			ev:   reaction,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, nil)
			r.run(t)
			if !r.wa.Dispatch(tt.ev) {
				t.Error("Dispatch = false: the message would not be acknowledged")
			}

			got := r.h.submitted()
			switch {
			case tt.want == nil && len(got) != 0:
				t.Errorf("submitted %+v, want nothing", got)
			case tt.want != nil && len(got) != 1:
				t.Errorf("submitted %d updates, want 1", len(got))
			case tt.want != nil:
				up := got[0]
				if up.File != nil {
					f := *up.File
					if !r.a.Holds(f.ID) {
						t.Errorf("file id %q is not a wa: reference", f.ID)
					}
					f.ID = ""
					up.File = &f
				}
				if !reflect.DeepEqual(up, *tt.want) {
					t.Errorf("submitted:\n got %s\nwant %s", rigShow(up), rigShow(*tt.want))
				}
			}
			if got := r.st.noted(); !reflect.DeepEqual(got, tt.notes) {
				t.Errorf("NoteContact calls = %+v, want %+v", got, tt.notes)
			}
			if got := r.wa.Receipts(); !reflect.DeepEqual(got, tt.receipts) {
				t.Errorf("receipts = %+v, want %+v", got, tt.receipts)
			}
			if got := r.wa.Presence(); !reflect.DeepEqual(got, tt.presence) {
				t.Errorf("presence = %q, want %q", got, tt.presence)
			}
		})
	}
}

func TestRunRetriesSubmit(t *testing.T) {
	// wantRead: committed, read and acknowledged; else neither, so that
	// WhatsApp delivers the message again.
	tests := []struct {
		name      string
		fail      int
		err       error
		wantCalls int
		wantRead  bool
	}{
		{"committed at once", 0, nil, 1, true},
		{"database down twice", 2, errors.New("pq: the database system is starting up"), 3, true},
		{"engine closed", 1, bot.ErrClosed, 1, false},
		{"engine closed, wrapped", 1, errors.Join(errors.New("submit"), bot.ErrClosed), 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, nil)
			r.h.fail, r.h.err = tt.fail, tt.err
			r.run(t)
			c := &whatsapptest.Customer{Phone: rigPhone}
			ev := c.Text("Где мой заказ?")
			if acked := r.wa.Dispatch(ev); acked != tt.wantRead {
				t.Errorf("Dispatch = %v, want %v", acked, tt.wantRead)
			}

			ups := r.h.submitted()
			if len(ups) != tt.wantCalls {
				t.Fatalf("Submit called %d times, want %d", len(ups), tt.wantCalls)
			}
			for _, up := range ups {
				if up.Key != ups[0].Key || up.Text != "Где мой заказ?" {
					t.Errorf("retried %+v, want the same update", up)
				}
			}
			var want []whatsapptest.Receipt
			if tt.wantRead {
				want = []whatsapptest.Receipt{{IDs: []types.MessageID{ev.Info.ID}, Chat: rigPhoneJID}}
			}
			if got := r.wa.Receipts(); !reflect.DeepEqual(got, want) {
				t.Errorf("receipts = %+v, want %+v", got, want)
			}
		})
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	r := newRig(t, nil)
	r.a.backoffMin, r.a.backoffMax = time.Hour, time.Hour // only the cancel ends the wait
	r.h.fail, r.h.err = 1<<30, errors.New("database down")
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.a.Run(ctx, r.h) }()
	for r.wa.Handlers() == 0 {
		time.Sleep(time.Millisecond)
	}
	dispatched := make(chan bool, 1)
	go func() { dispatched <- r.wa.Dispatch((&whatsapptest.Customer{Phone: rigPhone}).Text("1")) }()
	for r.h.callCount() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case acked := <-dispatched:
		if acked {
			t.Error("Dispatch = true for a message never committed: WhatsApp would not send it again")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the event handler kept retrying after cancel")
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if n := r.wa.Handlers(); n != 0 {
		t.Errorf("event handlers after Run = %d, want 0", n)
	}
	if got := r.wa.Receipts(); len(got) != 0 {
		t.Errorf("receipts = %+v for a message never committed", got)
	}
	// Events after Run returned reach nobody.
	r.wa.Dispatch((&whatsapptest.Customer{Phone: rigOther}).Text("2"))
	if n := r.h.callCount(); n != 1 {
		t.Errorf("Submit called %d times, want 1", n)
	}
}

func TestListen(t *testing.T) {
	r := newRig(t, nil)
	stop := r.a.Listen(t.Context(), r.h)
	if n := r.wa.Handlers(); n != 1 {
		t.Fatalf("event handlers after Listen = %d, want 1 before it returns", n)
	}
	if !r.wa.Dispatch((&whatsapptest.Customer{Phone: rigPhone}).Text("Сәлем")) || r.h.callCount() != 1 {
		t.Errorf("message not handled: %d Submit calls", r.h.callCount())
	}
	// Other events are not messages: nothing to do, nothing failed.
	for _, evt := range []any{&events.Connected{}, &events.Receipt{}, &events.Presence{}} {
		if !r.wa.Dispatch(evt) {
			t.Errorf("Dispatch(%T) = false", evt)
		}
	}
	stop()
	if n := r.wa.Handlers(); n != 0 {
		t.Errorf("event handlers after stop = %d, want 0", n)
	}
	r.wa.Dispatch((&whatsapptest.Customer{Phone: rigPhone}).Text("ещё"))
	if n := r.h.callCount(); n != 1 {
		t.Errorf("Submit called %d times after stop, want 1 in all", n)
	}
}

// TestRunMenuAnswers: a customer answers numbered lists sent before by digit,
// by words, or by quoting the list meant.
func TestRunMenuAnswers(t *testing.T) {
	r := newRig(t, nil)
	r.run(t)
	c := &whatsapptest.Customer{Phone: rigPhone, Name: "Айгерим"}
	hello := c.Text("Сәлем")
	r.wa.Dispatch(hello)

	send := func(reply bot.Reply) types.MessageID {
		t.Helper()
		if err := r.a.Send(t.Context(), rigPhone, reply); err != nil {
			t.Fatalf("Send: %v", err)
		}
		sent := r.wa.Sent()
		if len(sent) != 1 {
			t.Fatalf("sent %d messages, want 1", len(sent))
		}
		return sent[0].ID
	}
	mainMenu := send(bot.Reply{Text: "Главное меню", Lang: "ru", Buttons: [][]bot.Button{
		{{Label: "🛍 Каталог", Data: "cat"}, {Label: "🛒 Корзина (2)", Data: "cart"}},
		{{Label: "💬 Менеджер", Data: "help"}}}})

	steps := []struct {
		name     string
		ev       func() *events.Message
		sendMenu *bot.Reply // sent before the step
		wantData string
		wantText string
	}{
		{name: "digit", ev: func() *events.Message { return c.Text("2") }, wantData: "cart"},
		{name: "digit and dot", ev: func() *events.Message { return c.Text("3.") }, wantData: "help"},
		{name: "label words", ev: func() *events.Message { return c.Text("Каталог!") }, wantData: "cat"},
		{name: "out of range", ev: func() *events.Message { return c.Text("4") }, wantText: "4"},
		{name: "other text", ev: func() *events.Message { return c.Text("а размер 44 есть?") }, wantText: "а размер 44 есть?"},
		{
			name: "the newer list answers a bare digit",
			sendMenu: &bot.Reply{Text: "Выберите категорию:", Buttons: [][]bot.Button{
				{{Label: "Платья", Data: "c:dress"}}, {{Label: "Блузки", Data: "c:blouse"}}}},
			ev:       func() *events.Message { return c.Text("1") },
			wantData: "c:dress",
		},
		{name: "the older list's words are text now", ev: func() *events.Message { return c.Text("каталог") }, wantText: "каталог"},
		{name: "quoting the older list", ev: func() *events.Message { return rigQuote(c, "1", mainMenu) }, wantData: "cat"},
		{name: "quoting the older list by words", ev: func() *events.Message { return rigQuote(c, "корзина 2", mainMenu) }, wantData: "cart"},
		{
			name:     "quoting a message without options: the latest list",
			ev:       func() *events.Message { return rigQuote(c, "2", hello.Info.ID) },
			wantData: "c:blouse",
		},
		{
			name: "how many: a number past the buttons is the number",
			sendMenu: &bot.Reply{Text: "Сколько штук?", Buttons: [][]bot.Button{
				{{Label: "1", Data: "a:V1:1"}, {Label: "2", Data: "a:V1:2"}, {Label: "3", Data: "a:V1:3"}},
				{{Label: "◀ Назад", Data: "p:SKU1"}}}},
			ev:       func() *events.Message { return c.Text("4") },
			wantText: "4",
		},
		{name: "how many: a button's number", ev: func() *events.Message { return c.Text("2") }, wantData: "a:V1:2"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.sendMenu != nil {
				send(*st.sendMenu)
			}
			before := r.h.callCount()
			ev := st.ev()
			if !r.wa.Dispatch(ev) {
				t.Error("Dispatch = false")
			}
			ups := r.h.submitted()
			if len(ups) != before+1 {
				t.Fatalf("Submit called %d times, want %d", len(ups), before+1)
			}
			up := ups[len(ups)-1]
			if up.Data != st.wantData || up.Text != st.wantText {
				t.Errorf("submitted data %q, text %q; want %q, %q", up.Data, up.Text, st.wantData, st.wantText)
			}
			if up.Key != "wa:"+rigPhone+"/"+string(ev.Info.ID) {
				t.Errorf("key = %q", up.Key)
			}
			rs := r.wa.Receipts()
			if last := rs[len(rs)-1]; !reflect.DeepEqual(last.IDs, []types.MessageID{ev.Info.ID}) {
				t.Errorf("last receipt = %+v, want one for %s", last, ev.Info.ID)
			}
		})
	}
}

func TestRunMenuNotLoaded(t *testing.T) {
	r := newRig(t, nil)
	r.run(t)
	r.st.contact(rigPhone)
	if err := r.a.Send(t.Context(), rigPhone, bot.Reply{Text: "Меню", Buttons: rigButtons(3)}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	r.st.mu.Lock()
	r.st.loadErr = errors.New("database down")
	r.st.mu.Unlock()
	r.wa.Dispatch((&whatsapptest.Customer{Phone: rigPhone}).Text("2"))
	ups := r.h.submitted()
	if len(ups) != 1 || ups[0].Text != "2" || ups[0].Data != "" {
		t.Errorf("submitted %+v, want the text \"2\"", ups)
	}
}

// TestRunMenuPaging: "0" sends the next page from the adapter itself, and
// the digits of every page keep working.
func TestRunMenuPaging(t *testing.T) {
	r := newRig(t, nil)
	r.run(t)
	c := &whatsapptest.Customer{Phone: rigPhone}
	r.wa.Dispatch(c.Text("Сәлем"))
	if err := r.a.Send(t.Context(), rigPhone, bot.Reply{Text: "Товары:", Lang: "kk", Buttons: rigButtons(12)}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := r.wa.Sent()
	if len(sent) != 1 {
		t.Fatalf("sent %d messages, want 1", len(sent))
	}
	first := sent[0]
	if want := "Товары:\n\n1. Товар 1\n2. Товар 2\n3. Товар 3\n4. Товар 4\n5. Товар 5\n6. Товар 6\n7. Товар 7\n" +
		"8. Товар 8\n9. Товар 9\n0. Тағы"; first.Text() != want {
		t.Fatalf("first page:\n got %q\nwant %q", first.Text(), want)
	}
	const page2 = "10. Товар 10\n11. Товар 11\n12. Товар 12"

	steps := []struct {
		name     string
		ev       func() *events.Message
		wantPage bool   // the adapter sends page 2, nothing is submitted
		wantData string // else what is submitted
		wantText string
	}{
		{name: "0 asks for more", ev: func() *events.Message { return c.Text("0") }, wantPage: true},
		{name: "a digit of page 2", ev: func() *events.Message { return c.Text("11") }, wantData: "p:11"},
		{name: "a digit of page 1 still counts", ev: func() *events.Message { return c.Text("3") }, wantData: "p:3"},
		{name: "0 on the last page is text", ev: func() *events.Message { return c.Text("0") }, wantText: "0"},
		{name: "0 quoting page 1 shows page 2 again", ev: func() *events.Message { return rigQuote(c, "0", first.ID) }, wantPage: true},
		{name: "past the last option is text", ev: func() *events.Message { return c.Text("13") }, wantText: "13"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before := r.h.callCount()
			ev := st.ev()
			if !r.wa.Dispatch(ev) {
				t.Error("Dispatch = false")
			}
			sent := r.wa.Sent()
			ups := r.h.submitted()
			if st.wantPage {
				if len(ups) != before {
					t.Errorf("submitted %+v, want nothing", ups[before:])
				}
				if len(sent) != 1 || sent[0].To != rigPhoneJID || sent[0].Text() != page2 {
					t.Fatalf("sent %v, want page 2 %q", sent, page2)
				}
				m, ok := r.st.menu(rigPhone, string(sent[0].ID))
				if !ok || m.First != pageSize || len(m.Options) != 12 || m.Lang != "kk" {
					t.Errorf("page 2's menu = %+v (%v), want all 12 options from %d", m, ok, pageSize)
				}
			} else {
				if len(sent) != 0 {
					t.Errorf("sent %v, want nothing", sent)
				}
				if len(ups) != before+1 {
					t.Fatalf("Submit called %d times, want %d", len(ups), before+1)
				}
				if up := ups[len(ups)-1]; up.Data != st.wantData || up.Text != st.wantText {
					t.Errorf("submitted data %q, text %q; want %q, %q", up.Data, up.Text, st.wantData, st.wantText)
				}
			}
			rs := r.wa.Receipts()
			if last := rs[len(rs)-1]; !reflect.DeepEqual(last.IDs, []types.MessageID{ev.Info.ID}) {
				t.Errorf("last receipt = %+v, want one for %s", last, ev.Info.ID)
			}
		})
	}
}

// TestRunTypingClearedBySend: the reply clears "typing…" itself, so the
// timer is dropped without a "paused".
func TestRunTypingClearedBySend(t *testing.T) {
	r := newRig(t, nil)
	r.run(t)
	r.wa.Dispatch((&whatsapptest.Customer{Phone: rigPhone}).Text("Сәлем"))
	typing := func() bool {
		r.a.mu.Lock()
		defer r.a.mu.Unlock()
		return r.a.typing[rigPhone] != nil
	}
	if !typing() {
		t.Fatal("no typing timer after a customer wrote")
	}
	if err := r.a.Send(t.Context(), rigPhone, bot.Reply{Text: "Сәлеметсіз бе!"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if typing() {
		t.Error("typing timer left after the reply went")
	}
	if got, want := r.wa.Presence(), []string{"composing " + rigPhone}; !reflect.DeepEqual(got, want) {
		t.Errorf("presence = %q, want %q", got, want)
	}
}
