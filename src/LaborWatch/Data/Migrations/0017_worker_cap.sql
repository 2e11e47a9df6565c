-- Each worker's logs count towards the public figures up to a cap per release (Privacy/Releases.cs, WorkerCap), so
-- that the protection of one worker, not only of one log, is a number that can be stated. A cut marks the logs a
-- worker sent past the cap in that release (the highest ids); they stay in the exact figures and leave the public ones.
ALTER TABLE contracts ADD COLUMN over_cap INTEGER NOT NULL DEFAULT 0;
