package dev.rag.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReciprocalRankAtKTest {

  private final Judgements judgements = new Judgements(Map.of("a", 1, "b", 2, "z", 0));

  @Test
  void isOneOverTheRankOfTheFirstRelevantDocument() {
    assertThat(
            new ReciprocalRankAtK(10)
                .score(new DocumentRanking(List.of("x", "z", "a", "b")), judgements))
        .isCloseTo(1.0 / 3, within(1e-12));
    assertThat(new ReciprocalRankAtK(10).score(new DocumentRanking(List.of("b", "a")), judgements))
        .isEqualTo(1.0);
  }

  @Test
  void isZeroWhenTheFirstRelevantDocumentIsBeyondK() {
    DocumentRanking ranking = new DocumentRanking(List.of("x", "y", "a"));
    assertThat(new ReciprocalRankAtK(2).score(ranking, judgements)).isZero();
    assertThat(new ReciprocalRankAtK(3).score(ranking, judgements))
        .isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void zeroGradedAndUnjudgedDocumentsAreNotRelevant() {
    assertThat(
            new ReciprocalRankAtK(10)
                .score(new DocumentRanking(List.of("z", "unjudged")), judgements))
        .isZero();
  }
}
