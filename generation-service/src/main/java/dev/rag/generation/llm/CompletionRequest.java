package dev.rag.generation.llm;

/**
 * What the service asks the model for: text after {@code prompt}, at most {@code maxTokens} tokens,
 * sampled at {@code temperature} (0 = greedy, the most likely token every time) from a random
 * source seeded with {@code seed}, so that the same request gives the same answer.
 *
 * @param prompt the rendered prompt ({@link PromptFormat#render})
 * @param maxTokens most tokens to generate (>= 1)
 * @param temperature 0 for greedy decoding, else in (0, 100]
 * @param seed seed of the sampling random source; ignored when greedy
 */
public record CompletionRequest(String prompt, int maxTokens, double temperature, long seed) {

  public CompletionRequest {
    if (prompt == null) {
      throw new IllegalArgumentException("prompt must not be null");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens " + maxTokens + " must be >= 1");
    }
    if (!(temperature >= 0) || temperature > 100) {
      throw new IllegalArgumentException("temperature " + temperature + " outside [0, 100]");
    }
  }

  /** The most likely token every time (reproducible without a seed). */
  public static CompletionRequest greedy(String prompt, int maxTokens) {
    return new CompletionRequest(prompt, maxTokens, 0, 0);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }
}
