-- Task supervision, follow-up: inspections (督查) with findings and
-- rectification items (整改), assessment scorecards (考核), liaisons with
-- history, trainings, help tickets (疑难问题).

-- +goose Up
CREATE TABLE plan_inspections (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    title        TEXT NOT NULL,
    inspected_on TEXT NOT NULL,
    scope_units  TEXT NOT NULL DEFAULT '',
    scope_tasks  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'open',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE plan_findings (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES plan_inspections(id),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    assignment_id INTEGER REFERENCES plan_assignments(id),
    text          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX plan_findings_unit ON plan_findings(unit_id);

CREATE TABLE plan_rectifications (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL REFERENCES plan_findings(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    requirement TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open',
    report_text TEXT NOT NULL DEFAULT '',
    reported_at TEXT NOT NULL DEFAULT '',
    closed_at   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX plan_rectifications_unit ON plan_rectifications(unit_id, status);

CREATE TABLE plan_scorecards (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    period       TEXT NOT NULL,
    as_of        TEXT NOT NULL,
    weights_json TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'draft',
    signed_by    TEXT NOT NULL DEFAULT '',
    signed_at    TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (year, period)
);

CREATE TABLE plan_scorecard_lines (
    id           INTEGER PRIMARY KEY,
    scorecard_id INTEGER NOT NULL REFERENCES plan_scorecards(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    unit_name    TEXT NOT NULL,
    total        INTEGER NOT NULL,
    done         INTEGER NOT NULL,
    on_time      INTEGER NOT NULL,
    overdue      INTEGER NOT NULL,
    returns      INTEGER NOT NULL,
    findings     INTEGER NOT NULL,
    rect_late    INTEGER NOT NULL,
    score        INTEGER NOT NULL,
    rank         INTEGER NOT NULL
);
CREATE INDEX plan_scorecard_lines_card ON plan_scorecard_lines(scorecard_id, rank);

CREATE TABLE plan_liaisons (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL DEFAULT '',
    started_on TEXT NOT NULL,
    ended_on   TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX plan_liaisons_unit ON plan_liaisons(unit_id, started_on);

CREATE TABLE plan_trainings (
    id         INTEGER PRIMARY KEY,
    held_on    TEXT NOT NULL,
    topic      TEXT NOT NULL,
    organiser  TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE plan_training_units (
    training_id INTEGER NOT NULL REFERENCES plan_trainings(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    attendees   INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (training_id, unit_id)
);

CREATE TABLE plan_tickets (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open',
    answer      TEXT NOT NULL DEFAULT '',
    asked_by    TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    answered_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_tickets_unit ON plan_tickets(unit_id, status);

-- +goose Down
DROP TABLE plan_tickets;
DROP TABLE plan_training_units;
DROP TABLE plan_trainings;
DROP TABLE plan_liaisons;
DROP TABLE plan_scorecard_lines;
DROP TABLE plan_scorecards;
DROP TABLE plan_rectifications;
DROP TABLE plan_findings;
DROP TABLE plan_inspections;
