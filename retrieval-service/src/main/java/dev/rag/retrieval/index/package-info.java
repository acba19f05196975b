/**
 * The stores chunks live in and what they share: {@link dev.rag.retrieval.index.IndexOp}s (version
 * replacement, deletes with tombstones) that every {@link dev.rag.retrieval.index.ChunkStore}
 * applies and commits atomically with the Kafka offsets they cover, hits, and the metadata filter
 * semantics. Dense search sits behind {@link dev.rag.retrieval.index.DenseStore}, implemented by
 * Lucene HNSW ({@code lucene}) and pgvector ({@code pgvector}). Deciding the ops of a batch is
 * {@code indexing}'s job.
 */
package dev.rag.retrieval.index;
