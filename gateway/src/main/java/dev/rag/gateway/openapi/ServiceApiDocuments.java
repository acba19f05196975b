package dev.rag.gateway.openapi;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.support.security.ServiceToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads a service's own OpenAPI document ({@code /v3/api-docs}, behind the service token). A
 * service that cannot be read makes the public document a 503: a document silently missing that
 * service's operations would generate a client without them.
 */
final class ServiceApiDocuments {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ServiceToken token;

  ServiceApiDocuments(ServiceToken token) {
    this.token = token;
  }

  String read(String service, URI baseUrl) {
    URI uri = baseUrl.resolve("/v3/api-docs");
    HttpRequest request = token.applyTo(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw unavailable(service, "answered " + response.statusCode(), null);
      }
      return response.body();
    } catch (IOException e) {
      throw unavailable(service, "cannot be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(service, "was not read (interrupted)", e);
    }
  }

  private static ApiException unavailable(String service, String what, Throwable cause) {
    return new ApiException(
        ProblemType.UPSTREAM_UNAVAILABLE,
        "the public API document needs " + service + "-service's, which " + what,
        cause);
  }
}
