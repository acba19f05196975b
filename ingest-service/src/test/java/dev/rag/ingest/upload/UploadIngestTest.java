package dev.rag.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.parsing.ContentTypes;
import dev.rag.ingest.parsing.DocumentContent;
import dev.rag.ingest.parsing.DocumentParser;
import dev.rag.ingest.support.Fixtures;
import dev.rag.ingest.support.Http;
import dev.rag.ingest.support.Http.Part;
import dev.rag.ingest.support.IngestServiceTest;
import dev.rag.ingest.support.TopicTail;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** Upload through real HTTP, read what lands on rag.chunks with our own consumer. */
@IngestServiceTest
class UploadIngestTest {

  @Value("${local.server.port}")
  int port;

  @Autowired DocumentParser parser;

  Http http;

  @Test
  void uploadsFourFormatsAndPublishesCitableChunks() {
    http = new Http(port);
    String collection = "up-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] pdf = Fixtures.pdf(10);
    byte[] docx = Fixtures.docx(11);
    byte[] html = Fixtures.html(12).getBytes(StandardCharsets.UTF_8);
    byte[] markdown = Fixtures.markdown(13).getBytes(StandardCharsets.UTF_8);
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      HttpResponse<String> response =
          http.upload(
              collection,
              Part.file("handbook.pdf", "application/pdf", pdf),
              Part.file("guide.docx", "application/octet-stream", docx),
              Part.file("expenses.html", "text/html", html),
              Part.file("security.md", "text/markdown", markdown));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      JsonNode accepted = Http.json(response);
      String jobId = accepted.path("jobId").asString();
      assertThat(response.headers().firstValue("Location")).hasValue("/v1/ingest-jobs/" + jobId);

      JsonNode job = http.awaitParsed(jobId);
      assertThat(job.path("items"))
          .allSatisfy(i -> assertThat(i.path("status").asString()).isEqualTo("PUBLISHED"));
      long parsed = job.path("chunks").path("parsed").asLong();
      assertThat(parsed).isGreaterThan(8);

      List<ChunkEvent.Upsert> events = upserts(chunks, collection, (int) parsed);
      Map<String, List<ChunkEvent.Upsert>> byDocument =
          events.stream().collect(Collectors.groupingBy(ChunkEvent::documentId));
      assertThat(byDocument)
          .containsOnlyKeys(
              collection + ":handbook.pdf",
              collection + ":guide.docx",
              collection + ":expenses.html",
              collection + ":security.md");
      byDocument.values().forEach(UploadIngestTest::assertContiguousVersionOne);

      assertCitable(
          byDocument.get(collection + ":handbook.pdf"),
          pdf,
          ContentTypes.PDF,
          Map.of(
              "alpha",
              List.of("Introduction"),
              "bravo",
              List.of("Introduction", "Scope"),
              "charlie",
              List.of("Travel Rules")));
      assertThat(byDocument.get(collection + ":handbook.pdf"))
          .extracting(e -> e.chunk().page())
          .contains(1, 2);
      assertThat(byDocument.get(collection + ":handbook.pdf"))
          .allSatisfy(
              e -> {
                assertThat(e.chunk().title()).isEqualTo("Travel Handbook");
                if (e.chunk().text().contains("charlie")) {
                  assertThat(e.chunk().page()).isEqualTo(2);
                }
              });
      assertCitable(
          byDocument.get(collection + ":guide.docx"),
          docx,
          ContentTypes.DOCX,
          Map.of(
              "delta",
              List.of("Overview"),
              "echo",
              List.of("Overview", "Accounts"),
              "foxtrot",
              List.of("Overview", "Laptops")));
      assertCitable(
          byDocument.get(collection + ":expenses.html"),
          html,
          ContentTypes.HTML,
          Map.of(
              "golf",
              List.of("Expenses"),
              "hotelmark",
              List.of("Expenses", "Meals"),
              "india",
              List.of("Expenses", "Hotels")));
      assertCitable(
          byDocument.get(collection + ":security.md"),
          markdown,
          ContentTypes.MARKDOWN,
          Map.of(
              "juliet",
              List.of("Security"),
              "kilo",
              List.of("Security", "Passwords"),
              "lima",
              List.of("Security", "Devices")));

      JsonNode listed = Http.json(http.get("/v1/collections/" + collection + "/documents"));
      assertThat(listed.path("items")).hasSize(4);
      assertThat(listed.path("total").asLong()).isEqualTo(4);
      JsonNode one =
          Http.json(
              http.get(
                  "/v1/collections/" + collection + "/documents/" + collection + ":guide.docx"));
      assertThat(one.path("version").asLong()).isEqualTo(1);
      assertThat(one.path("title").asString()).isEqualTo("Onboarding Guide");
    }
  }

  @Test
  void reuploadIsANoOpNewContentIsVersionTwoAndDeletePublishesATombstone() {
    http = new Http(port);
    String collection = "ver-" + UUID.randomUUID().toString().substring(0, 8);
    String documentId = collection + ":notes.md";
    String first = Fixtures.markdown(20);
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      String job1 = accepted(http.upload(collection, Part.file("notes.md", first)));
      int v1 = (int) http.awaitParsed(job1).path("chunks").path("parsed").asLong();
      assertThat(upserts(chunks, collection, v1))
          .allSatisfy(e -> assertThat(e.version()).isEqualTo(1));

      String job2 = accepted(http.upload(collection, Part.file("notes.md", first)));
      JsonNode same = http.awaitParsed(job2);
      assertThat(same.path("state").asString()).isEqualTo("COMPLETED");
      assertThat(same.path("items").get(0).path("status").asString()).isEqualTo("UNCHANGED");
      assertThat(same.path("items").get(0).path("version").asLong()).isEqualTo(1);

      String changed = first + "\n## Appendix\n\n" + Fixtures.paragraph(21, "mike", 3) + "\n";
      String job3 = accepted(http.upload(collection, Part.file("notes.md", changed)));
      int v2 = (int) http.awaitParsed(job3).path("chunks").path("parsed").asLong();
      List<ChunkEvent.Upsert> all =
          chunks
              .await(
                  r -> collection.equals(decode(r).collection()),
                  r -> r.size() >= v1 + v2,
                  Duration.ofSeconds(30))
              .stream()
              .map(r -> (ChunkEvent.Upsert) decode(r))
              .toList();
      // Nothing came from the identical re-upload: exactly v1 chunks of version 1, then version 2.
      assertThat(all.stream().filter(e -> e.version() == 1)).hasSize(v1);
      List<ChunkEvent.Upsert> second = all.stream().filter(e -> e.version() == 2).toList();
      assertContiguousVersion(second, 2);
      assertThat(second)
          .anySatisfy(
              e -> assertThat(e.chunk().sectionPath()).containsExactly("Security", "Appendix"));
      assertThat(
              Http.json(http.get("/v1/collections/" + collection + "/documents/" + documentId))
                  .path("version")
                  .asLong())
          .isEqualTo(2);

      HttpResponse<String> deleted =
          http.delete("/v1/collections/" + collection + "/documents/" + documentId);
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
      var tombstones =
          chunks.await(
              r ->
                  collection.equals(decode(r).collection())
                      && decode(r) instanceof ChunkEvent.Delete,
              r -> !r.isEmpty(),
              Duration.ofSeconds(30));
      assertThat(tombstones)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.key()).isEqualTo(documentId);
                assertThat(decode(r).version()).isEqualTo(2);
                assertThat(decode(r).jobId())
                    .isEqualTo(Http.json(deleted).path("jobId").asString());
              });
      assertThat(
              http.get("/v1/collections/" + collection + "/documents/" + documentId).statusCode())
          .isEqualTo(404);
      assertThat(
              http.delete("/v1/collections/" + collection + "/documents/" + documentId)
                  .statusCode())
          .isEqualTo(404);
    }
  }

  private static String accepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return Http.json(response).path("jobId").asString();
  }

  static ChunkEvent decode(ConsumerRecord<String, byte[]> record) {
    return EventJson.read(record.value(), ChunkEvent.class);
  }

  static List<ChunkEvent.Upsert> upserts(TopicTail tail, String collection, int expected) {
    return tail
        .await(
            r -> collection.equals(decode(r).collection()),
            r -> r.size() >= expected,
            Duration.ofSeconds(30))
        .stream()
        .map(
            r -> {
              assertThat(r.key()).isEqualTo(decode(r).documentId());
              return (ChunkEvent.Upsert) decode(r);
            })
        .toList();
  }

  private static void assertContiguousVersionOne(List<ChunkEvent.Upsert> events) {
    assertContiguousVersion(events, 1);
  }

  static void assertContiguousVersion(List<ChunkEvent.Upsert> events, long version) {
    assertThat(events)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.version()).isEqualTo(version);
              assertThat(e.chunkCount()).isEqualTo(events.size());
            });
    assertThat(events.stream().map(ChunkEvent.Upsert::ordinal).sorted().toList())
        .isEqualTo(IntStream.range(0, events.size()).boxed().toList());
  }

  /** Offsets slice the extracted text, markers sit in their sections, tokens within the target. */
  private void assertCitable(
      List<ChunkEvent.Upsert> events,
      byte[] bytes,
      String type,
      Map<String, List<String>> markerPaths) {
    String text =
        parser.parse(new DocumentContent.Bytes(bytes), type, "fixture").structure().text();
    for (ChunkEvent.Upsert event : events) {
      var chunk = event.chunk();
      assertThat(text.substring(chunk.startOffset(), chunk.endOffset())).isEqualTo(chunk.text());
      assertThat(chunk.tokenCount()).isPositive().isLessThanOrEqualTo(128 + 8);
      assertThat(chunk.metadata()).containsEntry("contentType", type);
      markerPaths.forEach(
          (marker, path) -> {
            if (chunk.text().contains(marker)) {
              assertThat(chunk.sectionPath()).as("chunk holding %s", marker).isEqualTo(path);
            }
          });
    }
    markerPaths
        .keySet()
        .forEach(
            marker ->
                assertThat(events)
                    .as("some chunk holds %s", marker)
                    .anySatisfy(e -> assertThat(e.chunk().text()).contains(marker)));
  }
}
