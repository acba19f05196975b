package dev.rag.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.testing.Infrastructure;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Two gateway instances, each with its own Redis connection, drawing from the same buckets on the
 * real Redis: a burst split across both never gets more than the capacity through.
 */
class RedisTokenBucketTest {

  private final List<LettuceConnectionFactory> connections = new ArrayList<>();
  private final String prefix = "rag:gateway-test:" + UUID.randomUUID() + ":bucket:";

  @BeforeEach
  void connect() {
    connections.add(connection());
    connections.add(connection());
  }

  @AfterEach
  void close() {
    connections.forEach(LettuceConnectionFactory::destroy);
  }

  @Test
  void aBurstFromTwoInstancesSharesOneBucket() throws Exception {
    // One token per 1,000 s: nothing refills during the burst, so exactly the capacity passes.
    TokenBucket first = new RedisTokenBucket(template(0), prefix, 50, 0.001);
    TokenBucket second = new RedisTokenBucket(template(1), prefix, 50, 0.001);
    List<Callable<TokenBucket.Decision>> burst = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      TokenBucket instance = i % 2 == 0 ? first : second;
      burst.add(() -> instance.take("key_shared"));
    }
    List<TokenBucket.Decision> decisions = new ArrayList<>();
    try (var executor = Executors.newFixedThreadPool(16)) {
      for (Future<TokenBucket.Decision> future : executor.invokeAll(burst)) {
        decisions.add(future.get());
      }
    }
    assertThat(decisions.stream().filter(TokenBucket.Decision::allowed)).hasSize(50);
    TokenBucket.Decision refused =
        decisions.stream().filter(d -> !d.allowed()).findFirst().orElseThrow();
    assertThat(refused.retryAfter().toSeconds()).isBetween(1L, 1000L);
    // Another key has its own full bucket.
    assertThat(second.take("key_other").allowed()).isTrue();
    assertThat(second.take("key_other").remaining()).isEqualTo(48);
  }

  @Test
  void refillsAtTheConfiguredRate() throws Exception {
    TokenBucket bucket = new RedisTokenBucket(template(0), prefix, 2, 2);
    TokenBucket.Decision decision = bucket.take("key_refill");
    for (int i = 0; i < 20 && decision.allowed(); i++) {
      decision = bucket.take("key_refill");
    }
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.retryAfter().toMillis()).isBetween(1L, 500L); // one token per 500 ms
    Thread.sleep(600);
    assertThat(bucket.take("key_refill").allowed()).isTrue();
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> new RedisTokenBucket(template(0), prefix, 0, 1))
        .hasMessageContaining("capacity must be in 1..1000000, was 0");
    assertThatThrownBy(() -> new RedisTokenBucket(template(0), prefix, 1, 0))
        .hasMessageContaining("refillPerSecond must be in (0, 1000000], was 0.0");
  }

  private StringRedisTemplate template(int instance) {
    return new StringRedisTemplate(connections.get(instance));
  }

  private static LettuceConnectionFactory connection() {
    URI redis = URI.create(Infrastructure.redisUrl());
    var factory =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration(
                redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort()));
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }
}
