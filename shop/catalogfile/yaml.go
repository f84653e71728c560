package catalogfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/lete-store/letebot/shop"
)

// The YAML fields of each mapping, in the order FORMAT.md documents them.
var (
	yamlRootFields     = []string{"categories", "products"}
	yamlCategoryFields = []string{"id", "name"}
	yamlProductFields  = []string{"sku", "category", "name", "description", "price", "photo", "personalised", "weight_g", "variants"}
	yamlVariantFields  = []string{"id", "size", "colour", "stock", "retail"}
	yamlLangFields     = []string{"kk", "ru"}
)

// yamlParser walks the document's nodes rather than decoding into structs,
// so that every problem carries its line and unknown fields are caught.
type yamlParser struct {
	p  *problems
	ln *lines
}

// catRef is a product's category, checked once every category is known.
type catRef struct {
	id   string
	line int
}

func parseYAML(data []byte, p *problems, ln *lines) ([]shop.Category, []shop.Product) {
	y := &yamlParser{p: p, ln: ln}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := decodeNode(dec, &doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.add(0, "file is empty") // comments only
		} else {
			y.syntax(err)
		}
		return nil, nil
	}
	var extra yaml.Node
	switch err := decodeNode(dec, &extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		y.syntax(err)
		return nil, nil
	default:
		p.add(extra.Line, "file must hold one YAML document; remove the second '---'")
		return nil, nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		p.add(0, "file must be a YAML mapping with categories and products")
		return nil, nil
	}
	root := doc.Content[0]
	f, ok := y.fields(root, "the file", yamlRootFields)
	if !ok {
		return nil, nil
	}
	if f["categories"] == nil {
		p.add(root.Line, "missing field categories")
	}
	if f["products"] == nil {
		p.add(root.Line, "missing field products")
	}
	cats := y.categories(f["categories"], root)
	prods, refs := y.products(f["products"], root)
	if !p.full && len(cats) > 0 {
		var ids []string
		for _, c := range cats {
			if len(ids) == 10 {
				ids = append(ids, "…")
				break
			}
			if c.ID != "" {
				ids = append(ids, c.ID)
			}
		}
		for _, ref := range refs {
			if _, ok := y.ln.category[ref.id]; !ok {
				p.add(ref.line, "unknown category %s; the categories are: %s", quote(ref.id), strings.Join(ids, ", "))
			}
		}
	}
	return cats, prods
}

// decodeNode decodes one document. yaml.v3 has panicked on hostile input
// before; a catalog upload must never take the bot down.
func decodeNode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: cannot read the file: %v", r)
		}
	}()
	return dec.Decode(n)
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlParserErrors are the yaml.v3 messages of its parser (not its scanner).
// yaml.v3 reports them at the line where the enclosing list or mapping
// starts, counted from 0, so they need one added.
var yamlParserErrors = map[string]bool{
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected node content":     true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"found incompatible YAML document":       true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
}

// syntax reports a YAML syntax error at its line.
func (y *yamlParser) syntax(err error) {
	msg := err.Error()
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if yamlParserErrors[m[2]] {
			y.p.add(line+1, "YAML syntax: %s in the list or mapping that starts here (check the indentation)", m[2])
			return
		}
		y.p.add(line, "YAML syntax: %s", m[2])
		return
	}
	y.p.add(0, "YAML syntax: %s", strings.TrimPrefix(msg, "yaml: "))
}

func (y *yamlParser) categories(n, parent *yaml.Node) []shop.Category {
	var cats []shop.Category
	items, ok := y.seq(n, "categories")
	if ok && n != nil && len(items) == 0 {
		y.p.add(lineOf(n, parent), "categories: at least one is required")
	}
	for _, cn := range items {
		f, ok := y.fields(cn, "a category", yamlCategoryFields)
		if !ok {
			continue
		}
		var cat shop.Category
		if id, line, ok := y.str(f["id"], cn, "category id"); ok && y.check(line, checkID("category id", id, maxID)) {
			if first, dup := y.ln.category[id]; dup {
				y.p.add(line, "category %s is already on line %d; category ids must be unique", id, first)
			} else {
				y.ln.category[id] = line
			}
			cat.ID = id
		}
		cat.Name = y.localized(f["name"], cn, "name", maxName, true, false)
		cats = append(cats, cat)
	}
	return cats
}

