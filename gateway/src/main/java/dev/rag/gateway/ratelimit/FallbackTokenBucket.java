package dev.rag.gateway.ratelimit;

import dev.rag.gateway.redis.RedisOutage;

/**
 * The shared Redis buckets, and per-instance buckets of the same size while Redis is unavailable:
 * limits loosen (each instance grants a key its full capacity) rather than refuse everyone or
 * answer 500, and tighten again once Redis answers.
 */
public final class FallbackTokenBucket implements TokenBucket {

  static final String FEATURE = "rate-limit";

  private final TokenBucket shared;
  private final TokenBucket local;
  private final RedisOutage outage;

  public FallbackTokenBucket(TokenBucket shared, TokenBucket local, RedisOutage outage) {
    this.shared = shared;
    this.local = local;
    this.outage = outage;
  }

  @Override
  public Decision take(String key) {
    if (outage.skip()) {
      outage.fellBack(FEATURE);
      return local.take(key);
    }
    try {
      Decision decision = shared.take(key);
      outage.succeeded();
      return decision;
    } catch (RuntimeException e) {
      outage.failed(FEATURE, e);
      return local.take(key);
    }
  }
}
