package dev.rag.llm.engine;

import dev.rag.llm.sampling.SamplingParams;
import java.util.List;
import java.util.Set;

/**
 * What a caller asks for.
 *
 * @param promptTokens prompt token ids (BOS included if wanted)
 * @param sampling sampling parameters
 * @param maxTokens most tokens to generate (>= 1)
 * @param stopTokens token ids that end generation (besides the tokenizer's end-of-generation
 *     tokens)
 * @param stopStrings texts that end generation; removed from the output
 * @param listener receives the token stream
 */
public record GenerationRequest(
    int[] promptTokens,
    SamplingParams sampling,
    int maxTokens,
    Set<Integer> stopTokens,
    List<String> stopStrings,
    TokenListener listener) {

  public GenerationRequest {
    if (promptTokens.length == 0) {
      throw new IllegalArgumentException("prompt has no tokens; at least BOS is needed");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens " + maxTokens + " must be >= 1");
    }
    promptTokens = promptTokens.clone();
    stopTokens = Set.copyOf(stopTokens);
    stopStrings = List.copyOf(stopStrings);
    for (String s : stopStrings) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("stop strings must not be empty");
      }
    }
  }

  public static GenerationRequest of(int[] promptTokens, SamplingParams sampling, int maxTokens) {
    return new GenerationRequest(
        promptTokens, sampling, maxTokens, Set.of(), List.of(), TokenListener.NONE);
  }

  public GenerationRequest withListener(TokenListener l) {
    return new GenerationRequest(promptTokens, sampling, maxTokens, stopTokens, stopStrings, l);
  }
}
