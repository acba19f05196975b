package dev.rag.eval.answers;

import java.util.List;

/**
 * The aggregate of one run. Failed requests are counted and left out of every other figure. A rate
 * whose denominator is empty (no unanswerable question, no abstention) is {@code NaN} and is
 * printed as {@code null}/{@code -}.
 *
 * @param questions questions asked
 * @param failed requests that got no answer (an error or problem)
 * @param containsGold share of questions with gold answers whose answer contains one
 * @param f1 mean best token F1 over the same questions
 * @param goldCited share of questions with gold documents whose answer cites one
 * @param abstentionPrecision share of "I don't know" replies that were to unanswerable questions
 * @param abstentionRecall share of unanswerable questions that got "I don't know"
 * @param falseAbstention share of answerable questions that got "I don't know"
 * @param uncited answers that were not "I don't know" and cite nothing
 * @param latencyP50Ms median request latency
 * @param latencyP95Ms 95th percentile request latency (nearest rank)
 */
public record AnswerSummary(
    int questions,
    int failed,
    double containsGold,
    double f1,
    double goldCited,
    double abstentionPrecision,
    double abstentionRecall,
    double falseAbstention,
    int uncited,
    double latencyP50Ms,
    double latencyP95Ms) {

  public static AnswerSummary of(List<AnswerScore> scores) {
    List<AnswerScore> ok = scores.stream().filter(s -> !s.failed()).toList();
    List<AnswerScore> withText = ok.stream().filter(s -> !s.item().answers().isEmpty()).toList();
    List<AnswerScore> withDocs =
        ok.stream().filter(s -> !s.item().documentIds().isEmpty()).toList();
    List<AnswerScore> unanswerable = ok.stream().filter(s -> s.item().unanswerable()).toList();
    List<AnswerScore> answerable = ok.stream().filter(s -> !s.item().unanswerable()).toList();
    long abstained = ok.stream().filter(s -> s.reply().abstained()).count();
    long rightlyAbstained = unanswerable.stream().filter(s -> s.reply().abstained()).count();
    double[] latencies = scores.stream().mapToDouble(s -> s.reply().latencyMs()).sorted().toArray();
    return new AnswerSummary(
        scores.size(),
        scores.size() - ok.size(),
        share(withText.stream().filter(AnswerScore::containsGold).count(), withText.size()),
        withText.stream().mapToDouble(AnswerScore::f1).average().orElse(Double.NaN),
        share(withDocs.stream().filter(AnswerScore::goldCited).count(), withDocs.size()),
        share(rightlyAbstained, abstained),
        share(rightlyAbstained, unanswerable.size()),
        share(answerable.stream().filter(s -> s.reply().abstained()).count(), answerable.size()),
        (int)
            ok.stream()
                .filter(s -> !s.reply().abstained() && s.reply().citedDocuments().isEmpty())
                .count(),
        percentile(latencies, 50),
        percentile(latencies, 95));
  }

  static double share(long part, long whole) {
    return whole == 0 ? Double.NaN : part / (double) whole;
  }

  /** Nearest-rank percentile of sorted values; NaN for none. */
  static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
