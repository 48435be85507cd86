-- Search that understands words, and bulk work at 100,000 documents
-- (issue 10).
--
-- * The token text of titles and bodies is no longer kept beside the
--   original: Go computes it when a document is indexed and feeds the
--   contentless FTS5 table directly.
-- * search_docs holds each public document's word bag (search.Bag: the
--   words of a dictionary split with their counts in title and body, words
--   numbered in search_words); every node builds its in-memory word index
--   (the ranking) from it and follows the changes through seq, which the
--   single row of search_state hands out in commit order.
-- * index_sequences hands out index numbers per prefix without counting
--   the documents.
-- * requests_fts indexes the descriptions of applications, so a new one is
--   compared with a shortlist of similar past requests only.

-- +goose Up
ALTER TABLE documents DROP COLUMN title_tokens;
ALTER TABLE documents DROP COLUMN body_tokens;

CREATE TABLE search_words (
    id   INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE
);

CREATE TABLE search_docs (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    seq         INTEGER NOT NULL,
    bag         BLOB
);
CREATE INDEX search_docs_seq ON search_docs(seq);

CREATE TABLE search_state (
    id   INTEGER PRIMARY KEY,
    seq  INTEGER NOT NULL,
    dict TEXT NOT NULL DEFAULT ''
);
INSERT INTO search_state (id, seq, dict) VALUES (1, 0, '');

CREATE TABLE index_sequences (
    prefix TEXT PRIMARY KEY,
    last   INTEGER NOT NULL
);

CREATE VIRTUAL TABLE requests_fts USING fts5(description, content='', contentless_delete=1, tokenize='unicode61');

-- +goose Down
DROP TABLE requests_fts;
DROP TABLE index_sequences;
DROP TABLE search_state;
DROP TABLE search_docs;
DROP TABLE search_words;
ALTER TABLE documents ADD COLUMN title_tokens TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN body_tokens TEXT NOT NULL DEFAULT '';
