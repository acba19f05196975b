/**
 * Ingest jobs and their progress. A job groups the documents of one upload, one producer record or
 * one delete; each document (item) moves PENDING → PUBLISHING → PUBLISHED → INDEXED (or UNCHANGED,
 * SKIPPED, DELETED, FAILED). "Parsed" counts come from the pipeline, "embedded" from {@code
 * rag.embedded-chunks} (deduplicated by chunk id) and "indexed" from {@code rag.index-events}; the
 * job state follows from its items.
 */
package dev.rag.ingest.jobs;
