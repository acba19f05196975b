package dev.rag.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Buckets in Redis, shared by every gateway instance. One Lua script reads, refills, takes and
 * writes the bucket atomically (Redis runs scripts one at a time), using Redis's own clock so
 * instances with skewed clocks still agree. A bucket expires once it would be full again, so idle
 * keys cost no memory.
 */
public final class RedisTokenBucket implements TokenBucket {

  /** Returns {allowed (0/1), remaining tokens, microseconds until the next token}. */
  private static final RedisScript<List> TAKE =
      RedisScript.of(
          """
      local capacity = tonumber(ARGV[1])
      local rate = tonumber(ARGV[2])
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
      local tokens = tonumber(state[1]) or capacity
      local at = tonumber(state[2]) or now
      tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000000)
      local allowed = 0
      local wait = 0
      if tokens >= 1 then
        tokens = tokens - 1
        allowed = 1
      else
        wait = math.ceil((1 - tokens) * 1000000 / rate)
      end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
      redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
      return {allowed, math.floor(tokens), wait}
      """,
          List.class);

  private final StringRedisTemplate redis;
  private final String prefix;
  private final String capacity;
  private final String refillPerSecond;

  /**
   * @param prefix Redis key prefix, so tests and deployments sharing a Redis stay apart
   */
  public RedisTokenBucket(
      StringRedisTemplate redis, String prefix, int capacity, double refillPerSecond) {
    TokenBucket.checkParameters(capacity, refillPerSecond);
    this.redis = redis;
    this.prefix = prefix;
    this.capacity = Integer.toString(capacity);
    this.refillPerSecond = Double.toString(refillPerSecond);
  }

  @Override
  public Decision take(String key) {
    List<?> result = redis.execute(TAKE, List.of(prefix + key), capacity, refillPerSecond);
    boolean allowed = ((Number) result.get(0)).longValue() == 1;
    long remaining = ((Number) result.get(1)).longValue();
    long waitMicros = ((Number) result.get(2)).longValue();
    return new Decision(allowed, remaining, Duration.ofNanos(waitMicros * 1000));
  }
}
