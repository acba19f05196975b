package dev.rag.embedding.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.json.MalformedEventException;
import dev.rag.contracts.topics.Topics;
import dev.rag.embedding.KafkaTestTopics;
import dev.rag.embedding.RunningEmbeddingService;
import dev.rag.embedding.encoder.Embedder;
import dev.rag.encoders.BundledModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The processor against the real broker: chunk records published to {@code rag.chunks} (unique
 * collection per test) come out on {@code rag.embedded-chunks} once each with the model id and a
 * unit vector; a delete follows its document's upserts; a poison record goes to {@code
 * rag.chunks.dlq} with the exception in headers while later records still flow.
 */
class ChunkEmbeddingProcessorTest extends RunningEmbeddingService {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Duration SETTLE = Duration.ofSeconds(3);

  private static KafkaProducer<String, byte[]> producer;

  @Autowired private Embedder embedder;

  @BeforeAll
  static void openProducer() {
    producer = KafkaTestTopics.producer();
  }

  @AfterAll
  static void closeProducer() {
    producer.close();
  }

  @Test
  void embedsEveryChunkOnceWithTheModelIdAndItsCoordinates() throws Exception {
    String collection = "c-" + UUID.randomUUID();
    List<ChunkEvent.Upsert> sent = new ArrayList<>();
    for (int doc = 0; doc < 3; doc++) {
      String documentId = collection + "-doc" + doc;
      for (int ordinal = 0; ordinal < 4; ordinal++) {
        sent.add(
            upsert(
                collection,
                documentId,
                2,
                ordinal,
                4,
                "Document "
                    + doc
                    + " chunk "
                    + ordinal
                    + ": proteins fold into shapes that set their function."));
      }
    }
    try (var tail = new KafkaTestTopics.Tail(Topics.EMBEDDED_CHUNKS)) {
      for (ChunkEvent.Upsert upsert : sent) {
        publish(upsert.documentId(), EventJson.write(upsert));
      }
      producer.flush();

      List<ConsumerRecord<String, byte[]>> records =
          tail.collect(r -> inCollection(r, collection), sent.size(), TIMEOUT, SETTLE);

      assertThat(records).hasSize(sent.size());
      Map<String, EmbeddedChunkEvent.Upsert> byChunk = new HashMap<>();
      for (ConsumerRecord<String, byte[]> record : records) {
        var embedded =
            (EmbeddedChunkEvent.Upsert) EventJson.read(record.value(), EmbeddedChunkEvent.class);
        assertThat(record.key()).isEqualTo(embedded.documentId());
        assertThat(byChunk.put(embedded.chunkId().toString(), embedded)).as("duplicate").isNull();
      }
      for (ChunkEvent.Upsert upsert : sent) {
        EmbeddedChunkEvent.Upsert embedded = byChunk.get(upsert.chunkId().toString());
        assertThat(embedded).as(upsert.chunkId().toString()).isNotNull();
        assertThat(embedded.modelId()).isEqualTo(BundledModels.BGE_SMALL_ID);
        assertThat(embedded.jobId()).isEqualTo(upsert.jobId());
        assertThat(embedded.collection()).isEqualTo(collection);
        assertThat(embedded.version()).isEqualTo(upsert.version());
        assertThat(embedded.ordinal()).isEqualTo(upsert.ordinal());
        assertThat(embedded.chunkCount()).isEqualTo(upsert.chunkCount());
        assertThat(embedded.chunk()).isEqualTo(upsert.chunk());
        assertThat(embedded.vector()).hasSize(384);
        assertThat(norm(embedded.vector()))
            .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  /**
   * A chunk from the middle of an abstract is embedded under its document's title, so a question
   * naming the subject finds it; the record still carries the chunk's own text for citations.
   */
  @Test
  void aChunkIsEmbeddedUnderItsDocumentsTitle() throws Exception {
    String collection = "c-" + UUID.randomUUID();
    String text = "Participants who took it daily lost less of it over two years.";
    ChunkEvent.Upsert sent = upsert(collection, collection + "-doc", 1, 1, 2, text);
    try (var tail = new KafkaTestTopics.Tail(Topics.EMBEDDED_CHUNKS)) {
      publish(sent.documentId(), EventJson.write(sent));
      List<ConsumerRecord<String, byte[]>> records =
          tail.collect(r -> inCollection(r, collection), 1, TIMEOUT, SETTLE);
      var embedded =
          (EmbeddedChunkEvent.Upsert)
              EventJson.read(records.getFirst().value(), EmbeddedChunkEvent.class);
      assertThat(embedded.chunk().text()).isEqualTo(text);
      float[] titled = passage(sent.chunk().title() + "\n" + text);
      float[] bare = passage(text);
      assertThat(dot(embedded.vector(), titled)).isGreaterThan(0.999);
      assertThat(dot(embedded.vector(), bare)).isLessThan(0.99);
    }
  }

  @Test
  void aDeletePassesThroughAfterTheUpsertsOfItsDocument() throws Exception {
    String collection = "c-" + UUID.randomUUID();
    String documentId = collection + "-doc";
    try (var tail = new KafkaTestTopics.Tail(Topics.EMBEDDED_CHUNKS)) {
      for (int ordinal = 0; ordinal < 3; ordinal++) {
        publish(
            documentId,
            EventJson.write(upsert(collection, documentId, 1, ordinal, 3, "Text " + ordinal)));
      }
      var delete =
          new ChunkEvent.Delete(SchemaVersions.CURRENT, "job-1", documentId, collection, 1);
      publish(documentId, EventJson.write(delete));
      producer.flush();

      List<ConsumerRecord<String, byte[]>> records =
          tail.collect(r -> inCollection(r, collection), 4, TIMEOUT, SETTLE);

      assertThat(records).hasSize(4);
      // One key, one partition: arrival order is publication order.
      assertThat(records)
          .extracting(ConsumerRecord::partition)
          .containsOnly(records.getFirst().partition());
      List<EmbeddedChunkEvent> events =
          records.stream().map(r -> EventJson.read(r.value(), EmbeddedChunkEvent.class)).toList();
      assertThat(events.subList(0, 3))
          .allSatisfy(e -> assertThat(e).isInstanceOf(EmbeddedChunkEvent.Upsert.class));
      assertThat(events.getLast()).isEqualTo(EmbeddedChunkEvent.Delete.of(delete));
    }
  }

  @Test
  void aPoisonRecordGoesToTheDlqAndLaterRecordsStillFlow() throws Exception {
    String collection = "c-" + UUID.randomUUID();
    String documentId = collection + "-doc";
    byte[] poison =
        ("{\"op\":\"upsert\",\"collection\":\""
                + collection
                + "\",\"documentId\":\""
                + documentId
                + "\",\"chunk\":\"not an object\"}")
            .getBytes(StandardCharsets.UTF_8);
    ChunkEvent.Upsert whitespace = upsert(collection, documentId, 1, 0, 2, "   ");
    ChunkEvent.Upsert valid = upsert(collection, documentId, 1, 1, 2, "A chunk that is fine.");
    try (var dlq = new KafkaTestTopics.Tail(Topics.dlq(Topics.CHUNKS));
        var out = new KafkaTestTopics.Tail(Topics.EMBEDDED_CHUNKS)) {
      publish(documentId, poison);
      publish(documentId, EventJson.write(whitespace));
      publish(documentId, EventJson.write(valid));
      producer.flush();

      List<ConsumerRecord<String, byte[]>> embedded =
          out.collect(r -> inCollection(r, collection), 1, TIMEOUT, SETTLE);
      List<ConsumerRecord<String, byte[]>> dead =
          dlq.collect(r -> documentId.equals(r.key()), 2, TIMEOUT, SETTLE);

      assertThat(embedded).hasSize(1);
      assertThat(
              ((EmbeddedChunkEvent.Upsert)
                      EventJson.read(embedded.getFirst().value(), EmbeddedChunkEvent.class))
                  .chunkId())
          .isEqualTo(valid.chunkId());
      assertThat(dead).hasSize(2);
      assertThat(dead.get(0).value()).isEqualTo(poison);
      assertThat(dead.get(1).value()).isEqualTo(EventJson.write(whitespace));
      for (ConsumerRecord<String, byte[]> record : dead) {
        assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_FQCN))
            .isEqualTo(MalformedEventException.class.getName());
        assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.CHUNKS);
        assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
      }
    }
  }

