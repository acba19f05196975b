package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rag.llm.backend.cpu.CpuThreadPool;
import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.tensor.MatMul;
import dev.rag.llm.tensor.ParallelFor;
import dev.rag.llm.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class Q8_0TensorTest {

  @Test
  void simdDotEqualsScalarReferenceIncludingBlocksAcrossRowBoundaries() {
    try (Arena arena = Arena.ofConfined()) {
      Tensor q =
          Quantizer.quantize(
              TensorFormats.ofFloats(QuantTestSupport.randomFloats(172 * 8, 1)),
              GgmlType.Q8_0,
              arena);
      QuantTestSupport.assertSimdDotMatchesScalar(q);
    }
  }

  @Test
  void decodesGgmlBlockLayout() {
    byte[] bytes = new byte[34];
    MemorySegment seg = MemorySegment.ofArray(bytes);
    seg.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 0, Float.floatToFloat16(0.5f));
    bytes[2] = -4;
    bytes[33] = 127;
    Q8_0Tensor t = new Q8_0Tensor(seg, 32);
    assertThat(t.get(0)).isEqualTo(-2f);
    assertThat(t.get(31)).isEqualTo(63.5f);
    assertThat(t.get(1)).isZero();
  }

  @Test
  void quantizationErrorIsWithinHalfAStepOfEachBlock() {
    float[] v = QuantTestSupport.randomFloats(256, 3);
    try (Arena arena = Arena.ofConfined()) {
      Tensor q = Quantizer.quantize(TensorFormats.ofFloats(v), GgmlType.Q8_0, arena);
      for (int i = 0; i < v.length; i++) {
        float amax = 0;
        for (int j = i / 32 * 32; j < i / 32 * 32 + 32; j++) {
          amax = Math.max(amax, Math.abs(v[j]));
        }
        assertThat(q.get(i)).isCloseTo(v[i], within(amax / 127f * 0.51f + 1e-3f * amax));
      }
    }
  }

  @Test
  void rejectsSegmentTooSmallForTheElementCount() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Q8_0Tensor(MemorySegment.ofArray(new byte[33]), 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 34 bytes");
  }

  /**
   * Decode's product from the heap copy (four rows at a time in 16-lane vectors) gives every row
   * exactly the bits of the single-row kernel on the mapped blocks, whatever the range's length and
   * start, and a token's result is the same alone (one-token product) or batched with others. Where
   * the hardware lacks 512-bit vectors no copy is made.
   */
  @Test
  void theDecodeCopysRowsAreBitIdenticalToTheMappedKernelsAloneAndBatched() throws Exception {
    int rows = 45;
    int cols = 96;
    try (Arena arena = Arena.ofConfined();
        CpuThreadPool threads = new CpuThreadPool(2)) {
      Q8_0Tensor mapped =
          (Q8_0Tensor)
              Quantizer.quantize(
                  TensorFormats.ofFloats(QuantTestSupport.randomFloats(rows * cols, 11)),
                  GgmlType.Q8_0,
                  arena);
      Q8_0Tensor copied = mapped.withDecodeCopy();
      if (!mapped.decodeCopyHelps()) {
        assertThat(copied).isSameAs(mapped);
        return;
      }
      assertThat(copied).isNotSameAs(mapped);
      assertThat(copied.decodeCopyHelps()).isFalse();
      float[] x = QuantTestSupport.randomFloats(cols, 12);
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
        batch[t] = QuantTestSupport.randomFloats(cols, 20 + t);
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
