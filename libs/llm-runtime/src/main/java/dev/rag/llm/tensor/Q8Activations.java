package dev.rag.llm.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A batch of activation vectors quantized like a Q8_0 row, as ggml's x86 {@code quantize_row_q8_0}
 * does it (llama.cpp's CPU backend, AVX/AVX2/AVX-512 builds): per 32-element block, the scale
 * {@code max|x| / 127} rounded to fp16 (block_q8_0 stores it as fp16, and the dot product uses that
 * stored value), and 32 signed bytes {@code roundHalfEven(x * (127 / max|x|))}; the multiplier is
 * computed from the unrounded maximum, not as the inverse of the (rounded) scale, and rounding is
 * {@code _mm256_round_ps(_MM_ROUND_NEAREST)}, i.e. ties to even. The values in [-127, 127] are kept
 * in 16-bit lanes, the width the kernels multiply in, so they are widened once here rather than
 * once per weight row. Made once per matrix multiplication and shared by all rows.
 */
public final class Q8Activations {
  public static final int BLOCK = 32;

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_128;

  /**
   * Within each 16-element half of a block, position {@code j} of the quad order holds element
   * {@code QUAD_ORDER[j]}: element {@code 4i + m} of the half lands at position {@code i + 4m}. A
   * kernel that shuffles each half of its weights the same way (one in-lane byte shuffle) and sums
   * positions {@code i, i + 4, i + 8, i + 12} of a half into one lane then sums each group of four
   * neighbours, which is what llama.cpp's Q8_0 kernel (llamafile's {@code tinyBLAS_Q0_AVX}: {@code
   * maddubs} + {@code madd}, or {@code dpbusd}) puts in each of its eight lanes.
   */
  public static final int[] QUAD_ORDER = new int[16];

  static {
    for (int i = 0; i < 4; i++) {
      for (int m = 0; m < 4; m++) {
        QUAD_ORDER[i + 4 * m] = 4 * i + m;
      }
    }
  }

  private final short[][] values;
  private final short[][] quadOrdered;
  private final float[][] scales;

  private Q8Activations(short[][] values, float[][] scales) {
    this.values = values;
    this.scales = scales;
    this.quadOrdered = new short[values.length][];
    for (int t = 0; t < values.length; t++) {
      short[] v = values[t];
      short[] o = new short[v.length];
      for (int h = 0; h < v.length; h += 16) {
        for (int j = 0; j < 16; j++) {
          o[h + j] = v[h + QUAD_ORDER[j]];
        }
      }
      quadOrdered[t] = o;
    }
  }

  /**
   * Quantizes {@code x[0..tokens)}, each of {@code cols} elements; {@code cols} must be a multiple
   * of 32.
   */
  public static Q8Activations quantize(float[][] x, int tokens, int cols) {
    if (cols % BLOCK != 0) {
      throw new IllegalArgumentException("row length " + cols + " is not a multiple of " + BLOCK);
    }
    short[][] values = new short[tokens][cols];
    float[][] scales = new float[tokens][cols / BLOCK];
    for (int t = 0; t < tokens; t++) {
      quantizeRow(x[t], values[t], scales[t], cols);
    }
    return new Q8Activations(values, scales);
  }

  /**
   * Adding and subtracting 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer, ties to
   * even (IEEE addition), the same as the x86 rounding instruction ggml uses; |x * id| is at most
   * 127.
   */
  private static final float ROUND_HALF_EVEN = 12582912f;

  /**
   * Vectorized because it runs on the calling thread before the rows are split (the scalar loop was
   * 8 % of decode samples).
   */
  private static void quantizeRow(float[] x, short[] q, float[] scales, int cols) {
    for (int b = 0; b < cols / BLOCK; b++) {
      int from = b * BLOCK;
      FloatVector amax = FloatVector.fromArray(F, x, from).abs();
      for (int i = from + F.length(); i < from + BLOCK; i += F.length()) {
        amax = amax.max(FloatVector.fromArray(F, x, i).abs());
      }
      float max = amax.reduceLanes(VectorOperators.MAX);
      scales[b] = Float.float16ToFloat(Float.floatToFloat16(max / 127f));
      float id = max != 0f ? 127f / max : 0f;
      for (int i = from; i < from + BLOCK; i += F.length()) {
        FloatVector y =
            FloatVector.fromArray(F, x, i).mul(id).add(ROUND_HALF_EVEN).sub(ROUND_HALF_EVEN);
        IntVector r = (IntVector) y.convert(VectorOperators.F2I, 0);
        r.convertShape(VectorOperators.I2S, S, 0).reinterpretAsShorts().intoArray(q, i);
      }
    }
  }

  public int tokens() {
    return values.length;
  }

  /** Token {@code t}'s quantized elements (do not modify). */
  public short[] values(int t) {
    return values[t];
  }

  /** Token {@code t}'s quantized elements, each block in {@link #QUAD_ORDER} (do not modify). */
  public short[] quadOrdered(int t) {
    return quadOrdered[t];
  }

  /** Token {@code t}'s per-block scales (do not modify). */
  public float[] scales(int t) {
    return scales[t];
  }
}
