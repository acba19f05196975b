package dev.rag.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.events.DocumentEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.support.Fixtures;
import dev.rag.ingest.support.Http;
import dev.rag.ingest.support.IngestServiceTest;
import dev.rag.ingest.support.TopicTail;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;

/** Producer records on rag.documents, through the real broker. */
@IngestServiceTest
class DocumentEventListenerTest {

  @Value("${local.server.port}")
  int port;

  @Autowired KafkaTemplate<String, byte[]> eventTemplate;

  @Autowired MeterRegistry meters;

  /** What Grafana's DLQ panels and the RagDeadLetters alert read. */
  private double deadLetters() {
    return meters.counter("rag.ingest.dead-letters").count();
  }

  @Test
  void ingestsAProducerRecordLikeAnUploadAndIgnoresItsRedelivery() throws Exception {
    String collection = "prod-" + UUID.randomUUID().toString().substring(0, 8);
    String documentId = "handbook-" + UUID.randomUUID();
    var event =
        new DocumentEvent.Upsert(
            SchemaVersions.CURRENT,
            documentId,
            3,
            collection,
            "Security handbook",
            "https://intranet/security",
            "text/markdown",
            Fixtures.markdown(30),
            null,
            Map.of("owner", "it"));
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      send(documentId, EventJson.write(event));
      var records =
          chunks.await(
              r -> documentId.equals(r.key()),
              r ->
                  !r.isEmpty()
                      && r.size() >= ((ChunkEvent.Upsert) decode(r.getFirst())).chunkCount(),
              Duration.ofSeconds(30));
      List<ChunkEvent.Upsert> upserts =
          records.stream().map(r -> (ChunkEvent.Upsert) decode(r)).toList();
      assertThat(upserts)
          .isNotEmpty()
          .allSatisfy(
              e -> {
                assertThat(e.version()).isEqualTo(3);
                assertThat(e.collection()).isEqualTo(collection);
                assertThat(e.chunk().title()).isEqualTo("Security handbook");
                assertThat(e.chunk().sourceUri()).isEqualTo("https://intranet/security");
                assertThat(e.chunk().metadata()).containsEntry("owner", "it");
              });
      assertThat(upserts.stream().map(ChunkEvent.Upsert::ordinal).sorted().toList())
          .isEqualTo(IntStream.range(0, upserts.size()).boxed().toList());
      assertThat(upserts)
          .anySatisfy(
              e -> assertThat(e.chunk().sectionPath()).containsExactly("Security", "Devices"));

      String jobId = DocumentEventListener.jobId("upsert", collection, documentId, 3);
      JsonNode job = new Http(port).awaitParsed(jobId);
      assertThat(job.path("origin").asString()).isEqualTo("PRODUCER");
      assertThat(job.path("chunks").path("parsed").asInt()).isEqualTo(upserts.size());

      send(documentId, EventJson.write(event)); // redelivery: same job, nothing new
      var marker = new DocumentEvent.Delete(SchemaVersions.CURRENT, documentId, 3, collection);
      send(
          documentId,
          EventJson.write(marker)); // same partition, so it arrives after the redelivery
      var after =
          chunks.await(
              r -> documentId.equals(r.key()),
              r -> r.stream().anyMatch(x -> decode(x) instanceof ChunkEvent.Delete),
              Duration.ofSeconds(30));
      assertThat(after).hasSize(upserts.size() + 1);
      assertThat(decode(after.getLast())).isInstanceOf(ChunkEvent.Delete.class);
    }
  }

  @Test
  void sendsMalformedJsonToTheDlqAndKeepsConsuming() throws Exception {
    String key = "poison-" + UUID.randomUUID();
    double deadBefore = deadLetters();
    try (TopicTail dlq = new TopicTail(Topics.dlq(Topics.DOCUMENTS));
        TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      send(key, "{\"op\":\"upsert\", this is not json".getBytes(StandardCharsets.UTF_8));
      var dead = dlq.await(r -> key.equals(r.key()), r -> !r.isEmpty(), Duration.ofSeconds(30));
      assertThat(dead)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(header(r, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                    .contains("not a valid DocumentEvent");
                assertThat(
                        header(r, KafkaHeaders.DLT_EXCEPTION_FQCN)
                            + " "
                            + header(r, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
                    .contains("MalformedEventException");
                assertThat(header(r, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.DOCUMENTS);
                // The stack trace stays in the service log: a DLQ reader learns the reason, not our
                // internals.
                assertThat(r.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).isNull();
                assertThat(r.headers().lastHeader(KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE))
                    .isNull();
                assertThat(r.headers())
                    .noneSatisfy(
                        h ->
                            assertThat(new String(h.value(), StandardCharsets.UTF_8))
                                .contains("\tat "));
              });
      assertThat(deadLetters()).isEqualTo(deadBefore + 1);

      String documentId = "after-poison-" + UUID.randomUUID();
      send(
          documentId,
          EventJson.write(
              new DocumentEvent.Upsert(
                  SchemaVersions.CURRENT,
                  documentId,
                  1,
                  "prod-after",
                  null,
                  null,
                  "text/plain",
                  "The partition keeps moving.",
                  null,
                  null)));
      assertThat(
              chunks.await(
                  r -> documentId.equals(r.key()), r -> !r.isEmpty(), Duration.ofSeconds(30)))
          .hasSize(1);
    }
  }

  @Test
  void sendsAnUnparseableDocumentToTheDlqAndIntoItsJobFailures() throws Exception {
    String collection = "prod-" + UUID.randomUUID().toString().substring(0, 8);
    String documentId = "broken-" + UUID.randomUUID();
    var event =
        new DocumentEvent.Upsert(
            SchemaVersions.CURRENT,
            documentId,
            1,
            collection,
            "Broken",
            null,
            "application/pdf",
            null,
            "%PDF-1.4 garbage".getBytes(StandardCharsets.US_ASCII),
            null);
    double deadBefore = deadLetters();
    try (TopicTail dlq = new TopicTail(Topics.dlq(Topics.DOCUMENTS))) {
      send(documentId, EventJson.write(event));
      var dead =
          dlq.await(r -> documentId.equals(r.key()), r -> !r.isEmpty(), Duration.ofSeconds(30));
      assertThat(dead)
          .singleElement()
          .satisfies(
              r ->
                  assertThat(
                          new String(
                              r.headers().lastHeader("kafka_dlt-exception-message").value(),
                              StandardCharsets.UTF_8))
                      .contains("cannot parse as application/pdf"));
      assertThat(deadLetters()).isEqualTo(deadBefore + 1);
      JsonNode job =
          new Http(port)
              .awaitParsed(DocumentEventListener.jobId("upsert", collection, documentId, 1));
      assertThat(job.path("state").asString()).isEqualTo("FAILED");
      assertThat(job.path("failures").get(0).path("reason").asString())
          .contains("cannot parse as application/pdf");
    }
  }

  private static String header(
      org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private void send(String key, byte[] value) throws Exception {
    eventTemplate.send(new ProducerRecord<>(Topics.DOCUMENTS, key, value)).get();
  }

  private static ChunkEvent decode(
      org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
    return EventJson.read(record.value(), ChunkEvent.class);
  }
}
