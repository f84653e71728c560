package cloudpayments

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/lete-store/letebot/shop"
)

const secret = "api-secret-123"

// payForm is a Pay notification as the cabinet's "CloudPayments" format
// posts it (application/x-www-form-urlencoded, UTF-8).
var payForm = url.Values{
	"TransactionId": {"504"}, "Amount": {"24500.00"}, "Currency": {"KZT"},
	"PaymentAmount": {"24500.00"}, "PaymentCurrency": {"KZT"}, "DateTime": {"2026-11-25 10:15:00"},
	"CardFirstSix": {"424242"}, "CardLastFour": {"4242"}, "CardType": {"Visa"}, "CardExpDate": {"12/28"},
	"TestMode": {"1"}, "Status": {"Completed"}, "OperationType": {"Payment"},
	"InvoiceId": {"LT-00042"}, "AccountId": {"tg:77"}, "Email": {"aru@example.kz"},
	"Name": {"ARU NURLANOVA"}, "Description": {"Lete store, заказ LT-00042"},
}.Encode()

const payJSON = `{"TransactionId":504,"Amount":24500.00,"Currency":"KZT","DateTime":"2026-11-25 10:15:00",` +
	`"CardLastFour":"4242","TestMode":true,"Status":"Completed","OperationType":"Payment",` +
	`"InvoiceId":"LT-00042","AccountId":"tg:77","Data":{"lang":"kk"}}`

func signed(body string, header string) http.Header {
	h := http.Header{}
	if header != "" {
		h.Set(header, Sign(secret, []byte(body)))
	}
	return h
}

func TestVerify(t *testing.T) {
	decoded, _ := url.QueryUnescape(payForm)
	tests := []struct {
		name string
		body string
		h    http.Header
		ok   bool
	}{
		{"Content-HMAC", payForm, signed(payForm, "Content-HMAC"), true},
		{"X-Content-HMAC over the raw body", payForm, signed(payForm, "X-Content-HMAC"), true},
		{"X-Content-HMAC over the decoded body", payForm, http.Header{"X-Content-Hmac": {Sign(secret, []byte(decoded))}}, true},
		{"JSON body", payJSON, signed(payJSON, "Content-HMAC"), true},
		{"missing header", payForm, http.Header{}, false},
		{"other secret", payForm, http.Header{"Content-Hmac": {Sign("guess", []byte(payForm))}}, false},
		{"body changed after signing", payForm + "&Amount=1", signed(payForm, "Content-HMAC"), false},
		{"not base64", payForm, http.Header{"Content-Hmac": {"%%%"}}, false},
		{"empty value", payForm, http.Header{"Content-Hmac": {""}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(secret, []byte(tt.body), tt.h)
			if (err == nil) != tt.ok {
				t.Errorf("Verify = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrSignature) {
				t.Errorf("err = %v, want ErrSignature", err)
			}
		})
	}
	if Verify("", []byte(payForm), signed(payForm, "Content-HMAC")) == nil {
		t.Error("an empty secret verified a body")
	}
}

func TestParseBothEncodings(t *testing.T) {
	for _, tt := range []struct{ name, ct, body string }{
		{"form", "application/x-www-form-urlencoded; charset=utf-8", payForm},
		{"json", "application/json", payJSON},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(Pay, tt.ct, []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			want := Notification{
				Kind: Pay, TransactionID: 504, InvoiceID: "LT-00042", AccountID: "tg:77",
				Amount: 24500, WholeAmount: true, Currency: "KZT", Status: "Completed",
				OperationType: "Payment", TestMode: true, CardLastFour: "4242",
				DateTime: n.DateTime,
			}
			if n != want {
				t.Errorf("got  %+v\nwant %+v", n, want)
			}
			if n.DateTime.IsZero() || n.DateTime.Hour() != 10 {
				t.Errorf("DateTime = %v", n.DateTime)
			}
			if n.DedupeKey() != "cp:pay:504" {
				t.Errorf("DedupeKey = %q", n.DedupeKey())
			}
		})
	}
}

