package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

func queuedMsg(t *testing.T, chat string, r Reply) OutboxMessage {
	t.Helper()
	body, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return OutboxMessage{Channel: "t", ChatID: chat, Body: body, Reply: &r}
}

func TestDecodedReplies(t *testing.T) {
	menu := Reply{Text: "Меню", Lang: "ru", Answer: true, Buttons: [][]Button{
		{{Label: "Каталог", Data: "cat"}, {Label: "Сайт", URL: "https://lete.kz"}},
		{{Label: "Телефон", Phone: true}},
	}}
	mail := Reply{Text: "Чек", Mail: &Mail{To: "a@b.kz", Subject: "Заказ"}, Attachments: []string{"stored:1"}}

	t.Run("a queued reply comes back once, as its body decodes", func(t *testing.T) {
		d := newDecodedReplies()
		for _, r := range []Reply{menu, mail, {Text: "просто текст"}} {
			m := queuedMsg(t, "a", r)
			d.add([]OutboxMessage{m})
			got, ok := d.take(m.Body)
			if !ok {
				t.Fatalf("%q not kept", r.Text)
			}
			var want Reply
			if err := json.Unmarshal(m.Body, &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("kept %+v, the body decodes to %+v", got, want)
			}
			if _, ok := d.take(m.Body); ok {
				t.Errorf("%q came back twice", r.Text)
			}
		}
	})

	t.Run("one body for two chats comes back twice, as copies of their own", func(t *testing.T) {
		d := newDecodedReplies()
		a, b := queuedMsg(t, "staff1", menu), queuedMsg(t, "staff2", menu)
		b.Reply = a.Reply // as the engine queues one alert to every staff chat
		d.add([]OutboxMessage{a, b})
		first, ok1 := d.take(a.Body)
		first.Buttons[0][0].Label = "changed"
		first.Mail = &Mail{To: "x"}
		second, ok2 := d.take(b.Body)
		if !ok1 || !ok2 {
			t.Fatalf("taken %v, %v; want both", ok1, ok2)
		}
		if second.Buttons[0][0].Label != "Каталог" || second.Mail != nil {
			t.Errorf("a change to one copy reached the other: %+v", second)
		}
		if _, ok := d.take(a.Body); ok {
			t.Error("a third copy came back")
		}
	})

	t.Run("a message without its reply is not kept", func(t *testing.T) {
		d := newDecodedReplies()
		m := queuedMsg(t, "a", menu)
		m.Reply = nil
		d.add([]OutboxMessage{m})
		if _, ok := d.take(m.Body); ok {
			t.Error("kept a reply nobody gave")
		}
	})

	t.Run("a reply nobody takes ages out after two generations", func(t *testing.T) {
		d := newDecodedReplies()
		kept := queuedMsg(t, "a", menu)
		d.add([]OutboxMessage{kept})
		for i := range decodedGeneration {
			d.add([]OutboxMessage{queuedMsg(t, "b", Reply{Text: fmt.Sprint(i)})})
		}
		if _, ok := d.take(kept.Body); !ok {
			t.Fatal("gone after one generation")
		}
		d.add([]OutboxMessage{kept})
		for i := range 2 * decodedGeneration {
			d.add([]OutboxMessage{queuedMsg(t, "b", Reply{Text: fmt.Sprint(i)})})
		}
		if _, ok := d.take(kept.Body); ok {
			t.Error("still kept after two generations")
		}
		if n := len(d.cur) + len(d.old); n > 2*decodedGeneration {
			t.Errorf("%d replies kept, want at most %d", n, 2*decodedGeneration)
		}
	})
}

// TestDeliverTakesQueuedReply: a message this process queued is sent from
// its kept reply, not decoded again; one it did not queue is decoded.
func TestDeliverTakesQueuedReply(t *testing.T) {
	ch := &failFirst{}
	s := NewSender(SenderConfig{Outbox: &releaseOutbox{}, Channels: []Channel{ch}})
	// A body that does not decode tells the two ways apart.
	kept := OutboxMessage{ID: 1, Channel: "t", ChatID: "A", Body: []byte("not json"), Reply: &Reply{Text: "kept"}}
	s.Keep([]OutboxMessage{kept})
	claimed := kept
	claimed.Reply = nil // as a claim returns it
	ref := ChatRef{Channel: "t", ChatID: "A"}
	if done := s.deliver(context.Background(), ref, &lane{}, claimed); !done {
		t.Fatal("not delivered")
	}
	other := OutboxMessage{ID: 2, Channel: "t", ChatID: "A", Body: []byte(`{"text":"decoded"}`)}
	if done := s.deliver(context.Background(), ref, &lane{}, other); !done {
		t.Fatal("not delivered")
	}
	if got := ch.sent; !reflect.DeepEqual(got, []string{"kept", "decoded"}) {
		t.Errorf("sent %q, want [kept decoded]", got)
	}
}
