package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/shop"
)

const (
	// lockStockSQL reads the stock of variants (%s: and locks them, in id
	// order so that two transactions never wait on each other in a
	// circle).
	lockStockSQL = `SELECT id, stock FROM variants WHERE id IN (%s) ORDER BY id%s`

	// addStockSQL is %s: "CASE id WHEN $1 THEN CAST($2 AS integer) ... END"
	// and the ids' placeholders.
	addStockSQL = `UPDATE variants SET stock = stock + %s WHERE id IN (%s)`

	// The same two for a retail shop's stock (express orders); the city
	// is the last placeholder.
	lockRetailSQL = `SELECT variant_id AS id, qty AS stock FROM retail_stock
WHERE variant_id IN (%s) AND city = $%d ORDER BY variant_id%s`
	addRetailSQL = `UPDATE retail_stock SET qty = qty + %s WHERE variant_id IN (%s) AND city = $%d`

	insertOrderSQL = `INSERT INTO orders (chat_key, lang, status,
	customer_name, customer_phone, customer_email,
	delivery_method, delivery_city, delivery_address,
	delivery_price, delivery_free, delivery_approximate, delivery_min_days, delivery_max_days,
	goods_total, total, created_at, updated_at,
	delivery_point, delivery_tariff, delivery_lat, delivery_lon, delivery_shop, release_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17,
	$18, $19, $20, $21, $22, $23)
RETURNING id`

	insertItemsSQL = `INSERT INTO order_items (order_id, line, variant_id, sku, name, size, colour, personal_text, price, qty) VALUES %s`

	// orderParams is how many parameters insertOrderSQL takes, itemParams
	// how many each line of insertOrderWithItemsSQL takes.
	orderParams = 23
	itemParams  = 9

	orderColumns = `id, chat_key, lang, status, customer_name, customer_phone, customer_email,
	delivery_method, delivery_city, delivery_address,
	delivery_price, delivery_free, delivery_approximate, delivery_min_days, delivery_max_days,
	goods_total, total, created_at,
	payment_link_url, link_sent_at, reminders, declines, transaction_id, paid_amount,
	card_last_four, paid_at, payment_test, payment_authorized, tracking, claimed_by, delivered_at,
	delivery_point, delivery_tariff, delivery_lat, delivery_lon, delivery_shop,
	courier_claim, courier_status, release_at,
	carrier_status, carrier_status_name, carrier_status_city, carrier_status_at, payable_at,
	link_id, link_closed_at, link_close_error`

	// lockOrdersFrom picks orders (%[1]s: their ids) in id order for
	// selectOrders, locking them on Postgres (%[2]s).
	lockOrdersFrom = ` FROM orders WHERE id IN (%[1]s) ORDER BY id%[2]s`

	// getOrderWhere picks a chat's order for oneOrder.
	getOrderWhere = ` FROM orders WHERE id = $1 AND chat_key = $2`

	// chatOrdersFrom picks a chat's latest orders for selectOrders.
	chatOrdersFrom = ` FROM orders WHERE chat_key = $1 ORDER BY id DESC LIMIT $2`

	// The payment link's life at the provider, written by the payment
	// service alone (Update leaves these columns as they are).

	// setLinkIDsSQL records new links' ids (%s: the order id, link id
	// pairs) while their orders have no link handed over: a link made
	// again after a failed hand-over replaces it, the one the customer got
	// stays.
	setLinkIDsSQL = `WITH v (id, link_id) AS (VALUES %s)
UPDATE orders SET link_id = v.link_id FROM v WHERE orders.id = v.id AND orders.payment_link_url = ''`

	// linksToCloseSQL lists cancelled orders never paid whose link is
	// still open at the provider (orders_links_to_close).
	linksToCloseSQL = `SELECT ` + orderColumns + ` FROM orders
WHERE status = 'cancelled' AND link_id <> '' AND link_closed_at IS NULL AND link_close_error = ''
	AND transaction_id = 0
ORDER BY id LIMIT $1`

	linkClosedSQL = `UPDATE orders SET link_closed_at = $2 WHERE id = $1 AND link_closed_at IS NULL`

	linkRefusedSQL = `UPDATE orders SET link_close_error = $2 WHERE id = $1 AND link_closed_at IS NULL`
)

