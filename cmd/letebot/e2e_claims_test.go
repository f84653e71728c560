package main

// End-to-end test of refund applications as serve.go wires them: the built
// binary with CloudPayments (the fake API, signed notifications), an SMTP
// server (emailtest) and a data key. A customer orders a dress and a
// blouse, pays, and staff ship and deliver the order; she returns the
// dress through "↩️ Отмена и возврат", sending a photo of her ID. The
// application reaches her (with the PDF), the staff group (card, PDF, ID
// photo) and the store's mailbox (PDF and photo attached); the photo is
// kept sealed by the claim_files_store job; staff approve it and the
// refund goes to CloudPayments once.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/bot/email/emailtest"
	"github.com/lete-store/letebot/bot/telegram"
	"github.com/lete-store/letebot/bot/telegram/telegramtest"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/payments/cloudpayments"
	"github.com/lete-store/letebot/payments/cloudpayments/cloudpaymentstest"
	"github.com/lete-store/letebot/sealed"
	"github.com/lete-store/letebot/shop"
	"github.com/lete-store/letebot/storage"
)

const (
	// claimPayTx is the CloudPayments transaction of the order's payment.
	claimPayTx = 7700123
	// claimIDFile is the Telegram file_id of the customer's ID photo.
	claimIDFile     = "AgACAgIAAxkBAAIClaimIDPhoto"
	claimIDPath     = "photos/file_7.jpg"
	claimFullName   = "Садыкова Айгерим Нурлановна"
	claimStoreEmail = "Lete_store@mail.ru"
	claimVariant    = "LT-101-M" // the dress returned; the blouse stays
)

