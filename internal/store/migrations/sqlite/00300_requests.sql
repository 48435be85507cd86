-- Disclosure on request (依申请公开): applications, their events (the clock is
-- replayed from them), challenges (table 四), reviews towards proactive
-- disclosure, and the annual report's hand-entered parts.
-- Civil dates TEXT YYYY-MM-DD ('' = none); times TEXT UTC fixed width.

-- +goose Up
CREATE TABLE requests (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    secret_hash        TEXT NOT NULL,
    channel            TEXT NOT NULL,
    applicant_type     TEXT NOT NULL,
    applicant_name     TEXT NOT NULL,
    id_number          TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL DEFAULT '',
    address            TEXT NOT NULL DEFAULT '',
    contact            TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL,
    purpose            TEXT NOT NULL DEFAULT '',
    form               TEXT NOT NULL,
    state              TEXT NOT NULL,
    submitted_at       TEXT NOT NULL,
    received_on        TEXT,
    due_on             TEXT,
    paused_until       TEXT,
    closed_on          TEXT,
    outcome            TEXT NOT NULL DEFAULT '',
    unit_id            INTEGER REFERENCES units(id),
    unit_due_on        TEXT,
    draft_outcome      TEXT NOT NULL DEFAULT '',
    legal_basis        TEXT NOT NULL DEFAULT '',
    info_provided      TEXT NOT NULL DEFAULT '',
    reply_body         TEXT NOT NULL DEFAULT '',
    drafted_by         TEXT NOT NULL DEFAULT '',
    ext_days           INTEGER NOT NULL DEFAULT 0,
    ext_reason         TEXT NOT NULL DEFAULT '',
    ext_requested_by   TEXT NOT NULL DEFAULT '',
    fee_basis          TEXT NOT NULL DEFAULT '',
    fee_units          INTEGER NOT NULL DEFAULT 0,
    fee_amount         INTEGER NOT NULL DEFAULT 0,
    letter_sha         TEXT NOT NULL DEFAULT '',
    delivered_on       TEXT,
    delivery_method    TEXT NOT NULL DEFAULT '',
    archived_at        TEXT,
    archive_sha        TEXT NOT NULL DEFAULT '',
    submit_ip          TEXT NOT NULL DEFAULT '',
    created_by         TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1,
    updated_at         TEXT NOT NULL
);
CREATE INDEX requests_state_due ON requests(state, due_on);
-- Covering index of the annual report (received, closed, column, row).
CREATE INDEX requests_annual ON requests(received_on, closed_on, applicant_type, outcome);
CREATE INDEX requests_closed ON requests(closed_on);
CREATE INDEX requests_unit ON requests(unit_id, state);
CREATE INDEX requests_ip ON requests(submit_ip, submitted_at);

CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests(id),
    type        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    data_json   TEXT NOT NULL,
    actor_login TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX request_events_request ON request_events(request_id, id);

CREATE TABLE request_cases (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    kind       TEXT NOT NULL,
    result     TEXT NOT NULL,
    filed_on   TEXT NOT NULL,
    decided_on TEXT,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX request_cases_filed ON request_cases(filed_on);

CREATE TABLE request_reviews (
    id             INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL UNIQUE REFERENCES requests(id),
    reason         TEXT NOT NULL,
    similar_codes  TEXT NOT NULL DEFAULT '',
    score          REAL NOT NULL DEFAULT 0,
    state          TEXT NOT NULL DEFAULT 'pending',
    decision       TEXT NOT NULL DEFAULT '',
    document_id    INTEGER,
    document_title TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    flagged_by     TEXT NOT NULL DEFAULT '',
    decided_by     TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    decided_at     TEXT
);

CREATE TABLE annual_reports (
    year         INTEGER PRIMARY KEY,
    table2_json  TEXT NOT NULL DEFAULT '',
    section1     TEXT NOT NULL DEFAULT '',
    section5     TEXT NOT NULL DEFAULT '',
    section6     TEXT NOT NULL DEFAULT '',
    published_at TEXT,
    published_by TEXT NOT NULL DEFAULT '',
    snapshot     TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
);

-- +goose Down
DROP TABLE annual_reports;
DROP TABLE request_reviews;
DROP TABLE request_cases;
DROP TABLE request_events;
DROP TABLE requests;
