package dev.rag.llm.engine;

/**
 * Engine settings.
 *
 * @param blockSize tokens per KV block
 * @param kvBudgetBytes memory for the KV cache; the pool gets as many blocks as fit
 * @param tokenBudget most tokens computed per step (prompt chunks plus decode tokens)
 * @param maxRunning most requests in the running batch
 * @param prefixCaching share full blocks between requests with equal prefixes
 * @param speculation where draft tokens for each decode step come from ({@link PromptLookup} or a
 *     {@link DraftModel}); they are verified in one forward pass ({@link PromptLookup#OFF}: plain
 *     decoding)
 */
public record EngineConfig(
    int blockSize,
    long kvBudgetBytes,
    int tokenBudget,
    int maxRunning,
    boolean prefixCaching,
    Drafter speculation) {

  public static final int DEFAULT_BLOCK_SIZE = 16;

  public EngineConfig {
    if (blockSize < 1 || blockSize > 4096) {
      throw new IllegalArgumentException("blockSize " + blockSize + " outside [1, 4096]");
    }
    if (kvBudgetBytes < 1) {
      throw new IllegalArgumentException("kvBudgetBytes " + kvBudgetBytes + " must be > 0");
    }
    if (tokenBudget < 1) {
      throw new IllegalArgumentException("tokenBudget " + tokenBudget + " must be >= 1");
    }
    if (maxRunning < 1) {
      throw new IllegalArgumentException("maxRunning " + maxRunning + " must be >= 1");
    }
    if (speculation == null) {
      throw new IllegalArgumentException("speculation must be given (PromptLookup.OFF for none)");
    }
  }

  /** Without speculation. */
  public EngineConfig(
      int blockSize, long kvBudgetBytes, int tokenBudget, int maxRunning, boolean prefixCaching) {
    this(blockSize, kvBudgetBytes, tokenBudget, maxRunning, prefixCaching, PromptLookup.OFF);
  }

  /** The same settings with {@code drafter} as the speculation. */
  public EngineConfig withSpeculation(Drafter drafter) {
    return new EngineConfig(
        blockSize, kvBudgetBytes, tokenBudget, maxRunning, prefixCaching, drafter);
  }

  public static EngineConfig withBudget(long kvBudgetBytes) {
    return new EngineConfig(DEFAULT_BLOCK_SIZE, kvBudgetBytes, 256, 64, true);
  }
}
