package dev.rag.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real Kafka broker, PostgreSQL (with pgvector) and Redis for this test JVM. An explicit {@code
 * RAG_*} variable wins; otherwise a Docker engine means containers (started once per JVM);
 * otherwise the {@code ops/local} defaults on 127.0.0.1. A service that cannot be reached fails the
 * test with the command that fixes it, never a silent skip.
 */
public final class Infrastructure {

  private static final String FIX =
      "start it with './ops/local/infra up' (or set the RAG_* variables)";

  private static volatile Boolean docker;
  private static KafkaContainer kafka;
  private static PostgreSQLContainer postgres;
  private static GenericContainer<?> redis;

  private Infrastructure() {}

  /** Connection settings of a PostgreSQL database. */
  public record Postgres(String jdbcUrl, String user, String password) {}

  public static synchronized String kafkaBootstrap() {
    String configured = System.getenv("RAG_KAFKA_BOOTSTRAP");
    if (configured == null && dockerAvailable()) {
      if (kafka == null) {
        kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.2"));
        kafka.start();
      }
      return kafka.getBootstrapServers();
    }
    String bootstrap = configured != null ? configured : "127.0.0.1:9092";
    requireReachable("Kafka broker", bootstrap.split(",")[0]);
    return bootstrap;
  }

  public static synchronized Postgres postgres() {
    String url = System.getenv("RAG_PG_URL");
    if (url == null && dockerAvailable()) {
      if (postgres == null) {
        postgres =
            new PostgreSQLContainer(
                DockerImageName.parse("pgvector/pgvector:pg15")
                    .asCompatibleSubstituteFor("postgres"));
        postgres.start();
      }
      return new Postgres(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
    }
    String jdbcUrl = url != null ? url : "jdbc:postgresql://127.0.0.1:5432/rag";
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    requireReachable(
        "PostgreSQL", uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()));
    return new Postgres(jdbcUrl, env("RAG_PG_USER", "postgres"), env("RAG_PG_PASSWORD", ""));
  }

  public static synchronized String redisUrl() {
    String url = System.getenv("RAG_REDIS_URL");
    if (url == null && dockerAvailable()) {
      if (redis == null) {
        redis = new GenericContainer<>(DockerImageName.parse("redis:7.4")).withExposedPorts(6379);
        redis.start();
      }
      return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }
    String redisUrl = url != null ? url : "redis://127.0.0.1:6379";
    URI uri = URI.create(redisUrl);
    requireReachable("Redis", uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort()));
    return redisUrl;
  }

  /** Points Spring's Kafka settings at the test broker. */
  public static void registerKafka(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", Infrastructure::kafkaBootstrap);
  }

  /** Points Spring's data source at the test database. */
  public static void registerPostgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> postgres().jdbcUrl());
    registry.add("spring.datasource.username", () -> postgres().user());
    registry.add("spring.datasource.password", () -> postgres().password());
  }

  private static boolean dockerAvailable() {
    if (docker == null) {
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException e) {
        docker = false;
      }
    }
    return docker;
  }

  private static void requireReachable(String what, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(what + " at " + hostPort + " is not reachable: " + FIX, e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value != null ? value : fallback;
  }
}
