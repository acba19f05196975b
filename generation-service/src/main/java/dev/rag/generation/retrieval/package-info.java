/**
 * The pipeline's client of retrieval-service ({@code POST /v1/retrieve}), guarded by a timeout and
 * a circuit breaker. Unlike reranking, retrieval has no fallback: without candidates there is
 * nothing to answer from, so failures become 503/504 problem details.
 */
package dev.rag.generation.retrieval;
