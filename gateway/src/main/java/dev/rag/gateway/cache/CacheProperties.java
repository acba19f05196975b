package dev.rag.gateway.cache;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.gateway.cache.*}.
 *
 * @param enabled false serves every answer from generation-service (default true)
 * @param store {@code redis} (shared by gateway instances, production default) or {@code memory}
 *     (the embedded default)
 * @param ttl how long an answer is kept (default 1h); an index change ends it earlier
 * @param semanticThreshold cosine similarity from which another phrasing counts as the same
 *     question (default 0.95)
 * @param semantic false keeps only exact hits and skips the question embedding (default true)
 * @param maxEntries answers kept in memory by the {@code memory} store (default 10,000)
 * @param maxQuestionsPerScope questions compared for a semantic hit per collection, epoch and
 *     options (default 2,000; beyond it new questions get exact hits only)
 * @param maxAnswerBytes larger answers are not cached (default 1 MiB)
 * @param embeddingTimeout how long to wait for a question's embedding (retrieval-service's {@code
 *     /v1/query-embeddings}) before skipping the semantic lookup (default 2s)
 */
@Validated
@ConfigurationProperties("rag.gateway.cache")
public record CacheProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("redis") Store store,
    @NotNull @DefaultValue("1h") Duration ttl,
    @DecimalMin("0.5") @DecimalMax("1.0") @DefaultValue("0.95") double semanticThreshold,
    @DefaultValue("true") boolean semantic,
    @Min(1) @Max(10_000_000) @DefaultValue("10000") int maxEntries,
    @Min(1) @Max(100_000) @DefaultValue("2000") int maxQuestionsPerScope,
    @Min(1024) @Max(64 * 1024 * 1024) @DefaultValue("1048576") int maxAnswerBytes,
    @NotNull @DefaultValue("2s") Duration embeddingTimeout) {

  /** Where answers live. */
  public enum Store {
    REDIS,
    MEMORY
  }
}