func (y *yamlParser) products(n, parent *yaml.Node) ([]shop.Product, []catRef) {
	var prods []shop.Product
	var refs []catRef
	items, ok := y.seq(n, "products")
	if ok && n != nil && len(items) == 0 {
		y.p.add(lineOf(n, parent), "products: the catalog has none")
	}
	if len(items) > MaxProducts {
		y.p.add(items[MaxProducts].Line, "more than %d products; split the catalog into smaller files", MaxProducts)
		return nil, nil
	}
	for _, pn := range items {
		if y.p.full {
			break
		}
		f, ok := y.fields(pn, "a product", yamlProductFields)
		if !ok {
			continue
		}
		var pr shop.Product
		if sku, line, ok := y.str(f["sku"], pn, "sku"); ok && y.check(line, checkID("sku", sku, maxSKU)) {
			if first, dup := y.ln.product[sku]; dup {
				y.p.add(line, "sku %s is already on line %d; skus must be unique", sku, first)
			} else {
				y.ln.product[sku] = pn.Line
			}
			pr.SKU = sku
		}
		if id, line, ok := y.str(f["category"], pn, "category"); ok && y.check(line, checkID("category", id, maxID)) {
			pr.CategoryID = id
			refs = append(refs, catRef{id: id, line: line})
		}
		pr.Name = y.localized(f["name"], pn, "name", maxName, true, false)
		pr.Description = y.localized(f["description"], pn, "description", maxDescription, false, true)
		var err error
		if s, line, ok := y.str(f["price"], pn, "price"); ok {
			pr.Price, err = parsePrice(s)
			y.check(line, err)
		}
		if s, line, ok := y.str(f["photo"], pn, "photo"); ok {
			pr.Photo, err = parsePhoto(s)
			y.check(line, err)
		}
		if s, line, ok := y.str(f["personalised"], pn, "personalised"); ok {
			pr.Personalised, err = parseBool("personalised", s)
			y.check(line, err)
		}
		if s, line, ok := y.str(f["weight_g"], pn, "weight_g"); ok {
			pr.WeightGrams, err = parseWeight(s)
			y.check(line, err)
		}
		vs, ok := y.seq(f["variants"], "variants")
		if ok && len(vs) == 0 {
			y.p.add(lineOf(f["variants"], pn), "a product needs at least one variant")
		}
		for _, vn := range vs {
			if v, ok := y.variant(vn); ok {
				pr.Variants = append(pr.Variants, v)
			}
		}
		prods = append(prods, pr)
	}
	return prods, refs
}

func (y *yamlParser) variant(n *yaml.Node) (shop.Variant, bool) {
	f, ok := y.fields(n, "a variant", yamlVariantFields)
	if !ok {
		return shop.Variant{}, false
	}
	var v shop.Variant
	if id, line, ok := y.str(f["id"], n, "variant id"); ok && y.check(line, checkID("variant id", id, maxID)) {
		if first, dup := y.ln.variant[id]; dup {
			y.p.add(line, "variant %s is already on line %d; variant ids must be unique", id, first)
		} else {
			y.ln.variant[id] = line
		}
		v.ID = id
	}
	if s, line, ok := y.str(f["size"], n, "size"); ok && y.check(line, checkText("size", s, maxSize, false)) {
		v.Size = s
	}
	v.Colour = y.localized(f["colour"], n, "colour", maxColour, false, false)
	if s, line, ok := y.str(f["stock"], n, "stock"); ok {
		var err error
		v.Stock, err = parseCount("stock", s)
		y.check(line, err)
	}
	v.Retail = y.retail(f["retail"])
	return v, true
}

