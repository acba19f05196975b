package dev.rag.encoders.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.rag.encoders.model.EncoderModel;
import dev.rag.encoders.model.EncoderOptions;
import dev.rag.encoders.onnx.BertShape;
import dev.rag.encoders.onnx.BertWeights;
import dev.rag.encoders.onnx.CrossEncoderModelWriter;
import dev.rag.encoders.onnx.ReferenceBert;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-encoder scores from ONNX Runtime against an independent plain-Java BERT on the same seeded
 * weights. The expected input ids are assembled here from the raw tokenizer, not by the code under
 * test.
 */
class CrossEncoderTest {

  private static final int MAX_POSITIONS = 48;
  private static final String QUERY = "what moves bond prices";

  @TempDir static Path dir;
  private static BertWeights weights;
  private static ReferenceBert reference;
  private static CrossEncoder encoder;
  private static HuggingFaceTokenizer raw;

  @BeforeAll
  static void writeModel() throws Exception {
    BertShape shape =
        new BertShape(CrossEncoderModelWriter.builtInVocabularySize(), 32, 2, 4, 64, MAX_POSITIONS);
    weights = CrossEncoderModelWriter.write(dir, shape, 42L);
    reference = new ReferenceBert(weights);
    encoder =
        new CrossEncoder(
            EncoderModel.load("tiny-ce", dir, new EncoderOptions(1, 0)),
            CrossEncoderOptions.defaults());
    raw =
        HuggingFaceTokenizer.newInstance(
            dir.resolve("tokenizer.json"), Map.of("addSpecialTokens", "false"));
  }

  @AfterAll
  static void close() {
    encoder.close();
    raw.close();
  }

  @Test
  void scoresMatchIndependentImplementation() {
    List<String> passages =
        List.of(
            "interest rates and inflation move bond prices",
            "the cat sits on the mat",
            "quarterly earnings of banks",
            "a dog sleeping in the garden");
    float[] scores = encoder.score(QUERY, passages).scores();
    for (int i = 0; i < passages.size(); i++) {
      assertThat((double) scores[i])
          .as("passage %d", i)
          .isCloseTo(expected(QUERY, passages.get(i)), within(1e-4));
    }
    // Distinct scores: parity on near-constant outputs would prove nothing.
    float[] sorted = scores.clone();
    Arrays.sort(sorted);
    assertThat(sorted[sorted.length - 1] - sorted[0]).isGreaterThan(0.1f);
  }

  @Test
  void truncatesLongPassagesToModelMaximumAndScoresKeptTokens() {
    String longPassage = "the bond market ".repeat(40);
    PairScores result = encoder.score(QUERY, List.of(longPassage));
    assertThat(result.stats().truncated()).isEqualTo(1);
    assertThat(result.stats().paddedLengths()).containsExactly(MAX_POSITIONS);
    assertThat((double) result.scores()[0]).isCloseTo(expected(QUERY, longPassage), within(1e-4));
  }

  @Test
  void scoresPairIdenticallyAloneAndInMixedLengthBatch() {
    List<String> passages =
        new ArrayList<>(
            List.of(
                "price",
                "the bank raised interest rates this quarter",
                "the bond market ".repeat(40),
                "stocks and bonds",
                "music and art in the city of the river"));
    float[] batched = encoder.score(QUERY, passages).scores();
    for (int i = 0; i < passages.size(); i++) {
      float alone = encoder.score(QUERY, List.of(passages.get(i))).scores()[0];
      assertThat(batched[i]).as("passage %d", i).isCloseTo(alone, within(1e-4f));
    }
  }

  @Test
  void returnsScoresInCallerOrderWithBatchSizes() {
    List<String> passages = List.of("the bond market ".repeat(10), "price", "stocks and bonds");
    PairScores batched =
        new CrossEncoder(
                encoder.model(),
                CrossEncoderOptions.defaults().withBatching(new BatchingPolicy(2, 10_000)))
            .score(QUERY, passages);
    assertThat(batched.stats().batchSizes()).containsExactly(2, 1);
    for (int i = 0; i < passages.size(); i++) {
      assertThat((double) batched.scores()[i])
          .isCloseTo(expected(QUERY, passages.get(i)), within(1e-4));
    }
    assertThat(batched.modelId()).isEqualTo("tiny-ce");
  }

  @Test
  void sigmoidOptionMapsLogitsIntoUnitInterval() {
    float logit = encoder.score(QUERY, List.of("stocks")).scores()[0];
    CrossEncoder sigmoid =
        new CrossEncoder(encoder.model(), new CrossEncoderOptions(true, BatchingPolicy.defaults()));
    assertThat(sigmoid.score(QUERY, List.of("stocks")).scores()[0])
        .isCloseTo((float) (1 / (1 + Math.exp(-logit))), within(1e-6f));
  }

  @Test
  void rejectsEmptyPassageListAndBlankPassages() {
    assertThatThrownBy(() -> encoder.score(QUERY, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passages");
    assertThatThrownBy(() -> encoder.score(QUERY, List.of("ok", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 1");
    assertThatThrownBy(() -> encoder.score("", List.of("ok")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query");
  }

  /** [CLS] q [SEP] p [SEP], passage cut to fit MAX_POSITIONS, through the reference network. */
  private static double expected(String query, String passage) {
    long[] q = raw.encode(query, false, false).getIds();
    long[] p = raw.encode(passage, false, false).getIds();
    int keep = Math.min(p.length, MAX_POSITIONS - 3 - q.length);
    int n = q.length + keep + 3;
    long[] ids = new long[n];
    long[] types = new long[n];
    ids[0] = 2; // [CLS] in the built-in vocabulary
    System.arraycopy(q, 0, ids, 1, q.length);
    ids[q.length + 1] = 3; // [SEP]
    System.arraycopy(p, 0, ids, q.length + 2, keep);
    ids[n - 1] = 3;
    Arrays.fill(types, q.length + 2, n, 1);
    return reference.logit(ids, types);
  }
}
