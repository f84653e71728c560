package catalogfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/lete-store/letebot/shop"
)

// The CSV columns, in the order FORMAT.md documents them.
const (
	colSKU           = "sku"
	colCategory      = "category"
	colCategoryKK    = "category_kk"
	colCategoryRU    = "category_ru"
	colNameKK        = "name_kk"
	colNameRU        = "name_ru"
	colDescriptionKK = "description_kk"
	colDescriptionRU = "description_ru"
	colPrice         = "price"
	colVariant       = "variant"
	colSize          = "size"
	colColourKK      = "colour_kk"
	colColourRU      = "colour_ru"
	colStock         = "stock"
	colRetail        = "retail"
	colPhoto         = "photo"
	colPersonalised  = "personalised"
	colWeight        = "weight_g"
)

// csvColumns lists every column; required ones must be in the header.
var csvColumns = []struct {
	name     string
	required bool
}{
	{colSKU, true},
	{colCategory, true},
	{colCategoryKK, true},
	{colCategoryRU, true},
	{colNameKK, true},
	{colNameRU, true},
	{colDescriptionKK, false},
	{colDescriptionRU, false},
	{colPrice, true},
	{colVariant, true},
	{colSize, false},
	{colColourKK, false},
	{colColourRU, false},
	{colStock, true},
	{colRetail, false},
	{colPhoto, false},
	{colPersonalised, false},
	{colWeight, false},
}

func csvColumnNames() string {
	names := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// csvParser turns rows, one a variant, into categories and products.
type csvParser struct {
	p       *problems
	ln      *lines
	r       *csv.Reader
	col     map[string]int // column name to index
	width   int            // columns in the header
	unnamed []int          // columns with no name: their values must be blank

	cats      []*csvItem[shop.Category]
	catByID   map[string]*csvItem[shop.Category]
	prods     []*csvItem[shop.Product]
	prodBySKU map[string]*csvItem[shop.Product]
	stop      bool // too many products: stop reading
}

// csvItem is a category or product that several rows describe, with the first
// value given for each of its columns and where it was given.
type csvItem[T any] struct {
	v    T
	line int // its first row
	seen map[string]seenValue
	bad  map[string]bool // columns with a bad value on some row, already reported
}

func newItem[T any](v T, line int) *csvItem[T] {
	return &csvItem[T]{v: v, line: line, seen: map[string]seenValue{}, bad: map[string]bool{}}
}

// missing reports col as missing unless it was given or reported bad.
func (it *csvItem[T]) missing(col string) bool {
	_, given := it.seen[col]
	return !given && !it.bad[col]
}

type seenValue struct {
	val  string
	line int
}

func parseCSV(data []byte, p *problems, ln *lines) ([]shop.Category, []shop.Product) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = csvComma(data)
	r.FieldsPerRecord = -1 // checked here, with a better message
	r.ReuseRecord = true
	c := &csvParser{
		p: p, ln: ln, r: r,
		catByID:   map[string]*csvItem[shop.Category]{},
		prodBySKU: map[string]*csvItem[shop.Product]{},
	}
	header := true
	for !c.stop && !p.full {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
				p.add(pe.Line, "broken CSV quoting (%v): a value with quotes, commas or line breaks must be in double quotes, with each quote inside doubled", pe.Err)
			} else {
				p.addErr(0, err)
			}
			// Past a quoting error the reader may be out of step with the
			// rows, so line numbers would mislead.
			return nil, nil
		}
		if header {
			header = false
			if !c.header(rec) {
				return nil, nil
			}
			continue
		}
		c.row(rec)
	}
	if header {
		p.add(0, "file has no header row")
		return nil, nil
	}
	return c.finish()
}

// csvComma guesses the separator from the header: Excel set to Russian or
// Kazakh saves "CSV" with semicolons.
func csvComma(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		return ';'
	}
	return ','
}

// line returns the line of field i of the record just read.
func (c *csvParser) line(i int) int {
	line, _ := c.r.FieldPos(i)
	return line
}

// header reads the column names; it reports whether rows can be read.
func (c *csvParser) header(rec []string) bool {
	c.col = make(map[string]int, len(rec))
	c.width = len(rec)
	known := make(map[string]bool, len(csvColumns))
	for _, col := range csvColumns {
		known[col.name] = true
	}
	var hp problems // reported only if this looks like a header at all
	ok := true
	for i, h := range rec {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case name == "":
			// Spreadsheets export a column someone once typed in; it
			// is harmless while it stays empty.
			c.unnamed = append(c.unnamed, i)
		case !known[name]:
			hp.add(c.line(i), "unknown column %s; the columns are: %s", quote(strings.TrimSpace(h)), csvColumnNames())
		default:
			if _, dup := c.col[name]; dup {
				hp.add(c.line(i), "column %s appears twice in the header", name)
				ok = false
			}
			c.col[name] = i
		}
	}
	if len(c.col) == 0 {
		c.p.add(c.line(0), "the first row must be the header, naming the columns: %s", csvColumnNames())
		return false
	}
	for _, p := range hp.list {
		c.p.add(p.Line, "%s", p.Msg)
	}
	for _, col := range csvColumns {
		if _, has := c.col[col.name]; col.required && !has {
			c.p.add(c.line(0), "missing column %s", col.name)
			ok = false
		}
	}
	return ok
}

