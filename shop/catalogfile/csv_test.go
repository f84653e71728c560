package catalogfile

import (
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"github.com/lete-store/letebot/shop"
)

// goodCSV has two categories and two products; the second row of LT-101
// leaves the product columns blank and inherits them.
const goodCSV = `sku,category,category_kk,category_ru,name_kk,name_ru,description_kk,description_ru,price,variant,size,colour_kk,colour_ru,stock,retail,photo,personalised,weight_g
LT-101,dresses,Көйлектер,Платья,Миди көйлек,Платье миди,"Жеңіл, ыңғайлы көйлек.","Лёгкое, удобное платье.",18 900,LT-101-S,S,Қара,Чёрный,3,astana=2;almaty=1,https://letestore.kz/p/lt-101.jpg,no,400
LT-101,dresses,,,,,,,,LT-101-M,M,Қара,Чёрный,0,,,,
LT-404,knitwear,Трикотаж,Трикотаж,Аты кестеленген свитшот,Свитшот с именем,,,19900,LT-404-M,M,,,10,,,yes,
`

var goodCatalog = struct {
	cats  []shop.Category
	prods []shop.Product
}{
	cats: []shop.Category{
		{ID: "dresses", Name: shop.Localized{KK: "Көйлектер", RU: "Платья"}},
		{ID: "knitwear", Name: shop.Localized{KK: "Трикотаж", RU: "Трикотаж"}},
	},
	prods: []shop.Product{
		{
			SKU: "LT-101", CategoryID: "dresses",
			Name:        shop.Localized{KK: "Миди көйлек", RU: "Платье миди"},
			Description: shop.Localized{KK: "Жеңіл, ыңғайлы көйлек.", RU: "Лёгкое, удобное платье."},
			Price:       18900, Photo: "https://letestore.kz/p/lt-101.jpg", WeightGrams: 400,
			Variants: []shop.Variant{
				{ID: "LT-101-S", Size: "S", Colour: shop.Localized{KK: "Қара", RU: "Чёрный"}, Stock: 3, Retail: map[string]int{"astana": 2, "almaty": 1}},
				{ID: "LT-101-M", Size: "M", Colour: shop.Localized{KK: "Қара", RU: "Чёрный"}, Stock: 0},
			},
		},
		{
			SKU: "LT-404", CategoryID: "knitwear",
			Name:  shop.Localized{KK: "Аты кестеленген свитшот", RU: "Свитшот с именем"},
			Price: 19900, Personalised: true,
			Variants: []shop.Variant{{ID: "LT-404-M", Size: "M", Stock: 10}},
		},
	},
}

