-- API tokens get a life cycle (issue 9): an expiry (at most one year), who
-- created them, and why they were revoked. Tokens that exist already get
-- the default life of 90 days from this migration.

-- +goose Up
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN revoked_by TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN revoke_reason TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%f', 'now', '+90 days') || '000Z';
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- +goose Down
DROP INDEX api_tokens_user;
ALTER TABLE api_tokens DROP COLUMN revoke_reason;
ALTER TABLE api_tokens DROP COLUMN revoked_by;
ALTER TABLE api_tokens DROP COLUMN created_by;
ALTER TABLE api_tokens DROP COLUMN expires_at;
