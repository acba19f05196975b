package dev.rag.rerank.scoring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Reports which cross-encoder serves requests, {@code none} included (still UP: a valid mode). */
@Component("rerankModel")
class RerankModelHealth implements HealthIndicator {

  private final Reranker reranker;

  RerankModelHealth(Reranker reranker) {
    this.reranker = reranker;
  }

  @Override
  public Health health() {
    return Health.up().withDetail("model", reranker.model()).build();
  }
}
