package dev.rag.e2e.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Prometheus server of our own for one test run: Debian's binary on a free local port, a
 * temporary storage folder, a 2 s scrape interval over the given services (job {@code rag}, as in
 * {@code ops/prometheus/prometheus.yml}) and the platform's alert rules loaded.
 */
final class PrometheusServer implements AutoCloseable {

  static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final URI base;
  private final Path log;

  private PrometheusServer(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /** The binary, found on the PATH as {@code ops/local/infra up prometheus} installs it. */
  static Path binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "prometheus is not installed: run ops/local/infra up prometheus");
  }

  static PrometheusServer start(Path work, Map<String, Integer> servicePorts, Path rulesDir)
      throws Exception {
    Files.createDirectories(work.resolve("data"));
    String targets =
        servicePorts.values().stream()
            .sorted()
            .map(p -> "\"127.0.0.1:" + p + "\"")
            .collect(Collectors.joining(", "));
    Path config = work.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: %1$ds
          evaluation_interval: %1$ds
        rule_files:
          - %2$s/*.yml
        scrape_configs:
          - job_name: rag
            metrics_path: /actuator/prometheus
            static_configs:
              - targets: [%3$s]
        """
            .formatted(SCRAPE_INTERVAL.toSeconds(), rulesDir.toAbsolutePath(), targets));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = work.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                binary().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server =
        new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!server.ready()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException(
            "prometheus did not become ready:\n" + Files.readString(log));
      }
      Thread.sleep(250);
    }
    return server;
  }

  private boolean ready() {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(base.resolve("/-/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** An instant query; the whole answer ({@code status}, {@code data.result} or {@code error}). */
  JsonNode query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** Series in the answer of a successful query (0 for an error). */
  int series(String promql) {
    JsonNode answer = query(promql);
    return "success".equals(answer.path("status").asString())
        ? answer.path("data").path("result").size()
        : 0;
  }

  JsonNode targets() {
    return get("/api/v1/targets");
  }

  JsonNode rules() {
    return get("/api/v1/rules");
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode get(String pathAndQuery) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // Prometheus answers 400/422 with a JSON error body: that is a result, not a transport
      // failure.
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
