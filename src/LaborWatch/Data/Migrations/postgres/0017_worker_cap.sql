-- PostgreSQL twin of ../0017_worker_cap.sql.
ALTER TABLE contracts ADD COLUMN over_cap integer NOT NULL DEFAULT 0;
