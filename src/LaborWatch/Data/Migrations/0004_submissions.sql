-- Anonymous submissions (issue 6). A worker gets a receipt code once; the database keeps only a keyed hash of
-- it, so the code can find the worker's logs again but nothing here can be turned back into the code.

CREATE TABLE receipts (
    id  INTEGER PRIMARY KEY,
    key BLOB NOT NULL UNIQUE    -- HMAC-SHA256(database secret, receipt code)
);

ALTER TABLE contracts ADD COLUMN receipt_id INTEGER REFERENCES receipts(id);
-- Keyed hash of the coarsened values without the submitter: the same log sent again under a new receipt.
ALTER TABLE contracts ADD COLUMN content_hash BLOB;
-- Why a log waits for a researcher: comma-separated 'notes', 'outlier', 'duplicate'.
ALTER TABLE contracts ADD COLUMN review_reason TEXT;

-- Partial indexes: bulk imports leave these columns null and 'approved', so they add nothing to an import.
CREATE INDEX contracts_by_receipt ON contracts(receipt_id) WHERE receipt_id IS NOT NULL;
CREATE INDEX contracts_by_content ON contracts(content_hash) WHERE content_hash IS NOT NULL;
CREATE INDEX contracts_in_review ON contracts(moderation) WHERE moderation = 'pending';
