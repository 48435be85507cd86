-- +goose Up
CREATE TABLE consultations (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL,
    draft               TEXT NOT NULL,
    explanation         TEXT NOT NULL,
    unit_id             INTEGER NOT NULL REFERENCES units(id),
    major               BOOLEAN NOT NULL DEFAULT FALSE,
    opens_on            TEXT NOT NULL,
    closes_on           TEXT NOT NULL,
    short_reason        TEXT NOT NULL DEFAULT '',
    channels            TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'draft',
    decision_doc_id     INTEGER,
    decision_title      TEXT NOT NULL DEFAULT '',
    decision_number     TEXT NOT NULL DEFAULT '',
    decision_issued_on  TEXT,
    feedback_due_on     TEXT,
    feedback_summary    TEXT NOT NULL DEFAULT '',
    feedback_published_on TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    CHECK (closes_on >= opens_on)
);
CREATE INDEX consultations_status ON consultations(status, feedback_due_on);

CREATE TABLE consultation_comments (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    name            TEXT NOT NULL DEFAULT '',
    content         TEXT NOT NULL,
    ip              TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'pending',
    created_at      TEXT NOT NULL,
    moderated_at    TEXT,
    moderated_by    TEXT NOT NULL DEFAULT '',
    verdict         TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consultation_comments_c ON consultation_comments(consultation_id, status);

CREATE TABLE consultation_inputs (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    kind            TEXT NOT NULL,
    held_on         TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    participants    TEXT NOT NULL DEFAULT '',
    summary         TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE TABLE consultation_feedback (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    opinion         TEXT NOT NULL,
    count           INTEGER NOT NULL DEFAULT 1,
    verdict         TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL DEFAULT 'message',
    title       TEXT NOT NULL,
    content     TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',
    page_url    TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'received',
    unit_id     INTEGER REFERENCES units(id),
    received_on TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    reply_days  INTEGER NOT NULL DEFAULT 5,
    reply       TEXT NOT NULL DEFAULT '',
    replied_on  TEXT,
    reply_unit  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX messages_status ON messages(status, due_on);
CREATE INDEX messages_unit ON messages(unit_id, status);

CREATE TABLE opinion_events (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    source        TEXT NOT NULL,
    link          TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL,
    discovered_at TEXT NOT NULL,
    severity      TEXT NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    closed        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TEXT NOT NULL
);

CREATE TABLE opinion_responses (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES opinion_events(id),
    kind       TEXT NOT NULL,
    at         TEXT NOT NULL,
    summary    TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE risk_assessments (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL,
    document_title TEXT NOT NULL DEFAULT '',
    assessed_on    TEXT NOT NULL,
    method         TEXT NOT NULL,
    findings       TEXT NOT NULL,
    risk_level     TEXT NOT NULL,
    conclusion     TEXT NOT NULL,
    assessor       TEXT NOT NULL,
    completed      BOOLEAN NOT NULL DEFAULT TRUE,
    created_by     TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);
CREATE INDEX risk_assessments_doc ON risk_assessments(document_id);

CREATE TABLE policy_evaluations (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    year         INTEGER NOT NULL,
    policy       TEXT NOT NULL,
    aspects      TEXT NOT NULL,
    methods      TEXT NOT NULL,
    findings     TEXT NOT NULL,
    measures     TEXT NOT NULL,
    published_on TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX policy_evaluations_year ON policy_evaluations(year, unit_id);

CREATE TABLE media_accounts (
    id           INTEGER PRIMARY KEY,
    platform     TEXT NOT NULL,
    name         TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    person       TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending',
    opened_on    TEXT,
    closed_on    TEXT,
    last_post_on TEXT,
    created_at   TEXT NOT NULL,
    UNIQUE (platform, account_id)
);

CREATE TABLE media_applications (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES media_accounts(id),
    kind        TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    applied_by  TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    decided_by  TEXT NOT NULL DEFAULT '',
    decided_at  TEXT,
    decision_note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE media_releases (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES media_accounts(id),
    document_id    INTEGER NOT NULL,
    document_title TEXT NOT NULL,
    released_on    TEXT NOT NULL,
    link           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    UNIQUE (account_id, document_id)
);

-- +goose Down
DROP TABLE media_releases;
DROP TABLE media_applications;
DROP TABLE media_accounts;
DROP TABLE policy_evaluations;
DROP TABLE risk_assessments;
DROP TABLE opinion_responses;
DROP TABLE opinion_events;
DROP TABLE messages;
DROP TABLE consultation_feedback;
DROP TABLE consultation_inputs;
DROP TABLE consultation_comments;
DROP TABLE consultations;