type orderRow struct {
	ID                  int64  `db:"id"`
	ChatKey             string `db:"chat_key"`
	Lang                string `db:"lang"`
	Status              string `db:"status"`
	CustomerName        string `db:"customer_name"`
	CustomerPhone       string `db:"customer_phone"`
	CustomerEmail       string `db:"customer_email"`
	DeliveryMethod      string `db:"delivery_method"`
	DeliveryCity        string `db:"delivery_city"`
	DeliveryAddress     string `db:"delivery_address"`
	DeliveryPrice       int64  `db:"delivery_price"`
	DeliveryFree        bool   `db:"delivery_free"`
	DeliveryApproximate bool   `db:"delivery_approximate"`
	DeliveryMinDays     int    `db:"delivery_min_days"`
	DeliveryMaxDays     int    `db:"delivery_max_days"`
	GoodsTotal          int64  `db:"goods_total"`
	Total               int64  `db:"total"`
	CreatedAt           stamp  `db:"created_at"`

	LinkURL       string   `db:"payment_link_url"`
	LinkSentAt    optStamp `db:"link_sent_at"`
	Reminders     int      `db:"reminders"`
	Declines      int      `db:"declines"`
	TransactionID int64    `db:"transaction_id"`
	PaidAmount    int64    `db:"paid_amount"`
	CardLastFour  string   `db:"card_last_four"`
	PaidAt        optStamp `db:"paid_at"`
	PaymentTest   bool     `db:"payment_test"`
	Authorized    bool     `db:"payment_authorized"`
	Tracking      string   `db:"tracking"`
	ClaimedBy     string   `db:"claimed_by"`
	DeliveredAt   optStamp `db:"delivered_at"`

	DeliveryPoint  string   `db:"delivery_point"`
	DeliveryTariff int      `db:"delivery_tariff"`
	DeliveryLat    float64  `db:"delivery_lat"`
	DeliveryLon    float64  `db:"delivery_lon"`
	DeliveryShop   string   `db:"delivery_shop"`
	CourierClaim   string   `db:"courier_claim"`
	CourierStatus  string   `db:"courier_status"`
	ReleaseAt      optStamp `db:"release_at"`

	CarrierStatus     string   `db:"carrier_status"`
	CarrierStatusName string   `db:"carrier_status_name"`
	CarrierStatusCity string   `db:"carrier_status_city"`
	CarrierStatusAt   optStamp `db:"carrier_status_at"`
	PayableAt         optStamp `db:"payable_at"`

	LinkID         string   `db:"link_id"`
	LinkClosedAt   optStamp `db:"link_closed_at"`
	LinkCloseError string   `db:"link_close_error"`
}

// itemRow is an order line as the JSON array of itemsJSON holds it: every
// read of an order takes its lines that way, in the order's row.
type itemRow struct {
	VariantID string `json:"variant_id"`
	SKU       string `json:"sku"`
	Name      string `json:"name"`
	Size      string `json:"size"`
	Colour    string `json:"colour"`
	Text      string `json:"personal_text"`
	Price     int64  `json:"price"`
	Qty       int    `json:"qty"`
}

