package dev.rag.generation.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rag.contracts.retrieval.RetrievedChunk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerConfidenceTest {

  private static Source ranked(Integer dense, Integer bm25) {
    RetrievedChunk chunk =
        new RetrievedChunk(
            1,
            "d#0",
            "c",
            "d",
            1,
            0,
            "t",
            "u",
            List.of(),
            null,
            0,
            4,
            "text",
            Map.of(),
            0.03,
            dense,
            dense == null ? null : 0.8,
            bm25,
            bm25 == null ? null : 7.0);
    return new Source(1, Candidate.of(chunk, 1, 0.03), false);
  }

  @Test
  void agreementIsTheGeometricMeanOfReciprocalRanks() {
    assertThat(AnswerConfidence.agreement(ranked(1, 1).chunk())).isEqualTo(1.0);
    assertThat(AnswerConfidence.agreement(ranked(1, 4).chunk())).isEqualTo(0.5);
    assertThat(AnswerConfidence.agreement(ranked(3, null).chunk())).isZero();
    assertThat(AnswerConfidence.agreement(ranked(null, null).chunk())).isNaN();
  }

  @Test
  void weighsCoverageSimilarityAndAgreementAndDropsWhatIsMissing() {
    AnswerConfidence confidence = new AnswerConfidence(0.5);

    var all = confidence.evidence(0.5, 1.0, ranked(1, 1));
    var wordsOnly = confidence.evidence(0.5, Double.NaN, ranked(null, null));

    double expected =
        (AnswerConfidence.COVERAGE_WEIGHT * 0.5
                + AnswerConfidence.SIMILARITY_WEIGHT
                + AnswerConfidence.AGREEMENT_WEIGHT)
            / (AnswerConfidence.COVERAGE_WEIGHT
                + AnswerConfidence.SIMILARITY_WEIGHT
                + AnswerConfidence.AGREEMENT_WEIGHT);
    assertThat(all.confidence()).isCloseTo(expected, within(1e-4));
    assertThat(confidence.abstains(all)).isFalse();
    assertThat(wordsOnly.confidence()).isEqualTo(0.5);
    assertThat(wordsOnly.similarity()).isNull();
    assertThat(wordsOnly.agreement()).isNull();
    assertThat(confidence.abstains(confidence.evidence(0.2, 0.1, ranked(2, null)))).isTrue();
  }

  @Test
  void rejectsAThresholdOutsideTheUnitInterval() {
    assertThatThrownBy(() -> new AnswerConfidence(1.2)).hasMessageContaining("1.2 outside [0, 1]");
  }
}
