package dev.rag.llm.tensor;

/**
 * Rounds floats to the nearest fp16 value (ties to even, as the F16C conversion ggml uses on x86)
 * and back to float. For the {@link ActivationFormat#Q8} path, which reproduces llama.cpp's
 * roundings: llama.cpp's default KV cache is F16, and a product with an F16 matrix first converts
 * its float operand to F16 (the vec_dot_type of F16 is F16).
 */
public final class Fp16Rounding {
  private Fp16Rounding() {}

  public static float round(float x) {
    return Float.float16ToFloat(Float.floatToFloat16(x));
  }

  /** {@code dst[dstOffset + i] = round(src[srcOffset + i])} for {@code i < n}. */
  public static void copyRounded(float[] src, int srcOffset, float[] dst, int dstOffset, int n) {
    for (int i = 0; i < n; i++) {
      dst[dstOffset + i] = round(src[srcOffset + i]);
    }
  }
}
