package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

// claimsChecked is how many open applications a deadline pass looks at.
const claimsChecked = 500

// claimDeadlines reminds staff of refunds due by the next working day and
// alerts them of those overdue. Each alert's key names the claim, so a
// pass every hour tells staff once (again a week later, when the engine's
// dedupe keys expire, for a refund still overdue).
func claimDeadlines(ctx context.Context, db *storage.DB, engine *bot.Engine, p *shop.Profile, now time.Time) error {
	entries, err := db.Holidays(ctx)
	if err != nil {
		return err
	}
	cal, err := shop.NewCalendar(entries)
	if err != nil {
		return err
	}
	claims, err := db.OpenClaims(ctx, claimsChecked)
	if err != nil {
		return err
	}
	today := shop.DayOf(now, p.Location())
	var errs []error
	for _, c := range claims {
		due := time.Date(c.Due.Year, c.Due.Month, c.Due.Day, 0, 0, 0, 0, p.Location())
		args := []any{"Ref", c.Ref(), "Number", c.Order, "Due", due, "Status", string(c.Status)}
		var key string
		var text messages.Text
		switch {
		case today.After(c.Due):
			key, text = "claim-overdue:"+c.Ref(), messages.T(messages.StaffClaimOverdue, args...)
		case !today.Before(cal.WorkingDayBefore(c.Due)):
			key, text = "claim-due:"+c.Ref(), messages.T(messages.StaffClaimDueSoon, args...)
		default:
			continue
		}
		if err := engine.AlertStaff(ctx, key, flows.Reply{Text: text}); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// storeClaimFiles keeps encrypted copies of the files customers sent with
// applications (ID copies, receipts), fetched from the messenger that
// holds them, while the applications are open. Without a data key nothing
// is kept: the files went to staff and the store's mailbox only.
func storeClaimFiles(ctx context.Context, db *storage.DB, sender *bot.Sender, log *slog.Logger) error {
	if !db.HasDataKey() {
		return nil
	}
	files, err := db.ClaimFilesToStore(ctx, 20)
	if err != nil {
		return err
	}
	for _, f := range files {
		a, err := sender.Fetch(ctx, f.Ref)
		if errors.Is(err, bot.ErrPermanent) {
			log.Warn("Claim file not kept: the messenger cannot serve it", "claim", shop.ClaimRef(f.ClaimID), "file", f.ID, "error", err)
			if err := db.DropClaimFileRef(ctx, f.ID); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("fetch claim file %d: %w", f.ID, err)
		}
		if err := db.StoreClaimFile(ctx, f.ID, a.Data); err != nil {
			return err
		}
	}
	return nil
}

// deleteOldClaimFiles is the retention job: the files of applications
// closed longer ago than the retention are deleted.
func deleteOldClaimFiles(ctx context.Context, db *storage.DB, retention time.Duration, log *slog.Logger, now time.Time) error {
	n, err := db.DeleteClosedClaimFiles(ctx, now.Add(-retention))
	if err == nil && n > 0 {
		log.Info("Claim files deleted after retention", "files", n)
	}
	return err
}
