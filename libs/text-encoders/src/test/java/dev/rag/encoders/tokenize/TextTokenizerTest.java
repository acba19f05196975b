package dev.rag.encoders.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.encoders.onnx.WordPieceVocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the generated WordPiece vocabulary, where [CLS]=2 and [SEP]=3. */
class TextTokenizerTest {

  @TempDir static Path dir;
  private static TextTokenizer tokenizer;

  @BeforeAll
  static void load() throws Exception {
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, WordPieceVocabulary.standard().tokenizerJson());
    tokenizer = TextTokenizer.load(file);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void findsSpecialTokenIdsFromTheTemplate() {
    assertThat(tokenizer.clsId()).isEqualTo(2);
    assertThat(tokenizer.sepId()).isEqualTo(3);
  }

  @Test
  void encodesPairWithSegmentTypesZeroForQueryAndOneForPassage() {
    TokenizedInput input = tokenizer.encodePair("bond prices", "the market", 512);
    long bond = id("bond");
    long prices = id("prices");
    assertThat(input.inputIds()).containsExactly(2, bond, prices, 3, id("the"), id("market"), 3);
    assertThat(input.tokenTypeIds()).containsExactly(0, 0, 0, 0, 1, 1, 1);
    assertThat(input.truncated()).isFalse();
  }

  @Test
  void truncatesOnlyThePassageOfAPair() {
    String query = "what moves bond prices";
    TokenizedInput input = tokenizer.encodePair(query, "the market ".repeat(50), 20);
    assertThat(input.length()).isEqualTo(20);
    assertThat(input.truncated()).isTrue();
    int q = tokenizer.countTokens(query);
    long[] queryPart = java.util.Arrays.copyOfRange(input.inputIds(), 1, 1 + q);
    assertThat(queryPart)
        .containsExactly(tokenizer.tokenSpans(query).stream().mapToLong(TokenSpan::id).toArray());
    assertThat(input.inputIds()[19]).isEqualTo(3);
  }

  @Test
  void rejectsQueryThatLeavesNoRoomForThePassage() {
    assertThatThrownBy(() -> tokenizer.encodePair("the market ".repeat(10), "bond", 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query has 20 tokens")
        .hasMessageContaining("at most 16");
  }

  @Test
  void truncatesSingleTextToMaxLengthKeepingSpecialTokens() {
    TokenizedInput input = tokenizer.encode("the market ".repeat(50), 10);
    assertThat(input.length()).isEqualTo(10);
    assertThat(input.inputIds()[0]).isEqualTo(2);
    assertThat(input.inputIds()[9]).isEqualTo(3);
    assertThat(input.truncated()).isTrue();
  }

  @Test
  void reportsTokenOffsetsIntoTheOriginalText() {
    String text = "Cats  sleeping!";
    List<TokenSpan> spans = tokenizer.tokenSpans(text);
    assertThat(spans).extracting(TokenSpan::token).containsExactly("cats", "sleeping", "!");
    assertThat(text.substring(spans.get(1).start(), spans.get(1).end())).isEqualTo("sleeping");
    assertThat(tokenizer.countTokens(text)).isEqualTo(spans.size());
  }

  @Test
  void rejectsBlankTextAndTooSmallMaxLength() {
    assertThatThrownBy(() -> tokenizer.encode("  ", 512))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text must not be null, empty or blank");
    assertThatThrownBy(() -> tokenizer.encode("cat", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLength 4 must be >= 5");
  }

  private static long id(String token) {
    return tokenizer.tokenSpans(token).getFirst().id();
  }
}
