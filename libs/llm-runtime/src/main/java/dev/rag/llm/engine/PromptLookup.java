package dev.rag.llm.engine;

/**
 * Speculative decoding's cheapest draft: the tokens that followed the last occurrence of the
 * sequence's own final n-gram, copied from earlier in the prompt or output. RAG answers quote their
 * sources, so the continuation of a phrase the answer has started is often already in the prompt;
 * where it is not, no draft is proposed and the step is a plain decode.
 *
 * @param draftTokens most tokens proposed per step (0 = speculation off)
 * @param maxNgram longest suffix matched first (longer matches predict better)
 * @param minNgram shortest suffix tried before giving up
 */
public record PromptLookup(int draftTokens, int maxNgram, int minNgram) implements Drafter {

  /** No speculation. */
  public static final PromptLookup OFF = new PromptLookup(0, 3, 1);

  public PromptLookup {
    if (draftTokens < 0 || draftTokens > 64) {
      throw new IllegalArgumentException("draftTokens " + draftTokens + " outside [0, 64]");
    }
    if (minNgram < 1 || maxNgram < minNgram || maxNgram > 16) {
      throw new IllegalArgumentException(
          "n-gram sizes must satisfy 1 <= min (" + minNgram + ") <= max (" + maxNgram + ") <= 16");
    }
  }

  /** Up to {@code draftTokens} tokens, matching suffixes of 3 down to 1 token. */
  public static PromptLookup of(int draftTokens) {
    return new PromptLookup(draftTokens, 3, 1);
  }

  @Override
  public int[] propose(long requestId, int[] tokens, int length, int limit) {
    return propose(tokens, length, limit);
  }

  /**
   * Draft tokens to follow {@code tokens[0, length)}: at most {@code limit} (and at most {@link
   * #draftTokens}), empty when no suffix of the sequence occurs earlier in it.
   */
  public int[] propose(int[] tokens, int length, int limit) {
    int most = Math.min(limit, draftTokens);
    if (most <= 0) {
      return new int[0];
    }
    for (int n = Math.min(maxNgram, length - 1); n >= minNgram; n--) {
      int suffix = length - n;
      // The most recent earlier occurrence first: the answer's own recent phrasing wins.
      for (int start = suffix - 1; start >= 0; start--) {
        if (matches(tokens, start, suffix, n)) {
          int from = start + n;
          int count = Math.min(most, length - from);
          int[] draft = new int[count];
          System.arraycopy(tokens, from, draft, 0, count);
          return draft;
        }
      }
    }
    return new int[0];
  }

  private static boolean matches(int[] tokens, int a, int b, int n) {
    for (int i = 0; i < n; i++) {
      if (tokens[a + i] != tokens[b + i]) {
        return false;
      }
    }
    return true;
  }
}
