package dev.rag.e2e;

import dev.rag.e2e.tracing.OtlpTraceReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one platform all end-to-end test classes share: started with {@code ./rag up} (embedded
 * defaults, ports 1808x, state in {@code target/e2e-state}) by the first class that asks for it,
 * stopped by {@code PlatformLifecycleTest} (which runs last and checks that {@code ./rag down}
 * leaves no process behind), with a shutdown hook as the safety net when a run is cut short.
 * Starting it costs minutes on a small machine, so no class starts its own. Every service exports
 * all its spans ({@code RAG_OTLP_ENDPOINT}, sampling 1.0) to an {@link OtlpTraceReceiver} in this
 * JVM on {@link #OTLP_PORT}, started with the platform.
 */
public final class RunningPlatform {

  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  public static final Path STATE = Path.of("target/e2e-state").toAbsolutePath();
  public static final Map<String, Integer> PORTS =
      Map.of(
          "gateway",
          18080,
          "ingest-service",
          18081,
          "embedding-service",
          18082,
          "retrieval-service",
          18083,
          "rerank-service",
          18084,
          "generation-service",
          18085);

  /** Where the test JVM collects the platform's spans (OTLP/HTTP). */
  public static final int OTLP_PORT = 18318;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static RunningPlatform instance;
  private static OtlpTraceReceiver traces;

  private final Command startup;

  private RunningPlatform(Command startup) {
    this.startup = startup;
  }

  /** The running platform, started on first use; fails the caller when {@code rag up} fails. */
  public static synchronized RunningPlatform get() {
    if (instance == null) {
      if (traces == null) {
        traces = OtlpTraceReceiver.start(OTLP_PORT);
      }
      Command up = rag("up");
      if (up.exitCode() != 0) {
        throw new IllegalStateException("./rag up failed:\n" + up.output());
      }
      instance = new RunningPlatform(up);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> rag("down")));
    }
    return instance;
  }

  /** Stops the shared platform ({@code ./rag down}); the next {@link #get()} starts a new one. */
  public static synchronized Command stop() {
    Command down = rag("down");
    instance = null;
    return down;
  }

  /** The spans every service of the shared platform exported. */
  public OtlpTraceReceiver traces() {
    return traces;
  }

  /** What {@code ./rag up} printed. */
  public Command startup() {
    return startup;
  }

  public URI gateway() {
    return URI.create("http://127.0.0.1:" + PORTS.get("gateway"));
  }

  public int port(String service) {
    Integer port = PORTS.get(service);
    if (port == null) {
      throw new IllegalArgumentException(
          "no service named " + service + "; known: " + PORTS.keySet());
    }
    return port;
  }

  /** Pid of each running service, from {@code rag up}'s pid files. */
  public static Map<String, Long> servicePids() {
    Map<String, Long> running = new TreeMap<>();
    try {
      for (String service : PORTS.keySet()) {
        Path pidFile = STATE.resolve("run/" + service + ".pid");
        if (Files.exists(pidFile)) {
          running.put(service, Long.parseLong(Files.readString(pidFile).trim()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return running;
  }

  public static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        authorized(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The bootstrap admin key of the gateway on {@code port} (written by the gateway into its state
   * directory: the shared platform's, or {@code extra-<port>} for a gateway a test started), or
   * null when {@code port} is no gateway with a key.
   */
  public static String apiKey(int port) {
    Path state = port == PORTS.get("gateway") ? STATE : STATE.resolve("extra-" + port);
    Path file = state.resolve("gateway/bootstrap-admin.key");
    try {
      return Files.exists(file) ? Files.readString(file).strip() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The service token {@code rag up} generated for the shared platform's internal services (they
   * refuse calls without it), or null before the platform started.
   */
  public static String serviceToken() {
    Path file = STATE.resolve("service-token");
    try {
      return Files.exists(file) ? Files.readString(file).strip() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds what {@code port} requires: the bootstrap admin key for a gateway, the service token for
   * one of the shared platform's internal services.
   */
  public static HttpRequest.Builder authorized(int port, HttpRequest.Builder request) {
    String key = apiKey(port);
    if (key != null) {
      return request.header("Authorization", "Bearer " + key);
    }
    String token = serviceToken();
    boolean internal = PORTS.values().contains(port) && port != PORTS.get("gateway");
    return internal && token != null ? request.header("X-Rag-Service-Token", token) : request;
  }

  public static HttpResponse<String> postJson(int port, String path, String json)
      throws IOException, InterruptedException {
    return HTTP.send(
        authorized(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The output and exit code of a {@code ./rag} command. */
  public record Command(int exitCode, String output) {}

  /** Runs {@code ./rag ARGS} against this platform's ports and state directory. */
  public static Command rag(String... args) {
    return rag(Map.of(), args);
  }

  /** {@link #rag(String...)} with more environment variables (e.g. {@code RAG_INGEST_BATCH}). */
  public static Command rag(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("rag").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    builder.environment().put("RAG_STATE_DIR", STATE.toString());
    builder.environment().put("RAG_SKIP_BUILD", "1");
    builder.environment().put("RAG_LOG_FORMAT", "ecs");
    builder.environment().put("RAG_OTLP_ENDPOINT", "http://127.0.0.1:" + OTLP_PORT);
    builder.environment().put("RAG_TRACE_SAMPLING", "1.0");
    PORTS.forEach(
        (service, port) ->
            builder
                .environment()
                .put(
                    "RAG_" + service.replace("-service", "").toUpperCase() + "_PORT",
                    port.toString()));
    builder.environment().put("RAG_INGEST_TIMEOUT", "600");
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes());
      return new Command(process.waitFor(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while running ./rag " + String.join(" ", args), e);
    }
  }
}
