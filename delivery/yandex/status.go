package yandex

import "strings"

// Delivered reports whether the courier has handed the parcel over:
// delivered, or delivered_finish once Yandex closes the claim.
func Delivered(status string) bool {
	return status == "delivered" || status == "delivered_finish"
}

// Failed reports whether the claim will not deliver: cancelled in any
// way, failed (also a late accept), no courier found, no estimate, or the
// goods came back. returning and its steps are not here yet: the goods
// are still on the way back and may end as returned.
func Failed(status string) bool {
	switch status {
	case "failed", "performer_not_found", "estimating_failed":
		return true
	}
	// Prefixes catch the cancelled_* and returned_* variants Yandex adds.
	return strings.HasPrefix(status, "cancelled") || strings.HasPrefix(status, "returned")
}

// Final reports whether the status will not change any more, so a poller
// can stop. delivered is not final: delivered_finish follows.
func Final(status string) bool {
	switch status {
	case "delivered_finish", "returned_finish", "failed", "performer_not_found", "estimating_failed":
		return true
	}
	return strings.HasPrefix(status, "cancelled")
}
