package dev.rag.retrieval.index.lucene;

import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.CollectionState;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.core.type.TypeReference;

/**
 * The user data of a Lucene commit: the Kafka offsets the commit covers and the per-collection
 * state. Committed atomically with the segments ({@code IndexWriter.setLiveCommitData}), so the
 * index on disk always says exactly which records it contains.
 *
 * <p>{@code offsets} is {@code topic:partition=nextOffset,...} (Kafka topic names cannot contain
 * {@code :} or {@code ,}); {@code collections} is JSON {@code {name: {epoch, modelId, dimension}}}.
 */
record CommitData(Map<TopicPartition, Long> offsets, Map<String, CollectionState> collections) {

  static final String OFFSETS = "offsets";
  static final String COLLECTIONS = "collections";
  static final CommitData EMPTY = new CommitData(Map.of(), Map.of());

  private static final TypeReference<Map<String, CollectionState>> COLLECTION_MAP =
      new TypeReference<>() {};

  CommitData {
    offsets = Map.copyOf(offsets);
    collections = Map.copyOf(collections);
  }

  /** This data with a batch's offsets and collection states laid over it. */
  CommitData merge(Map<TopicPartition, Long> newOffsets, Map<String, CollectionState> newCollections) {
    Map<TopicPartition, Long> mergedOffsets = new HashMap<>(offsets);
    mergedOffsets.putAll(newOffsets);
    Map<String, CollectionState> mergedCollections = new HashMap<>(collections);
    mergedCollections.putAll(newCollections);
    return new CommitData(mergedOffsets, mergedCollections);
  }

  Map<String, String> encode() {
    StringBuilder encoded = new StringBuilder();
    new TreeMap<>(toStrings(offsets)).forEach((partition, offset) -> {
      if (!encoded.isEmpty()) {
        encoded.append(',');
      }
      encoded.append(partition).append('=').append(offset);
    });
    return Map.of(
        OFFSETS, encoded.toString(),
        COLLECTIONS, new String(EventJson.write(new TreeMap<>(collections)),
            java.nio.charset.StandardCharsets.UTF_8));
  }

  static CommitData decode(Map<String, String> userData) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    String encoded = userData.getOrDefault(OFFSETS, "");
    for (String entry : encoded.split(",")) {
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.lastIndexOf('=');
      int colon = entry.lastIndexOf(':', equals);
      if (equals < 0 || colon < 0) {
        throw new IllegalStateException("corrupt offsets in Lucene commit data: " + encoded);
      }
      offsets.put(
          new TopicPartition(entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1, equals))),
          Long.parseLong(entry.substring(equals + 1)));
    }
    String collections = userData.get(COLLECTIONS);
    Map<String, CollectionState> states = collections == null || collections.isEmpty()
        ? Map.of()
        : EventJson.mapper().readValue(collections, COLLECTION_MAP);
    return new CommitData(offsets, states);
  }

  private static Map<String, Long> toStrings(Map<TopicPartition, Long> offsets) {
    Map<String, Long> strings = new HashMap<>();
    offsets.forEach((tp, offset) -> strings.put(tp.topic() + ":" + tp.partition(), offset));
    return strings;
  }
}
