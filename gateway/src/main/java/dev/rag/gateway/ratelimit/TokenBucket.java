package dev.rag.gateway.ratelimit;

import java.time.Duration;

/**
 * A token bucket per key (Turner's leaky-bucket-as-a-meter, as used for traffic policing): a bucket
 * holds at most {@code capacity} tokens, gains {@code refillPerSecond} tokens per second, and each
 * request takes one; a request finding less than one token is refused and told how long until one
 * is there.
 */
public interface TokenBucket {

  /** The outcome for one request. {@code retryAfter} is zero when allowed. */
  record Decision(boolean allowed, long remaining, Duration retryAfter) {}

  Decision take(String key);

  static void checkParameters(int capacity, double refillPerSecond) {
    if (capacity < 1 || capacity > 1_000_000) {
      throw new IllegalArgumentException("capacity must be in 1..1000000, was " + capacity);
    }
    if (!(refillPerSecond > 0) || refillPerSecond > 1_000_000) {
      throw new IllegalArgumentException(
          "refillPerSecond must be in (0, 1000000], was " + refillPerSecond);
    }
  }
}
