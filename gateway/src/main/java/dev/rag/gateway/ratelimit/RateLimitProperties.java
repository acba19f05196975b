package dev.rag.gateway.ratelimit;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.gateway.rate-limit.*}.
 *
 * @param enabled false turns the limit off (default true)
 * @param store {@code redis} (shared by all gateway instances, production default) or {@code
 *     memory} (per process, the embedded default)
 * @param capacity the burst a key may send at once (default 100 requests)
 * @param refillPerSecond the sustained rate per key (default 50 requests per second)
 */
@Validated
@ConfigurationProperties("rag.gateway.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("redis") Store store,
    @DefaultValue("100") int capacity,
    @DefaultValue("50") double refillPerSecond) {

  /** Where buckets live. */
  public enum Store {
    REDIS,
    MEMORY
  }

  public RateLimitProperties {
    TokenBucket.checkParameters(capacity, refillPerSecond);
  }
}
