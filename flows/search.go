package flows

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// Free text that names goods ("платье", "джинсы есть?", "черное платье
// M") lists them, narrowed to a colour and size in stock when it asks for
// one.

// maxSearchWords bounds the name words searched for against the catalog;
// maxQueryWords, the words read at all (of the first maxFreeText runes).
const (
	maxSearchWords = 8
	maxQueryWords  = 4 * maxSearchWords
)

// searchStopwords are name words too common to search by. Words of
// ordering that name no goods are among them, so "хочу заказать" opens the
// catalog rather than finding nothing.
var searchStopwords = set("және", "для", "или", "есть", "какие", "какой", "какая", "можно", "келеді",
	"заказ", "заказать", "оформить", "сделать", "товар", "товары", "тапсырыс", "тауар", "киім", "прямо",
	"подскажите", "скажите", "будет", "будут", "хочу", "нужен", "нужна", "нужно", "нужны", "керек", "жазғым")

// genericPrefixes begin words that name no goods of their own: a colour or
// a size as such ("в черном цвете", "какой рост"), clothes in general.
var genericPrefixes = []string{"цвет", "расцвет", "түс", "рост", "вес", "одежд", "вещ", "размер", "өлшем"}

// colourModifiers are words of colour names that name no colour alone.
var colourModifiers = set("түсті", "ашық", "қою", "светлый", "темный")

// query is what free text asks of the catalog: names to find, and a
// colour or size to narrow them to what is in stock.
type query struct {
	names     [][]rune // words to find in product, else category, names
	colours   []string // words naming a colour of the catalog's variants
	sizes     []string // sizes named, upper-cased ("M", "42")
	sizeAsked bool     // a size word: "какие размеры?", "42 размер"
	otherSize string   // a size named that no variant has ("44" where sizes are letters)
	// either: the names are alternatives ("платья или рубашки", "көйлек
	// пен жейде"), each listed, not the product that has them all.
	either bool
}

// eitherWords join alternatives.
var eitherWords = set("и", "или", "либо", "мен", "пен", "бен", "және", "немесе", "and", "or")

// narrows reports whether q asks for a colour or a size.
func (q query) narrows() bool { return len(q.colours) > 0 || len(q.sizes) > 0 }

// letterSizes are sizes written in Latin letters, which no Russian or
// Kazakh word is; lookalikeSizes are the same typed in Cyrillic, read as
// sizes only next to a size word ("размер М"), since "с" is a word too.
var (
	letterSizes    = set("xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl", "2xl", "3xl", "4xl")
	lookalikeSizes = map[string]string{"ххс": "XXS", "хс": "XS", "с": "S", "м": "M", "л": "L", "хл": "XL", "ххл": "XXL"}
)

// readQuery reads ws for names, colours and sizes. A number is a size
// beside a size word, or when the catalog has that size.
func readQuery(cat *shop.Catalog, ws []string) query {
	var q query
	ws = ws[:min(len(ws), maxQueryWords)]
	for _, w := range ws {
		q.sizeAsked = q.sizeAsked || sizeWord(w)
	}
	var lookalikes []string
	for i, w := range ws {
		switch {
		case eitherWords[w] && len(q.names) > 0:
			q.either = true
		case sizeWord(w):
		case letterSizes[w]:
			q.sizes = append(q.sizes, strings.ToUpper(w))
		case lookalikeSizes[w] != "":
			if i > 0 && sizeWord(ws[i-1]) || i+1 < len(ws) && sizeWord(ws[i+1]) {
				lookalikes = append(lookalikes, lookalikeSizes[w])
			}
		case isNumber(w):
			if i > 0 && anyPrefix(ws[i-1:i], "рост", "вес", "вешу", "бой", "салмақ", "салмағ") || i+1 < len(ws) && anyWord(ws[i+1:i+2], "см", "кг") {
				continue // "рост 170, вес 60": the customer's measures, no size
			}
			switch n, _ := strconv.Atoi(w); {
			case hasSize(cat, w):
				q.sizes = append(q.sizes, w)
			case q.sizeAsked && n >= 20 && n <= 70 && q.otherSize == "":
				q.otherSize = w // "джинсы 46 размера" where sizes are XS-XL
			}
		case namesColour(cat, w):
			q.colours = append(q.colours, w)
		default:
			if r := []rune(w); len(r) >= 4 && !searchStopwords[w] && !buyWord(w) && !greetWords[w] && !thankWords[w] &&
				!anyPrefix([]string{w}, genericPrefixes...) && len(q.names) < maxSearchWords {
				q.names = append(q.names, r)
			}
		}
	}
	if len(q.sizes) == 0 {
		q.sizes = lookalikes // "платье с поясом, размер M": the Latin M only
	}
	return q
}

