package dev.rag.gateway;

import dev.rag.testing.Infrastructure;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A production gateway (PostgreSQL key store, Redis limits and cache, Kafka index epochs) started
 * in this JVM as another process would run it: instances of one {@code run} share their key prefix,
 * bootstrap key file and index-events topic, so they behave as replicas of one deployment.
 */
final class ProductionGateways {

  private ProductionGateways() {}

  static ConfigurableApplicationContext start(
      URI upstream, String topic, String run, int rateCapacity, String refillPerSecond) {
    var postgres = Infrastructure.postgres();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.data.redis.url=" + Infrastructure.redisUrl(),
                "--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
                "--rag.gateway.index-events.topic=" + topic,
                "--rag.gateway.redis-key-prefix=rag:gateway-test:" + run + ":",
                "--rag.gateway.keys.bootstrap-file=target/gateway-test-"
                    + run
                    + "/bootstrap-admin.key",
                "--rag.gateway.rate-limit.capacity=" + rateCapacity,
                "--rag.gateway.rate-limit.refill-per-second=" + refillPerSecond));
    for (String service : List.of("ingest", "embedding", "retrieval", "rerank", "generation")) {
      args.add("--rag.gateway." + service + "-url=" + upstream);
    }
    return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
  }
}
