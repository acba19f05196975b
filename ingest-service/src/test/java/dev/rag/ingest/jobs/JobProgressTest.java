package dev.rag.ingest.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.support.Fixtures;
import dev.rag.ingest.support.Http;
import dev.rag.ingest.support.Http.Part;
import dev.rag.ingest.support.IngestServiceTest;
import dev.rag.ingest.support.TopicTail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The progress consumer as a contract test: this test plays retrieval-service (and, to show that it
 * is ignored, embedding-service) on the real broker, publishing what they would for the chunks it
 * saw.
 */
@IngestServiceTest
class JobProgressTest {

  @Value("${local.server.port}")
  int port;

  @Autowired KafkaTemplate<String, byte[]> eventTemplate;

  @Test
  void countsFromIndexTotalsOnlyAndCompletesWhenAllAreIndexed() throws Exception {
    Http http = new Http(port);
    String collection = "prog-" + UUID.randomUUID().toString().substring(0, 8);
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      JsonNode accepted =
          Http.json(http.upload(collection, Part.file("policy.md", Fixtures.markdown(40))));
      String jobId = accepted.path("jobId").asString();
      String documentId = accepted.path("documents").get(0).path("documentId").asString();
      int parsed = http.awaitParsed(jobId).path("chunks").path("parsed").asInt();
      assertThat(parsed).isGreaterThan(1);
      List<ChunkEvent.Upsert> upserts =
          chunks
              .await(
                  r -> documentId.equals(r.key()), r -> r.size() >= parsed, Duration.ofSeconds(30))
              .stream()
              .map(r -> (ChunkEvent.Upsert) EventJson.read(r.value(), ChunkEvent.class))
              .toList();
      // What embedding-service writes is not progress: only the index's acknowledgement is.
      for (ChunkEvent.Upsert upsert : upserts) {
        send(
            Topics.EMBEDDED_CHUNKS,
            documentId,
            EmbeddedChunkEvent.Upsert.of(upsert, "test-model", new float[] {1f, 0f}));
      }
      // A total delivered twice counts once.
      for (int round = 0; round < 2; round++) {
        send(
            Topics.INDEX_EVENTS,
            documentId,
            totals(jobId, documentId, collection, 1, parsed - 1, parsed));
      }
      JsonNode partial =
          http.awaitJob(jobId, j -> j.path("chunks").path("indexed").asInt() >= parsed - 1);
      assertThat(partial.path("state").asString()).isEqualTo("RUNNING");
      assertThat(partial.path("chunks").path("indexed").asInt()).isEqualTo(parsed - 1);
      assertThat(partial.path("chunks").path("embedded").asInt()).isEqualTo(parsed - 1);

      send(
          Topics.INDEX_EVENTS,
          documentId,
          totals(jobId, documentId, collection, 1, parsed, parsed));
      JsonNode done = http.awaitJob(jobId, j -> j.path("state").asString().equals("COMPLETED"));
      assertThat(done.path("chunks").path("embedded").asInt()).isEqualTo(parsed);
      assertThat(done.path("chunks").path("indexed").asInt()).isEqualTo(parsed);
      assertThat(done.path("items").get(0).path("status").asString()).isEqualTo("INDEXED");
    }
  }

  @Test
  void completesFromEventsWithoutTotalsWhenIndexedThenFollowsADelete() throws Exception {
    Http http = new Http(port);
    String collection = "prog-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode accepted =
        Http.json(http.upload(collection, Part.file("policy.md", Fixtures.markdown(42))));
    String jobId = accepted.path("jobId").asString();
    String documentId = accepted.path("documents").get(0).path("documentId").asString();
    int parsed = http.awaitParsed(jobId).path("chunks").path("parsed").asInt();

    // Events as retrieval-service wrote them before totals existed: counts are added.
    send(
        Topics.INDEX_EVENTS,
        documentId,
        index(jobId, documentId, collection, 1, IndexEvent.Kind.INDEXED, parsed - 1));
    send(
        Topics.INDEX_EVENTS,
        documentId,
        index(jobId, documentId, collection, 1, IndexEvent.Kind.INDEXED, 1));
    JsonNode done = http.awaitJob(jobId, j -> j.path("state").asString().equals("COMPLETED"));
    assertThat(done.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(done.path("chunks").path("embedded").asInt()).isEqualTo(parsed);
    assertThat(done.path("chunks").path("indexed").asInt()).isEqualTo(parsed);
    assertThat(done.path("items").get(0).path("status").asString()).isEqualTo("INDEXED");
    assertThat(
            Http.json(http.get("/v1/collections/" + collection + "/documents/" + documentId))
                .path("status")
                .asString())
        .isEqualTo("INDEXED");

    JsonNode deletion =
        Http.json(http.delete("/v1/collections/" + collection + "/documents/" + documentId));
    String deleteJob = deletion.path("jobId").asString();
    assertThat(http.awaitParsed(deleteJob).path("state").asString()).isEqualTo("RUNNING");
    send(
        Topics.INDEX_EVENTS,
        documentId,
        index(deleteJob, documentId, collection, 1, IndexEvent.Kind.DELETED, 0));
    JsonNode deleted =
        http.awaitJob(deleteJob, j -> j.path("state").asString().equals("COMPLETED"));
    assertThat(deleted.path("items").get(0).path("status").asString()).isEqualTo("DELETED");
  }

  @Test
  void failsTheJobWhenTheIndexReportsAFailure() throws Exception {
    Http http = new Http(port);
    String collection = "prog-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode accepted =
        Http.json(http.upload(collection, Part.file("a.md", Fixtures.markdown(41))));
    String jobId = accepted.path("jobId").asString();
    String documentId = accepted.path("documents").get(0).path("documentId").asString();
    http.awaitParsed(jobId);
    send(
        Topics.INDEX_EVENTS,
        documentId,
        new IndexEvent(
            SchemaVersions.CURRENT,
            jobId,
            documentId,
            collection,
            1,
            IndexEvent.Kind.FAILED,
            0,
            0,
            "dimension mismatch",
            Instant.now()));
    JsonNode job = http.awaitJob(jobId, j -> j.path("state").asString().equals("FAILED"));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("failures").get(0).path("reason").asString())
        .contains("dimension mismatch");
  }

  private static IndexEvent index(
      String jobId,
      String documentId,
      String collection,
      long version,
      IndexEvent.Kind kind,
      int chunks) {
    return new IndexEvent(
        SchemaVersions.CURRENT,
        jobId,
        documentId,
        collection,
        version,
        kind,
        chunks,
        1,
        null,
        Instant.now());
  }

  private static IndexEvent totals(
      String jobId,
      String documentId,
      String collection,
      long version,
      int indexedTotal,
      int chunkCount) {
    return new IndexEvent(
        SchemaVersions.CURRENT,
        jobId,
        documentId,
        collection,
        version,
        IndexEvent.Kind.INDEXED,
        1,
        1,
        null,
        Instant.now(),
        indexedTotal,
        chunkCount);
  }

  private void send(String topic, String key, Object event) throws Exception {
    eventTemplate.send(topic, key, EventJson.write(event)).get();
  }
}
