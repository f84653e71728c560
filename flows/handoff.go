package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// Handoff button data.
const (
	dTalk        = "talk" // a customer asks for a person
	dBackToBot   = "bot"  // the customer goes back to the bot
	dHandoffDone = "hd"   // hd:<handoff>: staff hand the chat back (staff chats only)
)

// Who closed a handoff, besides a staff member.
const (
	closedByCustomer = "customer"
	closedBySilence  = "bot"
)

// talk hands the conversation to staff.
func (t *turn) talk() error {
	t.s.Step = StepMenu
	h, opened, err := t.st.OpenHandoff(t.ctx, t.in.Chat, t.s.Lang, t.now)
	if err != nil {
		return fmt.Errorf("open handoff: %w", err)
	}
	t.s.Handoff = h.ID
	back := row(btn(messages.BtnBackToBot, dBackToBot))
	if !opened {
		t.say(messages.T(messages.HandoffActive), back)
		return nil
	}
	working, opens, err := t.f.cfg.Profile.StaffAnswer(t.now)
	if err != nil {
		return fmt.Errorf("staff hours: %w", err)
	}
	// "Можно с менеджером? Хочу уточнить размер, рост 168", "перезвоните
	// +7 701 123 45 67": the question, or the number, is staff's too.
	said := t.in.Kind == TextInput && saysMore(t.in.Text)
	t.say(messages.T(messages.HandoffStarted, "Working", working, "Opens", opens, "Forwarded", said), back)
	c := t.s.Checkout.Customer
	t.alertStaff(messages.T(messages.StaffHandoffOpened, "Ref", h.Ref(), "Name", c.Name, "Phone", c.Phone,
		"Lang", string(t.s.Lang), "Minutes", int(t.f.cfg.HandoffSilence.Minutes())), handoffDone(h.ID))
	if said {
		t.alertStaff(handoffText(h, t.in.Text, ""), handoffDone(h.ID))
	}
	return nil
}

// saysMore reports whether a request for a person says more than that: a
// question, a number to call back. "Хочу поговорить с менеджером" does not.
func saysMore(s string) bool {
	if strings.ContainsFunc(s, unicode.IsDigit) {
		return true
	}
	more := 0
	for _, w := range words(s) {
		if !requestWords[w] && !anyPrefix([]string{w}, "менеджер", "оператор", "консульт", "человек", "адам", "сөйлес",
			"поговор", "позов", "позва", "свяж", "связ", "соедин", "живо", "пожалуйст") {
			more++
		}
	}
	return more > 1
}

// requestWords ask for a person without saying what about.
var requestWords = set("хочу", "можно", "мне", "нужен", "нужна", "нужно", "дайте", "с", "со", "пожалуйста", "please",
	"керек", "маған", "бар", "ма", "а", "и", "или", "вашим", "вашего", "ваш")

// takeover keeps the bot out of a chat a staff member is writing in from
// the store's own phone, as in a handoff, without a word to the customer,
// who is already talking to a person. The silence that hands the chat back
// counts from staff's last message too.
func (t *turn) takeover() error {
	h, opened, err := t.st.OpenHandoff(t.ctx, t.in.Chat, t.s.Lang, t.now)
	if err != nil {
		return fmt.Errorf("open handoff: %w", err)
	}
	t.s.Handoff = h.ID
	if opened {
		t.alertStaff(messages.T(messages.StaffTakeover, "Ref", h.Ref(), "Minutes", int(t.f.cfg.HandoffSilence.Minutes())),
			handoffDone(h.ID))
		return nil
	}
	return t.st.TouchHandoff(t.ctx, h.ID, t.now)
}

func handoffDone(id int64) []Button {
	return row(btn(messages.BtnHandoffDone, data(dHandoffDone, strconv.FormatInt(id, 10))))
}

