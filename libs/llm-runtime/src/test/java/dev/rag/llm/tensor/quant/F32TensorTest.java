package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class F32TensorTest {

  @Test
  void simdDotEqualsScalarReference() {
    QuantTestSupport.assertSimdDotMatchesScalar(
        TensorFormats.ofFloats(QuantTestSupport.randomFloats(1400, 7)));
  }

  @Test
  void dequantizeCopiesTheRange() {
    float[] v = QuantTestSupport.randomFloats(100, 8);
    float[] out = new float[10];
    TensorFormats.ofFloats(v).dequantize(37, out, 0, 10);
    assertThat(out).containsExactly(java.util.Arrays.copyOfRange(v, 37, 47));
  }
}
