package dev.rag.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Gpt2TokenizerTest {

  /** A tiny byte-level vocabulary: all 256 mapped bytes, a few merges and two control tokens. */
  static Gpt2Tokenizer tokenizer(String pre) {
    Gpt2Tokenizer probe =
        new Gpt2Tokenizer(
            new Vocabulary(
                new String[] {"x"},
                new float[1],
                new TokenType[] {TokenType.NORMAL},
                -1,
                -1,
                -1,
                false),
            new String[0],
            pre);
    List<String> tokens = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      tokens.add(probe.mappedByte(b));
    }
    String space = probe.mappedByte(' ');
    String[] merges = {
      "h e",
      "l l",
      "he ll",
      "hell o",
      space + " w",
      "o r",
      space + "w or",
      space + "wor l",
      space + "worl d"
    };
    for (String m : merges) {
      tokens.add(m.replace(" ", ""));
    }
    tokens.add("<|begin_of_text|>");
    tokens.add("<|eot_id|>");
    TokenType[] types = new TokenType[tokens.size()];
    java.util.Arrays.fill(types, TokenType.NORMAL);
    types[tokens.size() - 2] = TokenType.CONTROL;
    types[tokens.size() - 1] = TokenType.CONTROL;
    Vocabulary v =
        new Vocabulary(
            tokens.toArray(String[]::new),
            new float[tokens.size()],
            types,
            tokens.size() - 2,
            tokens.size() - 1,
            -1,
            true);
    return new Gpt2Tokenizer(v, merges, pre);
  }

  @Test
  void appliesRankedMergesWithinPreTokenizedWords() {
    Gpt2Tokenizer t = tokenizer("llama-bpe");
    int[] ids = t.encode("hello world", false, false);
    assertThat(ids).hasSize(2);
    assertThat(t.piece(ids[0])).isEqualTo("hello");
    assertThat(t.decode(ids)).isEqualTo("hello world");
  }

  @Test
  void roundTripsArbitraryUtf8ThroughByteTokens() {
    Gpt2Tokenizer t = tokenizer("qwen2");
    String text = "Grüße, 世界! 123\n\ttab";
    assertThat(t.decode(t.encode(text, false, false))).isEqualTo(text);
  }

  @Test
  void specialTokensAreParsedAndBosIsPrepended() {
    Gpt2Tokenizer t = tokenizer("llama-bpe");
    int[] ids = t.encode("hello<|eot_id|>", true, true);
    assertThat(ids[0]).isEqualTo(t.bos());
    assertThat(ids[ids.length - 1]).isEqualTo(t.tokenId("<|eot_id|>"));
    assertThat(t.isEndOfGeneration(ids[ids.length - 1])).isTrue();
    assertThat(t.tokenBytes(ids[ids.length - 1])).isEmpty();
  }

  @Test
  void llama3PatternSplitsDigitsInGroupsOfThree() {
    Gpt2Tokenizer llama3 = tokenizer("llama-bpe");
    Gpt2Tokenizer qwen = tokenizer("qwen2");
    assertThat(llama3.encode("12345", false, false))
        .hasSize(5); // "123","45" -> no merges: 5 byte tokens
    assertThat(llama3.preTokenize("12345")).containsExactly("123", "45");
    assertThat(qwen.preTokenize("12345")).containsExactly("1", "2", "3", "4", "5");
    assertThat(llama3.preTokenize("Hello world's")).containsExactly("Hello", " world", "'s");
  }
}
