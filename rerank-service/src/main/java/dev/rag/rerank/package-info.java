/** rerank-service: Cross-encoder scoring: POST /v1/rerank. */
package dev.rag.rerank;
