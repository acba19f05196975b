package dev.rag.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.ingest.support.Fixtures;
import dev.rag.ingest.support.Http;
import dev.rag.ingest.support.Http.Part;
import dev.rag.ingest.support.IngestServiceTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Every kind of bad input gets its problem detail (or job failure), and the service keeps serving
 * afterwards (checked after each test).
 */
@IngestServiceTest
class UploadRejectionTest {

  @Value("${local.server.port}")
  int port;

  Http http;
  String collection;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    collection = "bad-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void stillServes() {
    HttpResponse<String> ok = http.upload(collection, Part.file("ok.txt", "still alive and well."));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    assertThat(
            http.awaitParsed(Http.json(ok).path("jobId").asString())
                .path("items")
                .get(0)
                .path("status")
                .asString())
        .isEqualTo("PUBLISHED");
  }

  @Test
  void rejectsAnEmptyFile() {
    assertProblem(
        http.upload(collection, Part.file("empty.txt", "")),
        422,
        "unprocessable-content",
        "file 'empty.txt' is empty");
  }

  @Test
  void rejectsAnUnsupportedType() {
    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };
    assertProblem(
        http.upload(collection, Part.file("logo.png", "image/png", png)),
        415,
        "unsupported-media-type",
        "file 'logo.png' is image/png");
  }

  @Test
  void rejectsAFileOverTheLimitWith413() {
    byte[] big = "too big. ".repeat(130_000).getBytes(StandardCharsets.UTF_8); // ~1.1 MB > 1MB
    HttpResponse<String> response =
        http.upload(collection, Part.file("big.txt", "text/plain", big));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(Http.json(response).path("type").asString())
        .isEqualTo("urn:rag:problem:payload-too-large");
  }

  @Test
  void rejectsInvalidUtf8InTextNamingTheOffset() {
    byte[] bytes = {'#', ' ', 'T', '\n', (byte) 0xFF, 'x'};
    assertProblem(
        http.upload(collection, Part.file("notes.md", "text/markdown", bytes)),
        422,
        "unprocessable-content",
        "byte offset 4");
  }

  @Test
  void refusesTheWholeRequestWhenOneFileIsBad() {
    HttpResponse<String> response =
        http.upload(
            collection, Part.file("fine.md", Fixtures.markdown(1)), Part.file("empty.txt", ""));
    assertProblem(response, 422, "unprocessable-content", "empty.txt");
    assertThat(http.get("/v1/collections/" + collection + "/documents").statusCode())
        .isEqualTo(404);
  }

  @Test
  void acceptsACorruptPdfAndReportsItAsAJobFailure() {
    byte[] pdf = "%PDF-1.7\nnot really a pdf at all\n".getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> response =
        http.upload(
            collection,
            Part.file("broken.pdf", "application/pdf", pdf),
            Part.file("good.md", Fixtures.markdown(2)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode job = http.awaitParsed(Http.json(response).path("jobId").asString());
    assertThat(job.path("documents").path("failed").asInt()).isEqualTo(1);
    assertThat(job.path("failures"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("fileName").asString()).isEqualTo("broken.pdf");
              assertThat(f.path("reason").asString())
                  .contains("broken.pdf")
                  .contains("cannot parse as application/pdf");
            });
  }

  @Test
  void rejectsAnInvalidCollectionName() {
    assertProblem(
        http.upload("Bad_Name", Part.file("a.txt", "text")), 400, "validation", "collection");
    assertProblem(
        http.postJson("/v1/collections", "{\"name\":\"-nope\"}"), 400, "validation", "must match");
  }

  @Test
  void rejectsARequestWithoutFiles() {
    assertProblem(
        http.upload(collection, Part.field("documentId", "x")), 400, "validation", "files");
  }

  @Test
  void answersUnknownJobsDocumentsAndCollectionsWith404() {
    assertProblem(http.get("/v1/ingest-jobs/job-nope"), 404, "not-found", "job-nope");
    assertProblem(
        http.get("/v1/collections/" + collection + "/documents"), 404, "not-found", collection);
    assertThat(http.postJson("/v1/collections", "{\"name\":\"" + collection + "\"}").statusCode())
        .isEqualTo(201);
    assertThat(http.postJson("/v1/collections", "{\"name\":\"" + collection + "\"}").statusCode())
        .isEqualTo(200);
    assertThat(Http.json(http.get("/v1/collections")).findValuesAsString("name"))
        .contains(collection);
    assertProblem(
        http.get("/v1/collections/" + collection + "/documents/nope"), 404, "not-found", "nope");
    assertProblem(
        http.delete("/v1/collections/" + collection + "/documents/nope"), 404, "not-found", "nope");
  }

  @Test
  void rejectsAControlCharacterInAFileNameWith400() {
    for (String name : List.of("nul\u0000.txt", "bell\u0007.txt", "tab\tname.txt")) {
      HttpResponse<String> response = http.upload(collection, Part.file(name, "some text."));
      assertProblem(response, 400, "validation", "printable characters");
      assertThat(response.body()).doesNotContain("java.").doesNotContain("Exception");
    }
  }

  @Test
  void rejectsATruncatedMultipartBodyWith400() {
    String boundary = "rag-" + UUID.randomUUID();
    byte[] whole = Http.multipart(boundary, Part.file("a.txt", "some text that is cut off."));
    byte[] truncated = Arrays.copyOf(whole, whole.length - boundary.length() - 10);
    HttpResponse<String> response =
        http.post(
            "/v1/collections/" + collection + "/documents",
            "multipart/form-data; boundary=" + boundary,
            truncated);
    assertProblem(response, 400, "malformed-request", "multipart");
    assertThat(response.body()).doesNotContain("java.").doesNotContain("Exception");
  }

  @Test
  void rejectsAMultipartBodyWithTheWrongBoundaryWith400() {
    byte[] body = Http.multipart("the-real-one", Part.file("a.txt", "some text."));
    HttpResponse<String> wrong =
        http.post(
            "/v1/collections/" + collection + "/documents",
            "multipart/form-data; boundary=another-one",
            body);
    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
    assertThat(Http.json(wrong).path("type").asString()).startsWith("urn:rag:problem:");
    HttpResponse<String> none =
        http.post("/v1/collections/" + collection + "/documents", "multipart/form-data", body);
    assertThat(none.statusCode()).as(none.body()).isEqualTo(400);
    assertThat(Http.json(none).path("type").asString()).startsWith("urn:rag:problem:");
    assertThat(none.body()).doesNotContain("java.").doesNotContain("Exception");
  }

  @Test
  void namesTheJsonFieldOfAWrongTypeWithoutJavaTypes() {
    HttpResponse<String> response = http.postJson("/v1/collections", "{\"name\": [\"a\"]}");
    assertProblem(response, 400, "malformed-request", "name: expected a string");
    assertThat(response.body())
        .doesNotContain("java.")
        .doesNotContain("dev.rag")
        .doesNotContain("CreateCollection");
    HttpResponse<String> notAnObject = http.postJson("/v1/collections", "[1, 2]");
    assertThat(notAnObject.statusCode()).isEqualTo(400);
    assertThat(notAnObject.body())
        .doesNotContain("java.")
        .doesNotContain("dev.rag")
        .doesNotContain("CreateCollection");
  }

  private static void assertProblem(
      HttpResponse<String> response, int status, String type, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = Http.json(response);
    assertThat(problem.path("type").asString()).isEqualTo("urn:rag:problem:" + type);
    assertThat(problem.path("detail").asString()).contains(detail);
  }
}
