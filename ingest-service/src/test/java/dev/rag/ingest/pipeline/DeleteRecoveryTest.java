package dev.rag.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.jobs.ItemStatus;
import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.support.IngestServiceTest;
import dev.rag.ingest.support.TopicTail;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A delete whose registry change committed but whose events may not have reached the broker (the
 * service stopped in between) is sent when the service starts again.
 */
@IngestServiceTest
class DeleteRecoveryTest {

  @Autowired JobStore jobs;
  @Autowired DocumentDeletion deletion;

  @Test
  void resendsTheDeletesOfItemsThatWereNeverPublished() throws Exception {
    String collection = "recover-" + UUID.randomUUID().toString().substring(0, 8);
    String jobId = "job-" + UUID.randomUUID();
    // What a crash right after the commit of a collection delete leaves behind.
    jobs.create(
        jobId,
        collection,
        JobStore.DELETE,
        List.of(
            JobItem.pending(0, collection + ":a.md", JobItem.DELETE, null, null, null, 3L),
            JobItem.pending(1, collection + ":b.md", JobItem.DELETE, null, null, null, 1L)));
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      deletion.resume(); // what the start-up event runs
      List<ChunkEvent> sent =
          chunks
              .await(
                  r -> r.key().startsWith(collection + ":"),
                  r -> r.size() >= 2,
                  Duration.ofSeconds(30))
              .stream()
              .map(r -> EventJson.read(r.value(), ChunkEvent.class))
              .toList();
      assertThat(sent)
          .allSatisfy(e -> assertThat(e).isInstanceOf(ChunkEvent.Delete.class))
          .extracting(ChunkEvent::documentId, ChunkEvent::version, ChunkEvent::jobId)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(collection + ":a.md", 3L, jobId),
              org.assertj.core.groups.Tuple.tuple(collection + ":b.md", 1L, jobId));
    }
    assertThat(jobs.item(jobId, 0).orElseThrow().status()).isEqualTo(ItemStatus.PUBLISHED);
    assertThat(jobs.item(jobId, 1).orElseThrow().status()).isEqualTo(ItemStatus.PUBLISHED);
    assertThat(jobs.unfinishedDeletes()).noneMatch(item -> item.jobId().equals(jobId));
  }
}
