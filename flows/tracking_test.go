package flows_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// trackLoc is the store's zone, Asia/Almaty.
var trackLoc = shop.DefaultProfile().Location()

// CDEK statuses of a parcel from Almaty to an Astana pickup point, as the
// tracking job hands them over. stAtPoint is late evening in UTC and the
// next morning in Almaty, so a last day counted in the wrong zone is a day
// off.
var (
	stCreated   = cdekStatus("CREATED", "Создан", "", time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC))
	stWarehouse = cdekStatus("RECEIVED_AT_SHIPMENT_WAREHOUSE", "Принят на склад отправителя", "Алматы",
		time.Date(2026, 11, 26, 4, 10, 0, 0, time.UTC))
	stAtPoint = cdekStatus("ACCEPTED_AT_PICK_UP_POINT", "Принят на склад до востребования в г. Астана", "Астана",
		time.Date(2026, 11, 27, 20, 30, 0, 0, time.UTC))
	// stLater is when a status after stAtPoint happens.
	stLater = time.Date(2026, 11, 28, 6, 45, 0, 0, time.UTC)
)

// trackNow is the clock of the tracking tests: after every status above
// and stLater, and on another day than any of them.
var trackNow = time.Date(2026, 11, 29, 18, 0, 0, 0, trackLoc)

// Audit details of the statuses above: the city is added to CDEK's text
// unless the text names it.
const (
	detailCreated   = "Создан"
	detailWarehouse = "Принят на склад отправителя, Алматы"
	detailAtPoint   = "Принят на склад до востребования в г. Астана"
)

func cdekStatus(code, name, city string, at time.Time) shop.CarrierStatus {
	return shop.CarrierStatus{Code: code, Name: name, City: city, At: at}
}

// carrierEv reports statuses of order 1, oldest first.
func carrierEv(statuses ...shop.CarrierStatus) flows.Event {
	return flows.Event{Kind: flows.EventCarrier, OrderID: 1, Statuses: statuses}
}

// carrierAudit is the audit event a status leaves.
func carrierAudit(s shop.CarrierStatus, detail string) shop.OrderEvent {
	return shop.OrderEvent{OrderID: 1, At: s.At, Actor: "cdek", Action: "cdek:" + s.Code, Detail: detail}
}

// newTrackWorld is a delivery world at trackNow with order 1 of
// customerChat shipped with oldTrack to pointAddress, no CDEK status yet.
// The order is in Kazakh; the customer's chat and the desk are Russian.
func newTrackWorld(t *testing.T, opts ...func(*flows.Config)) *deliveryWorld {
	t.Helper()
	w := newDeliveryWorld(t, trackNow, opts...)
	deskOrder(w.st.fakeStore, shop.Shipped)
	return w
}

// noStorageDays configures a copy of the store profile that keeps no count
// of pickup storage days.
func noStorageDays(cfg *flows.Config) {
	p := *cfg.Profile
	p.PickupStorageDays = 0
	cfg.Profile = &p
}

// wantAudit fails the test unless the audit trail from index from is want.
func wantAudit(t *testing.T, st *deliveryStore, from int, want ...shop.OrderEvent) {
	t.Helper()
	if len(st.events) < from || len(st.events)-from != len(want) {
		t.Fatalf("audit trail %+v, want %d events after the first %d: %+v", st.events, len(want), from, want)
	}
	for i, ev := range st.events[from:] {
		if !ev.At.Equal(want[i].At) {
			t.Errorf("audit %d at %v, want %v", from+i, ev.At, want[i].At)
		}
		ev.At = want[i].At
		if ev != want[i] {
			t.Errorf("audit %d %+v, want %+v", from+i, ev, want[i])
		}
	}
}

// rendered renders text in lang.
func rendered(t *testing.T, lang shop.Lang, text messages.Text) string {
	t.Helper()
	c, err := textCatalog()
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Render(lang, text)
	if err != nil {
		t.Fatalf("render %s: %v", text.Key, err)
	}
	return s
}

