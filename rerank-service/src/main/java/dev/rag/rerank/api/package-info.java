/** {@code POST /v1/rerank} in the Cohere request/response shape. */
package dev.rag.rerank.api;
