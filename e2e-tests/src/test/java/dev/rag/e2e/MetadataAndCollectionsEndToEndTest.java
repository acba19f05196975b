package dev.rag.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upload metadata and the collection API through the gateway of the running platform: documents
 * uploaded with metadata are found or excluded by range filters in both retrievers, and deleting a
 * collection removes everything it owned: its registry entries, its chunks in the BM25 index and in
 * the dense store, and the gateway's cached answers.
 */
@Order(25)
class MetadataAndCollectionsEndToEndTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private static int gateway;

  @BeforeAll
  static void platform() {
    gateway = RunningPlatform.get().port("gateway");
  }

  @Test
  void anUploadWithMetadataIsFoundByARangeFilterAndExcludedByAnother() throws Exception {
    String collection = "e2e-meta-" + RUN;
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "reservoir-2024.md",
        "# Reservoir report\n\nThe northern reservoir held 84 percent of its capacity after the"
            + " spring inspection of the sluice gates.\n");
    files.put(
        "reservoir-2019.md",
        "# Reservoir report\n\nThe northern reservoir held 61 percent of its capacity after the"
            + " spring inspection of the sluice gates.\n");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata", "{\"department\":\"water\"}");
    fields.put("metadata[reservoir-2024.md]", "{\"year\":2024,\"inspected\":\"2024-04-15\"}");
    fields.put("metadata[reservoir-2019.md]", "{\"year\":2019,\"inspected\":\"2019-04-02\"}");
    awaitCompleted(upload(collection, files, fields));

    String query = "reservoir capacity after the sluice gate inspection";
    for (String mode : List.of("bm25", "dense", "hybrid")) {
      assertThat(documents(retrieve(collection, query, mode, "{\"year\":{\"gte\":2020}}")))
          .as(mode + ": year >= 2020")
          .containsExactly(collection + ":reservoir-2024.md");
      assertThat(documents(retrieve(collection, query, mode, "{\"year\":{\"lt\":2020}}")))
          .as(mode + ": year < 2020")
          .containsExactly(collection + ":reservoir-2019.md");
      assertThat(
              documents(
                  retrieve(
                      collection,
                      query,
                      mode,
                      "{\"inspected\":{\"gte\":\"2024-01-01\",\"lt\":\"2025-01-01\"},"
                          + "\"department\":{\"in\":[\"water\",\"parks\"]}}")))
          .as(mode + ": inspected in 2024, department in (water, parks)")
          .containsExactly(collection + ":reservoir-2024.md");
      assertThat(retrieve(collection, query, mode, "{\"year\":{\"gte\":2030}}").path("hits"))
          .as(mode + ": year >= 2030")
          .isEmpty();
    }
    // Hits show the metadata that matched.
    JsonNode hit =
        retrieve(collection, query, "bm25", "{\"year\":{\"gte\":2020}}").path("hits").get(0);
    assertThat(hit.path("metadata").path("year").asString()).isEqualTo("2024");
    assertThat(hit.path("metadata").path("department").asString()).isEqualTo("water");

    HttpResponse<String> bad =
        post(
            "/v1/retrieve",
            "{\"query\":\"x\",\"collection\":\""
                + collection
                + "\",\"filters\":{\"year\":{\"gte\":\"last year\"}}}");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("field").asString()).isEqualTo("filters");
  }

  @Test
  void deletingACollectionRemovesItsDocumentsBothIndexesAndCachedAnswers() throws Exception {
    String collection = "e2e-delete-" + RUN;
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "hydrants.md",
        "# Hydrant flushing\n\nHydrants in the east district are flushed every October by the"
            + " maintenance crew, which takes about three weeks.\n");
    files.put(
        "meters.md",
        "# Meter reading\n\nWater meters are read every second month; a missed reading is"
            + " estimated from the same month of the previous year.\n");
    awaitCompleted(upload(collection, files, Map.of()));
    String question = "When are the hydrants in the east district flushed?";
    for (String mode : List.of("bm25", "dense")) {
      assertThat(retrieve(collection, question, mode, null).path("hits")).as(mode).isNotEmpty();
    }
    HttpResponse<String> first = ask(collection, question);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.body()).contains("October");
    // The gateway may still be reading the upload's index events (each changes the key): ask
    // until the answer is served from the cache.
    String cache = "";
    for (int i = 0; i < 60 && !cache.equals("hit-exact"); i++) {
      cache = ask(collection, question).headers().firstValue("X-Cache").orElse("");
      Thread.sleep(cache.equals("hit-exact") ? 0 : 500);
    }
    assertThat(cache).isEqualTo("hit-exact");

    HttpResponse<String> deleted = send("DELETE", "/v1/collections/" + collection, null);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
    JsonNode accepted = JSON.readTree(deleted.body());
    assertThat(accepted.path("documents").asInt()).isEqualTo(2);

    // The cache forgets at once: no index event needs to have arrived yet.
    HttpResponse<String> afterDelete = ask(collection, question);
    assertThat(afterDelete.headers().firstValue("X-Cache")).hasValue("miss");
    // The registry forgets at once.
    assertThat(get("/v1/collections/" + collection).statusCode()).isEqualTo(404);
    assertThat(get("/v1/collections/" + collection + "/documents").statusCode()).isEqualTo(404);
    assertThat(get("/v1/collections").body()).doesNotContain("\"" + collection + "\"");

    // The job completes once retrieval-service acknowledged every document's removal ...
    JsonNode job =
        awaitJob(
            accepted.path("jobId").asString(), j -> j.path("state").asString().equals("COMPLETED"));
    assertThat(job.path("documents").path("deleted").asInt()).isEqualTo(2);
    // ... and then neither index holds any of its chunks.
    for (String mode : List.of("bm25", "dense", "hybrid")) {
      HttpResponse<String> response =
          post("/v1/retrieve", retrieveBody(collection, question, mode, null));
      assertThat(response.statusCode()).as(response.body()).isIn(200, 404);
      if (response.statusCode() == 200) {
        assertThat(JSON.readTree(response.body()).path("hits")).as(mode).isEmpty();
      }
    }
    // An answer cached between the delete and the removal (while the chunks were still there) is
    // ended by the index events of the removal, which reach the gateway on their own schedule.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String answer = ask(collection, question).body();
    while (answer.contains("October") && System.nanoTime() < deadline) {
      Thread.sleep(500);
      answer = ask(collection, question).body();
    }
    assertThat(answer).doesNotContain("October");
    assertThat(send("DELETE", "/v1/collections/" + collection, null).statusCode()).isEqualTo(404);
  }

  private static String upload(
      String collection, Map<String, String> files, Map<String, String> fields) throws Exception {
    String boundary = "e2e-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var file : files.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                  + file.getKey()
                  + "\"\r\nContent-Type: text/markdown\r\n\r\n"
                  + file.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    for (var field : fields.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + field.getKey()
                  + "\"\r\n\r\n"
                  + field.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            RunningPlatform.authorized(
                    gateway,
                    HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + gateway
                                + "/v1/collections/"
                                + collection
                                + "/documents")))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return JSON.readTree(response.body()).path("jobId").asString();
  }

  private static void awaitCompleted(String jobId) throws Exception {
    JsonNode job =
        awaitJob(
            jobId,
            j -> List.of("COMPLETED", "PARTIAL", "FAILED").contains(j.path("state").asString()));
    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
  }

  private static JsonNode awaitJob(String jobId, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    JsonNode job = null;
    while (System.nanoTime() < deadline) {
      job = JSON.readTree(get("/v1/ingest-jobs/" + jobId).body());
      if (done.test(job)) {
        return job;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("job " + jobId + " did not finish: " + job);
  }

  private static JsonNode retrieve(String collection, String query, String mode, String filters)
      throws Exception {
    HttpResponse<String> response =
        post("/v1/retrieve", retrieveBody(collection, query, mode, filters));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("degraded").asBoolean(false)).as(response.body()).isFalse();
    return body;
  }

  private static String retrieveBody(String collection, String query, String mode, String filters) {
    return "{\"query\":\""
        + query
        + "\",\"collection\":\""
        + collection
        + "\",\"mode\":\""
        + mode
        + "\",\"k\":10"
        + (filters == null ? "" : ",\"filters\":" + filters)
        + "}";
  }

  private static List<String> documents(JsonNode response) {
    List<String> ids = new ArrayList<>();
    response
        .path("hits")
        .forEach(
            hit -> {
              String id = hit.path("documentId").asString();
              if (!ids.contains(id)) {
                ids.add(id);
              }
            });
    return ids;
  }

  private static HttpResponse<String> ask(String collection, String question) throws Exception {
    return post(
        "/v1/answers",
        JSON.writeValueAsString(Map.of("question", question, "collection", collection)));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return RunningPlatform.get(gateway, path);
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    return RunningPlatform.postJson(gateway, path, json);
  }

  private static HttpResponse<String> send(String method, String path, String json)
      throws Exception {
    return HTTP.send(
        RunningPlatform.authorized(
                gateway, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + path)))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
