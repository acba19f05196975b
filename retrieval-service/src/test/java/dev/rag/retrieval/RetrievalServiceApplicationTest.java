package dev.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.testing.Infrastructure;
import dev.rag.testing.ServiceContractTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The started service: the operator contract, and problem details for bad retrieval requests. */
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