// lastDay is the last day a parcel that came at at is kept with the
// built-in profile (7 days), in the store's zone.
func lastDay(at time.Time) time.Time { return at.In(trackLoc).AddDate(0, 0, 7) }

func TestCarrierStageOf(t *testing.T) {
	for code, want := range map[string]shop.CarrierStage{
		"CREATED":                        shop.CarrierCreated,
		"ACCEPTED_AT_PICK_UP_POINT":      shop.CarrierAtPoint,
		"POSTOMAT_POSTED":                shop.CarrierAtPoint,
		"TAKEN_BY_COURIER":               shop.CarrierOutForDelivery,
		"DELIVERED":                      shop.CarrierDelivered,
		"POSTOMAT_RECEIVED":              shop.CarrierDelivered,
		"NOT_DELIVERED":                  shop.CarrierNotDelivered,
		"REMOVED":                        shop.CarrierRemoved,
		"INVALID":                        shop.CarrierRemoved,
		"RECEIVED_AT_SHIPMENT_WAREHOUSE": shop.CarrierInTransit,
		"POSTOMAT_SEIZED":                shop.CarrierInTransit,
		"SOME_NEW_CODE":                  shop.CarrierInTransit,
		"":                               shop.CarrierInTransit,
	} {
		if got := shop.CarrierStageOf(code); got != want {
			t.Errorf("CarrierStageOf(%q) = %q, want %q", code, got, want)
		}
	}
	if got := shop.CarrierStatusKey("DELIVERED"); got != "cdek:DELIVERED" {
		t.Errorf("CarrierStatusKey = %q", got)
	}
}

// TestCarrierStatuses: statuses in one event are recorded in order, the
// latest says what the customer hears; statuses seen before, or older than
// the order's, change nothing.
func TestCarrierStatuses(t *testing.T) {
	w := newTrackWorld(t)
	res := w.cust.event(carrierEv(stCreated, stWarehouse, stAtPoint))
	wantKeys(t, "replies", res.Replies, messages.TrackAtPoint)
	wantKeys(t, "staff", res.Staff)
	if len(res.Others) != 0 {
		t.Errorf("others: %+v", res.Others)
	}
	wantAudit(t, w.st, 0, carrierAudit(stCreated, detailCreated), carrierAudit(stWarehouse, detailWarehouse),
		carrierAudit(stAtPoint, detailAtPoint))
	if o := w.order(1); o.Status != shop.Shipped || o.Carrier != stAtPoint || !o.DeliveredAt.IsZero() {
		t.Errorf("order %s carrier %+v delivered %v", o.Status, o.Carrier, o.DeliveredAt)
	}
	if len(res.Replies) == 1 {
		r := res.Replies[0]
		wantArgs(t, "at point", r.Text.Args, messages.Args{"Number": "LT-00001", "Address": pointAddress,
			"Locker": false, "Tracking": oldTrack})
		wantTime(t, "Until", r.Text.Args["Until"], lastDay(stAtPoint.At))
		// Arrived on the 28th in Almaty (the 27th in UTC): kept to 5 December.
		if got := rendered(t, shop.Russian, r.Text); !strings.Contains(got, "до 05.12.2026 включительно") {
			t.Errorf("at point: %s", got)
		}
		if !hasButton(r, "ord") || !hasButton(r, "m") {
			t.Errorf("buttons %v", buttonData(r))
		}
	}

	// The tracking job may hand over what the order has seen: nothing
	// happens, whatever else comes with it.
	older := cdekStatus("READY_FOR_SHIPMENT_IN_SENDER_CITY", "Готов к отправке в городе отправителе", "Алматы",
		stWarehouse.At.Add(time.Hour))
	asOld := cdekStatus("ACCEPTED_AT_RECIPIENT_CITY_WAREHOUSE", "Принят на склад в городе получателе", "Астана", stAtPoint.At)
	for _, c := range []struct {
		name string
		ev   flows.Event
	}{
		{"the same event", carrierEv(stCreated, stWarehouse, stAtPoint)},
		{"the latest again", carrierEv(stAtPoint)},
		{"older than the order's", carrierEv(older)},
		{"as old as the order's", carrierEv(asOld)},
		{"no statuses", carrierEv()},
		{"no code", carrierEv(shop.CarrierStatus{Name: "?", At: stLater})},
	} {
		before := deskStateOf(w.st.fakeStore)
		nothingHappened(t, c.name, w.cust.event(c.ev))
		unchanged(t, before, w.st.fakeStore)
	}

	// An old status among new ones: only the new count.
	courier := cdekStatus("TAKEN_BY_COURIER", "Выдан на доставку", "", stLater)
	res = w.cust.event(carrierEv(older, courier))
	wantKeys(t, "old and new", res.Replies, messages.TrackOutForDelivery)
	wantAudit(t, w.st, 3, carrierAudit(courier, "Выдан на доставку"))
	if o := w.order(1); o.Carrier != courier {
		t.Errorf("carrier %+v", o.Carrier)
	}
}

