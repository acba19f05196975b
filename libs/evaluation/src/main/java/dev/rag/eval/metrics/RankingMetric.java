package dev.rag.eval.metrics;

/**
 * A per-query ranking measure with a cut-off. Implementations are pure functions of the ranking and
 * the judgements; they reject a query without relevant documents, whose score is undefined (0/0 for
 * nDCG and recall), rather than guess a value.
 */
public sealed interface RankingMetric permits NdcgAtK, RecallAtK, ReciprocalRankAtK {

  /** The name reports use, e.g. {@code ndcg@10}, as BEIR prints it (lower case). */
  String name();

  /** Only the first {@code k} documents of a ranking count. */
  int k();

  /** The score of one query, in [0, 1]. */
  double score(DocumentRanking ranking, Judgements judgements);

  /** Shared argument checks. */
  static void requireScorable(DocumentRanking ranking, Judgements judgements) {
    if (ranking == null || judgements == null) {
      throw new IllegalArgumentException("ranking and judgements must not be null");
    }
    if (!judgements.hasRelevant()) {
      throw new IllegalArgumentException(
          "a query without relevant documents has no score; leave it out of the evaluation");
    }
  }

  static int requireCutoff(int k) {
    if (k < 1 || k > 100_000) {
      throw new IllegalArgumentException("k must be in [1, 100000], was " + k);
    }
    return k;
  }
}
