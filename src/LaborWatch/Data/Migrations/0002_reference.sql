-- Copies of data/reference/*.tsv, reloaded whenever the shipped file changes (reference_versions), so SQL
-- users can join on them. The code reads the same files directly (Pay/ReferenceData.cs).

CREATE TABLE reference_versions (
    name   TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL
);

CREATE TABLE ref_currencies (
    code        TEXT PRIMARY KEY,   -- ISO 4217
    minor_units INTEGER NOT NULL
);

CREATE TABLE ref_countries (
    code TEXT PRIMARY KEY,          -- ISO 3166-1 alpha-2
    note TEXT
);

CREATE TABLE ref_fx_usd (
    currency      TEXT    NOT NULL,
    year          INTEGER NOT NULL,
    units_per_usd REAL    NOT NULL,
    source        TEXT    NOT NULL,
    PRIMARY KEY (currency, year)
);

-- A wage rate, not an amount paid: kept as REAL because some are derived (daily / 8) past the minor unit.
CREATE TABLE ref_min_wage (
    code         TEXT    NOT NULL,  -- ISO 3166-1, ISO 3166-2, or a city code below a region
    year         INTEGER NOT NULL,
    hourly       REAL    NOT NULL,
    currency     TEXT    NOT NULL,
    jurisdiction TEXT    NOT NULL,
    effective    TEXT,
    source       TEXT    NOT NULL,
    PRIMARY KEY (code, year)
);
