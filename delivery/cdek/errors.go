package cdek

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is returned by OrderByCDEKNumber when CDEK has no such order:
// no entity in the reply, or a v2_entity_not_found error.
var ErrNotFound = errors.New("cdek: not found")

// APIError is a reply CDEK refused: a non-2xx status (5xx included), or a
// 2xx reply that carries errors and no result. Errors holds CDEK's codes
// and messages from the top-level "errors" and from "requests[].errors".
type APIError struct {
	HTTPStatus int
	Errors     []struct{ Code, Message string }

	op string // "GET /orders", for the message
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("cdek ")
	if e.op != "" {
		b.WriteString(e.op + ": ")
	}
	fmt.Fprintf(&b, "HTTP %d", e.HTTPStatus)
	for i, d := range e.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(d.Code)
		if d.Message != "" {
			b.WriteString(" (" + d.Message + ")")
		}
	}
	return b.String()
}

// hasCode reports whether any error's code starts with one of prefixes.
func (e *APIError) hasCode(prefixes ...string) bool {
	for _, d := range e.Errors {
		for _, p := range prefixes {
			if strings.HasPrefix(d.Code, p) {
				return true
			}
		}
	}
	return false
}

// redact blanks secret wherever the server echoed it back, so an error can
// be logged as it is.
func (e *APIError) redact(secret string) {
	if secret == "" {
		return
	}
	for i := range e.Errors {
		e.Errors[i].Code = strings.ReplaceAll(e.Errors[i].Code, secret, "[secret]")
		e.Errors[i].Message = strings.ReplaceAll(e.Errors[i].Message, secret, "[secret]")
	}
}
