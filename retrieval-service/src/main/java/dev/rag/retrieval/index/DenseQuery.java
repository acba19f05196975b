package dev.rag.retrieval.index;

import java.util.Map;
import java.util.Set;

/**
 * A nearest-neighbour request.
 *
 * @param vector the query embedding (normalised here)
 * @param collections searched collections (at least one)
 * @param filters metadata conditions, all of which must hold (empty: none)
 * @param k hits wanted, 1..1000
 * @param efSearch HNSW candidate list size, 1..1000 (raised to k when smaller)
 */
public record DenseQuery(
    float[] vector, Set<String> collections, MetadataFilters filters, int k, int efSearch) {

  public DenseQuery {
    vector = IndexedChunk.unit(vector);
    if (collections == null || collections.isEmpty()) {
      throw new IllegalArgumentException("at least one collection must be searched");
    }
    collections = Set.copyOf(collections);
    filters = filters == null ? MetadataFilters.none() : filters;
    if (k < 1 || k > 1000) {
      throw new IllegalArgumentException("k must be in [1, 1000], was " + k);
    }
    if (efSearch < 1 || efSearch > 1000) {
      throw new IllegalArgumentException("efSearch must be in [1, 1000], was " + efSearch);
    }
  }

  /** A query with exact-match filters only. */
  public DenseQuery(
      float[] vector, Set<String> collections, Map<String, String> exact, int k, int efSearch) {
    this(vector, collections, MetadataFilters.of(exact), k, efSearch);
  }

  public static DenseQuery of(float[] vector, Set<String> collections, int k) {
    return new DenseQuery(vector, collections, MetadataFilters.none(), k, Math.max(k, 100));
  }

  /** The candidate list actually used: never smaller than k. */
  public int candidates() {
    return Math.max(k, efSearch);
  }
}
