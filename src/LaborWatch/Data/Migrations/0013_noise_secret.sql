-- The secret that every node's noise in the published synopsis is drawn from (Privacy/Synopsis): one per database,
-- kept for good, so that a node's noise in a block of releases is the same on every server and every run, and the
-- synopsis can be rebuilt from a release's logs and this secret. 32 random bytes as hex, made here from SQLite's
-- own entropy. It never leaves the database: a backup holds it, as it holds the logs.
CREATE TABLE noise_secret (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);
INSERT INTO noise_secret(id, secret) VALUES (1, lower(hex(randomblob(32))));
