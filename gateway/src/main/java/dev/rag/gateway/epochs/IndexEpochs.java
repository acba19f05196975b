package dev.rag.gateway.epochs;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of each collection's index as the answer cache keys it. Two parts:
 *
 * <ol>
 *   <li>the highest index epoch seen. Epochs only grow in retrieval-service, and events of one
 *       collection arrive on several partitions in no particular order across them, so the maximum
 *       (not the latest) is the current epoch;
 *   <li>per partition, the offset of the newest event about the collection. Offsets never repeat,
 *       so this changes with every index event even if retrieval-service's epochs start again from
 *       0 (a rebuilt index), and it is the same on every gateway instance that has read the same
 *       records, whatever the topic's retention dropped before.
 * </ol>
 *
 * A collection never seen is at epoch 0 with no positions. {@link #stamp} renders both parts.
 */
public final class IndexEpochs {

  private record State(long epoch, TreeMap<Integer, Long> positions, String stamp) {

    static final State NONE = new State(0, new TreeMap<>(), "e0");

    State next(long newEpoch, int partition, long offset) {
      TreeMap<Integer, Long> newPositions = new TreeMap<>(positions);
      if (partition >= 0) {
        newPositions.merge(partition, offset, Math::max);
      }
      long maxEpoch = Math.max(epoch, newEpoch);
      StringBuilder text = new StringBuilder("e").append(maxEpoch);
      newPositions.forEach((p, o) -> text.append(";p").append(p).append(':').append(o));
      return new State(maxEpoch, newPositions, text.toString());
    }
  }

  private final Map<String, State> states = new ConcurrentHashMap<>();
  private volatile boolean caughtUp;

  /** An index event of {@code collection} read at {@code partition}/{@code offset} of the topic. */
  public void observe(String collection, long epoch, int partition, long offset) {
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "partition and offset must be >= 0, were " + partition + ", " + offset);
    }
    states.compute(
        collection,
        (c, state) -> (state == null ? State.NONE : state).next(epoch, partition, offset));
  }

  /** An epoch known without a topic position (tests, or a source other than the topic). */
  public void observe(String collection, long epoch) {
    states.compute(
        collection, (c, state) -> (state == null ? State.NONE : state).next(epoch, -1, -1));
  }

  /** The highest epoch seen for the collection. */
  public long of(String collection) {
    return states.getOrDefault(collection, State.NONE).epoch();
  }

  /** What the cache key carries for the collection: epoch and newest event positions. */
  public String stamp(String collection) {
    return states.getOrDefault(collection, State.NONE).stamp();
  }

  /** True once the topic was read up to where it ended when the gateway started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  void markCaughtUp() {
    caughtUp = true;
  }
}