func TestParseFailAndRefund(t *testing.T) {
	fail := url.Values{"TransactionId": {"505"}, "Amount": {"24500"}, "Currency": {"KZT"},
		"InvoiceId": {"LT-00042"}, "Reason": {"InsufficientFunds"}, "ReasonCode": {"5051"}}.Encode()
	n, err := Parse(Fail, "application/x-www-form-urlencoded", []byte(fail))
	if err != nil || n.ReasonCode != 5051 || GroupOf(n.ReasonCode) != shop.DeclineNoFunds {
		t.Errorf("fail = %+v, %v", n, err)
	}
	refund := `{"TransactionId":901,"PaymentTransactionId":504,"Amount":"12000.00","InvoiceId":"LT-00042","OperationType":"Refund"}`
	n, err = Parse(Refund, "application/json", []byte(refund))
	if err != nil || n.TransactionID != 901 || n.PaymentTransactionID != 504 || n.Amount != 12000 {
		t.Errorf("refund = %+v, %v", n, err)
	}
	if n.DedupeKey() != "cp:refund:901" {
		t.Errorf("refund DedupeKey = %q", n.DedupeKey())
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct{ name, ct, body string }{
		{"no transaction", "application/x-www-form-urlencoded", "InvoiceId=LT-00042&Amount=1"},
		{"negative transaction", "application/x-www-form-urlencoded", "TransactionId=-4&Amount=1"},
		{"amount not a number", "application/x-www-form-urlencoded", "TransactionId=4&Amount=abc"},
		{"negative amount", "application/json", `{"TransactionId":4,"Amount":-5}`},
		{"bad reason code", "application/x-www-form-urlencoded", "TransactionId=4&Amount=1&ReasonCode=x"},
		{"broken json", "application/json", `{"TransactionId":`},
		{"bad form escape", "application/x-www-form-urlencoded", "TransactionId=%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(Pay, tt.ct, []byte(tt.body)); !errors.Is(err, ErrMalformed) {
				t.Errorf("err = %v, want ErrMalformed", err)
			}
		})
	}
	if _, err := Parse(Refund, "application/json", []byte(`{"TransactionId":4,"Amount":1}`)); !errors.Is(err, ErrMalformed) {
		t.Errorf("a refund without PaymentTransactionId parsed: %v", err)
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in    string
		want  shop.Money
		whole bool
		ok    bool
	}{
		{"24500", 24500, true, true},
		{"24500.00", 24500, true, true},
		{"24500,0", 24500, true, true},
		{"24500.50", 24500, false, true},
		{" 1 ", 1, true, true},
		{"", 0, false, false},
		{"-1", 0, false, false},
		{"1e5", 0, false, false},
		{"1.2.3", 0, false, false},
		{"9999999999999", 0, false, false},
	}
	for _, tt := range tests {
		got, whole, err := ParseAmount(tt.in)
		if (err == nil) != tt.ok || got != tt.want || whole != tt.whole {
			t.Errorf("ParseAmount(%q) = %d, %v, %v", tt.in, got, whole, err)
		}
	}
}

func TestGroupOfNeverBlamesTheCustomer(t *testing.T) {
	tests := map[int]shop.DeclineGroup{
		5001: shop.DeclineNotEnabled, 5005: shop.DeclineNotEnabled, 5057: shop.DeclineNotEnabled, 5206: shop.DeclineNotEnabled,
		5051: shop.DeclineNoFunds, 5061: shop.DeclineNoFunds,
		5014: shop.DeclineWrongDetails, 5082: shop.DeclineWrongDetails, 5006: shop.DeclineWrongDetails,
		5054: shop.DeclineExpired,
		// Lost, stolen and fraud codes are told as "other": contact the bank.
		5004: shop.DeclineOther, 5007: shop.DeclineOther, 5041: shop.DeclineOther, 5043: shop.DeclineOther,
		5034: shop.DeclineOther, 5059: shop.DeclineOther, 5063: shop.DeclineOther,
		5091: shop.DeclineOther, 0: shop.DeclineOther, 6001: shop.DeclineOther,
	}
	for code, want := range tests {
		if got := GroupOf(code); got != want {
			t.Errorf("GroupOf(%d) = %s, want %s", code, got, want)
		}
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range Kinds {
		if got, ok := ParseKind(string(k)); !ok || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, ok)
		}
	}
	if _, ok := ParseKind("recurrent"); ok {
		t.Error("recurrent is not served")
	}
}

func FuzzParse(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", []byte(payForm))
	f.Add("application/json", []byte(payJSON))
	f.Add("application/json", []byte(`{"TransactionId":1e400,"Amount":[1]}`))
	f.Add("text/plain", []byte("TransactionId=1&Amount=1.5&PaymentTransactionId=2"))
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		for _, k := range Kinds {
			n, err := Parse(k, ct, body)
			if err != nil {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("error %v is not ErrMalformed", err)
				}
				continue
			}
			if n.TransactionID <= 0 || n.Amount < 0 || n.Kind != k {
				t.Fatalf("accepted %+v", n)
			}
			if n.CardLastFour != "" && len(n.CardLastFour) != 4 {
				t.Fatalf("card digits kept: %q", n.CardLastFour)
			}
		}
	})
}
