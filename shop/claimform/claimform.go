// Package claimform prints the store's application for a refund of money
// ("заявление на возврат денежных средств"), filled from a shop.Claim, as a
// PDF in the customer's language, Kazakh or Russian.
//
// The form is built in two steps: layout decides every word the page shows,
// in reading order, and draw places those words on A4 pages. Tests read the
// words from layout; the PDF step adds no text of its own.
//
// The font is DejaVu Sans (fonts/, licence in fonts/LICENSE), embedded so the
// Kazakh letters render on any machine; the PDF carries only the glyphs it
// uses.
package claimform

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/lete-store/letebot/shop"
)

var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// Render fills the refund application from c in lang and returns it as a
// PDF: one A4 page, more when the lines do not fit. The same claim, profile
// and language give the same bytes: the document's dates are the claim's
// submission time, not the time of rendering. What the claim does not know
// (the buyer's e-mail, the card's last digits) is left as a blank for the
// buyer to fill in by hand. It returns an error wrapping ErrCannotFill when
// the form cannot be filled truthfully.
func Render(c shop.Claim, p *shop.Profile, lang shop.Lang) ([]byte, error) {
	return render(c, p, lang, true)
}

// render is Render with the page compression switch, so tests can read the
// drawing commands.
func render(c shop.Claim, p *shop.Profile, lang shop.Lang, compress bool) ([]byte, error) {
	bs, err := layout(c, p, lang)
	if err != nil {
		return nil, err
	}
	title := texts[lang].title
	if c.ID > 0 {
		title += " " + c.Ref()
	}
	return draw(bs, docInfo{
		title:    title,
		author:   p.Name,
		lang:     string(lang) + "-KZ",
		created:  stamp(c.SubmittedAt, p),
		compress: compress,
	})
}

// docInfo is the PDF's metadata.
type docInfo struct {
	title, author, lang string
	created             time.Time
	compress            bool
}

// stamp is the document's creation date: when the application was
// submitted, in store time; a fixed day for a claim not yet submitted, so
// the output never depends on the clock.
func stamp(submitted time.Time, p *shop.Profile) time.Time {
	if submitted.IsZero() {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, p.Location())
	}
	return submitted.In(p.Location())
}

// Page geometry, in millimetres.
const (
	pageW    = 210.0
	pageH    = 297.0
	marginL  = 20.0
	marginR  = 20.0
	marginT  = 18.0
	bottom   = 22.0 // kept free for the footer
	contentW = pageW - marginL - marginR
	headerX  = 100.0 // where the to/from column starts
	family   = "dejavu"
)

// Text sizes (points) and line heights (mm).
const (
	sizeBody   = 10.5
	lineBody   = 5.2
	sizeTable  = 9.5
	lineTable  = 4.6
	padTable   = 1.4
	sizeTitle  = 13.0
	sizeFooter = 8.0
	// keepSigned is the height of the date, reference and signature lines
	// with the gaps between them.
	keepSigned = 3*lineBody + 10
)

// The lines table: column widths (they add up to contentW) and alignments.
var (
	colW     = [6]float64{9, 62, 18, 27, 27, 27}
	colAlign = [6]string{"C", "L", "C", "C", "R", "R"}
)

type drawer struct {
	pdf    *fpdf.Fpdf
	footer string
	head   []string // the table's column names, repeated on a new page
	font   fontSel  // the font selected last
}

// fontSel is a weight and size of the one family; size 0 is none yet.
type fontSel struct {
	bold bool
	size float64
}

func draw(bs []block, info docInfo) ([]byte, error) {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	pdf.SetCompression(info.compress)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(info.created)
	pdf.SetModificationDate(info.created)
	pdf.SetProducer("letebot claimform", false)
	pdf.SetCreator("letebot", false)
	pdf.SetTitle(info.title, true)
	pdf.SetAuthor(info.author, true)
	pdf.SetLang(info.lang)
	pdf.AddUTF8FontFromBytes(family, "", fontRegular)
	pdf.AddUTF8FontFromBytes(family, "B", fontBold)
	pdf.SetMargins(marginL, marginT, marginR)
	pdf.SetAutoPageBreak(false, bottom) // draw breaks pages itself, between whole lines and rows
	pdf.SetCellMargin(0)
	pdf.AliasNbPages("{nb}")

	d := &drawer{pdf: pdf}
	for _, b := range bs {
		if b.kind == kFooter {
			d.footer = b.text
		}
	}
	pdf.SetFooterFunc(d.drawFooter)
	pdf.AddPage()

	prev := kind(-1)
	for _, b := range bs {
		d.block(b, prev)
		prev = b.kind
	}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("claim form: %w", err)
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("claim form: %w", err)
	}
	return out.Bytes(), nil
}

