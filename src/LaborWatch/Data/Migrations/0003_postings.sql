-- Postings: what platforms advertise, with history. Public facts, so exact dates are kept. Every observation
-- links to the raw bytes it was read from (raw_responses, by SHA-256), so any figure can be traced.

CREATE TABLE raw_responses (
    sha256       TEXT PRIMARY KEY,   -- hex SHA-256 of body
    source_url   TEXT NOT NULL,      -- the URL fetched, or file:relative/path for offline scrapes
    content_type TEXT,
    body         BLOB NOT NULL
);

CREATE TABLE postings (
    id              INTEGER PRIMARY KEY,
    identity        TEXT NOT NULL UNIQUE,  -- "<source>:<external id>", else "url:<canonical url>"
    source          TEXT NOT NULL,         -- jsonld, greenhouse, lever, ashby
    external_id     TEXT,
    url             TEXT NOT NULL,
    platform        TEXT NOT NULL,
    title           TEXT,
    employment_type TEXT,
    remote          INTEGER,
    location        TEXT,
    posted_date     TEXT,
    first_seen      TEXT NOT NULL,         -- YYYY-MM-DD of the first observation
    last_seen       TEXT NOT NULL
);

CREATE TABLE posting_observations (
    id           INTEGER PRIMARY KEY,
    posting_id   INTEGER NOT NULL REFERENCES postings(id),
    observed_at  TEXT NOT NULL,            -- YYYY-MM-DD; one observation per posting and day
    pay_min      REAL,                     -- a rate, in major units: "$0.035 per task" must survive
    pay_max      REAL,
    pay_currency TEXT,
    pay_unit     TEXT,
    pay_up_to    INTEGER NOT NULL DEFAULT 0,
    pay_at_least INTEGER NOT NULL DEFAULT 0,
    pay_text     TEXT,                     -- the text the pay was read from, when it was text
    raw_sha256   TEXT NOT NULL REFERENCES raw_responses(sha256),
    UNIQUE (posting_id, observed_at)
);

CREATE TABLE scrape_errors (
    id          INTEGER PRIMARY KEY,
    observed_at TEXT NOT NULL,
    location    TEXT NOT NULL,             -- URL or file
    message     TEXT NOT NULL
);
