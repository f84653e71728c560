package whatsapp

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/lete-store/letebot/bot"
)

// rigEvent builds a message event as whatsmeow delivers it.
func rigEvent(src types.MessageSource, id string, m *waE2E.Message) *events.Message {
	return &events.Message{
		Info: types.MessageInfo{MessageSource: src, ID: types.MessageID(id), PushName: "Айгерим",
			Timestamp: time.Date(2026, 12, 5, 11, 59, 0, 0, time.UTC)},
		Message: m,
	}
}

// rigFromPhone is a customer writing from their phone number.
var rigFromPhone = types.MessageSource{Chat: rigPhoneJID, Sender: rigPhoneJID}

// rigFromLID is a customer WhatsApp addresses by LID, with the number beside it.
var rigFromLID = types.MessageSource{Chat: rigLIDJID, Sender: rigLIDJID, AddressingMode: types.AddressingModeLID,
	SenderAlt: rigPhoneJID}

func rigText(s string) *waE2E.Message { return &waE2E.Message{Conversation: proto.String(s)} }

func rigContact(vcard string) *waE2E.Message {
	return &waE2E.Message{ContactMessage: &waE2E.ContactMessage{DisplayName: proto.String("Данияр"),
		Vcard: proto.String(vcard)}}
}

// rigImage is an image message as a customer's phone sends it.
func rigImage() *waE2E.ImageMessage {
	return &waE2E.ImageMessage{
		URL:           proto.String("https://mmg.whatsapp.net/v/t62.7118-24/19283746_1.enc?ccb=11-4"),
		DirectPath:    proto.String("/v/t62.7118-24/19283746_1.enc?ccb=11-4&oh=01_Q5Aa"),
		MediaKey:      bytes.Repeat([]byte{0x11}, 32),
		FileSHA256:    bytes.Repeat([]byte{0x22}, 32),
		FileEncSHA256: bytes.Repeat([]byte{0x33}, 32),
		FileLength:    proto.Uint64(48213),
		Mimetype:      proto.String("image/jpeg"),
		Caption:       proto.String("Вот такое платье есть?"),
		Height:        proto.Uint32(1280),
		Width:         proto.Uint32(960),
	}
}

func rigDocument() *waE2E.DocumentMessage {
	return &waE2E.DocumentMessage{
		URL:           proto.String("https://mmg.whatsapp.net/v/t62.7119-24/5566_2.enc"),
		DirectPath:    proto.String("/v/t62.7119-24/5566_2.enc?ccb=11-4"),
		MediaKey:      bytes.Repeat([]byte{0x44}, 32),
		FileSHA256:    bytes.Repeat([]byte{0x55}, 32),
		FileEncSHA256: bytes.Repeat([]byte{0x66}, 32),
		FileLength:    proto.Uint64(120034),
		Mimetype:      proto.String("application/pdf"),
		FileName:      proto.String("Чек Kaspi.pdf"),
		Title:         proto.String("Чек Kaspi"),
		Caption:       proto.String("оплатила"),
	}
}

