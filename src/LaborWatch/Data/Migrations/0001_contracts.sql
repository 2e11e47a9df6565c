-- Contract logs. Privacy by design (DESIGN.md section 2): no exact dates (months plus whole weeks), no raw
-- submitter ids (a keyed hash), notes stored scrubbed. Money in integer minor units, hours as REAL.

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE platforms (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL          -- the spelling first seen, shown to people
);

CREATE TABLE submitters (
    id  INTEGER PRIMARY KEY,
    key BLOB NOT NULL UNIQUE    -- HMAC-SHA256(database secret, pseudonymous id); never the id itself
);

CREATE TABLE contracts (
    id                      INTEGER PRIMARY KEY,
    row_hash                BLOB    NOT NULL UNIQUE, -- keyed hash of the coarsened row: re-imports add nothing twice
    submitter_id            INTEGER NOT NULL REFERENCES submitters(id),
    platform_id             INTEGER NOT NULL REFERENCES platforms(id),
    task_type               TEXT    NOT NULL,
    country                 TEXT,                    -- ISO 3166-1 alpha-2
    region                  TEXT,                    -- most specific jurisdiction given: ISO 3166-2, or a city code below it
    start_month             TEXT    NOT NULL,        -- YYYY-MM
    end_month               TEXT,                    -- YYYY-MM, null while active
    duration_weeks          INTEGER,                 -- floor(days / 7) from the dates as given; null while active
    status                  TEXT    NOT NULL,
    notice_hours            REAL,
    pay_basis               TEXT    NOT NULL,
    advertised_rate_minor   INTEGER,
    advertised_unit         TEXT,
    currency                TEXT    NOT NULL,
    gross_pay_minor         INTEGER NOT NULL,
    paid_hours              REAL    NOT NULL,
    unpaid_onboarding_hours REAL    NOT NULL DEFAULT 0,
    unpaid_assessment_hours REAL    NOT NULL DEFAULT 0,
    unpaid_guidelines_hours REAL    NOT NULL DEFAULT 0,
    unpaid_idle_hours       REAL    NOT NULL DEFAULT 0,
    unpaid_rework_hours     REAL    NOT NULL DEFAULT 0,
    unpaid_overrun_hours    REAL    NOT NULL DEFAULT 0,
    payment_delay_days      INTEGER,
    rate_cut                INTEGER,
    -- control indicators: 1, 0, or null (not answered)
    set_schedule            INTEGER,
    quotas                  INTEGER,
    monitoring              INTEGER,
    unpaid_required_training INTEGER,
    exclusivity             INTEGER,
    rate_set_by_platform    INTEGER,
    core_business           INTEGER,
    no_investment           INTEGER,
    personal_service        INTEGER,
    terminable_at_will      INTEGER,
    platform_tools          INTEGER,
    quality_penalties       INTEGER,
    conduct_rules           INTEGER,
    no_own_business         INTEGER,
    disturbing_content      INTEGER,
    wellbeing_support       INTEGER,
    notes                   TEXT,                    -- scrubbed of PII; shown in review only, never exported
    moderation              TEXT    NOT NULL DEFAULT 'approved'
                                    CHECK (moderation IN ('approved', 'pending', 'rejected')),
    synthetic               INTEGER NOT NULL DEFAULT 0,
    -- Derived by ContractStore from the columns above when it writes a log (the only writer), so the
    -- analytics scan reads three numbers instead of twenty-two values: the sum of the six unpaid columns,
    -- and bit i set when flag i of the list above (set_schedule = bit 0) was answered / answered 1.
    unpaid_hours            REAL    NOT NULL,
    flags_answered          INTEGER NOT NULL,
    flags_yes               INTEGER NOT NULL
);

-- No secondary indexes yet: the published figures scan the whole table, and each index made every insert of
-- a bulk import slower. Add one with the query that needs it.
