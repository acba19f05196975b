package dev.rag.gateway.cache;

import java.util.Optional;

/** Where answers are kept: Redis in production, this process in the embedded default. */
public interface AnswerCache {

  Optional<CachedAnswer> get(String exactKey);

  /**
   * Keeps an answer under its exact key and, when {@code embedding} is present (unit length),
   * registers the question in its scope for semantic lookups.
   */
  void put(AnswerCacheKey key, float[] embedding, CachedAnswer answer);

  /**
   * The exact key of the scope's question most similar to {@code embedding}, if it reaches {@code
   * threshold}.
   */
  Optional<String> nearest(String scopeKey, float[] embedding, double threshold);

  /**
   * The collection's cache generation: part of every answer key of the collection, so {@link
   * #invalidate} ends all its cached answers at once (0 until the first invalidation).
   */
  long generation(String collection);

  /**
   * Ends every cached answer of the collection (a new generation; old entries expire unreached).
   * The gateway calls it when a collection delete passed through it, so answers from deleted
   * documents stop at once rather than when the index events of the deletion arrive.
   */
  void invalidate(String collection);

  /** Cosine similarity of two unit vectors (their dot product); 0 when the dimensions differ. */
  static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      return 0;
    }
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }
}
