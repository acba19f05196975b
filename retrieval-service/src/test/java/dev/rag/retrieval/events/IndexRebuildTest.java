package dev.rag.retrieval.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rag.contracts.events.ChunkId;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.TestChunks;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A replica whose index directory is lost (a new disk, a deleted volume) rebuilds it from the
 * topic, with the same consumer group whose Kafka offsets are at the end: it replays every record
 * from the beginning, re-uploads and deletes in their order, and ends with exactly the chunks the
 * lost index held.
 */
class IndexRebuildTest {

  private static final TestTopics TOPICS = new TestTopics();
  private static final int DOCUMENTS = 20;
  private static final int CHUNKS = 5;

  private final TestChunks chunks = new TestChunks(9L);
  private final String collection = "rebuild-" + UUID.randomUUID();
  private final Path indexDir = Path.of("target", "test-indexes", "rebuild-" + TOPICS.run);
  private final String group = "rebuild-" + TOPICS.run;

  @AfterAll
  static void closeTopics() {
    TOPICS.close();
  }

  @Test
  void aLostIndexDirectoryIsRebuiltFromTheTopicWithItsReuploadsAndDeletes() throws IOException {
    int records = publish();
    // doc-0..3 re-uploaded as version 2 with 3 chunks, doc-4..7 deleted, the rest at version 1
    long expected = 4 * 3 + (DOCUMENTS - 8) * CHUNKS;

    List<ChunkId> before;
    try (ConfigurableApplicationContext replica = start()) {
      LuceneChunkIndex index = replica.getBean(LuceneChunkIndex.class);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> consumed(replica) == records && index.count(collection) == expected);
      before = index.chunkIds(collection);
    }
    deleteRecursively(indexDir);

    try (ConfigurableApplicationContext rebuilt = start()) {
      LuceneChunkIndex index = rebuilt.getBean(LuceneChunkIndex.class);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> consumed(rebuilt) == records && index.count(collection) == expected);
      assertThat(new HashSet<>(index.chunkIds(collection))).isEqualTo(new HashSet<>(before));
      Set<Long> versions = new HashSet<>();
      index.chunkIds(collection).forEach(id -> versions.add(id.version()));
      assertThat(versions).containsExactlyInAnyOrder(1L, 2L);
      assertThat(index.countVersion(collection, "doc-0", 1)).isZero();
      assertThat(index.countVersion(collection, "doc-0", 2)).isEqualTo(3);
      assertThat(index.countVersion(collection, "doc-5", 1)).isZero();
    }
  }

  /** Every document at version 1, then re-uploads and deletes; returns the records sent. */
  private int publish() {
    List<EmbeddedChunkEvent> events = new ArrayList<>();
    for (int d = 0; d < DOCUMENTS; d++) {
      events.addAll(chunks.document("job", collection, "doc-" + d, 1, CHUNKS, Map.of()));
    }
    for (int d = 0; d < 4; d++) {
      events.addAll(chunks.document("job-2", collection, "doc-" + d, 2, 3, Map.of()));
    }
    for (int d = 4; d < 8; d++) {
      events.add(TestChunks.delete("job-3", collection, "doc-" + d, 1));
    }
    events.forEach(e -> TOPICS.send(e.documentId(), EventJson.write(e)));
    TOPICS.flush();
    return events.size();
  }

  private static long consumed(ConfigurableApplicationContext replica) {
    return (long)
        replica.getBean(MeterRegistry.class).get("rag.retrieval.records").counter().count();
  }

  private ConfigurableApplicationContext start() {
    return TOPICS.startReplica(indexDir, group);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
