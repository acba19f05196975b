package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class Bf16TensorTest {

  static Bf16Tensor of(float[] v) {
    MemorySegment seg = MemorySegment.ofArray(new byte[v.length * 2]);
    for (int i = 0; i < v.length; i++) {
      seg.setAtIndex(
          ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
          i,
          (short) (Float.floatToRawIntBits(v[i]) >>> 16));
    }
    return new Bf16Tensor(seg, v.length);
  }

  @Test
  void simdDotEqualsScalarReference() {
    QuantTestSupport.assertSimdDotMatchesScalar(of(QuantTestSupport.randomFloats(1400, 6)));
  }

  @Test
  void getTruncatesToTheUpperSixteenBits() {
    assertThat(of(new float[] {-3.0f}).get(0)).isEqualTo(-3.0f);
    assertThat(of(new float[] {1.00390625f}).get(0)).isEqualTo(1.0f);
  }
}