// space is the gap before a block of kind k that follows one of kind prev.
func space(prev, k kind) float64 {
	switch {
	case prev < 0:
		return 0
	case k == kTitle:
		return 14
	case prev == kTitle:
		return 8
	case k == kHead:
		return 4
	case k == kTotal:
		return 2
	case prev == kTotal:
		return 5
	case k == kField && prev != kField:
		return 8
	case k == kSign:
		return 10
	case k == kPara:
		return 2.5
	}
	return 0
}

func (d *drawer) block(b block, prev kind) {
	pdf := d.pdf
	pdf.SetY(pdf.GetY() + space(prev, b.kind))
	switch b.kind {
	case kHeader:
		if b.text == "" {
			pdf.SetY(pdf.GetY() + 3)
			return
		}
		d.text(runs(b), headerX, pageW-marginR-headerX, sizeBody, lineBody, "L")
	case kTitle:
		d.text([]run{{bold: true, text: b.text}}, marginL, contentW, sizeTitle, 6.5, "C")
	case kField, kSign:
		if prev != kField && prev != kSign {
			d.need(keepSigned) // the date, the reference and the signature stay together
		}
		d.text(runs(b), marginL, contentW, sizeBody, lineBody, "L")
	case kPara:
		d.text(runs(b), marginL, contentW, sizeBody, lineBody, "L")
	case kTotal:
		d.text(runs(b), marginL, contentW, sizeBody, lineBody, "R")
	case kHead:
		d.head = b.cells
		d.row(b.cells, true)
	case kRow:
		d.row(b.cells, false)
	case kFooter:
		// drawn on every page by drawFooter
	}
}

// run is a stretch of text in one weight.
type run struct {
	bold bool
	text string
}

func runs(b block) []run {
	if b.label == "" {
		return []run{{text: b.text}}
	}
	return []run{{bold: true, text: b.label}, {text: b.text}}
}

// word is a wrapped word and whether a space goes before it.
type word struct {
	bold  bool
	text  string
	space bool
}

func (d *drawer) width(bold bool, size float64, s string) float64 {
	d.setFont(bold, size)
	return d.pdf.GetStringWidth(s)
}

// setFont selects the font; fpdf writes a selection into the page at every
// call, and measuring words calls it often, so a repeat is skipped.
func (d *drawer) setFont(bold bool, size float64) {
	f := fontSel{bold, size}
	if d.font == f {
		return
	}
	d.font = f
	style := ""
	if bold {
		style = "B"
	}
	d.pdf.SetFont(family, style, size)
}

// wrap breaks runs into lines no wider than w. It breaks only at ordinary
// spaces, so "18 900 ₸" (non-breaking spaces) stays whole; a word wider
// than a line is cut by letters.
func (d *drawer) wrap(rs []run, size, w float64) [][]word {
	var lines [][]word
	var line []word
	used := 0.0
	for _, r := range rs {
		for _, t := range strings.Split(r.text, " ") {
			if t == "" {
				continue
			}
			for t != "" {
				sp := 0.0
				if len(line) > 0 {
					sp = d.width(r.bold, size, " ")
				}
				tw := d.width(r.bold, size, t)
				switch {
				case used+sp+tw <= w:
					line = append(line, word{bold: r.bold, text: t, space: len(line) > 0})
					used += sp + tw
					t = ""
				case len(line) > 0:
					lines = append(lines, line)
					line, used = nil, 0
				default: // alone and still too wide: cut it
					head := []rune(t)
					n := max(len(head)-1, 1) // a single letter wider than the line stays whole
					for n > 1 && d.width(r.bold, size, string(head[:n])) > w {
						n--
					}
					line = append(line, word{bold: r.bold, text: string(head[:n])})
					lines = append(lines, line)
					line, used = nil, 0
					t = string(head[n:])
				}
			}
		}
	}
	if len(line) > 0 {
		lines = append(lines, line)
	}
	return lines
}

