package whatsapp

import (
	"testing"
)

// FuzzInterpret: whatever a customer types against a numbered list, the
// answer is text, the next page, or one of the list's own options.
func FuzzInterpret(f *testing.F) {
	for _, s := range []string{"1", "0", "12", "+1", "2.", "2)", "корзина", "🛒 Корзина (3)", "", " 007 ", "１", "ℹ️"} {
		f.Add(s)
	}
	m := menu{Options: []option{{"🛍 Каталог", "cat"}, {"🛒 Корзина (3)", "cart"}, {"1", "a:1"}, {"ℹ️ Контакты", "cont"}}}
	long := menu{Options: append(append([]option(nil), m.Options...), m.Options...)}
	long.Options = append(long.Options, long.Options...)
	f.Fuzz(func(t *testing.T, text string) {
		for _, mm := range []menu{m, long, {}} {
			kind, data := mm.interpret(text)
			switch kind {
			case notAnAnswer, morePlease:
				if data != "" {
					t.Fatalf("%q: %v with data %q", text, kind, data)
				}
			case pressed:
				found := false
				for _, o := range mm.Options {
					found = found || o.Data == data
				}
				if !found {
					t.Fatalf("%q pressed %q, not an option of the list", text, data)
				}
			}
		}
	})
}

// FuzzVCard: a shared contact's card never panics, and a number it finds
// is not empty.
func FuzzVCard(f *testing.F) {
	for _, s := range []string{
		"BEGIN:VCARD\nVERSION:3.0\nFN:A\nTEL;type=CELL;waid=77011234567:+7 701 123 4567\nEND:VCARD",
		"item1.TEL;waid=7701:+7701\n",
		"TEL:",
		"TEL;waid=:",
		":::",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, vcard string) {
		if c := vcardContact(vcard); c != nil && c.Phone == "" {
			t.Fatalf("%q gave a contact without a number", vcard)
		}
	})
}

// FuzzRef: a file reference from anywhere decodes to a usable one or none.
func FuzzRef(f *testing.F) {
	f.Add(encodeRef(mediaRef{Kind: "image", DirectPath: "/v/t62/x", MediaKey: []byte{1}, Length: 3}))
	f.Add("wa:")
	f.Add("wa:e30")
	f.Fuzz(func(t *testing.T, ref string) {
		if r, ok := decodeRef(ref); ok && (r.DirectPath == "" || len(r.MediaKey) == 0) {
			t.Fatalf("%q decoded to an unusable reference %+v", ref, r)
		}
	})
}
