-- Raw pages stored compressed (Postings/RawBodies.cs): 'gzip' when body is the gzip of the bytes whose SHA-256 is
-- the row's key, null when body is those bytes (every row written before this migration). `laborwatch raw SHA256`
-- gives the bytes back either way.
ALTER TABLE raw_responses ADD COLUMN body_encoding TEXT;
