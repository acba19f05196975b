package dev.rag.retrieval.search;

import com.sun.net.httpserver.HttpServer;
import dev.rag.encoders.BundledModels;
import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.model.EncoderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for embedding-service's {@code POST /v1/embeddings} in retrieval-service's own tests
 * (a service never starts another service's code): the real bundled bge-small model behind a JDK
 * HTTP server, speaking the same OpenAI shape, {@code input_type: query} included. The end-to-end
 * tests run the real embedding-service.
 */
final class BgeEmbeddingStandIn implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TextEmbedder embedder = BundledModels.bgeSmallEmbedder(EncoderOptions.defaults());
  private final HttpServer server;

  BgeEmbeddingStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/v1/embeddings",
        exchange -> {
          JsonNode request = JSON.readTree(exchange.getRequestBody());
          String text = request.path("input").asString();
          float[] vector =
              "query".equals(request.path("input_type").asString(""))
                  ? embedder.embedQueries(List.of(text)).vectors().getFirst()
                  : embedder.embed(text);
          byte[] body =
              JSON.writeValueAsBytes(
                  Map.of(
                      "object",
                      "list",
                      "model",
                      embedder.modelId(),
                      "data",
                      List.of(Map.of("object", "embedding", "index", 0, "embedding", vector))));
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Passage vectors, as embedding-service puts them on {@code rag.embedded-chunks}. */
  float[] passage(String text) {
    return embedder.embed(text);
  }

  String modelId() {
    return embedder.modelId();
  }

  @Override
  public void close() {
    server.stop(0);
    embedder.close();
  }
}
