package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/shop"
)

const (
	catalogEmptySQL = `SELECT NOT EXISTS (SELECT 1 FROM products)`

	loadCategoriesSQL = `SELECT id, name_kk, name_ru FROM categories ORDER BY position, id`

	loadProductsSQL = `SELECT sku, category_id, name_kk, name_ru, description_kk, description_ru,
	price, photo, personalised, weight_grams
FROM products ORDER BY position, sku`

	loadVariantsSQL = `SELECT id, sku, size, colour_kk, colour_ru, stock
FROM variants ORDER BY sku, position, id`

	loadRetailSQL = `SELECT variant_id, city, qty FROM retail_stock`

	categoryIDsSQL = `SELECT id FROM categories`
	productSKUsSQL = `SELECT sku FROM products`
	variantIDsSQL  = `SELECT id FROM variants`

	upsertCategoriesSQL = `INSERT INTO categories (id, position, name_kk, name_ru) VALUES %s
ON CONFLICT (id) DO UPDATE SET position = excluded.position, name_kk = excluded.name_kk, name_ru = excluded.name_ru`

	upsertProductsSQL = `INSERT INTO products (sku, category_id, position, name_kk, name_ru,
	description_kk, description_ru, price, photo, personalised, weight_grams) VALUES %s
ON CONFLICT (sku) DO UPDATE SET category_id = excluded.category_id, position = excluded.position,
	name_kk = excluded.name_kk, name_ru = excluded.name_ru,
	description_kk = excluded.description_kk, description_ru = excluded.description_ru,
	price = excluded.price, photo = excluded.photo, personalised = excluded.personalised,
	weight_grams = excluded.weight_grams`

	upsertVariantsSQL = `INSERT INTO variants (id, sku, position, size, colour_kk, colour_ru, stock) VALUES %s
ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, position = excluded.position, size = excluded.size,
	colour_kk = excluded.colour_kk, colour_ru = excluded.colour_ru, stock = excluded.stock`

	clearRetailSQL  = `DELETE FROM retail_stock`
	insertRetailSQL = `INSERT INTO retail_stock (variant_id, city, qty) VALUES %s`

	deleteVariantsSQL   = `DELETE FROM variants WHERE id IN (%s)`
	deleteProductsSQL   = `DELETE FROM products WHERE sku IN (%s)`
	deleteCategoriesSQL = `DELETE FROM categories WHERE id IN (%s)`
)

type categoryRow struct {
	ID     string `db:"id"`
	NameKK string `db:"name_kk"`
	NameRU string `db:"name_ru"`
}

type productRow struct {
	SKU           string `db:"sku"`
	CategoryID    string `db:"category_id"`
	NameKK        string `db:"name_kk"`
	NameRU        string `db:"name_ru"`
	DescriptionKK string `db:"description_kk"`
	DescriptionRU string `db:"description_ru"`
	Price         int64  `db:"price"`
	Photo         string `db:"photo"`
	Personalised  bool   `db:"personalised"`
	WeightGrams   int    `db:"weight_grams"`
}

type variantRow struct {
	ID       string `db:"id"`
	SKU      string `db:"sku"`
	Size     string `db:"size"`
	ColourKK string `db:"colour_kk"`
	ColourRU string `db:"colour_ru"`
	Stock    int    `db:"stock"`
}

type retailRow struct {
	VariantID string `db:"variant_id"`
	City      string `db:"city"`
	Qty       int    `db:"qty"`
}

// Available returns the stock of each variant, with what the transaction
// has taken or given back; unknown ids are absent. A variant's row is
// read once a transaction (stockLedger).
func (s domain) Available(ctx context.Context, variantIDs []string) (map[string]int, error) {
	stock, err := s.ledger.committed(ctx, s.ex, s.d, "", variantIDs)
	if err != nil {
		return nil, err
	}
	for id, n := range stock {
		stock[id] = s.ledger.left("", id, n)
	}
	return stock, nil
}

