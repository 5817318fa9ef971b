-- Dist-tags (npm's): a name such as 'stable' that a namespace's owner points at one version of a brick and moves
-- later. The implicit 'latest' is computed from the versions and never stored. Moving or removing a tag records an
-- event ('tagged' names the version the tag now points at, 'untagged' the one it pointed at), which carries the tag
-- in the new column; the column is NULL for the version events. Written in the SQL that H2 (in its default mode) and
-- PostgreSQL 15 both accept.

CREATE TABLE dist_tags (
    brick_id       VARCHAR(130)  NOT NULL,
    tag            VARCHAR(32)   NOT NULL,
    version        VARCHAR(64)   NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by     VARCHAR(32)   NOT NULL,               -- token id
    PRIMARY KEY (brick_id, tag),
    FOREIGN KEY (brick_id, version) REFERENCES versions (brick_id, version)
);

ALTER TABLE events ADD COLUMN tag VARCHAR(32);
