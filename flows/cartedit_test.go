package flows_test

import (
	"maps"
	"testing"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// TestCartTyped: a change of the cart typed instead of pressed. A number
// of pieces for the only line, or the one line named, is set within stock;
// what cannot be read for sure shows the cart and its buttons; typed text
// never takes a line out.
func TestCartTyped(t *testing.T) {
	const dress, blouse = "LT-101-M", "LT-202-MLK-M"
	for _, tc := range []struct {
		lang, text string
		cart       map[string]int
		want       []messages.Key
		after      map[string]int
	}{
		{"ru", "оставьте 2 штуки", map[string]int{dress: 1}, []messages.Key{messages.CartView}, map[string]int{dress: 2}},
		{"ru", "хочу 3 шт", map[string]int{dress: 1}, []messages.Key{messages.CartView}, map[string]int{dress: 3}},
		{"ru", "сделайте одну", map[string]int{dress: 2}, []messages.Key{messages.CartView}, map[string]int{dress: 1}},
		{"kk", "екі дана", map[string]int{dress: 1}, []messages.Key{messages.CartView}, map[string]int{dress: 2}},
		{"ru", "ostavte 2 shtuki", map[string]int{dress: 1}, []messages.Key{messages.CartView}, map[string]int{dress: 2}},
		{"ru", "блузку 2 штуки", map[string]int{dress: 1, blouse: 1}, []messages.Key{messages.CartView}, map[string]int{dress: 1, blouse: 2}},
		// Which line is meant is not clear: the cart and its buttons.
		{"ru", "оставьте 2 шт", map[string]int{dress: 1, blouse: 1}, []messages.Key{messages.CartEditHint, messages.CartView}, map[string]int{dress: 1, blouse: 1}},
		{"ru", "удалите платье", map[string]int{dress: 1}, []messages.Key{messages.CartEditHint, messages.CartView}, map[string]int{dress: 1}},
		{"kk", "көйлекті алып тастаңыз", map[string]int{dress: 1}, []messages.Key{messages.CartEditHint, messages.CartView}, map[string]int{dress: 1}},
		// More than the stock (6): what is left is said, nothing changes.
		{"ru", "оставьте 9 штук", map[string]int{dress: 1}, []messages.Key{messages.OnlyLeft, messages.CartView}, map[string]int{dress: 1}},
		{"ru", "удалите платье", nil, []messages.Key{messages.CartEmpty}, map[string]int{}},
		// Not about the cart.
		{"ru", "хочу сделать заказ на две блузки", map[string]int{dress: 1}, []messages.Key{messages.CatalogFound}, map[string]int{dress: 1}},
		{"ru", "удалите мои данные, пожалуйста", map[string]int{dress: 1}, []messages.Key{messages.ForgetAsk}, map[string]int{dress: 1}},
		{"ru", "оставьте 0 штук", map[string]int{dress: 1}, []messages.Key{messages.BadQty, messages.CartView}, map[string]int{dress: 1}},
		// The review's probes: not changes of the cart.
		{"ru", "Не удалось оплатить картой", map[string]int{dress: 1}, []messages.Key{messages.InfoPaymentDelivery}, map[string]int{dress: 1}},
		{"ru", "удалите мой заказ пожалуйста", nil, []messages.Key{messages.OrdersNone}, map[string]int{}},
		{"ru", "Оставила заявку 2 дня назад, никто не ответил", map[string]int{blouse: 1}, []messages.Key{messages.NotUnderstood, messages.MenuTitle}, map[string]int{blouse: 1}},
		{"ru", "хочу вернуть 2 штуки", map[string]int{blouse: 1}, []messages.Key{messages.ClaimsNoOrders}, map[string]int{blouse: 1}},
		{"ru", "Сделайте скидку 5 процентов", map[string]int{blouse: 1}, []messages.Key{messages.DiscountAsk}, map[string]int{blouse: 1}},
		{"ru", "Поменяйте, он мне мал", map[string]int{blouse: 1}, []messages.Key{messages.ChangeOrder}, map[string]int{blouse: 1}},
		{"ru", "джинсы 2 шт", map[string]int{blouse: 1}, []messages.Key{messages.CatalogFound}, map[string]int{blouse: 1}},
		{"ru", "Можно 2 штуки платья с поясом?", nil, []messages.Key{messages.CatalogFound}, map[string]int{}},
		// The second probe's: questions, stories, other numbers, other goods.
		{"ru", "Сколько стоит 2 шт?", map[string]int{dress: 1}, []messages.Key{messages.CatalogCategories}, map[string]int{dress: 1}},
		{"ru", "В наличии есть 3 шт?", map[string]int{dress: 1}, []messages.Key{messages.NotUnderstood, messages.MenuTitle}, map[string]int{dress: 1}},
		{"ru", "Пришло 2 шт вместо одной", map[string]int{dress: 1}, []messages.Key{messages.NotUnderstood, messages.MenuTitle}, map[string]int{dress: 1}},
		{"ru", "Оставьте на 3 дня, пожалуйста, заберу в субботу", map[string]int{dress: 1}, []messages.Key{messages.NotUnderstood, messages.MenuTitle}, map[string]int{dress: 1}},
		{"ru", "Сделайте на 2 размера больше", map[string]int{dress: 1}, []messages.Key{messages.SizeHelp}, map[string]int{dress: 1}},
		{"ru", "Сделайте 2-3 фото вживую, пожалуйста", map[string]int{dress: 1}, []messages.Key{messages.NotUnderstood, messages.MenuTitle}, map[string]int{dress: 1}},
		{"ru", "У вас есть 2 шт в размере L?", map[string]int{dress: 1}, []messages.Key{messages.CatalogFound}, map[string]int{dress: 1}},
		{"ru", "Мне бы 2 шт таких, но в белом цвете", map[string]int{dress: 1}, []messages.Key{messages.CatalogFound}, map[string]int{dress: 1}},
		{"ru", "Платье 2 шт и юбку плиссе", map[string]int{dress: 1}, []messages.Key{messages.CatalogFound}, map[string]int{dress: 1}},
		{"kk", "Кешіріңіз, 2 дана емес, 1 дана керек еді", map[string]int{dress: 2}, []messages.Key{messages.CartView}, map[string]int{dress: 1}},
		{"ru", "Ой, не 2 а 1 штуку нужно", map[string]int{dress: 2}, []messages.Key{messages.CartView}, map[string]int{dress: 1}},
		{"ru", "поменяйте на 2 штуки", map[string]int{dress: 1}, []messages.Key{messages.CartView}, map[string]int{dress: 2}},
		{"ru", "измените количество на 3", map[string]int{dress: 1}, []messages.Key{messages.CartView}, map[string]int{dress: 3}},
		{"ru", "Удалите мой номер телефона", nil, []messages.Key{messages.ForgetAsk}, map[string]int{}},
		{"ru", "уберите меня из рассылки", map[string]int{dress: 1}, []messages.Key{messages.ForgetAsk}, map[string]int{dress: 1}},
		{"ru", "udalite moi dannye", nil, []messages.Key{messages.ForgetAsk}, map[string]int{}},
		{"kk", "Деректерімді өшіріңізші", nil, []messages.Key{messages.ForgetAsk}, map[string]int{}},
		{"ru", "удалите платье", nil, []messages.Key{messages.CartEmpty}, map[string]int{}},
	} {
		t.Run(tc.lang+" "+tc.text, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			c := w.cust
			c.s.Lang = shop.Lang(tc.lang)
			c.text("/start")
			for id, n := range tc.cart {
				c.s.Cart.Add(id, n)
			}
			wantKeys(t, tc.text, c.text(tc.text).Replies, tc.want...)
			got := map[string]int{}
			for _, it := range c.s.Cart.Items {
				got[it.VariantID] = it.Qty
			}
			if !maps.Equal(got, tc.after) {
				t.Errorf("cart %v, want %v", got, tc.after)
			}
		})
	}
}

// TestQtyTyped: the number of pieces typed at the question, in Latin
// letters too; a wrong one is told the most the stock allows.
func TestQtyTyped(t *testing.T) {
	w := newDeliveryWorld(t, storeTime(12, 0))
	c := w.cust
	c.text("/start")
	c.press("v:LT-101-M")
	res := c.text("sto")
	wantKeys(t, "a hundred", res.Replies, messages.BadQty, messages.AskQty)
	wantArgs(t, "a hundred", res.Replies[0].Text.Args, messages.Args{"Max": 6}) // LT-101-M: 6 in stock
	wantKeys(t, "dva", c.text("dva").Replies, messages.Added)
	if got := c.s.Cart.Qty("LT-101-M"); got != 2 {
		t.Errorf("%d in the cart, want 2", got)
	}
}
