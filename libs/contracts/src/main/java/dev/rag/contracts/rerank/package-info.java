/**
 * The REST contract of rerank-service's Cohere-style {@code POST /v1/rerank}, shared by the
 * service, generation-service's client and the evaluation harness.
 */
package dev.rag.contracts.rerank;