func TestConvert(t *testing.T) {
	key := func(chat, id string) string { return "wa:" + chat + "/" + id }
	customer := func(id string, up bot.Update) bot.Update {
		up.Key, up.Channel, up.ChatID, up.UserID, up.UserName = key(rigPhone, id), Name, rigPhone, rigPhone, "Айгерим"
		return up
	}
	quoted := &waE2E.ContextInfo{
		StanzaID:      proto.String("3EB0C7D1A2B3"),
		Participant:   proto.String(rigSelf + "@s.whatsapp.net"),
		QuotedMessage: &waE2E.Message{Conversation: proto.String("Заказ №1042 собран")},
	}
	withQuote := func(m *waE2E.ImageMessage) *waE2E.ImageMessage {
		m.ContextInfo = &waE2E.ContextInfo{StanzaID: proto.String("OUT0007"),
			QuotedMessage: &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("Платье, 2 цвета")}}}
		return m
	}
	msgKey := &waCommon.MessageKey{RemoteJID: proto.String(rigPhone + "@s.whatsapp.net"), FromMe: proto.Bool(true),
		ID: proto.String("OUT0001")}
	fromMe := types.MessageSource{Chat: rigPhoneJID, Sender: rigSelfJID, IsFromMe: true}
	inGroup := types.MessageSource{Chat: rigGroupJID, Sender: rigPhoneJID, IsGroup: true}

	tests := []struct {
		name       string
		ev         *events.Message
		lids       LIDMap // Config.LIDs
		self       string // Config.Self; rigSelf when empty
		want       bot.Update
		ignored    bool
		wantQuoted types.MessageID
		wantLID    string
		// wantRef checks the file reference, which is opaque.
		wantRef *mediaRef
	}{
		{
			name: "plain text",
			ev:   rigEvent(rigFromPhone, "3A0001", rigText("Сәлеметсіз бе")),
			want: customer("3A0001", bot.Update{Text: "Сәлеметсіз бе"}),
		},
		{
			name: "Kazakh letters in an extended text",
			ev: rigEvent(rigFromPhone, "3A0030", &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
				Text: proto.String("Қанша тұрады?")}}),
			want: customer("3A0030", bot.Update{Text: "Қанша тұрады?"}),
		},
		{
			name: "extended text quoting a message",
			ev: rigEvent(rigFromPhone, "3A0002", &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
				Text: proto.String("когда доставка?"), ContextInfo: quoted}}),
			want:       customer("3A0002", bot.Update{Text: "когда доставка?", ReplyTo: "Заказ №1042 собран"}),
			wantQuoted: "3EB0C7D1A2B3",
		},
		{
			name: "extended text with a link and no quote",
			ev: rigEvent(rigFromPhone, "3A0003", &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
				Text: proto.String("https://lete.kz/p/42"), MatchedText: proto.String("https://lete.kz/p/42")}}),
			want: customer("3A0003", bot.Update{Text: "https://lete.kz/p/42"}),
		},
		{
			name: "image with caption",
			ev:   rigEvent(rigFromPhone, "3A0004", &waE2E.Message{ImageMessage: rigImage()}),
			want: customer("3A0004", bot.Update{File: &bot.File{MIME: "image/jpeg", Size: 48213, Photo: true,
				Caption: "Вот такое платье есть?"}}),
			wantRef: &mediaRef{Kind: "image", DirectPath: "/v/t62.7118-24/19283746_1.enc?ccb=11-4&oh=01_Q5Aa",
				MediaKey: bytes.Repeat([]byte{0x11}, 32), FileSHA256: bytes.Repeat([]byte{0x22}, 32),
				FileEncSHA256: bytes.Repeat([]byte{0x33}, 32), Length: 48213, MIME: "image/jpeg"},
		},
		{
			name: "image quoting a photo",
			ev:   rigEvent(rigFromPhone, "3A0005", &waE2E.Message{ImageMessage: withQuote(rigImage())}),
			want: customer("3A0005", bot.Update{ReplyTo: "Платье, 2 цвета", File: &bot.File{MIME: "image/jpeg",
				Size: 48213, Photo: true, Caption: "Вот такое платье есть?"}}),
			wantQuoted: "OUT0007",
			wantRef: &mediaRef{Kind: "image", DirectPath: "/v/t62.7118-24/19283746_1.enc?ccb=11-4&oh=01_Q5Aa",
				MediaKey: bytes.Repeat([]byte{0x11}, 32), FileSHA256: bytes.Repeat([]byte{0x22}, 32),
				FileEncSHA256: bytes.Repeat([]byte{0x33}, 32), Length: 48213, MIME: "image/jpeg"},
		},
		{
			name: "document",
			ev:   rigEvent(rigFromPhone, "3A0006", &waE2E.Message{DocumentMessage: rigDocument()}),
			want: customer("3A0006", bot.Update{File: &bot.File{Name: "Чек Kaspi.pdf", MIME: "application/pdf",
				Size: 120034, Caption: "оплатила"}}),
			wantRef: &mediaRef{Kind: "document", DirectPath: "/v/t62.7119-24/5566_2.enc?ccb=11-4",
				MediaKey: bytes.Repeat([]byte{0x44}, 32), FileSHA256: bytes.Repeat([]byte{0x55}, 32),
				FileEncSHA256: bytes.Repeat([]byte{0x66}, 32), Length: 120034, MIME: "application/pdf",
				Name: "Чек Kaspi.pdf"},
		},
		{
			name: "location",
			ev: rigEvent(rigFromPhone, "3A0007", &waE2E.Message{LocationMessage: &waE2E.LocationMessage{
				DegreesLatitude: proto.Float64(43.238949), DegreesLongitude: proto.Float64(76.889709),
				Name: proto.String("Дом"), Address: proto.String("Алматы, Абая 10")}}),
			want: customer("3A0007", bot.Update{Location: &bot.Location{Lat: 43.238949, Lon: 76.889709}}),
		},
		{
			name: "live location",
			ev: rigEvent(rigFromPhone, "3A0008", &waE2E.Message{LiveLocationMessage: &waE2E.LiveLocationMessage{
				DegreesLatitude: proto.Float64(51.128207), DegreesLongitude: proto.Float64(71.430411),
				SequenceNumber: proto.Int64(1)}}),
			want: customer("3A0008", bot.Update{Location: &bot.Location{Lat: 51.128207, Lon: 71.430411}}),
		},
		{
			name: "contact card with waid",
			ev: rigEvent(rigFromPhone, "3A0009", rigContact("BEGIN:VCARD\nVERSION:3.0\nN:;Данияр;;;\nFN:Данияр\n"+
				"TEL;type=CELL;type=VOICE;waid=77017654321:+7 701 765 4321\nEND:VCARD")),
			want: customer("3A0009", bot.Update{Contact: &bot.Contact{Phone: "+7 701 765 4321", UserID: rigOther}}),
		},
		{
			name: "contact card, CRLF lines, no waid",
			ev: rigEvent(rigFromPhone, "3A0010", rigContact("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Курьер\r\n"+
				"TEL;TYPE=WORK:+7 727 355 0000\r\nEND:VCARD\r\n")),
			want: customer("3A0010", bot.Update{Contact: &bot.Contact{Phone: "+7 727 355 0000"}}),
		},
		{
			name: "contacts array takes the first card",
			ev: rigEvent(rigFromPhone, "3A0011", &waE2E.Message{ContactsArrayMessage: &waE2E.ContactsArrayMessage{
				DisplayName: proto.String("2 контакта"),
				Contacts: []*waE2E.ContactMessage{
					{Vcard: proto.String("BEGIN:VCARD\nFN:А\nTEL;waid=77011112233:+7 701 111 2233\nEND:VCARD")},
					{Vcard: proto.String("BEGIN:VCARD\nFN:Б\nTEL;waid=77014445566:+7 701 444 5566\nEND:VCARD")},
				}}}),
			want: customer("3A0011", bot.Update{Contact: &bot.Contact{Phone: "+7 701 111 2233", UserID: "77011112233"}}),
		},
		{
			name: "contact card without a number",
			ev:   rigEvent(rigFromPhone, "3A0012", rigContact("BEGIN:VCARD\nVERSION:3.0\nFN:Без номера\nEMAIL:a@b.kz\nEND:VCARD")),
			want: customer("3A0012", bot.Update{Unsupported: "contact"}),
		},
		{
			name: "sticker",
			ev: rigEvent(rigFromPhone, "3A0013", &waE2E.Message{StickerMessage: &waE2E.StickerMessage{
				Mimetype: proto.String("image/webp"), DirectPath: proto.String("/v/t62.15575-24/1.enc")}}),
			want: customer("3A0013", bot.Update{Unsupported: "sticker"}),
		},
		{
			name: "voice note",
			ev: rigEvent(rigFromPhone, "3A0014", &waE2E.Message{AudioMessage: &waE2E.AudioMessage{
				Mimetype: proto.String("audio/ogg; codecs=opus"), PTT: proto.Bool(true), Seconds: proto.Uint32(7)}}),
			want: customer("3A0014", bot.Update{Unsupported: "voice"}),
		},
		{
			name: "video",
			ev: rigEvent(rigFromPhone, "3A0015", &waE2E.Message{VideoMessage: &waE2E.VideoMessage{
				Mimetype: proto.String("video/mp4"), Caption: proto.String("вот так")}}),
			want: customer("3A0015", bot.Update{Unsupported: "video"}),
		},
		{
			name:    "reaction",
			ev:      rigEvent(rigFromPhone, "3A0016", &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Key: msgKey, Text: proto.String("👍")}}),
			ignored: true,
		},
		{
			name: "protocol message (revoke)",
			ev: rigEvent(rigFromPhone, "3A0017", &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
				Type: waE2E.ProtocolMessage_REVOKE.Enum(), Key: msgKey}}),
			ignored: true,
		},
		{
			name: "edit, as whatsmeow unwraps it",
			ev: func() *events.Message {
				ev := rigEvent(rigFromPhone, "3A0018", rigText("2 штуки, не 3"))
				ev.IsEdit = true
				return ev
			}(),
			ignored: true,
		},
		{
			name: "status broadcast",
			ev: rigEvent(types.MessageSource{Chat: types.StatusBroadcastJID, Sender: rigPhoneJID}, "3A0019",
				rigText("моя история")),
			ignored: true,
		},
		{
			name: "newsletter",
			ev: rigEvent(types.MessageSource{Chat: types.NewJID("120363144038483540", types.NewsletterServer)},
				"3A0020", rigText("канал")),
			ignored: true,
		},
		{
			name:    "no message",
			ev:      rigEvent(rigFromPhone, "3A0021", nil),
			ignored: true,
		},
		{
			name:    "no id",
			ev:      rigEvent(rigFromPhone, "", rigText("привет")),
			ignored: true,
		},
		{
			name: "store's phone writes to a customer: takeover",
			ev: func() *events.Message {
				ev := rigEvent(fromMe, "3EB0AA01", rigText("Здравствуйте, это Айгуль из магазина"))
				ev.Info.PushName = ""
				return ev
			}(),
			want: bot.Update{Key: key(rigPhone, "3EB0AA01"), Channel: Name, ChatID: rigPhone, UserID: rigPhone,
				Takeover: true},
		},
		{
			name: "store's phone writes to a LID-addressed customer: takeover keyed on the number",
			ev: func() *events.Message {
				ev := rigEvent(types.MessageSource{Chat: rigLIDJID, Sender: types.NewJID("99887766554433", types.HiddenUserServer),
					IsFromMe: true, AddressingMode: types.AddressingModeLID, RecipientAlt: rigPhoneJID}, "3EB0AA02", rigText("Алло"))
				ev.Info.PushName = ""
				return ev
			}(),
			want: bot.Update{Key: key(rigPhone, "3EB0AA02"), Channel: Name, ChatID: rigPhone, UserID: rigPhone,
				Takeover: true},
			wantLID: rigLIDChat,
		},
		{
			name:    "store's notes to itself",
			ev:      rigEvent(types.MessageSource{Chat: rigSelfJID, Sender: rigSelfJID, IsFromMe: true}, "3EB0AA03", rigText("купить коробки")),
			ignored: true,
		},
		{
			name: "store's phone in a group",
			ev: rigEvent(types.MessageSource{Chat: rigGroupJID, Sender: rigSelfJID, IsFromMe: true, IsGroup: true},
				"3EB0AA04", rigText("принято")),
			ignored: true,
		},
		{
			name: "group message",
			ev:   rigEvent(inGroup, "3A0022", rigText("/orders")),
			want: bot.Update{Key: key(rigGroupKey, "3A0022"), Channel: Name, ChatID: rigGroupKey, UserID: rigPhone,
				UserName: "Айгерим", Text: "/orders", Group: true},
		},
		{
			name: "group message from a LID-addressed member",
			ev: rigEvent(types.MessageSource{Chat: rigGroupJID, Sender: rigLIDJID, SenderAlt: rigPhoneJID, IsGroup: true,
				AddressingMode: types.AddressingModeLID}, "3A0023", rigText("взяла заказ")),
			want: bot.Update{Key: key(rigGroupKey, "3A0023"), Channel: Name, ChatID: rigGroupKey, UserID: rigPhone,
				UserName: "Айгерим", Text: "взяла заказ", Group: true},
		},
		{
			name: "sender with a device part",
			ev: rigEvent(types.MessageSource{Chat: rigPhoneJID, Sender: types.JID{User: rigPhone, Device: 12,
				Server: types.DefaultUserServer}}, "3A0024", rigText("привет")),
			want: customer("3A0024", bot.Update{Text: "привет"}),
		},
		{
			name:    "LID sender with the number beside it",
			ev:      rigEvent(rigFromLID, "3A0025", rigText("сәлем")),
			want:    customer("3A0025", bot.Update{Text: "сәлем"}),
			wantLID: rigLIDChat,
		},
		{
			name: "LID-only sender resolved through the LID map",
			ev: rigEvent(types.MessageSource{Chat: rigLIDJID, Sender: types.JID{User: rigLIDUser, Device: 3,
				Server: types.HiddenUserServer}, AddressingMode: types.AddressingModeLID}, "3A0026", rigText("сәлем")),
			lids:    rigLIDs{pn: map[string]string{rigLIDUser: rigPhone}},
			want:    customer("3A0026", bot.Update{Text: "сәлем"}),
			wantLID: rigLIDChat,
		},
		{
			name: "LID-only sender the map does not know",
			ev: rigEvent(types.MessageSource{Chat: rigLIDJID, Sender: rigLIDJID, AddressingMode: types.AddressingModeLID},
				"3A0027", rigText("сәлем")),
			lids: rigLIDs{pn: map[string]string{"1": "2"}},
			want: bot.Update{Key: key(rigLIDChat, "3A0027"), Channel: Name, ChatID: rigLIDChat, UserID: rigLIDChat,
				UserName: "Айгерим", Text: "сәлем"},
			wantLID: rigLIDChat,
		},
		{
			name: "LID-only sender, lookup failing",
			ev: rigEvent(types.MessageSource{Chat: rigLIDJID, Sender: rigLIDJID, AddressingMode: types.AddressingModeLID},
				"3A0028", rigText("сәлем")),
			lids: rigLIDs{err: errors.New("database is locked")},
			want: bot.Update{Key: key(rigLIDChat, "3A0028"), Channel: Name, ChatID: rigLIDChat, UserID: rigLIDChat,
				UserName: "Айгерим", Text: "сәлем"},
			wantLID: rigLIDChat,
		},
		{
			name: "LID-only sender, no LID map",
			ev: rigEvent(types.MessageSource{Chat: rigLIDJID, Sender: rigLIDJID, AddressingMode: types.AddressingModeLID},
				"3A0029", rigText("сәлем")),
			want: bot.Update{Key: key(rigLIDChat, "3A0029"), Channel: Name, ChatID: rigLIDChat, UserID: rigLIDChat,
				UserName: "Айгерим", Text: "сәлем"},
			wantLID: rigLIDChat,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, func(c *Config) {
				c.LIDs = tt.lids
				if tt.self != "" {
					c.Self = func() string { return tt.self }
				}
			})
			up, in, ok := r.a.convert(t.Context(), tt.ev)
			if tt.ignored {
				if ok {
					t.Fatalf("convert = %+v, want the message ignored", up)
				}
				return
			}
			if !ok {
				t.Fatal("convert ignored the message")
			}
			var ref string
			if up.File != nil {
				ref = up.File.ID
				f := *up.File
				f.ID = ""
				up.File = &f
			}
			if !reflect.DeepEqual(up, tt.want) {
				t.Errorf("update:\n got %s\nwant %s", rigShow(up), rigShow(tt.want))
			}
			if tt.wantRef != nil {
				if !strings.HasPrefix(ref, "wa:") || !r.a.Holds(ref) {
					t.Errorf("file id %q is not a wa: reference", ref)
				}
				got, ok := decodeRef(ref)
				if !ok || !reflect.DeepEqual(got, *tt.wantRef) {
					t.Errorf("file reference = %+v (ok %v), want %+v", got, ok, *tt.wantRef)
				}
			}
			if in.id != tt.ev.Info.ID || in.chat != tt.ev.Info.Chat || in.sender != tt.ev.Info.Sender {
				t.Errorf("inbound = %+v, want the message's id, chat and sender", in)
			}
			if in.quoted != tt.wantQuoted {
				t.Errorf("quoted = %q, want %q", in.quoted, tt.wantQuoted)
			}
			if in.lid != tt.wantLID {
				t.Errorf("lid = %q, want %q", in.lid, tt.wantLID)
			}
		})
	}
}

