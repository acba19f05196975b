package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.tensor.MatMul;
import dev.rag.llm.tensor.ParallelFor;
import dev.rag.llm.tensor.Tensor;
import java.lang.foreign.Arena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A prompt's product goes through decoded panels for Q8_0 and Q4_0 (tiles of 8 rows of 4,096
 * columns, 16 tokens at a time, two rows by four tokens in registers) and through the formats' own
 * kernels otherwise; every token's results must be bit-identical to that token computed alone, with
 * row and token counts that leave partial tiles, an odd last row and a partial group of four.
 */
class MatMulTilesTest {

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"Q8_0", "Q4_0", "Q6_K", "Q4_K"})
  void tiledPromptProductsEqualOneTokenAtATime(GgmlType type) {
    int rows = 37;
    int cols = 4096;
    int tokens = 41;
    try (Arena arena = Arena.ofConfined()) {
      Tensor w =
          Quantizer.quantize(
              TensorFormats.ofFloats(QuantTestSupport.randomFloats(rows * cols, 11)), type, arena);
      float[][] x = new float[tokens][];
      for (int t = 0; t < tokens; t++) {
        x[t] = QuantTestSupport.randomFloats(cols, 100 + t);
      }
      for (ActivationFormat format : ActivationFormat.values()) {
        float[][] batched = new float[tokens][rows];
        MatMul.apply(ParallelFor.SERIAL, format, w, rows, cols, x, tokens, batched);
        for (int t = 0; t < tokens; t++) {
          float[][] alone = new float[1][rows];
          MatMul.apply(ParallelFor.SERIAL, format, w, rows, cols, new float[][] {x[t]}, 1, alone);
          assertThat(batched[t]).as("%s %s token %d", type, format, t).isEqualTo(alone[0]);
        }
      }
    }
  }
}
