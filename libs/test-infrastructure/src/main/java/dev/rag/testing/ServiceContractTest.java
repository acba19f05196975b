package dev.rag.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
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

  /**
   * What a client generator needs of the document: a title and a release version, the gateway as
   * the server (never this service's own port), the bearer API key, and for every operation an
   * explicit operationId, a success response and problem responses that resolve. The document is
   * also written to {@code target/openapi/<service>.json} for reading.
   */
  @Test
  void publishesAnOpenApiDocumentAGeneratorCanUse() throws Exception {
    HttpResponse<String> response = get("/v3/api-docs");
    JsonNode doc = json(response);
    Path copy = Path.of("target/openapi", serviceName() + ".json");
    Files.createDirectories(copy.getParent());
    Files.writeString(copy, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));

    assertThat(doc.path("info").path("title").asString())
        .isNotBlank()
        .isNotEqualTo("OpenAPI definition");
    assertThat(doc.path("info").path("version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(doc.path("servers")).isNotEmpty();
    doc.path("servers")
        .forEach(server -> assertThat(server.path("url").asString()).doesNotContain(":" + port));
    JsonNode scheme = doc.path("components").path("securitySchemes").path("apiKey");
    assertThat(scheme.path("type").asString()).isEqualTo("http");
    assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
    assertThat(doc.path("security").toString()).contains("apiKey");

    Set<String> operationIds = new HashSet<>();
    for (var path : doc.path("paths").properties()) {
      for (var operation : path.getValue().properties()) {
        String name = operation.getKey().toUpperCase() + " " + path.getKey();
        JsonNode op = operation.getValue();
        String id = op.path("operationId").asString();
        assertThat(id).as(name + " operationId").isNotBlank().doesNotContainPattern("_\\d+$");
        assertThat(operationIds.add(id)).as(name + " operationId is unique").isTrue();
        JsonNode responses = op.path("responses");
        assertThat(responses.propertyNames())
            .as(name + " responses")
            .anyMatch(status -> status.startsWith("2"))
            .contains("400", "401", "403", "429");
        for (var status : responses.properties()) {
          if (status.getKey().startsWith("4") || status.getKey().startsWith("5")) {
            assertProblemResponse(doc, name + " " + status.getKey(), status.getValue());
          }
        }
      }
    }
    assertThat(operationIds).as("operations").isNotEmpty();
  }

  private static void assertProblemResponse(JsonNode doc, String what, JsonNode response) {
    String ref = response.path("$ref").asString("");
    assertThat(ref).as(what).startsWith("#/components/responses/");
    JsonNode resolved =
        doc.path("components").path("responses").path(ref.substring(ref.lastIndexOf('/') + 1));
    assertThat(
            resolved
                .path("content")
                .path("application/problem+json")
                .path("schema")
                .path("$ref")
                .asString(""))
        .as(what)
        .isEqualTo("#/components/schemas/Problem");
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
