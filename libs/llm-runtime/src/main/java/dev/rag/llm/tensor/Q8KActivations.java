package dev.rag.llm.tensor;

/**
 * A batch of activation vectors quantized as llama.cpp's Q8_K blocks, the form in which its CPU
 * backend multiplies them with K-quant weights ({@code quantize_row_q8_K_ref}): per 256 elements,
 * with {@code max} the element of largest magnitude (sign kept, the first one on ties), {@code
 * iscale = -127 / max}, each element {@code min(127, roundHalfEven(iscale * x))}, the block scale
 * {@code d = 1 / iscale} kept as a float, and the sum of every 16 quantized elements ({@code
 * bsums}, which the formats with mins multiply by them instead of touching each element). The
 * values are kept in 16-bit lanes, the width the kernels multiply in, so they are widened once here
 * rather than once per weight row. Made once per matrix multiplication and shared by all rows.
 */
public final class Q8KActivations {
  public static final int BLOCK = 256;

  /** Elements per entry of {@link #sums16}. */
  public static final int SUM_GROUP = 16;

  private final short[][] values;
  private final float[][] scales;
  private final int[][] sums16;

  private Q8KActivations(short[][] values, float[][] scales, int[][] sums16) {
    this.values = values;
    this.scales = scales;
    this.sums16 = sums16;
  }

  /** Quantizes {@code x[0..tokens)}, each of {@code cols} elements, a multiple of 256. */
  public static Q8KActivations quantize(float[][] x, int tokens, int cols) {
    if (cols % BLOCK != 0) {
      throw new IllegalArgumentException("row length " + cols + " is not a multiple of " + BLOCK);
    }
    short[][] values = new short[tokens][cols];
    float[][] scales = new float[tokens][cols / BLOCK];
    int[][] sums = new int[tokens][cols / SUM_GROUP];
    for (int t = 0; t < tokens; t++) {
      for (int b = 0; b < cols / BLOCK; b++) {
        scales[t][b] = quantizeBlock(x[t], b * BLOCK, values[t]);
      }
      for (int g = 0; g < cols / SUM_GROUP; g++) {
        int s = 0;
        for (int j = g * SUM_GROUP; j < (g + 1) * SUM_GROUP; j++) {
          s += values[t][j];
        }
        sums[t][g] = s;
      }
    }
    return new Q8KActivations(values, scales, sums);
  }

  /** One block into {@code q[from, from + 256)}; returns its scale. */
  private static float quantizeBlock(float[] x, int from, short[] q) {
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
      return 0f; // the values stay 0
    }
    float iscale = -127f / max;
    for (int j = from; j < from + BLOCK; j++) {
      q[j] = (short) Math.min(127, (int) Math.rint(iscale * x[j]));
    }
    return 1f / iscale;
  }

  public int tokens() {
    return values.length;
  }

  /** Token {@code t}'s quantized elements (do not modify). */
  public short[] values(int t) {
    return values[t];
  }

  /** Token {@code t}'s per-block scales (do not modify). */
  public float[] scales(int t) {
    return scales[t];
  }

  /** Token {@code t}'s sums of every 16 quantized elements (do not modify). */
  public int[] sums16(int t) {
    return sums16[t];
  }
}
