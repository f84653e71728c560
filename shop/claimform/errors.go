package claimform

import "errors"

// ErrCannotFill is returned (wrapped, with the reason) by Render when the
// form cannot be filled truthfully: no profile or no store time zone, a
// language the form is not written in, a refund that is not positive, or
// lines and delivery that do not add up to the claim's amount.
var ErrCannotFill = errors.New("claim form cannot be filled")
