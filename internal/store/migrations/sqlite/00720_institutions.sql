-- The registry of private schools and off-campus training institutions
-- (issue 14). institutions holds what is public (data: the JSON of the
-- passed version); institution_revisions every version entered, pending
-- until the confidentiality reviewer passes it (the publication gate).

-- +goose Up
CREATE TABLE institutions (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('school', 'training')),
    status       TEXT NOT NULL DEFAULT 'draft',
    name         TEXT NOT NULL DEFAULT '',
    licence_no   TEXT NOT NULL DEFAULT '',
    district     TEXT NOT NULL DEFAULT '',
    list_status  TEXT NOT NULL DEFAULT '',
    data         TEXT NOT NULL DEFAULT '{}',
    version      INTEGER NOT NULL DEFAULT 0,
    published_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX institutions_kind ON institutions(kind, status);

CREATE TABLE institution_revisions (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    status         TEXT NOT NULL DEFAULT 'pending',
    data           TEXT NOT NULL,
    name           TEXT NOT NULL,
    licence_no     TEXT NOT NULL,
    source         TEXT NOT NULL DEFAULT '',
    changes        TEXT NOT NULL DEFAULT '[]',
    author_id      INTEGER REFERENCES users(id),
    author_login   TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    reviewer_id    INTEGER REFERENCES users(id),
    reviewer_login TEXT NOT NULL DEFAULT '',
    reviewed_at    TEXT,
    review_note    TEXT NOT NULL DEFAULT '',
    findings       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX institution_revisions_inst ON institution_revisions(institution_id, id);
CREATE INDEX institution_revisions_pending ON institution_revisions(status, licence_no);

-- +goose StatementBegin
CREATE TRIGGER exchange_institutions_upd AFTER UPDATE ON institutions
WHEN (NEW.status = 'published' OR OLD.status = 'published') AND NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('institution', NEW.id); END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER exchange_institutions_upd;
DROP TABLE institution_revisions;
DROP TABLE institutions;
