/**
 * The REST contract of {@code POST /v1/retrieve}: the request, the ranked chunks with each
 * retriever's rank (so a caller sees why a chunk was found), and degradation flags. Shared by
 * retrieval-service, its callers in generation-service and the evaluation harness.
 */
package dev.rag.contracts.retrieval;
