package dev.rag.retrieval.search;

import dev.rag.contracts.retrieval.RetrievalMode;
import dev.rag.retrieval.index.MetadataFilters;
import java.util.Map;
import java.util.Set;

/**
 * A checked retrieval request (the API layer turns bad input into problem details first).
 *
 * @param text the query text, not blank
 * @param collections one or more collection names
 * @param filters metadata conditions (all must hold)
 * @param k hits wanted, 1..1000
 * @param mode which retrievers run
 * @param candidates per-retriever depth before fusion, 1..1000 (raised to k)
 * @param efSearch HNSW candidate list, 1..1000
 */
public record RetrievalQuery(
    String text,
    Set<String> collections,
    MetadataFilters filters,
    int k,
    RetrievalMode mode,
    int candidates,
    int efSearch) {

  public RetrievalQuery {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("query must not be blank");
    }
    if (collections == null || collections.isEmpty()) {
      throw new IllegalArgumentException("at least one collection must be searched");
    }
    collections = Set.copyOf(collections);
    filters = filters == null ? MetadataFilters.none() : filters;
    checkRange("k", k);
    checkRange("candidates", candidates);
    checkRange("efSearch", efSearch);
    if (mode == null) {
      throw new IllegalArgumentException("mode must be present");
    }
  }

  /** A query with exact-match filters only. */
  public RetrievalQuery(
      String text,
      Set<String> collections,
      Map<String, String> exact,
      int k,
      RetrievalMode mode,
      int candidates,
      int efSearch) {
    this(text, collections, MetadataFilters.of(exact), k, mode, candidates, efSearch);
  }

  private static void checkRange(String name, int value) {
    if (value < 1 || value > 1000) {
      throw new IllegalArgumentException(name + " must be in [1, 1000], was " + value);
    }
  }

  /** How deep each retriever searches: the fused list needs at least k from each. */
  public int depth() {
    return mode == RetrievalMode.HYBRID ? Math.max(k, candidates) : k;
  }
}
