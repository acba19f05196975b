package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rag.llm.backend.cpu.CpuThreadPool;
import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.tensor.DecodeCopyable;
import dev.rag.llm.tensor.MatMul;
import dev.rag.llm.tensor.ParallelFor;
import dev.rag.llm.tensor.ScalarOps;
import dev.rag.llm.tensor.Tensor;
import java.lang.foreign.Arena;
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

  /**
   * Decode's product from the heap copy (four rows at a time in 16-lane vectors) gives every row
   * exactly the bits of the single-row kernel on the mapped blocks, whatever the range's length and
   * start, and a token's result is the same alone (one-token product) or batched with others. Where
   * the hardware lacks 512-bit vectors no copy is made.
   */
  static void assertDecodeCopyIsBitIdentical(GgmlType type) throws Exception {
    int rows = 45;
    int cols = 96;
    try (Arena arena = Arena.ofConfined();
        CpuThreadPool threads = new CpuThreadPool(2)) {
      DecodeCopyable mapped =
          (DecodeCopyable)
              Quantizer.quantize(
                  TensorFormats.ofFloats(randomFloats(rows * cols, 11)), type, arena);
      Tensor copied = mapped.withDecodeCopy();
      if (!mapped.decodeCopyHelps()) {
        assertThat(copied).isSameAs(mapped);
        return;
      }
      assertThat(copied).isNotSameAs(mapped);
      assertThat(((DecodeCopyable) copied).decodeCopyHelps()).isFalse();
      float[] x = randomFloats(cols, 12);
      for (int first : new int[] {0, 2, 7}) {
        for (int n = 1; n <= rows - first; n += n < 9 ? 1 : 11) {
          float[] out = new float[n + 3];
          copied.dotRows((long) first * cols, cols, n, x, out, 3);
          for (int r = 0; r < n; r++) {
            float expected = mapped.dot((long) (first + r) * cols, x, 0, cols);
            assertThat(Float.floatToRawIntBits(out[3 + r]))
                .as("row %d of %d from %d", r, n, first)
                .isEqualTo(Float.floatToRawIntBits(expected));
          }
        }
      }
      float[][] batch = new float[6][];
      for (int t = 0; t < batch.length; t++) {
        batch[t] = randomFloats(cols, 20 + t);
      }
      for (ParallelFor p : new ParallelFor[] {ParallelFor.SERIAL, threads}) {
        float[][] together = new float[6][rows];
        MatMul.apply(p, ActivationFormat.F32, copied, rows, cols, batch, 6, together);
        for (int t = 0; t < batch.length; t++) {
          float[][] alone = new float[1][rows];
          MatMul.apply(
              p, ActivationFormat.F32, copied, rows, cols, new float[][] {batch[t]}, 1, alone);
          assertThat(alone[0]).as("token %d", t).isEqualTo(together[t]);
        }
      }
    }
  }
}
