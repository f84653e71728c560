package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/shop"
)

const (
	// findOrderWhere picks any chat's order for oneOrder.
	findOrderWhere = ` FROM orders WHERE id = $1`

	// unpaidSQL lists unpaid orders without their items, oldest first;
	// %s is an extra condition.
	unpaidSQL = `SELECT ` + orderColumns + ` FROM orders
WHERE status = 'awaiting_payment' AND id > $1 %s ORDER BY id LIMIT $2`

	// insertPaymentsSQL is %s: the rows' placeholders.
	insertPaymentsSQL = `INSERT INTO payments (kind, transaction_id, payment_transaction_id, invoice_id,
	order_id, account_id, status, amount, tiyn, currency, reason_code, decline, card_last_four, test, received_at)
VALUES %s ON CONFLICT (kind, transaction_id) DO NOTHING`

	unhandledPaymentsSQL = `SELECT p.id, p.kind, p.transaction_id, p.payment_transaction_id, p.invoice_id,
	p.order_id, p.account_id, p.status, p.amount, p.tiyn, p.currency, p.reason_code, p.decline,
	p.card_last_four, p.test, COALESCE(o.chat_key, '') AS chat_key
FROM payments p LEFT JOIN orders o ON o.id = p.order_id
WHERE p.handled_at IS NULL ORDER BY p.id LIMIT $1`

	// handledPaymentsSQL is %s: the ids' placeholders from $2.
	handledPaymentsSQL = `UPDATE payments SET handled_at = $1 WHERE id IN (%s)`

	refundColumns = `id, order_id, transaction_id, amount, request_id, status, requested_by,
	provider_transaction_id, error, created_at`

	insertRefundSQL = `INSERT INTO refunds (order_id, transaction_id, amount, request_id, status,
	requested_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`

	orderRefundsSQL = `SELECT ` + refundColumns + ` FROM refunds WHERE order_id = $1 ORDER BY id`

	getRefundSQL = `SELECT ` + refundColumns + ` FROM refunds WHERE id = $1`

	finishRefundSQL = `UPDATE refunds SET status = $2, provider_transaction_id = $3, error = $4, updated_at = $5
WHERE id = $1`

	requestedRefundsSQL = `SELECT ` + refundColumns + ` FROM refunds WHERE status = 'requested' ORDER BY id LIMIT $1`
)

// orderChanges are the columns Update writes, in the order of its
// parameters after the order's id, with their Postgres types: one list
// for updateOrderSQL (one order) and updateOrdersSQL (many, orderWrites).
var orderChanges = []struct{ column, pgType string }{
	{"status", "text"}, {"payment_link_url", "text"}, {"link_sent_at", "timestamptz"},
	{"reminders", "integer"}, {"declines", "integer"}, {"transaction_id", "bigint"},
	{"paid_amount", "bigint"}, {"card_last_four", "text"}, {"paid_at", "timestamptz"},
	{"payment_test", "boolean"}, {"payment_authorized", "boolean"}, {"tracking", "text"},
	{"claimed_by", "text"}, {"delivered_at", "timestamptz"}, {"updated_at", "timestamptz"},
	{"delivery_price", "bigint"}, {"delivery_approximate", "boolean"}, {"total", "bigint"},
	{"courier_claim", "text"}, {"courier_status", "text"}, {"release_at", "timestamptz"},
	{"carrier_status", "text"}, {"carrier_status_name", "text"}, {"carrier_status_city", "text"},
	{"carrier_status_at", "timestamptz"}, {"payable_at", "timestamptz"},
}

// updateOrderSQL writes orderChanges of the order $1 from $2 on.
var updateOrderSQL = func() string {
	sets := make([]string, len(orderChanges))
	for i, c := range orderChanges {
		sets[i] = c.column + " = " + param(i+2)
	}
	return "UPDATE orders SET " + strings.Join(sets, ", ") + " WHERE id = $1"
}()

type paymentRow struct {
	ID                   int64  `db:"id"`
	Kind                 string `db:"kind"`
	TransactionID        int64  `db:"transaction_id"`
	PaymentTransactionID int64  `db:"payment_transaction_id"`
	InvoiceID            string `db:"invoice_id"`
	OrderID              int64  `db:"order_id"`
	AccountID            string `db:"account_id"`
	Status               string `db:"status"`
	Amount               int64  `db:"amount"`
	Tiyn                 bool   `db:"tiyn"`
	Currency             string `db:"currency"`
	ReasonCode           int    `db:"reason_code"`
	Decline              string `db:"decline"`
	CardLastFour         string `db:"card_last_four"`
	Test                 bool   `db:"test"`
	ChatKey              string `db:"chat_key"`
}

type refundRow struct {
	ID                    int64  `db:"id"`
	OrderID               int64  `db:"order_id"`
	TransactionID         int64  `db:"transaction_id"`
	Amount                int64  `db:"amount"`
	RequestID             string `db:"request_id"`
	Status                string `db:"status"`
	RequestedBy           string `db:"requested_by"`
	ProviderTransactionID int64  `db:"provider_transaction_id"`
	Error                 string `db:"error"`
	CreatedAt             stamp  `db:"created_at"`
}

