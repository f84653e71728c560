-- +goose Up

-- Delivery details an order needs beyond the method and address: the CDEK
-- pickup point and tariff, the customer's map point, for express the
-- retail shop the goods come from, the Yandex claim, and when a request
-- taken out of hours is released; and the shipment's CDEK status.
ALTER TABLE orders ADD COLUMN delivery_point  text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN delivery_tariff integer NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN delivery_lat    double precision NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN delivery_lon    double precision NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN delivery_shop   text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN courier_claim   text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN courier_status  text NOT NULL DEFAULT '';
-- When an express request became payable: unpaid orders expire from it.
ALTER TABLE orders ADD COLUMN payable_at      timestamptz;
ALTER TABLE orders ADD COLUMN release_at      timestamptz;
-- The express worker's passes read only open express orders.
CREATE INDEX orders_express ON orders (id) WHERE delivery_method = 'express'
	AND status IN ('awaiting_quote', 'paid', 'processing', 'shipped');

-- The latest CDEK status of a shipment, as the tracking job last read it.
ALTER TABLE orders ADD COLUMN carrier_status      text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN carrier_status_name text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN carrier_status_city text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN carrier_status_at   timestamptz;

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
