package dev.rag.embedding.encoder;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports which model serves: id, dimension and input limit (the model loads before start-up ends).
 */
@Component("embeddingModel")
class EmbeddingModelHealth implements HealthIndicator {

  private final Embedder embedder;

  EmbeddingModelHealth(Embedder embedder) {
    this.embedder = embedder;
  }

  @Override
  public Health health() {
    return Health.up()
        .withDetail("model", embedder.modelId())
        .withDetail("dimension", embedder.dimension())
        .withDetail("maxTokens", embedder.maxLength())
        .build();
  }
}
