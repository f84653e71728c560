package storage_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/sealed"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

func newKey(t testing.TB) sealed.Key {
	t.Helper()
	b := make([]byte, sealed.KeySize)
	_, _ = rand.Read(b)
	k, err := sealed.ParseKey(hex.EncodeToString(b))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func addFile(t testing.TB, db *storage.DB, f shop.ClaimFile, data []byte) shop.ClaimFile {
	t.Helper()
	withClaims(t, db, func(cs shop.Claims) error {
		var err error
		f, err = cs.AddClaimFile(context.Background(), f, data)
		return err
	})
	return f
}

func claimFiles(t testing.TB, db *storage.DB, claimID int64) []shop.ClaimFile {
	t.Helper()
	var fs []shop.ClaimFile
	withClaims(t, db, func(cs shop.Claims) error {
		var err error
		fs, err = cs.ClaimFiles(context.Background(), claimID)
		return err
	})
	return fs
}

// rawFile is a file's row as stored: the content column, the sealed flag
// and the reference.
type rawFile struct {
	Data   []byte
	Sealed bool
	Ref    string
	Name   string
}

func readRaw(t testing.TB, db *storage.DB, id int64) rawFile {
	t.Helper()
	var r rawFile
	err := db.SQL().QueryRowContext(context.Background(), `SELECT data, sealed, ref, name FROM claim_files WHERE id = $1`, id).
		Scan(&r.Data, &r.Sealed, &r.Ref, &r.Name)
	if err != nil {
		t.Fatalf("read file %d: %v", id, err)
	}
	return r
}

func fetch(t testing.TB, db *storage.DB, f shop.ClaimFile) (*bot.Attachment, error) {
	t.Helper()
	ref := f.Reference()
	if !db.Holds(ref) {
		t.Fatalf("Holds(%q) = false", ref)
	}
	return db.Fetch(context.Background(), ref)
}

func fileIDs(fs []shop.ClaimFile) []int64 {
	var out []int64
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func TestClaimFilesWithoutKey(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		if db.HasDataKey() {
			t.Fatal("HasDataKey() = true on a new DB")
		}
		c := addClaim(t, db, sampleClaim(t, placed(t, db, "tg:1")))
		other := addClaim(t, db, sampleClaim(t, placed(t, db, "tg:2")))
		pdf := []byte("%PDF-1.7 Айгерим Сапарова +77773366100")

		app := addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileApplication, Name: "R1.pdf",
			MIME: "application/pdf", Ref: "ignored", CreatedAt: odd(0)}, pdf)
		want := shop.ClaimFile{ID: app.ID, ClaimID: c.ID, Kind: shop.FileApplication, Name: "R1.pdf",
			MIME: "application/pdf", Stored: true, CreatedAt: stored(odd(0))}
		if !reflect.DeepEqual(app, want) {
			t.Errorf("AddClaimFile = %+v, want %+v", app, want)
		}
		if raw := readRaw(t, db, app.ID); !bytes.Equal(raw.Data, pdf) || raw.Sealed || raw.Ref != "" {
			t.Errorf("stored without a key: %+v, want the plain PDF", raw)
		}

		// Known by reference only; CreatedAt from the clock.
		receipt := addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileReceipt, Name: "check.jpg",
			MIME: "image/jpeg", Photo: true, Ref: "AgACAgIAAxkBAAI"}, nil)
		wantReceipt := shop.ClaimFile{ID: receipt.ID, ClaimID: c.ID, Kind: shop.FileReceipt, Name: "check.jpg",
			MIME: "image/jpeg", Photo: true, Ref: "AgACAgIAAxkBAAI", CreatedAt: stored(clk.Now())}
		if !reflect.DeepEqual(receipt, wantReceipt) || receipt.Reference() != "AgACAgIAAxkBAAI" {
			t.Errorf("AddClaimFile by reference = %+v, want %+v", receipt, wantReceipt)
		}
		if raw := readRaw(t, db, receipt.ID); raw.Data != nil {
			t.Errorf("a reference has data: %q", raw.Data)
		}
		addFile(t, db, shop.ClaimFile{ClaimID: other.ID, Kind: shop.FileReceipt, Ref: "other"}, nil)

		if got := claimFiles(t, db, c.ID); !reflect.DeepEqual(got, []shop.ClaimFile{want, wantReceipt}) {
			t.Errorf("ClaimFiles =\n%+v\nwant\n%+v", got, []shop.ClaimFile{want, wantReceipt})
		}

		a, err := fetch(t, db, app)
		if err != nil {
			t.Fatalf("Fetch: %v", err)
		}
		if a.Name != "R1.pdf" || a.MIME != "application/pdf" || !bytes.Equal(a.Data, pdf) {
			t.Errorf("Fetch = %q %q %q", a.Name, a.MIME, a.Data)
		}

		// Refused: an ID copy in the clear, a file with nothing, a file of
		// no claim.
		for _, tc := range []struct {
			name string
			f    shop.ClaimFile
			data []byte
			want error
		}{
			{"ID copy without a key", shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileIDCopy, Name: "id.jpg"}, []byte("jpeg"), storage.ErrNoDataKey},
			{"no content, no reference", shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileReceipt}, nil, nil},
			{"no such claim", shop.ClaimFile{ClaimID: other.ID + 100, Kind: shop.FileReceipt, Ref: "x"}, nil, storage.ErrConflict},
		} {
			err := db.InTx(ctx, func(tx bot.Tx) error {
				_, err := tx.Flows().(shop.Claims).AddClaimFile(ctx, tc.f, tc.data)
				return err
			})
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
		}
		// An ID copy by reference is fine without a key.
		addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileIDCopy, Ref: "AgAD-id"}, nil)
		if n := len(claimFiles(t, db, c.ID)); n != 3 {
			t.Errorf("%d files after the refusals, want 3", n)
		}
	})
}

