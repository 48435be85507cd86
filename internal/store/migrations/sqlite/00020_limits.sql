-- Limits counted in the database, shared by every node (issue 9).
-- limit_keys holds one row per counted key: taking a limit upserts it
-- first, which serialises the takers of one key (on SQLite the single
-- writer does that anyway; on PostgreSQL the row lock of the upsert).
-- limit_hits holds the accepted hits of the public forms; a refused hit is
-- never written. login_attempts replaces login_failures: an attempt is
-- reserved (pending) before the password is checked and becomes failed
-- when the check fails; a success deletes it.

-- +goose Up
CREATE TABLE limit_keys (
    key        TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);
CREATE INDEX limit_keys_expires ON limit_keys(expires_at);

CREATE TABLE limit_hits (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL,
    at         TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX limit_hits_key ON limit_hits(key, at);
CREATE INDEX limit_hits_expires ON limit_hits(expires_at);

CREATE TABLE login_attempts (
    id    INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'failed'))
);
CREATE INDEX login_attempts_login ON login_attempts(login, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

DROP TABLE login_failures;

-- +goose Down
CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TEXT NOT NULL
);
CREATE INDEX login_failures_login ON login_failures(login, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);
DROP TABLE login_attempts;
DROP TABLE limit_hits;
DROP TABLE limit_keys;
