package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/shop"
)

var _ shop.Claims = domain{}

const (
	claimColumns = `id, order_id, chat_key, lang, kind, lines, delivery, amount, reason,
	full_name, phone, email, card_last_four, return_by, ordered_at, paid_amount,
	submitted_at, due, status, decided_by, decided_at, note, refund_id, attachments,
	closed_at, reminded_at, overdue_at`

	insertClaimSQL = `INSERT INTO claims (order_id, chat_key, lang, kind, lines, delivery, amount, reason,
	full_name, phone, email, card_last_four, return_by, ordered_at, paid_amount,
	submitted_at, due, status, decided_by, decided_at, note, refund_id, attachments,
	closed_at, reminded_at, overdue_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
	$21, $22, $23, $24, $25, $26)
RETURNING id`

	getClaimSQL      = `SELECT ` + claimColumns + ` FROM claims WHERE id = $1`
	orderClaimsSQL   = `SELECT ` + claimColumns + ` FROM claims WHERE order_id = $1 ORDER BY id`
	chatClaimsSQL    = `SELECT ` + claimColumns + ` FROM claims WHERE chat_key = $1 ORDER BY id DESC LIMIT $2`
	claimOfRefundSQL = `SELECT ` + claimColumns + ` FROM claims WHERE refund_id = $1`

	updateClaimSQL = `UPDATE claims SET status = $2, decided_by = $3, decided_at = $4, note = $5,
	refund_id = $6, attachments = $7, closed_at = $8, reminded_at = $9, overdue_at = $10
WHERE id = $1`

	// openClaimsSQL matches the claims_open index.
	openClaimsSQL = `SELECT ` + claimColumns + ` FROM claims
WHERE status IN ('received', 'approved') ORDER BY due, id LIMIT $1`
)

type claimRow struct {
	ID           int64         `db:"id"`
	OrderID      int64         `db:"order_id"`
	ChatKey      string        `db:"chat_key"`
	Lang         string        `db:"lang"`
	Kind         string        `db:"kind"`
	Lines        string        `db:"lines"`
	Delivery     int64         `db:"delivery"`
	Amount       int64         `db:"amount"`
	Reason       string        `db:"reason"`
	FullName     string        `db:"full_name"`
	Phone        string        `db:"phone"`
	Email        string        `db:"email"`
	CardLastFour string        `db:"card_last_four"`
	ReturnBy     string        `db:"return_by"`
	OrderedAt    optStamp      `db:"ordered_at"`
	PaidAmount   int64         `db:"paid_amount"`
	SubmittedAt  stamp         `db:"submitted_at"`
	Due          string        `db:"due"`
	Status       string        `db:"status"`
	DecidedBy    string        `db:"decided_by"`
	DecidedAt    optStamp      `db:"decided_at"`
	Note         string        `db:"note"`
	RefundID     sql.NullInt64 `db:"refund_id"`
	Attachments  int           `db:"attachments"`
	ClosedAt     optStamp      `db:"closed_at"`
	RemindedAt   optStamp      `db:"reminded_at"`
	OverdueAt    optStamp      `db:"overdue_at"`
}

// claimLineJSON is a claim line as stored: its own names, so that renaming
// a Go field does not lose the lines already stored.
type claimLineJSON struct {
	SKU    string `json:"sku"`
	Name   string `json:"name"`
	Size   string `json:"size"`
	Colour string `json:"colour,omitempty"`
	Price  int64  `json:"price"`
	Qty    int    `json:"qty"`
}

func encodeLines(lines []shop.ClaimLine) (string, error) {
	out := make([]claimLineJSON, len(lines))
	for i, l := range lines {
		out[i] = claimLineJSON{SKU: l.SKU, Name: l.Name, Size: l.Size, Colour: l.Colour, Price: int64(l.Price), Qty: l.Qty}
	}
	b, err := json.Marshal(out)
	return string(b), err // text, which jsonb accepts; []byte would go binary
}

func decodeLines(s string) ([]shop.ClaimLine, error) {
	var in []claimLineJSON
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, nil
	}
	out := make([]shop.ClaimLine, len(in))
	for i, l := range in {
		out[i] = shop.ClaimLine{SKU: l.SKU, Name: l.Name, Size: l.Size, Colour: l.Colour, Price: shop.Money(l.Price), Qty: l.Qty}
	}
	return out, nil
}

