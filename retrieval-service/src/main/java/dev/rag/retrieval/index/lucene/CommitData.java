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
 * {@code :} or {@code ,}); {@code collections} is JSON {@code {name: {epoch, modelId, dimension}}};
 * {@code layout} is the {@link IndexLayout} version the documents are written in (absent before
 * layout 2, hence read as 1).
 */
record CommitData(
    Map<TopicPartition, Long> offsets, Map<String, CollectionState> collections, int layout) {

  static final String OFFSETS = "offsets";
  static final String COLLECTIONS = "collections";
  static final String LAYOUT = "layout";
  static final CommitData EMPTY = new CommitData(Map.of(), Map.of(), IndexLayout.CURRENT);

  private static final TypeReference<Map<String, CollectionState>> COLLECTION_MAP =
      new TypeReference<>() {};

  CommitData {
    offsets = Map.copyOf(offsets);
    collections = Map.copyOf(collections);
    if (layout < 1) {
      throw new IllegalArgumentException("layout must be >= 1, was " + layout);
    }
  }

  /** The same offsets and collections, for documents written in {@code newLayout}. */
  CommitData withLayout(int newLayout) {
    return new CommitData(offsets, collections, newLayout);
  }

  /** This data with a batch's offsets and collection states laid over it. */
  CommitData merge(
      Map<TopicPartition, Long> newOffsets, Map<String, CollectionState> newCollections) {
    Map<TopicPartition, Long> mergedOffsets = new HashMap<>(offsets);
    mergedOffsets.putAll(newOffsets);
    Map<String, CollectionState> mergedCollections = new HashMap<>(collections);
    mergedCollections.putAll(newCollections);
    return new CommitData(mergedOffsets, mergedCollections, layout);
  }

  Map<String, String> encode() {
    StringBuilder encoded = new StringBuilder();
    new TreeMap<>(toStrings(offsets))
        .forEach(
            (partition, offset) -> {
              if (!encoded.isEmpty()) {
                encoded.append(',');
              }
              encoded.append(partition).append('=').append(offset);
            });
    return Map.of(
        OFFSETS, encoded.toString(),
        COLLECTIONS,
            new String(
                EventJson.write(new TreeMap<>(collections)),
                java.nio.charset.StandardCharsets.UTF_8),
        LAYOUT, Integer.toString(layout));
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
          new TopicPartition(
              entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1, equals))),
          Long.parseLong(entry.substring(equals + 1)));
    }
    String collections = userData.get(COLLECTIONS);
    Map<String, CollectionState> states =
        collections == null || collections.isEmpty()
            ? Map.of()
            : EventJson.mapper().readValue(collections, COLLECTION_MAP);
    String layout = userData.get(LAYOUT);
    try {
      return new CommitData(
          offsets, states, layout == null ? IndexLayout.UNVERSIONED : Integer.parseInt(layout));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("corrupt layout in Lucene commit data: " + layout, e);
    }
  }

  private static Map<String, Long> toStrings(Map<TopicPartition, Long> offsets) {
    Map<String, Long> strings = new HashMap<>();
    offsets.forEach((tp, offset) -> strings.put(tp.topic() + ":" + tp.partition(), offset));
    return strings;
  }
}