// TestCarrierStage: what the latest status means for the order, the
// customer and staff.
func TestCarrierStage(t *testing.T) {
	p := shop.DefaultProfile()
	problem := messages.Args{"Number": "LT-00001", "Phone": p.WhatsApp}
	cases := []struct {
		name   string
		status shop.CarrierStatus
		opts   []func(*flows.Config)
		// To the customer: as replies in the event's chat, or as a message
		// to the order's chat in the order's language (others).
		replies, others []messages.Key
		args            messages.Args // of the customer's message
		until           bool          // the message names the last day at the point
		staff           []messages.Key
		delivered       bool
	}{
		{name: "at the point", status: cdekStatus("ACCEPTED_AT_PICK_UP_POINT", "Принят на склад до востребования", "", stLater),
			replies: []messages.Key{messages.TrackAtPoint}, until: true,
			args: messages.Args{"Number": "LT-00001", "Address": pointAddress, "Locker": false, "Tracking": oldTrack}},
		{name: "in a locker", status: cdekStatus("POSTOMAT_POSTED", "Заложен в постамат", "", stLater),
			replies: []messages.Key{messages.TrackAtPoint}, until: true,
			args: messages.Args{"Number": "LT-00001", "Address": pointAddress, "Locker": true, "Tracking": oldTrack}},
		{name: "at the point, no storage days", status: cdekStatus("ACCEPTED_AT_PICK_UP_POINT", "Принят на склад до востребования", "", stLater),
			opts: []func(*flows.Config){noStorageDays}, replies: []messages.Key{messages.TrackAtPoint},
			args: messages.Args{"Until": time.Time{}, "Locker": false}},
		{name: "out for delivery", status: cdekStatus("TAKEN_BY_COURIER", "Выдан на доставку", "", stLater),
			replies: []messages.Key{messages.TrackOutForDelivery}, args: messages.Args{"Number": "LT-00001", "Tracking": oldTrack}},
		{name: "delivered", status: cdekStatus("DELIVERED", "Вручен", "", stLater),
			others: []messages.Key{messages.OrderDeliveredNotice}, delivered: true,
			args: messages.Args{"Number": "LT-00001", "Days": p.Refund.WithdrawDays}},
		{name: "taken from the locker", status: cdekStatus("POSTOMAT_RECEIVED", "Получен из постамата", "", stLater),
			others: []messages.Key{messages.OrderDeliveredNotice}, delivered: true,
			args: messages.Args{"Number": "LT-00001", "Days": p.Refund.WithdrawDays}},
		{name: "not delivered", status: cdekStatus("NOT_DELIVERED", "Не вручен", "", stLater),
			replies: []messages.Key{messages.TrackNotDelivered}, args: problem,
			staff: []messages.Key{messages.StaffTrackingProblem}},
		// A waybill removed or rejected is the store's matter: staff only.
		{name: "removed", status: cdekStatus("REMOVED", "Удален", "", stLater),
			staff: []messages.Key{messages.StaffTrackingProblem}},
		{name: "invalid", status: cdekStatus("INVALID", "Некорректный заказ", "", stLater),
			staff: []messages.Key{messages.StaffTrackingProblem}},
		{name: "created", status: cdekStatus("CREATED", "Создан", "", stLater)},
		{name: "in transit", status: cdekStatus("SENT_TO_RECIPIENT_CITY", "Отправлен в г.-получатель", "", stLater)},
		{name: "unknown code", status: cdekStatus("SOME_NEW_CODE", "Новый статус СДЭК", "", stLater)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newTrackWorld(t, tc.opts...)
			nothingHappened(t, "in transit first", w.cust.event(carrierEv(stCreated, stWarehouse)))
			res := w.cust.event(carrierEv(tc.status))
			wantKeys(t, "replies", res.Replies, tc.replies...)
			var others []messages.Key
			for _, o := range res.Others {
				others = append(others, o.Reply.Text.Key)
				if o.Chat != customerChat || o.Lang != shop.Kazakh {
					t.Errorf("%s to %s in %s, want %s in kk", o.Reply.Text.Key, o.Chat, o.Lang, customerChat)
				}
			}
			if !slices.Equal(others, tc.others) {
				t.Errorf("others %v, want %v", others, tc.others)
			}
			wantKeys(t, "staff", res.Staff, tc.staff...)
			wantAudit(t, w.st, 2, carrierAudit(tc.status, tc.status.Name))

			var told []flows.Reply
			for _, o := range res.Others {
				told = append(told, o.Reply)
			}
			told = append(told, res.Replies...)
			if len(told) == 1 {
				wantArgs(t, "to the customer", told[0].Text.Args, tc.args)
				if tc.until {
					wantTime(t, "Until", told[0].Text.Args["Until"], lastDay(stLater))
				}
				if !hasButton(told[0], "ord") {
					t.Errorf("buttons %v", buttonData(told[0]))
				}
			}
			if len(res.Staff) == 1 {
				wantArgs(t, "staff", res.Staff[0].Text.Args, messages.Args{"Number": "LT-00001", "Tracking": oldTrack,
					"Code": tc.status.Code, "Name": tc.status.Name})
				// The card, not "Delivered" first, for a parcel that was not.
				if got := buttonData(res.Staff[0]); !slices.Equal(got, []string{"so:1"}) {
					t.Errorf("staff buttons %v, want the order card", got)
				}
			}

			o := w.order(1)
			if o.Carrier != tc.status {
				t.Errorf("carrier %+v", o.Carrier)
			}
			switch {
			case tc.delivered:
				// The return window starts at the handover, not when we heard.
				if o.Status != shop.Delivered || !o.DeliveredAt.Equal(tc.status.At) {
					t.Errorf("order %s delivered at %v, want %v", o.Status, o.DeliveredAt, tc.status.At)
				}
			case o.Status != shop.Shipped || !o.DeliveredAt.IsZero():
				t.Errorf("order %s delivered at %v", o.Status, o.DeliveredAt)
			}

			// Once delivered, the history is closed.
			if tc.delivered {
				before := deskStateOf(w.st.fakeStore)
				late := cdekStatus("NOT_DELIVERED", "Не вручен", "", stLater.Add(time.Hour))
				nothingHappened(t, "after delivery", w.cust.event(carrierEv(late)))
				unchanged(t, before, w.st.fakeStore)
			}
		})
	}
}

