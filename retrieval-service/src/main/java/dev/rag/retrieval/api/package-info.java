/** {@code POST /v1/retrieve}: request checks that name the offending field, then the retriever. */
package dev.rag.retrieval.api;
