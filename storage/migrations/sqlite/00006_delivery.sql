-- +goose Up

-- Delivery details an order needs beyond the method and address: the CDEK
-- pickup point and tariff, the customer's map point, for express the
-- retail shop the goods come from, the Yandex claim, and when a request
-- taken out of hours is released; and the shipment's CDEK status.
ALTER TABLE orders ADD COLUMN delivery_point  TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN delivery_tariff INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN delivery_lat    REAL NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN delivery_lon    REAL NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN delivery_shop   TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN courier_claim   TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN courier_status  TEXT NOT NULL DEFAULT '';
-- When an express request became payable: unpaid orders expire from it.
ALTER TABLE orders ADD COLUMN payable_at      TEXT;
ALTER TABLE orders ADD COLUMN release_at      TEXT;
CREATE INDEX orders_express ON orders (id) WHERE delivery_method = 'express'
	AND status IN ('awaiting_quote', 'paid', 'processing', 'shipped');

-- The latest CDEK status of a shipment, as the tracking job last read it.
ALTER TABLE orders ADD COLUMN carrier_status      TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN carrier_status_name TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN carrier_status_city TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN carrier_status_at   TEXT;

-- +goose Down
ALTER TABLE orders DROP COLUMN carrier_status_at;
ALTER TABLE orders DROP COLUMN carrier_status_city;
ALTER TABLE orders DROP COLUMN carrier_status_name;
ALTER TABLE orders DROP COLUMN carrier_status;
DROP INDEX orders_express;
ALTER TABLE orders DROP COLUMN release_at;
ALTER TABLE orders DROP COLUMN payable_at;
ALTER TABLE orders DROP COLUMN courier_status;
ALTER TABLE orders DROP COLUMN courier_claim;
ALTER TABLE orders DROP COLUMN delivery_shop;
ALTER TABLE orders DROP COLUMN delivery_lon;
ALTER TABLE orders DROP COLUMN delivery_lat;
ALTER TABLE orders DROP COLUMN delivery_tariff;
ALTER TABLE orders DROP COLUMN delivery_point;
