-- PostgreSQL twin of ../0002_reference.sql.

CREATE TABLE reference_versions (
    name   text PRIMARY KEY,
    sha256 text NOT NULL
);

CREATE TABLE ref_currencies (
    code        text PRIMARY KEY,
    minor_units bigint NOT NULL
);

CREATE TABLE ref_countries (
    code text PRIMARY KEY,
    note text
);

CREATE TABLE ref_fx_usd (
    currency      text   NOT NULL,
    year          bigint NOT NULL,
    units_per_usd double precision NOT NULL,
    source        text   NOT NULL,
    PRIMARY KEY (currency, year)
);

CREATE TABLE ref_min_wage (
    code         text   NOT NULL,
    year         bigint NOT NULL,
    hourly       double precision NOT NULL,
    currency     text   NOT NULL,
    jurisdiction text   NOT NULL,
    effective    text,
    source       text   NOT NULL,
    PRIMARY KEY (code, year)
);
