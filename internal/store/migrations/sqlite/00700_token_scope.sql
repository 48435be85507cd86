-- Scoped API tokens (issue 14): a token may be given permissions that no
-- role holds (exchange, for the upper-level platform), and then may do
-- only those. '' is an ordinary token with its owner's role.

-- +goose Up
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN scope;
