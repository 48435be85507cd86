-- Backups (issue 12): each run of a scheduled or manual backup from the
-- console, with its result, size and duration. The schedule itself is in
-- settings (backup.enabled, backup.dir, backup.time, backup.keep).

-- +goose Up
CREATE TABLE backup_runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,            -- schedule or manual
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    ok          BOOLEAN NOT NULL,
    path        TEXT NOT NULL DEFAULT '',
    size        BIGINT NOT NULL DEFAULT 0,
    duration_ms BIGINT NOT NULL DEFAULT 0,
    table_count INTEGER NOT NULL DEFAULT 0,
    row_count   BIGINT NOT NULL DEFAULT 0,
    blob_count  INTEGER NOT NULL DEFAULT 0,
    encrypted   BOOLEAN NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX backup_runs_started ON backup_runs(started_at);

-- +goose Down
DROP TABLE backup_runs;