func (r refundRow) toDomain() shop.Refund {
	return shop.Refund{
		ID: r.ID, OrderID: r.OrderID, TransactionID: r.TransactionID, Amount: shop.Money(r.Amount),
		RequestID: r.RequestID, Status: shop.RefundStatus(r.Status), RequestedBy: r.RequestedBy,
		ProviderTransactionID: r.ProviderTransactionID, Error: r.Error, CreatedAt: r.CreatedAt.Time(),
	}
}

// Find returns any chat's order with its items, or shop.ErrNotFound. Like
// Get, it locks the order until commit.
func (s domain) Find(ctx context.Context, id int64) (shop.Order, error) {
	o, err := oneOrder(ctx, s.ex, s.d, "find order", findOrderWhere+s.d.forUpdate(), true, id)
	if err == nil {
		s.writes.lock(o.ID)
	}
	return o, err
}

// Update saves what changes in an order's life: its status, payment,
// tracking number, who took it, when it was delivered, an express quote
// (delivery price and total), the courier claim, the release time and the
// carrier status. In an engine transaction on Postgres, the update of an
// order the transaction has locked is held and written with the others
// before the transaction's next statement (orderWrites).
func (s domain) Update(ctx context.Context, o shop.Order) error {
	delete(s.ahead, o.ID)
	p := o.Payment
	// The id, then the values of orderChanges in their order.
	args := []any{o.ID, string(o.Status),
		p.LinkURL, optStamp(p.LinkSentAt), p.Reminders, p.Declines, p.TransactionID, int64(p.Amount),
		p.CardLastFour, optStamp(p.PaidAt), p.Test, p.Authorized, o.Tracking, o.ClaimedBy, optStamp(o.DeliveredAt), utc(s.now()),
		int64(o.Delivery.Quote.Price), o.Delivery.Quote.Approximate, int64(o.Total), o.Courier.ID, o.Courier.Status,
		optStamp(o.ReleaseAt), o.Carrier.Code, o.Carrier.Name, o.Carrier.City, optStamp(o.Carrier.At), optStamp(o.PayableAt)}
	if s.writes.hold(o.ID, args) {
		return nil // written before the transaction's next statement
	}
	res, err := s.ex.ExecContext(ctx, updateOrderSQL, args...)
	if err != nil {
		return wrap("update order", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("update order %d: %w", o.ID, shop.ErrNotFound)
	}
	return nil
}

// TakeStock reserves the order's items again; *shop.OutOfStockError comes
// unwrapped.
func (s domain) TakeStock(ctx context.Context, o shop.Order) error {
	if len(o.Items) == 0 {
		return nil
	}
	err := s.takeStock(ctx, o.Delivery.Shop, o.Items)
	if _, ok := errors.AsType[*shop.OutOfStockError](err); ok || err == nil {
		return err
	}
	return fmt.Errorf("take stock: %w", err)
}

// ReleaseStock returns the order's items to where they were taken from.
func (s domain) ReleaseStock(ctx context.Context, o shop.Order) error {
	if len(o.Items) == 0 {
		return nil
	}
	if err := s.releaseStock(ctx, o.Delivery.Shop, o.Items); err != nil {
		return fmt.Errorf("release stock: %w", err)
	}
	return nil
}

// RequestRefund stores a refund to send, with the request id
// "refund-<order>-<n>" for the order's n-th refund.
func (s domain) RequestRefund(ctx context.Context, r shop.Refund) (shop.Refund, error) {
	var n int
	if err := sqlx.GetContext(ctx, s.ex, &n, `SELECT count(*) FROM refunds WHERE order_id = $1`, r.OrderID); err != nil {
		return shop.Refund{}, wrap("request refund", err)
	}
	r.RequestID = fmt.Sprintf("refund-%d-%d", r.OrderID, n+1)
	r.Status = shop.RefundRequested
	r.CreatedAt = utc(s.now()).Time()
	err := sqlx.GetContext(ctx, s.ex, &r.ID, insertRefundSQL, r.OrderID, r.TransactionID, int64(r.Amount),
		r.RequestID, string(r.Status), r.RequestedBy, utc(r.CreatedAt))
	if err != nil {
		return shop.Refund{}, wrap("request refund", err)
	}
	return r, nil
}

// Refunds returns an order's refunds, oldest first.
func (s domain) Refunds(ctx context.Context, orderID int64) ([]shop.Refund, error) {
	var rows []refundRow
	if err := sqlx.SelectContext(ctx, s.ex, &rows, orderRefundsSQL, orderID); err != nil {
		return nil, wrap("refunds", err)
	}
	out := make([]shop.Refund, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// GetRefund returns one refund, or shop.ErrNotFound.
func (s domain) GetRefund(ctx context.Context, id int64) (shop.Refund, error) {
	var r refundRow
	if err := sqlx.GetContext(ctx, s.ex, &r, getRefundSQL, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return shop.Refund{}, shop.ErrNotFound
		}
		return shop.Refund{}, wrap("get refund", err)
	}
	return r.toDomain(), nil
}

// FinishRefund records the provider's answer to a refund.
func (s domain) FinishRefund(ctx context.Context, r shop.Refund) error {
	res, err := s.ex.ExecContext(ctx, finishRefundSQL, r.ID, string(r.Status), r.ProviderTransactionID, r.Error, utc(s.now()))
	if err != nil {
		return wrap("finish refund", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("finish refund %d: %w", r.ID, shop.ErrNotFound)
	}
	return nil
}

// FindOrder returns any order without its items, or shop.ErrNotFound: the
// payment service uses it to learn an order's chat, total and status.
func (d *DB) FindOrder(ctx context.Context, id int64) (shop.Order, error) {
	return oneOrder(ctx, d.db, d.dialect, "find order", findOrderWhere, false, id)
}

// SavePayments stores payment events in one statement; an event already
// stored (the same kind and transaction) is kept as it was.
func (d *DB) SavePayments(ctx context.Context, evs []shop.PaymentEvent, at time.Time) error {
	const width = 15
	return chunks(len(evs), width, func(i, j int) error {
		args := make([]any, 0, width*(j-i))
		for _, ev := range evs[i:j] {
			args = append(args, string(ev.Kind), ev.TransactionID, ev.PaymentTransactionID, ev.InvoiceID,
				ev.OrderID, ev.AccountID, ev.Status, int64(ev.Amount), ev.Tiyn, ev.Currency, ev.ReasonCode,
				string(ev.Decline), ev.CardLastFour, ev.Test, utc(at))
		}
		return wrap("save payments", execValues(ctx, d.db, insertPaymentsSQL, j-i, width, args))
	})
}

// UnhandledPayments returns up to limit stored events not yet acted on,
// oldest first, each with its order's chat ("" for no order of ours).
func (d *DB) UnhandledPayments(ctx context.Context, limit int) ([]shop.PaymentEvent, error) {
	var rows []paymentRow
	if err := sqlx.SelectContext(ctx, d.db, &rows, unhandledPaymentsSQL, limit); err != nil {
		return nil, wrap("unhandled payments", err)
	}
	out := make([]shop.PaymentEvent, len(rows))
	for i, r := range rows {
		out[i] = shop.PaymentEvent{
			ID: r.ID, Kind: shop.PaymentEventKind(r.Kind), TransactionID: r.TransactionID,
			PaymentTransactionID: r.PaymentTransactionID, InvoiceID: r.InvoiceID, OrderID: r.OrderID,
			AccountID: r.AccountID, Status: r.Status, Amount: shop.Money(r.Amount), Tiyn: r.Tiyn,
			Currency: r.Currency, ReasonCode: r.ReasonCode, Decline: shop.DeclineGroup(r.Decline),
			CardLastFour: r.CardLastFour, Test: r.Test, ChatKey: r.ChatKey,
		}
	}
	return out, nil
}

// TransactionKinds lists the kinds of the events stored for a transaction.
func (d *DB) TransactionKinds(ctx context.Context, transactionID int64) ([]shop.PaymentEventKind, error) {
	var kinds []string
	if err := sqlx.SelectContext(ctx, d.db, &kinds, `SELECT kind FROM payments WHERE transaction_id = $1 ORDER BY id`, transactionID); err != nil {
		return nil, wrap("transaction kinds", err)
	}
	out := make([]shop.PaymentEventKind, len(kinds))
	for i, k := range kinds {
		out[i] = shop.PaymentEventKind(k)
	}
	return out, nil
}

// MarkPaymentsHandled records that the events were acted on.
func (d *DB) MarkPaymentsHandled(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := append([]any{utc(at)}, anys(ids)...)
	_, err := d.db.ExecContext(ctx, fmt.Sprintf(handledPaymentsSQL, placeholders(len(ids), 2)), args...)
	return wrap("mark payments handled", err)
}

// UnpaidOrders returns up to limit orders awaiting payment with an id above
// after, oldest first, without their items.
func (d *DB) UnpaidOrders(ctx context.Context, after int64, limit int) ([]shop.Order, error) {
	return d.unpaid(ctx, "", after, limit)
}

// OrdersWithoutLink returns up to limit orders awaiting payment that have
// no payment link yet, oldest first, without their items.
func (d *DB) OrdersWithoutLink(ctx context.Context, limit int) ([]shop.Order, error) {
	return d.unpaid(ctx, "AND payment_link_url = ''", 0, limit)
}

func (d *DB) unpaid(ctx context.Context, cond string, after int64, limit int) ([]shop.Order, error) {
	var rows []orderRow
	if err := sqlx.SelectContext(ctx, d.db, &rows, fmt.Sprintf(unpaidSQL, cond), after, limit); err != nil {
		return nil, wrap("unpaid orders", err)
	}
	out := make([]shop.Order, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(nil)
	}
	return out, nil
}

// RequestedRefunds returns up to limit refunds not yet sent, oldest first.
func (d *DB) RequestedRefunds(ctx context.Context, limit int) ([]shop.Refund, error) {
	var rows []refundRow
	if err := sqlx.SelectContext(ctx, d.db, &rows, requestedRefundsSQL, limit); err != nil {
		return nil, wrap("requested refunds", err)
	}
	out := make([]shop.Refund, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