// TestCarrierEventIgnored: statuses of an order not shipped (not yet, or no
// longer), or not the chat's, change and say nothing.
func TestCarrierEventIgnored(t *testing.T) {
	status := func(s shop.OrderStatus) func(o *shop.Order) {
		return func(o *shop.Order) { o.Status = s }
	}
	cases := []struct {
		name  string
		order func(o *shop.Order) // changes the shipped order 1
		chat  string              // the event's chat; customerChat if empty
		id    int64               // the event's order; 1 if 0
	}{
		{name: "delivered", order: func(o *shop.Order) { o.Status, o.DeliveredAt = shop.Delivered, testNow }},
		{name: "cancelled", order: status(shop.Cancelled)},
		{name: "paid", order: func(o *shop.Order) { o.Status, o.Tracking = shop.Paid, "" }},
		{name: "processing", order: func(o *shop.Order) { o.Status, o.Tracking = shop.Processing, "" }},
		{name: "another chat's order", chat: "tg:2"},
		{name: "no such order", id: 7},
	}
	events := map[string]shop.CarrierStatus{
		"at point":      stAtPoint,
		"delivered":     cdekStatus("DELIVERED", "Вручен", "", stLater),
		"not delivered": cdekStatus("NOT_DELIVERED", "Не вручен", "", stLater),
		"unknown":       cdekStatus("SOME_NEW_CODE", "Новый статус СДЭК", "", stLater),
	}
	for _, tc := range cases {
		for what, s := range events {
			t.Run(tc.name+", "+what, func(t *testing.T) {
				w := newTrackWorld(t)
				if tc.order != nil {
					o := w.order(1)
					tc.order(&o)
					w.st.orders[1] = o
				}
				c := w.cust
				if tc.chat != "" {
					c = w.chat(tc.chat)
				}
				ev := carrierEv(s)
				if tc.id != 0 {
					ev.OrderID = tc.id
				}
				before := deskStateOf(w.st.fakeStore)
				nothingHappened(t, "event", c.event(ev))
				unchanged(t, before, w.st.fakeStore)
			})
		}
	}
}

