-- PostgreSQL twin of ../0016_source_run_pay.sql.
ALTER TABLE source_runs ADD COLUMN with_pay integer;
