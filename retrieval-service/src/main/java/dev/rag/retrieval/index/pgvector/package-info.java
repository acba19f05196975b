/**
 * pgvector as the dense store (production): table {@code retrieval.chunks} with an HNSW index
 * ({@code vector_cosine_ops}), collection and metadata filters in the SQL of the search, and the
 * consumed offsets committed in the same transaction as the vectors. Only wired when {@code
 * rag.retrieval.dense-store=pgvector}; otherwise the service has no data source at all.
 */
package dev.rag.retrieval.index.pgvector;
