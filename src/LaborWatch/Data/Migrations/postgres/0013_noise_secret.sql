-- PostgreSQL twin of ../0013_noise_secret.sql: 32 random bytes as hex, from two random UUIDs' 244 random bits
-- (gen_random_uuid is built in from PostgreSQL 13, drawn from the server's strong random source).
CREATE TABLE noise_secret (
    id     integer PRIMARY KEY CHECK (id = 1),
    secret text NOT NULL
);
INSERT INTO noise_secret(id, secret) VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
