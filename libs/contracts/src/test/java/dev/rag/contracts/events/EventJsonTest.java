package dev.rag.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.json.JsonSerde;
import dev.rag.contracts.json.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private static final Chunk CHUNK =
      new Chunk(
          "Aspirin inhibits COX-1.",
          "Pharmacology",
          "file:///a.pdf",
          List.of("Drugs", "NSAIDs"),
          3,
          10,
          33,
          7,
          Map.of("lang", "en"));

  @Test
  void documentUpsertRoundTripsWithBytesAsBase64() {
    var upsert =
        new DocumentEvent.Upsert(
            1,
            "doc-1",
            2,
            "kb",
            "T",
            "s3://x",
            "application/pdf",
            null,
            new byte[] {1, 2, 3},
            Map.of("k", "v"));
    String json = new String(EventJson.write(upsert), StandardCharsets.UTF_8);
    assertThat(json).contains("\"op\":\"upsert\"").contains("\"bytes\":\"AQID\"");

    DocumentEvent back = EventJson.read(json.getBytes(StandardCharsets.UTF_8), DocumentEvent.class);
    assertThat(back).isInstanceOf(DocumentEvent.Upsert.class);
    var up = (DocumentEvent.Upsert) back;
    assertThat(up.bytes()).containsExactly(1, 2, 3);
    assertThat(up.version()).isEqualTo(2);
    assertThat(up.metadata()).containsEntry("k", "v");
  }

  @Test
  void producerWrittenDeleteIsRead() {
    String json =
        """
        {"op":"delete","schemaVersion":1,"documentId":"doc-9","version":4,"collection":"kb"}""";
    DocumentEvent event =
        EventJson.read(json.getBytes(StandardCharsets.UTF_8), DocumentEvent.class);
    assertThat(event).isEqualTo(new DocumentEvent.Delete(1, "doc-9", 4, "kb"));
  }

  @Test
  void embeddedChunkKeepsEveryCoordinateOfItsChunk() {
    var chunk = new ChunkEvent.Upsert(1, "job-1", "doc-1", "kb", 3, 1, 2, CHUNK);
    var embedded =
        EmbeddedChunkEvent.Upsert.of(chunk, "bge-small-en-v1.5-q", new float[] {0.6f, 0.8f});
    var back =
        (EmbeddedChunkEvent.Upsert)
            EventJson.read(EventJson.write(embedded), EmbeddedChunkEvent.class);
    assertThat(back.chunkId()).isEqualTo(chunk.chunkId());
    assertThat(back.chunk()).isEqualTo(CHUNK);
    assertThat(back.vector()).containsExactly(0.6f, 0.8f);
    assertThat(back.modelId()).isEqualTo("bge-small-en-v1.5-q");
  }

  @Test
  void indexEventRoundTrips() {
    var event =
        new IndexEvent(
            1,
            "job",
            "doc",
            "kb",
            1,
            IndexEvent.Kind.INDEXED,
            12,
            7,
            null,
            Instant.parse("2026-11-23T10:00:00Z"));
    assertThat(EventJson.read(EventJson.write(event), IndexEvent.class)).isEqualTo(event);
  }

  @Test
  void indexEventTotalsRoundTripAndAreNullInEventsWrittenWithoutThem() {
    var event =
        new IndexEvent(
            1,
            "job",
            "doc",
            "kb",
            2,
            IndexEvent.Kind.INDEXED,
            3,
            7,
            null,
            Instant.parse("2026-11-23T10:00:00Z"),
            10,
            12);
    assertThat(EventJson.read(EventJson.write(event), IndexEvent.class)).isEqualTo(event);
    String older =
        """
        {"schemaVersion":1,"jobId":"job","documentId":"doc","collection":"kb","version":2,
         "kind":"INDEXED","chunks":3,"indexEpoch":7,"at":"2026-11-23T10:00:00Z"}""";
    IndexEvent read = EventJson.read(older.getBytes(StandardCharsets.UTF_8), IndexEvent.class);
    assertThat(read.indexedTotal()).isNull();
    assertThat(read.chunkCount()).isNull();
    assertThat(read.chunks()).isEqualTo(3);
  }

  @Test
  void malformedJsonIsAMalformedEvent() {
    assertThatThrownBy(() -> EventJson.read("{not json".getBytes(), DocumentEvent.class))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("DocumentEvent");
  }

  @Test
  void missingRequiredFieldIsAMalformedEventNamingTheField() {
    String json =
        """
        {"op":"upsert","schemaVersion":1,"version":1,"collection":"kb","text":"hi"}""";
    assertThatThrownBy(() -> EventJson.read(json.getBytes(), DocumentEvent.class))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("documentId");
  }

  @Test
  void unknownSchemaVersionIsRejected() {
    String json =
        """
        {"op":"delete","schemaVersion":99,"documentId":"d","version":1,"collection":"kb"}""";
    assertThatThrownBy(() -> EventJson.read(json.getBytes(), DocumentEvent.class))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("schemaVersion 99");
  }

  @Test
  void upsertNeedsExactlyOneOfTextAndBytes() {
    assertThatThrownBy(
            () ->
                new DocumentEvent.Upsert(
                    1, "d", 1, "kb", null, null, null, "text", new byte[1], null))
        .hasMessageContaining("exactly one");
  }

  @Test
  void kafkaSerdeTurnsPoisonIntoSerializationException() {
    var serde = new JsonSerde<>(ChunkEvent.class);
    var delete = new ChunkEvent.Delete(1, "job", "doc", "kb", 2);
    assertThat(serde.deserialize("t", serde.serialize("t", delete))).isEqualTo(delete);
    assertThatThrownBy(() -> serde.deserialize("t", new byte[] {(byte) 0xff, 0x00}))
        .isInstanceOf(SerializationException.class);
  }
}
