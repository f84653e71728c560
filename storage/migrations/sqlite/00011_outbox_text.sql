-- +goose Up

-- Postgres's 00011 makes the outbox body text, as it is here already; this
-- keeps the two schemas' versions in step.
SELECT 1;

-- +goose Down
SELECT 1;
