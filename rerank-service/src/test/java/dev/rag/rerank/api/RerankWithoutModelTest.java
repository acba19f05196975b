package dev.rag.rerank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** With no model configured the service says so and keeps the caller's order. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RerankWithoutModelTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Test
  void returnsTheInputOrderAndReportsModelNone() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/rerank"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"query\":\"q\",\"documents\":[\"c\",\"a\",\"b\"],\"top_n\":2}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    JsonNode body = JsonMapper.builder().build().readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.path("model").asString()).isEqualTo("none");
    assertThat(body.path("reranked").asBoolean()).isFalse();
    assertThat(body.path("results")).hasSize(2);
    assertThat(body.path("results").get(0).path("index").asInt()).isZero();
    assertThat(body.path("results").get(1).path("index").asInt()).isEqualTo(1);
    assertThat(body.path("results").get(0).has("relevance_score")).isFalse();
  }
}
