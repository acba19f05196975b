package dev.rag.ops.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;

/**
 * The few Kubernetes API calls Helm's {@code lookup} makes (discovery of {@code v1}, then GET of
 * one Secret), answered from memory. The chart reads its service-token Secret back so upgrades keep
 * the token; helm-java renders with the cluster connection on, so without this the renders would
 * fail, or worse, read a real cluster from the developer's kubeconfig. The surefire configuration
 * points {@code KUBECONFIG} at the file this writes.
 */
final class FakeKubernetes {

  private static final Pattern SECRET =
      Pattern.compile("/api/v1/namespaces/([^/]+)/secrets/([^/?]+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeKubernetes instance;

  private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();
  private final List<String> requests = new ArrayList<>();

  private FakeKubernetes() {}

  /** Started once per test run; writes the kubeconfig {@code KUBECONFIG} names. */
  static synchronized FakeKubernetes instance() {
    if (instance == null) {
      String kubeconfig = System.getenv("KUBECONFIG");
      if (kubeconfig == null || !kubeconfig.endsWith("fake-kubeconfig.yaml")) {
        throw new IllegalStateException(
            "run the Helm checks with KUBECONFIG=<ops/checks/target>/fake-kubeconfig.yaml"
                + " (as surefire does): the chart's lookup must not reach a real cluster, but it is "
                + kubeconfig);
      }
      FakeKubernetes fake = new FakeKubernetes();
      fake.start(Path.of(kubeconfig));
      instance = fake;
    }
    return instance;
  }

  private void start(Path kubeconfig) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::handle);
      server.setExecutor(null);
      server.start();
      Files.createDirectories(kubeconfig.getParent());
      Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          clusters:
            - name: fake
              cluster:
                server: http://127.0.0.1:%d
          users:
            - name: fake
              user: {}
          contexts:
            - name: fake
              context: {cluster: fake, user: fake, namespace: rag}
          current-context: fake
          """
              .formatted(server.getAddress().getPort()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes a Secret exist (string values, stored base64 as the API does) until {@link #clear()}. */
  void putSecret(String namespace, String name, Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    secrets.put(namespace + "/" + name, encoded);
  }

  void clear() {
    secrets.clear();
    synchronized (requests) {
      requests.clear();
    }
  }

  /** "GET /path" of every request since the last {@link #clear()}. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    synchronized (requests) {
      requests.add(exchange.getRequestMethod() + " " + path);
    }
    Matcher secret = SECRET.matcher(path);
    if (!exchange.getRequestMethod().equals("GET")) {
      respond(exchange, 405, status(405, "MethodNotAllowed"));
    } else if (path.equals("/api/v1")) {
      respond(
          exchange,
          200,
          Map.of(
              "kind",
              "APIResourceList",
              "apiVersion",
              "v1",
              "groupVersion",
              "v1",
              "resources",
              List.of(
                  Map.of(
                      "name",
                      "secrets",
                      "singularName",
                      "secret",
                      "namespaced",
                      true,
                      "kind",
                      "Secret",
                      "verbs",
                      List.of("get", "list")))));
    } else if (secret.matches() && secrets.containsKey(secret.group(1) + "/" + secret.group(2))) {
      respond(
          exchange,
          200,
          Map.of(
              "kind",
              "Secret",
              "apiVersion",
              "v1",
              "type",
              "Opaque",
              "metadata",
              Map.of("name", secret.group(2), "namespace", secret.group(1)),
              "data",
              secrets.get(secret.group(1) + "/" + secret.group(2))));
    } else {
      respond(exchange, 404, status(404, "NotFound"));
    }
  }

  private static Map<String, Object> status(int code, String reason) {
    return Map.of(
        "kind", "Status", "apiVersion", "v1", "status", "Failure", "reason", reason, "code", code);
  }

  private static void respond(HttpExchange exchange, int code, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
