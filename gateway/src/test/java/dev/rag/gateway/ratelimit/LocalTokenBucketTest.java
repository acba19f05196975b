package dev.rag.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalTokenBucketTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Test
  void allowsTheCapacityThenRefusesUntilATokenRefilled() {
    TokenBucket bucket = new LocalTokenBucket(3, 2, nanos::get);
    assertThat(bucket.take("k").allowed()).isTrue();
    assertThat(bucket.take("k").allowed()).isTrue();
    assertThat(bucket.take("k").remaining()).isZero();
    TokenBucket.Decision refused = bucket.take("k");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter().toMillis()).isEqualTo(500); // one token at 2 per second

    nanos.addAndGet(250_000_000L);
    assertThat(bucket.take("k").allowed()).isFalse();
    nanos.addAndGet(250_000_000L);
    assertThat(bucket.take("k").allowed()).isTrue();
  }

  @Test
  void neverHoldsMoreThanTheCapacityAndKeepsKeysApart() {
    TokenBucket bucket = new LocalTokenBucket(2, 100, nanos::get);
    nanos.addAndGet(60_000_000_000L);
    assertThat(bucket.take("a").remaining()).isEqualTo(1);
    assertThat(bucket.take("a").allowed()).isTrue();
    assertThat(bucket.take("a").allowed()).isFalse();
    assertThat(bucket.take("b").allowed()).isTrue();
  }
}
