package dev.rag.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.IngestServiceApplication;
import dev.rag.ingest.support.Fixtures;
import dev.rag.ingest.support.Http;
import dev.rag.ingest.support.Http.Part;
import dev.rag.ingest.support.TcpProxy;
import dev.rag.ingest.support.TopicTail;
import dev.rag.testing.Infrastructure;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The upload path across a crash, on the embedded defaults of {@code ./rag up} (H2 registry, staged
 * files under the state directory): an upload is answered 202, some of its documents are published,
 * then the process dies. H2's {@code SHUTDOWN IMMEDIATELY} stands in for {@code kill -9} (the files
 * are closed as they are, nothing more is written), after which the context is closed and a new one
 * starts on the same state directory. This test plays retrieval-service: it indexes whatever
 * reached {@code rag.chunks} and acknowledges it on {@code rag.index-events}.
 *
 * <p>The same with a graceful stop (what SIGTERM runs: the context closes): accepted documents are
 * finished or handed back, never failed.
 *
 * <p>Afterwards the registry, the job and the "index" must agree: every document indexed once, in
 * the registry with the chunk count the index holds, none reported FAILED.
 */
class UploadRestartTest {

  private static final int FILES = 40;

  @TempDir Path state;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kill", "sigterm"})
  void aStopAfterTheAcceptedUploadLosesNothingAndReportsNoIndexedDocumentAsFailed(String stop)
      throws Exception {
    String collection = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    String jobId;
    // One progress group for both lives, as a restarted service keeps its own. The first life
    // joins at the end of rag.index-events (the test broker's topic holds every earlier run's
    // events, whose replay a fresh group would wait through); Spring Kafka commits that position
    // on assignment, so the second life reads on from it and misses nothing sent after the crash.
    String group = "ingest-restart-test-" + UUID.randomUUID();
    ConfigurableApplicationContext first = start(group, "latest");
    // Opened once the service has created its topics.
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      try (first) {
        Http http = new Http(port(first));
        Part[] files =
            IntStream.range(0, FILES)
                .mapToObj(i -> Part.file("note-" + i + ".md", Fixtures.markdown(1000 + i)))
                .toArray(Part[]::new);
        var accepted = http.upload(collection, files);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        jobId = Http.json(accepted).path("jobId").asString();
        // Crash while the job is under way: a few documents published, most still waiting.
        http.awaitJob(jobId, job -> count(job, "PUBLISHED") >= 4);
        if (stop.equals("kill")) {
          crash(first.getBean(DataSource.class));
        }
      }
      // What a SIGTERM runs (the context's close): the accepted documents were drained, not lost.
      try (ConfigurableApplicationContext second = start(group, "earliest")) {
        assertEveryDocumentIndexedOnce(new Http(port(second)), jobId, chunks, collection);
      }
    }
  }

  /**
   * PostgreSQL goes away for a while (its connections dropped and new ones refused, through a relay
   * in front of the real server) while the upload is under way, and the service is not restarted:
   * the items caught in the outage wait for the database and then finish; none is failed, none is
   * left pending.
   */
  @Test
  void aDatabaseOutageDuringTheUploadIsWaitedOutNotReportedAsAFailure() throws Exception {
    String collection = "outage-" + UUID.randomUUID().toString().substring(0, 8);
    var postgres = Infrastructure.postgres();
    URI server = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
    try (TcpProxy database = new TcpProxy(server.getHost(), server.getPort());
        ConfigurableApplicationContext service =
            start(
                "ingest-outage-test-" + UUID.randomUUID(),
                "latest",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:"
                    + database.port()
                    + server.getPath(),
                "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.datasource.hikari.connection-timeout=2000");
        TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      Http http = new Http(port(service));
      Part[] files =
          IntStream.range(0, FILES)
              .mapToObj(i -> Part.file("note-" + i + ".md", Fixtures.markdown(2000 + i)))
              .toArray(Part[]::new);
      var accepted = http.upload(collection, files);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      String jobId = Http.json(accepted).path("jobId").asString();
      http.awaitJob(jobId, job -> count(job, "PUBLISHED") >= 4);
      database.cut();
      Thread.sleep(6000);
      database.restore();
      assertEveryDocumentIndexedOnce(http, jobId, chunks, collection);
    }
  }

  /**
   * Plays retrieval-service for what was published, then checks that the registry, the job and the
   * index agree: every document indexed once, with the index's chunk count, none FAILED, no staged
   * file left.
   */
  private void assertEveryDocumentIndexedOnce(
      Http http, String jobId, TopicTail chunks, String collection) throws Exception {
    JsonNode parsed = http.awaitParsed(jobId);
    assertThat(count(parsed, "PENDING") + count(parsed, "PUBLISHING"))
        .as("every item resumed: %s", parsed)
        .isZero();

    Map<String, Integer> indexed = indexWhatWasPublished(chunks, collection);
    assertThat(indexed).hasSize(FILES);

    JsonNode job = http.awaitJob(jobId, j -> j.path("state").asString().equals("COMPLETED"));
    assertThat(job.path("failures")).as("%s", job).isEmpty();
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    assertThat(job.path("documents").path("indexed").asInt()).isEqualTo(FILES);
    int chunkTotal = indexed.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(job.path("chunks").path("parsed").asInt()).isEqualTo(chunkTotal);
    assertThat(job.path("chunks").path("indexed").asInt()).isEqualTo(chunkTotal);
    for (var document : indexed.entrySet()) {
      var response = http.get("/v1/collections/" + collection + "/documents/" + document.getKey());
      assertThat(response.statusCode()).as("%s: %s", document, response.body()).isEqualTo(200);
      JsonNode record = Http.json(response);
      assertThat(record.path("status").asString()).isEqualTo("INDEXED");
      assertThat(record.path("chunkCount").asInt()).as("%s", record).isEqualTo(document.getValue());
    }
    try (var staged = Files.list(state.resolve("ingest/staging"))) {
      assertThat(staged).as("staged files are removed once published").isEmpty();
    }
  }

  private ConfigurableApplicationContext start(
      String progressGroup, String offsetReset, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--RAG_STATE_DIR=" + state,
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
                // Its own progress group: another ingest context in this JVM (the shared test
                // context, on PostgreSQL) must not take this registry's index events.
                "--rag.ingest.progress-group=" + progressGroup,
                "--spring.kafka.consumer.auto-offset-reset=" + offsetReset,
                "--rag.ingest.chunk-target-tokens=128"));
    args.addAll(List.of(more));
    return new SpringApplicationBuilder(IngestServiceApplication.class)
        .profiles("embedded")
        .run(args.toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** What a kill -9 leaves of the database: its files exactly as written so far. */
  private static void crash(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN IMMEDIATELY");
    } catch (SQLException closedUnderUs) {
      // The database closes the connection that shut it down.
    }
  }

  private static int count(JsonNode job, String status) {
    return (int)
        StreamSupport.stream(job.path("items").spliterator(), false)
            .filter(i -> i.path("status").asString().equals(status))
            .count();
  }

  /**
   * Indexes every chunk on {@code rag.chunks} of the collection, as retrieval-service does (a chunk
   * id is document, version and ordinal, so a republished chunk replaces itself), and sends each
   * version's totals on {@code rag.index-events}. Returns chunks per document of its latest
   * version.
   */
  private static Map<String, Integer> indexWhatWasPublished(TopicTail chunks, String collection) {
    record Version(String jobId, String documentId, long version) {}
    List<ChunkEvent.Upsert> upserts =
        chunks.drain(r -> r.key().startsWith(collection + ":"), Duration.ofSeconds(3)).stream()
            .map(r -> (ChunkEvent.Upsert) EventJson.read(r.value(), ChunkEvent.class))
            .toList();
    Map<Version, Set<Integer>> ordinals = new HashMap<>();
    Map<Version, Integer> totals = new HashMap<>();
    for (ChunkEvent.Upsert upsert : upserts) {
      var key = new Version(upsert.jobId(), upsert.documentId(), upsert.version());
      ordinals.computeIfAbsent(key, k -> new java.util.TreeSet<>()).add(upsert.ordinal());
      totals.put(key, upsert.chunkCount());
    }
    assertThat(ordinals.keySet().stream().map(Version::version).collect(Collectors.toSet()))
        .as("a resumed document keeps its version")
        .containsOnly(1L);
    Map<String, Integer> latest = new TreeMap<>();
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", Infrastructure.kafkaBootstrap()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (var entry : ordinals.entrySet()) {
        Version v = entry.getKey();
        int total = totals.get(v);
        assertThat(entry.getValue()).as("every chunk of %s published", v).hasSize(total);
        producer.send(
            new ProducerRecord<>(
                Topics.INDEX_EVENTS,
                v.documentId(),
                EventJson.write(
                    new IndexEvent(
                        SchemaVersions.CURRENT,
                        v.jobId(),
                        v.documentId(),
                        collection,
                        v.version(),
                        IndexEvent.Kind.INDEXED,
                        total,
                        1,
                        null,
                        Instant.now(),
                        total,
                        total))));
        latest.put(v.documentId(), total);
      }
      producer.flush();
    }
    return latest;
  }
}
