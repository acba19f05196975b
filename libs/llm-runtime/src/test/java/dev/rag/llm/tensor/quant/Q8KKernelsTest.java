package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Q8KActivations;
import dev.rag.llm.tensor.Q8KDot;
import dev.rag.llm.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The K-quants' integer kernels against Q8_K activations, on blocks built by the layout encoder of
 * {@link BlockDecodedTensorsTest}: the vectorized unpacking decodes to the scalar reference
 * decoder's floats bit for bit, the integer dot product equals the dot of those floats with the
 * values the Q8_K blocks stand for (computed in double, so only the kernel's own float rounding
 * separates them), and batched equals single bit for bit. Whether the kernel's lanes sum in
 * llama.cpp's order is what ArchParityTest shows: identical logits.
 */
class Q8KKernelsTest {
  private static final int BLOCKS = 8;

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
  void vectorDecodingEqualsTheScalarReference(GgmlType type) {
    BlockDecodedTensorsTest.Encoded e =
        BlockDecodedTensorsTest.encode(type, BLOCKS, new Random(7 + type.ordinal()));
    Tensor t = TensorFormats.wrap(type, MemorySegment.ofArray(e.bytes()), e.expected().length);
    float[] fast = new float[e.expected().length];
    t.dequantize(0, fast, 0, fast.length);
    for (int i = 0; i < fast.length; i++) {
      assertThat(fast[i]).as("%s element %d", type, i).isEqualTo(t.get(i));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
  void integerDotEqualsTheDotOfTheDecodedRowAndBatchedEqualsSingle(GgmlType type) {
    BlockDecodedTensorsTest.Encoded e =
        BlockDecodedTensorsTest.encode(type, BLOCKS, new Random(31 + type.ordinal()));
    int n = e.expected().length;
    Tensor t = TensorFormats.wrap(type, MemorySegment.ofArray(e.bytes()), n);
    assertThat(t).isInstanceOf(Q8KDot.class);
    Q8KDot k = (Q8KDot) t;
    float[][] x = new float[6][];
    for (int i = 0; i < x.length; i++) {
      x[i] = QuantTestSupport.randomFloats(n, 50 + i);
    }
    x[5] = new float[n]; // an all-zero token: scale 0, no division by zero
    Q8KActivations q = Q8KActivations.quantize(x, x.length, n);
    int[][] ranges = {{0, n}, {256, 512}, {0, 256}, {n - 256, 256}};
    for (int[] r : ranges) {
      float[] batched = new float[x.length];
      k.dotMany(r[0], q, r[1], 0, x.length, batched);
      for (int tok = 0; tok < x.length; tok++) {
        double ref = 0;
        double magnitude = 0;
        for (int i = 0; i < r[1]; i++) {
          double xv = (double) q.scales(tok)[i / 256] * q.values(tok)[i];
          ref += e.expected()[r[0] + i] * xv;
          magnitude += Math.abs(e.expected()[r[0] + i] * xv);
        }
        float single = k.dot(r[0], q, tok, r[1]);
        assertThat((double) single)
            .as("%s token %d range %d+%d", type, tok, r[0], r[1])
            .isCloseTo(ref, within(1e-5 * (1 + magnitude)));
        assertThat(batched[tok]).as("batched equals single bit for bit").isEqualTo(single);
      }
    }
    assertThatThrownBy(() -> k.dot(128, q, 0, 256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole super-blocks");
  }

  /**
   * Q8_K quantization as llama.cpp writes it: scale from the element of largest magnitude (its sign
   * kept, so that element becomes -127), ties to even, and the sums of every 16 values.
   */
  @Test
  void activationsQuantizeAsQ8K() {
    float[] x = new float[256];
    // -127/64 has the largest magnitude: iscale = -127 / max = 64 exactly, so products are exact.
    x[0] = 63.5f / 64; // 63.5: halfway, ties to even gives 64
    x[1] = -127f / 64;
    x[2] = 2.5f / 64; // halfway between 2 and 3: 2
    x[3] = 3.5f / 64; // halfway between 3 and 4: 4
    x[17] = 127f / 64; // same magnitude as the maximum, found later: 127
    Q8KActivations q = Q8KActivations.quantize(new float[][] {x}, 1, 256);
    short[] v = q.values(0);
    assertThat(v[0]).isEqualTo((short) 64);
    assertThat(v[1]).isEqualTo((short) -127);
    assertThat(v[2]).isEqualTo((short) 2);
    assertThat(v[3]).isEqualTo((short) 4);
    assertThat(v[17]).isEqualTo((short) 127);
    assertThat(q.scales(0)[0]).isEqualTo(1f / 64);
    assertThat(q.sums16(0)[0]).isEqualTo(64 - 127 + 2 + 4);
    assertThat(q.sums16(0)[1]).isEqualTo(127);
    assertThatThrownBy(() -> Q8KActivations.quantize(new float[][] {new float[100]}, 1, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
