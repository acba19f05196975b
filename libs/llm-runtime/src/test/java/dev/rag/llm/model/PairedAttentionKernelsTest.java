package dev.rag.llm.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The paired attention kernels promise exactly the arithmetic of the one-head kernels they replace,
 * so that a token's attention output does not depend on which path computed it: checked bit for bit
 * on paged (scattered, out-of-order) key and value rows, for heads of different sizes, for position
 * counts that fill no vector evenly, and for a head paired with itself.
 */
class PairedAttentionKernelsTest {

  @ParameterizedTest
  @CsvSource({"32, 1", "64, 7", "64, 300", "128, 33"})
  void scoresOfPairEqualTwoDotProductsBitForBit(int headDim, int positions) {
    Random rnd = new Random(headDim * 31L + positions);
    int kvDim = 2 * headDim;
    float[] keys = gaussian(rnd, (positions + 8) * kvDim);
    float[] query = gaussian(rnd, 3 * headDim);
    int[] slots = scatteredSlots(rnd, positions, kvDim);
    int off = headDim; // the second KV head
    float scale = (float) (1 / Math.sqrt(headDim));
    float[] a = new float[positions];
    float[] b = new float[positions];

    Ops.scoresOfPair(query, 0, 2 * headDim, keys, slots, off, positions, headDim, scale, a, b);

    for (int p = 0; p < positions; p++) {
      int base = slots[p] + off;
      assertThat(a[p]).isEqualTo(Ops.dot(query, 0, keys, base, headDim) * scale);
      assertThat(b[p]).isEqualTo(Ops.dot(query, 2 * headDim, keys, base, headDim) * scale);
    }

    float[] same = new float[positions];
    Ops.scoresOfPair(
        query, headDim, headDim, keys, slots, off, positions, headDim, scale, same, same);
    for (int p = 0; p < positions; p++) {
      assertThat(same[p]).isEqualTo(Ops.dot(query, headDim, keys, slots[p] + off, headDim) * scale);
    }
  }

  @ParameterizedTest
  @CsvSource({"32, 1", "64, 7", "64, 300", "128, 33"})
  void valuesOfPairEqualPositionByPositionFmaFromZeroBitForBit(int headDim, int positions) {
    Random rnd = new Random(headDim * 17L + positions);
    int kvDim = 2 * headDim;
    float[] values = gaussian(rnd, (positions + 8) * kvDim);
    int[] slots = scatteredSlots(rnd, positions, kvDim);
    float[] wa = weights(rnd, positions);
    float[] wb = weights(rnd, positions);
    int off = headDim;
    float[] out = new float[2 * headDim];
    float[] expected = new float[2 * headDim];

    for (int d = 0; d < headDim; d += Ops.VALUE_SPAN) {
      Ops.valuesOfPair(wa, wb, values, slots, off + d, positions, out, d, headDim + d);
    }
    for (int p = 0; p < positions; p++) {
      Ops.addScaled(wa[p], values, slots[p] + off, expected, 0, headDim);
      Ops.addScaled(wb[p], values, slots[p] + off, expected, headDim, headDim);
    }

    assertThat(out).containsExactly(expected);
    assertThat(out).isNotEqualTo(new float[2 * headDim]);
  }

  private static int[] scatteredSlots(Random rnd, int positions, int kvDim) {
    // Blocks of four positions, in reverse order and with a gap, as a block table scatters them.
    int[] slots = new int[positions];
    int blocks = (positions + 3) / 4;
    for (int p = 0; p < positions; p++) {
      int block = blocks - 1 - p / 4;
      slots[p] = (block * 4 + p % 4) * kvDim;
    }
    return slots;
  }

  private static float[] gaussian(Random rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }

  private static float[] weights(Random rnd, int n) {
    float[] w = gaussian(rnd, n);
    Ops.softmax(w, n);
    return w;
  }
}
