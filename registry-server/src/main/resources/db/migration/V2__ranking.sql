-- Ranking that resists gaming: downloads counted once per client, version and UTC day, and copies of other
-- namespaces' bricks marked. Written in the SQL that H2 (in its default mode) and PostgreSQL 15 both accept.
-- The download totals of V1 stay as they were; from now on they grow by one per client, version and day.

-- The brick this one copies (namespace/name), decided once, when its first version is published; NULL for an
-- original. Listings rank a copy below every original.
ALTER TABLE bricks ADD COLUMN copy_of VARCHAR(130);

-- sha256:<hex> of the learnt content of a version's weights (ONNX tensors without their names, other weights files
-- byte for byte), which copy detection looks up. NULL for versions without learnt weights (composites, neuron
-- bricks) and for versions published before this migration.
ALTER TABLE versions ADD COLUMN weights_digest VARCHAR(71);
CREATE INDEX versions_weights_digest ON versions (weights_digest);

-- Who was counted for which version on which UTC day. The primary key makes the count of a repeat fail in the
-- database, so several registry processes on one database count a client once between them. Rows older than
-- yesterday are deleted: only today's are needed.
CREATE TABLE download_clients (
    utc_day        DATE          NOT NULL,
    client         VARCHAR(64)   NOT NULL,               -- hex SHA-256 of the day's salt and the client; no address
    brick_id       VARCHAR(130)  NOT NULL,
    version        VARCHAR(64)   NOT NULL,
    PRIMARY KEY (utc_day, client, brick_id, version)
);

-- A random salt per UTC day, shared by every registry process on this database, deleted with that day's rows.
CREATE TABLE download_salts (
    utc_day        DATE          NOT NULL PRIMARY KEY,
    salt           VARCHAR(64)   NOT NULL                -- hex of 32 random bytes
);
