-- PostgreSQL twin of ../0011_raw_encoding.sql.
ALTER TABLE raw_responses ADD COLUMN body_encoding text;
