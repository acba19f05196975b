package dev.rag.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VocabularyTest {
  private static final Vocabulary VOCAB =
      new Vocabulary(
          new String[] {"<unk>", "<s>", "</s>", "<tag>", "<tag>x", "a"},
          new float[6],
          new TokenType[] {
            TokenType.UNKNOWN,
            TokenType.CONTROL,
            TokenType.CONTROL,
            TokenType.USER_DEFINED,
            TokenType.USER_DEFINED,
            TokenType.NORMAL
          },
          1,
          2,
          0,
          true);

  @Test
  void controlAndUnknownTokenTextIsMatchedOnlyWhenParsingSpecialTokens() {
    assertThat(VOCAB.splitSpecial("a<s>b<unk>", false)).containsExactly("a<s>b<unk>");
    assertThat(VOCAB.splitSpecial("a<s>b<unk>", true)).containsExactly("a", 1, "b", 0);
  }

  @Test
  void userDefinedTokensAreAlwaysMatchedLongestFirst() {
    assertThat(VOCAB.splitSpecial("a<tag>b<tag>x", false)).containsExactly("a", 3, "b", 4);
    assertThat(VOCAB.splitSpecial("<s><tag>", true)).containsExactly(1, 3);
    assertThat(VOCAB.specialTexts())
        .startsWith("<tag>x")
        .contains("<unk>", "<s>", "</s>", "<tag>")
        .doesNotContain("a");
  }
}
