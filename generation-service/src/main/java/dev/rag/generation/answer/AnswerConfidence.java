package dev.rag.generation.answer;

import dev.rag.contracts.retrieval.RetrievedChunk;

/**
 * Whether the evidence supports an extractive answer, as one number in [0, 1] and a threshold. The
 * evidence, for the best-scoring sentence:
 *
 * <ul>
 *   <li><b>coverage</b>: the share of the question's IDF weight the sentence (and its headings)
 *       holds;
 *   <li><b>similarity</b>: its embedding's similarity to the question's, mapped to [0, 1] (absent
 *       when similarity is off or failed);
 *   <li><b>agreement</b>: whether both retrievers found its chunk near the top, the geometric mean
 *       of the reciprocal dense and BM25 ranks (1 when both rank it first, 0 when one of them did
 *       not return it). Dense retrieval returns its nearest neighbours for any question; when the
 *       collection does not hold the answer, the lexical retriever rarely agrees with it.
 * </ul>
 *
 * The confidence is their weighted mean ({@link #COVERAGE_WEIGHT}, {@link #SIMILARITY_WEIGHT},
 * {@link #AGREEMENT_WEIGHT}; a missing piece's weight is shared by the others: similarity when it
 * is off or failed, agreement when the chunk carries no retriever ranks). Weights and the default
 * threshold were chosen on the development answer sets; bench/RESULTS.md has the curve.
 */
public final class AnswerConfidence {

  static final double COVERAGE_WEIGHT = 0.25;
  static final double SIMILARITY_WEIGHT = 0.375;
  static final double AGREEMENT_WEIGHT = 0.375;

  /**
   * What the decision rests on; {@code similarity} is null when meaning was not scored, {@code
   * agreement} when the chunk carries no retriever ranks.
   *
   * @param confidence the weighted mean, in [0, 1]
   */
  public record Evidence(double coverage, Double similarity, Double agreement, double confidence) {
    /** No candidate sentence at all. */
    public static final Evidence NONE = new Evidence(0, null, null, 0);
  }

  private final double threshold;

  /**
   * @param threshold answers below this confidence abstain, in [0, 1]
   */
  public AnswerConfidence(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold " + threshold + " outside [0, 1]");
    }
    this.threshold = threshold;
  }

  /** A confidence that never abstains on its own (the answerer still needs a sentence). */
  public static AnswerConfidence never() {
    return new AnswerConfidence(0);
  }

  /**
   * Evidence of the best sentence: its word coverage, its meaning score (NaN: none), its source.
   */
  Evidence evidence(double coverage, double meaning, Source best) {
    double agreement = agreement(best.chunk());
    boolean similar = !Double.isNaN(meaning);
    boolean ranked = !Double.isNaN(agreement);
    double weights =
        COVERAGE_WEIGHT + (ranked ? AGREEMENT_WEIGHT : 0) + (similar ? SIMILARITY_WEIGHT : 0);
    double sum =
        COVERAGE_WEIGHT * coverage
            + (ranked ? AGREEMENT_WEIGHT * agreement : 0)
            + (similar ? SIMILARITY_WEIGHT * meaning : 0);
    Double similarity = null;
    if (similar) {
      similarity = round(meaning);
    }
    Double agreed = null;
    if (ranked) {
      agreed = round(agreement);
    }
    return new Evidence(round(coverage), similarity, agreed, round(sum / weights));
  }

  boolean abstains(Evidence evidence) {
    return evidence.confidence() < threshold;
  }

  /** NaN when the chunk carries neither rank (not a hybrid retrieval): nothing to agree on. */
  static double agreement(RetrievedChunk chunk) {
    if (chunk.denseRank() == null && chunk.bm25Rank() == null) {
      return Double.NaN;
    }
    if (chunk.denseRank() == null || chunk.bm25Rank() == null) {
      return 0;
    }
    return Math.sqrt(1.0 / chunk.denseRank() / chunk.bm25Rank());
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
