package dev.rag.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.gateway.auth.ApiKey;
import dev.rag.gateway.auth.ApiKeySecrets;
import dev.rag.gateway.auth.ApiKeyStore;
import dev.rag.gateway.auth.Role;
import dev.rag.gateway.epochs.IndexEpochs;
import dev.rag.testing.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The production gateway with its own Redis (a {@code redis-server} this test starts on a spare
 * port and stops mid-test): while Redis is away answers keep flowing from generation-service (the
 * cache is bypassed, never a 500), rate limits fall back to per-instance buckets of the same size,
 * and {@code rag_gateway_redis_degraded} / {@code rag_gateway_redis_fallbacks_total} say so; once
 * Redis is back the shared cache is used again.
 */
class RedisOutageTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private Process redis;
  private int redisPort;

  @AfterEach
  void stopRedis() {
    if (redis != null) {
      redis.destroyForcibly();
    }
  }

  @Test
  void answersKeepFlowingAndLimitsFallBackWhileRedisIsAway() throws Exception {
    redisPort = freePort();
    startRedis();
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (UpstreamStandIn upstream = new UpstreamStandIn();
        ConfigurableApplicationContext gateway =
            new SpringApplicationBuilder(GatewayApplication.class)
                .run(arguments(run, upstream.uri()))) {
      int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
      String key = key(gateway.getBean(ApiKeyStore.class), "outage-" + run);
      MeterRegistry meters = gateway.getBean(MeterRegistry.class);
      String collection = "outage-" + run;
      IndexEpochs epochs = gateway.getBean(IndexEpochs.class);
      for (int i = 0; i < 300 && !epochs.caughtUp(); i++) {
        Thread.sleep(100); // no answer is cached before the index epochs are read
      }
      assertThat(epochs.caughtUp()).isTrue();

      HttpResponse<String> first = ask(port, key, "why is the sky blue " + run, collection);
      assertThat(first.headers().firstValue("X-Cache")).hasValue("miss");
      assertThat(
              ask(port, key, "why is the sky blue " + run, collection)
                  .headers()
                  .firstValue("X-Cache"))
          .as("the shared cache works while Redis is up")
          .hasValue("hit-exact");

      redis.destroyForcibly();
      assertThat(redis.waitFor(10, TimeUnit.SECONDS)).isTrue();

      // Answers keep flowing: every request answered by generation-service, none cached, no 5xx.
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> answer = ask(port, key, "why is the sky blue " + run, collection);
        statuses.add(answer.statusCode());
        assertThat(answer.headers().firstValue("X-Cache")).hasValue("miss");
      }
      assertThat(statuses).containsOnly(200);
      assertThat(meters.get("rag.gateway.redis.degraded").gauge().value()).isEqualTo(1.0);
      assertThat(
              meters
                  .get("rag.gateway.redis.fallbacks")
                  .tag("feature", "answer-cache")
                  .counter()
                  .count())
          .isPositive();
      assertThat(
              meters
                  .get("rag.gateway.redis.fallbacks")
                  .tag("feature", "rate-limit")
                  .counter()
                  .count())
          .isPositive();

      // Limits fall back to this instance's bucket of the same size (capacity 8, no refill to
      // speak of): the key is refused with 429 and Retry-After once it is spent, never a 500.
      int refusedAt = -1;
      for (int i = 0; i < 12 && refusedAt < 0; i++) {
        HttpResponse<String> answer = ask(port, key, "question " + i + " " + run, collection);
        if (answer.statusCode() == 429) {
          refusedAt = i;
          assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        } else {
          assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
      }
      assertThat(refusedAt).as("the per-instance bucket refuses once spent").isBetween(0, 8);

      // Redis back: the gateway asks it again after its retry interval and the cache works.
      startRedis();
      String fresh = key(gateway.getBean(ApiKeyStore.class), collection);
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      String cache = "";
      while (!cache.equals("hit-exact") && System.nanoTime() < deadline) {
        Thread.sleep(500);
        HttpResponse<String> answer = ask(port, fresh, "after the outage " + run, collection);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        cache = answer.headers().firstValue("X-Cache").orElse("");
      }
      assertThat(cache).as("the shared cache is used again").isEqualTo("hit-exact");
      assertThat(meters.get("rag.gateway.redis.degraded").gauge().value()).isZero();
    }
  }

  private String[] arguments(String run, URI upstream) {
    Infrastructure.Postgres pg = Infrastructure.postgres();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.datasource.url=" + pg.jdbcUrl(),
                "--spring.datasource.username=" + pg.user(),
                "--spring.datasource.password=" + pg.password(),
                "--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
                "--spring.data.redis.url=redis://127.0.0.1:" + redisPort,
                "--rag.gateway.index-events.topic=gateway-outage-test." + run,
                "--rag.gateway.redis-key-prefix=rag:gateway-outage-test:" + run + ":",
                "--rag.gateway.redis-retry-interval=1s",
                "--rag.gateway.keys.bootstrap-file=" + dir.resolve("bootstrap-admin.key"),
                "--rag.gateway.rate-limit.capacity=8",
                "--rag.gateway.rate-limit.refill-per-second=0.001",
                "--rag.gateway.cache.semantic=false"));
    for (String service : List.of("ingest", "embedding", "retrieval", "rerank", "generation")) {
      args.add("--rag.gateway." + service + "-url=" + upstream);
    }
    return args.toArray(String[]::new);
  }

  private void startRedis() throws IOException, InterruptedException {
    redis =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(redisPort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-" + System.nanoTime() + ".log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", redisPort)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("redis-server did not listen on " + redisPort);
  }

  private static String key(ApiKeyStore keys, String collection) {
    String secret = ApiKeySecrets.newSecret();
    keys.add(
        new ApiKey(
            ApiKeySecrets.newId(),
            "redis outage test",
            ApiKeySecrets.hash(secret),
            Role.APP,
            List.of(collection),
            Instant.now(),
            null));
    return secret;
  }

  private static HttpResponse<String> ask(int port, String key, String question, String collection)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/answers"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"question\":\"" + question + "\",\"collection\":\"" + collection + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