// sizesAre says the catalog has no size asked, the sizes it has, and the
// letter a Russian size (the one most shoppers here know) usually is.
func (t *turn) sizesAre(asked string) messages.Text {
	sizes := t.cat.Sizes()
	like := russianSizes[asked]
	if !slices.Contains(sizes, like) {
		like = ""
	}
	return messages.T(messages.SizesAre, "Asked", asked, "Sizes", strings.Join(sizes, ", "), "Like", like)
}

// russianSizes are the international letters of women's Russian sizes.
var russianSizes = map[string]string{"40": "XXS", "42": "XS", "44": "S", "46": "M", "48": "L", "50": "XL", "52": "XXL"}

func sizeWord(w string) bool {
	return anyPrefix([]string{w}, "размер", "өлшем") || w == "size" || w == fold("ношу") // "я ношу 46"
}

func isNumber(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w != ""
}

func hasSize(cat *shop.Catalog, size string) bool {
	return containsFold(cat.Sizes(), size)
}

// namesColour reports whether w names a colour of the catalog's variants
// ("черное" for Чёрный, "ақ" for Ақ).
func namesColour(cat *shop.Catalog, w string) bool {
	for _, c := range cat.Colours() {
		if colourIs(w, c) {
			return true
		}
	}
	return false
}

// colourIs reports whether a typed word is a word of colour c ("белое",
// "белую" for Белый; "қара" for Қара, not "қарау", to look, nor "белье"
// for Белый).
func colourIs(w string, c shop.Localized) bool {
	tw := []rune(w)
	for _, text := range []string{c.RU, c.KK} {
		for _, cw := range words(text) {
			if colourModifiers[cw] { // "Ашық күлгін": ашық alone is "open" too
				continue
			}
			// A colour is as written or in another Russian ending; Kazakh
			// ones as written, since "қара" begins "қарау" (to look).
			if w == cw || sameStem(tw, []rune(cw)) {
				return true
			}
		}
	}
	return false
}

