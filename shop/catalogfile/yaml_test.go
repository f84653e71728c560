package catalogfile

import (
	"reflect"
	"strings"
	"testing"
)

// goodYAML is goodCSV's catalog in YAML.
const goodYAML = `# Lete catalog
categories:
  - id: dresses
    name: {kk: Көйлектер, ru: Платья}
  - id: knitwear
    name:
      kk: Трикотаж
      ru: Трикотаж
products:
  - sku: LT-101
    category: dresses
    name: {kk: Миди көйлек, ru: Платье миди}
    description: {kk: "Жеңіл, ыңғайлы көйлек.", ru: "Лёгкое, удобное платье."}
    price: 18900
    photo: https://letestore.kz/p/lt-101.jpg
    personalised: false
    weight_g: 400
    variants:
      - {id: LT-101-S, size: S, colour: {kk: Қара, ru: Чёрный}, stock: 3, retail: {astana: 2, almaty: 1}}
      - id: LT-101-M
        size: M
        colour: {kk: Қара, ru: Чёрный}
        stock: 0
        retail: {}
  - sku: LT-404
    category: knitwear
    name: {kk: Аты кестеленген свитшот, ru: Свитшот с именем}
    price: "19 900"
    personalised: yes
    variants:
      - {id: LT-404-M, size: M, stock: 10}
`

func TestParseYAMLGood(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		input string
	}{
		{"yaml", "catalog.yaml", goodYAML},
		{"yml with BOM", "catalog.yml", "\uFEFF" + goodYAML},
		{"CRLF line ends", "catalog.yaml", strings.ReplaceAll(goodYAML, "\n", "\r\n")},
		{"products before categories", "catalog.yaml", "products:" + strings.SplitN(goodYAML, "products:", 2)[1] + strings.SplitN(strings.SplitN(goodYAML, "products:", 2)[0], "# Lete catalog\n", 2)[1]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cats, prods, err := Parse(tt.file, strings.NewReader(tt.input))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(cats, goodCatalog.cats) {
				t.Errorf("categories:\ngot  %+v\nwant %+v", cats, goodCatalog.cats)
			}
			if !reflect.DeepEqual(prods, goodCatalog.prods) {
				t.Errorf("products:\ngot  %+v\nwant %+v", prods, goodCatalog.prods)
			}
		})
	}
}