func TestClaimFilesSealed(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		key := newKey(t)
		db.SetDataKey(key)
		if !db.HasDataKey() {
			t.Fatal("HasDataKey() = false after SetDataKey")
		}
		c := addClaim(t, db, sampleClaim(t, placed(t, db, "tg:1")))
		idCopy := []byte("\xff\xd8\xff JPEG Удостоверение 040512345678 Сапарова")
		pdf := []byte("%PDF-1.7 Айгерим")

		id := addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileIDCopy, Name: "id.jpg", MIME: "image/jpeg", Photo: true}, idCopy)
		app := addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileApplication, Name: "R1.pdf", MIME: "application/pdf"}, pdf)
		for _, tc := range []struct {
			f     shop.ClaimFile
			plain []byte
		}{{id, idCopy}, {app, pdf}} {
			if !tc.f.Stored || tc.f.Ref != "" {
				t.Errorf("file %d: Stored %v, Ref %q", tc.f.ID, tc.f.Stored, tc.f.Ref)
			}
			raw := readRaw(t, db, tc.f.ID)
			if !raw.Sealed || len(raw.Data) != len(tc.plain)+sealed.Overhead ||
				bytes.Contains(raw.Data, tc.plain) || bytes.Contains(raw.Data, []byte("Сапарова")) || bytes.Contains(raw.Data, []byte("PDF")) {
				t.Errorf("file %d stored as %x (sealed %v), want it sealed", tc.f.ID, raw.Data, raw.Sealed)
			}
			a, err := fetch(t, db, tc.f)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if !bytes.Equal(a.Data, tc.plain) || a.Name != tc.f.Name || a.MIME != tc.f.MIME {
				t.Errorf("Fetch = %q %q %q, want %q %q %q", a.Name, a.MIME, a.Data, tc.f.Name, tc.f.MIME, tc.plain)
			}
		}

		// A blob copied into another row does not open there.
		if _, err := db.SQL().ExecContext(ctx, `UPDATE claim_files SET data = (SELECT data FROM claim_files WHERE id = $1) WHERE id = $2`, id.ID, app.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := fetch(t, db, app); !errors.Is(err, bot.ErrPermanent) {
			t.Errorf("Fetch of a swapped blob: %v, want ErrPermanent", err)
		}

		// Another key, or none, cannot open it: permanent, the reply goes
		// without the file.
		db.SetDataKey(newKey(t))
		if _, err := fetch(t, db, id); !errors.Is(err, bot.ErrPermanent) {
			t.Errorf("Fetch with another key: %v, want ErrPermanent", err)
		}
		db.SetDataKey(sealed.Key{})
		if _, err := fetch(t, db, id); !errors.Is(err, bot.ErrPermanent) {
			t.Errorf("Fetch without a key: %v, want ErrPermanent", err)
		}
		db.SetDataKey(key)
		if a, err := fetch(t, db, id); err != nil || !bytes.Equal(a.Data, idCopy) {
			t.Errorf("Fetch with the key again: %q, %v", a.Data, err)
		}
	})
}

func TestFetchMissing(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		c := addClaim(t, db, sampleClaim(t, placed(t, db, "tg:1")))
		byRef := addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileReceipt, Ref: "AgAD"}, nil)
		for _, ref := range []string{shop.StoredFileRef(byRef.ID + 100), shop.StoredFileRef(byRef.ID), "AgAD", ""} {
			if a, err := db.Fetch(ctx, ref); !errors.Is(err, bot.ErrPermanent) {
				t.Errorf("Fetch(%q) = %+v, %v; want ErrPermanent", ref, a, err)
			}
		}
	})
}

