package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class F16TensorTest {

  static F16Tensor of(float[] v) {
    MemorySegment seg = MemorySegment.ofArray(new byte[v.length * 2]);
    for (int i = 0; i < v.length; i++) {
      seg.setAtIndex(
          ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
          i,
          Float.floatToFloat16(v[i]));
    }
    return new F16Tensor(seg, v.length);
  }

  @Test
  void simdDotEqualsScalarReference() {
    QuantTestSupport.assertSimdDotMatchesScalar(of(QuantTestSupport.randomFloats(1400, 5)));
  }

  @Test
  void simdConversionHandlesSubnormalsSignsAndZero() {
    float[] v = {0f, -0f, 1f, -2.5f, 6.0e-8f, -6.0e-8f, 65504f, 1e-5f};
    F16Tensor t = of(v);
    float[] x = new float[8];
    for (int i = 0; i < 8; i++) {
      java.util.Arrays.fill(x, 0f);
      x[i] = 1f;
      assertThat(t.dot(0, x, 0, 8))
          .as("element %d", i)
          .isEqualTo(Float.float16ToFloat(Float.floatToFloat16(v[i])));
    }
  }
}
