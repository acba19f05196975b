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
 * The progress consumers as a contract test: this test plays embedding-service and
 * retrieval-service on the real broker, publishing what they would for the chunks it saw.
 */
@IngestServiceTest
class JobProgressTest {

  @Value("${local.server.port}")
  int port;

  @Autowired KafkaTemplate<String, byte[]> eventTemplate;

  @Test
  void countsEmbeddedOncePerChunkAndCompletesWhenIndexedThenFollowsADelete() throws Exception {
    Http http = new Http(port);
    String collection = "prog-" + UUID.randomUUID().toString().substring(0, 8);
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      JsonNode accepted =
          Http.json(http.upload(collection, Part.file("policy.md", Fixtures.markdown(40))));
      String jobId = accepted.path("jobId").asString();
      String documentId = accepted.path("documents").get(0).path("documentId").asString();
      int parsed = http.awaitParsed(jobId).path("chunks").path("parsed").asInt();
      List<ChunkEvent.Upsert> upserts =
          chunks
              .await(
                  r -> documentId.equals(r.key()), r -> r.size() >= parsed, Duration.ofSeconds(30))
              .stream()
              .map(r -> (ChunkEvent.Upsert) EventJson.read(r.value(), ChunkEvent.class))
              .toList();
      assertThat(upserts).hasSize(parsed);

      for (int round = 0;
          round < 2;
          round++) { // the second round is a redelivery: not counted again
        for (ChunkEvent.Upsert upsert : upserts) {
          send(
              Topics.EMBEDDED_CHUNKS,
              documentId,
              EmbeddedChunkEvent.Upsert.of(upsert, "test-model", new float[] {1f, 0f}));
        }
      }
      // Index events travel after the embedded chunks on the same key, but on another topic:
      // wait for the embedded count first so the assertion below is about dedupe, not ordering.
      JsonNode embedded =
          http.awaitJob(jobId, j -> j.path("chunks").path("embedded").asInt() >= parsed);
      assertThat(embedded.path("state").asString()).isEqualTo("RUNNING");

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

  private void send(String topic, String key, Object event) throws Exception {
    eventTemplate.send(topic, key, EventJson.write(event)).get();
  }
}
