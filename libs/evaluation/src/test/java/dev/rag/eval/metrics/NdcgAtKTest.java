package dev.rag.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values are computed by hand (log2 3 = 1.58496, log2 5 = 2.32193, log2 12 = 3.58496). */
class NdcgAtKTest {

  private static DocumentRanking ranking(String... ids) {
    return new DocumentRanking(List.of(ids));
  }

  @Test
  void binaryRelevanceDiscountsByLog2OfRankPlusOne() {
    // DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068; IDCG = 1 + 1/log2(3) = 1.63093
    double score =
        new NdcgAtK(10).score(ranking("x", "a", "y", "b"), new Judgements(Map.of("a", 1, "b", 1)));
    assertThat(score).isCloseTo(0.650921, within(1e-6));
  }

  @Test
  void gradedRelevanceUsesLinearGains() {
    // DCG = 1/1 + 0 + 2/log2(4) = 2; IDCG = 2/1 + 1/log2(3) = 2.63093 (exponential gains would give
    // 0.6885)
    double score =
        new NdcgAtK(10)
            .score(ranking("b", "c", "a"), new Judgements(Map.of("a", 2, "b", 1, "c", 0)));
    assertThat(score).isCloseTo(0.760188, within(1e-6));
  }

  @Test
  void perfectRankingScoresOne() {
    Judgements judgements = new Judgements(Map.of("a", 2, "b", 1, "c", 1));
    assertThat(new NdcgAtK(10).score(ranking("a", "b", "c", "x"), judgements))
        .isCloseTo(1.0, within(1e-12));
    assertThat(new NdcgAtK(10).score(ranking("a", "c", "b"), judgements))
        .isCloseTo(1.0, within(1e-12));
  }

  @Test
  void documentsBeyondTheCutoffDoNotCount() {
    DocumentRanking late =
        ranking("x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "a");
    Judgements judgements = new Judgements(Map.of("a", 1));
    assertThat(new NdcgAtK(10).score(late, judgements)).isZero();
    assertThat(new NdcgAtK(11).score(late, judgements))
        .isCloseTo(0.278943, within(1e-6)); // 1/log2(12)
  }

  @Test
  void idealRankingIsBuiltFromAllJudgedRelevantDocumentsCutAtK() {
    // three relevant, only "a" retrieved: IDCG@2 = 1 + 1/log2(3), DCG@2 = 1
    double score =
        new NdcgAtK(2).score(ranking("a"), new Judgements(Map.of("a", 1, "b", 1, "c", 1)));
    assertThat(score).isCloseTo(0.613147, within(1e-6));
  }

  @Test
  void unjudgedAndNegativelyJudgedDocumentsGainNothing() {
    assertThat(new NdcgAtK(10).score(ranking("unjudged", "a"), new Judgements(Map.of("a", 1))))
        .isCloseTo(0.630930, within(1e-6));
    assertThat(
            new NdcgAtK(10).score(ranking("spam", "a"), new Judgements(Map.of("spam", -1, "a", 1))))
        .isCloseTo(0.630930, within(1e-6));
  }

  @Test
  void emptyRankingScoresZero() {
    assertThat(new NdcgAtK(10).score(ranking(), new Judgements(Map.of("a", 1)))).isZero();
  }

  @Test
  void rejectsQueriesWithoutRelevantDocuments() {
    assertThatThrownBy(() -> new NdcgAtK(10).score(ranking("a"), new Judgements(Map.of("a", 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without relevant documents");
  }

  @Test
  void rejectsCutoffsOutOfRange() {
    assertThatThrownBy(() -> new NdcgAtK(0))
        .hasMessageContaining("k must be in [1, 100000], was 0");
  }

  @Test
  void nameIsBeirStyle() {
    assertThat(new NdcgAtK(10).name()).isEqualTo("ndcg@10");
  }
}
