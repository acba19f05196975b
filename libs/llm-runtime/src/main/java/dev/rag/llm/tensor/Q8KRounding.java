package dev.rag.llm.tensor;

/**
 * Rounds activations the way llama.cpp feeds them to K-quant weights (its Q8_K blocks), returned as
 * floats: per 256 elements, with {@code max} the element of largest magnitude (sign kept, the first
 * one on ties), {@code iscale = -127 / max}, {@code q = min(127, roundHalfEven(iscale * x))} and
 * {@code d = 1 / iscale}; the element becomes {@code d * q}. A K-quant dot product in llama.cpp is,
 * up to float summation order, the decoded weights times these values, so multiplying the decoded
 * weights with them reproduces llama.cpp's results; with unrounded activations a model differs from
 * llama.cpp by the rounding noise itself, which small random models amplify to about 0.1 in the
 * logits. There is no integer kernel behind this (yet): it costs one pass over the activations per
 * matrix.
 */
public final class Q8KRounding {
  public static final int BLOCK = 256;

  private Q8KRounding() {}

  /** {@code x[0..tokens)} rounded, each of {@code cols} elements, a multiple of 256. */
  public static float[][] round(float[][] x, int tokens, int cols) {
    if (cols % BLOCK != 0) {
      throw new IllegalArgumentException("row length " + cols + " is not a multiple of " + BLOCK);
    }
    float[][] out = new float[tokens][cols];
    for (int t = 0; t < tokens; t++) {
      for (int from = 0; from < cols; from += BLOCK) {
        roundBlock(x[t], out[t], from);
      }
    }
    return out;
  }

  private static void roundBlock(float[] x, float[] out, int from) {
    float amax = 0f;
    float max = 0f;
    for (int j = from; j < from + BLOCK; j++) {
      float ax = Math.abs(x[j]);
      if (ax > amax) {
        amax = ax;
        max = x[j];
      }
    }
    if (amax == 0f) {
      java.util.Arrays.fill(out, from, from + BLOCK, 0f);
      return;
    }
    float iscale = -127f / max;
    float d = 1f / iscale;
    for (int j = from; j < from + BLOCK; j++) {
      int q = Math.min(127, (int) Math.rint(iscale * x[j]));
      out[j] = d * q;
    }
  }
}