// dayText is a day as stored: "" for the zero Day.
func dayText(d shop.Day) string {
	if d == (shop.Day{}) {
		return ""
	}
	return d.String()
}

// optID binds an id that may be absent: 0 is NULL.
func optID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

func (r claimRow) toDomain() (shop.Claim, error) {
	lines, err := decodeLines(r.Lines)
	if err != nil {
		return shop.Claim{}, fmt.Errorf("claim %d: stored lines: %w", r.ID, err)
	}
	var due shop.Day
	if r.Due != "" {
		if due, err = shop.ParseDay(r.Due); err != nil {
			return shop.Claim{}, fmt.Errorf("claim %d: stored due day: %w", r.ID, err)
		}
	}
	return shop.Claim{
		ID: r.ID, OrderID: r.OrderID, Order: shop.OrderNumber(r.OrderID), ChatKey: r.ChatKey,
		Lang: shop.Lang(r.Lang), Kind: shop.ClaimKind(r.Kind), Lines: lines,
		Delivery: shop.Money(r.Delivery), Amount: shop.Money(r.Amount), Reason: r.Reason,
		FullName: r.FullName, Phone: r.Phone, Email: r.Email, CardLastFour: r.CardLastFour,
		ReturnBy: r.ReturnBy, OrderedAt: r.OrderedAt.Time(), PaidAmount: shop.Money(r.PaidAmount),
		SubmittedAt: r.SubmittedAt.Time(), Due: due, Status: shop.ClaimStatus(r.Status),
		DecidedBy: r.DecidedBy, DecidedAt: r.DecidedAt.Time(), Note: r.Note,
		RefundID: r.RefundID.Int64, Attachments: r.Attachments, ClosedAt: r.ClosedAt.Time(),
		RemindedAt: r.RemindedAt.Time(), OverdueAt: r.OverdueAt.Time(),
	}, nil
}

func claimsOf(rows []claimRow) ([]shop.Claim, error) {
	out := make([]shop.Claim, len(rows))
	for i, r := range rows {
		c, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// normalise brings a claim's times to what storage keeps (UTC,
// microseconds), so that what AddClaim returns equals what GetClaim reads.
func normalise(c shop.Claim) shop.Claim {
	for _, t := range []*time.Time{&c.OrderedAt, &c.SubmittedAt, &c.DecidedAt, &c.ClosedAt, &c.RemindedAt, &c.OverdueAt} {
		if !t.IsZero() {
			*t = utc(*t).Time()
		}
	}
	return c
}

// AddClaim stores a submitted claim and returns it with its id, its order
// number, and its times as stored; SubmittedAt is now when zero. A claim
// closed on arrival with no ClosedAt is closed now (see UpdateClaim).
func (s domain) AddClaim(ctx context.Context, c shop.Claim) (shop.Claim, error) {
	if c.SubmittedAt.IsZero() {
		c.SubmittedAt = s.now()
	}
	if !c.Open() && c.ClosedAt.IsZero() {
		c.ClosedAt = s.now()
	}
	c = normalise(c)
	c.Order = shop.OrderNumber(c.OrderID)
	lines, err := encodeLines(c.Lines)
	if err != nil {
		return shop.Claim{}, fmt.Errorf("add claim: %w", err)
	}
	err = sqlx.GetContext(ctx, s.ex, &c.ID, insertClaimSQL,
		c.OrderID, c.ChatKey, string(c.Lang), string(c.Kind), lines, int64(c.Delivery), int64(c.Amount), c.Reason,
		c.FullName, c.Phone, c.Email, c.CardLastFour, c.ReturnBy, optStamp(c.OrderedAt), int64(c.PaidAmount),
		utc(c.SubmittedAt), dayText(c.Due), string(c.Status), c.DecidedBy, optStamp(c.DecidedAt), c.Note,
		optID(c.RefundID), c.Attachments, optStamp(c.ClosedAt), optStamp(c.RemindedAt), optStamp(c.OverdueAt))
	if err != nil {
		return shop.Claim{}, wrap("add claim", err)
	}
	if len(c.Lines) == 0 {
		c.Lines = nil // as it reads back
	}
	return c, nil
}

// GetClaim returns a claim of any chat, or shop.ErrNotFound. Like orders'
// Get, it locks the claim until commit: a staff decision and a refund's
// answer take turns instead of losing an update.
func (s domain) GetClaim(ctx context.Context, id int64) (shop.Claim, error) {
	return oneClaim(ctx, s.ex, "get claim", getClaimSQL+s.d.forUpdate(), id)
}

// ClaimOfRefund returns the claim a refund was sent for, locked like
// GetClaim, or shop.ErrNotFound.
func (s domain) ClaimOfRefund(ctx context.Context, refundID int64) (shop.Claim, error) {
	if refundID == 0 {
		return shop.Claim{}, shop.ErrNotFound
	}
	return oneClaim(ctx, s.ex, "claim of refund", claimOfRefundSQL+s.d.forUpdate(), refundID)
}

func oneClaim(ctx context.Context, ex sqlx.QueryerContext, op, query string, arg any) (shop.Claim, error) {
	var r claimRow
	if err := sqlx.GetContext(ctx, ex, &r, query, arg); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return shop.Claim{}, shop.ErrNotFound
		}
		return shop.Claim{}, wrap(op, err)
	}
	c, err := r.toDomain()
	if err != nil {
		return shop.Claim{}, fmt.Errorf("%s: %w", op, err)
	}
	return c, nil
}

