package dev.rag.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.contracts.events.ChunkId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DenseStore} must do, run against each implementation with seeded random unit
 * vectors. Collections are unique per test: stores may be shared (one PostgreSQL).
 */
public abstract class DenseStoreContractTest {

  private final TestChunks chunks = new TestChunks(20240607L);
  protected DenseStore store;
  protected String collection;

  /** A fresh store; {@code consumerGroup} isolates its committed offsets. */
  protected abstract DenseStore createStore(String consumerGroup);

  @BeforeEach
  void openStore() {
    String run = UUID.randomUUID().toString();
    collection = "contract-" + run;
    store = createStore("contract-" + run);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void exactMatchRanksItsOwnChunkFirst() {
    List<IndexedChunk> written = write(collection, "doc", 200, Map.of());
    for (IndexedChunk chunk : written.subList(0, 20)) {
      List<DenseHit> hits = store.search(DenseQuery.of(chunk.vector(), Set.of(collection), 5));
      assertThat(hits.getFirst().chunkId()).isEqualTo(chunk.id());
      assertThat(hits.getFirst().score()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
    }
  }

  /**
   * The same document stored in several collections (an upload to two teams' spaces) holds
   * identical vectors; a search in one collection still ranks its own copy first. Graph indexes
   * link exact duplicates poorly, so a store must not rely on reaching them through the graph.
   */
  @Test
  void exactMatchIsFoundAmongCopiesInOtherCollections() {
    TestChunks same = new TestChunks(20261203L);
    for (int copy = 0; copy < 6; copy++) {
      List<IndexedChunk> copies = new ArrayList<>();
      for (int ordinal = 0; ordinal < 300; ordinal++) {
        copies.add(same.indexed(collection + "-copy" + copy, "doc", 1, ordinal, Map.of()));
      }
      store.apply(upserts(copies));
    }
    TestChunks ours = new TestChunks(20261203L);
    List<IndexedChunk> written = new ArrayList<>();
    for (int ordinal = 0; ordinal < 300; ordinal++) {
      written.add(ours.indexed(collection, "doc", 1, ordinal, Map.of()));
    }
    store.apply(upserts(written));
    for (IndexedChunk chunk : written) {
      List<DenseHit> hits = store.search(DenseQuery.of(chunk.vector(), Set.of(collection), 5));
      assertThat(hits.getFirst().chunkId()).as("query %s", chunk.id()).isEqualTo(chunk.id());
      assertThat(hits.getFirst().collection()).isEqualTo(collection);
    }
  }

  @Test
  void returnsKHitsBestFirst() {
    write(collection, "doc", 50, Map.of());
    List<DenseHit> hits = store.search(DenseQuery.of(chunks.vector(), Set.of(collection), 7));
    assertThat(hits).hasSize(7);
    assertThat(hits).extracting(DenseHit::score).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    assertThat(hits).extracting(DenseHit::chunkId).doesNotHaveDuplicates();
  }

  @Test
  void filtersCollectionsInsideTheSearch() {
    String big = collection + "-big";
    List<IndexedChunk> crowd = write(big, "crowd", 400, Map.of());
    write(collection, "few", 12, Map.of());
    // The query sits on a chunk of the big collection: a filter applied after the top-k cut
    // would find none of the small collection's chunks among the nearest candidates.
    List<DenseHit> hits =
        store.search(new DenseQuery(crowd.get(3).vector(), Set.of(collection), Map.of(), 10, 40));
    assertThat(hits)
        .hasSize(10)
        .allSatisfy(hit -> assertThat(hit.collection()).isEqualTo(collection));
  }

  @Test
  void filtersMetadataInsideTheSearch() {
    List<IndexedChunk> english = write(collection, "en", 150, Map.of("lang", "en"));
    write(collection, "de", 8, Map.of("lang", "de"));
    List<DenseHit> hits =
        store.search(
            new DenseQuery(
                english.get(0).vector(), Set.of(collection), Map.of("lang", "de"), 5, 40));
    assertThat(hits)
        .hasSize(5)
        .allSatisfy(hit -> assertThat(hit.chunkId().documentId()).isEqualTo("de"));
  }

  /**
   * Every kind of metadata condition, alone and combined, returns exactly the chunks that {@link
   * MetadataFilters#matches} (the reference meaning) accepts, over seeded random metadata that
   * mixes numbers, dates, look-alikes that are neither, and missing keys.
   */
  @Test
  void metadataConditionsMeanTheSameInEveryStore() {
    java.util.Random random = new java.util.Random(20261202L);
    String[] years = {
      "1999", "2020", "2021", "2022.5", "2024", "1e3", "-3", "2021 ", "twenty", "0"
    };
    String[] dates = {
      "2024-01-01", "2024-02-29", "2024-02-30", "2024-06-30T23:59:59Z",
      "2024-07-01T01:00:00+02:00", "2024-07-01T00:00:00", "2023-12-31", "not a date"
    };
    String[] langs = {"en", "de", "fr"};
    Map<ChunkId, Map<String, String>> metadataOf = new java.util.HashMap<>();
    List<IndexedChunk> written = new ArrayList<>();
    for (int ordinal = 0; ordinal < 80; ordinal++) {
      Map<String, String> metadata = new java.util.HashMap<>();
      if (random.nextInt(5) > 0) {
        metadata.put("year", years[random.nextInt(years.length)]);
      }
      if (random.nextInt(4) > 0) {
        metadata.put("published", dates[random.nextInt(dates.length)]);
      }
      if (random.nextBoolean()) {
        metadata.put("lang", langs[random.nextInt(langs.length)]);
      }
      IndexedChunk chunk = chunks.indexed(collection, "meta", 1, ordinal, metadata);
      metadataOf.put(chunk.id(), metadata);
      written.add(chunk);
    }
    store.apply(upserts(written));
    long jan1 = MetadataValues.dateMillis("2024-01-01");
    long jul1 = MetadataValues.dateMillis("2024-07-01");
    List<MetadataFilters> cases =
        List.of(
            filters(new MetadataFilter.Equals("lang", "de")),
            filters(new MetadataFilter.AnyOf("lang", List.of("en", "fr"))),
            filters(new MetadataFilter.NumberRange("year", 2020.0, true, 2024.0, false)),
            filters(new MetadataFilter.NumberRange("year", 2021.0, false, null, false)),
            filters(new MetadataFilter.NumberRange("year", null, false, 0.0, true)),
            filters(new MetadataFilter.DateRange("published", jan1, true, jul1, false)),
            filters(new MetadataFilter.DateRange("published", null, false, jan1, false)),
            filters(new MetadataFilter.Exists("lang", true)),
            filters(new MetadataFilter.Exists("published", false)),
            filters(
                new MetadataFilter.AnyOf("lang", List.of("en", "de")),
                new MetadataFilter.NumberRange("year", 2000.0, true, null, false),
                new MetadataFilter.Exists("published", true)),
            filters(
                new MetadataFilter.Equals("lang", "en"),
                new MetadataFilter.DateRange("published", jan1, false, null, false)));
    float[] query = chunks.vector();
    for (MetadataFilters filter : cases) {
      Set<ChunkId> expected = new java.util.HashSet<>();
      metadataOf.forEach(
          (id, metadata) -> {
            if (filter.matches(metadata)) {
              expected.add(id);
            }
          });
      List<DenseHit> hits =
          store.search(new DenseQuery(query, Set.of(collection), filter, 100, 200));
      assertThat(hits)
          .as("%s", filter)
          .extracting(DenseHit::chunkId)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    // The cases are not vacuous: each side of the numeric and date parsing is exercised.
    assertThat(metadataOf.values()).anyMatch(m -> "2024-02-30".equals(m.get("published")));
    assertThat(metadataOf.values()).anyMatch(m -> "twenty".equals(m.get("year")));
  }

  private static MetadataFilters filters(MetadataFilter... conditions) {
    return new MetadataFilters(List.of(conditions));
  }

  @Test
  void upsertsAreIdempotent() {
    List<IndexedChunk> written = write(collection, "doc", 20, Map.of());
    store.apply(upserts(written));
    store.apply(upserts(written));
    assertThat(store.count(collection)).isEqualTo(20);
    List<DenseHit> hits =
        store.search(DenseQuery.of(written.get(0).vector(), Set.of(collection), 20));
    assertThat(hits).hasSize(20).extracting(DenseHit::chunkId).doesNotHaveDuplicates();
  }

  @Test
  void newVersionReplacesTheOld() {
    write(collection, "doc", 3, Map.of());
    List<IndexOp> ops = new ArrayList<>();
    ops.add(new IndexOp.DeleteOlderVersions(collection, "doc", 2));
    List<IndexedChunk> second =
        List.of(
            chunks.indexed(collection, "doc", 2, 0, Map.of()),
            chunks.indexed(collection, "doc", 2, 1, Map.of()));
    second.forEach(chunk -> ops.add(new IndexOp.Upsert(chunk, false)));
    store.apply(new IndexBatch(ops, Map.of(), Map.of()));
    assertThat(store.count(collection)).isEqualTo(2);
    assertThat(store.search(DenseQuery.of(second.get(0).vector(), Set.of(collection), 10)))
        .extracting(hit -> hit.chunkId().version())
        .containsOnly(2L);
  }

  @Test
  void deleteRemovesTheDocumentUpToItsVersion() {
    write(collection, "gone", 4, Map.of());
    write(collection, "kept", 2, Map.of());
    store.apply(IndexBatch.of(new IndexOp.DeleteDocument(collection, "gone", 1, 1)));
    assertThat(store.count(collection)).isEqualTo(2);
    assertThat(store.search(DenseQuery.of(chunks.vector(), Set.of(collection), 10)))
        .extracting(hit -> hit.chunkId().documentId())
        .containsOnly("kept");
    store.apply(IndexBatch.of(new IndexOp.DeleteDocument(collection, "kept", 1, 1)));
    assertThat(store.count(collection)).isZero();
  }

  @Test
  void deleteSparesNewerVersions() {
    store.apply(upserts(List.of(chunks.indexed(collection, "doc", 3, 0, Map.of()))));
    store.apply(IndexBatch.of(new IndexOp.DeleteDocument(collection, "doc", 2, 2)));
    assertThat(store.count(collection)).isEqualTo(1);
  }

  @Test
  void commitsOffsetsWithTheBatch() {
    String topic = "contract-topic-" + UUID.randomUUID();
    IndexedChunk chunk = chunks.indexed(collection, "doc", 1, 0, Map.of());
    store.apply(
        new IndexBatch(
            List.of(new IndexOp.Upsert(chunk, false)),
            Map.of(new TopicPartition(topic, 0), 5L, new TopicPartition(topic, 1), 7L),
            Map.of()));
    store.apply(new IndexBatch(List.of(), Map.of(new TopicPartition(topic, 0), 9L), Map.of()));
    assertThat(store.committedOffsets())
        .containsEntry(new TopicPartition(topic, 0), 9L)
        .containsEntry(new TopicPartition(topic, 1), 7L);
  }

  @Test
  void searchesOnlyTheGivenCollections() {
    write(collection, "doc", 5, Map.of());
    assertThat(store.search(DenseQuery.of(chunks.vector(), Set.of(collection + "-empty"), 5)))
        .isEmpty();
  }

  @Test
  void rejectsMalformedQueries() {
    assertThatThrownBy(() -> DenseQuery.of(chunks.vector(), Set.of(collection), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be in [1, 1000]");
    assertThatThrownBy(() -> DenseQuery.of(chunks.vector(), Set.of(), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("collection");
    assertThatThrownBy(() -> DenseQuery.of(new float[TestChunks.DIMENSION], Set.of(collection), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zeros");
  }

  private List<IndexedChunk> write(
      String into, String documentId, int count, Map<String, String> metadata) {
    List<IndexedChunk> written = new ArrayList<>();
    for (int ordinal = 0; ordinal < count; ordinal++) {
      written.add(chunks.indexed(into, documentId, 1, ordinal, metadata));
    }
    store.apply(upserts(written));
    return written;
  }

  protected static IndexBatch upserts(List<IndexedChunk> written) {
    return new IndexBatch(
        written.stream().<IndexOp>map(chunk -> new IndexOp.Upsert(chunk, false)).toList(),
        Map.of(),
        Map.of());
  }

  protected static ChunkId id(String documentId, long version, int ordinal) {
    return new ChunkId(documentId, version, ordinal);
  }
}
