// Package sealed encrypts personal data at rest: a customer's identity
// document, receipts, the refund application the bot fills in. It is
// AES-256-GCM with a random nonce per blob; associated data binds a blob to
// the row it belongs to ("claim_file:12"), so a blob copied into another
// row does not open there.
//
// A sealed blob is a version byte, the 12-byte nonce, then the ciphertext
// with its 16-byte tag. The version names the key and the scheme, so that a
// later key can be introduced beside this one and old blobs still open.
//
// The package keeps no state and logs nothing; a Key never prints itself.
package sealed

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// KeySize is the length of a key in bytes: AES-256.
const KeySize = 32

// version1 marks a blob sealed with AES-256-GCM under the (only) key.
const version1 byte = 1

const (
	nonceSize = 12
	tagSize   = 16
	// Overhead is how many bytes Seal adds to the plaintext.
	Overhead = 1 + nonceSize + tagSize
)

var (
	// ErrBadKey is returned by ParseKey for a string that is not 32 bytes
	// in base64 or hex.
	ErrBadKey = errors.New("sealed: key must be 32 bytes, as base64 (44 or 43 characters) or 64 hex digits")
	// ErrMalformed is returned by Open for a blob too short to be sealed
	// or of an unknown version.
	ErrMalformed = errors.New("sealed: not a sealed blob")
	// ErrOpen is returned by Open when the blob does not authenticate: the
	// wrong key, the wrong associated data, or a changed byte.
	ErrOpen = errors.New("sealed: cannot open: wrong key, wrong associated data or damaged blob")
)

// Key is an AES-256-GCM key. The zero Key is no key: IsZero reports it,
// and Seal and Open refuse it. It formats as "sealed.Key(redacted)"
// whatever the verb, so it never ends up in a log by accident.
type Key struct {
	aead cipher.AEAD
}

// ParseKey reads a 32-byte key written as base64 (standard or URL
// alphabet, with or without padding) or as 64 hex digits. Surrounding
// white space is ignored. The error never repeats the input.
func ParseKey(s string) (Key, error) {
	s = strings.TrimSpace(s)
	raw, ok := decodeKey(s)
	if !ok {
		return Key{}, ErrBadKey
	}
	return newKey(raw)
}

// decodeKey tries hex, then the four base64 flavours, and accepts the
// first that gives exactly KeySize bytes. A 64-character base64 string
// would be 48 bytes, so hex and base64 cannot be confused.
func decodeKey(s string) ([]byte, bool) {
	if len(s) == 2*KeySize {
		if b, err := hex.DecodeString(s); err == nil {
			return b, true
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == KeySize {
			return b, true
		}
	}
	return nil, false
}

func newKey(raw []byte) (Key, error) {
	block, err := aes.NewCipher(raw)
	if err != nil {
		return Key{}, fmt.Errorf("sealed: %w", err)
	}
	aead, err := cipher.NewGCMWithNonceSize(block, nonceSize)
	if err != nil {
		return Key{}, fmt.Errorf("sealed: %w", err)
	}
	return Key{aead: aead}, nil
}

// IsZero reports whether k is the zero Key, no key at all.
func (k Key) IsZero() bool { return k.aead == nil }

// Seal encrypts plaintext and binds it to associatedData, which Open must
// be given again. Two seals of the same plaintext differ (a fresh random
// nonce each time). It panics on the zero Key: sealing without a key is a
// bug of the caller, which must check IsZero.
func (k Key) Seal(plaintext, associatedData []byte) []byte {
	if k.IsZero() {
		panic("sealed: Seal with the zero Key")
	}
	out := make([]byte, 1+nonceSize, 1+nonceSize+len(plaintext)+tagSize)
	out[0] = version1
	// crypto/rand.Read never fails: on a broken system it crashes the
	// program rather than return a predictable nonce.
	_, _ = rand.Read(out[1 : 1+nonceSize])
	return k.aead.Seal(out, out[1:1+nonceSize], plaintext, associatedData)
}

// Open decrypts a blob Seal made with the same key and associated data.
// It returns ErrMalformed for what is not a sealed blob and ErrOpen for a
// blob that does not authenticate.
func (k Key) Open(sealed, associatedData []byte) ([]byte, error) {
	if k.IsZero() {
		return nil, errors.New("sealed: Open with the zero Key")
	}
	if len(sealed) < Overhead || sealed[0] != version1 {
		return nil, ErrMalformed
	}
	nonce, box := sealed[1:1+nonceSize], sealed[1+nonceSize:]
	plain, err := k.aead.Open(nil, nonce, box, associatedData)
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// redacted is how a Key prints.
const redacted = "sealed.Key(redacted)"

// String hides the key.
func (k Key) String() string { return redacted }

// GoString hides the key from %#v.
func (k Key) GoString() string { return redacted }

// Format hides the key from every fmt verb (%x and %d included).
func (k Key) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// LogValue hides the key from slog.
func (k Key) LogValue() slog.Value { return slog.StringValue(redacted) }
