-- Source health (issue 12): one row per live source per scrape run, so /postings can show each source's last
-- success, how many postings it gave and its last error. Public facts about public pages: no worker data here.
CREATE TABLE source_runs (
    id       INTEGER PRIMARY KEY,
    platform TEXT    NOT NULL,
    url      TEXT    NOT NULL,
    run_at   TEXT    NOT NULL,     -- UTC, ISO 8601
    postings INTEGER NOT NULL,
    error    TEXT                  -- null when every request of the source succeeded
);
CREATE INDEX source_runs_by_source ON source_runs(platform, url, run_at);
