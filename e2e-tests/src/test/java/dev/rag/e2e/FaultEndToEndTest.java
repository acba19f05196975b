package dev.rag.e2e;

import static dev.rag.e2e.RunningPlatform.get;
import static dev.rag.e2e.RunningPlatform.rag;
import static dev.rag.e2e.RunningPlatform.servicePids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.topics.Topics;
import dev.rag.e2e.RunningPlatform.Command;
import dev.rag.testing.Infrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CI-sized fault suite (tag {@code fault}; {@code bench/fault-suite.sh} runs the full one):
 * {@code ./rag ingest} of a few hundred small documents, {@code kill -9} of ingest-service and of
 * embedding-service while it runs, then {@code ./rag up}, which restarts those two alone. Asserts
 * what the platform promises after a crash: the ingest command finishes on its own, every accepted
 * document is indexed exactly once (one version, every chunk once in the Lucene index), the
 * registry's chunk counts are the index's, the job's counters equal what was indexed, no record of
 * the collection went to a dead-letter topic, and prints the time to recover. Runs after the other
 * end-to-end classes (it restarts services) and leaves the shared platform healthy.
 */
@Tag("fault")
@Order(90)
class FaultEndToEndTest {

  private static final int DOCUMENTS = 240;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> KILLED = List.of("ingest-service", "embedding-service");

  @TempDir Path files;

  @Test
  void killMinus9OfIngestAndEmbeddingMidIngestionLosesAndDuplicatesNothing() throws Exception {
    RunningPlatform.get();
    String collection = "fault-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < DOCUMENTS; i++) {
      Files.writeString(files.resolve("note-" + i + ".md"), note(i));
    }
    Map<String, Long> before = servicePids();
    // One request for every file (default batches are 200), so the kill cannot fall between two.
    CompletableFuture<Command> ingest =
        CompletableFuture.supplyAsync(
            () ->
                rag(
                    Map.of("RAG_INGEST_BATCH", "500", "RAG_INGEST_OUTAGE_WAIT", "300"),
                    "ingest",
                    files.toString(),
                    "-c",
                    collection,
                    "--json"));
    long recoveredAfter;
    try {
      awaitDocuments(collection, 20);
      for (String service : KILLED) {
        ProcessHandle.of(before.get(service)).ifPresent(ProcessHandle::destroyForcibly);
      }
      long killedAt = System.nanoTime();
      Command up = rag("up");
      assertThat(up.exitCode()).as(up.output()).isZero();
      Map<String, Long> after = servicePids();
      for (var service : before.entrySet()) {
        if (KILLED.contains(service.getKey())) {
          assertThat(after.get(service.getKey())).isNotEqualTo(service.getValue());
        } else {
          assertThat(after.get(service.getKey()))
              .as(service.getKey() + " was left running")
              .isEqualTo(service.getValue());
        }
      }
      Command done = ingest.get(15, TimeUnit.MINUTES);
      recoveredAfter = Duration.ofNanos(System.nanoTime() - killedAt).toSeconds();
      assertThat(done.exitCode()).as(done.output()).isZero();
    } finally {
      rag("up"); // whatever happened, the classes after this one get a healthy platform
    }

    JsonNode documents =
        JSON.readTree(get(18080, "/v1/collections/" + collection + "/documents?size=500").body());
    assertThat(documents.path("total").asInt()).isEqualTo(DOCUMENTS);
    Map<String, Integer> registry = new HashMap<>();
    for (JsonNode document : documents.path("items")) {
      assertThat(document.path("status").asString()).as("%s", document).isEqualTo("INDEXED");
      assertThat(document.path("version").asLong()).as("%s: one version", document).isEqualTo(1);
      registry.put(document.path("id").asString(), document.path("chunkCount").asInt());
    }
    int registryChunks = registry.values().stream().mapToInt(Integer::intValue).sum();

    Map<String, Integer> index = indexedChunks(registry.keySet());
    assertThat(index).as("chunks in the Lucene index, per document").isEqualTo(registry);

