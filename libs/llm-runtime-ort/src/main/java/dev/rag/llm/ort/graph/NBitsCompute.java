package dev.rag.llm.ort.graph;

/**
 * How MatMulNBits multiplies on the CPU execution provider (its {@code accuracy_level}). The
 * weights are the same either way; only the activations' precision differs.
 */
public enum NBitsCompute {
  /**
   * accuracy_level 0: activations stay float, so results equal the Java backend's up to summation
   * order. On ONNX Runtime 1.29's CPU provider the 8-bit kernel is slow in this mode (see
   * bench/RESULTS.md). The default.
   */
  FLOAT(0),
  /**
   * accuracy_level 4 for 4-bit weights: activations are quantized per block to int8 and multiplied
   * in integers (faster on the CPU, logits within 0.25 of the Java backend's on the test shapes).
   * 8-bit weights keep accuracy_level 0: ONNX Runtime 1.29's CPU kernel for 8 bits with int8
   * activations disagreed with the reference by up to 5 logits on the synthetic Q8_0 test model
   * (with and without explicit zero points of 128), so it is not used.
   */
  INT8(4);

  private final int accuracyLevel;

  NBitsCompute(int accuracyLevel) {
    this.accuracyLevel = accuracyLevel;
  }

  /** The accuracy_level attribute for a MatMulNBits node with {@code bits}-bit weights. */
  public int accuracyLevelFor(int bits) {
    return bits == 4 ? accuracyLevel : FLOAT.accuracyLevel;
  }
}
