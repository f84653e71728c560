package console

import (
	"io"
	"testing"

	"github.com/lete-store/letebot/bot"
)

func buttonWith(data string) bot.Button { return bot.Button{Label: data, Data: data} }

// TestUpdate: what a typed line becomes.
func TestUpdate(t *testing.T) {
	cases := []struct {
		line             string
		chat, text, data string
		lat, lon         float64
	}{
		{line: "Здравствуйте", chat: "local", text: "Здравствуйте"},
		{line: "1", chat: "local", data: "cat"},
		{line: "3", chat: "local", text: "3"}, // no third button on screen
		{line: "geo:51.128,71.430", chat: "local", lat: 51.128, lon: 71.430},
		{line: "GEO:51.128, 71.430;u=35", chat: "local", lat: 51.128, lon: 71.430},
		{line: "geo:91,71", chat: "local", text: "geo:91,71"}, // not a place: text
		{line: "geo:51.1", chat: "local", text: "geo:51.1"},
		{line: "staff> /quote LT-00001 2500", chat: StaffChat, text: "/quote LT-00001 2500"},
		{line: "staff>/orders paid", chat: StaffChat, text: "/orders paid"},
	}
	for _, c := range cases {
		t.Run(c.line, func(t *testing.T) {
			a := New(io.Discard, "local", "ru")
			a.buttons = []bot.Button{buttonWith("cat"), buttonWith("m")}
			up := a.Update(c.line)
			if up.ChatID != c.chat || up.Text != c.text || up.Data != c.data {
				t.Errorf("chat %q text %q data %q, want %q %q %q", up.ChatID, up.Text, up.Data, c.chat, c.text, c.data)
			}
			switch {
			case c.lat == 0 && up.Location != nil:
				t.Errorf("location %+v, want none", up.Location)
			case c.lat != 0 && (up.Location == nil || up.Location.Lat != c.lat || up.Location.Lon != c.lon):
				t.Errorf("location %+v, want %v,%v", up.Location, c.lat, c.lon)
			}
		})
	}
}