func TestCarrierStoreErrors(t *testing.T) {
	dbDown := errors.New("db down")
	for _, method := range []string{"Get", "AddEvent", "Update"} {
		t.Run(method, func(t *testing.T) {
			w := newTrackWorld(t)
			w.st.failOn = func(m string) error {
				if m == method {
					return dbDown
				}
				return nil
			}
			ev := carrierEv(stCreated, stAtPoint)
			res, err := w.f.Handle(context.Background(), w.st, flows.NewSession("ru"),
				flows.Input{Chat: customerChat, Kind: flows.EventInput, Event: &ev})
			if !errors.Is(err, dbDown) {
				t.Errorf("want the store's error, got %v", err)
			}
			if len(res.Replies)+len(res.Staff)+len(res.Others) != 0 {
				t.Errorf("told %v %v %d", keysOf(res.Replies), keysOf(res.Staff), len(res.Others))
			}
		})
	}
}

// trackedOrder stores order 1 paid and takes it where it goes: taken by
// deskUser and shipped with goodTrack at storeTime(12, 0), then at trackNow
// three CDEK statuses in one event, up to the pickup point.
func trackedOrder(t *testing.T) *deliveryWorld {
	t.Helper()
	w := newDeliveryWorld(t, storeTime(12, 0))
	deskOrder(w.st.fakeStore, shop.Paid)
	only(t, w.desk.text("/take LT-00001"), messages.StaffTaken)
	only(t, w.desk.text("/ship LT-00001 "+goodTrack), messages.StaffMoved)
	w.clock.Add(trackNow.Sub(w.clock.Now()))
	wantKeys(t, "statuses", w.cust.event(carrierEv(stCreated, stWarehouse, stAtPoint)).Replies, messages.TrackAtPoint)
	return w
}