func (r orderRow) toDomain(items []shop.OrderItem) shop.Order {
	m := shop.DeliveryMethod(r.DeliveryMethod)
	return shop.Order{
		ID:       r.ID,
		ChatKey:  r.ChatKey,
		Lang:     shop.Lang(r.Lang),
		Status:   shop.OrderStatus(r.Status),
		Customer: shop.Customer{Name: r.CustomerName, Phone: r.CustomerPhone, Email: r.CustomerEmail},
		Delivery: shop.Delivery{
			Method: m, City: r.DeliveryCity, Address: r.DeliveryAddress,
			Point: r.DeliveryPoint, Lat: r.DeliveryLat, Lon: r.DeliveryLon, Shop: r.DeliveryShop,
			Quote: shop.DeliveryQuote{
				Method: m, Price: shop.Money(r.DeliveryPrice), Free: r.DeliveryFree,
				Approximate: r.DeliveryApproximate, MinDays: r.DeliveryMinDays, MaxDays: r.DeliveryMaxDays,
				Tariff: r.DeliveryTariff,
			},
		},
		Items:      items,
		GoodsTotal: shop.Money(r.GoodsTotal),
		Total:      shop.Money(r.Total),
		CreatedAt:  r.CreatedAt.Time(),
		Payment: shop.Payment{
			LinkURL: r.LinkURL, LinkSentAt: r.LinkSentAt.Time(), Reminders: r.Reminders, Declines: r.Declines,
			TransactionID: r.TransactionID, Amount: shop.Money(r.PaidAmount), CardLastFour: r.CardLastFour,
			PaidAt: r.PaidAt.Time(), Test: r.PaymentTest, Authorized: r.Authorized,
			LinkID: r.LinkID, LinkClosedAt: r.LinkClosedAt.Time(), LinkCloseError: r.LinkCloseError,
		},
		Tracking: r.Tracking, ClaimedBy: r.ClaimedBy, DeliveredAt: r.DeliveredAt.Time(),
		Courier:   shop.CourierClaim{ID: r.CourierClaim, Status: r.CourierStatus},
		ReleaseAt: r.ReleaseAt.Time(),
		PayableAt: r.PayableAt.Time(),
		Carrier: shop.CarrierStatus{
			Code: r.CarrierStatus, Name: r.CarrierStatusName, City: r.CarrierStatusCity, At: r.CarrierStatusAt.Time(),
		},
	}
}

func (r itemRow) toDomain() shop.OrderItem {
	return shop.OrderItem{
		VariantID: r.VariantID, SKU: r.SKU, Name: r.Name, Size: r.Size, Colour: r.Colour, Text: r.Text,
		Price: shop.Money(r.Price), Qty: r.Qty,
	}
}

// Place reserves the stock of every item and stores the order, returning it
// with its new id (and CreatedAt, when it had none). When any variant has
// less than asked, it returns *shop.OutOfStockError listing every shortage
// and writes nothing. That error and shop.ErrEmptyCart come unwrapped.
func (s domain) Place(ctx context.Context, o shop.Order) (shop.Order, error) {
	o, err := s.place(ctx, o)
	var oos *shop.OutOfStockError
	switch {
	case err == nil:
		return o, nil
	case errors.As(err, &oos), errors.Is(err, shop.ErrEmptyCart):
		return shop.Order{}, err
	default:
		return shop.Order{}, fmt.Errorf("place order: %w", err)
	}
}

func (s domain) place(ctx context.Context, o shop.Order) (shop.Order, error) {
	if len(o.Items) == 0 {
		return shop.Order{}, shop.ErrEmptyCart
	}
	if err := s.takeStock(ctx, o.Delivery.Shop, o.Items); err != nil {
		return shop.Order{}, err
	}

	if o.CreatedAt.IsZero() {
		o.CreatedAt = s.now()
	}
	o.CreatedAt = utc(o.CreatedAt).Time()
	if !o.ReleaseAt.IsZero() {
		o.ReleaseAt = utc(o.ReleaseAt).Time() // as it reads back
	}
	args := make([]any, 0, orderParams+itemParams*len(o.Items))
	args = append(args,
		o.ChatKey, string(o.Lang), string(o.Status),
		o.Customer.Name, o.Customer.Phone, o.Customer.Email,
		string(o.Delivery.Method), o.Delivery.City, o.Delivery.Address,
		int64(o.Delivery.Quote.Price), o.Delivery.Quote.Free, o.Delivery.Quote.Approximate,
		o.Delivery.Quote.MinDays, o.Delivery.Quote.MaxDays,
		int64(o.GoodsTotal), int64(o.Total), utc(o.CreatedAt),
		o.Delivery.Point, o.Delivery.Quote.Tariff, o.Delivery.Lat, o.Delivery.Lon, o.Delivery.Shop, optStamp(o.ReleaseAt))
	for i, it := range o.Items {
		args = append(args, i, it.VariantID, it.SKU, it.Name, it.Size, it.Colour, it.Text, int64(it.Price), it.Qty)
	}
	var err error
	if s.d == dialectPostgres {
		// Orders are placed inside the engine's batch transactions, one
		// after another: one statement for the order and its lines is one
		// round trip less for every order in the batch.
		err = sqlx.GetContext(ctx, s.ex, &o.ID, insertOrderWithItemsSQL(len(o.Items)), args...)
	} else {
		err = s.insertOrder(ctx, &o, args)
	}
	if err != nil {
		return shop.Order{}, mapErr(err)
	}
	o.Items = slices.Clone(o.Items)
	return o, nil
}

