package dev.rag.support.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.rag.contracts.security.ServiceHeaders;
import dev.rag.support.security.ServiceToken;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

class ServiceClientsTest {

  private HttpServer server;
  private final AtomicReference<String> token = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ok",
        exchange -> {
          token.set(exchange.getRequestHeaders().getFirst(ServiceHeaders.SERVICE_TOKEN));
          byte[] body = "fine".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/slow",
        exchange -> {
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void sendsTheServiceTokenToTheBaseUrl() {
    RestClient client =
        ServiceClients.create(base(), Duration.ofSeconds(2), new ServiceToken("s3"));

    assertThat(client.get().uri("/ok").retrieve().body(String.class)).isEqualTo("fine");
    assertThat(token.get()).isEqualTo("s3");
  }

  @Test
  void givesUpAfterTheReadTimeout() {
    RestClient client = ServiceClients.create(base(), Duration.ofMillis(200), new ServiceToken(""));

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.get().uri("/slow").retrieve().toBodilessEntity())
        .isInstanceOf(ResourceAccessException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
  }

  @Test
  void rejectsANonPositiveTimeoutAndARelativeUrl() {
    assertThatThrownBy(() -> ServiceClients.create(base(), Duration.ZERO, new ServiceToken("")))
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(
            () ->
                ServiceClients.create(
                    URI.create("/v1"), Duration.ofSeconds(1), new ServiceToken("")))
        .hasMessageContaining("absolute URL");
  }
}
