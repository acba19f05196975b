package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class Q4_0TensorTest {

  @Test
  void simdDotEqualsScalarReference() {
    try (Arena arena = Arena.ofConfined()) {
      Tensor q =
          Quantizer.quantize(
              TensorFormats.ofFloats(QuantTestSupport.randomFloats(172 * 8, 2)),
              GgmlType.Q4_0,
              arena);
      QuantTestSupport.assertSimdDotMatchesScalar(q);
    }
  }

  @Test
  void lowNibblesAreTheFirstHalfOfTheBlockAndHighNibblesTheSecond() {
    byte[] bytes = new byte[18];
    MemorySegment seg = MemorySegment.ofArray(bytes);
    seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, Float.floatToFloat16(2f));
    bytes[2] = (byte) 0xF0; // element 0 -> nibble 0, element 16 -> nibble 15
    Q4_0Tensor t = new Q4_0Tensor(seg, 32);
    assertThat(t.get(0)).isEqualTo(-16f);
    assertThat(t.get(16)).isEqualTo(14f);
  }

  @Test
  void quantizationKeepsTheLargestMagnitudeExactlyAndOthersWithinOneStep() {
    float[] v = QuantTestSupport.randomFloats(64, 4);
    try (Arena arena = Arena.ofConfined()) {
      Tensor q = Quantizer.quantize(TensorFormats.ofFloats(v), GgmlType.Q4_0, arena);
      for (int i = 0; i < v.length; i++) {
        float amax = 0;
        for (int j = i / 32 * 32; j < i / 32 * 32 + 32; j++) {
          amax = Math.max(amax, Math.abs(v[j]));
        }
        assertThat(q.get(i)).isCloseTo(v[i], within(amax / 8f * 0.51f + 1e-2f * amax));
      }
    }
  }

  /** See {@link QuantTestSupport#assertDecodeCopyIsBitIdentical}. */
  @Test
  void theDecodeCopysRowsAreBitIdenticalToTheMappedKernelsAloneAndBatched() throws Exception {
    QuantTestSupport.assertDecodeCopyIsBitIdentical(GgmlType.Q4_0);
  }
}
