package dev.rag.generation.retrieval;

import dev.rag.contracts.embedding.QueryEmbeddingsRequest;
import dev.rag.contracts.embedding.QueryEmbeddingsResponse;
import dev.rag.generation.config.ExtractiveProperties;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.support.client.ServiceClients;
import dev.rag.support.security.ServiceToken;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Embeds short texts with retrieval-service's internal {@code POST /v1/query-embeddings/batch}
 * (service token): the model retrieval embeds questions with, already loaded there, so
 * generation-service loads none of its own. Extractive answers use it to compare each candidate
 * sentence with the question. Each call is bounded by {@code
 * rag.generation.extractive.similarity-timeout}; any failure is an exception for the caller to fall
 * back on.
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

  /**
   * The texts' vectors, in order, from one call (at most {@link QueryEmbeddingsRequest#MAX_QUERIES}
   * texts); throws on any failure.
   */
  public List<float[]> embedAll(List<String> texts) {
    QueryEmbeddingsResponse response =
        http.post()
            .uri(QueryEmbeddingsRequest.PATH)
            .body(new QueryEmbeddingsRequest(texts))
            .retrieve()
            .body(QueryEmbeddingsResponse.class);
    if (response == null
        || response.embeddings() == null
        || response.embeddings().size() != texts.size()) {
      throw new IllegalStateException(
          "retrieval-service returned no embedding for some of " + texts.size() + " texts");
    }
    return response.embeddings();
  }
}
