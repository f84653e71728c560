package shop

import (
	"errors"
	"fmt"
	"slices"
	"sort"
)

// Category groups products in the catalog menu.
type Category struct {
	ID   string
	Name Localized
}

// Product is one model of clothing; what a customer buys is one of its variants.
type Product struct {
	SKU          string
	CategoryID   string
	Name         Localized
	Description  Localized
	Price        Money
	Photo        string // an https URL or a channel file id
	Personalised bool   // made for one buyer: cannot be returned
	WeightGrams  int    // 0: the store profile's default
	Variants     []Variant
}

// Variant is a size (and colour) of a product with its stock.
type Variant struct {
	ID     string // unique across the catalog, e.g. "LT-101-M"
	Size   string
	Colour Localized
	// Stock is what the online warehouse can sell; orders reserve from it.
	Stock int
	// Retail is the stock in the store's retail shops by city id; express
	// delivery is possible only from these.
	Retail map[string]int
}

// Catalog is an immutable, indexed snapshot of categories and products.
type Catalog struct {
	categories []Category
	products   []Product
	bySKU      map[string]int
	byVariant  map[string][2]int
	byCategory map[string][]int
	colours    []Localized
	sizes      []string
}

// NewCatalog validates and indexes categories and products. Products keep the
// order given, which is the order customers see.
func NewCatalog(categories []Category, products []Product) (*Catalog, error) {
	c := &Catalog{
		categories: categories,
		products:   products,
		bySKU:      make(map[string]int, len(products)),
		byVariant:  make(map[string][2]int),
		byCategory: make(map[string][]int, len(categories)),
	}
	var errs []error
	colours := make(map[Localized]bool)
	cats := make(map[string]bool, len(categories))
	for _, cat := range categories {
		if cat.ID == "" {
			errs = append(errs, errors.New("category with an empty id"))
			continue
		}
		if cats[cat.ID] {
			errs = append(errs, fmt.Errorf("category %q: duplicate id", cat.ID))
		}
		cats[cat.ID] = true
		if err := cat.Name.validate("category " + cat.ID + " name"); err != nil {
			errs = append(errs, err)
		}
	}
	for i, p := range products {
		if err := p.Validate(); err != nil {
			errs = append(errs, err)
		}
		if !cats[p.CategoryID] {
			errs = append(errs, fmt.Errorf("product %s: unknown category %q", p.SKU, p.CategoryID))
		}
		if _, dup := c.bySKU[p.SKU]; dup {
			errs = append(errs, fmt.Errorf("product %s: duplicate sku", p.SKU))
		}
		c.bySKU[p.SKU] = i
		c.byCategory[p.CategoryID] = append(c.byCategory[p.CategoryID], i)
		for j, v := range p.Variants {
			if _, dup := c.byVariant[v.ID]; dup {
				errs = append(errs, fmt.Errorf("variant %s: duplicate id", v.ID))
			}
			c.byVariant[v.ID] = [2]int{i, j}
			if v.Colour != (Localized{}) && !colours[v.Colour] {
				colours[v.Colour] = true
				c.colours = append(c.colours, v.Colour)
			}
			if v.Size != "" && !slices.Contains(c.sizes, v.Size) {
				c.sizes = append(c.sizes, v.Size)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate checks one product on its own.
func (p Product) Validate() error {
	var errs []error
	if p.SKU == "" {
		return errors.New("product with an empty sku")
	}
	if len(p.SKU) > 32 {
		errs = append(errs, fmt.Errorf("product %s: sku longer than 32 characters", p.SKU))
	}
	if err := p.Name.validate("product " + p.SKU + " name"); err != nil {
		errs = append(errs, err)
	}
	if p.Price <= 0 {
		errs = append(errs, fmt.Errorf("product %s: price must be positive", p.SKU))
	}
	if p.WeightGrams < 0 {
		errs = append(errs, fmt.Errorf("product %s: weight must not be negative", p.SKU))
	}
	if len(p.Variants) == 0 {
		errs = append(errs, fmt.Errorf("product %s: needs at least one variant", p.SKU))
	}
	for _, v := range p.Variants {
		if v.ID == "" || len(v.ID) > 40 {
			errs = append(errs, fmt.Errorf("product %s: variant id must be 1-40 characters", p.SKU))
		}
		if v.Stock < 0 {
			errs = append(errs, fmt.Errorf("variant %s: stock must not be negative", v.ID))
		}
		for city, n := range v.Retail {
			if n < 0 {
				errs = append(errs, fmt.Errorf("variant %s: retail stock in %s must not be negative", v.ID, city))
			}
		}
	}
	return errors.Join(errs...)
}

// Categories returns the categories in menu order.
func (c *Catalog) Categories() []Category { return c.categories }

// Category finds a category by id.
func (c *Catalog) Category(id string) (Category, bool) {
	for _, cat := range c.categories {
		if cat.ID == id {
			return cat, true
		}
	}
	return Category{}, false
}

// Products returns every product, in catalog order.
func (c *Catalog) Products() []Product { return c.products }

// InCategory returns the products of one category, in catalog order.
func (c *Catalog) InCategory(id string) []Product {
	idx := c.byCategory[id]
	out := make([]Product, len(idx))
	for i, n := range idx {
		out[i] = c.products[n]
	}
	return out
}

// Colours returns the variants' colours, each once, in catalog order.
func (c *Catalog) Colours() []Localized { return c.colours }

// Sizes returns the variants' sizes, each once, in catalog order.
func (c *Catalog) Sizes() []string { return c.sizes }

// Product finds a product by SKU.
func (c *Catalog) Product(sku string) (Product, bool) {
	i, ok := c.bySKU[sku]
	if !ok {
		return Product{}, false
	}
	return c.products[i], true
}

// Variant finds a variant and its product by variant id.
func (c *Catalog) Variant(id string) (Product, Variant, bool) {
	ij, ok := c.byVariant[id]
	if !ok {
		return Product{}, Variant{}, false
	}
	p := c.products[ij[0]]
	return p, p.Variants[ij[1]], true
}

// VariantIDs returns the ids of a product's variants.
func (p Product) VariantIDs() []string {
	ids := make([]string, len(p.Variants))
	for i, v := range p.Variants {
		ids[i] = v.ID
	}
	return ids
}

// RetailCities returns the cities whose retail shop holds the variant.
func (v Variant) RetailCities() []string {
	var cities []string
	for city, n := range v.Retail {
		if n > 0 {
			cities = append(cities, city)
		}
	}
	sort.Strings(cities)
	return cities
}
