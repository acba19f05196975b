package dev.rag.gateway.cache;

import dev.rag.gateway.redis.RedisOutage;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Redis answer cache, bypassed while Redis is unavailable: lookups miss and answers are not
 * stored, so every question goes to generation-service. A generation that cannot be read fails (the
 * caller then neither serves nor stores a cached answer for that request), and an invalidation that
 * cannot be written is reported to the caller, which logs it (the collection's index epoch still
 * ends its answers when the deletion's index events arrive).
 */
public final class BypassingAnswerCache implements AnswerCache {

  static final String FEATURE = "answer-cache";

  private final AnswerCache redis;
  private final RedisOutage outage;

  public BypassingAnswerCache(AnswerCache redis, RedisOutage outage) {
    this.redis = redis;
    this.outage = outage;
  }

  /** What the cache's callers see while it is bypassed. */
  public static final class Bypassed extends RuntimeException {
    Bypassed() {
      super("Redis is unavailable: the answer cache is bypassed", null, false, false);
    }
  }

  @Override
  public Optional<CachedAnswer> get(String exactKey) {
    return call(() -> redis.get(exactKey), Optional.empty());
  }

  @Override
  public void put(AnswerCacheKey key, float[] embedding, CachedAnswer answer) {
    call(
        () -> {
          redis.put(key, embedding, answer);
          return null;
        },
        null);
  }

  @Override
  public Optional<String> nearest(String scopeKey, float[] embedding, double threshold) {
    return call(() -> redis.nearest(scopeKey, embedding, threshold), Optional.empty());
  }

  @Override
  public long generation(String collection) {
    Long generation = call(() -> redis.generation(collection), null);
    if (generation == null) {
      throw new Bypassed();
    }
    return generation;
  }

  @Override
  public void invalidate(String collection) {
    if (outage.skip()) {
      outage.fellBack(FEATURE);
      throw new Bypassed();
    }
    try {
      redis.invalidate(collection);
      outage.succeeded();
    } catch (RuntimeException e) {
      outage.failed(FEATURE, e);
      throw e;
    }
  }

  private <T> T call(Supplier<T> action, T bypassed) {
    if (outage.skip()) {
      outage.fellBack(FEATURE);
      return bypassed;
    }
    try {
      T result = action.get();
      outage.succeeded();
      return result;
    } catch (RuntimeException e) {
      outage.failed(FEATURE, e);
      return bypassed;
    }
  }
}
