-- The registry's schema. Written in the SQL that H2 (in its default mode) and PostgreSQL 15 both accept.

CREATE TABLE bricks (
    id             VARCHAR(130)  NOT NULL PRIMARY KEY,   -- namespace/name
    namespace      VARCHAR(64)   NOT NULL,
    name           VARCHAR(64)   NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    downloads      BIGINT        NOT NULL DEFAULT 0
);
CREATE INDEX bricks_namespace ON bricks (namespace);

CREATE TABLE versions (
    brick_id       VARCHAR(130)  NOT NULL REFERENCES bricks (id),
    version        VARCHAR(64)   NOT NULL,
    major          INTEGER       NOT NULL,
    minor          INTEGER       NOT NULL,
    patch          INTEGER       NOT NULL,
    pre_release    VARCHAR(64)   NOT NULL,               -- empty for releases
    kind           VARCHAR(16)   NOT NULL,
    origin         VARCHAR(16)   NOT NULL,
    base_model     VARCHAR(64)   NOT NULL,
    description    VARCHAR(2000) NOT NULL,
    tags           VARCHAR(1000) NOT NULL,               -- ',tag1,tag2,' for exact matching with LIKE
    labels         VARCHAR       NOT NULL,               -- JSON array
    manifest       VARCHAR       NOT NULL,               -- brick.json as published
    card           VARCHAR       NOT NULL,               -- README.md as published
    headers        VARCHAR       NOT NULL,               -- OSGi headers as a JSON object
    embedding      VARCHAR       NOT NULL,               -- base64 float32 vector of description + card
    digest         VARCHAR(71)   NOT NULL,               -- sha256:<hex> of the bundle
    size_bytes     BIGINT        NOT NULL,
    yanked         BOOLEAN       NOT NULL DEFAULT FALSE,
    yank_reason    VARCHAR(500),
    downloads      BIGINT        NOT NULL DEFAULT 0,
    published_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    published_by   VARCHAR(32)   NOT NULL,               -- token id
    PRIMARY KEY (brick_id, version)
);
CREATE INDEX versions_digest ON versions (digest);

CREATE TABLE tokens (
    id             VARCHAR(32)   NOT NULL PRIMARY KEY,
    namespace      VARCHAR(64)   NOT NULL,
    secret_hash    VARCHAR(64)   NOT NULL UNIQUE,        -- hex SHA-256 of the secret; the secret is never stored
    scopes         VARCHAR(64)   NOT NULL,               -- comma-separated: publish, yank
    description    VARCHAR(200)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at     TIMESTAMP WITH TIME ZONE
);

-- Event ids come from this one-row clock, incremented inside the transaction that records the event: the row
-- lock orders those transactions, so ids are gap-free and appear in commit order. A reader that has seen id N
-- can never later find an id below N appear (which identity columns allow).
CREATE TABLE event_clock (
    id             INTEGER       NOT NULL PRIMARY KEY,
    last_id        BIGINT        NOT NULL
);
INSERT INTO event_clock (id, last_id) VALUES (1, 0);

CREATE TABLE events (
    id             BIGINT        NOT NULL PRIMARY KEY,
    type           VARCHAR(16)   NOT NULL,               -- published, yanked, unyanked
    brick_id       VARCHAR(130)  NOT NULL,
    version        VARCHAR(64)   NOT NULL,
    digest         VARCHAR(71)   NOT NULL,
    at             TIMESTAMP WITH TIME ZONE NOT NULL
);
