package dev.rag.generation.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SentenceSimilarityTest {

  /** Two-dimensional "embeddings": the angle is the text's length in tenths of a right angle. */
  private static float[] byLength(String text) {
    double angle = Math.min(text.length(), 10) * Math.PI / 20;
    return new float[] {(float) Math.cos(angle), (float) Math.sin(angle)};
  }

  @Test
  void comparesEachSentenceWithTheQuestionAndCachesSentenceVectors() {
    AtomicInteger calls = new AtomicInteger();
    Function<String, float[]> counting =
        text -> {
          calls.incrementAndGet();
          return byLength(text);
        };
    SentenceSimilarity similarity = new SentenceSimilarity(counting, Duration.ofSeconds(5), 2, 10);

    var first = similarity.of("abcde", List.of("vwxyz", "z", "0123456789"));
    var again = similarity.of("abcde", List.of("vwxyz", "z"));

    assertThat(first.failure()).isNull();
    assertThat(first.cosines()[0]).isCloseTo(1.0, within(1e-6));
    assertThat(first.cosines()[1]).isCloseTo(Math.cos(4 * Math.PI / 20), within(1e-6));
    assertThat(first.cosines()[2]).isCloseTo(Math.cos(5 * Math.PI / 20), within(1e-6));
    assertThat(again.cosines()).hasSize(2);
    // 4 the first time, then only the question again
    assertThat(calls.get()).isEqualTo(5);
  }

  @Test
  void aFailureOrATimeoutSaysWhyInsteadOfScoring() {
    var failing =
        new SentenceSimilarity(
            text -> {
              throw new IllegalStateException("retrieval-service answered 503");
            },
            Duration.ofSeconds(5),
            4,
            10);
    var slow =
        new SentenceSimilarity(
            text -> {
              try {
                Thread.sleep(5_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return byLength(text);
            },
            Duration.ofMillis(100),
            4,
            10);

    assertThat(failing.of("q", List.of("s")).failure()).contains("503");
    long start = System.nanoTime();
    var timedOut = slow.of("q", List.of("s"));
    assertThat(timedOut.cosines()).isNull();
    assertThat(timedOut.failure()).contains("longer than PT0.1S");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }
}
