package dev.rag.generation.llm;

import java.util.List;

/**
 * A finished generation.
 *
 * @param tokens the generated token ids, in order
 * @param text the generated text (a stop string removed)
 * @param reason why it ended
 */
public record Completion(List<Integer> tokens, String text, StopReason reason) {

  public Completion {
    tokens = List.copyOf(tokens);
  }
}
