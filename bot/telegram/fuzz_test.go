package telegram

import (
	"encoding/json"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// FuzzConvert feeds update bodies as Telegram (or anyone posting to the
// webhook) might send them: whatever the JSON, converting it must not
// panic, and what it gives the engine must be well formed.
func FuzzConvert(f *testing.F) {
	for _, seed := range []string{
		`{"update_id":1,"message":{"message_id":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"A"},"text":"/start@letebot"}}`,
		`{"update_id":2,"callback_query":{"id":"q","from":{"id":42},"message":{"message_id":9,"chat":{"id":42,"type":"private"}},"data":"a:LT-101-S:1"}}`,
		`{"update_id":3,"message":{"message_id":2,"chat":{"id":-100,"type":"supergroup"},"from":{"id":7},"photo":[{"file_id":"x","width":1,"height":1},{"file_id":"y","width":9,"height":9}],"caption":"чек"}}`,
		`{"update_id":4,"message":{"message_id":3,"chat":{"id":42,"type":"private"},"contact":{"phone_number":"+77011234567","first_name":"A","user_id":42}}}`,
		`{"update_id":5,"message":{"message_id":4,"chat":{"id":42,"type":"private"},"location":{"latitude":51.1,"longitude":71.4}}}`,
		`{"update_id":6,"message":{"message_id":5,"chat":{"id":42,"type":"private"},"sticker":{"file_id":"s"}}}`,
		`{"update_id":7,"edited_message":{"message_id":5,"chat":{"id":42,"type":"private"},"text":"x"}}`,
		`{"update_id":8,"message":{"message_id":6,"chat":{"id":42,"type":"private"},"document":{"file_id":"d","file_name":"../../etc/passwd","mime_type":"x"}}}`,
	} {
		f.Add([]byte(seed))
	}
	a := &Adapter{username: "letebot"}
	f.Fuzz(func(t *testing.T, body []byte) {
		var u tgbotapi.Update
		if json.Unmarshal(body, &u) != nil {
			return
		}
		up, ok := a.Convert(u)
		if !ok {
			return
		}
		if up.Key == "" || up.Channel != Name || up.ChatID == "" {
			t.Fatalf("converted without key, channel or chat: %+v", up)
		}
		if up.Data != "" && up.Text != "" {
			t.Fatalf("a button press that is text too: %+v", up)
		}
	})
}
