-- PostgreSQL twin of ../0014_withdrawals.sql.
ALTER TABLE contracts ADD COLUMN withdrawn integer NOT NULL DEFAULT 0;
CREATE INDEX contracts_withdrawn ON contracts(submitter_id) WHERE withdrawn = 1;