// TestTrackingOrderView: the customer's order view lists CDEK's statuses:
// in the store's words for the stages it knows, in CDEK's otherwise; what
// staff did behind the scenes is not shown.
func TestTrackingOrderView(t *testing.T) {
	t.Run("cdek", func(t *testing.T) {
		w := trackedOrder(t)
		w.cust.text("/start") // the chat has had only events so far
		r := only(t, w.cust.press("ord:1"), messages.OrderView)
		history := r.Text.Args["History"]
		wantStatus := []string{"shipped", "track_created", "", "track_at_point"}
		wantCarrier := []string{"", "", detailWarehouse, ""}
		if got := column[string](t, history, "Status"); !slices.Equal(got, wantStatus) {
			t.Errorf("statuses %q, want %q", got, wantStatus)
		}
		if got := column[string](t, history, "Carrier"); !slices.Equal(got, wantCarrier) {
			t.Errorf("carrier texts %q, want %q", got, wantCarrier)
		}
		at := column[time.Time](t, history, "At")
		for i, want := range []time.Time{storeTime(12, 0), stCreated.At, stWarehouse.At, stAtPoint.At} {
			if i < len(at) {
				wantTime(t, "history "+wantStatus[i], at[i], want.In(trackLoc))
			}
		}
		text := rendered(t, shop.Russian, r.Text)
		for _, want := range []string{"передан в СДЭК", detailWarehouse, "ждёт в пункте выдачи"} {
			if !strings.Contains(text, want) {
				t.Errorf("the view has no %q:\n%s", want, text)
			}
		}
		for _, not := range []string{detailCreated + "\n", detailAtPoint, deskUser, "cdek:"} {
			if strings.Contains(text, not) {
				t.Errorf("the view has %q:\n%s", not, text)
			}
		}
	})
	t.Run("express quoted", func(t *testing.T) {
		w := newDeliveryWorld(t, storeTime(12, 0))
		w.placeExpress()
		only(t, w.desk.text("/take LT-00001"), messages.StaffTaken)
		wantKeys(t, "quote", w.desk.text("/quote LT-00001 2500").Replies, messages.StaffQuoted)
		if n := len(w.st.events); n < 2 {
			t.Fatalf("audit trail %+v", w.st.events)
		}
		r := only(t, w.cust.press("ord:1"), messages.OrderView)
		for _, s := range column[string](t, r.Text.Args["History"], "Status") {
			if s == shop.ActionTaken || s == "quoted" {
				t.Errorf("history shows %q", s)
			}
		}
	})
}

// TestTrackingStaffCard: the staff card shows CDEK's statuses in CDEK's
// words as "carrier" events, and an express price as money.
func TestTrackingStaffCard(t *testing.T) {
	t.Run("cdek", func(t *testing.T) {
		w := trackedOrder(t)
		r := only(t, w.desk.text("/order LT-00001"), messages.StaffOrderCard)
		events, _ := r.Text.Args["Events"].([]shop.OrderEvent)
		ship := storeTime(12, 0)
		want := []shop.OrderEvent{
			{OrderID: 1, At: ship, Actor: deskUser, Action: shop.ActionTaken},
			{OrderID: 1, At: ship, Actor: deskUser, Action: string(shop.Shipped), Detail: goodTrack},
			{OrderID: 1, At: stCreated.At, Actor: "cdek", Action: "carrier", Detail: detailCreated},
			{OrderID: 1, At: stWarehouse.At, Actor: "cdek", Action: "carrier", Detail: detailWarehouse},
			{OrderID: 1, At: stAtPoint.At, Actor: "cdek", Action: "carrier", Detail: detailAtPoint},
		}
		if len(events) != len(want) {
			t.Fatalf("events %+v", events)
		}
		for i, ev := range events {
			wantTime(t, "event "+ev.Action, ev.At, want[i].At.In(trackLoc))
			ev.At = want[i].At
			if ev != want[i] {
				t.Errorf("event %d %+v, want %+v", i, ev, want[i])
			}
		}
		text := rendered(t, shop.Russian, r.Text)
		if !strings.Contains(text, "статус: "+detailWarehouse+" · СДЭК") || strings.Contains(text, "cdek:") {
			t.Errorf("card:\n%s", text)
		}
		// The card changed nothing: the store keeps CDEK's codes.
		if got := w.st.events[len(w.st.events)-1].Action; got != "cdek:ACCEPTED_AT_PICK_UP_POINT" {
			t.Errorf("stored action %q", got)
		}
	})
	t.Run("express quoted", func(t *testing.T) {
		w := newDeliveryWorld(t, storeTime(12, 0))
		w.placeExpress()
		wantKeys(t, "quote", w.desk.text("/quote LT-00001 2500").Replies, messages.StaffQuoted)
		r := only(t, w.desk.text("/order LT-00001"), messages.StaffOrderCard)
		events, _ := r.Text.Args["Events"].([]shop.OrderEvent)
		i := slices.IndexFunc(events, func(ev shop.OrderEvent) bool { return ev.Action == "quoted" })
		if i < 0 {
			t.Fatalf("no quoted event among %+v", events)
		}
		if got, want := events[i].Detail, "2\u00a0500\u00a0₸"; got != want || got != messages.Money(2500) {
			t.Errorf("quoted detail %q, want %q", got, want)
		}
		if got := w.st.events[len(w.st.events)-1].Detail; got != "2500" {
			t.Errorf("stored detail %q", got)
		}
	})
}

