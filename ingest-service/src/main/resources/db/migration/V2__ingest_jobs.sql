-- Ingest jobs and their progress. Portable SQL: runs on PostgreSQL and on H2 (PostgreSQL mode).

-- The job that last wrote a document version: a redelivered record of the same job republishes
-- its chunks instead of being taken for a no-op re-upload.
ALTER TABLE documents ADD COLUMN job_id VARCHAR(64);

CREATE TABLE jobs (
    id          VARCHAR(64)  PRIMARY KEY,
    collection  VARCHAR(128) NOT NULL,
    origin      VARCHAR(16)  NOT NULL,
    state       VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- One row per document of a job. Counters only grow; status moves forward only.
CREATE TABLE job_items (
    job_id           VARCHAR(64)   NOT NULL REFERENCES jobs (id),
    item             INTEGER       NOT NULL,
    document_id      VARCHAR(256)  NOT NULL,
    operation        VARCHAR(16)   NOT NULL,
    file_name        VARCHAR(1024),
    content_type     VARCHAR(256),
    staged_path      VARCHAR(4096),
    version          BIGINT,
    status           VARCHAR(16)   NOT NULL,
    chunks_parsed    INTEGER       NOT NULL DEFAULT 0,
    chunks_embedded  INTEGER       NOT NULL DEFAULT 0,
    chunks_indexed   INTEGER       NOT NULL DEFAULT 0,
    error            VARCHAR(4000),
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (job_id, item)
);

CREATE INDEX job_items_by_document ON job_items (job_id, document_id, version);
CREATE INDEX job_items_by_status ON job_items (status);

-- Chunk ids already counted as embedded, so a redelivered event is not counted twice.
-- Rows of a job item are removed once the item is finished.
CREATE TABLE embedded_chunks (
    job_id    VARCHAR(64)  NOT NULL,
    chunk_id  VARCHAR(512) NOT NULL,
    PRIMARY KEY (job_id, chunk_id)
);