// inHandoff handles the customer's input while staff have the
// conversation. handled is false when the handoff turned out to be over:
// the bot then answers the input itself.
func (t *turn) inHandoff() (handled bool, err error) {
	h, err := t.st.GetHandoff(t.ctx, t.s.Handoff)
	if errors.Is(err, shop.ErrNotFound) || err == nil && !h.ClosedAt.IsZero() {
		t.s.Handoff = 0 // closed by staff, who told the customer then
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("handoff: %w", err)
	}
	if t.f.cfg.Profile.HandoffQuiet(h, t.now, t.f.cfg.HandoffSilence) {
		// The job closes silent handoffs; this catches one it has not yet.
		return false, t.endHandoff(h, closedBySilence, messages.HandoffResumed)
	}
	switch t.in.Kind {
	case ButtonInput:
		if name, _, _ := strings.Cut(t.in.Data, ":"); name == dExpressOK || name == dExpressNo {
			return false, nil // answering a price staff sent: the bot takes it
		}
		if t.in.Data == dBackToBot {
			if err := t.endHandoff(h, closedByCustomer, messages.HandoffEnded); err != nil {
				return true, err
			}
			return true, t.menu()
		}
		t.say(messages.T(messages.HandoffActive), row(btn(messages.BtnBackToBot, dBackToBot)))
		return true, nil
	case TextInput:
		if cmd, ok := command(t.in.Text); ok && (cmd == "start" || cmd == "menu" || cmd == "bot") || backToBot(readable(t.in.Text)) {
			if err := t.endHandoff(h, closedByCustomer, messages.HandoffEnded); err != nil {
				return true, err
			}
			return true, t.menu()
		}
		if shop.ContainsCardNumber(t.in.Text) {
			t.say(messages.T(messages.CardNumberWarning)) // not passed on, not stored
			return true, nil
		}
		t.alertStaff(handoffText(h, t.in.Text, ""), handoffDone(h.ID))
	case FileInput:
		// The file goes to staff as it is (a photo of a label, a receipt),
		// with its caption unless the caption holds a card number.
		caption := t.in.Text
		if shop.ContainsCardNumber(caption) {
			t.say(messages.T(messages.CardNumberWarning))
			caption = ""
		}
		r := Reply{Text: handoffText(h, caption, fileLabel(t.in)), Buttons: [][]Button{handoffDone(h.ID)}}
		setFile(&r, t.in)
		t.res.Staff = append(t.res.Staff, r)
	case LocationInput:
		t.alertStaff(handoffText(h, "", "📍 "+messages.MapLink(shop.Delivery{Lat: t.in.Lat, Lon: t.in.Lon})), handoffDone(h.ID))
	case ContactInput:
		t.alertStaff(handoffText(h, "", "📱 "+t.in.Phone), handoffDone(h.ID))
	default:
		// A sticker or a voice note: staff cannot take it; say so.
		t.say(messages.T(messages.HandoffActive), row(btn(messages.BtnBackToBot, dBackToBot)))
		t.alertStaff(handoffText(h, "", ""), handoffDone(h.ID))
	}
	return true, t.st.TouchHandoff(t.ctx, h.ID, t.now)
}

// endHandoff closes the customer's handoff from their own chat (by leaving,
// or after the silence) and tells them and staff.
func (t *turn) endHandoff(h shop.Handoff, by string, key messages.Key) error {
	t.s.Handoff = 0
	closed, err := t.st.CloseHandoff(t.ctx, h.ID, by, t.now)
	if err != nil || !closed {
		return err
	}
	t.say(messages.T(key, "Minutes", int(t.f.cfg.HandoffSilence.Minutes())))
	t.alertStaff(messages.T(messages.StaffHandoffClosed, "Ref", h.Ref(), "By", by))
	return nil
}

// handoffSilent is the job's event for a handoff nobody wrote in for the
// configured silence: the bot takes the conversation back.
func (t *turn) handoffSilent(id int64) error {
	h, err := t.st.GetHandoff(t.ctx, id)
	if errors.Is(err, shop.ErrNotFound) || err == nil && (h.ChatKey != t.in.Chat || !h.ClosedAt.IsZero()) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("handoff: %w", err)
	}
	if !t.f.cfg.Profile.HandoffQuiet(h, t.now, t.f.cfg.HandoffSilence) {
		return nil // someone wrote since the job looked
	}
	return t.endHandoff(h, closedBySilence, messages.HandoffResumed)
}

// staffReply passes a staff member's text to the customer of a handoff
// ("H12") or of an order ("LT-00042"), as the store.
func (t *turn) staffReply(ref, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		t.say(messages.T(messages.StaffReplyUsage))
		return nil
	}
	if id, ok := shop.ParseHandoffRef(ref); ok {
		h, ok, err := t.staffHandoff(id, "reply")
		if !ok || err != nil {
			return err
		}
		r := Reply{Text: messages.T(messages.StoreReply, "Text", text, "Store", t.f.cfg.Profile.Name)}
		if !h.ClosedAt.IsZero() {
			r.Buttons = [][]Button{answerStaff()}
		}
		t.tellChat(h.ChatKey, h.Lang, r)
		t.say(messages.T(messages.StaffReplySent, "Ref", "#"+h.Ref(), "Closed", !h.ClosedAt.IsZero()))
		return nil
	}
	id, ok := shop.ParseOrderNumber(ref)
	if !ok {
		t.say(messages.T(messages.StaffReplyUsage))
		return nil
	}
	o, ok, err := t.staffOrder(id, "reply")
	if !ok || err != nil {
		return err
	}
	t.tell(o, messages.T(messages.StoreReply, "Text", text, "Store", t.f.cfg.Profile.Name), answerStaff())
	t.say(messages.T(messages.StaffReplySent, "Ref", o.Number(), "Closed", false))
	return nil
}

// answerStaff is the button under a store's message outside a handoff:
// the customer's answer typed to the bot would reach nobody, so it opens
// one.
func answerStaff() []Button {
	return row(btn(messages.BtnTalk, dTalk))
}

