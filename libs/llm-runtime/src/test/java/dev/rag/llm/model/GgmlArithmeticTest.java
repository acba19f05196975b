package dev.rag.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * ggml's float arithmetic: close to the exact functions (so a mistake in a constant shows), and
 * with the properties that make it differ from them (its own rounding, its summation order).
 */
class GgmlArithmeticTest {

  @Test
  void expfIsWithinItsStatedErrorOfTheExactValue() {
    int notCorrectlyRounded = 0;
    for (float x = -87f; x < 88f; x += 0.0137f) {
      float exact = (float) Math.exp(x);
      float e = GgmlArithmetic.expf(x);
      assertThat((double) Math.abs(e - exact))
          .as("expf(%s)", x)
          .isLessThanOrEqualTo(2.0 * Math.ulp(exact));
      notCorrectlyRounded += e != exact ? 1 : 0;
    }
    // It is an approximation (1.45 ulp + 0.5), which is why the q8 path uses it and not Math.exp.
    assertThat(notCorrectlyRounded).isPositive();
    assertThat(GgmlArithmetic.expf(0f)).isEqualTo(1f);
    assertThat(GgmlArithmetic.expf(-200f)).isZero();
    assertThat(GgmlArithmetic.expf(200f)).isEqualTo(Float.POSITIVE_INFINITY);
  }

  @Test
  void siluIsXTimesSigmoid() {
    for (float x = -20f; x < 20f; x += 0.37f) {
      double exact = x / (1 + Math.exp(-x));
      assertThat((double) GgmlArithmetic.silu(x))
          .isCloseTo(exact, within(1e-6 * (1 + Math.abs(exact))));
    }
  }

  @Test
  void reduce16AddsHalvesThenQuartersThenPairs() {
    float[] a = new float[16];
    a[0] = 1e8f;
    a[8] = -1e8f;
    a[1] = 1f;
    // (a0 + a8) cancels first, so the 1 survives; a left-to-right sum would lose it to 1e8's ulp.
    assertThat(GgmlArithmetic.reduce16(a)).isEqualTo(1f);
    float[] b = new float[16];
    for (int i = 0; i < 16; i++) {
      b[i] = i + 1;
    }
    assertThat(GgmlArithmetic.reduce16(b)).isEqualTo(136f);
  }

  @Test
  void softmaxSumsToOneAndKeepsOrder() {
    float[] x = {1f, 3f, 2f, -1f, 0.5f, 7f, 7f, 2.5f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 4f};
    GgmlArithmetic.softmax(x, x.length);
    double sum = 0;
    for (float v : x) {
      sum += v;
    }
    assertThat(sum).isCloseTo(1.0, within(1e-6));
    assertThat(x[5]).isEqualTo(x[6]).isGreaterThan(x[17]).isGreaterThan(x[1]);
  }

  @Test
  void theCLibrarysCosineStaysWithinAnUlpOfJavas() {
    for (float a = 0f; a < 50f; a += 0.173f) {
      assertThat(GgmlArithmetic.cosf(a)).isCloseTo((float) Math.cos(a), within(Math.ulp(1f)));
      assertThat(GgmlArithmetic.sinf(a)).isCloseTo((float) Math.sin(a), within(Math.ulp(1f)));
    }
  }
}
