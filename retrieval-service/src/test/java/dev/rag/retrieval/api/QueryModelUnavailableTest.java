package dev.rag.retrieval.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.retrieval.RetrievalServiceApplication;
import dev.rag.testing.Infrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A query model that cannot load does not stop the service: it starts, stays ready (BM25 still
 * answers), and the query-embedding endpoint says why it cannot serve.
 */
@SpringBootTest(
    classes = RetrievalServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "rag.retrieval.index-dir=target/test-index-no-model",
      "rag.retrieval.query-model-dir=target/no-such-model"
    })
class QueryModelUnavailableTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infrastructure.registerKafka(registry);
  }

  @Test
  void theServiceStartsReadyAndQueryEmbeddingIsUnavailableWithTheReason() throws Exception {
    HttpResponse<String> ready = send(HttpRequest.newBuilder(uri("/actuator/health/readiness")));
    HttpResponse<String> embedding =
        send(
            HttpRequest.newBuilder(uri("/v1/query-embeddings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"boil water\"}")));

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(embedding.statusCode()).as(embedding.body()).isEqualTo(503);
    JsonNode problem = JSON.readTree(embedding.body());
    assertThat(problem.path("type").asString()).isEqualTo("urn:rag:problem:upstream-unavailable");
    assertThat(problem.path("detail").asString())
        .contains("no-such-model")
        .contains("could not load");
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