// staffDone hands a conversation back to the bot, which tells the customer.
func (t *turn) staffDone(id int64) error {
	h, err := t.st.GetHandoff(t.ctx, id)
	if errors.Is(err, shop.ErrNotFound) {
		t.say(messages.T(messages.StaffHandoffGone, "Ref", shop.HandoffRef(id)))
		return nil
	}
	if err != nil {
		return fmt.Errorf("handoff done: %w", err)
	}
	closed, err := t.st.CloseHandoff(t.ctx, h.ID, t.in.User, t.now)
	if err != nil {
		return fmt.Errorf("handoff done: %w", err)
	}
	if !closed {
		t.say(messages.T(messages.StaffHandoffGone, "Ref", h.Ref()))
		return nil
	}
	t.tellChat(h.ChatKey, h.Lang, Reply{Text: messages.T(messages.HandoffEnded), Buttons: [][]Button{row(btn(messages.BtnMenu, dMenu))}})
	t.say(messages.T(messages.StaffHandoffClosed, "Ref", h.Ref(), "By", t.in.User))
	return nil
}

// replyRef finds the "#H12" a handoff card carries in its first line, so a
// messenger reply to the card reaches that customer. Only the bot's handoff
// cards start with 💬: a "#H1" a customer typed into an address, or staff
// quoting one another, is not a reference.
func replyRef(quoted string) (string, bool) {
	first, _, _ := strings.Cut(quoted, "\n")
	if !strings.HasPrefix(first, "💬") {
		return "", false
	}
	for _, f := range strings.Fields(first) {
		f = strings.Trim(f, ".,:;()")
		if strings.HasPrefix(f, "#") {
			if _, ok := shop.ParseHandoffRef(f); ok {
				return f, true
			}
		}
	}
	return "", false
}

// handoffText is a customer's message as the handoff card passes it on:
// typed text, or what they sent instead (a file, a location, a contact);
// both empty means something staff cannot see.
func handoffText(h shop.Handoff, text, other string) messages.Text {
	return messages.T(messages.StaffHandoffMessage, "Ref", h.Ref(), "Text", text, "Other", other)
}

// setFile sends the input's file with the reply: a photo as a photo, any
// other file (an image sent as a file too) as a document.
func setFile(r *Reply, in Input) {
	if in.FilePhoto {
		r.Photo = in.FileID
	} else {
		r.Document = in.FileID
	}
}

// fileLabel names a file for staff: "📎 passport.pdf", or a photo.
func fileLabel(in Input) string {
	if in.FilePhoto {
		return "🖼"
	}
	name := in.FileName
	if name == "" {
		name = "file"
	}
	return "📎 " + truncate(name, 60)
}

// staffHandoff reads the handoff staff answer and records that they did
// (the silence counts from now); when there is none it tells them so and
// ok is false.
func (t *turn) staffHandoff(id int64, op string) (h shop.Handoff, ok bool, err error) {
	h, err = t.st.GetHandoff(t.ctx, id)
	if errors.Is(err, shop.ErrNotFound) {
		t.say(messages.T(messages.StaffHandoffGone, "Ref", shop.HandoffRef(id)))
		return shop.Handoff{}, false, nil
	}
	if err != nil {
		return shop.Handoff{}, false, fmt.Errorf("%s: %w", op, err)
	}
	if err := t.st.TouchHandoff(t.ctx, h.ID, t.now); err != nil {
		return shop.Handoff{}, false, fmt.Errorf("%s: %w", op, err)
	}
	return h, true, nil
}

// staffFile passes a staff member's photo or file to the customer of a
// handoff card they replied to.
func (t *turn) staffFile(ref string) error {
	id, ok := shop.ParseHandoffRef(ref)
	if !ok {
		return nil
	}
	h, ok, err := t.staffHandoff(id, "staff file")
	if !ok || err != nil {
		return err
	}
	text := fileLabel(t.in)
	if caption := strings.TrimSpace(t.in.Text); caption != "" {
		text = caption
	}
	r := Reply{Text: messages.T(messages.StoreReply, "Text", text, "Store", t.f.cfg.Profile.Name)}
	setFile(&r, t.in)
	if !h.ClosedAt.IsZero() {
		r.Buttons = [][]Button{answerStaff()}
	}
	t.tellChat(h.ChatKey, h.Lang, r)
	t.say(messages.T(messages.StaffReplySent, "Ref", "#"+h.Ref(), "Closed", !h.ClosedAt.IsZero()))
	return nil
}

// backToBot reports whether text typed in a handoff asks for the bot
// again, as its button does: it is for the bot, not for staff.
func backToBot(text string) bool {
	switch strings.ToLower(strings.Trim(text, " .!?🤖")) { // the button's own label too
	case "вернуться к боту", "вернуться в бот", "назад к боту", "к боту", "ботқа оралу", "ботқа қайту", "back to bot":
		return true
	}
	return asksForMenu(text)
}
