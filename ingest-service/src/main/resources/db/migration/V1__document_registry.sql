-- The document registry (schema "ingest"). Runs unchanged on PostgreSQL and on the embedded
-- H2 database (PostgreSQL mode), so both deployments share one schema history.
CREATE TABLE collections (
    name        VARCHAR(128) PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE documents (
    id            VARCHAR(256) NOT NULL,
    collection    VARCHAR(128) NOT NULL REFERENCES collections (name),
    version       BIGINT       NOT NULL,
    content_hash  CHAR(64)     NOT NULL,
    title         VARCHAR(1024),
    source_uri    VARCHAR(2048),
    content_type  VARCHAR(256),
    status        VARCHAR(32)  NOT NULL,
    chunk_count   INTEGER      NOT NULL DEFAULT 0,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (collection, id)
);
