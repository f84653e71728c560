package catalogfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/lete-store/letebot/shop"
)

var update = flag.Bool("update", false, "rewrite sample.csv from sample.yaml")

// want is an expected problem: its line and a part of its message.
type want struct {
	line int
	msg  string
}

// checkProblems asserts that Parse failed with exactly the problems wanted
// and returned no data.
func checkProblems(t *testing.T, cats []shop.Category, prods []shop.Product, err error, wants []want) {
	t.Helper()
	if cats != nil || prods != nil {
		t.Errorf("got data with an error: %d categories, %d products", len(cats), len(prods))
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *Error", err, err)
	}
	if len(e.Problems) != len(wants) {
		t.Fatalf("got %d problems, want %d:\n%v", len(e.Problems), len(wants), err)
	}
	for i, w := range wants {
		p := e.Problems[i]
		if p.Line != w.line || !strings.Contains(p.Msg, w.msg) {
			t.Errorf("problem %d = line %d %q, want line %d containing %q\nall:\n%v", i, p.Line, p.Msg, w.line, w.msg, err)
		}
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		wantErr error
	}{
		{"csv", "catalog.csv", nil},
		{"upper case extension", "CATALOG.CSV", nil},
		{"yaml", "catalog.yaml", nil},
		{"yml", "catalog.yml", nil},
		{"xlsx", "catalog.xlsx", ErrUnknownFormat},
		{"no extension", "catalog", ErrUnknownFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(tt.file, strings.NewReader(""))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), ".csv, .yaml or .yml") {
					t.Errorf("err = %q, want it to name the formats", err)
				}
				return
			}
			// The format is known: the empty file is the problem.
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), "file is empty") {
				t.Fatalf("err = %v, want file is empty", err)
			}
		})
	}
}

func TestParseFileProblems(t *testing.T) {
	const hdr = "sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,stock\n"
	big := hdr + strings.Repeat("#", MaxBytes)
	var many strings.Builder
	many.WriteString(hdr)
	for i := range MaxProducts + 1 {
		fmt.Fprintf(&many, "P%d,c,К,К,А,Б,100,V%d,1\n", i, i)
	}
	tests := []struct {
		name  string
		file  string
		input string
		want  []want
	}{
		{"empty csv", "c.csv", "", []want{{0, "file is empty"}}},
		{"blank csv", "c.csv", " \r\n\n", []want{{0, "file is empty"}}},
		{"only a BOM", "c.csv", "\uFEFF", []want{{0, "file is empty"}}},
		{"empty yaml", "c.yaml", "", []want{{0, "file is empty"}}},
		{"yaml with only comments", "c.yaml", "# nothing yet\n", []want{{0, "file is empty"}}},
		{"too big csv", "c.csv", big, []want{{0, "larger than 10 MB"}}},
		{"too big yaml", "c.yaml", big, []want{{0, "larger than 10 MB"}}},
		{"too many products", "c.csv", many.String(), []want{{MaxProducts + 2, "more than 5000 products"}}},
		{"windows-1251", "c.csv", hdr + "A,c,К,К,\xcf\xeb\xe0\xf2\xfc\xe5,Б,100,V,1\n", []want{{2, "not UTF-8"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cats, prods, err := Parse(tt.file, strings.NewReader(tt.input))
			checkProblems(t, cats, prods, err, tt.want)
		})
	}
}

func TestParseTooManyYAMLProducts(t *testing.T) {
	var b strings.Builder
	b.WriteString("categories: [{id: c, name: {kk: К, ru: К}}]\nproducts:\n")
	for i := range MaxProducts + 1 {
		fmt.Fprintf(&b, "  - {sku: P%d, category: c, name: {kk: А, ru: Б}, price: 100, variants: [{id: V%d, stock: 1}]}\n", i, i)
	}
	cats, prods, err := Parse("c.yaml", strings.NewReader(b.String()))
	checkProblems(t, cats, prods, err, []want{{MaxProducts + 3, "more than 5000 products"}})
}

func TestParseReadError(t *testing.T) {
	boom := errors.New("connection reset")
	_, _, err := Parse("c.csv", iotest.ErrReader(boom))
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want it to wrap %v", err, boom)
	}
	if e := (*Error)(nil); errors.As(err, &e) {
		t.Errorf("a read failure is not a problem of the file: %v", err)
	}
}

