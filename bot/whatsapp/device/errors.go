package device

import "errors"

var (
	// ErrDialect is returned by OpenStore for a dialect other
	// than "postgres" or "sqlite".
	ErrDialect = errors.New("unsupported database dialect")
	// ErrForeignKeysOff is returned by OpenStore for an SQLite database
	// opened without foreign keys, which whatsmeow's store needs: open it
	// with _pragma=foreign_keys(1) in the DSN.
	ErrForeignKeysOff = errors.New("SQLite foreign keys are off")

	// ErrPhone is returned by NormalizePhone and Login for a phone number
	// that is not an international number.
	ErrPhone = errors.New("invalid phone number")
	// ErrLoginTimeout is returned by Login when the codes ran out before
	// the phone linked the device.
	ErrLoginTimeout = errors.New("login codes ran out")
	// ErrLoginFailed is returned by Login when WhatsApp refused the link or
	// the connection ended in a state login does not expect.
	ErrLoginFailed = errors.New("login failed")

	// ErrNotConnected is returned by Watcher.Ready before the first
	// connection and while whatsmeow reconnects.
	ErrNotConnected = errors.New("WhatsApp not connected")
	// ErrKeepAlive is returned by Watcher.Ready while the connection is up
	// but WhatsApp does not answer keepalive pings.
	ErrKeepAlive = errors.New("WhatsApp keepalive failing")
	// ErrLoggedOut is returned by Watcher.Ready after the phone unlinked the
	// device (Trouble LoggedOut).
	ErrLoggedOut = errors.New("WhatsApp device logged out")
	// ErrStreamReplaced is returned by Watcher.Ready after another process
	// connected with the same device (Trouble StreamReplaced).
	ErrStreamReplaced = errors.New("WhatsApp connection replaced by another process")
	// ErrTemporaryBan is returned by Watcher.Ready while the account is
	// temporarily banned (Trouble TemporaryBan).
	ErrTemporaryBan = errors.New("WhatsApp account temporarily banned")
	// ErrClientOutdated is returned by Login and Watcher.Ready when WhatsApp
	// rejects this whatsmeow version (Trouble Outdated).
	ErrClientOutdated = errors.New("WhatsApp client outdated")
	// ErrConnectFailure is returned by Watcher.Ready after a connect failure
	// whatsmeow does not retry (Trouble ConnectFailure).
	ErrConnectFailure = errors.New("WhatsApp connect failure")
)
