package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Tensor;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

class QuantizerTest {

  @Test
  void quantizesF16SourceToQ8WithTheRightSize() {
    try (Arena arena = Arena.ofConfined()) {
      Tensor src = F16TensorTest.of(QuantTestSupport.randomFloats(320, 9));
      Tensor q = Quantizer.quantize(src, GgmlType.Q8_0, arena);
      assertThat(q.type()).isEqualTo(GgmlType.Q8_0);
      assertThat(q.byteSize()).isEqualTo(10 * 34);
      assertThat(q.get(17)).isCloseTo(src.get(17), org.assertj.core.api.Assertions.within(0.05f));
    }
  }

  @Test
  void allZeroBlockStaysZero() {
    try (Arena arena = Arena.ofConfined()) {
      Tensor q = Quantizer.quantize(TensorFormats.ofFloats(new float[64]), GgmlType.Q4_0, arena);
      assertThat(q.get(5)).isZero();
    }
  }

  @Test
  void rejectsTargetsOtherThanQ8AndQ4() {
    try (Arena arena = Arena.ofConfined()) {
      assertThatThrownBy(
              () -> Quantizer.quantize(TensorFormats.ofFloats(new float[32]), GgmlType.F16, arena))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Q8_0, Q4_0");
    }
  }
}