func TestParseYAMLProblems(t *testing.T) {
	// cats is lines 1-3; each product starts on line 5.
	const cats = "categories:\n  - id: c\n    name: {kk: К, ru: К}\nproducts:\n"
	product := func(fields ...string) string {
		return "  - sku: A\n    category: c\n    name: {kk: Аты, ru: Имя}\n    price: 100\n" +
			strings.Join(fields, "") + "    variants:\n      - {id: A-1, size: S, stock: 1}\n"
	}
	tests := []struct {
		name  string
		input string
		want  []want
	}{
		{"unknown category", strings.Replace(cats+product(), "category: c", "category: dress", 1),
			[]want{{6, `unknown category "dress"; the categories are: c`}}},
		{"unknown product field", cats + product("    colour: red\n"),
			[]want{{9, `unknown field "colour" in a product`}}},
		{"unknown variant field", strings.Replace(cats+product(), "stock: 1}", "stock: 1, qty: 2}", 1),
			[]want{{10, `unknown field "qty" in a variant`}}},
		{"unknown top-level field", "version: 2\n" + cats + product(),
			[]want{{1, `unknown field "version" in the file`}}},
		{"unknown language", strings.Replace(cats+product(), "ru: Имя", "en: Name", 1),
			[]want{{7, `unknown field "en" in name`}, {7, "name.ru (Russian) is required"}}},
		{"field twice", cats + product("    price: 200\n"),
			[]want{{9, "field price appears twice in a product (first on line 8)"}}},
		{"bad price", strings.Replace(cats+product(), "price: 100", "price: 18.9", 1),
			[]want{{8, `price must be a positive whole number of tenge, not "18.9"`}}},
		{"missing price", strings.Replace(cats+product(), "    price: 100\n", "", 1),
			[]want{{5, "price is required"}}},
		{"negative stock", strings.Replace(cats+product(), "stock: 1", "stock: -1", 1),
			[]want{{10, `stock must be a whole number, 0 or more, not "-1"`}}},
		{"missing stock", strings.Replace(cats+product(), ", stock: 1", "", 1),
			[]want{{10, "stock is required"}}},
		{"bad retail count", strings.Replace(cats+product(), "stock: 1}", "stock: 1, retail: {astana: many}}", 1),
			[]want{{10, `retail stock in astana must be a whole number, 0 or more, not "many"`}}},
		{"retail as a list", strings.Replace(cats+product(), "stock: 1}", "stock: 1, retail: [astana]}", 1),
			[]want{{10, "retail must be a mapping of city ids to counts"}}},
		{"retail city twice", strings.Replace(cats+product(), "stock: 1}", "stock: 1, retail: {astana: 1, Astana: 2}}", 1),
			[]want{{10, "retail lists astana twice"}}},
		{"duplicate variant", cats + product() + strings.Replace(product(), "sku: A", "sku: B", 1),
			[]want{{16, "variant A-1 is already on line 10"}}},
		{"duplicate sku", cats + product() + strings.Replace(product(), "A-1", "A-2", 1),
			[]want{{11, "sku A is already on line 5"}}},
		{"duplicate category", strings.Replace(cats, "products:\n", "  - {id: c, name: {kk: Б, ru: Б}}\nproducts:\n", 1) + product(),
			[]want{{4, "category c is already on line 2"}}},
		{"name in one language", strings.Replace(cats+product(), "{kk: Аты, ru: Имя}", "{kk: Аты}", 1),
			[]want{{7, "name.ru (Russian) is required"}}},
		{"name as plain text", strings.Replace(cats+product(), "{kk: Аты, ru: Имя}", "Имя", 1),
			[]want{{7, "name must be given in both languages"}}},
		{"missing name", strings.Replace(cats+product(), "    name: {kk: Аты, ru: Имя}\n", "", 1),
			[]want{{5, "name is required"}}},
		{"description in one language", cats + product("    description: {kk: Сипаттама}\n"),
			[]want{{9, "description needs both kk and ru, or neither"}}},
		{"no variants", strings.Replace(cats+product(), "      - {id: A-1, size: S, stock: 1}\n", "", 1),
			[]want{{9, "a product needs at least one variant"}}},
		{"bad variant id", strings.Replace(cats+product(), "id: A-1", "id: A 1", 1),
			[]want{{10, `variant id "A 1" may contain only Latin letters`}}},
		{"bad personalised", cats + product("    personalised: maybe\n"),
			[]want{{9, "personalised must be true or false"}}},
		{"bad photo", cats + product("    photo: ftp://x/y.jpg\n"),
			[]want{{9, "photo must be an https:// address"}}},
		{"sku as a list", strings.Replace(cats+product(), "sku: A", "sku: [A]", 1),
			[]want{{5, "sku must be a single value"}}},
		{"missing categories", product(), []want{{1, "the file must be a mapping"}}},
		{"no categories field", "products:\n" + product(),
			[]want{{1, "missing field categories"}}},
		{"syntax error", strings.Replace(cats+product(), "{kk: Аты, ru: Имя}", "{kk: Аты, ru: Имя", 1),
			[]want{{7, "YAML syntax"}}},
		{"two documents", cats + product() + "---\nproducts: []\n",
			[]want{{11, "one YAML document"}}},
		{"alias", cats + strings.Replace(product(), "  - sku: A", "  - &p\n    sku: A", 1) + "  - *p\n",
			[]want{{12, "YAML aliases (*p) are not supported"}}},
		{
			"every problem at once",
			cats + strings.Replace(product(), "price: 100", "price: free", 1) +
				strings.Replace(strings.Replace(product(), "sku: A", "sku: B", 1), "stock: 1", "stock: -5", 1),
			[]want{
				{8, "price must be a positive whole number of tenge"},
				{16, "variant A-1 is already on line 10"},
				{16, "stock must be a whole number, 0 or more"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cats, prods, err := Parse("catalog.yaml", strings.NewReader(tt.input))
			checkProblems(t, cats, prods, err, tt.want)
		})
	}
}
