package dev.rag.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecallAtKTest {

  private final Judgements threeRelevant = new Judgements(Map.of("a", 1, "b", 2, "c", 1, "d", 0));

  @Test
  void countsRelevantDocumentsWithinTheCutoff() {
    DocumentRanking ranking = new DocumentRanking(List.of("a", "d", "x", "b"));
    assertThat(new RecallAtK(2).score(ranking, threeRelevant)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(new RecallAtK(4).score(ranking, threeRelevant)).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void gradeDoesNotWeighAndZeroGradeIsNotRelevant() {
    DocumentRanking onlyNonRelevant = new DocumentRanking(List.of("d", "unjudged"));
    assertThat(new RecallAtK(100).score(onlyNonRelevant, threeRelevant)).isZero();
    DocumentRanking all = new DocumentRanking(List.of("c", "b", "a"));
    assertThat(new RecallAtK(100).score(all, threeRelevant)).isEqualTo(1.0);
  }

  @Test
  void denominatorIsAllRelevantDocumentsEvenBeyondK() {
    Map<String, Integer> grades = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      grades.put("r" + i, 1);
      ids.add("r" + i);
    }
    double recall = new RecallAtK(100).score(new DocumentRanking(ids), new Judgements(grades));
    assertThat(recall).isCloseTo(100.0 / 101, within(1e-12));
  }

  @Test
  void rejectsQueriesWithoutRelevantDocuments() {
    assertThatThrownBy(
            () ->
                new RecallAtK(100).score(new DocumentRanking(List.of()), new Judgements(Map.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
