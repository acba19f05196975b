package dev.rag.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator expects of every service, checked over real HTTP against the started
 * application: health and readiness, Prometheus metrics tagged with the service, an OpenAPI
 * document, and problem details (not Boot's HTML error page) for an unknown path.
 */
public abstract class ServiceContractTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Value("${local.server.port}")
  protected int port;

  /** The service's {@code spring.application.name}. */
  protected abstract String serviceName();

  @Test
  void reportsHealthyAndReady() throws Exception {
    assertThat(json(get("/actuator/health")).path("status").asString()).isEqualTo("UP");
    assertThat(json(get("/actuator/health/readiness")).path("status").asString()).isEqualTo("UP");
    assertThat(json(get("/actuator/health/liveness")).path("status").asString()).isEqualTo("UP");
  }

  @Test
  void exposesPrometheusMetricsTaggedWithTheService() throws Exception {
    HttpResponse<String> response = get("/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("jvm_memory_used_bytes")
        .contains("service=\"" + serviceName() + "\"");
  }

  @Test
  void publishesOpenApi() throws Exception {
    JsonNode doc = json(get("/v3/api-docs"));
    assertThat(doc.path("openapi").asString()).startsWith("3.");
  }

  @Test
  void answersUnknownPathsWithAProblemDetail() throws Exception {
    HttpResponse<String> response = get("/no/such/path");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("type").asString())
        .as(response.body())
        .isEqualTo("urn:rag:problem:not-found");
    assertThat(problem.path("status").asInt()).isEqualTo(404);
  }

  protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        credentials(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Adds what the service requires of a caller (the gateway: an API key; a service run with a
   * service token: the token). None by default.
   */
  protected HttpRequest.Builder credentials(HttpRequest.Builder request) {
    return request;
  }

  protected static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
