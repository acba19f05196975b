package dev.rag.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LocalAnswerCacheTest {

  private Instant now = Instant.parse("2026-11-27T12:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void servesUntilTheTtlEnds() {
    var cache = new LocalAnswerCache(10, 10, Duration.ofMinutes(5), clock);
    cache.put(new AnswerCacheKey("s", "e", "q"), null, answer("one"));
    now = now.plus(Duration.ofMinutes(4));
    assertThat(cache.get("e"))
        .hasValueSatisfying(
            a -> assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("one"));
    now = now.plus(Duration.ofMinutes(1));
    assertThat(cache.get("e")).isEmpty();
  }

  @Test
  void evictsTheLeastRecentlyUsedBeyondMaxEntries() {
    var cache = new LocalAnswerCache(2, 10, Duration.ofHours(1), clock);
    cache.put(new AnswerCacheKey("s", "a", "q"), null, answer("a"));
    cache.put(new AnswerCacheKey("s", "b", "q"), null, answer("b"));
    cache.get("a");
    cache.put(new AnswerCacheKey("s", "c", "q"), null, answer("c"));
    assertThat(cache.get("a")).isPresent();
    assertThat(cache.get("b")).isEmpty();
    assertThat(cache.get("c")).isPresent();
  }

  @Test
  void findsTheMostSimilarQuestionAtOrAboveTheThresholdInTheScopeOnly() {
    var cache = new LocalAnswerCache(10, 10, Duration.ofHours(1), clock);
    cache.put(new AnswerCacheKey("s", "x", "q"), unit(1, 0), answer("x"));
    cache.put(new AnswerCacheKey("s", "y", "q"), unit(0.96f, 0.28f), answer("y"));
    cache.put(new AnswerCacheKey("other", "z", "q"), unit(1, 0), answer("z"));
    assertThat(cache.nearest("s", unit(1, 0.02f), 0.95))
        .hasValue("x"); // cosine 1.000 with x, 0.966 with y
    assertThat(cache.nearest("s", unit(0.9f, 0.436f), 0.95))
        .hasValue("y"); // cosine 0.900 with x, 0.986 with y
    assertThat(cache.nearest("s", unit(0.8f, 0.6f), 0.95))
        .isEmpty(); // cosine 0.800 with x, 0.936 with y
    assertThat(cache.nearest("s", unit(0, 1), 0.95)).isEmpty();
    assertThat(cache.nearest("none", unit(1, 0), 0.95)).isEmpty();
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> new LocalAnswerCache(0, 1, Duration.ofHours(1), clock))
        .hasMessageContaining("must be >= 1");
    assertThatThrownBy(() -> new LocalAnswerCache(1, 1, Duration.ZERO, clock))
        .hasMessageContaining("ttl must be positive");
  }

  private static CachedAnswer answer(String text) {
    return new CachedAnswer("application/json", text.getBytes(StandardCharsets.UTF_8));
  }

  private static float[] unit(float a, float b) {
    float norm = (float) Math.sqrt(a * a + b * b);
    return new float[] {a / norm, b / norm};
  }
}