func TestErrorFormat(t *testing.T) {
	e := &Error{Name: "catalog.csv", Problems: []Problem{
		{Line: 0, Msg: "file has a header but no products"},
		{Line: 12, Msg: "price must be a positive whole number of tenge"},
	}}
	want := "catalog.csv: file has a header but no products\ncatalog.csv:12: price must be a positive whole number of tenge"
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestTooManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,stock\n")
	for i := range 500 {
		fmt.Fprintf(&b, "P%d,c,К,К,А,Б,free,V%d,1\n", i, i)
	}
	_, _, err := Parse("c.csv", strings.NewReader(b.String()))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if len(e.Problems) != maxProblems+1 {
		t.Fatalf("got %d problems, want %d and a note", len(e.Problems), maxProblems)
	}
	if last := e.Problems[maxProblems]; !strings.Contains(last.Msg, "too many problems") {
		t.Errorf("last problem = %q, want the too-many note", last.Msg)
	}
}

func TestSample(t *testing.T) {
	cats, prods := Sample()
	if _, err := shop.NewCatalog(cats, prods); err != nil {
		t.Fatalf("NewCatalog: %v", err)
	}
	if len(cats) != 4 {
		t.Errorf("%d categories, want 4", len(cats))
	}
	if len(prods) < 14 || len(prods) > 17 {
		t.Errorf("%d products, want about 15", len(prods))
	}
	const freeDelivery = 20000 // the store profile's free_delivery_from
	var below, above, personalised, outOfStock int
	retail := map[string]int{}
	sizes := []string{"XS", "S", "M", "L", "XL"}
	for _, p := range prods {
		if p.Price < 6900 || p.Price > 45000 {
			t.Errorf("%s: price %d outside 6 900-45 000", p.SKU, p.Price)
		}
		if p.Price < freeDelivery {
			below++
		} else {
			above++
		}
		if p.Personalised {
			personalised++
		}
		if p.Photo != "" {
			t.Errorf("%s: the sample has no photos to point at, got %q", p.SKU, p.Photo)
		}
		if p.WeightGrams <= 0 {
			t.Errorf("%s: no weight", p.SKU)
		}
		if p.Description.KK == "" || p.Description.RU == "" {
			t.Errorf("%s: description missing", p.SKU)
		}
		for _, v := range p.Variants {
			if !slices.Contains(sizes, v.Size) {
				t.Errorf("%s: size %q, want XS-XL", v.ID, v.Size)
			}
			if v.Colour.KK == "" || v.Colour.RU == "" {
				t.Errorf("%s: colour missing", v.ID)
			}
			if v.Stock == 0 {
				outOfStock++
			}
			for _, city := range v.RetailCities() {
				retail[city]++
			}
		}
	}
	if below == 0 || above == 0 {
		t.Errorf("%d products below and %d above the free-delivery threshold, want some of each", below, above)
	}
	if personalised != 1 {
		t.Errorf("%d personalised products, want exactly 1", personalised)
	}
	if outOfStock == 0 {
		t.Error("no variant with stock 0")
	}
	if retail["astana"] < 3 || retail["almaty"] < 3 {
		t.Errorf("retail variants by city = %v, want several in astana and almaty", retail)
	}
	if len(retail) != 2 {
		t.Errorf("retail cities = %v, want astana and almaty only", retail)
	}

	// Each call returns a fresh copy.
	prods[0].Name.RU = "changed"
	if _, again := Sample(); again[0].Name.RU == "changed" {
		t.Error("Sample shares its result between calls")
	}
}

