package dev.rag.retrieval.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

  private final ReciprocalRankFusion rrf = new ReciprocalRankFusion(60);

  @Test
  void scoresAreTheSumOfReciprocalRanks() {
    List<FusedHit<String>> fused = rrf.fuse(List.of(List.of("a", "b", "c"), List.of("c", "d")));

    assertThat(fused).extracting(FusedHit::item).containsExactly("c", "a", "b", "d");
    assertThat(fused.get(0).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
    assertThat(fused.get(1).score()).isCloseTo(1.0 / 61, within(1e-12));
    assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
    assertThat(fused.get(3).score()).isCloseTo(1.0 / 62, within(1e-12));
    assertThat(fused.get(0).rankIn(0)).isEqualTo(3);
    assertThat(fused.get(0).rankIn(1)).isEqualTo(1);
    assertThat(fused.get(1).rankIn(1)).isNull();
  }

  @Test
  void anItemFoundByBothListsBeatsATopHitOfOne() {
    List<FusedHit<String>> fused =
        rrf.fuse(List.of(List.of("solo", "x1", "x2", "both"), List.of("y1", "y2", "y3", "both")));

    assertThat(fused.getFirst().item()).isEqualTo("both");
  }

  @Test
  void tiesBreakByBestRankThenFirstAppearance() {
    // "b" is second in both lists (2/62); "a" and "c" are first in one list each (1/61 < 2/62).
    List<FusedHit<String>> fused = rrf.fuse(List.of(List.of("a", "b"), List.of("c", "b")));
    assertThat(fused).extracting(FusedHit::item).containsExactly("b", "a", "c");

    // Equal scores and equal best ranks: the first list's item comes first, every time.
    assertThat(rrf.fuse(List.of(List.of("p"), List.of("q"))))
        .extracting(FusedHit::item)
        .containsExactly("p", "q");
  }

  @Test
  void weightsScaleEachListsContribution() {
    List<FusedHit<String>> fused =
        rrf.fuse(List.of(List.of("a"), List.of("b")), new double[] {1, 3});

    assertThat(fused).extracting(FusedHit::item).containsExactly("b", "a");
    assertThat(fused.getFirst().score()).isCloseTo(3.0 / 61, within(1e-12));
  }

  @Test
  void anEmptyListContributesNothing() {
    List<FusedHit<String>> fused = rrf.fuse(List.of(List.of(), List.of("x", "y")));

    assertThat(fused).extracting(FusedHit::item).containsExactly("x", "y");
    assertThat(fused.getFirst().rankIn(0)).isNull();
  }

  @Test
  void explainsTheScore() {
    FusedHit<String> hit = rrf.fuse(List.of(List.of("a"), List.of("b", "a"))).getFirst();

    assertThat(hit.explain(60, "dense", "bm25"))
        .isEqualTo("0.0325 = 1/(60+1) [dense] + 1/(60+2) [bm25]");
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> new ReciprocalRankFusion(0)).hasMessageContaining("[1, 1000], was 0");
    assertThatThrownBy(() -> rrf.fuse(List.of(List.of("a", "a")))).hasMessageContaining("twice");
    assertThatThrownBy(() -> rrf.fuse(List.of(List.of("a")), new double[] {-1}))
        .hasMessageContaining(">= 0");
    assertThatThrownBy(() -> rrf.fuse(List.of(List.of("a")), new double[] {1, 1}))
        .hasMessageContaining("one weight per list");
  }
}
