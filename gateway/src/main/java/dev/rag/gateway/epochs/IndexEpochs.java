package dev.rag.gateway.epochs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The highest index epoch seen per collection. Epochs only grow in retrieval-service, and
 * events of one collection arrive on several partitions in no particular order across them, so
 * the maximum (not the latest) is the current epoch. A collection never seen is at epoch 0.
 */
public final class IndexEpochs {

  private final Map<String, Long> epochs = new ConcurrentHashMap<>();
  private volatile boolean caughtUp;

  public void observe(String collection, long epoch) {
    epochs.merge(collection, epoch, Math::max);
  }

  public long of(String collection) {
    return epochs.getOrDefault(collection, 0L);
  }

  /** True once the topic was read up to where it ended when the gateway started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  void markCaughtUp() {
    caughtUp = true;
  }
}
