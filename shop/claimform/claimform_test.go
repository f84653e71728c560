package claimform

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf16"

	"codeberg.org/go-pdf/fpdf"

	"github.com/lete-store/letebot/shop"
)

var update = flag.Bool("update", false, "rewrite the golden forms in testdata/")

const nbsp = "\u00a0"

// claim builds the test claims: a paid order refused before receipt, a
// partial return of two of three items, and an erroneous charge, with the
// item names as a customer of lang saw them.
func claim(t *testing.T, k shop.ClaimKind, lang shop.Lang) shop.Claim {
	t.Helper()
	due, err := shop.ParseDay("2026-03-18")
	if err != nil {
		t.Fatal(err)
	}
	name := map[shop.Lang][3]string{
		shop.Russian: {"Иванова Анна Сергеевна", "Платье льняное", "Рубашка оверсайз"},
		shop.Kazakh:  {"Серікова Әйгерім Қайратқызы", "Зығыр көйлек", "Оверсайз жейде"},
	}[lang]
	c := shop.Claim{
		ID: 12, OrderID: 42, Order: "LT-00042", Lang: lang, Kind: k,
		FullName: name[0], Phone: "+77011234567", Email: "client@example.kz",
		CardLastFour: "4242",
		// 22:30 UTC is 03:30 the next day in Astana: the form shows store time.
		OrderedAt:   time.Date(2026, 3, 10, 22, 30, 0, 0, time.UTC),
		SubmittedAt: time.Date(2026, 3, 13, 19, 30, 0, 0, time.UTC), // 14.03 00:30 in Astana
		Due:         due,
		Status:      shop.ClaimReceived,
	}
	dress := shop.ClaimLine{SKU: "DR-01", Name: name[1], Size: "M", Price: 18900, Qty: 1}
	shirt := shop.ClaimLine{SKU: "SH-02", Name: name[2], Size: "L", Price: 9500, Qty: 2}
	switch k {
	case shop.ClaimCancel:
		c.Lines = []shop.ClaimLine{dress, shirt}
		c.Delivery = 1500
		c.PaidAmount = 39400
	case shop.ClaimReturn:
		shirt.Qty = 1 // one of the two shirts is kept
		c.Lines = []shop.ClaimLine{dress, shirt}
		c.PaidAmount = 37900
		c.Reason = map[shop.Lang]string{shop.Russian: "Не подошёл размер", shop.Kazakh: "Өлшемі сәйкес келмеді"}[lang]
		c.ReturnBy = map[shop.Lang]string{
			shop.Russian: "сдам в пункт выдачи заказов СДЭК, г. Астана, ул. Кенесары, 40",
			shop.Kazakh:  "СДЭК тапсырыстарды беру пунктіне тапсырамын, Астана қ., Кенесары к-сі, 40",
		}[lang]
	case shop.ClaimWrongCharge:
		c.PaidAmount = 18900
		c.Reason = map[shop.Lang]string{shop.Russian: "Оплата списана дважды", shop.Kazakh: "Төлем екі рет шегерілді"}[lang]
	}
	c.Amount = shop.ClaimAmount(c.Lines, c.Delivery)
	if k == shop.ClaimWrongCharge {
		c.Amount = 18900
	}
	return c
}

