package dev.rag.gateway.cache;

import dev.rag.contracts.embedding.QueryEmbeddingRequest;
import dev.rag.contracts.embedding.QueryEmbeddingResponse;
import dev.rag.support.client.ServiceClients;
import dev.rag.support.security.ServiceToken;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClient;

/**
 * Embeds a question for the semantic lookup with retrieval-service's internal {@code POST
 * /v1/query-embeddings}: the model that embeds queries for retrieval, and its cache, so that on a
 * miss the answer's retrieval of the same question finds the vector there instead of running the
 * model a second time. Vectors are normalised to unit length so cosine similarity is a dot product.
 * Any failure or a timeout yields nothing: the request then just has no semantic hit, exact hits
 * are unaffected.
 */
public final class QuestionEmbedder {

  private static final Logger log = LoggerFactory.getLogger(QuestionEmbedder.class);

  private final RestClient http;

  /**
   * @param builder where to start: an observed builder makes the lookup a span of the question's
   *     trace
   */
  public QuestionEmbedder(
      RestClient.Builder builder, URI retrievalService, Duration timeout, ServiceToken token) {
    this.http = ServiceClients.create(builder, retrievalService, timeout, token);
  }

  public Optional<float[]> embed(String question) {
    QueryEmbeddingResponse response;
    try {
      response =
          http.post()
              .uri(QueryEmbeddingRequest.PATH)
              .body(new QueryEmbeddingRequest(question))
              .retrieve()
              .body(QueryEmbeddingResponse.class);
    } catch (RuntimeException e) {
      log.warn("question embedding failed ({}); no semantic cache lookup", e.toString());
      return Optional.empty();
    }
    if (response == null || response.embedding() == null || response.embedding().length == 0) {
      return Optional.empty();
    }
    return unit(response.embedding());
  }

  private static Optional<float[]> unit(float[] vector) {
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }
    if (norm == 0) {
      return Optional.empty();
    }
    float scale = (float) (1 / Math.sqrt(norm));
    float[] values = new float[vector.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = vector[i] * scale;
    }
    return Optional.of(values);
  }
}