// fits reports whether variant v is of a colour and a size q asks for.
func (q query) fits(v shop.Variant) bool {
	if len(q.sizes) > 0 && !containsFold(q.sizes, v.Size) {
		return false
	}
	if len(q.colours) == 0 {
		return true
	}
	for _, w := range q.colours {
		if colourIs(w, v.Colour) {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// sameWord reports whether a typed word and a catalog name's word are one
// word in another form: the shorter, of four letters at least, begins the
// longer (көйлек, көйлектер: Kazakh adds its endings), or they share a
// stem of three letters at least and differ only in Russian endings
// (платье, платья; юбка, юбку; шелковая, шелковую). Not плащ and платье,
// жібер- (send) and жібек (silk), цвете and цветочек.
func sameWord(typed, name []rune) bool {
	if exactOnly[string(typed)] || exactOnly[string(name)] {
		return string(typed) == string(name)
	}
	n := 0
	for n < len(typed) && n < len(name) && typed[n] == name[n] {
		n++
	}
	if n == min(len(typed), len(name)) {
		// The longer goes on with an ending: "кара" does not begin
		// "карандаш", nor "жазгы" (summer) "жазгым" (I want to write).
		tail := string(typed[n:]) + string(name[n:])
		return n >= 4 && (tail == "" || ruEndings[tail] || kkEndings[tail])
	}
	return sameStem(typed, name)
}

// kkEndings are the endings Kazakh adds to nouns and adjectives (plural,
// possessive, case), alone or in the usual pairs, folded as words folds;
// not the first person's -м, which makes verbs of adjectives (жазғым).
var kkEndings = set("тер", "лер", "дер", "тар", "лар", "дар", "ы", "і", "сы", "сі", "ны", "ні", "ды", "ді", "ты", "ті",
	"ға", "ге", "қа", "ке", "на", "не", "да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен",
	"мен", "бен", "пен", "ның", "нің", "дың", "дің", "тың", "тің", "терді", "лерді", "дерді", "тарды", "ларды", "дарды",
	"тері", "лері", "дері", "тары", "лары", "дары")

// exactOnly are words that, folded without ь, look like another word's
// form and are not: бельё ("беле") beside белый, плата beside платье
// ("плате"). They match only themselves.
var exactOnly = set("белье", "белья", "бельем", "белью", "плата", "платы", "плату", "платой")

// sameStem reports whether two words share a stem of three letters at
// least and differ only in Russian endings.
func sameStem(a, b []rune) bool {
	if exactOnly[string(a)] || exactOnly[string(b)] {
		return string(a) == string(b)
	}
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n >= 3 && n < min(len(a), len(b)) && ruEndings[string(a[n:])] && ruEndings[string(b[n:])]
}

// ruEndings are the endings Russian nouns and adjectives take, as the
// part after a shared stem.
var ruEndings = set("а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
	"ой", "ей", "ый", "ий", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ов", "ев", "ам", "ям", "ах", "ях", "ом", "ем",
	"ами", "ями", "ого", "его", "ому", "ему", "ых", "их", "ым", "им", "ыми", "ими")

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// matches reports whether any typed word is a word of name.
func matches(typed [][]rune, name shop.Localized) bool {
	return matched(typed, name) != 0
}

// matched is the set of typed words (bit i: typed[i], of the first 64)
// that are words of name, in either language.
func matched(typed [][]rune, name shop.Localized) uint64 {
	var set uint64
	for i, t := range typed[:min(len(typed), 64)] {
	names:
		for _, text := range []string{name.RU, name.KK} {
			for _, w := range words(text) {
				nw := []rune(w)
				if len(nw) >= 4 && !searchStopwords[w] && sameWord(t, nw) {
					set |= 1 << i
					break names
				}
			}
		}
	}
	return set
}

// search lists the products q names, those of its colour and size in
// stock when it asks for one, or tells none is in stock; false when q
// names no product.
func (t *turn) search(q query) (bool, error) {
	found := find(t.cat, q)
	if len(found) == 0 {
		return false, nil
	}
	t.s.Step = StepMenu
	if q.otherSize != "" {
		t.say(t.sizesAre(q.otherSize))
	}
	size := ""
	if q.narrows() {
		var err error
		if found, err = t.inStock(found, q); err != nil {
			return false, err
		}
		size = strings.Join(q.sizes, "/")
		if len(found) == 0 {
			t.say(messages.T(messages.NoneInStock, "Size", size, "Colour", len(q.colours) > 0),
				row(btn(messages.BtnCategories, dCatalog), btn(messages.BtnTalk, dTalk)))
			return true, nil
		}
	}
	shown := found[:min(len(found), pageSize)]
	var rows [][]Button
	for _, p := range shown {
		rows = append(rows, row(t.productButton(p)))
	}
	rows = append(rows, row(btn(messages.BtnCategories, dCatalog), btn(messages.BtnCart, dCart, "Pieces", t.s.Cart.Pieces())))
	t.say(messages.T(messages.CatalogFound, "Count", len(found), "Shown", len(shown), "Size", size, "InStock", q.narrows()), rows...)
	return true, nil
}

// inStock keeps the products with a variant of q's colour and size that
// can be sold now.
func (t *turn) inStock(products []shop.Product, q query) ([]shop.Product, error) {
	var ids []string
	fit := make(map[string]bool)
	for _, p := range products {
		for _, v := range p.Variants {
			if q.fits(v) {
				ids = append(ids, v.ID)
				fit[v.ID] = true
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	stock, err := t.st.Available(t.ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("stock of the products searched: %w", err)
	}
	var in []shop.Product
	for _, p := range products {
		for _, v := range p.Variants {
			if fit[v.ID] && stock[v.ID] > 0 {
				in = append(in, p)
				break
			}
		}
	}
	return in, nil
}

// find returns the products whose names hold q's words, in either
// language, but those another's name holds with more (see below), or else
// those of the categories whose names hold one;
// every product when q names none but asks for a colour or size.
func find(cat *shop.Catalog, q query) []shop.Product {
	if len(q.names) == 0 {
		if q.narrows() {
			return cat.Products()
		}
		return nil
	}
	// A product named is left out when another one's name holds its words
	// and more: "платье с поясом" is the dress with a belt, not every
	// dress; "джинсы, свитшот" are both. Alternatives ("платья или
	// рубашки") are each, though "Платье-рубашка" holds both words.
	type hit struct {
		p     shop.Product
		words uint64
	}
	var hits []hit
	for _, p := range cat.Products() {
		if w := matched(q.names, p.Name); w != 0 {
			hits = append(hits, hit{p, w})
		}
	}
	var found []shop.Product
	for _, h := range hits {
		covered := !q.either && slices.ContainsFunc(hits, func(o hit) bool { return o.words != h.words && o.words&h.words == h.words })
		if !covered {
			found = append(found, h.p)
		}
	}
	if len(found) > 0 {
		return found
	}
	for _, c := range cat.Categories() {
		if matches(q.names, c.Name) {
			found = append(found, cat.InCategory(c.ID)...)
		}
	}
	if len(found) == 0 && q.narrows() {
		// "Подскажите, есть размер S?": the words around the size name
		// no goods, so every product in that size.
		return cat.Products()
	}
	return found
}
