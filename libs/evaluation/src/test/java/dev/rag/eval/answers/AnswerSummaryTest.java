package dev.rag.eval.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerSummaryTest {

  static AnswerItem answerable(String id, String gold, String document) {
    return new AnswerItem(id, "question " + id, List.of(gold), Set.of(document), false);
  }

  static AnswerItem unanswerable(String id) {
    return new AnswerItem(id, "question " + id, List.of(), Set.of(), true);
  }

  static AnswerReply said(String text, double confidence, double ms, String... cited) {
    return new AnswerReply(text, false, List.of(cited), confidence, ms, null, false);
  }

  static AnswerReply dontKnow(double confidence, double ms) {
    return new AnswerReply("I don't know.", true, List.of(), confidence, ms, null, false);
  }

  /**
   * a1 right and cited (conf 0.9); a2 wrong text, right source (0.4); a3 abstained (0.1); u1
   * abstained (0.2); u2 answered (0.35, wrongly); u3 failed.
   */
  static List<AnswerScore> run() {
    return List.of(
        AnswerScore.of(
            answerable("a1", "one minute", "d1"), said("One minute [1].", 0.9, 10, "d1")),
        AnswerScore.of(answerable("a2", "20 psi", "d2"), said("Ten minutes [1].", 0.4, 20, "d2")),
        AnswerScore.of(answerable("a3", "x", "d3"), dontKnow(0.1, 30)),
        AnswerScore.of(unanswerable("u1"), dontKnow(0.2, 40)),
        AnswerScore.of(unanswerable("u2"), said("Something [1].", 0.35, 50, "d9")),
        AnswerScore.of(unanswerable("u3"), AnswerReply.failed("HTTP 503: down", 60)));
  }

  @Test
  void summarisesAnswersAbstentionsAndLatencyLeavingFailuresOut() {
    AnswerSummary s = AnswerSummary.of(run());

    assertThat(s.questions()).isEqualTo(6);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.containsGold()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(s.f1()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(s.goldCited()).isCloseTo(2 / 3.0, within(1e-9));
    // two abstentions, one of them to an unanswerable question; two unanswerable answered
    assertThat(s.abstentionPrecision()).isEqualTo(0.5);
    assertThat(s.abstentionRecall()).isEqualTo(0.5);
    assertThat(s.falseAbstention()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(s.uncited()).isZero();
    assertThat(s.latencyP50Ms()).isEqualTo(30);
    assertThat(s.latencyP95Ms()).isEqualTo(60);
  }

  @Test
  void aRateWithNothingToCountIsUndefinedNotZero() {
    AnswerSummary s =
        AnswerSummary.of(List.of(AnswerScore.of(answerable("a1", "x", "d1"), said("x", 1, 5))));
    assertThat(s.abstentionPrecision()).isNaN();
    assertThat(s.abstentionRecall()).isNaN();
    assertThat(s.uncited()).isEqualTo(1);
  }

  @Test
  void theCurveReplaysAbstentionAtHigherThresholds() {
    List<AbstentionCurve.Point> curve = AbstentionCurve.of(run(), 0.25);

    assertThat(curve)
        .extracting(AbstentionCurve.Point::threshold)
        .containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
    // at 0.5, u2 (0.35) and a2 (0.4) also abstain: 2 of 4 abstentions rightly, recall 2/2
    AnswerSummary half = curve.get(2).summary();
    assertThat(half.abstentionPrecision()).isEqualTo(0.5);
    assertThat(half.abstentionRecall()).isEqualTo(1.0);
    assertThat(half.containsGold()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(half.goldCited()).isCloseTo(1 / 3.0, within(1e-9));
    // at 1.0 everything abstains
    assertThat(curve.getLast().summary().falseAbstention()).isEqualTo(1.0);
    assertThat(curve.getFirst().summary()).isEqualTo(AnswerSummary.of(run()));
  }

  @Test
  void noCurveWithoutConfidences() {
    AnswerReply plain = new AnswerReply("x", false, List.of("d1"), null, 1, null, false);
    assertThat(AbstentionCurve.of(List.of(AnswerScore.of(answerable("a", "x", "d1"), plain)), 0.1))
        .isEmpty();
  }
}
