package bot

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/lete-store/letebot/flows"
)

// ErrRetryTx is wrapped by a store's errors that mean the transaction lost
// a race with another (a deadlock, a serialization failure) and may simply
// be run again.
var ErrRetryTx = errors.New("transaction must be retried")

// Store is what the engine and the outbox sender need from the database.
// storage implements it for Postgres and SQLite.
type Store interface {
	// InTx runs fn in one transaction, committing when it returns nil.
	InTx(ctx context.Context, fn func(Tx) error) error
	Outbox
}

// TxLimit is implemented by a Store that runs only so many transactions
// at once (SQLite: one). The engine then starts no more workers than
// that: another worker would only split what one transaction could carry,
// a commit more each time, and wait its turn.
type TxLimit interface {
	ConcurrentTx() int
}

// Tx is the engine's view of one open transaction.
type Tx interface {
	// MarkSeen records dedupe keys and returns those not seen before.
	MarkSeen(ctx context.Context, keys []string) (fresh map[string]bool, err error)
	// LockSessions locks the chats' session rows (creating empty ones) in
	// key order, and returns the stored ones; a chat never seen is absent.
	LockSessions(ctx context.Context, chatKeys []string) (map[string]SessionRow, error)
	// LockOrders locks the orders the batch's outside events name, in id
	// order, and reads them for the flows' Get in this transaction: one
	// statement for a batch of payment events instead of one an event.
	LockOrders(ctx context.Context, ids []int64) error
	// SaveSessions writes sessions back.
	SaveSessions(ctx context.Context, rows []SessionRow) error
	// Enqueue adds replies to the outbox, to be sent after commit.
	Enqueue(ctx context.Context, msgs []OutboxMessage) error
	// EnqueueLeased adds replies like Enqueue and leases each Direct one
	// whose chat has nothing else waiting to lease.Owner, so the owner
	// sends it once the transaction commits, with no claim; it sets the
	// ID, Attempts and Leased of those. A store may lease none.
	EnqueueLeased(ctx context.Context, msgs []OutboxMessage, lease Lease) error
	// Flows is the domain storage flows use, bound to this transaction.
	Flows() flows.Store
}

// SessionRow is a stored session: the flows' state, opaque to the engine.
type SessionRow struct {
	ChatKey   string
	Data      []byte
	UpdatedAt time.Time
}

// OutboxMessage is a reply waiting to be sent.
type OutboxMessage struct {
	ID      int64
	Channel string
	ChatID  string
	Body    []byte // Reply as JSON
	// Reply is Body decoded, when this process queued the message; it is
	// never stored, and a claimed message has none.
	Reply     *Reply
	Attempts  int
	CreatedAt time.Time
	// Direct is set on a message to the chat whose session row the queuing
	// transaction holds, so none of the chat's own replies is queued
	// meanwhile: it may be leased as it is queued (EnqueueLeased, on the
	// lease's channels) without overtaking them. (A message another chat's
	// transaction queues to it at the same moment, a staff member's
	// answer, goes in the order of the commits, as it would by claims.)
	Direct bool
	// Leased is set by EnqueueLeased on a message it leased.
	Leased bool
}

// Lease is who a transaction's Direct replies are leased to as they are
// queued, until when, and on which channels (those the owner sends on).
type Lease struct {
	Owner    string
	Until    time.Time
	Channels []string
}

// Covers reports whether the lease takes messages of the channel.
func (l Lease) Covers(channel string) bool { return slices.Contains(l.Channels, channel) }

// Outbox is the sender's view of the outbox table.
type Outbox interface {
	// Claim leases up to limit unsent messages of the channels, oldest
	// first, to owner until the lease ends; claimed rows are skipped by
	// other claimers until then. The chats of skip are left out (owner
	// holds enough of them already).
	Claim(ctx context.Context, channels []string, owner string, limit int, lease time.Duration, skip []ChatRef) ([]OutboxMessage, error)
	// Renew extends the lease of messages owner still holds.
	Renew(ctx context.Context, owner string, ids []int64, lease time.Duration) error
	// Ack deletes sent (or given-up) messages.
	Ack(ctx context.Context, ids []int64) error
	// Release gives back every message owner holds, to be sent again
	// no earlier than at.
	Release(ctx context.Context, owner string, ids []int64, at time.Time) error
}

// Peers is an Outbox shared by other processes' senders. A channel's
// overall rate is the service's limit for the bot, not for a process, so
// the senders on one channel split it.
type Peers interface {
	// Beat records that owner sends on channels until lease has passed
	// (and on no other) and returns how many senders each of channels has
	// now, owner included.
	Beat(ctx context.Context, owner string, channels []string, lease time.Duration) (map[string]int, error)
	// Leave forgets owner as a sender.
	Leave(ctx context.Context, owner string) error
}
