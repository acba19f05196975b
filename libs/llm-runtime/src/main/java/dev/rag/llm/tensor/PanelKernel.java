package dev.rag.llm.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float product of decoded weight rows (a panel, see {@link RowPanels}) with a tile of tokens,
 * two rows by four tokens at a time in registers: each weight load serves four tokens and each
 * activation load two rows, so the loop is bound by multiply-adds instead of by widening quantized
 * weights, which a prompt would otherwise repeat for every group of four tokens.
 *
 * <p>Per row and token the arithmetic is fixed: 8-lane chunks alternate between two accumulators
 * ({@code even} takes chunks 0, 2, 4, ..., {@code odd} the others), each by fma, and the result is
 * {@link #sum}{@code (even + odd)}. The formats' own single-token kernels do exactly this.
 */
public final class PanelKernel {

  /** The kernels are written for 8 float lanes (AVX2). */
  public static final VectorSpecies<Float> F = FloatVector.SPECIES_256;

  private static final VectorShuffle<Float> SWAP_4 =
      VectorShuffle.fromValues(F, 4, 5, 6, 7, 0, 1, 2, 3);
  private static final VectorShuffle<Float> SWAP_2 =
      VectorShuffle.fromValues(F, 2, 3, 0, 1, 6, 7, 4, 5);
  private static final VectorShuffle<Float> SWAP_1 =
      VectorShuffle.fromValues(F, 1, 0, 3, 2, 5, 4, 7, 6);

  private PanelKernel() {}

  /**
   * Sum of the 8 lanes by three fixed butterfly steps. {@code reduceLanes(ADD)} leaves the order
   * unspecified, and interpreted and compiled code were seen to differ in the last bits; a fixed
   * order keeps results identical however a sequence is batched and whenever the JIT kicks in.
   */
  public static float sum(FloatVector v) {
    FloatVector s = v.add(v.rearrange(SWAP_4));
    s = s.add(s.rearrange(SWAP_2));
    return s.add(s.rearrange(SWAP_1)).lane(0);
  }

  /**
   * {@code out[t][firstRow + r] = panel row r · x[t]} for {@code r < rows} and {@code t} in {@code
   * [from, to)}; {@code cols} must be a multiple of 16.
   */
  public static void multiply(
      float[] panel,
      int rows,
      int cols,
      float[][] x,
      int from,
      int to,
      float[][] out,
      int firstRow) {
    if (cols % 16 != 0) {
      throw new IllegalArgumentException("panel rows must hold a multiple of 16, not " + cols);
    }
    float[] sums = new float[8];
    for (int t = from; t < to; t += 4) {
      // Groups of four; a short last group repeats its first vector and ignores the extra results.
      float[] x0 = x[t];
      float[] x1 = t + 1 < to ? x[t + 1] : x0;
      float[] x2 = t + 2 < to ? x[t + 2] : x0;
      float[] x3 = t + 3 < to ? x[t + 3] : x0;
      int tokens = Math.min(4, to - t);
      int r = 0;
      for (; r + 1 < rows; r += 2) {
        rows2(panel, r * cols, (r + 1) * cols, cols, x0, x1, x2, x3, sums);
        for (int i = 0; i < tokens; i++) {
          out[t + i][firstRow + r] = sums[2 * i];
          out[t + i][firstRow + r + 1] = sums[2 * i + 1];
        }
      }
      if (r < rows) {
        // An odd last row pairs with itself: the same arithmetic, the second results ignored.
        rows2(panel, r * cols, r * cols, cols, x0, x1, x2, x3, sums);
        for (int i = 0; i < tokens; i++) {
          out[t + i][firstRow + r] = sums[2 * i];
        }
      }
    }
  }

  /**
   * Rows at {@code a} and {@code b} of the panel against four tokens; {@code sums[2t]} is row a's
   * result for token t, {@code sums[2t + 1]} row b's. One method with sixteen accumulators on
   * purpose: helpers holding vectors exceed the JIT's inlining budget and box them.
   */
  private static void rows2(
      float[] panel,
      int a,
      int b,
      int cols,
      float[] x0,
      float[] x1,
      float[] x2,
      float[] x3,
      float[] sums) {
    FloatVector ae0 = FloatVector.zero(F);
    FloatVector ao0 = FloatVector.zero(F);
    FloatVector ae1 = FloatVector.zero(F);
    FloatVector ao1 = FloatVector.zero(F);
    FloatVector ae2 = FloatVector.zero(F);
    FloatVector ao2 = FloatVector.zero(F);
    FloatVector ae3 = FloatVector.zero(F);
    FloatVector ao3 = FloatVector.zero(F);
    FloatVector be0 = FloatVector.zero(F);
    FloatVector bo0 = FloatVector.zero(F);
    FloatVector be1 = FloatVector.zero(F);
    FloatVector bo1 = FloatVector.zero(F);
    FloatVector be2 = FloatVector.zero(F);
    FloatVector bo2 = FloatVector.zero(F);
    FloatVector be3 = FloatVector.zero(F);
    FloatVector bo3 = FloatVector.zero(F);
    for (int k = 0; k < cols; k += 16) {
      FloatVector wa = FloatVector.fromArray(F, panel, a + k);
      FloatVector wb = FloatVector.fromArray(F, panel, b + k);
      FloatVector y = FloatVector.fromArray(F, x0, k);
      ae0 = wa.fma(y, ae0);
      be0 = wb.fma(y, be0);
      y = FloatVector.fromArray(F, x1, k);
      ae1 = wa.fma(y, ae1);
      be1 = wb.fma(y, be1);
      y = FloatVector.fromArray(F, x2, k);
      ae2 = wa.fma(y, ae2);
      be2 = wb.fma(y, be2);
      y = FloatVector.fromArray(F, x3, k);
      ae3 = wa.fma(y, ae3);
      be3 = wb.fma(y, be3);
      wa = FloatVector.fromArray(F, panel, a + k + 8);
      wb = FloatVector.fromArray(F, panel, b + k + 8);
      y = FloatVector.fromArray(F, x0, k + 8);
      ao0 = wa.fma(y, ao0);
      bo0 = wb.fma(y, bo0);
      y = FloatVector.fromArray(F, x1, k + 8);
      ao1 = wa.fma(y, ao1);
      bo1 = wb.fma(y, bo1);
      y = FloatVector.fromArray(F, x2, k + 8);
      ao2 = wa.fma(y, ao2);
      bo2 = wb.fma(y, bo2);
      y = FloatVector.fromArray(F, x3, k + 8);
      ao3 = wa.fma(y, ao3);
      bo3 = wb.fma(y, bo3);
    }
    sums[0] = sum(ae0.add(ao0));
    sums[1] = sum(be0.add(bo0));
    sums[2] = sum(ae1.add(ao1));
    sums[3] = sum(be1.add(bo1));
    sums[4] = sum(ae2.add(ao2));
    sums[5] = sum(be2.add(bo2));
    sums[6] = sum(ae3.add(ao3));
    sums[7] = sum(be3.add(bo3));
  }
}
