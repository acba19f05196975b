/**
 * The REST contracts of embeddings: embedding-service's OpenAI-style {@code POST /v1/embeddings}
 * (passages, and queries for external callers) and retrieval-service's internal {@code POST
 * /v1/query-embeddings}, which embeds a query exactly as retrieval does and shares its cache.
 */
package dev.rag.contracts.embedding;
