package dev.rag.encoders.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Cuts length-sorted batches; pure logic so the policy can be tested without a model. */
public final class BatchPlanner {

  private BatchPlanner() {}

  /**
   * Plans batches over sequences of the given lengths.
   *
   * @return batches of indices into {@code lengths}, each sorted by ascending length; every index
   *     appears exactly once
   */
  public static List<int[]> plan(int[] lengths, BatchingPolicy policy) {
    // Stable sort: equal lengths keep the caller's order, which keeps plans deterministic.
    int[] order =
        IntStream.range(0, lengths.length)
            .boxed()
            .sorted(Comparator.comparingInt(i -> lengths[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    List<int[]> batches = new ArrayList<>();
    int start = 0;
    while (start < order.length) {
      int end = start + 1;
      while (end < order.length
          && end - start < policy.maxSequences()
          && (long) (end - start + 1) * lengths[order[end]] <= policy.maxTokens()) {
        end++;
      }
      int[] batch = new int[end - start];
      System.arraycopy(order, start, batch, 0, batch.length);
      batches.add(batch);
      start = end;
    }
    return batches;
  }
}
