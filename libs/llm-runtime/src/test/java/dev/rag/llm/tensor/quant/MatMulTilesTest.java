package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.tensor.MatMul;
import dev.rag.llm.tensor.ParallelFor;
import dev.rag.llm.tensor.RowPanels;
import dev.rag.llm.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A prompt's product with float activations goes through decoded panels for every format that
 * implements {@link RowPanels} (tiles of rows of 4,096 columns from 8 tokens up, two rows by four
 * tokens in registers), and through the formats' own kernels with int8 activations; every token's
 * results must be bit-identical to that token computed alone, with row and token counts that leave
 * partial tiles, an odd last row and a partial group of four.
 */
class MatMulTilesTest {

  private static final int ROWS = 37;
  private static final int COLS = 4096;

  /**
   * A prompt past several token tiles, and a batched decode step just above the panel threshold.
   */
  private static final int[] TOKEN_COUNTS = {41, 9};

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {
        "Q8_0", "Q4_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q4_1", "Q5_0", "Q5_1", "F16",
        "BF16"
      })
  void tiledPromptProductsEqualOneTokenAtATime(GgmlType type) {
    try (Arena arena = Arena.ofConfined()) {
      Tensor w = weights(type, arena);
      assertThat(w).as("%s decodes rows into panels", type).isInstanceOf(RowPanels.class);
      for (int tokens : TOKEN_COUNTS) {
        float[][] x = new float[tokens][];
        for (int t = 0; t < tokens; t++) {
          x[t] = QuantTestSupport.randomFloats(COLS, 100 + t);
        }
        for (ActivationFormat format : ActivationFormat.values()) {
          float[][] batched = new float[tokens][ROWS];
          MatMul.apply(ParallelFor.SERIAL, format, w, ROWS, COLS, x, tokens, batched);
          for (int t = 0; t < tokens; t++) {
            float[][] alone = new float[1][ROWS];
            MatMul.apply(ParallelFor.SERIAL, format, w, ROWS, COLS, new float[][] {x[t]}, 1, alone);
            assertThat(batched[t])
                .as("%s %s token %d of %d", type, format, t, tokens)
                .isEqualTo(alone[0]);
            if (format == ActivationFormat.F32 && t % 10 == 0) {
              for (int r = 0; r < ROWS; r++) {
                assertThat(alone[0][r])
                    .as("%s row %d token %d", type, r, t)
                    .isEqualTo(w.dot((long) r * COLS, x[t], 0, COLS));
              }
            }
          }
        }
      }
    }
  }

  private static Tensor weights(GgmlType type, Arena arena) {
    int n = ROWS * COLS;
    return switch (type) {
      case Q8_0, Q4_0 ->
          Quantizer.quantize(
              TensorFormats.ofFloats(QuantTestSupport.randomFloats(n, 11)), type, arena);
      case F16, BF16 -> {
        float[] values = QuantTestSupport.randomFloats(n, 11);
        ByteBuffer bytes = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
          bytes.putShort(
              type == GgmlType.F16
                  ? Float.floatToFloat16(v)
                  : (short) (Float.floatToRawIntBits(v) >>> 16));
        }
        yield TensorFormats.wrap(type, MemorySegment.ofArray(bytes.array()), n);
      }
      default -> {
        var encoded = BlockDecodedTensorsTest.encode(type, n / type.blockSize(), new Random(11));
        yield TensorFormats.wrap(type, MemorySegment.ofArray(encoded.bytes()), n);
      }
    };
  }
}
