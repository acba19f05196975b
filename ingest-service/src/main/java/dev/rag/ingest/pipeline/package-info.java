/**
 * One document through ingestion: hash (identical content is a no-op), parse, chunk with the shared
 * {@link dev.rag.encoders.chunking.DocumentChunker}, claim a version in the registry, publish the
 * chunks on {@code rag.chunks} keyed by document id, and record progress. Used by both the upload
 * path and the {@code rag.documents} consumer.
 */
package dev.rag.ingest.pipeline;
