package catalogfile

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/lete-store/letebot/shop"
)

// checkParsed holds for any input: an error means no data; no error means
// data that shop.NewCatalog accepts.
func checkParsed(t *testing.T, cats []shop.Category, prods []shop.Product, err error) {
	if err != nil {
		if cats != nil || prods != nil {
			t.Fatalf("data returned with an error: %v", err)
		}
		var e *Error
		if !errors.As(err, &e) || len(e.Problems) == 0 {
			t.Fatalf("err = %v (%T), want an *Error with problems", err, err)
		}
		return
	}
	if _, err := shop.NewCatalog(cats, prods); err != nil {
		t.Fatalf("Parse accepted what NewCatalog rejects: %v", err)
	}
}

func FuzzParseCSV(f *testing.F) {
	sample, err := os.ReadFile("sample.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add([]byte(goodCSV))
	f.Add([]byte("sku;category;category_kk;category_ru;name_kk;name_ru;price;variant;stock\nA;c;К;К;А;Б;1 000;A-1;1\n"))
	f.Add([]byte("sku,category\n\"a\"\"b\",\"c\nd\"\n"))
	f.Add([]byte("\uFEFF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cats, prods, err := Parse("fuzz.csv", bytes.NewReader(data))
		checkParsed(t, cats, prods, err)
	})
}

func FuzzParseYAML(f *testing.F) {
	f.Add(sampleYAML)
	f.Add([]byte(goodYAML))
	f.Add([]byte("categories: &a [*a]\n"))
	f.Add([]byte("products:\n  - {sku: A, variants: [{id: A, retail: {astana: -1}}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cats, prods, err := Parse("fuzz.yaml", bytes.NewReader(data))
		checkParsed(t, cats, prods, err)
	})
}
