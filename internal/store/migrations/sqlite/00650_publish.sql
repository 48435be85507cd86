-- Static publishing (issue 13): `gongkai publish` and the publish job write
-- the portal as files. The portal's document lists read a page of ids from
-- a partial index of the public documents (deep pages of 100,000 documents
-- stay cheap); publish_state keeps each output directory's last run for the
-- console (系统管理 → 静态发布), publish_requests the full rebuilds asked
-- for there.

-- +goose Up
CREATE INDEX documents_public ON documents(published_at, id)
    WHERE status = 'published' AND attribute = '主动公开' AND audience_unit_id IS NULL;
CREATE INDEX documents_public_catalog ON documents(catalog_item_id, published_at, id)
    WHERE status = 'published' AND attribute = '主动公开' AND audience_unit_id IS NULL;

CREATE TABLE publish_state (
    dir          TEXT PRIMARY KEY,
    node         TEXT NOT NULL DEFAULT '',
    started_at   TEXT NOT NULL DEFAULT '',
    finished_at  TEXT NOT NULL DEFAULT '',
    full_run     BOOLEAN NOT NULL DEFAULT 0,
    last_full_at TEXT NOT NULL DEFAULT '',
    pages        INTEGER NOT NULL DEFAULT 0,
    rendered     INTEGER NOT NULL DEFAULT 0,
    written      INTEGER NOT NULL DEFAULT 0,
    deleted      INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    failures     TEXT NOT NULL DEFAULT '',
    duration_ms  INTEGER NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT '',
    audit_cursor INTEGER NOT NULL DEFAULT 0,
    request_seen INTEGER NOT NULL DEFAULT 0,
    day          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE publish_requests (
    id           INTEGER PRIMARY KEY,
    requested_at TEXT NOT NULL,
    requested_by TEXT NOT NULL
);

-- +goose Down
DROP TABLE publish_requests;
DROP TABLE publish_state;
DROP INDEX documents_public_catalog;
DROP INDEX documents_public;
