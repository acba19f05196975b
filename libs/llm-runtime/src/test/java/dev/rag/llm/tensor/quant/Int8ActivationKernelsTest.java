package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.tensor.MatMul;
import dev.rag.llm.tensor.ParallelFor;
import dev.rag.llm.tensor.Q8Activations;
import dev.rag.llm.tensor.Q8Dot;
import dev.rag.llm.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The int8-activation kernels of Q8_0 and Q4_0 against a scalar model of the same arithmetic: x
 * rounded per 32-block to {@code roundHalfEven(x * (127 / max|x|))} with the block scale {@code
 * max|x| / 127} kept as fp16 (ggml's x86 quantize_row_q8_0), an exact integer dot product per
 * block, scaled by the weight's and the activation's block scales and summed.
 */
class Int8ActivationKernelsTest {
  private static final ValueLayout.OfShort F16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final int[] ROWS = {1, 7, 13};
  private static final int[] COLS = {32, 96, 256};

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"Q8_0", "Q4_0"})
  void oneTokenDotEqualsTheScalarModel(GgmlType type) {
    try (Arena arena = Arena.ofConfined()) {
      for (int rows : ROWS) {
        for (int cols : COLS) {
          float[] weights = QuantTestSupport.randomFloats(rows * cols, rows);
          Tensor w = Quantizer.quantize(TensorFormats.ofFloats(weights), type, arena);
          float[][] x = activations(1, cols, cols);
          Q8Activations q = Q8Activations.quantize(x, 1, cols);
          for (int r = 0; r < rows; r++) {
            long offset = (long) r * cols;
            double[] expected = scalarModel(w, offset, x[0], cols);
            float actual = ((Q8Dot) w).dot(offset, q, 0, cols);
            assertThat((double) actual)
                .as("%s row %d of %dx%d", type, r, rows, cols)
                .isCloseTo(expected[0], within(1e-5 * expected[1] + 1e-6));
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"Q8_0", "Q4_0"})
  void groupsOfTokensGiveBitIdenticalResultsToOneTokenAtATime(GgmlType type) {
    int rows = 13;
    int cols = 96;
    try (Arena arena = Arena.ofConfined()) {
      Tensor w =
          Quantizer.quantize(
              TensorFormats.ofFloats(QuantTestSupport.randomFloats(rows * cols, 5)), type, arena);
      for (int tokens : new int[] {2, 3, 4, 5, 9}) {
        float[][] x = activations(tokens, cols, tokens);
        Q8Activations q = Q8Activations.quantize(x, tokens, cols);
        float[] many = new float[tokens];
        for (int r = 0; r < rows; r++) {
          ((Q8Dot) w).dotMany((long) r * cols, q, cols, 0, tokens, many);
          for (int t = 0; t < tokens; t++) {
            float alone = ((Q8Dot) w).dot((long) r * cols, q, t, cols);
            assertThat(Float.floatToRawIntBits(many[t]))
                .as("%s row %d token %d of %d", type, r, t, tokens)
                .isEqualTo(Float.floatToRawIntBits(alone));
          }
        }
        // The same through MatMul, which quantizes once per call: a token's row of results does not
        // depend on the other tokens in the call.
        float[][] batched = new float[tokens][rows];
        MatMul.apply(ParallelFor.SERIAL, ActivationFormat.Q8, w, rows, cols, x, tokens, batched);
        for (int t = 0; t < tokens; t++) {
          float[][] alone = new float[1][rows];
          MatMul.apply(
              ParallelFor.SERIAL,
              ActivationFormat.Q8,
              w,
              rows,
              cols,
              new float[][] {x[t]},
              1,
              alone);
          assertThat(batched[t])
              .as("%s MatMul token %d of %d", type, t, tokens)
              .isEqualTo(alone[0]);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"Q8_0", "Q4_0"})
  void rowsOfPartialBlocksFallBackToFloatActivations(GgmlType type) {
    int rows = 5;
    int cols = 40;
    try (Arena arena = Arena.ofConfined()) {
      Tensor w =
          Quantizer.quantize(
              TensorFormats.ofFloats(QuantTestSupport.randomFloats(rows * cols, 8)), type, arena);
      float[][] x = activations(3, cols, 8);
      float[][] q8 = new float[3][rows];
      float[][] f32 = new float[3][rows];
      MatMul.apply(ParallelFor.SERIAL, ActivationFormat.Q8, w, rows, cols, x, 3, q8);
      MatMul.apply(ParallelFor.SERIAL, ActivationFormat.F32, w, rows, cols, x, 3, f32);
      assertThat(q8).isDeepEqualTo(f32);
      assertThatThrownBy(() -> ((Q8Dot) w).dot(cols, Q8Activations.quantize(x, 1, 32), 0, 32))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("whole blocks");
    }
  }

  @Test
  void activationsAreRoundedPerBlockToTheirLargestMagnitudeOver127WithAnFp16Scale() {
    float[][] x = activations(2, 96, 4);
    Q8Activations q = Q8Activations.quantize(x, 2, 96);
    for (int t = 0; t < 2; t++) {
      for (int b = 0; b < 3; b++) {
        float amax = 0f;
        for (int i = b * 32; i < b * 32 + 32; i++) {
          amax = Math.max(amax, Math.abs(x[t][i]));
        }
        // The scale as block_q8_0 stores it (fp16); the multiplier from the unrounded maximum.
        assertThat(q.scales(t)[b])
            .isEqualTo(Float.float16ToFloat(Float.floatToFloat16(amax / 127f)));
        for (int i = b * 32; i < b * 32 + 32; i++) {
          int expected = amax == 0f ? 0 : (int) Math.rint(x[t][i] * (127f / amax));
          assertThat((int) q.values(t)[i])
              .as("token %d element %d", t, i)
              .isEqualTo(expected)
              .isBetween(-127, 127);
        }
      }
    }
  }

  @Test
  void halvesRoundToEvenLikeGgmlsX86Quantizer() {
    // A block whose largest magnitude is 127 has scale 1, so k + 0.5 stays a tie after scaling.
    float[] x = new float[32];
    x[0] = 127f;
    for (int i = 1; i < 32; i++) {
      x[i] = i - 16.5f;
    }
    Q8Activations q = Q8Activations.quantize(new float[][] {x}, 1, 32);
    assertThat(q.scales(0)[0]).isEqualTo(1f);
    for (int i = 0; i < 32; i++) {
      assertThat((int) q.values(0)[i])
          .as("element %d = %s", i, x[i])
          .isEqualTo((int) Math.rint(x[i]));
    }
  }

  /**
   * Gaussian activations with, per token, one block of zeros (scale 0) and one of large values, so
   * the edge cases of the rounding are covered.
   */
  private static float[][] activations(int tokens, int cols, long seed) {
    float[][] x = new float[tokens][];
    for (int t = 0; t < tokens; t++) {
      x[t] = QuantTestSupport.randomFloats(cols, seed * 31 + t);
      if (cols >= 96) {
        java.util.Arrays.fill(x[t], 32, 64, 0f);
        for (int i = 64; i < 96; i++) {
          x[t][i] *= 1000f;
        }
      }
    }
    return x;
  }

  /**
   * {the scalar model's result, the sum of the magnitudes of its block terms (for the tolerance)}.
   */
  private static double[] scalarModel(Tensor w, long offset, float[] x, int n) {
    MemorySegment blocks = w instanceof Q8_0Tensor q8 ? q8.blocks() : ((Q4_0Tensor) w).blocks();
    int blockBytes = w.type() == GgmlType.Q8_0 ? Q8_0Tensor.BLOCK_BYTES : Q4_0Tensor.BLOCK_BYTES;
    double sum = 0;
    double magnitude = 0;
    for (int b = 0; b < n / 32; b++) {
      float amax = 0f;
      for (int i = 0; i < 32; i++) {
        amax = Math.max(amax, Math.abs(x[b * 32 + i]));
      }
      float xScale = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
      float inverse = amax != 0f ? 127f / amax : 0f;
      long base = (offset / 32 + b) * blockBytes;
      long integerDot = 0;
      for (int j = 0; j < 32; j++) {
        int xq = (int) Math.rint(x[b * 32 + j] * inverse);
        integerDot += (long) weight(blocks, base, j, w.type()) * xq;
      }
      double term = integerDot * ((double) Float.float16ToFloat(blocks.get(F16, base)) * xScale);
      sum += term;
      magnitude += Math.abs(term);
    }
    return new double[] {sum, magnitude};
  }

  /** The integer value of weight {@code j} of the block at byte {@code base}. */
  private static int weight(MemorySegment blocks, long base, int j, GgmlType type) {
    if (type == GgmlType.Q8_0) {
      return blocks.get(ValueLayout.JAVA_BYTE, base + 2 + j);
    }
    int packed = blocks.get(ValueLayout.JAVA_BYTE, base + 2 + (j & 15)) & 0xFF;
    return (j < 16 ? packed & 0x0F : packed >>> 4) - 8;
  }
}
