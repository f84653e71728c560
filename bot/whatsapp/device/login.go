package device

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/skip2/go-qrcode"
	"go.mau.fi/whatsmeow"
)

// LoginClient is the part of *whatsmeow.Client that Login uses.
type LoginClient interface {
	// GetQRChannel must be called before Connect. It fails with
	// whatsmeow.ErrQRStoreContainsID when the device is already linked.
	GetQRChannel(ctx context.Context) (<-chan whatsmeow.QRChannelItem, error)
	Connect() error
	Disconnect()
	PairPhone(ctx context.Context, phone string, showPushNotification bool, clientType whatsmeow.PairClientType, clientDisplayName string) (string, error)
	// IsLoggedIn reports whether the client is connected and authenticated.
	IsLoggedIn() bool
}

var _ LoginClient = (*whatsmeow.Client)(nil)

// LoginOptions choose how Login links the device.
type LoginOptions struct {
	// Phone, when set, selects the pairing-code mode: the store's WhatsApp
	// number, international, in any common spelling ("+7 777 336-61-00").
	// Empty selects the QR mode.
	Phone string
	// PNGPath, when set, is a file each QR code is also written to as a PNG
	// image (for a terminal that cannot show the blocks); Login removes it
	// when it returns.
	PNGPath string
	// Now is the clock for the expiry times printed; time.Now if nil.
	Now func() time.Time
}

const (
	// pairDisplayName is how the device appears on the phone. WhatsApp
	// accepts only "Browser (OS)" with common browsers and systems.
	pairDisplayName = "Chrome (Linux)"
	// codesLifetime is how long the login socket stays open: whatsmeow
	// emits six QR codes (60 s, then 20 s each) and disconnects after them.
	codesLifetime = 160 * time.Second
	// settleTimeout is how long Login waits after linking for the first
	// authenticated connection, which completes the link on the phone.
	settleTimeout = 30 * time.Second
	// qrPNGSize is the side of the PNG in pixels.
	qrPNGSize = 512
)

// Login links client's device to the store's WhatsApp account and writes
// operator instructions to out. In QR mode each QR code is printed as
// terminal blocks (and written to opts.PNGPath) until the phone scans one;
// in pairing-code mode an eight-character code is printed, to be typed on
// the phone. When the device is already linked Login says so and returns
// nil without connecting.
//
// Login connects the client and disconnects it before it returns. It
// returns ErrLoginTimeout when the codes ran out, ErrClientOutdated when
// WhatsApp rejects this whatsmeow version, ErrPhone for a bad
// opts.Phone, ErrLoginFailed when WhatsApp refused the link.
func Login(ctx context.Context, client LoginClient, out io.Writer, opts LoginOptions) error {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	var phone string
	if opts.Phone != "" {
		p, err := NormalizePhone(opts.Phone)
		if err != nil {
			return fmt.Errorf("log in: %w", err)
		}
		phone = p
	}

	ch, err := client.GetQRChannel(ctx)
	if errors.Is(err, whatsmeow.ErrQRStoreContainsID) {
		fmt.Fprintln(out, "This device is already linked to WhatsApp; nothing to do.")
		return nil
	}
	if err != nil {
		return fmt.Errorf("log in: get QR channel: %w", err)
	}
	if err := client.Connect(); err != nil {
		return fmt.Errorf("log in: connect: %w", err)
	}
	defer client.Disconnect()
	if opts.PNGPath != "" {
		defer os.Remove(opts.PNGPath)
	}

	paired := false // pairing code requested
	n := 0          // QR codes shown
	for {
		var item whatsmeow.QRChannelItem
		var ok bool
		select {
		case <-ctx.Done():
			return fmt.Errorf("log in: %w", ctx.Err())
		case item, ok = <-ch:
		}
		if !ok {
			// whatsmeow closes the channel without a last item only when
			// ctx ends.
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("log in: %w", err)
			}
			return fmt.Errorf("log in: %w: the QR channel closed", ErrLoginFailed)
		}

		switch item.Event {
		case whatsmeow.QRChannelEventCode:
			if phone != "" {
				if paired {
					continue // the QR codes only count down the time
				}
				code, err := client.PairPhone(ctx, phone, true, whatsmeow.PairClientChrome, pairDisplayName)
				if err != nil {
					return fmt.Errorf("log in: request pairing code: %w", err)
				}
				paired = true
				printPairCode(out, code, now().Add(codesLifetime))
				continue
			}
			n++
			if err := printQR(out, item, n, opts.PNGPath, now()); err != nil {
				return fmt.Errorf("log in: %w", err)
			}
		case whatsmeow.QRChannelSuccess.Event:
			fmt.Fprintln(out, "Linked. Finishing the first connection...")
			if settle(ctx, client) {
				fmt.Fprintln(out, "Connected. The bot can start now.")
			} else {
				fmt.Fprintln(out, "The first connection has not finished yet; start the bot and check that it connects.")
			}
			return nil
		case whatsmeow.QRChannelTimeout.Event:
			fmt.Fprintln(out, "The codes ran out before the phone linked. Run the command again.")
			return fmt.Errorf("log in: %w", ErrLoginTimeout)
		case whatsmeow.QRChannelClientOutdated.Event:
			fmt.Fprintln(out, "WhatsApp rejected this client as outdated. Update go.mau.fi/whatsmeow, rebuild letebot and try again.")
			return fmt.Errorf("log in: %w", ErrClientOutdated)
		case whatsmeow.QRChannelScannedWithoutMultidevice.Event:
			// whatsmeow keeps the channel open: the phone may scan again.
			fmt.Fprintln(out, "The phone scanned the code without multi-device support. Update WhatsApp on the phone, then scan the next code.")
		case whatsmeow.QRChannelEventError:
			fmt.Fprintf(out, "Linking failed: %v. Run the command again.\n", item.Error)
			return fmt.Errorf("log in: %w: %w", ErrLoginFailed, item.Error)
		default: // err-unexpected-state and anything newer
			fmt.Fprintf(out, "Linking stopped: %s. Run the command again.\n", item.Event)
			return fmt.Errorf("log in: %w: %s", ErrLoginFailed, item.Event)
		}
	}
}

