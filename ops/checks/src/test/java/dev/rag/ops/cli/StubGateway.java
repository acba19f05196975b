package dev.rag.ops.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the gateway on a free port: fixed answers per {@code METHOD PATH}, replayed in
 * order (the last one repeats), and every request's method, path and Authorization header.
 */
final class StubGateway implements AutoCloseable {

  record Answer(int status, String contentType, String body) {}

  private final HttpServer server;
  private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  StubGateway() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers {@code METHOD PATH} with these JSON bodies, one per call, the last repeating. */
  StubGateway on(String methodAndPath, int status, String... jsonBodies) {
    String type = status >= 400 ? "application/problem+json" : "application/json";
    answers.put(
        methodAndPath,
        java.util.Arrays.stream(jsonBodies).map(b -> new Answer(status, type, b)).toList());
    return this;
  }

  /** Answers {@code METHOD PATH} with these answers, one per call, the last repeating. */
  StubGateway sequence(String methodAndPath, Answer... sequence) {
    answers.put(methodAndPath, List.of(sequence));
    return this;
  }

  /** A JSON answer, a problem detail from 400 on. */
  static Answer json(int status, String body) {
    return new Answer(
        status, status >= 400 ? "application/problem+json" : "application/json", body);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    exchange.getRequestBody().readAllBytes();
    requests.add(key + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
    List<Answer> list = answers.get(key);
    Answer answer =
        list == null
            ? new Answer(404, "application/problem+json", "{\"detail\":\"no route " + key + "\"}")
            : list.get(
                Math.min(
                    calls.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement(),
                    list.size() - 1));
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
