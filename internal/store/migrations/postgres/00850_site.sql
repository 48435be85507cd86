-- The portal's identity and its 信息公开指南 (issue 16): one row each, the
-- content as JSON (internal/site). The identity uses `current` only; the
-- guide keeps the draft being edited in `current` and what the portal
-- shows in `published`. `version` guards concurrent edits.

-- +goose Up
CREATE TABLE site_documents (
    key          TEXT PRIMARY KEY,
    current      TEXT NOT NULL,
    published    TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL DEFAULT '',
    published_at TEXT NOT NULL DEFAULT '',
    published_by TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE site_documents;