// insertOrder stores the order, then its lines, in two statements (SQLite
// has no INSERT in WITH; in process, a statement costs no round trip).
func (s domain) insertOrder(ctx context.Context, o *shop.Order, args []any) error {
	if err := sqlx.GetContext(ctx, s.ex, &o.ID, insertOrderSQL, args[:orderParams]...); err != nil {
		return err
	}
	lines := make([]any, 0, (itemParams+1)*len(o.Items))
	for i := range o.Items {
		at := orderParams + itemParams*i
		lines = append(lines, o.ID)
		lines = append(lines, args[at:at+itemParams]...)
	}
	_, err := s.ex.ExecContext(ctx, fmt.Sprintf(insertItemsSQL, tuples(len(o.Items), itemParams+1, "")), lines...)
	return err
}

// insertOrderWithItemsSQL inserts an order and its n lines in one
// statement, returning the order's id. Its parameters are insertOrderSQL's
// and then each line's (line, variant_id, sku, name, size, colour,
// personal_text, price, qty).
// The lines' foreign key is checked at the end of the statement, when the
// order's row is there.
func insertOrderWithItemsSQL(n int) string {
	var b strings.Builder
	b.WriteString("WITH o AS (")
	b.WriteString(insertOrderSQL)
	b.WriteString("),\ni AS (INSERT INTO order_items (order_id, line, variant_id, sku, name, size, colour, personal_text, price, qty) VALUES ")
	p := orderParams + 1
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("((SELECT id FROM o)")
		for range itemParams {
			b.WriteString(", ")
			b.WriteString(param(p))
			p++
		}
		b.WriteByte(')')
	}
	b.WriteString(")\nSELECT id FROM o")
	return b.String()
}

// quantities sums the items per variant (a variant may appear on two
// lines), keeping the variants in the items' order.
func quantities(items []shop.OrderItem) (map[string]int, []string, error) {
	want := make(map[string]int, len(items))
	var ids []string
	for _, it := range items {
		if it.Qty <= 0 {
			return nil, nil, fmt.Errorf("item %s: quantity %d", it.VariantID, it.Qty)
		}
		if _, ok := want[it.VariantID]; !ok {
			ids = append(ids, it.VariantID)
		}
		want[it.VariantID] += it.Qty
	}
	return want, ids, nil
}

// addStock adds each variant's change in qty (negative: taken) to its
// stock, the warehouse's or a retail shop's, in one UPDATE; variants the
// catalog no longer has are skipped.
func addStock(ctx context.Context, ex sqlx.ExtContext, retail string, sorted []string, qty map[string]int) error {
	// One UPDATE for every variant: CASE id WHEN $1 THEN $2 ... END.
	var cases strings.Builder
	cases.WriteString("CASE id")
	args := make([]any, 0, 2*len(sorted))
	for i, id := range sorted {
		fmt.Fprintf(&cases, " WHEN $%d THEN CAST($%d AS integer)", 2*i+1, 2*i+2)
		args = append(args, id, qty[id])
	}
	cases.WriteString(" END")
	inList := make([]string, len(sorted))
	for i := range sorted {
		inList[i] = "$" + strconv.Itoa(2*i+1)
	}
	q := fmt.Sprintf(addStockSQL, cases.String(), strings.Join(inList, ", "))
	if retail != "" {
		q = fmt.Sprintf(addRetailSQL, strings.Replace(cases.String(), "CASE id", "CASE variant_id", 1),
			strings.Join(inList, ", "), len(args)+1)
		args = append(args, retail)
	}
	if _, err := ex.ExecContext(ctx, q, args...); err != nil {
		return mapErr(err)
	}
	return nil
}

