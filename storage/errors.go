package storage

import (
	"errors"
	"fmt"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/lete-store/letebot/bot"
)

var (
	// ErrUnsupportedURL is returned by Open for a database URL that is
	// neither postgres:// nor sqlite:.
	ErrUnsupportedURL = errors.New("unsupported database URL")
	// ErrConflict is returned by writes that break a unique, check or
	// foreign-key constraint; it wraps the driver's error.
	ErrConflict = errors.New("constraint violated")
)

// mapErr translates a driver error into this package's sentinels, so the
// rest of the code and its callers never look at driver types. Errors it
// does not know pass unchanged.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if pq.As(err, pqerror.TRDeadlockDetected, pqerror.TRSerializationFailure) != nil {
		return fmt.Errorf("%w: %w", bot.ErrRetryTx, err)
	}
	if pq.As(err, pqerror.UniqueViolation, pqerror.CheckViolation, pqerror.ForeignKeyViolation) != nil {
		return fmt.Errorf("%w: %w", ErrConflict, err)
	}
	if se, ok := errors.AsType[*sqlite.Error](err); ok && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT {
		return fmt.Errorf("%w: %w", ErrConflict, err)
	}
	return err
}

// wrap names the failed operation and maps the driver error.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, mapErr(err))
}
