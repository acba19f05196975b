package dev.rag.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricMeansTest {

  @Test
  void averagesEachMetricOverScoredAndFailedQueries() {
    MetricMeans means = new MetricMeans(MetricMeans.beirHeadline());
    // q1: relevant "a" at rank 1 → nDCG 1, recall 1, RR 1
    means.add(new DocumentRanking(List.of("a", "x")), new Judgements(Map.of("a", 1)));
    // q2: relevant "b" at rank 2 of 1 relevant → nDCG 1/log2(3) = 0.630930, recall 1, RR 0.5
    means.add(new DocumentRanking(List.of("x", "b")), new Judgements(Map.of("b", 1)));
    // q3: the request failed → 0 everywhere
    means.addFailure();

    assertThat(means.queries()).isEqualTo(3);
    assertThat(means.failed()).isEqualTo(1);
    Map<String, Double> result = means.means();
    assertThat(result).containsOnlyKeys("ndcg@10", "recall@100", "mrr@10");
    assertThat(result.get("ndcg@10")).isCloseTo((1 + 0.630930) / 3, within(1e-6));
    assertThat(result.get("recall@100")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(result.get("mrr@10")).isCloseTo(1.5 / 3, within(1e-12));
  }

  @Test
  void excludesQueriesWithoutRelevantDocuments() {
    MetricMeans means = new MetricMeans(List.of(new ReciprocalRankAtK(10)));
    assertThat(means.add(new DocumentRanking(List.of("a")), new Judgements(Map.of("a", 1))))
        .isTrue();
    assertThat(means.add(new DocumentRanking(List.of("a")), new Judgements(Map.of("a", 0))))
        .isFalse();
    assertThat(means.add(new DocumentRanking(List.of("a")), new Judgements(Map.of()))).isFalse();
    assertThat(means.queries()).isEqualTo(1);
    assertThat(means.excluded()).isEqualTo(2);
    assertThat(means.means()).containsEntry("mrr@10", 1.0);
  }

  @Test
  void noQueriesMeansZeroNotNaN() {
    assertThat(new MetricMeans(MetricMeans.beirHeadline()).means().values()).containsOnly(0.0);
  }

  @Test
  void rejectsAnEmptyMetricList() {
    assertThatThrownBy(() -> new MetricMeans(List.of()))
        .hasMessageContaining("at least one metric");
  }
}
