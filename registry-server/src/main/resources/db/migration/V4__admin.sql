-- Admin tokens: a token with the admin scope manages the other tokens over the API while the registry serves, and
-- belongs to no namespace (it publishes and yanks nothing). Written in the SQL that H2 (in its default mode) and
-- PostgreSQL 15 both accept. Numbered 4 with no 3 yet: V3 is being written on another branch; Database runs
-- migrations out of order, so a database migrated to 4 takes V3 when it arrives.

-- NULL for an admin token; a namespace for a publish/yank token.
ALTER TABLE tokens ALTER COLUMN namespace DROP NOT NULL;
