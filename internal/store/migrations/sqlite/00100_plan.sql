-- Task supervision: plans (one per year), tasks, assignments (task × unit),
-- progress reports with files and links; the outbox of notification deliveries.

-- +goose Up
CREATE TABLE plan_plans (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL UNIQUE,
    title       TEXT NOT NULL DEFAULT '',
    source_file TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE plan_tasks (
    id              INTEGER PRIMARY KEY,
    plan_id         INTEGER NOT NULL REFERENCES plan_plans(id),
    seq             INTEGER NOT NULL,
    category        TEXT NOT NULL DEFAULT '',
    subcategory     TEXT NOT NULL DEFAULT '',
    requirement     TEXT NOT NULL,
    units_text      TEXT NOT NULL DEFAULT '',
    unit_names      TEXT NOT NULL DEFAULT '',
    designate       BOOLEAN NOT NULL DEFAULT 0,
    unresolved      TEXT NOT NULL DEFAULT '',
    deadline_kind   TEXT NOT NULL DEFAULT 'none',
    deadline_date   TEXT,
    deadline_period TEXT NOT NULL DEFAULT '',
    deadline_text   TEXT NOT NULL DEFAULT '',
    source_row      INTEGER NOT NULL DEFAULT 0,
    extra_json      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (plan_id, seq)
);

CREATE TABLE plan_assignments (
    id               INTEGER PRIMARY KEY,
    task_id          INTEGER NOT NULL REFERENCES plan_tasks(id),
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    status           TEXT NOT NULL DEFAULT 'pending',
    person           TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    claimed_at       TEXT NOT NULL DEFAULT '',
    reported_at      TEXT NOT NULL DEFAULT '',
    confirmed_at     TEXT NOT NULL DEFAULT '',
    last_progress_at TEXT NOT NULL DEFAULT '',
    return_reason    TEXT NOT NULL DEFAULT '',
    returns          INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (task_id, unit_id)
);
CREATE INDEX plan_assignments_unit ON plan_assignments(unit_id, status);
CREATE INDEX plan_assignments_status ON plan_assignments(status);

CREATE TABLE plan_progress (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES plan_assignments(id),
    action        TEXT NOT NULL,
    from_status   TEXT NOT NULL,
    to_status     TEXT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    links         TEXT NOT NULL DEFAULT '',
    user_id       INTEGER REFERENCES users(id),
    user_name     TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX plan_progress_assignment ON plan_progress(assignment_id, id);

CREATE TABLE plan_files (
    id           INTEGER PRIMARY KEY,
    progress_id  INTEGER NOT NULL REFERENCES plan_progress(id),
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL
);
CREATE INDEX plan_files_progress ON plan_files(progress_id);

CREATE TABLE notify_outbox (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notifications(id),
    channel         TEXT NOT NULL,
    target          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    UNIQUE (notification_id, channel, target)
);
CREATE INDEX notify_outbox_due ON notify_outbox(status, next_at);

-- +goose Down
DROP TABLE notify_outbox;
DROP TABLE plan_files;
DROP TABLE plan_progress;
DROP TABLE plan_assignments;
DROP TABLE plan_tasks;
DROP TABLE plan_plans;
