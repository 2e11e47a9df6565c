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
    -- Derived once by SQLite on every write, so the analytics scan reads two numbers, not sixteen answers.
    unpaid_hours            REAL GENERATED ALWAYS AS (unpaid_onboarding_hours + unpaid_assessment_hours
        + unpaid_guidelines_hours + unpaid_idle_hours + unpaid_rework_hours + unpaid_overrun_hours) STORED,
    flags_answered          INTEGER GENERATED ALWAYS AS (
          (set_schedule IS NOT NULL) * 1
        + (quotas IS NOT NULL) * 2
        + (monitoring IS NOT NULL) * 4
        + (unpaid_required_training IS NOT NULL) * 8
        + (exclusivity IS NOT NULL) * 16
        + (rate_set_by_platform IS NOT NULL) * 32
        + (core_business IS NOT NULL) * 64
        + (no_investment IS NOT NULL) * 128
        + (personal_service IS NOT NULL) * 256
        + (terminable_at_will IS NOT NULL) * 512
        + (platform_tools IS NOT NULL) * 1024
        + (quality_penalties IS NOT NULL) * 2048
        + (conduct_rules IS NOT NULL) * 4096
        + (no_own_business IS NOT NULL) * 8192
        + (disturbing_content IS NOT NULL) * 16384
        + (wellbeing_support IS NOT NULL) * 32768) STORED,    -- bit i: flag i of the list above (set_schedule = bit 0) was answered
    flags_yes               INTEGER GENERATED ALWAYS AS (
          (coalesce(set_schedule, 0) = 1) * 1
        + (coalesce(quotas, 0) = 1) * 2
        + (coalesce(monitoring, 0) = 1) * 4
        + (coalesce(unpaid_required_training, 0) = 1) * 8
        + (coalesce(exclusivity, 0) = 1) * 16
        + (coalesce(rate_set_by_platform, 0) = 1) * 32
        + (coalesce(core_business, 0) = 1) * 64
        + (coalesce(no_investment, 0) = 1) * 128
        + (coalesce(personal_service, 0) = 1) * 256
        + (coalesce(terminable_at_will, 0) = 1) * 512
        + (coalesce(platform_tools, 0) = 1) * 1024
        + (coalesce(quality_penalties, 0) = 1) * 2048
        + (coalesce(conduct_rules, 0) = 1) * 4096
        + (coalesce(no_own_business, 0) = 1) * 8192
        + (coalesce(disturbing_content, 0) = 1) * 16384
        + (coalesce(wellbeing_support, 0) = 1) * 32768) STORED          -- bit i: flag i was answered 1
);

-- No secondary indexes yet: the published figures scan the whole table, and each index made every insert of
-- a bulk import slower. Add one with the query that needs it.
