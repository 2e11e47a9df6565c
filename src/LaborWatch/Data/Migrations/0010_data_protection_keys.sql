-- The data-protection keys that seal review sign-ins and form tokens, when serve keeps them in the database
-- (Web/Submissions/DatabaseKeys.cs: PostgreSQL without KEYS_DIR, so that several servers share them). Keys, not
-- client data. SQLite servers keep them in KEYS_DIR or in memory, so here the table stays empty.
CREATE TABLE data_protection_keys (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    xml  TEXT NOT NULL
);
