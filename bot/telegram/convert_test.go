package telegram

import (
	"encoding/json"
	"reflect"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/lete-store/letebot/bot"
)

func TestConvert(t *testing.T) {
	a := &Adapter{username: "lete_test_bot"}
	const (
		private = `"chat":{"id":42,"type":"private","first_name":"Aru"}`
		group   = `"chat":{"id":-1001234567890,"type":"supergroup","title":"Staff"}`
		from    = `"from":{"id":42,"is_bot":false,"first_name":"Aru","language_code":"kk"}`
	)
	base := func(id string) bot.Update {
		return bot.Update{Key: "tg:" + id, Channel: "telegram", ChatID: "42", UserID: "42", UserName: "Aru", LangHint: "kk"}
	}
	with := func(u bot.Update, f func(*bot.Update)) bot.Update { f(&u); return u }
	msg := func(id, body string) string {
		return `{"update_id":` + id + `,"message":{"message_id":7,"date":1700000000,` + private + `,` + from + `,` + body + `}}`
	}

	tests := []struct {
		name string
		in   string
		want bot.Update
		ok   bool
	}{
		{"text", msg("100", `"text":"Сәлем, көйлек бар ма?"`),
			with(base("100"), func(u *bot.Update) { u.Text = "Сәлем, көйлек бар ма?" }), true},
		{"username shown as @name",
			`{"update_id":109,"message":{"message_id":7,"date":1,` + private + `,"from":{"id":42,"first_name":"Aru","username":"aru_k","language_code":"kk"},"text":"hi"}}`,
			with(base("109"), func(u *bot.Update) { u.UserName, u.Text = "@aru_k", "hi" }), true},
		{"command", msg("101", `"text":"/start","entities":[{"type":"bot_command","offset":0,"length":6}]`),
			with(base("101"), func(u *bot.Update) { u.Text = "/start" }), true},
		{"command addressed to this bot in a group",
			`{"update_id":102,"message":{"message_id":8,"date":1,` + group + `,"from":{"id":7,"first_name":"Staff"},"text":"/orders@Lete_Test_Bot 15","entities":[{"type":"bot_command","offset":0,"length":21}]}}`,
			bot.Update{Key: "tg:102", Channel: "telegram", ChatID: "-1001234567890", UserID: "7", UserName: "Staff", Text: "/orders 15", Group: true}, true},
		{"command addressed to another bot keeps its mention", msg("103", `"text":"/start@other_bot"`),
			with(base("103"), func(u *bot.Update) { u.Text = "/start@other_bot" }), true},
		{"button press in a group",
			`{"update_id":104,"callback_query":{"id":"cq1","from":{"id":42,"first_name":"Aru","language_code":"ru"},"message":{"message_id":9,"date":1700000000,` + group + `,"text":"menu"},"chat_instance":"ci","data":"p:12"}}`,
			bot.Update{Key: "tg:104", Channel: "telegram", ChatID: "-1001234567890", UserID: "42", UserName: "Aru", Data: "p:12", LangHint: "ru", Group: true}, true},
		{"button press on an inaccessible message (date 0) still has its chat",
			`{"update_id":105,"callback_query":{"id":"cq2","from":{"id":42,"first_name":"Aru"},"message":{"message_id":9,"date":0,"chat":{"id":-500,"type":"group"}},"chat_instance":"ci","data":"c:1"}}`,
			bot.Update{Key: "tg:105", Channel: "telegram", ChatID: "-500", UserID: "42", UserName: "Aru", Data: "c:1", Group: true}, true},
		{"button press without a message answers the presser",
			`{"update_id":106,"callback_query":{"id":"cq3","from":{"id":42,"first_name":"Aru","language_code":"kk"},"inline_message_id":"im1","chat_instance":"ci","data":"c:2"}}`,
			with(base("106"), func(u *bot.Update) { u.Data = "c:2" }), true},
		{"own contact", msg("107", `"contact":{"phone_number":"+7 701 123 45 67","first_name":"Aru","user_id":42}`),
			with(base("107"), func(u *bot.Update) { u.Contact = &bot.Contact{Phone: "+7 701 123 45 67", UserID: "42"} }), true},
		{"someone else's contact without a Telegram account", msg("108", `"contact":{"phone_number":"87011234567","first_name":"Mama"}`),
			with(base("108"), func(u *bot.Update) { u.Contact = &bot.Contact{Phone: "87011234567"} }), true},
		{"location", msg("109", `"location":{"latitude":43.238949,"longitude":76.889709}`),
			with(base("109"), func(u *bot.Update) { u.Location = &bot.Location{Lat: 43.238949, Lon: 76.889709} }), true},
		{"venue is its location", msg("110", `"location":{"latitude":43.2,"longitude":76.9},"venue":{"location":{"latitude":43.2,"longitude":76.9},"title":"Mega","address":"Rozybakiev 247"}`),
			with(base("110"), func(u *bot.Update) { u.Location = &bot.Location{Lat: 43.2, Lon: 76.9} }), true},
		{"photo takes the largest size and keeps the caption", msg("111", `"photo":[{"file_id":"small","file_unique_id":"s","width":90,"height":90,"file_size":1000},{"file_id":"mid","file_unique_id":"m","width":320,"height":320,"file_size":20000},{"file_id":"large","file_unique_id":"l","width":1280,"height":1280,"file_size":150000}],"caption":"my ID card"`),
			with(base("111"), func(u *bot.Update) {
				u.File = &bot.File{ID: "large", MIME: "image/jpeg", Size: 150000, Photo: true, Caption: "my ID card"}
			}), true},
		{"an image sent as a file is a document", msg("114", `"document":{"file_id":"img1","file_unique_id":"i","file_name":"receipt.png","mime_type":"image/png","file_size":9000}`),
			with(base("114"), func(u *bot.Update) {
				u.File = &bot.File{ID: "img1", Name: "receipt.png", MIME: "image/png", Size: 9000}
			}), true},
		{"document with caption", msg("112", `"document":{"file_id":"doc1","file_unique_id":"d","file_name":"receipt.pdf","mime_type":"application/pdf","file_size":52000},"caption":"paid"`),
			with(base("112"), func(u *bot.Update) {
				u.File = &bot.File{ID: "doc1", Name: "receipt.pdf", MIME: "application/pdf", Size: 52000, Caption: "paid"}
			}), true},
		{"sticker", msg("113", `"sticker":{"file_id":"st","file_unique_id":"st","width":512,"height":512,"is_animated":false}`),
			with(base("113"), func(u *bot.Update) { u.Unsupported = "sticker" }), true},
		{"voice", msg("114", `"voice":{"file_id":"v","file_unique_id":"v","duration":3}`),
			with(base("114"), func(u *bot.Update) { u.Unsupported = "voice" }), true},
		{"video", msg("115", `"video":{"file_id":"v","file_unique_id":"v","width":1,"height":1,"duration":3},"caption":"look"`),
			with(base("115"), func(u *bot.Update) { u.Unsupported = "video" }), true},
		{"video note", msg("116", `"video_note":{"file_id":"v","file_unique_id":"v","length":240,"duration":3}`),
			with(base("116"), func(u *bot.Update) { u.Unsupported = "video_note" }), true},
		{"audio", msg("117", `"audio":{"file_id":"a","file_unique_id":"a","duration":180}`),
			with(base("117"), func(u *bot.Update) { u.Unsupported = "audio" }), true},
		{"animation also carries a document", msg("118", `"animation":{"file_id":"g","file_unique_id":"g","width":1,"height":1,"duration":1},"document":{"file_id":"g","file_unique_id":"g","mime_type":"video/mp4"}`),
			with(base("118"), func(u *bot.Update) { u.Unsupported = "animation" }), true},
		{"poll", msg("119", `"poll":{"id":"p","question":"?","options":[],"total_voter_count":0,"is_closed":false,"is_anonymous":true,"type":"regular","allows_multiple_answers":false}`),
			with(base("119"), func(u *bot.Update) { u.Unsupported = "poll" }), true},
		{"dice", msg("120", `"dice":{"emoji":"🎲","value":4}`),
			with(base("120"), func(u *bot.Update) { u.Unsupported = "dice" }), true},
		{"reply to a text", msg("121", `"text":"this one","reply_to_message":{"message_id":5,"date":1,`+private+`,"text":"Order #1042 is ready"}`),
			with(base("121"), func(u *bot.Update) { u.Text = "this one"; u.ReplyTo = "Order #1042 is ready" }), true},
		{"reply to a photo uses its caption", msg("122", `"text":"size M?","reply_to_message":{"message_id":5,"date":1,`+private+`,"photo":[{"file_id":"x","file_unique_id":"x","width":1,"height":1}],"caption":"Dress 12"}`),
			with(base("122"), func(u *bot.Update) { u.Text = "size M?"; u.ReplyTo = "Dress 12" }), true},
		{"sender chat without a user",
			`{"update_id":123,"message":{"message_id":1,"date":1,` + group + `,"sender_chat":{"id":-1009,"type":"channel"},"text":"hello"}}`,
			bot.Update{Key: "tg:123", Channel: "telegram", ChatID: "-1001234567890", UserID: "-1009", Text: "hello", Group: true}, true},
		{"edited message is skipped", `{"update_id":130,"edited_message":{"message_id":1,"date":1,"edit_date":2,` + private + `,` + from + `,"text":"fixed"}}`, bot.Update{}, false},
		{"channel post is skipped", `{"update_id":131,"channel_post":{"message_id":1,"date":1,"chat":{"id":-1007,"type":"channel"},"text":"news"}}`, bot.Update{}, false},
		{"membership change is skipped", `{"update_id":132,"my_chat_member":{"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"A"},"date":1,"old_chat_member":{"status":"member","user":{"id":1,"first_name":"B"}},"new_chat_member":{"status":"kicked","user":{"id":1,"first_name":"B"}}}}`, bot.Update{}, false},
		{"service message is skipped", `{"update_id":133,"message":{"message_id":1,"date":1,` + group + `,"from":{"id":7,"first_name":"S"},"new_chat_members":[{"id":8,"first_name":"N"}]}}`, bot.Update{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var u tgbotapi.Update
			if err := json.Unmarshal([]byte(tt.in), &u); err != nil {
				t.Fatalf("bad test JSON: %v", err)
			}
			got, ok := a.Convert(u)
			if ok != tt.ok {
				t.Fatalf("Convert ok = %v, want %v (got %+v)", ok, tt.ok, got)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Convert =\n%s\nwant\n%s", dump(got), dump(tt.want))
			}
		})
	}
}

func dump(u bot.Update) string {
	b, _ := json.Marshal(u)
	return string(b)
}
