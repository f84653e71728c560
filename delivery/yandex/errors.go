package yandex

import "fmt"

// APIError is any reply that is not 2xx: 400 for a body Yandex refuses,
// 401 for a bad token (changing the cabinet password revokes it), 404 for
// an unknown claim, 409 for a stale version or a wrong status, 5xx when
// Yandex is down. Every method returns it wrapped; use errors.As.
type APIError struct {
	HTTPStatus int
	Code       string // Yandex's code, "" when the body was not theirs
	Message    string
}

func (e *APIError) Error() string {
	switch {
	case e.Code == "" && e.Message == "":
		return fmt.Sprintf("HTTP %d", e.HTTPStatus)
	case e.Message == "":
		return fmt.Sprintf("HTTP %d %s", e.HTTPStatus, e.Code)
	default:
		return fmt.Sprintf("HTTP %d %s: %s", e.HTTPStatus, e.Code, e.Message)
	}
}
