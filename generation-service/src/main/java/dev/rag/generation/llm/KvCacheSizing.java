package dev.rag.generation.llm;

/**
 * How much memory the paged KV cache gets: {@code rag.generation.kv-cache}, but never more than
 * {@code rag.generation.max-batch} sequences filling the model's whole context could use (memory
 * beyond that would never hold a block).
 *
 * @param perSequenceBytes K and V of one sequence filling the context window
 * @param budgetBytes the cache's memory
 */
record KvCacheSizing(long perSequenceBytes, long budgetBytes) {

  /**
   * @param contextLength the model's context window in tokens
   * @param kvBytesPerToken K and V bytes of one token over all layers
   * @param configuredBytes {@code rag.generation.kv-cache}
   * @param maxBatch {@code rag.generation.max-batch}
   */
  static KvCacheSizing of(
      int contextLength, long kvBytesPerToken, long configuredBytes, int maxBatch) {
    long perSequence = (long) contextLength * kvBytesPerToken;
    return new KvCacheSizing(perSequence, Math.min(configuredBytes, perSequence * maxBatch));
  }
}
