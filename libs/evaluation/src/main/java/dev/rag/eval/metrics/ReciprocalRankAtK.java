package dev.rag.eval.metrics;

import java.util.List;

/**
 * Reciprocal rank at k (Voorhees, TREC-8 QA track, 1999): 1 / rank of the first relevant document
 * among the first k, 0 when none is there. Its mean over queries is MRR@k. Grades do not matter
 * beyond relevant or not.
 *
 * @param k cut-off, 1..100000 (BEIR's headline value is 10)
 */
public record ReciprocalRankAtK(int k) implements RankingMetric {

  public ReciprocalRankAtK {
    RankingMetric.requireCutoff(k);
  }

  @Override
  public String name() {
    return "mrr@" + k;
  }

  @Override
  public double score(DocumentRanking ranking, Judgements judgements) {
    RankingMetric.requireScorable(ranking, judgements);
    List<String> top = ranking.top(k);
    for (int i = 0; i < top.size(); i++) {
      if (judgements.isRelevant(top.get(i))) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }
}