// UpdateClaim saves what changes in a claim's life: its status, the staff
// decision (by, at, note), the refund, the attachment count, when it closed
// and the reminders sent. What the customer submitted (lines, amounts,
// personal fields, due day) stays as stored, so a flow holding an old copy
// cannot bring back data ForgetCustomer erased. A claim refunded or
// rejected without a ClosedAt is closed now: the retention of its files
// counts from there, and a forgotten ClosedAt would keep them for ever.
// A missing claim is shop.ErrNotFound.
func (s domain) UpdateClaim(ctx context.Context, c shop.Claim) error {
	if !c.Open() && c.ClosedAt.IsZero() {
		c.ClosedAt = s.now()
	}
	res, err := s.ex.ExecContext(ctx, updateClaimSQL, c.ID, string(c.Status), c.DecidedBy, optStamp(c.DecidedAt),
		c.Note, optID(c.RefundID), c.Attachments, optStamp(c.ClosedAt), optStamp(c.RemindedAt), optStamp(c.OverdueAt))
	if err != nil {
		return wrap("update claim", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("update claim %d: %w", c.ID, shop.ErrNotFound)
	}
	return nil
}

// OrderClaims returns an order's claims, oldest first.
func (s domain) OrderClaims(ctx context.Context, orderID int64) ([]shop.Claim, error) {
	return selectClaims(ctx, s.ex, "order claims", orderClaimsSQL, orderID)
}

// ChatClaims returns a chat's latest claims, newest first, at most limit.
func (s domain) ChatClaims(ctx context.Context, chatKey string, limit int) ([]shop.Claim, error) {
	if limit <= 0 {
		return nil, nil
	}
	return selectClaims(ctx, s.ex, "chat claims", chatClaimsSQL, chatKey, limit)
}

// OpenClaims returns up to limit claims staff still have to act on
// (received or approved), the nearest due day first, without locking them.
func (s domain) OpenClaims(ctx context.Context, limit int) ([]shop.Claim, error) {
	return openClaims(ctx, s.ex, limit)
}

// OpenClaims is the domain's OpenClaims outside a transaction: the
// reminder job decides which claims need a reminder or an overdue alert,
// and records it with UpdateClaim in a transaction of its own.
func (d *DB) OpenClaims(ctx context.Context, limit int) ([]shop.Claim, error) {
	return openClaims(ctx, d.db, limit)
}

func openClaims(ctx context.Context, ex sqlx.QueryerContext, limit int) ([]shop.Claim, error) {
	if limit <= 0 {
		return nil, nil
	}
	return selectClaims(ctx, ex, "open claims", openClaimsSQL, limit)
}

func selectClaims(ctx context.Context, ex sqlx.QueryerContext, op, query string, args ...any) ([]shop.Claim, error) {
	var rows []claimRow
	if err := sqlx.SelectContext(ctx, ex, &rows, query, args...); err != nil {
		return nil, wrap(op, err)
	}
	out, err := claimsOf(rows)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}
