-- How many of a source run's postings carried pay: a run that reads postings without pay, where the run before read
-- pay, is a feed whose shape changed under its reader, and is recorded as an error (Scraping/ShapeDrift.cs).
ALTER TABLE source_runs ADD COLUMN with_pay INTEGER;
