package cloudpayments

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lete-store/letebot/shop"
)

// Kind is the notification type; each has its own URL in the cabinet.
type Kind string

const (
	Check   Kind = "check"
	Pay     Kind = "pay"
	Fail    Kind = "fail"
	Confirm Kind = "confirm"
	Refund  Kind = "refund"
	Cancel  Kind = "cancel"
)

// Kinds lists the notifications the bot serves, in the cabinet's order.
var Kinds = []Kind{Check, Pay, Fail, Confirm, Refund, Cancel}

// ParseKind maps a webhook path segment to its Kind.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// Response codes of the notification reply. Only Check may refuse.
const (
	CodeOK            = 0
	CodeUnknownOrder  = 10
	CodeWrongAccount  = 11
	CodeWrongAmount   = 12
	CodeCannotBePaid  = 13
	CodePaymentExpire = 20
)

// MaxBody bounds a notification body; real ones are a few kilobytes.
const MaxBody = 64 << 10

var (
	// ErrSignature means neither signature header matches the body.
	ErrSignature = errors.New("cloudpayments: bad or missing signature")
	// ErrMalformed means a signed body that is not a notification we understand.
	ErrMalformed = errors.New("cloudpayments: malformed notification")
)

// Verify checks the body against Content-HMAC, then X-Content-HMAC: Base64
// of HMAC-SHA256 of the body with the API secret. It runs before anything
// is parsed, so an unsigned body never reaches the parser. The provider
// signs X-Content-HMAC over the URL-decoded parameters, so that header is
// tried against both the raw and the decoded form.
func Verify(secret string, body []byte, h http.Header) error {
	if secret == "" {
		return ErrSignature
	}
	want := sign(secret, body)
	if matches(h.Get("Content-HMAC"), want) {
		return nil
	}
	x := h.Get("X-Content-HMAC")
	if matches(x, want) {
		return nil
	}
	if decoded, err := url.QueryUnescape(string(body)); err == nil && decoded != string(body) {
		if matches(x, sign(secret, []byte(decoded))) {
			return nil
		}
	}
	return ErrSignature
}

// Sign returns the Content-HMAC value for body, as the provider computes it.
// The bot's own test payment page signs with it too.
func Sign(secret string, body []byte) string {
	return base64.StdEncoding.EncodeToString(sign(secret, body))
}

func sign(secret string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return m.Sum(nil)
}

func matches(header string, want []byte) bool {
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(header))
	if err != nil || len(got) == 0 {
		return false
	}
	return hmac.Equal(got, want)
}

// Notification is the part of a notification the store acts on. Card
// details other than the masked last four digits are not kept: they are
// never needed and must never reach a log.
type Notification struct {
	Kind Kind
	// TransactionID is the provider's transaction; for Refund, the refund's own.
	TransactionID int64
	// PaymentTransactionID is the refunded payment (Refund only).
	PaymentTransactionID int64
	InvoiceID            string // our order number
	AccountID            string // our customer id
	Amount               shop.Money
	// WholeAmount is false when Amount had tiyn: our prices are whole tenge,
	// so such an amount never matches an order.
	WholeAmount   bool
	Currency      string
	Status        string
	OperationType string
	TestMode      bool
	CardLastFour  string
	DateTime      time.Time
	Reason        string // Fail only: the provider's text
	ReasonCode    int    // Fail only
}

// DedupeKey identifies one event: the provider may deliver it again.
func (n Notification) DedupeKey() string {
	return "cp:" + string(n.Kind) + ":" + strconv.FormatInt(n.TransactionID, 10)
}

// Parse reads a verified notification body, form-encoded (the cabinet's
// "CloudPayments" format) or JSON, chosen by Content-Type.
func Parse(kind Kind, contentType string, body []byte) (Notification, error) {
	fields, err := decodeFields(contentType, body)
	if err != nil {
		return Notification{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	n := Notification{
		Kind:          kind,
		InvoiceID:     fields["InvoiceId"],
		AccountID:     fields["AccountId"],
		Currency:      fields["Currency"],
		Status:        fields["Status"],
		OperationType: fields["OperationType"],
		Reason:        fields["Reason"],
		TestMode:      fields["TestMode"] == "1" || strings.EqualFold(fields["TestMode"], "true"),
	}
	if n.TransactionID, err = strconv.ParseInt(fields["TransactionId"], 10, 64); err != nil || n.TransactionID <= 0 {
		return Notification{}, fmt.Errorf("%w: TransactionId %q", ErrMalformed, fields["TransactionId"])
	}
	if kind == Refund {
		if n.PaymentTransactionID, err = strconv.ParseInt(fields["PaymentTransactionId"], 10, 64); err != nil {
			return Notification{}, fmt.Errorf("%w: PaymentTransactionId %q", ErrMalformed, fields["PaymentTransactionId"])
		}
	}
	if n.Amount, n.WholeAmount, err = ParseAmount(fields["Amount"]); err != nil {
		return Notification{}, fmt.Errorf("%w: Amount: %v", ErrMalformed, err)
	}
	if s := fields["ReasonCode"]; s != "" {
		if n.ReasonCode, err = strconv.Atoi(s); err != nil {
			return Notification{}, fmt.Errorf("%w: ReasonCode %q", ErrMalformed, s)
		}
	}
	if last := fields["CardLastFour"]; len(last) == 4 && isDigits(last) {
		n.CardLastFour = last
	}
	if s := fields["DateTime"]; s != "" {
		// The provider sends UTC as "2006-01-02 15:04:05".
		if t, err := time.Parse(time.DateTime, s); err == nil {
			n.DateTime = t.UTC()
		} else if t, err := time.Parse(time.RFC3339, s); err == nil {
			n.DateTime = t.UTC()
		}
	}
	return n, nil
}

// decodeFields flattens a body into its top-level string fields.
func decodeFields(contentType string, body []byte) (map[string]string, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	if strings.Contains(mt, "json") {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var raw map[string]any
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out := make(map[string]string, len(raw))
		for k, v := range raw {
			switch v := v.(type) {
			case string:
				out[k] = v
			case json.Number:
				out[k] = v.String()
			case bool:
				out[k] = strconv.FormatBool(v)
			}
		}
		return out, nil
	}
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(vals))
	for k, v := range vals {
		out[k] = v[0]
	}
	return out, nil
}

// ParseAmount reads a decimal amount in tenge ("1500", "1500.00",
// "1500,5"). whole is false when it has a non-zero fraction.
func ParseAmount(s string) (m shop.Money, whole bool, err error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" || !isDigits(intPart) || len(intPart) > 12 || (frac != "" && !isDigits(frac)) {
		return 0, false, fmt.Errorf("not an amount: %q", s)
	}
	v, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return 0, false, err
	}
	return shop.Money(v), strings.Trim(frac, "0") == "", nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Reply is the JSON answer to a notification.
type Reply struct {
	Code int `json:"code"`
}

// GroupOf sorts a ReasonCode into the group the customer is told about.
// Lost, stolen and suspected-fraud codes fall into Other: a customer is
// never told those.
func GroupOf(code int) shop.DeclineGroup {
	switch code {
	case 5001, 5003, 5005, 5012, 5036, 5057, 5058, 5062, 5065, 5206, 5207:
		return shop.DeclineNotEnabled
	case 5051, 5061:
		return shop.DeclineNoFunds
	case 5006, 5014, 5015, 5031, 5082:
		return shop.DeclineWrongDetails
	case 5054:
		return shop.DeclineExpired
	default:
		return shop.DeclineOther
	}
}