// printQR writes a QR code to out as terminal blocks and, if pngPath is
// set, to that file.
func printQR(out io.Writer, item whatsmeow.QRChannelItem, n int, pngPath string, now time.Time) error {
	qr, err := qrcode.New(item.Code, qrcode.Low)
	if err != nil {
		return fmt.Errorf("render QR code: %w", err)
	}
	if n == 1 {
		fmt.Fprintln(out, "Scan the QR code with the store's phone: WhatsApp → Settings → Linked devices → Link a device.")
	}
	fmt.Fprintf(out, "\nQR code %d:\n%s", n, qr.ToSmallString(false))
	if pngPath != "" {
		png, err := qr.PNG(qrPNGSize)
		if err == nil {
			err = writeFileAtomic(pngPath, png)
		}
		if err != nil {
			fmt.Fprintf(out, "Could not write the PNG %s: %v\n", pngPath, err)
		} else {
			fmt.Fprintf(out, "Also saved as %s.\n", pngPath)
		}
	}
	secs := int(item.Timeout.Round(time.Second) / time.Second)
	fmt.Fprintf(out, "Valid for %d s (until %s); a new code follows when it expires.\n", secs, now.Add(item.Timeout).Format(time.TimeOnly))
	return nil
}

func printPairCode(out io.Writer, code string, expires time.Time) {
	fmt.Fprintf(out, "Pairing code: %s\n", formatPairCode(code))
	fmt.Fprintln(out, "On the store's phone: WhatsApp → Settings → Linked devices → Link a device → Link with phone number instead, then type the code.")
	fmt.Fprintf(out, "The code expires in about %d s (until %s).\n", int(codesLifetime/time.Second), expires.Format(time.TimeOnly))
}

// formatPairCode prints an eight-character pairing code as XXXX-XXXX.
func formatPairCode(code string) string {
	c := strings.ToUpper(strings.ReplaceAll(code, "-", ""))
	if len(c) == 8 {
		return c[:4] + "-" + c[4:]
	}
	return code
}

// settle waits up to settleTimeout for the client's first authenticated
// connection after linking, and reports whether it came.
func settle(ctx context.Context, client LoginClient) bool {
	ctx, cancel := context.WithTimeout(ctx, settleTimeout)
	defer cancel()
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for !client.IsLoggedIn() {
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
	return true
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it over path, so a viewer never sees half a PNG.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly after the rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// NormalizePhone returns phone as the digits of an international number,
// without "+": "+7 777 336-61-00" → "77773366100". It accepts spaces,
// dashes, dots and parentheses, and refuses a national number (leading 0,
// or the Kazakh trunk prefix 8 as in "8 777 ...").
func NormalizePhone(phone string) (string, error) {
	s := strings.TrimSpace(phone)
	s = strings.TrimPrefix(s, "+")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", fmt.Errorf("%w: only digits, spaces, dashes and a leading + are allowed", ErrPhone)
		}
	}
	d := b.String()
	switch {
	case len(d) < 7 || len(d) > 15:
		return "", fmt.Errorf("%w: an international number has 7 to 15 digits", ErrPhone)
	case d[0] == '0':
		return "", fmt.Errorf("%w: write it in international form without the leading 0, e.g. +7 777 123 45 67", ErrPhone)
	case strings.HasPrefix(d, "87"):
		// +87x is no country; 8 7xx is how Kazakhs write +7 7xx at home.
		return "", fmt.Errorf("%w: write it in international form, +7 instead of 8", ErrPhone)
	}
	return d, nil
}
