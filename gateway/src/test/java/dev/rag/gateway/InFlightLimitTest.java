package dev.rag.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.gateway.auth.ApiKey;
import dev.rag.gateway.auth.ApiKeySecrets;
import dev.rag.gateway.auth.ApiKeyStore;
import dev.rag.gateway.auth.Role;
import dev.rag.testing.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Overload at the gateway: with {@code rag.gateway.max-in-flight=2} and a retrieval service that
 * holds each request for 1.5 s, a burst of eight gets two answers and six immediate 503s with
 * {@code Retry-After: 1} (counted in {@code rag_gateway_shed_total}), nothing else; once the burst
 * is over the next request is answered again.
 */
class InFlightLimitTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path state;

  @Test
  void aBurstOverTheLimitIsShedWithRetryAfterNotQueued() throws Exception {
    try (UpstreamStandIn upstream = new UpstreamStandIn();
        ConfigurableApplicationContext gateway =
            gateway(upstream, "--rag.gateway.max-in-flight=2")) {
      int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
      String key = appKey(gateway);
      List<Callable<HttpResponse<String>>> burst = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        burst.add(() -> retrieve(port, key, "slow-upstream"));
      }
      List<HttpResponse<String>> answers = new ArrayList<>();
      try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
        for (Future<HttpResponse<String>> future : executor.invokeAll(burst)) {
          answers.add(future.get());
        }
      }
      List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
      assertThat(statuses).containsOnly(200, 503);
      // Two at a time: a request that starts only after an admitted one finished may pass too.
      assertThat(statuses.stream().filter(s -> s == 200).count()).isBetween(1L, 4L);
      long shed = statuses.stream().filter(s -> s == 503).count();
      assertThat(shed).isGreaterThanOrEqualTo(4);
      assertThat(answers)
          .filteredOn(a -> a.statusCode() == 503)
          .allSatisfy(
              a -> {
                assertThat(a.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(a.body()).contains("urn:rag:problem:upstream-unavailable");
              });
      MeterRegistry meters = gateway.getBean(MeterRegistry.class);
      assertThat(meters.get("rag.gateway.shed").tag("route", "retrieval").counter().count())
          .isEqualTo(shed);

      assertThat(retrieve(port, key, "after the burst").statusCode()).isEqualTo(200);
    }
  }

  /**
   * A service that sheds load answers 503 with {@code Retry-After}: the gateway passes that on and
   * keeps the route's circuit closed (an open circuit would refuse the share the service can still
   * serve); 503s without it are failures and open the circuit as before.
   */
  @Test
  void aServiceSheddingLoadKeepsItsCircuitClosedAFailingOneOpensIt() throws Exception {
    try (UpstreamStandIn upstream = new UpstreamStandIn();
        ConfigurableApplicationContext gateway = gateway(upstream)) {
      int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
      String key = appKey(gateway);
      for (int i = 0; i < 40; i++) {
        HttpResponse<String> busy = retrieve(port, key, "busy-upstream");
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(busy.body())
            .as("answered by the service, not by an open circuit")
            .doesNotContain("circuit");
      }
      assertThat(retrieve(port, key, "after shedding").statusCode()).isEqualTo(200);

      HttpResponse<String> broken = null;
      for (int i = 0; i < 40; i++) {
        broken = retrieve(port, key, "broken-upstream");
        if (broken.body().contains("circuit")) {
          break;
        }
      }
      assertThat(broken.body()).as("a failing service opens the circuit").contains("\"circuit\"");
    }
  }

  /** A gateway (embedded profile) routing retrieval to {@code upstream}, with {@code settings}. */
  private ConfigurableApplicationContext gateway(UpstreamStandIn upstream, String... settings) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--rag.state-dir=" + state,
                "--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
                "--rag.gateway.index-events.topic=gateway-shed-test." + UUID.randomUUID(),
                "--rag.gateway.retrieval-url=" + upstream.uri()));
    args.addAll(List.of(settings));
    return new SpringApplicationBuilder(GatewayApplication.class)
        .profiles("embedded")
        .run(args.toArray(String[]::new));
  }

  private static String appKey(ConfigurableApplicationContext gateway) {
    String key = ApiKeySecrets.newSecret();
    gateway
        .getBean(ApiKeyStore.class)
        .add(
            new ApiKey(
                ApiKeySecrets.newId(),
                "load test",
                ApiKeySecrets.hash(key),
                Role.APP,
                List.of("shed"),
                Instant.now(),
                null));
    return key;
  }

  private static HttpResponse<String> retrieve(int port, String key, String query)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/retrieve"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + query + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