// cell is a value of a row and the line it is on (a quoted value may span
// lines, so later values of a row can be on later lines).
type cell struct {
	s    string
	line int
}

// row reads one variant and merges its product and category columns.
func (c *csvParser) row(rec []string) {
	line := c.line(0)
	blank := true
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			blank = false
			break
		}
	}
	if blank {
		return // spreadsheets export empty rows as ",,,,"
	}
	if len(rec) != c.width {
		c.p.add(line, "row has %d values but the header has %d columns; is a value with a comma missing its quotes?", len(rec), c.width)
		return
	}

	for _, i := range c.unnamed {
		if strings.TrimSpace(rec[i]) != "" {
			c.p.add(c.line(i), "column %d has a value but no name in the header", i+1)
		}
	}
	bad := map[string]bool{} // columns of this row already reported
	get := func(col string) cell {
		i, ok := c.col[col]
		if !ok {
			return cell{line: line}
		}
		return cell{s: normText(rec[i]), line: c.line(i)}
	}
	// fail reports a bad value; the value then counts as blank.
	fail := func(v *cell, col string, err error) bool {
		if err == nil {
			return false
		}
		c.p.addErr(v.line, err)
		bad[col] = true
		v.s = ""
		return true
	}
	text := func(col string, max int, multiline bool) cell {
		v := get(col)
		fail(&v, col, checkText(col, v.s, max, multiline))
		return v
	}

	// Product and category columns. Each is kept as the text that must
	// agree across the rows of a sku: "18 900" and "18900" agree.
	sku := get(colSKU)
	skuOK := !fail(&sku, colSKU, checkID("sku", sku.s, maxSKU))
	cat := get(colCategory)
	if cat.s != "" {
		fail(&cat, colCategory, checkID("category", cat.s, maxID))
	}
	catKK, catRU := text(colCategoryKK, maxName, false), text(colCategoryRU, maxName, false)
	nameKK, nameRU := text(colNameKK, maxName, false), text(colNameRU, maxName, false)
	descKK, descRU := text(colDescriptionKK, maxDescription, true), text(colDescriptionRU, maxDescription, true)
	price := get(colPrice)
	var priceVal shop.Money
	if price.s != "" {
		var err error
		if priceVal, err = parsePrice(price.s); !fail(&price, colPrice, err) {
			price.s = strconv.FormatInt(int64(priceVal), 10)
		}
	}
	photo := get(colPhoto)
	_, err := parsePhoto(photo.s)
	fail(&photo, colPhoto, err)
	pers := get(colPersonalised)
	persVal, err := parseBool(colPersonalised, pers.s)
	if !fail(&pers, colPersonalised, err) && pers.s != "" {
		pers.s = strconv.FormatBool(persVal)
	}
	weight := get(colWeight)
	weightVal, err := parseWeight(weight.s)
	if !fail(&weight, colWeight, err) && weight.s != "" {
		weight.s = strconv.Itoa(weightVal)
	}

	// Variant columns.
	id := get(colVariant)
	v := shop.Variant{ID: id.s}
	if !fail(&id, colVariant, checkID("variant", id.s, maxID)) {
		if first, dup := c.ln.variant[v.ID]; dup {
			c.p.add(id.line, "variant %s is already on line %d; variant ids must be unique", v.ID, first)
		} else {
			c.ln.variant[v.ID] = id.line
		}
	}
	v.Size = text(colSize, maxSize, false).s
	colKK, colRU := text(colColourKK, maxColour, false), text(colColourRU, maxColour, false)
	v.Colour = shop.Localized{KK: colKK.s, RU: colRU.s}
	if (colKK.s == "") != (colRU.s == "") && !bad[colColourKK] && !bad[colColourRU] {
		c.p.add(line, "colour needs both colour_kk and colour_ru, or neither")
	}
	stock := get(colStock)
	v.Stock, err = parseCount("stock", stock.s)
	fail(&stock, colStock, err)
	retail := get(colRetail)
	v.Retail, err = parseRetail(retail.s)
	fail(&retail, colRetail, err)

	var prod *csvItem[shop.Product]
	if skuOK {
		if prod = c.prodBySKU[sku.s]; prod == nil {
			if len(c.prods) == MaxProducts {
				c.p.add(line, "more than %d products; split the catalog into smaller files", MaxProducts)
				c.stop = true
				return
			}
			prod = newItem(shop.Product{SKU: sku.s}, line)
			c.prods = append(c.prods, prod)
			c.prodBySKU[sku.s] = prod
			c.ln.product[sku.s] = line
		}
		for col := range bad {
			prod.bad[col] = true
		}
		pr := &prod.v
		owner := "sku " + sku.s
		if agree(c.p, prod, owner, colCategory, cat) {
			pr.CategoryID = cat.s
		}
		if agree(c.p, prod, owner, colNameKK, nameKK) {
			pr.Name.KK = nameKK.s
		}
		if agree(c.p, prod, owner, colNameRU, nameRU) {
			pr.Name.RU = nameRU.s
		}
		if agree(c.p, prod, owner, colDescriptionKK, descKK) {
			pr.Description.KK = descKK.s
		}
		if agree(c.p, prod, owner, colDescriptionRU, descRU) {
			pr.Description.RU = descRU.s
		}
		if agree(c.p, prod, owner, colPrice, price) {
			pr.Price = priceVal
		}
		if agree(c.p, prod, owner, colPhoto, photo) {
			pr.Photo = photo.s
		}
		if agree(c.p, prod, owner, colPersonalised, pers) {
			pr.Personalised = persVal
		}
		if agree(c.p, prod, owner, colWeight, weight) {
			pr.WeightGrams = weightVal
		}
		pr.Variants = append(pr.Variants, v)
	}

	// A blank category is the product's, as for any product column.
	catID := cat.s
	if catID == "" && prod != nil {
		catID = prod.v.CategoryID
	}
	if catID == "" {
		if (catKK.s != "" || catRU.s != "") && !bad[colCategory] {
			c.p.add(line, "category_kk and category_ru name the category given in the category column, which is blank")
		}
		return
	}
	ct := c.catByID[catID]
	if ct == nil {
		ct = newItem(shop.Category{ID: catID}, line)
		c.cats = append(c.cats, ct)
		c.catByID[catID] = ct
		c.ln.category[catID] = line
	}
	for _, col := range []string{colCategoryKK, colCategoryRU} {
		ct.bad[col] = ct.bad[col] || bad[col]
	}
	owner := "category " + catID
	if agree(c.p, ct, owner, colCategoryKK, catKK) {
		ct.v.Name.KK = catKK.s
	}
	if agree(c.p, ct, owner, colCategoryRU, catRU) {
		ct.v.Name.RU = catRU.s
	}
}

