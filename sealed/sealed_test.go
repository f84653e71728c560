package sealed_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/lete-store/letebot/sealed"
)

// raw is a fixed key, written below in every accepted form.
var raw = func() []byte {
	b := make([]byte, sealed.KeySize)
	for i := range b {
		b[i] = byte(0xf0 + i) // bytes that give + and / in base64, - and _ in URL base64
	}
	return b
}()

func mustKey(t testing.TB, s string) sealed.Key {
	t.Helper()
	k, err := sealed.ParseKey(s)
	if err != nil {
		t.Fatalf("ParseKey: %v", err)
	}
	return k
}

func randomKey(t testing.TB) sealed.Key {
	t.Helper()
	b := make([]byte, sealed.KeySize)
	_, _ = rand.Read(b)
	return mustKey(t, hex.EncodeToString(b))
}

func TestParseKey(t *testing.T) {
	want := mustKey(t, hex.EncodeToString(raw))
	blob := want.Seal([]byte("ИИН 900101300123"), []byte("claim_file:1"))
	for _, tc := range []struct {
		name string
		s    string
	}{
		{"hex", hex.EncodeToString(raw)},
		{"hex, upper case", strings.ToUpper(hex.EncodeToString(raw))},
		{"base64", base64.StdEncoding.EncodeToString(raw)},
		{"base64 without padding", base64.RawStdEncoding.EncodeToString(raw)},
		{"URL base64", base64.URLEncoding.EncodeToString(raw)},
		{"URL base64 without padding", base64.RawURLEncoding.EncodeToString(raw)},
		{"with a trailing newline", base64.StdEncoding.EncodeToString(raw) + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := sealed.ParseKey(tc.s)
			if err != nil {
				t.Fatalf("ParseKey(%q): %v", tc.s, err)
			}
			if k.IsZero() {
				t.Fatal("IsZero() = true")
			}
			// The same key: it opens what the hex form sealed.
			got, err := k.Open(blob, []byte("claim_file:1"))
			if err != nil || string(got) != "ИИН 900101300123" {
				t.Errorf("Open = %q, %v", got, err)
			}
		})
	}
}

func TestParseKeyBad(t *testing.T) {
	secretish := hex.EncodeToString(raw[:31]) // 62 hex digits: a key with a byte missing
	for _, tc := range []struct {
		name string
		s    string
	}{
		{"empty", ""},
		{"spaces", "   "},
		{"16 bytes of hex", hex.EncodeToString(raw[:16])},
		{"31 bytes of hex", secretish},
		{"33 bytes of hex", hex.EncodeToString(append(raw, 0))},
		{"64 characters, not hex", strings.Repeat("z", 64)},
		{"16 bytes of base64", base64.StdEncoding.EncodeToString(raw[:16])},
		{"48 bytes of base64", base64.StdEncoding.EncodeToString(append(raw, raw[:16]...))},
		{"not base64", strings.Repeat("!", 44)},
		{"a passphrase", "correct horse battery staple"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := sealed.ParseKey(tc.s)
			if !errors.Is(err, sealed.ErrBadKey) {
				t.Fatalf("ParseKey(%q) = %v, want ErrBadKey", tc.s, err)
			}
			if !k.IsZero() {
				t.Error("a failed ParseKey returned a usable key")
			}
			if tc.s != "" && strings.TrimSpace(tc.s) != "" && strings.Contains(err.Error(), strings.TrimSpace(tc.s)) {
				t.Errorf("the error repeats the input: %v", err)
			}
		})
	}
}

