package storage

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// maxParams caps the parameters one statement binds, below SQLite's 32766
// and Postgres's 65535. Batches larger than that (never the engine's) are
// split into several statements.
const maxParams = 30000

// timeFormat is how times travel as query parameters and how SQLite stores
// them: UTC, fixed width, microseconds (Postgres's precision), so that
// SQLite compares them correctly as text and Postgres parses them as
// timestamptz.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// dialect is the SQL flavour of the open database.
type dialect string

const (
	dialectPostgres dialect = "postgres"
	dialectSQLite   dialect = "sqlite"
)

// forUpdate is the clause that locks selected rows until commit; SQLite
// has a single writer and needs none.
func (d dialect) forUpdate() string {
	if d == dialectPostgres {
		return " FOR UPDATE"
	}
	return ""
}

// stockLockSQL makes transactions that change stock take turns. A batch
// transaction places or cancels several chats' orders; two batches locking
// shared variant rows in crossing orders would deadlock (seen under load:
// a second's wait and a retry each time). One transaction-scoped lock,
// taken before the first variant row, orders them. The engine's
// transactions take it only at their end (stockLedger), so it is held
// for a statement or two and the commit.
const stockLockSQL = `SELECT pg_advisory_xact_lock(7316002)`

// lockStock takes the stock lock in a Postgres transaction; SQLite has a
// single writer and needs none. Taking it again in the same transaction is
// free.
func (d dialect) lockStock(ctx context.Context, ex sqlx.ExtContext) error {
	if d != dialectPostgres {
		return nil
	}
	_, err := ex.ExecContext(ctx, stockLockSQL)
	return err
}

// skipLocked is forUpdate for queue claims, of the table alias's rows,
// skipping rows other claimers hold.
func (d dialect) skipLocked(alias string) string {
	if d == dialectPostgres {
		return " FOR UPDATE OF " + alias + " SKIP LOCKED"
	}
	return ""
}

// stamp is a time as stored: UTC with microsecond precision. It binds as
// timeFormat text and scans from a Postgres timestamptz or SQLite text.
type stamp time.Time

// utc returns t as a stamp.
func utc(t time.Time) stamp { return stamp(t.UTC().Truncate(time.Microsecond)) }

// Time returns the stamp as a UTC time.Time.
func (s stamp) Time() time.Time { return time.Time(s) }

// Value implements driver.Valuer.
func (s stamp) Value() (driver.Value, error) {
	return time.Time(s).UTC().Format(timeFormat), nil
}

// Scan implements sql.Scanner.
func (s *stamp) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*s = utc(v)
		return nil
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("scan time from %T", src)
	}
}

func (s *stamp) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	*s = utc(t)
	return nil
}

// optStamp is a time that may be absent: the zero time binds as NULL, and
// NULL scans as the zero time.
type optStamp time.Time

// Value implements driver.Valuer.
func (s optStamp) Value() (driver.Value, error) {
	if time.Time(s).IsZero() {
		return nil, nil
	}
	return stamp(s).Value()
}

// Scan implements sql.Scanner.
func (s *optStamp) Scan(src any) error {
	if src == nil {
		*s = optStamp{}
		return nil
	}
	return (*stamp)(s).Scan(src)
}

// Time returns the time, zero when absent.
func (s optStamp) Time() time.Time { return time.Time(s) }

// placeholders returns "$first, $first+1, ..." for n parameters, as an IN
// list needs.
func placeholders(n, first int) string {
	var b strings.Builder
	b.Grow(n * 5)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(first + i))
	}
	return b.String()
}

// tuples returns n VALUES tuples of width placeholders each, numbered from
// 1, each closed by tail (which may name parameters the rows share, e.g.
// ", $9"): tuples(2, 2, ", $5") is "($1, $2, $5), ($3, $4, $5)".
func tuples(n, width int, tail string) string {
	var b strings.Builder
	b.Grow(n * (width*5 + len(tail) + 4))
	p := 1
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range width {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(p))
			p++
		}
		b.WriteString(tail)
		b.WriteByte(')')
	}
	return b.String()
}

// param returns the placeholder "$n".
func param(n int) string { return "$" + strconv.Itoa(n) }

// chunks calls fn with consecutive ranges [i, j) of n rows, each small
// enough that perRow parameters a row stay within maxParams. One call for
// any batch the engine makes.
func chunks(n, perRow int, fn func(i, j int) error) error {
	size := max(maxParams/max(perRow, 1), 1)
	for i := 0; i < n; i += size {
		if err := fn(i, min(i+size, n)); err != nil {
			return err
		}
	}
	return nil
}

// anys converts parameters for a variadic args list.
func anys[T any](s []T) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
