-- +goose Up

-- A reply's body is kept as the bot wrote it: text, not jsonb. Nothing
-- queries inside it, and jsonb parsed every body on the way in and printed
-- it on the way out with its keys reordered, so the claim never gave back
-- the bytes the bot had queued (the sender keeps its own replies decoded by
-- those bytes).
ALTER TABLE outbox ALTER COLUMN body TYPE text USING body::text;

-- +goose Down
ALTER TABLE outbox ALTER COLUMN body TYPE jsonb USING body::jsonb;