func TestHolds(t *testing.T) {
	var db storage.DB // Holds reads nothing
	for _, tc := range []struct {
		ref  string
		want bool
	}{
		{shop.StoredFileRef(12), true},
		{"stored:1", true},
		{"stored:9223372036854775807", true},
		{"stored:0", false},
		{"stored:-1", false},
		{"stored:+12", false},
		{"stored:012", false},
		{"stored:12a", false},
		{"stored: 12", false},
		{"stored:", false},
		{"Stored:12", false},
		{"stored:9223372036854775808", false},
		{"AgACAgIAAxkBAAI", false},
		{"https://lete.kz/p/300.jpg", false},
		{"", false},
	} {
		if got := db.Holds(tc.ref); got != tc.want {
			t.Errorf("Holds(%q) = %v, want %v", tc.ref, got, tc.want)
		}
	}
}

func TestStoreClaimFiles(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		open := addClaim(t, db, sampleClaim(t, placed(t, db, "tg:1")))
		closedClaim := sampleClaim(t, placed(t, db, "tg:2"))
		closedClaim.Status = shop.ClaimRejected
		closed := addClaim(t, db, closedClaim)

		receipt := addFile(t, db, shop.ClaimFile{ClaimID: open.ID, Kind: shop.FileReceipt, Name: "check.jpg", MIME: "image/jpeg", Ref: "AgAD-1"}, nil)
		addFile(t, db, shop.ClaimFile{ClaimID: closed.ID, Kind: shop.FileReceipt, Ref: "AgAD-closed"}, nil)
		addFile(t, db, shop.ClaimFile{ClaimID: open.ID, Kind: shop.FileApplication, Name: "R1.pdf"}, []byte("%PDF"))
		idCopy := addFile(t, db, shop.ClaimFile{ClaimID: open.ID, Kind: shop.FileIDCopy, Name: "id.jpg", Ref: "AgAD-2"}, nil)

		// Without a key: nothing to store, and storing is refused.
		if got, err := db.ClaimFilesToStore(ctx, 10); err != nil || len(got) != 0 {
			t.Errorf("ClaimFilesToStore without a key = %+v, %v; want none", got, err)
		}
		if err := db.StoreClaimFile(ctx, receipt.ID, []byte("jpeg")); !errors.Is(err, storage.ErrNoDataKey) {
			t.Errorf("StoreClaimFile without a key: %v, want ErrNoDataKey", err)
		}

		db.SetDataKey(newKey(t))
		for _, tc := range []struct {
			limit int
			want  []shop.ClaimFile
		}{
			{10, []shop.ClaimFile{receipt, idCopy}},
			{1, []shop.ClaimFile{receipt}},
			{0, nil},
		} {
			got, err := db.ClaimFilesToStore(ctx, tc.limit)
			if err != nil {
				t.Fatalf("ClaimFilesToStore(%d): %v", tc.limit, err)
			}
			if !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("ClaimFilesToStore(%d) =\n%+v\nwant\n%+v", tc.limit, got, tc.want)
			}
		}

		jpeg := []byte("\xff\xd8\xff receipt 50300 KZT")
		if err := db.StoreClaimFile(ctx, receipt.ID, jpeg); err != nil {
			t.Fatalf("StoreClaimFile: %v", err)
		}
		got, err := db.ClaimFilesToStore(ctx, 10)
		if err != nil || !reflect.DeepEqual(fileIDs(got), []int64{idCopy.ID}) {
			t.Errorf("ClaimFilesToStore after storing = %v, %v; want [%d]", fileIDs(got), err, idCopy.ID)
		}
		wantReceipt := receipt
		wantReceipt.Ref, wantReceipt.Stored = "", true
		if files := claimFiles(t, db, open.ID); !reflect.DeepEqual(files[0], wantReceipt) {
			t.Errorf("stored file = %+v, want %+v", files[0], wantReceipt)
		}
		if raw := readRaw(t, db, receipt.ID); !raw.Sealed || bytes.Contains(raw.Data, []byte("receipt")) {
			t.Errorf("stored as %q (sealed %v), want sealed", raw.Data, raw.Sealed)
		}
		if a, err := fetch(t, db, wantReceipt); err != nil || !bytes.Equal(a.Data, jpeg) {
			t.Errorf("Fetch = %+v, %v", a, err)
		}

		// Storing again, or a missing file, changes nothing and is no error.
		if err := db.StoreClaimFile(ctx, receipt.ID, []byte("other")); err != nil {
			t.Errorf("StoreClaimFile again: %v", err)
		}
		if err := db.StoreClaimFile(ctx, receipt.ID+100, []byte("other")); err != nil {
			t.Errorf("StoreClaimFile of a missing file: %v", err)
		}
		if a, err := fetch(t, db, wantReceipt); err != nil || !bytes.Equal(a.Data, jpeg) {
			t.Errorf("Fetch after storing again = %q, %v; want the first content", a.Data, err)
		}
		if err := db.StoreClaimFile(ctx, idCopy.ID, nil); err == nil {
			t.Error("StoreClaimFile with no content succeeded")
		}

		// A file the messenger cannot serve is dropped from the queue, and
		// a stored one keeps its content.
		if err := db.DropClaimFileRef(ctx, idCopy.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ClaimFilesToStore(ctx, 10); err != nil || len(got) != 0 {
			t.Errorf("ClaimFilesToStore after the drop = %v, %v; want none", fileIDs(got), err)
		}
		if err := db.DropClaimFileRef(ctx, receipt.ID); err != nil {
			t.Fatal(err)
		}
		if a, err := fetch(t, db, wantReceipt); err != nil || !bytes.Equal(a.Data, jpeg) {
			t.Errorf("Fetch after a drop = %q, %v; want the stored content", a.Data, err)
		}
	})
}

