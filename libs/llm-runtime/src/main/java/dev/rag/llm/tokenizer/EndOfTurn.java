package dev.rag.llm.tokenizer;

import java.util.Set;

/** Control tokens that end an assistant turn in the common chat formats. */
final class EndOfTurn {
  private static final Set<String> TOKENS =
      Set.of(
          "<|eot_id|>",
          "<|im_end|>",
          "<|end|>",
          "<|endoftext|>",
          "<end_of_turn>",
          "<|end_of_text|>");

  private EndOfTurn() {}

  static boolean isEndOfTurn(String piece) {
    return TOKENS.contains(piece);
  }
}
