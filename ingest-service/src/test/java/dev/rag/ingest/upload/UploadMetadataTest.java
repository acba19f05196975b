package dev.rag.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.support.Fixtures;
import dev.rag.ingest.support.Http;
import dev.rag.ingest.support.Http.Part;
import dev.rag.ingest.support.IngestServiceTest;
import dev.rag.ingest.support.TopicTail;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** The {@code metadata} form fields of an upload, seen on the chunks it publishes. */
@IngestServiceTest
class UploadMetadataTest {

  @Value("${local.server.port}")
  int port;

  Http http;
  String collection;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    collection = "meta-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void putsRequestAndPerFileMetadataOnEveryChunk() throws Exception {
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      HttpResponse<String> response =
          http.upload(
              collection,
              Part.file("a.md", Fixtures.markdown(7)),
              Part.file("b.md", Fixtures.markdown(8)),
              Part.field("metadata", "{\"team\":\"hr\",\"year\":2023,\"public\":true}"),
              Part.field("metadata[b.md]", "{\"year\":\"2024\",\"published\":\"2024-05-01\"}"));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      JsonNode accepted = Http.json(response);
      http.awaitParsed(accepted.path("jobId").asString());
      Map<String, Map<String, String>> byFile = new java.util.HashMap<>();
      for (JsonNode document : accepted.path("documents")) {
        String id = document.path("documentId").asString();
        List<ChunkEvent.Upsert> upserts =
            chunks
                .await(r -> id.equals(r.key()), r -> !r.isEmpty(), Duration.ofSeconds(30))
                .stream()
                .map(r -> (ChunkEvent.Upsert) EventJson.read(r.value(), ChunkEvent.class))
                .toList();
        Map<String, String> first = upserts.getFirst().chunk().metadata();
        assertThat(upserts).allSatisfy(u -> assertThat(u.chunk().metadata()).isEqualTo(first));
        byFile.put(document.path("fileName").asString(), first);
      }
      assertThat(byFile.get("a.md"))
          .containsEntry("team", "hr")
          .containsEntry("year", "2023")
          .containsEntry("public", "true")
          .containsEntry("fileName", "a.md")
          .doesNotContainKey("published");
      assertThat(byFile.get("b.md"))
          .containsEntry("team", "hr")
          .containsEntry("year", "2024")
          .containsEntry("published", "2024-05-01");
    }
  }

  @Test
  void newMetadataOnTheSameContentIsANewVersion() {
    String first = upload("{\"stage\":\"draft\"}");
    String again = upload("{\"stage\":\"draft\"}");
    String changed = upload("{\"stage\":\"final\"}");
    assertThat(http.awaitParsed(first).path("items").get(0).path("version").asLong()).isEqualTo(1);
    assertThat(http.awaitParsed(again).path("items").get(0).path("status").asString())
        .isEqualTo("UNCHANGED");
    assertThat(http.awaitParsed(changed).path("items").get(0).path("version").asLong())
        .isEqualTo(2);
  }

  private String upload(String metadata) {
    HttpResponse<String> response =
        http.upload(
            collection,
            Part.file("same.md", Fixtures.markdown(9)),
            Part.field("metadata", metadata));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String jobId = Http.json(response).path("jobId").asString();
    http.awaitParsed(jobId);
    return jobId;
  }

  @Test
  void rejectsBadMetadataNamingTheField() {
    assertInvalid("metadata", "{\"team\":", "not valid JSON");
    assertInvalid("metadata", "[1,2]", "must be a JSON object");
    assertInvalid("metadata", "{\"tags\":[\"a\"]}", "'tags' must be a string, number or boolean");
    assertInvalid("metadata", "{\"a b\":\"x\"}", "'a b' is not a metadata key");
    assertInvalid("metadata", "{\"fileName\":\"x\"}", "'fileName' is set by the service");
    assertInvalid("metadata", "{\"k\":\"" + "x".repeat(513) + "\"}", "at most 512");
    assertInvalid("metadata", "{\"k\":\"" + "x".repeat(20_000) + "\"}", "at most 16384");
    assertInvalid("metadata[other.md]", "{\"k\":\"v\"}", "names no file of this upload");
  }

  private void assertInvalid(String field, String value, String detail) {
    HttpResponse<String> response =
        http.upload(collection, Part.file("ok.md", Fixtures.markdown(3)), Part.field(field, value));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode problem = Http.json(response);
    assertThat(problem.path("type").asString()).isEqualTo("urn:rag:problem:validation");
    assertThat(problem.path("field").asString()).isEqualTo(field);
    assertThat(problem.path("detail").asString()).contains(detail);
  }
}