// The words the form must show, and must not, for each kind and language.
var formCases = []struct {
	name    string
	kind    shop.ClaimKind
	lang    shop.Lang
	want    []string
	notWant []string
}{
	{
		name: "cancel_ru", kind: shop.ClaimCancel, lang: shop.Russian,
		want: []string{
			"Кому: ИП В. А. Грушевская", "БИН 900324400726", "010002, г. Астана, ул. Улы Дала, 54",
			"От кого: Иванова Анна Сергеевна", "Телефон: +77011234567", "E-mail: client@example.kz",
			"Заявление на возврат денежных средств",
			"Прошу вернуть денежные средства в сумме 39" + nbsp + "400" + nbsp + "₸ на банковскую карту •••• 4242",
			"отказом от оплаченного заказа № LT-00042 от 11.03.2026 до его получения",
			"Сумма оплаты по заказу: 39" + nbsp + "400" + nbsp + "₸",
			"| № | Товар | Размер | Количество | Цена | Сумма |",
			"| 1 | Платье льняное | M | 1 | 18" + nbsp + "900" + nbsp + "₸ | 18" + nbsp + "900" + nbsp + "₸ |",
			"| 2 | Рубашка оверсайз | L | 2 | 9" + nbsp + "500" + nbsp + "₸ | 19" + nbsp + "000" + nbsp + "₸ |",
			"| 3 | Доставка |  |  |  | 1" + nbsp + "500" + nbsp + "₸ |",
			"Итого к возврату: 39" + nbsp + "400" + nbsp + "₸",
			"не позднее 18.03.2026", "со дня получения заявления (14.03.2026)", "в рабочих днях",
			"Приложение: копия документа, удостоверяющего личность.",
			"Дата: 14.03.2026", "Номер заявления: R12", "Подпись: ________________  Иванова Анна Сергеевна",
			"Lete store · letestore.kz · Lete_store@mail.ru · +77773366100, +77779933311",
		},
		notWant: []string{"товарный вид", "Способ возврата", "квитанции", "Причина:"},
	},
	{
		name: "cancel_kk", kind: shop.ClaimCancel, lang: shop.Kazakh,
		want: []string{
			"Кімге: В. А. Грушевская ЖК", "БСН 900324400726", "010002, Астана қаласы, Ұлы Дала көшесі, 54",
			"Кімнен: Серікова Әйгерім Қайратқызы",
			"Ақшалай қаражатты қайтару туралы өтініш",
			"11.03.2026 күнгі № LT-00042 төленген тапсырысты алғанға дейін одан бас тартуыма байланысты",
			"39" + nbsp + "400" + nbsp + "₸ сомасындағы ақшалай қаражатты •••• 4242 банк картасына қайтаруыңызды сұраймын.",
			"| № | Тауар | Өлшем | Саны | Бағасы | Сомасы |",
			"| 1 | Зығыр көйлек | M | 1 | 18" + nbsp + "900" + nbsp + "₸ | 18" + nbsp + "900" + nbsp + "₸ |",
			"| 3 | Жеткізу |  |  |  | 1" + nbsp + "500" + nbsp + "₸ |",
			"Қайтарылатын жалпы сома: 39" + nbsp + "400" + nbsp + "₸",
			"18.03.2026 күнінен кешіктірілмей", "өтініш алынған күннен (14.03.2026)", "жұмыс күндерімен",
			"Қосымша: жеке басын куәландыратын құжаттың көшірмесі.",
			"Күні: 14.03.2026", "Өтініш нөмірі: R12", "Қолы: ________________  Серікова Әйгерім Қайратқызы",
		},
		notWant: []string{"тауарлық түрі", "қайтару тәсілі", "түбіртектер", "Себебі:"},
	},
	{
		name: "return_ru", kind: shop.ClaimReturn, lang: shop.Russian,
		want: []string{
			"в сумме 28" + nbsp + "400" + nbsp + "₸ на банковскую карту •••• 4242 в связи с возвратом товара, полученного по заказу № LT-00042 от 11.03.2026.",
			"Причина: Не подошёл размер",
			"| 2 | Рубашка оверсайз | L | 1 | 9" + nbsp + "500" + nbsp + "₸ | 9" + nbsp + "500" + nbsp + "₸ |",
			"Итого к возврату: 28" + nbsp + "400" + nbsp + "₸",
			"Способ возврата товара: сдам в пункт выдачи заказов СДЭК, г. Астана, ул. Кенесары, 40",
			"товарный вид и потребительские свойства товара, а также документ, подтверждающий покупку, сохранены",
			"Приложение: копия документа, удостоверяющего личность.",
		},
		notWant: []string{"Доставка", "квитанции", "отказом"},
	},
	{
		name: "return_kk", kind: shop.ClaimReturn, lang: shop.Kazakh,
		want: []string{
			"11.03.2026 күнгі № LT-00042 тапсырыс бойынша алынған тауарды қайтаруыма байланысты 28" + nbsp + "400" + nbsp + "₸ сомасындағы",
			"Себебі: Өлшемі сәйкес келмеді",
			"| 2 | Оверсайз жейде | L | 1 | 9" + nbsp + "500" + nbsp + "₸ | 9" + nbsp + "500" + nbsp + "₸ |",
			"Қайтарылатын жалпы сома: 28" + nbsp + "400" + nbsp + "₸",
			"Тауарды қайтару тәсілі: СДЭК тапсырыстарды беру пунктіне тапсырамын",
			"Тауардың тауарлық түрі мен тұтынушылық қасиеттері, сондай-ақ сатып алуды растайтын құжат сақталғанын растаймын.",
		},
		notWant: []string{"Жеткізу", "түбіртектер", "бас тарт"},
	},
	{
		name: "charge_ru", kind: shop.ClaimWrongCharge, lang: shop.Russian,
		want: []string{
			"Прошу вернуть денежные средства в сумме 18" + nbsp + "900" + nbsp + "₸, ошибочно списанные с банковской карты •••• 4242 при оплате заказа № LT-00042 от 11.03.2026, на ту же карту.",
			"Причина: Оплата списана дважды",
			"Итого к возврату: 18" + nbsp + "900" + nbsp + "₸",
			"Приложения: копия документа, удостоверяющего личность; квитанции (чеки), подтверждающие ошибочное списание.",
		},
		notWant: []string{"| № |", "товарный вид", "Способ возврата"},
	},
	{
		name: "charge_kk", kind: shop.ClaimWrongCharge, lang: shop.Kazakh,
		want: []string{
			"11.03.2026 күнгі № LT-00042 тапсырысты төлеу кезінде •••• 4242 банк картасынан қате шегерілген 18" + nbsp + "900" + nbsp + "₸ сомасындағы ақшалай қаражатты сол картаға қайтаруыңызды сұраймын.",
			"Себебі: Төлем екі рет шегерілді",
			"Қосымшалар: жеке басын куәландыратын құжаттың көшірмесі; қате шегерілген соманы растайтын түбіртектер (чектер).",
		},
		notWant: []string{"| № |", "тауарлық түрі", "қайтару тәсілі"},
	},
}

