package dev.rag.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.gguf.GgufFile;
import dev.rag.llm.testing.SharedModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SentencePieceTokenizerTest {
  static Tokenizer tok;

  @BeforeAll
  static void load() throws Exception {
    try (GgufFile f = GgufFile.open(SharedModels.storiesF32())) {
      tok = Tokenizers.fromGguf(f.metadata());
    }
  }

  @Test
  void givesTheTokenCountsOfLlamaCppServerTests() {
    assertThat(tok.encode("I believe the meaning of life is", true, true)).hasSize(18);
    assertThat(
            tok.encode(
                "Write a joke about AI from a very long prompt which will not be truncated",
                true,
                true))
        .hasSize(46);
  }

  @Test
  void emptyPromptIsJustBos() {
    assertThat(tok.encode("", true, false)).containsExactly(1);
    assertThat(tok.bos()).isEqualTo(1);
    assertThat(tok.eos()).isEqualTo(2);
  }

  @Test
  void mergesByScoreAndDecodesBackWithTheDummyPrefixSpace() {
    int[] ids = tok.encode("Once upon a time", true, false);
    assertThat(ids[0]).isEqualTo(1);
    assertThat(tok.decode(java.util.Arrays.copyOfRange(ids, 1, ids.length)))
        .isEqualTo(" Once upon a time");
    assertThat(ids.length).isLessThan(1 + "Once upon a time".length());
  }

  @Test
  void fallsBackToUtf8BytesForCharactersOutsideTheVocabulary() {
    int[] ids = tok.encode("é😀", false, false);
    // é is in this vocabulary; the emoji is not and becomes its four UTF-8 bytes.
    assertThat(tok.decode(ids)).isEqualTo(" é😀");
    assertThat(ids).hasSize(6);
    for (int i = 2; i < 6; i++) {
      assertThat(tok.piece(ids[i])).matches("<0x[0-9A-F]{2}>");
    }
  }

  @Test
  void parsesSpecialTokenTextOnlyWhenAsked() {
    assertThat(tok.encode("<s>", false, true)).containsExactly(1);
    assertThat(tok.encode("<s>", false, false)).doesNotContain(1);
  }

  @Test
  void controlTokensDecodeToNothingAndEosEndsGeneration() {
    assertThat(tok.tokenBytes(1)).isEmpty();
    assertThat(tok.isEndOfGeneration(2)).isTrue();
    assertThat(tok.isEndOfGeneration(100)).isFalse();
  }
}
