package messages

import (
	"strings"
	"testing"
	"text/template"

	"github.com/lete-store/letebot/shop"
)

func TestDistance(t *testing.T) {
	const nbsp = "\u00a0"
	tests := []struct {
		name string
		in   float64
		want string
	}{
		{"zero", 0, "0" + nbsp + "м"},
		{"rounds up to ten metres", 349, "350" + nbsp + "м"},
		{"rounds down to ten metres", 994, "990" + nbsp + "м"},
		{"just under the switch", 994.9, "990" + nbsp + "м"},
		{"switches to kilometres", 995, "1,0" + nbsp + "км"},
		{"a kilometre", 1000, "1,0" + nbsp + "км"},
		{"kilometres", 1234, "1,2" + nbsp + "км"},
		{"rounds half up", 1250, "1,3" + nbsp + "км"},
		{"far", 15750, "15,8" + nbsp + "км"},
		{"another city", 123456, "123,5" + nbsp + "км"},
	}
	c := newCatalog(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Distance(tc.in)
			if got != tc.want {
				t.Errorf("Distance(%v) = %q, want %q", tc.in, got, tc.want)
			}
			if strings.Contains(got, " ") {
				t.Errorf("Distance(%v) = %q contains an ordinary space", tc.in, got)
			}
			if strings.Contains(got, ".") {
				t.Errorf("Distance(%v) = %q has a decimal point, want a comma", tc.in, got)
			}
			// The same through the template function texts use, in
			// both languages: the unit does not change.
			for _, lang := range shop.Langs {
				tmpl := template.Must(template.New(tc.name).Funcs(c.funcs(lang)).Parse(`{{distance .M}}`))
				var b strings.Builder
				if err := tmpl.Execute(&b, Args{"M": tc.in}); err != nil {
					t.Fatalf("%s: execute: %v", lang, err)
				}
				if b.String() != tc.want {
					t.Errorf("%s: distance = %q, want %q", lang, b.String(), tc.want)
				}
			}
		})
	}
}

func TestTrunc(t *testing.T) {
	c := newCatalog(t)
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short", "ул. Кенесары, 40", 44, "ул. Кенесары, 40"},
		{"exact", "12345", 5, "12345"},
		{"cut", "123456", 5, "1234…"},
		{"cut counts letters, not bytes", "Қабанбай батыра", 8, "Қабанба…"},
		{"no space before the ellipsis", "пр. Абая, 10", 5, "пр.…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := template.Must(template.New(tc.name).Funcs(c.funcs(shop.Russian)).Parse(`{{trunc .S .N}}`))
			var b strings.Builder
			if err := tmpl.Execute(&b, Args{"S": tc.in, "N": tc.n}); err != nil {
				t.Fatalf("execute: %v", err)
			}
			if b.String() != tc.want {
				t.Errorf("trunc(%q, %d) = %q, want %q", tc.in, tc.n, b.String(), tc.want)
			}
		})
	}
}
