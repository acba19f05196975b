package dev.rag.retrieval.search;

/**
 * A query embedding and the model that made it.
 *
 * @param cached true when it came from the query cache rather than a model run
 */
public record QueryVector(float[] vector, String modelId, boolean cached) {

  /** The same vector as served from the cache. */
  QueryVector asCached() {
    return cached ? this : new QueryVector(vector, modelId, true);
  }
}
