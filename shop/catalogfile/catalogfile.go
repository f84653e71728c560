// Package catalogfile reads the store's catalog from a CSV or YAML file, the
// way the store staff keep it, into shop categories and products. It checks
// every row and reports every problem with its line number at once, and it
// returns nothing from a file with problems, so a half-broken catalog is
// never imported. FORMAT.md documents both formats.
package catalogfile

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/lete-store/letebot/shop"
)

// Limits on a catalog file.
const (
	MaxBytes    = 10 << 20 // 10 MB
	MaxProducts = 5000
)

// Parse reads a catalog file; name picks the format by its extension (.csv,
// .yaml or .yml) and prefixes the problems reported. A file with any problem
// returns no data and an *Error listing every problem; a read failure or an
// unknown extension returns another error. What Parse returns passes
// shop.NewCatalog.
func Parse(name string, r io.Reader) ([]shop.Category, []shop.Product, error) {
	var parse func(data []byte, p *problems, ln *lines) ([]shop.Category, []shop.Product)
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".csv":
		parse = parseCSV
	case ".yaml", ".yml":
		parse = parseYAML
	default:
		return nil, nil, fmt.Errorf("%s: %w %q: use .csv, .yaml or .yml", name, ErrUnknownFormat, ext)
	}

	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	var p problems
	if len(data) > MaxBytes {
		p.add(0, "file is larger than %d MB; split the catalog into smaller files", MaxBytes>>20)
		return nil, nil, p.err(name)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // the BOM Excel writes
	if !utf8.Valid(data) {
		p.add(badUTF8Line(data), "file is not UTF-8 text; save it as \"CSV UTF-8\" (or UTF-8 YAML)")
		return nil, nil, p.err(name)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		p.add(0, "file is empty")
		return nil, nil, p.err(name)
	}

	ln := newLines()
	cats, prods := parse(data, &p, ln)
	if p.empty() {
		// The parsers check what NewCatalog checks, with line numbers; this
		// is the safety net that keeps Parse's promise if the domain grows
		// a rule they do not know yet.
		if _, err := shop.NewCatalog(cats, prods); err != nil {
			ln.report(&p, err)
		}
	}
	if err := p.err(name); err != nil {
		return nil, nil, err
	}
	return cats, prods, nil
}

// badUTF8Line returns the line of the first byte that is not UTF-8.
func badUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			break
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// lines remembers where each category, product and variant was defined, to
// place problems found after parsing.
type lines struct {
	category, product, variant map[string]int
}

func newLines() *lines {
	return &lines{category: map[string]int{}, product: map[string]int{}, variant: map[string]int{}}
}

// catalogSubject matches the subject NewCatalog's and Validate's messages
// start with: `product LT-101: ...`, `category "dresses": ...`.
var catalogSubject = regexp.MustCompile(`^(category|product|variant) "?([A-Za-z0-9._-]+)"?:`)

// report adds NewCatalog's problems, each at the line of what it names.
func (ln *lines) report(p *problems, err error) {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		// Validate joins a product's problems too.
		for msg := range strings.SplitSeq(e.Error(), "\n") {
			line := 0
			if m := catalogSubject.FindStringSubmatch(msg); m != nil {
				line = map[string]map[string]int{"category": ln.category, "product": ln.product, "variant": ln.variant}[m[1]][m[2]]
			}
			p.add(line, "%s", msg)
		}
	}
}

//go:embed sample.yaml
var sampleYAML []byte

// Sample returns the built-in demonstration catalog (sample.yaml), fresh on
// each call so callers may change it. It panics only if the embedded file is
// broken, which a test rules out.
func Sample() ([]shop.Category, []shop.Product) {
	cats, prods, err := Parse("sample.yaml", bytes.NewReader(sampleYAML))
	if err != nil {
		panic("catalogfile: the embedded sample is broken:\n" + err.Error())
	}
	return cats, prods
}
