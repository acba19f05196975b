package dev.rag.eval.cli;

import dev.rag.eval.beir.JudgedQuery;
import dev.rag.eval.metrics.MetricMeans;
import dev.rag.eval.metrics.RankingMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the report says about one mode.
 *
 * @param mode the mode
 * @param means metric name → mean over the evaluated queries (failed ones count 0)
 * @param queries queries in the means
 * @param failed queries whose request failed
 * @param degraded queries answered by one retriever only
 * @param meanLatencyMs client-side mean per query
 * @param shortLists successful queries that got fewer documents than the deepest cut-off
 * @param failures failure reason → how many queries failed so
 * @param skipped why the mode was not run; null when it was
 */
record ModeReport(
    EvalMode mode,
    Map<String, Double> means,
    int queries,
    int failed,
    int degraded,
    double meanLatencyMs,
    int shortLists,
    Map<String, Integer> failures,
    String skipped) {

  static ModeReport skipped(EvalMode mode, String reason) {
    return new ModeReport(mode, Map.of(), 0, 0, 0, 0, 0, Map.of(), reason);
  }

  /**
   * Scores one mode over all queries; {@code attempts.get(i)} belongs to {@code queries.get(i)}.
   */
  static ModeReport of(
      EvalMode mode,
      List<RankingMetric> metrics,
      List<JudgedQuery> queries,
      List<Map<EvalMode, ModeAttempt>> attempts) {
    MetricMeans means = new MetricMeans(metrics);
    int deepest = metrics.stream().mapToInt(RankingMetric::k).max().orElse(1);
    int degraded = 0;
    int shortLists = 0;
    double latency = 0;
    Map<String, Integer> failures = new LinkedHashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      ModeAttempt attempt = attempts.get(i).get(mode);
      if (attempt == null) {
        throw new IllegalStateException(
            "query " + queries.get(i).query().id() + " has no " + mode.label() + " result");
      }
      latency += attempt.latencyMs();
      if (!attempt.ok()) {
        means.addFailure();
        failures.merge(attempt.failure(), 1, Integer::sum);
        continue;
      }
      means.add(attempt.ranking(), queries.get(i).judgements());
      if (attempt.degraded()) {
        degraded++;
      }
      if (attempt.ranking().size() < deepest) {
        shortLists++;
      }
    }
    return new ModeReport(
        mode,
        means.means(),
        means.queries(),
        means.failed(),
        degraded,
        queries.isEmpty() ? 0 : latency / queries.size(),
        shortLists,
        failures,
        null);
  }
}
