package dev.rag.generation.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.contracts.retrieval.RetrievalMode;
import dev.rag.contracts.retrieval.RetrieveRequest;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.support.security.ServiceToken;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Without retrieval there is no answer, so its failures must reach the client as clear problems:
 * unreachable or failing → 503, too slow → 504, the client's own mistakes (404, 400) passed through
 * unchanged and without opening the circuit.
 */
class RetrievalClientTest {

  private static final RetrieveRequest REQUEST =
      RetrieveRequest.of("q", "c", 5, RetrievalMode.HYBRID);

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void anUnreachableRetrievalServiceIsServiceUnavailable() throws IOException {
    var client = client(URI.create("http://127.0.0.1:" + closedPort()), Duration.ofSeconds(1));

    ApiException e = catchThrowableOfType(ApiException.class, () -> client.retrieve(REQUEST));

    assertThat(e.type()).isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE);
    assertThat(e.properties()).containsEntry("upstream", "retrieval-service");
  }

  @Test
  void aSlowRetrievalServiceIsAGatewayTimeout() throws IOException {
    server = server(500, "", Duration.ofSeconds(3));
    var client = client(uri(), Duration.ofMillis(300));

    ApiException e = catchThrowableOfType(ApiException.class, () -> client.retrieve(REQUEST));

    assertThat(e.type()).isEqualTo(ProblemType.UPSTREAM_TIMEOUT);
  }

  @Test
  void anUnknownCollectionPassesThroughAsTheSameProblemAndLeavesTheCircuitClosed()
      throws IOException {
    server =
        server(
            404,
            "{\"type\":\"urn:rag:problem:not-found\",\"status\":404,"
                + "\"detail\":\"collection 'c' does not exist\"}",
            Duration.ZERO);
    var client = client(uri(), Duration.ofSeconds(1));

    for (int i = 0; i < 8; i++) {
      ApiException e = catchThrowableOfType(ApiException.class, () -> client.retrieve(REQUEST));
      assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND);
      assertThat(e.getMessage()).isEqualTo("collection 'c' does not exist");
    }
  }

  @Test
  void repeatedServerErrorsOpenTheCircuit() throws IOException {
    server = server(500, "{}", Duration.ZERO);
    var client = client(uri(), Duration.ofSeconds(1));

    for (int i = 0; i < 5; i++) {
      assertThat(
              catchThrowableOfType(ApiException.class, () -> client.retrieve(REQUEST)).getMessage())
          .startsWith("retrieval-service answered 500");
    }
    ApiException open = catchThrowableOfType(ApiException.class, () -> client.retrieve(REQUEST));
    assertThat(open.type()).isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE);
    assertThat(open.getMessage()).contains("circuit is open");
  }

  private RetrievalClient client(URI url, Duration timeout) {
    var defaults = GenerationProperties.defaults(null, url, URI.create("http://127.0.0.1:1"));
    var properties =
        new GenerationProperties(
            null,
            defaults.backend(),
            0,
            url,
            defaults.rerankUrl(),
            defaults.rerankTimeout(),
            timeout,
            20,
            5,
            "samples",
            4000,
            256,
            2048,
            0,
            0.3,
            3,
            defaults.kvCache(),
            16,
            defaults.generationTimeout(),
            defaults.device(),
            defaults.fallbackToJava(),
            defaults.activations(),
            defaults.speculation());
    var breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .build());
    return new RetrievalClient(
        properties, breakers, new ServiceToken(""), ObservationRegistry.NOOP);
  }

  private static HttpServer server(int status, String body, Duration delay) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext(
        "/v1/retrieve",
        exchange -> {
          try {
            Thread.sleep(delay);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    s.start();
    return s;
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
