-- +goose Up

-- An order line's colour, in the customer's language at the time of
-- ordering, as its name is: two lines of one product and size differ by
-- it, and staff pack by it.
ALTER TABLE order_items ADD COLUMN colour text NOT NULL DEFAULT '';
-- The name or words a personalised product is made with, as the customer
-- typed them.
ALTER TABLE order_items ADD COLUMN personal_text text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE order_items DROP COLUMN personal_text;
ALTER TABLE order_items DROP COLUMN colour;
