-- Proactive disclosure: catalogue, documents, review, interpretations,
-- policy packages, sensitive words, synonyms, portal version, search.

-- +goose Up
CREATE TABLE catalog_items (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES catalog_items(id),
    level       INTEGER NOT NULL DEFAULT 1,
    seq         TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    content     TEXT NOT NULL DEFAULT '',
    basis       TEXT NOT NULL DEFAULT '',
    time_limit  TEXT NOT NULL DEFAULT '',
    limit_days  INTEGER NOT NULL DEFAULT 0,
    subject     TEXT NOT NULL DEFAULT '',
    channels    TEXT NOT NULL DEFAULT '',
    audience    TEXT NOT NULL DEFAULT '',
    mode        TEXT NOT NULL DEFAULT '',
    tier        TEXT NOT NULL DEFAULT '',
    sort        INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX catalog_items_parent ON catalog_items(parent_id);

CREATE TABLE catalog_history (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES catalog_items(id),
    at          TEXT NOT NULL,
    actor_login TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX catalog_history_item ON catalog_history(item_id);

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    unit_id          INTEGER REFERENCES units(id),
    issuer           TEXT NOT NULL DEFAULT '',
    author_id        INTEGER REFERENCES users(id),
    title            TEXT NOT NULL,
    index_no         TEXT,
    doc_no           TEXT NOT NULL DEFAULT '',
    written_on       TEXT NOT NULL,
    changed_on       TEXT NOT NULL,
    due_on           TEXT,
    published_at     TEXT,
    catalog_item_id  INTEGER REFERENCES catalog_items(id),
    topic            TEXT NOT NULL DEFAULT '',
    genre            TEXT NOT NULL DEFAULT '',
    tags             TEXT NOT NULL DEFAULT '',
    validity         TEXT NOT NULL DEFAULT '有效',
    validity_on      TEXT,
    replaced_by_id   INTEGER REFERENCES documents(id),
    body_html        TEXT NOT NULL DEFAULT '',
    body_text        TEXT NOT NULL DEFAULT '',
    attribute        TEXT NOT NULL DEFAULT '主动公开',
    attribute_ground TEXT NOT NULL DEFAULT '',
    audience_unit_id INTEGER REFERENCES units(id),
    audience_note    TEXT NOT NULL DEFAULT '',
    major            BOOLEAN NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT 'draft',
    version          INTEGER NOT NULL DEFAULT 1,
    imported         BOOLEAN NOT NULL DEFAULT 0,
    title_tokens     TEXT NOT NULL DEFAULT '',
    body_tokens      TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX documents_index_no ON documents(index_no);
CREATE INDEX documents_status ON documents(status, due_on);
CREATE INDEX documents_unit ON documents(unit_id);
CREATE INDEX documents_catalog ON documents(catalog_item_id, published_at);
CREATE INDEX documents_published ON documents(published_at);
CREATE INDEX documents_doc_no ON documents(doc_no);

CREATE TABLE document_versions (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    version     INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor_login TEXT NOT NULL,
    snapshot    TEXT NOT NULL,
    UNIQUE (document_id, version)
);

CREATE TABLE document_attachments (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    name         TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX document_attachments_doc ON document_attachments(document_id);

CREATE TABLE document_reviews (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents(id),
    opened_at     TEXT NOT NULL,
    closed_at     TEXT,
    outcome       TEXT NOT NULL DEFAULT '',
    reviewer_id   INTEGER REFERENCES users(id),
    reviewed_at   TEXT,
    review_note   TEXT NOT NULL DEFAULT '',
    findings      TEXT NOT NULL DEFAULT '',
    signer_id     INTEGER REFERENCES users(id),
    signed_at     TEXT,
    sign_note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX document_reviews_doc ON document_reviews(document_id);

CREATE TABLE document_events (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    review_id   INTEGER REFERENCES document_reviews(id),
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    actor_login TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX document_events_doc ON document_events(document_id);

CREATE TABLE interpretations (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    form        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body_html   TEXT NOT NULL DEFAULT '',
    media_url   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX interpretations_doc ON interpretations(document_id);

CREATE TABLE policy_packages (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    audience    TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '',
    published   BOOLEAN NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE policy_package_documents (
    package_id  INTEGER NOT NULL REFERENCES policy_packages(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    sort        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (package_id, document_id)
);

CREATE TABLE package_requests (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    contact     TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    topic       TEXT NOT NULL,
    message     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'new',
    package_id  INTEGER REFERENCES policy_packages(id),
    answer      TEXT NOT NULL DEFAULT '',
    answered_at TEXT,
    ip          TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE TABLE sensitive_words (
    id         INTEGER PRIMARY KEY,
    word       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE search_synonyms (
    id         INTEGER PRIMARY KEY,
    term       TEXT NOT NULL UNIQUE,
    synonyms   TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE portal_version (
    id      INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO portal_version (id, version) VALUES (1, 1);

CREATE VIRTUAL TABLE documents_fts USING fts5(title_tokens, body_tokens, content='', contentless_delete=1, tokenize='unicode61');
INSERT INTO documents_fts(documents_fts, rank) VALUES('rank', 'bm25(10.0, 1.0)');

-- +goose Down
DROP TABLE documents_fts;
DROP TABLE portal_version;
DROP TABLE search_synonyms;
DROP TABLE sensitive_words;
DROP TABLE package_requests;
DROP TABLE policy_package_documents;
DROP TABLE policy_packages;
DROP TABLE interpretations;
DROP TABLE document_events;
DROP TABLE document_reviews;
DROP TABLE document_attachments;
DROP TABLE document_versions;
DROP TABLE documents;
DROP TABLE catalog_history;
DROP TABLE catalog_items;
