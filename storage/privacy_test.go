package storage_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

func forget(t testing.TB, db *storage.DB, chat string) {
	t.Helper()
	inTx(t, db, func(tx bot.Tx) error {
		return tx.Flows().(shop.Privacy).ForgetCustomer(context.Background(), chat)
	})
}

func findOrder(t testing.TB, db *storage.DB, id int64) shop.Order {
	t.Helper()
	var o shop.Order
	withFlows(t, db, func(st flows.Store) error {
		var err error
		o, err = st.Find(context.Background(), id)
		return err
	})
	return o
}

// customer is everything stored of one chat.
type customer struct {
	chat   string
	order  shop.Order
	claim  shop.Claim
	files  []shop.ClaimFile
	waID   string // the WhatsApp chat id, "" for another channel
	waMenu []byte
}

func newCustomer(t testing.TB, db *storage.DB, chat string) customer {
	t.Helper()
	ctx := context.Background()
	o := order(chat, "LT-100-M", 1)
	o.Delivery.Method, o.Delivery.Address = shop.Courier, "Абай 10, кв 5"
	o.Delivery.Point, o.Delivery.Lat, o.Delivery.Lon = "ALM12", 43.2389, 76.8897
	if got := stock(t, db, "LT-100-M"); len(got) == 0 {
		seedCatalog(t, db)
	}
	withFlows(t, db, func(st flows.Store) error {
		var err error
		o, err = st.Place(ctx, o)
		return err
	})
	o.Status, o.Tracking, o.Payment.Amount, o.Payment.CardLastFour = shop.Delivered, "CDEK123", o.Total, "4242"
	withFlows(t, db, func(st flows.Store) error { return st.Update(ctx, o) })

	c := addClaim(t, db, sampleClaim(t, o))
	cu := customer{chat: chat, order: findOrder(t, db, o.ID), claim: getClaim(t, db, c.ID)}
	cu.files = []shop.ClaimFile{
		addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileApplication, Name: "R.pdf", MIME: "application/pdf"}, []byte("%PDF")),
		addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileIDCopy, Name: "Сапарова.jpg", MIME: "image/jpeg", Photo: true}, []byte("jpeg")),
		addFile(t, db, shop.ClaimFile{ClaimID: c.ID, Kind: shop.FileReceipt, Name: "check.pdf", Ref: "BQACAgIAAx"}, nil),
	}
	if channel, id, _ := bot.SplitChatKey(chat); channel == "whatsapp" {
		cu.waID, cu.waMenu = id, []byte(`{"options":["1","2"]}`)
		if err := db.NoteContact(ctx, id, "123456789@lid", t0); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveMenu(ctx, id, "msg-"+id, t0, cu.waMenu); err != nil {
			t.Fatal(err)
		}
	}
	return cu
}

func lidOf(t testing.TB, db *storage.DB, chatID string) string {
	t.Helper()
	var lid string
	if err := db.SQL().QueryRowContext(context.Background(), `SELECT lid FROM wa_contacts WHERE chat_id = $1`, chatID).Scan(&lid); err != nil {
		t.Fatalf("wa_contacts %s: %v", chatID, err)
	}
	return lid
}

// unchanged fails unless everything stored of cu is as it was.
func unchanged(t *testing.T, db *storage.DB, cu customer) {
	t.Helper()
	ctx := context.Background()
	if got := findOrder(t, db, cu.order.ID); !reflect.DeepEqual(got, cu.order) {
		t.Errorf("%s: order changed:\n%+v\nwant\n%+v", cu.chat, got, cu.order)
	}
	sameClaim(t, cu.chat+": claim", getClaim(t, db, cu.claim.ID), cu.claim)
	if got := claimFiles(t, db, cu.claim.ID); !reflect.DeepEqual(got, cu.files) {
		t.Errorf("%s: files changed:\n%+v\nwant\n%+v", cu.chat, got, cu.files)
	}
	if _, err := fetch(t, db, cu.files[1]); err != nil {
		t.Errorf("%s: Fetch: %v", cu.chat, err)
	}
	if cu.waID != "" {
		if ok, err := db.Contacted(ctx, cu.waID); !ok || err != nil {
			t.Errorf("%s: Contacted = %v, %v", cu.chat, ok, err)
		}
		if lid := lidOf(t, db, cu.waID); lid != "123456789@lid" {
			t.Errorf("%s: LID = %q", cu.chat, lid)
		}
		if m, err := db.LoadMenu(ctx, cu.waID, ""); err != nil || string(m) != string(cu.waMenu) {
			t.Errorf("%s: menu = %s, %v", cu.chat, m, err)
		}
	}
}

