package dev.rag.retrieval.index;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a store applies and commits atomically: the ops in order, the next offset of every partition
 * the batch covers, and the collections' state after the batch (epochs, models).
 */
public record IndexBatch(
    List<IndexOp> ops,
    Map<TopicPartition, Long> offsets,
    Map<String, CollectionState> collections) {

  public IndexBatch {
    ops = List.copyOf(ops);
    offsets = Map.copyOf(offsets);
    collections = Map.copyOf(collections);
  }

  /** Ops without offsets or collection state (tests, tools). */
  public static IndexBatch of(IndexOp... ops) {
    return new IndexBatch(List.of(ops), Map.of(), Map.of());
  }
}
