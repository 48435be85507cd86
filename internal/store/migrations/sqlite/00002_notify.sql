-- +goose Up
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    user_id    INTEGER REFERENCES users(id),
    unit_id    INTEGER REFERENCES units(id),
    role       TEXT NOT NULL DEFAULT '',
    level      TEXT NOT NULL DEFAULT 'info',
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);
CREATE INDEX notifications_unit ON notifications(unit_id, created_at);
CREATE INDEX notifications_role ON notifications(role, created_at);

CREATE TABLE notification_reads (
    notification_id INTEGER NOT NULL REFERENCES notifications(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    read_at         TEXT NOT NULL,
    PRIMARY KEY (notification_id, user_id)
);

CREATE TABLE job_runs (
    name        TEXT PRIMARY KEY,
    last_run_at TEXT NOT NULL,
    last_error  TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE job_runs;
DROP TABLE notification_reads;
DROP TABLE notifications;
