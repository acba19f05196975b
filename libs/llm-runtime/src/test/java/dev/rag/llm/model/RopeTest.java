package dev.rag.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RopeTest {

  @Test
  void normalRotatesAdjacentPairs() {
    Rope rope = new Rope(4, 4, 10000f, RopeType.NORMAL);
    float[] v = {1, 0, 1, 0};
    rope.apply(v, 1, 3);
    // pair 0 rotates by 3 rad, pair 1 by 3 * 10000^(-1/2) = 0.03 rad
    assertThat(v[0]).isCloseTo((float) Math.cos(3), within(1e-6f));
    assertThat(v[1]).isCloseTo((float) Math.sin(3), within(1e-6f));
    assertThat(v[2]).isCloseTo((float) Math.cos(0.03), within(1e-6f));
    assertThat(v[3]).isCloseTo((float) Math.sin(0.03), within(1e-6f));
  }

  @Test
  void neoxRotatesHalves() {
    Rope rope = new Rope(4, 4, 10000f, RopeType.NEOX);
    float[] v = {1, 1, 0, 0};
    rope.apply(v, 1, 3);
    assertThat(v[0]).isCloseTo((float) Math.cos(3), within(1e-6f));
    assertThat(v[2]).isCloseTo((float) Math.sin(3), within(1e-6f));
    assertThat(v[1]).isCloseTo((float) Math.cos(0.03), within(1e-6f));
    assertThat(v[3]).isCloseTo((float) Math.sin(0.03), within(1e-6f));
  }

  @Test
  void partialRotaryLeavesTrailingDimensionsAloneInEveryHead() {
    Rope rope = new Rope(4, 2, 10000f, RopeType.NORMAL);
    float[] v = {1, 0, 5, 6, 1, 0, 7, 8};
    rope.apply(v, 2, 1);
    assertThat(v[2]).isEqualTo(5f);
    assertThat(v[3]).isEqualTo(6f);
    assertThat(v[6]).isEqualTo(7f);
    assertThat(v[5]).isCloseTo((float) Math.sin(1), within(1e-6f));
  }

  @Test
  void positionZeroIsIdentity() {
    float[] v = {0.3f, -0.7f, 2f, 1f};
    new Rope(4, 4, 500000f, RopeType.NORMAL).apply(v, 1, 0);
    assertThat(v).containsExactly(0.3f, -0.7f, 2f, 1f);
  }

  @Test
  void rejectsOddRopeDimension() {
    assertThatThrownBy(() -> new Rope(8, 3, 1e4f, RopeType.NORMAL))
        .hasMessageContaining("ropeDim 3");
  }

  /** ggml's angles (repeated multiplication, C library cosf/sinf) differ only in the last bits. */
  @Test
  void ggmlAnglesAgreeWithThePrecomputedOnesToRounding() {
    float[] factors = new float[32];
    for (int i = 0; i < factors.length; i++) {
      factors[i] = 1f + i % 5;
    }
    for (RopeType type : RopeType.values()) {
      Rope rope = new Rope(64, 64, 500000f, type, factors);
      for (int pos = 0; pos < 200; pos += 7) {
        float[] a = new float[128];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) Math.sin(i * 0.37 + pos);
        }
        float[] b = a.clone();
        rope.apply(a, 2, pos);
        rope.applyLikeGgml(b, 2, pos);
        for (int i = 0; i < a.length; i++) {
          assertThat(b[i]).as("%s pos %d element %d", type, pos, i).isCloseTo(a[i], within(2e-4f));
        }
      }
    }
  }
}
