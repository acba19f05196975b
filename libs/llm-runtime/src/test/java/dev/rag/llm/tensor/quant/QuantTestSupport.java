package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rag.llm.tensor.ScalarOps;
import dev.rag.llm.tensor.Tensor;
import java.util.Random;

/** Shared checks: a SIMD dot must equal the scalar reference for aligned and unaligned ranges. */
final class QuantTestSupport {
  private QuantTestSupport() {}

  static float[] randomFloats(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /**
   * Compares {@code t.dot} with {@link ScalarOps#dot} over many offsets and lengths (incl. odd
   * ones).
   */
  static void assertSimdDotMatchesScalar(Tensor t) {
    float[] x = randomFloats((int) t.size(), 99);
    int[][] ranges = {
      {0, 32},
      {0, 64},
      {0, 96},
      {0, 256},
      {32, 160},
      {7, 172},
      {172, 172},
      {5, 3},
      {0, 1000},
      {344, 172},
      {100, 513},
      {1, 31}
    };
    for (int[] r : ranges) {
      int offset = r[0];
      int n = r[1];
      float simd = t.dot(offset, x, 0, n);
      float scalar = ScalarOps.dot(t, offset, x, 0, n);
      assertThat(simd)
          .as("%s dot at offset %d, n %d", t.type(), offset, n)
          .isCloseTo(scalar, within(1e-3f * (1 + Math.abs(scalar))));
    }
  }
}
