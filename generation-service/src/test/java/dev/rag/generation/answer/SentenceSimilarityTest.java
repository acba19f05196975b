package dev.rag.generation.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SentenceSimilarityTest {

  /** Two-dimensional "embeddings": the angle is the text's length in tenths of a right angle. */
  private static float[] byLength(String text) {
    double angle = Math.min(text.length(), 10) * Math.PI / 20;
    return new float[] {(float) Math.cos(angle), (float) Math.sin(angle)};
  }

  private static Function<List<String>, List<float[]>> each(Function<String, float[]> one) {
    return texts -> texts.stream().map(one).toList();
  }

  @Test
  void comparesEachSentenceWithTheQuestionInBatchesAndCachesSentenceVectors() {
    List<List<String>> calls = new CopyOnWriteArrayList<>();
    Function<List<String>, List<float[]>> recording =
        texts -> {
          calls.add(List.copyOf(texts));
          return each(SentenceSimilarityTest::byLength).apply(texts);
        };
    SentenceSimilarity similarity = new SentenceSimilarity(recording, Duration.ofSeconds(5), 3, 10);

    var first = similarity.of("abcde", List.of("vwxyz", "z", "0123456789", "z"));
    var again = similarity.of("abcde", List.of("vwxyz", "z", "new sentence"));

    assertThat(first.failure()).isNull();
    assertThat(first.cosines()).hasSize(4);
    assertThat(first.cosines()[0]).isCloseTo(1.0, within(1e-6));
    assertThat(first.cosines()[1]).isCloseTo(Math.cos(4 * Math.PI / 20), within(1e-6));
    assertThat(first.cosines()[2]).isCloseTo(Math.cos(5 * Math.PI / 20), within(1e-6));
    assertThat(first.cosines()[3]).isEqualTo(first.cosines()[1]);
    assertThat(again.cosines()).hasSize(3);
    assertThat(again.cosines()[2]).isCloseTo(Math.cos(5 * Math.PI / 20), within(1e-6));
    // the question and each distinct sentence once, at most 3 a call; then the question and the
    // one sentence not seen before
    assertThat(calls)
        .containsExactly(
            List.of("abcde", "vwxyz", "z"),
            List.of("0123456789"),
            List.of("abcde", "new sentence"));
  }

  @Test
  void anEmbedderThatReturnsTooFewVectorsIsAFailure() {
    var short1 =
        new SentenceSimilarity(texts -> List.of(byLength("q")), Duration.ofSeconds(5), 8, 10);

    var outcome = short1.of("q", List.of("a", "b"));

    assertThat(outcome.cosines()).isNull();
    assertThat(outcome.failure()).contains("1 vectors for 3 texts");
  }

  @Test
  void aFailureOrATimeoutSaysWhyInsteadOfScoring() {
    var failing =
        new SentenceSimilarity(
            texts -> {
              throw new IllegalStateException("retrieval-service answered 503");
            },
            Duration.ofSeconds(5),
            4,
            10);
    var slow =
        new SentenceSimilarity(
            each(
                text -> {
                  try {
                    Thread.sleep(5_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return byLength(text);
                }),
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