func TestPickupReminder(t *testing.T) {
	p := shop.DefaultProfile()
	locker := cdekStatus("POSTOMAT_POSTED", "Заложен в постамат", "", stAtPoint.At)
	cases := []struct {
		name    string
		order   func(o *shop.Order) // changes the shipped order 1 at stAtPoint
		opts    []func(*flows.Config)
		chat    string // the event's chat; customerChat if empty
		reminds bool
		locker  bool
	}{
		{name: "at the point", reminds: true},
		{name: "in a locker", order: func(o *shop.Order) { o.Carrier = locker }, reminds: true, locker: true},
		{name: "in transit", order: func(o *shop.Order) { o.Carrier = stWarehouse }},
		{name: "out for delivery", order: func(o *shop.Order) {
			o.Carrier = cdekStatus("TAKEN_BY_COURIER", "Выдан на доставку", "", stLater)
		}},
		{name: "no status yet", order: func(o *shop.Order) { o.Carrier = shop.CarrierStatus{} }},
		{name: "delivered", order: func(o *shop.Order) { o.Status, o.DeliveredAt = shop.Delivered, stLater }},
		{name: "cancelled", order: func(o *shop.Order) { o.Status = shop.Cancelled }},
		{name: "not shipped", order: func(o *shop.Order) { o.Status, o.Tracking = shop.Processing, "" }},
		{name: "no storage days", opts: []func(*flows.Config){noStorageDays}},
		{name: "another chat's order", chat: "tg:2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newTrackWorld(t, tc.opts...)
			o := w.order(1)
			o.Carrier = stAtPoint
			if tc.order != nil {
				tc.order(&o)
			}
			w.st.orders[1] = o
			c := w.cust
			if tc.chat != "" {
				c = w.chat(tc.chat)
			}
			before := deskStateOf(w.st.fakeStore)
			res := c.event(flows.Event{Kind: flows.EventPickupReminder, OrderID: 1})
			unchanged(t, before, w.st.fakeStore)
			if !tc.reminds {
				nothingHappened(t, "reminder", res)
				return
			}
			r := only(t, res, messages.TrackPickupReminder)
			wantKeys(t, "staff", res.Staff)
			wantArgs(t, "reminder", r.Text.Args, messages.Args{"Number": "LT-00001", "Address": pointAddress,
				"Locker": tc.locker, "Phone": p.WhatsApp})
			wantTime(t, "Until", r.Text.Args["Until"], lastDay(o.Carrier.At))
			if got := rendered(t, shop.Russian, r.Text); !strings.Contains(got, "до 05.12.2026 включительно") {
				t.Errorf("reminder: %s", got)
			}
			if !hasButton(r, "ord") {
				t.Errorf("buttons %v", buttonData(r))
			}
		})
	}
}

