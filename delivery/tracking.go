package delivery

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lete-store/letebot/delivery/cdek"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// Shipments reads the CDEK shipments the tracking job follows.
type Shipments interface {
	// Shipments returns shipped CDEK orders with a tracking number and an
	// id above after, oldest first.
	Shipments(ctx context.Context, after int64, limit int) ([]shop.Order, error)
}

// Track reads the CDEK status of every shipment in transit and hands the
// statuses the order has not seen to its chat, oldest first: the flow
// records them in the order's history and tells the customer the ones that
// matter. A cron job; a tracking number CDEK does not know is reported to
// staff once.
func (c *Carrier) Track(ctx context.Context) error {
	if c.cfg.Shipments == nil {
		return errors.New("track: no shipments store configured")
	}
	return eachOrder(ctx, c.cfg.Shipments.Shipments, func(o shop.Order) error {
		err := c.track(ctx, o)
		if errors.Is(err, errDown) {
			return errStop // the outage is reported once; the next run tries again
		}
		if err != nil {
			c.log.Warn("Tracking failed", "order", o.ID, "error", err)
		}
		return nil
	})
}

func (c *Carrier) track(ctx context.Context, o shop.Order) error {
	v, err := c.call(ctx, func(ctx context.Context) (any, error) {
		return c.cfg.API.OrderByCDEKNumber(ctx, o.Tracking)
	})
	if errors.Is(err, cdek.ErrNotFound) {
		return c.cfg.Engine.AlertStaff(ctx, fmt.Sprintf("tracking_unknown:%d:%s", o.ID, o.Tracking),
			flows.Reply{Text: messages.T(messages.StaffTrackingUnknown, "Number", o.Number(), "Tracking", o.Tracking)})
	}
	if err != nil {
		return err
	}
	fresh := newStatuses(v.(cdek.Order).Statuses, o.Carrier)
	if len(fresh) == 0 {
		return c.pickupDeadline(ctx, o)
	}
	last := fresh[len(fresh)-1]
	key := fmt.Sprintf("cdek:%d:%s:%d", o.ID, last.Code, last.At.Unix())
	return submit(ctx, c.cfg.Engine, key, o.ChatKey, flows.Event{Kind: flows.EventCarrier, OrderID: o.ID, Statuses: fresh})
}

// newStatuses returns the statuses after the one the order has, oldest
// first, whatever order CDEK lists them in.
func newStatuses(all []cdek.Status, seen shop.CarrierStatus) []shop.CarrierStatus {
	var out []shop.CarrierStatus
	for _, s := range all {
		if s.Code == "" || s.DateTime.IsZero() {
			continue
		}
		if !seen.At.IsZero() && !s.DateTime.After(seen.At) {
			continue // the flow keeps only later ones: the same second is the same moment
		}
		out = append(out, shop.CarrierStatus{Code: s.Code, Name: s.Name, City: s.City, At: s.DateTime})
	}
	// CDEK lists the newest first: reversed, two statuses of the same
	// second keep their real order through the stable sort.
	slices.Reverse(out)
	slices.SortStableFunc(out, func(a, b shop.CarrierStatus) int { return a.At.Compare(b.At) })
	return out
}

// pickupDeadline reminds the customer the day before a parcel's last day
// at the pickup point, and alerts staff once the day has passed; each once
// per arrival at the point.
func (c *Carrier) pickupDeadline(ctx context.Context, o shop.Order) error {
	days := c.cfg.Profile.PickupStorageDays
	if days <= 0 || shop.CarrierStageOf(o.Carrier.Code) != shop.CarrierAtPoint {
		return nil
	}
	loc := c.cfg.Profile.Location()
	arrived := o.Carrier.At.In(loc)
	last := time.Date(arrived.Year(), arrived.Month(), arrived.Day()+days, 0, 0, 0, 0, loc) // the last day, from its start
	now := c.cfg.Clock.Now()
	switch {
	case !now.Before(last.AddDate(0, 0, 1)):
		return c.cfg.Engine.AlertStaff(ctx, fmt.Sprintf("pickup_overdue:%d:%d", o.ID, arrived.Unix()),
			flows.Reply{Text: messages.T(messages.StaffPickupOverdue, "Number", o.Number(), "Tracking", o.Tracking,
				"Until", last, "Name", o.Customer.Name, "Phone", o.Customer.Phone, "Locker", o.Carrier.Code == "POSTOMAT_POSTED")})
	case !now.Before(last.AddDate(0, 0, -1)):
		key := fmt.Sprintf("pickup_reminder:%d:%d", o.ID, arrived.Unix())
		return submit(ctx, c.cfg.Engine, key, o.ChatKey, flows.Event{Kind: flows.EventPickupReminder, OrderID: o.ID})
	}
	return nil
}
