-- A bulk import writes its logs in chunks, each a short transaction, so that the server's posts never wait long
-- for SQLite's one write lock (a million logs in one transaction held it for 20 s). Its logs count nowhere until
-- its last step, one row, marks the import done: an import is still all or nothing. An import that dies part way
-- (kill -9, a power cut) leaves logs that nothing reads and that the next import removes (Contracts/StagedImport.cs).
CREATE TABLE imports (
    id    INTEGER PRIMARY KEY,
    after INTEGER NOT NULL,              -- the highest contracts.id when it began: its logs come after (no index to keep)
    done  INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE contracts ADD COLUMN import_id INTEGER NOT NULL DEFAULT 0;   -- 0: a post, or a log stored before 0008
