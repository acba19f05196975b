package dev.rag.llm.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.testing.InterpretedJvm;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Attention weights must not depend on whether the JIT has compiled the softmax yet, or a token's
 * output would change as a server warms up. The Vector API's own exponential broke that: compiled
 * it is a vector math library, interpreted it is {@link Math#exp} per lane, and the two disagree in
 * the last bit for a few percent of inputs. Here a child JVM that only interprets ({@code -Xint})
 * computes softmaxes that this JVM computes compiled, and the bits must agree.
 */
class SoftmaxDeterminismTest {

  /** Rows of several lengths (masked tails included) and spreads (small and large logits). */
  static float[][] inputs() {
    Random rnd = new Random(42);
    int[] lengths = {1, 7, 8, 9, 31, 100, 333};
    float[][] rows = new float[lengths.length * 3][];
    int i = 0;
    for (int n : lengths) {
      for (float spread : new float[] {0.5f, 8f, 60f}) {
        float[] row = new float[n];
        for (int j = 0; j < n; j++) {
          row[j] = (float) rnd.nextGaussian() * spread;
        }
        rows[i++] = row;
      }
    }
    return rows;
  }

  static String softmaxBits() {
    StringBuilder out = new StringBuilder();
    for (float[] row : inputs()) {
      Ops.softmax(row, row.length);
      for (float w : row) {
        out.append(Integer.toHexString(Float.floatToRawIntBits(w))).append(' ');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Entry point of the interpreting child JVM. */
  public static void main(String[] args) {
    System.out.print(softmaxBits());
  }

  @Test
  void softmaxBitsAreTheSameCompiledAndInterpreted() throws Exception {
    // Enough calls for C2 to compile the softmax and its exponential.
    float[] warm = new float[64];
    for (int round = 0; round < 30_000; round++) {
      Arrays.fill(warm, round % 17);
      warm[round % 64] = -round % 50;
      Ops.softmax(warm, 57);
    }
    String compiled = softmaxBits();

    String interpreted = InterpretedJvm.run(SoftmaxDeterminismTest.class);

    assertThat(interpreted).isEqualTo(compiled);
    assertThat(compiled.lines().count()).isEqualTo(inputs().length);
  }

  @Test
  void weightsSumToOneAndFollowTheLogits() {
    for (float[] row : inputs()) {
      float[] logits = row.clone();
      Ops.softmax(row, row.length);
      double sum = 0;
      for (int j = 0; j < row.length; j++) {
        sum += row[j];
        double expected = Math.exp(logits[j] - max(logits)) / sumOfExp(logits);
        assertThat((double) row[j]).isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-6));
      }
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  private static double max(float[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (float f : v) {
      m = Math.max(m, f);
    }
    return m;
  }

  private static double sumOfExp(float[] v) {
    double m = max(v);
    double s = 0;
    for (float f : v) {
      s += Math.exp(f - m);
    }
    return s;
  }
}
