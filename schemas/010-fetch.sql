-- 010-fetch: state gw-fetch shares between runs and between overlapping processes.

-- The per-host schedule: the earliest time (Unix milliseconds) the next request
-- to a host may start. Every gw-fetch process reserves its slot here in one
-- IMMEDIATE transaction, so two processes (e.g. shards of a sources.conf) on one
-- database never together exceed a host's rate. host is "name:port"; the key
-- "*.sec.gov" is the shared budget of every SEC host (10 requests/s).
CREATE TABLE host_schedule (
	host TEXT PRIMARY KEY,
	next_ms INTEGER NOT NULL,
	updated TEXT
) STRICT;

-- robots.txt per origin ("scheme://name:port"), kept a day. status is the HTTP
-- status of the fetch (a 4xx means no rules: everything allowed).
CREATE TABLE robots (
	origin TEXT PRIMARY KEY,
	fetched TEXT NOT NULL,
	fetched_ms INTEGER NOT NULL,
	status INTEGER NOT NULL,
	body TEXT
) STRICT;
