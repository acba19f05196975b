package dev.rag.llm.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {
  static float[] logits() {
    return new float[] {1f, 3f, 2.9f, -1f, 0.5f, 2.5f};
  }

  @Test
  void greedyPicksTheArgmax() {
    assertThat(new Sampler(SamplingParams.GREEDY).sample(logits(), new int[0], 0)).isEqualTo(1);
  }

  @Test
  void sameSeedSameSequenceDifferentSeedDifferentSequence() {
    int[] a = draw(new SamplingParams(1.5f, 0, 1f, 0f, 1f, 42), 50);
    int[] b = draw(new SamplingParams(1.5f, 0, 1f, 0f, 1f, 42), 50);
    int[] c = draw(new SamplingParams(1.5f, 0, 1f, 0f, 1f, 43), 50);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  static int[] draw(SamplingParams p, int n) {
    Sampler s = new Sampler(p);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = s.sample(logits(), new int[0], 0);
    }
    return out;
  }

  @Test
  void topKAndTopPAndMinPRestrictTheCandidates() {
    assertThat(distinct(new SamplingParams(5f, 2, 1f, 0f, 1f, 1))).containsExactlyInAnyOrder(1, 2);
    // p(1) ~ p(2) ~ 0.3 each at temperature 1, so top-p 0.5 keeps exactly those two.
    assertThat(distinct(new SamplingParams(1f, 0, 0.5f, 0f, 1f, 1)))
        .containsExactlyInAnyOrder(1, 2);
    // min-p 0.5: tokens below half the top probability go (keeps 1, 2, 5).
    assertThat(distinct(new SamplingParams(1f, 0, 1f, 0.5f, 1f, 1)))
        .containsExactlyInAnyOrder(1, 2, 5);
  }

  static Set<Integer> distinct(SamplingParams p) {
    Set<Integer> s = new HashSet<>();
    for (int t : draw(p, 400)) {
      s.add(t);
    }
    return s;
  }

  @Test
  void repetitionPenaltyDemotesRecentTokens() {
    Sampler s = new Sampler(new SamplingParams(0f, 0, 1f, 0f, 2f, 0));
    assertThat(s.sample(logits(), new int[] {1}, 1)).isEqualTo(2);
  }

  @Test
  void rejectsOutOfRangeParametersNamingThem() {
    assertThatThrownBy(() -> new SamplingParams(-1f, 0, 1f, 0f, 1f, 0))
        .hasMessageContaining("temperature -1.0");
    assertThatThrownBy(() -> new SamplingParams(1f, 0, 0f, 0f, 1f, 0))
        .hasMessageContaining("topP 0.0");
    assertThatThrownBy(() -> new SamplingParams(1f, -2, 1f, 0f, 1f, 0))
        .hasMessageContaining("topK -2");
  }

  @Test
  void topCandidatesOrdersByLogitIncludingNegativesAndBreaksTiesByLowerId() {
    float[] l = {-3f, 2f, -0.5f, 2f, 7f, -10f};
    assertThat(Sampler.topCandidates(l, 0)).containsExactly(4, 1, 3, 2, 0, 5);
    assertThat(Sampler.topCandidates(l, 3)).containsExactly(4, 1, 3);
  }
}