// TestSampleCSV checks that sample.csv holds the same catalog as
// sample.yaml; -update rewrites it from sample.yaml.
func TestSampleCSV(t *testing.T) {
	cats, prods := Sample()
	if *update {
		var b bytes.Buffer
		if err := writeCSV(&b, cats, prods); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("sample.csv", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open("sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	csvCats, csvProds, err := Parse("sample.csv", f)
	if err != nil {
		t.Fatalf("sample.csv: %v", err)
	}
	if !reflect.DeepEqual(csvCats, cats) {
		t.Errorf("sample.csv categories differ from sample.yaml:\n%+v\n%+v", csvCats, cats)
	}
	for i := range max(len(prods), len(csvProds)) {
		if i >= len(prods) || i >= len(csvProds) {
			t.Errorf("sample.csv has %d products, sample.yaml %d (run go test -update)", len(csvProds), len(prods))
			break
		}
		if !reflect.DeepEqual(csvProds[i], prods[i]) {
			t.Errorf("product %d differs (run go test -update):\ncsv:  %+v\nyaml: %+v", i, csvProds[i], prods[i])
		}
	}
}

// writeCSV writes a catalog the way a person would keep it in a spreadsheet:
// product columns on a product's first row only, category names on a
// category's first row.
func writeCSV(w io.Writer, cats []shop.Category, prods []shop.Product) error {
	names := make(map[string]shop.Localized, len(cats))
	for _, c := range cats {
		names[c.ID] = c.Name
	}
	// The BOM makes Excel open the file as UTF-8 on a double click.
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		header[i] = c.name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	catDone := map[string]bool{}
	for _, p := range prods {
		for i, v := range p.Variants {
			row := map[string]string{
				colSKU:      p.SKU,
				colCategory: p.CategoryID,
				colVariant:  v.ID,
				colSize:     v.Size,
				colColourKK: v.Colour.KK,
				colColourRU: v.Colour.RU,
				colStock:    strconv.Itoa(v.Stock),
				colRetail:   retailSpec(v.Retail),
			}
			if !catDone[p.CategoryID] {
				catDone[p.CategoryID] = true
				row[colCategoryKK] = names[p.CategoryID].KK
				row[colCategoryRU] = names[p.CategoryID].RU
			}
			if i == 0 {
				row[colNameKK] = p.Name.KK
				row[colNameRU] = p.Name.RU
				row[colDescriptionKK] = p.Description.KK
				row[colDescriptionRU] = p.Description.RU
				row[colPrice] = groupThousands(int64(p.Price))
				row[colPhoto] = p.Photo
				if p.Personalised {
					row[colPersonalised] = "yes"
				}
				if p.WeightGrams > 0 {
					row[colWeight] = strconv.Itoa(p.WeightGrams)
				}
			}
			rec := make([]string, len(header))
			for j, col := range header {
				rec[j] = row[col]
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// retailSpec writes retail stock as "astana=2;almaty=1", Astana first.
func retailSpec(m map[string]int) string {
	cities := make([]string, 0, len(m))
	for c := range m {
		cities = append(cities, c)
	}
	rank := func(c string) string {
		switch c {
		case "astana":
			return "0"
		case "almaty":
			return "1"
		}
		return "2" + c
	}
	slices.SortFunc(cities, func(a, b string) int { return strings.Compare(rank(a), rank(b)) })
	parts := make([]string, len(cities))
	for i, c := range cities {
		parts[i] = c + "=" + strconv.Itoa(m[c])
	}
	return strings.Join(parts, ";")
}

// groupThousands writes 18900 as "18 900".
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}

// TestFormatExamples keeps FORMAT.md's examples importable.
func TestFormatExamples(t *testing.T) {
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		fence string
		file  string
	}{
		{"csv", "```csv\n", "example.csv"},
		{"yaml", "```yaml\n", "example.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rest, ok := strings.Cut(string(doc), tt.fence)
			if !ok {
				t.Fatalf("FORMAT.md has no %q block", tt.fence)
			}
			example, _, _ := strings.Cut(rest, "```")
			_, prods, err := Parse(tt.file, strings.NewReader(example))
			if err != nil {
				t.Fatalf("the example does not parse:\n%v", err)
			}
			if len(prods) == 0 {
				t.Error("the example has no products")
			}
		})
	}
}

// TestCatalogProblemLines checks that what shop.NewCatalog finds is placed at
// the line of what it names.
func TestCatalogProblemLines(t *testing.T) {
	ln := newLines()
	ln.category["dresses"] = 2
	ln.product["LT-101"] = 7
	ln.variant["LT-101-S"] = 12
	err := errors.Join(
		errors.New(`category "dresses": duplicate id`),
		errors.Join(errors.New("product LT-101: price must be positive"), errors.New("variant LT-101-S: stock must not be negative")),
		errors.New("product with an empty sku"),
	)
	var p problems
	ln.report(&p, err)
	got := p.err("c.yaml").(*Error).Problems
	wantLines := []int{0, 2, 7, 12}
	if len(got) != len(wantLines) {
		t.Fatalf("got %v", got)
	}
	for i, line := range wantLines {
		if got[i].Line != line {
			t.Errorf("problem %d = %+v, want line %d", i, got[i], line)
		}
	}
}
