package dev.rag.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Buckets in this process (the embedded default): one gateway, no Redis. */
public final class LocalTokenBucket implements TokenBucket {

  private static final class State {
    double tokens;
    long lastNanos;
  }

  private final int capacity;
  private final double refillPerSecond;
  private final LongSupplier nanoTime;
  private final Map<String, State> buckets = new ConcurrentHashMap<>();

  public LocalTokenBucket(int capacity, double refillPerSecond, LongSupplier nanoTime) {
    TokenBucket.checkParameters(capacity, refillPerSecond);
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.nanoTime = nanoTime;
  }

  @Override
  public Decision take(String key) {
    State state =
        buckets.computeIfAbsent(
            key,
            k -> {
              State fresh = new State();
              fresh.tokens = capacity;
              fresh.lastNanos = nanoTime.getAsLong();
              return fresh;
            });
    synchronized (state) {
      long now = nanoTime.getAsLong();
      double elapsedSeconds = Math.max(0, now - state.lastNanos) / 1e9;
      state.tokens = Math.min(capacity, state.tokens + elapsedSeconds * refillPerSecond);
      state.lastNanos = now;
      if (state.tokens >= 1) {
        state.tokens -= 1;
        return new Decision(true, (long) state.tokens, Duration.ZERO);
      }
      long waitNanos = (long) Math.ceil((1 - state.tokens) / refillPerSecond * 1e9);
      return new Decision(false, 0, Duration.ofNanos(waitNanos));
    }
  }
}
