package dev.rag.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.testing.Infrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;

/**
 * A request that reaches the gateway while it starts: Tomcat already accepts connections when the
 * context's refresh event is still on its way to the proxy (which reads its header filters then). A
 * listener ordered before every other one sends a proxied request exactly in that window; before
 * the fix it was answered 500 ({@code UnsupportedOperationException} in {@code
 * ReadOnlyHttpHeaders.remove}), now 503 with {@code Retry-After}, and the same request passes once
 * the gateway is ready.
 */
class GatewayStartupTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path state;

  @Test
  void aProxiedRequestDuringStartIsAskedToRetryNeverAnswered500() throws Exception {
    AtomicReference<HttpResponse<String>> duringStart = new AtomicReference<>();
    try (UpstreamStandIn upstream = new UpstreamStandIn()) {
      SpringApplicationBuilder builder =
          new SpringApplicationBuilder(GatewayApplication.class)
              .profiles("embedded")
              .listeners(new EarlyRequest(state, duringStart));
      try (ConfigurableApplicationContext gateway =
          builder.run(
              "--server.port=0",
              "--rag.state-dir=" + state,
              "--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
              "--rag.gateway.index-events.topic=gateway-startup-test." + UUID.randomUUID(),
              "--rag.gateway.ingest-url=" + upstream.uri())) {
        HttpResponse<String> early = duringStart.get();
        assertThat(early).as("the listener sent its request while the gateway started").isNotNull();
        assertThat(early.statusCode()).as(early.body()).isEqualTo(503);
        assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(early.body()).contains("urn:rag:problem:upstream-unavailable");

        HttpResponse<String> ready = jobRequest(state, port(gateway));
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      }
    }
  }

  /** Runs before every other listener of the refresh event, the proxy's included. */
  private record EarlyRequest(Path state, AtomicReference<HttpResponse<String>> answer)
      implements ApplicationListener<ContextRefreshedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
      if (event.getApplicationContext() instanceof ConfigurableApplicationContext context
          && context.getEnvironment().getProperty("local.server.port") != null) {
        answer.set(jobRequest(state, port(context)));
      }
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  private static HttpResponse<String> jobRequest(Path state, int port) {
    try {
      String key = Files.readString(state.resolve("gateway/bootstrap-admin.key")).strip();
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/ingest-jobs/job-1"))
              .header("Authorization", "Bearer " + key)
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