func TestLayout(t *testing.T) {
	p := shop.DefaultProfile()
	for _, tc := range formCases {
		t.Run(tc.name, func(t *testing.T) {
			bs, err := layout(claim(t, tc.kind, tc.lang), p, tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			got := plain(bs)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("the form lacks %q", w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(got, w) {
					t.Errorf("the form says %q, which is not for this claim", w)
				}
			}
			golden(t, filepath.Join("testdata", tc.name+".txt"), got)
		})
	}
}

// golden compares the form's words with testdata, so a review sees every
// wording change; -update rewrites them.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// The Kazakh form is written in Kazakh letters, and the Russian one has
// none of them: neither language leaks into the other.
func TestLayoutLetters(t *testing.T) {
	p := shop.DefaultProfile()
	const kazakhOnly = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
	for _, k := range []shop.ClaimKind{shop.ClaimCancel, shop.ClaimReturn, shop.ClaimWrongCharge} {
		t.Run(string(k), func(t *testing.T) {
			kk, err := layout(claim(t, k, shop.Kazakh), p, shop.Kazakh)
			if err != nil {
				t.Fatal(err)
			}
			form := formText(kk)
			for _, r := range "ғқңөұүіҚ" {
				if !strings.ContainsRune(form, r) {
					t.Errorf("kk form has no %q", r)
				}
			}
			ru, err := layout(claim(t, k, shop.Russian), p, shop.Russian)
			if err != nil {
				t.Fatal(err)
			}
			if i := strings.IndexAny(plain(ru), kazakhOnly); i >= 0 {
				t.Errorf("ru form has a Kazakh letter: %q", plain(ru)[max(0, i-40):i+2])
			}
		})
	}
}

// formText is the form's own words, without what the claim and the profile
// brought (names, addresses, reasons), so letter checks test the wording.
func formText(bs []block) string {
	var b strings.Builder
	for _, bl := range bs {
		switch bl.kind {
		case kHeader, kRow, kSign, kFooter:
			b.WriteString(bl.label + " ")
		case kHead:
			b.WriteString(strings.Join(bl.cells, " ") + " ")
		case kPara:
			if bl.label != "" {
				b.WriteString(bl.label + " ") // the text is the customer's
			} else {
				b.WriteString(bl.text + " ")
			}
		default:
			b.WriteString(bl.label + " " + bl.text + " ")
		}
	}
	return b.String()
}

// What the claim does not know is left blank to fill in by hand, what the
// customer typed is put on one line, and a card field never shows more than
// four digits.
func TestLayoutBlanks(t *testing.T) {
	p := shop.DefaultProfile()
	c := claim(t, shop.ClaimWrongCharge, shop.Russian)
	c.Email, c.OrderedAt, c.Order, c.ID = "", time.Time{}, "", 0
	c.CardLastFour = "4000 0012 3456 7899"
	c.Reason = "  Списали\nдважды,\r\n  см. чеки "
	bs, err := layout(c, p, shop.Russian)
	if err != nil {
		t.Fatal(err)
	}
	got := plain(bs)
	for _, w := range []string{"E-mail: " + blank, "Причина: Списали дважды, см. чеки\n", "с банковской карты •••• 7899 при оплате заказа № LT-00042, на ту же карту"} {
		if !strings.Contains(got, w) {
			t.Errorf("the form lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "0012") || strings.Contains(got, "Номер заявления") {
		t.Errorf("the form shows more of the card than its last four digits, or a reference of an unsaved claim:\n%s", got)
	}
	c.CardLastFour = ""
	if bs, _ = layout(c, p, shop.Russian); !strings.Contains(plain(bs), "•••• ____") {
		t.Errorf("no blank for an unknown card:\n%s", plain(bs))
	}
}

func TestRenderRefuses(t *testing.T) {
	p := shop.DefaultProfile()
	good := claim(t, shop.ClaimCancel, shop.Russian)
	tests := []struct {
		name string
		c    func(c *shop.Claim)
		p    *shop.Profile
		lang shop.Lang
	}{
		{"no profile", func(*shop.Claim) {}, nil, shop.Russian},
		{"profile without a time zone", func(*shop.Claim) {}, &shop.Profile{Name: "x"}, shop.Russian},
		{"unknown language", func(*shop.Claim) {}, p, "en"},
		{"unknown kind", func(c *shop.Claim) { c.Kind = "gift" }, p, shop.Russian},
		{"nothing to refund", func(c *shop.Claim) { c.Lines, c.Delivery, c.Amount = nil, 0, 0 }, p, shop.Russian},
		{"lines do not add up", func(c *shop.Claim) { c.Amount += 100 }, p, shop.Russian},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.c(&c)
			b, err := Render(c, tc.p, tc.lang)
			if !errors.Is(err, ErrCannotFill) || b != nil {
				t.Fatalf("Render = %d bytes, %v; want ErrCannotFill", len(b), err)
			}
		})
	}
}

var pageObj = regexp.MustCompile(`/Type /Page\b[^s]`)

func TestRender(t *testing.T) {
	p := shop.DefaultProfile()
	for _, tc := range formCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // also shows, under -race, that renders share no state
			c := claim(t, tc.kind, tc.lang)
			first, err := Render(c, p, tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			checkPDF(t, first, 1)
			again, err := Render(c, p, tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, again) {
				t.Errorf("two renders of the same claim differ (%d and %d bytes)", len(first), len(again))
			}
			// The document's dates are the submission in store time, never now.
			if !bytes.Contains(first, []byte("(D:20260314003000)")) {
				t.Errorf("creation date is not the claim's submission in store time")
			}
			c.SubmittedAt = c.SubmittedAt.Add(24 * time.Hour)
			later, err := Render(c, p, tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(first, later) {
				t.Errorf("a claim submitted a day later renders the same bytes")
			}
		})
	}
}

