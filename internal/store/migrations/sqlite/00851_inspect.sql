-- The site self-inspection (issue 16): the probes of the public address,
-- the reports (JSON as `gongkai inspect --json` prints it), the column
-- classes the office set, and the serious-error list.

-- +goose Up
CREATE TABLE site_probes (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    ok      BOOLEAN NOT NULL DEFAULT 0,
    status  INTEGER NOT NULL DEFAULT 0,
    millis  INTEGER NOT NULL DEFAULT 0,
    error   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX site_probes_at ON site_probes(at);

CREATE TABLE site_inspections (
    id           INTEGER PRIMARY KEY,
    inspected_at TEXT NOT NULL,
    passed       BOOLEAN NOT NULL DEFAULT 0,
    vetoes       TEXT NOT NULL DEFAULT '',
    failures     INTEGER NOT NULL DEFAULT 0,
    base         TEXT NOT NULL DEFAULT '',
    trigger_by   TEXT NOT NULL DEFAULT '',
    report       TEXT NOT NULL
);
CREATE INDEX site_inspections_at ON site_inspections(inspected_at);

CREATE TABLE column_classes (
    key        TEXT PRIMARY KEY,
    class      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE serious_errors (
    id         INTEGER PRIMARY KEY,
    wrong      TEXT NOT NULL UNIQUE,
    correct    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE serious_errors;
DROP TABLE column_classes;
DROP TABLE site_inspections;
DROP TABLE site_probes;
