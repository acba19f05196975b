/**
 * Indexing of embedded chunks into both stores: {@link dev.rag.retrieval.indexing.ChunkIndexer}
 * turns a batch of {@code rag.embedded-chunks} records into an ordered list of idempotent index ops
 * (stale records skipped), decided against the committed Lucene index, and applies it to the Lucene
 * index and the dense store. Above {@code index} and its implementations, so the stores never
 * depend back on it.
 */
package dev.rag.retrieval.indexing;
