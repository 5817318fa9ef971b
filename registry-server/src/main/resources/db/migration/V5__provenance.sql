-- Provenance statements: the summary of the in-toto statement a version's bundle carries (brick/provenance.json),
-- as JSON (the predicate type, the command that made the brick, its materials and subjects with their SHA-256, the
-- base model); NULL for a bundle without one and for versions published before this migration. Written in the SQL
-- that H2 (in its default mode) and PostgreSQL 15 both accept.
ALTER TABLE versions ADD COLUMN provenance VARCHAR;
