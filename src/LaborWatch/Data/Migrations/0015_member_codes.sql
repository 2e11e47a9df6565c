-- One-time submission codes that a union hands its members (`laborwatch codes issue`): a post with an unused code
-- counts as its own worker wherever it comes from. A code is stored only as a keyed hash, and is deleted when used
-- rather than marked: no row says which code was used or when, so nothing links a code to the log it came with.
-- How many were used is what was issued less what is left.
CREATE TABLE member_codes (
    hash BLOB PRIMARY KEY       -- HMAC-SHA256(database secret, "member:" + code)
) WITHOUT ROWID;

CREATE TABLE member_code_batches (
    id        INTEGER PRIMARY KEY,
    issued    INTEGER NOT NULL,
    issued_on TEXT NOT NULL     -- YYYY-MM-DD: the operator's act, not a worker's
);

-- Whether a log came with a member code (or joined a receipt whose logs did): `serve --require-codes` publishes only
-- those. A flag, not a link: it names no code.
ALTER TABLE contracts ADD COLUMN member_code INTEGER NOT NULL DEFAULT 0;

-- What a release may publish: with require_codes, posts only when they came with a member code (imports always). Set
-- by `serve --require-codes` when it starts, and read by every cut, also `release` and `import`'s, so that no verb
-- publishes what the server would not.
CREATE TABLE publication_rules (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    require_codes INTEGER NOT NULL
);
INSERT INTO publication_rules(id, require_codes) VALUES (1, 0);
