package flows_test

import (
	"testing"

	"github.com/lete-store/letebot/flows"
)

// FuzzHandle sends any text or button data, at any step, to a customer who
// has an order and another who has one too: nothing panics or fails, every
// button fits Telegram's 64 bytes, and the store is only ever asked for the
// asking customer's orders.
func FuzzHandle(f *testing.F) {
	for _, seed := range []struct {
		step  string
		kind  uint8
		input string
	}{
		{"", 0, "/start"}, {"", 1, "ord:1"}, {"", 1, "ord:2"}, {"confirm", 1, "ok:1"}, {"qty", 0, "3"},
		{"name", 0, "Айгерим"}, {"phone", 0, "8 777 123 45 67"}, {"email", 0, "a@b.kz"}, {"city", 1, "city:almaty"},
		{"method", 1, "dm:courier"}, {"address", 0, "ул. Абая 1"}, {"", 1, "a:LT-101-S:-5"}, {"", 1, "cat:dresses:-9"},
		{"", 1, "lang:en"}, {"", 1, "x:y:z:w"}, {"", 0, "4111 1111 1111 1111"}, {"", 2, ""}, {"", 1, ":::"},
	} {
		f.Add(seed.step, seed.kind, seed.input)
	}
	fl, st := newFlows(f)
	other := &walker{t: f, f: fl, st: st, s: flows.NewSession("ru"), chat: "tg:other"}
	order(f, other) // order 1 belongs to tg:other
	f.Fuzz(func(t *testing.T, step string, kind uint8, input string) {
		s := flows.NewSession("kk")
		w := &walker{t: t, f: fl, st: st, s: s, chat: "tg:me"}
		w.text("/start")
		w.do(flows.Input{Kind: flows.ButtonInput, Data: "a:LT-101-S:1"})
		s.Step, s.Variant, s.Rev = flows.Step(step), "LT-101-S", 1
		in := flows.Input{Chat: "tg:me"}
		switch kind % 4 {
		case 0:
			in.Kind, in.Text = flows.TextInput, input
		case 1:
			in.Kind, in.Data = flows.ButtonInput, input
		case 2:
			in.Kind, in.Phone = flows.ContactInput, input
		default:
			in.Kind = flows.UnsupportedInput
		}
		before := len(st.gets)
		w.do(in) // fails the test on an error or an over-long button
		for _, chat := range st.gets[before:] {
			if chat != "tg:me" {
				t.Fatalf("the store was asked for %s's orders", chat)
			}
		}
		if _, err := s.Encode(); err != nil {
			t.Fatal(err)
		}
	})
}
