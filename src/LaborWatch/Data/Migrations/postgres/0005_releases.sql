-- PostgreSQL twin of ../0005_releases.sql. A PostgreSQL database starts at the newest schema with no logs, so
-- the first release of logs stored before releases existed (SQLite's step) has nothing to publish here.
-- record_key is drawn for each log by ContractStore from the OS's entropy.

ALTER TABLE contracts ADD COLUMN record_key bigint NOT NULL DEFAULT 0;

CREATE TABLE releases (
    id     bigint PRIMARY KEY,   -- given by Privacy/Releases.cs (the next after the current), never drawn
    cut_at text   NOT NULL,
    logs   bigint NOT NULL,
    added  bigint NOT NULL
);
ALTER TABLE contracts ADD COLUMN released_in bigint REFERENCES releases(id);

CREATE INDEX contracts_unreleased ON contracts(submitter_id) WHERE released_in IS NULL AND moderation = 'approved';
