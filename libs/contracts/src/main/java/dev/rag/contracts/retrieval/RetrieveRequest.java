package dev.rag.contracts.retrieval;

import java.util.List;
import java.util.Map;

/**
 * A {@code POST /v1/retrieve} body. Limits are checked by retrieval-service (problem details), not
 * here, so that a bad request still parses and gets a precise error.
 *
 * @param query the question or keywords (1..4,096 characters)
 * @param collections collections searched (one or more); {@code collection} is the one-name form
 * @param collection shorthand for a single collection; merged with {@code collections}
 * @param filters metadata conditions by key, all of which must hold (applied inside both
 *     retrievers): {@code "lang": "en"} is an exact match; see {@link MetadataCondition} for {@code
 *     in}, numeric and date ranges and {@code exists}
 * @param k hits returned (1..1000, default 10)
 * @param mode {@code bm25}, {@code dense} or {@code hybrid} (default)
 * @param candidates per-retriever depth before fusion (default {@code rag.retrieval.candidates})
 * @param efSearch HNSW candidate list of the dense search (default {@code rag.retrieval.ef-search})
 */
public record RetrieveRequest(
    String query,
    List<String> collections,
    String collection,
    Map<String, MetadataCondition> filters,
    Integer k,
    RetrievalMode mode,
    Integer candidates,
    Integer efSearch) {

  /** The simplest request: one collection, default depth and mode. */
  public static RetrieveRequest of(String query, String collection, int k, RetrievalMode mode) {
    return new RetrieveRequest(query, null, collection, null, k, mode, null, null);
  }
}
