-- The publication gate: dismissed findings, extracted attachment text,
-- interpretations and attachments held for review, the masked public text
-- of citizens' items, the original dates of imported documents held for
-- review, and the privacy sweep's findings.
--
-- Numbered below the area migrations on purpose (range 00010–00019), so
-- on a fresh database it runs before the tables of the areas exist: these
-- tables stand alone and reference only users.

-- +goose Up
CREATE TABLE finding_dismissals (
    id          INTEGER PRIMARY KEY,
    item_kind   TEXT NOT NULL,
    item_id     INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    source      TEXT NOT NULL,
    field_label TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    masked      TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    actor_login TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (item_kind, item_id, fingerprint)
);

CREATE TABLE attachment_texts (
    attachment_id INTEGER PRIMARY KEY,
    status        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL DEFAULT '',
    extracted_at  TEXT NOT NULL
);

CREATE TABLE held_sources (
    source      TEXT PRIMARY KEY,
    document_id INTEGER NOT NULL,
    held_at     TEXT NOT NULL,
    held_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX held_sources_doc ON held_sources(document_id);

CREATE TABLE public_texts (
    item_kind  TEXT NOT NULL,
    item_id    INTEGER NOT NULL,
    field      TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (item_kind, item_id, field)
);

CREATE TABLE imported_originals (
    document_id  INTEGER PRIMARY KEY,
    published_on TEXT NOT NULL
);

CREATE TABLE privacy_findings (
    id          INTEGER PRIMARY KEY,
    item_kind   TEXT NOT NULL,
    item_id     INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    field_label TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    masked      TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    blocking    BOOLEAN NOT NULL DEFAULT 1,
    page        TEXT NOT NULL DEFAULT '',
    admin_link  TEXT NOT NULL DEFAULT '',
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    resolved_at TEXT,
    UNIQUE (item_kind, item_id, fingerprint)
);
CREATE INDEX privacy_findings_open ON privacy_findings(resolved_at, first_seen);

-- +goose Down
DROP TABLE privacy_findings;
DROP TABLE imported_originals;
DROP TABLE public_texts;
DROP TABLE held_sources;
DROP TABLE attachment_texts;
DROP TABLE finding_dismissals;