// retail reads {astana: 2, almaty: 1}.
func (y *yamlParser) retail(n *yaml.Node) map[string]int {
	if n == nil || isNull(n) || !y.kind(n, yaml.MappingNode, "retail", "a mapping of city ids to counts, e.g. {astana: 2, almaty: 1}") {
		return nil
	}
	m := make(map[string]int)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !y.kind(k, yaml.ScalarNode, "retail", "keyed by city ids") {
			continue
		}
		city, err := checkCity(strings.TrimSpace(k.Value))
		if !y.check(k.Line, err) {
			continue
		}
		if _, dup := m[city]; dup {
			y.p.add(k.Line, "retail lists %s twice", city)
			continue
		}
		what := "retail stock in " + city
		if s, line, ok := y.str(v, n, what); ok {
			count, err := parseCount(what, s)
			if y.check(line, err) {
				m[city] = count
			}
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// localized reads {kk: ..., ru: ...}. A required text needs both languages;
// an optional one both or neither.
func (y *yamlParser) localized(n, parent *yaml.Node, what string, max int, required, multiline bool) shop.Localized {
	var t shop.Localized
	if n == nil || isNull(n) {
		if required {
			y.p.add(lineOf(n, parent), "%s is required, in both languages: {kk: ..., ru: ...}", what)
		}
		return t
	}
	if n.Kind == yaml.ScalarNode {
		y.p.add(n.Line, "%s must be given in both languages: {kk: ..., ru: ...}", what)
		return t
	}
	f, ok := y.fields(n, what, yamlLangFields)
	if !ok {
		return t
	}
	kk, kkLine, kkOK := y.str(f["kk"], n, what+".kk")
	if kkOK && y.check(kkLine, checkText(what+".kk", kk, max, multiline)) {
		t.KK = kk
	}
	ru, ruLine, ruOK := y.str(f["ru"], n, what+".ru")
	if ruOK && y.check(ruLine, checkText(what+".ru", ru, max, multiline)) {
		t.RU = ru
	}
	switch {
	case required && kkOK && kk == "":
		y.p.add(kkLine, "%s.kk (Kazakh) is required", what)
	case required && ruOK && ru == "":
		y.p.add(ruLine, "%s.ru (Russian) is required", what)
	case !required && kkOK && ruOK && (kk == "") != (ru == ""):
		y.p.add(n.Line, "%s needs both kk and ru, or neither", what)
	}
	return t
}

// fields checks that n is a mapping of known fields, each given once, and
// returns the values by field name.
func (y *yamlParser) fields(n *yaml.Node, what string, known []string) (map[string]*yaml.Node, bool) {
	if !y.kind(n, yaml.MappingNode, what, "a mapping of fields: "+strings.Join(known, ", ")) {
		return nil, false
	}
	m := make(map[string]*yaml.Node, len(n.Content)/2)
	first := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !y.kind(k, yaml.ScalarNode, what, "keyed by plain field names") {
			continue
		}
		if !slices.Contains(known, k.Value) {
			y.p.add(k.Line, "unknown field %s in %s; the fields are: %s", quote(k.Value), what, strings.Join(known, ", "))
			continue
		}
		if line, dup := first[k.Value]; dup {
			y.p.add(k.Line, "field %s appears twice in %s (first on line %d)", k.Value, what, line)
			continue
		}
		first[k.Value] = k.Line
		m[k.Value] = v
	}
	return m, true
}

// seq reads a list; a missing or empty one is an empty list.
func (y *yamlParser) seq(n *yaml.Node, what string) ([]*yaml.Node, bool) {
	if n == nil || isNull(n) {
		return nil, true
	}
	if !y.kind(n, yaml.SequenceNode, what, "a list (lines starting with \"- \")") {
		return nil, false
	}
	return n.Content, true
}

// str reads a single value and its line; a missing or null one is "". It
// reports false, after reporting the problem, if n is not a single value.
func (y *yamlParser) str(n, parent *yaml.Node, what string) (string, int, bool) {
	if n == nil || isNull(n) {
		return "", lineOf(n, parent), true
	}
	if !y.kind(n, yaml.ScalarNode, what, "a single value") {
		return "", n.Line, false
	}
	return normText(n.Value), n.Line, true
}

// kind reports whether n is of the kind wanted, reporting a problem if not.
func (y *yamlParser) kind(n *yaml.Node, want yaml.Kind, what, desc string) bool {
	switch {
	case n.Kind == want:
		return true
	case n.Kind == yaml.AliasNode:
		y.p.add(n.Line, "%s: YAML aliases (*%s) are not supported; write the value out", what, n.Value)
	default:
		y.p.add(n.Line, "%s must be %s", what, desc)
	}
	return false
}

// check reports err at line; it returns whether there was no error.
func (y *yamlParser) check(line int, err error) bool {
	y.p.addErr(line, err)
	return err == nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// lineOf is the line of n, or of its parent when n is missing.
func lineOf(n, parent *yaml.Node) int {
	if n != nil {
		return n.Line
	}
	return parent.Line
}