func TestSealOpen(t *testing.T) {
	k := randomKey(t)
	other := randomKey(t)
	ad := []byte("claim_file:12")
	plain := []byte("%PDF-1.7 Заявление на возврат: Айгерим, +77773366100")
	blob := k.Seal(plain, ad)

	if len(blob) != len(plain)+sealed.Overhead {
		t.Errorf("len(blob) = %d, want %d", len(blob), len(plain)+sealed.Overhead)
	}
	if bytes.Contains(blob, []byte("Айгерим")) || bytes.Contains(blob, []byte("PDF")) {
		t.Error("the blob shows the plaintext")
	}
	tampered := func(i int) []byte {
		b := bytes.Clone(blob)
		b[i] ^= 0x01
		return b
	}

	for _, tc := range []struct {
		name    string
		key     sealed.Key
		blob    []byte
		ad      []byte
		want    []byte
		wantErr error
	}{
		{"round trip", k, blob, ad, plain, nil},
		{"wrong key", other, blob, ad, nil, sealed.ErrOpen},
		{"wrong associated data", k, blob, []byte("claim_file:13"), nil, sealed.ErrOpen},
		{"no associated data", k, blob, nil, nil, sealed.ErrOpen},
		{"tampered nonce", k, tampered(1), ad, nil, sealed.ErrOpen},
		{"tampered ciphertext", k, tampered(sealed.Overhead), ad, nil, sealed.ErrOpen},
		{"tampered tag", k, tampered(len(blob) - 1), ad, nil, sealed.ErrOpen},
		{"truncated", k, blob[:len(blob)-1], ad, nil, sealed.ErrOpen},
		{"unknown version", k, tampered(0), ad, nil, sealed.ErrMalformed},
		{"too short", k, blob[:sealed.Overhead-1], ad, nil, sealed.ErrMalformed},
		{"empty", k, nil, ad, nil, sealed.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.key.Open(tc.blob, tc.ad)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Open: %v, want %v", err, tc.wantErr)
			}
			if !bytes.Equal(got, tc.want) {
				t.Errorf("Open = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSealEmpty(t *testing.T) {
	k := randomKey(t)
	blob := k.Seal(nil, nil)
	got, err := k.Open(blob, nil)
	if err != nil || len(got) != 0 {
		t.Errorf("Open(Seal(nil)) = %q, %v", got, err)
	}
}

func TestSealNonceUnique(t *testing.T) {
	k := randomKey(t)
	plain, ad := []byte("the same receipt"), []byte("claim_file:1")
	seen := make(map[string]bool)
	for range 1000 {
		blob := k.Seal(plain, ad)
		nonce := string(blob[1:13])
		if seen[nonce] {
			t.Fatalf("nonce %x used twice", nonce)
		}
		seen[nonce] = true
	}
	a, b := k.Seal(plain, ad), k.Seal(plain, ad)
	if bytes.Equal(a, b) {
		t.Error("two seals of the same plaintext are equal")
	}
}

func TestZeroKey(t *testing.T) {
	var k sealed.Key
	if !k.IsZero() {
		t.Fatal("zero Key: IsZero() = false")
	}
	if _, err := k.Open(randomKey(t).Seal([]byte("x"), nil), nil); err == nil {
		t.Error("Open with the zero Key succeeded")
	}
	defer func() {
		if recover() == nil {
			t.Error("Seal with the zero Key did not panic")
		}
	}()
	k.Seal([]byte("x"), nil)
}

func TestKeyNeverPrints(t *testing.T) {
	k := mustKey(t, hex.EncodeToString(raw))
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("Key", "key", k)
	for _, s := range []string{
		fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s %x %X %d %q", k, k, k, k, k, k, k, k),
		fmt.Sprintf("%v", struct{ K sealed.Key }{k}), fmt.Sprintf("%+v", &k), logged.String(),
	} {
		for _, leak := range []string{hex.EncodeToString(raw), hex.EncodeToString(raw[:8]), "f0f1f2", "\xf0\xf1\xf2"} {
			if strings.Contains(strings.ToLower(s), leak) {
				t.Errorf("%q shows key bytes", s)
			}
		}
		if !strings.Contains(s, "redacted") {
			t.Errorf("%q: want the key redacted", s)
		}
	}
}