    long jobIndexed = 0;
    long jobParsed = 0;
    int jobDocuments = 0;
    for (JsonNode job : jobsOf(collection)) {
      JsonNode view =
          JSON.readTree(get(18080, "/v1/ingest-jobs/" + job.path("jobId").asString()).body());
      assertThat(view.path("state").asString()).as("%s", view).isEqualTo("COMPLETED");
      assertThat(view.path("documents").path("failed").asInt()).isZero();
      jobDocuments += view.path("documents").path("indexed").asInt();
      jobIndexed += view.path("chunks").path("indexed").asLong();
      jobParsed += view.path("chunks").path("parsed").asLong();
    }
    assertThat(jobDocuments).isEqualTo(DOCUMENTS);
    assertThat(jobIndexed).as("job counters = what was indexed").isEqualTo(registryChunks);
    assertThat(jobParsed).isEqualTo(registryChunks);

    assertThat(deadLetters(collection)).as("dead letters of the collection").isEmpty();
    System.out.printf(
        "fault suite: kill -9 of %s mid-ingestion: %d documents, 0 lost, 0 duplicated, %d chunks,"
            + " ingest finished %d s after the kill%n",
        KILLED, DOCUMENTS, registryChunks, recoveredAfter);
  }

  private static String note(int i) {
    return "# Field note "
        + i
        + "\n\nObservation "
        + i
        + " records marker"
        + i
        + " near the river bend. The water level was "
        + (i % 17)
        + " centimetres above the stone, and the heron returned at dawn.\n\n## Details\n\n"
        + "Sample "
        + i
        + " was taken with the long pole; its colour matched the previous week's sample.\n";
  }

  private static void awaitDocuments(String collection, int atLeast) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      var response = get(18080, "/v1/collections/" + collection + "/documents?size=1");
      if (response.statusCode() == 200
          && JSON.readTree(response.body()).path("total").asInt() >= atLeast) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("ingestion of " + collection + " did not start within 5 minutes");
  }

  private static List<JsonNode> jobsOf(String collection) throws Exception {
    JsonNode page =
        JSON.readTree(get(18080, "/v1/collections/" + collection + "/jobs?size=50").body());
    List<JsonNode> jobs = new ArrayList<>();
    page.path("items").forEach(jobs::add);
    assertThat(jobs).as("jobs of %s: %s", collection, page).isNotEmpty();
    return jobs;
  }

  /** Chunks of each document in the BM25 index, after checking that no chunk id repeats. */
  private static Map<String, Integer> indexedChunks(Set<String> documents) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    try (var directory = FSDirectory.open(RunningPlatform.STATE.resolve("retrieval/chunks"));
        var reader = DirectoryReader.open(directory)) {
      var searcher = new IndexSearcher(reader);
      for (String document : documents) {
        var query =
            new BooleanQuery.Builder()
                .add(new TermQuery(new Term("document_id", document)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term("kind", "chunk")), BooleanClause.Occur.FILTER)
                .build();
        var hits = searcher.search(query, 10_000);
        Set<String> ids = new HashSet<>();
        for (var hit : hits.scoreDocs) {
          ids.add(searcher.storedFields().document(hit.doc).get("chunk_id"));
        }
        assertThat(ids).as("unique chunk ids of " + document).hasSize(hits.scoreDocs.length);
        counts.put(document, hits.scoreDocs.length);
      }
    }
    return counts;
  }

  /** Records on any dead-letter topic whose key names a document of the collection. */
  private static List<String> deadLetters(String collection) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap());
    List<String> found = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic :
          List.of(Topics.DOCUMENTS, Topics.CHUNKS, Topics.EMBEDDED_CHUNKS, Topics.INDEX_EVENTS)) {
        var infos = consumer.partitionsFor(Topics.dlq(topic), Duration.ofSeconds(10));
        if (infos != null) {
          infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
      }
      if (partitions.isEmpty()) {
        return found;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (record.key() != null && record.key().startsWith(collection + ":")) {
            found.add(record.topic() + " " + record.key());
          }
        }
      }
    }
    return found;
  }
}
