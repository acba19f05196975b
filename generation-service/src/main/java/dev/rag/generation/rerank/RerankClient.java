package dev.rag.generation.rerank;

import dev.rag.contracts.rerank.RerankRequest;
import dev.rag.contracts.rerank.RerankResponse;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.support.client.ServiceClients;
import dev.rag.support.security.ServiceToken;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Calls {@code POST /v1/rerank}. Every failure — timeout, connection refused, an error status, an
 * open circuit — degrades to the fused order instead of failing the answer, and is counted in
 * {@code rag.generation.rerank.degraded}.
 */
@Component
public class RerankClient {

  private static final Logger log = LoggerFactory.getLogger(RerankClient.class);

  private final RestClient http;
  private final CircuitBreaker breaker;
  private final Counter degraded;

  public RerankClient(
      GenerationProperties properties,
      CircuitBreakerRegistry breakers,
      MeterRegistry registry,
      ServiceToken token,
      ObservationRegistry observations) {
    this.http =
        ServiceClients.create(
            RestClient.builder().observationRegistry(observations),
            properties.rerankUrl(),
            properties.rerankTimeout(),
            token);
    this.breaker = breakers.circuitBreaker("rerank");
    this.degraded =
        Counter.builder("rag.generation.rerank.degraded")
            .description("rerank calls that fell back to the fused order")
            .register(registry);
  }

  /** Reranks {@code passages} (in fused order) for {@code query}, keeping the best {@code topN}. */
  public RerankOutcome rerank(String query, List<String> passages, int topN) {
    try {
      RerankResponse response =
          breaker.executeSupplier(
              () ->
                  http.post()
                      .uri(RerankRequest.PATH)
                      .body(RerankRequest.of(query, passages, topN))
                      .retrieve()
                      .body(RerankResponse.class));
      if (response == null || response.results() == null) {
        return fallback(passages.size(), topN, "rerank-service returned no results");
      }
      List<Integer> order = new ArrayList<>();
      List<Float> scores = new ArrayList<>();
      for (RerankResponse.Result result : response.results()) {
        order.add(result.index());
        scores.add(result.relevanceScore());
      }
      return new RerankOutcome(order, scores, response.reranked(), response.model(), null);
    } catch (CallNotPermittedException e) {
      return fallback(passages.size(), topN, "rerank circuit open");
    } catch (RuntimeException e) {
      log.warn("rerank failed, keeping the fused order: {}", e.toString());
      return fallback(
          passages.size(), topN, "rerank-service unavailable: " + e.getClass().getSimpleName());
    }
  }

  private RerankOutcome fallback(int candidates, int topN, String reason) {
    degraded.increment();
    return RerankOutcome.keepOrder(Math.min(candidates, topN), null, reason);
  }
}
