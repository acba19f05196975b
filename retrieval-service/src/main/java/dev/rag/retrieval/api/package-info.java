/**
 * {@code POST /v1/retrieve}: request checks that name the offending field, then the retriever; and
 * the internal {@code POST /v1/query-embeddings}, which embeds a query as retrieval does; and a
 * document's chunks as indexed.
 */
package dev.rag.retrieval.api;
