package dev.rag.eval.metrics;

import java.util.List;

/**
 * Normalised discounted cumulative gain at k (Järvelin and Kekäläinen, 2002) in the form
 * trec_eval's {@code ndcg_cut} computes and BEIR reports:
 *
 * <pre>
 *   DCG@k  = sum over ranks i = 1..k of gain(doc_i) / log2(i + 1),   gain = relevance grade
 *   IDCG@k = the same sum over the judged grades sorted best first
 *   nDCG@k = DCG@k / IDCG@k
 * </pre>
 *
 * Gains are linear (grade 2 counts twice grade 1), not the exponential {@code 2^rel - 1} of Burges
 * et al.; with binary judgements both agree. The ideal ranking is built from the judged documents
 * only, so retrieving every relevant document at the top scores exactly 1.
 *
 * @param k cut-off, 1..100000 (BEIR's headline value is 10)
 */
public record NdcgAtK(int k) implements RankingMetric {

  public NdcgAtK {
    RankingMetric.requireCutoff(k);
  }

  @Override
  public String name() {
    return "ndcg@" + k;
  }

  @Override
  public double score(DocumentRanking ranking, Judgements judgements) {
    RankingMetric.requireScorable(ranking, judgements);
    List<String> top = ranking.top(k);
    double dcg = 0;
    for (int i = 0; i < top.size(); i++) {
      dcg += judgements.gain(top.get(i)) / discount(i + 1);
    }
    List<Integer> ideal = judgements.idealGains();
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) {
      idcg += ideal.get(i) / discount(i + 1);
    }
    return dcg / idcg;
  }

  /** log2(rank + 1): 1 at rank 1, so the top document keeps its full gain. */
  private static double discount(int rank) {
    return Math.log(rank + 1) / Math.log(2);
  }
}