// TestExpressQuoteTyped: staff type an express price as they read money:
// with spaces between thousands and the tenge sign, or as a card shows it.
func TestExpressQuoteTyped(t *testing.T) {
	for _, c := range []struct {
		typed string
		price shop.Money // 0: usage, nothing changes
	}{
		{typed: "2500", price: 2500},
		{typed: "2 500", price: 2500},
		{typed: "2 500 ₸", price: 2500},
		{typed: "2500 ₸", price: 2500},
		{typed: "2500₸", price: 2500},
		{typed: messages.Money(2500), price: 2500}, // copied from a card: non-breaking spaces
		{typed: "abc"},
		{typed: "2 5x0"},
		{typed: "₸"},
		{typed: "2 500 тг"},
	} {
		t.Run(c.typed, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			w.placeExpress()
			before := deskStateOf(w.st.fakeStore)
			res := w.desk.text("/quote LT-00001 " + c.typed)
			if c.price == 0 {
				r := only(t, res, messages.StaffQuoteUsage)
				wantArgs(t, "usage", r.Text.Args, messages.Args{"Number": "LT-00001"})
				if len(res.Others) != 0 {
					t.Errorf("the customer was told %v", toCustomer(res, customerChat))
				}
				unchanged(t, before, w.st.fakeStore)
				return
			}
			r := only(t, res, messages.StaffQuoted)
			wantArgs(t, "quoted", r.Text.Args, messages.Args{"Number": "LT-00001", "Price": c.price, "By": deskUser})
			wantQuoted(t, w, res, c.price, deskUser)
		})
	}
}

// TestTypedOrderNumber: a customer may type an order number to see it; only
// their own orders answer, and a bare number is not taken for one.
func TestTypedOrderNumber(t *testing.T) {
	cases := []struct {
		text string
		want messages.Key
	}{
		{"LT-00001", messages.OrderView},
		{"lt-00001", messages.OrderView},
		{"№1", messages.OrderView},
		{"LT-00002", messages.OrderNotFound}, // another chat's
		{"LT-99999", messages.OrderNotFound},
		{"1", messages.NotUnderstood},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			deskOrder(w.st.fakeStore, shop.Paid)
			other := w.chat("tg:2")
			other.text("/start")
			w.st.fakeStore.lastID++
			o := w.order(1)
			o.ID, o.ChatKey = 2, "tg:2"
			w.st.fakeStore.orders[2] = o
			w.cust.text("/start")
			res := w.cust.text(c.text)
			if len(res.Replies) == 0 || res.Replies[0].Text.Key != c.want {
				t.Errorf("replies %v, want %s first", keysOf(res.Replies), c.want)
			}
		})
	}
}

// TestStaleSessionNoticeButtons: a button under a notice still works after
// the session's week of silence (a parcel at the pickup point); other
// input then starts afresh, as before.
func TestStaleSessionNoticeButtons(t *testing.T) {
	cases := []struct {
		name string
		in   flows.Input
		want messages.Key
	}{
		{"my orders", flows.Input{Kind: flows.ButtonInput, Data: "ord"}, messages.OrdersList},
		{"an order", flows.Input{Kind: flows.ButtonInput, Data: "ord:1"}, messages.OrderView},
		{"menu", flows.Input{Kind: flows.ButtonInput, Data: "m"}, messages.MenuTitle},
		{"an old checkout button", flows.Input{Kind: flows.ButtonInput, Data: "dm:pickup"}, messages.SessionExpired},
		{"text", flows.Input{Kind: flows.TextInput, Text: "привет"}, messages.SessionExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newDeliveryWorld(t, storeTime(12, 0))
			deskOrder(w.st.fakeStore, shop.Paid)
			w.cust.text("/start")
			w.cust.s.Cart.Add("LT-101-S", 1)
			w.clock.Add(8 * 24 * time.Hour)
			res := w.cust.do(c.in)
			if len(res.Replies) == 0 || res.Replies[0].Text.Key != c.want {
				t.Fatalf("replies %v, want %s first", keysOf(res.Replies), c.want)
			}
			if c.want != messages.SessionExpired && w.cust.s.Cart.Qty("LT-101-S") != 1 {
				t.Error("the cart was lost")
			}
		})
	}
}
