-- +goose Up

-- One row per chat; data is the flows' session, NULL for a row LockSessions
-- created for a chat never seen.
CREATE TABLE sessions (
	chat_key   text PRIMARY KEY,
	data       jsonb,
	updated_at timestamptz NOT NULL
);

-- Dedupe keys of inbound events, kept for the retention period.
CREATE TABLE processed_updates (
	key     text PRIMARY KEY,
	seen_at timestamptz NOT NULL
);
CREATE INDEX processed_updates_seen_at ON processed_updates (seen_at);

-- Replies committed with their session, waiting to be sent.
CREATE TABLE outbox (
	id            bigserial PRIMARY KEY,
	channel       text NOT NULL,
	chat_id       text NOT NULL,
	body          jsonb NOT NULL,
	attempts      integer NOT NULL DEFAULT 0,
	created_at    timestamptz NOT NULL,
	not_before    timestamptz NOT NULL,
	claimed_by    text,
	claimed_until timestamptz
);
-- Claims look for older rows of the same chat.
CREATE INDEX outbox_chat ON outbox (channel, chat_id, id);

CREATE TABLE categories (
	id       text PRIMARY KEY,
	position integer NOT NULL,
	name_kk  text NOT NULL,
	name_ru  text NOT NULL
);

CREATE TABLE products (
	sku            text PRIMARY KEY,
	category_id    text NOT NULL REFERENCES categories (id),
	position       integer NOT NULL,
	name_kk        text NOT NULL,
	name_ru        text NOT NULL,
	description_kk text NOT NULL DEFAULT '',
	description_ru text NOT NULL DEFAULT '',
	price          bigint NOT NULL CHECK (price > 0),
	photo          text NOT NULL DEFAULT '',
	personalised   boolean NOT NULL DEFAULT false,
	weight_grams   integer NOT NULL DEFAULT 0 CHECK (weight_grams >= 0)
);
CREATE INDEX products_category ON products (category_id);

CREATE TABLE variants (
	id        text PRIMARY KEY,
	sku       text NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
	position  integer NOT NULL,
	size      text NOT NULL,
	colour_kk text NOT NULL DEFAULT '',
	colour_ru text NOT NULL DEFAULT '',
	stock     integer NOT NULL CHECK (stock >= 0)
);
CREATE INDEX variants_sku ON variants (sku, position);

-- Stock in the store's retail shops, by city id: express delivery comes from here.
CREATE TABLE retail_stock (
	variant_id text NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
	city       text NOT NULL,
	qty        integer NOT NULL CHECK (qty >= 0),
	PRIMARY KEY (variant_id, city)
);

-- Money is whole tenge.
CREATE TABLE orders (
	id                   bigserial PRIMARY KEY,
	chat_key             text NOT NULL,
	lang                 text NOT NULL,
	status               text NOT NULL,
	customer_name        text NOT NULL DEFAULT '',
	customer_phone       text NOT NULL DEFAULT '',
	customer_email       text NOT NULL DEFAULT '',
	delivery_method      text NOT NULL DEFAULT '',
	delivery_city        text NOT NULL DEFAULT '',
	delivery_address     text NOT NULL DEFAULT '',
	delivery_price       bigint NOT NULL DEFAULT 0,
	delivery_free        boolean NOT NULL DEFAULT false,
	delivery_approximate boolean NOT NULL DEFAULT false,
	delivery_min_days    integer NOT NULL DEFAULT 0,
	delivery_max_days    integer NOT NULL DEFAULT 0,
	goods_total          bigint NOT NULL,
	total                bigint NOT NULL,
	created_at           timestamptz NOT NULL,
	updated_at           timestamptz NOT NULL
);
CREATE INDEX orders_chat ON orders (chat_key, id);

-- Lines frozen at ordering time: no reference to variants, which the
-- catalog may delete.
CREATE TABLE order_items (
	order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	line       integer NOT NULL,
	variant_id text NOT NULL,
	sku        text NOT NULL,
	name       text NOT NULL,
	size       text NOT NULL,
	price      bigint NOT NULL,
	qty        integer NOT NULL CHECK (qty > 0),
	PRIMARY KEY (order_id, line)
);