// CatalogEmpty reports whether the database holds no product yet, so the
// caller knows to import the catalog.
func (d *DB) CatalogEmpty(ctx context.Context) (bool, error) {
	var empty bool
	if err := sqlx.GetContext(ctx, d.db, &empty, catalogEmptySQL); err != nil {
		return false, wrap("check catalog", err)
	}
	return empty, nil
}

// LoadCatalog reads the whole catalog, in stored order, with the stock as it
// is now; an empty database gives an empty catalog. The reads see one
// snapshot, so a ReplaceCatalog running beside never shows half done.
func (d *DB) LoadCatalog(ctx context.Context) (*shop.Catalog, error) {
	var opts *sql.TxOptions
	if d.dialect == dialectPostgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	var cat *shop.Catalog
	err := d.inTx(ctx, opts, func(x *sqlx.Tx) error {
		var err error
		cat, err = loadCatalog(ctx, x)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	return cat, nil
}

func loadCatalog(ctx context.Context, ex sqlx.QueryerContext) (*shop.Catalog, error) {
	var (
		cats   []categoryRow
		prods  []productRow
		vars   []variantRow
		retail []retailRow
	)
	for _, q := range []struct {
		dest any
		sql  string
	}{{&cats, loadCategoriesSQL}, {&prods, loadProductsSQL}, {&vars, loadVariantsSQL}, {&retail, loadRetailSQL}} {
		if err := sqlx.SelectContext(ctx, ex, q.dest, q.sql); err != nil {
			return nil, mapErr(err)
		}
	}
	retailOf := make(map[string]map[string]int)
	for _, r := range retail {
		if retailOf[r.VariantID] == nil {
			retailOf[r.VariantID] = make(map[string]int)
		}
		retailOf[r.VariantID][r.City] = r.Qty
	}
	variantsOf := make(map[string][]shop.Variant, len(prods))
	for _, v := range vars {
		variantsOf[v.SKU] = append(variantsOf[v.SKU], shop.Variant{
			ID: v.ID, Size: v.Size, Colour: shop.Localized{KK: v.ColourKK, RU: v.ColourRU},
			Stock: v.Stock, Retail: retailOf[v.ID],
		})
	}
	categories := make([]shop.Category, len(cats))
	for i, c := range cats {
		categories[i] = shop.Category{ID: c.ID, Name: shop.Localized{KK: c.NameKK, RU: c.NameRU}}
	}
	products := make([]shop.Product, len(prods))
	for i, p := range prods {
		products[i] = shop.Product{
			SKU: p.SKU, CategoryID: p.CategoryID,
			Name:         shop.Localized{KK: p.NameKK, RU: p.NameRU},
			Description:  shop.Localized{KK: p.DescriptionKK, RU: p.DescriptionRU},
			Price:        shop.Money(p.Price),
			Photo:        p.Photo,
			Personalised: p.Personalised,
			WeightGrams:  p.WeightGrams,
			Variants:     variantsOf[p.SKU],
		}
	}
	return shop.NewCatalog(categories, products)
}

// ReplaceCatalog makes the stored catalog exactly the one given, in one
// transaction: rows are upserted in the given order, stock and retail stock
// set to the given values, and categories, products and variants that are
// not given are deleted. Placed orders keep their frozen lines. It refuses
// a catalog shop.NewCatalog refuses.
func (d *DB) ReplaceCatalog(ctx context.Context, categories []shop.Category, products []shop.Product) error {
	if _, err := shop.NewCatalog(categories, products); err != nil {
		return fmt.Errorf("replace catalog: %w", err)
	}
	err := d.inTx(ctx, nil, func(x *sqlx.Tx) error {
		// It sets every variant's stock: it takes turns with orders too.
		if err := d.dialect.lockStock(ctx, x); err != nil {
			return err
		}
		return replaceCatalog(ctx, x, categories, products)
	})
	if err != nil {
		return fmt.Errorf("replace catalog: %w", err)
	}
	return nil
}

func replaceCatalog(ctx context.Context, ex sqlx.ExtContext, categories []shop.Category, products []shop.Product) error {
	var oldCats, oldProds, oldVars []string
	for _, q := range []struct {
		dest *[]string
		sql  string
	}{{&oldCats, categoryIDsSQL}, {&oldProds, productSKUsSQL}, {&oldVars, variantIDsSQL}} {
		if err := sqlx.SelectContext(ctx, ex, q.dest, q.sql); err != nil {
			return mapErr(err)
		}
	}

	newCats := make(map[string]bool, len(categories))
	err := chunks(len(categories), 4, func(i, j int) error {
		args := make([]any, 0, 4*(j-i))
		for n, c := range categories[i:j] {
			newCats[c.ID] = true
			args = append(args, c.ID, i+n, c.Name.KK, c.Name.RU)
		}
		return execValues(ctx, ex, upsertCategoriesSQL, j-i, 4, args)
	})
	if err != nil {
		return err
	}

	newProds := make(map[string]bool, len(products))
	err = chunks(len(products), 11, func(i, j int) error {
		args := make([]any, 0, 11*(j-i))
		for n, p := range products[i:j] {
			newProds[p.SKU] = true
			args = append(args, p.SKU, p.CategoryID, i+n, p.Name.KK, p.Name.RU,
				p.Description.KK, p.Description.RU, int64(p.Price), p.Photo, p.Personalised, p.WeightGrams)
		}
		return execValues(ctx, ex, upsertProductsSQL, j-i, 11, args)
	})
	if err != nil {
		return err
	}

	type variantAt struct {
		sku string
		pos int
		v   shop.Variant
	}
	var variants []variantAt
	for _, p := range products {
		for i, v := range p.Variants {
			variants = append(variants, variantAt{p.SKU, i, v})
		}
	}
	newVars := make(map[string]bool, len(variants))
	err = chunks(len(variants), 7, func(i, j int) error {
		args := make([]any, 0, 7*(j-i))
		for _, va := range variants[i:j] {
			newVars[va.v.ID] = true
			args = append(args, va.v.ID, va.sku, va.pos, va.v.Size, va.v.Colour.KK, va.v.Colour.RU, va.v.Stock)
		}
		return execValues(ctx, ex, upsertVariantsSQL, j-i, 7, args)
	})
	if err != nil {
		return err
	}

	if _, err := ex.ExecContext(ctx, clearRetailSQL); err != nil {
		return mapErr(err)
	}
	type retailAt struct {
		variant, city string
		qty           int
	}
	var retail []retailAt
	for _, va := range variants {
		for city, qty := range va.v.Retail {
			retail = append(retail, retailAt{va.v.ID, city, qty})
		}
	}
	err = chunks(len(retail), 3, func(i, j int) error {
		args := make([]any, 0, 3*(j-i))
		for _, r := range retail[i:j] {
			args = append(args, r.variant, r.city, r.qty)
		}
		return execValues(ctx, ex, insertRetailSQL, j-i, 3, args)
	})
	if err != nil {
		return err
	}

	// Children first: a category goes only once no product names it.
	for _, del := range []struct {
		sql  string
		old  []string
		keep map[string]bool
	}{{deleteVariantsSQL, oldVars, newVars}, {deleteProductsSQL, oldProds, newProds}, {deleteCategoriesSQL, oldCats, newCats}} {
		var gone []string
		for _, id := range del.old {
			if !del.keep[id] {
				gone = append(gone, id)
			}
		}
		err := chunks(len(gone), 1, func(i, j int) error {
			_, err := ex.ExecContext(ctx, fmt.Sprintf(del.sql, placeholders(j-i, 1)), anys(gone[i:j])...)
			return err
		})
		if err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// execValues runs a statement whose %s is n VALUES tuples of width.
func execValues(ctx context.Context, ex sqlx.ExecerContext, query string, n, width int, args []any) error {
	if n == 0 {
		return nil
	}
	_, err := ex.ExecContext(ctx, fmt.Sprintf(query, tuples(n, width, "")), args...)
	return mapErr(err)
}