// rigShow prints an update with its pointers followed.
func rigShow(up bot.Update) string {
	s := fmt.Sprintf("%+v", up)
	if up.File != nil {
		s += fmt.Sprintf(" File=%+v", *up.File)
	}
	if up.Contact != nil {
		s += fmt.Sprintf(" Contact=%+v", *up.Contact)
	}
	if up.Location != nil {
		s += fmt.Sprintf(" Location=%+v", *up.Location)
	}
	return s
}

// TestConvertContactGroupedTEL: WhatsApp's own vCards (iPhone contacts)
// group the number as "item1.TEL;waid=…", as RFC 6350 allows.
func TestConvertContactGroupedTEL(t *testing.T) {

	r := newRig(t, nil)
	up, _, ok := r.a.convert(t.Context(), rigEvent(rigFromPhone, "3A0100", rigContact(
		"BEGIN:VCARD\nVERSION:3.0\nN:;Данияр;;;\nFN:Данияр\nitem1.TEL;waid=77017654321:+7 701 765 4321\n"+
			"item1.X-ABLabel:Mobile\nEND:VCARD")))
	want := &bot.Contact{Phone: "+7 701 765 4321", UserID: rigOther}
	if !ok || !reflect.DeepEqual(up.Contact, want) || up.Unsupported != "" {
		t.Errorf("convert = contact %+v, unsupported %q, ok %v; want %+v", up.Contact, up.Unsupported, ok, want)
	}
}

