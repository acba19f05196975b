package dev.rag.retrieval.search;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports the query embedding model, or why it did not load (still UP: BM25 answers, and hybrid
 * requests say they are degraded).
 */
@Component("queryEmbedding")
class QueryModelHealth implements HealthIndicator {

  private final QueryModel model;

  QueryModelHealth(QueryModel model) {
    this.model = model;
  }

  @Override
  public Health health() {
    return model.available()
        ? Health.up().withDetail("model", model.modelId()).withDetail("available", true).build()
        : Health.up()
            .withDetail("available", false)
            .withDetail("reason", model.unavailableReason())
            .build();
  }
}
