package dev.rag.eval.answers;

import java.util.ArrayList;
import java.util.List;

/**
 * The abstention trade-off replayed offline: for each threshold t, every answer whose reported
 * {@code confidence} is below t is treated as "I don't know", and the run is summarised again. Only
 * thresholds at or above the platform's own are meaningful (an answer the platform already withheld
 * cannot be brought back); run the platform with its threshold at 0 to see the whole curve.
 */
public final class AbstentionCurve {

  private AbstentionCurve() {}

  /**
   * One point.
   *
   * @param threshold the confidence below which the reply counts as abstained
   * @param summary the run's summary at that threshold
   */
  public record Point(double threshold, AnswerSummary summary) {}

  /** Points at 0, {@code step}, 2·{@code step}, … up to 1; empty when no reply has a confidence. */
  public static List<Point> of(List<AnswerScore> scores, double step) {
    if (!(step > 0 && step <= 1)) {
      throw new IllegalArgumentException("step " + step + " outside (0, 1]");
    }
    List<Point> points = new ArrayList<>();
    if (scores.stream().noneMatch(s -> s.reply().confidence() != null)) {
      return points;
    }
    int steps = (int) Math.round(1 / step);
    for (int i = 0; i <= steps; i++) {
      double t = Math.min(1, i * step);
      points.add(
          new Point(t, AnswerSummary.of(scores.stream().map(s -> s.atThreshold(t)).toList())));
    }
    return points;
  }
}