func TestDeleteClosedClaimFiles(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		db.SetDataKey(newKey(t))
		o := placed(t, db, "tg:1")
		type claimWithFiles struct {
			claim shop.Claim
			files []shop.ClaimFile
		}
		// Each claim gets an application (stored), an ID copy (stored) and
		// a receipt (by reference).
		newClaim := func(closedAt time.Time) claimWithFiles {
			c := sampleClaim(t, o)
			if !closedAt.IsZero() {
				c.Status, c.ClosedAt = shop.ClaimRefunded, closedAt
			}
			c = addClaim(t, db, c)
			return claimWithFiles{c, []shop.ClaimFile{
				addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileApplication, Name: "R.pdf", MIME: "application/pdf"}, []byte("%PDF")),
				addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileIDCopy, Name: "Сапарова.jpg", MIME: "image/jpeg", Photo: true}, []byte("jpeg")),
				addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileReceipt, Name: "check.pdf", Ref: "BQACAgIAAx"}, nil),
			}}
		}
		cut := t0.Add(30 * 24 * time.Hour)
		openClaim := newClaim(time.Time{})
		old := newClaim(cut.Add(-time.Hour))
		recent := newClaim(cut.Add(time.Hour))
		atCut := newClaim(cut)
		clk.Add(60 * 24 * time.Hour)

		n, err := db.DeleteClosedClaimFiles(ctx, cut)
		if err != nil || n != 3 {
			t.Fatalf("DeleteClosedClaimFiles = %d, %v; want 3", n, err)
		}
		for _, kept := range []claimWithFiles{openClaim, recent, atCut} {
			if got := claimFiles(t, db, kept.claim.ID); !reflect.DeepEqual(got, kept.files) {
				t.Errorf("claim %d (closed %v) lost files:\n%+v\nwant\n%+v", kept.claim.ID, kept.claim.ClosedAt, got, kept.files)
			}
			if _, err := fetch(t, db, kept.files[1]); err != nil {
				t.Errorf("Fetch of a kept file: %v", err)
			}
		}
		// The old claim's rows stay, as the record; content, references
		// and the customer's file names go.
		want := make([]shop.ClaimFile, len(old.files))
		for i, f := range old.files {
			f.Stored, f.Ref = false, ""
			if f.Kind != shop.FileApplication {
				f.Name = ""
			}
			want[i] = f
		}
		if got := claimFiles(t, db, old.claim.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("erased files =\n%+v\nwant\n%+v", got, want)
		}
		for _, f := range old.files {
			if raw := readRaw(t, db, f.ID); raw.Data != nil || raw.Sealed || raw.Ref != "" {
				t.Errorf("file %d after retention: %+v", f.ID, raw)
			}
			if f.Reference() != "" && db.Holds(f.Reference()) {
				if _, err := db.Fetch(ctx, f.Reference()); !errors.Is(err, bot.ErrPermanent) {
					t.Errorf("Fetch of an erased file: %v, want ErrPermanent", err)
				}
			}
		}
		if c := getClaim(t, db, old.claim.ID); c.FullName != old.claim.FullName || c.Attachments != old.claim.Attachments {
			t.Errorf("the claim itself changed: %+v", c)
		}

		// Again: nothing left to erase.
		if n, err := db.DeleteClosedClaimFiles(ctx, cut); err != nil || n != 0 {
			t.Errorf("DeleteClosedClaimFiles again = %d, %v; want 0", n, err)
		}
		// A later cut takes the rest of the closed ones, never the open.
		if n, err := db.DeleteClosedClaimFiles(ctx, clk.Now()); err != nil || n != 6 {
			t.Errorf("DeleteClosedClaimFiles(now) = %d, %v; want 6", n, err)
		}
		if got := claimFiles(t, db, openClaim.claim.ID); !reflect.DeepEqual(got, openClaim.files) {
			t.Errorf("the open claim lost files: %+v", got)
		}
	})
}