func TestConvertKeys(t *testing.T) {
	r := newRig(t, nil)
	convert := func(src types.MessageSource, id string) string {
		t.Helper()
		up, _, ok := r.a.convert(t.Context(), rigEvent(src, id, rigText("1")))
		if !ok {
			t.Fatalf("convert(%v, %s) ignored the message", src.Chat, id)
		}
		return up.Key
	}
	tests := []struct {
		name string
		src  types.MessageSource
		id   string
		want string
	}{
		{"customer", rigFromPhone, "3EB0A1", "wa:77011234567/3EB0A1"},
		{"same id, another customer", types.MessageSource{Chat: rigOtherJID, Sender: rigOtherJID}, "3EB0A1",
			"wa:77017654321/3EB0A1"},
		{"same id, a group", types.MessageSource{Chat: rigGroupJID, Sender: rigPhoneJID, IsGroup: true}, "3EB0A1",
			"wa:120363025246125486@g.us/3EB0A1"},
		{"same id, LID-addressed customer", types.MessageSource{Chat: types.NewJID("999", types.HiddenUserServer),
			Sender: types.NewJID("999", types.HiddenUserServer)}, "3EB0A1", "wa:999@lid/3EB0A1"},
	}
	seen := make(map[string]string)
	for _, tt := range tests {
		got := convert(tt.src, tt.id)
		if got != tt.want {
			t.Errorf("%s: key = %q, want %q", tt.name, got, tt.want)
		}
		if prev, dup := seen[got]; dup {
			t.Errorf("%s: key %q also made by %s", tt.name, got, prev)
		}
		seen[got] = tt.name
	}
	// The same message addressed by LID or by number is one update.
	if byLID, byPhone := convert(rigFromLID, "3EB0B2"), convert(rigFromPhone, "3EB0B2"); byLID != byPhone {
		t.Errorf("LID-addressed key %q != number-addressed key %q", byLID, byPhone)
	}
}

func TestChatIDRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		jid    types.JID
		chatID string
		back   types.JID // JID(chatID); jid when zero
	}{
		{"phone", rigPhoneJID, rigPhone, types.JID{}},
		{"phone with device", types.JID{User: rigPhone, Device: 7, Server: types.DefaultUserServer}, rigPhone, rigPhoneJID},
		{"group", rigGroupJID, rigGroupKey, types.JID{}},
		{"old-style group", types.NewJID("77011234567-1602141567", types.GroupServer), "77011234567-1602141567@g.us", types.JID{}},
		{"LID", rigLIDJID, rigLIDChat, types.JID{}},
		{"LID with device", types.JID{User: rigLIDUser, Device: 3, Server: types.HiddenUserServer}, rigLIDChat, rigLIDJID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ChatID(tt.jid); got != tt.chatID {
				t.Errorf("ChatID(%v) = %q, want %q", tt.jid, got, tt.chatID)
			}
			want := tt.back
			if want.IsEmpty() {
				want = tt.jid
			}
			got, err := JID(tt.chatID)
			if err != nil || got != want {
				t.Errorf("JID(%q) = %v, %v; want %v", tt.chatID, got, err, want)
			}
			if again := ChatID(got); again != tt.chatID {
				t.Errorf("ChatID(JID(%q)) = %q", tt.chatID, again)
			}
		})
	}
}

