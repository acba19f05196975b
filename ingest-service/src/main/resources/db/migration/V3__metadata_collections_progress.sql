-- Portable SQL: runs on PostgreSQL and on H2 (PostgreSQL mode).

-- Upload metadata (the "metadata" form fields) of a document, as JSON text: kept with the item
-- so that a job resumed after a restart still puts it on every chunk.
ALTER TABLE job_items ADD COLUMN metadata VARCHAR(16384);

-- A deleted collection keeps its row (and its documents' rows, marked DELETED) so that versions
-- keep growing if the name is used again: retrieval's tombstones would hide a restarted version 1.
ALTER TABLE collections ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

-- Progress comes from rag.index-events only (counts per document version), so nothing writes
-- embedded_chunks any more (the per-chunk dedupe of the old vector-topic listener). It is left in
-- place for a rolling upgrade, where older instances still write it; a later migration drops it.

-- The job list of a collection, newest first.
CREATE INDEX jobs_by_collection ON jobs (collection, created_at);
