package dev.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.embedding.QueryEmbeddingRequest;
import dev.rag.contracts.embedding.QueryEmbeddingResponse;
import dev.rag.contracts.embedding.QueryEmbeddingsRequest;
import dev.rag.contracts.embedding.QueryEmbeddingsResponse;
import dev.rag.testing.Infrastructure;
import dev.rag.testing.ServiceContractTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The started service: the operator contract, problem details for bad retrieval requests, and the
 * internal query-embedding endpoint with its cache metric.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rag.retrieval.index-dir=target/test-index")
class RetrievalServiceApplicationTest extends ServiceContractTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infrastructure.registerKafka(registry);
  }

  @Override
  protected String serviceName() {
    return "retrieval-service";
  }

  @Test
  void rejectsAnEmptyQuery() throws Exception {
    JsonNode problem = problem(400, "{\"query\":\"  \",\"collection\":\"hr\"}");
    assertThat(problem.path("type").asString()).isEqualTo("urn:rag:problem:validation");
    assertThat(problem.path("field").asString()).isEqualTo("query");
  }

  @Test
  void rejectsAQueryOfTenThousandCharacters() throws Exception {
    JsonNode problem =
        problem(400, "{\"query\":\"" + "a".repeat(10_000) + "\",\"collection\":\"hr\"}");
    assertThat(problem.path("detail").asString()).contains("10000 characters, at most 2000");
  }

  @Test
  void answersNotFoundForAnUnknownCollection() throws Exception {
    JsonNode problem = problem(404, "{\"query\":\"travel\",\"collection\":\"never-indexed\"}");
    assertThat(problem.path("type").asString()).isEqualTo("urn:rag:problem:not-found");
    assertThat(problem.path("detail").asString()).contains("never-indexed");
  }

  @Test
  void listsADocumentsChunksOnlyInAKnownCollectionAndWithinPageLimits() throws Exception {
    HttpResponse<String> unknown = get("/v1/collections/never-indexed/documents/d/chunks");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("collection 'never-indexed' does not exist");
    HttpResponse<String> tooBig = get("/v1/collections/hr/documents/d/chunks?size=501");
    assertThat(tooBig.statusCode()).isEqualTo(400);
    assertThat(tooBig.body()).contains("\"field\":\"size\"");
    assertThat(get("/v1/collections/hr/documents/d/chunks?page=-1").statusCode()).isEqualTo(400);
  }

  @Test
  void rejectsMalformedFilters() throws Exception {
    JsonNode notAnObject =
        problem(400, "{\"query\":\"travel\",\"collection\":\"hr\",\"filters\":[\"owner\"]}");
    assertThat(notAnObject.path("type").asString()).isEqualTo("urn:rag:problem:malformed-request");
    assertThat(notAnObject.path("detail").asString()).contains("filters");

    JsonNode badKey =
        problem(400, "{\"query\":\"travel\",\"collection\":\"hr\",\"filters\":{\"a b\":\"x\"}}");
    assertThat(badKey.path("field").asString()).isEqualTo("filters");

    JsonNode unknownOperator =
        problem(
            400,
            "{\"query\":\"travel\",\"collection\":\"hr\",\"filters\":{\"year\":{\"between\":[1,2]}}}");
    assertThat(unknownOperator.path("detail").asString())
        .contains("filters.year")
        .contains("unknown operator 'between'");

    JsonNode badDate =
        problem(
            400,
            "{\"query\":\"travel\",\"collection\":\"hr\",\"filters\":{\"published\":{\"gte\":\"2024-13-01\"}}}");
    assertThat(badDate.path("type").asString()).isEqualTo("urn:rag:problem:validation");
    assertThat(badDate.path("field").asString()).isEqualTo("filters");
    assertThat(badDate.path("detail").asString()).contains("'published'").contains("2024-13-01");

    JsonNode mixed =
        problem(
            400,
            "{\"query\":\"travel\",\"collection\":\"hr\",\"filters\":{\"year\":{\"gte\":2020,\"lt\":\"2024-01-01\"}}}");
    assertThat(mixed.path("detail").asString()).contains("'year'").contains("both numbers");

    JsonNode emptyIn =
        problem(
            400, "{\"query\":\"travel\",\"collection\":\"hr\",\"filters\":{\"lang\":{\"in\":[]}}}");
    assertThat(emptyIn.path("detail").asString()).contains("'lang'").contains("'in' takes 1 to");
  }

  @Test
  void rejectsKOutOfRange() throws Exception {
    for (String k : new String[] {"0", "1001", "-5"}) {
      JsonNode problem =
          problem(400, "{\"query\":\"travel\",\"collection\":\"hr\",\"k\":" + k + "}");
      assertThat(problem.path("field").asString()).isEqualTo("k");
      assertThat(problem.path("max").asInt()).isEqualTo(1000);
    }
  }

  @Test
  void rejectsAnUnknownModeAndBrokenJson() throws Exception {
    assertThat(
            problem(400, "{\"query\":\"travel\",\"collection\":\"hr\",\"mode\":\"fuzzy\"}")
                .path("detail")
                .asString())
        .contains("mode must be one of bm25, dense, hybrid");
    assertThat(problem(400, "{\"query\":").path("type").asString())
        .isEqualTo("urn:rag:problem:malformed-request");
    assertThat(
            problem(400, "{\"query\":\"travel\",\"collection\":\"Not A Name\"}")
                .path("field")
                .asString())
        .isEqualTo("collections");
  }

  @Test
  void embedsAQueryInProcessAndServesTheSameQueryFromTheCache() throws Exception {
    String question = "How long must tap water be boiled " + System.nanoTime() + "?";
    double missesBefore = embeddings("miss");

    HttpResponse<String> first = post("/v1/query-embeddings", json(question));
    HttpResponse<String> again = post("/v1/query-embeddings", json("  " + question + "\n"));

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    QueryEmbeddingResponse vector = JSON.readValue(first.body(), QueryEmbeddingResponse.class);
    QueryEmbeddingResponse cached = JSON.readValue(again.body(), QueryEmbeddingResponse.class);
    assertThat(vector.model()).isEqualTo("bge-small-en-v1.5-q");
    assertThat(vector.embedding()).hasSize(384);
    double norm = 0;
    for (float v : vector.embedding()) {
      norm += v * v;
    }
    assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
    assertThat(vector.cached()).isFalse();
    assertThat(cached.cached()).isTrue();
    assertThat(cached.embedding()).containsExactly(vector.embedding());
    assertThat(embeddings("miss")).isEqualTo(missesBefore + 1);
  }

  @Test
  void embedsSeveralQueriesInOneCallWithTheCachedOnesFromTheCache() throws Exception {
    String run = Long.toString(System.nanoTime());
    String question = "Which pipes freeze first " + run + "?";
    String sentence = "Pipes along exterior walls freeze first " + run + ".";
    QueryEmbeddingResponse alone =
        JSON.readValue(
            post("/v1/query-embeddings", json(question)).body(), QueryEmbeddingResponse.class);
    double missesBefore = embeddings("miss");

    HttpResponse<String> response =
        post(
            "/v1/query-embeddings/batch",
            JSON.writeValueAsString(
                new QueryEmbeddingsRequest(List.of(question, sentence, " " + sentence, "Thaw"))));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    QueryEmbeddingsResponse batch = JSON.readValue(response.body(), QueryEmbeddingsResponse.class);
    assertThat(batch.model()).isEqualTo("bge-small-en-v1.5-q");
    assertThat(batch.embeddings()).hasSize(4).allSatisfy(v -> assertThat(v).hasSize(384));
    assertThat(batch.cached()).isEqualTo(1);
    assertThat(batch.embeddings().getFirst()).containsExactly(alone.embedding());
    assertThat(batch.embeddings().get(2)).containsExactly(batch.embeddings().get(1));
    // one model run for each distinct new text, each the very vector the text gets alone
    assertThat(embeddings("miss")).isEqualTo(missesBefore + 2);
    QueryEmbeddingResponse sentenceAlone =
        JSON.readValue(
            post("/v1/query-embeddings", json(sentence)).body(), QueryEmbeddingResponse.class);
    assertThat(sentenceAlone.cached()).isTrue();
    assertThat(sentenceAlone.embedding()).containsExactly(batch.embeddings().get(1));
  }

  @Test
  void fullBatchesFromConcurrentAnswersAreAllServed() throws Exception {
    // Three answers embedding 64 new sentences each at the same time: a batch takes a few places
    // in the search queue, not one per text (which refused the second batch outright).
    String run = Long.toString(System.nanoTime());
    List<java.util.concurrent.Callable<HttpResponse<String>>> batches = new java.util.ArrayList<>();
    for (int b = 0; b < 3; b++) {
      List<String> sentences = new java.util.ArrayList<>();
      for (int i = 0; i < QueryEmbeddingsRequest.MAX_QUERIES; i++) {
        sentences.add("Sentence " + i + " of answer " + b + " in run " + run + ".");
      }
      String body = JSON.writeValueAsString(new QueryEmbeddingsRequest(sentences));
      batches.add(() -> post("/v1/query-embeddings/batch", body));
    }
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (var future : executor.invokeAll(batches)) {
        HttpResponse<String> response = future.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readValue(response.body(), QueryEmbeddingsResponse.class).embeddings())
            .hasSize(QueryEmbeddingsRequest.MAX_QUERIES);
      }
    }
  }

  @Test
  void rejectsBatchesThatAreEmptyTooLongOrHoldABlankQuery() throws Exception {
    Map<String, String> expectations = new java.util.LinkedHashMap<>();
    expectations.put("{\"queries\":[]}", "queries");
    expectations.put("{}", "queries");
    expectations.put(
        JSON.writeValueAsString(
            new QueryEmbeddingsRequest(java.util.Collections.nCopies(65, "water"))),
        "queries");
    expectations.put("{\"queries\":[\"water\",\"  \"]}", "queries[1]");
    expectations.put("{\"queries\":[\"water\",null]}", "queries[1]");
    expectations.put(
        JSON.writeValueAsString(new QueryEmbeddingsRequest(List.of("x".repeat(100_000)))),
        "queries[0]");
    for (var e : expectations.entrySet()) {
      HttpResponse<String> response = post("/v1/query-embeddings/batch", e.getKey());
      assertThat(response.statusCode()).as(e.getKey()).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).path("field").asString())
          .as(e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void rejectsAnEmptyQueryToEmbed() throws Exception {
    HttpResponse<String> response = post("/v1/query-embeddings", "{\"query\":\" \"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("field").asString()).isEqualTo("query");
  }

  private static String json(String query) {
    return JSON.writeValueAsString(new QueryEmbeddingRequest(query));
  }

  /** {@code rag_retrieval_query_embeddings_total{cache=...}} as Prometheus shows it. */
  private double embeddings(String cache) throws Exception {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return metrics
        .lines()
        .filter(
            line ->
                line.startsWith("rag_retrieval_query_embeddings_total{")
                    && line.contains("cache=\"" + cache + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode problem(int status, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/retrieve"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    return JSON.readTree(response.body());
  }
}
