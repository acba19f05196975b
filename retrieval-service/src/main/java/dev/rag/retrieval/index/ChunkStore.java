package dev.rag.retrieval.index;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** A store that chunks are written to: ops applied in order, committed with their offsets. */
public interface ChunkStore extends AutoCloseable {

  /**
   * Applies the ops in order and makes them durable together with the batch's offsets: after a
   * crash either the whole batch and its offsets are visible, or neither.
   */
  void apply(IndexBatch batch);

  /** The next offset to consume per partition, as of the last commit (empty when none). */
  Map<TopicPartition, Long> committedOffsets();

  @Override
  void close();
}
