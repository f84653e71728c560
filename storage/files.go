package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/sealed"
	"github.com/lete-store/letebot/shop"
)

var _ bot.FileHolder = (*DB)(nil)

// ErrNoDataKey is returned by AddClaimFile for an identity document's
// content and by StoreClaimFile, when the DB has no data key: such files
// are stored only sealed.
var ErrNoDataKey = errors.New("no data key: personal files are stored only encrypted")

// storedPrefix starts the references shop.StoredFileRef makes.
const storedPrefix = "stored:"

const (
	// fileColumns are a ClaimFile's, of claim_files aliased f; stored says
	// whether the content is here, without reading it.
	fileColumns = `f.id, f.claim_id, f.kind, f.name, f.mime, f.photo, f.ref,
	(f.data IS NOT NULL) AS stored, f.created_at`

	insertFileSQL = `INSERT INTO claim_files (claim_id, kind, name, mime, photo, ref, data, sealed, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`

	sealFileSQL = `UPDATE claim_files SET data = $2, sealed = true WHERE id = $1`

	claimFilesSQL = `SELECT ` + fileColumns + ` FROM claim_files f WHERE f.claim_id = $1 ORDER BY f.id`

	// filesToStoreSQL matches the claim_files_to_store index.
	filesToStoreSQL = `SELECT ` + fileColumns + ` FROM claim_files f JOIN claims c ON c.id = f.claim_id
WHERE f.ref <> '' AND f.data IS NULL AND c.status IN ('received', 'approved')
ORDER BY f.id LIMIT $1`

	// storeFileSQL stores a file still waiting: one that was stored,
	// erased or forgotten meanwhile is left alone.
	storeFileSQL = `UPDATE claim_files SET data = $2, sealed = true, ref = ''
WHERE id = $1 AND ref <> '' AND data IS NULL`

	// dropRefSQL forgets a reference the messenger can no longer serve.
	dropRefSQL = `UPDATE claim_files SET ref = '' WHERE id = $1 AND data IS NULL`

	// eraseFilesSQL forgets files' content and reference, and the names of
	// the customer's files (which may carry a name or a document number);
	// the row stays as the record that the file was received. %s selects
	// the claims, from $1.
	eraseFilesSQL = `UPDATE claim_files SET data = NULL, sealed = false, ref = '',
	name = CASE WHEN kind = 'application' THEN name ELSE '' END
WHERE claim_id IN (SELECT id FROM claims WHERE %s)
	AND (data IS NOT NULL OR ref <> '' OR (name <> '' AND kind <> 'application'))`

	fetchFileSQL = `SELECT name, mime, data, sealed FROM claim_files WHERE id = $1`
)

type fileRow struct {
	ID        int64  `db:"id"`
	ClaimID   int64  `db:"claim_id"`
	Kind      string `db:"kind"`
	Name      string `db:"name"`
	MIME      string `db:"mime"`
	Photo     bool   `db:"photo"`
	Ref       string `db:"ref"`
	Stored    bool   `db:"stored"`
	CreatedAt stamp  `db:"created_at"`
}

func (r fileRow) toDomain() shop.ClaimFile {
	return shop.ClaimFile{
		ID: r.ID, ClaimID: r.ClaimID, Kind: shop.ClaimFileKind(r.Kind), Name: r.Name, MIME: r.MIME,
		Photo: r.Photo, Ref: r.Ref, Stored: r.Stored, CreatedAt: r.CreatedAt.Time(),
	}
}