func TestForgetCustomer(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		db.SetDataKey(newKey(t))
		wa := newCustomer(t, db, "whatsapp:77011234567")
		tg := newCustomer(t, db, "tg:2")
		otherWA := newCustomer(t, db, "whatsapp:77019999999")

		forget(t, db, wa.chat)

		// The order keeps what the accounts need, without the person.
		wantOrder := wa.order
		wantOrder.Customer = shop.Customer{}
		wantOrder.Delivery.Address, wantOrder.Delivery.Point, wantOrder.Delivery.Lat, wantOrder.Delivery.Lon = "", "", 0, 0
		wantOrder.Items = slices.Clone(wantOrder.Items)
		if wantOrder.Items[0].Text == "" {
			t.Fatal("the sample order has no personalised words to forget")
		}
		wantOrder.Items[0].Text = ""
		if got := findOrder(t, db, wa.order.ID); !reflect.DeepEqual(got, wantOrder) {
			t.Errorf("forgotten order =\n%+v\nwant\n%+v", got, wantOrder)
		}
		wantClaim := wa.claim
		wantClaim.FullName, wantClaim.Phone, wantClaim.Email, wantClaim.ReturnBy, wantClaim.Reason = "", "", "", "", ""
		sameClaim(t, "forgotten claim", getClaim(t, db, wa.claim.ID), wantClaim)

		wantFiles := make([]shop.ClaimFile, len(wa.files))
		for i, f := range wa.files {
			f.Stored, f.Ref = false, ""
			if f.Kind != shop.FileApplication {
				f.Name = ""
			}
			wantFiles[i] = f
			if raw := readRaw(t, db, f.ID); raw.Data != nil || raw.Ref != "" {
				t.Errorf("file %d still holds %+v", f.ID, raw)
			}
		}
		if got := claimFiles(t, db, wa.claim.ID); !reflect.DeepEqual(got, wantFiles) {
			t.Errorf("forgotten files =\n%+v\nwant\n%+v", got, wantFiles)
		}

		// WhatsApp: the menus go, the contact stays (the bot may still
		// answer) without its LID.
		if ok, err := db.Contacted(ctx, wa.waID); !ok || err != nil {
			t.Errorf("Contacted after forgetting = %v, %v; want true", ok, err)
		}
		if lid := lidOf(t, db, wa.waID); lid != "" {
			t.Errorf("LID after forgetting = %q", lid)
		}
		if m, err := db.LoadMenu(ctx, wa.waID, ""); m != nil || err != nil {
			t.Errorf("menu after forgetting = %s, %v", m, err)
		}

		// Nobody else's data moved.
		unchanged(t, db, tg)
		unchanged(t, db, otherWA)

		// Again, and for a chat with nothing: no error, nothing changes.
		forget(t, db, wa.chat)
		forget(t, db, "tg:404")
		if got := findOrder(t, db, wa.order.ID); !reflect.DeepEqual(got, wantOrder) {
			t.Errorf("order after forgetting twice =\n%+v", got)
		}
		unchanged(t, db, tg)
		unchanged(t, db, otherWA)

		// A Telegram chat's forgetting touches no WhatsApp row.
		forget(t, db, tg.chat)
		unchanged(t, db, otherWA)
		if got := findOrder(t, db, tg.order.ID); got.Customer != (shop.Customer{}) || got.Total != tg.order.Total {
			t.Errorf("forgotten Telegram order: %+v", got)
		}

		if err := db.InTx(ctx, func(tx bot.Tx) error {
			return tx.Flows().(shop.Privacy).ForgetCustomer(ctx, "")
		}); err == nil {
			t.Error("ForgetCustomer(\"\") succeeded")
		}
		unchanged(t, db, otherWA)
	})
}
