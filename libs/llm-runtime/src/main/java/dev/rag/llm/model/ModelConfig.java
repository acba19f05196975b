package dev.rag.llm.model;

/**
 * Hyperparameters of a llama-layout decoder.
 *
 * @param architecture GGUF {@code general.architecture}: llama, mistral or qwen2
 * @param dim embedding width
 * @param layers transformer blocks
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention); divides {@code heads}
 * @param headDim width of one head ({@code dim / heads})
 * @param ffnDim hidden width of the SwiGLU feed-forward
 * @param vocabSize tokens
 * @param contextLength longest sequence the model supports
 * @param rmsEps RMSNorm epsilon
 * @param ropeTheta RoPE base frequency
 * @param ropeDim leading dimensions of each head that RoPE rotates
 * @param ropeType pairing of rotated dimensions
 * @param qkvBias whether Q/K/V projections have biases (qwen2)
 */
public record ModelConfig(
    String architecture,
    int dim,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    int ffnDim,
    int vocabSize,
    int contextLength,
    float rmsEps,
    float ropeTheta,
    int ropeDim,
    RopeType ropeType,
    boolean qkvBias) {

  public ModelConfig {
    positive("dim", dim);
    positive("layers", layers);
    positive("heads", heads);
    positive("kvHeads", kvHeads);
    positive("ffnDim", ffnDim);
    positive("vocabSize", vocabSize);
    positive("contextLength", contextLength);
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException("n_kv_heads " + kvHeads + " must divide n_heads " + heads);
    }
    if (headDim * heads != dim) {
      throw new IllegalArgumentException(
          "headDim " + headDim + " x heads " + heads + " must equal dim " + dim);
    }
    if (ropeDim <= 0 || ropeDim > headDim || ropeDim % 2 != 0) {
      throw new IllegalArgumentException(
          "ropeDim " + ropeDim + " must be even and in [2, " + headDim + "]");
    }
    if (!(rmsEps > 0) || !(ropeTheta > 0)) {
      throw new IllegalArgumentException(
          "rmsEps " + rmsEps + " and ropeTheta " + ropeTheta + " must be > 0");
    }
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " = " + value + "; must be > 0");
    }
  }

  /** Width of K and V per token and layer. */
  public int kvDim() {
    return kvHeads * headDim;
  }

  /** Bytes one token occupies in an F32 K/V cache across all layers. */
  public long kvBytesPerToken() {
    return 2L * layers * kvDim() * Float.BYTES;
  }
}
