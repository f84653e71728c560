package device

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
)

// fakeLogin is a LoginClient whose QR channel the test feeds.
type fakeLogin struct {
	linked   bool                         // the store has a device ID
	items    chan whatsmeow.QRChannelItem // what GetQRChannel returns
	pairCode string                       // PairPhone's answer
	pairErr  error

	mu           sync.Mutex
	connected    bool
	connects     int
	disconnects  int
	pairedPhones []string
	pairedNames  []string
}

func newFakeLogin() *fakeLogin {
	return &fakeLogin{items: make(chan whatsmeow.QRChannelItem), pairCode: "ABCD-EFGH"}
}

func (f *fakeLogin) GetQRChannel(context.Context) (<-chan whatsmeow.QRChannelItem, error) {
	if f.linked {
		return nil, whatsmeow.ErrQRStoreContainsID
	}
	return f.items, nil
}

func (f *fakeLogin) Connect() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.connected = true
	f.connects++
	return nil
}

func (f *fakeLogin) Disconnect() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.connected = false
	f.disconnects++
}

func (f *fakeLogin) PairPhone(_ context.Context, phone string, _ bool, _ whatsmeow.PairClientType, name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pairedPhones = append(f.pairedPhones, phone)
	f.pairedNames = append(f.pairedNames, name)
	return f.pairCode, f.pairErr
}

func (f *fakeLogin) IsLoggedIn() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.connected
}

var testNow = func() time.Time { return time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC) }

// runLogin starts Login and returns a function that waits for its error.
func runLogin(f *fakeLogin, out *bytes.Buffer, opts LoginOptions) func() error {
	if opts.Now == nil {
		opts.Now = testNow
	}
	done := make(chan error, 1)
	go func() { done <- Login(context.Background(), f, out, opts) }()
	return func() error {
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("Login did not return")
		}
	}
}

func qrCode(data string, timeout time.Duration) whatsmeow.QRChannelItem {
	return whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: data, Timeout: timeout}
}

func TestLoginQR(t *testing.T) {
	f := newFakeLogin()
	var out bytes.Buffer
	pngPath := filepath.Join(t.TempDir(), "whatsapp-login.png")
	wait := runLogin(f, &out, LoginOptions{PNGPath: pngPath})

	f.items <- qrCode("2@first-code,noise,identity,adv", 60*time.Second)
	// Login takes the next item only after it handled the first: the PNG
	// is there.
	f.items <- qrCode("2@second-code,noise,identity,adv", 20*time.Second)
	checkPNG(t, pngPath)
	f.items <- whatsmeow.QRChannelSuccess
	if err := wait(); err != nil {
		t.Fatalf("Login: %v", err)
	}

	text := out.String()
	for _, want := range []string{
		"Linked devices → Link a device",
		"QR code 1:",
		"QR code 2:",
		"Valid for 60 s (until 14:01:00); a new code follows",
		"Valid for 20 s (until 14:00:20)",
		"Also saved as " + pngPath,
		"Linked.",
		"Connected.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if !strings.ContainsAny(text, "█▀▄") {
		t.Errorf("output has no QR blocks:\n%s", text)
	}
	if _, err := os.Stat(pngPath); !os.IsNotExist(err) {
		t.Errorf("PNG still there after Login: %v", err)
	}
	if f.connects != 1 || f.disconnects != 1 {
		t.Errorf("connects, disconnects = %d, %d; want 1, 1", f.connects, f.disconnects)
	}
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	defer file.Close()
	img, err := png.Decode(file)
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != qrPNGSize || b.Dy() != qrPNGSize {
		t.Errorf("PNG is %v, want %dx%d", b, qrPNGSize, qrPNGSize)
	}
}

func TestLoginEnds(t *testing.T) {
	pairErr := errors.New("pair error from the server")
	for _, tc := range []struct {
		name     string
		last     whatsmeow.QRChannelItem
		wantErr  error
		wantText string
	}{
		{"timeout", whatsmeow.QRChannelTimeout, ErrLoginTimeout, "The codes ran out before the phone linked. Run the command again."},
		{"outdated", whatsmeow.QRChannelClientOutdated, ErrClientOutdated, "rejected this client as outdated"},
		{"pair_error", whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventError, Error: pairErr}, pairErr, "Linking failed: pair error from the server"},
		{"unexpected_state", whatsmeow.QRChannelErrUnexpectedEvent, ErrLoginFailed, "Linking stopped: err-unexpected-state"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeLogin()
			var out bytes.Buffer
			wait := runLogin(f, &out, LoginOptions{})
			f.items <- qrCode("2@code", 60*time.Second)
			f.items <- tc.last
			err := wait()
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Login: %v, want %v", err, tc.wantErr)
			}
			if !strings.Contains(out.String(), tc.wantText) {
				t.Errorf("output lacks %q:\n%s", tc.wantText, out.String())
			}
			if f.disconnects != 1 {
				t.Errorf("disconnects = %d, want 1", f.disconnects)
			}
		})
	}
}

