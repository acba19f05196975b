package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rag.llm.gguf.GgmlType;
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

  /** See {@link QuantTestSupport#assertDecodeCopyIsBitIdentical}. */
  @Test
  void theDecodeCopysRowsAreBitIdenticalToTheMappedKernelsAloneAndBatched() throws Exception {
    QuantTestSupport.assertDecodeCopyIsBitIdentical(GgmlType.Q8_0);
  }
}
