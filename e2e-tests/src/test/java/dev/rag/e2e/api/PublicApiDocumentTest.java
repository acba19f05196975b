package dev.rag.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.e2e.RunningPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed public API document ({@code api/openapi.json}, what clients generate from, this
 * module's generated client included) is the one the gateway serves. When the API changes on
 * purpose, regenerate the copy from a running platform:
 *
 * <pre>
 * flock /tmp/rag-e2e.lock ./mvnw -B -pl e2e-tests verify -Dtest=PublicApiDocumentTest -Drag.openapi.update=true
 * </pre>
 */
@Order(5)
class PublicApiDocumentTest {

  static final Path COMMITTED = RunningPlatform.ROOT.resolve("api/openapi.json");
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
          .build();

  @Test
  void theCommittedDocumentIsTheOneTheGatewayServes() throws Exception {
    RunningPlatform platform = RunningPlatform.get();
    JsonNode live = fetch(platform);
    assertThat(JSON.writeValueAsString(fetch(platform)))
        .as("the document is the same on every request")
        .isEqualTo(JSON.writeValueAsString(live));

    if (Boolean.getBoolean("rag.openapi.update")) {
      Files.createDirectories(COMMITTED.getParent());
      Files.writeString(COMMITTED, JSON.writeValueAsString(live) + "\n");
    }

    assertThat(Files.exists(COMMITTED))
        .as(COMMITTED + " is missing; regenerate it (see this class's Javadoc)")
        .isTrue();
    JsonNode committed = JSON.readTree(Files.readString(COMMITTED));
    assertThat(JSON.writeValueAsString(live))
        .as(
            "the gateway's /v3/api-docs/public differs from api/openapi.json; if the change is"
                + " intended, regenerate the file (see PublicApiDocumentTest's Javadoc)")
        .isEqualTo(JSON.writeValueAsString(committed));
    assertThat(live.path("servers").path(0).path("url").asString()).isEqualTo("/");
    assertThat(live.path("paths").propertyNames())
        .contains(
            "/v1/collections/{collection}/documents",
            "/v1/ingest-jobs/{id}",
            "/v1/answers",
            "/v1/admin/keys");
  }

  private static JsonNode fetch(RunningPlatform platform) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(platform.gateway() + "/v3/api-docs/public"))
                    .timeout(Duration.ofSeconds(60))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
