package dev.rag.e2e;

import static dev.rag.e2e.RunningPlatform.get;
import static dev.rag.e2e.RunningPlatform.rag;
import static dev.rag.e2e.RunningPlatform.servicePids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.DocumentEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.JsonSerde;
import dev.rag.contracts.topics.Topics;
import dev.rag.e2e.RunningPlatform.Command;
import dev.rag.testing.Infrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform as a user starts it: {@code ./rag up} on its embedded defaults (on ports of
 * its own, so a developer's running platform is left alone; shared with the other end-to-end
 * classes through {@link RunningPlatform}), every service healthy, an event written with {@code
 * libs/contracts} through the real broker, then {@code ./rag down} leaving no service process
 * behind. Runs last, since it stops the shared platform.
 */
@Order(Integer.MAX_VALUE)
class PlatformLifecycleTest {

  private static final Path ROOT = RunningPlatform.ROOT;
  private static final Path STATE = RunningPlatform.STATE;
  private static final Map<String, Integer> PORTS = RunningPlatform.PORTS;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final List<Long> pids = new ArrayList<>();

  @BeforeAll
  static void ragUp() {
    Command up = RunningPlatform.get().startup();
    assertThat(up.exitCode()).as(up.output()).isZero();
    assertThat(up.output()).contains("Gateway: http://127.0.0.1:18080");
    pids.addAll(servicePids().values());
  }

