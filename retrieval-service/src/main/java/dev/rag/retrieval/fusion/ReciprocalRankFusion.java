package dev.rag.retrieval.fusion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal Rank Fusion (Cormack, Clarke and Büttcher, "Reciprocal Rank Fusion outperforms
 * Condorcet and individual Rank Learning Methods", SIGIR 2009): an item's fused score is {@code Σ_i
 * w_i / (k + rank_i)} over the lists that contain it, ranks starting at 1.
 *
 * <p>The constant k damps the head of every list: with the paper's k = 60 the first and tenth
 * places of one list differ by 14 %, so an item found by both retrievers at moderate ranks beats an
 * item found by only one at the top. Weights default to 1 (the paper's unweighted form).
 *
 * <p>Ties (equal fused scores, e.g. an item first in one list and another first in the other) are
 * broken by the best single rank, then by the order of first appearance (list 0 first), so the
 * output is deterministic.
 */
public final class ReciprocalRankFusion {

  /** The paper's constant, also the platform's default ({@code rag.retrieval.rrf-k}). */
  public static final int DEFAULT_K = 60;

  private final int k;

  /**
   * @param k the rank constant, 1..1000
   */
  public ReciprocalRankFusion(int k) {
    if (k < 1 || k > 1000) {
      throw new IllegalArgumentException("RRF k must be in [1, 1000], was " + k);
    }
    this.k = k;
  }

  public int k() {
    return k;
  }

  /** Fuses ranked lists (best first, no duplicates within a list) with weight 1 each. */
  public <K> List<FusedHit<K>> fuse(List<List<K>> rankings) {
    double[] weights = new double[rankings.size()];
    java.util.Arrays.fill(weights, 1.0);
    return fuse(rankings, weights);
  }

  /** Fuses ranked lists with one non-negative weight per list; best first. */
  public <K> List<FusedHit<K>> fuse(List<List<K>> rankings, double[] weights) {
    if (weights.length != rankings.size()) {
      throw new IllegalArgumentException(
          "one weight per list expected: "
              + rankings.size()
              + " lists, "
              + weights.length
              + " weights");
    }
    Map<K, int[]> ranks = new LinkedHashMap<>();
    for (int list = 0; list < rankings.size(); list++) {
      if (!(weights[list] >= 0)) {
        throw new IllegalArgumentException(
            "weights must be >= 0, list " + list + " has " + weights[list]);
      }
      int rank = 0;
      for (K item : rankings.get(list)) {
        rank++;
        int[] itemRanks = ranks.computeIfAbsent(item, unused -> new int[rankings.size()]);
        if (itemRanks[list] != 0) {
          throw new IllegalArgumentException("list " + list + " contains " + item + " twice");
        }
        itemRanks[list] = rank;
      }
    }
    List<FusedHit<K>> fused = new ArrayList<>(ranks.size());
    for (Map.Entry<K, int[]> entry : ranks.entrySet()) {
      double score = 0;
      int[] itemRanks = entry.getValue();
      for (int list = 0; list < itemRanks.length; list++) {
        if (itemRanks[list] > 0) {
          score += weights[list] / (k + itemRanks[list]);
        }
      }
      fused.add(new FusedHit<>(entry.getKey(), score, itemRanks));
    }
    // A stable sort keeps first-appearance order among complete ties.
    fused.sort(
        Comparator.comparingDouble((FusedHit<K> hit) -> hit.score())
            .reversed()
            .thenComparingInt(FusedHit::bestRank));
    return fused;
  }
}
