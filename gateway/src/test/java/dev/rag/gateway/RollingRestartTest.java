package dev.rag.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rag.gateway.auth.ApiKey;
import dev.rag.gateway.auth.ApiKeySecrets;
import dev.rag.gateway.auth.ApiKeyStore;
import dev.rag.gateway.auth.Role;
import dev.rag.testing.Infrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two production gateways (PostgreSQL keys, Redis limits and cache) behind a load balancer that
 * behaves like a Kubernetes Service: a terminating instance leaves the endpoints at once, its
 * preStop pause lets requests already routed to it arrive, then it stops gracefully; a new instance
 * joins once its readiness probe passes. Restarting one instance, then the other, under steady
 * traffic whose requests are always in flight (the upstream takes 300 ms) loses no request.
 */
class RollingRestartTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String TOPIC = "gateway-rolling-test." + RUN;
  private static final String COLLECTION = "rolling-" + RUN;
  private static final Duration PRE_STOP = Duration.ofMillis(500);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The Service's endpoints: the ports of instances that are ready and not terminating. */
  private final List<Integer> endpoints = new CopyOnWriteArrayList<>();

  private final AtomicInteger turn = new AtomicInteger();

  @Test
  void restartingEachOfTwoInstancesInTurnLosesNoRequest() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
    try (UpstreamStandIn upstream = new UpstreamStandIn()) {
      ConfigurableApplicationContext first = start(upstream);
      ConfigurableApplicationContext second = start(upstream);
      String key = key(first.getBean(ApiKeyStore.class));
      endpoints.add(port(first));
      endpoints.add(port(second));

      AtomicBoolean running = new AtomicBoolean(true);
      Queue<String> outcomes = new ConcurrentLinkedQueue<>();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        clients.add(Thread.ofVirtual().start(() -> send(key, running, outcomes)));
      }
      try {
        Thread.sleep(1000);
        first = restart(first, upstream);
        second = restart(second, upstream);
        Thread.sleep(1000);
      } finally {
        running.set(false);
        for (Thread client : clients) {
          client.join();
        }
        first.close();
        second.close();
      }

      Map<String, Long> counted =
          outcomes.stream().collect(Collectors.groupingBy(o -> o, Collectors.counting()));
      assertThat(counted).as("every request answered 200").containsOnlyKeys("200");
      assertThat(counted.get("200")).as("steady traffic throughout").isGreaterThan(20);
    }
  }

  /** One instance out and back: leave the endpoints, preStop pause, graceful stop, new instance. */
  private ConfigurableApplicationContext restart(
      ConfigurableApplicationContext instance, UpstreamStandIn upstream) throws Exception {
    endpoints.remove(Integer.valueOf(port(instance)));
    Thread.sleep(PRE_STOP.toMillis());
    instance.close();
    ConfigurableApplicationContext replacement = start(upstream);
    int port = port(replacement);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get(port, "/actuator/health/readiness").statusCode() == 200);
    endpoints.add(port);
    return replacement;
  }

  /** A client of the Service: round robin over the endpoints, each outcome recorded. */
  private void send(String key, AtomicBoolean running, Queue<String> outcomes) {
    while (running.get()) {
      int port = endpoints.get(Math.floorMod(turn.getAndIncrement(), endpoints.size()));
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/retrieve"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"query\":\"slow-upstream\",\"collection\":\"" + COLLECTION + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        outcomes.add(
            response.statusCode() == 200 ? "200" : response.statusCode() + " " + response.body());
      } catch (Exception e) {
        outcomes.add(e.toString());
      }
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String key(ApiKeyStore keys) {
    String secret = ApiKeySecrets.newSecret();
    keys.add(
        new ApiKey(
            ApiKeySecrets.newId(),
            "rolling restart",
            ApiKeySecrets.hash(secret),
            Role.APP,
            List.of(COLLECTION),
            Instant.now(),
            null));
    return secret;
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** A production gateway: same PostgreSQL, Redis, topic and upstreams as its sibling. */
  private static ConfigurableApplicationContext start(UpstreamStandIn upstream) {
    return ProductionGateways.start(upstream.uri(), TOPIC, "rolling-" + RUN, 100_000, "100000");
  }
}