// check reports err at line; it returns whether there was no error.
func (c *csvParser) check(line int, err error) bool {
	c.p.addErr(line, err)
	return err == nil
}

// agree records a column's value for a category or product that several
// rows describe. The first non-blank value counts; a blank one inherits it
// and a different one is a problem. agree reports whether v is the first.
func agree[T any](p *problems, it *csvItem[T], owner, col string, v cell) bool {
	if v.s == "" {
		return false
	}
	old, ok := it.seen[col]
	if !ok {
		it.seen[col] = seenValue{val: v.s, line: v.line}
		return true
	}
	if old.val != v.s {
		p.add(v.line, "%s: %s %s differs from %s on line %d; the rows of one %s must agree (leave it blank to repeat)",
			owner, col, quote(v.s), quote(old.val), old.line, strings.Fields(owner)[0])
	}
	return false
}

// finish checks what only the whole file shows and returns the result.
func (c *csvParser) finish() ([]shop.Category, []shop.Product) {
	if len(c.prods) == 0 && c.p.empty() {
		c.p.add(0, "file has a header but no products")
	}
	cats := make([]shop.Category, len(c.cats))
	for i, cat := range c.cats {
		if cat.missing(colCategoryKK) {
			c.p.add(cat.line, "category %s needs its Kazakh name in category_kk", cat.v.ID)
		}
		if cat.missing(colCategoryRU) {
			c.p.add(cat.line, "category %s needs its Russian name in category_ru", cat.v.ID)
		}
		cats[i] = cat.v
	}
	prods := make([]shop.Product, len(c.prods))
	for i, prod := range c.prods {
		pr := prod.v
		if prod.missing(colCategory) {
			c.p.add(prod.line, "sku %s needs a category", pr.SKU)
		}
		if prod.missing(colNameKK) {
			c.p.add(prod.line, "sku %s needs its Kazakh name in name_kk", pr.SKU)
		}
		if prod.missing(colNameRU) {
			c.p.add(prod.line, "sku %s needs its Russian name in name_ru", pr.SKU)
		}
		if prod.missing(colDescriptionKK) != prod.missing(colDescriptionRU) {
			c.p.add(prod.line, "sku %s needs its description in both description_kk and description_ru, or neither", pr.SKU)
		}
		if prod.missing(colPrice) {
			c.p.add(prod.line, "sku %s needs a price", pr.SKU)
		}
		prods[i] = pr
	}
	return cats, prods
}