  @Test
  void eachEmbeddedChunkContinuesTheTraceOfItsOwnChunkRecord() throws Exception {
    // One poll holds records of several traces; each output must name its own input's trace.
    String collection = "c-" + UUID.randomUUID();
    Map<String, String> traceOfDocument = new HashMap<>();
    try (var tail = new KafkaTestTopics.Tail(Topics.EMBEDDED_CHUNKS)) {
      for (int doc = 0; doc < 3; doc++) {
        String documentId = collection + "-doc" + doc;
        String traceId = UUID.randomUUID().toString().replace("-", "");
        traceOfDocument.put(documentId, traceId);
        var record =
            new ProducerRecord<>(
                Topics.CHUNKS,
                documentId,
                EventJson.write(
                    upsert(collection, documentId, 1, 0, 1, "Lighthouse " + doc + " log.")));
        record
            .headers()
            .add(
                "traceparent",
                ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
      }
      producer.flush();

      // Only traced records: a processor of another platform on a shared broker adds none.
      List<ConsumerRecord<String, byte[]>> records =
          tail.collect(
              r -> inCollection(r, collection) && header(r, "traceparent") != null,
              3,
              TIMEOUT,
              SETTLE);

      assertThat(records)
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrderElementsOf(traceOfDocument.keySet());
      assertThat(records)
          .allSatisfy(
              record ->
                  assertThat(header(record, "traceparent"))
                      .as(record.key())
                      .matches("00-" + traceOfDocument.get(record.key()) + "-[0-9a-f]{16}-0[01]")
                      .doesNotContain("00f067aa0ba902b7"));
    }
  }

  private static ChunkEvent.Upsert upsert(
      String collection, String documentId, long version, int ordinal, int count, String text) {
    Chunk chunk =
        new Chunk(
            text,
            "Title of " + documentId,
            "file:///" + documentId,
            List.of("Section"),
            null,
            ordinal * 100,
            ordinal * 100 + text.length(),
            12,
            Map.of("lang", "en"));
    return new ChunkEvent.Upsert(
        SchemaVersions.CURRENT,
        "job-" + collection,
        documentId,
        collection,
        version,
        ordinal,
        count,
        chunk);
  }

  private static void publish(String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(Topics.CHUNKS, key, value)).get();
  }

  private static boolean inCollection(ConsumerRecord<String, byte[]> record, String collection) {
    return record.key() != null && record.key().startsWith(collection);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private float[] passage(String text) {
    return embedder
        .embed(List.of(text), Embedder.InputType.PASSAGE, Embedder.Source.API)
        .vectors()
        .getFirst();
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  private static double norm(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }
}
