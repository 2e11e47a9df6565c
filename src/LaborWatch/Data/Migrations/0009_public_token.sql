-- What is published is named by its version (Data/DataVersion.cs): caches, ETags and the published snapshot
-- beside the database (DB.published) are kept while it is the same. Counters alone repeat: a database made
-- anew, or a backup restored and written on, counts the same numbers again with other logs behind them. A random
-- token, drawn anew with every change to what is published, never does.
INSERT INTO settings(name, value) VALUES ('public_token', random()) ON CONFLICT(name) DO NOTHING;
