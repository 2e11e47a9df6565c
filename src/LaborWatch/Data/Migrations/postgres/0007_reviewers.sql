-- PostgreSQL twin of ../0007_reviewers.sql.
ALTER TABLE contracts ADD COLUMN reviewed_by text;
ALTER TABLE contracts ADD COLUMN reviewed_on text;

CREATE TABLE review_sessions (
    id_hash  bytea  PRIMARY KEY,
    reviewer text   NOT NULL,
    expires  bigint NOT NULL
);
