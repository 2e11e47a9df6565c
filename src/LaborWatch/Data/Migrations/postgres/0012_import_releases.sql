-- PostgreSQL twin of ../0012_import_releases.sql.
ALTER TABLE imports ADD COLUMN released_in bigint REFERENCES releases(id);

DROP INDEX contracts_unreleased;
CREATE INDEX contracts_unreleased ON contracts(submitter_id) WHERE released_in IS NULL AND moderation = 'approved' AND import_id = 0;
