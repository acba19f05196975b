package dev.rag.encoders.inference;

/**
 * @param sigmoid map logits to (0, 1); ranking is unchanged, but scores become comparable to a
 *     threshold
 * @param batching batch limits
 */
public record CrossEncoderOptions(boolean sigmoid, BatchingPolicy batching) {

  public CrossEncoderOptions {
    if (batching == null) {
      throw new IllegalArgumentException("batching must not be null");
    }
  }

  /** Raw logits, default batching. */
  public static CrossEncoderOptions defaults() {
    return new CrossEncoderOptions(false, BatchingPolicy.defaults());
  }

  public CrossEncoderOptions withBatching(BatchingPolicy policy) {
    return new CrossEncoderOptions(sigmoid, policy);
  }
}
