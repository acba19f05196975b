package dev.rag.retrieval.fusion;

import java.util.Arrays;

/**
 * One item of a fused ranking.
 *
 * @param item the fused item
 * @param score its fused score, sum over lists of weight / (k + rank)
 * @param ranks 1-based rank of the item in each input list, 0 where the list did not contain it
 */
public record FusedHit<K>(K item, double score, int[] ranks) {

  public FusedHit {
    ranks = ranks.clone();
  }

  /** The 1-based rank in input list {@code list}, or null when absent from it. */
  public Integer rankIn(int list) {
    return ranks[list] == 0 ? null : ranks[list];
  }

  /** The best (smallest) rank across the lists; used to break ties in the fused score. */
  int bestRank() {
    return Arrays.stream(ranks).filter(r -> r > 0).min().orElse(Integer.MAX_VALUE);
  }

  @Override
  public int[] ranks() {
    return ranks.clone();
  }

  /** A readable account of the score, e.g. {@code 0.0325 = 1/(60+1) [bm25] + 1/(60+3) [dense]}. */
  public String explain(int k, String... listNames) {
    StringBuilder out = new StringBuilder("%.4f =".formatted(score));
    String sep = " ";
    for (int i = 0; i < ranks.length; i++) {
      if (ranks[i] > 0) {
        out.append(sep).append("1/(").append(k).append('+').append(ranks[i]).append(')');
        if (i < listNames.length) {
          out.append(" [").append(listNames[i]).append(']');
        }
        sep = " + ";
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FusedHit<?> other
        && item.equals(other.item)
        && score == other.score
        && Arrays.equals(ranks, other.ranks);
  }

  @Override
  public int hashCode() {
    return 31 * item.hashCode() + Arrays.hashCode(ranks);
  }
}
