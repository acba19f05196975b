package dev.rag.gateway.cache;

import dev.rag.support.security.ServiceToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Embeds a question with embedding-service ({@code POST /v1/embeddings}, {@code input_type} {@code
 * query}) for the semantic lookup, normalised to unit length so cosine similarity is a dot product.
 * Any failure or a timeout yields nothing: the request then just has no semantic hit, exact hits
 * are unaffected.
 */
public final class QuestionEmbedder {

  private static final Logger log = LoggerFactory.getLogger(QuestionEmbedder.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI endpoint;
  private final Duration timeout;
  private final HttpClient http;
  private final ServiceToken token;

  public QuestionEmbedder(URI embeddingService, Duration timeout, ServiceToken token) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    this.endpoint = embeddingService.resolve("/v1/embeddings");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.token = token;
  }

  public Optional<float[]> embed(String question) {
    try {
      byte[] body = JSON.writeValueAsBytes(Map.of("input", question, "input_type", "query"));
      HttpResponse<byte[]> response =
          http.send(
              token
                  .applyTo(HttpRequest.newBuilder(endpoint))
                  .timeout(timeout)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        log.warn("embedding-service answered {}; no semantic cache lookup", response.statusCode());
        return Optional.empty();
      }
      JsonNode vector = JSON.readTree(response.body()).path("data").path(0).path("embedding");
      if (!vector.isArray() || vector.isEmpty()) {
        return Optional.empty();
      }
      float[] values = new float[vector.size()];
      double norm = 0;
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) vector.get(i).asDouble();
        norm += values[i] * values[i];
      }
      if (norm == 0) {
        return Optional.empty();
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < values.length; i++) {
        values[i] *= scale;
      }
      return Optional.of(values);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      log.warn("question embedding failed ({}); no semantic cache lookup", e.toString());
      return Optional.empty();
    }
  }
}
