-- Ranking that resists gaming: downloads counted once per client, version and UTC day. Written in the SQL that
-- H2 (in its default mode) and PostgreSQL 15 both accept.
-- The download totals of V1 stay as they were; from now on they grow by one per client, version and day.

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
