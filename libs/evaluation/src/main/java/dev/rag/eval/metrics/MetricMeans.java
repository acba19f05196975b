package dev.rag.eval.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Means of several metrics over the queries of one run. Not thread-safe: one owner adds results
 * after the concurrent work is done.
 *
 * <p>Three kinds of query: a scored one adds its score to every mean; one whose request failed adds
 * zero to every mean (a user of a failing platform gets nothing, and every mode keeps the same
 * denominator, so modes stay comparable); one without any relevant document is excluded and only
 * counted, as its scores are undefined (BEIR never asks such queries either).
 */
public final class MetricMeans {

  private final List<RankingMetric> metrics;
  private final double[] sums;
  private int scored;
  private int failed;
  private int excluded;

  public MetricMeans(List<RankingMetric> metrics) {
    if (metrics == null || metrics.isEmpty()) {
      throw new IllegalArgumentException("at least one metric is needed");
    }
    this.metrics = List.copyOf(metrics);
    this.sums = new double[metrics.size()];
  }

  /** BEIR's headline triple: nDCG@10, Recall@100, MRR@10. */
  public static List<RankingMetric> beirHeadline() {
    return List.of(new NdcgAtK(10), new RecallAtK(100), new ReciprocalRankAtK(10));
  }

  /** Adds one query's ranking; false (and nothing added) when it has no relevant document. */
  public boolean add(DocumentRanking ranking, Judgements judgements) {
    if (!judgements.hasRelevant()) {
      excluded++;
      return false;
    }
    for (int m = 0; m < metrics.size(); m++) {
      sums[m] += metrics.get(m).score(ranking, judgements);
    }
    scored++;
    return true;
  }

  /** Adds a query whose retrieval failed: zero in every metric. */
  public void addFailure() {
    failed++;
  }

  /** Queries in the means: scored plus failed. */
  public int queries() {
    return scored + failed;
  }

  public int failed() {
    return failed;
  }

  public int excluded() {
    return excluded;
  }

  /** Metric name to mean, in the order the metrics were given; 0 for each when no queries. */
  public Map<String, Double> means() {
    Map<String, Double> means = new LinkedHashMap<>();
    for (int m = 0; m < metrics.size(); m++) {
      means.put(metrics.get(m).name(), queries() == 0 ? 0.0 : sums[m] / queries());
    }
    return means;
  }
}
