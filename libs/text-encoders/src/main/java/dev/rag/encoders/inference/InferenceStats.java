package dev.rag.encoders.inference;

import java.util.List;

/**
 * What one call cost, for services to record as metrics.
 *
 * @param batchSizes sequences per ONNX call, in execution order
 * @param paddedLengths sequence length of each ONNX call (longest in its batch)
 * @param tokens real tokens processed, special tokens included
 * @param truncated inputs that lost tokens to the maximum length
 */
public record InferenceStats(
    List<Integer> batchSizes, List<Integer> paddedLengths, long tokens, int truncated) {

  public InferenceStats {
    batchSizes = List.copyOf(batchSizes);
    paddedLengths = List.copyOf(paddedLengths);
    if (batchSizes.size() != paddedLengths.size()) {
      throw new IllegalArgumentException("batchSizes and paddedLengths must have equal size");
    }
  }

  /** Tokens computed including padding; {@code paddedTokens / tokens} is the padding overhead. */
  public long paddedTokens() {
    long sum = 0;
    for (int i = 0; i < batchSizes.size(); i++) {
      sum += (long) batchSizes.get(i) * paddedLengths.get(i);
    }
    return sum;
  }
}
