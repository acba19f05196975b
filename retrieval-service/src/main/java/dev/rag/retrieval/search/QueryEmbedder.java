package dev.rag.retrieval.search;

import dev.rag.retrieval.config.RetrievalProperties;
import dev.rag.support.security.ServiceToken;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Embeds queries through embedding-service's {@code POST /v1/embeddings} with {@code input_type:
 * query} (bge models prepend their retrieval instruction to queries only).
 *
 * <p>Guarded by a timeout and the {@code embedding} circuit breaker, so a slow or dead
 * embedding-service costs a caller at most one timeout and then nothing while the circuit is open.
 * Recent queries are remembered (an evaluation asks the same query in several modes; users repeat
 * queries), up to {@code rag.retrieval.query-cache-size} entries.
 */
@Component
public class QueryEmbedder {

  private final RestClient http;
  private final CircuitBreaker breaker;
  private final Map<String, QueryVector> recent;

  public QueryEmbedder(
      RetrievalProperties properties,
      CircuitBreakerRegistry breakers,
      ServiceToken token,
      ObservationRegistry observations) {
    var client = HttpClient.newBuilder().connectTimeout(properties.embeddingTimeout()).build();
    var factory = new JdkClientHttpRequestFactory(client);
    factory.setReadTimeout(properties.embeddingTimeout());
    this.http =
        token
            .applyTo(RestClient.builder())
            .baseUrl(properties.embeddingUrl().toString())
            .requestFactory(factory)
            .observationRegistry(observations)
            .build();
    this.breaker = breakers.circuitBreaker("embedding");
    int capacity = properties.queryCacheSize();
    this.recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, QueryVector> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * The query's unit vector. Throws (timeout, connection refused, error status, open circuit) when
   * embedding-service cannot answer; callers degrade to BM25.
   */
  public QueryVector embed(String query) {
    synchronized (recent) {
      QueryVector cached = recent.get(query);
      if (cached != null) {
        return cached;
      }
    }
    QueryVector vector = breaker.executeSupplier(() -> call(query));
    synchronized (recent) {
      recent.put(query, vector);
    }
    return vector;
  }

  private QueryVector call(String query) {
    Response response =
        http.post()
            .uri("/v1/embeddings")
            .body(Map.of("input", query, "input_type", "query"))
            .retrieve()
            .body(Response.class);
    if (response == null || response.data() == null || response.data().isEmpty()) {
      throw new IllegalStateException("embedding-service returned no vector");
    }
    List<Float> values = response.data().getFirst().embedding();
    float[] vector = new float[values.size()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = values.get(i);
    }
    return new QueryVector(vector, response.model());
  }

  /** The part of the OpenAI-shaped response read here. */
  record Response(List<Item> data, String model) {
    record Item(List<Float> embedding) {}
  }
}
