-- Disclosure control by the cell key method and releases (issue 11).
--
-- record_key: a random 32-bit number per log, drawn when the log is stored and never shown. A published
-- cell's key is the sum of its logs' record keys, so the same logs always give the same key and the same
-- noise, whichever query asks (Privacy/CellKey.cs). SQLite's random() draws from the OS's entropy.
ALTER TABLE contracts ADD COLUMN record_key INTEGER NOT NULL DEFAULT 0;
UPDATE contracts SET record_key = random() & 4294967295;

-- Public figures come from releases, not from the live table: a log counts in public figures from the
-- release that first included it (released_in), never from the moment it was approved.
CREATE TABLE releases (
    id     INTEGER PRIMARY KEY,
    cut_at TEXT    NOT NULL,      -- UTC, ISO 8601, when the release was cut (not a worker's date)
    logs   INTEGER NOT NULL,      -- logs published by this release, all releases together
    added  INTEGER NOT NULL       -- logs this release added
);
ALTER TABLE contracts ADD COLUMN released_in INTEGER REFERENCES releases(id);

-- What was public before releases existed stays public: one first release of the approved logs.
INSERT INTO releases(id, cut_at, logs, added)
SELECT 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), count(*), count(*) FROM contracts WHERE moderation = 'approved'
HAVING count(*) > 0;
UPDATE contracts SET released_in = 1 WHERE moderation = 'approved' AND EXISTS (SELECT 1 FROM releases WHERE id = 1);

CREATE INDEX contracts_unreleased ON contracts(submitter_id) WHERE released_in IS NULL AND moderation = 'approved';
