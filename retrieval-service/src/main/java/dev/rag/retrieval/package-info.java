/**
 * retrieval-service: Both indexes (pgvector, Lucene BM25) and hybrid search with Reciprocal Rank
 * Fusion.
 */
package dev.rag.retrieval;
