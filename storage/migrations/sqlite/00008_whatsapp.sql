-- +goose Up

-- WhatsApp customers, keyed on the chat id the adapter uses (the phone
-- number when known), with the LID WhatsApp may address them by beside it.
-- A row means the customer wrote first, so the bot may write to them.
CREATE TABLE wa_contacts (
	chat_id  TEXT PRIMARY KEY,
	lid      TEXT NOT NULL DEFAULT '',
	first_at TEXT NOT NULL,
	last_at  TEXT NOT NULL
) STRICT;

-- The numbered options of messages sent on WhatsApp, which has no
-- buttons: a customer's "2" presses the second option of the message they
-- quote, or of the chat's latest.
CREATE TABLE wa_menus (
	chat_id    TEXT NOT NULL,
	message_id TEXT NOT NULL,
	sent_at    TEXT NOT NULL,
	menu       TEXT NOT NULL, -- the adapter's JSON
	PRIMARY KEY (chat_id, message_id)
) STRICT;
CREATE INDEX wa_menus_latest ON wa_menus (chat_id, sent_at DESC);

-- +goose Down
DROP TABLE wa_menus;
DROP TABLE wa_contacts;
