package dev.rag.generation.rerank;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.support.security.ServiceToken;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline never fails because reranking did: refused connections, slow or broken responses and
 * an open circuit all keep the fused order and say why. The happy path reads the shared contract's
 * JSON here and runs against the real rerank-service end to end.
 */
class RerankClientTest {

  private static final List<String> PASSAGES = List.of("a", "b", "c", "d");

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private HttpServer faultyServer;

  @AfterEach
  void stopServer() {
    if (faultyServer != null) {
      faultyServer.stop(0);
    }
  }

  @Test
  void readsTheRerankersOrderAndScoresFromTheSharedContract() throws IOException {
    AtomicReference<String> request = new AtomicReference<>();
    faultyServer =
        server(
            exchange -> {
              request.set(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
              byte[] body =
                  ("{\"id\":\"r1\",\"model\":\"cross\",\"reranked\":true,\"results\":"
                          + "[{\"index\":2,\"relevance_score\":3.5},"
                          + "{\"index\":0,\"relevance_score\":1.25}]}")
                      .getBytes(UTF_8);
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
              exchange.close();
            });
    RerankClient client = client(uri(faultyServer), Duration.ofSeconds(2));

    RerankOutcome outcome = client.rerank("q", PASSAGES, 2);

    assertThat(request.get())
        .isEqualTo("{\"query\":\"q\",\"documents\":[\"a\",\"b\",\"c\",\"d\"],\"top_n\":2}");
    assertThat(outcome.reranked()).isTrue();
    assertThat(outcome.model()).isEqualTo("cross");
    assertThat(outcome.order()).containsExactly(2, 0);
    assertThat(outcome.scores()).containsExactly(3.5f, 1.25f);
    assertThat(outcome.degraded()).isFalse();
  }

  @Test
  void refusedConnectionKeepsTheFusedOrderAndSaysSo() throws IOException {
    RerankClient client =
        client(URI.create("http://127.0.0.1:" + closedPort()), Duration.ofSeconds(1));

    RerankOutcome outcome = client.rerank("q", PASSAGES, 3);

    assertThat(outcome.reranked()).isFalse();
    assertThat(outcome.order()).containsExactly(0, 1, 2);
    assertThat(outcome.degradedReason()).startsWith("rerank-service unavailable");
    assertThat(meters.counter("rag.generation.rerank.degraded").count()).isEqualTo(1.0);
  }

  @Test
  void aSlowRerankerTimesOutInsteadOfHoldingTheAnswer() throws IOException {
    faultyServer =
        server(
            exchange -> {
              sleep(Duration.ofSeconds(3));
              exchange.sendResponseHeaders(200, -1);
              exchange.close();
            });
    RerankClient client = client(uri(faultyServer), Duration.ofMillis(300));

    RerankOutcome outcome = client.rerank("q", PASSAGES, 4);

    assertThat(outcome.reranked()).isFalse();
    assertThat(outcome.order()).containsExactly(0, 1, 2, 3);
    assertThat(outcome.degraded()).isTrue();
  }

  @Test
  void repeatedFailuresOpenTheCircuitSoCallsStopWaiting() throws IOException {
    faultyServer =
        server(
            exchange -> {
              exchange.sendResponseHeaders(500, -1);
              exchange.close();
            });
    RerankClient client = client(uri(faultyServer), Duration.ofSeconds(1));

    for (int i = 0; i < 5; i++) {
      assertThat(client.rerank("q", PASSAGES, 2).degradedReason())
          .startsWith("rerank-service unavailable");
    }
    assertThat(client.rerank("q", PASSAGES, 2).degradedReason()).isEqualTo("rerank circuit open");
  }

  private RerankClient client(URI rerankUrl, Duration timeout) {
    var properties =
        GenerationProperties.defaults(null, URI.create("http://127.0.0.1:1"), rerankUrl)
            .withRerankTimeout(timeout);
    var breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .build());
    return new RerankClient(
        properties, breakers, meters, new ServiceToken(""), ObservationRegistry.NOOP);
  }

  private static HttpServer server(com.sun.net.httpserver.HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/rerank", handler);
    server.start();
    return server;
  }

  private static URI uri(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
