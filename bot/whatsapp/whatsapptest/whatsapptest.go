// Package whatsapptest is a fake WhatsApp connection for tests: it records
// what the adapter sends and delivers events built from whatsmeow's own
// types, with no network and no phone.
package whatsapptest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"
)

// Sent is a message the fake took.
type Sent struct {
	To      types.JID
	ID      types.MessageID
	Message *waE2E.Message
	// Upload is the content of the photo or document the message carries.
	Upload []byte
}

// Text is the message's text or caption.
func (s Sent) Text() string {
	m := s.Message
	switch {
	case m.GetConversation() != "":
		return m.GetConversation()
	case m.GetImageMessage() != nil:
		return m.GetImageMessage().GetCaption()
	case m.GetDocumentMessage() != nil:
		return m.GetDocumentMessage().GetCaption()
	}
	return m.GetExtendedTextMessage().GetText()
}

// Receipt is a read receipt the fake took.
type Receipt struct {
	IDs          []types.MessageID
	Chat, Sender types.JID
}

// Client is a fake *whatsmeow.Client. Safe for concurrent use.
type Client struct {
	mu        sync.Mutex
	connected bool
	handlers  map[uint32]whatsmeow.EventHandlerWithSuccessStatus
	nextID    uint32
	seq       int
	sent      []Sent
	receipts  []Receipt
	presence  []string // "composing 7701…", "paused 7701…"
	media     map[string][]byte
	// SendErr, when set, is returned by the next SendMessage.
	SendErr error
	// DownloadErr, when set, is returned by every Download.
	DownloadErr error
}

// New returns a connected fake.
func New() *Client {
	return &Client{connected: true, handlers: make(map[uint32]whatsmeow.EventHandlerWithSuccessStatus), media: make(map[string][]byte)}
}

// SetConnected connects or disconnects the fake.
func (c *Client) SetConnected(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.connected = on
}

// IsConnected implements whatsapp.Client.
func (c *Client) IsConnected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.connected
}

// AddEventHandlerWithSuccessStatus implements whatsapp.Client.
func (c *Client) AddEventHandlerWithSuccessStatus(h whatsmeow.EventHandlerWithSuccessStatus) uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextID++
	c.handlers[c.nextID] = h
	return c.nextID
}

// RemoveEventHandler implements whatsapp.Client.
func (c *Client) RemoveEventHandler(id uint32) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.handlers[id]
	delete(c.handlers, id)
	return ok
}

// Handlers reports how many event handlers are registered.
func (c *Client) Handlers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.handlers)
}

// Dispatch runs every handler on evt, as whatsmeow's event loop does: the
// call returns when they have. It reports whether all succeeded; whatsmeow
// acknowledges a message to WhatsApp only then.
func (c *Client) Dispatch(evt any) bool {
	c.mu.Lock()
	hs := make([]whatsmeow.EventHandlerWithSuccessStatus, 0, len(c.handlers))
	for _, h := range c.handlers {
		hs = append(hs, h)
	}
	c.mu.Unlock()
	ok := true
	for _, h := range hs {
		ok = h(evt) && ok
	}
	return ok
}

// SendMessage implements whatsapp.Client.
func (c *Client) SendMessage(ctx context.Context, to types.JID, m *waE2E.Message, _ ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	if err := ctx.Err(); err != nil {
		return whatsmeow.SendResponse{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.SendErr; err != nil {
		c.SendErr = nil
		return whatsmeow.SendResponse{}, err
	}
	if !c.connected {
		return whatsmeow.SendResponse{}, whatsmeow.ErrNotConnected
	}
	c.seq++
	id := types.MessageID(fmt.Sprintf("OUT%04d", c.seq))
	s := Sent{To: to, ID: id, Message: proto.Clone(m).(*waE2E.Message)}
	if p := m.GetImageMessage().GetDirectPath(); p != "" {
		s.Upload = c.media[p]
	}
	if p := m.GetDocumentMessage().GetDirectPath(); p != "" {
		s.Upload = c.media[p]
	}
	c.sent = append(c.sent, s)
	return whatsmeow.SendResponse{ID: id, Timestamp: time.Now()}, nil
}

// Sent returns the messages sent so far and forgets them.
func (c *Client) Sent() []Sent {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.sent
	c.sent = nil
	return s
}

// MarkRead implements whatsapp.Client.
func (c *Client) MarkRead(_ context.Context, ids []types.MessageID, _ time.Time, chat, sender types.JID, _ ...types.ReceiptType) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.receipts = append(c.receipts, Receipt{IDs: ids, Chat: chat, Sender: sender})
	return nil
}

// Receipts returns the read receipts sent so far.
func (c *Client) Receipts() []Receipt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Receipt(nil), c.receipts...)
}

