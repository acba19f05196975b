package dev.rag.eval.metrics;

/**
 * Recall at k: the share of the query's relevant documents (grade above zero) found among the first
 * k, as trec_eval's {@code recall_k} and BEIR's Recall@k define it. The denominator is all relevant
 * documents, even when there are more than k of them (then 1 is unreachable).
 *
 * @param k cut-off, 1..100000 (BEIR's headline value is 100)
 */
public record RecallAtK(int k) implements RankingMetric {

  public RecallAtK {
    RankingMetric.requireCutoff(k);
  }

  @Override
  public String name() {
    return "recall@" + k;
  }

  @Override
  public double score(DocumentRanking ranking, Judgements judgements) {
    RankingMetric.requireScorable(ranking, judgements);
    long found = ranking.top(k).stream().filter(judgements::isRelevant).count();
    return (double) found / judgements.relevantCount();
  }
}
