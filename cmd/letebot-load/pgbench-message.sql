-- One bot message as one transaction, the ceiling the engine is compared with
-- (README, Performance). Setup and run: see README.
\set c random(1, 1000)
BEGIN;
SELECT data FROM sessions WHERE chat_key = 'c' || :c FOR UPDATE;
UPDATE sessions SET data = jsonb_build_object('pad', repeat('y', 1000), 'n', :c), updated_at = now() WHERE chat_key = 'c' || :c;
INSERT INTO outbox(chat_id, body) VALUES ('c' || :c, '{"text":"hello"}');
COMMIT;
