package dev.rag.retrieval.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rag.contracts.events.ChunkId;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.DenseQuery;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.LexicalHit;
import dev.rag.retrieval.index.TestChunks;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import dev.rag.retrieval.index.pgvector.PgVectorStore;
import dev.rag.testing.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running service indexing from a real broker into Lucene and pgvector: exactly once,
 * redelivery, version replacement, deletes, index events and the DLQ.
 */
@SpringBootTest(properties = "rag.retrieval.dense-store=pgvector")
class EmbeddedChunkListenerTest {

  private static final TestTopics TOPICS = new TestTopics();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infrastructure.registerKafka(registry);
    Infrastructure.registerPostgres(registry);
    registry.add("rag.retrieval.index-dir", () -> "target/test-indexes/listener-" + TOPICS.run);
    registry.add("rag.retrieval.embedded-chunks-topic", () -> TOPICS.chunks);
    registry.add("rag.retrieval.index-events-topic", () -> TOPICS.indexEvents);
    registry.add("rag.retrieval.consumer-group", () -> "retrieval-test-" + TOPICS.run);
  }

  @AfterAll
  static void closeTopics() {
    TOPICS.close();
  }

  @Autowired LuceneChunkIndex lucene;
  @Autowired DenseStore dense;
  @Autowired JdbcTemplate jdbc;
  @Autowired MeterRegistry meters;

  private final TestChunks chunks = new TestChunks(99L);

  @Test
  void indexesEveryChunkExactlyOnceInBothStoresAndRedeliveryChangesNothing() {
    assertThat(dense).isInstanceOf(PgVectorStore.class);
    String collection = "listener-" + UUID.randomUUID();
    List<EmbeddedChunkEvent.Upsert> events = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      events.addAll(
          chunks.document("job-" + d, collection, "doc-" + d, 1, 4, Map.of("owner", "team-" + d)));
    }
    events.forEach(this::publish);
    await()
        .atMost(PATIENCE)
        .until(() -> lucene.count(collection) == 12 && dense.count(collection) == 12);

    double consumed = records();
    events.forEach(this::publish);
    await().atMost(PATIENCE).until(() -> records() >= consumed + events.size());

    assertThat(lucene.count(collection)).isEqualTo(12);
    assertThat(dense.count(collection)).isEqualTo(12);
    for (EmbeddedChunkEvent.Upsert event : events) {
      ChunkId id = event.chunkId();
      List<LexicalHit> hits =
          lucene.bm25(
              TestChunks.uniqueWord(id.documentId(), id.version(), id.ordinal()),
              Set.of(collection),
              Map.of(),
              10);
      assertThat(hits).extracting(LexicalHit::chunkId).containsExactly(id);
      assertThat(lucene.get(collection, id).orElseThrow().metadata())
          .isEqualTo(event.chunk().metadata());
      assertThat(
              dense
                  .search(DenseQuery.of(event.vector(), Set.of(collection), 1))
                  .getFirst()
                  .chunkId())
          .isEqualTo(id);
    }
    assertThat(
            jdbc.queryForList(
                "SELECT metadata->>'owner' FROM retrieval.chunks WHERE collection = ? AND document_id = 'doc-1'",
                String.class,
                collection))
        .hasSize(4)
        .containsOnly("team-1");

    // One event per document and batch: progress adds up to the chunks, redelivery adds nothing.
    List<IndexEvent> indexed =
        indexEvents(collection, list -> list.stream().mapToInt(IndexEvent::chunks).sum() >= 12);
    assertThat(indexed)
        .allSatisfy(
            event -> {
              assertThat(event.kind()).isEqualTo(IndexEvent.Kind.INDEXED);
              assertThat(event.indexEpoch()).isPositive();
            });
    assertThat(
            indexed.stream()
                .collect(
                    java.util.stream.Collectors.groupingBy(
                        IndexEvent::documentId,
                        java.util.stream.Collectors.summingInt(IndexEvent::chunks))))
        .isEqualTo(Map.of("doc-0", 4, "doc-1", 4, "doc-2", 4));
  }

  @Test
  void newVersionReplacesTheOldAndDeleteRemovesItEverywhere() {
    String collection = "listener-" + UUID.randomUUID();
    chunks.document("job-1", collection, "doc", 1, 4, Map.of()).forEach(this::publish);
    await()
        .atMost(PATIENCE)
        .until(() -> lucene.count(collection) == 4 && dense.count(collection) == 4);

    List<EmbeddedChunkEvent.Upsert> second =
        chunks.document("job-2", collection, "doc", 2, 2, Map.of());
    second.forEach(this::publish);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                lucene.chunkIds(collection).stream().allMatch(id -> id.version() == 2)
                    && lucene.count(collection) == 2
                    && dense.count(collection) == 2);
    assertThat(dense.search(DenseQuery.of(second.get(0).vector(), Set.of(collection), 10)))
        .extracting(hit -> hit.chunkId().version())
        .containsOnly(2L);

    publish(TestChunks.delete("job-3", collection, "doc", 2));
    await()
        .atMost(PATIENCE)
        .until(() -> lucene.count(collection) == 0 && dense.count(collection) == 0);

    List<IndexEvent> events =
        indexEvents(
            collection,
            list -> list.stream().anyMatch(event -> event.kind() == IndexEvent.Kind.DELETED));
    // Records of one document share a partition, so its events arrive in order, one per batch.
    assertThat(events.getLast().kind()).isEqualTo(IndexEvent.Kind.DELETED);
    assertThat(events.getLast().version()).isEqualTo(2);
    assertThat(indexedChunks(events, 1)).isEqualTo(4);
    assertThat(indexedChunks(events, 2)).isEqualTo(2);
    List<Long> epochs = events.stream().map(IndexEvent::indexEpoch).toList();
    assertThat(epochs).doesNotHaveDuplicates().isSorted();
    assertThat(events.stream().map(IndexEvent::version).toList()).isSorted();
  }

  @Test
  void sendsPoisonRecordsToTheDlqAndKeepsIndexing() {
    String collection = "listener-" + UUID.randomUUID();
    String documentId = "after-poison-" + UUID.randomUUID();
    // Same key as the document: same partition, so the poison record sits in front of it.
    TOPICS.send(
        documentId, "{\"op\":\"upsert\",\"not\":\"an event\"".getBytes(StandardCharsets.UTF_8));
    chunks.document("job", collection, documentId, 1, 2, Map.of()).forEach(this::publish);
    await()
        .atMost(PATIENCE)
        .until(() -> lucene.count(collection) == 2 && dense.count(collection) == 2);

    List<ConsumerRecord<String, byte[]>> dead =
        TestTopics.readUntil(
            TOPICS.dlq, list -> list.stream().anyMatch(r -> documentId.equals(r.key())));
    ConsumerRecord<String, byte[]> poison =
        dead.stream().filter(r -> documentId.equals(r.key())).findFirst().orElseThrow();
    assertThat(
            new String(
                poison.headers().lastHeader("kafka_dlt-exception-fqcn").value(),
                StandardCharsets.UTF_8))
        .isEqualTo("dev.rag.contracts.json.MalformedEventException");
    assertThat(
            new String(
                poison.headers().lastHeader("kafka_dlt-original-topic").value(),
                StandardCharsets.UTF_8))
        .isEqualTo(TOPICS.chunks);
  }

  private static int indexedChunks(List<IndexEvent> events, long version) {
    return events.stream()
        .filter(e -> e.kind() == IndexEvent.Kind.INDEXED && e.version() == version)
        .mapToInt(IndexEvent::chunks)
        .sum();
  }

  private void publish(EmbeddedChunkEvent event) {
    TOPICS.send(event.documentId(), EventJson.write(event));
    TOPICS.flush();
  }

  private double records() {
    return meters.get("rag.retrieval.records").counter().count();
  }

  private static List<IndexEvent> indexEvents(
      String collection, java.util.function.Predicate<List<IndexEvent>> done) {
    List<ConsumerRecord<String, byte[]>> read =
        TestTopics.readUntil(TOPICS.indexEvents, records -> done.test(decode(records, collection)));
    return decode(read, collection);
  }

  private static List<IndexEvent> decode(
      List<ConsumerRecord<String, byte[]>> records, String collection) {
    return records.stream()
        .map(record -> EventJson.read(record.value(), IndexEvent.class))
        .filter(event -> event.collection().equals(collection))
        .toList();
  }
}
