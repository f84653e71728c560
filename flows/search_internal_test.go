package flows

import (
	"slices"
	"testing"

	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
)

func TestFind(t *testing.T) {
	cat := sampleCatalog(t)
	for _, tc := range []struct {
		text string
		want []string // Russian names, in catalog order
	}{
		{"платье", []string{"Платье миди с поясом", "Летнее платье в цветочек", "Вечернее атласное платье", "Платье-рубашка"}},
		{"есть платья?", []string{"Платье миди с поясом", "Летнее платье в цветочек", "Вечернее атласное платье", "Платье-рубашка"}},
		{"Джинсы", []string{"Прямые джинсы"}},
		{"хочу юбку", []string{"Юбка плиссе", "Юбка-карандаш"}},
		{"рубашки", []string{"Платье-рубашка", "Белая хлопковая рубашка", "Рубашка в полоску"}},
		// The names holding the most of the words: the silk one, not every blouse.
		{"шёлковая блузка", []string{"Шёлковая блузка"}},
		{"блузка", []string{"Шёлковая блузка", "Блузка с казахским орнаментом"}},
		{"платье с поясом", []string{"Платье миди с поясом"}},
		{"платье или юбка", []string{"Платье миди с поясом", "Летнее платье в цветочек", "Вечернее атласное платье", "Платье-рубашка", "Юбка плиссе", "Юбка-карандаш"}},
		{"шелковая", []string{"Шёлковая блузка"}},
		{"көйлек керек", []string{"Платье миди с поясом", "Летнее платье в цветочек", "Вечернее атласное платье", "Платье-рубашка"}},
		{"пальто бар ма", []string{"Шерстяное пальто"}},
		// No product's name, a category's: the category.
		{"трикотаж", []string{"Шерстяное пальто", "Джемпер с кашемиром", "Длинный кардиган", "Свитшот с вышитым именем"}},
		{"какая завтра погода?", nil},
		{"где мой заказ", nil},
		{"и с для", nil},
		{"плащ", nil},
		{"жазғым", nil},                 // I want to write, not жазғы (summer)
		{"кара", names(cat.Products())}, // Қара on a Russian keyboard: a colour, not карандаш
		{"көйлектер", []string{"Платье миди с поясом", "Летнее платье в цветочек", "Вечернее атласное платье", "Платье-рубашка"}},
		{"койлек", []string{"Платье миди с поясом", "Летнее платье в цветочек", "Вечернее атласное платье", "Платье-рубашка"}},
		{"хочу заказать", nil},
		{"тапсырыс бергім келеді", nil},
		{"ищу пуховик", nil},
		// A colour or a size alone: every product, for the stock to narrow.
		{"черное", names(cat.Products())},
		{"размер M", names(cat.Products())},
		{"черное платье", []string{"Платье миди с поясом", "Летнее платье в цветочек", "Вечернее атласное платье", "Платье-рубашка"}},
		{"белая рубашка", []string{"Платье-рубашка", "Белая хлопковая рубашка", "Рубашка в полоску"}},
	} {
		var got []string
		for _, p := range find(cat, readQuery(cat, words(tc.text))) {
			got = append(got, p.Name.RU)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("find(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func names(products []shop.Product) []string {
	var out []string
	for _, p := range products {
		out = append(out, p.Name.RU)
	}
	return out
}

func TestReadQuery(t *testing.T) {
	cat := sampleCatalog(t)
	for _, tc := range []struct {
		text      string
		names     []string
		colours   []string
		sizes     []string
		sizeAsked bool
	}{
		{"платье", []string{"плате"}, nil, nil, false}, // folded, as words folds: no ь
		{"черное платье M", []string{"плате"}, []string{"черное"}, []string{"M"}, false},
		{"ақ жейде", []string{"жеиде"}, []string{"ак"}, nil, false}, // folded, as words folds
		{"қара юбка S өлшем", []string{"юбка"}, []string{"кара"}, []string{"S"}, true},
		{"есть 42 размер?", nil, nil, nil, true},          // a size no variant has: otherSize
		{"платье 42", []string{"плате"}, nil, nil, false}, // no size word, and the catalog has no 42
		{"размер М", nil, nil, []string{"M"}, true},       // Cyrillic М next to a size word
		{"платье с поясом, какие размеры?", []string{"плате", "поясом"}, nil, nil, true},
		{"платье с поясом размер xl", []string{"плате", "поясом"}, nil, []string{"XL"}, true},
		{"каталогты қарағым келеді", []string{"каталогты", "карагым"}, nil, nil, false}, // қара-, look, no colour
		{"белую рубашку", []string{"рубашку"}, []string{"белую"}, nil, false},
		{"хочу купить куртку", []string{"куртку"}, nil, nil, false},
		{"пальто сатып алғым келеді", []string{"палто"}, nil, nil, false},
	} {
		q := readQuery(cat, words(tc.text))
		var gotNames []string
		for _, r := range q.names {
			gotNames = append(gotNames, string(r))
		}
		if !slices.Equal(gotNames, tc.names) || !slices.Equal(q.colours, tc.colours) || !slices.Equal(q.sizes, tc.sizes) || q.sizeAsked != tc.sizeAsked {
			t.Errorf("readQuery(%q) = names %q, colours %q, sizes %q, size asked %v; want %q, %q, %q, %v",
				tc.text, gotNames, q.colours, q.sizes, q.sizeAsked, tc.names, tc.colours, tc.sizes, tc.sizeAsked)
		}
	}
}

func TestQueryFits(t *testing.T) {
	black := shop.Localized{KK: "Қара", RU: "Чёрный"}
	blueWhite := shop.Localized{KK: "Көк-ақ", RU: "Сине-белый"}
	for _, tc := range []struct {
		q    query
		v    shop.Variant
		want bool
	}{
		{query{}, shop.Variant{Size: "M", Colour: black}, true},
		{query{sizes: []string{"M"}}, shop.Variant{Size: "m", Colour: black}, true},
		{query{sizes: []string{"S", "M"}}, shop.Variant{Size: "L", Colour: black}, false},
		{query{colours: []string{"черная"}}, shop.Variant{Size: "L", Colour: black}, true},
		{query{colours: []string{"белая"}}, shop.Variant{Size: "L", Colour: blueWhite}, true},
		{query{colours: []string{"белая"}}, shop.Variant{Size: "L", Colour: black}, false},
		{query{colours: []string{"черная"}, sizes: []string{"S"}}, shop.Variant{Size: "M", Colour: black}, false},
		{query{colours: []string{"черная"}}, shop.Variant{Size: "M"}, false},
	} {
		if got := tc.q.fits(tc.v); got != tc.want {
			t.Errorf("%+v fits %+v = %v, want %v", tc.q, tc.v, got, tc.want)
		}
	}
}

func sampleCatalog(t *testing.T) *shop.Catalog {
	t.Helper()
	cat, err := shop.NewCatalog(catalogfile.Sample())
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestSameWord(t *testing.T) {
	for _, tc := range []struct {
		typed, name string
		want        bool
	}{
		{"платья", "платье", true},
		{"юбку", "юбка", true},
		{"шелковую", "шелковая", true},
		{"брюки", "брюк", true},
		{"көйлектер", "көйлек", true},
		{"койлек", "көйлек", true}, // on a Russian keyboard
		{"плащ", "платье", false},
		{"жібер", "жібек", false}, // send, silk
		{"цвете", "цветочек", false},
		{"кара", "карандаш", false},
		{"жазғым", "жазғы", false}, // I want to write, summer
	} {
		typed, name := words(tc.typed), words(tc.name)
		if got := sameWord([]rune(typed[0]), []rune(name[0])); got != tc.want {
			t.Errorf("sameWord(%q, %q) = %v, want %v", tc.typed, tc.name, got, tc.want)
		}
	}
}