func TestParseCSVGood(t *testing.T) {
	crlf := strings.ReplaceAll(goodCSV, "\n", "\r\n")
	// Columns in another order, names in upper case.
	reordered := "VARIANT,Stock,sku,category,category_kk,category_ru,name_kk,name_ru,price\n" +
		"A-1,2,A,c,К,К,Аты,Имя,100\n"
	tests := []struct {
		name  string
		input string
		cats  []shop.Category
		prods []shop.Product
	}{
		{"plain", goodCSV, goodCatalog.cats, goodCatalog.prods},
		{"with BOM", "\uFEFF" + goodCSV, goodCatalog.cats, goodCatalog.prods},
		{"CRLF line ends", crlf, goodCatalog.cats, goodCatalog.prods},
		{"semicolons, as Excel writes in Russian", withComma(t, goodCSV, ';'), goodCatalog.cats, goodCatalog.prods},
		{"empty unnamed columns ignored", strings.ReplaceAll(goodCSV, "\n", ",,\n"), goodCatalog.cats, goodCatalog.prods},
		{"empty rows skipped", strings.Replace(goodCSV, "\nLT-404", "\n,,,,,,,,,,,,,,,,,\n\nLT-404", 1), goodCatalog.cats, goodCatalog.prods},
		{
			"columns in any order", reordered,
			[]shop.Category{{ID: "c", Name: shop.Localized{KK: "К", RU: "К"}}},
			[]shop.Product{{SKU: "A", CategoryID: "c", Name: shop.Localized{KK: "Аты", RU: "Имя"}, Price: 100,
				Variants: []shop.Variant{{ID: "A-1", Stock: 2}}}},
		},
		{
			"blank category on a continuation row",
			"sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,stock\n" +
				"A,c,К,К,Аты,Имя,100,A-1,1\n" +
				"A,,,,,,,A-2,0\n",
			[]shop.Category{{ID: "c", Name: shop.Localized{KK: "К", RU: "К"}}},
			[]shop.Product{{SKU: "A", CategoryID: "c", Name: shop.Localized{KK: "Аты", RU: "Имя"}, Price: 100,
				Variants: []shop.Variant{{ID: "A-1", Stock: 1}, {ID: "A-2", Stock: 0}}}},
		},
		{
			"rows of a sku apart, repeated values, non-breaking space in price",
			"sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,stock,retail\n" +
				"A,c,К,К,Аты,Имя,1\u00a0000,A-1,1,\n" +
				"B,c,,,Б,Б,200,B-1,1,Astana=1;\n" +
				"A,c,К,,Аты,,1000,A-2,2,almaty=0\n",
			[]shop.Category{{ID: "c", Name: shop.Localized{KK: "К", RU: "К"}}},
			[]shop.Product{
				{SKU: "A", CategoryID: "c", Name: shop.Localized{KK: "Аты", RU: "Имя"}, Price: 1000,
					Variants: []shop.Variant{{ID: "A-1", Stock: 1}, {ID: "A-2", Stock: 2, Retail: map[string]int{"almaty": 0}}}},
				{SKU: "B", CategoryID: "c", Name: shop.Localized{KK: "Б", RU: "Б"}, Price: 200,
					Variants: []shop.Variant{{ID: "B-1", Stock: 1, Retail: map[string]int{"astana": 1}}}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cats, prods, err := Parse("catalog.csv", strings.NewReader(tt.input))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(cats, tt.cats) {
				t.Errorf("categories:\ngot  %+v\nwant %+v", cats, tt.cats)
			}
			if !reflect.DeepEqual(prods, tt.prods) {
				t.Errorf("products:\ngot  %+v\nwant %+v", prods, tt.prods)
			}
		})
	}
}

func TestParseCSVProblems(t *testing.T) {
	const hdr = "sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,size,stock,retail\n"
	const row = "A,c,К,К,Аты,Имя,100,A-1,S,1,\n" // line 2 after hdr
	tests := []struct {
		name  string
		input string
		want  []want
	}{
		{"missing column", "sku,category,category_kk,category_ru,name_kk,name_ru,variant,stock\nA,c,К,К,Аты,Имя,A-1,1\n",
			[]want{{1, "missing column price"}}},
		{"unknown column", strings.Replace(hdr, "size", "colour", 1) + row,
			[]want{{1, `unknown column "colour"`}}},
		{"unknown column on a later line of the header", "sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,stock,\"note\nto self\"\n" + "A,c,К,К,Аты,Имя,100,A-1,1,x\n",
			[]want{{1, `unknown column "note\nto self"`}}},
		{"duplicate column", strings.TrimSuffix(hdr, "\n") + ",stock\n" + strings.TrimSuffix(row, "\n") + ",1\n",
			[]want{{1, "column stock appears twice"}}},
		{"value under a column with no name", strings.TrimSuffix(hdr, "\n") + ",\n" + strings.TrimSuffix(row, "\n") + ",\n" + "A,c,,,,,,A-2,M,1,,oops\n",
			[]want{{3, "column 12 has a value but no name"}}},
		{"no header", row + row, []want{{1, "first row must be the header"}}},
		{"header only", hdr, []want{{0, "header but no products"}}},
		{"row with a value missing", hdr + row + "B,c,К,К,Аты,Имя,100,B-1,1,\n",
			[]want{{3, "row has 10 values but the header has 11 columns"}}},
		{"bad price", hdr + row + "B,c,К,К,Б,Б,18.90,B-1,S,1,\n",
			[]want{{3, `price must be a positive whole number of tenge, not "18.90"`}}},
		{"zero price", hdr + "A,c,К,К,Аты,Имя,0,A-1,S,1,\n",
			[]want{{2, "price must be a positive whole number of tenge"}}},
		{"badly grouped price", hdr + "A,c,К,К,Аты,Имя,18 90,A-1,S,1,\n",
			[]want{{2, "price must be a positive whole number of tenge"}}},
		{"price with an extra zero", hdr + "A,c,К,К,Аты,Имя,1890000000,A-1,S,1,\n",
			[]want{{2, "extra zero"}}},
		{"no price on any row", hdr + "A,c,К,К,Аты,Имя,,A-1,S,1,\n" + "A,c,,,,,,A-2,M,1,\n",
			[]want{{2, "sku A needs a price"}}},
		{"negative stock", hdr + row + "A,c,,,,,,A-2,M,-1,\n",
			[]want{{3, `stock must be a whole number, 0 or more, not "-1"`}}},
		{"blank stock", hdr + "A,c,К,К,Аты,Имя,100,A-1,S,,\n",
			[]want{{2, "stock is required"}}},
		{"retail without count", hdr + "A,c,К,К,Аты,Имя,100,A-1,S,1,astana\n",
			[]want{{2, "write each shop as city=count"}}},
		{"retail count not a number", hdr + "A,c,К,К,Аты,Имя,100,A-1,S,1,astana=two\n",
			[]want{{2, "retail stock in astana must be a whole number"}}},
		{"retail negative", hdr + "A,c,К,К,Аты,Имя,100,A-1,S,1,almaty=-1\n",
			[]want{{2, "retail stock in almaty must be a whole number, 0 or more"}}},
		{"retail city twice", hdr + "A,c,К,К,Аты,Имя,100,A-1,S,1,astana=1;ASTANA=2\n",
			[]want{{2, "retail lists astana twice"}}},
		{"retail city by name", hdr + "A,c,К,К,Аты,Имя,100,A-1,S,1,Астана=1\n",
			[]want{{2, "must be a city id such as astana"}}},
		{"duplicate variant", hdr + row + "B,c,,,Б,Б,200,A-1,S,1,\n",
			[]want{{3, "variant A-1 is already on line 2"}}},
		{"bad variant id", hdr + "A,c,К,К,Аты,Имя,100,A 1/S,S,1,\n",
			[]want{{2, "may contain only Latin letters"}}},
		{"variant id too long", hdr + "A,c,К,К,Аты,Имя,100," + strings.Repeat("V", 41) + ",S,1,\n",
			[]want{{2, "longer than 40 characters"}}},
		{"blank variant", hdr + "A,c,К,К,Аты,Имя,100,,S,1,\n",
			[]want{{2, "variant is required"}}},
		{"sku too long", hdr + strings.Repeat("S", 33) + ",c,К,К,Аты,Имя,100,A-1,S,1,\n",
			[]want{{2, "longer than 32 characters"}}},
		{"conflicting price", hdr + row + "A,c,,,,,200,A-2,M,1,\n",
			[]want{{3, `sku A: price "200" differs from "100" on line 2`}}},
		{"conflicting name", hdr + row + "A,c,,,,Другое,,A-2,M,1,\n",
			[]want{{3, `sku A: name_ru "Другое" differs from "Имя" on line 2`}}},
		{"conflicting category of a sku", hdr + row + "A,d,Д,Д,,,,A-2,M,1,\n",
			[]want{{3, `sku A: category "d" differs from "c" on line 2`}}},
		{"conflicting category names", hdr + row + "B,c,Басқа,,Б,Б,200,B-1,S,1,\n",
			[]want{{3, `category c: category_kk "Басқа" differs from "К" on line 2`}}},
		{"no category on any row of a sku", hdr + "A,,,,Аты,Имя,100,A-1,S,1,\n" + "A,,,,,,,A-2,M,1,\n",
			[]want{{2, "sku A needs a category"}}},
		{"category names without a category", hdr + "A,,К,К,Аты,Имя,100,A-1,S,1,\n",
			[]want{{2, "the category column, which is blank"}, {2, "sku A needs a category"}}},
		{"continuation row renames the category", hdr + row + "A,,Басқа,,,,,A-2,M,1,\n",
			[]want{{3, `category c: category_kk "Басқа" differs from "К" on line 2`}}},
		{"bad category id", hdr + "A,платья,К,К,Аты,Имя,100,A-1,S,1,\n",
			[]want{{2, `category "платья" may contain only Latin letters`}}},
		{"category without a name", hdr + "A,c,,,Аты,Имя,100,A-1,S,1,\n",
			[]want{{2, "category c needs its Kazakh name"}, {2, "category c needs its Russian name"}}},
		{"product without a Russian name", hdr + "A,c,К,К,Аты,,100,A-1,S,1,\n",
			[]want{{2, "sku A needs its Russian name in name_ru"}}},
		{"name with a line break", hdr + "A,c,К,К,\"Аты\nжоқ\",Имя,100,A-1,S,1,\n",
			[]want{{2, "name_kk must be one line"}}},
		{"broken quotes", hdr + row + "B,c,К,К,\"Б\"Б,Б,100,B-1,S,1,\n",
			[]want{{3, "broken CSV quoting"}}},
		{"bad personalised", "sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,stock,personalised\nA,c,К,К,Аты,Имя,100,A-1,1,maybe\n",
			[]want{{2, `personalised must be true or false (or yes/no, 1/0), not "maybe"`}}},
		{"bad photo", "sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,stock,photo\nA,c,К,К,Аты,Имя,100,A-1,1,http://example.com/a.jpg\n",
			[]want{{2, "photo must be an https:// address"}}},
		{"bad weight", "sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,stock,weight_g\nA,c,К,К,Аты,Имя,100,A-1,1,0.4kg\n",
			[]want{{2, "weight_g must be a whole number of grams"}}},
		{"colour in one language", "sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,stock,colour_kk,colour_ru\nA,c,К,К,Аты,Имя,100,A-1,1,Қара,\n",
			[]want{{2, "colour needs both colour_kk and colour_ru"}}},
		{"description in one language", "sku,category,category_kk,category_ru,name_kk,name_ru,price,variant,stock,description_kk\nA,c,К,К,Аты,Имя,100,A-1,1,Сипаттама\n",
			[]want{{2, "sku A needs its description in both"}}},
		{
			"every problem at once, in line order, after a multi-line value",
			"sku,category,category_kk,category_ru,name_kk,name_ru,description_kk,description_ru,price,variant,stock\n" +
				"A,c,К,К,Аты,Имя,\"Бірінші жол\nекінші жол\",\"Первая строка\nвторая\",100,A-1,1\n" +
				"B,c,,,Б,Б,,,abc,B-1,-2\n" +
				"C,c,,,В,В,,,300,A-1,1\n",
			[]want{
				// Row A spans lines 2-4: its variant sits on line 4.
				{5, "price must be a positive whole number of tenge"},
				{5, "stock must be a whole number, 0 or more"},
				{6, "variant A-1 is already on line 4"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cats, prods, err := Parse("catalog.csv", strings.NewReader(tt.input))
			checkProblems(t, cats, prods, err, tt.want)
		})
	}
}

// withComma rewrites a CSV text with another separator.
func withComma(t *testing.T, text string, comma rune) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Comma = comma
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