// SendChatPresence implements whatsapp.Client.
func (c *Client) SendChatPresence(_ context.Context, jid types.JID, state types.ChatPresence, _ types.ChatPresenceMedia) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.presence = append(c.presence, string(state)+" "+jid.User)
	return nil
}

// Presence returns the chat presences sent so far.
func (c *Client) Presence() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.presence...)
}

// Upload implements whatsapp.Client: the content is kept under a direct
// path of its own, which Download and the sent message's Upload find.
func (c *Client) Upload(ctx context.Context, data []byte, _ whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	if err := ctx.Err(); err != nil {
		return whatsmeow.UploadResponse{}, err
	}
	sum := sha256.Sum256(data)
	path := fmt.Sprintf("/v/t62/%x", sum[:8])
	c.mu.Lock()
	c.media[path] = append([]byte(nil), data...)
	c.mu.Unlock()
	return whatsmeow.UploadResponse{URL: "https://mmg.whatsapp.net" + path, DirectPath: path,
		MediaKey: sum[:], FileSHA256: sum[:], FileEncSHA256: sum[:], FileLength: uint64(len(data))}, nil
}

// PutMedia stores a file as if a customer had sent it, and returns an
// image message that names it.
func (c *Client) PutMedia(data []byte, mime string) *waE2E.ImageMessage {
	up, _ := c.Upload(context.Background(), data, whatsmeow.MediaImage)
	return &waE2E.ImageMessage{URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath), MediaKey: up.MediaKey,
		FileSHA256: up.FileSHA256, FileEncSHA256: up.FileEncSHA256, FileLength: proto.Uint64(up.FileLength),
		Mimetype: proto.String(mime)}
}

// Download implements whatsapp.Client from the files uploaded or put.
func (c *Client) Download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.DownloadErr != nil {
		return nil, c.DownloadErr
	}
	data, ok := c.media[msg.GetDirectPath()]
	if !ok {
		return nil, fmt.Errorf("download: %w", whatsmeow.ErrMediaDownloadFailedWith404)
	}
	return append([]byte(nil), data...), nil
}

// Customer builds the events of one customer writing from a phone number.
type Customer struct {
	Phone string // digits
	LID   string // the LID user, if WhatsApp addresses them by it
	Name  string
	seq   int
}

// JID is the customer's phone JID.
func (u *Customer) JID() types.JID { return types.NewJID(u.Phone, types.DefaultUserServer) }

// Message returns the event of the customer sending m. With a LID, the
// message comes LID-addressed with the phone number as the alternative.
func (u *Customer) Message(m *waE2E.Message) *events.Message {
	u.seq++
	src := types.MessageSource{Chat: u.JID(), Sender: u.JID()}
	if u.LID != "" {
		lid := types.NewJID(u.LID, types.HiddenUserServer)
		src = types.MessageSource{Chat: lid, Sender: lid, AddressingMode: types.AddressingModeLID, SenderAlt: u.JID()}
	}
	return &events.Message{
		Info: types.MessageInfo{MessageSource: src, ID: types.MessageID(fmt.Sprintf("IN%s%04d", u.Phone, u.seq)),
			PushName: u.Name, Timestamp: time.Date(2026, 12, 5, 12, 0, u.seq, 0, time.UTC)},
		Message: m,
	}
}

// Text returns the event of the customer typing s.
func (u *Customer) Text(s string) *events.Message {
	return u.Message(&waE2E.Message{Conversation: proto.String(s)})
}