// Wrapping breaks only at ordinary spaces: an amount written with
// non-breaking spaces stays on one line, and a word wider than the line is
// cut rather than overflowing.
func TestWrap(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(family, "", fontRegular)
	pdf.AddUTF8FontFromBytes(family, "B", fontBold)
	d := &drawer{pdf: pdf}
	amount := money(1234567)
	text := strings.Repeat("сомасы "+amount+" ", 12) + strings.Repeat("Ұ", 80)
	const w = 40.0
	lines := d.wrap([]run{{bold: true, text: "Себебі:"}, {text: text}}, sizeBody, w)
	if len(lines) < 10 {
		t.Fatalf("%d lines for %q at %gmm", len(lines), text, w)
	}
	if !lines[0][0].bold || lines[0][0].text != "Себебі:" || lines[0][1].bold {
		t.Errorf("first line %+v: want the bold label, then regular text", lines[0])
	}
	amounts := 0
	for i, l := range lines {
		var s strings.Builder
		for _, wd := range l {
			if wd.space {
				s.WriteByte(' ')
			}
			s.WriteString(wd.text)
		}
		if width := d.width(false, sizeBody, s.String()); width > w+0.01 && !l[0].bold {
			t.Errorf("line %d %q is %.1fmm wide, more than %gmm", i, s.String(), width, w)
		}
		amounts += strings.Count(s.String(), amount)
		if strings.HasPrefix(s.String(), "567") || strings.HasPrefix(s.String(), "₸") {
			t.Errorf("line %d %q starts inside an amount", i, s.String())
		}
	}
	if amounts != 12 {
		t.Errorf("%d whole amounts after wrapping, want 12", amounts)
	}
	if pdf.Err() {
		t.Fatal(pdf.Error())
	}
}

