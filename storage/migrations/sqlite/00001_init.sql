-- +goose Up

-- Times are UTC text, 2006-01-02T15:04:05.000000Z: fixed width, so they
-- compare as text. JSON is TEXT.

-- One row per chat; data is the flows' session, NULL for a row LockSessions
-- created for a chat never seen.
CREATE TABLE sessions (
	chat_key   TEXT PRIMARY KEY,
	data       TEXT,
	updated_at TEXT NOT NULL
) STRICT;

-- Dedupe keys of inbound events, kept for the retention period.
CREATE TABLE processed_updates (
	key     TEXT PRIMARY KEY,
	seen_at TEXT NOT NULL
) STRICT;
CREATE INDEX processed_updates_seen_at ON processed_updates (seen_at);

-- Replies committed with their session, waiting to be sent.
CREATE TABLE outbox (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	channel       TEXT NOT NULL,
	chat_id       TEXT NOT NULL,
	body          TEXT NOT NULL,
	attempts      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL,
	not_before    TEXT NOT NULL,
	claimed_by    TEXT,
	claimed_until TEXT
) STRICT;
-- Claims look for older rows of the same chat.
CREATE INDEX outbox_chat ON outbox (channel, chat_id, id);

CREATE TABLE categories (
	id       TEXT PRIMARY KEY,
	position INTEGER NOT NULL,
	name_kk  TEXT NOT NULL,
	name_ru  TEXT NOT NULL
) STRICT;

CREATE TABLE products (
	sku            TEXT PRIMARY KEY,
	category_id    TEXT NOT NULL REFERENCES categories (id),
	position       INTEGER NOT NULL,
	name_kk        TEXT NOT NULL,
	name_ru        TEXT NOT NULL,
	description_kk TEXT NOT NULL DEFAULT '',
	description_ru TEXT NOT NULL DEFAULT '',
	price          INTEGER NOT NULL CHECK (price > 0),
	photo          TEXT NOT NULL DEFAULT '',
	personalised   INTEGER NOT NULL DEFAULT 0,
	weight_grams   INTEGER NOT NULL DEFAULT 0 CHECK (weight_grams >= 0)
) STRICT;
CREATE INDEX products_category ON products (category_id);

CREATE TABLE variants (
	id        TEXT PRIMARY KEY,
	sku       TEXT NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	size      TEXT NOT NULL,
	colour_kk TEXT NOT NULL DEFAULT '',
	colour_ru TEXT NOT NULL DEFAULT '',
	stock     INTEGER NOT NULL CHECK (stock >= 0)
) STRICT;
CREATE INDEX variants_sku ON variants (sku, position);

-- Stock in the store's retail shops, by city id: express delivery comes from here.
CREATE TABLE retail_stock (
	variant_id TEXT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
	city       TEXT NOT NULL,
	qty        INTEGER NOT NULL CHECK (qty >= 0),
	PRIMARY KEY (variant_id, city)
) STRICT;

-- Money is whole tenge.
CREATE TABLE orders (
	id                   INTEGER PRIMARY KEY AUTOINCREMENT,
	chat_key             TEXT NOT NULL,
	lang                 TEXT NOT NULL,
	status               TEXT NOT NULL,
	customer_name        TEXT NOT NULL DEFAULT '',
	customer_phone       TEXT NOT NULL DEFAULT '',
	customer_email       TEXT NOT NULL DEFAULT '',
	delivery_method      TEXT NOT NULL DEFAULT '',
	delivery_city        TEXT NOT NULL DEFAULT '',
	delivery_address     TEXT NOT NULL DEFAULT '',
	delivery_price       INTEGER NOT NULL DEFAULT 0,
	delivery_free        INTEGER NOT NULL DEFAULT 0,
	delivery_approximate INTEGER NOT NULL DEFAULT 0,
	delivery_min_days    INTEGER NOT NULL DEFAULT 0,
	delivery_max_days    INTEGER NOT NULL DEFAULT 0,
	goods_total          INTEGER NOT NULL,
	total                INTEGER NOT NULL,
	created_at           TEXT NOT NULL,
	updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX orders_chat ON orders (chat_key, id);

-- Lines frozen at ordering time: no reference to variants, which the
-- catalog may delete.
CREATE TABLE order_items (
	order_id   INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	line       INTEGER NOT NULL,
	variant_id TEXT NOT NULL,
	sku        TEXT NOT NULL,
	name       TEXT NOT NULL,
	size       TEXT NOT NULL,
	price      INTEGER NOT NULL,
	qty        INTEGER NOT NULL CHECK (qty > 0),
	PRIMARY KEY (order_id, line)
) STRICT;
