package bot

import "time"

// Outcome is what became of one update.
type Outcome string

// Update outcomes.
const (
	Handled   Outcome = "handled"   // committed with its replies
	Duplicate Outcome = "duplicate" // seen before: nothing done
	Ignored   Outcome = "ignored"   // a group chat's message: no conversation
	Failed    Outcome = "failed"    // the flow failed: committed with an apology
	NotSaved  Outcome = "error"     // the database failed: not committed, to be resubmitted
)

// SendResult is what became of one attempt to send a reply.
type SendResult string

// Send results.
const (
	Sent       SendResult = "sent"
	Throttled  SendResult = "rate_limited" // the service said to slow down
	SendFailed SendResult = "failed"       // to be retried
	Dropped    SendResult = "dropped"      // refused for good, or undeliverable
)

// Observer is told what the engine and the sender do; metrics implement it.
// Its methods are called on hot paths and from many goroutines: they must
// be cheap and safe for concurrent use.
type Observer interface {
	// UpdateDone reports one update's outcome and the time from Submit to
	// its commit (or failure).
	UpdateDone(channel string, o Outcome, took time.Duration)
	// BatchCommitted reports a transaction that carried n updates.
	BatchCommitted(n int)
	// ReplySent reports one send attempt.
	ReplySent(channel string, r SendResult)
}

type nopObserver struct{}

func (nopObserver) UpdateDone(string, Outcome, time.Duration) {}
func (nopObserver) BatchCommitted(int)                        {}
func (nopObserver) ReplySent(string, SendResult)              {}
