-- Messages and error reports get a tracking code and a secret (only its
-- hash is kept), like applications: the citizen looks their message up on
-- the portal (issue 11 item 5). Messages stored before have no code.

-- +goose Up
ALTER TABLE messages ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN secret_hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX messages_code ON messages(code) WHERE code <> '';

-- +goose Down
DROP INDEX messages_code;
ALTER TABLE messages DROP COLUMN secret_hash;
ALTER TABLE messages DROP COLUMN code;
