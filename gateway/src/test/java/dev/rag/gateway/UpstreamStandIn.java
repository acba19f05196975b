package dev.rag.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rag.contracts.embedding.QueryEmbeddingResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for the services behind the gateway (the real ones run in e2e-tests): one JDK HTTP
 * server answering the upstream paths the gateway routes, recording every request it received.
 * Answers name the collection, question and a call number, so a test can tell a cached answer from
 * a fresh one and one collection's answer from another's. Query embeddings (retrieval-service's
 * {@code /v1/query-embeddings}) are deterministic: registered vectors for chosen texts, otherwise a
 * pseudo-random vector seeded by the text.
 */
final class UpstreamStandIn implements AutoCloseable {

  /** One request as the stand-in received it. */
  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, float[]> embeddings = new ConcurrentHashMap<>();
  private final AtomicInteger answerCalls = new AtomicInteger();

  UpstreamStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void embedding(String text, float... vector) {
    embeddings.put(text, vector);
  }

  int answerCalls() {
    return answerCalls.get();
  }

  List<Received> received(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  Received last(String path) {
    List<Received> matching = received(path);
    return matching.isEmpty() ? null : matching.getLast();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    received.add(
        new Received(
            exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
    try {
      switch (path) {
        case "/v1/answers" -> answer(exchange, (ObjectNode) JSON.readTree(body));
        case "/actuator/health" ->
            send(
                exchange,
                200,
                "application/json",
                "{\"status\":\"UP\",\"components\":{\"kafka\":{\"status\":\"UP\","
                    + "\"details\":{\"secret\":\"internal detail\"}}}}");
        case "/v1/query-embeddings" ->
            embed(exchange, JSON.readTree(body).path("query").asString());
        case "/v1/retrieve" -> {
          if (body.contains("busy-upstream") || body.contains("broken-upstream")) {
            // At capacity (shedding, asks for a retry) or failing (no Retry-After).
            if (body.contains("busy-upstream")) {
              exchange.getResponseHeaders().add("Retry-After", "1");
            }
            send(
                exchange,
                503,
                "application/problem+json",
                "{\"type\":\"urn:rag:problem:upstream-unavailable\",\"status\":503}");
            return;
          }
          if (body.contains("slow-upstream")) {
            try {
              Thread.sleep(1500); // a saturated service: requests stay in flight
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          send(
              exchange,
              200,
              "application/json",
              JSON.writeValueAsString(Map.of("received", JSON.readTree(body))));
        }
        default ->
            send(
                exchange,
                path.endsWith("/fail") ? 500 : 200,
                "application/json",
                JSON.writeValueAsString(
                    Map.of("method", exchange.getRequestMethod(), "path", path)));
      }
    } finally {
      exchange.close();
    }
  }

  private void answer(HttpExchange exchange, ObjectNode request) throws IOException {
    int call = answerCalls.incrementAndGet();
    String collection = request.path("collection").asString("(default)");
    String text =
        "answer " + call + " from " + collection + " to: " + request.path("question").asString();
    if (!request.path("stream").asBoolean(false)) {
      send(
          exchange,
          200,
          "application/json",
          JSON.writeValueAsString(Map.of("answer", text, "collection", collection, "call", call)));
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (String event :
          List.of(
              "event:sources\ndata:{\"collection\":\"" + collection + "\"}\n\n",
              "event:delta\ndata:{\"text\":\"answer " + call + "\"}\n\n",
              "event:delta\ndata:{\"text\":\" from " + collection + "\"}\n\n",
              "event:done\ndata:"
                  + JSON.writeValueAsString(Map.of("answer", text, "call", call))
                  + "\n\n")) {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  private void embed(HttpExchange exchange, String input) throws IOException {
    float[] vector = embeddings.get(input);
    if (vector == null) {
      java.util.Random random = new java.util.Random(input.hashCode());
      vector = new float[16];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) random.nextGaussian();
      }
    }
    send(
        exchange,
        200,
        "application/json",
        JSON.writeValueAsString(new QueryEmbeddingResponse("stand-in", vector, false)));
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