// Get returns order id if it belongs to chatKey; any other order, like a
// missing one, is shop.ErrNotFound.
func (s domain) Get(ctx context.Context, chatKey string, id int64) (shop.Order, error) {
	if o, ok := s.ahead.take(id); ok {
		if o.ChatKey != chatKey {
			return shop.Order{}, shop.ErrNotFound
		}
		return o, nil
	}
	// Locked until commit: a staff action and a payment event on one order
	// (two chats, two transactions) take turns instead of losing an update.
	o, err := oneOrder(ctx, s.ex, s.d, "get order", getOrderWhere+s.d.forUpdate(), true, id, chatKey)
	if err == nil {
		s.writes.lock(o.ID)
	}
	return o, err
}

// readAhead holds orders a transaction locked and read before its flows
// asked (tx.LockOrders), each until the flows first read it; nil holds
// none. A change of an order drops it, so what the flows read later comes
// from the database, as written.
type readAhead map[int64]shop.Order

// take returns the order read ahead, once.
func (r readAhead) take(id int64) (shop.Order, bool) {
	o, ok := r[id]
	delete(r, id)
	return o, ok
}

// lockOrders locks the orders in id order and reads them, with their
// items, into r; ids without an order are skipped.
func (r readAhead) lockOrders(ctx context.Context, ex sqlx.QueryerContext, d dialect, ids []int64) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	return chunks(len(ids), 1, func(i, j int) error {
		orders, err := selectOrders(ctx, ex, d, fmt.Sprintf(lockOrdersFrom, placeholders(j-i, 1), d.forUpdate()), anys(ids[i:j])...)
		if err != nil {
			return wrap("lock orders", err)
		}
		for _, o := range orders {
			r[o.ID] = o
		}
		return nil
	})
}

// oneOrder reads the order that where (" FROM orders WHERE ...") picks,
// with its items when asked, in one statement; no row is
// shop.ErrNotFound. Orders are read on every payment event, link and
// staff action: a second statement for the items was a second round
// trip each time.
func oneOrder(ctx context.Context, ex sqlx.QueryerContext, d dialect, op, where string, items bool, args ...any) (shop.Order, error) {
	q := `SELECT ` + orderColumns + where
	if items {
		q = `SELECT ` + orderColumns + `, ` + d.itemsJSON() + ` AS items` + where
	}
	var r jsonOrderRow
	if err := sqlx.GetContext(ctx, ex, &r, q, args...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return shop.Order{}, shop.ErrNotFound
		}
		return shop.Order{}, wrap(op, err)
	}
	o, err := r.order()
	if err != nil {
		return shop.Order{}, fmt.Errorf("%s: %w", op, err)
	}
	return o, nil
}

// selectOrders reads the orders that from (" FROM orders WHERE ...") picks,
// with their items, in one statement.
func selectOrders(ctx context.Context, ex sqlx.QueryerContext, d dialect, from string, args ...any) ([]shop.Order, error) {
	var rows []jsonOrderRow
	if err := sqlx.SelectContext(ctx, ex, &rows, `SELECT `+orderColumns+`, `+d.itemsJSON()+` AS items`+from, args...); err != nil {
		return nil, err
	}
	out := make([]shop.Order, len(rows))
	for i, r := range rows {
		o, err := r.order()
		if err != nil {
			return nil, err
		}
		out[i] = o
	}
	return out, nil
}

// jsonOrderRow is an order's row with, when selected, its items as a JSON
// array in line order (itemsJSON).
type jsonOrderRow struct {
	orderRow
	Items []byte `db:"items"`
}

