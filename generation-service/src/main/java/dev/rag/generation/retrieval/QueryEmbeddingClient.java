package dev.rag.generation.retrieval;

import dev.rag.contracts.embedding.QueryEmbeddingRequest;
import dev.rag.contracts.embedding.QueryEmbeddingResponse;
import dev.rag.generation.config.ExtractiveProperties;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.support.client.ServiceClients;
import dev.rag.support.security.ServiceToken;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Embeds short texts with retrieval-service's internal {@code POST /v1/query-embeddings} (service
 * token): the model retrieval embeds questions with, already loaded there, so generation-service
 * loads none of its own. Extractive answers use it to compare each candidate sentence with the
 * question. Each call is bounded by {@code rag.generation.extractive.similarity-timeout}; any
 * failure is an exception for the caller to fall back on.
 */
@Component
public class QueryEmbeddingClient {

  private final RestClient http;

  public QueryEmbeddingClient(
      GenerationProperties generation,
      ExtractiveProperties extractive,
      ServiceToken token,
      ObservationRegistry observations) {
    this.http =
        ServiceClients.create(
            RestClient.builder().observationRegistry(observations),
            generation.retrievalUrl(),
            extractive.similarityTimeout(),
            token);
  }

  /** The text's vector as the service returns it (unit length); throws on any failure. */
  public float[] embed(String text) {
    QueryEmbeddingResponse response =
        http.post()
            .uri(QueryEmbeddingRequest.PATH)
            .body(new QueryEmbeddingRequest(text))
            .retrieve()
            .body(QueryEmbeddingResponse.class);
    if (response == null || response.embedding() == null || response.embedding().length == 0) {
      throw new IllegalStateException("retrieval-service returned no embedding");
    }
    return response.embedding();
  }
}
