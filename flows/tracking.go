package flows

import (
	"fmt"
	"strings"
	"time"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// carrierActor is CDEK in the audit trail.
const carrierActor = "cdek"

// carrierUpdate records a shipment's new CDEK statuses in the order's
// history and tells the customer about the latest when it matters: at the
// pickup point (with the last day it is kept), out for delivery,
// delivered (the return window starts), not delivered (staff are alerted
// too). Statuses the order has already seen are ignored.
func (t *turn) carrierUpdate(o shop.Order, statuses []shop.CarrierStatus) error {
	if o.Status != shop.Shipped {
		return nil // delivered or cancelled meanwhile: the history is closed
	}
	var fresh []shop.CarrierStatus
	for _, s := range statuses {
		if s.Code != "" && s.At.After(o.Carrier.At) {
			fresh = append(fresh, s)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	for _, s := range fresh {
		detail := s.Name
		if s.City != "" && !strings.Contains(detail, s.City) {
			detail += ", " + s.City
		}
		if err := t.st.AddEvent(t.ctx, shop.OrderEvent{OrderID: o.ID, At: s.At, Actor: carrierActor,
			Action: shop.CarrierStatusKey(s.Code), Detail: detail}); err != nil {
			return fmt.Errorf("carrier status: %w", err)
		}
	}
	last := fresh[len(fresh)-1]
	o.Carrier = last
	stage := shop.CarrierStageOf(last.Code)
	if stage == shop.CarrierDelivered {
		// The return window starts at the handover. CDEK's own status,
		// recorded above, is the history's line for it.
		o.Status, o.DeliveredAt = shop.Delivered, last.At
	}
	if err := t.st.Update(t.ctx, o); err != nil {
		return fmt.Errorf("carrier status: %w", err)
	}
	buttons := row(btn(messages.BtnMyOrders, dOrders), btn(messages.BtnMenu, dMenu))
	p := t.f.cfg.Profile
	switch stage {
	case shop.CarrierAtPoint:
		var until time.Time
		if p.PickupStorageDays > 0 {
			until = last.At.In(p.Location()).AddDate(0, 0, p.PickupStorageDays)
		}
		address := o.Delivery.Address // a courier order held at a point: CDEK tells where
		if o.Delivery.Method != shop.PickupPoint {
			address = ""
		}
		t.say(messages.T(messages.TrackAtPoint, "Number", o.Number(), "Address", address,
			"Locker", last.Code == "POSTOMAT_POSTED", "Until", until, "Tracking", o.Tracking), buttons)
	case shop.CarrierOutForDelivery:
		t.say(messages.T(messages.TrackOutForDelivery, "Number", o.Number(), "Tracking", o.Tracking), buttons)
	case shop.CarrierDelivered:
		t.tellStatus(o, "", false)
	case shop.CarrierNotDelivered, shop.CarrierRemoved:
		if stage == shop.CarrierNotDelivered {
			// A waybill removed or rejected is the store's matter: staff
			// only, the customer is not told a delivery failed.
			t.say(messages.T(messages.TrackNotDelivered, "Number", o.Number(), "Phone", p.WhatsApp), buttons)
		}
		t.alertStaff(messages.T(messages.StaffTrackingProblem, "Number", o.Number(), "Tracking", o.Tracking,
			"Code", last.Code, "Name", last.Name, "Customer", o.Customer.Name, "Phone", o.Customer.Phone),
			row(staffOrderButton(o)))
	}
	return nil
}

// pickupReminder tells the customer their parcel's last day at the pickup
// point is tomorrow (or today).
func (t *turn) pickupReminder(o shop.Order) error {
	p := t.f.cfg.Profile
	if o.Status != shop.Shipped || shop.CarrierStageOf(o.Carrier.Code) != shop.CarrierAtPoint || p.PickupStorageDays <= 0 {
		return nil
	}
	until := o.Carrier.At.In(p.Location()).AddDate(0, 0, p.PickupStorageDays)
	t.say(messages.T(messages.TrackPickupReminder, "Number", o.Number(), "Address", o.Delivery.Address, "Until", until,
		"Locker", o.Carrier.Code == "POSTOMAT_POSTED",
		"Phone", p.WhatsApp), row(btn(messages.BtnMyOrders, dOrders), btn(messages.BtnMenu, dMenu)))
	return nil
}

// trackingLine is a CDEK status as the customer's order history shows it:
// the store's words for the stages it knows, CDEK's own text otherwise.
func trackingLine(ev shop.OrderEvent) (status, carrierText string, ok bool) {
	code, ok := strings.CutPrefix(ev.Action, "cdek:")
	if !ok {
		return "", "", false
	}
	if stage := shop.CarrierStageOf(code); stage != shop.CarrierInTransit {
		return "track_" + string(stage), "", true
	}
	return "", ev.Detail, true
}