// order builds the order; without the items column it has none.
func (r jsonOrderRow) order() (shop.Order, error) {
	if r.Items == nil {
		return r.toDomain(nil), nil
	}
	var rows []itemRow
	if err := json.Unmarshal(r.Items, &rows); err != nil {
		return shop.Order{}, fmt.Errorf("items of order %d: %w", r.ID, err)
	}
	its := make([]shop.OrderItem, len(rows))
	for i, it := range rows {
		its[i] = it.toDomain()
	}
	return r.toDomain(its), nil
}

// itemsJSON is a column of an order row (of the table orders) holding its
// items as a JSON array in line order, never NULL.
func (d dialect) itemsJSON() string {
	if d == dialectPostgres {
		return `(SELECT coalesce(json_agg(json_build_object('variant_id', i.variant_id, 'sku', i.sku,
	'name', i.name, 'size', i.size, 'colour', i.colour, 'personal_text', i.personal_text, 'price', i.price, 'qty', i.qty) ORDER BY i.line), '[]')
FROM order_items i WHERE i.order_id = orders.id)`
	}
	return `(SELECT coalesce(json_group_array(json_object('variant_id', i.variant_id, 'sku', i.sku,
	'name', i.name, 'size', i.size, 'colour', i.colour, 'personal_text', i.personal_text, 'price', i.price, 'qty', i.qty)), '[]')
FROM (SELECT * FROM order_items WHERE order_id = orders.id ORDER BY line) i)`
}

// ForChat returns the chat's latest limit orders with their items, newest
// first.
func (s domain) ForChat(ctx context.Context, chatKey string, limit int) ([]shop.Order, error) {
	return s.orders(ctx, "chat orders", chatOrdersFrom, chatKey, limit)
}

// SetLinkID records the provider's id of an order's new payment link, made
// but not yet handed to the chat. Once the chat has the link its id stays:
// a repeated call changes nothing, and an order that is gone is no error.
func (d *DB) SetLinkID(ctx context.Context, orderID int64, linkID string) error {
	return d.SetLinkIDs(ctx, map[int64]string{orderID: linkID})
}

// SetLinkIDs is SetLinkID for many orders (order id: link id) in one
// statement: a pass of links made together is stored in one round trip.
func (d *DB) SetLinkIDs(ctx context.Context, links map[int64]string) error {
	ids := slices.Sorted(maps.Keys(links))
	return wrap("set link ids", chunks(len(ids), 2, func(i, j int) error {
		var pairs strings.Builder
		args := make([]any, 0, 2*(j-i))
		for k, id := range ids[i:j] {
			if k > 0 {
				pairs.WriteString(", ")
			}
			fmt.Fprintf(&pairs, "(CAST($%d AS bigint), CAST($%d AS text))", 2*k+1, 2*k+2)
			args = append(args, id, links[id])
		}
		_, err := d.db.ExecContext(ctx, fmt.Sprintf(setLinkIDsSQL, pairs.String()), args...)
		return err
	}))
}

// LinksToClose returns up to limit orders cancelled before they were paid
// whose payment link is still open at the provider, oldest first, without
// their items. A link the provider refused to close is not listed again.
func (d *DB) LinksToClose(ctx context.Context, limit int) ([]shop.Order, error) {
	var rows []orderRow
	if err := sqlx.SelectContext(ctx, d.db, &rows, linksToCloseSQL, limit); err != nil {
		return nil, wrap("links to close", err)
	}
	out := make([]shop.Order, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(nil)
	}
	return out, nil
}

// MarkLinkClosed records that the provider closed an order's payment link
// at at; a link closed before keeps its time.
func (d *DB) MarkLinkClosed(ctx context.Context, orderID int64, at time.Time) error {
	_, err := d.db.ExecContext(ctx, linkClosedSQL, orderID, utc(at))
	return wrap("mark link closed", err)
}

// MarkLinkRefused records the provider's refusal to close an order's
// payment link, so it is not asked again.
func (d *DB) MarkLinkRefused(ctx context.Context, orderID int64, reason string) error {
	if reason == "" {
		reason = "refused"
	}
	_, err := d.db.ExecContext(ctx, linkRefusedSQL, orderID, reason)
	return wrap("mark link refused", err)
}
