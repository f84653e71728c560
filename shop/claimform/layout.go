package claimform

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// kind is what a block of the form is; the PDF step draws each kind its
// own way.
type kind int

const (
	kHeader kind = iota // a line of the to/from column at the top right; empty text: a gap
	kTitle              // the application's name
	kPara               // a paragraph of the body, with an optional bold label
	kHead               // the column names of the lines table
	kRow                // a line of the table: a returned item or the delivery
	kTotal              // the refund under the table
	kField              // the date and the reference at the bottom
	kSign               // the buyer's signature line
	kFooter             // the store's contacts at the foot of every page
)

// block is one piece of text placed on the form. layout decides every word;
// draw decides only where the words go, so tests read the form here.
type block struct {
	kind  kind
	label string   // a bold lead-in: "Кому:", "Причина:"
	text  string   // the text after the label
	cells []string // kHead, kRow: one per column
}

// blank is what the form leaves for the buyer to fill in by hand when the
// claim does not know the value.
const blank = "____________"

// layout fills the form from the claim: every string the PDF shows, in
// reading order.
func layout(c shop.Claim, p *shop.Profile, lang shop.Lang) ([]block, error) {
	if p == nil || p.Location() == nil {
		return nil, fmt.Errorf("%w: no store profile with a time zone", ErrCannotFill)
	}
	w, ok := texts[lang]
	if !ok {
		return nil, fmt.Errorf("%w: language %q", ErrCannotFill, lang)
	}
	body, ok := w.body[c.Kind]
	if !ok {
		return nil, fmt.Errorf("%w: claim kind %q", ErrCannotFill, c.Kind)
	}
	amount := money(c.Amount)
	if c.Amount <= 0 {
		if c.Kind != shop.ClaimWrongCharge || c.Amount < 0 {
			return nil, fmt.Errorf("%w: refund amount %d", ErrCannotFill, c.Amount)
		}
		// The wrong charge is what the receipts show: the store fills it in.
		amount = "__________ ₸"
	}
	if len(c.Lines) > 0 || c.Delivery != 0 {
		// The table must add up to the amount the application asks for.
		if sum := shop.ClaimAmount(c.Lines, c.Delivery); sum != c.Amount {
			return nil, fmt.Errorf("%w: lines and delivery make %d, the claim asks for %d", ErrCannotFill, sum, c.Amount)
		}
	}
	loc := p.Location()

	var bs []block
	add := func(k kind, label, text string) { bs = append(bs, block{kind: k, label: label, text: text}) }

	add(kHeader, w.to, p.Seller.In(lang))
	if p.BIN != "" {
		add(kHeader, "", w.bin+" "+p.BIN)
	}
	if a := p.Address.In(lang); a != "" {
		add(kHeader, "", a)
	}
	add(kHeader, "", "")
	add(kHeader, w.from, orBlank(c.FullName))
	add(kHeader, w.phone, orBlank(c.Phone))
	add(kHeader, w.email, orBlank(c.Email))

	add(kTitle, "", w.title)

	number := c.Order
	if number == "" && c.OrderID > 0 {
		number = shop.OrderNumber(c.OrderID)
	}
	order := w.order(orBlank(number), date(c.OrderedAt, loc))
	add(kPara, "", body(amount, card(c.CardLastFour), order))
	reason := c.Reason
	if words, ok := w.reasons[reason]; ok {
		reason = words
	}
	if r := clean(reason); r != "" {
		add(kPara, w.reason, r)
	}
	if c.PaidAmount > 0 {
		add(kPara, w.paid, money(c.PaidAmount))
	}

	if len(c.Lines) > 0 || c.Delivery > 0 {
		bs = append(bs, block{kind: kHead, cells: w.cols[:]})
		for i, l := range c.Lines {
			bs = append(bs, block{kind: kRow, cells: []string{
				strconv.Itoa(i + 1), clean(l.Name), orDash(l.Size), strconv.Itoa(l.Qty), money(l.Price), money(l.Sum()),
			}})
		}
		if c.Delivery > 0 {
			bs = append(bs, block{kind: kRow, cells: []string{
				strconv.Itoa(len(c.Lines) + 1), w.delivery, "", "", "", money(c.Delivery),
			}})
		}
	}
	add(kTotal, w.total, amount)

	received := date(c.SubmittedAt, loc)
	add(kPara, "", w.due(day(c.Due), orBlankDate(received)))
	if c.Kind == shop.ClaimReturn {
		if rb := clean(c.ReturnBy); rb != "" {
			add(kPara, w.returnBy, rb)
		}
		add(kPara, "", w.keptCondition)
	}
	add(kPara, w.attachLabel[c.Kind], w.attachments[c.Kind])

	add(kField, w.date, orBlankDate(received))
	if c.ID > 0 {
		add(kField, w.ref, c.Ref())
	}
	add(kSign, w.sign, "________________  "+orBlank(c.FullName))

	add(kFooter, "", footer(p))
	return bs, nil
}

// plain writes the blocks as text, one a line, for tests and golden files.
func plain(bs []block) string {
	var b strings.Builder
	for _, bl := range bs {
		switch bl.kind {
		case kHead, kRow:
			b.WriteString("| " + strings.Join(bl.cells, " | ") + " |")
		default:
			b.WriteString(strings.TrimSpace(bl.label + " " + bl.text))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// money is the store's way to write tenge: "18 900 ₸", with non-breaking
// spaces, as in the bot's messages.
func money(m shop.Money) string { return messages.Money(m) }

// card writes the card's last four digits after four dots; anything else
// in the field (a longer number by mistake) is cut to its last four digits,
// so the form never shows more of a card than that.
func card(lastFour string) string {
	var digits []byte
	for i := 0; i < len(lastFour); i++ {
		if lastFour[i] >= '0' && lastFour[i] <= '9' {
			digits = append(digits, lastFour[i])
		}
	}
	if len(digits) < 4 {
		return "•••• ____"
	}
	return "•••• " + string(digits[len(digits)-4:])
}

// date writes t's day in store time, dd.mm.yyyy; "" for the zero time.
func date(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("02.01.2006")
}

// day writes a shop.Day as dd.mm.yyyy; a blank for the zero Day.
func day(d shop.Day) string {
	if d == (shop.Day{}) {
		return "__.__.____"
	}
	return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
}

// clean puts what the customer typed on one line: line breaks and runs of
// spaces become one space, since the form wraps text itself.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func orBlank(s string) string {
	if s = clean(s); s == "" {
		return blank
	}
	return s
}

func orBlankDate(s string) string {
	if s == "" {
		return "__.__.____"
	}
	return s
}

func orDash(s string) string {
	if s = clean(s); s == "" {
		return "—"
	}
	return s
}

// footer is the store's contacts: where the application goes.
func footer(p *shop.Profile) string {
	parts := []string{p.Name}
	if p.Site != "" {
		parts = append(parts, strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(p.Site, "https://"), "http://"), "/"))
	}
	if p.Email != "" {
		parts = append(parts, p.Email)
	}
	if len(p.Phones) > 0 {
		parts = append(parts, strings.Join(p.Phones, ", "))
	}
	return strings.Join(parts, " · ")
}
