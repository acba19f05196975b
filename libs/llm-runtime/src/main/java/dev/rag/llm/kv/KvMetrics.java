package dev.rag.llm.kv;

/**
 * A snapshot of the pool.
 *
 * @param totalBlocks blocks in the pool
 * @param usedBlocks blocks referenced by at least one sequence
 * @param sharedBlocks blocks referenced by more than one sequence
 * @param cachedBlocks blocks whose prefix can be reused (in use or free)
 * @param blockSize tokens per block
 * @param bytesPerToken K/V bytes per token across all layers (0 when unknown)
 */
public record KvMetrics(
    int totalBlocks,
    int usedBlocks,
    int sharedBlocks,
    int cachedBlocks,
    int blockSize,
    long bytesPerToken) {

  public long usedBytes() {
    return (long) usedBlocks * blockSize * bytesPerToken;
  }
}
