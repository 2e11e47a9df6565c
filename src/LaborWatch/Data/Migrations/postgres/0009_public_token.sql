-- PostgreSQL twin of ../0009_public_token.sql: the token in the counters table, drawn from gen_random_uuid().
INSERT INTO counters(name, value) VALUES ('public_token', ('x' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 15))::bit(60)::bigint)
ON CONFLICT(name) DO NOTHING;
