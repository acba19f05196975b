package dev.rag.gateway.status;

import dev.rag.contracts.security.ServiceHeaders;
import dev.rag.support.security.ServiceToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks one service for its health ({@code /actuator/health} with the service token, so the answer
 * holds its components). Only states travel on: component details (paths, model names, database
 * URLs) stay inside the platform.
 */
final class ServiceHealth {

  /**
   * One service's health.
   *
   * @param name the service ({@code ingest}, {@code embedding}, ...)
   * @param status {@code UP}, {@code DOWN}, {@code OUT_OF_SERVICE}, or {@code UNREACHABLE} when it
   *     did not answer
   * @param components each health component's status, e.g. {@code kafka: UP}
   * @param detail why it is unreachable, null otherwise
   */
  record ServiceStatus(String name, String status, Map<String, String> components, String detail) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;
  private final ServiceToken token;
  private final Duration timeout;

  ServiceHealth(ServiceToken token, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.token = token;
    this.timeout = timeout;
  }

  ServiceStatus check(String name, URI base) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/actuator/health")).timeout(timeout).GET();
    if (token.configured()) {
      request.header(ServiceHeaders.SERVICE_TOKEN, token.value());
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      Map<String, String> components = new LinkedHashMap<>();
      body.path("components")
          .properties()
          .forEach(
              e -> components.put(e.getKey(), e.getValue().path("status").asString("UNKNOWN")));
      return new ServiceStatus(name, body.path("status").asString("UNKNOWN"), components, null);
    } catch (IOException | RuntimeException e) {
      return new ServiceStatus(name, "UNREACHABLE", Map.of(), e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ServiceStatus(name, "UNREACHABLE", Map.of(), "interrupted");
    }
  }
}
