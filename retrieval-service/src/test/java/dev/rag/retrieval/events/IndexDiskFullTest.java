package dev.rag.retrieval.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.LexicalHit;
import dev.rag.retrieval.index.TestChunks;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The index's disk fills up while chunks arrive (a real 8 MiB tmpfs under the index directory,
 * filled to the last page): indexing stops and says why, searches keep answering from the last
 * commit, nothing goes to the DLQ, and when space returns every chunk is indexed exactly once with
 * its progress events. Needs root to mount the tmpfs; elsewhere it is reported as skipped.
 */
class IndexDiskFullTest {

  private static final TestTopics TOPICS = new TestTopics();
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @AfterAll
  static void closeTopics() {
    TOPICS.close();
  }

  private final TestChunks chunks = new TestChunks(7L);
  private final String collection = "disk-full-" + UUID.randomUUID();

  @Test
  void indexingWaitsForSpaceAndThenIndexesEveryChunkOnce() throws Exception {
    Path volume = Path.of("target/test-indexes/disk-full-" + TOPICS.run).toAbsolutePath();
    Files.createDirectories(volume);
    Assumptions.assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", volume.toString()),
        "mounting a small tmpfs needs root");
    ConfigurableApplicationContext replica = null;
    try {
      replica = start(volume);
      LuceneChunkIndex index = replica.getBean(LuceneChunkIndex.class);
      List<EmbeddedChunkEvent.Upsert> before =
          chunks.document("job-a", collection, "a", 1, 4, Map.of());
      publish(before);
      await().atMost(PATIENCE).until(() -> index.count(collection) == 4);

      Path filler = volume.resolve("filler");
      fill(filler);
      List<EmbeddedChunkEvent.Upsert> during =
          chunks.document("job-b", collection, "b", 1, 6, Map.of());
      publish(during);
      MeterRegistry meters = replica.getBean(MeterRegistry.class);
      await().atMost(PATIENCE).until(() -> meters.counter("rag.kafka.outage.retries").count() >= 3);
      assertThat(index.count(collection)).as("nothing half-written is visible").isEqualTo(4);
      assertThat(hits(index, before.getFirst())).as("searches still answer").hasSize(1);

      Files.delete(filler);
      await().atMost(PATIENCE).until(() -> index.count(collection) == 10);
      for (EmbeddedChunkEvent.Upsert event : during) {
        assertThat(hits(index, event)).as(event.chunkId().toString()).hasSize(1);
      }
      List<ConsumerRecord<String, byte[]>> progress =
          TestTopics.readUntil(
              TOPICS.indexEvents,
              records ->
                  indexedChunks(records).values().stream().mapToInt(Integer::intValue).sum() >= 10);
      assertThat(indexedChunks(progress)).isEqualTo(Map.of("a", 4, "b", 6));
      assertThat(deadLetters()).as("an outage is not the records' fault").isEmpty();
    } finally {
      if (replica != null) {
        replica.close();
      }
      run("umount", "-l", volume.toString());
    }
  }

  /** Writes zeros until the volume refuses another byte. */
  private static void fill(Path filler) throws IOException {
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int block : new int[] {1 << 20, 4096, 1}) {
        byte[] zeros = new byte[block];
        try {
          while (true) {
            out.write(zeros);
            out.flush();
          }
        } catch (IOException full) {
          // this block size no longer fits; go on with a smaller one
        }
      }
    } catch (IOException closingAFullFile) {
      // the last buffered bytes did not fit either
    }
  }

  private List<LexicalHit> hits(LuceneChunkIndex index, EmbeddedChunkEvent.Upsert event) {
    var id = event.chunkId();
    return index.bm25(
        TestChunks.uniqueWord(id.documentId(), id.version(), id.ordinal()),
        Set.of(collection),
        Map.of(),
        10);
  }

  private Map<String, Integer> indexedChunks(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream()
        .map(record -> EventJson.read(record.value(), IndexEvent.class))
        .filter(e -> e.collection().equals(collection) && e.kind() == IndexEvent.Kind.INDEXED)
        .collect(
            Collectors.groupingBy(
                IndexEvent::documentId, Collectors.summingInt(IndexEvent::chunks)));
  }

  private static void publish(List<EmbeddedChunkEvent.Upsert> events) {
    events.forEach(e -> TOPICS.send(e.documentId(), EventJson.write(e)));
    TOPICS.flush();
  }

  /** Everything on the DLQ twin after a few seconds of reading. */
  private static List<ConsumerRecord<String, byte[]>> deadLetters() {
    return TestTopics.readFor(TOPICS.dlq, Duration.ofSeconds(5));
  }

  private static ConfigurableApplicationContext start(Path indexDir) {
    return TOPICS.startReplica(
        indexDir,
        "disk-full-" + TOPICS.run,
        "--rag.kafka.retry-backoff=100ms",
        "--rag.kafka.outage-max-backoff=1s");
  }

  private static boolean run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
  }
}
