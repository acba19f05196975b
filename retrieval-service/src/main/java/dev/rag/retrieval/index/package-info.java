/**
 * Indexing of embedded chunks into both stores. {@link dev.rag.retrieval.index.ChunkIndexer} turns
 * a batch of {@code rag.embedded-chunks} records into an ordered list of idempotent {@link
 * dev.rag.retrieval.index.IndexOp}s (version replacement, deletes with tombstones, stale records
 * skipped), decided against the committed Lucene index; every {@link
 * dev.rag.retrieval.index.ChunkStore} applies the list and commits it atomically with the Kafka
 * offsets it covers. Dense search sits behind {@link dev.rag.retrieval.index.DenseStore},
 * implemented by Lucene HNSW ({@code lucene}) and pgvector ({@code pgvector}).
 */
package dev.rag.retrieval.index;
