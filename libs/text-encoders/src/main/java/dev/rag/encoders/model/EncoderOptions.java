package dev.rag.encoders.model;

/**
 * How to open a model.
 *
 * @param intraOpThreads ONNX Runtime threads used inside one inference call
 * @param maxLength cap on sequence length in tokens, special tokens included; 0 means the model's
 *     own limit (config.json, else 512). A lower cap trades recall on long passages for speed.
 */
public record EncoderOptions(int intraOpThreads, int maxLength) {

  public EncoderOptions {
    if (intraOpThreads < 1 || intraOpThreads > 1024) {
      throw new IllegalArgumentException(
          "intraOpThreads " + intraOpThreads + " must be in [1, 1024]");
    }
    if (maxLength != 0 && maxLength < 5) {
      throw new IllegalArgumentException(
          "maxLength " + maxLength + " must be 0 (model limit) or >= 5");
    }
  }

  /** One intra-op thread per available processor, the model's own length limit. */
  public static EncoderOptions defaults() {
    return new EncoderOptions(Runtime.getRuntime().availableProcessors(), 0);
  }

  public EncoderOptions withIntraOpThreads(int threads) {
    return new EncoderOptions(threads, maxLength);
  }

  public EncoderOptions withMaxLength(int length) {
    return new EncoderOptions(intraOpThreads, length);
  }
}
