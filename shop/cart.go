package shop

// MaxLineQty caps how many pieces of one variant a cart line may hold: a
// shop bot selling clothes to people, not wholesale.
const MaxLineQty = 10

// Cart is what the customer is about to order. It lives in the session.
type Cart struct {
	Items []CartItem `json:"items,omitempty"`
}

// CartItem is one variant and how many pieces of it.
type CartItem struct {
	VariantID string `json:"v"`
	Qty       int    `json:"q"`
	// Text is the name or words a personalised product is made with.
	Text string `json:"t,omitempty"`
}

// CartLine is a cart item resolved against the catalog.
type CartLine struct {
	Product Product
	Variant Variant
	Qty     int
	Sum     Money
	Text    string // a personalised product's words
}

// Add puts qty more pieces of a variant into the cart, capped at MaxLineQty.
// It returns the quantity the line now holds.
func (c *Cart) Add(variantID string, qty int) int {
	if it := c.item(variantID); it != nil {
		it.Qty = min(it.Qty+qty, MaxLineQty)
		return it.Qty
	}
	qty = min(max(qty, 1), MaxLineQty)
	c.Items = append(c.Items, CartItem{VariantID: variantID, Qty: qty})
	return qty
}

// SetQty sets a line's quantity; zero or less removes it. It reports whether
// the variant was in the cart.
func (c *Cart) SetQty(variantID string, qty int) bool {
	for i := range c.Items {
		if c.Items[i].VariantID != variantID {
			continue
		}
		if qty <= 0 {
			c.Items = append(c.Items[:i], c.Items[i+1:]...)
		} else {
			c.Items[i].Qty = min(qty, MaxLineQty)
		}
		return true
	}
	return false
}

// item is the cart's line of a variant, nil when there is none.
func (c *Cart) item(variantID string) *CartItem {
	for i := range c.Items {
		if c.Items[i].VariantID == variantID {
			return &c.Items[i]
		}
	}
	return nil
}

// Qty returns how many pieces of a variant the cart holds.
func (c Cart) Qty(variantID string) int {
	if it := c.item(variantID); it != nil {
		return it.Qty
	}
	return 0
}

// SetText sets the words a personalised line is made with. It reports
// whether the variant was in the cart.
func (c *Cart) SetText(variantID, text string) bool {
	it := c.item(variantID)
	if it == nil {
		return false
	}
	it.Text = text
	return true
}

// Text is the words a line is made with, "" when it has none or is not in
// the cart.
func (c Cart) Text(variantID string) string {
	if it := c.item(variantID); it != nil {
		return it.Text
	}
	return ""
}

// Clear empties the cart.
func (c *Cart) Clear() { c.Items = nil }

// Empty reports whether the cart holds nothing.
func (c Cart) Empty() bool { return len(c.Items) == 0 }

// Pieces counts the pieces in the cart.
func (c Cart) Pieces() int {
	n := 0
	for _, it := range c.Items {
		n += it.Qty
	}
	return n
}

// Lines resolves the cart against the catalog. Items whose variant left the
// catalog are dropped from the cart and returned in gone.
func (c *Cart) Lines(cat *Catalog) (lines []CartLine, total Money, gone []string) {
	kept := c.Items[:0]
	for _, it := range c.Items {
		p, v, ok := cat.Variant(it.VariantID)
		if !ok {
			gone = append(gone, it.VariantID)
			continue
		}
		kept = append(kept, it)
		sum := p.Price.Times(it.Qty)
		lines = append(lines, CartLine{Product: p, Variant: v, Qty: it.Qty, Sum: sum, Text: it.Text})
		total += sum
	}
	if len(kept) == 0 {
		kept = nil
	}
	c.Items = kept
	return lines, total, gone
}

// WeightGrams is the parcel weight of the lines, using def for products
// without a weight of their own.
func WeightGrams(lines []CartLine, def int) int {
	w := 0
	for _, l := range lines {
		pw := l.Product.WeightGrams
		if pw == 0 {
			pw = def
		}
		w += pw * l.Qty
	}
	return w
}