func TestJIDBadChatID(t *testing.T) {
	for _, id := range []string{
		"",
		"abc",
		"7701123456x",
		"+77011234567",
		"7701 123 4567",
		"status@broadcast",
		"120363144038483540@newsletter",
		"77011234567@c.us",
		"77011234567@example.com",
		"@",
		"a@b@c",
	} {
		t.Run(id, func(t *testing.T) {
			if j, err := JID(id); err == nil {
				t.Errorf("JID(%q) = %v, want an error", id, j)
			}
		})
	}
}

// TestConvertTakeoverNeedsContent: convert's contract leaves reactions and
// protocol messages alone; from the store's phone they are not staff
// writing to the customer, and must not silence the bot in the chat.
func TestConvertTakeoverNeedsContent(t *testing.T) {
	key := &waCommon.MessageKey{RemoteJID: proto.String(rigPhone + "@s.whatsapp.net"), FromMe: proto.Bool(true),
		ID: proto.String("3EB0AA")}
	fromMe := types.MessageSource{Chat: rigPhoneJID, Sender: rigSelfJID, IsFromMe: true}
	tests := []struct {
		name string
		m    *waE2E.Message
	}{
		{"reaction", &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Key: key, Text: proto.String("👍")}}},
		{"revoke", &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Type: waE2E.ProtocolMessage_REVOKE.Enum(), Key: key}}},
		{"disappearing messages", &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
			Type: waE2E.ProtocolMessage_EPHEMERAL_SETTING.Enum(), EphemeralExpiration: proto.Uint32(86400)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, nil)
			if up, _, ok := r.a.convert(t.Context(), rigEvent(fromMe, "3EB0C1", tt.m)); ok {
				t.Errorf("convert = %s, want the message ignored", rigShow(up))
			}
		})
	}
}