// TestE2EClaim: an order paid by card (a signed Pay notification), shipped
// and delivered by staff, is partly returned: one item, for the size, the
// three conditions confirmed, the full name typed and an ID photo sent.
// The customer gets the confirmation with the due day and the PDF; staff
// the card with approve and reject buttons, the PDF and the photo; the
// store's mailbox one mail with the PDF and the photo attached. The
// claim_files_store job keeps the photo sealed with DATA_ENCRYPTION_KEY.
// Staff approve: CloudPayments is asked once for the item's amount, the
// customer is told of the approval and then of the refund with its
// transaction; the provider's Refund notification and a second press of
// approve change nothing; "💸 Где мой возврат?" shows the money returned.
func TestE2EClaim(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: builds and runs the binary")
	}
	smtp := emailtest.Start(t)
	cp := cloudpaymentstest.NewServer(t)
	keyText := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0x5a, 0x17, 0xc3, 0x08}, 8)) // 32 bytes
	e := newE2E(t,
		"SMTP_URL="+smtp.URL("", ""),
		"CLOUDPAYMENTS_PUBLIC_ID="+cloudpaymentstest.PublicID,
		"CLOUDPAYMENTS_API_SECRET="+cloudpaymentstest.Secret,
		"CLOUDPAYMENTS_API_URL="+cp.URL,
		"DATA_ENCRYPTION_KEY="+keyText,
	)
	photo := idPhoto(t)
	e.fake.AddFileAt(claimIDFile, claimIDPath, photo)

	ctx, cancel := context.WithTimeoutCause(context.Background(), e2eTimeout, fmt.Errorf("the test ran over %v", e2eTimeout))
	defer cancel()

	// phase logs how long each part took: Telegram's rate limits (1 a
	// second to a private chat, 20 a minute to a group) set the pace.
	last := time.Now()
	phase := func(name string) {
		t.Logf("%s: %v", name, time.Since(last).Round(time.Millisecond))
		last = time.Now()
	}

	c := &customer{label: "the customer", chat: e2eChatA, name: "Айгерим Садыкова", email: "aigerim@example.kz"}
	staff := &customer{label: "the staff group", chat: e2eStaffChat}

	// ---- A dress and a blouse, to a pickup point, paid by card. ----
	must(t, e.say(ctx, c, "/start", "Здравствуйте! Это бот магазина", "Главное меню"))
	must(t, e.press(ctx, c, "Каталог", "Выберите категорию"))
	e.addToCart(ctx, t, c)
	must(t, e.say(ctx, c, "/catalog", "Выберите категорию"))
	must(t, e.press(ctx, c, "Блузки", "Блузки и рубашки:"))
	must(t, e.press(ctx, c, "Шёлковая блузка", "Шёлковая блузка\n"))
	must(t, e.press(ctx, c, "M · Чёрный", "Шёлковая блузка, размер M, чёрный. Сколько штук добавить?"))
	must(t, e.press(ctx, c, "1", "Добавлено в корзину: Шёлковая блузка, размер M, чёрный — 1 шт."))
	must(t, e.press(ctx, c, "Оформить заказ", "Как Вас зовут?"))
	must(t, e.say(ctx, c, c.name, "Ваш номер телефона", "отправить его кнопкой ниже"))
	must(t, e.say(ctx, c, "8 777 123 45 67", "Ваш e-mail"))
	must(t, e.say(ctx, c, c.email, "В какой город доставить?"))
	must(t, e.say(ctx, c, "Астана", "Как доставить заказ? Город: Астана."))
	must(t, e.press(ctx, c, "пункт выдачи", "Напишите адрес или код пункта выдачи СДЭК в городе Астана"))
	must(t, e.say(ctx, c, "ул. Кенесары 40, ПВЗ СДЭК", "Проверьте, пожалуйста, заказ:"))
	must(t, e.press(ctx, c, "Подтвердить заказ", "Спасибо! Заказ LT-", "Оплатите, пожалуйста, заказ LT-"))
	num := findNumber(e.fake.Sent(c.chat), `Заказ (LT-\d+) принят`)
	orderID, ok := shop.ParseOrderNumber(num)
	if !ok {
		t.Fatalf("no order number in the chat:\n%s", transcript(e.fake.Sent(c.chat), c.want))
	}
	if link := lastText(e.fake.Sent(c.chat)); strings.Contains(link, "ТЕСТОВЫЙ РЕЖИМ") {
		t.Errorf("with CloudPayments configured the payment link is marked TEST:\n%s", link)
	}
	if u := lastURL(e.fake.Sent(c.chat)); !strings.HasPrefix(u, cp.URL+"/pay/") {
		t.Errorf("the payment button opens %q, want the fake CloudPayments' page %s/pay/…", u, cp.URL)
	}
	order, err := e.claimOrder(ctx, orderID)
	if err != nil {
		t.Fatal(err)
	}
	price, ok := order.prices[claimVariant]
	if !ok || len(order.prices) != 2 {
		t.Fatalf("order %s has lines %v, want %s and a blouse", num, order.prices, claimVariant)
	}

	// CloudPayments tells the bot the card was charged.
	pay := cloudpaymentstest.Paid(claimPayTx, num, order.chatKey, order.total, time.Now())
	pay.Set("Email", c.email)
	cp.SetPayment(num, cloudpaymentstest.Payment{TransactionID: claimPayTx, Amount: order.total, Status: "Completed"})
	must(t, e.notifyCloudPayments(cloudpayments.Pay, pay))
	c.want = append(c.want, "Оплата получена, спасибо! Заказ "+num+" оплачен.")
	must(t, e.waitTranscript(ctx, c))
	staff.want = append(staff.want, "Новый заказ "+num, "Оплачен заказ "+num)
	must(t, e.waitTranscript(ctx, staff))
	if s := lastText(e.fake.Sent(staff.chat)); strings.Contains(s, "ТЕСТ") {
		t.Errorf("the payment alert of a real card payment is marked TEST:\n%s", s)
	}

	phase("ordered and paid")

	// ---- Staff ship it and mark it delivered. ----
	must(t, e.say(ctx, staff, "/ship "+num+" "+e2eTracking, fmt.Sprintf("Заказ %s → отправлен (%s). Отметил(а) ", num, e2eTracking)))
	c.want = append(c.want, fmt.Sprintf("Заказ %s отправлен! Трек-номер СДЭК: %s", num, e2eTracking))
	must(t, e.waitTranscript(ctx, c))
	must(t, e.say(ctx, staff, "/delivered "+num, fmt.Sprintf("Заказ %s → доставлен. Отметил(а) ", num)))
	c.want = append(c.want, fmt.Sprintf("Заказ %s доставлен. Спасибо за покупку!", num))
	must(t, e.waitTranscript(ctx, c))

	phase("shipped and delivered")

	// ---- The customer returns the dress. ----
	must(t, e.say(ctx, c, "/menu", "Главное меню"))
	must(t, e.press(ctx, c, "↩️ Отмена и возврат", "Отмена и возврат."))
	must(t, e.press(ctx, c, num, "Какие товары заказа "+num+" Вы возвращаете?"))
	must(t, e.press(ctx, c, "Платье миди с поясом", "Какие товары заказа "+num+" Вы возвращаете?"))
	if _, err := pressable(e.fake.Sent(c.chat), "✅ Платье миди с поясом"); err != nil {
		t.Errorf("the dress is not marked after it was pressed: %v", err)
	}
	if _, err := pressable(e.fake.Sent(c.chat), "▫️ Шёлковая блузка"); err != nil {
		t.Errorf("the blouse is not offered unmarked: %v", err)
	}
	must(t, e.press(ctx, c, "Далее ▶", "Может быть, обменяем на другой размер?"))
	must(t, e.press(ctx, c, "Нет, вернуть деньги", "Почему Вы возвращаете товар?"))
	must(t, e.press(ctx, c, "Не подошёл размер", "Сохранён ли товарный вид"))
	must(t, e.press(ctx, c, "Да", "потребительские свойства сохранены?"))
	must(t, e.press(ctx, c, "Да", "Сохранился ли документ о покупке"))
	must(t, e.press(ctx, c, "Да", "Напишите, пожалуйста, фамилию, имя и отчество полностью"))
	must(t, e.say(ctx, c, claimFullName, "Пришлите фото или скан документа, удостоверяющего личность"))
	must(t, e.sendPhoto(ctx, c, claimIDFile, "Проверьте заявление:"))
	review := lastText(e.fake.Sent(c.chat))
	for _, want := range []string{"Возврат товара по заказу " + num, "Платье миди с поясом, размер M, чёрный — 1 шт.",
		"К возврату: " + messages.Money(shop.Money(price)) + " на карту •••• 4242", "Причина: не подошёл размер",
		"ФИО: " + claimFullName, "Копия документа: получена"} {
		if !containsFold(review, want) {
			t.Errorf("the review does not contain %q:\n%s", want, review)
		}
	}
	if strings.Contains(review, "Шёлковая блузка") {
		t.Errorf("the review returns the blouse too:\n%s", review)
	}

	p := shop.DefaultProfile()
	before := time.Now()
	must(t, e.press(ctx, c, "Подать заявление", "Заявление R", "Заявление R"))
	after := time.Now()
	got := e.fake.Sent(c.chat)
	confirmation, doc := got[len(got)-2], got[len(got)-1]
	ref := findNumber(got[len(got)-2:], `Заявление (R\d+) принято`)
	claimID, ok := shop.ParseClaimRef(ref)
	if !ok {
		t.Fatalf("no application number in the confirmation:\n%s", textOf(confirmation))
	}

	phase("application filled in and submitted")

	// The due day: the seeded calendar's, for the day it was submitted.
	sdb, err := storage.Open(ctx, envValue(e.bot.env, "DATABASE_URL"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	entries, err := sdb.Holidays(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := shop.NewCalendar(entries)
	if err != nil {
		t.Fatal(err)
	}
	dues := []shop.Day{p.ClaimDue(cal, before)}
	if d := p.ClaimDue(cal, after); d != dues[0] {
		dues = append(dues, d) // submitted at midnight in Almaty
	}
	today := shop.DayOf(before, p.Location())
	stored, err := e.claimRow(ctx, claimID)
	if err != nil {
		t.Fatal(err)
	}
	var due shop.Day
	for _, d := range dues {
		if stored.due == fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) {
			due = d
		}
	}
	if due == (shop.Day{}) {
		t.Errorf("claim %s is due %q; the calendar makes it %v", ref, stored.due, dues)
		due = dues[0]
	}
	if !due.After(today) {
		t.Errorf("claim %s is due %v, not after today (%v)", ref, due, today)
	}
	dueText := time.Date(due.Year, due.Month, due.Day, 0, 0, 0, 0, p.Location()).Format("02.01.2006")
	for _, want := range []string{"Заявление " + ref + " принято", "Вернём " + messages.Money(shop.Money(price)) + " на карту •••• 4242",
		"не позже " + dueText, claimStoreEmail} {
		if !strings.Contains(textOf(confirmation), want) {
			t.Errorf("the confirmation does not contain %q:\n%s", want, textOf(confirmation))
		}
	}
	if stored.kind != string(shop.ClaimReturn) || stored.amount != price || stored.status != string(shop.ClaimReceived) ||
		stored.fullName != claimFullName || stored.reason != "size" {
		t.Errorf("claim %s = %+v; want a return of %d ₸, received, by %s, for the size", ref, stored, price, claimFullName)
	}
	pdf := checkPDF(t, "the customer's application", doc, ref)
	if s := textOf(doc); !strings.Contains(s, "Заявление "+ref+" (PDF)") {
		t.Errorf("the document's caption is %q, want the application %s (PDF)", s, ref)
	}

	// Staff get the card with its buttons and the PDF, then the ID photo.
	staff.want = append(staff.want, "📝 Заявление "+ref+": возврат товара", "Копия документа, удостоверяющего личность, к заявлению "+ref)
	must(t, e.waitTranscript(ctx, staff))
	sm := e.fake.Sent(staff.chat)
	card, idMsg := sm[len(sm)-2], sm[len(sm)-1]
	for _, want := range []string{"Платье миди с поясом (LT-101), размер M, чёрный — 1 шт.", "К возврату: " + messages.Money(shop.Money(price)),
		"Причина: не подошёл размер", "Клиент: " + claimFullName, "вернуть до " + dueText, "/approve " + ref} {
		if !containsFold(textOf(card), want) {
			t.Errorf("the staff card does not contain %q:\n%s", want, textOf(card))
		}
	}
	if staffPDF := checkPDF(t, "the staff card", card, ref); pdf != nil && staffPDF != nil && !bytes.Equal(staffPDF, pdf) {
		t.Error("the staff got another PDF than the customer")
	}
	approve, err := pressable(sm, "✅ Одобрить "+messages.Money(shop.Money(price)))
	if err != nil {
		t.Fatalf("the staff card: %v", err)
	}
	if _, err := pressable(sm, "✖ Отказать"); err != nil {
		t.Errorf("the staff card: %v", err)
	}
	if idMsg.Method != "sendPhoto" || idMsg.Photo != claimIDFile {
		t.Errorf("the ID copy went to staff by %s, photo %q; want sendPhoto of the customer's file_id %s", idMsg.Method, idMsg.Photo, claimIDFile)
	}

	// The store's mailbox gets the application with both files.
	e.checkClaimMail(ctx, smtp, ref, num, dueText, pdf, photo)

	phase("the application reached staff and the mailbox")

	// ---- The ID photo is kept sealed. ----
	files, err := e.claimFiles(ctx, claimID)
	if err != nil {
		t.Fatal(err)
	}
	if f := files[string(shop.FileIDCopy)]; f.ref != claimIDFile || f.data != nil {
		t.Errorf("before the store job the ID copy is %+v; want only the file_id %s", f, claimIDFile)
	}
	if f := files[string(shop.FileApplication)]; !f.sealed || len(f.data) == 0 || bytes.HasPrefix(f.data, []byte("%PDF-")) {
		t.Errorf("the application PDF is stored sealed=%t, %d bytes, in the clear=%t; want sealed with the data key",
			f.sealed, len(f.data), bytes.HasPrefix(f.data, []byte("%PDF-")))
	}
	key, err := sealed.ParseKey(keyText)
	if err != nil {
		t.Fatal(err)
	}
	sdb.SetDataKey(key)
	tg, err := telegram.New(ctx, telegram.Config{Token: telegramtest.Token, APIEndpoint: e.fake.APIEndpoint(), FileEndpoint: e.fake.FileEndpoint()})
	if err != nil {
		t.Fatal(err)
	}
	sender := bot.NewSender(bot.SenderConfig{Outbox: sdb, Channels: []bot.Channel{tg}, Files: []bot.FileHolder{sdb}})
	if err := storeClaimFiles(ctx, sdb, sender, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("the claim_files_store job: %v", err)
	}
	if files, err = e.claimFiles(ctx, claimID); err != nil {
		t.Fatal(err)
	}
	idCopy := files[string(shop.FileIDCopy)]
	switch {
	case len(idCopy.data) == 0:
		t.Errorf("after the store job the ID copy is not stored: %+v", idCopy)
	case bytes.Equal(idCopy.data, photo) || bytes.Contains(idCopy.data, photo[:64]):
		t.Error("after the store job the ID copy is stored in the clear")
	case !idCopy.sealed || idCopy.ref != "":
		t.Errorf("after the store job the ID copy is sealed=%t with ref %q; want sealed, the file_id dropped", idCopy.sealed, idCopy.ref)
	}
	if a, err := sdb.Fetch(ctx, shop.StoredFileRef(idCopy.id)); err != nil {
		t.Errorf("the sealed ID copy does not open with the data key: %v", err)
	} else if !bytes.Equal(a.Data, photo) {
		t.Errorf("the sealed ID copy opens to %d bytes, not the %d of the photo", len(a.Data), len(photo))
	}

	phase("the ID copy stored")

	// ---- Staff approve: one refund of the dress's price. ----
	must(t, e.pressData(ctx, staff, approve, "✅ Заявление "+ref+" одобрено"))
	approvedOn := time.Now().In(shop.DefaultProfile().Location()).Format("02.01.2006")
	c.want = append(c.want, "Заявление "+ref+" одобрено "+approvedOn+": возвращаем "+messages.Money(shop.Money(price))+" на карту •••• 4242",
		"Деньги по заявлению "+ref+" возвращены: "+messages.Money(shop.Money(price)))
	must(t, e.waitTranscript(ctx, c))
	staff.want = append(staff.want, "Возврат по заказу "+num+" выполнен: "+messages.Money(shop.Money(price)))
	must(t, e.waitTranscript(ctx, staff))
	refund, err := e.claimRefund(ctx, orderID)
	if err != nil {
		t.Fatal(err)
	}
	refundCalls := cpCalls(cp, "/payments/refund")
	if len(refundCalls) != 1 || cp.Refunds() != 1 {
		t.Fatalf("the fake CloudPayments got %d refund calls (%d refunds), want 1", len(refundCalls), cp.Refunds())
	}
	rc := refundCalls[0]
	if fmt.Sprint(rc.Body["TransactionId"]) != strconv.Itoa(claimPayTx) || fmt.Sprint(rc.Body["Amount"]) != strconv.FormatInt(price, 10) ||
		rc.RequestID == "" || rc.RequestID != refund.requestID {
		t.Errorf("payments/refund %v with request id %q; want transaction %d, amount %d, the refund's request id %q",
			rc.Body, rc.RequestID, claimPayTx, price, refund.requestID)
	}
	if refund.status != string(shop.RefundDone) || refund.amount != price || refund.providerTx == 0 {
		t.Errorf("refund = %+v; want done, %d ₸, with the provider's transaction", refund, price)
	}
	if s := lastText(e.fake.Sent(c.chat)); !strings.Contains(s, "транзакция "+strconv.FormatInt(refund.providerTx, 10)) {
		t.Errorf("the refunded message does not name transaction %d:\n%s", refund.providerTx, s)
	}

	phase("approved and refunded")

	// The provider's own Refund notification tells nobody again.
	must(t, e.notifyCloudPayments(cloudpayments.Refund, url.Values{
		"TransactionId": {strconv.FormatInt(refund.providerTx, 10)}, "PaymentTransactionId": {strconv.Itoa(claimPayTx)},
		"Amount": {strconv.FormatInt(price, 10) + ".00"}, "Currency": {"KZT"}, "InvoiceId": {num}, "AccountId": {order.chatKey},
		"DateTime": {time.Now().UTC().Format(time.DateTime)}, "OperationType": {"Refund"}, "TestMode": {"0"},
	}))
	must(t, waitFor(ctx, "the Refund notification handled", func() (bool, error) {
		var handled bool
		err := e.db.QueryRowContext(ctx, `SELECT handled_at IS NOT NULL FROM payments WHERE kind = 'refund' AND transaction_id = $1`,
			refund.providerTx).Scan(&handled)
		return err == nil && handled, err
	}))
	// A second press of approve: the decision stands, nothing is sent.
	must(t, e.pressData(ctx, staff, approve, "По заявлению "+ref+" решение уже есть"))
	if s := lastText(e.fake.Sent(staff.chat)); !containsFold(s, "деньги возвращены") {
		t.Errorf("the second approve does not say the money was returned:\n%s", s)
	}
	must(t, e.outboxDrained(ctx))
	if n := len(cpCalls(cp, "/payments/refund")); n != 1 || cp.Refunds() != 1 {
		t.Errorf("after the second approve the fake CloudPayments got %d refund calls, want 1", n)
	}
	if n, err := e.refundCount(ctx, orderID); err != nil || n != 1 {
		t.Errorf("order %s has %d refunds (%v), want 1", num, n, err)
	}
	must(t, checkTranscript(e.fake.Sent(c.chat), c.want))

	// ---- "Where is my refund?" ----
	must(t, e.press(ctx, c, "💸 Где мой возврат?", "Ваши заявления:"))
	status := lastText(e.fake.Sent(c.chat))
	for _, want := range []string{ref + ", заказ " + num + ", " + messages.Money(shop.Money(price)) + ": деньги возвращены",
		"транзакция " + strconv.FormatInt(refund.providerTx, 10)} {
		if !strings.Contains(status, want) {
			t.Errorf("the refund status does not contain %q:\n%s", want, status)
		}
	}
	if stored, err := e.claimRow(ctx, claimID); err != nil {
		t.Fatal(err)
	} else if stored.status != string(shop.ClaimRefunded) || stored.refundID != refund.id || !stored.closed ||
		!strings.Contains(stored.decidedBy, strconv.FormatInt(telegramtest.GroupUserID, 10)) {
		t.Errorf("claim %s = %+v; want refunded by refund %d, closed, decided by the staff member (user %d)",
			ref, stored, refund.id, telegramtest.GroupUserID)
	}

	phase("notification, second approval and status")

	// ---- Nothing left to receive or to send; then the bot stops cleanly. ----
	must(t, e.fake.WaitConfirmed(ctx, max(slices.Max(c.updates), slices.Max(staff.updates))))
	if n := e.fake.Pending(); n != 0 {
		t.Errorf("%d updates not confirmed", n)
	}
	must(t, e.outboxDrained(ctx))
	took, err := e.bot.stop(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("letebot stopped (SIGTERM) in %v at the end", took.Round(time.Millisecond))
	for _, ch := range []*customer{c, staff} {
		if err := checkTranscript(e.fake.Sent(ch.chat), ch.want); err != nil {
			t.Errorf("%s: %v", ch.label, err)
		}
	}
	answered := e.fake.Answered()
	for _, ch := range []*customer{c, staff} {
		for _, cb := range ch.callbacks {
			if !slices.Contains(answered, telegramtest.CallbackID(cb)) {
				t.Errorf("%s: button press %d never answered", ch.label, cb)
			}
		}
	}
	if n := len(mailsTo(smtp.Messages(), claimStoreEmail)); n != 1 {
		t.Errorf("the store's mailbox got %d mails, want the one application", n)
	}
	if lines := e.bot.logLines(`"level":"ERROR"`); len(lines) > 0 {
		t.Errorf("letebot logged %d errors:\n%s", len(lines), strings.Join(lines, "\n"))
	}
}

// idPhoto is the customer's photo of her ID: a small JPEG.
func idPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for y := range 32 {
		for x := range 48 {
			img.Set(x, y, color.RGBA{R: uint8(x * 5), G: uint8(y * 7), B: uint8((x + y) * 3), A: 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// checkPDF checks that m carries the application ref as an uploaded PDF
// and returns its bytes (nil when it does not).
func checkPDF(t *testing.T, what string, m telegramtest.Message, ref string) []byte {
	t.Helper()
	switch {
	case m.Method != "sendDocument" || m.Upload == nil:
		t.Errorf("%s went by %s, upload %v; want sendDocument with the PDF uploaded", what, m.Method, m.Upload != nil)
		return nil
	case m.Upload.Name != ref+".pdf":
		t.Errorf("%s is uploaded as %q, want %s.pdf", what, m.Upload.Name, ref)
	case !bytes.HasPrefix(m.Upload.Data, []byte("%PDF-")):
		t.Errorf("%s is not a PDF: it begins %q", what, m.Upload.Data[:min(8, len(m.Upload.Data))])
	}
	return m.Upload.Data
}

// checkClaimMail waits for the application's mail to the store and checks
// its subject, text and attachments: the PDF and the ID photo.
func (e *e2e) checkClaimMail(ctx context.Context, smtp *emailtest.Server, ref, num, dueText string, pdf, photo []byte) {
	t := e.t
	t.Helper()
	var msgs []emailtest.Message
	if err := waitFor(ctx, "the application's mail to the store", func() (bool, error) {
		msgs = mailsTo(smtp.Messages(), claimStoreEmail)
		return len(msgs) > 0, nil
	}); err != nil {
		t.Fatal(err)
	}
	m, err := msgs[0].Parse()
	if err != nil {
		t.Fatalf("the store's mail does not parse: %v", err)
	}
	if want := "Заявление на возврат денежных средств " + ref + ", заказ " + num; m.Subject != want {
		t.Errorf("the store's mail subject is %q, want %q", m.Subject, want)
	}
	if text := m.Text("text/plain"); len(text) != 1 || !strings.Contains(text[0], ref) || !strings.Contains(text[0], "вернуть деньги до "+dueText) {
		t.Errorf("the store's mail text %q does not name %s and its due day %s", text, ref, dueText)
	}
	att := m.Attachments()
	if len(att) != 2 {
		t.Fatalf("the store's mail has %d attachments, want the PDF and the ID photo", len(att))
	}
	if a := att[0]; a.Type != "application/pdf" || a.FileName != ref+".pdf" || !bytes.HasPrefix(a.Data, []byte("%PDF-")) {
		t.Errorf("the first attachment is %s %q beginning %q; want %s.pdf, application/pdf", a.Type, a.FileName, a.Data[:min(8, len(a.Data))], ref)
	} else if pdf != nil && !bytes.Equal(a.Data, pdf) {
		t.Error("the mailed PDF is not the one the customer got")
	}
	if a := att[1]; !bytes.Equal(a.Data, photo) || a.Type != "image/jpeg" {
		t.Errorf("the second attachment is %s %q, %d bytes; want the customer's photo (image/jpeg, %d bytes)", a.Type, a.FileName, len(a.Data), len(photo))
	}
}

// mailsTo returns the mails addressed to rcpt.
func mailsTo(msgs []emailtest.Message, rcpt string) []emailtest.Message {
	var out []emailtest.Message
	for _, m := range msgs {
		if slices.Contains(m.To, rcpt) {
			out = append(out, m)
		}
	}
	return out
}

// sendPhoto sends a photo into c's chat, as Telegram delivers one (sizes
// smallest first, fileID the largest), and waits for the answer.
func (e *e2e) sendPhoto(ctx context.Context, c *customer, fileID string, want ...string) error {
	id := e.fake.PushUpdate(map[string]any{"message": map[string]any{
		"message_id": 900000 + len(c.updates),
		"date":       time.Now().Unix(),
		"chat":       map[string]any{"id": c.chat, "type": "private", "first_name": "Customer"},
		"from":       map[string]any{"id": c.chat, "is_bot": false, "first_name": "Customer", "language_code": "ru"},
		"photo": []map[string]any{
			{"file_id": fileID + "-small", "file_unique_id": "small", "width": 90, "height": 60, "file_size": 1200},
			{"file_id": fileID, "file_unique_id": "large", "width": 48, "height": 32, "file_size": 2400},
		},
	}})
	c.updates = append(c.updates, id)
	c.want = append(c.want, want...)
	if err := e.waitTranscript(ctx, c); err != nil {
		return fmt.Errorf("photo %s (update %d): %w", fileID, id, err)
	}
	return nil
}

// pressData presses a button by its callback data in c's chat and waits
// for the answer.
func (e *e2e) pressData(ctx context.Context, c *customer, data string, want ...string) error {
	id := e.fake.PushCallback(c.chat, data)
	c.updates = append(c.updates, id)
	c.callbacks = append(c.callbacks, id)
	c.want = append(c.want, want...)
	if err := e.waitTranscript(ctx, c); err != nil {
		return fmt.Errorf("pressing %q (update %d): %w", data, id, err)
	}
	return nil
}

// notifyCloudPayments posts a notification signed as CloudPayments signs
// it to the bot's webhook, and wants code 0.
func (e *e2e) notifyCloudPayments(kind cloudpayments.Kind, fields url.Values) error {
	status, body, err := cloudpaymentstest.Notify("http://"+e.bot.addr+"/webhooks/cloudpayments/"+string(kind), cloudpaymentstest.Secret, fields, false)
	if err != nil {
		return err
	}
	if status != http.StatusOK || !strings.Contains(body, `"code":0`) {
		return fmt.Errorf("%s notification: HTTP %d %q, want 200 and code 0", kind, status, body)
	}
	return nil
}

// containsFold reports whether substr is in s, ignoring case.
func containsFold(s, substr string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(substr))
}

// lastURL is the URL of the latest URL button in msgs.
func lastURL(msgs []telegramtest.Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, row := range msgs[i].Buttons {
			for _, b := range row {
				if b.URL != "" {
					return b.URL
				}
			}
		}
	}
	return ""
}

// cpCalls returns the fake CloudPayments' calls of path.
func cpCalls(cp *cloudpaymentstest.Server, path string) []cloudpaymentstest.Request {
	var out []cloudpaymentstest.Request
	for _, r := range cp.Requests() {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// envValue is key's value in a KEY=value environment.
func envValue(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val // the last one wins, as in the child's environment
		}
	}
	return v
}

// claimOrderRow is what the test reads of the order.
type claimOrderRow struct {
	chatKey string
	total   int64
	prices  map[string]int64 // line sums by variant
}

func (e *e2e) claimOrder(ctx context.Context, id int64) (claimOrderRow, error) {
	o := claimOrderRow{prices: map[string]int64{}}
	if err := e.db.QueryRowContext(ctx, `SELECT chat_key, total FROM orders WHERE id = $1`, id).Scan(&o.chatKey, &o.total); err != nil {
		return o, fmt.Errorf("order %d: %w", id, err)
	}
	rows, err := e.db.QueryContext(ctx, `SELECT variant_id, price * qty FROM order_items WHERE order_id = $1`, id)
	if err != nil {
		return o, fmt.Errorf("order %d items: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		var sum int64
		if err := rows.Scan(&v, &sum); err != nil {
			return o, err
		}
		o.prices[v] = sum
	}
	return o, rows.Err()
}

// claimState is what the test reads of a claim.
type claimState struct {
	kind, status, fullName, reason, due, decidedBy string
	amount, refundID                               int64
	closed                                         bool
}

func (e *e2e) claimRow(ctx context.Context, id int64) (claimState, error) {
	var c claimState
	var refund sql.NullInt64
	err := e.db.QueryRowContext(ctx, `SELECT kind, status, full_name, reason, due, decided_by, amount, refund_id, closed_at IS NOT NULL
		FROM claims WHERE id = $1`, id).Scan(&c.kind, &c.status, &c.fullName, &c.reason, &c.due, &c.decidedBy, &c.amount, &refund, &c.closed)
	if err != nil {
		return c, fmt.Errorf("claim %d: %w", id, err)
	}
	c.refundID = refund.Int64
	return c, nil
}

// claimFile is a claim_files row as stored.
type claimFile struct {
	id     int64
	ref    string
	data   []byte
	sealed bool
}

// claimFiles returns a claim's files by kind.
func (e *e2e) claimFiles(ctx context.Context, claimID int64) (map[string]claimFile, error) {
	rows, err := e.db.QueryContext(ctx, `SELECT id, kind, ref, data, sealed FROM claim_files WHERE claim_id = $1 ORDER BY id`, claimID)
	if err != nil {
		return nil, fmt.Errorf("claim %d files: %w", claimID, err)
	}
	defer rows.Close()
	out := map[string]claimFile{}
	for rows.Next() {
		var f claimFile
		var kind string
		if err := rows.Scan(&f.id, &kind, &f.ref, &f.data, &f.sealed); err != nil {
			return nil, err
		}
		if _, dup := out[kind]; dup {
			return nil, fmt.Errorf("claim %d has two %s files", claimID, kind)
		}
		out[kind] = f
	}
	return out, rows.Err()
}

// refundRow is a refunds row.
type refundRow struct {
	id, amount, providerTx int64
	status, requestID      string
}

// claimRefund returns the order's one refund.
func (e *e2e) claimRefund(ctx context.Context, orderID int64) (refundRow, error) {
	var r refundRow
	err := e.db.QueryRowContext(ctx, `SELECT id, amount, provider_transaction_id, status, request_id FROM refunds WHERE order_id = $1`, orderID).
		Scan(&r.id, &r.amount, &r.providerTx, &r.status, &r.requestID)
	if err != nil {
		return r, fmt.Errorf("refund of order %d: %w", orderID, err)
	}
	return r, nil
}

func (e *e2e) refundCount(ctx context.Context, orderID int64) (int, error) {
	var n int
	err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM refunds WHERE order_id = $1`, orderID).Scan(&n)
	return n, err
}
