package flows

import (
	"slices"
	"testing"

	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/shop/catalogfile"
)

func TestAsksAboutOrder(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"где мой заказ???", true},
		{"Где мой заказ?", true},
		{"статус заказа", true},
		{"когда придёт заказ", true},
		{"мои заказы", true},
		{"где посылка", true},
		{"где то, что я заказала?", true},
		{"тапсырысым қайда?", true},
		{"менің тапсырысым", true},
		{"сәлемдеме қашан келеді", true},
		{"статус заказов", true},
		{"что с моим заказом", true},
		{"что с заказом", false}, // no where, whose or status word
		{"как заказать?", false},
		{"как заказывать", false},
		{"хочу сделать заказ", false},
		{"заказ", false},
		{"тапсырыс беру", false},
		{"где вы находитесь", false},
		{"", false},
	} {
		if got := asksAboutOrder(words(tc.text)); got != tc.want {
			t.Errorf("asksAboutOrder(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestTopic(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Сколько стоит доставка?", dInfo},
		{"как оплатить", dInfo},
		{"можно оплачивать картой?", dInfo},
		{"жеткізу қанша тұрады?", dInfo},
		{"қалай төлеймін", dInfo},
		{"ваш адрес", dContacts},
		{"где вы находитесь?", dContacts},
		{"дүкеннің мекенжайы", dContacts},
		{"номер телефона", dContacts},
		{"какая завтра погода?", ""},
		{"менеджермен байланысқым келеді", ""},
	} {
		if got := topic(words(tc.text)); got != tc.want {
			t.Errorf("topic(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestFind(t *testing.T) {
	cats, products := catalogfile.Sample()
	cat, err := shop.NewCatalog(cats, products)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want []string // Russian names, in catalog order
	}{
		{"платье", []string{"Платье миди с поясом", "Летнее платье в цветочек", "Вечернее атласное платье", "Платье-рубашка"}},
		{"есть платья?", []string{"Платье миди с поясом", "Летнее платье в цветочек", "Вечернее атласное платье", "Платье-рубашка"}},
		{"Джинсы", []string{"Прямые джинсы"}},
		{"хочу юбку", []string{"Юбка плиссе", "Юбка-карандаш"}},
		{"рубашки", []string{"Платье-рубашка", "Белая хлопковая рубашка", "Рубашка в полоску"}},
		{"шёлковая блузка", []string{"Шёлковая блузка", "Блузка с казахским орнаментом"}},
		{"шелковая", []string{"Шёлковая блузка"}},
		{"көйлек керек", []string{"Платье миди с поясом", "Летнее платье в цветочек", "Вечернее атласное платье", "Платье-рубашка"}},
		{"пальто бар ма", []string{"Шерстяное пальто"}},
		// No product's name, a category's: the category.
		{"трикотаж", []string{"Шерстяное пальто", "Джемпер с кашемиром", "Длинный кардиган", "Свитшот с вышитым именем"}},
		{"какая завтра погода?", nil},
		{"где мой заказ", nil},
		{"и с для", nil},
		{"плащ", nil},
	} {
		var got []string
		for _, p := range find(cat, words(tc.text)) {
			got = append(got, p.Name.RU)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("find(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
