package dev.rag.eval.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rag.contracts.retrieval.RetrievalMode;
import dev.rag.contracts.retrieval.RetrieveRequest;
import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.contracts.retrieval.RetrievedChunk;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A web-slice stand-in for the gateway: answers {@code /v1/retrieve} from a table of (mode, query)
 * → document ids of the chunks, best first, {@code /v1/rerank} by reversing the documents (or like
 * rerank-service without a model), and the document registry from a list. Records every retrieve
 * request it saw.
 */
final class StubGateway implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final Map<String, List<String>> chunks = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<String, Boolean> degraded = new ConcurrentHashMap<>();
  final List<RetrieveRequest> retrieveRequests = Collections.synchronizedList(new ArrayList<>());
  volatile boolean rerankModel = true;

  /** How many retrieve requests still get a 429 with {@code Retry-After: 0} before being served. */
  final java.util.concurrent.atomic.AtomicInteger rateLimited =
      new java.util.concurrent.atomic.AtomicInteger();

  volatile List<Map<String, String>> registry = null;

  StubGateway() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/retrieve", this::retrieve);
    server.createContext("/v1/rerank", this::rerank);
    server.createContext("/v1/collections/", this::documents);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The chunks (as their document ids, best first) {@code mode} returns for {@code query}. */
  StubGateway answer(RetrievalMode mode, String query, String... documentIds) {
    chunks.put(mode.wireName() + "|" + query, List.of(documentIds));
    return this;
  }

  StubGateway fail(RetrievalMode mode, String query, int status) {
    failures.put(mode.wireName() + "|" + query, status);
    return this;
  }

  StubGateway degrade(RetrievalMode mode, String query) {
    degraded.put(mode.wireName() + "|" + query, true);
    return this;
  }

  private void retrieve(HttpExchange exchange) throws IOException {
    RetrieveRequest request =
        JSON.readValue(exchange.getRequestBody().readAllBytes(), RetrieveRequest.class);
    if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      exchange.getResponseHeaders().add("Retry-After", "0");
      send(
          exchange,
          429,
          Map.of("title", "Too many requests", "status", 429, "detail", "slow down"));
      return;
    }
    retrieveRequests.add(request);
    String key = request.mode().wireName() + "|" + request.query();
    Integer status = failures.get(key);
    if (status != null) {
      send(
          exchange,
          status,
          Map.of(
              "type",
              "https://rag.dev/problems/unavailable",
              "title",
              "Service Unavailable",
              "status",
              status,
              "detail",
              "index is warming up"));
      return;
    }
    List<String> ids = chunks.getOrDefault(key, List.of());
    List<RetrievedChunk> hits = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      hits.add(
          new RetrievedChunk(
              i + 1,
              id + "#" + i,
              request.collection(),
              id,
              1,
              i,
              "title " + id,
              "beir:" + id,
              List.of(),
              null,
              0,
              10,
              "text of " + id + " chunk " + i,
              Map.of(),
              1.0 / (i + 1),
              null,
              null,
              null,
              null));
    }
    send(
        exchange,
        200,
        new RetrieveResponse(
            request.query(),
            request.mode(),
            hits,
            degraded.getOrDefault(key, false),
            List.of(),
            null,
            new RetrieveResponse.Timings(0, 0, 0, 1)));
  }

  private void rerank(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    int n = body.path("documents").size();
    List<Map<String, Object>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = rerankModel ? n - 1 - i : i;
      results.add(Map.of("index", index, "relevance_score", (double) (n - i)));
    }
    send(
        exchange,
        200,
        Map.of(
            "id",
            "r1",
            "model",
            rerankModel ? "stub-cross-encoder" : "none",
            "reranked",
            rerankModel,
            "results",
            results));
  }

  private void documents(HttpExchange exchange) throws IOException {
    List<Map<String, String>> listed = registry;
    if (listed == null) {
      send(
          exchange,
          404,
          Map.of("title", "Not Found", "status", 404, "detail", "no such collection"));
    } else {
      // Pages of two, like ingest-service's paged list, so that clients must follow "next".
      String query = exchange.getRequestURI().getQuery();
      int from = 0;
      if (query != null && query.contains("cursor=")) {
        from = Integer.parseInt(query.substring(query.indexOf("cursor=") + 7).split("&")[0]);
      }
      int to = Math.min(listed.size(), from + 2);
      Map<String, Object> page = new java.util.HashMap<>();
      page.put("items", listed.subList(from, to));
      page.put("total", listed.size());
      page.put("size", 2);
      page.put("next", to < listed.size() ? String.valueOf(to) : null);
      send(exchange, 200, page);
    }
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
