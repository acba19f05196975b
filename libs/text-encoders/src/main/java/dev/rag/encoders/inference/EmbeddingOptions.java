package dev.rag.encoders.inference;

/**
 * How an embedder turns token vectors into text vectors.
 *
 * @param pooling CLS or MEAN
 * @param normalize L2-normalise vectors, so cosine similarity is a dot product
 * @param queryPrefix instruction prepended by {@link TextEmbedder#embedQueries}; empty for none
 * @param batching batch limits
 */
public record EmbeddingOptions(
    Pooling pooling, boolean normalize, String queryPrefix, BatchingPolicy batching) {

  public EmbeddingOptions {
    if (pooling == null) {
      throw new IllegalArgumentException("pooling must be CLS or MEAN, not null");
    }
    if (queryPrefix == null) {
      throw new IllegalArgumentException("queryPrefix must not be null (use \"\" for none)");
    }
    if (batching == null) {
      throw new IllegalArgumentException("batching must not be null");
    }
  }

  /** bge models: CLS pooling, normalised, with the given query instruction. */
  public static EmbeddingOptions bge(String queryPrefix) {
    return new EmbeddingOptions(Pooling.CLS, true, queryPrefix, BatchingPolicy.defaults());
  }

  public EmbeddingOptions withBatching(BatchingPolicy policy) {
    return new EmbeddingOptions(pooling, normalize, queryPrefix, policy);
  }

  public EmbeddingOptions withPooling(Pooling mode) {
    return new EmbeddingOptions(mode, normalize, queryPrefix, batching);
  }
}
