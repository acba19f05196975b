package dev.rag.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.parsing.ContentTypes;
import dev.rag.ingest.support.FormatFixtures;
import dev.rag.ingest.support.Http;
import dev.rag.ingest.support.Http.Part;
import dev.rag.ingest.support.IngestServiceTest;
import dev.rag.ingest.support.TopicTail;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * The formats added after the first four, through real HTTP: every one is accepted whatever type
 * the client declares, and its chunks carry rows with their column names and slide titles as
 * sections; malformed files are a problem detail or a failed item with a reason.
 */
@IngestServiceTest
class UploadNewFormatsTest {

  @Value("${local.server.port}")
  int port;

  @Test
  void acceptsSpreadsheetsSlidesBooksAndMailAndPublishesCitableChunks() {
    Http http = new Http(port);
    String collection = "fmt-" + UUID.randomUUID().toString().substring(0, 8);
    String octets = "application/octet-stream";
    Map<String, String> expectedTypes =
        Map.of(
            "prices.xlsx", ContentTypes.XLSX,
            "people.csv", ContentTypes.CSV,
            "codes.tsv", ContentTypes.TSV,
            "results.pptx", ContentTypes.PPTX,
            "stock.ods", ContentTypes.ODS,
            "plan.odp", ContentTypes.ODP,
            "garden.epub", ContentTypes.EPUB,
            "offsite.eml", ContentTypes.EML);
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      HttpResponse<String> response =
          http.upload(
              collection,
              Part.file("prices.xlsx", octets, FormatFixtures.xlsx()),
              Part.file("people.csv", octets, bytes("Name,Age\nAlice,30\nBob,41\n")),
              Part.file("codes.tsv", octets, bytes("Code\tMeaning\nE42\tDisk full\n")),
              Part.file("results.pptx", octets, FormatFixtures.pptx()),
              Part.file("stock.ods", octets, FormatFixtures.ods()),
              Part.file("plan.odp", octets, FormatFixtures.odp()),
              Part.file("garden.epub", octets, FormatFixtures.epub()),
              Part.file("offsite.eml", octets, FormatFixtures.eml()));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      JsonNode accepted = Http.json(response);
      accepted
          .path("documents")
          .forEach(
              d ->
                  assertThat(d.path("contentType").asString())
                      .isEqualTo(expectedTypes.get(d.path("fileName").asString())));
      JsonNode job = http.awaitParsed(accepted.path("jobId").asString());
      assertThat(job.path("items"))
          .allSatisfy(
              i -> assertThat(i.path("status").asString()).as(i.toString()).isEqualTo("PUBLISHED"));

      int parsed = (int) job.path("chunks").path("parsed").asLong();
      Map<String, List<ChunkEvent.Upsert>> byFile =
          UploadIngestTest.upserts(chunks, collection, parsed).stream()
              .collect(
                  Collectors.groupingBy(e -> e.documentId().substring(collection.length() + 1)));
      assertThat(byFile).containsOnlyKeys(expectedTypes.keySet());
      assertChunk(byFile, "prices.xlsx", "Product: Gadget | Price: 12.5 | Region: South", "Prices");
      assertChunk(byFile, "prices.xlsx", "Name: Quentin Marlow | Office: Room 4B", "Staff");
      assertChunk(byFile, "people.csv", "Name: Bob | Age: 41");
      assertChunk(byFile, "codes.tsv", "Code: E42 | Meaning: Disk full");
      assertChunk(byFile, "results.pptx", "Hire two engineers in Lisbon", "Hiring Plan");
      assertChunk(byFile, "results.pptx", "Revenue grew by nine percent", "Quarterly Results");
      assertChunk(byFile, "stock.ods", "Item: Nuts | Count: 9", "Inventory");
      assertChunk(byFile, "plan.odp", "Hiring is slow", "Risks");
      assertChunk(byFile, "garden.epub", "Month: April | Feed: Compost", "Roses", "Feeding");
      assertChunk(byFile, "offsite.eml", "Lisbon on the ninth");
      assertThat(byFile.get("offsite.eml").getFirst().chunk().title()).isEqualTo("Offsite plan");
    }
  }

  @Test
  void malformedFilesOfTheNewTypesGetAProblemOrAFailedItemWithAReason() throws Exception {
    Http http = new Http(port);
    String collection = "badfmt-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] xlsx = FormatFixtures.xlsx();
    HttpResponse<String> truncated =
        http.upload(
            collection,
            Part.file(
                "cut.xlsx", "application/octet-stream", Arrays.copyOf(xlsx, xlsx.length / 2)));
    assertThat(truncated.statusCode()).as(truncated.body()).isEqualTo(422);
    assertThat(Http.json(truncated).path("type").asString())
        .isEqualTo("urn:rag:problem:unprocessable-content");
    assertThat(Http.json(truncated).path("detail").asString())
        .startsWith("file 'cut.xlsx': not a readable zip container");

    byte[] latin1 = "Name,City\nJosé,Málaga\n".getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> notUtf8 =
        http.upload(collection, Part.file("latin.csv", "text/csv", latin1));
    assertThat(notUtf8.statusCode()).as(notUtf8.body()).isEqualTo(422);
    assertThat(Http.json(notUtf8).path("detail").asString()).contains("byte offset 13");

    byte[] emptyBook;
    try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
        var out = new java.io.ByteArrayOutputStream()) {
      book.createSheet("Empty");
      book.write(out);
      emptyBook = out.toByteArray();
    }
    HttpResponse<String> accepted =
        http.upload(
            collection,
            Part.file("quote.csv", "text/csv", bytes("a,b\n1,\"never closed\n2,3\n")),
            Part.file("empty.xlsx", "application/octet-stream", emptyBook),
            Part.file(
                "bomb.xlsx", "application/octet-stream", FormatFixtures.zipBombXlsx(8_000_000L)),
            Part.file("fine.csv", "text/csv", bytes("Name,Age\nAlice,30\n")));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode job = http.awaitParsed(Http.json(accepted).path("jobId").asString());
    Map<String, JsonNode> items = new java.util.HashMap<>();
    job.path("items").forEach(i -> items.put(i.path("fileName").asString(), i));
    assertThat(items.get("fine.csv").path("status").asString()).isEqualTo("PUBLISHED");
    assertFailed(items.get("quote.csv"), "quote.csv: not valid CSV: ");
    assertFailed(items.get("empty.xlsx"), "empty.xlsx: no text could be extracted");
    assertFailed(
        items.get("bomb.xlsx"),
        "bomb.xlsx: the archive expands to more than 200MB (rag.ingest.max-decompressed-size)");
  }

  private static void assertFailed(JsonNode item, String reason) {
    assertThat(item.path("status").asString()).as(item.toString()).isEqualTo("FAILED");
    assertThat(item.path("error").asString()).startsWith(reason);
  }

  private static void assertChunk(
      Map<String, List<ChunkEvent.Upsert>> byFile, String file, String text, String... section) {
    assertThat(byFile.get(file))
        .as("a chunk of %s holding %s", file, text)
        .anySatisfy(
            e -> {
              assertThat(e.chunk().text()).contains(text);
              assertThat(e.chunk().sectionPath()).containsExactly(section);
            });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
