package dev.rag.encoders.inference;

/**
 * Limits on one ONNX call. Inputs are sorted by token length before cutting batches, so padding
 * (wasted compute) stays within sequences of similar length.
 *
 * @param maxSequences most sequences in one batch
 * @param maxTokens most padded tokens in one batch (sequences x longest length); bounds the
 *     attention buffers, which grow with batch x length^2. A single longer sequence still runs
 *     alone.
 */
public record BatchingPolicy(int maxSequences, int maxTokens) {

  public static final int DEFAULT_MAX_SEQUENCES = 32;
  public static final int DEFAULT_MAX_TOKENS = 8192;

  public BatchingPolicy {
    if (maxSequences < 1 || maxSequences > 4096) {
      throw new IllegalArgumentException("maxSequences " + maxSequences + " must be in [1, 4096]");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens " + maxTokens + " must be >= 1");
    }
  }

  /** 32 sequences, 8192 padded tokens. */
  public static BatchingPolicy defaults() {
    return new BatchingPolicy(DEFAULT_MAX_SEQUENCES, DEFAULT_MAX_TOKENS);
  }

  /** One sequence per call: no padding and no batch neighbours, so results never depend on them. */
  public static BatchingPolicy unbatched() {
    return new BatchingPolicy(1, Integer.MAX_VALUE);
  }
}