func TestLoginPairCode(t *testing.T) {
	f := newFakeLogin()
	f.pairCode = "abcdefgh"
	var out bytes.Buffer
	wait := runLogin(f, &out, LoginOptions{Phone: "+7 777 336-61-00"})
	f.items <- qrCode("2@code-1", 60*time.Second)
	f.items <- qrCode("2@code-2", 20*time.Second) // counts the time, not shown
	f.items <- whatsmeow.QRChannelSuccess
	if err := wait(); err != nil {
		t.Fatalf("Login: %v", err)
	}
	text := out.String()
	for _, want := range []string{
		"Pairing code: ABCD-EFGH",
		"Linked devices → Link a device → Link with phone number",
		"expires in about 160 s (until 14:02:40)",
		"Linked.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.ContainsAny(text, "█▀▄") || strings.Contains(text, "QR code") {
		t.Errorf("pairing-code mode printed a QR code:\n%s", text)
	}
	if len(f.pairedPhones) != 1 || f.pairedPhones[0] != "77773366100" || f.pairedNames[0] != "Chrome (Linux)" {
		t.Errorf("PairPhone calls: phones %q, names %q; want one for 77773366100 as Chrome (Linux)", f.pairedPhones, f.pairedNames)
	}
}

func TestLoginPairCodeTimeout(t *testing.T) {
	f := newFakeLogin()
	var out bytes.Buffer
	wait := runLogin(f, &out, LoginOptions{Phone: "77773366100"})
	f.items <- qrCode("2@code-1", 60*time.Second)
	f.items <- whatsmeow.QRChannelTimeout
	if err := wait(); !errors.Is(err, ErrLoginTimeout) {
		t.Fatalf("Login: %v, want ErrLoginTimeout", err)
	}
	if !strings.Contains(out.String(), "Pairing code: ABCD-EFGH") || !strings.Contains(out.String(), "Run the command again") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestLoginPairCodeRefused(t *testing.T) {
	f := newFakeLogin()
	f.pairErr = errors.New("400 bad request")
	var out bytes.Buffer
	wait := runLogin(f, &out, LoginOptions{Phone: "77773366100"})
	f.items <- qrCode("2@code-1", 60*time.Second)
	if err := wait(); !errors.Is(err, f.pairErr) {
		t.Fatalf("Login: %v, want the PairPhone error", err)
	}
	if f.disconnects != 1 {
		t.Errorf("disconnects = %d, want 1", f.disconnects)
	}
}

func TestLoginAlreadyLinked(t *testing.T) {
	f := newFakeLogin()
	f.linked = true
	var out bytes.Buffer
	if err := Login(context.Background(), f, &out, LoginOptions{Phone: "77773366100"}); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if !strings.Contains(out.String(), "already linked") {
		t.Errorf("output:\n%s", out.String())
	}
	if f.connects != 0 || len(f.pairedPhones) != 0 {
		t.Errorf("connects %d, pair calls %d; want none", f.connects, len(f.pairedPhones))
	}
}

func TestLoginBadPhone(t *testing.T) {
	f := newFakeLogin()
	err := Login(context.Background(), f, &bytes.Buffer{}, LoginOptions{Phone: "8 777 336 61 00"})
	if !errors.Is(err, ErrPhone) {
		t.Fatalf("Login: %v, want ErrPhone", err)
	}
	if f.connects != 0 {
		t.Errorf("connected %d times with a bad phone", f.connects)
	}
}

func TestLoginContextEnds(t *testing.T) {
	f := newFakeLogin()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Login(ctx, f, &bytes.Buffer{}, LoginOptions{}) }()
	f.items <- qrCode("2@code", 60*time.Second)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Login: %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Login did not return after cancel")
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"+7 777 336-61-00", "77773366100"},
		{"77773366100", "77773366100"},
		{"+7 (777) 336.61.00", "77773366100"},
		{" +49 30 1234567 ", "49301234567"},
		{"8 777 336 61 00", ""},   // Kazakh national form
		{"07773366100", ""},       // leading 0
		{"+7 777", ""},            // too short
		{"+1234567890123456", ""}, // too long
		{"+7 777 ABC 61 00", ""},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := NormalizePhone(tc.in)
			if tc.want == "" {
				if !errors.Is(err, ErrPhone) {
					t.Fatalf("NormalizePhone(%q) = %q, %v; want ErrPhone", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("NormalizePhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestFormatPairCode(t *testing.T) {
	for in, want := range map[string]string{"ABCD-EFGH": "ABCD-EFGH", "abcdefgh": "ABCD-EFGH", "odd": "odd"} {
		if got := formatPairCode(in); got != want {
			t.Errorf("formatPairCode(%q) = %q, want %q", in, got, want)
		}
	}
}
