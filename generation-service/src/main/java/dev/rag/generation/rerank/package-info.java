/**
 * The pipeline's client of rerank-service, guarded by a timeout and a circuit breaker: when
 * reranking fails, the fused retrieval order is kept and the answer says {@code reranked: false}.
 */
package dev.rag.generation.rerank;