// The PDF shows exactly the layout's words, in reading order, and then the
// footer with the page number: draw adds and drops nothing.
func TestRenderShowsLayout(t *testing.T) {
	p := shop.DefaultProfile()
	for _, tc := range formCases {
		t.Run(tc.name, func(t *testing.T) {
			c := claim(t, tc.kind, tc.lang)
			bs, err := layout(c, p, tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			var want strings.Builder
			footer := ""
			for _, b := range bs {
				switch b.kind {
				case kFooter:
					footer = b.text
				case kHead, kRow:
					want.WriteString(strings.Join(b.cells, ""))
				default:
					want.WriteString(b.label + b.text)
				}
			}
			want.WriteString(footer + "1/1")
			b, err := render(c, p, tc.lang, false)
			if err != nil {
				t.Fatal(err)
			}
			if got, w := squeeze(shownText(t, b)), squeeze(want.String()); got != w {
				t.Errorf("the PDF shows\n%s\nwant\n%s", got, w)
			}
		})
	}
}

// showText matches a text-showing operator as fpdf writes it for a UTF-8
// font: a string of UTF-16BE code units, escaped.
var showText = regexp.MustCompile(`(?s)Td \(((?:[^()\\]|\\.)*)\)Tj`)

// shownText is every string an uncompressed PDF's pages show, in order.
func shownText(t *testing.T, pdf []byte) string {
	t.Helper()
	var b strings.Builder
	for _, m := range showText.FindAllSubmatch(pdf, -1) {
		var raw []byte
		for i := 0; i < len(m[1]); i++ {
			c := m[1][i]
			if c == '\\' && i+1 < len(m[1]) {
				i++
				if c = m[1][i]; c == 'r' {
					c = '\r'
				}
			}
			raw = append(raw, c)
		}
		if len(raw)%2 != 0 {
			t.Fatalf("odd UTF-16 string %q", raw)
		}
		units := make([]uint16, len(raw)/2)
		for i := range units {
			units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
		}
		b.WriteString(string(utf16.Decode(units)))
	}
	return b.String()
}

// squeeze drops all spaces, which wrapping moves.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// A claim with many lines runs over to more pages, each with the table's
// column names and the footer, and every line is on one of them.
func TestRenderManyLines(t *testing.T) {
	p := shop.DefaultProfile()
	for _, lang := range shop.Langs {
		t.Run(string(lang), func(t *testing.T) {
			c := claim(t, shop.ClaimReturn, lang)
			c.Lines = nil
			for i := range 60 {
				c.Lines = append(c.Lines, shop.ClaimLine{
					SKU: fmt.Sprint("SKU-", i), Name: fmt.Sprintf("Linen dress with a name long enough to wrap, item %d", i+1),
					Size: "XL", Price: 1000, Qty: 1,
				})
			}
			c.Amount = shop.ClaimAmount(c.Lines, 0)
			b, err := render(c, p, lang, false)
			if err != nil {
				t.Fatal(err)
			}
			pages := checkPDF(t, b, 0)
			if pages < 2 {
				t.Fatalf("%d page(s) for 60 lines", pages)
			}
			shown := shownText(t, b)
			if n := strings.Count(shown, texts[lang].cols[3]); n != pages {
				t.Errorf("the column names are on %d of %d pages", n, pages)
			}
			if n := strings.Count(shown, "Lete_store@mail.ru"); n != pages {
				t.Errorf("the footer is on %d of %d pages", n, pages)
			}
			if want := fmt.Sprintf("%d/%d", pages, pages); !strings.Contains(shown, want) {
				t.Errorf("no page number %s", want)
			}
			for _, w := range []string{"item 1", "item 60", texts[lang].sign} {
				if !strings.Contains(shown, w) {
					t.Errorf("%q is not on any page", w)
				}
			}
		})
	}
}

// checkPDF checks the bytes look like a whole PDF and returns its page
// count; want, when not 0, is the count expected.
func checkPDF(t *testing.T, b []byte, want int) int {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("does not start with %%PDF-: %q", b[:min(len(b), 16)])
	}
	if !bytes.HasSuffix(bytes.TrimRight(b, "\r\n"), []byte("%%EOF")) {
		t.Errorf("does not end with %%%%EOF: %q", b[max(0, len(b)-16):])
	}
	if !bytes.Contains(b, []byte("/FontFile2")) {
		t.Errorf("no embedded TrueType font")
	}
	pages := len(pageObj.FindAll(b, -1))
	if want != 0 && pages != want {
		t.Errorf("%d pages, want %d", pages, want)
	}
	return pages
}
