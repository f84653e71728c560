package flows

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/lete-store/letebot/shop"
)

// SessionVersion is the schema version of Session. Bump it when a change
// cannot read older sessions, and teach DecodeSession to upgrade them.
const SessionVersion = 1

// Step is where the customer is in a conversation; a step that expects typed
// text interprets the next message.
type Step string

// Steps. The zero step is the main menu.
const (
	StepMenu     Step = ""
	StepQty      Step = "qty"      // a variant is chosen; a typed number is the quantity
	StepPersonal Step = "personal" // checkout: the words a personalised product is made with
	StepName     Step = "name"     // checkout: full name
	StepPhone    Step = "phone"    // checkout: phone, typed or shared
	StepEmail    Step = "email"    // checkout: e-mail for the tracking number
	StepCity     Step = "city"     // checkout: city, a button or typed
	StepMethod   Step = "method"   // checkout: pickup point, courier or express
	StepPoint    Step = "point"    // checkout: a pickup point, by location, list or typed street
	StepAddress  Step = "address"  // checkout: door address (or a typed pickup point when the carrier has no list)
	StepConfirm  Step = "confirm"  // checkout: summary shown, waiting for Confirm

	// A refund application (flows/claims.go).
	StepClaimItems    Step = "claim_items"    // which lines come back
	StepClaimExchange Step = "claim_exchange" // an exchange for another size offered
	StepClaimReason   Step = "claim_reason"   // why: a button or typed
	StepClaimCheck    Step = "claim_check"    // a condition of returning good goods
	StepClaimReceipts Step = "claim_receipts" // receipts of an erroneous charge
	StepClaimName     Step = "claim_name"     // the full name for the form
	StepClaimID       Step = "claim_id"       // a copy of the identity document
	StepClaimReview   Step = "claim_review"   // the application shown, waiting for Submit
)

// Session is one chat's conversation state, stored as JSON.
type Session struct {
	Version  int       `json:"v"`
	Lang     shop.Lang `json:"lang"`
	Step     Step      `json:"step,omitempty"`
	Cart     shop.Cart `json:"cart"`
	Checkout Checkout  `json:"checkout"`
	// Variant is the variant whose quantity StepQty asks for.
	Variant string `json:"variant,omitempty"`
	// Card is the product whose card the last turn showed: the next
	// message may be about it ("M", "беру", "а в чёрном есть?").
	Card string `json:"card,omitempty"`
	// Misses counts the messages in a row the bot did not understand: the
	// second one in a row offers the manager.
	Misses int `json:"misses,omitempty"`
	// Rev counts checkout summaries shown; a Confirm button carries the
	// revision it confirms, so a stale one is recognised.
	Rev int `json:"rev,omitempty"`
	// Shown is the total the last summary showed: an order is placed only
	// at the price the customer confirmed.
	Shown shop.Money `json:"shown,omitempty"`
	Seen  time.Time  `json:"seen"`
	// LastAdd is the last quantity button pressed, and when: the same one
	// again within doubleTap is a double tap, not more pieces.
	LastAdd   string    `json:"la,omitempty"`
	LastAddAt time.Time `json:"lat,omitzero"`
	// Handoff is the open handoff of this chat: staff have the
	// conversation, the bot only passes messages on.
	Handoff int64 `json:"handoff,omitempty"`
	// Waiting is set while the step waits for the carrier's answer: the
	// delivery event that brings it asks the step's question again.
	Waiting bool `json:"waiting,omitempty"`
	// Claim is the refund application being filled in.
	Claim *ClaimDraft `json:"claim,omitempty"`
	// Reset is set, for one turn, when the stored session could not be
	// read and this one replaced it: the customer is told.
	Reset bool `json:"-"`
}

// Checkout holds the answers given so far; they are kept for the next order.
type Checkout struct {
	Customer shop.Customer `json:"customer"`
	Delivery shop.Delivery `json:"delivery"`
	// Queued is set when the customer agreed to an express request out of
	// hours being handled at opening time.
	Queued bool `json:"queued,omitempty"`
}

// NewSession starts a conversation in the language the client hints at.
func NewSession(langHint string) *Session {
	return &Session{Version: SessionVersion, Lang: shop.ParseLang(langHint)}
}

// ErrSessionUnreadable is returned by DecodeSession for data it cannot use.
var ErrSessionUnreadable = errors.New("session unreadable")

// DecodeSession reads a stored session. Data it cannot read, or of an
// unknown version, gives ErrSessionUnreadable: the caller starts afresh.
func DecodeSession(data []byte) (*Session, error) {
	var s Session
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSessionUnreadable, err)
	}
	if s.Version != SessionVersion {
		return nil, fmt.Errorf("%w: version %d", ErrSessionUnreadable, s.Version)
	}
	if !s.Lang.Valid() {
		s.Lang = shop.Russian
	}
	return &s, nil
}

// Encode serialises the session for storage.
func (s *Session) Encode() ([]byte, error) {
	s.Version = SessionVersion
	return json.Marshal(s)
}
