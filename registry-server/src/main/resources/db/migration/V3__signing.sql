-- Signed bricks: the keys a namespace signs with, whether it requires signed publishes, and who signed each version.
-- Written in the SQL that H2 (in its default mode) and PostgreSQL 15 both accept.

-- The fingerprint (hex SHA-256 of the public key's encoded form) of the key that signed every entry of the version's
-- bundle; NULL for an unsigned version and for versions published before this migration.
ALTER TABLE versions ADD COLUMN signer VARCHAR(64);

-- The public keys a namespace registered (PUT /v1/namespaces/{ns}/keys/{fingerprint}). A revoked key stays, with
-- the time it was revoked, so the versions it signed still name it; it never becomes valid again.
CREATE TABLE namespace_keys (
    namespace      VARCHAR(64)   NOT NULL,
    fingerprint    VARCHAR(64)   NOT NULL,
    name           VARCHAR(100)  NOT NULL,
    public_key     VARCHAR(4000) NOT NULL,               -- PEM, as registered
    added_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    added_by       VARCHAR(32)   NOT NULL,               -- token id
    revoked_at     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (namespace, fingerprint)
);
CREATE INDEX namespace_keys_fingerprint ON namespace_keys (fingerprint);

-- A namespace's publishing rules; a namespace without a row accepts unsigned publishes.
CREATE TABLE namespace_policies (
    namespace      VARCHAR(64)   NOT NULL PRIMARY KEY,
    require_signed BOOLEAN       NOT NULL
);
