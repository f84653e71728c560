// Package device is the linked WhatsApp device: its key store, login and
// connection health. It wraps whatsmeow (go.mau.fi/whatsmeow) and imports
// nothing else of letebot.
//
// WhatsApp allows one connection per linked device. A second process that
// connects with the same keys replaces the first (events.StreamReplaced),
// and two processes that keep reconnecting knock each other off for ever.
// So a process connects only while it holds the database lock that
// jobs.Lock gives (key jobs.WhatsAppLock); cmd/letebot/whatsapp.go does the
// wiring: OpenStore and Device load the linked device, a Watcher configured
// on the client reports its health and its troubles, and Login, under the
// same lock, links a new one.
package device
