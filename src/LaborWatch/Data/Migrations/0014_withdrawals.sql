-- A published log that its worker deletes through the receipt (or replaces with a correction) leaves the public
-- figures with the next release, not at once: a before/after look at the figures would otherwise name the deleted
-- log's platform, country, task type and months. Until the next release cuts it out, the log is marked withdrawn:
-- the current release's figures keep it, the exact figures and every check against other logs leave it out, its
-- receipt and notes are gone, and the cut erases it (Privacy/Releases.cs).
ALTER TABLE contracts ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
CREATE INDEX contracts_withdrawn ON contracts(submitter_id) WHERE withdrawn = 1;
