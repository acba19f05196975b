package dev.rag.retrieval.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rag.contracts.events.ChunkId;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.TestChunks;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A replica stopped in the middle of a few thousand chunks and started again on the same index
 * directory resumes from the offsets in its Lucene commit: the index ends complete, without
 * duplicates, and the second run reads exactly the records the commit did not cover (with a fresh
 * consumer group, so Kafka's group offsets cannot be what it resumed from).
 */
class IndexResumeTest {

  private static final TestTopics TOPICS = new TestTopics();
  private static final int DOCUMENTS = 100;
  private static final int CHUNKS_PER_DOCUMENT = 30;

  private final TestChunks chunks = new TestChunks(5L);
  private final String collection = "resume-" + UUID.randomUUID();
  private final Path indexDir = Path.of("target", "test-indexes", "resume-" + TOPICS.run);

  @AfterAll
  static void closeTopics() {
    TOPICS.close();
  }

  @Test
  void resumesFromTheCommittedOffsetsWithoutGapsOrDuplicates() {
    publishDocuments(0, DOCUMENTS / 2);
    try (ConfigurableApplicationContext first = start("first")) {
      LuceneChunkIndex index = first.getBean(LuceneChunkIndex.class);
      // Stop as soon as some batches are committed: usually mid-way through the first half.
      await().atMost(Duration.ofSeconds(120)).until(() -> index.count(collection) > 0);
    }
    long committedRecords;
    try (LuceneChunkIndex index = new LuceneChunkIndex(indexDir.resolve("chunks"), true)) {
      committedRecords =
          index.committedOffsets().values().stream().mapToLong(Long::longValue).sum();
      assertThat(index.count(collection)).isEqualTo(committedRecords);
    }

    publishDocuments(DOCUMENTS / 2, DOCUMENTS);
    int total = DOCUMENTS * CHUNKS_PER_DOCUMENT;
    try (ConfigurableApplicationContext second = start("second")) {
      LuceneChunkIndex index = second.getBean(LuceneChunkIndex.class);
      await().atMost(Duration.ofSeconds(180)).until(() -> index.count(collection) == total);

      List<ChunkId> ids = index.chunkIds(collection);
      assertThat(ids).hasSize(total).doesNotHaveDuplicates();
      Set<ChunkId> expected = new HashSet<>();
      for (int d = 0; d < DOCUMENTS; d++) {
        for (int o = 0; o < CHUNKS_PER_DOCUMENT; o++) {
          expected.add(new ChunkId("doc-" + d, 1, o));
        }
      }
      assertThat(new HashSet<>(ids)).isEqualTo(expected);
      double consumed =
          second.getBean(MeterRegistry.class).get("rag.retrieval.records").counter().count();
      assertThat((long) consumed).isEqualTo(total - committedRecords);
    }
  }

  private void publishDocuments(int from, int to) {
    for (int d = from; d < to; d++) {
      for (EmbeddedChunkEvent.Upsert event :
          chunks.document("job", collection, "doc-" + d, 1, CHUNKS_PER_DOCUMENT, Map.of())) {
        TOPICS.send(event.documentId(), EventJson.write(event));
      }
    }
    TOPICS.flush();
  }

  private ConfigurableApplicationContext start(String replicaRun) {
    return TOPICS.startReplica(
        indexDir,
        "resume-" + replicaRun + "-" + TOPICS.run,
        "--spring.kafka.consumer.max-poll-records=100");
  }
}
