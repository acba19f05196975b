package dev.rag.generation.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rag.contracts.retrieval.RetrievalMode;
import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.contracts.retrieval.RetrievedChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for retrieval-service and rerank-service speaking their contracts, for tests of
 * generation-service on its own (the real services are exercised end to end in e2e-tests).
 * Collections: {@code samples} (the sample chunks), {@code notices} (a planted injection first,
 * then the Markdown sample), {@code empty} (no hits), {@code broken} (a 500), {@code slow} (the
 * samples after 1.5 s), {@code busy} (a 503 with {@code Retry-After}); anything else is a 404
 * problem as retrieval-service answers it. Rerank keeps the order and says it has no model.
 */
public final class StubRetrieval implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final List<JsonNode> received = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Integer> embeddingBatches = new java.util.concurrent.CopyOnWriteArrayList<>();

  public StubRetrieval() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/retrieve", this::retrieve);
    server.createContext("/v1/rerank", this::rerank);
    server.createContext("/v1/query-embeddings", this::embed);
    server.createContext("/v1/query-embeddings/batch", this::embedAll);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every retrieve request received, in order (tests of what the service asks). */
  public List<JsonNode> retrieveRequests() {
    return List.copyOf(received);
  }

  private void retrieve(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    received.add(body);
    String collection = body.path("collection").asString();
    String query = body.path("query").asString();
    List<RetrievedChunk> hits =
        switch (collection) {
          case "samples" -> SampleChunks.ranked(byWordOverlap(query, SampleChunks.all()));
          case "notices" -> {
            List<RetrievedChunk> chunks = new ArrayList<>();
            chunks.add(SampleChunks.injected());
            chunks.addAll(SampleChunks.emergencyProcedures());
            yield SampleChunks.ranked(chunks);
          }
          case "empty" -> List.of();
          case "slow" -> {
            try {
              Thread.sleep(1500); // a saturated retrieval: answers stay in progress
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            yield SampleChunks.ranked(byWordOverlap(query, SampleChunks.all()));
          }
          case "busy" -> {
            // retrieval-service shedding load: 503 with Retry-After.
            exchange.getResponseHeaders().add("Retry-After", "1");
            send(
                exchange,
                503,
                "application/problem+json",
                Map.of(
                    "type",
                    "urn:rag:problem:upstream-unavailable",
                    "status",
                    503,
                    "detail",
                    "no retriever could answer: search queue full"));
            yield null;
          }
          case "broken" -> {
            send(
                exchange,
                500,
                "application/problem+json",
                Map.of("type", "urn:rag:problem:internal", "status", 500));
            yield null;
          }
          default -> {
            send(
                exchange,
                404,
                "application/problem+json",
                Map.of(
                    "type",
                    "urn:rag:problem:not-found",
                    "title",
                    "Not found",
                    "status",
                    404,
                    "detail",
                    "collection '" + collection + "' does not exist"));
            yield null;
          }
        };
    if (hits != null) {
      send(
          exchange,
          200,
          "application/json",
          new RetrieveResponse(
              query,
              RetrievalMode.HYBRID,
              hits,
              false,
              List.of(),
              "bge-small-en-v1.5",
              new RetrieveResponse.Timings(1, 1, 1, 2)));
    }
  }

  /** A crude lexical ranking, enough to put the chunk that holds the answer among the first few. */
  private static List<RetrievedChunk> byWordOverlap(String query, List<RetrievedChunk> chunks) {
    List<String> words =
        java.util.Arrays.stream(query.toLowerCase(java.util.Locale.ROOT).split("\\W+"))
            .filter(w -> w.length() > 3)
            .toList();
    return chunks.stream()
        .sorted(
            java.util.Comparator.comparingLong(
                (RetrievedChunk c) ->
                    -words.stream()
                        .filter(w -> c.text().toLowerCase(java.util.Locale.ROOT).contains(w))
                        .count()))
        .toList();
  }

  /**
   * A stand-in for the query embedder: the text's words hashed into 64 buckets, unit length, so
   * texts that share words are similar (enough to exercise the extractive answer's meaning path
   * over HTTP without a model).
   */
  private void embed(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    send(
        exchange,
        200,
        "application/json",
        new dev.rag.contracts.embedding.QueryEmbeddingResponse(
            "stub-words", byWords(body.path("query").asString()), false));
  }

  private void embedAll(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    List<float[]> vectors = new ArrayList<>();
    body.path("queries").forEach(q -> vectors.add(byWords(q.asString())));
    embeddingBatches.add(vectors.size());
    send(
        exchange,
        200,
        "application/json",
        new dev.rag.contracts.embedding.QueryEmbeddingsResponse("stub-words", vectors, 0));
  }

  /** The sizes of the batch embedding calls received, in order. */
  public List<Integer> embeddingBatches() {
    return List.copyOf(embeddingBatches);
  }

  private static float[] byWords(String text) {
    float[] vector = new float[64];
    for (String word : text.toLowerCase(java.util.Locale.ROOT).split("\\W+")) {
      if (word.length() > 3) {
        vector[Math.floorMod(word.hashCode(), vector.length)] += 1;
      }
    }
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }
    for (int i = 0; i < vector.length; i++) {
      vector[i] = norm == 0 ? 0 : (float) (vector[i] / Math.sqrt(norm));
    }
    return vector;
  }

  private void rerank(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    int topN = body.path("top_n").asInt();
    List<Map<String, Object>> results = new ArrayList<>();
    for (int i = 0; i < Math.min(topN, body.path("documents").size()); i++) {
      results.add(Map.of("index", i));
    }
    send(
        exchange,
        200,
        "application/json",
        Map.of("model", "none", "reranked", false, "results", results));
  }

  private static void send(HttpExchange exchange, int status, String type, Object body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