// text draws wrapped runs at x across w, aligned "L", "C" or "R", a page
// break before any line that does not fit.
func (d *drawer) text(rs []run, x, w, size, lh float64, align string) {
	for _, line := range d.wrap(rs, size, w) {
		d.need(lh)
		d.line(line, x, d.pdf.GetY(), w, size, lh, align)
		d.pdf.SetY(d.pdf.GetY() + lh)
	}
}

// line draws one wrapped line with its top at y.
func (d *drawer) line(line []word, x, y, w, size, lh float64, align string) {
	type seg struct {
		bold bool
		text string
	}
	var segs []seg
	for _, wd := range line {
		t := wd.text
		if wd.space {
			t = " " + t
		}
		if n := len(segs); n > 0 && segs[n-1].bold == wd.bold {
			segs[n-1].text += t
		} else {
			segs = append(segs, seg{wd.bold, t})
		}
	}
	total := 0.0
	widths := make([]float64, len(segs))
	for i, s := range segs {
		widths[i] = d.width(s.bold, size, s.text)
		total += widths[i]
	}
	switch align {
	case "C":
		x += (w - total) / 2
	case "R":
		x += w - total
	}
	for i, s := range segs {
		d.setFont(s.bold, size)
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(widths[i], lh, s.text, "", 0, "L", false, 0, "")
		x += widths[i]
	}
}

// row draws a table row, its cells' text wrapped, a page break (with the
// column names again) when it does not fit.
func (d *drawer) row(cells []string, head bool) {
	cellLines := make([][][]word, len(cells))
	n := 1
	for i, c := range cells {
		cellLines[i] = d.wrap([]run{{bold: head, text: c}}, sizeTable, colW[i]-2*padTable)
		n = max(n, len(cellLines[i]))
	}
	h := float64(n)*lineTable + 2*padTable
	if !head && d.pdf.GetY()+h > pageH-bottom {
		d.pdf.AddPage()
		d.row(d.head, true)
	}
	pdf := d.pdf
	y := pdf.GetY()
	x := marginL
	pdf.SetDrawColor(120, 120, 120)
	pdf.SetLineWidth(0.2)
	for i := range cells {
		if head {
			pdf.SetFillColor(235, 235, 235)
			pdf.Rect(x, y, colW[i], h, "FD")
		} else {
			pdf.Rect(x, y, colW[i], h, "D")
		}
		align := colAlign[i]
		if head {
			align = "C"
		}
		top := y + padTable + float64(n-len(cellLines[i]))*lineTable/2 // centred in the row's height
		for j, l := range cellLines[i] {
			d.line(l, x+padTable, top+float64(j)*lineTable, colW[i]-2*padTable, sizeTable, lineTable, align)
		}
		x += colW[i]
	}
	pdf.SetY(y + h)
}

// need starts a new page when h more millimetres do not fit on this one.
func (d *drawer) need(h float64) {
	if d.pdf.GetY()+h > pageH-bottom {
		d.pdf.AddPage()
	}
}

// drawFooter writes the store's contacts and the page number at the foot.
func (d *drawer) drawFooter() {
	pdf, font := d.pdf, d.font
	y := pageH - 14
	pdf.SetDrawColor(160, 160, 160)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginL, y, pageW-marginR, y)
	pdf.SetTextColor(100, 100, 100)
	d.setFont(false, sizeFooter)
	pdf.SetXY(marginL, y+1.5)
	pdf.CellFormat(contentW-20, 4, d.footer, "", 0, "L", false, 0, "")
	pdf.SetXY(pageW-marginR-20, y+1.5)
	pdf.CellFormat(20, 4, fmt.Sprintf("%d/{nb}", pdf.PageNo()), "", 0, "R", false, 0, "")
	pdf.SetTextColor(0, 0, 0)
	d.font = font // AddPage selects the page's font again after the footer
}