func filesOf(rows []fileRow) []shop.ClaimFile {
	out := make([]shop.ClaimFile, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out
}

// fileAD is the associated data a claim file's content is sealed with: a
// blob copied into another row does not open there.
func fileAD(id int64) []byte { return []byte("claim_file:" + strconv.FormatInt(id, 10)) }

// SetDataKey makes the DB seal the claim files it stores from now on, and
// open those sealed before. Call it once, before the DB is used: it is not
// safe beside running transactions.
func (d *DB) SetDataKey(k sealed.Key) { d.key = k }

// HasDataKey reports whether the DB has a data key: without one, customers'
// files stay in the messenger (only their references are kept).
func (d *DB) HasDataKey() bool { return !d.key.IsZero() }

// AddClaimFile stores a file of a claim and returns it with its id. With
// data, it keeps the content (and drops f.Ref): sealed when the DB has a
// data key, as it is otherwise. Without a key the caller passes data only
// for what the bot made itself (the application PDF, fine in the clear
// like the order rows it repeats); an identity document's content without
// a key is refused with ErrNoDataKey rather than kept in the clear, and the
// caller keeps the messenger's reference instead. Without data it keeps
// f.Ref. CreatedAt is now when zero.
func (s domain) AddClaimFile(ctx context.Context, f shop.ClaimFile, data []byte) (shop.ClaimFile, error) {
	seal := !s.key.IsZero()
	switch {
	case len(data) == 0 && f.Ref == "":
		return shop.ClaimFile{}, errors.New("add claim file: neither content nor reference")
	case len(data) > 0 && !seal && f.Kind == shop.FileIDCopy:
		return shop.ClaimFile{}, fmt.Errorf("add claim file: %w", ErrNoDataKey)
	}
	if f.CreatedAt.IsZero() {
		f.CreatedAt = s.now()
	}
	f.CreatedAt = utc(f.CreatedAt).Time()
	f.Stored = len(data) > 0
	var plain any // what the insert stores: NULL, or the content when not sealed
	if f.Stored {
		f.Ref = ""
		if !seal {
			plain = data
		}
	}
	// A sealed blob names its row, so the row comes first, empty; the
	// content follows in the same transaction.
	err := sqlx.GetContext(ctx, s.ex, &f.ID, insertFileSQL, f.ClaimID, string(f.Kind), f.Name, f.MIME, f.Photo,
		f.Ref, plain, false, utc(f.CreatedAt))
	if err != nil {
		return shop.ClaimFile{}, wrap("add claim file", err)
	}
	if f.Stored && seal {
		if _, err := s.ex.ExecContext(ctx, sealFileSQL, f.ID, s.key.Seal(data, fileAD(f.ID))); err != nil {
			return shop.ClaimFile{}, wrap("add claim file", err)
		}
	}
	return f, nil
}

// ClaimFiles returns a claim's files, in the order added, without their
// content.
func (s domain) ClaimFiles(ctx context.Context, claimID int64) ([]shop.ClaimFile, error) {
	var rows []fileRow
	if err := sqlx.SelectContext(ctx, s.ex, &rows, claimFilesSQL, claimID); err != nil {
		return nil, wrap("claim files", err)
	}
	return filesOf(rows), nil
}

// ClaimFilesToStore returns up to limit files of open claims that the bot
// knows only by the messenger's reference, oldest first: the job downloads
// each and hands it to StoreClaimFile. Without a data key there are none,
// since StoreClaimFile would refuse them.
func (d *DB) ClaimFilesToStore(ctx context.Context, limit int) ([]shop.ClaimFile, error) {
	if !d.HasDataKey() || limit <= 0 {
		return nil, nil
	}
	var rows []fileRow
	if err := sqlx.SelectContext(ctx, d.db, &rows, filesToStoreSQL, limit); err != nil {
		return nil, wrap("claim files to store", err)
	}
	return filesOf(rows), nil
}

// StoreClaimFile keeps the content of a file known by reference, sealed,
// and drops the reference. A file no longer waiting (stored already, or
// erased by retention or by ForgetCustomer while it downloaded) is left
// alone, without error. Without a data key it returns ErrNoDataKey.
func (d *DB) StoreClaimFile(ctx context.Context, id int64, data []byte) error {
	if !d.HasDataKey() {
		return fmt.Errorf("store claim file: %w", ErrNoDataKey)
	}
	if len(data) == 0 {
		return errors.New("store claim file: no content")
	}
	_, err := d.db.ExecContext(ctx, storeFileSQL, id, d.key.Seal(data, fileAD(id)))
	return wrap("store claim file", err)
}

// DropClaimFileRef forgets the reference of a file the messenger can no
// longer serve (too large, or gone): nothing would fetch it again, and the
// job that keeps files must not try it at every pass. Staff received the
// file when the application came.
func (d *DB) DropClaimFileRef(ctx context.Context, id int64) error {
	_, err := d.db.ExecContext(ctx, dropRefSQL, id)
	return wrap("drop claim file reference", err)
}

// DeleteClosedClaimFiles erases the files of claims closed before
// closedBefore: their content, their messenger references and the names of
// the customer's files. It returns how many files it erased. The rows stay,
// with kind, type and date (and the application's name, which the bot
// made): the claim still shows that an ID copy and receipts came with it,
// matching its Attachments, after the documents themselves are gone.
func (d *DB) DeleteClosedClaimFiles(ctx context.Context, closedBefore time.Time) (int, error) {
	q := fmt.Sprintf(eraseFilesSQL, `closed_at IS NOT NULL AND closed_at < $1`)
	res, err := d.db.ExecContext(ctx, q, utc(closedBefore))
	if err != nil {
		return 0, wrap("delete closed claim files", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("delete closed claim files: %w", err)
	}
	return int(n), nil
}

// storedID reads the id of a reference shop.StoredFileRef made.
func storedID(ref string) (int64, bool) {
	s, ok := strings.CutPrefix(ref, storedPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != s {
		return 0, false
	}
	return id, true
}

// Holds reports whether ref names a file the DB stores ("stored:12"): the
// outbox sender fetches those from here for any channel.
func (d *DB) Holds(ref string) bool {
	_, ok := storedID(ref)
	return ok
}

// Fetch returns a stored claim file's name, type and content, opened. A
// file that is missing, no longer stored, or cannot be opened (no key, or
// another key than it was sealed with) is an error wrapping
// bot.ErrPermanent: retrying cannot bring it back, and the reply goes
// without it.
func (d *DB) Fetch(ctx context.Context, ref string) (*bot.Attachment, error) {
	id, ok := storedID(ref)
	if !ok {
		return nil, fmt.Errorf("fetch file %q: not a stored file: %w", ref, bot.ErrPermanent)
	}
	var r struct {
		Name   string `db:"name"`
		MIME   string `db:"mime"`
		Data   []byte `db:"data"`
		Sealed bool   `db:"sealed"`
	}
	err := sqlx.GetContext(ctx, d.db, &r, fetchFileSQL, id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("fetch file %d: no such file: %w", id, bot.ErrPermanent)
	case err != nil:
		return nil, wrap(fmt.Sprintf("fetch file %d", id), err)
	case r.Data == nil:
		return nil, fmt.Errorf("fetch file %d: no longer stored: %w", id, bot.ErrPermanent)
	}
	data := r.Data
	if r.Sealed {
		if !d.HasDataKey() {
			return nil, fmt.Errorf("fetch file %d: sealed, and no data key: %w", id, bot.ErrPermanent)
		}
		if data, err = d.key.Open(r.Data, fileAD(id)); err != nil {
			return nil, fmt.Errorf("fetch file %d: %w: %w", id, err, bot.ErrPermanent)
		}
	}
	return &bot.Attachment{Name: r.Name, MIME: r.MIME, Data: data}, nil
}
