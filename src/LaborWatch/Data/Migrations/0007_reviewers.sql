-- Named reviewers (issue 14): who decided on a log and on which day. A day, not a time: enough to answer for a
-- decision, and it dates a worker's submission no more finely than the months and weeks already stored.
ALTER TABLE contracts ADD COLUMN reviewed_by TEXT;
ALTER TABLE contracts ADD COLUMN reviewed_on TEXT;   -- YYYY-MM-DD (UTC)

-- Review sign-ins, shared by every server over this database and surviving restarts: the cookie carries a
-- random id (sealed with the data-protection keys); only its SHA-256 is stored. No client data.
CREATE TABLE review_sessions (
    id_hash  BLOB    PRIMARY KEY,
    reviewer TEXT    NOT NULL,
    expires  INTEGER NOT NULL    -- Unix seconds
);
