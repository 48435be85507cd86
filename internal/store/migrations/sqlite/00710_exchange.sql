-- The exchange with the upper-level platform (issue 14): a change log whose
-- sequence numbers are given in commit order by one sequencer
-- (store/exchange_change.go). Triggers note, inside the writing
-- transaction, which public thing may have changed; the sequencer turns
-- the notes into numbered changes. Subscribers receive them by push
-- through the notification outbox.

-- +goose Up
CREATE TABLE exchange_seq (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    last    INTEGER NOT NULL,
    last_at TEXT NOT NULL
);
INSERT INTO exchange_seq (id, last, last_at) VALUES (1, 0, '');

CREATE TABLE exchange_pending (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    entity_id INTEGER NOT NULL
);

CREATE TABLE exchange_changes (
    seq       INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    at        TEXT NOT NULL,
    deleted   BOOLEAN NOT NULL,
    hash      TEXT NOT NULL,
    record    TEXT NOT NULL
);
CREATE INDEX exchange_changes_at ON exchange_changes(at);

CREATE TABLE exchange_latest (
    kind      TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (kind, entity_id)
);
CREATE INDEX exchange_latest_seq ON exchange_latest(kind, seq);

-- A row here pauses the triggers: a restore loads the archive's rows,
-- its change log included, without noting them again (store/restore.go).
CREATE TABLE exchange_pause (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);

CREATE TABLE exchange_subscribers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    kinds      TEXT NOT NULL DEFAULT '',
    active     BOOLEAN NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''
);

-- +goose StatementBegin
CREATE TRIGGER exchange_documents_ins AFTER INSERT ON documents WHEN (NEW.status = 'published') AND NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('document', NEW.id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_documents_upd AFTER UPDATE ON documents WHEN (NEW.status = 'published' OR OLD.status = 'published') AND NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('document', NEW.id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_documents_del AFTER DELETE ON documents WHEN (OLD.status = 'published') AND NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('document', OLD.id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_interpretations_ins AFTER INSERT ON interpretations
WHEN ((SELECT status FROM documents WHERE id = NEW.document_id) = 'published') AND NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('document', NEW.document_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_interpretations_upd AFTER UPDATE ON interpretations
WHEN ((SELECT status FROM documents WHERE id = NEW.document_id) = 'published') AND NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('document', NEW.document_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_interpretations_del AFTER DELETE ON interpretations
WHEN ((SELECT status FROM documents WHERE id = OLD.document_id) = 'published') AND NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('document', OLD.document_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_attachments_ins AFTER INSERT ON document_attachments
WHEN ((SELECT status FROM documents WHERE id = NEW.document_id) = 'published') AND NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('document', NEW.document_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_attachments_del AFTER DELETE ON document_attachments
WHEN ((SELECT status FROM documents WHERE id = OLD.document_id) = 'published') AND NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('document', OLD.document_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_held_ins AFTER INSERT ON held_sources WHEN NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('document', NEW.document_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_held_del AFTER DELETE ON held_sources WHEN NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('document', OLD.document_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_catalog_ins AFTER INSERT ON catalog_items WHEN NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('catalog_item', NEW.id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_catalog_upd AFTER UPDATE ON catalog_items WHEN NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('catalog_item', NEW.id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER exchange_catalog_del AFTER DELETE ON catalog_items WHEN NOT EXISTS (SELECT 1 FROM exchange_pause)
BEGIN INSERT INTO exchange_pending (kind, entity_id) VALUES ('catalog_item', OLD.id); END;
-- +goose StatementEnd

-- What is public already is noted once, so the first walk has it all.
INSERT INTO exchange_pending (kind, entity_id) SELECT 'catalog_item', id FROM catalog_items ORDER BY id;
INSERT INTO exchange_pending (kind, entity_id) SELECT 'document', id FROM documents WHERE status = 'published' ORDER BY id;

-- +goose Down
DROP TRIGGER exchange_catalog_del;
DROP TRIGGER exchange_catalog_upd;
DROP TRIGGER exchange_catalog_ins;
DROP TRIGGER exchange_held_del;
DROP TRIGGER exchange_held_ins;
DROP TRIGGER exchange_attachments_del;
DROP TRIGGER exchange_attachments_ins;
DROP TRIGGER exchange_interpretations_del;
DROP TRIGGER exchange_interpretations_upd;
DROP TRIGGER exchange_interpretations_ins;
DROP TRIGGER exchange_documents_del;
DROP TRIGGER exchange_documents_upd;
DROP TRIGGER exchange_documents_ins;
DROP TABLE exchange_subscribers;
DROP TABLE exchange_pause;
DROP TABLE exchange_latest;
DROP TABLE exchange_changes;
DROP TABLE exchange_pending;
DROP TABLE exchange_seq;
