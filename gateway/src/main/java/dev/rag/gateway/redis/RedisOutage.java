package dev.rag.gateway.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's view of its Redis: up, or down since a failed call. While down, Redis-backed
 * features fail open in a fixed direction (answers keep flowing: the answer cache is bypassed, rate
 * limits fall back to per-instance buckets) and Redis is not asked again for {@code retryAfter}, so
 * requests do not each wait for a command timeout; then one call tries it again.
 *
 * <p>Metrics: {@code rag_gateway_redis_degraded} (1 while down) and {@code
 * rag_gateway_redis_fallbacks_total{feature}} (calls answered by the fallback: {@code rate-limit},
 * {@code answer-cache}). A log line says when Redis went away (with the error) and when it answered
 * again.
 */
public final class RedisOutage {

  private static final Logger log = LoggerFactory.getLogger(RedisOutage.class);

  private final Duration retryAfter;
  private final LongSupplier nanoTime;
  private final MeterRegistry meters;
  private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();
  private volatile boolean down;
  private volatile long retryAt;

  public RedisOutage(Duration retryAfter, LongSupplier nanoTime, MeterRegistry meters) {
    this.retryAfter = retryAfter;
    this.nanoTime = nanoTime;
    this.meters = meters;
    Gauge.builder("rag.gateway.redis.degraded", () -> down ? 1 : 0)
        .description("1 while Redis is unreachable and the gateway runs on its fallbacks")
        .register(meters);
  }

  /** Whether to skip Redis for now (down, and not yet time to try again). */
  public boolean skip() {
    return down && nanoTime.getAsLong() - retryAt < 0;
  }

  /** A call to Redis worked. */
  public void succeeded() {
    if (down) {
      down = false;
      log.info("Redis answers again: shared rate limits and the answer cache are back in use");
    }
  }

  /** A call to Redis failed; {@code feature} falls back (and counts it). */
  public void failed(String feature, RuntimeException e) {
    retryAt = nanoTime.getAsLong() + retryAfter.toNanos();
    if (!down) {
      down = true;
      log.warn(
          "Redis is unavailable ({}): answers bypass the answer cache and rate limits fall back"
              + " to per-instance buckets; trying Redis again every {} s",
          e.toString(),
          retryAfter.toSeconds());
    }
    fellBack(feature);
  }

  /** A request served by {@code feature}'s fallback without asking Redis. */
  public void fellBack(String feature) {
    fallbacks
        .computeIfAbsent(
            feature,
            f ->
                Counter.builder("rag.gateway.redis.fallbacks")
                    .description("calls answered by a fallback while Redis was unavailable")
                    .tag("feature", f)
                    .register(meters))
        .increment();
  }
}