  @AfterAll
  static void ragDown() throws Exception {
    pids.clear();
    pids.addAll(servicePids().values());
    Command down = RunningPlatform.stop();
    assertThat(down.exitCode()).as(down.output()).isZero();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
          .as("service process %d after ./rag down", pid)
          .isEmpty();
    }
  }

  @Test
  void everyServiceIsReadyAndStatusSaysSo() throws Exception {
    for (var service : PORTS.entrySet()) {
      HttpResponse<String> readiness = get(service.getValue(), "/actuator/health/readiness");
      assertThat(readiness.statusCode()).as(service.getKey()).isEqualTo(200);
      assertThat(readiness.body()).as(service.getKey()).contains("\"UP\"");
    }
    Command status = rag("status");
    assertThat(
            status
                .output()
                .lines()
                .filter(line -> line.matches(".*-service.*\\bUP$|^gateway .*\\bUP$")))
        .hasSize(6);
  }

  @Test
  void gatewayAnswersUnknownRoutesWithProblemDetails() throws Exception {
    HttpResponse<String> response = get(18080, "/v1/no-such-thing");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("urn:rag:problem:not-found");
  }

  @Test
  void aContractsEventRoundTripsThroughTheRealBroker() {
    String topic = "e2e.lifecycle." + UUID.randomUUID();
    var event =
        new DocumentEvent.Upsert(
            SchemaVersions.CURRENT,
            "doc-1",
            1,
            "e2e",
            "Title",
            "mem://doc-1",
            "text/plain",
            "Aspirin inhibits platelet aggregation.",
            null,
            Map.of("k", "v"));
    var serde = new JsonSerde<>(DocumentEvent.class);

    Properties producerConfig = new Properties();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap());
    try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), serde)) {
      producer.send(new ProducerRecord<>(topic, event.documentId(), event)).get();
    } catch (Exception e) {
      throw new AssertionError("producing to " + topic + " failed", e);
    }

    Properties consumerConfig = new Properties();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap());
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, DocumentEvent>> received = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), serde)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(received::add);
      }
    }
    assertThat(received).hasSize(1);
    assertThat(received.getFirst().key()).isEqualTo("doc-1");
    assertThat(received.getFirst().value()).isEqualTo(event);
  }

  /**
   * The write path end to end: {@code ./rag ingest samples/} (PDF, DOCX, HTML, Markdown) through
   * the gateway, ingest → Kafka → embedding → Kafka → retrieval, until the job is complete; then
   * the Lucene index on disk holds every chunk exactly once, with its vector (the embedded
   * default's dense store) and its BM25 text, as many as the job says were parsed.
   */
  @Test
  void samplesIngestedThroughTheGatewayAreIndexedExactlyOnce() throws Exception {
    Command ingest =
        rag("ingest", ROOT.resolve("samples").toString(), "--collection", "e2e-samples");
    assertThat(ingest.exitCode()).as(ingest.output()).isZero();
    assertThat(ingest.output()).contains("COMPLETED");

    Map<String, Integer> chunksPerDocument = new TreeMap<>();
    for (String file :
        List.of(
            "water-quality-report.pdf",
            "customer-handbook.docx",
            "conservation-guide.html",
            "emergency-procedures.md")) {
      HttpResponse<String> response =
          get(18080, "/v1/collections/e2e-samples/documents/e2e-samples:" + file);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      var json = JSON.readTree(response.body());
      chunksPerDocument.put("e2e-samples:" + file, json.path("chunkCount").asInt());
    }
    assertThat(chunksPerDocument.values()).allSatisfy(count -> assertThat(count).isPositive());

    try (var directory = FSDirectory.open(STATE.resolve("retrieval/chunks"));
        var reader = DirectoryReader.open(directory)) {
      var searcher = new IndexSearcher(reader);
      for (var document : chunksPerDocument.entrySet()) {
        var query =
            new BooleanQuery.Builder()
                .add(
                    new TermQuery(new Term("document_id", document.getKey())),
                    BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term("kind", "chunk")), BooleanClause.Occur.FILTER)
                .build();
        var hits = searcher.search(query, 10_000);
        var storedFields = searcher.storedFields();
        Set<String> chunkIds = new HashSet<>();
        for (var hit : hits.scoreDocs) {
          chunkIds.add(storedFields.document(hit.doc).get("chunk_id"));
        }
        assertThat(hits.scoreDocs).as(document.getKey()).hasSize(document.getValue());
        assertThat(chunkIds)
            .as("unique chunk ids of " + document.getKey())
            .hasSize(document.getValue());
      }
      var vectors =
          reader.leaves().stream()
              .mapToInt(
                  leaf -> {
                    try {
                      var values = leaf.reader().getFloatVectorValues("vector.384");
                      return values == null ? 0 : values.size();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .sum();
      assertThat(vectors)
          .isGreaterThanOrEqualTo(chunksPerDocument.values().stream().mapToInt(i -> i).sum());
    }
  }

  /**
   * At-least-once delivery with idempotent writes, proven by crashing: producers send a few
   * thousand documents; once indexing is under way embedding-service and retrieval-service are
   * killed with SIGKILL and started again by {@code ./rag up}. The index ends complete: every chunk
   * exactly once, none missing.
   */
  @Test
  void killingEmbeddingAndRetrievalMidIngestLosesAndDuplicatesNothing() throws Exception {
    int documents = 2000;
    String collection = "e2e-crash-" + UUID.randomUUID().toString().substring(0, 8);
    Properties config = new Properties();
    // One request in flight: a retried batch is never overtaken and rejected as out of order.
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap());
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new JsonSerde<>(DocumentEvent.class))) {
      var random = new java.util.Random(7);
      for (int i = 0; i < documents; i++) {
        String id = collection + "-doc-" + i;
        producer.send(
            new ProducerRecord<>(
                Topics.DOCUMENTS,
                id,
                new DocumentEvent.Upsert(
                    SchemaVersions.CURRENT,
                    id,
                    1,
                    collection,
                    "Document " + i,
                    "mem://" + id,
                    "text/plain",
                    SyntheticText.paragraph(random, 60) + " marker" + i + ".",
                    null,
                    Map.of())));
      }
      producer.flush();
    }

    waitUntil(Duration.ofMinutes(10), () -> indexedChunks(collection).size() >= documents / 10);
    Map<String, Long> running = servicePids();
    for (String victim : List.of("embedding-service", "retrieval-service")) {
      ProcessHandle.of(running.get(victim)).ifPresent(ProcessHandle::destroyForcibly);
      ProcessHandle.of(running.get(victim)).ifPresent(p -> p.onExit().join());
    }
    Command restart = rag("up");
    assertThat(restart.exitCode()).as(restart.output()).isZero();

    waitUntil(Duration.ofMinutes(20), () -> indexedChunks(collection).size() >= documents);
    List<String> chunkIds = indexedChunks(collection);
    assertThat(chunkIds).hasSize(documents).doesNotHaveDuplicates();
    assertThat(chunkIds.stream().map(id -> id.substring(0, id.indexOf('#'))).distinct())
        .hasSize(documents);
  }

  /** Chunk ids of a collection in the last Lucene commit of the platform's index. */
  private static List<String> indexedChunks(String collection) {
    Path index = STATE.resolve("retrieval/chunks");
    try (var directory = FSDirectory.open(index)) {
      if (!DirectoryReader.indexExists(directory)) {
        return List.of();
      }
      try (var reader = DirectoryReader.open(directory)) {
        var searcher = new IndexSearcher(reader);
        var query =
            new BooleanQuery.Builder()
                .add(new TermQuery(new Term("collection", collection)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term("kind", "chunk")), BooleanClause.Occur.FILTER)
                .build();
        List<String> ids = new ArrayList<>();
        var storedFields = searcher.storedFields();
        for (var hit : searcher.search(query, Integer.MAX_VALUE).scoreDocs) {
          ids.add(storedFields.document(hit.doc).get("chunk_id"));
        }
        return ids;
      }
    } catch (IOException e) {
      return List.of(); // a commit being replaced under us: try again on the next poll
    }
  }

  private static void waitUntil(Duration limit, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime())
          .as("condition not reached within " + limit)
          .isLessThan(deadline);
      Thread.sleep(1000);
    }
  }
}
